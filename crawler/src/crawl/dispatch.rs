//! Choosing the next request of each host (robots.txt first, then urgent jobs, then the frontier
//! within budget), checking it against robots.txt and the dead-link backoff, and starting it as a
//! task in the host's span.

use pagestore::{Fetched, Page, PageState};
use tokio::time::Instant;
use tracing::{Instrument, debug};
use url::{Position, Url};

use super::{Done, Job, MAX_IN_FLIGHT, Outcome, PageJob, Run, unix_now};
use crate::extract::{self, Options};
use crate::fetch::{Body, FetchError, Fetcher, Request, Response, Want};
use crate::host::RobotsState;
use crate::{Error, robots, sitemap, store};

impl Run {
    /// Whether `host` has anything it may do now or later in this crawl.
    fn has_work(&self, h: usize) -> bool {
        !self.hosts[h].urgent.is_empty() || (self.frontier.has_queued(h) && self.budget_allows(h))
    }

    fn budget_allows(&self, h: usize) -> bool {
        let crawl = &self.config.crawl;
        self.pages_started < crawl.max_pages.get()
            && self.hosts[h].pages_started < crawl.max_pages_per_host.get()
    }

    /// The earliest moment a host that is waiting out its delay may go again.
    pub(super) fn next_wake(&self) -> Option<Instant> {
        (0..self.hosts.len())
            .filter(|&h| !self.hosts[h].in_flight && self.has_work(h))
            .map(|h| self.hosts[h].next_at)
            .min()
            .map(|at| at.max(Instant::now()))
    }

    /// Starts one request on every idle host that has work.
    pub(super) fn dispatch(&mut self) -> Result<(), Error> {
        let now = Instant::now();
        for h in 0..self.hosts.len() {
            if self.tasks.len() >= MAX_IN_FLIGHT {
                break;
            }
            if !self.hosts[h].idle(now) || !self.has_work(h) {
                continue;
            }
            let span = self.hosts[h].span.clone();
            let _entered = span.enter();
            self.dispatch_host(h, now)?;
        }
        Ok(())
    }

    fn dispatch_host(&mut self, h: usize, now: Instant) -> Result<(), Error> {
        if self.hosts[h].robots_due(now) {
            let url = self.hosts[h]
                .origin
                .join("/robots.txt")
                .expect("origin joins a path");
            self.hosts[h].robots = RobotsState::Fetching;
            self.spawn_fetch(h, Job::Robots { url, hops: 0 }, now);
            return Ok(());
        }
        if matches!(self.hosts[h].robots, RobotsState::Fetching) {
            // robots.txt redirected: follow it before anything else.
            if matches!(self.hosts[h].urgent.front(), Some(Job::Robots { .. })) {
                let job = self.hosts[h].urgent.pop_front().expect("checked");
                self.spawn_fetch(h, job, now);
            }
            return Ok(());
        }
        let Some(rules) = self.hosts[h].rules() else {
            return Ok(());
        };
        if !rules.reachable() {
            return self.drain_host(h, "robots_unavailable", true);
        }
        if self.hosts[h].skipped.is_some() {
            return self.drain_host(h, "crawl_delay_too_long", false);
        }
        while let Some(job) = self.next_job(h) {
            match job {
                Job::Page(page)
                    if page.chain.is_empty() && self.frontier.is_done(&page.entry.url) => {}
                Job::Page(page) => {
                    let stored = self.stored(&page.key())?;
                    if stored
                        .as_ref()
                        .is_some_and(|s| store::backing_off(s, unix_now()))
                    {
                        self.backed_off(h, &page)?;
                        continue;
                    }
                    if !rules.allowed(&page.url[Position::BeforePath..]) {
                        self.disallowed(page, stored)?;
                        continue;
                    }
                    self.spawn_page(h, page, stored, now);
                    break;
                }
                Job::Sitemap { ref url, .. } if !rules.allowed(&url[Position::BeforePath..]) => {
                    self.report.skip("sitemap_disallowed", 1);
                }
                job => {
                    self.spawn_fetch(h, job, now);
                    break;
                }
            }
        }
        Ok(())
    }

    fn next_job(&mut self, h: usize) -> Option<Job> {
        if let Some(job) = self.hosts[h].urgent.pop_front() {
            return Some(job);
        }
        while self.budget_allows(h) {
            let entry = self.frontier.pop(h)?;
            if let Some(job) = PageJob::new(entry) {
                return Some(Job::Page(job));
            }
        }
        None
    }

