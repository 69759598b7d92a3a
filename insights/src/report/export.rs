//! The CSV export: one row per day, question group and channel.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Write;

use rusqlite::params;

use super::{Listable, QUESTION_FILTER, days, describe_listable};
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
        let min = self.settings.min_count;
        let only = Listable::load(&conn, min).map_err(&sql)?;
        // One pass in key order: rows are kept until their question's total in the range is
        // known, then only those of questions asked at least `min_count` times are written.
        let mut rows: Vec<Row> = Vec::new();
        let mut totals: Vec<u64> = vec![0; only.len];
        {
            let mut stmt = conn
                .prepare_cached(&format!(
                    "SELECT day, question, channel, sum(searches), sum(zero), sum(clicks)
                     FROM daily_questions WHERE {QUESTION_FILTER}
                     GROUP BY day, question, channel ORDER BY day, question, channel"
                ))
                .map_err(&sql)?;
            let mut found = stmt
                .query(params![
                    from,
                    to,
                    filter.bureau,
                    filter.channel.map(|c| c.code()),
                    filter.lang
                ])
                .map_err(&sql)?;
            while let Some(r) = found.next().map_err(&sql)? {
                let question: i64 = r.get(1).map_err(&sql)?;
                let Some(place) = only.place(question) else {
                    continue;
                };
                let row = Row {
                    day: r.get(0).map_err(&sql)?,
                    question,
                    place,
                    channel: Channel::from_code(r.get(2).map_err(&sql)?),
                    searches: r.get(3).map_err(&sql)?,
                    zero: r.get(4).map_err(&sql)?,
                    clicks: r.get(5).map_err(&sql)?,
                };
                totals[place] += u64::try_from(row.searches).unwrap_or(0);
                rows.push(row);
            }
        }
        let described = describe_listable(&conn, min).map_err(&sql)?;
        let mut names: HashMap<i64, (String, &str)> = HashMap::new();
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(CSV_HEADER).map_err(InternalError::from)?;
        let mut written = 0;
        let mut day = (i64::MIN, String::new());
        for row in rows {
            if totals[row.place] < u64::from(min) {
                continue;
            }
            let (text, lang) = match names.entry(row.question) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    let (text, lang) = described
                        .get(&row.question)
                        .map_or(("", ""), |d| (d.text.as_str(), d.lang.as_str()));
                    new.insert((spreadsheet_safe(text).into_owned(), lang))
                }
            };
            if day.0 != row.day {
                day = (row.day, date_of(row.day).to_string());
            }
            csv.write_record([
                day.1.as_str(),
                text,
                lang,
                row.channel.as_str(),
                &row.searches.to_string(),
                &row.zero.to_string(),
                &row.clicks.to_string(),
            ])
            .map_err(InternalError::from)?;
            written += 1;
        }
        csv.flush().map_err(|e| InternalError::Csv(e.into()))?;
        Ok(written)
    }
}

/// One line of the export before it is known whether its question is listed.
struct Row {
    day: i64,
    question: i64,
    /// The question's place in [`Listable`].
    place: usize,
    channel: Channel,
    searches: i64,
    zero: i64,
    clicks: i64,
}
