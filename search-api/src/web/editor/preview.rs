//! The preview: an article rendered by the very function that renders published articles
//! (`web::pages::article_page`), from the record the indexer would store. Nothing is written.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::{Authorized, CurrentUser, EditArticles};
use crate::editing::{article_key, read};
use crate::web::locale::Locale;
use crate::web::pages as site_pages;
use crate::{ApiError, AppState};

/// `?bureau=&slug=&lang=` of a preview: where the text would be saved. Each is optional: the
/// bureau defaults to the front matter's `bureau`, else the caller's first bureau; the slug to
/// `preview`.
#[derive(Debug, Deserialize, Default)]
pub struct PreviewParams {
    bureau: Option<String>,
    slug: Option<String>,
    lang: Option<String>,
}

/// `POST /api/editor/preview?bureau=&slug=&lang=`: the body is the `.md` text; the answer is the
/// article page as residents would get it once published (200 HTML), or 422 with `problems`
/// when the article does not pass its own checks. Nothing is written.
pub async fn preview_api(
    State(state): State<AppState>,
    auth: Authorized<EditArticles>,
    locale: Locale,
    Query(params): Query<PreviewParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = auth.0;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::InvalidAddress("The body must be UTF-8 text.".into()))?;
    let bureau = params
        .bureau
        .or_else(|| editor::key::front_matter_value(&text, "bureau"))
        .or_else(|| first_bureau(&state, &user))
        .ok_or(ApiError::Forbidden)?;
    let slug = params.slug.unwrap_or_else(|| "preview".to_owned());
    preview(
        &state,
        &user,
        &locale,
        &bureau,
        &slug,
        params.lang.as_deref(),
        text,
    )
    .await
}

/// The article page `text` would give as `bureau/slug` (in `lang`), for `user`.
///
/// # Errors
/// [`ApiError::Forbidden`] for another bureau; [`ApiError::Invalid`] with the problems when the
/// article does not pass its own checks.
pub async fn preview(
    state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    bureau: &str,
    slug: &str,
    lang: Option<&str>,
    text: String,
) -> Result<Response, ApiError> {
    let key = article_key(state, user, bureau, slug, lang)?;
    let slug = key.slug.clone();
    let preview = read(state, move |ws| ws.preview(&key, &text)).await?;
    let (view, others) = state
        .run(move |engine| {
            let view = engine.article_view(&preview.record(engine.fields()));
            let others: Vec<_> = engine
                .article_versions(&slug)
                .into_iter()
                .filter(|v| v.lang != view.lang)
                .collect();
            (view, others)
        })
        .await?;
    Ok(site_pages::article_page(state, locale, view, &others).into_response())
}

/// The first bureau `user` edits: an editor's first, the first configured one for an admin.
fn first_bureau(state: &AppState, user: &CurrentUser) -> Option<String> {
    state
        .config
        .bureaus
        .iter()
        .find(|b| user.account.may_edit(&b.id))
        .map(|b| b.id.clone())
}
