//! Lists of questions: top, unmet, trending, and grouped by the answer they got.

use std::cmp::Ordering;
use std::collections::HashMap;

use rusqlite::params;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Aggregate, Counts, Listable, QUESTION_FILTER, Sums, aggregate, days, describe, scan};
use crate::error::{Error, UserError};
use crate::filter::Filter;
use crate::schema::day_number;
use crate::store::Store;

/// How [`Store::questions`] orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Most searches first.
    Count,
    /// Most zero-result searches first.
    Zero,
    /// Lowest click-through first (questions with no result at all last): the answers people
    /// see and skip.
    Ctr,
}

/// One question group in a list (`GET /api/insights/queries` and `/unmet`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRow {
    /// The group's id, for its drill-down.
    pub id: i64,
    /// Its most common written form (redacted).
    pub query: String,
    /// Its language tag.
    pub lang: String,
    /// Searches.
    pub count: u64,
    /// Searches with no result.
    pub zero: u64,
    /// Searches with an answer card.
    pub card: u64,
    /// Searches with at least one click.
    pub clicked: u64,
    /// Clicks in all.
    pub clicks: u64,
    /// Click-through.
    pub ctr: Option<f64>,
    /// Searches unmet: no result, or neither an answer card nor a click.
    pub unmet: u64,
    /// The bureau most of its searches ended in, if any.
    pub bureau: Option<String>,
}

/// The dashboard's question lists, from [`Store::question_lists`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionLists {
    /// Most searches first.
    pub top: Vec<QuestionRow>,
    /// Most zero-result searches first.
    pub zero: Vec<QuestionRow>,
    /// Lowest click-through first.
    pub low_ctr: Vec<QuestionRow>,
    /// The editors' to-do list, most unmet searches first.
    pub unmet: Vec<QuestionRow>,
    /// Where questions ended, as [`Store::answers`] gives it.
    pub endings: Vec<AnswerGroup>,
}

/// A question rising against the window before (`GET /api/insights/trending`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The group's id.
    pub id: i64,
    /// Its most common written form.
    pub query: String,
    /// Its language tag.
    pub lang: String,
    /// Searches in the current window.
    pub count: u64,
    /// Searches in the window before.
    pub previous: u64,
    /// `(count + 5) / (previous + 5)`: growth, damped so that 0 → 3 does not outrank
    /// 100 → 300. Sorted on, highest first.
    pub growth: f64,
}

/// A question that ended on an answer, for [`AnswerGroup::questions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionRef {
    /// The group's id.
    pub id: i64,
    /// Its most common written form.
    pub query: String,
    /// Its language tag.
    pub lang: String,
    /// Its searches that ended here.
    pub count: u64,
}

/// The questions that ended on one answer: "these 40 different questions all ended on the
/// noise form".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerGroup {
    /// The answer card's id or, without a card, the first result's URL.
    pub target: String,
    /// Whether most of these searches got it as an answer card (else as first result).
    pub card: bool,
    /// Searches that ended here.
    pub searches: u64,
    /// Distinct question groups that ended here, rare ones included.
    pub distinct_questions: u64,
    /// Those that ended here at least `min_count` times, most searches first (at most 20).
    pub questions: Vec<QuestionRef>,
}

/// The searches that ended on one answer, while they are summed.
#[derive(Default)]
struct Ending {
    searches: u64,
    card: u64,
    /// (question group, its searches that ended here)
    questions: Vec<(i64, u64)>,
}

