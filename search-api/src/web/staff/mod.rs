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
use axum::extract::Path;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use url::form_urlencoded;

use crate::AppState;

pub(crate) use page::redirect;
pub use page::{CsrfForm, Staff, StaffBar, StaffForm, forbidden, layout};

/// `/signin` (GET, POST), `/signout` (POST), `/insights` and `/insights/questions/{id}`, each
/// answered `Cache-Control: private, no-store`. The staff's pages take their language from
/// `?lang=`; the residents' way of asking for one, a path prefix (`/es/insights`,
/// `/vi/editor/new`), is redirected there.
pub fn routes() -> Router<AppState> {
    i18n::load();
    Router::new()
        .route("/signin", get(signin::form).post(signin::submit))
        .route("/signout", post(signin::sign_out))
        .route("/insights", get(dashboard::dashboard))
        .route("/insights/questions/{id}", get(question::question))
        .route("/{lang}/signin", get(prefixed))
        .route("/{lang}/insights", get(prefixed))
        .route("/{lang}/insights/{*rest}", get(prefixed))
        .route("/{lang}/editor", get(prefixed))
        .route("/{lang}/editor/{*rest}", get(prefixed))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}

/// `GET /<lang>/insights...`, `/<lang>/editor...`, `/<lang>/signin`: a 308 to the same page
/// without the prefix and with `lang=<lang>` in its query (other parameters kept); 404 when
/// `<lang>` is not a city language.
async fn prefixed(uri: Uri, Path(params): Path<Vec<(String, String)>>) -> Response {
    let Some((_, tag)) = params.iter().find(|(k, _)| k == "lang") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(lang) = config::Lang::by_tag(tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let path = uri.path().strip_prefix(&format!("/{tag}")).unwrap_or("/");
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    pairs.push(("lang".to_owned(), lang.tag.to_owned()));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    Redirect::permanent(&format!("{path}?{query}")).into_response()
}
