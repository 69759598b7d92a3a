//! The indexer turns what the city publishes into one searchable index: curated articles from
//! `content/` and the pages the crawler stored.
//!
//! This part reads and checks the curated knowledge base:
//!
//! ```no_run
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let (content, problems) = indexer::Content::load(Path::new("content"), &config).unwrap();
//! for p in problems.iter() {
//!     eprintln!("{p}"); // content/pbot/report-pothole.md:3: summary is 340 characters; ...
//! }
//! println!("{} articles", content.published().count());
//! ```

pub mod analysis;
pub mod article;
mod content;
pub mod markdown;

use std::path::PathBuf;

pub use article::{Action, Article, Status};
pub use content::Content;

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}
