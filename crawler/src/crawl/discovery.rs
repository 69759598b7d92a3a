//! Finding URLs besides links: robots.txt (its rules, its `Sitemap:` lines and its copy in the
//! store), sitemaps of every format (recently modified pages first), and, once the frontier runs
//! dry, stored pages no link led to this time (so deleted pages are noticed).

use std::sync::Arc;
use std::time::Duration;

use config::url_identity::{parse_request, request_form, resolve};
use pagestore::{PageState, QueuedUrl, RobotsCopy};
use tokio::time::Instant;
use tracing::{debug, info, warn};
use url::Url;

use super::{Job, Run, key_of, unix_now};
use crate::Error;
use crate::fetch::{Body, FetchError, Response};
use crate::frontier::Refused;
use crate::host::RobotsState;
use crate::robots::{self, Robots};
use crate::sitemap::{self, Sitemap};

/// At most this many sitemap files per crawl, and index nesting this deep.
const MAX_SITEMAPS: usize = 1000;
const MAX_SITEMAP_NESTING: u8 = 3;
/// Redirects followed for robots.txt (RFC 9309 §2.3.1.2).
const MAX_ROBOTS_REDIRECTS: u8 = 5;

impl Run {
    pub(super) fn robots_fetched(
        &mut self,
        h: usize,
        url: Url,
        hops: u8,
        result: Result<Response, FetchError>,
    ) -> Result<(), Error> {
        let host = self.hosts[h].name();
        let robots = match result {
            Ok(resp) if (300..400).contains(&resp.status) && resp.status != 304 => {
                let target = resp.location.as_deref().and_then(|l| resolve(&url, l));
                match target {
                    Some(target) if hops < MAX_ROBOTS_REDIRECTS => {
                        // Still `Fetching`: the dispatcher sends this hop before anything else.
                        self.hosts[h].urgent.push_front(Job::Robots {
                            url: target,
                            hops: hops + 1,
                        });
                        return Ok(());
                    }
                    _ => Robots::allow_all(),
                }
            }
            Ok(resp) if (200..300).contains(&resp.status) => {
                let body = match &resp.body {
                    Body::Read(body) => Robots::parsed_part(body, resp.cut).to_vec(),
                    _ => Vec::new(),
                };
                self.keep_robots_copy(h, resp.status, &body)?;
                Robots::from_body(&body, false, &self.token)
            }
            Ok(resp) if resp.status == 429 || resp.status >= 500 => {
                warn!(%host, status = resp.status, "robots.txt unavailable: nothing on this host is crawled now");
                Robots::disallow_all()
            }
            Ok(resp) if (400..500).contains(&resp.status) => {
                self.keep_robots_copy(h, resp.status, &[])?;
                Robots::allow_all()
            }
            Ok(_) => Robots::allow_all(),
            Err(e) => {
                warn!(%host, "robots.txt unreachable ({e}): nothing on this host is crawled now");
                Robots::disallow_all()
            }
        };
        self.robots_ready(h, robots, Instant::now())
    }

    /// Stores what robots.txt said, for the crawls of the next 24 hours.
    fn keep_robots_copy(&mut self, h: usize, status: u16, body: &[u8]) -> Result<(), Error> {
        let copy = RobotsCopy {
            origin: self.hosts[h].origin.origin().ascii_serialization(),
            fetched: unix_now(),
            status,
            body: body.to_vec(),
        };
        self.store
            .put_robots_copy(&copy)
            .map_err(|e| self.store_error(e))
    }

    /// Uses the robots.txt copy of an earlier crawl when it is younger than
    /// [`robots::MAX_AGE`] (RFC 9309 §2.4).
    pub(super) fn load_robots_copy(&mut self, h: usize) -> Result<(), Error> {
        let origin = self.hosts[h].origin.origin().ascii_serialization();
        let Some(copy) = self
            .store
            .robots_copy(&origin)
            .map_err(|e| self.store_error(e))?
        else {
            return Ok(());
        };
        let age = Duration::from_secs(unix_now().saturating_sub(copy.fetched).max(0) as u64);
        let now = Instant::now();
        let Some(fetched) = now.checked_sub(age).filter(|_| age < robots::MAX_AGE) else {
            return Ok(());
        };
        let robots = if (200..300).contains(&copy.status) {
            Robots::from_body(&copy.body, false, &self.token)
        } else {
            Robots::allow_all()
        };
        let span = self.hosts[h].span.clone();
        let _entered = span.enter();
        debug!(age_s = age.as_secs(), "robots.txt from the store");
        self.robots_ready(h, robots, fetched)
    }

    /// The host's robots.txt is known (fetched at `fetched`): its sitemaps are queued, and a
    /// `Crawl-delay` beyond the configured maximum skips the host.
    fn robots_ready(&mut self, h: usize, robots: Robots, fetched: Instant) -> Result<(), Error> {
        debug!(reachable = robots.reachable(), delay = ?robots.crawl_delay(), "robots.txt");
        let max = self.config.crawl.max_crawl_delay;
        match robots.crawl_delay() {
            Some(delay) if delay > max => {
                let reason = format!(
                    "Crawl-delay {} s is beyond max_crawl_delay_ms {}",
                    delay.as_secs_f64(),
                    max.as_millis()
                );
                warn!("{reason}: the host is skipped");
                self.hosts[h].skipped = Some(reason);
            }
            _ => self.hosts[h].skipped = None,
        }
        for sitemap in robots.sitemaps() {
            if let Some(url) = resolve(&self.hosts[h].origin, sitemap) {
                self.queue_sitemap(&url, 0);
            }
        }
        self.hosts[h].robots = RobotsState::Ready {
            robots: Arc::new(robots),
            fetched,
        };
        Ok(())
    }

