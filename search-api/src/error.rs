//! One error type for every handler: a stable `code`, a status, and a message safe to show.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    EmptyQuery,
    QueryTooLong {
        max: usize,
    },
    InvalidLimit {
        max: usize,
    },
    InvalidOffset {
        max: usize,
    },
    UnknownBureau(String),
    UnknownKind(String),
    UnknownLang(String),
    NotFound,
    /// Too many searches at once.
    Busy,
    /// A bug or a broken index: the detail is logged, never shown.
    Internal,
}

impl ApiError {
    /// The status and the stable code clients can rely on.
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
