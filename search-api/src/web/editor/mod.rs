//! The editors' workspace in the browser (`/editor`), and the preview both it and the API use
//! (`POST /api/editor/preview`): an article rendered by the very function that renders published
//! articles (`web::pages::article_page`), from the record the indexer would store.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

mod form;
mod pages;
mod preview;

/// `POST /api/editor/preview` and the workspace's pages under `/editor`, each answered
/// `Cache-Control: private, no-store`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/editor/preview", post(preview::preview_api))
        .route("/editor", get(pages::list))
        .route("/editor/new", get(pages::new_form).post(pages::save_new))
        .route("/editor/preview", post(pages::preview_form))
        .route(
            "/editor/articles/{bureau}/{slug}",
            get(pages::edit_form).post(pages::save),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/history",
            get(pages::history),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/revert",
            post(pages::revert),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/unpublish",
            post(pages::unpublish),
        )
        .route(
            "/editor/rules/{name}",
            get(pages::rules_form).post(pages::rules_save),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}
