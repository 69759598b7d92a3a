//! Politeness: one request in flight per host, a delay between requests (the larger of
//! `min_delay_ms` and `Crawl-delay`), hosts in parallel, backing off on 429 as `Retry-After` asks.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

/// A site of `n` pages that each take 30 ms to answer, so overlapping requests would show.
async fn slow_site(n: usize, robots: &'static str) -> Server {
    let paths: Vec<String> = (1..=n).map(|i| format!("/p{i}")).collect();
    serve(
        Router::new()
            .route(
                "/robots.txt",
                get(move || async move { robots_txt(robots) }),
            )
            .route(
                "/",
                get(move || {
                    let paths = paths.clone();
                    async move {
                        links(
                            "Home",
                            &paths.iter().map(String::as_str).collect::<Vec<_>>(),
                        )
                    }
                }),
            )
            .route(
                "/{page}",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    page("Page", "<p>Some text.</p>")
                }),
            ),
    )
    .await
}

fn gaps(hits: &[Hit]) -> Vec<Duration> {
    hits.windows(2).map(|w| w[1].at - w[0].at).collect()
}

#[tokio::test]
async fn one_request_at_a_time_with_min_delay_between() {
    let server = slow_site(4, "User-agent: *\nDisallow:\n").await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], "min_delay_ms = 150"), data.path()).await;
    let hits = server.log.hits();
    assert_eq!(hits.len(), 6, "robots, home and 4 pages");
    assert!(
        hits.iter().all(|h| h.concurrent == 1),
        "never two requests at once: {hits:?}"
    );
    for gap in gaps(&hits) {
        assert!(gap >= Duration::from_millis(150), "requests {gap:?} apart");
    }
}

#[tokio::test]
async fn a_larger_crawl_delay_wins() {
    let server = slow_site(3, "User-agent: *\nCrawl-delay: 0.3\n").await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], "min_delay_ms = 10"), data.path()).await;
    let pages = server.log.pages();
    assert_eq!(pages.len(), 4);
    for gap in gaps(&pages) {
        assert!(
            gap >= Duration::from_millis(300),
            "pages {gap:?} apart despite Crawl-delay 0.3"
        );
    }
}

#[tokio::test]
async fn different_hosts_are_crawled_in_parallel() {
    let a = slow_site(4, "User-agent: *\nDisallow:\n").await;
    let b = slow_site(4, "User-agent: *\nDisallow:\n").await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&a, &b], "min_delay_ms = 100"), data.path()).await;
    let (a, b) = (a.log.hits(), b.log.hits());
    assert!(
        b[0].at < a[a.len() - 1].at && a[0].at < b[b.len() - 1].at,
        "the two hosts' requests interleave"
    );
}

#[tokio::test]
async fn backs_off_on_429_as_retry_after_asks() {
    let calls = Arc::new(AtomicUsize::new(0));
    let busy_calls = calls.clone();
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/busy", "/after"]) }))
            .route(
                "/busy",
                get(move || {
                    let n = busy_calls.fetch_add(1, Ordering::SeqCst);
                    async move {
                        if n == 0 {
                            respond(429, &[("retry-after", "1")], "slow down")
                        } else {
                            page("Busy", "<p>Now it works.</p>").into_response()
                        }
                    }
                }),
            )
            .route("/after", get(|| async { page("After", "<p>After.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let hits = server.log.hits();
    let first = hits.iter().position(|h| h.path == "/busy").unwrap();
    assert_eq!(hits[first].status, 429);
    let next = &hits[first + 1];
    assert!(
        next.at - hits[first].at >= Duration::from_secs(1),
        "the host was left alone for Retry-After: {hits:?}"
    );
    assert_eq!(server.log.count("/busy"), 2);
    assert_eq!(
        stored(data.path(), &server.url("/busy")).unwrap().state,
        PageState::Fetched
    );
}

#[tokio::test]
async fn a_crawl_delay_beyond_the_maximum_skips_the_host_and_says_so() {
    let slow = slow_site(3, "User-agent: *\nCrawl-delay: 3600\n").await;
    let other = slow_site(2, "User-agent: *\nDisallow:\n").await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&slow, &other], ""), data.path()).await;
    assert_eq!(
        slow.log.paths(),
        ["/robots.txt"],
        "nothing is requested faster than the site asks"
    );
    let skipped = report.hosts[0].skipped.as_deref().unwrap_or_default();
    assert!(
        skipped.contains("Crawl-delay 3600 s") && skipped.contains("max_crawl_delay_ms 30000"),
        "{report}"
    );
    assert!(
        report.to_string().contains("(skipped: Crawl-delay 3600 s"),
        "{report}"
    );
    assert_eq!(
        report.skipped.get("crawl_delay_too_long"),
        Some(&1),
        "the seed"
    );
    assert_eq!(report.hosts[1].skipped, None);
    assert_eq!(
        other.log.pages().len(),
        3,
        "the other host is crawled as usual"
    );
}

#[tokio::test]
async fn the_maximum_crawl_delay_is_configured() {
    let asks_half_a_second = slow_site(2, "User-agent: *\nCrawl-delay: 0.5\n").await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(
        config(&[&asks_half_a_second], "max_crawl_delay_ms = 200"),
        data.path(),
    )
    .await;
    assert!(report.hosts[0].skipped.is_some(), "{report}");
    assert_eq!(asks_half_a_second.log.pages().len(), 0);

    let asks_a_tenth = slow_site(2, "User-agent: *\nCrawl-delay: 0.1\n").await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(
        config(&[&asks_a_tenth], "max_crawl_delay_ms = 200"),
        data.path(),
    )
    .await;
    assert_eq!(report.hosts[0].skipped, None);
    let pages = asks_a_tenth.log.pages();
    assert_eq!(pages.len(), 3);
    for gap in gaps(&pages) {
        assert!(gap >= Duration::from_millis(100), "pages {gap:?} apart");
    }
}

#[tokio::test]
async fn only_our_group_s_crawl_delay_counts() {
    let server = slow_site(
        2,
        "User-agent: otherbot\nCrawl-delay: 3600\n\nUser-agent: *\nCrawl-delay: 0.2\n",
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(report.hosts[0].skipped, None);
    let pages = server.log.pages();
    assert_eq!(pages.len(), 3);
    for gap in gaps(&pages) {
        assert!(gap >= Duration::from_millis(200), "pages {gap:?} apart");
    }
}
