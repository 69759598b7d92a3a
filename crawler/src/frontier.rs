//! The frontier in memory: which URLs this crawl has seen, which are done, one queue per host,
//! and the limits on what may enter (configured sites only, depth, query variants per path).
//! The page store keeps the same frontier on disk, so a killed crawl resumes with it.

use std::collections::{HashMap, VecDeque};

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

pub struct Frontier {
    /// One origin per configured site; a URL belongs to the host whose origin it shares.
    origins: Vec<Url>,
    urls: HashMap<String, Entry>,
    /// URLs turned away, so each is reported once (a too-deep URL may still come in at a lesser depth).
    refused: HashMap<String, Refused>,
    variants: HashMap<String, usize>,
    queues: Vec<VecDeque<QueuedUrl>>,
    max_depth: usize,
    max_query_variants: usize,
}

impl Frontier {
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

    pub fn hosts(&self) -> usize {
        self.origins.len()
    }

    /// Checks a URL found at `depth` and, when it may be crawled, records and queues it.
    pub fn admit(&mut self, url: &Url, depth: u32) -> Result<QueuedUrl, Refused> {
        let host = self.host_of(url).ok_or(Refused::OffSite)?;
        if self.urls.contains_key(url.as_str()) {
            return Err(Refused::Seen);
        }
        match self.refused.get(url.as_str()) {
            Some(Refused::TooDeep) if depth as usize <= self.max_depth => {}
            Some(_) => return Err(Refused::Seen),
            None => {}
        }
        let refuse = |this: &mut Frontier, why: Refused| {
            this.refused.insert(url.as_str().to_owned(), why);
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
        self.refused.remove(url.as_str());
        let queued = QueuedUrl {
            url: url.as_str().to_owned(),
            depth,
        };
        self.urls.insert(queued.url.clone(), Entry { done: false });
        self.queues[host].push_back(queued.clone());
        Ok(queued)
    }

    /// Restores an entry of a resumed crawl (already on disk, so no checks).
    pub fn restore(&mut self, entry: QueuedUrl, done: bool) {
        let Some(url) = Url::parse(&entry.url).ok() else {
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

    pub fn has_queued(&self, host: usize) -> bool {
        !self.queues[host].is_empty()
    }

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

    pub fn mark_done(&mut self, url: &str) {
        self.urls.insert(url.to_owned(), Entry { done: true });
    }

    pub fn is_done(&self, url: &str) -> bool {
        self.urls.get(url).is_some_and(|e| e.done)
    }

    pub fn contains(&self, url: &str) -> bool {
        self.urls.contains_key(url)
    }

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
                depth: 1,
            },
            true,
        );
        f.restore(
            QueuedUrl {
                url: "http://a.test/next".into(),
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
