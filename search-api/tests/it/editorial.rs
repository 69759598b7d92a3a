//! The editors' rules: best bets, routed queries, the 911 notice and 211 referrals.

use crate::support::{enc, search, standard};

#[tokio::test]
async fn a_best_bet_for_an_article_makes_it_the_answer() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("big hole in the street"))).await;
    assert_eq!(r.answer.expect("pinned answer").slug, "report-pothole");
}

#[tokio::test]
async fn a_best_bet_for_a_url_is_pinned_first() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("how do I pay water bill"))).await;
    assert_eq!(r.results[0].url, "https://city.example/water/bill");
    assert!(r.results[0].pinned);
    assert_eq!(
        r.results
            .iter()
            .filter(|h| h.url == "https://city.example/water/bill")
            .count(),
        1,
        "not repeated"
    );
}

#[tokio::test]
async fn a_best_bet_phrase_that_is_a_small_part_of_a_longer_question_does_not_fire() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("pay water bill"))).await;
    assert!(r.results[0].pinned, "the phrase alone fires");
    let long = "pay water bill twice by mistake after the meter reading was wrong last spring";
    let r = search(&app, &format!("q={}", enc(long))).await;
    assert!(
        !r.results.iter().any(|h| h.pinned),
        "a phrase that is a small part of the question does not pin"
    );
}

#[tokio::test]
async fn a_routed_query_is_answered_by_its_bureau_first() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("parking ticket"))).await;
    assert_eq!(r.routed_to.expect("routed").id, "pbot");
    assert_eq!(r.results[0].bureau.id, "pbot");
}

#[tokio::test]
async fn an_emergency_gets_the_911_notice_in_the_question_language() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("help my house is on fire"))).await;
    let notice = r.emergency.expect("911 notice");
    assert_eq!(notice.phone, "911");
    assert_eq!(notice.message, "Call 911 now.");
    let r = search(&app, &format!("q={}", enc("mi casa se quema ayuda"))).await;
    assert_eq!(
        r.emergency.expect("911 notice").message,
        "Llame al 911 ahora."
    );
}

#[tokio::test]
async fn everyday_questions_with_alarming_words_get_no_notice() {
    let app = standard().app();
    let r = search(
        &app,
        &format!(
            "q={}",
            enc("fire station tour, is the house is on fire drill open")
        ),
    )
    .await;
    assert!(r.emergency.is_none());
    let r = search(&app, "q=report%20a%20pothole").await;
    assert!(r.emergency.is_none());
    assert!(r.referrals.is_empty());
}

#[tokio::test]
async fn needs_211_serves_get_a_referral_beside_the_results() {
    let app = standard().app();
    let r = search(&app, &format!("q={}", enc("where is a food bank"))).await;
    assert_eq!(r.referrals.len(), 1);
    assert_eq!(r.referrals[0].phone, "211");
    assert!(r.emergency.is_none());
}
