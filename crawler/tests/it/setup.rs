//! Exit status: only setup failures are errors; a crawl whose pages fail still ends `Ok`.

use axum::Router;
use axum::routing::get;
use crawler::{Crawler, Error, Progress};

use crate::support::*;

#[tokio::test]
async fn an_unusable_data_directory_is_a_setup_error() {
    let server = serve(Router::new()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = Crawler::new(config(&[&server], ""), &file.join("data"), Progress::Quiet)
        .err()
        .expect("setup error");
    assert!(matches!(err, Error::Store { .. }), "{err:?}");
    assert!(err.to_string().contains("not-a-dir"), "{err}");
}

#[tokio::test]
async fn no_reachable_site_is_a_setup_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: nothing listens there
    let site = format!("[[sites]]\nseeds = [\"http://127.0.0.1:{port}/\"]\nbureau = \"311\"\n");
    let cfg = config_with_sites(&[site], "request_timeout_ms = 500");
    let data = tempfile::tempdir().unwrap();
    let err = Crawler::new(cfg, data.path(), Progress::Quiet)
        .unwrap()
        .run()
        .await
        .expect_err("setup error");
    assert!(matches!(err, Error::NoSiteReachable { .. }), "{err:?}");
    assert!(!err.to_string().contains('\n'), "one line: {err}");
}

#[tokio::test]
async fn failing_pages_do_not_fail_the_crawl() {
    let server = serve(
        Router::new()
            .route("/robots.txt", get(|| async { respond(404, &[], "") }))
            .route("/", get(|| async { links("Home", &["/a", "/b", "/c"]) }))
            .route("/{page}", get(|| async { respond(500, &[], "broken") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = Crawler::new(config(&[&server], ""), data.path(), Progress::Quiet)
        .unwrap()
        .run()
        .await
        .expect("the crawl ran to its end");
    assert_eq!(report.errors.get("http_500"), Some(&3));
    assert_eq!(report.fetched, 1);
}
