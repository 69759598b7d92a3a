//! Accounts of the people who work on firststop's content and read its insights: bureau editors,
//! insights readers and admins, in an embedded SQLite database (`accounts.db`) under the data
//! directory.
//!
//! - [`Accounts::add`] creates an account with a generated password, shown once; only its
//!   Argon2id hash is stored ([`secret`] explains the choice of hashes).
//! - [`Accounts::sign_in`] checks a name and password for the sign-in page and opens a
//!   [`Session`] (cookie value shown once, stored as a hash; a CSRF token per session), after the
//!   [`throttle`] has agreed. [`Accounts::session`] finds it again on each page.
//! - [`Accounts::new_token`] issues a bearer token for the APIs, shown once, stored as a hash;
//!   [`Accounts::authenticate_token`] checks one.
//! - [`Account::may_edit`], [`Account::may_read_insights`] and [`Account::is_admin`] answer the
//!   authorization questions; [`Accounts::record`] writes the audit log.
//!
//! Every method takes `&self` and is safe to call from many threads (one connection behind a
//! mutex); password checks run outside the lock. Calls block on disk and, for passwords, on a
//! deliberately slow hash: call them from a blocking thread in async code.
//!
//! ```
//! use accounts::{Accounts, NewAccount, Role};
//! use time::OffsetDateTime;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let accounts = Accounts::open(dir.path()).unwrap();
//! let now = OffsetDateTime::now_utc();
//! let new = NewAccount { name: "Ana", role: Role::Editor, bureaus: &["water"] };
//! let (ana, password) = accounts.add(&new, |b| b == "water", "setup", now).unwrap();
//! assert!(ana.may_edit("water") && !ana.may_edit("pbot"));
//!
//! let session = accounts.sign_in("ana", password.expose(), now).unwrap();
//! let seen = accounts.session(session.cookie.expose(), now).unwrap().unwrap();
//! assert_eq!(seen.account.name, "ana");
//! assert!(seen.check_csrf(&session.csrf));
//!
//! let token = accounts.new_token("ana", "setup", now).unwrap();
//! let caller = accounts.authenticate_token(token.secret.expose(), now).unwrap().unwrap();
//! assert_eq!(caller.name, "ana");
//! ```

mod audit;
mod error;
mod manage;
mod role;
pub mod secret;
mod session;
pub mod throttle;
mod token;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

pub use audit::{AuditEntry, AuditRecord};
pub use error::{Error, InternalError, UserError};
pub use role::{Account, MAX_NAME_LEN, Role, validate_bureaus, validate_name};
pub use session::{IDLE_TIMEOUT, MAX_SESSION_AGE, NewSession, Session};
pub use throttle::Throttle;
pub use token::{NewToken, TokenInfo};

/// The database file inside the data directory.
pub const FILE_NAME: &str = "accounts.db";

/// Schema changes in order; `PRAGMA user_version` counts how many have been applied.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        password TEXT NOT NULL,
        created INTEGER NOT NULL,
        last_sign_in INTEGER
    );
    CREATE TABLE account_bureaus (
        account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        bureau TEXT NOT NULL,
        PRIMARY KEY (account, bureau)
    ) WITHOUT ROWID;
    CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        hash BLOB NOT NULL,
        created INTEGER NOT NULL,
        last_used INTEGER
    );
    CREATE INDEX tokens_account ON tokens(account);
    CREATE TABLE sessions (
        key BLOB PRIMARY KEY,
        account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE INDEX sessions_account ON sessions(account);
    CREATE TABLE throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        since INTEGER NOT NULL,
        locked_until INTEGER NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX audit_at ON audit(at);
"];

/// A secret shown once to the person it is for (a password, a token, a session cookie value).
/// Its `Debug` form hides it, so it cannot leak into a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub(crate) String);

impl Secret {
    /// The secret itself, to print once or to put in a cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// What [`Accounts::add`] needs to create an account.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    /// The sign-in name as typed; stored as [`validate_name`] normalizes it.
    pub name: &'a str,
    /// What the account may do.
    pub role: Role,
    /// For editors, the bureau ids they edit (at least one); empty for other roles.
    pub bureaus: &'a [&'a str],
}

/// One line of [`Accounts::list`]: the account and how many API tokens it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// The account.
    #[serde(flatten)]
    pub account: Account,
    /// Live API tokens.
    pub tokens: usize,
}

/// The accounts database.
pub struct Accounts {
    conn: Mutex<Connection>,
    path: PathBuf,
    throttle: Throttle,
}

