//! Writing files in `content/` so that a reader (the indexer, `git`, a crash) sees the old text
//! or the new one, never half of one: the new text goes to a temporary file beside the target,
//! is flushed to disk, and is renamed over it; then the folder itself is flushed so the rename
//! survives a power cut.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The suffix of temporary files. `firststop index` only reads `*.md`, so a temporary file left
/// by a crash is never taken for an article; [`remove_leftovers`] deletes them.
const TEMP_SUFFIX: &str = ".editor-tmp";

/// Replaces `path` with `text` atomically, creating its folder when needed.
///
/// # Errors
/// [`Error::Internal`] when a file operation fails; the old file is then unchanged.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), Error> {
    let folder = path
        .parent()
        .ok_or_else(|| Error::internal(format!("{} has no folder", path.display())))?;
    std::fs::create_dir_all(folder).map_err(|e| io(folder, e))?;
    let temp = temp_path(path);
    let result = (|| {
        let mut file = File::create(&temp).map_err(|e| io(&temp, e))?;
        file.write_all(text.as_bytes()).map_err(|e| io(&temp, e))?;
        file.sync_all().map_err(|e| io(&temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| io(path, e))?;
        sync_folder(folder)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Removes `path` and flushes its folder.
///
/// # Errors
/// [`Error::Internal`] when the file cannot be removed.
pub fn remove(path: &Path) -> Result<(), Error> {
    std::fs::remove_file(path).map_err(|e| io(path, e))?;
    match path.parent() {
        Some(folder) => sync_folder(folder),
        None => Ok(()),
    }
}

/// Deletes temporary files a crash left in `content_dir` and its bureau folders; returns how
/// many.
pub fn remove_leftovers(content_dir: &Path) -> usize {
    let mut removed = 0;
    let mut folders = vec![content_dir.to_owned()];
    if let Ok(entries) = std::fs::read_dir(content_dir) {
        folders.extend(
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir()),
        );
    }
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name();
            if name.to_string_lossy().ends_with(TEMP_SUFFIX)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// A lock between processes writing the same content folder (two servers, or a server and a
/// second one started by mistake): an OS lock on `data/editor.lock`, released when dropped or
/// when the process dies.
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Waits for and takes the lock on `path`.
    ///
    /// # Errors
    /// [`Error::Internal`] when the lock file cannot be opened or locked.
    pub fn acquire(path: &Path) -> Result<WriteLock, Error> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        file.lock().map_err(|e| io(path, e))?;
        Ok(WriteLock { _file: file })
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}{TEMP_SUFFIX}", std::process::id()))
}

fn sync_folder(folder: &Path) -> Result<(), Error> {
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(folder, e))
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::internal(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("water/pay-bill.md");
        write_atomic(&path, "one").unwrap();
        write_atomic(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("water"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn leftovers_of_a_crash_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("water")).unwrap();
        let left = dir.path().join("water/.pay-bill.md.77.editor-tmp");
        std::fs::write(&left, "half").unwrap();
        std::fs::write(dir.path().join("water/pay-bill.md"), "whole").unwrap();
        assert_eq!(remove_leftovers(dir.path()), 1);
        assert!(!left.exists());
        assert!(dir.path().join("water/pay-bill.md").exists());
    }
}
