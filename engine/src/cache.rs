//! Answers to recent questions: a bounded least-recently-used map from a request to the response
//! the engine gave it. One belongs to each [`crate::Engine`], which serves one commit of the
//! index, so a new commit (a publish, a rebuild) starts with an empty one: nothing cached can
//! outlive the index it was computed from. Entries also expire after a while, because a few
//! signals read the clock (the age of news, the dates of best bets).

use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lru::LruCache;

use crate::request::SearchRequest;

/// Responses kept per commit. A response with ten results is a few kilobytes, so this is a few
/// megabytes at most.
pub(crate) const CAPACITY: usize = 1024;

/// How long a response is served from the cache: long enough for the peaks when many people ask
/// the same thing, short enough that news ages and best bets start and end on time.
pub(crate) const TTL: Duration = Duration::from_secs(60);

/// What makes two requests the same search: every field of [`SearchRequest`] that the response
/// depends on. The question is kept as given (after the caller's cleaning): a trailing space
/// changes the plan, and the response repeats the question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    q: String,
    lang: Option<&'static str>,
    bureau: Option<String>,
    kind: Option<&'static str>,
    result_lang: Option<&'static str>,
    limit: usize,
    offset: usize,
    today: String,
}

impl Key {
    /// The key of `request`; `None` for a request that is explained: its report is built from the
    /// search's own values and is never cached.
    pub(crate) fn of(request: &SearchRequest) -> Option<Key> {
        (!request.explain).then(|| Key {
            q: request.q.clone(),
            lang: request.lang.map(|l| l.tag),
            bureau: request.bureau.clone(),
            kind: request.kind.map(|k| k.as_str()),
            result_lang: request.result_lang.map(|l| l.tag),
            limit: request.limit,
            offset: request.offset,
            today: request.today.clone(),
        })
    }
}

/// A bounded map from keys to values with an age limit, shared by the threads that search one
/// engine. Lookups take a lock for as long as a hash lookup and a clone.
pub(crate) struct Recent<K: Hash + Eq, V: Clone> {
    entries: Mutex<LruCache<K, (Instant, V)>>,
    ttl: Duration,
}

impl<K: Hash + Eq, V: Clone> Recent<K, V> {
    /// An empty cache of at most `capacity` entries (at least one), each served for `ttl`.
    pub(crate) fn new(capacity: usize, ttl: Duration) -> Recent<K, V> {
        Recent {
            entries: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
            ttl,
        }
    }

    /// A copy of the value stored under `key`, when it was stored less than the age limit ago
    /// (an older one is dropped).
    pub(crate) fn get(&self, key: &K) -> Option<V> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (stored, value) = entries.get(key)?;
        if stored.elapsed() < self.ttl {
            return Some(value.clone());
        }
        entries.pop(key);
        None
    }

    /// Stores `value` under `key`, dropping the least recently used entry when full.
    pub(crate) fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.put(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_until_it_is_pushed_out_by_newer_ones() {
        let cache: Recent<&str, u32> = Recent::new(2, TTL);
        assert_eq!(cache.get(&"pothole"), None);
        cache.put("pothole", 1);
        cache.put("trash", 2);
        assert_eq!(cache.get(&"pothole"), Some(1));
        // "trash" is now the least recently used: the third question pushes it out.
        cache.put("water bill", 3);
        assert_eq!(cache.get(&"trash"), None);
        assert_eq!(cache.get(&"pothole"), Some(1));
        assert_eq!(cache.get(&"water bill"), Some(3));
    }

    #[test]
    fn a_value_expires_after_its_age_limit() {
        let cache: Recent<&str, u32> = Recent::new(8, Duration::from_millis(30));
        cache.put("pothole", 1);
        assert_eq!(cache.get(&"pothole"), Some(1));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(cache.get(&"pothole"), None);
    }

    #[test]
    fn every_field_of_a_request_is_part_of_its_key_and_explained_requests_have_none() {
        let base = SearchRequest::new("pothole");
        let key = Key::of(&base).unwrap();
        assert_eq!(Key::of(&base.clone()), Some(key.clone()));
        let variants = [
            SearchRequest {
                q: "pothole ".to_owned(),
                ..base.clone()
            },
            SearchRequest {
                lang: config::Lang::by_tag("es"),
                ..base.clone()
            },
            SearchRequest {
                bureau: Some("pbot".to_owned()),
                ..base.clone()
            },
            SearchRequest {
                kind: Some(searchindex::Kind::Page),
                ..base.clone()
            },
            SearchRequest {
                result_lang: config::Lang::by_tag("es"),
                ..base.clone()
            },
            SearchRequest {
                limit: 20,
                ..base.clone()
            },
            SearchRequest {
                offset: 10,
                ..base.clone()
            },
            SearchRequest {
                today: "2020-01-01".to_owned(),
                ..base.clone()
            },
        ];
        for other in &variants {
            assert_ne!(Key::of(other).as_ref(), Some(&key), "{other:?}");
        }
        let explained = SearchRequest {
            explain: true,
            ..base
        };
        assert_eq!(Key::of(&explained), None);
    }
}
