//! Creating and removing accounts, each change written to the audit log in the same
//! transaction.

use rusqlite::params;
use time::OffsetDateTime;

use crate::error::{Error, UserError};
use crate::role::{Account, Role, validate_bureaus, validate_name};
use crate::{Accounts, NewAccount, Secret, audit, from_unix, secret};

impl Accounts {
    /// Creates an account and returns it with its generated password, which is not stored and
    /// cannot be shown again. Writes `account.add` to the audit log as `by`.
    ///
    /// # Errors
    /// [`UserError::InvalidName`], [`UserError::Exists`], [`UserError::EditorNeedsBureau`],
    /// [`UserError::BureausOnlyForEditors`], [`UserError::UnknownBureau`]; internal errors.
    pub fn add(
        &self,
        new: &NewAccount<'_>,
        is_known_bureau: impl Fn(&str) -> bool,
        by: &str,
        now: OffsetDateTime,
    ) -> Result<(Account, Secret), Error> {
        let name = validate_name(new.name)?;
        let bureaus = validate_bureaus(new.role, new.bureaus, is_known_bureau)?;
        let password = secret::generate_password()?;
        let hash = secret::hash_password(&password)?;
        let at = now.unix_timestamp();
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if taken {
                return Ok(Err(UserError::Exists { name: name.clone() }));
            }
            tx.execute(
                "INSERT INTO accounts (name, role, password, created) VALUES (?1, ?2, ?3, ?4)",
                params![name, new.role.as_str(), hash, at],
            )?;
            let id = tx.last_insert_rowid();
            for bureau in &bureaus {
                tx.execute(
                    "INSERT INTO account_bureaus (account, bureau) VALUES (?1, ?2)",
                    params![id, bureau],
                )?;
            }
            let detail = describe(new.role, &bureaus);
            audit::insert(tx, at, by, "account.add", &name, &detail)?;
            Ok(Ok(()))
        })??;
        let account = Account {
            name,
            role: new.role,
            bureaus,
            created: from_unix(at),
            last_sign_in: None,
        };
        Ok((account, Secret(password)))
    }

    /// Removes the account named `name` with its tokens and sessions, so none of them works
    /// any more. Writes `account.remove` to the audit log as `by`.
    ///
    /// # Errors
    /// [`UserError::UnknownAccount`]; internal errors.
    pub fn remove(&self, name: &str, by: &str, now: OffsetDateTime) -> Result<(), Error> {
        let normalized = validate_name(name).map_err(|_| UserError::UnknownAccount {
            name: name.to_owned(),
        })?;
        self.write(|tx| {
            // The foreign keys cascade to tokens, sessions and bureaus.
            let removed = tx.execute("DELETE FROM accounts WHERE name = ?1", [&normalized])?;
            if removed == 0 {
                return Ok(Err(UserError::UnknownAccount {
                    name: normalized.clone(),
                }));
            }
            audit::insert(
                tx,
                now.unix_timestamp(),
                by,
                "account.remove",
                &normalized,
                "",
            )?;
            Ok(Ok(()))
        })??;
        Ok(())
    }
}

/// `role editor, bureaus pbot water` for the audit log.
fn describe(role: Role, bureaus: &[String]) -> String {
    if bureaus.is_empty() {
        format!("role {role}")
    } else {
        format!("role {role}, bureaus {}", bureaus.join(" "))
    }
}
