//! What a page response means: follow a redirect (within limits, never in a loop, never off the
//! configured sites), keep the stored page on 304, store what was extracted (under its canonical
//! URL when it names one on its host), mark gone pages, retry busy hosts, record failures.

use pagestore::{Page, PageState};
use tokio::time::Instant;
use tracing::{debug, info, warn};
use url::Position;

use super::{Job, PageJob, Run, unix_now};
use crate::extract::Extracted;
use crate::fetch::{Body, FetchError, Response};
use crate::store::{self, Change};
use crate::{Error, normalize};

/// Redirects followed for one link.
pub const MAX_REDIRECTS: usize = 5;
/// Answers 429/503 tolerated for one URL before it counts as failed.
pub const MAX_BUSY_RETRIES: u32 = 3;

impl Run {
    pub(super) fn page_fetched(
        &mut self,
        h: usize,
        job: PageJob,
        stored: Option<Page>,
        result: Result<(Response, Option<Extracted>), FetchError>,
    ) -> Result<(), Error> {
        let (resp, extracted) = match result {
            Ok(ok) => ok,
            Err(e) => return self.fail(h, &job, stored, None, e.kind(), &e.to_string()),
        };
        match (resp.status, &resp.body) {
            (301 | 302 | 303 | 307 | 308, _) => self.redirected(h, job, stored, &resp),
            (304, _) => match stored {
                Some(old) => {
                    let page = store::not_modified(&old, &resp, unix_now());
                    if old.state == PageState::Fetched {
                        self.report.count(Change::NotModified);
                    }
                    let discovered = self.discover(&old.outlinks, job.entry.depth + 1);
                    self.hosts[h].stats.pages += 1;
                    self.settle(&job, Some(&page), &discovered)
                }
                None => self.fail(
                    h,
                    &job,
                    None,
                    Some(304),
                    "unexpected_304",
                    "304 Not Modified to an unconditional request",
                ),
            },
            (200..=299, Body::Read(_)) => match extracted {
                Some(ex) => self.stored_html(h, job, stored, &resp, ex),
                None => self.fail(
                    h,
                    &job,
                    stored,
                    Some(resp.status),
                    "extract",
                    "page was read but not extracted",
                ),
            },
            (200..=299, Body::NotHtml { .. } | Body::TooLarge { .. }) => {
                let state = if matches!(resp.body, Body::NotHtml { .. }) {
                    PageState::NotHtml
                } else {
                    PageState::TooLarge
                };
                let (page, change) = store::unparsed(
                    job.url.as_str(),
                    &self.config.sites[h],
                    stored.as_ref(),
                    &resp,
                    state,
                    unix_now(),
                );
                debug!(url = %job.url, state = state.as_str(), "recorded, not parsed");
                self.report.count(change);
                self.hosts[h].stats.pages += 1;
                self.settle(&job, Some(&page), &[])
            }
            (404 | 410, _) => {
                let (page, change) = store::gone(
                    job.url.as_str(),
                    &self.config.sites[h],
                    stored.as_ref(),
                    resp.status,
                    unix_now(),
                );
                self.report.count(change);
                self.hosts[h].stats.pages += 1;
                self.settle(&job, Some(&page), &[])
            }
            (429 | 503, _) if job.attempt < MAX_BUSY_RETRIES => {
                let wait = self.hosts[h].back_off(Instant::now(), resp.retry_after, job.attempt);
                info!(url = %job.url, status = resp.status, ?wait, "host is busy: backing off");
                let mut job = job;
                job.attempt += 1;
                self.hosts[h].urgent.push_front(Job::Page(job));
                Ok(())
            }
            (status, _) => self.fail(
                h,
                &job,
                stored,
                Some(status),
                &format!("http_{status}"),
                &format!("HTTP {status}"),
            ),
        }
    }

    /// A failure: counted, logged, and recorded without erasing a previously stored page.
    fn fail(
        &mut self,
        h: usize,
        job: &PageJob,
        stored: Option<Page>,
        status: Option<u16>,
        kind: &str,
        message: &str,
    ) -> Result<(), Error> {
        warn!(url = %job.url, "{message}");
        self.report.error(kind);
        self.hosts[h].stats.pages += 1;
        let page = store::failed(
            job.url.as_str(),
            &self.config.sites[h],
            stored.as_ref(),
            status,
            message,
            unix_now(),
        );
        self.settle(job, Some(&page), &[])
    }

    /// A redirect chain that cannot be followed: the failure is recorded at the linked URL.
    fn redirect_failed(
        &mut self,
        h: usize,
        job: &PageJob,
        kind: &str,
        message: &str,
    ) -> Result<(), Error> {
        let stored = self
            .store
            .get(&job.entry.url)
            .map_err(|e| self.store_error(e))?;
        warn!(url = %job.entry.url, "{message}");
        self.report.error(kind);
        self.hosts[h].stats.pages += 1;
        let page = store::failed(
            &job.entry.url,
            &self.config.sites[h],
            stored.as_ref(),
            None,
            message,
            unix_now(),
        );
        self.settle(job, Some(&page), &[])
    }

