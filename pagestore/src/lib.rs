//! The page store: what the crawler found, one row per URL, in an embedded SQLite database under the
//! data directory. The crawler writes it; the indexer reads it. Nothing else is shared between them.
//!
//! Every write is its own transaction (SQLite in WAL mode), so killing the crawler at any moment
//! loses at most the page it was fetching.
//!
//! ```
//! use pagestore::{Page, PageState, PageStore};
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = PageStore::open(dir.path()).unwrap();
//! let mut page = Page::new("https://www.portland.gov/water", "water", 1_700_000_000);
//! page.title = "Portland Water Bureau".into();
//! page.text = "Pay your water bill.".into();
//! store.put(&page).unwrap();
//! let indexable: Vec<Page> = store.indexable_pages().unwrap();
//! assert_eq!(indexable[0].title, "Portland Water Bureau");
//! ```

mod frontier;
mod page;

use std::path::{Path, PathBuf};

pub use frontier::{Frontier, QueuedUrl, Start};
pub use page::{Page, PageSection, PageState};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

/// The database file inside the data directory.
pub const FILE_NAME: &str = "pages.db";

const SCHEMA_VERSION: i64 = 1;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("page store {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "page store {path} was written by a newer firststop (schema {found}, this one knows {SCHEMA_VERSION})"
    )]
    NewerSchema { path: PathBuf, found: i64 },
    #[error("no page store at {path}: run `firststop crawl` first")]
    Missing { path: PathBuf },
}

/// One fetch's outcome for [`PageStore::record_fetch`].
#[derive(Debug, Default)]
pub struct Fetched<'a> {
    /// URLs this fetch settles: the one requested and any it was redirected through.
    pub done: &'a [&'a str],
    pub page: Option<&'a Page>,
    /// `(from, to, http_status)` for each redirect followed.
    pub redirects: &'a [(&'a str, &'a str, u16)],
    pub discovered: &'a [QueuedUrl],
    pub now: i64,
}

/// The SQLite page store.
pub struct PageStore {
    conn: Connection,
    path: PathBuf,
}

