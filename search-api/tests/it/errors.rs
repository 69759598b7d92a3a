//! When a page cannot be shown: the HTML 404 page, a friendly 400 for bad input, a 503 when
//! the service is busy; never a 500 for what a reader typed. The JSON API keeps its JSON errors.

use std::time::Duration;

use axum::http::StatusCode;
use search_api::{AppState, ServeOptions, app};

use crate::support::{enc, standard};
use crate::web_support::page;

#[tokio::test]
async fn unknown_pages_get_the_html_404_and_the_api_keeps_json() {
    let app = standard().app();
    for uri in [
        "/nothing/here",
        "/favicon.ico",
        "/xx/search?q=pothole",
        "/static/site.css",
        "/articles/",
    ] {
        let missing = page(&app, uri).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            missing.header("content-type").starts_with("text/html"),
            "{uri}"
        );
        assert_eq!(missing.text("h1"), "Page not found", "{uri}");
        assert!(
            missing.attrs("form[role=search]", "action").len() == 1,
            "{uri}: a way onward"
        );
    }
    let api = page(&app, "/api/nothing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.header("content-type").starts_with("application/json"));
    assert!(api.body.contains("\"not_found\""));
}

#[tokio::test]
async fn bad_input_on_pages_is_a_friendly_400_never_a_500() {
    let app = standard().app();
    for (uri, message) in [
        ("/search?q=".to_owned(), "Type a question"),
        ("/search".to_owned(), "Type a question"),
        (
            format!("/search?q={}", "a".repeat(2000)),
            "under 500 characters",
        ),
        (
            "/search?q=pothole&bureau=nasa".to_owned(),
            "no bureau by that name",
        ),
        ("/search?q=pothole&kind=video".to_owned(), "type of result"),
        ("/search?q=pothole&page=0".to_owned(), "page of results"),
        ("/search?q=pothole&page=9999".to_owned(), "page of results"),
        ("/search?q=pothole&result_lang=xx_YY".to_owned(), "language"),
        ("/agent?q=pothole&page=abc".to_owned(), ""),
    ] {
        let bad = page(&app, &uri).await;
        if uri.starts_with("/agent") {
            assert_eq!(
                bad.status,
                StatusCode::OK,
                "the agent view ignores what it does not use"
            );
            continue;
        }
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(bad.header("content-type").starts_with("text/html"), "{uri}");
        assert_eq!(bad.text("h1"), "Please check your search", "{uri}");
        assert!(
            bad.text(".lead").contains(message),
            "{uri}: {}",
            bad.text(".lead")
        );
        assert_eq!(
            bad.texts("input[name=q]").len(),
            1,
            "{uri}: a search box to try again"
        );
    }
}

#[tokio::test]
async fn a_busy_service_answers_with_a_friendly_503_page() {
    let city = standard();
    city.index();
    let options = ServeOptions {
        max_concurrent_searches: 0,
        queue_timeout: Duration::from_millis(10),
        ..ServeOptions::default()
    };
    let app = app(AppState::new(city.engine(), city.config(), options));
    let busy = page(&app, &format!("/search?q={}", enc("pothole"))).await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(busy.header("content-type").starts_with("text/html"));
    assert_eq!(busy.text("h1"), "Something went wrong");
    assert!(
        busy.text(".lead").contains("busy"),
        "{}",
        busy.text(".lead")
    );
    assert_eq!(
        busy.header("retry-after"),
        "1",
        "a client is told when to try again"
    );
    let es = page(&app, "/es/agent?q=bache").await;
    assert_eq!(es.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(es.text("h1"), "Algo salió mal");
    assert_eq!(es.header("retry-after"), "1");
    let api = page(&app, "/api/search?q=pothole").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(api.body.contains("\"busy\""), "{}", api.body);
    assert_eq!(api.header("retry-after"), "1");
}

#[tokio::test]
async fn retry_after_is_the_queue_timeout_in_whole_seconds_also_on_a_request_timeout() {
    let city = standard();
    city.index();
    let busy = app(AppState::new(
        city.engine(),
        city.config(),
        ServeOptions {
            max_concurrent_searches: 0,
            queue_timeout: Duration::from_millis(1100),
            ..ServeOptions::default()
        },
    ));
    let api = page(&busy, "/api/search?q=pothole").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.header("retry-after"), "2", "1.1 s rounds up");

    // A request that outlives the request timeout (it waits 5 s for a search slot that never
    // comes; the timeout is 50 ms): the timeout's 503 says when to come back too.
    let slow = app(AppState::new(
        city.engine(),
        city.config(),
        ServeOptions {
            max_concurrent_searches: 0,
            queue_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_millis(50),
        },
    ));
    let started = std::time::Instant::now();
    let timed_out = page(&slow, "/api/search?q=pothole").await;
    assert_eq!(timed_out.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the request timeout answered, not the queue"
    );
    assert_eq!(timed_out.header("retry-after"), "5");
    let ok = page(&app(city.state()), "/api/search?q=pothole").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("retry-after"), "", "only a 503 carries it");
}
