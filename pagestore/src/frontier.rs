//! The crawl frontier: URLs waiting to be fetched in the current crawl, kept beside the pages so a
//! crawl that is killed resumes with the same queue.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Error;

/// A URL waiting in the frontier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedUrl {
    pub url: String,
    /// Hops from a seed or sitemap.
    pub depth: u32,
}

pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS crawls (
             id INTEGER PRIMARY KEY,
             started INTEGER NOT NULL,
             finished INTEGER
         );
         CREATE TABLE IF NOT EXISTS frontier (
             url TEXT PRIMARY KEY,
             depth INTEGER NOT NULL,
             done INTEGER NOT NULL DEFAULT 0,
             seq INTEGER NOT NULL
         );
         CREATE INDEX IF NOT EXISTS frontier_queued ON frontier(done, seq);",
    )
}

/// The frontier of the store's current crawl.
pub struct Frontier<'a> {
    conn: &'a mut Connection,
    path: &'a Path,
}

/// How a crawl started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A new crawl with an empty frontier.
    Fresh { crawl: i64 },
    /// The previous crawl did not finish; its queue is still there.
    Resumed { crawl: i64 },
}

impl<'a> Frontier<'a> {
    pub(crate) fn new(conn: &'a mut Connection, path: &'a Path) -> Frontier<'a> {
        Frontier { conn, path }
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sqlite {
            path: self.path.to_owned(),
            source,
        }
    }

    /// Resumes an unfinished crawl, or starts a new one with an empty frontier.
    pub fn begin(&mut self, now: i64) -> Result<Start, Error> {
        let path = self.path.to_owned();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let open: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM crawls WHERE finished IS NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if let Some(crawl) = open {
            return Ok(Start::Resumed { crawl });
        }
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute("DELETE FROM frontier", []).map_err(sql)?;
        tx.execute("INSERT INTO crawls (started) VALUES (?1)", [now])
            .map_err(sql)?;
        let crawl = tx.last_insert_rowid();
        tx.commit().map_err(sql)?;
        Ok(Start::Fresh { crawl })
    }

    /// Marks the current crawl finished: the next `begin` starts afresh.
    pub fn finish(&mut self, now: i64) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE crawls SET finished = ?1 WHERE finished IS NULL",
                [now],
            )
            .map(drop)
            .map_err(self.sql())
    }

    /// Adds URLs not yet seen in this crawl; returns how many were new.
    pub fn enqueue(&mut self, urls: &[QueuedUrl]) -> Result<usize, Error> {
        let path = self.path.to_owned();
        let tx = self.conn.transaction().map_err(|source| Error::Sqlite {
            path: path.clone(),
            source,
        })?;
        let added = enqueue_in(&tx, urls).map_err(|source| Error::Sqlite {
            path: path.clone(),
            source,
        })?;
        tx.commit()
            .map_err(|source| Error::Sqlite { path, source })?;
        Ok(added)
    }

    /// URLs still waiting, in the order they were found.
    pub fn queued(&self) -> Result<Vec<QueuedUrl>, Error> {
        self.conn
            .prepare("SELECT url, depth FROM frontier WHERE done = 0 ORDER BY seq")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(QueuedUrl {
                        url: r.get(0)?,
                        depth: r.get(1)?,
                    })
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Whether `url` was queued or fetched in this crawl.
    pub fn contains(&self, url: &str) -> Result<bool, Error> {
        self.conn
            .query_row("SELECT 1 FROM frontier WHERE url = ?1", [url], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(self.sql())
    }

    /// Every URL of this crawl, queued or done, in the order found: what a resumed crawl needs
    /// to rebuild its view of the frontier.
    pub fn entries(&self) -> Result<Vec<(QueuedUrl, bool)>, Error> {
        self.conn
            .prepare("SELECT url, depth, done FROM frontier ORDER BY seq")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok((
                        QueuedUrl {
                            url: r.get(0)?,
                            depth: r.get(1)?,
                        },
                        r.get::<_, i64>(2)? != 0,
                    ))
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Number of URLs fetched (done) in this crawl.
    pub fn done_count(&self) -> Result<usize, Error> {
        self.conn
            .query_row("SELECT COUNT(*) FROM frontier WHERE done = 1", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(self.sql())
    }
}

pub(crate) fn enqueue_in(conn: &Connection, urls: &[QueuedUrl]) -> rusqlite::Result<usize> {
    let mut seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM frontier", [], |r| {
        r.get(0)
    })?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO frontier (url, depth, seq) VALUES (?1, ?2, ?3)")?;
    let mut added = 0;
    for u in urls {
        seq += 1;
        added += insert.execute(params![u.url, u.depth, seq])?;
    }
    Ok(added)
}

pub(crate) fn mark_done_in(conn: &Connection, url: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO frontier (url, depth, done, seq) VALUES (?1, 0, 1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM frontier))
         ON CONFLICT(url) DO UPDATE SET done = 1",
        [url],
    )
    .map(drop)
}
