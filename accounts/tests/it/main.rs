//! The accounts database as the command line and the web pages use it.

mod manage;
mod signin;
mod store;
mod tokens;

use accounts::{Accounts, NewAccount, Role, Secret};
use time::OffsetDateTime;

/// A fixed "now": 2026-03-02 09:00:00 UTC.
pub fn t0() -> OffsetDateTime {
    time::macros::datetime!(2026-03-02 09:00 UTC)
}

/// `t0` plus `secs` seconds.
pub fn at(secs: i64) -> OffsetDateTime {
    t0() + time::Duration::seconds(secs)
}

/// The city's bureaus in these tests.
pub fn known(bureau: &str) -> bool {
    ["pbot", "water", "parks"].contains(&bureau)
}

/// Adds an account and returns its password.
pub fn add(accounts: &Accounts, name: &str, role: Role, bureaus: &[&str]) -> Secret {
    let new = NewAccount {
        name,
        role,
        bureaus,
    };
    accounts.add(&new, known, "test", t0()).unwrap().1
}
