//! Sign-in, sessions, CSRF tokens and throttling.

use std::time::Duration;

use accounts::{Accounts, Error, IDLE_TIMEOUT, MAX_SESSION_AGE, Role, Throttle, UserError};

use crate::{add, at, t0};

fn throttled(result: Result<accounts::NewSession, Error>) -> Option<Duration> {
    match result {
        Err(Error::User(UserError::Throttled { retry_after })) => Some(retry_after),
        _ => None,
    }
}

fn wrong(result: &Result<accounts::NewSession, Error>) -> bool {
    matches!(result, Err(Error::User(UserError::WrongCredentials)))
}

#[test]
fn the_right_password_opens_a_session_and_a_wrong_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Editor, &["water"]);
    assert!(wrong(&accounts.sign_in("ana", "guess", t0())));
    assert!(wrong(&accounts.sign_in("nobody", password.expose(), t0())));
    let session = accounts.sign_in("ANA", password.expose(), t0()).unwrap();
    assert_eq!(session.account.name, "ana");
    assert_eq!(session.expires, t0() + MAX_SESSION_AGE);
    let found = accounts
        .session(session.cookie.expose(), at(5))
        .unwrap()
        .unwrap();
    assert!(found.account.may_edit("water"));
    assert_eq!(
        accounts.get("ana").unwrap().unwrap().last_sign_in,
        Some(t0())
    );
}

#[test]
fn a_session_ends_after_twelve_idle_hours() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Insights, &[]);
    let session = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    let cookie = session.cookie.expose();
    let idle = IDLE_TIMEOUT.as_secs() as i64;
    // Activity at 11 h restarts the idle clock, so 22 h after sign-in it is still alive.
    assert!(accounts.session(cookie, at(11 * 3600)).unwrap().is_some());
    assert!(
        accounts
            .session(cookie, at(11 * 3600 + idle - 1))
            .unwrap()
            .is_some()
    );
    let late = 11 * 3600 + idle - 1 + idle;
    assert!(accounts.session(cookie, at(late)).unwrap().is_none());
    assert!(
        accounts.session(cookie, at(late - 10)).unwrap().is_none(),
        "deleted once expired"
    );
}

#[test]
fn a_session_ends_after_seven_days_however_active() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Insights, &[]);
    let session = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    let cookie = session.cookie.expose();
    let week = MAX_SESSION_AGE.as_secs() as i64;
    let mut t = 0;
    while t < week - 3600 {
        assert!(
            accounts.session(cookie, at(t)).unwrap().is_some(),
            "alive at {t}"
        );
        t += 6 * 3600;
    }
    assert!(accounts.session(cookie, at(week)).unwrap().is_none());
}

#[test]
fn signing_out_ends_the_session_and_purge_drops_expired_ones() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Insights, &[]);
    let first = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    let second = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    accounts.sign_out(first.cookie.expose()).unwrap();
    assert!(
        accounts
            .session(first.cookie.expose(), t0())
            .unwrap()
            .is_none()
    );
    assert!(
        accounts
            .session(second.cookie.expose(), t0())
            .unwrap()
            .is_some()
    );
    assert_eq!(accounts.purge_sessions(at(3600)).unwrap(), 0);
    assert_eq!(accounts.purge_sessions(at(13 * 3600)).unwrap(), 1);
}

#[test]
fn malformed_and_unknown_cookies_find_no_session() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    for cookie in [
        "",
        "abc",
        &"0".repeat(64),
        &"Z".repeat(64),
        "'; DROP TABLE sessions; --",
    ] {
        assert!(
            accounts.session(cookie, t0()).unwrap().is_none(),
            "{cookie}"
        );
    }
}

#[test]
fn each_session_accepts_only_its_own_csrf_token() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Editor, &["water"]);
    let one = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    let two = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    let found = accounts
        .session(one.cookie.expose(), t0())
        .unwrap()
        .unwrap();
    assert_eq!(found.csrf(), one.csrf);
    assert!(found.check_csrf(&one.csrf));
    assert!(!found.check_csrf(&two.csrf));
    assert!(!found.check_csrf(""));
    assert!(!found.check_csrf(&one.csrf[..63]));
}

#[test]
fn five_failures_lock_a_name_for_30_s_then_longer_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Editor, &["water"]);
    for i in 0..5 {
        assert!(
            wrong(&accounts.sign_in("ana", "guess", at(i))),
            "failure {i}"
        );
    }
    // Locked at t=4 for 30 s: even the right password is refused, and says how long to wait.
    let err = accounts
        .sign_in("ana", password.expose(), at(5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "too many failed sign-ins: try again in 29 s"
    );
    assert_eq!(
        throttled(accounts.sign_in("ana", "guess", at(33))),
        Some(Duration::from_secs(1))
    );
    // Another failure after the lock doubles it.
    assert!(wrong(&accounts.sign_in("ana", "guess", at(34))));
    assert_eq!(
        throttled(accounts.sign_in("ana", "guess", at(35))),
        Some(Duration::from_secs(59))
    );
    // Other names are not affected.
    let lee = add(&accounts, "lee", Role::Insights, &[]);
    assert!(accounts.sign_in("lee", lee.expose(), at(35)).is_ok());
    // After the lock, the right password works and clears the streak.
    assert!(accounts.sign_in("ana", password.expose(), at(94)).is_ok());
    assert!(wrong(&accounts.sign_in("ana", "guess", at(95))));
    assert!(accounts.sign_in("ana", password.expose(), at(96)).is_ok());
}

#[test]
fn names_without_an_account_are_throttled_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    for i in 0..5 {
        assert!(wrong(&accounts.sign_in("ghost", "guess", at(i))));
    }
    assert_eq!(
        throttled(accounts.sign_in("Ghost", "guess", at(5))),
        Some(Duration::from_secs(29))
    );
}

#[test]
fn the_lock_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let password = {
        let accounts = Accounts::open(dir.path()).unwrap();
        let password = add(&accounts, "ana", Role::Editor, &["water"]);
        for i in 0..5 {
            let _ = accounts.sign_in("ana", "guess", at(i));
        }
        password
    };
    let accounts = Accounts::open(dir.path()).unwrap();
    assert!(throttled(accounts.sign_in("ana", password.expose(), at(10))).is_some());
}

#[test]
fn a_failure_streak_is_forgotten_after_an_hour() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    for i in 0..4 {
        let _ = accounts.sign_in("ana", "guess", at(i));
    }
    // The fifth failure comes more than an hour after the fourth: a new streak, no lock.
    assert!(wrong(&accounts.sign_in("ana", "guess", at(3 + 3601))));
    assert!(wrong(&accounts.sign_in("ana", "guess", at(3 + 3602))));
}

#[test]
fn many_failures_across_names_lock_every_sign_in_until_the_window_ends() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Throttle {
        global_failures: 3,
        ..Throttle::default()
    };
    let accounts = Accounts::open_with(dir.path(), limits).unwrap();
    let password = add(&accounts, "ana", Role::Admin, &[]);
    for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
        assert!(wrong(&accounts.sign_in(name, "guess", at(i as i64))));
    }
    // Four failures in the window that started at t=0 exceed 3: everyone waits until t=60.
    assert_eq!(
        throttled(accounts.sign_in("ana", password.expose(), at(10))),
        Some(Duration::from_secs(50))
    );
    assert!(accounts.sign_in("ana", password.expose(), at(60)).is_ok());
}