    /// Queues a sitemap on its host (configured sites only), once per crawl.
    pub(super) fn queue_sitemap(&mut self, url: &Url, nested: u8) {
        let Some(url) = request_form(url) else {
            return;
        };
        let Some(h) = self.frontier.host_of(&url) else {
            debug!(%url, "sitemap on a host that is not configured: skipped");
            return;
        };
        if nested > MAX_SITEMAP_NESTING
            || self.sitemaps_seen.len() >= MAX_SITEMAPS
            || !self.sitemaps_seen.insert(key_of(&url))
        {
            return;
        }
        self.hosts[h].urgent.push_back(Job::Sitemap { url, nested });
    }

    pub(super) fn sitemap_fetched(
        &mut self,
        url: Url,
        nested: u8,
        result: Result<Response, FetchError>,
    ) -> Result<(), Error> {
        let body = match result {
            Ok(Response {
                status: 200..=299,
                body: Body::Read(body),
                ..
            }) => body,
            Ok(resp) => {
                warn!(%url, status = resp.status, "sitemap not read");
                self.report.error("sitemap");
                return Ok(());
            }
            Err(e) => {
                warn!(%url, "sitemap not read: {e}");
                self.report.error("sitemap");
                return Ok(());
            }
        };
        match sitemap::parse(&body) {
            Ok(Sitemap::Index(entries)) => {
                for entry in entries {
                    if let Some(child) = resolve(&url, &entry.loc) {
                        self.queue_sitemap(&child, nested + 1);
                    }
                }
                Ok(())
            }
            Ok(Sitemap::Urls(entries)) => self.queue_sitemap_pages(&url, entries),
            Err(e) => {
                warn!(%url, "sitemap not read: {e}");
                self.report.error("sitemap");
                Ok(())
            }
        }
    }

    /// Queues a sitemap's pages. `lastmod` only orders the work: a page modified since our copy
    /// (or never stored) goes to the front of its host's queue, the rest to the back, and every
    /// one of them is requested (conditionally when stored).
    fn queue_sitemap_pages(
        &mut self,
        url: &Url,
        entries: Vec<sitemap::Entry>,
    ) -> Result<(), Error> {
        let mut queued = Vec::new();
        let mut first = 0;
        for entry in entries {
            let Some(page) = resolve(url, &entry.loc) else {
                continue;
            };
            if self.frontier.contains(&key_of(&page)) || self.frontier.host_of(&page).is_none() {
                continue;
            }
            let modified = match entry.lastmod {
                Some(lastmod) => self
                    .stored(&key_of(&page))?
                    .is_none_or(|p| p.last_seen <= lastmod),
                None => false,
            };
            let admitted = if modified {
                first += 1;
                self.frontier.admit_first(&page, 0)
            } else {
                self.frontier.admit(&page, 0)
            };
            if let Ok(q) = admitted {
                queued.push(q);
            }
        }
        info!(%url, queued = queued.len(), modified = first, "sitemap read");
        self.store
            .frontier()
            .enqueue(&queued)
            .map_err(|e| self.store_error(e))?;
        Ok(())
    }

    /// Admits links found at `depth` into the frontier; returns the new ones (to persist).
    pub(super) fn discover(&mut self, links: &[String], depth: u32) -> Vec<QueuedUrl> {
        let mut queued = Vec::new();
        for link in links {
            let Some(url) = parse_request(link) else {
                continue;
            };
            match self.frontier.admit(&url, depth) {
                Ok(q) => queued.push(q),
                Err(why @ (Refused::TooDeep | Refused::QueryVariants)) => {
                    self.report.skip(why.as_str(), 1);
                }
                Err(_) => {}
            }
        }
        queued
    }

    /// When nothing is left: stored pages this crawl did not reach are checked once more, so a
    /// page deleted and unlinked becomes gone. They come in at the depth limit (their links were
    /// followed when they were reachable), requested as they were last time.
    pub(super) fn queue_revisits(&mut self) -> Result<usize, Error> {
        let known = self.store.summaries().map_err(|e| self.store_error(e))?;
        let depth = self.frontier.max_depth();
        let mut queued = Vec::new();
        for page in known {
            if page.state == PageState::Gone || self.frontier.contains(&page.url) {
                continue;
            }
            let request = page.request_url.as_deref().unwrap_or(&page.url);
            if let Some(url) = parse_request(request)
                && let Ok(q) = self.frontier.admit(&url, depth)
            {
                queued.push(q);
            }
        }
        if !queued.is_empty() {
            info!(
                pages = queued.len(),
                "revisiting stored pages no link led to"
            );
            self.store
                .frontier()
                .enqueue(&queued)
                .map_err(|e| self.store_error(e))?;
        }
        Ok(queued.len())
    }
}
