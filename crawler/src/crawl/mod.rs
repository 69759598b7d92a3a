//! The crawl loop: one scheduler task owns the page store, the frontier and the hosts; fetches run
//! as tasks (one per host at a time) and come back to it, where their outcome is written in one
//! transaction before the next request to that host is started.

mod canonical;
mod discovery;
mod dispatch;
mod pages;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use config::Config;
use config::url_identity::UrlKey;
use pagestore::{CrawlLock, Page, PageStore, QueuedUrl, Start};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tracing::info;
use url::Url;

use crate::Error;
use crate::extract::Extracted;
use crate::fetch::{FetchError, Fetcher, Response};
use crate::frontier::Frontier;
use crate::host::Host;
use crate::progress::{Display, Snapshot};
use crate::report::{CrawlReport, HostReport};

/// At most this many requests in flight over all hosts.
const MAX_IN_FLIGHT: usize = 32;

/// Work for one host.
pub(crate) enum Job {
    /// robots.txt (or a redirect it led to).
    Robots {
        url: Url,
        hops: u8,
    },
    Sitemap {
        url: Url,
        nested: u8,
    },
    Page(PageJob),
}

/// One request on the way to settling a frontier URL.
pub(crate) struct PageJob {
    /// The frontier entry this job settles (`entry.url` is its key).
    pub entry: QueuedUrl,
    /// The URL of this request, as linked: the entry's, or a redirect target.
    pub url: Url,
    /// Redirects followed so far: `(from, to, status)`, as keys.
    pub chain: Vec<(String, String, u16)>,
    /// 429/503 answers so far.
    pub attempt: u32,
    /// Whether the page budget was charged for `entry`.
    pub charged: bool,
}

impl PageJob {
    /// A job for a frontier entry, or `None` when its URL does not parse (a corrupt frontier row).
    fn new(entry: QueuedUrl) -> Option<PageJob> {
        let url = Url::parse(entry.request()).ok()?;
        Some(PageJob {
            entry,
            url,
            chain: Vec::new(),
            attempt: 0,
            charged: false,
        })
    }

    /// The key of this request's URL.
    fn key(&self) -> String {
        key_of(&self.url)
    }

    /// Every key this job settles: the frontier entry and each redirect target so far.
    fn settles(&self) -> Vec<String> {
        let mut urls = vec![self.entry.url.clone()];
        urls.extend(self.chain.iter().map(|(_, to, _)| to.clone()));
        urls.dedup();
        urls
    }
}

/// The key of a URL in request form (falls back to the URL itself, which `UrlKey` only refuses for
/// URLs the crawler never requests).
pub(crate) fn key_of(url: &Url) -> String {
    UrlKey::from_url(url).map_or_else(|| url.as_str().to_owned(), UrlKey::into_string)
}

/// Moved once per request, so the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Outcome {
    Fetched(Result<Response, FetchError>),
    Page {
        stored: Option<Page>,
        result: Result<(Response, Option<Extracted>), FetchError>,
    },
}

pub(crate) struct Done {
    host: usize,
    job: Job,
    outcome: Outcome,
}

pub(crate) struct Run {
    config: Config,
    store: PageStore,
    /// Held until the run is dropped: one crawl per data directory.
    _lock: CrawlLock,
    data_dir: PathBuf,
    fetcher: Fetcher,
    token: String,
    frontier: Frontier,
    hosts: Vec<Host<Job>>,
    tasks: JoinSet<Done>,
    report: CrawlReport,
    display: Display,
    pages_started: usize,
    sitemaps_seen: HashSet<String>,
    /// Pages naming a canonical URL not fetched yet, by the canonical's key: they are stored or
    /// dropped once it is ([`canonical`]).
    deferred: HashMap<String, Vec<Deferred>>,
    revisited: bool,
    started: Instant,
    first_failure: Option<String>,
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A page waiting for its canonical URL to be settled (see `canonical.rs`).
pub(crate) struct Deferred {
    host: usize,
    job: PageJob,
    stored: Option<Page>,
    resp: Response,
    ex: Extracted,
}

// The crawl itself lives here, beside the scheduler it runs, so the crate root only declares what
// a crawler is and never calls back into this module.
impl crate::Crawler {
    /// Crawls until the frontier is empty or the budgets are spent; resumes an unfinished crawl
    /// found in the store.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot be written, [`Error::NoSiteReachable`] when no
    /// request got an answer; whatever single pages did, the crawl is otherwise `Ok`.
    pub async fn run(self) -> Result<CrawlReport, Error> {
        use tracing::Instrument;
        let span = tracing::info_span!("crawl", data = %self.data_dir.display());
        async move {
            let mut run = Run::new(self);
            run.start()?;
            run.crawl().await?;
            run.finish()
        }
        .instrument(span)
        .await
    }
}

impl Run {
    pub fn new(crawler: crate::Crawler) -> Run {
        let crate::Crawler {
            config,
            store,
            lock,
            data_dir,
            fetcher,
            progress,
        } = crawler;
        let now = Instant::now();
        let origins: Vec<Url> = config.sites.iter().map(|s| s.seeds[0].clone()).collect();
        let hosts = origins
            .iter()
            .map(|o| Host::new(o.clone(), config.crawl.min_delay, now))
            .collect();
        let frontier = Frontier::new(
            origins,
            config.crawl.max_depth,
            config.crawl.max_query_variants.get(),
        );
        Run {
            token: crate::robots::product_token(&config.crawl.user_agent),
            config,
            store,
            _lock: lock,
            data_dir,
            fetcher,
            frontier,
            hosts,
            tasks: JoinSet::new(),
            report: CrawlReport::default(),
            display: Display::new(progress),
            pages_started: 0,
            sitemaps_seen: HashSet::new(),
            deferred: HashMap::new(),
            revisited: false,
            started: now,
            first_failure: None,
        }
    }

