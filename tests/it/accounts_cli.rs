//! `firststop accounts`: passwords and tokens printed once, bureaus checked against the config,
//! clear one-line errors.

use std::path::Path;

use crate::support::{run, text};

const CONFIG: &str = "[[bureaus]]\nid = \"pbot\"\nname = \"Portland Bureau of Transportation\"\n\n\
                      [[bureaus]]\nid = \"water\"\nname = \"Portland Water Bureau\"\n";

fn city() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("firststop.toml"), CONFIG).unwrap();
    dir
}

fn accounts(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["accounts"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--config", "firststop.toml", "--data", "data"]);
    run(dir, &all)
}

#[test]
fn an_editor_gets_a_password_once_that_signs_in() {
    let dir = city();
    let out = accounts(
        dir.path(),
        &[
            "add", "Ana", "--role", "editor", "--bureau", "water", "--bureau", "pbot",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let password = stdout.trim();
    assert_eq!(
        stdout.lines().count(),
        1,
        "only the password on stdout: {stdout}"
    );
    assert_eq!(password.len(), 27, "{password}");
    assert!(
        text(&out.stderr).contains("editor 'ana' (bureaus pbot, water)"),
        "{}",
        text(&out.stderr)
    );

    let list = accounts(dir.path(), &["list"]);
    assert!(list.status.success());
    let listed = text(&list.stdout);
    assert!(listed.contains("ana\teditor\tpbot,water\t0\t"), "{listed}");
    assert!(!listed.contains(password));

    let store = accounts::Accounts::open(&dir.path().join("data")).unwrap();
    let now = time::OffsetDateTime::now_utc();
    let session = store.sign_in("ana", password, now).unwrap();
    assert!(session.account.may_edit("water") && !session.account.may_edit("parks"));
    let raw = std::fs::read(store.path()).unwrap();
    assert!(
        !String::from_utf8_lossy(&raw).contains(password),
        "stored only as a hash"
    );
}

#[test]
fn a_token_is_printed_once_listed_by_id_and_gone_with_its_account() {
    let dir = city();
    assert!(
        accounts(dir.path(), &["add", "lee", "--role", "insights"])
            .status
            .success()
    );
    let out = accounts(dir.path(), &["token", "lee"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(token.starts_with("fst_"), "{token}");
    let id = &token[4..16];

    let one = text(&accounts(dir.path(), &["list", "lee"]).stdout);
    assert!(one.contains(&format!("token {id} created")), "{one}");
    assert!(!one.contains(&token));
    let store = accounts::Accounts::open(&dir.path().join("data")).unwrap();
    let now = time::OffsetDateTime::now_utc();
    assert!(
        store
            .authenticate_token(&token, now)
            .unwrap()
            .unwrap()
            .may_read_insights()
    );

    let out = accounts(dir.path(), &["remove", "lee"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(store.authenticate_token(&token, now).unwrap().is_none());
    let again = accounts(dir.path(), &["remove", "lee"]);
    assert!(!again.status.success());
    assert_eq!(
        text(&again.stderr).trim(),
        "firststop: no account named 'lee'"
    );
}

#[test]
fn an_unknown_bureau_is_a_one_line_error_and_creates_nothing() {
    let dir = city();
    let out = accounts(
        dir.path(),
        &["add", "ana", "--role", "editor", "--bureau", "roads"],
    );
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "firststop: unknown bureau 'roads'"
    );
    assert!(text(&out.stdout).is_empty());
    let listed = accounts(dir.path(), &["list"]);
    assert!(text(&listed.stdout).is_empty(), "{}", text(&listed.stdout));
}

#[test]
fn an_editor_without_a_bureau_is_refused() {
    let dir = city();
    let out = accounts(dir.path(), &["add", "ana", "--role", "editor"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("an editor needs at least one bureau"),
        "{stderr}"
    );
}

#[test]
fn bad_names_roles_and_duplicates_are_refused() {
    let dir = city();
    assert!(
        accounts(dir.path(), &["add", "ana", "--role", "admin"])
            .status
            .success()
    );
    let twice = accounts(dir.path(), &["add", "ANA", "--role", "admin"]);
    assert!(!twice.status.success());
    assert_eq!(
        text(&twice.stderr).trim(),
        "firststop: an account named 'ana' exists already"
    );
    let spaced = accounts(dir.path(), &["add", "ana lopez", "--role", "admin"]);
    assert!(!spaced.status.success());
    assert!(text(&spaced.stderr).contains("invalid account name"));
    let role = accounts(dir.path(), &["add", "bo", "--role", "root"]);
    assert!(!role.status.success());
    assert!(
        text(&role.stderr).contains("invalid value 'root'"),
        "{}",
        text(&role.stderr)
    );
    let admin_bureau = accounts(
        dir.path(),
        &["add", "bo", "--role", "admin", "--bureau", "pbot"],
    );
    assert!(!admin_bureau.status.success());
    assert!(text(&admin_bureau.stderr).contains("only editors have bureaus"));
}
