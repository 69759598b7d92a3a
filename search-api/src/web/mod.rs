//! The web pages for residents and 311 agents: server-rendered HTML that works without
//! JavaScript, in the reader's language, on top of the same engine as the JSON API.
//!
//! [`routes`] adds the pages to the service; [`security_headers`] is the layer every response
//! (pages and API) passes through. Templates live in `search-api/templates/`, interface text in
//! `search-api/i18n/<lang>.toml` (the staff pages' in `search-api/i18n/staff/<lang>.toml`),
//! styles and scripts in `search-api/static/`. While searches are recorded, result links go
//! through the click redirect (`click`).

mod agent;
pub mod assets;
mod click;
pub mod editor;
pub mod i18n;
pub mod links;
pub mod locale;
mod pages;
mod results;
pub mod staff;
mod views;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;

use crate::AppState;

/// The `Content-Security-Policy` of every response: scripts, styles, images, requests and form
/// posts only to this site; nothing inline, no `<base>`, and no page may frame this one.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The pages, their assets, and the 404 page for everything else: `/`, `/search`, `/agent`,
/// `/articles/{slug}` (each also under a `/{lang}` prefix), the click redirect `/go`, the staff
/// pages ([`staff::routes`]: `/signin`, `/signout`, `/insights`), `/static/{file}`, and a fallback
/// that answers the HTML 404 page, or the JSON `not_found` error under `/api/`.
///
/// # Panics
///
/// When a built-in language file in `search-api/i18n/` does not parse or names a language the
/// city does not serve, or a file in `search-api/static/` has no extension: broken at build
/// time, so a server with such a bug stops at start rather than on the first page view.
pub fn routes() -> Router<AppState> {
    // Parse the language files and hash the assets now, so a broken file stops the start.
    let _ = (i18n::all(), assets::all());
    Router::new()
        .route("/", get(pages::home))
        .route("/{lang}", get(pages::home))
        .route("/{lang}/", get(pages::home))
        .route("/search", get(results::search))
        .route("/{lang}/search", get(results::search))
        .route("/agent", get(agent::agent))
        .route("/{lang}/agent", get(agent::agent))
        .route("/articles/{slug}", get(pages::article))
        .route("/{lang}/articles/{slug}", get(pages::article_in))
        .route("/go", get(click::go))
        .route("/static/{file}", get(pages::static_file))
        .merge(staff::routes())
        .merge(editor::routes())
        .fallback(pages::fallback)
}

/// Adds the security headers to every response, pages and API alike: [`CSP`],
/// `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin` and
/// `X-Frame-Options: DENY`, replacing any the handler set.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (CONTENT_SECURITY_POLICY, CSP),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
