//! The search engine: a resident's question in, ranked answers out.
//!
//! [`Engine`] opens the index the indexer wrote (through `searchindex`) and answers
//! [`SearchRequest`]s: it detects the question's language ([`lang`]), plans it into word groups
//! with their stems, synonyms, typos and prefixes ([`plan`]), ranks candidates ([`rank`]), picks a
//! curated answer card, applies the editors' best bets, routes and emergency notices
//! ([`editorial`]) and cuts snippets ([`snippet`]). The response types ([`response`]) are the JSON
//! shapes of the API; [`render`] prints them for a terminal. Serving them over HTTP is the
//! `search-api` crate's job.
//!
//! ```no_run
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let engine = engine::Engine::open(Path::new("data"), &config).unwrap();
//! let response = engine.search(&engine::SearchRequest::new("my trash wasn't picked up"));
//! println!("{}", response.results[0].title);
//! ```

pub mod editorial;
mod engine;
pub mod lang;
pub mod phrases;
pub mod plan;
pub mod rank;
pub mod render;
mod request;
pub mod response;
pub mod snippet;
pub mod suggest;
pub mod vocab;
pub mod words;

use std::path::{Path, PathBuf};

pub use engine::{ArticleView, Engine};
pub use request::{MAX_LIMIT, MAX_QUERY_CHARS, SearchRequest, today};
pub use response::SearchResponse;
pub use searchindex::{Category, IndexDir, IndexStamp, Kind};

/// What can go wrong opening an index for search.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no index yet under the data directory.
    #[error("no index in {path}: run `firststop index` first")]
    NoIndex {
        /// The index directory that has no `CURRENT` generation.
        path: PathBuf,
    },
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] searchindex::Error),
}

impl Error {
    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index(searchindex::Error::index(path, source))
    }
}
