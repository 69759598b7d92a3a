//! The frontier in memory: which pages this crawl has seen (by [`UrlKey`]), which are done, one
//! queue per host, and the limits on what may enter (configured sites only, depth, query
//! variants per path). The page store keeps the same frontier on disk, so a killed crawl resumes
//! with it.

use std::collections::{HashMap, VecDeque};

use config::url_identity::UrlKey;
use pagestore::QueuedUrl;
use url::Url;

/// Why a discovered URL was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Already queued or fetched in this crawl.
    Seen,
    /// Not on a configured site.
    OffSite,
    /// Deeper than `max_depth`.
    TooDeep,
    /// Its path already has `max_query_variants` query strings (calendar-style traps).
    QueryVariants,
}

impl Refused {
    /// A short stable name for the crawl report (`seen`, `off_site`, `max_depth`,
    /// `query_variants`).
    pub fn as_str(self) -> &'static str {
        match self {
            Refused::Seen => "seen",
            Refused::OffSite => "off_site",
            Refused::TooDeep => "max_depth",
            Refused::QueryVariants => "query_variants",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    done: bool,
}

/// The crawl's frontier: hosts are numbered in the order of the configured sites.
pub struct Frontier {
    /// One origin per configured site; a URL belongs to the host whose origin it shares.
    origins: Vec<Url>,
    /// By key.
    urls: HashMap<String, Entry>,
    /// URLs turned away, so each is reported once (a too-deep URL may still come in at a lesser depth).
    refused: HashMap<String, Refused>,
    variants: HashMap<String, usize>,
    queues: Vec<VecDeque<QueuedUrl>>,
    max_depth: usize,
    max_query_variants: usize,
}

impl Frontier {
    /// An empty frontier for the sites at `origins`, admitting links up to `max_depth` hops from a
    /// seed and `max_query_variants` query strings per path.
    pub fn new(origins: Vec<Url>, max_depth: usize, max_query_variants: usize) -> Frontier {
        let queues = origins.iter().map(|_| VecDeque::new()).collect();
        Frontier {
            origins,
            urls: HashMap::new(),
            refused: HashMap::new(),
            variants: HashMap::new(),
            queues,
            max_depth,
            max_query_variants,
        }
    }

    /// The host (site index) serving `url`, if it is on a configured site.
    pub fn host_of(&self, url: &Url) -> Option<usize> {
        self.origins
            .iter()
            .position(|o| config::same_origin(o, url))
    }

    /// Number of hosts (configured sites).
    pub fn hosts(&self) -> usize {
        self.origins.len()
    }

    /// Checks a link (request form) found at `depth` and, when it may be crawled, records its key
    /// and queues it at the back of its host's queue.
    ///
    /// # Errors
    /// [`Refused`] says why it was not queued.
    pub fn admit(&mut self, url: &Url, depth: u32) -> Result<QueuedUrl, Refused> {
        self.admit_at(url, depth, false)
    }

    /// [`Frontier::admit`], queueing at the front of the host's queue (work that should go first).
    ///
    /// # Errors
    /// [`Refused`] says why it was not queued.
    pub fn admit_first(&mut self, url: &Url, depth: u32) -> Result<QueuedUrl, Refused> {
        self.admit_at(url, depth, true)
    }

