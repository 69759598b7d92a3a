//! The results page: `GET /search?q=` and `/<lang>/search?q=`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use config::{Config, Lang};

use super::click::ClickLinks;
use super::i18n::fill;
use super::links::{self, SearchLink};
use super::locale::Locale;
use super::pages::{self, render};
use super::views::{
    AnswerView, BureauName, FacetGroup, FacetItem, Form, HitView, LangLink, Layout, Link,
    NoticeView, PageLink, SearchPage, kind_label,
};
use crate::params::{self, MAX_OFFSET, RawParams};
use crate::searchlog::{self, LoggedQuestion};
use crate::{ApiError, AppState};
use engine::Kind;
use engine::response::SearchResponse;
use insights::Channel;

/// Results on one page.
pub const PAGE_SIZE: usize = 10;

/// `GET /search` and `/<lang>/search`: [`PAGE_SIZE`] results per page, moved through with
/// `page`, with the answer card, notices, filters and pager; a `page` past the last one is
/// redirected (303) to the last page; bad input gets the error page with its status (400), never
/// a 500. Every page answered is recorded in the search log (channel `web`; a redirect is not,
/// the page it leads to is), and its result links then record their clicks ([`ClickLinks`]).
pub async fn search(
    State(state): State<AppState>,
    locale: Locale,
    RawQuery(query): RawQuery,
) -> Response {
    if locale.bad_prefix {
        return pages::not_found(&locale);
    }
    let raw = RawParams::parse(query.as_deref());
    match results(&state, &locale, &raw).await {
        Ok(response) => response,
        Err(e) => pages::error(
            &locale,
            &e,
            Form::search(&locale, raw.q.as_deref().unwrap_or("")),
        ),
    }
}

/// The results page for `raw` (its `lang`, `limit` and `offset` replaced: the reader's language,
/// and paging by `page` only).
async fn results(state: &AppState, locale: &Locale, raw: &RawParams) -> Result<Response, ApiError> {
    // Pages always show PAGE_SIZE results and move by `page`, so every link they make agrees.
    let mut raw = raw.clone();
    raw.lang = Some(locale.reader.tag.to_owned());
    (raw.limit, raw.offset) = (None, None);
    let request = params::request(&raw, &state.config, PAGE_SIZE)?;
    let reader = locale.reader.tag;
    let (limit, offset) = (request.limit, request.offset);
    let question = state.search_log.redact(&request.q);
    let response = state
        .run(move |engine| engine.search_cached(&request))
        .await?;
    let in_reader = response
        .answer
        .as_ref()
        .filter(|a| a.lang != reader)
        .and_then(|a| a.translations.iter().find(|t| t.lang == reader));
    state.metrics.record_search(response.results.len());

    let link = SearchLink {
        q: response.query.clone(),
        bureau: raw.bureau.clone().filter(|b| !b.trim().is_empty()),
        kind: raw.kind.clone().filter(|k| !k.trim().is_empty()),
        result_lang: raw
            .result_lang
            .as_deref()
            .and_then(|l| Lang::from_tag(l).ok())
            .map(|l| l.tag.to_owned()),
        page: offset / limit + 1,
    };
    let ui = locale.tag();
    // A page past the last one (an old link, an edited URL, results that changed since): the
    // last page that has results, rather than "nothing matched" under the answer card.
    if offset > 0 && offset >= response.total {
        let last = response.total.div_ceil(limit).max(1);
        return Ok(Redirect::to(&link.page(last).href(ui)).into_response());
    }
    let t = locale.t();
    let query = response.query.trim_end().to_owned();
    let heading = fill(&t.results_title, &[("query", &query)]);
    let mut answer = response
        .answer
        .as_ref()
        .map(|a| AnswerView::new(a, locale, &state.config));
    if let (Some(card), Some(view)) = (answer.as_mut(), in_reader) {
        card.in_reader = Some(LangLink {
            tag: locale.reader.tag,
            native: fill(&t.answer_in, &[("language", locale.reader.native)]),
            dir: locale.ui.dir(),
            href: links::article(&view.url, ui),
            current: false,
        });
    }
    let mut hits: Vec<HitView> = response
        .results
        .iter()
        .map(|h| HitView::new(h, locale, &state.config))
        .collect();
    let shown = searchlog::shown(&response);
    let search = state
        .search_log
        .record(Channel::Web, question.clone(), &response, shown.clone());
    ClickLinks::new(search, shown, ui).apply(&response, answer.as_mut(), &mut hits);
    let page = SearchPage {
        l: Layout::new(locale, &heading, |tag| link.href(tag)),
        form: Form::search(locale, &response.query),
        count: fill(&t.results_count, &[("count", &response.total.to_string())]),
        emergency: response.emergency.as_ref().map(|n| NoticeView::new(n, t)),
        suggestion: response.suggestion.as_ref().map(|s| Link {
            href: SearchLink {
                q: s.clone(),
                ..Default::default()
            }
            .href(ui),
            label: s.clone(),
        }),
        answer,
        referrals: response
            .referrals
            .iter()
            .map(|n| NoticeView::new(n, t))
            .collect(),
        hits,
        empty: fill(&t.no_results, &[("query", &query)]),
        pages: pager(&link, response.total, limit, locale),
        facets: facets(&response, &link, locale, &state.config),
        heading,
    };
    let mut rendered = render(StatusCode::OK, &page);
    rendered.extensions_mut().insert(LoggedQuestion(question));
    Ok(rendered)
}

