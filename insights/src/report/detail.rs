//! One question group in detail: its daily counts, the results it was shown, clicks by
//! position, its written forms and where it ended.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;
use serde::Serialize;

use super::{Counts, DayPoint, days, describe};
use crate::error::Error;
use crate::filter::Filter;
use crate::schema::{date_of, day_number};
use crate::store::Store;

/// A question group's drill-down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionDetail {
    /// The group's id.
    pub id: i64,
    /// Its most common written form.
    pub query: String,
    /// Its language tag.
    pub lang: String,
    /// Its grouping key.
    pub key: String,
    /// Its sums within the filter.
    #[serde(flatten)]
    pub counts: Counts,
    /// Click-through.
    pub ctr: Option<f64>,
    /// Its written forms asked at least `min_count` times (ever), most asked first, at most 20.
    pub forms: Vec<(String, u64)>,
    /// Searches per day over the filter's range, every day present.
    pub days: Vec<DayPoint>,
    /// The URLs its searches showed, most shown first, at most 20.
    pub shown: Vec<ShownResult>,
    /// Clicks per position in the shown list (1 = first).
    pub clicks_by_position: Vec<PositionClicks>,
}

/// A URL a question's searches showed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownResult {
    /// The URL (or answer card id).
    pub url: String,
    /// In how many of the question's searches it was shown.
    pub shown: u64,
    /// Its mean position when shown (1 = first).
    pub position: f64,
    /// Clicks on it from those searches.
    pub clicks: u64,
}

/// Clicks at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PositionClicks {
    /// The 1-based position.
    pub position: u32,
    /// Clicks there.
    pub clicks: u64,
}

impl Store {
    /// The drill-down of question group `id` within the filter (its language filter is not
    /// used). `None` when there is no such group or it was asked fewer than `min_count` times
    /// within the filter.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn question(&self, id: i64, filter: &Filter) -> Result<Option<QuestionDetail>, Error> {
        let (from, to) = days(filter);
        let conn = self.lock();
        let sql = self.sql();
        let key: Option<String> = conn
            .query_row("SELECT key FROM questions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(&sql)?;
        let Some(key) = key else {
            return Ok(None);
        };
        let bureau = filter.bureau.as_deref();
        let channel = filter.channel.map(|c| c.code());

        let mut per_day: BTreeMap<i64, Counts> = BTreeMap::new();
        {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT day, searches, zero, card, clicked, clicks, unmet FROM daily_questions
                     WHERE question = ?1 AND day BETWEEN ?2 AND ?3
                       AND (?4 IS NULL OR bureau = ?4) AND (?5 IS NULL OR channel = ?5)",
                )
                .map_err(&sql)?;
            let mut rows = stmt
                .query(params![id, from, to, bureau, channel])
                .map_err(&sql)?;
            while let Some(r) = rows.next().map_err(&sql)? {
                let day: i64 = r.get(0).map_err(&sql)?;
                per_day
                    .entry(day)
                    .or_default()
                    .add(&Counts::from_row(r, 1).map_err(&sql)?);
            }
        }
        let mut counts = Counts::default();
        per_day.values().for_each(|c| counts.add(c));
        if counts.searches < u64::from(self.settings.min_count) {
            return Ok(None);
        }
        let described = describe(&conn, id).map_err(&sql)?;

        let forms = conn
            .prepare_cached(
                "SELECT text, searches FROM forms WHERE question = ?1 AND searches >= ?2
                 ORDER BY searches DESC, id LIMIT 20",
            )
            .and_then(|mut s| {
                s.query_map(params![id, self.settings.min_count], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(&sql)?;

        // Results shown and clicks, from the raw events of this question.
        let mut shown: HashMap<i64, (u64, u64)> = HashMap::new();
        {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT shown FROM searches WHERE question = ?1 AND day BETWEEN ?2 AND ?3
                       AND (?4 IS NULL OR bureau = ?4) AND (?5 IS NULL OR channel = ?5)",
                )
                .map_err(&sql)?;
            let mut rows = stmt
                .query(params![id, from, to, bureau, channel])
                .map_err(&sql)?;
            while let Some(r) = rows.next().map_err(&sql)? {
                let ids = r.get_ref(0).map_err(&sql)?.as_str().unwrap_or_default();
                for (i, target) in ids
                    .split(' ')
                    .filter_map(|t| t.parse::<i64>().ok())
                    .enumerate()
                {
                    let entry = shown.entry(target).or_default();
                    entry.0 += 1;
                    entry.1 += i as u64 + 1;
                }
            }
        }
        let mut clicks_on: HashMap<i64, u64> = HashMap::new();
        let mut by_position: BTreeMap<u32, u64> = BTreeMap::new();
        {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT c.target, c.position FROM clicks c JOIN searches s ON s.id = c.search
                     WHERE s.question = ?1 AND s.day BETWEEN ?2 AND ?3
                       AND (?4 IS NULL OR s.bureau = ?4) AND (?5 IS NULL OR s.channel = ?5)",
                )
                .map_err(&sql)?;
            let mut rows = stmt
                .query(params![id, from, to, bureau, channel])
                .map_err(&sql)?;
            while let Some(r) = rows.next().map_err(&sql)? {
                *clicks_on.entry(r.get(0).map_err(&sql)?).or_default() += 1;
                *by_position.entry(r.get(1).map_err(&sql)?).or_default() += 1;
            }
        }
        let mut shown: Vec<(i64, u64, u64)> =
            shown.into_iter().map(|(t, (n, pos))| (t, n, pos)).collect();
        shown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        shown.truncate(20);
        let shown = shown
            .into_iter()
            .map(|(target, times, positions)| {
                let url: String = conn
                    .prepare_cached("SELECT target FROM targets WHERE id = ?1")
                    .and_then(|mut s| s.query_row([target], |r| r.get(0)))
                    .map_err(&sql)?;
                Ok(ShownResult {
                    url,
                    shown: times,
                    position: positions as f64 / times as f64,
                    clicks: clicks_on.get(&target).copied().unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;

        Ok(Some(QuestionDetail {
            id,
            query: described.text,
            lang: described.lang,
            key,
            ctr: counts.ctr(),
            counts,
            forms,
            days: (day_number(filter.from)..=day_number(filter.to))
                .map(|day| DayPoint {
                    day: date_of(day),
                    counts: per_day.get(&day).copied().unwrap_or_default(),
                })
                .collect(),
            shown,
            clicks_by_position: by_position
                .into_iter()
                .map(|(position, clicks)| PositionClicks { position, clicks })
                .collect(),
        }))
    }
}
