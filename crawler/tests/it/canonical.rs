//! `<link rel=canonical>` is a hint: a page is only dropped as a duplicate of its canonical page
//! when the canonical page (fetched itself) says the same or nearly the same thing.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::support::*;

fn with_canonical(canonical: &str, title: &str, text: &str) -> Html<String> {
    Html(format!(
        "<html lang=en><head><title>{title}</title><link rel=canonical href=\"{canonical}\"></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    ))
}

const LEAVES: &str = "Crews collect leaves from the street in November and December. Rake leaves \
    into the street two days before your pickup day and keep them out of bike lanes and drains.";

fn urls(data: &std::path::Path) -> Vec<String> {
    store(data)
        .all_pages()
        .unwrap()
        .into_iter()
        .map(|p| p.url)
        .collect()
}

#[tokio::test]
async fn pages_with_other_text_are_kept_whatever_canonical_they_name() {
    let server = serve(
        Router::new()
            .route("/", get(|| async {
                Html(
                    "<html lang=en><head><title>Home</title><link rel=canonical href=\"/\"></head><body><main>\
                     <p>City services.</p><a href=/a>a</a><a href=/b>b</a><a href=/c>c</a></main></body></html>",
                )
            }))
            .route("/a", get(|| async { with_canonical("/", "Parking permits", "Apply for a residential parking permit online.") }))
            .route("/b", get(|| async { with_canonical("/", "Tree permits", "Removing a street tree needs a permit from Urban Forestry.") }))
            .route("/c", get(|| async { with_canonical("/", "Noise", "Report loud construction outside permitted hours.") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        urls(data.path()),
        [
            server.url("/"),
            server.url("/a"),
            server.url("/b"),
            server.url("/c")
        ],
        "four pages, four rows"
    );
    assert_eq!(report.skipped.get("duplicate_of_canonical"), None);
    let b = stored(data.path(), &server.url("/b")).unwrap();
    assert_eq!(
        (b.title.as_str(), b.canonical.as_deref()),
        ("Tree permits", Some(server.url("/").as_str())),
        "the hint is still recorded"
    );
}

#[tokio::test]
async fn true_duplicates_are_stored_once_under_their_canonical_url() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/leaves?ref=home", "/leaves?ref=news"]) }),
            )
            .route(
                "/leaves",
                get(|| async { with_canonical("/leaves", "Leaf pickup", LEAVES) }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(urls(data.path()), [server.url("/"), server.url("/leaves")]);
    assert_eq!(
        server.log.count("/leaves"),
        1,
        "the canonical page is fetched itself, to compare"
    );
    assert_eq!(report.skipped.get("duplicate_of_canonical"), Some(&2));
    let leaves = stored(data.path(), &server.url("/leaves")).unwrap();
    assert_eq!(leaves.title, "Leaf pickup");
}

#[tokio::test]
async fn a_near_duplicate_is_a_duplicate_and_other_content_is_not() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/leaves/print", "/leaves/map", "/leaves"]) }),
            )
            .route(
                "/leaves",
                get(|| async { with_canonical("/leaves", "Leaf pickup", LEAVES) }),
            )
            .route(
                "/leaves/print",
                get(|| async {
                    with_canonical(
                        "/leaves",
                        "Leaf pickup",
                        &format!("{LEAVES} Printed on 30 November 2026."),
                    )
                }),
            )
            .route(
                "/leaves/map",
                get(|| async {
                    with_canonical(
                        "/leaves",
                        "Leaf pickup map",
                        "Find your district on the map and the week crews come to it.",
                    )
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        urls(data.path()),
        [
            server.url("/"),
            server.url("/leaves"),
            server.url("/leaves/map")
        ]
    );
}

#[tokio::test]
async fn a_page_whose_canonical_fails_or_is_disallowed_is_kept() {
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(|| async { robots_txt("User-agent: *\nDisallow: /private\n") }),
            )
            .route(
                "/",
                get(|| async { links("Home", &["/copy-of-missing", "/copy-of-private"]) }),
            )
            .route(
                "/copy-of-missing",
                get(|| async { with_canonical("/missing", "Leaf pickup", LEAVES) }),
            )
            .route(
                "/copy-of-private",
                get(|| async { with_canonical("/private/leaves", "Leaf pickup", LEAVES) }),
            )
            .route("/missing", get(|| async { respond(404, &[], "") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    for path in ["/copy-of-missing", "/copy-of-private"] {
        assert_eq!(
            stored(data.path(), &server.url(path)).unwrap().title,
            "Leaf pickup",
            "{path}"
        );
    }
    assert_eq!(server.log.count("/missing"), 1);
    assert_eq!(server.log.count("/private/leaves"), 0);
}

#[tokio::test]
async fn ignores_a_canonical_on_another_host() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/copy"]) }))
            .route(
                "/copy",
                get(|| async {
                    with_canonical("https://elsewhere.example/leaves", "Leaf pickup", LEAVES)
                }),
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
            .route(
                "/leaves/",
                get(|| async { with_canonical("/leaves", "Leaf pickup", LEAVES) }),
            ),
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
