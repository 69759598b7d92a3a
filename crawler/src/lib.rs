//! Polite, incremental crawling of the city's websites into the page store.
//!
//! A [`Crawler`] takes the validated [`config::Config`] and a data directory, and crawls every
//! configured site from its seeds and sitemaps into [`pagestore::PageStore`], which the indexer
//! reads. The stages, one module each:
//!
//! - [`normalize`]: one spelling per URL (case, ports, dot segments, sorted query, no tracking
//!   parameters, no fragment).
//! - [`frontier`]: which URLs this crawl has seen and queued, per host, within depth and
//!   query-variant limits; mirrored on disk by the page store so a killed crawl resumes.
//! - [`robots`]: RFC 9309 robots.txt. [`host`]: per-host politeness (one request in flight,
//!   `min_delay` or `Crawl-delay`, backing off on 429/503).
//! - [`fetch`]: one HTTP request (conditional headers, byte cap, no automatic redirects).
//! - [`sitemap`]: sitemaps and sitemap indexes with `lastmod`.
//! - [`charset`], [`extract`], [`lang`]: bytes to text, text to title, main content, sections,
//!   links and metadata, and the page's language.
//! - [`store`]: an outcome to a stored row, with the incremental rules (304, unchanged hash, gone).
//!
//! The crawl loop itself is private: one scheduler owns the store and the frontier; fetches run as
//! tasks and every result is written in one transaction. A page that fails is data (logged with
//! `warn!` and counted in the [`CrawlReport`]); only setup failures are an [`Error`].
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
pub mod normalize;
mod progress;
mod report;
pub mod robots;
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
        data_dir: PathBuf,
        source: pagestore::Error,
    },
    /// The config names no site to crawl.
    #[error("the config has no [[sites]] to crawl")]
    NoSites,
    /// Not one request got an HTTP answer.
    #[error("no site could be reached ({hosts}): {reason}")]
    NoSiteReachable { hosts: String, reason: String },
    /// The HTTP client could not be built (TLS setup).
    #[error("cannot set up the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// A bug or a broken runtime, not the user's doing.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A crawl, ready to run.
pub struct Crawler {
    config: config::Config,
    store: pagestore::PageStore,
    data_dir: PathBuf,
    fetcher: fetch::Fetcher,
    progress: Progress,
}

impl Crawler {
    /// Opens (or creates) the page store under `data_dir` and sets up the HTTP client.
    pub fn new(
        config: config::Config,
        data_dir: &Path,
        progress: Progress,
    ) -> Result<Crawler, Error> {
        if config.sites.is_empty() {
            return Err(Error::NoSites);
        }
        let store = pagestore::PageStore::open(data_dir).map_err(|source| Error::Store {
            data_dir: data_dir.to_owned(),
            source,
        })?;
        let fetcher = fetch::Fetcher::new(&config.crawl.user_agent, config.crawl.request_timeout)
            .map_err(Error::Client)?;
        Ok(Crawler {
            config,
            store,
            data_dir: data_dir.to_owned(),
            fetcher,
            progress,
        })
    }

    /// Crawls until the frontier is empty or the budgets are spent; resumes an unfinished crawl
    /// found in the store. `Ok` whatever single pages did.
    pub async fn run(self) -> Result<CrawlReport, Error> {
        let mut run = crawl::Run::new(self);
        run.start()?;
        run.crawl().await?;
        run.finish()
    }
}
