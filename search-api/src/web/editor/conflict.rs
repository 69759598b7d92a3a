//! The conflict page (409): the editor's version beside the live one, and a form that saves
//! the editor's version over it knowingly.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::shared::{edit_href, page_layout};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::staff::StaffBar;
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::views::Layout;

#[derive(Template)]
#[template(path = "editor/conflict.html")]
pub(super) struct ConflictPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    action: String,
    edit_href: String,
    csrf: String,
    etag: String,
    yours: String,
    live: String,
    diff: Vec<editor::DiffLine>,
}

/// The conflict page (409): the editor's version and the live one, their differences, and a
/// form that saves the editor's version over the live one knowingly.
pub(super) fn conflict(
    _state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    key: &editor::ArticleKey,
    yours: String,
    e: editor::Error,
) -> Response {
    let s = staff(locale.reader);
    let (live, etag) = match e {
        editor::Error::Stale { current, etag } => {
            (current.unwrap_or_default(), etag.unwrap_or_default())
        }
        editor::Error::PreconditionRequired { current, etag } => (current, etag),
        _ => (String::new(), String::new()),
    };
    let ui = locale.tag();
    let translation = key.translation.map(|l| l.tag);
    let page = ConflictPage {
        l: page_layout(locale, &s.ed_conflict_heading, "/editor"),
        s,
        bar: StaffBar::new(user, locale, false),
        action: edit_href(&key.bureau, &key.slug, translation, ui),
        edit_href: edit_href(&key.bureau, &key.slug, translation, ui),
        csrf: user.csrf().unwrap_or_default().to_owned(),
        diff: editor::diff(&live, &yours),
        etag,
        yours,
        live,
    };
    render(StatusCode::CONFLICT, &page)
}
