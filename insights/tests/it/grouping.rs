//! Spelling variants count as one question per language; questions group by their answer.

use std::sync::Arc;

use insights::{Filter, InsightsSettings, Sort, Stemming};

use crate::{Log, ending, on, t0, times};

/// A stub of the index's stemmers: English drops a plural `s`, Spanish a final `es` or `e`.
fn stub(word: &str, lang: &str) -> String {
    let stem = match lang {
        "en" => word.strip_suffix('s'),
        "es" => word.strip_suffix("es").or_else(|| word.strip_suffix('e')),
        _ => None,
    };
    stem.unwrap_or(word).to_owned()
}

fn stemmed_log() -> Log {
    Log::with(Arc::new(Stemming(stub)), InsightsSettings::default())
}

#[test]
fn pot_hole_potholes_and_pothole_count_as_one_question() {
    let mut log = stemmed_log();
    log.searches(times(3, "pothole", "en", t0()));
    log.searches(times(2, "Potholes", "en", t0()));
    log.searches(times(2, "Pot hole", "en", t0()));
    log.searches(times(1, "POT-HOLES!", "en", t0()));
    let listed = log.store.questions(&on(t0()), Sort::Count, 10).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0].query.as_str(), listed[0].count), ("pothole", 8));
}

#[test]
fn a_compound_and_its_split_spelling_are_one_question_whichever_came_first() {
    let mut log = stemmed_log();
    // "pot hole" comes first; "pothole" and "pot holes" then join its group.
    log.searches(times(3, "pot hole", "en", t0()));
    log.searches(times(3, "pothole", "en", t0()));
    log.searches(times(1, "pot holes", "en", t0()));
    let listed = log.store.questions(&on(t0()), Sort::Count, 10).unwrap();
    let counts: Vec<u64> = listed.iter().map(|q| q.count).collect();
    assert_eq!(counts, [7], "{listed:?}");
    // Unrelated words are not split into a group they do not belong to.
    log.searches(times(3, "potluck", "en", t0()));
    let listed = log.store.questions(&on(t0()), Sort::Count, 10).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
}

#[test]
fn the_same_words_in_two_languages_are_two_questions() {
    let mut log = stemmed_log();
    log.searches(times(3, "baches", "es", t0()));
    log.searches(times(3, "bache", "es", t0()));
    log.searches(times(3, "baches", "en", t0()));
    let listed = log.store.questions(&on(t0()), Sort::Count, 10).unwrap();
    let groups: Vec<(&str, u64)> = listed.iter().map(|q| (q.lang.as_str(), q.count)).collect();
    assert_eq!(groups, [("es", 6), ("en", 3)]);
    let spanish = log
        .store
        .questions(&on(t0()).lang("es"), Sort::Count, 10)
        .unwrap();
    assert_eq!(spanish.len(), 1);
}

#[test]
fn questions_are_grouped_by_the_answer_they_got() {
    let mut log = stemmed_log();
    let noise = "https://www.portland.gov/noise/report";
    for q in [
        "loud music at night",
        "neighbor party noise",
        "ruido fiesta vecinos",
    ] {
        let lang = if q.starts_with("ruido") { "es" } else { "en" };
        log.searches(
            times(3, q, lang, t0())
                .into_iter()
                .map(|s| ending(s, noise, "oehr", true)),
        );
    }
    // Asked once: counted on the answer, never named.
    log.searches(
        times(1, "barking dog 3am", "en", t0())
            .into_iter()
            .map(|s| ending(s, noise, "oehr", true)),
    );
    log.searches(
        times(4, "pay water bill", "en", t0())
            .into_iter()
            .map(|s| ending(s, "https://www.portland.gov/water/pay", "water", false)),
    );
    let answers = log
        .store
        .answers(&Filter::last_days(7, t0().date()), 10)
        .unwrap();
    assert_eq!(answers.len(), 2);
    let first = &answers[0];
    assert_eq!(
        (first.target.as_str(), first.card, first.searches),
        (noise, true, 10)
    );
    assert_eq!(first.distinct_questions, 4);
    let mut named: Vec<&str> = first.questions.iter().map(|q| q.query.as_str()).collect();
    named.sort();
    assert_eq!(
        named,
        [
            "loud music at night",
            "neighbor party noise",
            "ruido fiesta vecinos"
        ]
    );
    assert!(!answers[1].card);
}
