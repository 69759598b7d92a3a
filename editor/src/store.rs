//! The history: every revision of every article file and rule file, in `data/editor.db`
//! (SQLite, WAL).
//!
//! A revision is written before its file, marked pending, and marked done once the file is in
//! place; [`History::settle`] finishes or drops the pending ones a crash left behind, so the
//! history names exactly the versions that were ever live.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::Error;

/// The history database's file name under the data directory.
pub const DB_FILE: &str = "editor.db";

/// Who stands for changes found on disk that the workspace did not make (an edit through `git`
/// or a text editor, seen when the server starts).
pub const FILES_AUTHOR: &str = "(files)";

/// What a revision did to its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RevStatus {
    /// The file was written with `status = "published"` (or no status).
    Published,
    /// The file was written with `status = "draft"`: kept, never served.
    Draft,
    /// The file was removed: the article is no longer served; its last text is kept here.
    Unpublished,
    /// A rule file (synonyms, best bets, referrals, topics) was written.
    Rules,
}

impl RevStatus {
    /// The lowercase name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            RevStatus::Published => "published",
            RevStatus::Draft => "draft",
            RevStatus::Unpublished => "unpublished",
            RevStatus::Rules => "rules",
        }
    }

    fn parse(s: &str) -> RevStatus {
        match s {
            "draft" => RevStatus::Draft,
            "unpublished" => RevStatus::Unpublished,
            "rules" => RevStatus::Rules,
            _ => RevStatus::Published,
        }
    }
}

/// One revision of a file.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// 1, 2, 3... per file.
    pub rev: i64,
    /// The account that made it, or [`FILES_AUTHOR`].
    pub author: String,
    /// When, UTC, to the second.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What it did.
    pub status: RevStatus,
    /// The file's whole text after it (for `unpublished`, the text that was removed).
    #[serde(skip)]
    pub source: String,
    /// A note: `revert to 3`, `unpublish`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The history database.
pub struct History {
    conn: Connection,
    path: PathBuf,
}

impl History {
    /// Opens (or creates) `data_dir/editor.db`.
    ///
    /// # Errors
    /// [`Error::Internal`] when the folder or the database cannot be created or opened.
    pub fn open(data_dir: &Path) -> Result<History, Error> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| Error::internal(format!("cannot create {}: {e}", data_dir.display())))?;
        let path = data_dir.join(DB_FILE);
        let conn = Connection::open(&path).map_err(|e| db(&path, e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS revisions (
                 file    TEXT NOT NULL,
                 rev     INTEGER NOT NULL,
                 author  TEXT NOT NULL,
                 at      INTEGER NOT NULL,
                 status  TEXT NOT NULL,
                 source  TEXT NOT NULL,
                 note    TEXT NOT NULL DEFAULT '',
                 pending INTEGER NOT NULL DEFAULT 0,
                 PRIMARY KEY (file, rev)
             );",
        )
        .map_err(|e| db(&path, e))?;
        Ok(History { conn, path })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |e| db(&self.path, e)
    }

    /// Adds a pending revision of `file` after its latest one and returns its number.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn begin(
        &self,
        file: &str,
        author: &str,
        status: RevStatus,
        source: &str,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<i64, Error> {
        let rev: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(rev), 0) + 1 FROM revisions WHERE file = ?1",
                [file],
                |r| r.get(0),
            )
            .map_err(self.err())?;
        self.conn
            .execute(
                "INSERT INTO revisions (file, rev, author, at, status, source, note, pending)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
                params![
                    file,
                    rev,
                    author,
                    at.unix_timestamp(),
                    status.as_str(),
                    source,
                    note
                ],
            )
            .map_err(self.err())?;
        Ok(rev)
    }

    /// Marks revision `rev` of `file` done: its file is in place.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn commit(&self, file: &str, rev: i64) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE revisions SET pending = 0 WHERE file = ?1 AND rev = ?2",
                params![file, rev],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Drops pending revision `rev` of `file`: its file was not written.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn abandon(&self, file: &str, rev: i64) -> Result<(), Error> {
        self.conn
            .execute(
                "DELETE FROM revisions WHERE file = ?1 AND rev = ?2 AND pending = 1",
                params![file, rev],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Finishes what a crash cut short: each pending revision is marked done when `on_disk`
    /// (the file's text now, `None` when absent) shows it took place, and dropped otherwise.
    /// Returns how many were done and dropped.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn settle(
        &self,
        on_disk: impl Fn(&str) -> Option<String>,
    ) -> Result<(usize, usize), Error> {
        let pending: Vec<(String, i64, String, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT file, rev, status, source FROM revisions WHERE pending = 1")
                .map_err(self.err())?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(self.err())?
                .collect::<Result<_, _>>()
                .map_err(self.err())?
        };
        let (mut done, mut dropped) = (0, 0);
        for (file, rev, status, source) in pending {
            let now = on_disk(&file);
            let happened = match RevStatus::parse(&status) {
                RevStatus::Unpublished => now.is_none(),
                _ => now.as_deref() == Some(source.as_str()),
            };
            if happened {
                self.commit(&file, rev)?;
                done += 1;
            } else {
                self.abandon(&file, rev)?;
                dropped += 1;
            }
        }
        Ok((done, dropped))
    }

    /// The revisions of `file` that took place, oldest first.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn revisions(&self, file: &str) -> Result<Vec<Revision>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rev, author, at, status, source, note FROM revisions
                 WHERE file = ?1 AND pending = 0 ORDER BY rev",
            )
            .map_err(self.err())?;
        stmt.query_map([file], revision)
            .map_err(self.err())?
            .collect::<Result<_, _>>()
            .map_err(self.err())
    }

    /// Revision `rev` of `file`, when it took place.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn revision(&self, file: &str, rev: i64) -> Result<Option<Revision>, Error> {
        self.conn
            .query_row(
                "SELECT rev, author, at, status, source, note FROM revisions
                 WHERE file = ?1 AND rev = ?2 AND pending = 0",
                params![file, rev],
                revision,
            )
            .optional()
            .map_err(self.err())
    }

    /// The latest revision of every file, by file name.
    ///
    /// # Errors
    /// [`Error::Internal`] when the database fails.
    pub fn latest(&self) -> Result<Vec<(String, Revision)>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.file, r.rev, r.author, r.at, r.status, r.source, r.note
                 FROM revisions r
                 JOIN (SELECT file, MAX(rev) AS rev FROM revisions WHERE pending = 0 GROUP BY file) m
                   ON m.file = r.file AND m.rev = r.rev
                 ORDER BY r.file",
            )
            .map_err(self.err())?;
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Revision {
                    rev: r.get(1)?,
                    author: r.get(2)?,
                    at: from_unix(r.get(3)?),
                    status: RevStatus::parse(&r.get::<_, String>(4)?),
                    source: r.get(5)?,
                    note: r.get(6)?,
                },
            ))
        })
        .map_err(self.err())?
        .collect::<Result<_, _>>()
        .map_err(self.err())
    }
}

fn revision(r: &rusqlite::Row<'_>) -> rusqlite::Result<Revision> {
    Ok(Revision {
        rev: r.get(0)?,
        author: r.get(1)?,
        at: from_unix(r.get(2)?),
        status: RevStatus::parse(&r.get::<_, String>(3)?),
        source: r.get(4)?,
        note: r.get(5)?,
    })
}

fn from_unix(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn db(path: &Path, e: rusqlite::Error) -> Error {
    Error::internal(format!("history database {}: {e}", path.display()))
}
