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

use std::collections::HashMap;
use std::str::FromStr;

use rusqlite::{Connection, params};
use rustc_hash::FxHashMap;
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
#[derive(Debug, Default, Clone)]
struct Aggregate {
    counts: Counts,
    /// Searches per bureau of the answer or first result, by the bureau's place in
    /// [`Sums::bureaus`]: a handful at most, so a list beats a map.
    bureaus: Vec<(u16, u64)>,
}

impl Aggregate {
    /// The bureau most of its searches ended in, if any (`names` are [`Sums::bureaus`]).
    fn bureau(&self, names: &[String]) -> Option<String> {
        self.bureaus
            .iter()
            .map(|&(b, n)| (names[usize::from(b)].as_str(), n))
            .filter(|(b, _)| !b.is_empty())
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(b, _)| b.to_owned())
    }
}

/// Question groups' sums within a filter, from [`aggregate`].
#[derive(Debug, Default)]
struct Sums {
    /// Each group found, with its sums, in no particular order.
    groups: Vec<(i64, Aggregate)>,
    /// The bureau ids the sums name (`""` for searches that ended nowhere).
    bureaus: Vec<String>,
}

/// `WHERE` conditions on `daily_questions` for a filter: days `?1..=?2`, bureau `?3`, channel
/// `?4`, language `?5` (each condition off when its parameter is NULL).
const QUESTION_FILTER: &str = "day BETWEEN ?1 AND ?2
    AND (?3 IS NULL OR bureau = ?3)
    AND (?4 IS NULL OR channel = ?4)
    AND (?5 IS NULL OR question IN (SELECT id FROM questions WHERE lang = ?5))";

/// The question groups asked at least `min` times within the retention period: no other can
/// reach `min` within a range, so the lists skip the rest (the long tail) early. Each has a
/// place `0..len`, so sums are kept in a plain vector rather than a hash map: the lists read
/// every row of `daily_questions` in their range, hundreds of thousands over a year.
struct Listable {
    /// The lowest id listed.
    first: i64,
    /// Per id from `first`, its place, or `u32::MAX` when it is not listed.
    places: Vec<u32>,
    len: usize,
}

impl Listable {
    fn load(conn: &Connection, min: u32) -> rusqlite::Result<Listable> {
        let mut stmt =
            conn.prepare_cached("SELECT id FROM questions WHERE searches >= ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([min], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let first = ids.first().copied().unwrap_or(0);
        let span = ids.last().map_or(0, |last| last - first + 1);
        let mut places = vec![u32::MAX; usize::try_from(span).unwrap_or(0)];
        for (place, id) in ids.iter().enumerate() {
            places[usize::try_from(id - first).unwrap_or(0)] = u32::try_from(place).unwrap_or(0);
        }
        Ok(Listable {
            first,
            places,
            len: ids.len(),
        })
    }

    /// The place of question group `id`, if it is listed.
    fn place(&self, id: i64) -> Option<usize> {
        let offset = usize::try_from(id.checked_sub(self.first)?).ok()?;
        match self.places.get(offset) {
            Some(&place) if place != u32::MAX => Some(place as usize),
            _ => None,
        }
    }
}

/// What one pass over `daily_questions` found, from [`scan`].
#[derive(Default)]
struct Scanned {
    /// Sums per listed question group.
    sums: Sums,
    /// Per (answer or first result, question group): searches and those with an answer card;
    /// every group, listed or not (filled when asked for).
    endings: FxHashMap<(i64, i64), (u64, u64)>,
}

/// Sums of `daily_questions` per question over days `from..=to` (day numbers) and the filter's
/// language, bureau and channel, for the questions in `only`.
fn aggregate(
    conn: &Connection,
    filter: &Filter,
    range: (i64, i64),
    only: &Listable,
) -> rusqlite::Result<Sums> {
    Ok(scan(conn, filter, range, only, false)?.sums)
}

/// One pass over the rows of `daily_questions` in days `from..=to` (day numbers) and the
/// filter's language, bureau and channel: sums per question group in `only` and, with
/// `endings`, what every search ended on. The dashboard needs both, and a year holds hundreds of
/// thousands of rows: reading them is most of its time, so they are read once.
fn scan(
    conn: &Connection,
    filter: &Filter,
    (from, to): (i64, i64),
    only: &Listable,
    endings: bool,
) -> rusqlite::Result<Scanned> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT question, bureau, outcome, searches, zero, card, clicked, clicks, unmet
         FROM daily_questions WHERE {QUESTION_FILTER}"
    ))?;
    let mut rows = stmt.query(params![
        from,
        to,
        filter.bureau,
        filter.channel.map(|c| c.code()),
        filter.lang
    ])?;
    let mut scanned = Scanned::default();
    let mut sums: Vec<Option<Aggregate>> = vec![None; only.len];
    let mut found: Vec<i64> = Vec::new();
    let bureaus = &mut scanned.sums.bureaus;
    while let Some(row) = rows.next()? {
        let question: i64 = row.get(0)?;
        let place = only.place(question);
        if place.is_none() && !endings {
            continue;
        }
        let counts = Counts::from_row(row, 3)?;
        if endings {
            let outcome: i64 = row.get(2)?;
            if outcome != 0 {
                let ending = scanned.endings.entry((outcome, question)).or_default();
                ending.0 += counts.searches;
                ending.1 += counts.card;
            }
        }
        let Some(place) = place else {
            continue;
        };
        let sum = sums[place].get_or_insert_with(|| {
            found.push(question);
            Aggregate::default()
        });
        sum.counts.add(&counts);
        let bureau = row.get_ref(1)?.as_str().unwrap_or_default();
        let b = match bureaus.iter().position(|known| known == bureau) {
            Some(b) => b,
            None => {
                bureaus.push(bureau.to_owned());
                bureaus.len() - 1
            }
        };
        let b = u16::try_from(b).unwrap_or(u16::MAX);
        match sum.bureaus.iter_mut().find(|(known, _)| *known == b) {
            Some((_, n)) => *n += counts.searches,
            None => sum.bureaus.push((b, counts.searches)),
        }
    }
    scanned.sums.groups = found
        .into_iter()
        .filter_map(|id| Some((id, sums[only.place(id)?].take()?)))
        .collect();
    Ok(scanned)
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

/// [`describe`] for every question group asked at least `min` times, in one statement: the CSV
/// export names thousands, and a statement per group would cost more than the export itself.
fn describe_listable(conn: &Connection, min: u32) -> rusqlite::Result<HashMap<i64, Described>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, lang, (SELECT text FROM forms WHERE question = questions.id
                           ORDER BY searches DESC, id LIMIT 1)
         FROM questions WHERE searches >= ?1",
    )?;
    let rows = stmt.query_map([min], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Described {
                lang: r.get(1)?,
                text: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            },
        ))
    })?;
    rows.collect()
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
