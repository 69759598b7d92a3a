//! The edit form: a new article, an edit, a translation beside its original; saving (with
//! the checks' problems shown beside their fields) and the preview of the form's text.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use config::LANGS;

use super::conflict::conflict;
use super::form::{Fields, LineFields};
use super::rank::{RankRow, rank};
use super::shared::{EditParams, edit_href, error_page, page_layout, today};
use crate::auth::{CurrentUser, EditArticles};
use crate::editing::{article_key, publish, read};
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::staff::{Staff, StaffBar, StaffForm, redirect};
use crate::web::views::{Layout, dir_of};
use crate::{ApiError, AppState};

/// A choice in a `<select>`.
pub(super) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// Problems by form field, and those that belong to no field.
#[derive(Default)]
pub(super) struct Problems {
    by_field: HashMap<&'static str, Vec<String>>,
    general: Vec<String>,
}

impl Problems {
    fn of(&self, field: &str) -> &[String] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_empty()
    }

    fn new(problems: &[editor::LineProblem], lines: &LineFields, s: &StaffStrings) -> Problems {
        let mut out = Problems::default();
        for p in problems {
            let field = if p.file.is_none() {
                lines.get(&p.line).copied().or_else(|| {
                    ["title", "summary", "bureau", "lang", "status"]
                        .into_iter()
                        .find(|f| p.message.contains(&format!("missing {f}")))
                })
            } else {
                None
            };
            let text = match (&p.file, field) {
                (None, Some(_)) => p.message.clone(),
                (None, None) => format!(
                    "{}: {}",
                    fill(&s.ed_problem_line, &[("line", &p.line.to_string())]),
                    p.message
                ),
                (Some(file), _) => format!("{file}:{}: {}", p.line, p.message),
            };
            match field {
                Some(f) => out.by_field.entry(f).or_default().push(text),
                None => out.general.push(text),
            }
        }
        out
    }
}

/// The original shown beside a translation.
pub(super) struct Original {
    title: String,
    summary: String,
    body: String,
    lang: String,
    dir: &'static str,
}

#[derive(Template)]
#[template(path = "editor/edit.html")]
pub(super) struct EditPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    heading: String,
    action: String,
    preview_action: String,
    is_new: bool,
    bureaus: Vec<Choice>,
    langs: Vec<Choice>,
    f: Fields,
    problems: Problems,
    notice: Option<String>,
    summary_hint: String,
    counter: String,
    max: usize,
    over: bool,
    history_href: Option<String>,
    live_href: Option<String>,
    unpublish_action: Option<String>,
    rank_action: String,
    questions: String,
    rank: Vec<RankRow>,
    original: Option<Original>,
    back: String,
}

/// What an edit page needs besides the fields.
pub(super) struct Target {
    bureau: String,
    slug: String,
    /// The translation's language, for a translation.
    translation: Option<String>,
}

impl Target {
    fn action(&self, ui: &str) -> String {
        edit_href(&self.bureau, &self.slug, self.translation.as_deref(), ui)
    }
}

/// `GET /editor/new?keyword=&bureau=&translate=&translation=`: an empty form; `keyword` (from the
/// insights to-do list) becomes the first keyword; `translate=<slug>&translation=<tag>` starts a
/// translation of that article beside its original.
pub(super) async fn new_form(
    State(state): State<AppState>,
    staff_user: Staff<EditArticles>,
    Query(params): Query<EditParams>,
) -> Response {
    let Staff { user, locale, .. } = staff_user;
    if let (Some(slug), Some(lang)) = (params.translate.as_deref(), params.translation.as_deref()) {
        let bureau = params.bureau.clone().unwrap_or_default();
        let target = Target {
            bureau,
            slug: slug.to_owned(),
            translation: Some(lang.to_owned()),
        };
        return edit_page(&state, &user, &locale, target, None, &params).await;
    }
    let f = Fields {
        keywords: params.keyword.clone().unwrap_or_default(),
        bureau: params.bureau.clone().unwrap_or_default(),
        status: "published".to_owned(),
        ..Fields::default()
    };
    new_page(
        &state,
        &user,
        &locale,
        f,
        Problems::default(),
        StatusCode::OK,
    )
}

