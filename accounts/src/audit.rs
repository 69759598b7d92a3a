//! The audit log: who did what to what, and when, for admins. Append-only.
//!
//! This crate writes account changes (`account.add`, `account.remove`, `token.add`,
//! `token.remove`) and sign-ins (`signin`); the editors' workspace writes its own actions
//! (publish, revert, rules edits) through [`Accounts::record`].

use rusqlite::{Transaction, params};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::Error;
use crate::{Accounts, from_unix};

/// One action to record.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    /// Who acted: an account name, or `cli` for the command line.
    pub actor: &'a str,
    /// What was done, as a stable dotted verb: `article.publish`, `rules.update`.
    pub action: &'a str,
    /// What it was done to: `water/pay-bill.es`, an account name.
    pub target: &'a str,
    /// Anything else worth keeping (a revision, a role); never a secret.
    pub detail: &'a str,
}

/// One recorded action, as [`Accounts::audit_log`] returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Increasing id; pass the smallest one seen as `before` to page back.
    pub id: i64,
    /// When (UTC, to the second).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who acted.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What it was done to.
    pub target: String,
    /// Anything else recorded.
    pub detail: String,
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    at: i64,
    actor: &str,
    action: &str,
    target: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![at, actor, action, target, detail])?;
    Ok(())
}

impl Accounts {
    /// Appends `entry` to the audit log with time `now`.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn record(&self, entry: &AuditEntry<'_>, now: OffsetDateTime) -> Result<(), Error> {
        self.write(|tx| {
            insert(
                tx,
                now.unix_timestamp(),
                entry.actor,
                entry.action,
                entry.target,
                entry.detail,
            )
        })
    }

    /// The newest `limit` records, newest first, older than record `before` when given.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn audit_log(&self, limit: usize, before: Option<i64>) -> Result<Vec<AuditRecord>, Error> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, at, actor, action, target, detail FROM audit
                 WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![before.unwrap_or(i64::MAX), limit], |r| {
                Ok(AuditRecord {
                    id: r.get(0)?,
                    at: from_unix(r.get(1)?),
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    target: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?;
            rows.collect()
        })
    }
}