    fn admit_at(&mut self, url: &Url, depth: u32, first: bool) -> Result<QueuedUrl, Refused> {
        let host = self.host_of(url).ok_or(Refused::OffSite)?;
        let key = UrlKey::from_url(url).ok_or(Refused::OffSite)?;
        let key = key.as_str();
        if self.urls.contains_key(key) {
            return Err(Refused::Seen);
        }
        match self.refused.get(key) {
            Some(Refused::TooDeep) if depth as usize <= self.max_depth => {}
            Some(_) => return Err(Refused::Seen),
            None => {}
        }
        let refuse = |this: &mut Frontier, why: Refused| {
            this.refused.insert(key.to_owned(), why);
            Err(why)
        };
        if depth as usize > self.max_depth {
            return refuse(self, Refused::TooDeep);
        }
        if url.query().is_some() {
            let key = variant_key(url);
            let n = self.variants.get(&key).copied().unwrap_or(0);
            if n >= self.max_query_variants {
                return refuse(self, Refused::QueryVariants);
            }
            self.variants.insert(key, n + 1);
        }
        self.refused.remove(key);
        let queued = QueuedUrl {
            url: key.to_owned(),
            request_url: (url.as_str() != key).then(|| url.as_str().to_owned()),
            depth,
        };
        self.urls.insert(queued.url.clone(), Entry { done: false });
        if first {
            self.queues[host].push_front(queued.clone());
        } else {
            self.queues[host].push_back(queued.clone());
        }
        Ok(queued)
    }

    /// Restores an entry of a resumed crawl (already on disk, so no checks).
    pub fn restore(&mut self, entry: QueuedUrl, done: bool) {
        let Some(url) = Url::parse(entry.request()).ok() else {
            return;
        };
        if url.query().is_some() {
            *self.variants.entry(variant_key(&url)).or_insert(0) += 1;
        }
        self.urls.insert(entry.url.clone(), Entry { done });
        if !done && let Some(host) = self.host_of(&url) {
            self.queues[host].push_back(entry);
        }
    }

    /// The next URL of `host` not yet done.
    pub fn pop(&mut self, host: usize) -> Option<QueuedUrl> {
        while let Some(next) = self.queues[host].pop_front() {
            if !self.is_done(&next.url) {
                return Some(next);
            }
        }
        None
    }

    /// Puts a popped URL back at the head of its queue (a budget or backoff said "not now").
    pub fn push_front(&mut self, host: usize, url: QueuedUrl) {
        self.queues[host].push_front(url);
    }

    /// Whether `host` has URLs waiting.
    pub fn has_queued(&self, host: usize) -> bool {
        !self.queues[host].is_empty()
    }

    /// URLs waiting over all hosts.
    pub fn queued_len(&self) -> usize {
        self.queues.iter().map(VecDeque::len).sum()
    }

    /// Drains the queue of `host` (its robots.txt is unreachable: nothing there is crawled now).
    pub fn drain(&mut self, host: usize) -> Vec<QueuedUrl> {
        self.queues[host]
            .drain(..)
            .filter(|q| !self.urls.get(&q.url).is_some_and(|e| e.done))
            .collect()
    }

    /// Records that the page with key `key` is settled in this crawl.
    pub fn mark_done(&mut self, key: &str) {
        self.urls.insert(key.to_owned(), Entry { done: true });
    }

    /// Whether the page with key `key` is settled in this crawl.
    pub fn is_done(&self, key: &str) -> bool {
        self.urls.get(key).is_some_and(|e| e.done)
    }

    /// Whether the page with key `key` was queued or settled in this crawl.
    pub fn contains(&self, key: &str) -> bool {
        self.urls.contains_key(key)
    }

