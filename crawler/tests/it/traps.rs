//! Traps: a calendar whose "next month" never ends is bounded by `max_query_variants`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::Query;
use axum::routing::get;

use crate::support::*;

#[tokio::test]
async fn bounds_an_endless_calendar() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/events/calendar", "/news"]) }),
            )
            .route("/news", get(|| async { page("News", "<p>News.</p>") }))
            .route(
                "/events/calendar",
                get(|Query(q): Query<HashMap<String, String>>| async move {
                    let month: u32 = q.get("month").and_then(|m| m.parse().ok()).unwrap_or(0);
                    let (next, prev) = (
                        format!("/events/calendar?month={}", month + 1),
                        format!("/events/calendar?month={}", month.saturating_sub(1)),
                    );
                    links(&format!("Events {month}"), &[&next, &prev])
                }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(
        config(&[&server], "max_query_variants = 5\nmax_depth = 1000"),
        data.path(),
    )
    .await;
    assert_eq!(
        server.log.count_prefix("/events/calendar"),
        6,
        "the bare path and 5 query variants"
    );
    assert_eq!(report.skipped.get("query_variants"), Some(&1));
    assert_eq!(
        server.log.count("/news"),
        1,
        "the rest of the site is crawled"
    );
}
