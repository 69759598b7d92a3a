//! The dashboard's reports: totals, lists, trends, to-do list, drill-down, series and export,
//! with `min_count` keeping rare questions out of every list.

use insights::{Channel, Filter, Sort, UserError};

use crate::{Log, between, click, date, day, ending, nothing, on, t0, times};

/// Three languages, three channels, cards, zero results and clicks on one day:
/// - "pay water bill" (en, web) × 6 with a card; 3 clicked
/// - "recycling" (en, api) × 4, no card, first result bps; none clicked
/// - "ruido" (es, agent) × 3, zero results
/// - "a rare question" (en, web) × 2, zero results
fn one_day() -> Log {
    let mut log = Log::default();
    let water = "https://www.portland.gov/water/pay";
    let pay: Vec<_> = times(6, "pay water bill", "en", t0())
        .into_iter()
        .map(|s| ending(s, water, "water", true))
        .collect();
    log.searches(pay.clone());
    let recycling = times(4, "recycling", "en", t0()).into_iter().map(|mut s| {
        s.channel = Channel::Api;
        ending(s, "https://www.portland.gov/bps/recycling", "bps", false)
    });
    log.searches(recycling);
    log.searches(times(3, "ruido", "es", t0()).into_iter().map(|mut s| {
        s.channel = Channel::Agent;
        nothing(s)
    }));
    log.searches(
        times(2, "a rare question", "en", t0())
            .into_iter()
            .map(nothing),
    );
    for s in &pay[..3] {
        assert!(log.click(click(s, 1)));
    }
    log
}

#[test]
fn the_summary_counts_every_search_with_its_shares_and_parts() {
    let log = one_day();
    let s = log.store.summary(&on(t0())).unwrap();
    assert_eq!(
        (
            s.counts.searches,
            s.counts.zero,
            s.counts.card,
            s.counts.clicked
        ),
        (15, 5, 6, 3)
    );
    assert_eq!(s.zero_share, 5.0 / 15.0);
    assert_eq!(s.card_share, 6.0 / 15.0);
    assert_eq!(s.ctr, Some(3.0 / 10.0));
    assert_eq!(s.took_ms, Some(2.0));
    let langs: Vec<(&str, u64)> = s
        .by_lang
        .iter()
        .map(|p| (p.id.as_str(), p.counts.searches))
        .collect();
    assert_eq!(langs, [("en", 12), ("es", 3)]);
    let channels: Vec<(&str, u64)> = s
        .by_channel
        .iter()
        .map(|p| (p.id.as_str(), p.counts.searches))
        .collect();
    assert_eq!(channels, [("web", 8), ("api", 4), ("agent", 3)]);
    let bureaus: Vec<(&str, u64)> = s
        .by_bureau
        .iter()
        .map(|p| (p.id.as_str(), p.counts.searches))
        .collect();
    assert_eq!(bureaus, [("water", 6), ("", 5), ("bps", 4)]);
    let water = s.by_bureau.iter().find(|p| p.id == "water").unwrap();
    assert_eq!((water.card_share, water.ctr), (1.0, Some(0.5)));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["from"], "2026-03-02");
    assert_eq!(json["searches"], 15);
    let elsewhere = log.store.summary(&on(day(1))).unwrap();
    assert_eq!(elsewhere.counts.searches, 0);
    assert_eq!(elsewhere.ctr, None);
}

#[test]
fn a_question_below_min_count_counts_in_totals_and_is_never_listed() {
    let log = one_day();
    let rare = "a rare question";
    let filter = on(t0());
    assert_eq!(
        log.store.summary(&filter).unwrap().counts.zero,
        5,
        "rare searches counted"
    );
    for sort in [Sort::Count, Sort::Zero, Sort::Ctr] {
        let listed = log.store.questions(&filter, sort, 50).unwrap();
        assert!(
            listed.iter().all(|q| q.query != rare),
            "{sort:?}: {listed:?}"
        );
    }
    let unmet = log.store.unmet(&filter, 50).unwrap();
    assert!(unmet.iter().all(|q| q.query != rare));
    let trending = log.store.trending(7, &filter, 50).unwrap();
    assert!(trending.iter().all(|q| q.query != rare));
    let mut csv = Vec::new();
    log.store.export_csv(&filter, &mut csv).unwrap();
    assert!(!String::from_utf8(csv).unwrap().contains(rare));
    let answers = log.store.answers(&filter, 50).unwrap();
    assert!(
        answers
            .iter()
            .flat_map(|a| &a.questions)
            .all(|q| q.query != rare)
    );
    // Its drill-down is refused too, whatever id is tried.
    for id in 1..20 {
        if let Some(detail) = log.store.question(id, &filter).unwrap() {
            assert_ne!(detail.query, rare);
            assert!(detail.counts.searches >= 3);
        }
    }
}

