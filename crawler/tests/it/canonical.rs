//! `<link rel=canonical>` on the same host: one row per document, stored under its canonical URL.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::support::*;

fn article(canonical: &str) -> Html<String> {
    Html(format!(
        "<html lang=en><head><title>Leaf pickup</title><link rel=canonical href=\"{canonical}\"></head>\
         <body><main><h1>Leaf pickup</h1><p>Leaves are collected in November.</p></main></body></html>"
    ))
}

#[tokio::test]
async fn stores_duplicates_once_under_their_canonical_url() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async {
                    links("Home", &["/leaves?ref=home", "/leaves?ref=news", "/leaves"])
                }),
            )
            .route("/leaves", get(|| async { article("/leaves") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    let urls: Vec<String> = store(data.path())
        .all_pages()
        .unwrap()
        .into_iter()
        .map(|p| p.url)
        .collect();
    assert_eq!(
        urls,
        [server.url("/"), server.url("/leaves")],
        "one row for the three spellings"
    );
    assert_eq!(server.log.count("/leaves?ref=home"), 1);
    assert_eq!(
        server.log.count("/leaves?ref=news"),
        1,
        "a duplicate is only known once fetched"
    );
    assert_eq!(
        server.log.count("/leaves"),
        0,
        "the canonical URL was already stored: not fetched again"
    );
    assert_eq!(report.skipped.get("duplicate_of_canonical"), Some(&1));
    let leaves = stored(data.path(), &server.url("/leaves")).unwrap();
    assert_eq!((leaves.title.as_str(), leaves.etag), ("Leaf pickup", None));
}

#[tokio::test]
async fn ignores_a_canonical_on_another_host() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/copy"]) }))
            .route(
                "/copy",
                get(|| async { article("https://elsewhere.example/leaves") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let copy = stored(data.path(), &server.url("/copy")).unwrap();
    assert_eq!((copy.title.as_str(), copy.canonical), ("Leaf pickup", None));
}

#[tokio::test]
async fn a_canonical_naming_the_url_that_redirected_here_is_ignored() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/leaves"]) }))
            .route(
                "/leaves",
                get(|| async { respond(301, &[("location", "/leaves/")], "") }),
            )
            .route("/leaves/", get(|| async { article("/leaves") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        stored(data.path(), &server.url("/leaves/")).unwrap().title,
        "Leaf pickup",
        "stored where it was found"
    );
    assert!(stored(data.path(), &server.url("/leaves")).is_none());
}
