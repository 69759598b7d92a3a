//! Choosing the next request of each host (robots.txt first, then urgent jobs, then the frontier
//! within budget), checking it against robots.txt, and starting it as a task.

use pagestore::{Fetched, PageState};
use tokio::time::Instant;
use tracing::debug;
use url::{Position, Url};

use super::{Done, Job, MAX_IN_FLIGHT, Outcome, PageJob, Run};
use crate::extract::{self, Options};
use crate::fetch::{Body, FetchError, Fetcher, Request, Response, Want};
use crate::host::RobotsState;
use crate::{Error, robots, sitemap};

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
            if self.hosts[h].robots_due(now) {
                let url = self.hosts[h]
                    .origin
                    .join("/robots.txt")
                    .expect("origin joins a path");
                self.hosts[h].robots = RobotsState::Fetching;
                self.spawn(h, Job::Robots { url, hops: 0 }, now);
                continue;
            }
            if matches!(self.hosts[h].robots, RobotsState::Fetching) {
                // robots.txt redirected: follow it before anything else.
                if matches!(self.hosts[h].urgent.front(), Some(Job::Robots { .. })) {
                    let job = self.hosts[h].urgent.pop_front().expect("checked");
                    self.spawn(h, job, now);
                }
                continue;
            }
            let Some(rules) = self.hosts[h].rules() else {
                continue;
            };
            if !rules.reachable() {
                self.skip_unreachable_host(h)?;
                continue;
            }
            while let Some(job) = self.next_job(h) {
                let url = match &job {
                    Job::Robots { .. } => None,
                    Job::Sitemap { url, .. } => Some(url),
                    Job::Page(p) => Some(&p.url),
                };
                if url.is_none_or(|u| rules.allowed(&u[Position::BeforePath..])) {
                    self.spawn(h, job, now);
                    break;
                }
                self.disallowed(job)?;
            }
        }
        Ok(())
    }

    fn next_job(&mut self, h: usize) -> Option<Job> {
        if let Some(job) = self.hosts[h].urgent.pop_front() {
            return Some(job);
        }
        if !self.budget_allows(h) {
            return None;
        }
        let entry = self.frontier.pop(h)?;
        let url = Url::parse(&entry.url).ok()?;
        Some(Job::Page(PageJob {
            entry,
            url,
            chain: Vec::new(),
            attempt: 0,
            charged: false,
        }))
    }

    /// robots.txt forbids this URL: settle it without a request. A page stored from an earlier
    /// crawl leaves the index.
    fn disallowed(&mut self, job: Job) -> Result<(), Error> {
        let Job::Page(job) = job else {
            self.report.skip("sitemap_disallowed", 1);
            return Ok(());
        };
        debug!(url = %job.url, "disallowed by robots.txt");
        self.report.skipped_robots += 1;
        let mut retired = self
            .store
            .get(job.url.as_str())
            .map_err(|e| self.store_error(e))?;
        if let Some(page) = retired.as_mut().filter(|p| p.state != PageState::Gone) {
            page.state = PageState::Gone;
            page.last_error = Some("disallowed by robots.txt".to_owned());
            page.last_changed = super::unix_now();
        } else {
            retired = None;
        }
        self.settle(&job, retired.as_ref(), &[])
    }

    /// robots.txt of this host could not be fetched: nothing there is crawled in this run.
    fn skip_unreachable_host(&mut self, h: usize) -> Result<(), Error> {
        let mut urls: Vec<String> = self.frontier.drain(h).into_iter().map(|q| q.url).collect();
        while let Some(job) = self.hosts[h].urgent.pop_front() {
            if let Job::Page(p) = job {
                urls.extend(p.settles());
            }
        }
        if urls.is_empty() {
            return Ok(());
        }
        *self
            .report
            .errors
            .entry("robots_unavailable".to_owned())
            .or_default() += urls.len();
        let done: Vec<&str> = urls.iter().map(String::as_str).collect();
        let fetched = Fetched {
            done: &done,
            now: super::unix_now(),
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

    fn spawn(&mut self, h: usize, mut job: Job, now: Instant) {
        self.hosts[h].start(now);
        self.report.requests += 1;
        let fetcher = self.fetcher.clone();
        match &mut job {
            Job::Robots { url, .. } | Job::Sitemap { url, .. } => {
                let url = url.clone();
                // robots.txt is read past the part we parse, so a long file is cut, not dropped.
                let max_bytes = if matches!(job, Job::Robots { .. }) {
                    4 * robots::MAX_BYTES
                } else {
                    sitemap::MAX_BYTES
                };
                self.tasks.spawn(async move {
                    let req = Request {
                        url: &url,
                        etag: None,
                        last_modified: None,
                        max_bytes,
                        want: Want::Any,
                    };
                    let outcome = Outcome::Fetched(fetcher.fetch(req).await);
                    Done {
                        host: h,
                        job,
                        outcome,
                    }
                });
            }
            Job::Page(page) => {
                if !page.charged {
                    page.charged = true;
                    self.pages_started += 1;
                    self.hosts[h].pages_started += 1;
                }
                let stored = self.store.get(page.url.as_str()).unwrap_or_else(|e| {
                    tracing::warn!(url = %page.url, "cannot read the stored page: {e}");
                    None
                });
                let url = page.url.clone();
                let max_bytes = self.config.crawl.max_page_bytes.get();
                let selector = self.config.sites[h].content_selector.clone();
                let token = self.token.clone();
                self.tasks.spawn(async move {
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
                        job,
                        outcome: Outcome::Page { stored, result },
                    }
                });
            }
        }
    }

    /// A finished request: politeness bookkeeping, then what it means for the crawl.
    pub(super) fn complete(&mut self, done: Done) -> Result<(), Error> {
        let Done {
            host: h,
            job,
            outcome,
        } = done;
        self.hosts[h].finish(Instant::now());
        let response = match &outcome {
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
                let failure = match &outcome {
                    Outcome::Fetched(Err(e)) | Outcome::Page { result: Err(e), .. } => {
                        e.to_string()
                    }
                    _ => String::new(),
                };
                self.first_failure.get_or_insert(failure);
            }
        }
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

    /// Records that `job` is settled: every URL it touched is done, with its redirects.
    pub(super) fn settle(
        &mut self,
        job: &PageJob,
        page: Option<&pagestore::Page>,
        discovered: &[pagestore::QueuedUrl],
    ) -> Result<(), Error> {
        self.settle_also(job, page, discovered, &[])
    }

    pub(super) fn settle_also(
        &mut self,
        job: &PageJob,
        page: Option<&pagestore::Page>,
        discovered: &[pagestore::QueuedUrl],
        also_done: &[String],
    ) -> Result<(), Error> {
        let mut urls = job.settles();
        urls.extend(also_done.iter().cloned());
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
            now: super::unix_now(),
        };
        self.store
            .record_fetch(&fetched)
            .map_err(|e| self.store_error(e))?;
        for url in &urls {
            self.frontier.mark_done(url);
        }
        Ok(())
    }
}

/// Fetches a page and, when HTML came back, extracts it on the blocking pool.
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
    let (url, content_type, language, x_robots) = (
        req.url.clone(),
        resp.content_type.clone(),
        resp.content_language.clone(),
        resp.x_robots_tags.clone(),
    );
    let extracted = tokio::task::spawn_blocking(move || {
        let (html, _) = crate::charset::decode_html(&body, content_type.as_deref());
        let options = Options {
            content_selector: selector.as_deref(),
            robots_token: &token,
            content_language: language.as_deref(),
            x_robots_tags: &x_robots,
        };
        extract::extract(&html, &url, &options)
    })
    .await
    .map_err(|e| FetchError::Other(format!("extraction failed: {e}")))?;
    Ok((resp, Some(extracted)))
}
