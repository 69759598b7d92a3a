//! One error type for every handler: a stable `code`, a status, and a message safe to show. The
//! JSON API answers `{"error": {"code": "...", "message": "..."}}` (`CONTRACT.md`); the pages
//! show the same failure as a page in the reader's language.

use axum::Json;
use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong with a request. The variants up to [`ApiError::NotFound`] are the caller's
/// mistakes (4xx); [`ApiError::Busy`] and [`ApiError::Internal`] are the service's (5xx).
/// [`ApiError::Unauthorized`] and [`ApiError::Forbidden`] are `CONTRACT.md`'s 401 and 403 of
/// the staff endpoints.
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
    /// `debug` is not `1`, `true`, `0` or `false` (the value given): 400 `invalid_debug`.
    InvalidDebug(String),
    /// `lang` or `result_lang` is not one of the city's languages (the value given): 400
    /// `unknown_lang`.
    UnknownLang(String),
    /// `from` or `to` is not a `YYYY-MM-DD` date (the value given): 400 `invalid_date`.
    InvalidDate(String),
    /// `to` is before `from`: 400 `invalid_range`.
    InvalidRange,
    /// `sort` is not `count`, `zero` or `ctr` (the value given): 400 `invalid_sort`.
    InvalidSort(String),
    /// `window` is not a whole number of days from 1 to 180: 400 `invalid_window`.
    InvalidWindow,
    /// `channel` is not `web`, `agent` or `api` (the value given): 400 `invalid_channel`.
    InvalidChannel(String),
    /// 400 `invalid_address`: a malformed slug, language or rule file name in an editor URL.
    InvalidAddress(String),
    /// 428 `precondition_required`: the article exists; a change must say (`If-Match`) which
    /// version it replaces.
    PreconditionRequired,
    /// 412 `precondition_failed`: `If-Match` names a version that is no longer the live one.
    PreconditionFailed {
        /// There is no live version to match: the file is new, or was unpublished.
        gone: bool,
    },
    /// 422 `failed_checks`: the text fails the checks of `firststop check`, each problem on
    /// its line (the body carries them as `problems`).
    Invalid(Vec<editor::LineProblem>),
    /// 409 `conflict`: the change cannot be made as things are (the message says why).
    Conflict(String),
    /// No credentials, or credentials that are not (or no longer) valid: 401 `unauthorized`.
    Unauthorized,
    /// Signed in, but the account's role does not allow this: 403 `forbidden`.
    Forbidden,
    /// A state-changing request without this session's CSRF token, or sent from another site:
    /// 403 `invalid_csrf`. Nothing was changed.
    InvalidCsrf,
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
            ApiError::InvalidDebug(_) => (StatusCode::BAD_REQUEST, "invalid_debug"),
            ApiError::UnknownLang(_) => (StatusCode::BAD_REQUEST, "unknown_lang"),
            ApiError::InvalidDate(_) => (StatusCode::BAD_REQUEST, "invalid_date"),
            ApiError::InvalidRange => (StatusCode::BAD_REQUEST, "invalid_range"),
            ApiError::InvalidSort(_) => (StatusCode::BAD_REQUEST, "invalid_sort"),
            ApiError::InvalidWindow => (StatusCode::BAD_REQUEST, "invalid_window"),
            ApiError::InvalidChannel(_) => (StatusCode::BAD_REQUEST, "invalid_channel"),
            ApiError::InvalidAddress(_) => (StatusCode::BAD_REQUEST, "invalid_address"),
            ApiError::PreconditionRequired => {
                (StatusCode::PRECONDITION_REQUIRED, "precondition_required")
            }
            ApiError::PreconditionFailed { .. } => {
                (StatusCode::PRECONDITION_FAILED, "precondition_failed")
            }
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "failed_checks"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::InvalidCsrf => (StatusCode::FORBIDDEN, "invalid_csrf"),
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
            ApiError::InvalidDebug(d) => format!("debug must be 1 or 0, not '{d}'."),
            ApiError::UnknownLang(l) => format!("'{l}' is not one of the languages served."),
            ApiError::InvalidDate(d) => format!("'{d}' is not a date: use YYYY-MM-DD (UTC)."),
            ApiError::InvalidRange => "to must not be before from.".to_owned(),
            ApiError::InvalidSort(s) => format!("sort must be count, zero or ctr, not '{s}'."),
            ApiError::InvalidWindow => "window must be a whole number of days from 1 to 180.".to_owned(),
            ApiError::InvalidChannel(c) => {
                format!("channel must be web, agent or api, not '{c}'.")
            }
            ApiError::InvalidAddress(m) => m.clone(),
            ApiError::PreconditionRequired => "This article exists: send If-Match with the etag of the version you edited.".to_owned(),
            ApiError::PreconditionFailed { gone: false } => "The file changed since you read it: read it again, redo your change on the live version, and send its etag.".to_owned(),
            ApiError::PreconditionFailed { gone: true } => "There is no such file (new, or unpublished since you read it): send no If-Match to create it.".to_owned(),
            ApiError::Invalid(problems) => format!(
                "The text has {} problem(s); nothing was saved.",
                problems.len()
            ),
            ApiError::Conflict(m) => m.clone(),
            ApiError::Unauthorized => {
                "Send an API token as 'Authorization: Bearer TOKEN', or sign in.".to_owned()
            }
            ApiError::Forbidden => "This account's role does not allow this.".to_owned(),
            ApiError::InvalidCsrf => {
                "The request lacked this session's CSRF token or came from another site; nothing was changed."
                    .to_owned()
            }
            ApiError::NotFound => "Nothing is here.".to_owned(),
            ApiError::Busy => "The service is busy; try again in a moment.".to_owned(),
            ApiError::Internal => {
                "Something went wrong on our side; it has been logged.".to_owned()
            }
        }
    }
}

