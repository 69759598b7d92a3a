//! What can go wrong with the page store and the crawl lock.

use std::path::PathBuf;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory does not exist and cannot be created.
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        /// The data directory.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// SQLite failed: an unreadable, locked or corrupt database file.
    #[error("page store {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database was written by a newer firststop whose schema this one does not know.
    #[error(
        "page store {path} was written by a newer firststop (schema {found}, this one knows {known})"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema version this build reads.
        known: i64,
    },
    /// [`PageStore::open_read_only`](crate::PageStore::open_read_only) found no database: nothing was crawled yet.
    #[error("no page store at {path}: run `firststop crawl` first")]
    Missing {
        /// Where the database was expected.
        path: PathBuf,
    },
    /// Another crawl holds the data directory's crawl lock.
    #[error("another crawl is running on {data_dir} ({holder}): wait for it to finish or stop it")]
    Busy {
        /// The data directory.
        data_dir: PathBuf,
        /// Who holds the lock, as it wrote itself into the lock file (`pid 4242, started
        /// 2026-11-30T17:40:00Z`).
        holder: String,
    },
    /// The crawl lock file cannot be created, read or locked.
    #[error("cannot use the crawl lock {path}: {source}")]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}
