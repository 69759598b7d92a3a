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

mod error;
mod frontier;
mod lock;
mod page;
mod robots;
mod snapshot;

use std::path::{Path, PathBuf};

pub use error::Error;
pub use frontier::{Frontier, QueuedUrl, Start};
pub use lock::{CrawlLock, LOCK_FILE_NAME};
pub use page::{Page, PageSection, PageState};
pub use robots::RobotsCopy;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
pub use snapshot::{Batches, PageKey, Snapshot};

/// The database file inside the data directory.
pub const FILE_NAME: &str = "pages.db";

/// Version 2 added `request_url`, `gone_streak` and `next_check` to pages, `request_url` to the
/// frontier and the robots.txt table.
const SCHEMA_VERSION: i64 = 2;

/// One fetch's outcome for [`PageStore::record_fetch`].
#[derive(Debug, Default)]
pub struct Fetched<'a> {
    /// URLs (keys) this fetch settles: the one requested and any it was redirected through.
    pub done: &'a [&'a str],
    /// The page row to write, if the fetch produced one.
    pub page: Option<&'a Page>,
    /// `(from, to, http_status)` for each redirect followed.
    pub redirects: &'a [(&'a str, &'a str, u16)],
    /// URLs found by this fetch, to queue in the frontier.
    pub discovered: &'a [QueuedUrl],
    /// When the fetch finished, in unix seconds.
    pub now: i64,
}

/// A stored URL without its content: what a crawl needs to decide whether to visit it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSummary {
    /// The page's key ([`Page::url`]).
    pub url: String,
    /// Where it stands.
    pub state: PageState,
    /// The URL to request, when it differs from `url` ([`Page::request_url`]).
    pub request_url: Option<String>,
}

/// The SQLite page store.
pub struct PageStore {
    conn: Connection,
    path: PathBuf,
}

impl PageStore {
    /// Opens (creating when needed) the store under `data_dir`, upgrading an older schema.
    ///
    /// # Errors
    /// [`Error::CreateDir`] when the directory cannot be created, [`Error::Sqlite`] when the
    /// database cannot be opened or upgraded, [`Error::NewerSchema`] when a newer firststop
    /// wrote it.
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
    ///
    /// # Errors
    /// [`Error::Missing`] when there is no database, [`Error::Sqlite`] when it cannot be opened.
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

