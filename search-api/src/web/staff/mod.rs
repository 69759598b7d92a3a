//! The staff's pages: sign-in and sign-out (`signin.rs`), the insights dashboard
//! (`dashboard.rs`) and a question's drill-down (`question.rs`). They are server-rendered like the
//! residents' pages, work without JavaScript, speak the reader's language (text in
//! `search-api/i18n/staff/`), and are never cached by anyone but the reader's browser.
//!
//! [`Staff`] is the pages' extractor: an anonymous reader is sent to `/signin` (and back after
//! signing in), a signed-in one whose role does not allow the page gets the 403 page. The
//! editors' workspace reuses it with its own [`Rule`](crate::auth::Rule).

mod chart;
mod dashboard;
mod format;
pub mod i18n;
mod page;
mod question;
mod signin;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

pub(crate) use page::redirect;
pub use page::{Staff, StaffBar, forbidden, layout};

/// `/signin` (GET, POST), `/signout` (POST), `/insights` and `/insights/questions/{id}`, each
/// answered `Cache-Control: private, no-store`.
pub fn routes() -> Router<AppState> {
    i18n::load();
    Router::new()
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::sign_out))
        .route("/insights", get(dashboard::dashboard))
        .route("/insights/questions/{id}", get(question::question))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}
