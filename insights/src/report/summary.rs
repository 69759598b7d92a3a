//! Totals for a range: searches, zero-result and answer-card shares, click-through, by language,
//! channel and bureau; and searches per day.

use std::collections::BTreeMap;

use rusqlite::params;
use serde::Serialize;
use time::Date;

use super::{Counts, days};
use crate::error::Error;
use crate::event::Channel;
use crate::filter::{Filter, ymd};
use crate::schema::{date_of, day_number};
use crate::store::Store;

/// Totals of a range (`GET /api/insights/summary`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// First day covered.
    #[serde(with = "ymd")]
    pub from: Date,
    /// Last day covered.
    #[serde(with = "ymd")]
    pub to: Date,
    /// All searches, with their sums.
    #[serde(flatten)]
    pub counts: Counts,
    /// Share of searches with no result (0..=1).
    pub zero_share: f64,
    /// Share of searches answered with an answer card (0..=1).
    pub card_share: f64,
    /// Click-through (see the module documentation).
    pub ctr: Option<f64>,
    /// Mean time to answer a search, in milliseconds.
    pub took_ms: Option<f64>,
    /// Per language tag, most searches first.
    pub by_lang: Vec<Slice>,
    /// Per channel (`web`, `agent`, `api`), most searches first.
    pub by_channel: Vec<Slice>,
    /// Per bureau of the answer or first result, most searches first (`""`: no result).
    pub by_bureau: Vec<Slice>,
}

/// One part of a summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slice {
    /// The language tag, channel or bureau id.
    pub id: String,
    /// Its sums.
    #[serde(flatten)]
    pub counts: Counts,
    /// Share of its searches with no result.
    pub zero_share: f64,
    /// Share of its searches with an answer card.
    pub card_share: f64,
    /// Its click-through.
    pub ctr: Option<f64>,
}

/// Searches on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayPoint {
    /// The day (UTC).
    #[serde(with = "ymd")]
    pub day: Date,
    /// Its sums.
    #[serde(flatten)]
    pub counts: Counts,
}

fn slices(parts: BTreeMap<String, Counts>) -> Vec<Slice> {
    let mut slices: Vec<Slice> = parts
        .into_iter()
        .map(|(id, counts)| Slice {
            id,
            zero_share: counts.share(counts.zero),
            card_share: counts.share(counts.card),
            ctr: counts.ctr(),
            counts,
        })
        .collect();
    slices.sort_by(|a, b| {
        b.counts
            .searches
            .cmp(&a.counts.searches)
            .then_with(|| a.id.cmp(&b.id))
    });
    slices
}

/// `WHERE` conditions on `daily_totals` for a filter (days `?1..=?2`, bureau `?3`, channel
/// `?4`, language `?5`).
const TOTALS_FILTER: &str = "day BETWEEN ?1 AND ?2
    AND (?3 IS NULL OR bureau = ?3)
    AND (?4 IS NULL OR channel = ?4)
    AND (?5 IS NULL OR lang = ?5)";

impl Store {
    /// Totals of the searches the filter covers.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn summary(&self, filter: &Filter) -> Result<Summary, Error> {
        let (from, to) = days(filter);
        let conn = self.lock();
        let mut total = Counts::default();
        let mut took_ms = 0.0;
        let mut by: [BTreeMap<String, Counts>; 3] = Default::default();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT lang, channel, bureau, sum(searches), sum(zero), sum(card), sum(clicked),
                        sum(clicks), sum(unmet), sum(took_ms)
                 FROM daily_totals WHERE {TOTALS_FILTER} GROUP BY lang, channel, bureau"
            ))
            .map_err(self.sql())?;
        let mut rows = stmt
            .query(params![
                from,
                to,
                filter.bureau,
                filter.channel.map(|c| c.code()),
                filter.lang
            ])
            .map_err(self.sql())?;
        while let Some(row) = rows.next().map_err(self.sql())? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, String>(0)?,
                    Channel::from_code(row.get(1)?),
                    row.get::<_, String>(2)?,
                    Counts::from_row(row, 3)?,
                    row.get::<_, f64>(9)?,
                ))
            };
            let (lang, channel, bureau, counts, ms) = read().map_err(self.sql())?;
            total.add(&counts);
            took_ms += ms;
            for (map, key) in by.iter_mut().zip([lang, channel.to_string(), bureau]) {
                map.entry(key).or_default().add(&counts);
            }
        }
        let [by_lang, by_channel, by_bureau] = by;
        Ok(Summary {
            from: filter.from,
            to: filter.to,
            zero_share: total.share(total.zero),
            card_share: total.share(total.card),
            ctr: total.ctr(),
            took_ms: (total.searches > 0).then(|| took_ms / total.searches as f64),
            counts: total,
            by_lang: slices(by_lang),
            by_channel: slices(by_channel),
            by_bureau: slices(by_bureau),
        })
    }

    /// Searches per day over the filter's range, every day present (zeros included), oldest
    /// first: the data of the searches-per-day chart.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn per_day(&self, filter: &Filter) -> Result<Vec<DayPoint>, Error> {
        let (from, to) = days(filter);
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT day, sum(searches), sum(zero), sum(card), sum(clicked), sum(clicks), sum(unmet)
                 FROM daily_totals WHERE {TOTALS_FILTER} GROUP BY day"
            ))
            .map_err(self.sql())?;
        let found: BTreeMap<i64, Counts> = stmt
            .query_map(
                params![
                    from,
                    to,
                    filter.bureau,
                    filter.channel.map(|c| c.code()),
                    filter.lang
                ],
                |r| Ok((r.get(0)?, Counts::from_row(r, 1)?)),
            )
            .and_then(|rows| rows.collect())
            .map_err(self.sql())?;
        Ok((day_number(filter.from)..=day_number(filter.to))
            .map(|day| DayPoint {
                day: date_of(day),
                counts: found.get(&day).copied().unwrap_or_default(),
            })
            .collect())
    }
}
