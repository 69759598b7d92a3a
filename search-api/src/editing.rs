//! What the editors' API and pages share: the workspace, the bureau check made on every request
//! before anything is read or written, and the steps after a change (the audit record, the new
//! index served at once).

use std::sync::Arc;

use crate::auth::CurrentUser;
use crate::searchlog::blocking;
use crate::{ApiError, AppState};

/// The workspace, or 404 when the server runs without one.
pub fn workspace(state: &AppState) -> Result<Arc<editor::Workspace>, ApiError> {
    state.editor.clone().ok_or(ApiError::NotFound)
}

/// The article `bureau/slug?lang=` for `user`: 403 unless the account edits `bureau`, checked
/// before the address is even looked at.
pub fn article_key(
    state: &AppState,
    user: &CurrentUser,
    bureau: &str,
    slug: &str,
    lang: Option<&str>,
) -> Result<editor::ArticleKey, ApiError> {
    if !user.account.may_edit(bureau) {
        return Err(ApiError::Forbidden);
    }
    let ws = workspace(state)?;
    Ok(editor::ArticleKey::resolve(
        &state.config,
        ws.content_dir(),
        bureau,
        slug,
        lang,
    )?)
}

/// Saves `text` as `key` for `user` through the workspace, records it in the audit log and
/// serves the new index: the one path of the API and the edit form.
///
/// # Errors
/// The workspace's own ([`editor::Error::Stale`], [`editor::Error::Problems`], ...);
/// [`editor::Error::NotFound`] when the server runs without a workspace.
pub async fn publish(
    state: &AppState,
    user: &CurrentUser,
    key: editor::ArticleKey,
    text: String,
    if_match: Option<String>,
    note: String,
) -> Result<editor::Saved, editor::Error> {
    let name = key.name();
    change(state, user, "article.save", name, move |ws, author| {
        ws.put(&key, &text, if_match.as_deref(), author, &note)
    })
    .await
}

/// Unpublishes `key` for `user` (the file removed, its text kept in the history), with the audit
/// record and the new index served.
///
/// # Errors
/// As [`publish`]; [`editor::Error::HasTranslations`] for an original with live translations.
pub async fn unpublish(
    state: &AppState,
    user: &CurrentUser,
    key: editor::ArticleKey,
    if_match: Option<String>,
) -> Result<editor::Saved, editor::Error> {
    let name = key.name();
    change(state, user, "article.unpublish", name, move |ws, author| {
        ws.unpublish(&key, if_match.as_deref(), author)
    })
    .await
}

/// Saves the rule file `name` (checked like `firststop check`) for `user`, with the audit record
/// and the new index served.
///
/// # Errors
/// As [`publish`].
pub async fn save_rules(
    state: &AppState,
    user: &CurrentUser,
    name: String,
    text: String,
    if_match: Option<String>,
) -> Result<editor::Saved, editor::Error> {
    let target = format!("rules/{name}");
    change(state, user, "rules.save", target, move |ws, author| {
        ws.put_rules(&name, &text, if_match.as_deref(), author)
    })
    .await
}

/// Reads from the workspace off the async threads.
///
/// # Errors
/// [`ApiError::NotFound`] without a workspace, [`ApiError::Internal`] when the task fails, and
/// the workspace's own errors.
pub async fn read<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&editor::Workspace) -> Result<T, editor::Error> + Send + 'static,
) -> Result<T, ApiError> {
    let ws = workspace(state)?;
    Ok(blocking(move || work(&ws)).await??)
}

/// One change through the workspace, made off the async threads by `work` (given the workspace
/// and the author's name), then [`after_change`] as `action` on `target`.
async fn change(
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    target: String,
    work: impl FnOnce(&editor::Workspace, &str) -> Result<editor::Saved, editor::Error> + Send + 'static,
) -> Result<editor::Saved, editor::Error> {
    let ws = workspace(state).map_err(|_| editor::Error::NotFound)?;
    let author = user.account.name.clone();
    let saved = blocking(move || work(&ws, &author))
        .await
        .map_err(|_| editor::Error::Internal(format!("the {action} task failed")))??;
    after_change(state, user, action, &target, &saved).await;
    Ok(saved)
}

/// What follows every change: the audit record and the new index served.
pub async fn after_change(
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    target: &str,
    saved: &editor::Saved,
) {
    let Some(rev) = saved.rev else {
        return;
    };
    if let Some(accounts) = state.accounts.clone() {
        let (actor, action, name) = (
            user.account.name.clone(),
            action.to_owned(),
            target.to_owned(),
        );
        let detail = format!("rev {rev}");
        let recorded = blocking(move || {
            accounts.record(
                &accounts::AuditEntry {
                    actor: &actor,
                    action: &action,
                    target: &name,
                    detail: &detail,
                },
                time::OffsetDateTime::now_utc(),
            )
        })
        .await;
        if !matches!(recorded, Ok(Ok(()))) {
            tracing::error!(target = %target, "the audit log did not record a change");
        }
    }
    if saved.indexed {
        let _ = state.reload_now().await;
    }
}

/// Reverts `key` to `rev` for `user`, with the audit record and the new index served.
///
/// # Errors
/// As [`publish`]; [`editor::Error::NotFound`] for an unknown revision.
pub async fn revert_to(
    state: &AppState,
    user: &CurrentUser,
    key: editor::ArticleKey,
    rev: i64,
    if_match: Option<String>,
) -> Result<editor::Saved, editor::Error> {
    let name = key.name();
    change(state, user, "article.revert", name, move |ws, author| {
        ws.revert(&key, rev, if_match.as_deref(), author)
    })
    .await
}