    /// The stored page with key `key`.
    pub(super) fn stored(&self, key: &str) -> Result<Option<Page>, Error> {
        self.store.get(key).map_err(|e| self.store_error(e))
    }

    /// A dead link still backing off: settled without a request.
    fn backed_off(&mut self, h: usize, job: &PageJob) -> Result<(), Error> {
        debug!(url = %job.url, "dead link backing off: not requested");
        self.report.skip("gone_backoff", 1);
        self.hosts[h].stats.pages += 1;
        self.settle(job, None, &[])
    }

    /// robots.txt forbids this URL: settle it without a request. A page stored from an earlier
    /// crawl leaves the index.
    fn disallowed(&mut self, job: PageJob, stored: Option<Page>) -> Result<(), Error> {
        debug!(url = %job.url, "disallowed by robots.txt");
        self.report.skipped_robots += 1;
        let retired = stored
            .filter(|p| p.state != PageState::Gone)
            .map(|mut page| {
                page.state = PageState::Gone;
                page.last_error = Some("disallowed by robots.txt".to_owned());
                page.last_changed = unix_now();
                page
            });
        self.settle(&job, retired.as_ref(), &[])
    }

    /// Nothing more is crawled on this host in this run (its robots.txt is unreachable, or its
    /// `Crawl-delay` is too long): what is queued there is settled unfetched, and stored pages
    /// keep what they have.
    fn drain_host(&mut self, h: usize, reason: &str, as_error: bool) -> Result<(), Error> {
        let mut urls: Vec<String> = self.frontier.drain(h).into_iter().map(|q| q.url).collect();
        while let Some(job) = self.hosts[h].urgent.pop_front() {
            if let Job::Page(p) = job {
                urls.extend(p.settles());
            }
        }
        if urls.is_empty() {
            return Ok(());
        }
        if as_error {
            *self.report.errors.entry(reason.to_owned()).or_default() += urls.len();
        } else {
            self.report.skip(reason, urls.len());
        }
        let done: Vec<&str> = urls.iter().map(String::as_str).collect();
        let fetched = Fetched {
            done: &done,
            now: unix_now(),
            ..Fetched::default()
        };
        self.store
            .record_fetch(&fetched)
            .map_err(|e| self.store_error(e))?;
        for url in &urls {
            self.frontier.mark_done(url);
        }
        Ok(())
    }

    /// Starts a robots.txt or sitemap request.
    fn spawn_fetch(&mut self, h: usize, job: Job, now: Instant) {
        let (url, want, max_bytes) = match &job {
            Job::Robots { url, .. } => (url.clone(), Want::Prefix, robots::MAX_BYTES),
            Job::Sitemap { url, .. } => (url.clone(), Want::Any, sitemap::MAX_BYTES),
            Job::Page(_) => unreachable!("pages go through spawn_page"),
        };
        self.hosts[h].start(now);
        self.report.requests += 1;
        let fetcher = self.fetcher.clone();
        let task = async move {
            let req = Request {
                url: &url,
                etag: None,
                last_modified: None,
                max_bytes,
                want,
            };
            let outcome = Outcome::Fetched(fetcher.fetch(req).await);
            Done {
                host: h,
                job,
                outcome,
            }
        };
        self.tasks
            .spawn(task.instrument(self.hosts[h].span.clone()));
    }

    /// Starts a page request, conditional when a copy is stored.
    fn spawn_page(&mut self, h: usize, mut job: PageJob, stored: Option<Page>, now: Instant) {
        self.hosts[h].start(now);
        self.report.requests += 1;
        if !job.charged {
            job.charged = true;
            self.pages_started += 1;
            self.hosts[h].pages_started += 1;
        }
        let fetcher = self.fetcher.clone();
        let url = job.url.clone();
        let max_bytes = self.config.crawl.max_page_bytes.get();
        let selector = self.config.sites[h].content_selector.clone();
        let token = self.token.clone();
        let task = async move {
            let validators = stored
                .as_ref()
                .filter(|p| matches!(p.state, PageState::Fetched | PageState::NotHtml));
            let req = Request {
                url: &url,
                etag: validators.and_then(|p| p.etag.as_deref()),
                last_modified: validators.and_then(|p| p.last_modified.as_deref()),
                max_bytes,
                want: Want::Html,
            };
            let result = fetch_page(&fetcher, req, selector, token).await;
            Done {
                host: h,
                job: Job::Page(job),
                outcome: Outcome::Page { stored, result },
            }
        };
        self.tasks
            .spawn(task.instrument(self.hosts[h].span.clone()));
    }