    fn store_error(&self, source: pagestore::Error) -> Error {
        Error::Store {
            data_dir: self.data_dir.clone(),
            source,
        }
    }

    /// Resumes the unfinished crawl in the store, or starts one from the seeds; robots.txt copies
    /// younger than a day are taken from the store.
    pub fn start(&mut self) -> Result<(), Error> {
        let start = self
            .store
            .frontier()
            .begin(unix_now())
            .map_err(|e| self.store_error(e))?;
        if let Start::Resumed { .. } = start {
            self.resume()?;
        }
        for h in 0..self.hosts.len() {
            self.load_robots_copy(h)?;
        }
        let seeds: Vec<Url> = self
            .config
            .sites
            .iter()
            .flat_map(|s| s.seeds.iter())
            .filter_map(config::url_identity::request_form)
            .collect();
        let queued: Vec<QueuedUrl> = seeds
            .iter()
            .filter_map(|seed| self.frontier.admit(seed, 0).ok())
            .collect();
        self.store
            .frontier()
            .enqueue(&queued)
            .map_err(|e| self.store_error(e))?;
        let sitemaps: Vec<Url> = self
            .config
            .sites
            .iter()
            .flat_map(|s| s.sitemaps.iter().cloned())
            .collect();
        for sitemap in sitemaps {
            self.queue_sitemap(&sitemap, 0);
        }
        Ok(())
    }

    /// Rebuilds the frontier of the unfinished crawl in the store.
    fn resume(&mut self) -> Result<(), Error> {
        self.report.resumed = true;
        let entries = self
            .store
            .frontier()
            .entries()
            .map_err(|e| self.store_error(e))?;
        for (entry, done) in entries {
            if done
                && let Some(h) = Url::parse(entry.request())
                    .ok()
                    .and_then(|u| self.frontier.host_of(&u))
            {
                self.hosts[h].pages_started += 1;
                self.pages_started += 1;
            }
            self.frontier.restore(entry, done);
        }
        info!(
            done = self.pages_started,
            queued = self.frontier.queued_len(),
            "resuming the unfinished crawl"
        );
        Ok(())
    }

    pub async fn crawl(&mut self) -> Result<(), Error> {
        loop {
            self.dispatch()?;
            if self.tasks.is_empty() {
                if let Some(at) = self.next_wake() {
                    tokio::time::sleep_until(at).await;
                    continue;
                }
                if self.settle_deferred_canonicals()? {
                    continue;
                }
                if !self.revisited {
                    self.revisited = true;
                    if self.queue_revisits()? > 0 {
                        continue;
                    }
                }
                return Ok(());
            }
            let wake = self.next_wake();
            tokio::select! {
                joined = self.tasks.join_next() => {
                    let done = joined.expect("tasks is not empty").map_err(|e| Error::Internal(format!("fetch task failed: {e}")))?;
                    self.complete(done)?;
                    self.show_progress();
                }
                _ = wake_at(wake) => {}
            }
        }
    }

    /// Marks the crawl finished (so the next run starts afresh) and builds the report.
    pub fn finish(mut self) -> Result<CrawlReport, Error> {
        self.display.finish();
        self.store
            .frontier()
            .finish(unix_now())
            .map_err(|e| self.store_error(e))?;
        let mut report = std::mem::take(&mut self.report);
        report.seconds = self.started.elapsed().as_secs_f64();
        report.hosts = self
            .hosts
            .iter()
            .map(|h| HostReport {
                host: h.name(),
                requests: h.stats.requests,
                pages: h.stats.pages,
                bytes: h.stats.bytes,
                skipped: h.skipped.clone(),
            })
            .collect();
        if report.requests > 0 && report.responses == 0 {
            return Err(Error::NoSiteReachable {
                hosts: self
                    .hosts
                    .iter()
                    .map(Host::name)
                    .collect::<Vec<_>>()
                    .join(", "),
                reason: self.first_failure.unwrap_or_else(|| "no answer".to_owned()),
            });
        }
        info!("{report}");
        Ok(report)
    }

    fn show_progress(&mut self) {
        let now = Instant::now();
        let rates: Vec<(String, f64)> = self
            .hosts
            .iter()
            .map(|h| (h.name(), h.stats.rate(now)))
            .collect();
        let snapshot = Snapshot {
            fetched: self.report.fetched,
            queued: self.frontier.queued_len(),
            errors: self.report.error_count(),
            rates: &rates,
        };
        self.display.update(&snapshot);
    }
}

async fn wake_at(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
