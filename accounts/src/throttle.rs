//! Sign-in throttling: after repeated failures a name, or every name, must wait.
//!
//! Two limits, both kept in the database so a restart does not reset them:
//!
//! - **Per name** (exponential): after [`Throttle::free_attempts`] failures in a row the name
//!   is locked for [`Throttle::first_lock`], doubled for each further failure, up to
//!   [`Throttle::max_lock`]. A success clears the streak, and so does
//!   [`Throttle::forget_after`] without a failure. Names without an account are throttled the
//!   same way, so the answer never tells whether a name exists.
//! - **Overall** (fixed window): more than [`Throttle::global_failures`] failures across all
//!   names within one [`Throttle::global_window`] lock every sign-in until that window ends. This
//!   caps password spraying (one password tried against many names), which the per-name limit
//!   cannot see. The price: a spray also delays real people by at most one window.
//!
//! A throttled attempt is refused before its password is hashed, so a flood costs no CPU.

use std::time::Duration;

use rusqlite::{OptionalExtension, Transaction, params};

/// The throttling limits. [`Throttle::default`] is what `firststop` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures in a row for one name before it is locked (default 5).
    pub free_attempts: u32,
    /// The lock after the last free attempt fails (default 30 s); doubles with each further
    /// failure.
    pub first_lock: Duration,
    /// The longest lock of one name (default 15 minutes).
    pub max_lock: Duration,
    /// A name's failure streak is forgotten after this long without a failure (default 1 hour).
    pub forget_after: Duration,
    /// The overall window (default 60 s).
    pub global_window: Duration,
    /// Failures across all names that lock everyone for the rest of the window (default 100).
    pub global_failures: u32,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle {
            free_attempts: 5,
            first_lock: Duration::from_secs(30),
            max_lock: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
            global_window: Duration::from_secs(60),
            global_failures: 100,
        }
    }
}

/// The row key of the overall limit (no account name contains `*`).
const GLOBAL: &str = "*";

/// The row key of one name's limit: how it was typed, trimmed and lowercased, at most 100 bytes.
fn name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut end = lower.len().min(100);
    while !lower.is_char_boundary(end) {
        end -= 1;
    }
    format!("name:{}", &lower[..end])
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl Throttle {
    /// How long `name` must still wait at Unix time `now` (seconds), if at all.
    pub(crate) fn wait(
        &self,
        tx: &Transaction<'_>,
        name: &str,
        now: i64,
    ) -> rusqlite::Result<Option<Duration>> {
        let mut stmt = tx.prepare_cached("SELECT locked_until FROM throttle WHERE key = ?1")?;
        let mut until = 0i64;
        for key in [name_key(name).as_str(), GLOBAL] {
            let locked: Option<i64> = stmt.query_row([key], |r| r.get(0)).optional()?;
            until = until.max(locked.unwrap_or(0));
        }
        Ok((until > now).then(|| Duration::from_secs((until - now).unsigned_abs())))
    }

    /// Counts a failed sign-in of `name` at `now` against both limits.
    pub(crate) fn failed(
        &self,
        tx: &Transaction<'_>,
        name: &str,
        now: i64,
    ) -> rusqlite::Result<()> {
        let key = name_key(name);
        let (failures, last) = self.row(tx, &key)?.unwrap_or((0, now));
        let failures = if now - last > secs(self.forget_after) {
            1
        } else {
            failures + 1
        };
        let extra = failures.saturating_sub(i64::from(self.free_attempts));
        let locked_until = if failures >= i64::from(self.free_attempts) && self.free_attempts > 0 {
            let lock = secs(self.first_lock)
                .saturating_mul(1i64 << extra.clamp(0, 30))
                .min(secs(self.max_lock));
            now + lock
        } else {
            0
        };
        self.put(tx, &key, failures, now, locked_until)?;

        let (count, window_start) = self.row(tx, GLOBAL)?.unwrap_or((0, now));
        let (count, window_start) = if now - window_start >= secs(self.global_window) {
            (1, now)
        } else {
            (count + 1, window_start)
        };
        let locked_until = if count > i64::from(self.global_failures) {
            window_start + secs(self.global_window)
        } else {
            0
        };
        self.put(tx, GLOBAL, count, window_start, locked_until)
    }

    /// Clears `name`'s failure streak after a successful sign-in.
    pub(crate) fn succeeded(&self, tx: &Transaction<'_>, name: &str) -> rusqlite::Result<()> {
        tx.execute("DELETE FROM throttle WHERE key = ?1", [name_key(name)])?;
        Ok(())
    }

    fn row(&self, tx: &Transaction<'_>, key: &str) -> rusqlite::Result<Option<(i64, i64)>> {
        tx.prepare_cached("SELECT failures, since FROM throttle WHERE key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
    }

    fn put(
        &self,
        tx: &Transaction<'_>,
        key: &str,
        failures: i64,
        since: i64,
        locked_until: i64,
    ) -> rusqlite::Result<()> {
        tx.prepare_cached(
            "INSERT INTO throttle (key, failures, since, locked_until) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET failures = ?2, since = ?3, locked_until = ?4",
        )?
        .execute(params![key, failures, since, locked_until])?;
        Ok(())
    }
}
