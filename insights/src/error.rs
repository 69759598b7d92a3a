//! What can go wrong: the caller's mistakes ([`UserError`], a 400) apart from the server's
//! ([`InternalError`], a 500 with the detail logged).

use std::path::PathBuf;

/// Every failure of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request was refused; the message is safe to show.
    #[error(transparent)]
    User(#[from] UserError),
    /// The store or the platform failed; the message is for the log.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// A refusal caused by the caller's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date '{value}': use YYYY-MM-DD")]
    InvalidDate {
        /// The text as given.
        value: String,
    },
    /// A range whose end is before its start, or longer than the data can hold.
    #[error("invalid date range {from} to {to}")]
    InvalidRange {
        /// The first day.
        from: String,
        /// The last day.
        to: String,
    },
    /// A sort order other than `count`, `zero` or `ctr`.
    #[error("invalid sort '{value}': use count, zero or ctr")]
    InvalidSort {
        /// The text as given.
        value: String,
    },
    /// A channel other than `web`, `agent` or `api`.
    #[error("invalid channel '{value}': use web, agent or api")]
    InvalidChannel {
        /// The text as given.
        value: String,
    },
    /// A trending window outside 1..=180 days.
    #[error("invalid window {days}: use 1 to 180 days")]
    InvalidWindow {
        /// The number of days asked for.
        days: u32,
    },
    /// A search id that is not 32 hex digits.
    #[error("invalid search id")]
    InvalidSearchId,
}

/// A failure of the server, not of the caller.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// The database file could not be opened or brought up to date.
    #[error(transparent)]
    Open(#[from] sqlitefile::Error),
    /// SQLite refused an operation.
    #[error("insights database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// Writing the CSV export failed (usually: the client went away).
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// The writer thread could not be started.
    #[error("cannot start the insights writer: {0}")]
    Spawn(std::io::Error),
    /// The operating system's random source failed.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
}

impl Error {
    /// The caller's mistake, if it is one.
    pub fn user(&self) -> Option<&UserError> {
        match self {
            Error::User(e) => Some(e),
            Error::Internal(_) => None,
        }
    }
}
