//! The search log of a running `firststop serve`: searches recorded, and everything queued
//! written when the server is stopped with SIGTERM.

use std::process::Command;

use insights::{Filter, InsightsSettings, Store};
use time::OffsetDateTime;

use crate::support::{copy_dir, http_get, repo, run, serve, text};

#[test]
fn a_stopped_server_has_written_every_search_it_answered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("firststop.toml"),
        dir.path().join("firststop.toml"),
    )
    .unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let out = run(
        dir.path(),
        &["index", "--config", "firststop.toml", "--data", "data"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut server = serve(
        dir.path(),
        &[
            "serve",
            "--config",
            "firststop.toml",
            "--data",
            "data",
            "--addr",
            "127.0.0.1:0",
        ],
    );
    for q in [
        "pothole",
        "Potholes",
        "pothole%20at%201234%20SE%20Main%20St",
    ] {
        let (status, body) = http_get(&format!("{}/api/search?q={q}", server.base));
        assert_eq!(status, 200, "{body}");
    }
    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");

    let store = Store::open(&dir.path().join("data"), InsightsSettings::default()).unwrap();
    let today = OffsetDateTime::now_utc().date();
    let summary = store.summary(&Filter::new(today, today).unwrap()).unwrap();
    assert_eq!(summary.counts.searches, 3);
    let mut csv = Vec::new();
    let settings = InsightsSettings {
        min_count: 1,
        ..InsightsSettings::default()
    };
    Store::open(&dir.path().join("data"), settings)
        .unwrap()
        .export_csv(&Filter::new(today, today).unwrap(), &mut csv)
        .unwrap();
    let csv = text(&csv);
    assert!(csv.contains("pothole at [address]"), "{csv}");
    assert!(!csv.contains("1234"), "{csv}");
}
