//! JSON endpoints: search, suggest, health, metrics and the OpenAPI document, as `CONTRACT.md`
//! ("HTTP") and `search-api/openapi.json` describe them.

use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::params::{self, RawParams};
use crate::{ApiError, AppState};
use engine::SearchResponse;

const OPENAPI: &str = include_str!("../openapi.json");
/// Most completions returned by `/api/suggest`.
const SUGGESTIONS: usize = 8;

/// The JSON API's routes: `GET /api/search`, `/api/suggest`, `/api/openapi.json`, `/healthz`
/// and `/metrics`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/suggest", get(suggest))
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

/// `GET /api/search`: the [`SearchResponse`] for the query string's parameters (`limit` 10 by
/// default), or a 400 for bad input.
async fn search(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let raw = RawParams::parse(query.as_deref());
    let request = params::request(&raw, &state.config, 10)?;
    let response = state.run(move |engine| engine.search(&request)).await?;
    state.metrics.record_search(response.results.len());
    Ok(Json(response))
}

/// `GET /api/suggest?q=`: `{"suggestions": [...]}`, empty for an empty `q`.
async fn suggest(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<impl IntoResponse, ApiError> {
    let raw = RawParams::parse(query.as_deref());
    let q = match params::clean_query(raw.q.as_deref().unwrap_or_default()) {
        Ok(q) => q,
        Err(ApiError::EmptyQuery) => return Ok(Json(json!({ "suggestions": [] }))),
        Err(e) => return Err(e),
    };
    let suggestions = state.engine.current().suggest(&q, SUGGESTIONS);
    Ok(Json(json!({ "suggestions": suggestions })))
}

/// `GET /healthz`: `{"status": "ok", "documents": N, "generation": "..."}`, N counting index
/// records (sections included).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let engine = state.engine.current();
    Json(
        json!({ "status": "ok", "documents": engine.documents(), "generation": engine.generation() }),
    )
}

/// `GET /metrics`: the [`Metrics`](crate::Metrics) in the Prometheus text format 0.0.4.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let documents = state.engine.current().documents();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(documents),
    )
}

/// `GET /api/openapi.json`: the OpenAPI document, built into the binary.
async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
