//! URL hygiene: every spelling of a page is fetched once (requested as first linked, stored under
//! its key, whose query is sorted); tracking parameters and fragments go, path case stays; links
//! that are not web pages are never followed.

use axum::Router;
use axum::routing::get;

use crate::support::*;

#[tokio::test]
async fn fetches_each_page_once_whatever_the_spelling() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async {
                    links(
                        "Home",
                        &[
                            "/a?utm_source=newsletter&utm_medium=email",
                            "/a#section",
                            "/./a",
                            "/b/../a",
                            "a",
                            "/c?y=2&x=1",
                            "/c?x=1&y=2&fbclid=abc",
                            "/c?gclid=1&y=2&x=1#top",
                            "/A",
                            "mailto:311@example.org",
                            "tel:+1-503-823-4000",
                            "javascript:void(0)",
                        ],
                    )
                }),
            )
            .route("/{page}", get(|| async { page("Page", "<p>Text.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let mut pages: Vec<String> = server.log.pages().into_iter().map(|h| h.path).collect();
    pages.sort();
    assert_eq!(
        pages,
        ["/", "/A", "/a", "/c?y=2&x=1"],
        "requested as first linked"
    );
    let urls: Vec<String> = store(data.path())
        .all_pages()
        .unwrap()
        .into_iter()
        .map(|p| p.url)
        .collect();
    assert!(urls.contains(&server.url("/c?x=1&y=2")), "{urls:?}");
}
