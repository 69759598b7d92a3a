//! `firststop explain`: the ranking report of one question on the repository's own articles, and
//! its errors.

use crate::support::{copy_dir, repo, run, text};

/// A copy of the repository's config and articles, indexed.
fn indexed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("firststop.toml"),
        dir.path().join("firststop.toml"),
    )
    .unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let out = run(dir.path(), &["index", "--data", "data"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

#[test]
fn explain_shows_the_plan_the_card_and_each_results_factors() {
    let dir = indexed();
    let out = run(
        dir.path(),
        &["explain", "--limit", "3", "pothole", "on", "my", "street "],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("language: en ("), "{report}");
    assert!(report.contains("\n  pothole (weight "), "{report}");
    assert!(
        report.contains("\ncard: ranking (report-pothole): "),
        "{report}"
    );
    assert!(report.contains("relevance = (bm25 "), "{report}");
    assert!(report.contains("prior = category "), "{report}");
    assert!(report.contains("\n 1. "), "{report}");
    assert!(!report.contains("\n 4. "), "--limit 3: {report}");

    let out = run(
        dir.path(),
        &["explain", "--json", "--limit", "3", "pothole on my street "],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["explain"]["card"]["decision"], "ranking", "{json}");
    assert_eq!(json["answer"]["slug"], "report-pothole", "{json}");
    let results = json["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 3, "{json}");
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["explain"]["place"], i + 1, "{r}");
    }

    // The same question through `firststop search` ranks the same, without a report.
    let out = run(
        dir.path(),
        &["search", "--json", "--limit", "3", "pothole on my street "],
    );
    let plain: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(plain.get("explain").is_none());
    let urls = |v: &serde_json::Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(urls(&plain), urls(&json));
}

#[test]
fn explain_without_an_index_or_a_question_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("firststop.toml"),
        dir.path().join("firststop.toml"),
    )
    .unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["explain", "--data", "nothing-here", "pothole"],
            "no index in",
        ),
        (&["explain", "  "], "the question is empty"),
        (
            &["explain", "--limit", "0", "pothole"],
            "--limit must be 1 to 50",
        ),
        (
            &["explain", "--lang", "xx", "pothole"],
            "unknown language 'xx'",
        ),
    ];
    for (args, reason) in cases {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = run(dir.path(), &["explain", "--help"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("--limit"));
}
