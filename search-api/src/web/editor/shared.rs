//! The workspace's pages: the bureau's articles, the edit form (new article, edit, translation
//! beside its original), the conflict page, the history with diffs, and the rule files for
//! admins. Each is a plain form: no JavaScript needed (`editor.js` only counts the summary's
//! characters as you type), every state-changing form carries the session's CSRF token, and
//! every request is checked against the account's bureaus on the server.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use config::{LANGS, Lang};
use serde::Deserialize;

use super::form::{Fields, LineFields};
use crate::auth::{Admin, CurrentUser, EditArticles};
use crate::editing::{self, article_key, publish, read, revert_to};
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::{self, render};
use crate::web::staff::i18n::{StaffStrings, staff};
use crate::web::staff::{Staff, StaffBar, StaffForm, layout, redirect};
use crate::web::views::{Form, Layout, dir_of};
use crate::{ApiError, AppState};

/// Most questions "how does it rank" checks at once.
const RANK_QUESTIONS: usize = 8;
/// How deep "how does it rank" looks.
const RANK_DEPTH: usize = 50;

/// `?translation=&rev=&saved=&questions=` and the new-article parameters. (`lang` is the
/// interface language, as on every page.)
#[derive(Debug, Deserialize, Default)]
pub struct EditParams {
    translation: Option<String>,
    rev: Option<i64>,
    saved: Option<String>,
    questions: Option<String>,
    keyword: Option<String>,
    bureau: Option<String>,
    slug: Option<String>,
    translate: Option<String>,
}

impl EditParams {
    /// `?translation=`, when given and not empty.
    fn translation(&self) -> Option<String> {
        self.translation.clone().filter(|l| !l.is_empty())
    }
}

/// A free form (revert, unpublish, rule files): each field's last value.
type PlainForm = HashMap<String, String>;

/// A choice in a `<select>`.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One row of the article list.
pub struct Row {
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
struct ListPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    new_href: String,
    rows: Vec<Row>,
    rules: Vec<(String, String)>,
    notice: Option<String>,
}

