//! Sign-in and sessions for the web pages, each with its own CSRF token.
//!
//! A session ends after [`IDLE_TIMEOUT`] without a request or [`MAX_SESSION_AGE`] after sign-in,
//! whichever comes first: a working day of editing never signs anyone out, and a cookie left on
//! a shared computer stops working within a week at most. The cookie value is 256 random bits;
//! the database keeps only its SHA-256, so a copy of the database opens no session.
//!
//! CSRF uses the synchronizer-token pattern: each session has a random token, embedded by the
//! server in every form and compared in constant time on every state-changing request.

use std::time::Duration;

use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;

use crate::error::{Error, UserError};
use crate::{Account, Accounts, Secret, audit, from_unix, secret, validate_name};

/// A session ends after this long without a request (12 hours).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);
/// A session ends this long after sign-in, however active (7 days).
pub const MAX_SESSION_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// `last_seen` is written at most this often per session, to keep page views from writing.
const TOUCH_EVERY: i64 = 60;

/// A session just opened by [`Accounts::sign_in`].
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value: set it `HttpOnly; SameSite=Strict; Path=/` (and `Secure` over https).
    /// Not stored; it cannot be shown again.
    pub cookie: Secret,
    /// The session's CSRF token, to embed in forms.
    pub csrf: String,
    /// Who signed in.
    pub account: Account,
    /// When the session ends at the latest (absolute limit; idleness may end it earlier).
    pub expires: OffsetDateTime,
}

/// A live session found by [`Accounts::session`].
#[derive(Debug, Clone)]
pub struct Session {
    /// Who is signed in.
    pub account: Account,
    /// When the session was opened.
    pub created: OffsetDateTime,
    /// When it ends if no further request comes (idle or absolute limit, the earlier).
    pub expires: OffsetDateTime,
    csrf: String,
}

impl Session {
    /// The session's CSRF token, to embed in the forms of a page.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Whether a submitted CSRF token is this session's, compared in constant time.
    pub fn check_csrf(&self, submitted: &str) -> bool {
        secret::same(self.csrf.as_bytes(), submitted.as_bytes())
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// When a session created at `created` and last seen at `last_seen` ends (Unix seconds).
fn ends(created: i64, last_seen: i64) -> i64 {
    (last_seen + secs(IDLE_TIMEOUT)).min(created + secs(MAX_SESSION_AGE))
}

/// Whether `cookie` has the shape of a session id (64 lowercase hex digits).
fn well_formed(cookie: &str) -> bool {
    cookie.len() == 64
        && cookie
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Accounts {
    /// Checks `name` and `password` and opens a session.
    ///
    /// Refused before any password check while the name or everyone is throttled (see
    /// [`crate::throttle`]). A failure counts against the throttle; a success clears the name's
    /// failures, records the sign-in time and writes `signin` to the audit log.
    ///
    /// # Errors
    /// [`UserError::Throttled`] with the time to wait; [`UserError::WrongCredentials`] for an
    /// unknown name or a wrong password alike; internal errors.
    pub fn sign_in(
        &self,
        name: &str,
        password: &str,
        now: OffsetDateTime,
    ) -> Result<NewSession, Error> {
        let at = now.unix_timestamp();
        let normalized = validate_name(name).ok();
        let stored = self.write(|tx| {
            if let Some(wait) = self.throttle.wait(tx, name, at)? {
                return Ok(Err(wait));
            }
            let Some(normalized) = &normalized else {
                return Ok(Ok(None));
            };
            tx.query_row(
                "SELECT id, password FROM accounts WHERE name = ?1",
                [normalized],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()
            .map(Ok)
        })?;
        let stored = stored.map_err(|retry_after| UserError::Throttled { retry_after })?;
        // The slow check runs outside the database lock; unknown names check a decoy hash.
        let hash = stored
            .as_ref()
            .map_or(secret::decoy_hash(), |(_, h)| h.as_str());
        let matches = secret::verify_password(password, hash)? && stored.is_some();
        let Some((id, _)) = stored.filter(|_| matches) else {
            self.write(|tx| self.throttle.failed(tx, name, at))?;
            return Err(UserError::WrongCredentials.into());
        };

        let cookie = secret::generate_secret()?;
        let csrf = secret::generate_secret()?;
        let key = secret::sha256(&cookie);
        self.write(|tx| {
            self.throttle.succeeded(tx, name)?;
            tx.execute(
                "UPDATE accounts SET last_sign_in = ?1 WHERE id = ?2",
                params![at, id],
            )?;
            tx.execute(
                "INSERT INTO sessions (key, account, csrf, created, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![key.as_slice(), id, csrf, at],
            )?;
            let who: String =
                tx.query_row("SELECT name FROM accounts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            audit::insert(tx, at, &who, "signin", &who, "")
        })?;
        let (account, _) = self.account_by_id(id)?;
        Ok(NewSession {
            cookie: Secret(cookie),
            csrf,
            account,
            expires: from_unix(at + secs(MAX_SESSION_AGE)),
        })
    }

    /// The live session whose cookie value is `cookie`, if any. An expired one is deleted and
    /// gives `None`; a live one counts as activity (idle time restarts).
    ///
    /// # Errors
    /// Internal errors only; a malformed or unknown cookie is `Ok(None)`.
    pub fn session(&self, cookie: &str, now: OffsetDateTime) -> Result<Option<Session>, Error> {
        if !well_formed(cookie) {
            return Ok(None);
        }
        let at = now.unix_timestamp();
        let key = secret::sha256(cookie);
        let found = self.write(|tx| {
            let row = tx
                .query_row(
                    "SELECT account, csrf, created, last_seen FROM sessions WHERE key = ?1",
                    [key.as_slice()],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                        ))
                    },
                )
                .optional()?;
            let Some((account, csrf, created, last_seen)) = row else {
                return Ok(None);
            };
            if at >= ends(created, last_seen) {
                tx.execute("DELETE FROM sessions WHERE key = ?1", [key.as_slice()])?;
                return Ok(None);
            }
            let mut seen = last_seen;
            if at - last_seen >= TOUCH_EVERY {
                tx.execute(
                    "UPDATE sessions SET last_seen = ?1 WHERE key = ?2",
                    params![at, key.as_slice()],
                )?;
                seen = at;
            }
            Ok(Some((account, csrf, created, seen)))
        })?;
        let Some((id, csrf, created, seen)) = found else {
            return Ok(None);
        };
        let (account, _) = self.account_by_id(id)?;
        Ok(Some(Session {
            account,
            created: from_unix(created),
            expires: from_unix(ends(created, seen)),
            csrf,
        }))
    }

    /// Ends the session with cookie value `cookie` (sign-out). Unknown cookies are ignored.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn sign_out(&self, cookie: &str) -> Result<(), Error> {
        let key = secret::sha256(cookie);
        self.write(|tx| tx.execute("DELETE FROM sessions WHERE key = ?1", [key.as_slice()]))?;
        Ok(())
    }

    /// Deletes every expired session; returns how many. Sessions are also dropped when next
    /// seen, so this only keeps the table small.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn purge_sessions(&self, now: OffsetDateTime) -> Result<usize, Error> {
        let at = now.unix_timestamp();
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE last_seen + ?2 <= ?1 OR created + ?3 <= ?1",
                params![at, secs(IDLE_TIMEOUT), secs(MAX_SESSION_AGE)],
            )
        })
    }
}
