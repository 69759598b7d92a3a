//! One error type for every handler: a stable `code`, a status, and a message safe to show. The
//! JSON API answers `{"error": {"code": "...", "message": "..."}}` (`CONTRACT.md`); the pages
//! show the same failure as a page in the reader's language.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong with a request. The variants up to [`ApiError::NotFound`] are the caller's
/// mistakes (4xx); [`ApiError::Busy`] and [`ApiError::Internal`] are the service's (5xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// `q` is missing or has nothing but spaces and control characters: 400 `empty_query`.
    EmptyQuery,
    /// `q` is longer than `max` characters: 400 `query_too_long`.
    QueryTooLong {
        /// The longest question accepted, in characters ([`engine::MAX_QUERY_CHARS`]).
        max: usize,
    },
    /// `limit` is not a whole number from 1 to `max`: 400 `invalid_limit`.
    InvalidLimit {
        /// The most results a request may ask for ([`engine::MAX_LIMIT`]).
        max: usize,
    },
    /// `offset` is not a whole number from 0 to `max`, or `page` is not a whole number from 1 or
    /// reaches past `max`: 400 `invalid_offset`.
    InvalidOffset {
        /// The deepest offset a client may page to ([`MAX_OFFSET`](crate::params::MAX_OFFSET)).
        max: usize,
    },
    /// `bureau` names no bureau of `firststop.toml` (the value given): 400 `unknown_bureau`.
    UnknownBureau(String),
    /// `kind` is neither `article` nor `page` (the value given): 400 `unknown_kind`.
    UnknownKind(String),
    /// `lang` or `result_lang` is not one of the city's languages (the value given): 400
    /// `unknown_lang`.
    UnknownLang(String),
    /// No route, article or asset at this address: 404 `not_found`.
    NotFound,
    /// Too many searches at once: no slot freed up in time. 503 `busy`.
    Busy,
    /// A bug or a broken index: the detail is logged, never shown. 500 `internal`.
    Internal,
}

impl ApiError {
    /// The HTTP status and the stable code clients can rely on (`empty_query`, `busy`...).
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::EmptyQuery => (StatusCode::BAD_REQUEST, "empty_query"),
            ApiError::QueryTooLong { .. } => (StatusCode::BAD_REQUEST, "query_too_long"),
            ApiError::InvalidLimit { .. } => (StatusCode::BAD_REQUEST, "invalid_limit"),
            ApiError::InvalidOffset { .. } => (StatusCode::BAD_REQUEST, "invalid_offset"),
            ApiError::UnknownBureau(_) => (StatusCode::BAD_REQUEST, "unknown_bureau"),
            ApiError::UnknownKind(_) => (StatusCode::BAD_REQUEST, "unknown_kind"),
            ApiError::UnknownLang(_) => (StatusCode::BAD_REQUEST, "unknown_lang"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// A one-sentence explanation in English for the JSON API, safe to show: it repeats the
    /// caller's own value at most, never internal detail. The pages show translated text
    /// instead.
    pub fn message(&self) -> String {
        match self {
            ApiError::EmptyQuery => "Type a question or a few words to search for.".to_owned(),
            ApiError::QueryTooLong { max } => {
                format!("The question is too long: keep it under {max} characters.")
            }
            ApiError::InvalidLimit { max } => {
                format!("limit must be a whole number from 1 to {max}.")
            }
            ApiError::InvalidOffset { max } => {
                format!("offset must be a whole number from 0 to {max}.")
            }
            ApiError::UnknownBureau(b) => format!("There is no bureau '{b}'."),
            ApiError::UnknownKind(k) => format!("kind must be 'article' or 'page', not '{k}'."),
            ApiError::UnknownLang(l) => format!("'{l}' is not one of the languages served."),
            ApiError::NotFound => "Nothing is here.".to_owned(),
            ApiError::Busy => "The service is busy; try again in a moment.".to_owned(),
            ApiError::Internal => {
                "Something went wrong on our side; it has been logged.".to_owned()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = json!({ "error": { "code": code, "message": self.message() } });
        (status, Json(body)).into_response()
    }
}