pub(super) fn new_page(
    state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    f: Fields,
    problems: Problems,
    status: StatusCode,
) -> Response {
    let s = staff(locale.reader);
    let ui = locale.tag();
    let bureaus = state
        .config
        .bureaus
        .iter()
        .filter(|b| user.account.may_edit(&b.id))
        .map(|b| Choice {
            selected: b.id == f.bureau,
            value: b.id.clone(),
            label: b.name.clone(),
        })
        .collect();
    let langs = lang_choices(if f.lang.is_empty() { "en" } else { &f.lang });
    let page = form_page(
        locale,
        user,
        s.ed_new_title.clone(),
        with_query("/editor/new", &[("lang", ui)]),
        with_query("/editor/preview", &[("lang", ui)]),
        f,
        problems,
    );
    render(
        status,
        &EditPage {
            is_new: true,
            bureaus,
            langs,
            ..page
        },
    )
}

pub(super) fn lang_choices(selected: &str) -> Vec<Choice> {
    LANGS
        .iter()
        .map(|l| Choice {
            value: l.tag.to_owned(),
            label: format!("{} ({})", l.native, l.tag),
            selected: l.tag == selected,
        })
        .collect()
}

/// The parts of the edit page every variant shares.
pub(super) fn form_page(
    locale: &Locale,
    user: &CurrentUser,
    heading: String,
    action: String,
    preview_action: String,
    mut f: Fields,
    problems: Problems,
) -> EditPage {
    let s = staff(locale.reader);
    let max = indexer_max();
    let count = f.summary.trim().chars().count();
    f.csrf = user.csrf().unwrap_or_default().to_owned();
    EditPage {
        l: page_layout(locale, &heading, "/editor"),
        s,
        bar: StaffBar::new(user, locale, false),
        heading,
        action,
        preview_action,
        is_new: false,
        bureaus: Vec::new(),
        langs: Vec::new(),
        summary_hint: fill(&s.ed_field_summary_hint, &[("max", &max.to_string())]),
        counter: fill(
            &s.ed_counter,
            &[("count", &count.to_string()), ("max", &max.to_string())],
        ),
        max,
        over: count > max,
        f,
        problems,
        notice: None,
        history_href: None,
        live_href: None,
        unpublish_action: None,
        rank_action: String::new(),
        questions: String::new(),
        rank: Vec::new(),
        original: None,
        back: with_query("/editor", &[("lang", locale.tag())]),
    }
}

/// The summary's limit, as the checks apply it.
pub(super) fn indexer_max() -> usize {
    editor::MAX_SUMMARY_CHARS
}

/// `GET /editor/articles/{bureau}/{slug}?translation=&saved=&questions=`: the edit form with the live
/// text, "how does it rank" for the questions given, and for a translation its original beside.
pub(super) async fn edit_form(
    State(state): State<AppState>,
    staff_user: Staff<EditArticles>,
    Path((bureau, slug)): Path<(String, String)>,
    Query(params): Query<EditParams>,
) -> Response {
    let Staff { user, locale, .. } = staff_user;
    let target = Target {
        bureau,
        slug,
        translation: params.translation(),
    };
    edit_page(&state, &user, &locale, target, None, &params).await
}

