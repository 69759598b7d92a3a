//! The CSV export: one row per day, question group and channel.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::io::Write;

use rusqlite::params;

use super::{QUESTION_FILTER, aggregate, days, describe};
use crate::error::{Error, InternalError};
use crate::event::Channel;
use crate::filter::Filter;
use crate::schema::date_of;
use crate::store::Store;

/// The export's header row.
pub const CSV_HEADER: [&str; 7] = [
    "day", "query", "lang", "channel", "searches", "zero", "clicks",
];

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return first) gets a leading `'`, as OWASP's CSV-injection advice says.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

impl Store {
    /// Writes the CSV export of the filter to `out`: a header, then
    /// `day, query, lang, channel, searches, zero, clicks` per day, question group and channel,
    /// oldest day first, for the groups asked at least `min_count` times within the filter.
    /// Returns the number of data rows.
    ///
    /// # Errors
    /// [`InternalError::Csv`] when `out` fails; internal errors.
    pub fn export_csv(&self, filter: &Filter, out: impl Write) -> Result<u64, Error> {
        let (from, to) = days(filter);
        let conn = self.lock();
        let sql = self.sql();
        let min = u64::from(self.settings.min_count);
        let listed: HashSet<i64> = aggregate(&conn, filter, from, to)
            .map_err(&sql)?
            .into_iter()
            .filter(|(_, a)| a.counts.searches >= min)
            .map(|(id, _)| id)
            .collect();
        let mut names: HashMap<i64, (String, String)> = HashMap::new();
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(CSV_HEADER).map_err(InternalError::from)?;
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT day, question, channel, sum(searches), sum(zero), sum(clicks)
                 FROM daily_questions WHERE {QUESTION_FILTER}
                 GROUP BY day, question, channel ORDER BY day, question, channel"
            ))
            .map_err(&sql)?;
        let mut rows = stmt
            .query(params![
                from,
                to,
                filter.bureau,
                filter.channel.map(|c| c.code()),
                filter.lang
            ])
            .map_err(&sql)?;
        let mut written = 0;
        while let Some(r) = rows.next().map_err(&sql)? {
            let question: i64 = r.get(1).map_err(&sql)?;
            if !listed.contains(&question) {
                continue;
            }
            let (text, lang) = match names.entry(question) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    let d = describe(&conn, question).map_err(&sql)?;
                    new.insert((d.text, d.lang))
                }
            };
            let day = date_of(r.get(0).map_err(&sql)?).to_string();
            let channel = Channel::from_code(r.get(2).map_err(&sql)?);
            let numbers: [i64; 3] = [
                r.get(3).map_err(&sql)?,
                r.get(4).map_err(&sql)?,
                r.get(5).map_err(&sql)?,
            ];
            csv.write_record([
                day.as_str(),
                &spreadsheet_safe(text),
                lang,
                channel.as_str(),
                &numbers[0].to_string(),
                &numbers[1].to_string(),
                &numbers[2].to_string(),
            ])
            .map_err(InternalError::from)?;
            written += 1;
        }
        csv.flush().map_err(|e| InternalError::Csv(e.into()))?;
        Ok(written)
    }
}