/// Previous, up to five numbered pages around this one, and next.
fn pager(link: &SearchLink, total: usize, limit: usize, locale: &Locale) -> Vec<PageLink> {
    let t = locale.t();
    let last = total.div_ceil(limit).min(MAX_OFFSET / limit + 1);
    let current = link.page;
    if last <= 1 {
        return Vec::new();
    }
    let number = |n: usize| fill(&t.page_number, &[("n", &n.to_string())]);
    let mut out = Vec::new();
    if current > 1 {
        out.push(PageLink {
            href: link.page(current - 1).href(locale.tag()),
            label: format!("‹ {}", t.previous),
            aria: t.previous.clone(),
            current: false,
            rel: "prev",
        });
    }
    for n in current.saturating_sub(2).max(1)..=(current + 2).min(last) {
        out.push(PageLink {
            href: link.page(n).href(locale.tag()),
            label: n.to_string(),
            aria: number(n),
            current: n == current,
            rel: "",
        });
    }
    if current < last {
        out.push(PageLink {
            href: link.page(current + 1).href(locale.tag()),
            label: format!("{} ›", t.next),
            aria: t.next.clone(),
            current: false,
            rel: "next",
        });
    }
    out
}

/// Bureau, language and kind, each as "any" plus one link per value; a chosen value links to
/// the search without it.
fn facets(
    response: &SearchResponse,
    link: &SearchLink,
    locale: &Locale,
    config: &Config,
) -> Vec<FacetGroup> {
    let t = locale.t();
    let ui = locale.tag();
    let group = |key: &'static str,
                 heading: &str,
                 chosen: &Option<String>,
                 set: &dyn Fn(&mut SearchLink, Option<String>),
                 values: Vec<(String, String, usize, Option<Lang>)>| {
        let with = |value: Option<String>| {
            let mut l = link.page(1);
            set(&mut l, value);
            l.href(ui)
        };
        let mut items = vec![FacetItem {
            label: t.filter_any.clone(),
            href: with(None),
            current: chosen.is_none(),
            count: None,
            lang: None,
            dir: None,
        }];
        for (id, label, count, lang) in values {
            let current = chosen.as_deref() == Some(id.as_str());
            items.push(FacetItem {
                label,
                href: with((!current).then(|| id.clone())),
                current,
                count: Some(count),
                lang: lang.map(|l| l.tag),
                dir: lang.map(|l| l.dir.as_str()),
            });
        }
        FacetGroup {
            key,
            heading: heading.to_owned(),
            items,
        }
    };
    let f = &response.facets;
    let bureaus = f
        .bureau
        .iter()
        .map(|c| {
            let name = BureauName::of(config, &c.id, c.name.as_deref().unwrap_or(&c.id), locale);
            let lang = name.lang.and_then(Lang::by_tag);
            (c.id.clone(), name.text, c.count, lang)
        })
        .collect();
    let langs = f
        .lang
        .iter()
        .map(|c| {
            let lang = Lang::by_tag(&c.id);
            let label = lang.map_or(c.id.clone(), |l| l.native.to_owned());
            (c.id.clone(), label, c.count, lang)
        })
        .collect();
    let kinds = f
        .kind
        .iter()
        .map(|c| {
            let label = kind_label(Kind::parse(&c.id), t).to_owned();
            (c.id.clone(), label, c.count, None)
        })
        .collect();
    let groups = [
        group(
            "bureau",
            &t.filter_bureau,
            &link.bureau,
            &|l, v| l.bureau = v,
            bureaus,
        ),
        group(
            "lang",
            &t.filter_language,
            &link.result_lang,
            &|l, v| l.result_lang = v,
            langs,
        ),
        group(
            "kind",
            &t.filter_kind,
            &link.kind,
            &|l, v| l.kind = v,
            kinds,
        ),
    ];
    // A group with nothing to pick is left out, unless a filter in it is on and must be undoable.
    groups
        .into_iter()
        .filter(|g| g.items.len() > 1 || !g.items[0].current)
        .collect()
}
