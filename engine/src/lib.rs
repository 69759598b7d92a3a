//! The search engine: a resident's question in, ranked answers out.
//!
//! [`Engine`] opens the index the indexer wrote (through `searchindex`) and answers
//! [`SearchRequest`]s. One search goes through these stages:
//!
//! 1. [`lang`] tells the question's language (script, then Latin-script signs and [`words`], then
//!    whatlang), falling back to the reader's;
//! 2. [`plan`] turns each meaningful word into a group of alternatives: as written, stemmed,
//!    unaccented, the editors' synonyms, typo corrections and prefixes from the index's own
//!    vocabulary ([`vocab`]);
//! 3. [`editorial`] applies the editors' rules (the 911 notice, referrals, best bets, routes),
//!    with their phrases analysed once per index ([`phrases`]);
//! 4. [`rank`] retrieves candidates with one tantivy query, scores them per word group and
//!    groups records into results, and says which curated article is confident enough to be the
//!    answer card;
//! 5. the engine pins best bets and the pages the answer links to, cuts [`snippet`]s and counts
//!    facets.
//!
//! The response types ([`response`]) are the JSON shapes of the API; [`render`] prints them for a
//! terminal; [`suggest`] completes a question as it is typed. Serving them over HTTP is the
//! `search-api` crate's job.
//!
//! ```no_run
//! use std::path::Path;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = config::Config::load(Path::new("firststop.toml"))?;
//! let engine = engine::Engine::open(Path::new("data"), &config)?;
//! let response = engine.search(&engine::SearchRequest::new("my trash wasn't picked up"));
//! if let Some(answer) = &response.answer {
//!     println!("{}: {}", answer.title, answer.summary);
//! }
//! for hit in &response.results {
//!     println!("{} {}", hit.title, hit.url);
//! }
//! # Ok(())
//! # }
//! ```

mod cache;
pub mod editorial;
mod engine;
pub mod explain;
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
pub use searchindex::analysis::is_invisible;
pub use searchindex::{Category, IndexDir, IndexStamp, Kind};

/// What can go wrong opening an index for search. A search itself never fails.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no index yet under the data directory.
    #[error("no index in {path}: run `firststop index` first")]
    NoIndex {
        /// The index directory that has no `CURRENT` generation.
        path: PathBuf,
    },
    /// The index could not be read: a file or tantivy failed, or it was built by another version
    /// of firststop ([`searchindex::Error::Incompatible`]) and must be rebuilt.
    #[error(transparent)]
    Index(#[from] searchindex::Error),
}

impl Error {
    /// An [`Error::Index`] for a tantivy failure on the index at `path`.
    pub(crate) fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index(searchindex::Error::index(path, source))
    }
}