/// The edit page of `target`: with `edited` (fields and their problems) after a failed save,
/// else with the live text.
pub(super) async fn edit_page(
    state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    target: Target,
    edited: Option<(Fields, Problems)>,
    params: &EditParams,
) -> Response {
    let s = staff(locale.reader);
    let ui = locale.tag();
    let (bureau, slug) = (&target.bureau, &target.slug);
    let key = match article_key(state, user, bureau, slug, target.translation.as_deref()) {
        Ok(k) => k,
        Err(e) => return error_page(locale, &e),
    };
    let (k, k2) = (key.clone(), key.original());
    let (live, original) = match read(state, move |ws| Ok((ws.get(&k)?, ws.get(&k2)?))).await {
        Ok(both) => both,
        Err(e) => return error_page(locale, &e),
    };
    let is_translation = key.translation.is_some();
    if live.is_none() && !is_translation && edited.is_none() {
        return error_page(locale, &ApiError::NotFound);
    }
    let status = if edited.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (mut f, problems) = match edited {
        Some(e) => e,
        None => {
            let mut f = match &live {
                Some(l) => Fields::from_source(&l.source),
                None => translation_start(original.as_ref().map(|o| o.source.as_str())),
            };
            f.etag = live.as_ref().map(|l| l.etag.clone()).unwrap_or_default();
            (f, Problems::default())
        }
    };
    f.lang = key
        .translation
        .map(|l| l.tag.to_owned())
        .unwrap_or_default();
    let title = if f.title.is_empty() {
        key.slug.clone()
    } else {
        f.title.clone()
    };
    let action = target.action(ui);
    let mut preview_pairs = vec![
        ("bureau", key.bureau.as_str()),
        ("slug", key.slug.as_str()),
        ("lang", ui),
    ];
    if let Some(l) = key.translation {
        preview_pairs.push(("translation", l.tag));
    }
    let mut page = form_page(
        locale,
        user,
        fill(&s.ed_edit_title, &[("title", &title)]),
        action.clone(),
        with_query("/editor/preview", &preview_pairs),
        f,
        problems,
    );
    page.notice = match params.saved.as_deref() {
        Some("draft") => Some(s.ed_saved_draft.clone()),
        Some("published") => Some(s.ed_saved.clone()),
        _ => None,
    };
    if live.is_some() {
        let history = format!("/editor/articles/{}/{}/history", key.bureau, key.slug);
        let unpublish = format!("/editor/articles/{}/{}/unpublish", key.bureau, key.slug);
        let lang_pair: Vec<(&str, &str)> = key
            .translation
            .map(|l| vec![("translation", l.tag)])
            .unwrap_or_default();
        let with_ui = |path: &str| {
            let mut pairs = lang_pair.clone();
            pairs.push(("lang", ui));
            with_query(path, &pairs)
        };
        page.history_href = Some(with_ui(&history));
        page.unpublish_action = Some(with_ui(&unpublish));
        let live_path = match key.translation {
            Some(l) => format!("/{}/articles/{}", l.tag, key.slug),
            None => format!("/articles/{}", key.slug),
        };
        page.live_href = Some(live_path);
    }
    page.rank_action = action;
    if let Some(q) = params.questions.as_deref().filter(|q| !q.trim().is_empty()) {
        page.questions = q.to_owned();
        page.rank = rank(state, s, &key, q).await;
    }
    if is_translation && let Some(o) = original {
        let of = Fields::from_source(&o.source);
        let lang = if of.file_lang.is_empty() {
            "en".to_owned()
        } else {
            of.file_lang.clone()
        };
        page.original = Some(Original {
            dir: dir_of(&lang),
            lang,
            title: of.title,
            summary: of.summary,
            body: of.body,
        });
    }
    render(status, &page)
}

/// A new translation starts from its original's fields (to be translated), without its etag.
pub(super) fn translation_start(original: Option<&str>) -> Fields {
    let mut f = original.map(Fields::from_source).unwrap_or_default();
    f.file_lang.clear();
    f.updated.clear();
    f
}

/// `POST /editor/new`: saves a new article from the form.
pub(super) async fn save_new(
    State(state): State<AppState>,
    posted: StaffForm<EditArticles, Fields>,
) -> Response {
    let StaffForm {
        user,
        locale,
        form: f,
        ..
    } = posted;
    let key = match article_key(&state, &user, &f.bureau, &f.slug, None) {
        Ok(k) => k,
        Err(ApiError::InvalidAddress(m)) | Err(ApiError::UnknownBureau(m)) => {
            let mut problems = Problems::default();
            problems.by_field.insert("slug", vec![m]);
            return show_again(&state, &user, &locale, Again::New, f, problems).await;
        }
        Err(e) => return error_page(&locale, &e),
    };
    save_form(&state, &user, &locale, key, f, Again::New).await
}

/// Which form a save or preview that found problems shows again.
enum Again {
    /// The new-article form.
    New,
    /// The edit form of this article file.
    Edit(Target),
}

