//! What the workspace's pages share: the parameters of their addresses, the links between
//! them, their layout and the error page.

use std::collections::HashMap;

use axum::response::Response;
use config::Lang;
use serde::Deserialize;

use crate::ApiError;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages;
use crate::web::staff::i18n::StaffStrings;
use crate::web::staff::layout;
use crate::web::views::{Form, Layout};

/// `?translation=&rev=&saved=&questions=` and the new-article parameters. (`lang` is the
/// interface language, as on every page.)
#[derive(Debug, Deserialize, Default)]
pub(super) struct EditParams {
    pub(super) translation: Option<String>,
    pub(super) rev: Option<i64>,
    pub(super) saved: Option<String>,
    pub(super) questions: Option<String>,
    pub(super) keyword: Option<String>,
    pub(super) bureau: Option<String>,
    pub(super) slug: Option<String>,
    pub(super) translate: Option<String>,
}

impl EditParams {
    /// `?translation=`, when given and not empty.
    pub(super) fn translation(&self) -> Option<String> {
        self.translation.clone().filter(|l| !l.is_empty())
    }
}

/// A free form (revert, unpublish, rule files): each field's last value.
pub(super) type PlainForm = HashMap<String, String>;

/// An article's status (`published`, `draft`, `unpublished`, `invalid`) in the reader's words.
pub(super) fn status_label(s: &StaffStrings, status: &str) -> String {
    match status {
        "published" => s.ed_status_published.clone(),
        "draft" => s.ed_status_draft.clone(),
        "unpublished" => s.ed_status_unpublished.clone(),
        _ => s.ed_status_invalid.clone(),
    }
}

/// A language's own name (`Español` for `es`), or the tag when the city does not serve it.
pub(super) fn lang_name(tag: &str) -> String {
    Lang::by_tag(tag).map_or_else(|| tag.to_owned(), |l| l.native.to_owned())
}

/// The edit page's address of an article file.
pub(super) fn edit_href(bureau: &str, slug: &str, translation: Option<&str>, ui: &str) -> String {
    let path = format!("/editor/articles/{bureau}/{slug}");
    match translation {
        Some(lang) => with_query(&path, &[("translation", lang), ("lang", ui)]),
        None => with_query(&path, &[("lang", ui)]),
    }
}

pub(super) fn page_layout(locale: &Locale, title: &str, path: &str) -> Layout {
    let mut l = layout(locale, title, path, &[]);
    l.extra_js = Some(crate::web::assets::href("editor.js"));
    l
}

pub(super) fn error_page(locale: &Locale, e: &ApiError) -> Response {
    pages::error(locale, e, Form::search(locale, ""))
}

pub(super) fn day_time(at: time::OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02} UTC",
        config::day::format(at.date()),
        at.hour(),
        at.minute()
    )
}

pub(super) fn today() -> String {
    config::day::format(time::OffsetDateTime::now_utc().date())
}
