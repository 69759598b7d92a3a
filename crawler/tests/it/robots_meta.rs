//! `noindex` and `nofollow` from `<meta name=robots>` and `X-Robots-Tag`: noindex pages are
//! fetched and stored but never indexable; nofollow pages' links are not followed.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::support::*;

fn with_meta(content: &str, link: &str) -> Html<String> {
    Html(format!(
        "<html lang=en><head><title>Draft</title><meta name=\"robots\" content=\"{content}\"></head>\
         <body><main><h1>Draft</h1><p>Zebra-striped gazebo draft.</p><a href=\"{link}\">more</a></main></body></html>"
    ))
}

#[tokio::test]
async fn noindex_pages_are_stored_but_never_indexable() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async {
                    links(
                        "Home",
                        &["/meta-noindex", "/header-noindex", "/other-agent"],
                    )
                }),
            )
            .route(
                "/meta-noindex",
                get(|| async { with_meta("noindex", "/after-meta") }),
            )
            .route(
                "/header-noindex",
                get(|| async {
                    respond(
                        200,
                        &[("content-type", "text/html"), ("x-robots-tag", "noindex")],
                        page("Header", "<p>Hidden.</p>").0,
                    )
                }),
            )
            .route(
                "/other-agent",
                get(|| async {
                    respond(
                        200,
                        &[
                            ("content-type", "text/html"),
                            ("x-robots-tag", "otherbot: noindex"),
                        ],
                        page("Other", "<p>Shown.</p>").0,
                    )
                }),
            )
            .route(
                "/after-meta",
                get(|| async { page("After", "<p>Followed: noindex is not nofollow.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    for path in ["/meta-noindex", "/header-noindex"] {
        assert!(
            stored(data.path(), &server.url(path)).unwrap().noindex,
            "{path}"
        );
    }
    assert!(
        !stored(data.path(), &server.url("/other-agent"))
            .unwrap()
            .noindex,
        "X-Robots-Tag for another agent"
    );
    let indexable: Vec<String> = store(data.path())
        .indexable_pages()
        .unwrap()
        .into_iter()
        .map(|p| p.url)
        .collect();
    assert!(
        !indexable.contains(&server.url("/meta-noindex"))
            && !indexable.contains(&server.url("/header-noindex"))
    );
    assert!(indexable.contains(&server.url("/other-agent")));
    assert_eq!(server.log.count("/after-meta"), 1);
    assert_eq!(report.noindex, 2);
}

#[tokio::test]
async fn nofollow_links_are_not_followed() {
    let server = serve(
        Router::new()
            .route("/", get(|| async {
                Html("<html><body><main><a href=/meta>m</a><a href=/header>h</a><a rel=nofollow href=/by-rel>r</a></main></body></html>")
            }))
            .route("/meta", get(|| async { with_meta("nofollow", "/behind-meta") }))
            .route("/header", get(|| async { respond(200, &[("content-type", "text/html"), ("x-robots-tag", "nofollow")], links("H", &["/behind-header"]).0) }))
            .route("/{*rest}", get(|| async { page("Behind", "<p>Should not be reached.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    for path in ["/behind-meta", "/behind-header", "/by-rel"] {
        assert_eq!(server.log.count(path), 0, "{path}");
    }
    assert!(
        stored(data.path(), &server.url("/meta"))
            .unwrap()
            .outlinks
            .is_empty()
    );
}

/// A page answering with the given `X-Robots-Tag` header values and linking `/behind-{name}`.
fn tagged(name: &str, tags: &[&str]) -> axum::response::Response {
    let mut headers: Vec<(&str, &str)> = vec![("content-type", "text/html")];
    headers.extend(tags.iter().map(|t| ("x-robots-tag", *t)));
    respond(
        200,
        &headers,
        links(name, &[format!("/behind-{name}").as_str()]).0,
    )
}

#[tokio::test]
async fn x_robots_tag_directives_follow_the_agent_named_before_them() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/issue", "/reversed", "/global", "/two-lines"]) }),
            )
            .route(
                "/issue",
                get(|| async { tagged("issue", &["otherbot: nofollow, firststop-test: noindex"]) }),
            )
            .route(
                "/reversed",
                get(|| async {
                    tagged("reversed", &["firststop-test: nofollow, otherbot: noindex"])
                }),
            )
            .route(
                "/global",
                get(|| async { tagged("global", &["noindex, otherbot: nofollow"]) }),
            )
            .route(
                "/two-lines",
                get(|| async {
                    tagged("two-lines", &["otherbot: noindex", "FirstStop-Test: none"])
                }),
            )
            .route(
                "/{*rest}",
                get(|| async { page("Behind", "<p>Linked page.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let noindex = |path: &str| stored(data.path(), &server.url(path)).unwrap().noindex;
    assert!(
        noindex("/issue"),
        "ourbot: noindex after another agent's directives"
    );
    assert_eq!(
        server.log.count("/behind-issue"),
        1,
        "otherbot's nofollow is not ours"
    );
    assert!(!noindex("/reversed"));
    assert_eq!(server.log.count("/behind-reversed"), 0);
    assert!(noindex("/global"), "before any agent: everyone's");
    assert_eq!(server.log.count("/behind-global"), 1);
    assert!(noindex("/two-lines"));
    assert_eq!(
        server.log.count("/behind-two-lines"),
        0,
        "none = noindex, nofollow"
    );
}