impl IntoResponse for ApiError {
    /// The JSON error; a 401 also carries `WWW-Authenticate: Bearer` (RFC 6750), naming the
    /// scheme the API takes.
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let mut body = json!({ "error": { "code": code, "message": self.message() } });
        if let ApiError::Invalid(problems) = &self {
            body["problems"] = json!(problems);
        }
        let mut response = (status, Json(body)).into_response();
        if self == ApiError::Unauthorized {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"firststop\""),
            );
        }
        response
    }
}

impl From<insights::UserError> for ApiError {
    fn from(e: insights::UserError) -> ApiError {
        use insights::UserError as E;
        match e {
            E::InvalidDate { value } => ApiError::InvalidDate(value),
            E::InvalidRange { .. } => ApiError::InvalidRange,
            E::InvalidSort { value } => ApiError::InvalidSort(value),
            E::InvalidWindow { .. } => ApiError::InvalidWindow,
            E::InvalidChannel { value } => ApiError::InvalidChannel(value),
            E::InvalidSearchId => ApiError::NotFound,
        }
    }
}

impl From<insights::Error> for ApiError {
    /// The caller's mistakes become their 400s; the store's failures are logged here, once,
    /// inside the request's span, and become a 500.
    fn from(e: insights::Error) -> ApiError {
        match e {
            insights::Error::User(e) => e.into(),
            insights::Error::Internal(e) => {
                tracing::error!(error = %e, "insights store failed");
                ApiError::Internal
            }
        }
    }
}

impl From<editor::Error> for ApiError {
    fn from(e: editor::Error) -> ApiError {
        use editor::Error as E;
        match e {
            E::UnknownBureau(b) => ApiError::UnknownBureau(b),
            E::BadAddress(m) => ApiError::InvalidAddress(m),
            E::NotFound => ApiError::NotFound,
            E::PreconditionRequired { .. } => ApiError::PreconditionRequired,
            E::Stale { current, .. } => ApiError::PreconditionFailed {
                gone: current.is_none(),
            },
            E::Problems(p) => ApiError::Invalid(p),
            e @ E::HasTranslations(_) => ApiError::Conflict(format!("{e}.")),
            E::Internal(m) => {
                tracing::error!(error = %m, "editors' workspace failed");
                ApiError::Internal
            }
        }
    }
}

impl From<accounts::Error> for ApiError {
    /// A refused sign-in or an unknown account is a 401; the store's failures are logged and
    /// become a 500.
    fn from(e: accounts::Error) -> ApiError {
        match e {
            accounts::Error::User(_) => ApiError::Unauthorized,
            accounts::Error::Internal(e) => {
                tracing::error!(error = %e, "accounts store failed");
                ApiError::Internal
            }
        }
    }
}
