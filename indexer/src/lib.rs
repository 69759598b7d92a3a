//! The indexer turns what the city publishes into one searchable index: curated articles from
//! `content/` and the pages the crawler stored, in every language the city serves.
//!
//! - [`Content`] reads and checks the articles ([`article`], with bodies rendered by
//!   [`markdown`]); [`rules`] the editors' synonyms, best bets, referrals and topics. Both report
//!   every problem as `path:line: message` ([`config::Problem`]).
//! - [`bridge`] aligns each translated article with its original (and the editors' synonyms from
//!   another language to English) and learns the bilingual term table from them.
//! - [`category`] tells services from news, policies and code among crawled pages.
//! - `document` turns articles and pages into records; [`build::run`] writes them, fully into
//!   a new generation or incrementally into the current one.
//!
//! What the index is made of (schema, analyzers, record kinds, generations) lives in
//! `searchindex`, which the engine reads through; only this crate opens a `tantivy::IndexWriter`.
//!
//! ```
//! use std::path::Path;
//! let dir = tempfile::tempdir().unwrap();
//! let config = config::Config::parse(
//!     "[[bureaus]]\nid = \"pbot\"\nname = \"Portland Bureau of Transportation\"\n",
//!     Path::new("firststop.toml"),
//! )
//! .unwrap();
//! let content = dir.path().join("content");
//! std::fs::create_dir_all(content.join("pbot")).unwrap();
//! std::fs::write(
//!     content.join("pbot/report-pothole.md"),
//!     "+++\ntitle = \"Report a pothole\"\nsummary = \"Report it online or call 311.\"\n+++\nUse the form.\n",
//! )
//! .unwrap();
//!
//! // No page store under `data` yet: the index holds the articles alone.
//! let data = dir.path().join("data");
//! let report = indexer::build::run(&config, &data, &content, &Default::default()).unwrap();
//! assert!(report.full && report.problems.is_empty());
//! assert_eq!(report.documents[&("article".to_owned(), "en".to_owned())], 1);
//!
//! // Nothing changed since: the second run updates the index in place and writes nothing.
//! let again = indexer::build::run(&config, &data, &content, &Default::default()).unwrap();
//! assert!(!again.full && !again.changed());
//! ```

pub mod article;
pub mod bridge;
pub mod build;
pub mod category;
mod content;
mod document;
pub mod markdown;
pub mod rules;

use std::path::{Path, PathBuf};

pub use article::{Action, Article, Status};
pub use build::{IndexOptions, IndexReport};
pub use content::Content;

/// What can go wrong while indexing. Problems in what editors wrote are not errors: they are
/// [`config::Problems`] returned beside what loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content folder, a bureau folder in it or an article file could not be listed or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The index could not be locked, opened, written or published: another `firststop index`
    /// holds the lock ([`searchindex::Error::Locked`]), a file failed, or tantivy did.
    #[error(transparent)]
    Index(#[from] searchindex::Error),
    /// The page store exists but could not be opened or read.
    #[error(transparent)]
    Pages(#[from] pagestore::Error),
}

/// A record as the index stores it (tantivy's document), for callers that pass one from the
/// indexer to the engine without depending on tantivy.
pub type StoredDoc = tantivy::TantivyDocument;

/// The record an article would be stored as in the index (its `doc` record, with the stored
/// fields a page is rendered from: title, summary, sanitized HTML, actions, URL...), built
/// exactly as `firststop index` builds it. `original` is the language of the slug's original
/// and `translations` every language the slug is published in. The editors' preview renders
/// it through the same page as a published article.
pub fn article_record(
    fields: &searchindex::Fields,
    article: &Article,
    original: config::Lang,
    translations: &[&str],
) -> StoredDoc {
    let mut unit = document::article_unit(fields, article, original, translations);
    unit.records.swap_remove(0)
}

impl Error {
    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index(searchindex::Error::index(path, source))
    }
}
