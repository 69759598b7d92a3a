//! `<meta http-equiv=refresh>` and the `Refresh` header: a quick refresh to another page is a
//! redirect (the page is not stored, the target is); a slow one leaves the page and its target is
//! a link.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::support::*;

fn refreshing(content: &str, body: &str) -> Html<String> {
    Html(format!(
        "<html lang=en><head><title>Moved</title><meta http-equiv=\"refresh\" content=\"{content}\"></head>\
         <body><main>{body}</main></body></html>"
    ))
}

#[tokio::test]
async fn a_quick_refresh_is_followed_as_a_redirect() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/old", "/old-header", "/old-quoted"]) }),
            )
            .route("/old", get(|| async { refreshing("0;URL=/new/", "") }))
            .route(
                "/old-header",
                get(|| async {
                    respond(
                        200,
                        &[("content-type", "text/html"), ("refresh", "0; url=/moved")],
                        "",
                    )
                }),
            )
            .route(
                "/old-quoted",
                get(|| async {
                    refreshing(
                        "5; url='/later-but-soon'",
                        "<p>You will be taken to the new page.</p>",
                    )
                }),
            )
            .route(
                "/{*rest}",
                get(|| async {
                    page("New home of the page", "<p>The content lives here now.</p>")
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let store = store(data.path());
    for (old, new) in [
        ("/old", "/new/"),
        ("/old-header", "/moved"),
        ("/old-quoted", "/later-but-soon"),
    ] {
        assert_eq!(server.log.count(new), 1, "{new}");
        assert!(
            store.get(&server.url(old)).unwrap().is_none(),
            "{old} is not stored"
        );
        assert_eq!(
            store.redirect_target(&server.url(old)).unwrap(),
            Some(server.url(new)),
            "{old} is recorded as a redirect"
        );
        assert_eq!(
            store.get(&server.url(new)).unwrap().unwrap().title,
            "New home of the page"
        );
    }
}

#[tokio::test]
async fn a_slow_refresh_keeps_the_page_and_its_target_is_a_link() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/notice", "/reloads"]) }),
            )
            .route(
                "/notice",
                get(|| async {
                    refreshing(
                        "3600; url=/session-ended",
                        "<h1>Leaf pickup</h1><p>Crews collect leaves in November.</p>",
                    )
                }),
            )
            .route(
                "/reloads",
                get(|| async {
                    refreshing("300", "<h1>Live status</h1><p>All systems normal.</p>")
                }),
            )
            .route(
                "/session-ended",
                get(|| async { page("Signed out", "<p>Your session ended.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let notice = stored(data.path(), &server.url("/notice")).unwrap();
    assert!(
        notice.text.contains("Crews collect leaves"),
        "{}",
        notice.text
    );
    assert_eq!(
        server.log.count("/session-ended"),
        1,
        "the target is visited as a link"
    );
    let reloads = stored(data.path(), &server.url("/reloads")).unwrap();
    assert!(reloads.text.contains("All systems normal"));
    assert_eq!(
        server.log.count("/reloads"),
        1,
        "a refresh of the page itself is not a redirect"
    );
}

#[tokio::test]
async fn a_refresh_loop_is_caught_like_a_redirect_loop() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/a"]) }))
            .route("/a", get(|| async { refreshing("0; url=/b", "") }))
            .route("/b", get(|| async { refreshing("0; url=/a", "") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(report.errors.get("redirect_loop"), Some(&1));
    assert_eq!((server.log.count("/a"), server.log.count("/b")), (1, 1));
}