impl Accounts {
    /// Opens (creating when needed) `accounts.db` under `data_dir`, migrating its schema.
    ///
    /// # Errors
    /// [`InternalError::Open`] when the folder or file cannot be created or opened, or a newer
    /// firststop wrote the file ([`sqlitefile::Error::NewerSchema`]).
    pub fn open(data_dir: &Path) -> Result<Accounts, Error> {
        Accounts::open_with(data_dir, Throttle::default())
    }

    /// [`Accounts::open`] with sign-in throttling other than the default.
    ///
    /// # Errors
    /// As [`Accounts::open`].
    pub fn open_with(data_dir: &Path, throttle: Throttle) -> Result<Accounts, Error> {
        let (conn, path) = sqlitefile::open(
            data_dir,
            FILE_NAME,
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA busy_timeout = 10000;
             PRAGMA foreign_keys = ON;",
            MIGRATIONS,
        )
        .map_err(InternalError::from)?;
        Ok(Accounts {
            conn: Mutex::new(conn),
            path,
            throttle,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The account named `name` (any case), if there is one.
    ///
    /// # Errors
    /// Internal errors only; an invalid or unknown name is `Ok(None)`.
    pub fn get(&self, name: &str) -> Result<Option<Account>, Error> {
        let Ok(name) = validate_name(name) else {
            return Ok(None);
        };
        let row = self.read(|conn| {
            conn.query_row("SELECT id FROM accounts WHERE name = ?1", [&name], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
        })?;
        match row {
            Some(id) => self.account_by_id(id).map(|(account, _)| Some(account)),
            None => Ok(None),
        }
    }

    /// Every account, by name, with its number of tokens. Never a secret or a hash.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn list(&self) -> Result<Vec<Listed>, Error> {
        let rows = self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT a.name, a.role, a.created, a.last_sign_in,
                        (SELECT group_concat(bureau, ' ') FROM
                            (SELECT bureau FROM account_bureaus WHERE account = a.id ORDER BY bureau)),
                        (SELECT count(*) FROM tokens WHERE account = a.id)
                 FROM accounts a ORDER BY a.name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?;
            rows.collect::<Result<Vec<_>, _>>()
        })?;
        rows.into_iter()
            .map(|(name, role, created, last, bureaus, tokens)| {
                Ok(Listed {
                    account: Account {
                        role: self.parse_role(&role)?,
                        name,
                        bureaus: bureaus
                            .map(|b| b.split(' ').map(str::to_owned).collect())
                            .unwrap_or_default(),
                        created: from_unix(created),
                        last_sign_in: last.map(from_unix),
                    },
                    tokens: usize::try_from(tokens).unwrap_or(0),
                })
            })
            .collect()
    }

    /// The account with row id `id` and its password hash.
    fn account_by_id(&self, id: i64) -> Result<(Account, String), Error> {
        let (name, role, password, created, last, bureaus) = self.read(|conn| {
            let (name, role, password, created, last) = conn.query_row(
                "SELECT name, role, password, created, last_sign_in FROM accounts WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                    ))
                },
            )?;
            let mut stmt = conn.prepare_cached(
                "SELECT bureau FROM account_bureaus WHERE account = ?1 ORDER BY bureau",
            )?;
            let bureaus = stmt
                .query_map([id], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((name, role, password, created, last, bureaus))
        })?;
        let account = Account {
            role: self.parse_role(&role)?,
            name,
            bureaus,
            created: from_unix(created),
            last_sign_in: last.map(from_unix),
        };
        Ok((account, password))
    }

    fn parse_role(&self, role: &str) -> Result<Role, Error> {
        role.parse().map_err(|_| {
            Error::from(InternalError::Corrupt {
                path: self.path.clone(),
                what: format!("role '{role}'"),
            })
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn sql_error(&self, source: rusqlite::Error) -> Error {
        Error::Internal(InternalError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    /// Runs read-only statements.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, Error> {
        let conn = self.lock();
        f(&conn).map_err(|e| self.sql_error(e))
    }

    /// Runs `f` in one immediate transaction, committed when `f` returns `Ok`.
    fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, Error> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.sql_error(e))?;
        let value = f(&tx).map_err(|e| self.sql_error(e))?;
        tx.commit().map_err(|e| self.sql_error(e))?;
        Ok(value)
    }
}

/// A stored Unix time in seconds as a UTC date-time (the epoch if out of range).
pub(crate) fn from_unix(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
