//! `firststop check` on the shipped content and on broken files.

use crate::support::{repo, run, text};

#[test]
fn the_shipped_config_and_content_pass() {
    let out = run(repo(), &["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).is_empty(),
        "no problems printed: {}",
        text(&out.stdout)
    );
}

#[test]
fn problems_are_printed_one_per_line_with_their_place_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("firststop.toml"),
        "[[bureaus]]\nid = \"pbot\"\nname = \"PBOT\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/pbot")).unwrap();
    std::fs::write(
        dir.path().join("content/pbot/pothole.md"),
        "+++\ntitle = \"Pothole\"\nbureau = \"roads\"\n+++\nBody\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/best-bets.toml"),
        "[[bet]]\nqueries = [\"x\"]\narticle = \"nope\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.contains(&"content/pbot/pothole.md:4: missing summary"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"content/pbot/pothole.md:3: unknown bureau 'roads'"),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/best-bets.toml:1: best bet names article 'nope'")),
        "{stdout}"
    );
}

#[test]
fn a_missing_config_is_a_one_line_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["check", "--config", "nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nope.toml"), "{stderr}");
}

#[test]
fn a_notice_that_fires_on_one_of_its_near_misses_is_a_problem_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("firststop.toml"),
        "[[bureaus]]\nid = \"boec\"\nname = \"Emergency Communications\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/referrals.toml"),
        r#"[words.en]
home = ["house", "home", "garage"]

[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = ["{home} ... fire", "breaking into ... car"]
positives.en = ["my house is on fire", "someone is breaking into my car"]
near_misses.en = [
  "fire station tours",
  "how do I report a home fire hazard",
  "my car was broken into last night",
]
"#,
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "content/referrals.toml:11: 'emergency' shows for its near miss (en) \"how do I report a home fire hazard\": pattern \"{home} ... fire\" matches"
        ],
        "{stdout}"
    );
}

#[test]
fn insights_settings_are_checked_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("firststop.toml"),
        "[[bureaus]]\nid = \"pbot\"\nname = \"PBOT\"\n\n[insights]\nenabled = true\nretention_days = 0\nmin_count = 5000\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "firststop.toml:7: retention_days must be from 1 to 3650, not 0",
            "firststop.toml:8: min_count must be from 1 to 1000, not 5000",
        ],
        "{stdout}"
    );
}
