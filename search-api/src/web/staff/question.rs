//! `GET /insights/questions/{id}`: one question in detail: its searches per day, how it was
//! written, the results it was shown and where its clicks went.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use time::OffsetDateTime;

use super::chart::{self, ChartView, Point};
use super::dashboard::{
    DayRow, FilterForm, Total, filter_pairs, form, href, page_params, per_day, problem, totals,
};
use super::format::Numbers;
use super::i18n::{StaffStrings, staff};
use super::page::{Staff, StaffBar, layout};
use crate::ApiError;
use crate::AppState;
use crate::auth::ReadInsights;
use crate::web::i18n::fill;
use crate::web::links;
use crate::web::pages::{self, render};
use crate::web::views::{Form, Layout, dir_of};

/// The drill-down page (`staff/question.html`).
#[derive(Template)]
#[template(path = "staff/question.html")]
struct QuestionPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: StaffBar,
    f: FilterForm,
    back_href: String,
    heading: String,
    lang: String,
    dir: &'static str,
    totals: Vec<Total>,
    days: ChartView,
    day_rows: Vec<DayRow>,
    forms: Vec<(String, String)>,
    shown: Vec<ShownView>,
    positions: Option<ChartView>,
    position_rows: Vec<(String, String)>,
}

/// A result the question was shown.
struct ShownView {
    url: String,
    href: String,
    shown: String,
    position: String,
    clicks: String,
}

/// `GET /insights/questions/{id}?from=&to=&bureau=&channel=` (role `insights` or `admin`); 404
/// for an unknown question or one asked fewer than `min_count` times in the range.
pub async fn question(
    staff_member: Staff<ReadInsights>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Staff { user, locale, .. } = staff_member;
    let s = staff(locale.reader);
    let n = Numbers::new(s);
    let ui = locale.tag();
    let Ok(id) = id.parse::<i64>() else {
        return pages::not_found(&locale);
    };
    let path = format!("/insights/questions/{id}");
    let mut params = page_params(query.as_deref());
    // The drill-down is of one question, in its own language.
    params.lang = None;
    let today = OffsetDateTime::now_utc().date();
    let filter = match params.filter(&state.config, today) {
        Ok(filter) => filter,
        Err(e) => {
            return pages::message(
                &locale,
                StatusCode::BAD_REQUEST,
                &s.dashboard_title,
                &problem(&e, s),
            );
        }
    };
    let detail = {
        let filter = filter.clone();
        state
            .read_insights(move |store| Ok(store.question(id, &filter)?))
            .await
    };
    let detail = match detail {
        Ok(Some(detail)) => detail,
        Ok(None) | Err(ApiError::NotFound) => return pages::not_found(&locale),
        Err(e) => return pages::error(&locale, &e, Form::search(&locale, "")),
    };
    let pairs = filter_pairs(&filter, false);
    let heading = fill(&s.question_title, &[("query", &detail.query)]);
    let (days, day_rows) = per_day(&detail.days, &filter, n, s);
    let clicks: u64 = detail.clicks_by_position.iter().map(|p| p.clicks).sum();
    let positions = (!detail.clicks_by_position.is_empty()).then(|| {
        let last = detail
            .clicks_by_position
            .iter()
            .map(|p| p.position)
            .max()
            .unwrap_or(1);
        let points: Vec<Point> = (1..=last)
            .map(|position| {
                let value = detail
                    .clicks_by_position
                    .iter()
                    .find(|p| p.position == position)
                    .map_or(0, |p| p.clicks);
                Point {
                    label: position.to_string(),
                    value,
                    title: format!("{position}: {}", n.int(value)),
                }
            })
            .collect();
        let most = detail
            .clicks_by_position
            .iter()
            .max_by(|a, b| a.clicks.cmp(&b.clicks).then(b.position.cmp(&a.position)))
            .map_or(1, |p| p.position);
        let summary = fill(
            &s.clicks_summary,
            &[("clicks", &n.int(clicks)), ("position", &most.to_string())],
        );
        chart::bars(
            "positions",
            s.clicks_caption.clone(),
            summary,
            &points,
            |v| n.int(v),
        )
    });
    let page = QuestionPage {
        l: layout(&locale, &heading, &path, &pairs),
        bar: StaffBar::new(&user, &locale, false),
        f: {
            let mut f = form(&params, Some(&filter), &state.config, &locale, &path);
            // The language is the question's own: no choice to offer.
            f.show_lang = false;
            f
        },
        back_href: href("/insights", &pairs, ui),
        totals: totals(&detail.counts, None, n, s),
        dir: dir_of(&detail.lang),
        lang: detail.lang.clone(),
        heading,
        days,
        day_rows,
        forms: detail
            .forms
            .iter()
            .map(|(text, count)| (text.clone(), n.int(*count)))
            .collect(),
        shown: detail
            .shown
            .iter()
            .map(|r| ShownView {
                url: links::display(&r.url),
                href: if r.url.starts_with('/') {
                    links::article(&r.url, ui)
                } else {
                    links::safe(&r.url)
                },
                shown: n.int(r.shown),
                position: n.fixed(r.position, 1),
                clicks: n.int(r.clicks),
            })
            .collect(),
        positions,
        position_rows: detail
            .clicks_by_position
            .iter()
            .map(|p| (p.position.to_string(), n.int(p.clicks)))
            .collect(),
        s,
    };
    render(StatusCode::OK, &page)
}
