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

/// What each commit carries beside the documents (tantivy's commit payload).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Payload {
    pub schema_version: u32,
    pub rules: Rules,
    /// Unix seconds of the commit.
    pub committed_at: i64,
}

/// An open index with its analyzers registered.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub generation: String,
    pub dir: PathBuf,
}

impl OpenIndex {
    /// The payload of the last commit.
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
    pub fn opstamp(&self) -> Result<u64, Error> {
        Ok(self
            .index
            .load_metas()
            .map_err(|e| Error::index(&self.dir, e))?
            .opstamp)
    }
}

/// The `index/` directory under the data directory.
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
    /// Its size in bytes.
    pub bytes: u64,
}

/// Held while writing; released on drop. Only one writer at a time.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl IndexDir {
    pub fn new(data_dir: &Path) -> IndexDir {
        IndexDir {
            root: data_dir.join("index"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes the writer lock, or says who holds it.
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
    /// `None` while there is no index.
    pub fn stamp(&self) -> Option<IndexStamp> {
        let generation = self.current_generation()?;
        let meta = std::fs::metadata(self.root.join(&generation).join("meta.json")).ok()?;
        Some(IndexStamp {
            generation,
            committed: meta.modified().ok()?,
            bytes: meta.len(),
        })
    }

    /// The generation named by `CURRENT`, if any.
    pub fn current_generation(&self) -> Option<String> {
        let name = std::fs::read_to_string(self.root.join(CURRENT)).ok()?;
        let name = name.trim().to_owned();
        self.root
            .join(&name)
            .join("meta.json")
            .exists()
            .then_some(name)
    }

    /// Opens the generation `CURRENT` names; `None` when there is none yet.
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

    /// Whether the current index was built by this version's schema and analyzers.
    pub fn current_is_compatible(&self, open: &OpenIndex) -> bool {
        open.payload()
            .is_ok_and(|p| p.schema_version == SCHEMA_VERSION)
    }

    /// Creates an empty index in a new generation directory (not yet current).
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

    /// Makes `generation` the one served: writes `CURRENT` beside, syncs, renames over.
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

    /// Removes generations other than `keep` (the current and the one before it, which a running
    /// server may still be reading until it reloads) and half-built ones from killed runs.
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