#[test]
fn questions_sort_by_count_zero_results_or_lowest_click_through() {
    let log = one_day();
    let f = on(t0());
    let names = |sort| -> Vec<String> {
        log.store
            .questions(&f, sort, 10)
            .unwrap()
            .into_iter()
            .map(|q| q.query)
            .collect()
    };
    assert_eq!(names(Sort::Count), ["pay water bill", "recycling", "ruido"]);
    assert_eq!(names(Sort::Zero), ["ruido"]);
    // recycling: results, never clicked (0.0); pay water bill: 0.5; ruido: no result at all.
    assert_eq!(names(Sort::Ctr), ["recycling", "pay water bill", "ruido"]);
    let top = &log.store.questions(&f, Sort::Count, 1).unwrap()[0];
    assert_eq!(
        (
            top.count,
            top.card,
            top.clicked,
            top.bureau.as_deref(),
            top.lang.as_str()
        ),
        (6, 6, 3, Some("water"), "en")
    );
    assert_eq!("ctr".parse::<Sort>().unwrap(), Sort::Ctr);
    assert!(matches!(
        "best".parse::<Sort>(),
        Err(UserError::InvalidSort { .. })
    ));
}

#[test]
fn lists_filter_by_language_bureau_and_channel() {
    let log = one_day();
    let f = on(t0());
    let names = |filter: &Filter| -> Vec<String> {
        log.store
            .questions(filter, Sort::Count, 10)
            .unwrap()
            .into_iter()
            .map(|q| q.query)
            .collect()
    };
    assert_eq!(names(&f.clone().lang("es")), ["ruido"]);
    assert_eq!(names(&f.clone().bureau("bps")), ["recycling"]);
    assert_eq!(names(&f.clone().channel(Channel::Web)), ["pay water bill"]);
    assert!(names(&f.clone().lang("vi")).is_empty());
    let summary = log.store.summary(&f.clone().lang("es")).unwrap();
    assert_eq!(summary.counts.searches, 3);
}

#[test]
fn the_to_do_list_holds_questions_with_no_result_no_card_or_no_click() {
    let log = one_day();
    let unmet = log.store.unmet(&on(t0()), 10).unwrap();
    let rows: Vec<(&str, u64, u64)> = unmet
        .iter()
        .map(|q| (q.query.as_str(), q.unmet, q.zero))
        .collect();
    // pay water bill had a card every time: met, even where nobody clicked.
    assert_eq!(rows, [("recycling", 4, 0), ("ruido", 3, 3)]);
}

#[test]
fn trending_compares_a_window_with_the_one_before() {
    let mut log = Log::default();
    // Previous week (days -13..-7) and this week (days -6..0).
    log.searches(times(10, "property tax", "en", day(-10)));
    log.searches(times(12, "property tax", "en", day(-2)));
    log.searches(times(2, "leaf day", "en", day(-9)));
    log.searches(times(20, "leaf day", "en", day(-1)));
    log.searches(times(4, "heat shelter", "en", day(0)));
    log.searches(times(9, "fireworks", "en", day(-8)));
    log.searches(times(3, "fireworks", "en", day(-3)));
    let trending = log.store.trending(7, &on(t0()), 10).unwrap();
    let rows: Vec<(&str, u64, u64)> = trending
        .iter()
        .map(|t| (t.query.as_str(), t.count, t.previous))
        .collect();
    assert_eq!(
        rows,
        [
            ("leaf day", 20, 2),
            ("heat shelter", 4, 0),
            ("property tax", 12, 10)
        ]
    );
    assert!(log.store.trending(0, &on(t0()), 10).is_err());
}

#[test]
fn searches_per_day_cover_every_day_of_the_range() {
    let mut log = Log::default();
    log.searches(times(3, "pothole", "en", day(-2)));
    log.searches(times(1, "pothole", "en", day(0)));
    let series = log.store.per_day(&between(day(-3), day(0))).unwrap();
    let points: Vec<(String, u64)> = series
        .iter()
        .map(|p| (p.day.to_string(), p.counts.searches))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-02-27".into(), 0),
            ("2026-02-28".into(), 3),
            ("2026-03-01".into(), 0),
            ("2026-03-02".into(), 1)
        ]
    );
}

