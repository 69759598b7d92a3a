//! Finding URLs besides links: robots.txt (its rules and `Sitemap:` lines), sitemaps and sitemap
//! indexes (a `lastmod` older than our copy spares the request), and, once the frontier runs dry,
//! stored pages no link led to this time (so deleted pages are noticed).

use std::sync::Arc;

use pagestore::{Fetched, PageState, QueuedUrl};
use tokio::time::Instant;
use tracing::{debug, info, warn};
use url::Url;

use super::{Job, Run};
use crate::fetch::{Body, FetchError, Response};
use crate::host::RobotsState;
use crate::robots::{self, Robots};
use crate::sitemap::{self, Sitemap};
use crate::{Error, normalize};

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
                let target = resp
                    .location
                    .as_deref()
                    .and_then(|l| normalize::resolve(&url, l));
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
                let Body::Read(body) = &resp.body else {
                    return self.robots_ready(h, Robots::allow_all());
                };
                let text = crate::charset::decode_text(
                    &body[..body.len().min(robots::MAX_BYTES)],
                    resp.content_type.as_deref(),
                );
                Robots::parse(&text, &self.token)
            }
            Ok(resp) if resp.status == 429 || resp.status >= 500 => {
                warn!(%host, status = resp.status, "robots.txt unavailable: nothing on this host is crawled now");
                Robots::disallow_all()
            }
            Ok(_) => Robots::allow_all(),
            Err(e) => {
                warn!(%host, "robots.txt unreachable ({e}): nothing on this host is crawled now");
                Robots::disallow_all()
            }
        };
        self.robots_ready(h, robots)
    }

    fn robots_ready(&mut self, h: usize, robots: Robots) -> Result<(), Error> {
        debug!(host = %self.hosts[h].name(), reachable = robots.reachable(), delay = ?robots.crawl_delay(), "robots.txt");
        for sitemap in robots.sitemaps() {
            if let Some(url) = normalize::resolve(&self.hosts[h].origin, sitemap) {
                self.queue_sitemap(&url, 0);
            }
        }
        self.hosts[h].robots = RobotsState::Ready {
            robots: Arc::new(robots),
            fetched: Instant::now(),
        };
        Ok(())
    }

    /// Queues a sitemap on its host (configured sites only), once per crawl.
    pub(super) fn queue_sitemap(&mut self, url: &Url, nested: u8) {
        let Some(url) = normalize::normalize(url) else {
            return;
        };
        let Some(h) = self.frontier.host_of(&url) else {
            debug!(%url, "sitemap on a host that is not configured: skipped");
            return;
        };
        if nested > MAX_SITEMAP_NESTING
            || self.sitemaps_seen.len() >= MAX_SITEMAPS
            || !self.sitemaps_seen.insert(url.to_string())
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
                    if let Some(child) = normalize::resolve(&url, &entry.loc) {
                        self.queue_sitemap(&child, nested + 1);
                    }
                }
            }
            Ok(Sitemap::Urls(entries)) => {
                let mut queued = Vec::new();
                for entry in entries {
                    let Some(page) = normalize::resolve(&url, &entry.loc) else {
                        continue;
                    };
                    if self.frontier.contains(page.as_str()) {
                        continue;
                    }
                    if let Some(lastmod) = entry.lastmod
                        && self.fresh_by_lastmod(&page, lastmod)?
                    {
                        continue;
                    }
                    if let Ok(q) = self.frontier.admit(&page, 0) {
                        queued.push(q);
                    }
                }
                info!(%url, queued = queued.len(), "sitemap read");
                self.store
                    .frontier()
                    .enqueue(&queued)
                    .map_err(|e| self.store_error(e))?;
            }
            Err(e) => {
                warn!(%url, "sitemap not read: {e}");
                self.report.error("sitemap");
            }
        }
        Ok(())
    }

    /// A page the sitemap says has not changed since we stored it is not requested: it is settled
    /// as unchanged and its stored links are followed as a 304 would.
    fn fresh_by_lastmod(&mut self, url: &Url, lastmod: i64) -> Result<bool, Error> {
        let stored = self
            .store
            .get(url.as_str())
            .map_err(|e| self.store_error(e))?;
        let Some(page) = stored.filter(|p| p.state == PageState::Fetched && p.last_seen >= lastmod)
        else {
            return Ok(false);
        };
        let Ok(entry) = self.frontier.admit(url, 0) else {
            return Ok(false);
        };
        let Some(h) = self.frontier.host_of(url) else {
            return Ok(false);
        };
        // Settled without a request, but it is one of this crawl's pages all the same.
        self.frontier.mark_done(&entry.url);
        self.pages_started += 1;
        self.hosts[h].pages_started += 1;
        self.hosts[h].stats.pages += 1;
        let discovered = self.discover(&page.outlinks, 1);
        let fetched = Fetched {
            done: &[entry.url.as_str()],
            discovered: &discovered,
            now: super::unix_now(),
            ..Fetched::default()
        };
        self.store
            .record_fetch(&fetched)
            .map_err(|e| self.store_error(e))?;
        self.report.fetched += 1;
        self.report.unchanged += 1;
        self.report.unchanged_by_sitemap += 1;
        Ok(true)
    }

    /// Admits links found at `depth` into the frontier; returns the new ones (to persist).
    pub(super) fn discover(&mut self, links: &[String], depth: u32) -> Vec<QueuedUrl> {
        let mut queued = Vec::new();
        for link in links {
            let Some(url) = normalize::parse(link) else {
                continue;
            };
            match self.frontier.admit(&url, depth) {
                Ok(q) => queued.push(q),
                Err(
                    why @ (crate::frontier::Refused::TooDeep
                    | crate::frontier::Refused::QueryVariants),
                ) => {
                    self.report.skip(why.as_str(), 1);
                }
                Err(_) => {}
            }
        }
        queued
    }

    /// When nothing is left: stored pages this crawl did not reach are checked once more, so a
    /// page deleted and unlinked becomes gone. They come in at the depth limit (their links were
    /// followed when they were reachable).
    pub(super) fn queue_revisits(&mut self) -> Result<usize, Error> {
        let known = self.store.page_states().map_err(|e| self.store_error(e))?;
        let depth = self.frontier.max_depth();
        let mut queued = Vec::new();
        for (url, state) in known {
            if state == PageState::Gone || self.frontier.contains(&url) {
                continue;
            }
            if let Ok(url) = Url::parse(&url)
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
