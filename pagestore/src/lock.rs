//! One crawl per page store: a lock file beside the database, held with an operating-system lock
//! (`flock` on Unix, `LockFileEx` on Windows) for as long as the crawl runs. The system releases
//! it when the process ends, however it ends, so a killed crawl never leaves it stuck. The file
//! names the holder (process id and start time) so a second crawl can say who is running.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::Error;

/// The lock file inside the data directory.
pub const LOCK_FILE_NAME: &str = "crawl.lock";

/// Held while a crawl runs on a data directory; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct CrawlLock {
    _file: File,
    path: PathBuf,
}

impl CrawlLock {
    /// Takes the crawl lock of `data_dir` (creating the directory and the file when needed) and
    /// writes this process's id and the start time into it.
    ///
    /// # Errors
    /// [`Error::Busy`] when another crawl holds it, naming that crawl; [`Error::CreateDir`] or
    /// [`Error::Lock`] when the directory or the file cannot be used.
    pub fn acquire(data_dir: &Path) -> Result<CrawlLock, Error> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::CreateDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(LOCK_FILE_NAME);
        let io = |source| Error::Lock {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // Unreadable or empty: the holder is still writing it.
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(Error::Busy {
                    data_dir: data_dir.to_owned(),
                    holder: if holder.is_empty() {
                        "a process that is starting".to_owned()
                    } else {
                        holder.to_owned()
                    },
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        let started = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default();
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        writeln!(file, "pid {}, started {started}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(CrawlLock { _file: file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_directory_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = CrawlLock::acquire(dir.path()).unwrap();
        let err = CrawlLock::acquire(dir.path()).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::Busy { .. }), "{err:?}");
        assert!(
            message.contains(&format!("pid {}", std::process::id())),
            "{message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
        drop(first);
        CrawlLock::acquire(dir.path()).expect("free again once the first is dropped");
    }
}
