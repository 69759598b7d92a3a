//! Every request in its own tracing span with a request id, so each log line (and an error deep
//! in a search on the blocking pool) can be traced to the request that caused it; the id is
//! returned in the `x-request-id` response header. One structured line per request is logged and
//! counted in the metrics.
//!
//! The id is the caller's `x-request-id` when it is a plausible one (1 to 64 ASCII letters,
//! digits, `-`, `_` or `.`: what a proxy in front of the service would send), else a fresh one.
//! The query string is never logged. A search's line names its question only as redacted by the
//! handler ([`LoggedQuestion`]); the path of a request no route matched, where anything may have
//! been typed, is redacted too.

use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::AppState;
use crate::searchlog::LoggedQuestion;

/// The header carrying the request id, both ways.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being handled (the caller's, or 16 hex digits), in the request's
/// extensions for handlers that want it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// A random prefix per process (so ids from two runs or two replicas differ), then a counter.
fn next_id() -> String {
    static PREFIX: LazyLock<u32> =
        LazyLock::new(|| std::hash::RandomState::new().build_hasher().finish() as u32);
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{:08x}{:08x}",
        *PREFIX,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether a caller's id is safe to reuse in logs and headers.
fn plausible(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The middleware: opens the request span (`request`, with the id, method and matched route),
/// runs the request inside it, logs one line (target `firststop::http`: path, status, `ms`, and
/// `q`, the redacted question, for a search), counts it in [`Metrics`](crate::Metrics), and sets
/// `x-request-id` on the response. Never fails; the response is the handler's.
pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| plausible(v))
        .map_or_else(next_id, str::to_owned);
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let path = if route == "unmatched" {
        state
            .search_log
            .redact(request.uri().path())
            .as_str()
            .to_owned()
    } else {
        request.uri().path().to_owned()
    };
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", id = %id, %method, %route);
    let mut response = next.run(request).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state.metrics.record_request(&route, status, seconds);
    let question = response
        .extensions_mut()
        .remove::<LoggedQuestion>()
        .map(|LoggedQuestion(q)| q);
    span.in_scope(|| {
        let q = question.as_ref().map(|q| q.as_str());
        tracing::info!(target: "firststop::http", %path, status, ms = seconds * 1000.0, q, "request");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_differ_and_are_plausible() {
        let (a, b) = (next_id(), next_id());
        assert_ne!(a, b);
        assert!(plausible(&a) && a.len() == 16, "{a}");
    }

    #[test]
    fn only_plausible_caller_ids_are_kept() {
        assert!(plausible("3f2a-req_1.2"));
        assert!(!plausible(""));
        assert!(!plausible(&"a".repeat(65)));
        assert!(!plausible("id with spaces"));
        assert!(!plausible("evil\"}"));
    }
}
