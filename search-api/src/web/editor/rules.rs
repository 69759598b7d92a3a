//! The rule files (synonyms, best bets, referrals, topics) in a text area, for admins,
//! checked on save as `firststop check` checks them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::shared::{EditParams, PlainForm, error_page, page_layout};
use crate::AppState;
use crate::auth::{Admin, CurrentUser};
use crate::editing::{self, read};
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::staff::{Staff, StaffBar, StaffForm, redirect};
use crate::web::views::Layout;

#[derive(Template)]
#[template(path = "editor/rules.html")]
pub(super) struct RulesPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    heading: String,
    action: String,
    csrf: String,
    etag: String,
    source: String,
    problems: Vec<String>,
    notice: Option<String>,
    back: String,
}

/// `GET /editor/rules/{name}` (admins): the rule file in a text area.
pub(super) async fn rules_form(
    State(state): State<AppState>,
    staff_user: Staff<Admin>,
    Path(name): Path<String>,
    Query(params): Query<EditParams>,
) -> Response {
    let Staff { user, locale, .. } = staff_user;
    let n = name.clone();
    let source = match read(&state, move |ws| ws.rules(&n)).await {
        Ok(s) => s,
        Err(e) => return error_page(&locale, &e),
    };
    let s = staff(locale.reader);
    let notice = params.saved.is_some().then(|| s.ed_saved.clone());
    rules_page(
        &user,
        &locale,
        &name,
        source.source,
        source.etag,
        Vec::new(),
        notice,
        StatusCode::OK,
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn rules_page(
    user: &CurrentUser,
    locale: &Locale,
    name: &str,
    source: String,
    etag: String,
    problems: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let s = staff(locale.reader);
    let heading = fill(&s.ed_rules_title, &[("name", name)]);
    let page = RulesPage {
        l: page_layout(locale, &heading, "/editor"),
        s,
        bar: StaffBar::new(user, locale, false),
        heading,
        action: with_query(&format!("/editor/rules/{name}"), &[("lang", locale.tag())]),
        csrf: user.csrf().unwrap_or_default().to_owned(),
        etag,
        source,
        problems,
        notice,
        back: with_query("/editor", &[("lang", locale.tag())]),
    };
    render(status, &page)
}

/// `POST /editor/rules/{name}` (admins): saves the rule file, checked like `firststop check`.
pub(super) async fn rules_save(
    State(state): State<AppState>,
    Path(name): Path<String>,
    posted: StaffForm<Admin, PlainForm>,
) -> Response {
    let StaffForm {
        user, locale, form, ..
    } = posted;
    let text = form
        .get("source")
        .cloned()
        .unwrap_or_default()
        .replace("\r\n", "\n");
    let etag = form.get("etag").cloned().unwrap_or_default();
    let (n, t, e) = (name.clone(), text.clone(), etag.clone());
    match editing::save_rules(&state, &user, n, t, Some(e)).await {
        Ok(_) => redirect(&with_query(
            &format!("/editor/rules/{name}"),
            &[("saved", "1"), ("lang", locale.tag())],
        )),
        Err(editor::Error::Problems(p)) => {
            let s = staff(locale.reader);
            let problems = p
                .iter()
                .map(|p| match &p.file {
                    Some(f) => format!("{f}:{}: {}", p.line, p.message),
                    None => format!(
                        "{}: {}",
                        fill(&s.ed_problem_line, &[("line", &p.line.to_string())]),
                        p.message
                    ),
                })
                .collect();
            rules_page(
                &user,
                &locale,
                &name,
                text,
                etag,
                problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(editor::Error::Stale { current, etag }) => {
            let s = staff(locale.reader);
            rules_page(
                &user,
                &locale,
                &name,
                current.unwrap_or_default(),
                etag.unwrap_or_default(),
                vec![s.ed_conflict_text.clone()],
                None,
                StatusCode::CONFLICT,
            )
        }
        Err(e) => error_page(&locale, &e.into()),
    }
}
