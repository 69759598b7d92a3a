//! `<link rel=canonical>` as a hint, not a fact (RFC 6596 §3; search engines say the same): a
//! page naming another URL of its site as canonical is only dropped as a duplicate when the
//! canonical page says the same thing ([`crate::similar`]). When the canonical page is not known
//! yet in this crawl, it is fetched first and the page waits in memory until it is.

use config::url_identity::UrlKey;
use pagestore::{Page, PageState, QueuedUrl};
use tracing::debug;
use url::{Position, Url};

use super::{Deferred, Job, PageJob, Run, key_of, unix_now};
use crate::Error;
use crate::extract::Extracted;
use crate::fetch::Response;
use crate::similar;

impl Run {
    /// An HTML page: stored, dropped as a duplicate of its canonical page, or held until that
    /// page is known.
    pub(super) fn html(
        &mut self,
        h: usize,
        job: PageJob,
        stored: Option<Page>,
        resp: Response,
        ex: Extracted,
    ) -> Result<(), Error> {
        let Some(canonical) = self.canonical_elsewhere(h, &job, &ex) else {
            return self.store_html(h, &job, stored.as_ref(), &resp, &ex);
        };
        let key = key_of(&canonical);
        if self.frontier.is_done(&key) {
            let reference = self.stored(&key)?;
            return self.keep_or_drop(h, job, stored, &resp, &ex, reference.as_ref(), &key);
        }
        if let Some(waiting) = self.deferred.get_mut(&key) {
            waiting.push(Deferred {
                host: h,
                job,
                stored,
                resp,
                ex,
            });
            return Ok(());
        }
        // Fetch the canonical page next; this one waits for it.
        let entry = match self.frontier.admit_first(&canonical, job.entry.depth) {
            Ok(entry) => {
                self.store
                    .frontier()
                    .enqueue(std::slice::from_ref(&entry))
                    .map_err(|e| self.store_error(e))?;
                entry
            }
            Err(crate::frontier::Refused::Seen) => QueuedUrl {
                url: key.clone(),
                request_url: (canonical.as_str() != key).then(|| canonical.to_string()),
                depth: job.entry.depth,
            },
            Err(_) => return self.store_html(h, &job, stored.as_ref(), &resp, &ex),
        };
        if let Some(t) = self.frontier.host_of(&canonical)
            && let Some(first) = PageJob::new(entry)
        {
            self.hosts[t].urgent.push_back(Job::Page(first));
        }
        debug!(url = %job.url, %canonical, "waiting for the canonical page");
        self.deferred.entry(key).or_default().push(Deferred {
            host: h,
            job,
            stored,
            resp,
            ex,
        });
        Ok(())
    }

    /// The page's canonical URL when it names another URL of this host that robots.txt allows
    /// and that is not part of the redirect chain that led here (`/a` -> `/a/` naming `/a`).
    fn canonical_elsewhere(&self, h: usize, job: &PageJob, ex: &Extracted) -> Option<Url> {
        let canonical = ex.canonical.as_ref()?;
        let key = UrlKey::from_url(canonical)?;
        let key = key.as_str();
        let elsewhere = key != job.key()
            && !job.settles().iter().any(|u| u == key)
            && self.hosts[h]
                .rules()
                .is_some_and(|r| r.allowed(&canonical[Position::BeforePath..]));
        elsewhere.then(|| canonical.clone())
    }

    /// Stores the page under its own URL, unless the canonical page (as stored in this crawl)
    /// says the same thing: then it is a duplicate, not stored, and a copy stored by an earlier
    /// crawl leaves the index.
    #[allow(clippy::too_many_arguments)]
    fn keep_or_drop(
        &mut self,
        h: usize,
        job: PageJob,
        stored: Option<Page>,
        resp: &Response,
        ex: &Extracted,
        reference: Option<&Page>,
        canonical: &str,
    ) -> Result<(), Error> {
        let duplicate = reference.is_some_and(|r| {
            r.state == PageState::Fetched
                && (r.content_hash.as_deref() == Some(ex.content_hash.as_str())
                    || similar::near_duplicate(&r.text, &ex.text))
        });
        if !duplicate {
            return self.store_html(h, &job, stored.as_ref(), resp, ex);
        }
        debug!(url = %job.url, %canonical, "same content as its canonical page: not stored");
        self.report.skip("duplicate_of_canonical", 1);
        self.hosts[h].stats.pages += 1;
        let retired = stored
            .filter(|p| p.state == PageState::Fetched)
            .map(|mut p| {
                p.state = PageState::Gone;
                p.last_error = Some(format!("duplicate of {canonical}"));
                p.last_changed = unix_now();
                p
            });
        let links: Vec<String> = if ex.nofollow {
            Vec::new()
        } else {
            ex.outlinks.iter().map(|u| u.as_str().to_owned()).collect()
        };
        let discovered = self.discover(&links, job.entry.depth + 1);
        self.settle(&job, retired.as_ref(), &discovered)
    }

    /// The page with key `key` was just settled (stored as `page`, or not): pages that named it
    /// canonical are now stored or dropped.
    pub(super) fn resolve_deferred(&mut self, key: &str, page: Option<&Page>) -> Result<(), Error> {
        let Some(waiting) = self.deferred.remove(key) else {
            return Ok(());
        };
        let reference = page.cloned();
        for d in waiting {
            let span = self.hosts[d.host].span.clone();
            let _entered = span.enter();
            self.keep_or_drop(
                d.host,
                d.job,
                d.stored,
                &d.resp,
                &d.ex,
                reference.as_ref(),
                key,
            )?;
        }
        Ok(())
    }

    /// At the end of the crawl, pages still waiting (their canonical page was never fetched:
    /// out of budget) are stored under their own URLs. Returns whether there were any.
    pub(super) fn settle_deferred_canonicals(&mut self) -> Result<bool, Error> {
        let keys: Vec<String> = self.deferred.keys().cloned().collect();
        for key in &keys {
            self.resolve_deferred(key, None)?;
        }
        Ok(!keys.is_empty())
    }
}
