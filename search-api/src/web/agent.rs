//! The 311 agent view, `GET /agent?q=&caller=`: compact, keyboard-first (the shortcuts are in
//! `static/agent.js`), with the answer in the caller's language beside the agent's.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use config::{Config, LANGS, Lang};
use engine::response::{Answer, SearchResponse};
use url::form_urlencoded;

use super::assets;
use super::click::ClickLinks;
use super::i18n::{self, fill};
use super::links;
use super::locale::Locale;
use super::pages::{self, render};
use super::views::{
    AgentPage, AnswerView, CallerCard, CallerOption, Form, HitView, Layout, NoticeView, dir_of,
};
use crate::AppState;
use crate::params::{self, RawParams};
use crate::searchlog::{self, LoggedQuestion};
use insights::Channel;

/// Results beside the answer card: what fits on one screen.
const AGENT_RESULTS: usize = 8;
/// Languages with a one-key shortcut (`1`..`9`), in the city's order.
const SHORTCUTS: usize = 9;

/// `GET /agent` and `/<lang>/agent`: the empty view, or the answer to `q` for a caller speaking
/// `caller` (a language tag; the interface language when absent). A search is recorded in the
/// search log (channel `agent`) and its result links record their clicks.
pub async fn agent(
    State(state): State<AppState>,
    locale: Locale,
    RawQuery(query): RawQuery,
) -> Response {
    if locale.bad_prefix {
        return pages::not_found(&locale);
    }
    let raw = RawParams::parse(query.as_deref());
    let caller = form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "caller")
        .and_then(|(_, v)| Lang::from_tag(&v).ok())
        .unwrap_or(locale.reader);
    let q = raw.q.clone().unwrap_or_default();
    let mut page = empty_page(&locale, &q, caller);
    // No question asked yet: the empty view. A question without a visible character (spaces,
    // U+3000, invisible characters) is the same 400 as an empty one, as on the search pages.
    if raw.q.is_none() {
        return render(StatusCode::OK, &page);
    }
    // The caller's language is the search's reader language: it breaks ties in detection and
    // picks the answer's translation.
    let forward = RawParams {
        q: Some(q),
        lang: Some(caller.tag.to_owned()),
        ..RawParams::default()
    };
    let request = match params::request(&forward, &state.config, AGENT_RESULTS) {
        Ok(request) => request,
        Err(e) => return pages::error(&locale, &e, page.form),
    };
    let question = state.search_log.redact(&request.q);
    // Under the 911 notice without a card, the notice's own article (the results lead with it)
    // is what the agent reads: it becomes the card, in the question's language as the results
    // list it (the caller's translation goes beside it, as for any card).
    let found = state
        .run(move |engine| {
            let response = engine.search_cached(&request);
            let lead = match (&response.emergency, &response.answer) {
                (Some(_), None) => response.results.first().and_then(|h| {
                    let lang = Lang::by_tag(&h.lang).unwrap_or(caller);
                    engine.article_card(h.slug.as_deref()?, lang)
                }),
                _ => None,
            };
            (response, lead)
        })
        .await;
    let (response, lead) = match found {
        Ok(found) => found,
        Err(e) => return pages::error(&locale, &e, page.form),
    };
    state.metrics.record_search(response.results.len());
    fill_results(&mut page, &response, &locale, &state.config);
    if let Some(answer) = response.answer.as_ref().or(lead.as_ref()) {
        fill_answer(&mut page, answer, caller, &locale, &state.config);
    }
    let shown = searchlog::shown(&response);
    let search =
        state
            .search_log
            .record(Channel::Agent, question.clone(), &response, shown.clone());
    ClickLinks::new(search, shown, locale.tag()).apply(
        &response,
        page.answer.as_mut(),
        &mut page.hits,
    );
    let mut rendered = render(StatusCode::OK, &page);
    rendered.extensions_mut().insert(LoggedQuestion(question));
    rendered
}

/// The view before a search: the question box, the caller's language picker with its shortcuts.
fn empty_page(locale: &Locale, q: &str, caller: Lang) -> AgentPage {
    let t = locale.t();
    let form = Form {
        action: format!("/{}/agent", locale.tag()),
        q: q.trim_end().to_owned(),
        label: t.agent_question_label.clone(),
        hint: t.agent_keys.clone(),
        autofocus: q.trim().is_empty(),
    };
    let mut l = Layout::new(locale, &t.agent_heading, |tag| {
        links::with_query(
            &format!("/{tag}/agent"),
            &[("q", q.trim()), ("caller", caller.tag)],
        )
    });
    l.extra_js = Some(assets::href("agent.js"));
    l.body_class = "agent";
    AgentPage {
        l,
        form,
        callers: LANGS
            .iter()
            .enumerate()
            .map(|(i, lang)| CallerOption {
                tag: lang.tag,
                label: if i < SHORTCUTS {
                    format!("{} · {}", i + 1, lang.native)
                } else {
                    lang.native.to_owned()
                },
                dir: lang.dir.as_str(),
                current: *lang == caller,
            })
            .collect(),
        count: String::new(),
        searched: false,
        emergency: None,
        answer: None,
        caller_card: None,
        copy_text: String::new(),
        copy_href: String::new(),
        referrals: Vec::new(),
        hits: Vec::new(),
    }
}

/// The count, notices and results of a search.
fn fill_results(page: &mut AgentPage, response: &SearchResponse, locale: &Locale, config: &Config) {
    let t = locale.t();
    page.searched = true;
    page.count = fill(&t.results_count, &[("count", &response.total.to_string())]);
    page.emergency = response.emergency.as_ref().map(|n| NoticeView::new(n, t));
    page.referrals = response
        .referrals
        .iter()
        .map(|n| NoticeView::new(n, t))
        .collect();
    page.hits = response
        .results
        .iter()
        .map(|h| HitView::new(h, locale, config))
        .collect();
}

/// The answer card, the same answer in the caller's language when translated, and what the agent
/// copies to read aloud or text: title, summary and phone in the caller's language.
fn fill_answer(
    page: &mut AgentPage,
    answer: &Answer,
    caller: Lang,
    locale: &Locale,
    config: &Config,
) {
    let ui = locale.tag();
    page.answer = Some(AnswerView::new(answer, locale, config));
    let in_caller = Some(answer)
        .filter(|a| a.lang != caller.tag)
        .and_then(|a| a.translations.iter().find(|t| t.lang == caller.tag));
    page.caller_card = in_caller.map(|v| CallerCard {
        tag: caller.tag,
        native: caller.native,
        dir: dir_of(caller.tag),
        href: links::article(&v.url, ui),
        title: v.title.clone(),
        summary: v.summary.clone(),
    });
    let (title, summary, href, lang) = match &page.caller_card {
        Some(c) => (&c.title, &c.summary, &c.href, c.tag),
        None => (
            &answer.title,
            &answer.summary,
            &answer.url,
            answer.lang.as_str(),
        ),
    };
    let phone_label = &i18n::ui(Lang::by_tag(lang).unwrap_or(Lang::ENGLISH))
        .t
        .phone_label;
    page.copy_text = match &answer.phone {
        Some(phone) => format!("{title}: {summary} {phone_label}: {phone}."),
        None => format!("{title}: {summary}"),
    };
    page.copy_href = href.split('?').next().unwrap_or_default().to_owned();
}
