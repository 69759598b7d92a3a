//! The workspace's first page (`GET /editor`): the articles of the account's bureaus, each
//! language its own row, with outdated translations and missing languages, and the rule files
//! for admins.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::shared::{
    EditParams, day_time, edit_href, error_page, lang_name, page_layout, status_label,
};
use crate::AppState;
use crate::auth::EditArticles;
use crate::editing::read;
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::pages::render;
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::staff::{Staff, StaffBar};
use crate::web::views::Layout;

/// One row of the article list.
pub(super) struct Row {
    title: String,
    href: String,
    lang: String,
    lang_name: String,
    status: String,
    changed: String,
    original: bool,
    outdated: bool,
    missing: String,
}

#[derive(Template)]
#[template(path = "editor/list.html")]
pub(super) struct ListPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    new_href: String,
    rows: Vec<Row>,
    rules: Vec<(String, String)>,
    notice: Option<String>,
}

/// `GET /editor`: the articles of the account's bureaus.
pub(super) async fn list(
    State(state): State<AppState>,
    staff_user: Staff<EditArticles>,
    Query(params): Query<EditParams>,
) -> Response {
    let Staff { user, locale, .. } = staff_user;
    let s = staff(locale.reader);
    let account = user.account.clone();
    let listed = match read(&state, move |ws| ws.list(|b| account.may_edit(b))).await {
        Ok(l) => l,
        Err(e) => return error_page(&locale, &e),
    };
    let ui = locale.tag();
    let rows = listed
        .iter()
        .map(|a| Row {
            title: a.title.clone(),
            href: edit_href(
                &a.bureau,
                &a.slug,
                (!a.original).then_some(a.lang.as_str()),
                ui,
            ),
            lang_name: lang_name(&a.lang),
            lang: a.lang.clone(),
            status: status_label(s, &a.status),
            changed: match (&a.author, a.at) {
                (Some(author), Some(at)) => format!("{} · {author}", day_time(at)),
                _ => String::new(),
            },
            original: a.original,
            outdated: a.outdated,
            missing: if a.original && !a.missing.is_empty() {
                fill(&s.ed_missing, &[("count", &a.missing.len().to_string())])
            } else {
                String::new()
            },
        })
        .collect();
    let rules = if user.account.is_admin() {
        editor::RULE_FILES
            .iter()
            .map(|(name, _)| {
                (
                    (*name).to_owned(),
                    with_query(&format!("/editor/rules/{name}"), &[("lang", ui)]),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let notice = params
        .saved
        .as_deref()
        .filter(|v| *v == "unpublished")
        .map(|_| s.ed_unpublished.clone());
    let page = ListPage {
        l: page_layout(&locale, &s.ed_title, "/editor"),
        s,
        bar: StaffBar::new(&user, &locale, false),
        new_href: with_query("/editor/new", &[("lang", ui)]),
        rows,
        rules,
        notice,
    };
    render(StatusCode::OK, &page)
}