    /// The database file.
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
                known: SCHEMA_VERSION,
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
                     last_error TEXT,
                     request_url TEXT,
                     gone_streak INTEGER NOT NULL DEFAULT 0,
                     next_check INTEGER
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
        if version == 1 {
            // Schema 2 added the URL as requested and the dead-link backoff.
            self.conn
                .execute_batch(
                    "ALTER TABLE pages ADD COLUMN request_url TEXT;
                     ALTER TABLE pages ADD COLUMN gone_streak INTEGER NOT NULL DEFAULT 0;
                     ALTER TABLE pages ADD COLUMN next_check INTEGER;",
                )
                .map_err(self.sql())?;
        }
        frontier::migrate(&self.conn, version).map_err(self.sql())?;
        robots::migrate(&self.conn).map_err(self.sql())?;
        self.conn
            .execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .map_err(self.sql())?;
        Ok(())
    }

    /// The stored page whose key is `url`, if any.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written.
    pub fn put(&mut self, page: &Page) -> Result<(), Error> {
        let path = self.path.clone();
        page::upsert(&self.conn, page).map_err(|source| Error::Sqlite { path, source })
    }

    /// Records that `from` redirects to `to` with `http_status`, seen at `now` (unix seconds).
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn indexable_pages(&self) -> Result<Vec<Page>, Error> {
        self.conn
            .prepare(&format!(
                "SELECT {} FROM pages WHERE state = 'fetched' AND noindex = 0 ORDER BY url",
                page::COLUMNS
            ))
            .and_then(|mut s| s.query_map([], page::from_row)?.collect())
            .map_err(self.sql())
    }

    /// A consistent view for reading the indexable pages in several passes
    /// ([`Snapshot::indexable_keys`], then [`Snapshot::indexable_batches`]) without holding them
    /// all in memory: a crawl writing meanwhile is seen neither half-way nor at all.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when a read transaction cannot be started.
    pub fn snapshot(&self) -> Result<Snapshot<'_>, Error> {
        let tx = self.conn.unchecked_transaction().map_err(self.sql())?;
        Ok(Snapshot::new(tx, &self.path))
    }

    /// Every stored page, in URL order.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn all_pages(&self) -> Result<Vec<Page>, Error> {
        self.conn
            .prepare(&format!("SELECT {} FROM pages ORDER BY url", page::COLUMNS))
            .and_then(|mut s| s.query_map([], page::from_row)?.collect())
            .map_err(self.sql())
    }

    /// Every stored page without its content, in URL order: cheap enough to list a large store.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn summaries(&self) -> Result<Vec<PageSummary>, Error> {
        self.conn
            .prepare("SELECT url, state, request_url FROM pages ORDER BY url")
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(PageSummary {
                        url: r.get(0)?,
                        state: PageState::parse(&r.get::<_, String>(1)?),
                        request_url: r.get(2)?,
                    })
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// Number of pages per state (`(state, count)`, by state name).
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
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
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written; nothing of the fetch is recorded.
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

    /// The robots.txt copy last stored for `origin` (`scheme://host[:port]`), if any.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn robots_copy(&self, origin: &str) -> Result<Option<RobotsCopy>, Error> {
        robots::get(&self.conn, origin).map_err(self.sql())
    }

    /// Stores (or replaces) the robots.txt copy of `copy.origin`.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be written.
    pub fn put_robots_copy(&mut self, copy: &RobotsCopy) -> Result<(), Error> {
        robots::put(&self.conn, copy).map_err(self.sql())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_pages_without_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        let mut gone = Page::new("https://x.test/b?a=1&b=2", "311", 1);
        gone.state = PageState::Gone;
        gone.request_url = Some("https://x.test/b?b=2&a=1".into());
        store.put(&Page::new("https://x.test/a", "311", 1)).unwrap();
        store.put(&gone).unwrap();
        assert_eq!(
            store.summaries().unwrap(),
            [
                PageSummary {
                    url: "https://x.test/a".into(),
                    state: PageState::Fetched,
                    request_url: None
                },
                PageSummary {
                    url: "https://x.test/b?a=1&b=2".into(),
                    state: PageState::Gone,
                    request_url: Some("https://x.test/b?b=2&a=1".into())
                }
            ]
        );
    }

    #[test]
    fn keeps_the_backoff_of_a_dead_link() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        let mut dead = Page::new("https://x.test/dead", "311", 1);
        dead.state = PageState::Gone;
        dead.gone_streak = 3;
        dead.next_check = Some(1_700_000_000);
        store.put(&dead).unwrap();
        assert_eq!(store.get(&dead.url).unwrap(), Some(dead));
    }

    #[test]
    fn keeps_robots_copies_per_origin() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        let copy = RobotsCopy {
            origin: "https://x.test".into(),
            fetched: 100,
            status: 200,
            body: b"User-agent: *\nDisallow: /private\n".to_vec(),
        };
        store.put_robots_copy(&copy).unwrap();
        let newer = RobotsCopy {
            fetched: 200,
            status: 404,
            body: Vec::new(),
            ..copy.clone()
        };
        store.put_robots_copy(&newer).unwrap();
        assert_eq!(store.robots_copy("https://x.test").unwrap(), Some(newer));
        assert_eq!(store.robots_copy("https://y.test").unwrap(), None);
    }

    #[test]
    fn upgrades_a_schema_1_store_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE pages (url TEXT PRIMARY KEY, state TEXT NOT NULL, http_status INTEGER,
                 bureau TEXT NOT NULL, section TEXT, lang TEXT, title TEXT NOT NULL DEFAULT '',
                 description TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '',
                 sections TEXT NOT NULL DEFAULT '[]', outlinks TEXT NOT NULL DEFAULT '[]',
                 canonical TEXT, noindex INTEGER NOT NULL DEFAULT 0, content_type TEXT, etag TEXT,
                 last_modified TEXT, content_hash TEXT, bytes INTEGER, published TEXT,
                 first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
                 last_changed INTEGER NOT NULL, last_error TEXT);
             CREATE TABLE frontier (url TEXT PRIMARY KEY, depth INTEGER NOT NULL,
                 done INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
             INSERT INTO pages (url, state, bureau, title, first_seen, last_seen, last_changed)
                 VALUES ('https://x.test/a', 'fetched', '311', 'Old row', 1, 1, 1);
             INSERT INTO frontier (url, depth, seq) VALUES ('https://x.test/b', 1, 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(conn);
        let mut store = PageStore::open(dir.path()).unwrap();
        let old = store.get("https://x.test/a").unwrap().unwrap();
        assert_eq!(
            (old.title.as_str(), old.gone_streak, old.next_check),
            ("Old row", 0, None)
        );
        let queued = store.frontier().queued().unwrap();
        assert_eq!(queued[0].request(), "https://x.test/b");
        store
            .put_robots_copy(&RobotsCopy {
                origin: "https://x.test".into(),
                fetched: 1,
                status: 404,
                body: Vec::new(),
            })
            .unwrap();
    }

    #[test]
    fn frontier_entries_list_queued_and_done_urls_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        store.frontier().begin(1).unwrap();
        let queued = |url: &str, depth| QueuedUrl {
            url: url.to_owned(),
            request_url: None,
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
