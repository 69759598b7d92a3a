//! robots.txt: disallowed paths are never requested, our own group wins over `*`, an unreachable
//! robots.txt stops the host, a missing one allows all.

use axum::Router;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

#[tokio::test]
async fn skips_pages_disallowed_by_robots() {
    let server = serve(
        Router::new()
            .route("/robots.txt", get(|| async { robots_txt("User-agent: *\nDisallow: /private\nAllow: /private/open$\nDisallow: /*.json$\n") }))
            .route("/", get(|| async { links("Home", &["/private/a", "/private/open", "/public", "/data.json", "/private/open/deeper"]) }))
            .route("/{*rest}", get(|| async { page("Any", "<p>Some page.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;

    let paths = server.log.paths();
    assert_eq!(paths[0], "/robots.txt", "robots.txt comes first");
    for forbidden in ["/private/a", "/data.json", "/private/open/deeper"] {
        assert_eq!(
            server.log.count(forbidden),
            0,
            "{forbidden} is disallowed: {paths:?}"
        );
    }
    assert_eq!(
        server.log.count("/private/open"),
        1,
        "the longer Allow wins"
    );
    assert_eq!(server.log.count("/public"), 1);
    assert_eq!(report.skipped_robots, 3);
    assert!(
        server.log.hits().iter().all(|h| h.user_agent == USER_AGENT),
        "the configured user agent on every request"
    );
}

#[tokio::test]
async fn obeys_the_group_for_our_product_token_rather_than_star() {
    let server = serve(
        Router::new()
            .route("/robots.txt", get(|| async { robots_txt("User-agent: *\nDisallow: /\n\nUser-agent: FirstStop-Test\nDisallow: /secret\n") }))
            .route("/", get(|| async { links("Home", &["/ok", "/secret"]) }))
            .route("/{*rest}", get(|| async { page("Any", "<p>Some page.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.count("/ok"), 1);
    assert_eq!(server.log.count("/secret"), 0);
}

#[tokio::test]
async fn unreachable_robots_means_nothing_is_crawled_on_that_host() {
    let broken = serve(
        Router::new()
            .route("/robots.txt", get(|| async { respond(503, &[], "down") }))
            .route(
                "/{*rest}",
                get(|| async { page("Any", "<p>Some page.</p>") }),
            ),
    )
    .await;
    let healthy = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/a"]) }))
            .route("/a", get(|| async { page("A", "<p>A.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&broken, &healthy], ""), data.path()).await;
    assert_eq!(
        broken.log.paths(),
        ["/robots.txt"],
        "only robots.txt was asked on the broken host"
    );
    assert_eq!(report.errors.get("robots_unavailable"), Some(&1));
    assert_eq!(
        healthy.log.count("/a"),
        1,
        "the other host is crawled as usual"
    );
}

#[tokio::test]
async fn missing_robots_allows_everything() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/a"]) }))
            .route("/a", get(|| async { page("A", "<p>A.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.paths(), ["/robots.txt", "/", "/a"]);
    assert_eq!(report.fetched, 2);
}

#[tokio::test]
async fn a_stored_page_newly_disallowed_leaves_the_index() {
    let rules = std::sync::Arc::new(std::sync::Mutex::new("User-agent: *\nDisallow:\n"));
    let current = rules.clone();
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(move || {
                    let text = *current.lock().unwrap();
                    async move { robots_txt(text) }
                }),
            )
            .route("/", get(|| async { links("Home", &["/b"]) }))
            .route("/b", get(|| async { page("B", "<p>B.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        stored(data.path(), &server.url("/b")).unwrap().state,
        PageState::Fetched
    );

    *rules.lock().unwrap() = "User-agent: *\nDisallow: /b\n";
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.count("/b"), 0);
    assert_eq!(
        stored(data.path(), &server.url("/b")).unwrap().state,
        PageState::Gone
    );
}
