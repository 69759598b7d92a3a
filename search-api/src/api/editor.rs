//! The editors' API (`CONTRACT.md`, "Editors"): list, read, save, unpublish, history and revert
//! of articles, and the rule files for admins. `POST /api/editor/preview` renders a page, so it
//! lives with the pages (`web::editor`).
//!
//! Every request is authorized on the server before anything is read or written: a signed-in
//! account (401), the role `editor` or `admin` (403), and for an article the account's bureaus
//! (403, [`accounts::Account::may_edit`]). A change is then made by the [`editor::Workspace`],
//! recorded in the audit log, and the index it wrote is served at once ([`AppState::reload_now`]).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{Admin, Authorized, CurrentUser, EditArticles};
use crate::editing::{self, article_key, publish, read as read_workspace, revert_to, workspace};
use crate::searchlog::blocking;
use crate::{ApiError, AppState};

/// The editors' API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/editor/articles", get(list))
        .route(
            "/api/editor/articles/{bureau}/{slug}",
            get(read).put(save).delete(unpublish),
        )
        .route("/api/editor/articles/{bureau}/{slug}/history", get(history))
        .route("/api/editor/articles/{bureau}/{slug}/revert", post(revert))
        .route("/api/editor/rules/{name}", get(read_rules).put(save_rules))
        .route("/api/editor/audit", get(audit))
}

/// `?bureau=&lang=&status=` of the list.
#[derive(Debug, Deserialize, Default)]
struct ListParams {
    bureau: Option<String>,
    lang: Option<String>,
    status: Option<String>,
}

/// `?lang=&rev=` of one article.
#[derive(Debug, Deserialize, Default)]
struct ArticleParams {
    /// The translation's language; absent for the original.
    lang: Option<String>,
    /// A revision number (revert).
    rev: Option<i64>,
}

/// The article a request names (`/api/editor/articles/{bureau}/{slug}?lang=`), for an account
/// that may edit its bureau: 401/403 as [`Authorized`] first, then 403 unless the account edits
/// `bureau`, checked before the address is even looked at ([`article_key`]).
struct Article {
    user: CurrentUser,
    key: editor::ArticleKey,
    params: ArticleParams,
}

