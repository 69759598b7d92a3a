//! Retention: events older than `retention_days` go, with every trace of their questions.

use std::sync::Arc;

use insights::{Folding, InsightsSettings, Sort};

use crate::{Log, between, click, day, on, t0, times};

#[test]
fn events_older_than_the_retention_period_are_deleted_with_their_questions() {
    let settings = InsightsSettings {
        retention_days: 30,
        ..InsightsSettings::default()
    };
    let mut log = Log::with(Arc::new(Folding), settings);
    let old = times(3, "old question about 1234 SE Main St", "en", day(-30));
    log.searches(old.clone());
    log.click(click(&old[0], 1));
    log.searches(times(2, "pothole", "en", day(-30)));
    log.searches(times(4, "pothole", "en", day(-29)));
    let retained = log.store.apply_retention(t0()).unwrap();
    assert_eq!(
        (retained.searches, retained.clicks, retained.questions),
        (5, 1, 1)
    );
    let everything = between(day(-400), day(0));
    assert_eq!(log.store.summary(&everything).unwrap().counts.searches, 4);
    let listed = log.store.questions(&everything, Sort::Count, 10).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].count, 4);
    assert!(!log.store.was_shown(&old[0].id, &old[0].shown[0]).unwrap());
    let conn = rusqlite::Connection::open(log.store.path()).unwrap();
    let forms: Vec<(String, i64)> = conn
        .prepare("SELECT text, searches FROM forms")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(forms, [("pothole".to_owned(), 4)]);
    // A second run finds nothing more to delete.
    assert_eq!(log.store.apply_retention(t0()).unwrap().searches, 0);
    assert_eq!(log.store.summary(&on(day(-29))).unwrap().counts.searches, 4);
}
