//! The crawl frontier: URLs waiting to be fetched in the current crawl, kept beside the pages so a
//! crawl that is killed resumes with the same queue.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Error;

/// A URL waiting in the frontier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedUrl {
    /// The page's identity (`config::url_identity::UrlKey`): what "seen in this crawl" means.
    pub url: String,
    /// The URL to request, when it differs from `url`: the link as written, query order kept.
    pub request_url: Option<String>,
    /// Hops from a seed or sitemap.
    pub depth: u32,
}

impl QueuedUrl {
    /// The URL to send: `request_url` when set, else `url`.
    pub fn request(&self) -> &str {
        self.request_url.as_deref().unwrap_or(&self.url)
    }
}

pub(crate) fn migrate(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    if version == 1 {
        conn.execute_batch("ALTER TABLE frontier ADD COLUMN request_url TEXT;")?;
    }
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
             seq INTEGER NOT NULL,
             request_url TEXT
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
    Fresh {
        /// The crawl's id (row of the `crawls` table).
        crawl: i64,
    },
    /// The previous crawl did not finish; its queue is still there.
    Resumed {
        /// The unfinished crawl's id.
        crawl: i64,
    },
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

    /// Resumes an unfinished crawl, or starts a new one with an empty frontier; `now` in unix
    /// seconds.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read or written.
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

    /// Marks the current crawl finished at `now` (unix seconds): the next `begin` starts afresh.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn queued(&self) -> Result<Vec<QueuedUrl>, Error> {
        self.conn
            .prepare("SELECT url, depth, request_url FROM frontier WHERE done = 0 ORDER BY seq")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(QueuedUrl {
                        url: r.get(0)?,
                        depth: r.get(1)?,
                        request_url: r.get(2)?,
                    })
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Whether `url` (a key) was queued or fetched in this crawl.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn contains(&self, url: &str) -> Result<bool, Error> {
        self.conn
            .query_row("SELECT 1 FROM frontier WHERE url = ?1", [url], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(self.sql())
    }

    /// Every URL of this crawl, queued or done, in the order found: what a resumed crawl needs
    /// to rebuild its view of the frontier. The flag is `true` for URLs already done.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn entries(&self) -> Result<Vec<(QueuedUrl, bool)>, Error> {
        self.conn
            .prepare("SELECT url, depth, done, request_url FROM frontier ORDER BY seq")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok((
                        QueuedUrl {
                            url: r.get(0)?,
                            depth: r.get(1)?,
                            request_url: r.get(3)?,
                        },
                        r.get::<_, i64>(2)? != 0,
                    ))
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Number of URLs fetched (done) in this crawl.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
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
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO frontier (url, depth, seq, request_url) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut added = 0;
    for u in urls {
        seq += 1;
        added += insert.execute(params![u.url, u.depth, seq, u.request_url])?;
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
