//! `GET /insights`: the dashboard. Filters (dates, language, bureau, channel) are a GET form, so
//! every view has an address; everything is drawn on the server.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use config::{Config, LANGS, Lang};
use insights::{Channel, QuestionRow, Slice, Summary, Trend};
use time::OffsetDateTime;
use url::form_urlencoded;

use super::chart::{self, ChartView, Point};
use super::format::Numbers;
use super::i18n::{StaffStrings, staff};
use super::page::{Staff, StaffBar, layout};
use crate::ApiError;
use crate::AppState;
use crate::auth::ReadInsights;
use crate::params::ReportParams;
use crate::web::i18n::fill;
use crate::web::links::{self, with_query};
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::views::{BureauName, Layout, dir_of};

/// Questions in the top and to-do lists.
const LIST: usize = 20;
/// Questions in the rising list and answers in "where questions ended".
const SHORT_LIST: usize = 10;
/// The rising list compares this many days with as many before.
const WEEK: u32 = 7;

/// The dashboard (`staff/dashboard.html`).
#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    intro: String,
    f: FilterForm,
    /// What was wrong with the filters, if anything (then there is no data).
    problem: Option<String>,
    data: Option<Data>,
}

/// The filter form, as sent.
pub(super) struct FilterForm {
    pub action: String,
    pub show_lang: bool,
    pub from: String,
    pub to: String,
    pub langs: Vec<Choice>,
    pub bureaus: Vec<Choice>,
    pub channels: Vec<Choice>,
}

/// One option of a filter.
pub(super) struct Choice {
    pub value: String,
    pub label: String,
    /// The label's language when it is not the page's (a language's own name, a bureau's English
    /// name).
    pub lang: Option<&'static str>,
    pub selected: bool,
}

/// What the dashboard shows for a valid filter.
struct Data {
    export_href: String,
    range: String,
    totals: Vec<Total>,
    days: ChartView,
    day_rows: Vec<DayRow>,
    top: Vec<QuestionView>,
    todo: Vec<QuestionView>,
    rising_intro: String,
    col_now: String,
    col_before: String,
    rising: Vec<TrendView>,
    by_lang: Vec<SliceView>,
    by_channel: Vec<SliceView>,
    by_bureau: Vec<SliceView>,
    endings: Vec<EndingView>,
}

/// A figure of the totals.
pub(super) struct Total {
    pub label: String,
    pub value: String,
}

/// A line of a per-day table.
pub(super) struct DayRow {
    pub day: String,
    pub searches: String,
    pub zero: String,
    pub card: String,
    pub clicks: String,
}

/// A question in a list.
struct QuestionView {
    query: String,
    lang: String,
    dir: &'static str,
    language: String,
    href: String,
    write_href: String,
    count: String,
    zero: String,
    card: String,
    ctr: String,
    unmet: String,
    bureau: BureauName,
}

/// A rising question.
struct TrendView {
    query: String,
    lang: String,
    dir: &'static str,
    language: String,
    href: String,
    count: String,
    previous: String,
    growth: String,
}

/// A language, channel or bureau with its share.
struct SliceView {
    label: String,
    lang: Option<&'static str>,
    searches: String,
    share: String,
    /// The bar's length, 0 to 100.
    bar: f64,
    zero: String,
    card: String,
    ctr: String,
}

/// An answer (or first result) with the questions that ended there.
struct EndingView {
    target: String,
    href: String,
    kind: String,
    counts: String,
    questions: Vec<EndingQuestion>,
}

struct EndingQuestion {
    query: String,
    lang: String,
    dir: &'static str,
    href: String,
    count: String,
}

/// Everything read from the store for one view.
struct Read {
    summary: Summary,
    days: Vec<insights::DayPoint>,
    lists: insights::QuestionLists,
    rising: Vec<Trend>,
}

/// The dashboard page's own parameters: the insights API's, except that the question language
/// is `language` (`lang` is the page's interface language, as on every page).
pub(super) fn page_params(query: Option<&str>) -> ReportParams {
    let mut params = ReportParams::parse(query);
    params.lang = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, v)| k == "language" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned());
    params
}

