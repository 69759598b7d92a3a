//! An article's history: every revision with the changes of one, revert and unpublish.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::conflict::conflict;
use super::shared::{
    EditParams, PlainForm, day_time, edit_href, error_page, page_layout, status_label,
};
use crate::auth::EditArticles;
use crate::editing::{self, article_key, read, revert_to};
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::staff::{Staff, StaffBar, StaffForm, redirect};
use crate::web::views::Layout;
use crate::{ApiError, AppState};

/// One revision in the history table.
pub(super) struct RevRow {
    rev: i64,
    /// Whether its changes are the ones shown.
    shown: bool,
    author: String,
    at: String,
    status: String,
    note: String,
    diff_href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "editor/history.html")]
pub(super) struct HistoryPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    heading: String,
    rows: Vec<RevRow>,
    revert_action: String,
    csrf: String,
    shown: Option<i64>,
    diff: Vec<editor::DiffLine>,
    edit_href: String,
}

/// `GET /editor/articles/{bureau}/{slug}/history?translation=&rev=`: every revision, newest first, and
/// the changes of revision `rev` against the one before.
pub(super) async fn history(
    State(state): State<AppState>,
    staff_user: Staff<EditArticles>,
    Path((bureau, slug)): Path<(String, String)>,
    Query(params): Query<EditParams>,
) -> Result<Response, Response> {
    let Staff { user, locale, .. } = staff_user;
    let s = staff(locale.reader);
    let ui = locale.tag();
    let translation = params.translation();
    let key = article_key(&state, &user, &bureau, &slug, translation.as_deref())
        .map_err(|e| error_page(&locale, &e))?;
    let revisions = match read(&state, move |ws| ws.history_of(&key)).await {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => return Err(error_page(&locale, &ApiError::NotFound)),
        Err(e) => return Err(error_page(&locale, &e)),
    };
    let path = format!("/editor/articles/{bureau}/{slug}/history");
    let lang_pairs = |extra: Vec<(&'static str, String)>| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(l) = &translation {
            pairs.push(("translation", l.clone()));
        }
        pairs.extend(extra);
        pairs.push(("lang", ui.to_owned()));
        pairs
    };
    let href = |p: &str, extra: Vec<(&'static str, String)>| {
        let pairs = lang_pairs(extra);
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        with_query(p, &borrowed)
    };
    let last = revisions.last().map(|r| r.rev);
    let shown = params.rev.filter(|r| revisions.iter().any(|x| x.rev == *r));
    let diff = shown
        .map(|rev| {
            let before = revisions
                .iter()
                .rev()
                .find(|r| r.rev < rev)
                .map(text_of)
                .unwrap_or_default();
            let after = revisions
                .iter()
                .find(|r| r.rev == rev)
                .map(text_of)
                .unwrap_or_default();
            editor::diff(&before, &after)
        })
        .unwrap_or_default();
    let title = revisions
        .iter()
        .rev()
        .find_map(|r| editor::key::front_matter_value(&r.source, "title"))
        .unwrap_or_else(|| slug.clone());
    let rows = revisions
        .iter()
        .rev()
        .map(|r| RevRow {
            rev: r.rev,
            shown: Some(r.rev) == shown,
            author: r.author.clone(),
            at: day_time(r.at),
            status: status_label(s, r.status.as_str()),
            note: r.note.clone(),
            diff_href: href(&path, vec![("rev", r.rev.to_string())]),
            current: Some(r.rev) == last,
        })
        .collect();
    let page = HistoryPage {
        l: page_layout(
            &locale,
            &fill(&s.ed_history_title, &[("title", &title)]),
            "/editor",
        ),
        s,
        bar: StaffBar::new(&user, &locale, false),
        heading: fill(&s.ed_history_title, &[("title", &title)]),
        rows,
        revert_action: href(&format!("/editor/articles/{bureau}/{slug}/revert"), vec![]),
        csrf: user.csrf().unwrap_or_default().to_owned(),
        shown,
        diff,
        edit_href: edit_href(&bureau, &slug, translation.as_deref(), ui),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The text a revision left live: nothing after an unpublish.
pub(super) fn text_of(r: &editor::Revision) -> String {
    if r.status == editor::RevStatus::Unpublished {
        String::new()
    } else {
        r.source.clone()
    }
}

/// `POST /editor/articles/{bureau}/{slug}/revert?translation=` with `rev` in the form.
pub(super) async fn revert(
    State(state): State<AppState>,
    Path((bureau, slug)): Path<(String, String)>,
    Query(params): Query<EditParams>,
    posted: StaffForm<EditArticles, PlainForm>,
) -> Result<Response, Response> {
    let StaffForm {
        user, locale, form, ..
    } = posted;
    let translation = params.translation();
    let key = article_key(&state, &user, &bureau, &slug, translation.as_deref())
        .map_err(|e| error_page(&locale, &e))?;
    let Some(rev) = form.get("rev").and_then(|r| r.parse().ok()) else {
        return Err(error_page(&locale, &ApiError::NotFound));
    };
    let saved = revert_to(&state, &user, key.clone(), rev, None)
        .await
        .map_err(|e| error_page(&locale, &e.into()))?;
    if saved.etag.is_none() {
        return Ok(unpublished_redirect(&locale));
    }
    let path = format!("/editor/articles/{bureau}/{slug}/history");
    let mut pairs = vec![("lang", locale.tag())];
    if let Some(l) = key.translation {
        pairs.insert(0, ("translation", l.tag));
    }
    Ok(redirect(&with_query(&path, &pairs)))
}

/// `POST /editor/articles/{bureau}/{slug}/unpublish?translation=` with the form's etag.
pub(super) async fn unpublish(
    State(state): State<AppState>,
    Path((bureau, slug)): Path<(String, String)>,
    Query(params): Query<EditParams>,
    posted: StaffForm<EditArticles, PlainForm>,
) -> Result<Response, Response> {
    let StaffForm {
        user, locale, form, ..
    } = posted;
    let translation = params.translation();
    let key = article_key(&state, &user, &bureau, &slug, translation.as_deref())
        .map_err(|e| error_page(&locale, &e))?;
    let etag = form.get("etag").cloned();
    Ok(
        match editing::unpublish(&state, &user, key.clone(), etag).await {
            Ok(_) => unpublished_redirect(&locale),
            Err(e @ (editor::Error::Stale { .. } | editor::Error::PreconditionRequired { .. })) => {
                conflict(&state, &user, &locale, &key, String::new(), e)
            }
            Err(e) => error_page(&locale, &e.into()),
        },
    )
}

/// Back to the article list, saying the article is no longer published.
pub(super) fn unpublished_redirect(locale: &Locale) -> Response {
    redirect(&with_query(
        "/editor",
        &[("saved", "unpublished"), ("lang", locale.tag())],
    ))
}
