//! Where indexes live on disk: `data/index/<generation>/` directories and a `CURRENT` file naming
//! the one being served. A full rebuild writes a new generation and switches `CURRENT` with an
//! atomic rename; an incremental update commits into the current generation. Either way a reader
//! sees the old index or the new one, never half of one.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::Error;
use crate::analysis;
use crate::rules::Rules;
use crate::schema::{Fields, SCHEMA_VERSION, build_schema};

const CURRENT: &str = "CURRENT";
const LOCK: &str = "index.lock";

/// What each commit carries beside the documents, as JSON in tantivy's commit payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Payload {
    /// The [`SCHEMA_VERSION`] the commit was written with; 0 when the payload is missing or does
    /// not parse.
    pub schema_version: u32,
    /// The editors' rules that go with the documents of this commit.
    pub rules: Rules,
    /// The bilingual term table learned from the articles and their translations when the commit
    /// was made ([`crate::bridge::learn`]); empty in a commit written before there was one.
    #[serde(default)]
    pub terms: crate::bridge::TermTable,
    /// When the commit was made, in Unix seconds (UTC).
    pub committed_at: i64,
}

/// An open index with its analyzers registered, so it can be searched (or, by the indexer,
/// written).
pub struct OpenIndex {
    /// The tantivy index.
    pub index: Index,
    /// Handles of its fields.
    pub fields: Fields,
    /// The generation's directory name (`gen-<unix ms>-<n>`).
    pub generation: String,
    /// The generation's directory (`<data>/index/<generation>`).
    pub dir: PathBuf,
}

impl OpenIndex {
    /// The payload of the last commit; the default (schema version 0, no rules) when there is
    /// none or it does not parse.
    ///
    /// # Errors
    /// [`Error::Index`] when tantivy cannot read the index's `meta.json`.
    pub fn payload(&self) -> Result<Payload, Error> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| Error::index(&self.dir, e))?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default())
    }

    /// The last commit's opstamp: it changes with every commit.
    ///
    /// # Errors
    /// [`Error::Index`] when tantivy cannot read the index's `meta.json`.
    pub fn opstamp(&self) -> Result<u64, Error> {
        Ok(self
            .index
            .load_metas()
            .map_err(|e| Error::index(&self.dir, e))?
            .opstamp)
    }
}

/// The `index/` directory under the data directory: the generations, `CURRENT` and the writer's
/// `index.lock`.
#[derive(Debug, Clone)]
pub struct IndexDir {
    root: PathBuf,
}

/// The served generation and its last commit, as [`IndexDir::stamp`] reads them: equal stamps
/// mean nothing was committed in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexStamp {
    /// The generation directory's name.
    pub generation: String,
    /// Modification time of the generation's `meta.json`, rewritten by every commit.
    pub committed: SystemTime,
    /// Size of that `meta.json`, in bytes.
    pub bytes: u64,
}

