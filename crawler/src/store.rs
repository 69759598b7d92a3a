//! From a fetch outcome to the page row the store keeps, and what changed since the last crawl.
//! The rules of incremental crawling live here: a 304 keeps the stored page, an equal content hash
//! is no change, 404/410 is gone (and backs off: see [`gone_wait`]), and a transient failure
//! never erases what was fetched before. Pages are stored under their key (`url` below); the
//! crawl loop records the URL as requested.

use std::time::Duration;

use config::Site;
use pagestore::{Page, PageState};

use crate::extract::Extracted;
use crate::fetch::Response;

/// What a fetch did to the stored page, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// An HTML page stored for the first time (or back after being gone or failing).
    New,
    /// Its content hash differs from the stored one.
    Changed,
    /// Fetched again with the same content hash.
    Unchanged,
    /// 304: the stored page stands.
    NotModified,
    /// A page that was stored is now 404/410.
    Gone,
    /// 404/410 for a URL never stored, or still gone: a broken link.
    NotFound,
    /// A 2xx answer that is not HTML (recorded, not parsed).
    NotHtml,
    /// A 2xx answer over the byte cap.
    TooLarge,
    /// The fetch failed; a previously stored page keeps its content.
    Failed,
}

/// A page row for `url` to update: the stored one, or a new one seen now.
fn base(url: &str, site: &Site, stored: Option<&Page>, now: i64) -> Page {
    let mut page = match stored {
        Some(p) if p.url == url => p.clone(),
        _ => Page::new(url, &site.bureau, now),
    };
    let path = url::Url::parse(url)
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    page.bureau = site.bureau_for_path(&path).to_owned();
    page.section = site
        .section_for_path(&path)
        .map(|(prefix, _)| prefix.to_owned());
    page.last_seen = now;
    page.last_error = None;
    page
}

/// How long a dead link waits before it is requested again after `streak` 404/410 answers in a
/// row: one day, doubling with each answer, at most 30 days (the growing intervals Nutch's
/// adaptive schedule and Heritrix give pages that are gone).
pub fn gone_wait(streak: u32) -> Duration {
    let days = 1u64 << streak.saturating_sub(1).min(5);
    GONE_MAX_WAIT.min(Duration::from_secs(days * DAY_SECS))
}

/// The longest a dead link waits between two requests.
pub const GONE_MAX_WAIT: Duration = Duration::from_secs(30 * DAY_SECS);

/// A check due within this much of a crawl's start is taken as due, so "wait one day" means
/// "at the next daily crawl" even when that one starts a little earlier in the day.
pub const RECHECK_SLACK: Duration = Duration::from_secs(3600);

const DAY_SECS: u64 = 24 * 3600;

/// Whether a stored page is a dead link still backing off at `now` (unix seconds).
pub fn backing_off(stored: &Page, now: i64) -> bool {
    stored.state == PageState::Gone && stored.next_check.is_some_and(|at| now < at)
}

/// A live answer: the dead-link backoff is over.
fn alive(page: &mut Page) {
    page.gone_streak = 0;
    page.next_check = None;
}

fn was_fetched(stored: Option<&Page>) -> bool {
    stored.is_some_and(|p| p.state == PageState::Fetched)
}

/// A 2xx HTML page, extracted. `url` is where it is stored (the final or canonical URL);
/// `validators` says whether the response's ETag/Last-Modified belong to that URL.
pub fn fetched(
    url: &str,
    site: &Site,
    stored: Option<&Page>,
    resp: &Response,
    ex: &Extracted,
    validators: bool,
    now: i64,
) -> (Page, Change) {
    let mut page = base(url, site, stored, now);
    let change = match stored.filter(|_| was_fetched(stored)) {
        None => Change::New,
        Some(old) if old.content_hash.as_deref() == Some(ex.content_hash.as_str()) => {
            Change::Unchanged
        }
        Some(_) => Change::Changed,
    };
    if change != Change::Unchanged {
        page.last_changed = now;
    }
    page.state = PageState::Fetched;
    page.http_status = Some(resp.status);
    page.lang = ex.lang.map(|l| l.tag.to_owned());
    page.title = ex.title.clone();
    page.description = ex.description.clone();
    page.text = ex.text.clone();
    page.sections = ex.sections.clone();
    // Only links the crawler may follow are kept: a 304 later re-queues exactly these.
    page.outlinks = if ex.nofollow {
        Vec::new()
    } else {
        ex.outlinks.iter().map(|u| u.as_str().to_owned()).collect()
    };
    page.canonical = ex.canonical.as_ref().map(|c| c.as_str().to_owned());
    page.noindex = ex.noindex;
    page.content_type = resp.content_type.clone();
    page.etag = if validators { resp.etag.clone() } else { None };
    page.last_modified = if validators {
        resp.last_modified.clone()
    } else {
        None
    };
    page.content_hash = Some(ex.content_hash.clone());
    page.bytes = Some(resp.bytes);
    page.published = ex.published.clone();
    alive(&mut page);
    (page, change)
}

