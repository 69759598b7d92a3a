//! What a page response means: follow a redirect (a `Location`, or a refresh that is one: within
//! limits, never in a loop, never off the configured sites), keep the stored page on 304, store
//! what was extracted (or hold it until its canonical URL is known), mark gone pages, retry busy
//! hosts, record failures.

use pagestore::{Page, PageState};
use tokio::time::Instant;
use tracing::{debug, info, warn};
use url::Url;

use super::dispatch::requested_as;
use super::{Job, PageJob, Run, key_of, unix_now};
use crate::Error;
use crate::extract::Extracted;
use crate::fetch::{Body, FetchError, Response};
use crate::store::{self, Change};

/// Redirects followed for one link.
pub const MAX_REDIRECTS: usize = 5;
/// Answers 429/503 tolerated for one URL before it counts as failed.
pub const MAX_BUSY_RETRIES: u32 = 3;
/// A refresh (`<meta http-equiv=refresh>` or the `Refresh` header) to another URL within this
/// many seconds is a redirect, as browsers and search engines treat it; a later one (a page that
/// moves on after a while, or a session timeout) leaves the page stored and its target a link.
pub const MAX_REFRESH_REDIRECT_SECS: u64 = 10;

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
            (301 | 302 | 303 | 307 | 308, _) => {
                let target = resp
                    .location
                    .as_deref()
                    .and_then(|l| config::url_identity::resolve(&job.url, l));
                self.redirected(h, job, stored, target, resp.status)
            }
            (304, _) => self.not_modified(h, job, stored, &resp),
            (200..=299, Body::Read(_)) => match extracted {
                Some(ex) => match refresh_target(&job, &ex) {
                    Some(target) => self.redirected(h, job, stored, Some(target), resp.status),
                    None => self.html(h, job, stored, resp, ex),
                },
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
                self.unparsed(h, &job, stored.as_ref(), &resp)
            }
            (404 | 410, _) => {
                let (mut page, change) = store::gone(
                    &job.key(),
                    &self.config.sites[h],
                    stored.as_ref(),
                    resp.status,
                    unix_now(),
                );
                requested_as(&mut page, &job.url);
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

    /// 304: the stored page stands, and its stored links are followed again.
    fn not_modified(
        &mut self,
        h: usize,
        job: PageJob,
        stored: Option<Page>,
        resp: &Response,
    ) -> Result<(), Error> {
        let Some(old) = stored else {
            return self.fail(
                h,
                &job,
                None,
                Some(304),
                "unexpected_304",
                "304 Not Modified to an unconditional request",
            );
        };
        let mut page = store::not_modified(&old, resp, unix_now());
        requested_as(&mut page, &job.url);
        if old.state == PageState::Fetched {
            self.report.count(Change::NotModified);
        }
        let discovered = self.discover(&old.outlinks, job.entry.depth + 1);
        self.hosts[h].stats.pages += 1;
        self.settle(&job, Some(&page), &discovered)
    }

    /// A 2xx answer that is not HTML, or over the byte cap: recorded, not parsed.
    fn unparsed(
        &mut self,
        h: usize,
        job: &PageJob,
        stored: Option<&Page>,
        resp: &Response,
    ) -> Result<(), Error> {
        let state = if matches!(resp.body, Body::NotHtml { .. }) {
            PageState::NotHtml
        } else {
            PageState::TooLarge
        };
        let (mut page, change) = store::unparsed(
            &job.key(),
            &self.config.sites[h],
            stored,
            resp,
            state,
            unix_now(),
        );
        requested_as(&mut page, &job.url);
        debug!(url = %job.url, state = state.as_str(), "recorded, not parsed");
        self.report.count(change);
        self.hosts[h].stats.pages += 1;
        self.settle(job, Some(&page), &[])
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
        let mut page = store::failed(
            &job.key(),
            &self.config.sites[h],
            stored.as_ref(),
            status,
            message,
            unix_now(),
        );
        requested_as(&mut page, &job.url);
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
        let stored = self.stored(&job.entry.url)?;
        warn!(url = %job.entry.request(), "{message}");
        self.report.error(kind);
        self.hosts[h].stats.pages += 1;
        let mut page = store::failed(
            &job.entry.url,
            &self.config.sites[h],
            stored.as_ref(),
            None,
            message,
            unix_now(),
        );
        page.request_url = job.entry.request_url.clone();
        self.settle(job, Some(&page), &[])
    }

    /// A redirect (or a refresh that is one) from the job's URL to `target` (`None`: a
    /// `Location` that does not resolve). The hop goes through the loop like any request.
    fn redirected(
        &mut self,
        h: usize,
        mut job: PageJob,
        stored: Option<Page>,
        target: Option<Url>,
        status: u16,
    ) -> Result<(), Error> {
        let Some(target) = target else {
            return self.redirect_failed(
                h,
                &job,
                "bad_redirect",
                "redirect without a usable Location",
            );
        };
        let (from, to) = (job.key(), key_of(&target));
        let looped = to == from || job.chain.iter().any(|(f, _, _)| *f == to);
        job.chain.push((from.clone(), to.clone(), status));
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
        self.retire_moved(stored, status)?;
        match self.frontier.host_of(&target) {
            None => {
                debug!(from = %job.url, %target, "redirect to a site that is not configured: not followed");
                self.report.skip("redirect_off_site", 1);
                self.hosts[h].stats.pages += 1;
                self.settle(&job, None, &[])
            }
            Some(_) if self.frontier.is_done(&to) => {
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

    /// A page stored at a URL that now redirects lives elsewhere: it leaves the index.
    fn retire_moved(&mut self, stored: Option<Page>, status: u16) -> Result<(), Error> {
        let Some(mut old) = stored.filter(|p| {
            matches!(
                p.state,
                PageState::Fetched | PageState::NotHtml | PageState::TooLarge
            )
        }) else {
            return Ok(());
        };
        old.state = PageState::Gone;
        old.http_status = Some(status);
        old.last_seen = unix_now();
        old.last_changed = old.last_seen;
        self.store.put(&old).map_err(|e| self.store_error(e))
    }

    /// Stores an extracted page under its own URL, and follows its links.
    pub(super) fn store_html(
        &mut self,
        h: usize,
        job: &PageJob,
        stored: Option<&Page>,
        resp: &Response,
        ex: &Extracted,
    ) -> Result<(), Error> {
        let now = unix_now();
        let (mut page, change) = store::fetched(
            &job.key(),
            &self.config.sites[h],
            stored,
            resp,
            ex,
            true,
            now,
        );
        requested_as(&mut page, &job.url);
        if let Some(refresh) = ex.refresh.as_ref().filter(|_| !ex.nofollow)
            && !page.outlinks.iter().any(|l| l == refresh.url.as_str())
            && key_of(&refresh.url) != page.url
        {
            // A refresh too slow to be a redirect still names a page to visit.
            page.outlinks.push(refresh.url.to_string());
        }
        self.report.count(change);
        if page.noindex {
            self.report.noindex += 1;
        }
        self.hosts[h].stats.pages += 1;
        let discovered = self.discover(&page.outlinks, job.entry.depth + 1);
        self.settle(job, Some(&page), &discovered)
    }
}

/// Where a quick refresh sends the browser, when it is a redirect to another page.
fn refresh_target(job: &PageJob, ex: &Extracted) -> Option<Url> {
    let refresh = ex.refresh.as_ref()?;
    if refresh.seconds > MAX_REFRESH_REDIRECT_SECS {
        return None;
    }
    let target = config::url_identity::request_form(&refresh.url)?;
    (key_of(&target) != job.key()).then_some(target)
}
