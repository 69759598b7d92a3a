//! `debug=1` on `/api/search`: the ranking report describes what the search did, and changes
//! nothing else.

use axum::http::StatusCode;
use engine::SearchResponse;
use engine::explain::{CardExplain, RankExplain};
use engine::plan::Source;

use crate::support::{enc, get, standard};

/// Close enough for scores recombined from their factors in 32-bit floats.
fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-4 * a.abs().max(b.abs()).max(1e-3)
}

/// Every check of one ranked result's report against itself: the factors recombine into the
/// score it was ranked by, and the words into the BM25 sum.
fn check_factors(k: &RankExplain) {
    let f = &k.factors;
    let mut relevance = (f.bm25 + 0.5 * f.proximity) * (1.0 + f.title_coverage);
    if f.home_floor {
        relevance = relevance.max(20.0);
    }
    assert!(close(relevance, k.relevance), "{k:?}");
    let prior = f.category * f.language * f.bureau_named * f.bureau_home * f.routed * f.recency;
    assert!(close(prior, k.prior), "{k:?}");
    assert!(
        close(relevance * f.coverage * f.coverage * prior, k.record_score),
        "{k:?}"
    );
    assert!(close(k.record_score * k.lift, k.group_score), "{k:?}");
    assert!(close(k.group_score * k.listing_weight, k.score), "{k:?}");
    let words: f32 = k.words.iter().map(|w| w.bm25).sum();
    assert!(close(words, f.bm25), "{k:?}");
    for w in &k.words {
        // A word's BM25 is its disjunction's: the best alternative in the best field plus 0.2 of
        // every other that matched.
        let full = w.matched == "full";
        let parts: Vec<f32> = w
            .terms
            .iter()
            .filter(|t| t.full == full)
            .map(|t| t.score)
            .collect();
        if w.matched == "none" {
            assert_eq!(w.bm25, 0.0, "{w:?}");
            continue;
        }
        let best = parts.iter().copied().fold(0.0, f32::max);
        let rest: f32 = parts.iter().sum::<f32>() - best;
        assert!(close(best + 0.2 * rest, w.bm25), "{w:?}");
    }
}

