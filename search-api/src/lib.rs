//! The HTTP service: the JSON API, the web pages for residents and 311 agents, health and
//! metrics, in one axum router over the engine.
//!
//! Handlers parse and validate ([`params`]), run the engine on the blocking pool behind a
//! concurrency limit ([`state`]), and map the result to a response: JSON ([`api`]) or HTML
//! ([`web`]); every failure is one [`ApiError`] with a stable code. [`observe`] puts each request
//! in a tracing span with a request id and counts it in the [`metrics`]. [`reload`] swaps in a
//! new engine when `firststop index` commits, without a restart. [`searchlog`] redacts each
//! question and records the search for the insights dashboard; [`auth`] says which staff member
//! is signed in and what their role allows. This crate does not touch tantivy: everything about
//! the index goes through `engine` (and the analyzers of `searchindex`, for grouping questions).
//!
//! The endpoints are those of `CONTRACT.md` ("HTTP"); `search-api/openapi.json`, served at
//! `/api/openapi.json`, describes the JSON API.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use std::path::Path;
//! let config = config::Config::load(Path::new("firststop.toml")).unwrap();
//! let engine = engine::Engine::open(Path::new("data"), &config).unwrap();
//! let state = search_api::AppState::new(engine, config, Default::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! search_api::serve(listener, search_api::app(state)).await
//! # }
//! ```

pub mod api;
pub mod auth;
pub mod editing;
pub mod error;
pub mod metrics;
pub mod observe;
pub mod params;
pub mod reload;
pub mod searchlog;
pub mod state;
pub mod web;

use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;

pub use error::ApiError;
pub use metrics::Metrics;
pub use reload::watch_index;
pub use searchlog::{SearchLog, start_retention};
pub use state::{AppState, EngineHandle, ServeOptions};

/// The whole service: the JSON API ([`api::routes`]) and the web pages ([`web::routes`]) over
/// `state`. Every response passes, outermost first, through compression (gzip or brotli, as the
/// client accepts), the security headers ([`web::security_headers`]), the request span, log line
/// and metrics ([`observe::observe`]), `Retry-After` on every 503, and a timeout of
/// [`ServeOptions::request_timeout`](state::ServeOptions::request_timeout) that answers 503
/// (not for an editor's change, which is never cut short once begun).
///
/// # Panics
///
/// When a built-in interface language file or static asset is broken (see [`web::routes`]): a
/// bug that every test of the pages catches.
pub fn app(state: AppState) -> Router {
    let timeout = state.options.request_timeout;
    api::routes()
        .merge(web::routes())
        .layer(middleware::from_fn(move |request, next| {
            deadline(timeout, request, next)
        }))
        .layer(middleware::map_response(retry_after(&state.options)))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            observe::observe,
        ))
        .layer(middleware::from_fn(web::security_headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Answers 503 when a request takes longer than `timeout`, except an editor's change (a write
/// under `/api/editor/` or `/editor/`): its file and history are written once it has begun, so
/// cutting the answer short would tell the editor "unavailable" about a change that happened.
/// A change waits for other writers of the index at most `editor::INDEX_WAIT`.
async fn deadline(
    timeout: std::time::Duration,
    request: Request,
    next: middleware::Next,
) -> Response {
    let path = request.uri().path();
    let editing = request.method() != Method::GET
        && request.method() != Method::HEAD
        && (path.starts_with("/api/editor/") || path.starts_with("/editor/"));
    if editing {
        return next.run(request).await;
    }
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// A layer's function that adds `Retry-After` to every 503 that has none: the busy answer (JSON
/// and page alike) and the request timeout's. The delay is the queue timeout rounded up to whole
/// seconds, at least 1 (2 s by default): by then the searches that filled the queue are done.
fn retry_after(
    options: &ServeOptions,
) -> impl Fn(Response) -> std::future::Ready<Response> + Clone + Send + Sync + 'static {
    let seconds = options.queue_timeout.as_secs_f64().ceil().max(1.0) as u64;
    let value = HeaderValue::from(seconds);
    move |mut response: Response| {
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .entry(RETRY_AFTER)
                .or_insert_with(|| value.clone());
        }
        std::future::ready(response)
    }
}

/// Serves `router` (the [`app`]) on `listener` until Ctrl-C or SIGTERM (on Unix), then stops
/// accepting connections and waits for the requests in flight to finish.
///
/// # Errors
///
/// None in practice: axum 0.8 retries a failed accept after a second rather than return it, and
/// resolves `Ok(())` once shut down. The `io::Result` is axum's signature.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
