//! The indexer turns what the city publishes into one searchable index: curated articles from
//! `content/` and the pages the crawler stored, in every language the city serves.
//!
//! - [`Content`] reads and checks the articles; [`rules`] the editor's synonyms, best bets and
//!   referrals.
//! - [`category`] tells services from news, policies and code among crawled pages.
//! - [`document`] turns articles and pages into records; [`build::run`] writes them, fully into
//!   a new generation or incrementally into the current one.
//!
//! What the index is made of (schema, analyzers, record kinds, generations) lives in
//! `searchindex`, which the engine reads through; only this crate opens a `tantivy::IndexWriter`.
//!
//! ```no_run
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let report = indexer::build::run(&config, Path::new("data"), Path::new("content"), &Default::default()).unwrap();
//! println!("{} units, {} records beside them", report.documents.values().sum::<usize>(), report.records);
//! ```

pub mod article;
pub mod build;
pub mod category;
mod content;
pub mod document;
pub mod markdown;
pub mod rules;

use std::path::{Path, PathBuf};

pub use article::{Action, Article, Status};
pub use build::{IndexOptions, IndexReport};
pub use content::Content;

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Index(#[from] searchindex::Error),
    #[error(transparent)]
    Pages(#[from] pagestore::Error),
}

impl Error {
    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index(searchindex::Error::index(path, source))
    }
}