impl FromRequestParts<AppState> for Article {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Article, Response> {
        let user = Authorized::<EditArticles>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?
            .0;
        let Path((bureau, slug)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Query(params) = Query::<ArticleParams>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let key = article_key(state, &user, &bureau, &slug, params.lang.as_deref())
            .map_err(IntoResponse::into_response)?;
        Ok(Article { user, key, params })
    }
}

/// `GET /api/editor/articles`: `{"articles": [...]}`, the files of the caller's bureaus (every
/// bureau for an admin), drafts and unpublished ones included, filtered by `bureau`, `lang`,
/// `status`.
async fn list(
    State(state): State<AppState>,
    auth: Authorized<EditArticles>,
    Query(params): Query<ListParams>,
) -> Result<Response, ApiError> {
    let user = auth.0;
    if let Some(b) = params.bureau.as_deref()
        && !state.config.bureaus.iter().any(|x| x.id == b)
    {
        return Err(ApiError::UnknownBureau(b.to_owned()));
    }
    let ws = workspace(&state)?;
    let account = user.account.clone();
    let mut articles = blocking(move || ws.list(|b| account.may_edit(b))).await??;
    articles.retain(|a| {
        params.bureau.as_deref().is_none_or(|b| a.bureau == b)
            && params.lang.as_deref().is_none_or(|l| a.lang == l)
            && params.status.as_deref().is_none_or(|s| a.status == s)
    });
    Ok(Json(json!({ "articles": articles })).into_response())
}

/// `GET /api/editor/articles/{bureau}/{slug}?lang=`: `{"source", "etag"}` with an `ETag`
/// header; 404 when the file does not exist.
async fn read(State(state): State<AppState>, article: Article) -> Result<Response, ApiError> {
    let key = article.key;
    let source = read_workspace(&state, move |ws| ws.get(&key))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(with_etag(Json(&source).into_response(), Some(&source.etag)))
}

/// `PUT /api/editor/articles/{bureau}/{slug}?lang=`: the body is the `.md` file's text. 201 for
/// a new file, 200 for a changed one, each with `{"etag", "rev", "indexed"}`; 428 without
/// `If-Match` for an existing file, 412 when it is stale, 422 with `problems`.
async fn save(
    State(state): State<AppState>,
    article: Article,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = utf8(body)?;
    let (user, key) = (article.user, article.key);
    let saved = publish(&state, &user, key, text, if_match(&headers), String::new()).await?;
    Ok(saved_response(saved))
}

/// `DELETE /api/editor/articles/{bureau}/{slug}?lang=`: unpublishes (the file is removed, its
/// text kept in the history). 200 `{"rev", "indexed"}`; 404 when not live; 409 for an original
/// with live translations; 412 when `If-Match` is given and stale.
async fn unpublish(
    State(state): State<AppState>,
    article: Article,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (user, key) = (article.user, article.key);
    let saved = editing::unpublish(&state, &user, key, if_match(&headers)).await?;
    Ok(saved_response(saved))
}

/// `GET /api/editor/articles/{bureau}/{slug}/history?lang=`: `[{"rev", "author", "at",
/// "status", "note"?}]`, oldest first; 404 when the file has no history.
async fn history(State(state): State<AppState>, article: Article) -> Result<Response, ApiError> {
    let key = article.key;
    let revisions = read_workspace(&state, move |ws| ws.history_of(&key)).await?;
    if revisions.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(Json(revisions).into_response())
}

/// `POST /api/editor/articles/{bureau}/{slug}/revert?lang=&rev=N`: makes revision N live again
/// as a new revision. 200 `{"etag", "rev", "indexed"}`; 404 for an unknown revision; 412 when
/// `If-Match` is given and stale; 422 when that text no longer passes the checks.
async fn revert(
    State(state): State<AppState>,
    article: Article,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let rev = article
        .params
        .rev
        .ok_or_else(|| ApiError::InvalidAddress("rev=N names the revision to revert to.".into()))?;
    let (user, key) = (article.user, article.key);
    let saved = revert_to(&state, &user, key, rev, if_match(&headers)).await?;
    Ok(saved_response(saved))
}

/// `GET /api/editor/rules/{name}` (admin): `{"source", "etag"}`, empty when the file does not
/// exist yet.
async fn read_rules(
    State(state): State<AppState>,
    _: Authorized<Admin>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let source = read_workspace(&state, move |ws| ws.rules(&name)).await?;
    Ok(with_etag(Json(&source).into_response(), Some(&source.etag)))
}

/// `PUT /api/editor/rules/{name}` (admin): the file's new text, checked like `firststop check`
/// (422 with `problems`); `If-Match` optional, 412 when stale. 200/201 `{"etag", "rev",
/// "indexed"}`.
async fn save_rules(
    State(state): State<AppState>,
    auth: Authorized<Admin>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (user, text) = (auth.0, utf8(body)?);
    let saved = editing::save_rules(&state, &user, name, text, if_match(&headers)).await?;
    Ok(saved_response(saved))
}

/// `?limit=&before=` of the audit log.
#[derive(Debug, Deserialize, Default)]
struct AuditParams {
    limit: Option<usize>,
    before: Option<i64>,
}

/// Most audit records one request returns.
const AUDIT_PAGE: usize = 500;

/// `GET /api/editor/audit?limit=&before=` (admin): `{"entries": [{"id", "at", "actor",
/// "action", "target", "detail"}]}`, newest first, `limit` (1..500, default 100) records older
/// than record `before`: every publish, unpublish, revert and rules edit, with the accounts'
/// own changes and sign-ins.
async fn audit(
    State(state): State<AppState>,
    _: Authorized<Admin>,
    Query(params): Query<AuditParams>,
) -> Result<Response, ApiError> {
    let limit = params.limit.unwrap_or(100);
    if !(1..=AUDIT_PAGE).contains(&limit) {
        return Err(ApiError::InvalidLimit { max: AUDIT_PAGE });
    }
    let accounts = state.accounts.clone().ok_or(ApiError::Unauthorized)?;
    let entries = blocking(move || accounts.audit_log(limit, params.before)).await??;
    Ok(Json(json!({ "entries": entries })).into_response())
}

fn utf8(body: Bytes) -> Result<String, ApiError> {
    String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::InvalidAddress("The body must be UTF-8 text.".into()))
}

fn if_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn saved_response(saved: editor::Saved) -> Response {
    let status = if saved.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let etag = saved.etag.clone();
    let body = json!({ "etag": saved.etag, "rev": saved.rev, "indexed": saved.indexed });
    with_etag((status, Json(body)).into_response(), etag.as_deref())
}

fn with_etag(mut response: Response, etag: Option<&str>) -> Response {
    if let Some(value) = etag.and_then(|e| HeaderValue::from_str(e).ok()) {
        response.headers_mut().insert(ETAG, value);
    }
    response
}
