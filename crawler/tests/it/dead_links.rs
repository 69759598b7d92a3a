//! Dead links back off: a URL that answered 404 or 410 is not requested again for a day, then two,
//! four... up to thirty days, so a daily recrawl spends its requests on live pages.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::routing::get;
use pagestore::{PageState, PageStore};

use crate::support::*;

const DAY: i64 = 86_400;

/// Moves the next check of the stored `url` into the past, as if its wait were over.
fn wait_is_over(data: &std::path::Path, url: &str) {
    let mut store = PageStore::open(data).unwrap();
    let mut page = store.get(url).unwrap().unwrap();
    page.next_check = Some(page.next_check.unwrap() - 31 * DAY);
    store.put(&page).unwrap();
}

#[tokio::test]
async fn a_dead_link_is_not_requested_again_the_same_day() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/missing", "/removed", "/live"]) }),
            )
            .route("/removed", get(|| async { respond(410, &[], "gone") }))
            .route("/live", get(|| async { page("Live", "<p>Here.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let missing = stored(data.path(), &server.url("/missing")).unwrap();
    assert_eq!((missing.state, missing.gone_streak), (PageState::Gone, 1));
    let wait = missing.next_check.unwrap() - missing.last_seen;
    assert_eq!(wait, DAY - 3600, "due at the next daily crawl");

    server.log.clear();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count("/missing") + server.log.count("/removed"),
        0
    );
    assert_eq!(server.log.count("/live"), 1);
    assert_eq!(report.skipped.get("gone_backoff"), Some(&2));
    assert_eq!(report.errors.get("not_found"), None, "{report}");
}

#[tokio::test]
async fn the_wait_doubles_with_each_answer_up_to_thirty_days() {
    let server =
        serve(Router::new().route("/", get(|| async { links("Home", &["/missing"]) }))).await;
    let data = tempfile::tempdir().unwrap();
    let url = server.url("/missing");
    let mut waits = Vec::new();
    for _ in 0..7 {
        crawl(config(&[&server], ""), data.path()).await;
        let page = stored(data.path(), &url).unwrap();
        waits.push((page.next_check.unwrap() - page.last_seen + 3600) / DAY);
        wait_is_over(data.path(), &url);
    }
    assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
    assert_eq!(
        server.log.count("/missing"),
        7,
        "asked once per crawl, when due"
    );
}

#[tokio::test]
async fn a_page_that_comes_back_is_live_again() {
    let back = Arc::new(AtomicBool::new(false));
    let is_back = back.clone();
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/flaky"]) }))
            .route(
                "/flaky",
                get(move || {
                    let back = is_back.load(Ordering::SeqCst);
                    async move {
                        if back {
                            respond(
                                200,
                                &[("content-type", "text/html")],
                                page("Back", "<p>Restored.</p>").0,
                            )
                        } else {
                            respond(404, &[], "")
                        }
                    }
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let url = server.url("/flaky");
    crawl(config(&[&server], ""), data.path()).await;
    back.store(true, Ordering::SeqCst);
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.count("/flaky"), 1, "still backing off");
    wait_is_over(data.path(), &url);
    crawl(config(&[&server], ""), data.path()).await;
    let page = stored(data.path(), &url).unwrap();
    assert_eq!(
        (page.state, page.gone_streak, page.next_check),
        (PageState::Fetched, 0, None)
    );
    assert_eq!(page.title, "Back");
}

#[tokio::test]
async fn a_stored_page_that_goes_away_backs_off_too() {
    let gone = Arc::new(AtomicBool::new(false));
    let is_gone = gone.clone();
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/notice"]) }))
            .route(
                "/notice",
                get(move || {
                    let gone = is_gone.load(Ordering::SeqCst);
                    async move {
                        if gone {
                            respond(410, &[], "")
                        } else {
                            respond(
                                200,
                                &[("content-type", "text/html")],
                                page("Notice", "<p>Until Friday.</p>").0,
                            )
                        }
                    }
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    gone.store(true, Ordering::SeqCst);
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(report.gone, 1);
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count("/notice"),
        2,
        "not asked a third time the same day"
    );
}
