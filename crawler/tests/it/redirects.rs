//! Redirects are followed by the crawler itself: recorded, at most five, loops detected, and
//! across hosts only to configured sites.

use axum::Router;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

fn moved(status: u16, to: &str) -> axum::response::Response {
    respond(status, &[("location", to)], "")
}

#[tokio::test]
async fn follows_a_chain_and_stores_the_page_under_its_final_url() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/old"]) }))
            .route("/old", get(|| async { moved(301, "/older") }))
            .route("/older", get(|| async { moved(302, "dir/new") }))
            .route("/dir/new", get(|| async { links("New", &["sibling"]) }))
            .route(
                "/dir/sibling",
                get(|| async { page("Sibling", "<p>Found relative to the final URL.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let store = store(data.path());
    assert_eq!(
        store.get(&server.url("/dir/new")).unwrap().unwrap().title,
        "New"
    );
    assert!(
        store.get(&server.url("/old")).unwrap().is_none(),
        "no row under the redirecting URL"
    );
    assert_eq!(
        store.redirect_target(&server.url("/old")).unwrap(),
        Some(server.url("/older"))
    );
    assert_eq!(
        store.redirect_target(&server.url("/older")).unwrap(),
        Some(server.url("/dir/new"))
    );
    assert_eq!(
        server.log.count("/dir/sibling"),
        1,
        "links resolve against the final URL"
    );
    assert_eq!(server.log.count("/dir/new"), 1);
}

#[tokio::test]
async fn detects_redirect_loops() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/loop-a"]) }))
            .route("/loop-a", get(|| async { moved(301, "/loop-b") }))
            .route("/loop-b", get(|| async { moved(301, "/loop-a") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        (server.log.count("/loop-a"), server.log.count("/loop-b")),
        (1, 1)
    );
    assert_eq!(report.errors.get("redirect_loop"), Some(&1));
    let page = stored(data.path(), &server.url("/loop-a")).unwrap();
    assert_eq!(page.state, PageState::Failed);
    assert!(page.last_error.unwrap().contains("loop"));
}

#[tokio::test]
async fn gives_up_after_five_redirects() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/r/1"]) }))
            .route(
                "/r/{n}",
                get(
                    |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                        moved(307, &format!("/r/{}", n + 1))
                    },
                ),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count_prefix("/r/"),
        6,
        "the first request and five redirects"
    );
    assert_eq!(report.errors.get("too_many_redirects"), Some(&1));
}

#[tokio::test]
async fn crosses_hosts_only_to_configured_sites() {
    let outside = serve(Router::new().route(
        "/{*rest}",
        get(|| async { page("Outside", "<p>Not ours.</p>") }),
    ))
    .await;
    let other = serve(Router::new().route(
        "/landing",
        get(|| async { page("Landing", "<p>On the other configured site.</p>") }),
    ))
    .await;
    let (to_other, to_outside) = (other.url("/landing"), outside.url("/x"));
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/to-other", "/to-outside"]) }),
            )
            .route(
                "/to-other",
                get(move || {
                    let to = to_other.clone();
                    async move { moved(301, &to) }
                }),
            )
            .route(
                "/to-outside",
                get(move || {
                    let to = to_outside.clone();
                    async move { moved(301, &to) }
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server, &other], ""), data.path()).await;
    assert_eq!(
        stored(data.path(), &other.url("/landing")).unwrap().title,
        "Landing"
    );
    assert_eq!(other.log.count("/landing"), 1);
    assert!(
        outside.log.hits().is_empty(),
        "a site that is not configured is never requested"
    );
    assert_eq!(report.skipped.get("redirect_off_site"), Some(&1));
    assert_eq!(
        store(data.path())
            .redirect_target(&server.url("/to-outside"))
            .unwrap(),
        Some(outside.url("/x"))
    );
}

#[tokio::test]
async fn a_stored_page_that_now_redirects_leaves_the_index() {
    let moved_now = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = moved_now.clone();
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/page"]) }))
            .route(
                "/page",
                get(move || {
                    let moved_now = flag.load(std::sync::atomic::Ordering::SeqCst);
                    async move {
                        if moved_now {
                            moved(301, "/new-home")
                        } else {
                            respond(
                                200,
                                &[("content-type", "text/html")],
                                page("Page", "<p>Here.</p>").0,
                            )
                        }
                    }
                }),
            )
            .route(
                "/new-home",
                get(|| async { page("New home", "<p>Moved here.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    moved_now.store(true, std::sync::atomic::Ordering::SeqCst);
    crawl(config(&[&server], ""), data.path()).await;
    let old = stored(data.path(), &server.url("/page")).unwrap();
    assert_eq!((old.state, old.http_status), (PageState::Gone, Some(301)));
    assert_eq!(
        stored(data.path(), &server.url("/new-home")).unwrap().state,
        PageState::Fetched
    );
}