/// Problems by form field, and those that belong to no field.
#[derive(Default)]
pub struct Problems {
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

/// "How does it rank": a question, where the article lands for it, and why (from the ranking
/// report of that search).
pub struct RankRow {
    question: String,
    place: String,
    why: Vec<String>,
}

/// The original shown beside a translation.
pub struct Original {
    title: String,
    summary: String,
    body: String,
    lang: String,
    dir: &'static str,
}

#[derive(Template)]
#[template(path = "editor/edit.html")]
struct EditPage {
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

#[derive(Template)]
#[template(path = "editor/conflict.html")]
struct ConflictPage {
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

/// One revision in the history table.
pub struct RevRow {
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
struct HistoryPage {
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

#[derive(Template)]
#[template(path = "editor/rules.html")]
struct RulesPage {
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

fn status_label(s: &StaffStrings, status: &str) -> String {
    match status {
        "published" => s.ed_status_published.clone(),
        "draft" => s.ed_status_draft.clone(),
        "unpublished" => s.ed_status_unpublished.clone(),
        _ => s.ed_status_invalid.clone(),
    }
}

fn lang_name(tag: &str) -> String {
    Lang::by_tag(tag).map_or_else(|| tag.to_owned(), |l| l.native.to_owned())
}

/// The edit page's address of an article file.
fn edit_href(bureau: &str, slug: &str, translation: Option<&str>, ui: &str) -> String {
    let path = format!("/editor/articles/{bureau}/{slug}");
    match translation {
        Some(lang) => with_query(&path, &[("translation", lang), ("lang", ui)]),
        None => with_query(&path, &[("lang", ui)]),
    }
}

fn page_layout(locale: &Locale, title: &str, path: &str) -> Layout {
    let mut l = layout(locale, title, path, &[]);
    l.extra_js = Some(crate::web::assets::href("editor.js"));
    l
}

fn error_page(locale: &Locale, e: &ApiError) -> Response {
    pages::error(locale, e, Form::search(locale, ""))
}

/// `GET /editor`: the articles of the account's bureaus.
pub async fn list(
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

fn day_time(at: time::OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02} UTC",
        config::day::format(at.date()),
        at.hour(),
        at.minute()
    )
}

fn today() -> String {
    config::day::format(time::OffsetDateTime::now_utc().date())
}

/// What an edit page needs besides the fields.
struct Target {
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
pub async fn new_form(
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

fn new_page(
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

fn lang_choices(selected: &str) -> Vec<Choice> {
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
fn form_page(
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
fn indexer_max() -> usize {
    editor::MAX_SUMMARY_CHARS
}

/// `GET /editor/articles/{bureau}/{slug}?translation=&saved=&questions=`: the edit form with the live
/// text, "how does it rank" for the questions given, and for a translation its original beside.
pub async fn edit_form(
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
async fn edit_page(
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
fn translation_start(original: Option<&str>) -> Fields {
    let mut f = original.map(Fields::from_source).unwrap_or_default();
    f.file_lang.clear();
    f.updated.clear();
    f
}

/// Where the article `key` lands for each line of `questions`: "answer card", its place among
/// the results, or not in the first [`RANK_DEPTH`].
async fn rank(
    state: &AppState,
    s: &'static StaffStrings,
    key: &editor::ArticleKey,
    questions: &str,
) -> Vec<RankRow> {
    let url = match key.translation {
        Some(l) => format!("/{}/articles/{}", l.tag, key.slug),
        None => format!("/articles/{}", key.slug),
    };
    let qs: Vec<String> = questions
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .take(RANK_QUESTIONS)
        .map(str::to_owned)
        .collect();
    let lang = key.translation;
    let places = state
        .run(move |engine| {
            qs.into_iter()
                .map(|q| {
                    let mut request = engine::SearchRequest::new(&q);
                    request.limit = RANK_DEPTH;
                    request.lang = lang;
                    request.explain = true;
                    let r = engine.search(&request);
                    let card = r.answer.as_ref().is_some_and(|a| a.url == url);
                    let place = if card {
                        Some(0)
                    } else {
                        r.results.iter().position(|h| h.url == url).map(|p| p + 1)
                    };
                    let why = why(s, &r, &url, card);
                    (q, place, why)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
    places
        .into_iter()
        .map(|(question, place, why)| RankRow {
            question,
            place: match place {
                Some(0) => s.ed_rank_answer.clone(),
                Some(n) => n.to_string(),
                None => s.ed_rank_missing.clone(),
            },
            why,
        })
        .collect()
}

/// A short "why" for the article at `url` in the explained response `r`: how the card was
/// chosen when it is the card, else the words its ranked result matched and missed and its
/// strongest factors (those furthest from 1, at most three). Empty when it is not among the
/// results.
fn why(s: &StaffStrings, r: &engine::SearchResponse, url: &str, card: bool) -> Vec<String> {
    let mut out = Vec::new();
    if card && let Some(e) = &r.explain {
        out.push(match e.card.decision.as_str() {
            "best_bet" => s.ed_rank_bet.clone(),
            _ => s.ed_rank_card.clone(),
        });
    }
    let Some(ranked) = r
        .results
        .iter()
        .find(|h| h.url == url)
        .and_then(|h| h.explain.as_ref())
        .and_then(|e| e.ranked.as_ref())
    else {
        return out;
    };
    let words = |full: bool| {
        ranked
            .words
            .iter()
            .filter(|w| (w.matched != "none") == full)
            .map(|w| w.word.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (matched, missing) = (words(true), words(false));
    if !matched.is_empty() {
        out.push(fill(&s.ed_rank_matched, &[("words", &matched)]));
    }
    if !missing.is_empty() {
        out.push(fill(&s.ed_rank_unmatched, &[("words", &missing)]));
    }
    let f = &ranked.factors;
    let proximity = if f.bm25 > 0.0 {
        ranked.relevance / (f.bm25 * (1.0 + f.title_coverage))
    } else {
        1.0
    };
    let mut factors = [
        (&s.ed_factor_coverage, f.coverage * f.coverage),
        (&s.ed_factor_title, 1.0 + f.title_coverage),
        (&s.ed_factor_proximity, proximity),
        (&s.ed_factor_category, f.category),
        (&s.ed_factor_language, f.language),
        (
            &s.ed_factor_bureau,
            f.bureau_named * f.bureau_home * f.routed,
        ),
        (&s.ed_factor_recency, f.recency),
    ];
    factors.sort_by(|a, b| b.1.ln().abs().total_cmp(&a.1.ln().abs()));
    let top: Vec<String> = factors
        .iter()
        .filter(|(_, v)| v.is_finite() && (v - 1.0).abs() > 0.005)
        .take(3)
        .map(|(name, v)| format!("{name} ×{v:.2}"))
        .collect();
    if !top.is_empty() {
        out.push(fill(&s.ed_rank_factors, &[("factors", &top.join(", "))]));
    }
    out
}

/// `POST /editor/new`: saves a new article from the form.
pub async fn save_new(
    State(state): State<AppState>,
    posted: StaffForm<EditArticles, Fields>,
) -> Response {
    let StaffForm {
        user,
        locale,
        form: f,
        ..
    } = posted;
    let s = staff(locale.reader);
    let lang = (!f.lang.is_empty() && f.lang != "en").then(|| f.lang.clone());
    let key = match article_key(&state, &user, &f.bureau, &f.slug, None) {
        Ok(k) => k,
        Err(ApiError::InvalidAddress(m)) | Err(ApiError::UnknownBureau(m)) => {
            let mut problems = Problems::default();
            problems.by_field.insert("slug", vec![m]);
            return new_page(
                &state,
                &user,
                &locale,
                f,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Err(e) => return error_page(&locale, &e),
    };
    let (text, lines) = f.to_source(&key.bureau, lang.as_deref(), &today());
    let etag = (!f.etag.is_empty()).then(|| f.etag.clone());
    match publish(
        &state,
        &user,
        key.clone(),
        text.clone(),
        etag,
        String::new(),
    )
    .await
    {
        Ok(_) => saved_redirect(&key, &f, locale.tag()),
        Err(editor::Error::Problems(p)) => {
            let problems = Problems::new(&p, &lines, s);
            new_page(
                &state,
                &user,
                &locale,
                f,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e @ (editor::Error::Stale { .. } | editor::Error::PreconditionRequired { .. })) => {
            conflict(&state, &user, &locale, &key, text, e)
        }
        Err(e) => error_page(&locale, &e.into()),
    }
}

fn saved_redirect(key: &editor::ArticleKey, f: &Fields, ui: &str) -> Response {
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
pub async fn save(
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
    let s = staff(locale.reader);
    let translation = params.translation();
    let key = article_key(&state, &user, &bureau, &slug, translation.as_deref())
        .map_err(|e| error_page(&locale, &e))?;
    let lang = match key.translation {
        Some(l) => Some(l.tag.to_owned()),
        None => Some(f.file_lang.clone()),
    };
    let (text, lines) = f.to_source(&key.bureau, lang.as_deref(), &today());
    let etag = Some(f.etag.clone());
    Ok(
        match publish(
            &state,
            &user,
            key.clone(),
            text.clone(),
            etag,
            String::new(),
        )
        .await
        {
            Ok(_) => saved_redirect(&key, &f, locale.tag()),
            Err(editor::Error::Problems(p)) => {
                let problems = Problems::new(&p, &lines, s);
                let target = Target {
                    bureau,
                    slug,
                    translation,
                };
                edit_page(
                    &state,
                    &user,
                    &locale,
                    target,
                    Some((f, problems)),
                    &EditParams::default(),
                )
                .await
            }
            Err(e @ (editor::Error::Stale { .. } | editor::Error::PreconditionRequired { .. })) => {
                conflict(&state, &user, &locale, &key, text, e)
            }
            Err(e) => error_page(&locale, &e.into()),
        },
    )
}

/// The conflict page (409): the editor's version and the live one, their differences, and a
/// form that saves the editor's version over the live one knowingly.
fn conflict(
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

/// `POST /editor/preview?bureau=&slug=&translation=`: the form's article as residents would see it.
pub async fn preview_form(
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
            let s = staff(locale.reader);
            let problems = Problems::new(&p, &lines, s);
            if params.slug.is_none() {
                return new_page(
                    &state,
                    &user,
                    &locale,
                    f,
                    problems,
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            }
            let target = Target {
                bureau,
                slug,
                translation,
            };
            edit_page(
                &state,
                &user,
                &locale,
                target,
                Some((f, problems)),
                &EditParams::default(),
            )
            .await
        }
        Err(e) => error_page(&locale, &e),
    }
}

/// `GET /editor/articles/{bureau}/{slug}/history?translation=&rev=`: every revision, newest first, and
/// the changes of revision `rev` against the one before.
pub async fn history(
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
fn text_of(r: &editor::Revision) -> String {
    if r.status == editor::RevStatus::Unpublished {
        String::new()
    } else {
        r.source.clone()
    }
}

/// `POST /editor/articles/{bureau}/{slug}/revert?translation=` with `rev` in the form.
pub async fn revert(
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
pub async fn unpublish(
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
fn unpublished_redirect(locale: &Locale) -> Response {
    redirect(&with_query(
        "/editor",
        &[("saved", "unpublished"), ("lang", locale.tag())],
    ))
}

/// `GET /editor/rules/{name}` (admins): the rule file in a text area.
pub async fn rules_form(
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
fn rules_page(
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
pub async fn rules_save(
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
