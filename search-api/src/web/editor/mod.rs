//! The editors' workspace in the browser (`/editor`), and the preview both it and the API use
//! (`POST /api/editor/preview`): an article rendered by the very function that renders published
//! articles (`web::pages::article_page`), from the record the indexer would store.
//!
//! A module a page: the article list (`list.rs`), the edit form with saving and the preview of
//! the form (`edit.rs`), "how does it rank" (`rank.rs`), the conflict page (`conflict.rs`), the
//! history with revert and unpublish (`history.rs`) and the rule files (`rules.rs`); what they
//! share is in `shared.rs`, the form's fields in `form.rs`.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

mod conflict;
mod edit;
mod form;
mod history;
mod list;
mod preview;
mod rank;
mod rules;
mod shared;

/// `POST /api/editor/preview` and the workspace's pages under `/editor`, each answered
/// `Cache-Control: private, no-store`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/editor/preview", post(preview::preview_api))
        .route("/editor", get(list::list))
        .route("/editor/new", get(edit::new_form).post(edit::save_new))
        .route("/editor/preview", post(edit::preview_form))
        .route(
            "/editor/articles/{bureau}/{slug}",
            get(edit::edit_form).post(edit::save),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/history",
            get(history::history),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/revert",
            post(history::revert),
        )
        .route(
            "/editor/articles/{bureau}/{slug}/unpublish",
            post(history::unpublish),
        )
        .route(
            "/editor/rules/{name}",
            get(rules::rules_form).post(rules::rules_save),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
}
