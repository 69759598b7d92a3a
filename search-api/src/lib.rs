//! The search API: plain-language questions in, ranked answers out.
//!
//! [`Engine`] opens the index the indexer wrote and answers [`SearchRequest`]s: it detects the
//! question's language ([`lang`]), plans it into word groups with their stems, synonyms, typos
//! and prefixes ([`plan`]), ranks candidates ([`rank`]), picks a curated answer card, applies the
//! editors' best bets, routes and emergency notices ([`editorial`]) and cuts snippets
//! ([`snippet`]). [`http`] serves it: the JSON API and, through [`web`], the pages for
//! residents and the keyboard-first view for 311 agents.
//!
//! ```no_run
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let engine = search_api::Engine::open(Path::new("data"), &config).unwrap();
//! let response = engine.search(&search_api::SearchRequest::new("my trash wasn't picked up"));
//! println!("{}", response.results[0].title);
//! ```

pub mod editorial;
pub mod engine;
pub mod http;
pub mod lang;
pub mod phrases;
pub mod plan;
pub mod rank;
pub mod render;
pub mod response;
pub mod snippet;
pub mod suggest;
pub mod vocab;
pub mod web;
pub mod words;

use std::path::{Path, PathBuf};

pub use engine::{Engine, SearchRequest};
pub use response::SearchResponse;

/// What can go wrong while searching or serving.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index in {path}: run `firststop index` first")]
    NoIndex { path: PathBuf },
    #[error("index at {path}: {source}")]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error(transparent)]
    Indexer(#[from] indexer::Error),
}

impl Error {
    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: path.to_owned(),
            source,
        }
    }
}
