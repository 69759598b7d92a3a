//! Adding, listing and removing accounts.

use accounts::{Accounts, Error, NewAccount, Role, UserError};

use crate::{add, known, t0};

#[test]
fn an_added_account_is_listed_with_its_role_and_bureaus_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "Ana", Role::Editor, &["water", "pbot"]);
    add(&accounts, "lee", Role::Insights, &[]);
    let listed = accounts.list().unwrap();
    let names: Vec<&str> = listed.iter().map(|l| l.account.name.as_str()).collect();
    assert_eq!(names, ["ana", "lee"]);
    assert_eq!(listed[0].account.role, Role::Editor);
    assert_eq!(listed[0].account.bureaus, ["pbot", "water"]);
    assert_eq!(listed[0].account.created, t0());
    let json = serde_json::to_string(&listed).unwrap();
    assert!(!json.contains(password.expose()), "{json}");
    assert!(!json.contains("argon2"), "{json}");
}

#[test]
fn the_password_is_stored_only_as_an_argon2id_hash() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Admin, &[]);
    drop(accounts);
    let raw = std::fs::read(dir.path().join(accounts::FILE_NAME)).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(!raw.contains(password.expose()));
    assert!(raw.contains("$argon2id$"));
}

#[test]
fn names_are_unique_whatever_their_case() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    add(&accounts, "ana", Role::Admin, &[]);
    let again = NewAccount {
        name: "ANA",
        role: Role::Insights,
        bureaus: &[],
    };
    let err = accounts.add(&again, known, "test", t0()).unwrap_err();
    assert!(
        matches!(err, Error::User(UserError::Exists { .. })),
        "{err}"
    );
    assert_eq!(accounts.list().unwrap().len(), 1);
}

#[test]
fn bad_roles_and_bureaus_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let cases: [(&[&str], Role, UserError); 3] = [
        (&[], Role::Editor, UserError::EditorNeedsBureau),
        (
            &["roads"],
            Role::Editor,
            UserError::UnknownBureau { id: "roads".into() },
        ),
        (
            &["pbot"],
            Role::Insights,
            UserError::BureausOnlyForEditors { role: "insights" },
        ),
    ];
    for (bureaus, role, expected) in cases {
        let new = NewAccount {
            name: "ana",
            role,
            bureaus,
        };
        let err = accounts.add(&new, known, "test", t0()).unwrap_err();
        assert_eq!(err.user(), Some(&expected));
    }
    let bad_name = NewAccount {
        name: "ana lopez",
        role: Role::Admin,
        bureaus: &[],
    };
    assert!(matches!(
        accounts.add(&bad_name, known, "test", t0()),
        Err(Error::User(UserError::InvalidName { .. }))
    ));
    assert!(accounts.list().unwrap().is_empty());
    assert!(accounts.audit_log(10, None).unwrap().is_empty());
}

#[test]
fn removing_an_account_removes_its_tokens_and_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    let password = add(&accounts, "ana", Role::Editor, &["water"]);
    let token = accounts.new_token("ana", "test", t0()).unwrap();
    let session = accounts.sign_in("ana", password.expose(), t0()).unwrap();
    accounts.remove("Ana", "test", t0()).unwrap();
    assert!(accounts.get("ana").unwrap().is_none());
    assert!(
        accounts
            .authenticate_token(token.secret.expose(), t0())
            .unwrap()
            .is_none()
    );
    assert!(
        accounts
            .session(session.cookie.expose(), t0())
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        accounts.remove("ana", "test", t0()),
        Err(Error::User(UserError::UnknownAccount { .. }))
    ));
}

#[test]
fn account_changes_are_in_the_audit_log_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path()).unwrap();
    add(&accounts, "ana", Role::Editor, &["water"]);
    let token = accounts.new_token("ana", "cli", t0()).unwrap();
    accounts.revoke_token(&token.id, "cli", t0()).unwrap();
    accounts.remove("ana", "cli", t0()).unwrap();
    accounts
        .record(
            &accounts::AuditEntry {
                actor: "lee",
                action: "article.publish",
                target: "water/pay-bill",
                detail: "rev 3",
            },
            t0(),
        )
        .unwrap();
    let log = accounts.audit_log(10, None).unwrap();
    let actions: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|r| (r.actor.as_str(), r.action.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("lee", "article.publish", "water/pay-bill"),
            ("cli", "account.remove", "ana"),
            ("cli", "token.remove", "ana"),
            ("cli", "token.add", "ana"),
            ("test", "account.add", "ana"),
        ]
    );
    assert_eq!(log[4].detail, "role editor, bureaus water");
    let older = accounts.audit_log(2, Some(log[1].id)).unwrap();
    assert_eq!(older.len(), 2);
    assert_eq!(older[0].id, log[2].id);
}