fn compare_ctr(a: &Counts, b: &Counts) -> Ordering {
    match (a.ctr(), b.ctr()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl Store {
    /// Question groups asked at least `min_count` times within the filter, ordered by `sort`,
    /// at most `limit`. With [`Sort::Zero`], only groups that had a zero-result search.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn questions(
        &self,
        filter: &Filter,
        sort: Sort,
        limit: usize,
    ) -> Result<Vec<QuestionRow>, Error> {
        let conn = self.lock();
        let listed = self.listed(&conn, filter).map_err(self.sql())?;
        rows(&conn, &listed, Order::Sort(sort), limit).map_err(self.sql())
    }

    /// The editors' to-do list: question groups asked at least `min_count` times within the
    /// filter that went unmet (no result, or neither an answer card nor a click), most unmet
    /// searches first, at most `limit`.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn unmet(&self, filter: &Filter, limit: usize) -> Result<Vec<QuestionRow>, Error> {
        let conn = self.lock();
        let listed = self.listed(&conn, filter).map_err(self.sql())?;
        rows(&conn, &listed, Order::Unmet, limit).map_err(self.sql())
    }

    /// What the dashboard page lists, from one pass over the rollups: the same as
    /// [`Store::questions`] with each [`Sort`] and [`Store::unmet`], each at most `limit`, and
    /// [`Store::answers`] with at most `answers` answers.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn question_lists(
        &self,
        filter: &Filter,
        limit: usize,
        answers: usize,
    ) -> Result<QuestionLists, Error> {
        let conn = self.lock();
        let only = Listable::load(&conn, self.settings.min_count).map_err(self.sql())?;
        let scanned = scan(&conn, filter, days(filter), &only, true).map_err(self.sql())?;
        let listed = self.at_least_min(scanned.sums);
        let list = |order| rows(&conn, &listed, order, limit).map_err(self.sql());
        Ok(QuestionLists {
            top: list(Order::Sort(Sort::Count))?,
            zero: list(Order::Sort(Sort::Zero))?,
            low_ctr: list(Order::Sort(Sort::Ctr))?,
            unmet: list(Order::Unmet)?,
            endings: self.answer_groups(&conn, scanned.endings, answers)?,
        })
    }

    /// The groups asked at least `min_count` times within the filter, with their sums.
    fn listed(&self, conn: &rusqlite::Connection, filter: &Filter) -> rusqlite::Result<Sums> {
        let only = Listable::load(conn, self.settings.min_count)?;
        Ok(self.at_least_min(aggregate(conn, filter, days(filter), &only)?))
    }

    /// `sums` without the groups asked fewer than `min_count` times.
    fn at_least_min(&self, mut sums: Sums) -> Sums {
        let min = u64::from(self.settings.min_count);
        sums.groups.retain(|(_, a)| a.counts.searches >= min);
        sums
    }

    /// Question groups rising fastest: searches in the `window` days ending `filter.to`
    /// against the `window` days before (`filter.from` is not used; language, bureau and
    /// channel are). Listed when asked at least `min_count` times in the current window and
    /// more often than before; at most `limit`.
    ///
    /// # Errors
    /// [`UserError::InvalidWindow`] outside 1..=180 days; internal errors.
    pub fn trending(
        &self,
        window: u32,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<Trend>, Error> {
        if !(1..=180).contains(&window) {
            return Err(UserError::InvalidWindow { days: window }.into());
        }
        let end = day_number(filter.to);
        let window = i64::from(window);
        let conn = self.lock();
        let only = Listable::load(&conn, self.settings.min_count).map_err(self.sql())?;
        let current =
            aggregate(&conn, filter, (end - window + 1, end), &only).map_err(self.sql())?;
        let before: HashMap<i64, u64> =
            aggregate(&conn, filter, (end - 2 * window + 1, end - window), &only)
                .map_err(self.sql())?
                .groups
                .into_iter()
                .map(|(id, a)| (id, a.counts.searches))
                .collect();
        let min = u64::from(self.settings.min_count);
        let mut rising: Vec<(i64, u64, u64, f64)> = current
            .groups
            .iter()
            .map(|&(id, ref a)| {
                let count = a.counts.searches;
                let previous = before.get(&id).copied().unwrap_or(0);
                (
                    id,
                    count,
                    previous,
                    (count as f64 + 5.0) / (previous as f64 + 5.0),
                )
            })
            .filter(|&(_, count, previous, _)| count >= min && count > previous)
            .collect();
        rising.sort_by(|a, b| {
            b.3.total_cmp(&a.3)
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        rising.truncate(limit);
        rising
            .into_iter()
            .map(|(id, count, previous, growth)| {
                let d = describe(&conn, id).map_err(self.sql())?;
                Ok(Trend {
                    id,
                    query: d.text,
                    lang: d.lang,
                    count,
                    previous,
                    growth,
                })
            })
            .collect()
    }

    /// Where questions ended: each answer card or first result with the question groups that
    /// led to it, most searches first, at most `limit` answers. Searches with no result are
    /// left out.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn answers(&self, filter: &Filter, limit: usize) -> Result<Vec<AnswerGroup>, Error> {
        let (from, to) = days(filter);
        let conn = self.lock();
        // Summed here rather than with GROUP BY, which sorts every row of the range first: on a
        // year of searches that sort took twice as long as the rest of this report.
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT outcome, question, searches, card FROM daily_questions
                 WHERE {QUESTION_FILTER} AND outcome != 0"
            ))
            .map_err(self.sql())?;
        let mut pairs: FxHashMap<(i64, i64), (u64, u64)> = FxHashMap::default();
        let mut rows = stmt
            .query(params![
                from,
                to,
                filter.bureau,
                filter.channel.map(|c| c.code()),
                filter.lang
            ])
            .map_err(self.sql())?;
        while let Some(r) = rows.next().map_err(self.sql())? {
            let read = || -> rusqlite::Result<((i64, i64), u64, u64)> {
                let count = |i| r.get::<_, i64>(i).map(|n| u64::try_from(n).unwrap_or(0));
                Ok(((r.get(0)?, r.get(1)?), count(2)?, count(3)?))
            };
            let (key, searches, card) = read().map_err(self.sql())?;
            let pair = pairs.entry(key).or_default();
            pair.0 += searches;
            pair.1 += card;
        }
        drop(rows);
        drop(stmt);
        self.answer_groups(&conn, pairs, limit)
    }

    /// The first `limit` answers of `pairs` (searches and answer cards per answer and question
    /// group), most searches first, each with its groups asked at least `min_count` times.
    fn answer_groups(
        &self,
        conn: &rusqlite::Connection,
        pairs: FxHashMap<(i64, i64), (u64, u64)>,
        limit: usize,
    ) -> Result<Vec<AnswerGroup>, Error> {
        let mut endings: FxHashMap<i64, Ending> = FxHashMap::default();
        for ((outcome, question), (searches, card)) in pairs {
            let ending = endings.entry(outcome).or_default();
            ending.searches += searches;
            ending.card += card;
            ending.questions.push((question, searches));
        }
        let mut endings: Vec<(i64, Ending)> = endings.into_iter().collect();
        endings.sort_by(|a, b| b.1.searches.cmp(&a.1.searches).then_with(|| a.0.cmp(&b.0)));
        endings.truncate(limit);
        let min = u64::from(self.settings.min_count);
        endings
            .into_iter()
            .map(|(outcome, ending)| {
                let target: String = conn
                    .prepare_cached("SELECT target FROM targets WHERE id = ?1")
                    .and_then(|mut s| s.query_row([outcome], |r| r.get(0)))
                    .map_err(self.sql())?;
                let mut questions = ending.questions;
                let distinct_questions = questions.len() as u64;
                questions.retain(|&(_, n)| n >= min);
                questions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                questions.truncate(20);
                let questions = questions
                    .into_iter()
                    .map(|(id, count)| {
                        let d = describe(conn, id)?;
                        Ok(QuestionRef {
                            id,
                            query: d.text,
                            lang: d.lang,
                            count,
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map_err(self.sql())?;
                Ok(AnswerGroup {
                    target,
                    card: ending.card * 2 > ending.searches,
                    searches: ending.searches,
                    distinct_questions,
                    questions,
                })
            })
            .collect()
    }
}

/// The orders of the question lists.
#[derive(Clone, Copy)]
enum Order {
    Sort(Sort),
    Unmet,
}

/// The first `limit` of `listed` in `order` (lists by zero results and unmet searches hold only
/// groups that had some).
fn rank(listed: &[(i64, Aggregate)], order: Order, limit: usize) -> Vec<(i64, &Aggregate)> {
    let mut ranked: Vec<(i64, &Aggregate)> = listed
        .iter()
        .filter(|(_, a)| match order {
            Order::Sort(Sort::Zero) => a.counts.zero > 0,
            Order::Unmet => a.counts.unmet > 0,
            Order::Sort(_) => true,
        })
        .map(|(id, a)| (*id, a))
        .collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| {
        let (a, b) = (&a.counts, &b.counts);
        let by = match order {
            Order::Sort(Sort::Count) => b.searches.cmp(&a.searches),
            Order::Sort(Sort::Zero) => b.zero.cmp(&a.zero),
            Order::Sort(Sort::Ctr) => compare_ctr(a, b),
            Order::Unmet => b.unmet.cmp(&a.unmet),
        };
        by.then_with(|| b.searches.cmp(&a.searches))
            .then_with(|| a_id.cmp(b_id))
    });
    ranked.truncate(limit);
    ranked
}

/// The first `limit` of `listed` in `order`, described.
fn rows(
    conn: &rusqlite::Connection,
    listed: &Sums,
    order: Order,
    limit: usize,
) -> rusqlite::Result<Vec<QuestionRow>> {
    rank(&listed.groups, order, limit)
        .into_iter()
        .map(|(id, sum)| row(conn, id, sum, &listed.bureaus))
        .collect()
}

fn row(
    conn: &rusqlite::Connection,
    id: i64,
    sum: &Aggregate,
    bureaus: &[String],
) -> rusqlite::Result<QuestionRow> {
    let d = describe(conn, id)?;
    let c = &sum.counts;
    Ok(QuestionRow {
        id,
        query: d.text,
        lang: d.lang,
        count: c.searches,
        zero: c.zero,
        card: c.card,
        clicked: c.clicked,
        clicks: c.clicks,
        ctr: c.ctr(),
        unmet: c.unmet,
        bureau: sum.bureau(bureaus),
    })
}