/// The writer lock: an OS lock on `index/index.lock`, held while writing and released on drop
/// (or when the process dies). Only one writer at a time.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl IndexDir {
    /// The index directory of `data_dir` (`<data_dir>/index`); nothing is read or created yet.
    pub fn new(data_dir: &Path) -> IndexDir {
        IndexDir {
            root: data_dir.join("index"),
        }
    }

    /// The `index/` directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes the writer lock without waiting, creating the directory and lock file if needed.
    ///
    /// # Errors
    /// [`Error::Locked`] when another process holds it, [`Error::Io`] when the directory or the
    /// lock file cannot be created or locked.
    pub fn lock(&self) -> Result<WriterLock, Error> {
        std::fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let path = self.root.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked { path }),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }

    /// What identifies the index being served right now: its generation and the time and size of
    /// its last commit file. A reader polls this to notice that `firststop index` committed;
    /// `None` while there is no index (or its `meta.json` cannot be read).
    pub fn stamp(&self) -> Option<IndexStamp> {
        let generation = self.current_generation()?;
        let meta = std::fs::metadata(self.root.join(&generation).join("meta.json")).ok()?;
        Some(IndexStamp {
            generation,
            committed: meta.modified().ok()?,
            bytes: meta.len(),
        })
    }

    /// The generation named by `CURRENT`, if the file can be read and names a directory with a
    /// committed index (a `meta.json`).
    pub fn current_generation(&self) -> Option<String> {
        let name = std::fs::read_to_string(self.root.join(CURRENT)).ok()?;
        let name = name.trim().to_owned();
        self.root
            .join(&name)
            .join("meta.json")
            .exists()
            .then_some(name)
    }

    /// Opens the generation `CURRENT` names, with the analyzers registered; `None` when there is
    /// none yet.
    ///
    /// # Errors
    /// [`Error::Index`] when tantivy cannot open it, [`Error::Incompatible`] when its fields differ
    /// from [`build_schema`]'s.
    pub fn open_current(&self) -> Result<Option<OpenIndex>, Error> {
        let Some(generation) = self.current_generation() else {
            return Ok(None);
        };
        let dir = self.root.join(&generation);
        let index = Index::open_in_dir(&dir).map_err(|e| Error::index(&dir, e))?;
        if index.schema() != build_schema() {
            return Err(Error::Incompatible { path: dir });
        }
        analysis::register(&index);
        let fields = Fields::from_schema(&index.schema());
        Ok(Some(OpenIndex {
            index,
            fields,
            generation,
            dir,
        }))
    }

    /// Whether `open` was committed with this version's [`SCHEMA_VERSION`] (so with these fields
    /// and analyzers); `false` also when its payload cannot be read.
    pub fn current_is_compatible(&self, open: &OpenIndex) -> bool {
        open.payload()
            .is_ok_and(|p| p.schema_version == SCHEMA_VERSION)
    }

    /// Creates an empty index in a new generation directory, `gen-<unix ms>-<n>` with `n` the first
    /// number not taken; it is not served until [`IndexDir::publish`].
    ///
    /// # Errors
    /// [`Error::Io`] when the directory cannot be created, [`Error::Index`] when tantivy cannot
    /// create the index in it.
    pub fn create_generation(&self) -> Result<OpenIndex, Error> {
        let stamp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let mut n = 0;
        let (generation, dir) = loop {
            let name = format!("gen-{}-{}", stamp.as_millis(), n);
            let dir = self.root.join(&name);
            if !dir.exists() {
                break (name, dir);
            }
            n += 1;
        };
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let index =
            Index::create_in_dir(&dir, build_schema()).map_err(|e| Error::index(&dir, e))?;
        analysis::register(&index);
        let fields = Fields::from_schema(&index.schema());
        Ok(OpenIndex {
            index,
            fields,
            generation,
            dir,
        })
    }

    /// Makes `generation` the one served: writes `CURRENT.tmp`, syncs it and renames it over
    /// `CURRENT`, so a reader sees the old name or the new one, never a torn file.
    ///
    /// # Errors
    /// [`Error::Io`] (naming `CURRENT.tmp`) when the file cannot be written, synced or renamed.
    pub fn publish(&self, generation: &str) -> Result<(), Error> {
        let tmp = self.root.join("CURRENT.tmp");
        let mut file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        file.write_all(generation.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, self.root.join(CURRENT)).map_err(|e| Error::io(&tmp, e))?;
        if let Ok(dir) = File::open(&self.root) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Removes every `gen-*` directory not named in `keep` (the caller keeps the current and the
    /// one before it, which a running server may still be reading until it reloads), which also
    /// clears half-built ones from killed runs. A directory that cannot be removed is logged
    /// with `warn!` and left.
    pub fn remove_old_generations(&self, keep: &[&str]) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        let mut generations: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect();
        generations.sort();
        for name in generations.iter().filter(|n| !keep.contains(&n.as_str())) {
            let path = self.root.join(name);
            if let Err(e) = std::fs::remove_dir_all(&path) {
                tracing::warn!(path = %path.display(), error = %e, "cannot remove an old index generation");
            }
        }
    }
}
