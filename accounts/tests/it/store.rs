//! The database file: kept across restarts, versioned, never opened by an older build.

use accounts::{Accounts, Error, InternalError, Role};

use crate::add;

#[test]
fn accounts_survive_a_reopen_and_the_schema_is_versioned() {
    let dir = tempfile::tempdir().unwrap();
    {
        let accounts = Accounts::open(dir.path()).unwrap();
        add(&accounts, "ana", Role::Admin, &[]);
    }
    let accounts = Accounts::open(dir.path()).unwrap();
    assert!(accounts.get("ana").unwrap().unwrap().is_admin());
    let conn = rusqlite::Connection::open(accounts.path()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn a_database_from_a_newer_firststop_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Accounts::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(accounts::FILE_NAME)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    match Accounts::open(dir.path()) {
        Err(Error::Internal(InternalError::Open(sqlitefile::Error::NewerSchema {
            found: 99,
            ..
        }))) => {}
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("opened a newer schema"),
    }
}