    /// The deepest a link may be, in hops from a seed.
    pub fn max_depth(&self) -> u32 {
        self.max_depth.min(u32::MAX as usize) as u32
    }
}

/// URLs sharing origin and path but not query count as variants of one page.
fn variant_key(url: &Url) -> String {
    format!("{}{}", url.origin().ascii_serialization(), url.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frontier(max_depth: usize, variants: usize) -> Frontier {
        Frontier::new(
            vec![
                Url::parse("http://a.test/").unwrap(),
                Url::parse("http://a.test:81/").unwrap(),
            ],
            max_depth,
            variants,
        )
    }

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn queues_each_url_once_per_host() {
        let mut f = frontier(5, 5);
        assert!(f.admit(&url("http://a.test/x"), 1).is_ok());
        assert_eq!(f.admit(&url("http://a.test/x"), 0), Err(Refused::Seen));
        assert!(f.admit(&url("http://a.test:81/x"), 1).is_ok());
        assert_eq!(f.pop(0).unwrap().url, "http://a.test/x");
        assert_eq!(f.pop(0), None);
        assert_eq!(f.pop(1).unwrap().url, "http://a.test:81/x");
    }

    #[test]
    fn refuses_other_hosts_deep_urls_and_endless_query_variants() {
        let mut f = frontier(2, 3);
        assert_eq!(f.admit(&url("http://b.test/x"), 0), Err(Refused::OffSite));
        assert_eq!(
            f.admit(&url("http://a.test/deep"), 3),
            Err(Refused::TooDeep)
        );
        assert_eq!(f.admit(&url("http://a.test/deep"), 4), Err(Refused::Seen));
        assert!(
            f.admit(&url("http://a.test/deep"), 2).is_ok(),
            "found again closer to a seed"
        );
        for m in 1..=3 {
            assert!(
                f.admit(&url(&format!("http://a.test/cal?month={m}")), 1)
                    .is_ok()
            );
        }
        assert_eq!(
            f.admit(&url("http://a.test/cal?month=4"), 1),
            Err(Refused::QueryVariants)
        );
        assert_eq!(
            f.admit(&url("http://a.test/cal?month=4"), 1),
            Err(Refused::Seen),
            "reported once"
        );
        assert!(
            f.admit(&url("http://a.test/cal"), 1).is_ok(),
            "the bare path is not a variant"
        );
        assert!(f.admit(&url("http://a.test/other?month=4"), 1).is_ok());
    }

    #[test]
    fn one_page_whatever_the_order_of_its_query_and_the_link_kept_for_the_request() {
        let mut f = frontier(5, 5);
        let queued = f
            .admit(&url("http://a.test/cal?view=month&date=2026-11"), 1)
            .unwrap();
        assert_eq!(queued.url, "http://a.test/cal?date=2026-11&view=month");
        assert_eq!(
            queued.request(),
            "http://a.test/cal?view=month&date=2026-11"
        );
        assert_eq!(
            f.admit(&url("http://a.test/cal?date=2026-11&view=month"), 1),
            Err(Refused::Seen)
        );
        let plain = f.admit(&url("http://a.test/plain"), 1).unwrap();
        assert_eq!(
            (plain.request_url.as_deref(), plain.request()),
            (None, "http://a.test/plain")
        );
    }

    #[test]
    fn admit_first_jumps_the_queue() {
        let mut f = frontier(5, 5);
        f.admit(&url("http://a.test/1"), 1).unwrap();
        f.admit_first(&url("http://a.test/2"), 1).unwrap();
        assert_eq!(f.pop(0).unwrap().url, "http://a.test/2");
    }

    #[test]
    fn pop_skips_urls_done_meanwhile() {
        let mut f = frontier(5, 5);
        f.admit(&url("http://a.test/1"), 0).unwrap();
        f.admit(&url("http://a.test/2"), 0).unwrap();
        f.mark_done("http://a.test/1");
        assert_eq!(f.pop(0).unwrap().url, "http://a.test/2");
    }

    #[test]
    fn restores_a_resumed_frontier() {
        let mut f = frontier(5, 1);
        f.restore(
            QueuedUrl {
                url: "http://a.test/cal?m=1".into(),
                request_url: None,
                depth: 1,
            },
            true,
        );
        f.restore(
            QueuedUrl {
                url: "http://a.test/next".into(),
                request_url: None,
                depth: 2,
            },
            false,
        );
        assert!(f.is_done("http://a.test/cal?m=1"));
        assert_eq!(
            f.admit(&url("http://a.test/cal?m=2"), 1),
            Err(Refused::QueryVariants)
        );
        assert_eq!(f.pop(0).unwrap().depth, 2);
    }
}