    /// A finished request: politeness bookkeeping, then what it means for the crawl.
    pub(super) fn complete(&mut self, done: Done) -> Result<(), Error> {
        let Done {
            host: h,
            job,
            outcome,
        } = done;
        let span = self.hosts[h].span.clone();
        let _entered = span.enter();
        self.hosts[h].finish(Instant::now());
        self.count_response(h, &outcome);
        match (job, outcome) {
            (Job::Robots { url, hops }, Outcome::Fetched(result)) => {
                self.robots_fetched(h, url, hops, result)
            }
            (Job::Sitemap { url, nested }, Outcome::Fetched(result)) => {
                self.sitemap_fetched(url, nested, result)
            }
            (Job::Page(job), Outcome::Page { stored, result }) => {
                self.page_fetched(h, job, stored, result)
            }
            _ => Err(Error::Internal(
                "a job came back with another job's outcome".to_owned(),
            )),
        }
    }

    fn count_response(&mut self, h: usize, outcome: &Outcome) {
        let response = match outcome {
            Outcome::Fetched(r) => r.as_ref().ok(),
            Outcome::Page { result, .. } => result.as_ref().ok().map(|(r, _)| r),
        };
        match response {
            Some(resp) => {
                self.report.responses += 1;
                self.report.bytes += resp.bytes;
                self.hosts[h].stats.bytes += resp.bytes;
            }
            None => {
                let failure = match outcome {
                    Outcome::Fetched(Err(e)) | Outcome::Page { result: Err(e), .. } => {
                        e.to_string()
                    }
                    _ => String::new(),
                };
                self.first_failure.get_or_insert(failure);
            }
        }
    }

    /// Records that `job` is settled: every URL it touched is done, with its redirects.
    pub(super) fn settle(
        &mut self,
        job: &PageJob,
        page: Option<&Page>,
        discovered: &[pagestore::QueuedUrl],
    ) -> Result<(), Error> {
        let urls = job.settles();
        let done: Vec<&str> = urls.iter().map(String::as_str).collect();
        let redirects: Vec<(&str, &str, u16)> = job
            .chain
            .iter()
            .map(|(f, t, s)| (f.as_str(), t.as_str(), *s))
            .collect();
        let fetched = Fetched {
            done: &done,
            page,
            redirects: &redirects,
            discovered,
            now: unix_now(),
        };
        self.store
            .record_fetch(&fetched)
            .map_err(|e| self.store_error(e))?;
        for url in &urls {
            self.frontier.mark_done(url);
        }
        for url in &urls {
            self.resolve_deferred(url, page)?;
        }
        Ok(())
    }
}

/// Records the URL a page was requested as, when it differs from its key.
pub(super) fn requested_as(page: &mut Page, url: &Url) {
    page.request_url = (url.as_str() != page.url).then(|| url.as_str().to_owned());
}

/// Fetches a page and, when HTML came back, decodes and extracts it on the blocking pool.
async fn fetch_page(
    fetcher: &Fetcher,
    req: Request<'_>,
    selector: Option<String>,
    token: String,
) -> Result<(Response, Option<extract::Extracted>), FetchError> {
    let mut resp = fetcher.fetch(req).await?;
    let Body::Read(body) = &mut resp.body else {
        return Ok((resp, None));
    };
    let body = std::mem::take(body);
    let (url, content_type, language, x_robots, refresh) = (
        req.url.clone(),
        resp.content_type.clone(),
        resp.content_language.clone(),
        resp.x_robots_tags.clone(),
        resp.refresh.clone(),
    );
    let extracted = tokio::task::spawn_blocking(move || {
        let options = Options {
            content_selector: selector.as_deref(),
            robots_token: &token,
            content_language: language.as_deref(),
            x_robots_tags: &x_robots,
            refresh: refresh.as_deref(),
        };
        extract::extract_body(&body, content_type.as_deref(), &url, &options)
    })
    .await
    .map_err(|e| FetchError::Other(format!("extraction failed: {e}")))?;
    Ok((resp, Some(extracted)))
}
