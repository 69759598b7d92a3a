//! The indexer turns what the city publishes into one searchable index: curated articles from
//! `content/` and the pages the crawler stored, in every language the city serves.
//!
//! - [`Content`] reads and checks the articles; [`rules`] the editor's synonyms, best bets and
//!   referrals.
//! - [`analysis`] holds the analyzers, shared with the search API so queries and documents are
//!   analysed alike; [`schema`] the fields.
//! - [`document`] turns articles and pages into records; [`build::run`] writes them, fully into
//!   a new generation or incrementally into the current one ([`store`]).
//!
//! ```no_run
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let report = indexer::build::run(&config, Path::new("data"), Path::new("content"), &Default::default()).unwrap();
//! println!("{} units, {} records beside them", report.documents.values().sum::<usize>(), report.records);
//! ```

pub mod analysis;
pub mod article;
pub mod build;
pub mod category;
mod content;
pub mod document;
pub mod markdown;
pub mod rules;
pub mod schema;
pub mod store;

use std::path::{Path, PathBuf};

pub use article::{Action, Article, Status};
pub use build::{IndexOptions, IndexReport};
pub use content::Content;
pub use rules::Rules;
pub use schema::{Fields, TextField};
pub use store::{IndexDir, OpenIndex, Payload};

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("index at {path}: {source}")]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error(
        "another `firststop index` is writing this index (lock held on {path}); wait for it to finish"
    )]
    Locked { path: PathBuf },
    #[error(
        "the index at {path} was built by another version of firststop: run `firststop index` to rebuild it"
    )]
    Incompatible { path: PathBuf },
    #[error(transparent)]
    Pages(#[from] pagestore::Error),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_owned(),
            source,
        }
    }

    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: path.to_owned(),
            source,
        }
    }
}