/// The form `again` once more with the fields as posted and their problems beside them (422).
async fn show_again(
    state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    again: Again,
    f: Fields,
    problems: Problems,
) -> Response {
    match again {
        Again::New => new_page(
            state,
            user,
            locale,
            f,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Again::Edit(target) => {
            let params = EditParams::default();
            edit_page(state, user, locale, target, Some((f, problems)), &params).await
        }
    }
}

/// Publishes the form's article as `key` over the version it started from, and answers with the
/// saved article, the form `again` with the checks' problems, the conflict page when someone
/// saved in between, or the error page.
///
/// The new-article form names its language in a choice (English is the default, written as no
/// language) and starts from no version; the edit form keeps the file's language (a
/// translation's is in its address) and always names the version it started from.
async fn save_form(
    state: &AppState,
    user: &CurrentUser,
    locale: &Locale,
    key: editor::ArticleKey,
    f: Fields,
    again: Again,
) -> Response {
    let (lang, etag) = match again {
        Again::New => (
            (!f.lang.is_empty() && f.lang != "en").then(|| f.lang.clone()),
            (!f.etag.is_empty()).then(|| f.etag.clone()),
        ),
        Again::Edit(_) => (
            Some(
                key.translation
                    .map_or_else(|| f.file_lang.clone(), |l| l.tag.to_owned()),
            ),
            Some(f.etag.clone()),
        ),
    };
    let (text, lines) = f.to_source(&key.bureau, lang.as_deref(), &today());
    match publish(state, user, key.clone(), text.clone(), etag, String::new()).await {
        Ok(_) => saved_redirect(&key, &f, locale.tag()),
        Err(editor::Error::Problems(p)) => {
            let problems = Problems::new(&p, &lines, staff(locale.reader));
            show_again(state, user, locale, again, f, problems).await
        }
        Err(e @ (editor::Error::Stale { .. } | editor::Error::PreconditionRequired { .. })) => {
            conflict(state, user, locale, &key, text, e)
        }
        Err(e) => error_page(locale, &e.into()),
    }
}

pub(super) fn saved_redirect(key: &editor::ArticleKey, f: &Fields, ui: &str) -> Response {
    let status = if f.source.is_empty() {
        if f.status == "draft" {
            "draft"
        } else {
            "published"
        }
    } else if editor::key::front_matter_value(&f.source, "status").as_deref() == Some("draft") {
        "draft"
    } else {
        "published"
    };
    let path = format!("/editor/articles/{}/{}", key.bureau, key.slug);
    let mut pairs = vec![("saved", status), ("lang", ui)];
    if let Some(l) = key.translation {
        pairs.insert(0, ("translation", l.tag));
    }
    redirect(&with_query(&path, &pairs))
}

/// `POST /editor/articles/{bureau}/{slug}?translation=`: saves the form (or, from the conflict page,
/// a whole text) over the version it started from.
pub(super) async fn save(
    State(state): State<AppState>,
    Path((bureau, slug)): Path<(String, String)>,
    Query(params): Query<EditParams>,
    posted: StaffForm<EditArticles, Fields>,
) -> Result<Response, Response> {
    let StaffForm {
        user,
        locale,
        form: f,
        ..
    } = posted;
    let translation = params.translation();
    let key = article_key(&state, &user, &bureau, &slug, translation.as_deref())
        .map_err(|e| error_page(&locale, &e))?;
    let again = Again::Edit(Target {
        bureau,
        slug,
        translation,
    });
    Ok(save_form(&state, &user, &locale, key, f, again).await)
}

/// `POST /editor/preview?bureau=&slug=&translation=`: the form's article as residents would see it.
pub(super) async fn preview_form(
    State(state): State<AppState>,
    Query(params): Query<EditParams>,
    posted: StaffForm<EditArticles, Fields>,
) -> Response {
    let StaffForm {
        user,
        locale,
        form: f,
        ..
    } = posted;
    let bureau = params.bureau.clone().unwrap_or_else(|| f.bureau.clone());
    let slug = params
        .slug
        .clone()
        .or_else(|| Some(f.slug.clone()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "preview".to_owned());
    let translation = params.translation();
    let lang = translation
        .clone()
        .or_else(|| Some(f.lang.clone()).filter(|l| !l.is_empty()))
        .or_else(|| Some(f.file_lang.clone()));
    let (text, lines) = f.to_source(&bureau, lang.as_deref(), &today());
    match super::preview::preview(
        &state,
        &user,
        &locale,
        &bureau,
        &slug,
        translation.as_deref(),
        text,
    )
    .await
    {
        Ok(page) => page,
        Err(ApiError::Invalid(p)) => {
            let problems = Problems::new(&p, &lines, staff(locale.reader));
            let again = if params.slug.is_none() {
                Again::New
            } else {
                Again::Edit(Target {
                    bureau,
                    slug,
                    translation,
                })
            };
            show_again(&state, &user, &locale, again, f, problems).await
        }
        Err(e) => error_page(&locale, &e),
    }
}
