//! Polite, incremental crawling of the city's websites into the page store.
//!
//! A [`Crawler`] takes the validated [`config::Config`] and a data directory, and crawls every
//! configured site from its seeds and sitemaps into [`pagestore::PageStore`], which the indexer
//! reads. One crawl runs per data directory at a time ([`pagestore::CrawlLock`]). The stages, one
//! module each:
//!
//! - URL identity comes from [`config::url_identity`]: a link is requested (and checked against
//!   robots.txt) as linked, and deduplicated by its key.
//! - [`frontier`]: which pages this crawl has seen and queued, per host, within depth and
//!   query-variant limits; mirrored on disk by the page store so a killed crawl resumes.
//! - [`robots`]: RFC 9309 robots.txt, cached in the page store for a day. [`host`]: per-host
//!   politeness (one request in flight, `min_delay` or `Crawl-delay`, backing off on 429/503).
//! - [`fetch`]: one HTTP request (conditional headers, byte cap, no automatic redirects).
//! - [`sitemap`]: XML sitemaps and indexes, text sitemaps, RSS and Atom feeds, with `lastmod`.
//! - [`charset`], [`extract`], [`lang`]: bytes to text as the HTML Standard decodes them, text to
//!   title, main content, sections, links, refresh and metadata, and the page's language.
//! - [`similar`]: whether two pages say the same thing (a canonical link is only a hint).
//! - [`store`]: an outcome to a stored row, with the incremental rules (304, unchanged hash, gone
//!   and its backoff).
//!
//! The crawl loop itself is private: one scheduler owns the store and the frontier; fetches run as
//! tasks and every result is written in one transaction. A page that fails is data (logged with
//! `warn!` and counted in the [`CrawlReport`]); only setup failures are an [`Error`]. Logs carry a
//! `crawl` span and, for each host's work, a `host` span.
//!
//! ```no_run
//! # async fn crawl() -> Result<(), crawler::Error> {
//! let config = config::Config::load("firststop.toml".as_ref()).expect("valid config");
//! let crawler = crawler::Crawler::new(config, "data".as_ref(), crawler::Progress::for_stderr())?;
//! let report = crawler.run().await?;
//! println!("{report}");
//! # Ok(())
//! # }
//! ```

pub mod charset;
mod crawl;
pub mod extract;
pub mod fetch;
pub mod frontier;
pub mod host;
pub mod lang;
mod progress;
mod report;
pub mod robots;
pub mod similar;
pub mod sitemap;
pub mod store;

use std::path::{Path, PathBuf};

pub use progress::Progress;
pub use report::{CrawlReport, HostReport};

/// Why a crawl could not run. Failures of single pages are never errors: they are in the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory cannot hold the page store (unwritable, not a directory, corrupt store).
    #[error("cannot use the page store in {data_dir}: {source}")]
    Store {
        /// The data directory.
        data_dir: PathBuf,
        /// What the page store said.
        source: pagestore::Error,
    },
    /// Another crawl is running on the same data directory.
    #[error("another crawl is running on {data_dir} ({holder}): wait for it to finish or stop it")]
    AlreadyRunning {
        /// The data directory.
        data_dir: PathBuf,
        /// The running crawl, as it describes itself (`pid 4242, started 2026-11-30T17:40:00Z`).
        holder: String,
    },
    /// The config names no site to crawl.
    #[error("the config has no [[sites]] to crawl")]
    NoSites,
    /// Not one request got an HTTP answer.
    #[error("no site could be reached ({hosts}): {reason}")]
    NoSiteReachable {
        /// The configured hosts, comma-separated.
        hosts: String,
        /// The first failure.
        reason: String,
    },
    /// The HTTP client could not be built (TLS setup).
    #[error("cannot set up the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// A bug or a broken runtime, not the user's doing.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A crawl, ready to run. It holds the data directory's crawl lock until it is dropped or has run.
pub struct Crawler {
    config: config::Config,
    store: pagestore::PageStore,
    lock: pagestore::CrawlLock,
    data_dir: PathBuf,
    fetcher: fetch::Fetcher,
    progress: Progress,
}

impl Crawler {
    /// Takes the data directory's crawl lock, opens (or creates) the page store under `data_dir`
    /// and sets up the HTTP client.
    ///
    /// # Errors
    /// [`Error::NoSites`] for a config without sites, [`Error::AlreadyRunning`] when another
    /// crawl holds the data directory, [`Error::Store`] when the store cannot be opened,
    /// [`Error::Client`] when the HTTP client cannot be built.
    pub fn new(
        config: config::Config,
        data_dir: &Path,
        progress: Progress,
    ) -> Result<Crawler, Error> {
        if config.sites.is_empty() {
            return Err(Error::NoSites);
        }
        let store_error = |source| Error::Store {
            data_dir: data_dir.to_owned(),
            source,
        };
        let lock = pagestore::CrawlLock::acquire(data_dir).map_err(|e| match e {
            pagestore::Error::Busy { data_dir, holder } => {
                Error::AlreadyRunning { data_dir, holder }
            }
            other => store_error(other),
        })?;
        let store = pagestore::PageStore::open(data_dir).map_err(store_error)?;
        let fetcher = fetch::Fetcher::new(&config.crawl.user_agent, config.crawl.request_timeout)
            .map_err(Error::Client)?;
        Ok(Crawler {
            config,
            store,
            lock,
            data_dir: data_dir.to_owned(),
            fetcher,
            progress,
        })
    }
}
