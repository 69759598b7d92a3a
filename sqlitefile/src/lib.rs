//! A SQLite database file in the data directory, the way the accounts and insights stores keep
//! theirs: the folder created when missing, the connection opened with the store's pragmas, and
//! the schema brought up to date by an ordered list of migrations.
//!
//! `PRAGMA user_version` counts the migrations a file has seen (SQLite keeps it in the file
//! header, 0 in a new file). Each pending migration runs in a transaction of its own together
//! with the count, so a failed one leaves the file at the last one that succeeded. A file whose
//! count is past the list was written by a newer program and is refused untouched.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

/// Why a database file could not be opened or brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite refused to open the file, to set a pragma or to run a migration.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file has seen more migrations than this program knows.
    #[error(
        "database {path} was written by a newer firststop (schema {found}, this one knows {known})"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its `PRAGMA user_version`.
        found: i64,
        /// How many migrations this program has.
        known: i64,
    },
}

/// Opens `data_dir/file_name` (creating the folder and the file when missing), runs `pragmas`
/// (SQL statements, run once per connection) and then the `migrations` the file has not seen.
/// Returns the connection and the file's path.
///
/// # Errors
/// [`Error::CreateDir`], [`Error::Sqlite`], or [`Error::NewerSchema`] when a newer program
/// wrote the file.
pub fn open(
    data_dir: &Path,
    file_name: &str,
    pragmas: &str,
    migrations: &[&str],
) -> Result<(Connection, PathBuf), Error> {
    std::fs::create_dir_all(data_dir).map_err(|source| Error::CreateDir {
        path: data_dir.to_owned(),
        source,
    })?;
    let path = data_dir.join(file_name);
    let sql = |source| Error::Sqlite {
        path: path.clone(),
        source,
    };
    let mut conn = Connection::open(&path).map_err(sql)?;
    conn.execute_batch(pragmas).map_err(sql)?;
    migrate(&mut conn, &path, migrations)?;
    Ok((conn, path))
}

/// Runs the `migrations` that `conn` (the file at `path`, named in errors) has not seen yet, in
/// order, each in its own transaction with the new `PRAGMA user_version`.
///
/// # Errors
/// [`Error::Sqlite`], or [`Error::NewerSchema`] when the file has seen more migrations than
/// `migrations` holds.
pub fn migrate(conn: &mut Connection, path: &Path, migrations: &[&str]) -> Result<(), Error> {
    let sql = |source| Error::Sqlite {
        path: path.to_owned(),
        source,
    };
    let known = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if version > known {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found: version,
            known,
        });
    }
    let pending = migrations
        .iter()
        .skip(usize::try_from(version).unwrap_or(0));
    for (applied, script) in (version..).zip(pending) {
        let tx = conn.transaction().map_err(sql)?;
        tx.execute_batch(script).map_err(sql)?;
        tx.pragma_update(None, "user_version", applied + 1)
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRAGMAS: &str = "PRAGMA journal_mode = WAL;";
    const V1: &str = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);";
    const V2: &str = "ALTER TABLE notes ADD COLUMN day INTEGER NOT NULL DEFAULT 0;";

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_file_gets_every_migration_in_a_folder_made_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data").join("state");
        let (conn, path) = open(&data, "notes.db", PRAGMAS, &[V1, V2]).unwrap();
        assert_eq!(path, data.join("notes.db"));
        assert_eq!(version(&conn), 2);
        conn.execute("INSERT INTO notes (text, day) VALUES ('a', 3)", [])
            .unwrap();
    }

    #[test]
    fn an_older_file_gets_only_the_migrations_it_has_not_seen_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let (conn, _) = open(dir.path(), "notes.db", PRAGMAS, &[V1]).unwrap();
        conn.execute("INSERT INTO notes (text) VALUES ('kept')", [])
            .unwrap();
        drop(conn);
        // V1 again would fail ("table notes already exists"): it must not run twice.
        let (conn, _) = open(dir.path(), "notes.db", PRAGMAS, &[V1, V2]).unwrap();
        assert_eq!(version(&conn), 2);
        let day: i64 = conn
            .query_row("SELECT day FROM notes WHERE text = 'kept'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(day, 0);
    }

    #[test]
    fn a_file_from_a_newer_program_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path(), "notes.db", PRAGMAS, &[V1, V2]).unwrap());
        match open(dir.path(), "notes.db", PRAGMAS, &[V1]) {
            Err(Error::NewerSchema { found, known, .. }) => assert_eq!((found, known), (2, 1)),
            other => panic!("expected NewerSchema, got {:?}", other.map(|(_, p)| p)),
        }
        let (conn, _) = open(dir.path(), "notes.db", PRAGMAS, &[V1, V2]).unwrap();
        assert_eq!(version(&conn), 2);
    }

    #[test]
    fn a_failing_migration_leaves_the_file_at_the_last_one_that_worked() {
        let dir = tempfile::tempdir().unwrap();
        let broken = "ALTER TABLE notes ADD COLUMN day INTEGER; ALTER TABLE nowhere ADD x;";
        let err = open(dir.path(), "notes.db", PRAGMAS, &[V1, broken]).unwrap_err();
        assert!(matches!(err, Error::Sqlite { .. }), "{err}");
        assert!(err.to_string().contains("notes.db"), "{err}");
        let (conn, _) = open(dir.path(), "notes.db", PRAGMAS, &[V1]).unwrap();
        assert_eq!(version(&conn), 1);
        // The failed migration's first statement was rolled back with it.
        assert!(
            conn.prepare("SELECT day FROM notes").is_err(),
            "half a migration stayed"
        );
    }

    #[test]
    fn a_data_directory_that_is_a_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        std::fs::write(&file, "not a folder").unwrap();
        let err = open(&file, "notes.db", PRAGMAS, &[V1]).unwrap_err();
        assert!(matches!(err, Error::CreateDir { .. }), "{err}");
    }
}
