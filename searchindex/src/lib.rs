//! The search index as both sides of it see it: what the indexer writes and the engine reads.
//!
//! It sits between `indexer` and `engine` the way `pagestore` sits between the crawler and the
//! indexer, so neither reaches into the other:
//!
//! - [`analysis`]: the analyzers, so a question is analysed exactly like the text it should match;
//! - [`schema`]: the fields, each text field indexed once per analyzer, and the fast fields;
//! - [`record`]: what a record is and stands for ([`Record`], [`Kind`], [`Category`]) and the ids
//!   that tie records into units and groups;
//! - [`generations`]: where indexes live on disk, the `CURRENT` generation, the writer lock and
//!   the commit [`Payload`];
//! - [`rules`]: the editors' rules, carried in every commit;
//! - [`bridge`]: the bilingual term table learned from translated text, carried in every commit.
//!
//! Opening a `tantivy::IndexWriter` is left to the indexer (a `clippy.toml` rule enforces it):
//! this crate creates and opens indexes but never writes documents.
//!
//! ```
//! use searchindex::analysis::Analyzer;
//! use searchindex::schema::{Fields, TextField, build_schema};
//!
//! let fields = Fields::from_schema(&build_schema());
//! // The Spanish body field holds "permisos" as the stem a question's "permiso" also has.
//! let es = Analyzer::for_lang(config::Lang::by_tag("es"));
//! assert_eq!(es.terms("permisos"), es.terms("permiso"));
//! let _field = fields.text(TextField::Body, es);
//! ```

pub mod analysis;
pub mod bridge;
pub mod generations;
pub mod record;
pub mod rules;
pub mod schema;

use std::path::{Path, PathBuf};

pub use generations::{IndexDir, IndexStamp, OpenIndex, Payload, WriterLock};
pub use record::{Category, Kind, Record};
pub use rules::Rules;
pub use schema::{Fields, SCHEMA_VERSION, TextField};

/// What can go wrong opening, creating or switching an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory of the index could not be created, opened, written, synced or renamed:
    /// the `index/` directory, a generation directory, the lock file or `CURRENT`.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// tantivy could not create, open, read or commit the index (an unreadable or corrupt
    /// generation, or a failed write).
    #[error("index at {path}: {source}")]
    Index {
        /// The generation directory.
        path: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// Another process holds the writer lock ([`IndexDir::lock`]).
    #[error(
        "another `firststop index` is writing this index (lock held on {path}); wait for it to finish"
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The served index has fields other than this version's schema
    /// ([`IndexDir::open_current`]): it must be rebuilt, never misread.
    #[error(
        "the index at {path} was built by another version of firststop: run `firststop index` to rebuild it"
    )]
    Incompatible {
        /// The generation directory.
        path: PathBuf,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// An [`Error::Index`] for the index at `path`.
    pub fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: path.to_owned(),
            source,
        }
    }
}