    fn redirected(
        &mut self,
        h: usize,
        mut job: PageJob,
        stored: Option<Page>,
        resp: &Response,
    ) -> Result<(), Error> {
        let Some(target) = resp
            .location
            .as_deref()
            .and_then(|l| normalize::resolve(&job.url, l))
        else {
            return self.redirect_failed(
                h,
                &job,
                "bad_redirect",
                "redirect without a usable Location",
            );
        };
        let from = job.url.as_str().to_owned();
        let looped =
            target.as_str() == from || job.chain.iter().any(|(f, _, _)| f == target.as_str());
        job.chain
            .push((from.clone(), target.as_str().to_owned(), resp.status));
        if looped {
            return self.redirect_failed(
                h,
                &job,
                "redirect_loop",
                &format!("redirect loop back to {target}"),
            );
        }
        if job.chain.len() > MAX_REDIRECTS {
            return self.redirect_failed(
                h,
                &job,
                "too_many_redirects",
                &format!("more than {MAX_REDIRECTS} redirects"),
            );
        }
        // A page stored at this URL now lives elsewhere: it leaves the index.
        if let Some(mut old) = stored.filter(|p| {
            matches!(
                p.state,
                PageState::Fetched | PageState::NotHtml | PageState::TooLarge
            )
        }) {
            old.state = PageState::Gone;
            old.http_status = Some(resp.status);
            old.last_seen = unix_now();
            old.last_changed = old.last_seen;
            self.store.put(&old).map_err(|e| self.store_error(e))?;
        }
        match self.frontier.host_of(&target) {
            None => {
                debug!(%from, %target, "redirect to a site that is not configured: not followed");
                self.report.skip("redirect_off_site", 1);
                self.hosts[h].stats.pages += 1;
                self.settle(&job, None, &[])
            }
            Some(_) if self.frontier.is_done(target.as_str()) => {
                self.hosts[h].stats.pages += 1;
                self.settle(&job, None, &[])
            }
            Some(t) => {
                job.url = target;
                job.attempt = 0;
                self.hosts[t].urgent.push_front(Job::Page(job));
                Ok(())
            }
        }
    }

    /// Stores an extracted page. A same-host canonical naming another URL (and allowed by
    /// robots.txt) is where the page is stored; a duplicate of a page already stored in this crawl
    /// is not stored again.
    fn stored_html(
        &mut self,
        h: usize,
        job: PageJob,
        stored: Option<Page>,
        resp: &Response,
        ex: Extracted,
    ) -> Result<(), Error> {
        let now = unix_now();
        let depth = job.entry.depth + 1;
        let links: Vec<String> = if ex.nofollow {
            Vec::new()
        } else {
            ex.outlinks.iter().map(|u| u.as_str().to_owned()).collect()
        };
        // The canonical URL counts only when it is another URL of this host that robots.txt allows
        // and that is not part of the redirect chain that led here (`/a` -> `/a/` naming `/a`).
        let settles = job.settles();
        let canonical = ex.canonical.as_ref().filter(|c| {
            c.as_str() != job.url.as_str()
                && !settles.iter().any(|u| u == c.as_str())
                && self.hosts[h]
                    .rules()
                    .is_some_and(|r| r.allowed(&c[Position::BeforePath..]))
        });
        let stored_at_canonical = match canonical {
            Some(c) => self
                .store
                .get(c.as_str())
                .map_err(|e| self.store_error(e))?,
            None => None,
        };
        let (key, stored, validators, also_done) = match canonical {
            // Already stored in this crawl: this page is a duplicate of it.
            Some(c) if self.frontier.is_done(c.as_str()) => {
                if stored_at_canonical
                    .as_ref()
                    .is_some_and(|p| p.state == PageState::Fetched)
                {
                    debug!(url = %job.url, canonical = %c, "duplicate of a page already stored");
                    self.report.skip("duplicate_of_canonical", 1);
                    self.hosts[h].stats.pages += 1;
                    let discovered = self.discover(&links, depth);
                    return self.settle(&job, None, &discovered);
                }
                // The canonical URL itself failed or went away: keep this page under its own URL.
                (job.url.as_str().to_owned(), stored, true, Vec::new())
            }
            Some(c) => (
                c.as_str().to_owned(),
                stored_at_canonical,
                false,
                vec![c.as_str().to_owned()],
            ),
            None => (job.url.as_str().to_owned(), stored, true, Vec::new()),
        };
        let (page, change) = store::fetched(
            &key,
            &self.config.sites[h],
            stored.as_ref(),
            resp,
            &ex,
            validators,
            now,
        );
        self.report.count(change);
        if page.noindex {
            self.report.noindex += 1;
        }
        self.hosts[h].stats.pages += 1;
        let discovered = self.discover(&links, depth);
        self.settle_also(&job, Some(&page), &discovered, &also_done)
    }
}
