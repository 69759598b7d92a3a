//! The JSON API as a client sees it: whole responses, facets, filters, paging, suggest, health,
//! metrics, OpenAPI, and index reloads.

use std::time::Duration;

use axum::http::StatusCode;

use crate::support::{enc, get, search, standard, urls};

/// The response with timings redacted and scores out of sight.
fn snapshot_json(r: &engine::SearchResponse) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v["took_ms"] = serde_json::json!("[took_ms]");
    v
}

#[tokio::test]
async fn a_whole_search_response() {
    let app = standard().app();
    let r = search(&app, &format!("q={}&limit=3", enc("graffiti on my fence"))).await;
    insta::assert_json_snapshot!("graffiti_on_my_fence", snapshot_json(&r));
}

#[tokio::test]
async fn filters_narrow_and_facets_count() {
    let app = standard().app();
    let all = search(&app, "q=report").await;
    let bureaus: Vec<&str> = all.facets.bureau.iter().map(|f| f.id.as_str()).collect();
    assert!(
        bureaus.contains(&"civic") && bureaus.contains(&"pbot"),
        "{bureaus:?}"
    );
    let civic = all.facets.bureau.iter().find(|f| f.id == "civic").unwrap();
    assert_eq!(
        civic.name.as_deref(),
        Some("Office of Community & Civic Life")
    );

    let only = search(&app, "q=report&bureau=civic").await;
    assert!(
        only.results.iter().all(|h| h.bureau.id == "civic"),
        "{:?}",
        urls(&only)
    );
    assert!(only.facets.bureau.iter().all(|f| f.id == "civic"));

    let articles = search(&app, "q=report&kind=article").await;
    assert!(
        !articles.results.is_empty()
            && articles
                .results
                .iter()
                .all(|h| h.kind == engine::Kind::Article)
    );
    let spanish = search(&app, "q=grafiti&result_lang=es").await;
    assert!(
        !spanish.results.is_empty() && spanish.results.iter().all(|h| h.lang == "es"),
        "{:?}",
        urls(&spanish)
    );
}

#[tokio::test]
async fn pages_of_results_follow_each_other() {
    let app = standard().app();
    let all = search(&app, "q=city&limit=50").await;
    assert!(all.total >= 4, "{}", all.total);
    let first = search(&app, "q=city&limit=2").await;
    let second = search(&app, "q=city&limit=2&offset=2").await;
    assert_eq!(first.total, all.total);
    assert_eq!(urls(&first), urls(&all)[..2]);
    assert_eq!(urls(&second), urls(&all)[2..4]);
}

#[tokio::test]
async fn suggest_completes_titles_keywords_and_bureau_names() {
    let app = standard().app();
    let (status, _, body) = get(&app, "/api/suggest?q=rep").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let s: Vec<&str> = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        s.contains(&"Report a pothole") && s.contains(&"Report graffiti"),
        "{s:?}"
    );
    let (_, _, body) = get(&app, "/api/suggest?q=water").await;
    assert!(body.contains("Portland Water Bureau"), "{body}");
}

#[tokio::test]
async fn health_and_metrics() {
    let app = standard().app();
    let (status, _, body) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert!(json["documents"].as_u64().unwrap() > 10);

    search(&app, "q=pothole").await;
    search(&app, "q=zzzzqqqq").await;
    let (status, ctype, metrics) = get(&app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/plain"));
    assert!(
        metrics.contains("firststop_http_requests_total{route=\"/api/search\",status=\"200\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("firststop_zero_result_searches_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("firststop_http_request_duration_seconds_bucket{le=\"+Inf\"}"),
        "{metrics}"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_routes_that_exist() {
    let app = standard().app();
    let (status, _, body) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/search") && paths.contains_key("/api/suggest"));
    for path in paths.keys() {
        let (status, _, _) = get(&app, &format!("{path}?q=pothole")).await;
        assert_ne!(
            status,
            StatusCode::NOT_FOUND,
            "{path} is documented but not served"
        );
    }
}

#[tokio::test]
async fn a_new_index_commit_is_served_without_a_restart() {
    let city = standard();
    city.index();
    let state = city.state();
    let app = search_api::app(state.clone());
    let watcher = search_api::watch_index(state, city.data(), Duration::from_millis(20));
    assert_eq!(search(&app, "q=kayak").await.total, 0);

    city.page(
        "https://city.example/parks/kayak",
        "311",
        "en",
        "Kayak launch",
        "Rent a kayak at the river launch.",
    );
    city.index();
    let mut found = 0;
    for _ in 0..1500 {
        found = search(&app, "q=kayak").await.total;
        if found > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    watcher.abort();
    assert_eq!(found, 1);
}

/// The request id of a response, as `x-request-id` carries it.
async fn request_id(app: &axum::Router, request: axum::http::Request<axum::body::Body>) -> String {
    use tower::ServiceExt;
    let response = app.clone().oneshot(request).await.unwrap();
    response
        .headers()
        .get("x-request-id")
        .expect("every response carries a request id")
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_proxys_id_is_kept() {
    use axum::body::Body;
    use axum::http::Request;
    let app = standard().app();
    let a = request_id(
        &app,
        Request::get("/api/search?q=graffiti")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let b = request_id(&app, Request::get("/nowhere").body(Body::empty()).unwrap()).await;
    assert_ne!(a, b, "each request gets its own id");
    let kept = request_id(
        &app,
        Request::get("/healthz")
            .header("x-request-id", "lb-7f3a.42")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(kept, "lb-7f3a.42");
    let replaced = request_id(
        &app,
        Request::get("/healthz")
            .header("x-request-id", "two words")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_ne!(replaced, "two words");
}