/// 304 Not Modified: the stored page, seen again; new validators if the server sent them.
pub fn not_modified(stored: &Page, resp: &Response, now: i64) -> Page {
    let mut page = stored.clone();
    page.last_seen = now;
    page.last_error = None;
    page.http_status = Some(304);
    if resp.etag.is_some() {
        page.etag = resp.etag.clone();
    }
    if resp.last_modified.is_some() {
        page.last_modified = resp.last_modified.clone();
    }
    alive(&mut page);
    page
}

/// 404 or 410: the indexer drops it, and the URL backs off: it is not requested again before
/// [`gone_wait`] of its answers in a row has passed.
pub fn gone(
    url: &str,
    site: &Site,
    stored: Option<&Page>,
    status: u16,
    now: i64,
) -> (Page, Change) {
    let mut page = base(url, site, stored, now);
    let change =
        if stored.is_some_and(|p| p.state != PageState::Gone && p.state != PageState::Failed) {
            Change::Gone
        } else {
            Change::NotFound
        };
    if stored.is_none_or(|p| p.state != PageState::Gone) {
        page.last_changed = now;
    }
    page.gone_streak = match stored {
        Some(p) if p.state == PageState::Gone => p.gone_streak.saturating_add(1),
        _ => 1,
    };
    let wait = gone_wait(page.gone_streak).saturating_sub(RECHECK_SLACK);
    page.next_check = Some(now.saturating_add(wait.as_secs() as i64));
    page.state = PageState::Gone;
    page.http_status = Some(status);
    (page, change)
}

/// A 2xx answer that is not HTML, or over the byte cap: recorded, not parsed.
pub fn unparsed(
    url: &str,
    site: &Site,
    stored: Option<&Page>,
    resp: &Response,
    state: PageState,
    now: i64,
) -> (Page, Change) {
    let mut page = base(url, site, stored, now);
    if stored.is_none_or(|p| p.state != state) {
        page.last_changed = now;
    }
    page.state = state;
    page.http_status = Some(resp.status);
    page.content_type = resp.content_type.clone();
    page.etag = resp.etag.clone();
    page.last_modified = resp.last_modified.clone();
    page.bytes = match &resp.body {
        crate::fetch::Body::NotHtml { length } => *length,
        crate::fetch::Body::TooLarge { read } if *read > 0 => Some(*read),
        _ => None,
    };
    page.text.clear();
    page.sections.clear();
    page.outlinks.clear();
    page.content_hash = None;
    alive(&mut page);
    (
        page,
        if state == PageState::NotHtml {
            Change::NotHtml
        } else {
            Change::TooLarge
        },
    )
}

/// A failure (5xx, timeout, redirect loop...). A page fetched before keeps its content and state;
/// only `last_error` (and the status, when there was one) records what happened.
pub fn failed(
    url: &str,
    site: &Site,
    stored: Option<&Page>,
    status: Option<u16>,
    error: &str,
    now: i64,
) -> Page {
    let mut page = match stored {
        Some(p) => p.clone(),
        None => {
            let mut p = base(url, site, None, now);
            p.state = PageState::Failed;
            p.content_type = None;
            p
        }
    };
    if stored.is_none() || page.state == PageState::Failed {
        page.http_status = status;
    }
    page.last_error = Some(error.to_owned());
    page
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
