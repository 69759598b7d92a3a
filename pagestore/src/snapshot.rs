//! One consistent view of the store for a reader that passes over it more than once (the
//! indexer): the keys of every indexable page first, then the pages themselves in bounded
//! batches, so memory holds one batch of page content at a time however large the city is.

use std::path::Path;

use rusqlite::Transaction;

use crate::Error;
use crate::page::{self, Page};

/// What the indexer needs to know of every indexable page before it reads any content: enough to
/// merge duplicates (same content hash) and prefer the URL others name as canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    /// The page's URL key ([`Page::url`]).
    pub url: String,
    /// [`Page::content_hash`].
    pub content_hash: Option<String>,
    /// [`Page::canonical`].
    pub canonical: Option<String>,
}

/// A read transaction on the page store: every read through it sees the store as it was at the
/// first one, even while a crawl writes (SQLite WAL keeps the old pages for it). Dropping it ends
/// the transaction.
pub struct Snapshot<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
}

/// The pages the indexer may search: fetched, HTML, not gone and not marked noindex. `+state`
/// keeps SQLite on the primary key (URL order) instead of the state index and a sort.
const INDEXABLE: &str = "+state = 'fetched' AND noindex = 0";

impl<'a> Snapshot<'a> {
    pub(crate) fn new(tx: Transaction<'a>, path: &'a Path) -> Snapshot<'a> {
        Snapshot { tx, path }
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sqlite {
            path: self.path.to_owned(),
            source,
        }
    }

    /// The key of every indexable page, by URL: about a hundred bytes a page, no content.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the database cannot be read.
    pub fn indexable_keys(&self) -> Result<Vec<PageKey>, Error> {
        self.tx
            .prepare(&format!(
                "SELECT url, content_hash, canonical FROM pages WHERE {INDEXABLE} ORDER BY url"
            ))
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(PageKey {
                        url: r.get(0)?,
                        content_hash: r.get(1)?,
                        canonical: r.get(2)?,
                    })
                })?
                .collect()
            })
            .map_err(self.sql())
    }

    /// The indexable pages by URL, `size` at a time (at least 1): each batch is read when the
    /// iterator is advanced, after the previous one was handed over, so memory holds one batch.
    pub fn indexable_batches(&self, size: usize) -> Batches<'_, 'a> {
        Batches {
            snapshot: self,
            size: size.max(1),
            after: None,
            done: false,
        }
    }

    /// Up to `size` indexable pages whose URL sorts after `after` (from the first when `None`).
    fn batch_after(&self, after: Option<&str>, size: usize) -> Result<Vec<Page>, Error> {
        let limit = i64::try_from(size).unwrap_or(i64::MAX);
        self.tx
            .prepare_cached(&format!(
                "SELECT {} FROM pages WHERE url > ?1 AND {INDEXABLE} ORDER BY url LIMIT ?2",
                page::COLUMNS
            ))
            .and_then(|mut s| {
                // The empty string sorts before every URL.
                s.query_map(
                    rusqlite::params![after.unwrap_or(""), limit],
                    page::from_row,
                )?
                .collect()
            })
            .map_err(self.sql())
    }
}

/// The iterator of [`Snapshot::indexable_batches`]: `Ok` batches of at most the size asked, never
/// empty, then `None`; after an `Err`, nothing more.
pub struct Batches<'s, 'a> {
    snapshot: &'s Snapshot<'a>,
    size: usize,
    after: Option<String>,
    done: bool,
}

impl Iterator for Batches<'_, '_> {
    type Item = Result<Vec<Page>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.snapshot.batch_after(self.after.as_deref(), self.size) {
            Ok(batch) => {
                self.done = batch.len() < self.size;
                match batch.last() {
                    Some(last) => {
                        self.after = Some(last.url.clone());
                        Some(Ok(batch))
                    }
                    None => None,
                }
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Page, PageState, PageStore};

    fn store_with(n: usize) -> (tempfile::TempDir, PageStore) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        for i in 0..n {
            let mut p = Page::new(&format!("https://example.org/p/{i:03}"), "b", 1);
            p.content_hash = Some(format!("h{}", i % 4));
            if i % 5 == 0 {
                p.noindex = true;
            }
            if i % 7 == 0 {
                p.state = PageState::Gone;
            }
            if i == 3 {
                p.canonical = Some("https://example.org/p/001".into());
            }
            store.put(&p).unwrap();
        }
        (dir, store)
    }

    #[test]
    fn batches_cover_every_indexable_page_once_in_url_order() {
        let (_dir, store) = store_with(100);
        let expected: Vec<String> = store
            .indexable_pages()
            .unwrap()
            .into_iter()
            .map(|p| p.url)
            .collect();
        assert_eq!(expected.len(), 100 - 20 - 15 + 3);
        let snapshot = store.snapshot().unwrap();
        let batches: Vec<Vec<Page>> = snapshot
            .indexable_batches(10)
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 10));
        assert_eq!(batches.len(), expected.len().div_ceil(10));
        let urls: Vec<String> = batches.into_iter().flatten().map(|p| p.url).collect();
        assert_eq!(urls, expected);
        let keys: Vec<String> = snapshot
            .indexable_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.url)
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_batch_size_dividing_the_count_ends_without_an_empty_batch() {
        let (_dir, store) = store_with(0);
        let snapshot = store.snapshot().unwrap();
        assert_eq!(snapshot.indexable_batches(10).count(), 0);
        drop(snapshot);
        let dir = tempfile::tempdir().unwrap();
        let mut store = PageStore::open(dir.path()).unwrap();
        for i in 0..20 {
            store
                .put(&Page::new(&format!("https://example.org/{i:02}"), "b", 1))
                .unwrap();
        }
        let sizes: Vec<usize> = store
            .snapshot()
            .unwrap()
            .indexable_batches(10)
            .map(|b| b.unwrap().len())
            .collect();
        assert_eq!(sizes, [10, 10]);
    }

    #[test]
    fn a_snapshot_does_not_see_pages_written_after_its_first_read() {
        let (dir, store) = store_with(30);
        let snapshot = store.snapshot().unwrap();
        let before = snapshot.indexable_keys().unwrap();
        let mut writer = PageStore::open(dir.path()).unwrap();
        writer
            .put(&Page::new("https://example.org/p/000-new", "b", 2))
            .unwrap();
        let pages: usize = snapshot
            .indexable_batches(7)
            .map(|b| b.unwrap().len())
            .sum();
        assert_eq!(pages, before.len());
        drop(snapshot);
        assert_eq!(store.indexable_pages().unwrap().len(), before.len() + 1);
    }

    #[test]
    fn batches_read_by_the_primary_key_not_by_a_sort() {
        let (_dir, store) = store_with(3);
        let plan: Vec<String> = store
            .conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN SELECT url FROM pages WHERE url > '' AND {} ORDER BY url LIMIT 10",
                super::INDEXABLE
            ))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join("; ");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        assert!(!plan.contains("pages_state"), "{plan}");
    }
}
