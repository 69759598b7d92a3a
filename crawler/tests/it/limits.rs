//! Limits: depth, total and per-host page budgets, request timeout, body size cap.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

#[tokio::test]
async fn stops_at_max_depth() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/d/1"]) }))
            .route(
                "/d/{n}",
                get(|Path(n): Path<u32>| async move {
                    links(&format!("Depth {n}"), &[&format!("/d/{}", n + 1)])
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], "max_depth = 2"), data.path()).await;
    let pages: Vec<String> = server.log.pages().into_iter().map(|h| h.path).collect();
    assert_eq!(pages, ["/", "/d/1", "/d/2"]);
    assert_eq!(report.skipped.get("max_depth"), Some(&1));
}

async fn wide_site() -> Server {
    let paths: Vec<String> = (0..10).map(|i| format!("/p{i}")).collect();
    serve(
        Router::new()
            .route(
                "/",
                get(move || {
                    let p = paths.clone();
                    async move { links("Home", &p.iter().map(String::as_str).collect::<Vec<_>>()) }
                }),
            )
            .route("/{page}", get(|| async { page("Page", "<p>Text.</p>") })),
    )
    .await
}

#[tokio::test]
async fn respects_total_and_per_host_budgets() {
    let (a, b) = (wide_site().await, wide_site().await);
    let data = tempfile::tempdir().unwrap();
    let report = crawl(
        config(&[&a, &b], "max_pages = 8\nmax_pages_per_host = 5"),
        data.path(),
    )
    .await;
    let (na, nb) = (a.log.pages().len(), b.log.pages().len());
    assert_eq!(na + nb, 8, "whole-crawl budget");
    assert!(na <= 5 && nb <= 5, "per-host budget: {na} and {nb}");
    assert_eq!(report.fetched, 8);
}

#[tokio::test]
async fn times_out_slow_pages_and_carries_on() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/slow", "/fast"]) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    page("Slow", "<p>Too late.</p>")
                }),
            )
            .route("/fast", get(|| async { page("Fast", "<p>Quick.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let report = crawl(config(&[&server], "request_timeout_ms = 300"), data.path()).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the crawl did not wait for the slow page"
    );
    assert_eq!(report.errors.get("timeout"), Some(&1));
    let slow = stored(data.path(), &server.url("/slow")).unwrap();
    assert_eq!(slow.state, PageState::Failed);
    assert!(slow.last_error.unwrap().contains("timed out"));
    assert_eq!(
        stored(data.path(), &server.url("/fast")).unwrap().state,
        PageState::Fetched
    );
}

#[tokio::test]
async fn caps_the_body_size_while_streaming() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/endless", "/declared", "/small"]) }),
            )
            .route(
                "/endless",
                get(|| async {
                    // No Content-Length and no end: only a reader that stops at the cap finishes.
                    let chunk = axum::body::Bytes::from(vec![b'x'; 4096]);
                    let stream = endless(axum::body::Bytes::new(), chunk);
                    respond(
                        200,
                        &[("content-type", "text/html")],
                        Body::from_stream(stream),
                    )
                }),
            )
            .route(
                "/declared",
                get(|| async {
                    respond(200, &[("content-type", "text/html")], vec![b'y'; 50_000])
                }),
            )
            .route("/small", get(|| async { page("Small", "<p>Fits.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(
        config(
            &[&server],
            "max_page_bytes = 20000\nrequest_timeout_ms = 2000",
        ),
        data.path(),
    )
    .await;
    assert_eq!(report.too_large, 2);
    assert_eq!(
        report.errors.get("timeout"),
        None,
        "the endless body was cut, not timed out"
    );
    for path in ["/endless", "/declared"] {
        assert_eq!(
            stored(data.path(), &server.url(path)).unwrap().state,
            PageState::TooLarge,
            "{path}"
        );
    }
    assert_eq!(
        stored(data.path(), &server.url("/small")).unwrap().state,
        PageState::Fetched
    );
}
