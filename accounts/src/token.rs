//! Bearer tokens for the APIs: `fst_<id>_<secret>`, shown once, stored as SHA-256 of the secret.
//!
//! The 12-hex-digit id is public: it finds the row by primary key, names the token in lists and
//! the audit log, and lets a leaked token be recognised and revoked. The 64-hex-digit secret is
//! 256 random bits; why a fast hash is right for it is in [`crate::secret`].

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::{Error, UserError};
use crate::{Account, Accounts, Secret, audit, from_unix, secret, validate_name};

const PREFIX: &str = "fst_";
/// `last_used` is written at most this often per token (seconds).
const TOUCH_EVERY: i64 = 60;

/// A token just issued by [`Accounts::new_token`].
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The public id (12 hex digits), as [`Accounts::tokens`] lists it.
    pub id: String,
    /// The whole token, `fst_<id>_<secret>`, for `Authorization: Bearer`. Shown once.
    pub secret: Secret,
}

/// A token as [`Accounts::tokens`] lists it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The public id.
    pub id: String,
    /// When it was issued.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// When it was last accepted (to the minute), if ever.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used: Option<OffsetDateTime>,
}

/// Splits `fst_<12 hex>_<64 hex>` into id and secret.
fn parse(token: &str) -> Option<(&str, &str)> {
    let (id, secret) = token.strip_prefix(PREFIX)?.split_once('_')?;
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(id, 12) && hex(secret, 64)).then_some((id, secret))
}

impl Accounts {
    /// Issues a new API token for the account `name`; writes `token.add` to the audit log as
    /// `by`. An account may hold several tokens (one per script, say).
    ///
    /// # Errors
    /// [`UserError::UnknownAccount`]; internal errors.
    pub fn new_token(&self, name: &str, by: &str, now: OffsetDateTime) -> Result<NewToken, Error> {
        let unknown = || UserError::UnknownAccount {
            name: name.to_owned(),
        };
        let name = validate_name(name).map_err(|_| unknown())?;
        let at = now.unix_timestamp();
        loop {
            let id = secret::hex(&secret::random_bytes::<6>()?);
            let token_secret = secret::generate_secret()?;
            let hash = secret::sha256(&token_secret);
            let inserted = self.write(|tx| {
                let Some(account) = tx
                    .query_row("SELECT id FROM accounts WHERE name = ?1", [&name], |r| {
                        r.get::<_, i64>(0)
                    })
                    .optional()?
                else {
                    return Ok(Err(unknown()));
                };
                let fresh = tx.execute(
                    "INSERT OR IGNORE INTO tokens (id, account, hash, created) VALUES (?1, ?2, ?3, ?4)",
                    params![id, account, hash.as_slice(), at],
                )? == 1;
                if fresh {
                    audit::insert(tx, at, by, "token.add", &name, &format!("token {id}"))?;
                }
                Ok(Ok(fresh))
            })??;
            // An id collision (one in 2^48 per existing token) draws again.
            if inserted {
                return Ok(NewToken {
                    secret: Secret(format!("{PREFIX}{id}_{token_secret}")),
                    id,
                });
            }
        }
    }

    /// The account a bearer token belongs to, if the token is live. Malformed, unknown and
    /// revoked tokens all give `None`; the hash is compared in constant time.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn authenticate_token(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Account>, Error> {
        let Some((id, token_secret)) = parse(token.trim()) else {
            return Ok(None);
        };
        let id = id.to_ascii_lowercase();
        let row = self.read(|conn| {
            conn.query_row(
                "SELECT account, hash, last_used FROM tokens WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                    ))
                },
            )
            .optional()
        })?;
        let Some((account, stored, last_used)) = row else {
            return Ok(None);
        };
        if !secret::same(&stored, &secret::sha256(token_secret)) {
            return Ok(None);
        }
        let at = now.unix_timestamp();
        if last_used.is_none_or(|last| at - last >= TOUCH_EVERY) {
            self.write(|tx| {
                tx.execute(
                    "UPDATE tokens SET last_used = ?1 WHERE id = ?2",
                    params![at, id],
                )
            })?;
        }
        self.account_by_id(account)
            .map(|(account, _)| Some(account))
    }

    /// The tokens of the account `name`, oldest first. Never a secret or a hash.
    ///
    /// # Errors
    /// [`UserError::UnknownAccount`]; internal errors.
    pub fn tokens(&self, name: &str) -> Result<Vec<TokenInfo>, Error> {
        let Some(account) = self.get(name)? else {
            return Err(UserError::UnknownAccount {
                name: name.to_owned(),
            }
            .into());
        };
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT t.id, t.created, t.last_used FROM tokens t JOIN accounts a ON a.id = t.account
                 WHERE a.name = ?1 ORDER BY t.created, t.id",
            )?;
            let rows = stmt.query_map([&account.name], |r| {
                Ok(TokenInfo {
                    id: r.get(0)?,
                    created: from_unix(r.get(1)?),
                    last_used: r.get::<_, Option<i64>>(2)?.map(from_unix),
                })
            })?;
            rows.collect()
        })
    }

    /// Revokes the token with public id `id` (or a whole token, whose id is used); writes
    /// `token.remove` to the audit log as `by`.
    ///
    /// # Errors
    /// [`UserError::UnknownToken`]; internal errors.
    pub fn revoke_token(&self, id: &str, by: &str, now: OffsetDateTime) -> Result<(), Error> {
        let id = parse(id.trim())
            .map_or(id.trim(), |(id, _)| id)
            .to_ascii_lowercase();
        self.write(|tx| {
            let owner: Option<String> = tx
                .query_row(
                    "SELECT a.name FROM tokens t JOIN accounts a ON a.id = t.account WHERE t.id = ?1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(owner) = owner else {
                return Ok(Err(UserError::UnknownToken { id: id.clone() }));
            };
            tx.execute("DELETE FROM tokens WHERE id = ?1", [&id])?;
            audit::insert(tx, now.unix_timestamp(), by, "token.remove", &owner, &format!("token {id}"))?;
            Ok(Ok(()))
        })??;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn only_well_formed_tokens_parse() {
        let secret = "a".repeat(64);
        assert_eq!(
            parse(&format!("fst_0123456789ab_{secret}")),
            Some(("0123456789ab", secret.as_str()))
        );
        assert_eq!(parse(&format!("fst_0123456789a_{secret}")), None);
        assert_eq!(parse(&format!("xyz_0123456789ab_{secret}")), None);
        assert_eq!(parse("fst_0123456789ab_short"), None);
        assert_eq!(parse(""), None);
    }
}
