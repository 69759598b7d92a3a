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

/// Appends `table` to the config in `dir`.
fn append_config(dir: &std::path::Path, table: &str) {
    let path = dir.join("firststop.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(table);
    std::fs::write(path, text).unwrap();
}

/// Each result's record score, recomputed from its factors under `w` (the formula of
/// `[ranking]`, written out).
fn recomputed(f: &serde_json::Value, w: &serde_json::Value) -> f64 {
    let v = |key: &str| f[key].as_f64().unwrap();
    let p = |key: &str| v(key).powf(w[key].as_f64().unwrap());
    let mut relevance = (v("bm25") + w["proximity"].as_f64().unwrap() * v("proximity"))
        * (1.0 + v("title_coverage")).powf(w["title"].as_f64().unwrap());
    if f["home_floor"].as_bool().unwrap() {
        relevance = relevance.max(20.0);
    }
    let prior: f64 = [
        "category",
        "language",
        "bureau_named",
        "bureau_home",
        "routed",
        "recency",
        "keyword",
    ]
    .iter()
    .map(|k| p(k))
    .product();
    relevance * v("coverage").powf(w["coverage"].as_f64().unwrap()) * prior
}

#[test]
fn the_ranking_table_of_the_config_sets_the_weights_ranking_uses() {
    let dir = indexed();
    let ask = |dir: &std::path::Path| {
        let out = run(
            dir,
            &["explain", "--json", "--limit", "5", "report a pothole "],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let before = ask(dir.path());
    assert_eq!(before["explain"]["weights"]["coverage"], 2.0, "{before}");
    assert!(
        before["explain"]["formula"]
            .as_str()
            .unwrap()
            .contains("coverage²"),
        "{before}"
    );

    append_config(
        dir.path(),
        "\n[ranking]\ncoverage = 1\ncategory = 0\nkeyword = 2.5\n",
    );
    let after = ask(dir.path());
    let w = &after["explain"]["weights"];
    assert_eq!(
        (&w["coverage"], &w["category"], &w["keyword"], &w["title"]),
        (
            &serde_json::json!(1.0),
            &serde_json::json!(0.0),
            &serde_json::json!(2.5),
            &serde_json::json!(1.0)
        ),
        "{after}"
    );
    let formula = after["explain"]["formula"].as_str().unwrap();
    assert!(formula.contains("coverage^1 "), "{formula}");
    assert!(formula.contains("category^0 "), "{formula}");
    // Every ranked result scored under the table's weights, not the defaults.
    let mut ranked = 0;
    for r in after["results"].as_array().unwrap() {
        let Some(e) = r["explain"]["ranked"].as_object() else {
            continue;
        };
        ranked += 1;
        let score = e["record_score"].as_f64().unwrap();
        let expected = recomputed(&e["factors"], w);
        assert!(
            (score - expected).abs() <= 1e-3 * expected.abs().max(1.0),
            "{score} != {expected}: {r}"
        );
    }
    assert!(ranked > 0, "{after}");
}

#[test]
fn a_bad_ranking_weight_is_a_clear_error_naming_its_line() {
    let dir = indexed();
    let lines = std::fs::read_to_string(dir.path().join("firststop.toml"))
        .unwrap()
        .lines()
        .count();
    append_config(dir.path(), "\n[ranking]\ncoverage = -2\n");
    let out = run(dir.path(), &["explain", "pothole"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    // The problem on its line, then the command's one-line reason.
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "firststop.toml:{}: ranking.coverage must be a number from 0 to 4, not -2",
            lines + 3
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // `firststop check` says the same.
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("ranking.coverage must be"), "{all}");
}
