//! JSON endpoints: search, suggest, health, metrics and the OpenAPI document, as `CONTRACT.md`
//! ("HTTP") and `search-api/openapi.json` describe them; the insights API in [`insights`].

pub mod editor;
pub mod insights;

use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::params::{self, RawParams};
use crate::searchlog::{self, LoggedQuestion};
use crate::{ApiError, AppState};

const OPENAPI: &str = include_str!("../../openapi.json");
/// Most completions returned by `/api/suggest`.
const SUGGESTIONS: usize = 8;

/// The JSON API's routes: `GET /api/search`, `/api/suggest`, `/api/openapi.json`, `/healthz`
/// and `/metrics`, the insights API ([`insights::routes`]) and the editors' API
/// ([`editor::routes`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/suggest", get(suggest))
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(insights::routes())
        .merge(editor::routes())
        .layer(axum::middleware::map_response(json_errors))
}

/// Puts axum's own refusals (a body over the size limit, a query, path or header that does not
/// parse, a method the route does not take) in the API's error shape, `{"error": {"code",
/// "message"}}`, instead of plain text: a client of the JSON API reads every 4xx the same way.
/// Other headers (`Allow`, `WWW-Authenticate`) are kept.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        _ => "bad_request",
    };
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("Bad request")
            .to_owned()
    } else {
        text
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    let body = json!({ "error": { "code": code, "message": message } }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// `GET /api/search`: the [`engine::SearchResponse`] for the query string's parameters (`limit` 10 by
/// default), with the ranking report when `debug=1`, or a 400 for bad input. An `offset` at or
/// past the last result gets an empty page with no answer card. Recorded in the search log
/// (channel `api`).
async fn search(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let raw = RawParams::parse(query.as_deref());
    let mut request = params::request(&raw, &state.config, 10)?;
    request.explain = params::debug(&raw)?;
    let question = state.search_log.redact(&request.q);
    let offset = request.offset;
    let mut response = state
        .run(move |engine| engine.search_cached(&request))
        .await?;
    // Past the last result there is nothing to answer: no card above an empty page (the total
    // and facets stay, so a client can find the last page).
    if offset > 0 && offset >= response.total {
        response.answer = None;
    }
    state.metrics.record_search(response.results.len());
    let shown = searchlog::shown(&response);
    state
        .search_log
        .record(::insights::Channel::Api, question.clone(), &response, shown);
    let mut answer = Json(response).into_response();
    answer.extensions_mut().insert(LoggedQuestion(question));
    Ok(answer)
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

/// `GET /metrics`: the [`Metrics`](crate::Metrics) in the Prometheus text format 0.0.4, with
/// the search log's counters when it is recording.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let documents = state.engine.current().documents();
    let mut text = state.metrics.render(documents);
    if let Some(stats) = state.search_log.stats() {
        crate::metrics::render_search_log(&mut text, &stats);
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}

/// `GET /api/openapi.json`: the OpenAPI document, built into the binary.
async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
