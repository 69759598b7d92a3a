//! Each ranking rule, on a small city of the project's own.

use crate::support::{City, enc, position, search, standard, urls};

#[tokio::test]
async fn exact_match_outranks_typo_match_and_both_are_highlighted() {
    let city = City::new();
    city.page(
        "https://city.example/transportation/pothole",
        "pbot",
        "en",
        "Report a pothole",
        "Tell us where the pothole is.",
    )
    .page(
        "https://city.example/transportation/pothloe",
        "pbot",
        "en",
        "Report a pothloe",
        "A form with a pothloe misspelled.",
    );
    let app = city.app();
    let r = search(&app, "q=pothole").await;
    assert_eq!(
        urls(&r),
        [
            "https://city.example/transportation/pothole",
            "https://city.example/transportation/pothloe"
        ]
    );
    assert!(
        r.results[0].snippet.contains("<mark>pothole</mark>"),
        "{}",
        r.results[0].snippet
    );
    assert!(
        r.results[1].snippet.contains("<mark>pothloe</mark>"),
        "{}",
        r.results[1].snippet
    );
}

#[tokio::test]
async fn synonyms_reach_the_city_words() {
    let app = standard().app();
    let r = search(&app, "q=trash%20day").await;
    assert_eq!(r.results[0].url, "https://city.example/bps/garbage-day");
    assert!(
        r.results[0].snippet.contains("<mark>garbage</mark>"),
        "{}",
        r.results[0].snippet
    );
}

#[tokio::test]
async fn a_service_page_outranks_news_about_the_same_thing() {
    let app = standard().app();
    let r = search(&app, "q=potholes&kind=page").await;
    let service = position(&r, "/transportation/report-a-pothole").unwrap();
    let news = position(&r, "/transportation/news/potholes-fixed").unwrap();
    assert!(service < news, "{:?}", urls(&r));
}

#[tokio::test]
async fn a_curated_article_is_the_answer_and_the_page_it_links_comes_first() {
    let app = standard().app();
    let r = search(
        &app,
        &format!("q={}", enc("there is a pothole on my street")),
    )
    .await;
    let answer = r.answer.clone().expect("an answer card");
    assert_eq!(answer.title, "Report a pothole");
    assert_eq!(answer.bureau.id, "pbot");
    assert_eq!(
        answer.phone.as_deref(),
        Some("503-823-4000"),
        "bureaus without a phone fall back to 311"
    );
    assert_eq!(
        r.results[0].url,
        "https://city.example/transportation/report-a-pothole"
    );
    // The card's article is among the results, after those the card does not already show.
    assert_eq!(
        urls(&r).last(),
        Some(&"/articles/report-pothole"),
        "{:?}",
        urls(&r)
    );
}

#[tokio::test]
async fn a_spanish_question_gets_the_spanish_article_first() {
    let app = standard().app();
    let r = search(
        &app,
        &format!("q={}", enc("¿cómo reporto un bache en mi calle?")),
    )
    .await;
    assert_eq!(r.lang, "es");
    let answer = r.answer.clone().expect("a Spanish answer");
    assert_eq!(answer.title, "Reportar un bache");
    assert_eq!(answer.url, "/es/articles/report-pothole");
    assert_eq!(
        r.results[0].url, "https://city.example/transportation/report-a-pothole",
        "and the English page it links to"
    );
}

#[tokio::test]
async fn a_spanish_question_prefers_the_spanish_page() {
    let app = standard().app();
    let r = search(
        &app,
        &format!("q={}", enc("grafiti en la pared de mi casa")),
    )
    .await;
    assert_eq!(r.lang, "es");
    let es = position(&r, "/es/civic/report-graffiti").unwrap();
    assert!(
        position(&r, "/civic/report-graffiti").is_none_or(|en| es <= en),
        "{:?}",
        urls(&r)
    );
}

#[tokio::test]
async fn chinese_vietnamese_and_russian_questions_find_their_pages() {
    let app = standard().app();
    for (q, lang, url) in [
        (
            "我的垃圾收集日是哪天",
            "zh-hans",
            "/zh-hans/bps/garbage-day",
        ),
        ("ngay thu gom rac", "vi", "/vi/bps/garbage-day"),
        ("когда вывоз мусора", "ru", "/ru/bps/garbage-day"),
    ] {
        let r = search(&app, &format!("q={}&lang={lang}", enc(q))).await;
        assert_eq!(
            r.results.first().map(|h| h.url.as_str()),
            Some(format!("https://city.example{url}").as_str()),
            "{q}: {:?}",
            urls(&r)
        );
    }
}

#[tokio::test]
async fn a_question_with_unknown_words_still_finds_what_it_can() {
    let app = standard().app();
    let r = search(
        &app,
        &format!("q={}", enc("report graffiti zzqxv wobblefrump")),
    )
    .await;
    assert!(r.total > 0);
    assert!(
        r.results
            .iter()
            .any(|h| h.url.ends_with("/civic/report-graffiti"))
            || r.answer.is_some()
    );
}

#[tokio::test]
async fn misspelt_words_get_a_did_you_mean_from_the_index_vocabulary() {
    let app = standard().app();
    let r = search(&app, "q=grafitti%20removal").await;
    assert_eq!(r.suggestion.as_deref(), Some("graffiti removal"));
    let r = search(&app, "q=report%20graffiti").await;
    assert_eq!(r.suggestion, None, "no suggestion when every word is known");
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix_while_typing() {
    let app = standard().app();
    let r = search(&app, "q=graff").await;
    assert!(
        position(&r, "/civic/report-graffiti").is_some()
            || r.answer
                .as_ref()
                .is_some_and(|a| a.title == "Report graffiti"),
        "{:?}",
        urls(&r)
    );
    let r = search(&app, &format!("q={}", enc("graff "))).await;
    assert_eq!(r.total, 0, "a finished word is not a prefix");
}

#[tokio::test]
async fn a_matching_section_lifts_its_page_and_gives_the_snippet() {
    let app = standard().app();
    let r = search(
        &app,
        &format!("q={}", enc("my vehicle was towed where is it")),
    )
    .await;
    let hit = &r.results[0];
    assert_eq!(
        hit.url,
        "https://city.example/transportation/parking-guide#towing"
    );
    assert_eq!(hit.section.as_deref(), Some("Towing"));
    assert!(
        hit.snippet.contains("<mark>towed</mark>"),
        "{}",
        hit.snippet
    );
}

#[tokio::test]
async fn a_bureau_name_alone_finds_its_home_page() {
    let app = standard().app();
    let r = search(&app, "q=pbot").await;
    assert_eq!(r.results[0].url, "https://city.example/transportation");
    assert_eq!(r.results[0].category, engine::Category::Home);
}
