//! The database file: its tables, their migrations, and how days are numbered.
//!
//! Raw events (`searches`, `clicks`) keep what a drill-down and the click check need. Two daily
//! rollups, updated in the same transaction as the events, answer everything else:
//! `daily_totals` (per day, language, channel, bureau) for the summary and the searches-per-day
//! chart, and `daily_questions` (per day, question group, channel, bureau and answer) for the
//! lists, trends and the CSV export. Questions, their written forms and URLs are stored once
//! and referred to by id.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use time::{Date, OffsetDateTime};

use crate::error::InternalError;

/// The database file inside the data directory.
pub const FILE_NAME: &str = "insights.db";

/// Schema changes in order; `PRAGMA user_version` counts how many have been applied.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        lang TEXT NOT NULL,
        key TEXT NOT NULL,
        searches INTEGER NOT NULL DEFAULT 0,
        UNIQUE (lang, key)
    );
    CREATE TABLE forms (
        id INTEGER PRIMARY KEY,
        question INTEGER NOT NULL,
        text TEXT NOT NULL,
        searches INTEGER NOT NULL DEFAULT 0,
        UNIQUE (question, text)
    );
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL UNIQUE
    );
    CREATE TABLE searches (
        id INTEGER PRIMARY KEY,
        sid BLOB NOT NULL UNIQUE,
        at INTEGER NOT NULL,
        day INTEGER NOT NULL,
        channel INTEGER NOT NULL,
        question INTEGER NOT NULL,
        form INTEGER NOT NULL,
        lang TEXT NOT NULL,
        results INTEGER NOT NULL,
        answer INTEGER,
        top INTEGER,
        bureau TEXT NOT NULL,
        notices TEXT NOT NULL,
        took_ms REAL NOT NULL,
        shown TEXT NOT NULL,
        clicks INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX searches_day ON searches(day);
    CREATE INDEX searches_question ON searches(question, day);
    CREATE TABLE clicks (
        id INTEGER PRIMARY KEY,
        search INTEGER NOT NULL,
        at INTEGER NOT NULL,
        position INTEGER NOT NULL,
        target INTEGER NOT NULL
    );
    CREATE INDEX clicks_search ON clicks(search);
    CREATE TABLE daily_totals (
        day INTEGER NOT NULL,
        lang TEXT NOT NULL,
        channel INTEGER NOT NULL,
        bureau TEXT NOT NULL,
        searches INTEGER NOT NULL,
        zero INTEGER NOT NULL,
        card INTEGER NOT NULL,
        clicked INTEGER NOT NULL,
        clicks INTEGER NOT NULL,
        unmet INTEGER NOT NULL,
        took_ms REAL NOT NULL,
        PRIMARY KEY (day, lang, channel, bureau)
    ) WITHOUT ROWID;
    CREATE TABLE daily_questions (
        day INTEGER NOT NULL,
        question INTEGER NOT NULL,
        channel INTEGER NOT NULL,
        bureau TEXT NOT NULL,
        outcome INTEGER NOT NULL,
        searches INTEGER NOT NULL,
        zero INTEGER NOT NULL,
        card INTEGER NOT NULL,
        clicked INTEGER NOT NULL,
        clicks INTEGER NOT NULL,
        unmet INTEGER NOT NULL,
        PRIMARY KEY (day, question, channel, bureau, outcome)
    ) WITHOUT ROWID;
    CREATE INDEX daily_questions_question ON daily_questions(question, day);
"];

/// Opens (creating when needed) the database under `data_dir` and brings its schema up to date.
pub(crate) fn open(data_dir: &Path) -> Result<(Connection, PathBuf), InternalError> {
    Ok(sqlitefile::open(
        data_dir,
        FILE_NAME,
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA busy_timeout = 10000;
         PRAGMA cache_size = -32000;",
        MIGRATIONS,
    )?)
}

/// Julian day number of 1970-01-01: stored days count from there.
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The stored day number (days since 1970-01-01, UTC) of a moment.
pub(crate) fn day_of(at: OffsetDateTime) -> i64 {
    at.unix_timestamp().div_euclid(86_400)
}

/// The stored day number of a date.
pub(crate) fn day_number(date: Date) -> i64 {
    i64::from(date.to_julian_day() - EPOCH_JULIAN_DAY)
}

/// The date of a stored day number.
pub(crate) fn date_of(day: i64) -> Date {
    i32::try_from(day)
        .ok()
        .and_then(|d| Date::from_julian_day(d + EPOCH_JULIAN_DAY).ok())
        .unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn days_count_from_1970_in_utc() {
        assert_eq!(day_of(datetime!(1970-01-01 23:59 UTC)), 0);
        assert_eq!(
            day_of(datetime!(2026-03-02 00:00 UTC)),
            day_number(date!(2026 - 03 - 02))
        );
        assert_eq!(
            day_of(datetime!(2026-03-01 23:00 -08:00)),
            day_number(date!(2026 - 03 - 02))
        );
        assert_eq!(
            date_of(day_number(date!(2026 - 03 - 02))),
            date!(2026 - 03 - 02)
        );
        assert_eq!(day_of(datetime!(1969-12-31 12:00 UTC)), -1);
    }
}