#[test]
fn a_drill_down_shows_daily_counts_results_shown_and_clicks_by_position() {
    let mut log = Log::default();
    let water = "https://www.portland.gov/water/pay";
    let yesterday: Vec<_> = times(3, "pay water bill", "en", day(-1))
        .into_iter()
        .map(|s| ending(s, water, "water", true))
        .collect();
    let today: Vec<_> = times(2, "Pay water bill!", "en", day(0))
        .into_iter()
        .map(|s| ending(s, water, "water", true))
        .collect();
    log.searches(yesterday.clone());
    log.searches(today.clone());
    log.click(click(&yesterday[0], 1));
    log.click(click(&yesterday[1], 1));
    log.click(click(&today[0], 2));
    let id = log
        .store
        .questions(&on(t0()).clone(), Sort::Count, 1)
        .unwrap();
    assert!(
        id.is_empty(),
        "2 searches today: below min_count on that day alone"
    );
    let range = between(day(-1), day(0));
    let id = log.store.questions(&range, Sort::Count, 1).unwrap()[0].id;
    let detail = log.store.question(id, &range).unwrap().unwrap();
    assert_eq!(detail.query, "pay water bill");
    assert_eq!(detail.key, "pay water bill");
    assert_eq!(detail.counts.searches, 5);
    assert_eq!(detail.forms, [("pay water bill".to_owned(), 3)]);
    let days: Vec<u64> = detail.days.iter().map(|d| d.counts.searches).collect();
    assert_eq!(days, [3, 2]);
    assert_eq!(detail.days[0].day, date(day(-1)));
    let shown: Vec<(&str, u64, f64, u64)> = detail
        .shown
        .iter()
        .map(|r| (r.url.as_str(), r.shown, r.position, r.clicks))
        .collect();
    assert_eq!(
        shown,
        [
            (water, 5, 1.0, 2),
            ("https://www.portland.gov/311", 5, 2.0, 1)
        ]
    );
    let positions: Vec<(u32, u64)> = detail
        .clicks_by_position
        .iter()
        .map(|p| (p.position, p.clicks))
        .collect();
    assert_eq!(positions, [(1, 2), (2, 1)]);
    assert!(
        log.store.question(id, &on(t0())).unwrap().is_none(),
        "below min_count that day"
    );
    assert!(log.store.question(999, &range).unwrap().is_none());
}

#[test]
fn the_export_has_a_row_per_day_question_and_channel() {
    let mut log = Log::default();
    log.searches(times(2, "pothole", "en", day(-1)));
    log.searches(times(1, "pothole", "en", day(0)).into_iter().map(|mut s| {
        s.channel = Channel::Agent;
        s
    }));
    log.searches(times(3, "bache", "es", day(0)).into_iter().map(nothing));
    let mut out = Vec::new();
    let rows = log
        .store
        .export_csv(&between(day(-1), day(0)), &mut out)
        .unwrap();
    assert_eq!(rows, 3);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "day,query,lang,channel,searches,zero,clicks\n\
         2026-03-01,pothole,en,web,2,0,0\n\
         2026-03-02,pothole,en,agent,1,0,0\n\
         2026-03-02,bache,es,web,3,3,0\n"
    );
}

#[test]
fn the_dashboard_lists_from_one_pass_equal_the_separate_lists() {
    let log = one_day();
    let f = on(t0());
    let lists = log.store.question_lists(&f, 2, 3).unwrap();
    assert_eq!(lists.top, log.store.questions(&f, Sort::Count, 2).unwrap());
    assert_eq!(lists.zero, log.store.questions(&f, Sort::Zero, 2).unwrap());
    assert_eq!(
        lists.low_ctr,
        log.store.questions(&f, Sort::Ctr, 2).unwrap()
    );
    assert_eq!(lists.unmet, log.store.unmet(&f, 2).unwrap());
    assert_eq!(lists.top.len(), 2);
    assert_eq!(lists.endings, log.store.answers(&f, 3).unwrap());
    assert!(!lists.endings.is_empty());
}

#[test]
fn a_search_answered_by_its_card_alone_is_not_a_zero_result() {
    let mut log = Log::default();
    let card = "https://www.portland.gov/water/pay";
    log.searches(times(3, "pay water bill", "en", t0()).into_iter().map(|s| {
        let mut s = ending(s, card, "water", true);
        s.results = 0;
        s.shown = vec![card.to_owned()];
        s
    }));
    log.searches(times(3, "zorblax", "en", t0()).into_iter().map(nothing));
    let s = log.store.summary(&on(t0())).unwrap();
    assert_eq!((s.counts.searches, s.counts.zero, s.counts.card), (6, 3, 3));
    let unmet: Vec<String> = log
        .store
        .unmet(&on(t0()), 10)
        .unwrap()
        .into_iter()
        .map(|q| q.query)
        .collect();
    assert_eq!(unmet, ["zorblax"]);
}
