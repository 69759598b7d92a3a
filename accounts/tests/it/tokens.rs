//! API tokens: issued once, checked by hash, listed without secrets, revoked.

use accounts::{Accounts, Error, Role, UserError};

use crate::{add, at, t0};

#[test]
fn a_token_authenticates_its_account_until_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    add(&accounts, "lee", Role::Insights, &[]);
    let token = accounts.new_token("lee", "cli", t0()).unwrap();
    let bearer = token.secret.expose();
    assert!(bearer.starts_with(&format!("fst_{}_", token.id)));
    let account = accounts.authenticate_token(bearer, at(1)).unwrap().unwrap();
    assert_eq!(account.name, "lee");
    assert!(account.may_read_insights());
    accounts.revoke_token(&token.id, "cli", at(2)).unwrap();
    assert!(
        accounts
            .authenticate_token(bearer, at(3))
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        accounts.revoke_token(&token.id, "cli", at(4)),
        Err(Error::User(UserError::UnknownToken { .. }))
    ));
}

#[test]
fn a_changed_or_malformed_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    add(&accounts, "lee", Role::Insights, &[]);
    let token = accounts.new_token("lee", "cli", t0()).unwrap();
    let bearer = token.secret.expose().to_owned();
    let last = bearer.chars().last().unwrap();
    let flipped = format!(
        "{}{}",
        &bearer[..bearer.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    let other_id = format!("fst_000000000000{}", &bearer[16..]);
    for bad in [
        flipped.as_str(),
        &other_id,
        "",
        "fst_",
        "Bearer x",
        &bearer[..40],
    ] {
        assert!(
            accounts.authenticate_token(bad, t0()).unwrap().is_none(),
            "{bad}"
        );
    }
}

#[test]
fn tokens_are_listed_by_id_and_stored_only_as_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    add(&accounts, "lee", Role::Insights, &[]);
    let one = accounts.new_token("lee", "cli", t0()).unwrap();
    let two = accounts.new_token("lee", "cli", at(1)).unwrap();
    accounts
        .authenticate_token(two.secret.expose(), at(120))
        .unwrap();
    let listed = accounts.tokens("LEE").unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [&one.id, &two.id]
    );
    assert_eq!(listed[0].last_used, None);
    assert_eq!(listed[1].last_used, Some(at(120)));
    assert_eq!(accounts.list().unwrap()[0].tokens, 2);
    drop(accounts);
    let raw = std::fs::read(dir.path().join(accounts::FILE_NAME)).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    for token in [&one, &two] {
        let secret_part = &token.secret.expose()[17..];
        assert!(!raw.contains(secret_part));
    }
}

#[test]
fn a_token_for_an_unknown_account_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    assert!(matches!(
        accounts.new_token("nobody", "cli", t0()),
        Err(Error::User(UserError::UnknownAccount { .. }))
    ));
    assert!(accounts.tokens("nobody").is_err());
}