/// The query pairs that carry a filter from one page to another (`from`, `to`, `language`,
/// `bureau`, `channel`), language excluded for the drill-down, which does not use it.
pub(super) fn filter_pairs(
    filter: &insights::Filter,
    with_language: bool,
) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("from", filter.from.to_string()),
        ("to", filter.to.to_string()),
    ];
    if let (true, Some(lang)) = (with_language, &filter.lang) {
        pairs.push(("language", lang.clone()));
    }
    if let Some(bureau) = &filter.bureau {
        pairs.push(("bureau", bureau.clone()));
    }
    if let Some(channel) = filter.channel {
        pairs.push(("channel", channel.to_string()));
    }
    pairs
}

/// `href` of `path` with `pairs` and the interface language.
pub(super) fn href(path: &str, pairs: &[(&'static str, String)], ui: &str) -> String {
    let mut all: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("lang", ui));
    with_query(path, &all)
}

/// `GET /insights?from=&to=&language=&bureau=&channel=`: totals, searches per day, top questions,
/// the editors' to-do list, rising questions, breakdowns by language, channel and bureau, and
/// where questions ended (role `insights` or `admin`).
pub async fn dashboard(
    staff_member: Staff<ReadInsights>,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Response {
    let Staff { user, locale, .. } = staff_member;
    let s = staff(locale.reader);
    let params = page_params(query.as_deref());
    let today = OffsetDateTime::now_utc().date();
    let bar = StaffBar::new(&user, &locale, true);
    let min = state.search_log.settings().min_count;
    let intro = fill(&s.dashboard_intro, &[("min", &min.to_string())]);
    let filter = match params.filter(&state.config, today) {
        Ok(filter) => filter,
        Err(e) => {
            let page = DashboardPage {
                l: layout(&locale, &s.dashboard_title, "/insights", &[]),
                s,
                bar,
                intro,
                f: form(&params, None, &state.config, &locale, "/insights"),
                problem: Some(problem(&e, s)),
                data: None,
            };
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let read = {
        let filter = filter.clone();
        state
            .read_insights(move |store| {
                Ok(Read {
                    summary: store.summary(&filter)?,
                    days: store.per_day(&filter)?,
                    lists: store.question_lists(&filter, LIST, SHORT_LIST)?,
                    rising: store.trending(WEEK, &filter, SHORT_LIST)?,
                })
            })
            .await
    };
    let read = match read {
        Ok(read) => read,
        Err(e) => {
            return crate::web::pages::error(
                &locale,
                &e,
                crate::web::views::Form::search(&locale, ""),
            );
        }
    };
    let pairs = filter_pairs(&filter, true);
    let page = DashboardPage {
        l: layout(&locale, &s.dashboard_title, "/insights", &pairs),
        s,
        bar,
        intro,
        f: form(&params, Some(&filter), &state.config, &locale, "/insights"),
        problem: None,
        data: Some(data(read, &filter, &state.config, &locale)),
    };
    render(StatusCode::OK, &page)
}

/// The reader's words for a refused filter.
pub(super) fn problem(e: &ApiError, s: &StaffStrings) -> String {
    match e {
        ApiError::InvalidDate(_) => s.err_invalid_date.clone(),
        ApiError::InvalidRange => s.err_invalid_range.clone(),
        _ => s.err_invalid_filter.clone(),
    }
}

/// The filter form: the filter in force, or what was sent when it was refused.
pub(super) fn form(
    params: &ReportParams,
    filter: Option<&insights::Filter>,
    config: &Config,
    locale: &Locale,
    action: &str,
) -> FilterForm {
    let s = staff(locale.reader);
    let value = |given: &Option<String>, valid: Option<String>| {
        valid.or_else(|| given.clone()).unwrap_or_default()
    };
    let chosen = |v: &Option<String>| v.clone().unwrap_or_default();
    let choices = |all: String, options: Vec<(String, String, Option<&'static str>)>, current| {
        std::iter::once((String::new(), all, None))
            .chain(options)
            .map(|(value, label, lang)| Choice {
                selected: value == current,
                value,
                label,
                lang,
            })
            .collect()
    };
    FilterForm {
        action: action.to_owned(),
        show_lang: true,
        from: value(&params.from, filter.map(|f| f.from.to_string())),
        to: value(&params.to, filter.map(|f| f.to.to_string())),
        langs: choices(
            s.filter_all_languages.clone(),
            LANGS
                .iter()
                .map(|l| (l.tag.to_owned(), l.native.to_owned(), Some(l.tag)))
                .collect(),
            chosen(&params.lang),
        ),
        bureaus: choices(
            s.filter_all_bureaus.clone(),
            config
                .bureaus
                .iter()
                .map(|b| {
                    let name = BureauName::of(config, &b.id, &b.name, locale);
                    (b.id.clone(), name.text, name.lang)
                })
                .collect(),
            chosen(&params.bureau),
        ),
        channels: choices(
            s.filter_all_channels.clone(),
            Channel::ALL
                .iter()
                .map(|c| (c.to_string(), channel_name(*c, s).to_owned(), None))
                .collect(),
            chosen(&params.channel),
        ),
    }
}

/// A channel as readers call it.
fn channel_name(channel: Channel, s: &StaffStrings) -> &str {
    match channel {
        Channel::Web => &s.channel_web,
        Channel::Agent => &s.channel_agent,
        Channel::Api => &s.channel_api,
    }
}

/// A language's own name (the tag itself for one the city does not list).
pub(super) fn language_name(tag: &str) -> String {
    Lang::by_tag(tag).map_or_else(|| tag.to_owned(), |l| l.native.to_owned())
}

/// A bureau's name in the reader's language where the City publishes one (else the English name,
/// marked as English), from the config; "no result" for searches that ended nowhere.
fn bureau_name(id: Option<&str>, config: &Config, locale: &Locale) -> BureauName {
    match id.filter(|id| !id.is_empty()) {
        Some(id) => BureauName::of(config, id, id, locale),
        None => BureauName {
            text: staff(locale.reader).no_bureau.clone(),
            lang: None,
        },
    }
}

/// Totals of a summary.
pub(super) fn totals(
    counts: &insights::Counts,
    took_ms: Option<f64>,
    n: Numbers<'_>,
    s: &StaffStrings,
) -> Vec<Total> {
    let share = |part: u64| {
        if counts.searches == 0 {
            n.maybe_percent(None)
        } else {
            n.percent(part as f64 / counts.searches as f64)
        }
    };
    let mut totals = vec![
        Total {
            label: s.total_searches.clone(),
            value: n.int(counts.searches),
        },
        Total {
            label: s.zero_share.clone(),
            value: share(counts.zero),
        },
        Total {
            label: s.card_share.clone(),
            value: share(counts.card),
        },
        Total {
            label: s.ctr.clone(),
            value: n.maybe_percent(counts.ctr()),
        },
    ];
    if let Some(ms) = took_ms {
        totals.push(Total {
            label: s.mean_time.clone(),
            value: fill(&s.ms, &[("ms", &n.fixed(ms, 1))]),
        });
    }
    totals
}

/// The searches-per-day chart and its table.
pub(super) fn per_day(
    days: &[insights::DayPoint],
    filter: &insights::Filter,
    n: Numbers<'_>,
    s: &StaffStrings,
) -> (ChartView, Vec<DayRow>) {
    let points: Vec<Point> = days
        .iter()
        .map(|d| Point {
            label: d.day.to_string(),
            value: d.counts.searches,
            title: format!("{}: {}", d.day, n.int(d.counts.searches)),
        })
        .collect();
    let total: u64 = days.iter().map(|d| d.counts.searches).sum();
    let peak = days.iter().max_by(|a, b| {
        a.counts
            .searches
            .cmp(&b.counts.searches)
            .then(b.day.cmp(&a.day))
    });
    let summary = fill(
        &s.per_day_summary,
        &[
            ("total", &n.int(total)),
            ("day", &peak.map(|p| p.day.to_string()).unwrap_or_default()),
            ("count", &n.int(peak.map_or(0, |p| p.counts.searches))),
        ],
    );
    let caption = fill(
        &s.per_day_caption,
        &[
            ("from", &filter.from.to_string()),
            ("to", &filter.to.to_string()),
        ],
    );
    let chart = chart::bars("days", caption, summary, &points, |v| n.int(v));
    let rows = days
        .iter()
        .map(|d| DayRow {
            day: d.day.to_string(),
            searches: n.int(d.counts.searches),
            zero: n.int(d.counts.zero),
            card: n.int(d.counts.card),
            clicks: n.int(d.counts.clicks),
        })
        .collect();
    (chart, rows)
}

fn data(read: Read, filter: &insights::Filter, config: &Config, locale: &Locale) -> Data {
    let s = staff(locale.reader);
    let n = Numbers::new(s);
    let ui = locale.tag();
    let drill = filter_pairs(filter, false);
    let question_href = |id: i64| href(&format!("/insights/questions/{id}"), &drill, ui);
    let question = |q: &QuestionRow| QuestionView {
        query: q.query.clone(),
        dir: dir_of(&q.lang),
        language: language_name(&q.lang),
        lang: q.lang.clone(),
        href: question_href(q.id),
        write_href: with_query("/editor/new", &[("keyword", q.query.as_str())]),
        count: n.int(q.count),
        zero: n.int(q.zero),
        card: n.int(q.card),
        ctr: n.maybe_percent(q.ctr),
        unmet: n.int(q.unmet),
        bureau: bureau_name(q.bureau.as_deref(), config, locale),
    };
    let total = read.summary.counts.searches;
    let slice = |x: &Slice, label: String, lang: Option<&'static str>| {
        let share = if total == 0 {
            0.0
        } else {
            x.counts.searches as f64 / total as f64
        };
        SliceView {
            label,
            lang,
            searches: n.int(x.counts.searches),
            share: n.percent(share),
            bar: (share * 1000.0).round() / 10.0,
            zero: n.percent(x.zero_share),
            card: n.percent(x.card_share),
            ctr: n.maybe_percent(x.ctr),
        }
    };
    let (days, day_rows) = per_day(&read.days, filter, n, s);
    let mut api = vec![
        ("from", filter.from.to_string()),
        ("to", filter.to.to_string()),
    ];
    if let Some(lang) = &filter.lang {
        api.push(("lang", lang.clone()));
    }
    if let Some(bureau) = &filter.bureau {
        api.push(("bureau", bureau.clone()));
    }
    if let Some(channel) = filter.channel {
        api.push(("channel", channel.to_string()));
    }
    let api: Vec<(&str, &str)> = api.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let week = WEEK.to_string();
    Data {
        export_href: with_query("/api/insights/export.csv", &api),
        range: fill(
            &s.range,
            &[
                ("from", &filter.from.to_string()),
                ("to", &filter.to.to_string()),
            ],
        ),
        totals: totals(&read.summary.counts, read.summary.took_ms, n, s),
        days,
        day_rows,
        top: read.lists.top.iter().map(&question).collect(),
        todo: read.lists.unmet.iter().map(&question).collect(),
        rising_intro: fill(&s.rising_intro, &[("days", &week)]),
        col_now: fill(&s.col_now, &[("days", &week)]),
        col_before: fill(&s.col_before, &[("days", &week)]),
        rising: read
            .rising
            .iter()
            .map(|t| TrendView {
                query: t.query.clone(),
                dir: dir_of(&t.lang),
                language: language_name(&t.lang),
                lang: t.lang.clone(),
                href: question_href(t.id),
                count: n.int(t.count),
                previous: n.int(t.previous),
                growth: format!("×{}", n.fixed(t.count as f64 / t.previous.max(1) as f64, 1)),
            })
            .collect(),
        by_lang: read
            .summary
            .by_lang
            .iter()
            .map(|x| {
                let lang = Lang::by_tag(&x.id).map(|l| l.tag);
                slice(x, language_name(&x.id), lang)
            })
            .collect(),
        by_channel: read
            .summary
            .by_channel
            .iter()
            .map(|x| {
                let name =
                    x.id.parse::<Channel>()
                        .map_or_else(|_| x.id.clone(), |c| channel_name(c, s).to_owned());
                slice(x, name, None)
            })
            .collect(),
        by_bureau: read
            .summary
            .by_bureau
            .iter()
            .map(|x| {
                let name = bureau_name(Some(&x.id), config, locale);
                slice(x, name.text, name.lang)
            })
            .collect(),
        endings: read
            .lists
            .endings
            .iter()
            .map(|e| EndingView {
                target: links::display(&e.target),
                href: if e.target.starts_with('/') {
                    links::article(&e.target, ui)
                } else {
                    links::safe(&e.target)
                },
                kind: (if e.card { &s.as_card } else { &s.as_first }).clone(),
                counts: fill(
                    &s.ending_counts,
                    &[
                        ("searches", &n.int(e.searches)),
                        ("questions", &n.int(e.distinct_questions)),
                    ],
                ),
                questions: e
                    .questions
                    .iter()
                    .map(|q| EndingQuestion {
                        query: q.query.clone(),
                        dir: dir_of(&q.lang),
                        lang: q.lang.clone(),
                        href: question_href(q.id),
                        count: n.int(q.count),
                    })
                    .collect(),
            })
            .collect(),
    }
}