impl PageStore {
    /// Opens (creating when needed) the store under `data_dir`.
    pub fn open(data_dir: &Path) -> Result<PageStore, Error> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::CreateDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(FILE_NAME);
        let conn = Connection::open(&path).map_err(|source| Error::Sqlite {
            path: path.clone(),
            source,
        })?;
        let store = PageStore { conn, path };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; never creates one.
    pub fn open_read_only(data_dir: &Path) -> Result<PageStore, Error> {
        let path = data_dir.join(FILE_NAME);
        if !path.exists() {
            return Err(Error::Missing { path });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| Error::Sqlite {
            path: path.clone(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|source| Error::Sqlite {
                path: path.clone(),
                source,
            })?;
        Ok(PageStore { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn migrate(&self) -> Result<(), Error> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.sql())?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found: version,
            });
        }
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA busy_timeout = 10000;
                 CREATE TABLE IF NOT EXISTS pages (
                     url TEXT PRIMARY KEY,
                     state TEXT NOT NULL,
                     http_status INTEGER,
                     bureau TEXT NOT NULL,
                     section TEXT,
                     lang TEXT,
                     title TEXT NOT NULL DEFAULT '',
                     description TEXT NOT NULL DEFAULT '',
                     text TEXT NOT NULL DEFAULT '',
                     sections TEXT NOT NULL DEFAULT '[]',
                     outlinks TEXT NOT NULL DEFAULT '[]',
                     canonical TEXT,
                     noindex INTEGER NOT NULL DEFAULT 0,
                     content_type TEXT,
                     etag TEXT,
                     last_modified TEXT,
                     content_hash TEXT,
                     bytes INTEGER,
                     published TEXT,
                     first_seen INTEGER NOT NULL,
                     last_seen INTEGER NOT NULL,
                     last_changed INTEGER NOT NULL,
                     last_error TEXT
                 );
                 CREATE INDEX IF NOT EXISTS pages_state ON pages(state);
                 CREATE TABLE IF NOT EXISTS redirects (
                     from_url TEXT PRIMARY KEY,
                     to_url TEXT NOT NULL,
                     http_status INTEGER NOT NULL,
                     seen INTEGER NOT NULL
                 );",
            )
            .map_err(self.sql())?;
        frontier::migrate(&self.conn).map_err(self.sql())?;
        self.conn
            .execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .map_err(self.sql())?;
        Ok(())
    }

    /// The stored page for `url`, if any.
    pub fn get(&self, url: &str) -> Result<Option<Page>, Error> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM pages WHERE url = ?1",
                page::COLUMNS
            ))
            .and_then(|mut s| s.query_row([url], page::from_row).optional())
            .map_err(self.sql())
    }

    /// Inserts or replaces the row for `page.url`, in one transaction.
    pub fn put(&mut self, page: &Page) -> Result<(), Error> {
        let path = self.path.clone();
        page::upsert(&self.conn, page).map_err(|source| Error::Sqlite { path, source })
    }

    /// Records that `from` redirects to `to`.
    pub fn put_redirect(
        &mut self,
        from: &str,
        to: &str,
        http_status: u16,
        now: i64,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO redirects (from_url, to_url, http_status, seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(from_url) DO UPDATE SET to_url = ?2, http_status = ?3, seen = ?4",
                params![from, to, http_status, now],
            )
            .map(drop)
            .map_err(self.sql())
    }

    /// Where `from` was last seen to redirect.
    pub fn redirect_target(&self, from: &str) -> Result<Option<String>, Error> {
        self.conn
            .query_row(
                "SELECT to_url FROM redirects WHERE from_url = ?1",
                [from],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.sql())
    }

    /// Pages that may be searched: fetched, HTML, not gone and not marked noindex; by URL.
    pub fn indexable_pages(&self) -> Result<Vec<Page>, Error> {
        self.conn
            .prepare(&format!(
                "SELECT {} FROM pages WHERE state = 'fetched' AND noindex = 0 ORDER BY url",
                page::COLUMNS
            ))
            .and_then(|mut s| s.query_map([], page::from_row)?.collect())
            .map_err(self.sql())
    }

    /// Every stored page, in URL order.
    pub fn all_pages(&self) -> Result<Vec<Page>, Error> {
        self.conn
            .prepare(&format!("SELECT {} FROM pages ORDER BY url", page::COLUMNS))
            .and_then(|mut s| s.query_map([], page::from_row)?.collect())
            .map_err(self.sql())
    }

    /// URL and state of every stored page, without the content: cheap enough to list a large store.
    pub fn page_states(&self) -> Result<Vec<(String, PageState)>, Error> {
        self.conn
            .prepare("SELECT url, state FROM pages ORDER BY url")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok((r.get(0)?, PageState::parse(&r.get::<_, String>(1)?)))
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Number of pages per state.
    pub fn count_by_state(&self) -> Result<Vec<(String, usize)>, Error> {
        self.conn
            .prepare("SELECT state, COUNT(*) FROM pages GROUP BY state ORDER BY state")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
                    .collect()
            })
            .map_err(self.sql())
    }

    /// Records one finished fetch in a single transaction: the page (if any), the redirect that led
    /// to it (if any), `done` marked fetched, and the newly discovered URLs queued. Returns how many
    /// of `discovered` were new to this crawl.
    pub fn record_fetch(&mut self, fetch: &Fetched<'_>) -> Result<usize, Error> {
        let path = self.path.clone();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        if let Some(page) = fetch.page {
            page::upsert(&tx, page).map_err(sql)?;
        }
        for (from, to, status) in fetch.redirects {
            tx.execute(
                "INSERT INTO redirects (from_url, to_url, http_status, seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(from_url) DO UPDATE SET to_url = ?2, http_status = ?3, seen = ?4",
                params![from, to, status, fetch.now],
            )
            .map_err(sql)?;
        }
        for url in fetch.done {
            frontier::mark_done_in(&tx, url).map_err(sql)?;
        }
        let added = frontier::enqueue_in(&tx, fetch.discovered).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(added)
    }

    /// The crawl frontier kept in the same database, so a killed crawl resumes where it stopped.
    pub fn frontier(&mut self) -> Frontier<'_> {
        Frontier::new(&mut self.conn, &self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_page_states_without_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        let mut gone = Page::new("https://x.test/b", "311", 1);
        gone.state = PageState::Gone;
        store.put(&Page::new("https://x.test/a", "311", 1)).unwrap();
        store.put(&gone).unwrap();
        assert_eq!(
            store.page_states().unwrap(),
            [
                ("https://x.test/a".to_owned(), PageState::Fetched),
                ("https://x.test/b".to_owned(), PageState::Gone)
            ]
        );
    }

    #[test]
    fn frontier_entries_list_queued_and_done_urls_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        store.frontier().begin(1).unwrap();
        let queued = |url: &str, depth| QueuedUrl {
            url: url.to_owned(),
            depth,
        };
        store
            .frontier()
            .enqueue(&[queued("https://x.test/", 0), queued("https://x.test/a", 1)])
            .unwrap();
        store
            .record_fetch(&Fetched {
                done: &["https://x.test/"],
                now: 2,
                ..Fetched::default()
            })
            .unwrap();
        assert_eq!(
            store.frontier().entries().unwrap(),
            [
                (queued("https://x.test/", 0), true),
                (queued("https://x.test/a", 1), false)
            ]
        );
    }
}