/// The raw JSON and the parsed response of `/api/search?{params}`.
async fn ask(app: &axum::Router, params: &str) -> (String, SearchResponse) {
    let (status, _, body) = get(app, &format!("/api/search?{params}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let parsed = serde_json::from_str(&body).unwrap();
    (body, parsed)
}

#[tokio::test]
async fn debug_explains_every_result_and_changes_nothing_else() {
    let city = standard();
    let app = city.app();
    for q in [
        "report a pothole",
        "graffiti on my wall",
        "garbage collection day",
        "pothloe",
        "parking ticket",
        "hole in the street",
        "reportar grafiti",
        "pbot",
        "junk car",
        "垃圾收集日",
        "food bank",
    ] {
        let (plain_json, plain) = ask(&app, &format!("q={}", enc(q))).await;
        assert!(!plain_json.contains("\"explain\""), "{q}: {plain_json}");
        let (_, explained) = ask(&app, &format!("q={}&debug=1", enc(q))).await;
        let urls = |r: &SearchResponse| r.results.iter().map(|h| h.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(&plain), urls(&explained), "{q}");
        assert_eq!(plain.answer, explained.answer, "{q}");
        assert_eq!(plain.total, explained.total, "{q}");
        let e = explained.explain.as_ref().expect("a report");
        assert_eq!(e.lang.lang, explained.lang, "{q}");
        assert!(!e.words.is_empty(), "{q}");
        assert!(e.candidates >= e.groups, "{q}");
        let card_group = explained
            .answer
            .as_ref()
            .map(|a| format!("article:{}", a.slug));
        let mut last: Option<f32> = None;
        for (i, hit) in explained.results.iter().enumerate() {
            let x = hit.explain.as_ref().expect("each result explained");
            assert_eq!(x.place, i + 1, "{q}");
            match (&x.pinned, &x.ranked) {
                (Some(_), None) => {}
                (None, Some(k)) => {
                    check_factors(k);
                    // The ranked results are in the order of the score the report gives them;
                    // the card's own article comes last whatever its score.
                    if Some(&k.group) != card_group.as_ref() {
                        if let Some(above) = last {
                            assert!(k.score <= above, "{q}: {} after {above}", k.score);
                        }
                        last = Some(k.score);
                    }
                }
                other => panic!("{q}: pinned or ranked, not {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn the_plan_names_the_language_words_and_alternatives() {
    let city = standard();
    let app = city.app();
    let (_, r) = ask(&app, &format!("q={}&debug=1", enc("pothloe"))).await;
    let e = r.explain.unwrap();
    let word = &e.words[0];
    assert_eq!(word.word, "pothloe");
    assert!(word.weight > 0.0);
    assert!(
        word.alternatives
            .iter()
            .any(|a| a.terms == "pothole" && a.source == Source::Typo),
        "the correction of a word the index does not know: {word:?}"
    );
    let (_, r) = ask(
        &app,
        &format!("q={}&debug=1", enc("reportar grafiti en mi pared")),
    )
    .await;
    let e = r.explain.unwrap();
    assert_eq!(e.lang.lang, "es");
    assert_eq!(e.lang.basis, "weighed");
    assert!(e.lang.scores.iter().any(|s| s.lang == "es"), "{:?}", e.lang);
    let (_, r) = ask(&app, &format!("q={}&debug=1", enc("垃圾收集日"))).await;
    assert_eq!(r.explain.unwrap().lang.basis, "script");
}

#[tokio::test]
async fn the_answer_card_decision_is_explained() {
    let city = standard();
    let app = city.app();
    let card = |r: &SearchResponse| -> CardExplain { r.explain.as_ref().unwrap().card.clone() };

    let (_, r) = ask(&app, "q=report+a+pothole&debug=1").await;
    let c = card(&r);
    assert_eq!(
        r.answer.as_ref().map(|a| a.slug.as_str()),
        Some("report-pothole")
    );
    assert_eq!(c.decision, "ranking");
    assert_eq!(c.article.as_deref(), Some("report-pothole"));
    let tests = c.checks.expect("the tests of the ranking's best article");
    assert!(tests.not_behind && tests.near_top, "{tests:?}");
    let v = tests.evidence;
    assert!(
        v.enough && v.key_word && v.about && v.language && v.ahead,
        "{v:?}"
    );

    let (_, r) = ask(&app, "q=hole+in+the+street&debug=1").await;
    let c = card(&r);
    assert_eq!(c.decision, "best_bet", "{c:?}");
    assert_eq!(c.article.as_deref(), Some("report-pothole"));

    // Only pages asked for: no card, and the report says why.
    let (_, r) = ask(&app, "q=report+a+pothole&kind=page&debug=1").await;
    assert!(r.answer.is_none());
    let c = card(&r);
    assert_eq!(c.decision, "none");
    assert!(c.reason.contains("kind=page"), "{c:?}");

    // An article that fails a test: the report names the test.
    let (_, r) = ask(&app, "q=garbage+collection+day&debug=1").await;
    assert!(r.answer.is_none());
    let c = card(&r);
    assert_eq!(c.decision, "none");
    assert!(!c.reason.is_empty(), "{c:?}");
    if let Some(t) = &c.checks {
        assert!(!t.failed().is_empty(), "{c:?}");
        assert!(c.reason.contains(t.failed()[0]), "{c:?}");
    }

    // Beside the 211 referral, a card the referral does not name is set aside.
    let (_, r) = ask(&app, "q=food+bank+pothole+report&debug=1").await;
    let e = r.explain.as_ref().unwrap();
    assert_eq!(e.referrals, ["211"]);
    if r.answer.is_none() && e.card.reason.starts_with("set aside") {
        assert!(e.card.reason.contains("211"), "{:?}", e.card);
    }
    let (_, r) = ask(&app, "q=pay+water+bill&debug=1").await;
    let e = r.explain.as_ref().unwrap();
    assert_eq!(e.best_bets, ["https://city.example/water/bill"]);
    let first = r.results[0].explain.as_ref().unwrap();
    assert_eq!(first.pinned.as_deref(), Some("best bet"));
}

#[tokio::test]
async fn debug_takes_one_or_zero() {
    let city = standard();
    let app = city.app();
    let (status, _, body) = get(&app, "/api/search?q=pothole&debug=0").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("\"explain\""));
    let (status, _, body) = get(&app, "/api/search?q=pothole&debug=yes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"]["code"], "invalid_debug", "{body}");
}
