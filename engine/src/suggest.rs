//! Search as you type: completions from article titles, article keywords and bureau names, held
//! in memory (a few hundred phrases) and matched on folded word starts in microseconds.

use config::Bureau;
use searchindex::analysis::fold;
use searchindex::{Fields, Kind, Record, schema};
use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

struct Entry {
    text: String,
    folded: String,
    /// Titles before keywords before bureau names.
    rank: u8,
}

/// The completion list of one index: each distinct phrase once (compared folded), a title
/// preferred over the same text as a keyword or bureau name.
pub struct Suggester {
    entries: Vec<Entry>,
}

impl Suggester {
    /// Reads the titles and keywords of every published article version in the index (through
    /// `searcher`), adds the names of `bureaus`, and sorts them for completion. Records that
    /// cannot be read are skipped.
    pub fn build(searcher: &Searcher, fields: &Fields, bureaus: &[Bureau]) -> Suggester {
        let mut entries = Vec::new();
        for segment in searcher.segment_readers() {
            let Ok(store) = segment.get_store_reader(16) else {
                continue;
            };
            let fast = segment.fast_fields();
            let (Ok(Some(kind)), Ok(Some(record))) =
                (fast.str(schema::fast::KIND), fast.str(schema::fast::RECORD))
            else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                let is = |col: &tantivy::columnar::StrColumn, want: &str| {
                    let mut s = String::new();
                    col.term_ords(doc)
                        .next()
                        .is_some_and(|o| col.ord_to_str(o, &mut s).is_ok() && s == want)
                };
                if !is(&kind, Kind::Article.as_str()) || !is(&record, Record::Doc.as_str()) {
                    continue;
                }
                let Ok(stored) = store.get::<TantivyDocument>(doc) else {
                    continue;
                };
                if let Some(title) = stored.get_first(fields.title).and_then(|v| v.as_str()) {
                    entries.push(entry(title, 0));
                }
                let keywords: Vec<String> = stored
                    .get_first(fields.keywords)
                    .and_then(|v| v.as_str())
                    .and_then(|k| serde_json::from_str(k).ok())
                    .unwrap_or_default();
                entries.extend(keywords.iter().map(|k| entry(k, 1)));
            }
        }
        for b in bureaus {
            entries.push(entry(&b.name, 2));
        }
        entries.sort_by(|a, b| a.folded.cmp(&b.folded).then(a.rank.cmp(&b.rank)));
        entries.dedup_by(|a, b| a.folded == b.folded);
        Suggester { entries }
    }

    /// Up to `limit` completions of `typed`, the question so far, compared folded (case and
    /// accents) with spaces collapsed: phrases that start with it first, then phrases with a word
    /// that starts with it; within each, titles before keywords before bureau names, shorter
    /// first. Empty for an empty `typed`.
    pub fn complete(&self, typed: &str, limit: usize) -> Vec<String> {
        let typed = fold(typed.trim());
        let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        if typed.is_empty() {
            return Vec::new();
        }
        let word_start = format!(" {typed}");
        let mut found: Vec<(u8, u8, usize, &Entry)> = self
            .entries
            .iter()
            .filter_map(|e| {
                if e.folded.starts_with(&typed) {
                    Some((0, e.rank, e.text.len(), e))
                } else if e.folded.contains(&word_start) {
                    Some((1, e.rank, e.text.len(), e))
                } else {
                    None
                }
            })
            .collect();
        found.sort_by(|a, b| {
            (a.0, a.1, a.2)
                .cmp(&(b.0, b.1, b.2))
                .then(a.3.folded.cmp(&b.3.folded))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(.., e)| e.text.clone())
            .collect()
    }
}

fn entry(text: &str, rank: u8) -> Entry {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Entry {
        folded: fold(&text),
        text,
        rank,
    }
}
