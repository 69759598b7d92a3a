//! The insights API (`CONTRACT.md`, "Insights"): totals, question lists, trends, the editors'
//! to-do list and the CSV export, for accounts with the role `insights` or `admin` (401 without
//! credentials, 403 for another role). Dates are `YYYY-MM-DD`, UTC; a range defaults to the 30
//! days ending today. Every list leaves out questions asked fewer than `min_count` times.

use axum::Json;
use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use time::OffsetDateTime;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::{Authorized, ReadInsights};
use crate::params::ReportParams;
use crate::{ApiError, AppState};

/// Questions a list returns unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 50;

/// `GET /api/insights/summary`, `/queries`, `/trending`, `/unmet`, `/export.csv`, and two
/// additions: `/answers` (where questions ended) and `/questions/{id}` (a drill-down).
/// Every answer is `Cache-Control: private, no-store`: staff data stays out of shared caches.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/insights/summary", get(summary))
        .route("/api/insights/queries", get(queries))
        .route("/api/insights/trending", get(trending))
        .route("/api/insights/unmet", get(unmet))
        .route("/api/insights/answers", get(answers))
        .route("/api/insights/questions/{id}", get(question))
        .route("/api/insights/export.csv", get(export))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}

/// A report request: an account that reads insights (401/403 as [`Authorized`] says), the
/// query's parameters, and the filter they make (400 for a bad date, language, bureau or
/// channel; the range defaults to the 30 days ending today, UTC).
struct Report {
    params: ReportParams,
    filter: insights::Filter,
}

impl FromRequestParts<AppState> for Report {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Report, ApiError> {
        Authorized::<ReadInsights>::from_request_parts(parts, state).await?;
        let params = ReportParams::parse(parts.uri.query());
        let today = OffsetDateTime::now_utc().date();
        let filter = params.filter(&state.config, today)?;
        Ok(Report { params, filter })
    }
}

/// `GET /api/insights/summary?from=&to=&lang=&bureau=&channel=`: totals with their shares, by
/// language, channel and bureau.
async fn summary(
    State(state): State<AppState>,
    Report { filter, .. }: Report,
) -> Result<Response, ApiError> {
    let summary = state
        .read_insights(move |store| Ok(store.summary(&filter)?))
        .await?;
    Ok(Json(summary).into_response())
}

/// `GET /api/insights/queries?from=&to=&lang=&bureau=&channel=&sort=count|zero|ctr&limit=`:
/// `{"queries": [{"query", "count", "zero", "clicks", "ctr", "bureau", ...}]}`.
async fn queries(
    State(state): State<AppState>,
    Report { params, filter }: Report,
) -> Result<Response, ApiError> {
    let (sort, limit) = (params.sort()?, params.limit(DEFAULT_LIMIT)?);
    let rows = state
        .read_insights(move |store| Ok(store.questions(&filter, sort, limit)?))
        .await?;
    Ok(Json(json!({ "queries": rows })).into_response())
}

/// `GET /api/insights/trending?window=7&to=&lang=&bureau=&channel=&limit=`: the questions rising
/// fastest in the `window` days ending `to` (today) against the `window` days before:
/// `{"window": 7, "to": "...", "queries": [{"query", "count", "previous", "growth", ...}]}`.
async fn trending(
    State(state): State<AppState>,
    Report { params, filter }: Report,
) -> Result<Response, ApiError> {
    let (window, limit) = (params.window()?, params.limit(DEFAULT_LIMIT)?);
    let to = filter.to;
    let rows = state
        .read_insights(move |store| Ok(store.trending(window, &filter, limit)?))
        .await?;
    Ok(Json(json!({ "window": window, "to": to.to_string(), "queries": rows })).into_response())
}

/// `GET /api/insights/unmet?from=&to=&lang=&bureau=&channel=&limit=`: the editors' to-do list,
/// questions that got no result, or neither an answer card nor a click, most unmet first:
/// `{"queries": [...]}`.
async fn unmet(
    State(state): State<AppState>,
    Report { params, filter }: Report,
) -> Result<Response, ApiError> {
    let limit = params.limit(DEFAULT_LIMIT)?;
    let rows = state
        .read_insights(move |store| Ok(store.unmet(&filter, limit)?))
        .await?;
    Ok(Json(json!({ "queries": rows })).into_response())
}

/// `GET /api/insights/answers?from=&to=&lang=&bureau=&channel=&limit=`: each answer card or
/// first result with the different questions that ended there: `{"answers": [...]}`.
async fn answers(
    State(state): State<AppState>,
    Report { params, filter }: Report,
) -> Result<Response, ApiError> {
    let limit = params.limit(20)?;
    let rows = state
        .read_insights(move |store| Ok(store.answers(&filter, limit)?))
        .await?;
    Ok(Json(json!({ "answers": rows })).into_response())
}

/// `GET /api/insights/questions/{id}?from=&to=&bureau=&channel=`: one question's drill-down
/// (daily counts, written forms, results shown, clicks by position); 404 when there is no such
/// question or it was asked fewer than `min_count` times in the range.
async fn question(
    State(state): State<AppState>,
    Report { filter, .. }: Report,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let detail = state
        .read_insights(move |store| Ok(store.question(id, &filter)?))
        .await?;
    match detail {
        Some(detail) => Ok(Json(detail).into_response()),
        None => Err(ApiError::NotFound),
    }
}

/// `GET /api/insights/export.csv?from=&to=&lang=&bureau=&channel=`: `day, query, lang, channel,
/// searches, zero, clicks` per day, question and channel, as a download.
async fn export(
    State(state): State<AppState>,
    Report { filter, .. }: Report,
) -> Result<Response, ApiError> {
    let name = format!("firststop-insights-{}-{}.csv", filter.from, filter.to);
    let csv = state
        .read_insights(move |store| {
            let mut out = Vec::new();
            store.export_csv(&filter, &mut out)?;
            Ok(out)
        })
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv,
    )
        .into_response())
}
