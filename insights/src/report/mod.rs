//! The dashboard's questions, answered from the daily rollups (and, for a drill-down, the raw
//! events of one question). Every list applies `min_count`: a question asked fewer times than
//! that within the filter is counted in totals and never named.
//!
//! Click-through (`ctr`) is everywhere the share of searches with at least one result in which
//! a result was clicked; it is `None` when no search had a result.

mod detail;
mod export;
mod lists;
mod summary;

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use rusqlite::{Connection, params};
use serde::Serialize;

pub use detail::{PositionClicks, QuestionDetail, ShownResult};
pub use export::{CSV_HEADER, spreadsheet_safe};
pub use lists::{AnswerGroup, QuestionLists, QuestionRef, QuestionRow, Sort, Trend};
pub use summary::{DayPoint, Slice, Summary};

use crate::error::UserError;
use crate::filter::Filter;
use crate::schema::day_number;

/// Searches and what became of them, summed over some rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Searches.
    pub searches: u64,
    /// Searches with no result.
    pub zero: u64,
    /// Searches answered with an answer card.
    pub card: u64,
    /// Searches in which at least one result was clicked.
    pub clicked: u64,
    /// Clicks in all.
    pub clicks: u64,
    /// Searches unmet: no result, or neither an answer card nor a click.
    pub unmet: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.searches += other.searches;
        self.zero += other.zero;
        self.card += other.card;
        self.clicked += other.clicked;
        self.clicks += other.clicks;
        self.unmet += other.unmet;
    }

    /// Share of searches with at least one result where a result was clicked.
    pub fn ctr(&self) -> Option<f64> {
        let with_results = self.searches.saturating_sub(self.zero);
        (with_results > 0).then(|| self.clicked as f64 / with_results as f64)
    }

    fn share(&self, part: u64) -> f64 {
        if self.searches == 0 {
            0.0
        } else {
            part as f64 / self.searches as f64
        }
    }

    /// Reads `searches, zero, card, clicked, clicks, unmet` from columns `first..first + 6`.
    fn from_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Counts> {
        let get = |i: usize| {
            row.get::<_, i64>(first + i)
                .map(|n| u64::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            searches: get(0)?,
            zero: get(1)?,
            card: get(2)?,
            clicked: get(3)?,
            clicks: get(4)?,
            unmet: get(5)?,
        })
    }
}

/// One question group's sums within a filter, and where its searches ended.
#[derive(Debug, Default)]
struct Aggregate {
    counts: Counts,
    /// Searches per bureau of the answer or first result (`""` for none).
    bureaus: HashMap<String, u64>,
}

impl Aggregate {
    /// The bureau most of its searches ended in, if any.
    fn bureau(&self) -> Option<String> {
        self.bureaus
            .iter()
            .filter(|(b, _)| !b.is_empty())
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(b, _)| b.clone())
    }
}

/// `WHERE` conditions on `daily_questions` for a filter: days `?1..=?2`, bureau `?3`, channel
/// `?4`, language `?5` (each condition off when its parameter is NULL).
const QUESTION_FILTER: &str = "day BETWEEN ?1 AND ?2
    AND (?3 IS NULL OR bureau = ?3)
    AND (?4 IS NULL OR channel = ?4)
    AND (?5 IS NULL OR question IN (SELECT id FROM questions WHERE lang = ?5))";

/// The question groups asked at least `min` times within the retention period: no other can
/// reach `min` within a range, so the lists skip the rest (the long tail) early.
fn listable(conn: &Connection, min: u32) -> rusqlite::Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM questions WHERE searches >= ?1")?;
    let ids = stmt.query_map([min], |r| r.get(0))?;
    ids.collect()
}

/// Sums of `daily_questions` per question over days `from..=to` (day numbers) and the filter's
/// language, bureau and channel, for the questions in `only`.
fn aggregate(
    conn: &Connection,
    filter: &Filter,
    (from, to): (i64, i64),
    only: &HashSet<i64>,
) -> rusqlite::Result<HashMap<i64, Aggregate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT question, bureau, searches, zero, card, clicked, clicks, unmet
         FROM daily_questions WHERE {QUESTION_FILTER}"
    ))?;
    let mut rows = stmt.query(params![
        from,
        to,
        filter.bureau,
        filter.channel.map(|c| c.code()),
        filter.lang
    ])?;
    let mut sums: HashMap<i64, Aggregate> = HashMap::new();
    while let Some(row) = rows.next()? {
        let question: i64 = row.get(0)?;
        if !only.contains(&question) {
            continue;
        }
        let counts = Counts::from_row(row, 2)?;
        let sum = sums.entry(question).or_default();
        sum.counts.add(&counts);
        let bureau = row.get_ref(1)?.as_str().unwrap_or_default();
        match sum.bureaus.get_mut(bureau) {
            Some(n) => *n += counts.searches,
            None => {
                sum.bureaus.insert(bureau.to_owned(), counts.searches);
            }
        }
    }
    Ok(sums)
}

/// The filter's days as stored day numbers.
fn days(filter: &Filter) -> (i64, i64) {
    (day_number(filter.from), day_number(filter.to))
}

/// How a question is shown: its language and its most common written form.
struct Described {
    lang: String,
    text: String,
}

fn describe(conn: &Connection, question: i64) -> rusqlite::Result<Described> {
    let lang: String = conn
        .prepare_cached("SELECT lang FROM questions WHERE id = ?1")?
        .query_row([question], |r| r.get(0))?;
    let text: String = conn
        .prepare_cached(
            "SELECT text FROM forms WHERE question = ?1 ORDER BY searches DESC, id LIMIT 1",
        )?
        .query_row([question], |r| r.get(0))?;
    Ok(Described { lang, text })
}

impl FromStr for Sort {
    type Err = UserError;

    /// `count`, `zero` or `ctr`.
    fn from_str(s: &str) -> Result<Sort, UserError> {
        match s {
            "count" => Ok(Sort::Count),
            "zero" => Ok(Sort::Zero),
            "ctr" => Ok(Sort::Ctr),
            _ => Err(UserError::InvalidSort {
                value: s.to_owned(),
            }),
        }
    }
}
