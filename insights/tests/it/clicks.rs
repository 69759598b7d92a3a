//! Clicks: counted when the search showed that URL there, refused otherwise; the click check
//! that keeps the redirect from being an open redirect.

use std::sync::Arc;

use insights::{ClickEvent, Folding, Recorder, RecorderOptions, SearchId, Sort};

use crate::{Log, click, ending, on, search, t0, times};

#[test]
fn a_click_counts_toward_click_through_and_settles_an_unmet_search() {
    let mut log = Log::default();
    let searches = times(4, "recycling day", "en", t0());
    log.searches(searches.clone());
    assert!(log.click(click(&searches[0], 1)));
    assert!(log.click(click(&searches[0], 2)));
    assert!(log.click(click(&searches[1], 2)));
    let row = &log.store.questions(&on(t0()), Sort::Count, 10).unwrap()[0];
    assert_eq!(
        (row.count, row.clicked, row.clicks, row.unmet),
        (4, 2, 3, 2)
    );
    assert_eq!(row.ctr, Some(0.5));
    let summary = log.store.summary(&on(t0())).unwrap();
    assert_eq!(
        (
            summary.counts.clicked,
            summary.counts.clicks,
            summary.counts.unmet
        ),
        (2, 3, 2)
    );
}

#[test]
fn a_click_on_a_url_the_search_did_not_show_is_refused() {
    let mut log = Log::default();
    let s = search("recycling day", "en", t0());
    log.searches([s.clone()]);
    let mut elsewhere = click(&s, 1);
    elsewhere.url = "https://evil.example/phish".into();
    assert!(!log.click(elsewhere));
    let mut wrong_place = click(&s, 1);
    wrong_place.position = 2;
    assert!(!log.click(wrong_place));
    let mut out_of_range = click(&s, 1);
    out_of_range.position = 9;
    out_of_range.url = s.shown[0].clone();
    assert!(!log.click(out_of_range));
    let unknown = ClickEvent {
        search: SearchId::new().unwrap(),
        ..click(&s, 1)
    };
    assert!(!log.click(unknown));
    assert_eq!(log.store.summary(&on(t0())).unwrap().counts.clicks, 0);
}

#[test]
fn only_urls_a_search_showed_pass_the_click_check() {
    let mut log = Log::default();
    let s = ending(
        search("noise", "en", t0()),
        "https://www.portland.gov/noise",
        "oehr",
        true,
    );
    let other = search("noise", "en", t0());
    log.searches([s.clone(), other.clone()]);
    assert!(
        log.store
            .was_shown(&s.id, "https://www.portland.gov/noise")
            .unwrap()
    );
    assert!(
        log.store
            .was_shown(&s.id, "https://www.portland.gov/311")
            .unwrap()
    );
    assert!(
        !log.store
            .was_shown(&s.id, "https://www.portland.gov/311/contact")
            .unwrap()
    );
    assert!(
        !log.store
            .was_shown(&other.id, "https://www.portland.gov/noise")
            .unwrap()
    );
    assert!(!log.store.was_shown(&s.id, "https://evil.example/").unwrap());
    assert!(
        !log.store
            .was_shown(&SearchId::new().unwrap(), "https://www.portland.gov/noise")
            .unwrap()
    );
}

#[test]
fn the_recorder_knows_what_recent_searches_showed_before_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let options = RecorderOptions {
        batch_interval: std::time::Duration::from_secs(3600),
        recent_searches: 2,
        ..RecorderOptions::default()
    };
    let recorder = Recorder::start(dir.path(), Arc::new(Folding), options).unwrap();
    let searches = times(3, "noise", "en", t0());
    for s in &searches {
        recorder.record_search(s.clone());
    }
    assert!(recorder.was_shown(&searches[2].id, &searches[2].shown[1]));
    assert!(!recorder.was_shown(&searches[2].id, "https://evil.example/"));
    assert!(
        !recorder.was_shown(&searches[0].id, &searches[0].shown[0]),
        "evicted: the store answers"
    );
    let stats = recorder.shutdown();
    assert_eq!(stats.written, 3);
}
