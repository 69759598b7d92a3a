//! What can go wrong: the caller's mistakes ([`UserError`], shown to them) apart from the
//! server's ([`InternalError`], logged, never shown).

use std::path::PathBuf;
use std::time::Duration;

/// Every failure of this crate: either the caller's input was refused or the server failed.
///
/// A web handler maps [`Error::User`] to a 4xx answer with its message and [`Error::Internal`]
/// to a 500 with a generic message, logging the detail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was refused; the message is safe to show to the person who sent it.
    #[error(transparent)]
    User(#[from] UserError),
    /// The store or the platform failed; the message is for the log.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// A refusal caused by the caller's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    /// An account name outside the allowed shape (see [`crate::validate_name`]).
    #[error("invalid account name '{name}': {reason}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `add` of a name that is taken.
    #[error("an account named '{name}' exists already")]
    Exists {
        /// The (normalized) name.
        name: String,
    },
    /// No account has this name.
    #[error("no account named '{name}'")]
    UnknownAccount {
        /// The (normalized) name.
        name: String,
    },
    /// No token has this id.
    #[error("no token '{id}'")]
    UnknownToken {
        /// The token id as given.
        id: String,
    },
    /// An editor account without a bureau.
    #[error("an editor needs at least one bureau (--bureau ID)")]
    EditorNeedsBureau,
    /// Bureaus given for a role that has no bureaus.
    #[error("only editors have bureaus; the role {role} covers every bureau or none")]
    BureausOnlyForEditors {
        /// The role asked for.
        role: &'static str,
    },
    /// A bureau id the city's config does not list.
    #[error("unknown bureau '{id}'")]
    UnknownBureau {
        /// The id as given.
        id: String,
    },
    /// A role name other than `editor`, `insights` or `admin`.
    #[error("unknown role '{role}': use editor, insights or admin")]
    UnknownRole {
        /// The role as given.
        role: String,
    },
    /// Sign-in with a wrong name or password (which one is never said).
    #[error("wrong name or password")]
    WrongCredentials,
    /// Too many failed sign-ins: this name, or everyone, must wait.
    #[error("too many failed sign-ins: try again in {} s", retry_after_secs(*retry_after))]
    Throttled {
        /// How long until a sign-in is accepted again.
        retry_after: Duration,
    },
}

/// Whole seconds to wait, rounded up, at least 1.
pub(crate) fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// A failure of the server, not of the caller.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// The database file could not be opened or brought up to date.
    #[error(transparent)]
    Open(#[from] sqlitefile::Error),
    /// SQLite refused an operation.
    #[error("accounts database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// Hashing or verifying a password failed for a reason other than a wrong password.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The operating system's random source failed.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    /// A stored value this build cannot read (a role name, a hash).
    #[error("accounts database {path}: unreadable {what}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What could not be read.
        what: String,
    },
}

impl Error {
    /// The caller's mistake, if it is one.
    pub fn user(&self) -> Option<&UserError> {
        match self {
            Error::User(e) => Some(e),
            Error::Internal(_) => None,
        }
    }
}
