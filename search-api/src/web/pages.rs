//! The home page, article pages, the 404 and error pages, and how a page becomes a response.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{self, CONTENT_TYPE, VARY};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use config::Lang;
use engine::ArticleView;

use super::i18n::fill;
use super::locale::Locale;
use super::staff::i18n::staff;
use super::views::{
    ArticleCard, ArticlePage, BureauName, ErrorPage, Form, HomePage, LangLink, Layout, Topic,
    actions, bureau_href, dir_of,
};
use super::{assets, links};
use crate::{ApiError, AppState};

/// `GET /` and `/<lang>/`: one search box and the most-asked topics.
pub async fn home(State(state): State<AppState>, locale: Locale) -> Response {
    if locale.bad_prefix {
        return not_found(&locale);
    }
    let reader = locale.reader;
    let topics = match state.run(move |engine| engine.topics(reader)).await {
        Ok(topics) => topics,
        Err(e) => return error(&locale, &e, Form::search(&locale, "")),
    };
    let ui = locale.tag();
    let page = HomePage {
        l: Layout::new(&locale, &locale.t().site_tagline, |tag| format!("/{tag}/")),
        form: Form::search(&locale, ""),
        topics: topics
            .iter()
            .map(|a| Topic {
                title: a.title.clone(),
                href: links::article(&a.url, ui),
                lang: a.lang.clone(),
                dir: dir_of(&a.lang),
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// `GET /articles/{slug}`: the article in its original language.
pub async fn article(
    State(state): State<AppState>,
    locale: Locale,
    Path(slug): Path<String>,
) -> Response {
    show_article(state, locale, None, slug).await
}

/// `GET /{lang}/articles/{slug}`: a translation.
pub async fn article_in(
    State(state): State<AppState>,
    locale: Locale,
    Path((lang, slug)): Path<(String, String)>,
) -> Response {
    match Lang::by_tag(&lang) {
        Some(lang) => show_article(state, locale, Some(lang), slug).await,
        None => not_found(&locale),
    }
}

async fn show_article(
    state: AppState,
    locale: Locale,
    lang: Option<Lang>,
    slug: String,
) -> Response {
    let found = state
        .run(move |engine| {
            let mut versions = engine.article_versions(&slug);
            let original = format!("/articles/{slug}");
            let shown = versions.iter().position(|v| match lang {
                Some(lang) => v.lang == lang.tag,
                None => v.url == original,
            })?;
            let view = versions.remove(shown);
            Some((view, versions))
        })
        .await;
    let (view, others) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(&locale),
        Err(e) => return error(&locale, &e, Form::search(&locale, "")),
    };
    article_page(&state, &locale, view, &others)
}

/// The article page of `view`, linking to its other language versions `others`: the one
/// renderer of an article, for residents and for the editors' preview.
pub fn article_page(
    state: &AppState,
    locale: &Locale,
    view: ArticleView,
    others: &[ArticleView],
) -> Response {
    let in_lang = |tag: &str| {
        std::iter::once(&view)
            .chain(others)
            .find(|v| v.lang == tag)
            .map(|v| links::article(&v.url, tag))
    };
    let l = Layout::new(locale, &view.title, |tag| {
        in_lang(tag).unwrap_or_else(|| links::with_query(&view.url, &[("lang", tag)]))
    });
    let translations = others
        .iter()
        .filter_map(|v| {
            let lang = Lang::by_tag(&v.lang)?;
            Some(LangLink {
                tag: lang.tag,
                native: lang.native.to_owned(),
                dir: lang.dir.as_str(),
                href: links::article(&v.url, lang.tag),
                current: false,
            })
        })
        .collect();
    let state_config = &state.config;
    let page = ArticlePage {
        l,
        form: Form::search(locale, ""),
        a: ArticleCard {
            dir: dir_of(&view.lang),
            actions: actions(&view.actions),
            bureau_href: bureau_href(state_config, &view.bureau),
            bureau: BureauName::new(state_config, &view.bureau, locale),
            title: view.title,
            summary: view.summary,
            lang: view.lang,
            html: view.html,
            phone: view.phone,
            updated: view.updated,
        },
        translations,
    };
    render(StatusCode::OK, &page)
}

/// `GET /static/{file}`: the asset under its current hashed name (cached for a year: the name
/// changes with the content), else the 404 page.
pub async fn static_file(locale: Locale, Path(file): Path<String>) -> Response {
    match assets::by_href(&format!("/static/{file}")) {
        Some(asset) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.body,
        )
            .into_response(),
        None => not_found(&locale),
    }
}

/// Anything no route matched: the HTML 404 page, or the JSON error under `/api/`.
pub async fn fallback(locale: Locale, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    not_found(&locale)
}

/// The 404 page in the reader's language, with an empty search box.
pub fn not_found(locale: &Locale) -> Response {
    error(locale, &ApiError::NotFound, Form::search(locale, ""))
}

/// The friendly page for a failed request: the status of `e`, its message in the reader's
/// language, and a search box to try again.
pub fn error(locale: &Locale, e: &ApiError, form: Form) -> Response {
    let (status, _) = e.status_and_code();
    let t = locale.t();
    let s = staff(locale.reader);
    let message = match e {
        ApiError::EmptyQuery => t.err_empty_query.clone(),
        ApiError::QueryTooLong { max } => fill(&t.err_query_too_long, &[("max", &max.to_string())]),
        ApiError::InvalidLimit { .. } | ApiError::InvalidOffset { .. } => {
            t.err_invalid_page.clone()
        }
        ApiError::UnknownBureau(_) => t.err_unknown_bureau.clone(),
        ApiError::UnknownKind(_) => t.err_unknown_kind.clone(),
        ApiError::UnknownLang(_) => t.err_unknown_lang.clone(),
        ApiError::NotFound => t.not_found_text.clone(),
        ApiError::Busy => t.err_busy.clone(),
        ApiError::Internal => t.err_internal.clone(),
        ApiError::InvalidDate(_) => s.err_invalid_date.clone(),
        ApiError::InvalidRange => s.err_invalid_range.clone(),
        ApiError::InvalidSort(_)
        | ApiError::InvalidWindow
        | ApiError::InvalidChannel(_)
        | ApiError::InvalidDebug(_) => s.err_invalid_filter.clone(),
        ApiError::Unauthorized => s.err_unauthorized.clone(),
        ApiError::Forbidden => s.forbidden_text.clone(),
        ApiError::InvalidCsrf => s.err_form_expired.clone(),
        ApiError::InvalidAddress(_) => t.not_found_text.clone(),
        ApiError::PreconditionRequired
        | ApiError::PreconditionFailed { .. }
        | ApiError::Conflict(_) => s.ed_conflict_text.clone(),
        ApiError::Invalid(_) => s.ed_problems_heading.clone(),
    };
    let heading = match e {
        ApiError::NotFound => &t.not_found_heading,
        ApiError::Forbidden | ApiError::InvalidCsrf => &s.forbidden_heading,
        _ if status.is_client_error() => &t.bad_request_heading,
        _ => &t.error_heading,
    };
    let page = ErrorPage {
        l: Layout::new(locale, heading, |tag| format!("/{tag}/")),
        form,
        heading: heading.clone(),
        message,
    };
    render(status, &page)
}

/// A page that only says something: `heading` and `message` under `status`, with an empty search
/// box and a link home.
pub fn message(locale: &Locale, status: StatusCode, heading: &str, message: &str) -> Response {
    let page = ErrorPage {
        l: Layout::new(locale, heading, |tag| format!("/{tag}/")),
        form: Form::search(locale, ""),
        heading: heading.to_owned(),
        message: message.to_owned(),
    };
    render(status, &page)
}

/// The page as HTML with `status`; a page that fails to render is a logged 500.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (VARY, "Accept-Language"),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Something went wrong on our side; it has been logged.",
            )
                .into_response()
        }
    }
}
