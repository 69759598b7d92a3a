//! Query understanding on the project's own articles and rule files (`content/`): text in any
//! spelling (compatibility forms, decomposed accents, invisible characters, apostrophes, dotted
//! acronyms, phone numbers, short Chinese questions, accented prefixes), the question's language,
//! answer cards that are right or absent (beside a notice too), and paging; the notices
//! themselves are in `notices.rs`. Each kind has
//! the case that once failed and more of the same kind.

use std::path::Path;
use std::sync::LazyLock;

use axum::Router;
use axum::http::StatusCode;
use engine::SearchResponse;
use search_api::app;

use crate::support::{City, enc, get, search};

/// The project's `content/` (every article and rule file), indexed once for this module.
static CITY: LazyLock<City> = LazyLock::new(|| {
    let city = City::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(root.join("firststop.toml"), city.path("firststop.toml")).unwrap();
    copy_dir(&root.join("content"), &city.path("content"));
    city.index();
    city
});

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub(crate) fn city() -> Router {
    app(CITY.state())
}

pub(crate) async fn ask(app: &Router, q: &str) -> SearchResponse {
    search(app, &format!("q={}&limit=50", enc(q))).await
}

/// The URLs of the results, in order.
fn urls(r: &SearchResponse) -> Vec<String> {
    r.results.iter().map(|h| h.url.clone()).collect()
}

pub(crate) fn card(r: &SearchResponse) -> Option<&str> {
    r.answer.as_ref().map(|a| a.slug.as_str())
}

/// `variant` is understood exactly like `plain`: same language, card and results.
async fn same_as(app: &Router, variant: &str, plain: &str) {
    let (v, p) = (ask(app, variant).await, ask(app, plain).await);
    assert!(p.total > 0, "{plain:?} finds something");
    assert_eq!(v.lang, p.lang, "{variant:?} vs {plain:?}");
    assert_eq!(card(&v), card(&p), "{variant:?} vs {plain:?}");
    assert_eq!(urls(&v), urls(&p), "{variant:?} vs {plain:?}");
}

#[tokio::test]
async fn full_width_forms_mean_their_ascii_letters_and_digits() {
    let app = city();
    same_as(&app, "３１１", "311").await;
    same_as(&app, "ｐｏｔｈｏｌｅ", "pothole").await;
    same_as(&app, "ｇａｒｂａｇｅ ｄａｙ", "garbage day").await;
    same_as(&app, "５０３－８２３－７２０２", "503-823-7202").await;
}

#[tokio::test]
async fn decomposed_accents_are_composed_before_anything_reads_the_question() {
    let app = city();
    let nfd = |s: &str| unicode_normalization::UnicodeNormalization::nfd(s).collect::<String>();
    for q in [
        "ổ gà",
        "thu gom rác",
        "recolección de basura",
        "¿dónde está el camión?",
    ] {
        assert_ne!(nfd(q), q, "the test writes {q:?} decomposed");
        same_as(&app, &nfd(q), q).await;
    }
    assert_eq!(ask(&app, &nfd("ổ gà")).await.lang, "vi");
}

#[tokio::test]
async fn invisible_characters_do_not_split_words() {
    let app = city();
    for q in [
        "pot\u{200b}hole",
        "pot\u{ad}hole",
        "pot\u{2060}hole",
        "\u{feff}pothole\u{200d}",
    ] {
        same_as(&app, q, "pothole").await;
    }
    same_as(&app, "gar\u{200b}bage day", "garbage day").await;
}

#[tokio::test]
async fn every_apostrophe_is_one_apostrophe() {
    let app = city();
    let plain = ask(&app, "зв'язатися").await;
    assert!(plain.total > 0);
    for q in ["звʼязатися", "зв’язатися", "зв`язатися"] {
        same_as(&app, q, "зв'язатися").await;
    }
    same_as(
        &app,
        "who do I call if my trash isn’t picked up",
        "who do I call if my trash isn't picked up",
    )
    .await;
}

#[tokio::test]
async fn the_one_letter_pieces_of_contractions_are_never_highlighted() {
    let app = city();
    for (q, piece) in [
        ("it's", "s"),
        ("what's my garbage day", "s"),
        ("I can't pay my water bill", "t"),
        ("I'm locked out", "m"),
        ("we've got graffiti", "ve"),
    ] {
        let r = ask(&app, q).await;
        for hit in &r.results {
            assert!(
                !hit.snippet.contains(&format!("<mark>{piece}</mark>")),
                "{q:?}: {}",
                hit.snippet
            );
        }
    }
}

#[tokio::test]
async fn dotted_acronyms_mean_the_acronym() {
    let app = city();
    same_as(&app, "A.D.U.", "ADU").await;
    same_as(&app, "P.B.O.T.", "PBOT").await;
    same_as(&app, "build an A.D.U", "build an ADU").await;
    let r = ask(&app, "A.D.U. permit").await;
    assert_ne!(card(&r), Some("garbage-pickup-day"), "{:?}", card(&r));
}

#[tokio::test]
async fn a_phone_number_in_any_spelling_finds_the_same_pages() {
    let app = city();
    let dashed = ask(&app, "503-823-7202").await;
    assert!(dashed.total > 0);
    for q in [
        "5038237202",
        "(503) 823-7202",
        "503.823.7202",
        "+1 503 823 7202",
        "1-503-823-7202",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(r.total, dashed.total, "{q:?}");
        assert_eq!(urls(&r), urls(&dashed), "{q:?}");
    }
}

#[tokio::test]
async fn the_311_number_gets_no_unrelated_card() {
    let app = city();
    for q in ["503-823-4000", "5038234000", "(503) 823-4000"] {
        let r = ask(&app, q).await;
        assert!(r.total > 0, "{q:?}");
        assert!(
            matches!(card(&r), None | Some("what-is-311")),
            "{q:?}: {:?}",
            card(&r)
        );
    }
}

#[tokio::test]
async fn short_chinese_questions_reach_text_that_contains_them() {
    let app = city();
    let r = ask(&app, "没人收").await;
    assert!(
        urls(&r).iter().any(|u| u.contains("missed-garbage-pickup"))
            || card(&r) == Some("missed-garbage-pickup"),
        "{:?} {:?}",
        card(&r),
        urls(&r)
    );
    for (q, slug) in [
        ("漏收", "missed-garbage-pickup"),
        ("清运公司", "find-your-garbage-hauler"),
    ] {
        let r = ask(&app, q).await;
        assert_eq!(r.lang, "zh-hans");
        assert!(
            card(&r) == Some(slug) || urls(&r).iter().any(|u| u.contains(slug)),
            "{q:?}: {:?} {:?}",
            card(&r),
            urls(&r)
        );
    }
}

#[tokio::test]
async fn a_word_being_typed_is_completed_without_its_accents() {
    let app = city();
    for (typed, accented) in [
        ("danad", "dañad"),
        ("telefo", "teléfo"),
        ("vehicu", "vehícu"),
    ] {
        let (t, a) = (ask(&app, typed).await, ask(&app, accented).await);
        assert!(a.total > 0, "{accented:?}");
        assert_eq!(urls(&t), urls(&a), "{typed:?} vs {accented:?}");
    }
}

#[tokio::test]
async fn short_questions_are_understood_in_the_language_their_words_are_written_in() {
    let app = city();
    for q in [
        "basura",
        "recolección de basura",
        "compania de basura",
        "fuegos artificiales",
        "ano nuevo",
        "bache",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(r.lang, "es", "{q:?}");
        // What is read first (the card, else the first result) is in Spanish.
        let first = r
            .answer
            .as_ref()
            .map(|a| a.lang.as_str())
            .or(r.results.first().map(|h| h.lang.as_str()));
        assert_eq!(first, Some("es"), "{q:?}: {:?} {:?}", card(&r), urls(&r));
    }
    for q in ["garbage", "pothole", "311"] {
        assert_eq!(ask(&app, q).await.lang, "en", "{q:?}");
    }
}

#[tokio::test]
async fn cyrillic_questions_go_where_their_words_occur() {
    let app = city();
    for q in ["безкоштовний переклад", "вивіз сміття"] {
        let r = ask(&app, q).await;
        assert_eq!(r.lang, "uk", "{q:?}");
        if let Some(a) = &r.answer {
            assert_eq!(a.lang, "uk", "{q:?}");
        }
    }
    for q in ["бесплатный перевод", "вывоз мусора"] {
        assert_eq!(ask(&app, q).await.lang, "ru", "{q:?}");
    }
}

#[tokio::test]
async fn only_languages_the_index_holds_are_chosen() {
    let app = city();
    // Function words of Filipino, Romanian and Chuukese, languages with no article here.
    for q in ["ano nuevo", "ang basura", "care este basura"] {
        let r = ask(&app, q).await;
        assert!(
            !["fil", "ro", "chk"].contains(&r.lang.as_str()),
            "{q:?}: {}",
            r.lang
        );
        assert!(r.total > 0, "{q:?}");
    }
}

#[tokio::test]
async fn beside_the_911_notice_the_card_is_about_the_emergency_or_absent() {
    let app = city();
    for q in [
        "my house is on fire",
        "mi casa se está quemando",
        "我家着火了",
        "there is black smoke coming out of the apartment next door",
        "у меня дома пожар",
        "a tree fell on a car with someone inside",
    ] {
        let r = ask(&app, q).await;
        assert!(r.emergency.is_some(), "{q:?}");
        assert!(
            matches!(card(&r), None | Some("when-to-call-911")),
            "{q:?}: {:?}",
            card(&r)
        );
    }
}

#[tokio::test]
async fn a_card_needs_the_important_words_of_the_question() {
    let app = city();
    for q in [
        "I need food for my kids tonight",
        "tee",
        "where can i renew my passport",
        "recipe for banana bread",
        "school lunch menu for next week",
        // Its key word ("dormir") is in no document: "noche" alone is not what it asks.
        "dónde puedo dormir esta noche no tengo casa",
        "dormir esta noche",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(card(&r), None, "{q:?}");
    }
    // A question an article does answer still gets its card.
    for (q, slug) in [
        ("report a pothole", "report-pothole"),
        ("missed garbage pickup", "missed-garbage-pickup"),
    ] {
        assert_eq!(card(&ask(&app, q).await), Some(slug), "{q:?}");
    }
}

#[tokio::test]
async fn a_page_past_the_last_goes_to_the_last_page() {
    let app = city();
    let total = ask(&app, "garbage").await.total;
    let last = total.div_ceil(10);
    assert!((1..7).contains(&last), "{total}");
    for uri in [
        "/search?q=garbage&page=7".to_owned(),
        format!("/search?q=garbage&page={}", last + 1),
        "/search?q=garbage&page=100".to_owned(),
    ] {
        let (status, location) = redirect(&app, &uri).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{uri}");
        assert!(location.contains("q=garbage"), "{location}");
        if last > 1 {
            assert!(location.contains(&format!("page={last}")), "{location}");
        } else {
            assert!(!location.contains("page="), "{location}");
        }
        let (status, _, body) = get(&app, &location).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<mark>"), "the last page lists results");
    }
    let (status, _, _) = get(&app, &format!("/search?q=garbage&page={last}")).await;
    assert_eq!(status, StatusCode::OK);
}

async fn redirect(app: &Router, uri: &str) -> (StatusCode, String) {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), location)
}

// What a second round of testing found, one kind per test; the examples are new questions of
// each kind, not the reported ones.

#[tokio::test]
async fn a_question_without_content_gets_no_card() {
    let app = city();
    for q in [
        "what",
        "where can i",
        "can you help me",
        "please help",
        "qué",
        "что",
        "怎么办",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(card(&r), None, "{q:?}");
    }
    // A question with content still gets its card.
    assert_eq!(
        card(&ask(&app, "help with a pothole").await),
        Some("report-pothole")
    );
}

#[tokio::test]
async fn a_card_is_always_among_the_results() {
    let app = city();
    let mut cards = 0;
    for q in [
        "pothole",
        "bache",
        "graffiti",
        "missed garbage pickup",
        "坑",
        "ổ gà",
    ] {
        let r = ask(&app, q).await;
        let Some(slug) = card(&r) else { continue };
        cards += 1;
        assert!(
            r.results.iter().any(|h| h.slug.as_deref() == Some(slug)),
            "{q:?}: card {slug} not in {:?}",
            urls(&r)
        );
        assert!(r.total >= 1, "{q:?}");
    }
    assert!(cards >= 3, "most of these questions get a card");
}

#[tokio::test]
async fn beside_a_referral_the_card_is_about_the_need_or_absent() {
    let app = city();
    for q in [
        "we are about to be evicted and need rent help",
        "need a warming center tonight",
        "no tengo para comer",
    ] {
        let r = ask(&app, q).await;
        assert!(!r.referrals.is_empty(), "{q:?}");
        assert_eq!(card(&r), None, "{q:?}: 211 names no article");
    }
}

#[tokio::test]
async fn short_questions_take_the_language_of_the_records_that_hold_their_words() {
    let app = city();
    // ASCII words English records hold more often than any other language's: English.
    for q in ["graffiti removal", "pothole repair", "PBOT"] {
        assert_eq!(ask(&app, q).await.lang, "en", "{q:?}");
    }
    // Ukrainian without a Ukrainian-only letter.
    for q in ["горить сарай у сусідів", "хтось вибиває двері"] {
        assert_eq!(ask(&app, q).await.lang, "uk", "{q:?}");
    }
}

#[tokio::test]
async fn under_the_911_notice_the_results_lead_with_the_notices_article() {
    let app = city();
    for q in [
        "the kitchen is burning",
        "a man with a knife is at my door",
        "у сусідів палає гараж",
    ] {
        let r = ask(&app, q).await;
        assert!(r.emergency.is_some(), "{q:?}");
        assert_eq!(
            r.results.first().and_then(|h| h.slug.as_deref()),
            Some("when-to-call-911"),
            "{q:?}: {:?}",
            urls(&r)
        );
        let (status, _, body) = get(&app, &format!("/agent?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK);
        let article = body
            .find("articles/when-to-call-911")
            .expect("the article is listed");
        let other = r.results.get(1).map(|h| h.url.as_str()).unwrap_or("\u{0}");
        assert!(body.find(other).is_none_or(|at| at > article), "{q:?}");
    }
}

#[tokio::test]
async fn contraction_endings_are_never_highlighted() {
    let app = city();
    for (q, piece) in [
        ("you'll need a permit", "ll"),
        ("they’re towing my car", "re"),
        ("we've got potholes", "ve"),
        ("she'd like a tree permit", "d"),
    ] {
        let r = ask(&app, q).await;
        assert!(r.total > 0, "{q:?}");
        for hit in &r.results {
            assert!(
                !hit.snippet
                    .to_lowercase()
                    .contains(&format!("<mark>{piece}</mark>")),
                "{q:?}: {}",
                hit.snippet
            );
        }
    }
}

#[tokio::test]
async fn a_question_of_invisible_characters_is_an_empty_question() {
    let app = city();
    for q in ["\u{2060}\u{feff}", "\u{00ad}", "\u{200c} \u{200d}"] {
        let (status, _, body) = get(&app, &format!("/api/search?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q:?}");
        assert!(body.contains("empty_query"), "{q:?}: {body}");
        let (status, _, body) = get(&app, &format!("/search?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q:?}");
        assert!(body.contains("Type a question"), "{q:?}");
    }
}

#[tokio::test]
async fn a_card_needs_most_of_the_question_not_one_shared_word() {
    let app = city();
    for q in [
        "fire pit rules in backyard",
        "backyard fire pit permit",
        "fire in my kitchen",
        "smoke from wildfires air quality",
        "wildfire smoke health",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(card(&r), None, "{q:?}");
    }
    for (q, slug) in [
        ("kitchen remodel permit", "bathroom-remodel-permit"),
        ("basement apartment permit", "adu-permit"),
        ("як зв'язатися з 311", "what-is-311"),
    ] {
        assert_eq!(card(&ask(&app, q).await), Some(slug), "{q:?}");
    }
}

#[tokio::test]
async fn a_function_word_or_a_fragment_alone_gets_no_card() {
    let app = city();
    for q in ["та", "bil", "и", "de", "wat"] {
        let r = ask(&app, &format!("{q} ")).await;
        assert_eq!(card(&r), None, "{q:?}");
    }
}

#[tokio::test]
async fn did_you_mean_never_rewrites_into_another_language() {
    let app = city();
    for q in [
        "alarma de carro sonando toda la noche",
        "my roommate took too many pills and won't wake up",
    ] {
        assert_eq!(ask(&app, q).await.suggestion, None, "{q:?}");
    }
}

#[tokio::test]
async fn the_agent_view_leads_with_the_notices_article_and_refuses_blank_questions() {
    let app = city();
    for q in ["a man is punching his girlfriend outside", "в хаті пожежа"] {
        let r = ask(&app, q).await;
        assert!(r.emergency.is_some() && r.answer.is_none(), "{q:?}");
        let (status, _, body) = get(&app, &format!("/agent?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("No confident answer"), "{q:?}");
        assert!(
            body.contains("id=\"copy\""),
            "{q:?}: the lead can be copied"
        );
    }
    for q in ["   ", "\u{3000}", "\u{200b}", ""] {
        let (status, _, _) = get(&app, &format!("/agent?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q:?}");
    }
    let (status, _, _) = get(&app, "/agent").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_api_gives_no_card_past_the_last_result() {
    let app = city();
    // One word alone ("garbage") names no one article's topic; a question with a card.
    let first = search(&app, "q=missed+garbage+pickup&limit=10").await;
    assert!(first.answer.is_some());
    let past = search(
        &app,
        &format!("q=missed+garbage+pickup&limit=10&offset={}", first.total),
    )
    .await;
    assert!(past.results.is_empty());
    assert!(past.answer.is_none());
    assert_eq!(past.total, first.total);
    let second = search(&app, "q=missed+garbage+pickup&limit=1&offset=1").await;
    assert!(second.answer.is_some(), "a real page keeps its card");
}

#[tokio::test]
async fn a_keyword_holding_the_questions_words_in_another_sense_is_no_card() {
    let app = city();
    // "fire safe my house" holds "house" and "fire", but says something else.
    for q in [
        "house numbers for the fire department",
        "fire at the house next to the school",
    ] {
        let r = ask(&app, q).await;
        assert_ne!(card(&r), Some("wildfire-home-assessment"), "{q:?}");
    }
    // Read as the keyword reads, it is the answer.
    let r = ask(&app, "how do i fire safe my house").await;
    assert_eq!(card(&r), Some("wildfire-home-assessment"));
}

#[tokio::test]
async fn did_you_mean_leaves_ordinary_words_the_index_does_not_hold() {
    let app = city();
    for q in [
        "smoke alarm keeps beeping",
        "the siren keeps wailing",
        "my porch light keeps flickering",
    ] {
        assert_eq!(ask(&app, q).await.suggestion, None, "{q:?}");
    }
    // A misspelling of a word the rest of the question goes with is still corrected.
    let r = ask(&app, "how to pay my water bil").await;
    assert_eq!(r.suggestion.as_deref(), Some("how to pay my water bill"));
    let r = ask(&app, "report grafitti on my garage").await;
    assert_eq!(
        r.suggestion.as_deref(),
        Some("report graffiti on my garage")
    );
}

/// The analyzers a question's words were searched with, per word, from the ranking report.
async fn analyzers_of(app: &Router, q: &str) -> Vec<(String, Vec<String>)> {
    let (status, _, body) = get(app, &format!("/api/search?q={}&debug=1", enc(q))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["explain"]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let word = w["word"].as_str().unwrap().to_owned();
            let analyzers = w["alternatives"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["source"] == "word")
                .map(|a| a["analyzer"].as_str().unwrap().to_owned())
                .collect();
            (word, analyzers)
        })
        .collect()
}

#[tokio::test]
async fn a_confidently_non_english_question_is_not_read_with_english_stems() {
    let app = city();
    // Spanish `calle` (street) is English `call` to the stemmer.
    for q in ["bache en la calle", "la calle está rota"] {
        let r = ask(&app, q).await;
        assert_eq!(r.lang, "es", "{q:?}");
        for (word, analyzers) in analyzers_of(&app, q).await {
            assert!(!analyzers.contains(&"en".to_owned()), "{q:?}: {word}");
        }
        assert_ne!(
            urls(&r).first().map(String::as_str),
            Some("/articles/when-to-call-911"),
            "{q:?}"
        );
    }
    // An English question keeps them.
    let words = analyzers_of(&app, "permits").await;
    assert!(words.iter().all(|(_, a)| a.contains(&"en".to_owned())));
}

#[tokio::test]
async fn a_keyword_the_question_holds_whole_outranks_a_title_sharing_its_words() {
    let app = city();
    for (q, slug) in [
        ("pagar la factura del agua", "pay-water-bill"),
        ("pagar el recibo del agua", "pay-water-bill"),
    ] {
        assert_eq!(card(&ask(&app, q).await), Some(slug), "{q:?}");
    }
}

#[tokio::test]
async fn a_wrong_language_guess_needs_more_than_letter_sequences() {
    let app = city();
    for (q, lang) in [
        ("waxaan rabaa caawimo", "so"),
        ("xin chào", "vi"),
        ("fireworks complaint report", "en"),
        ("preparedness kit for emergencies", "en"),
    ] {
        assert_eq!(ask(&app, q).await.lang, lang, "{q:?}");
    }
}

#[tokio::test]
async fn a_lone_generic_word_carries_no_card() {
    let app = city();
    for q in ["test", "form", "help", "hello"] {
        assert_eq!(card(&ask(&app, q).await), None, "{q:?}");
    }
}

#[tokio::test]
async fn did_you_mean_corrects_short_words_where_the_question_confirms_them() {
    let app = city();
    for (q, fixed) in [
        ("watr bill", "water bill"),
        ("garbgae pickup", "garbage pickup"),
        ("basrua reciclaje", "basura reciclaje"),
    ] {
        let r = ask(&app, q).await;
        assert_eq!(r.suggestion.as_deref(), Some(fixed), "{q:?}");
    }
    // A short word alone is not corrected into another word, nor a short word into a shorter
    // one (a contraction typed without its apostrophe).
    assert_eq!(ask(&app, "xin chào").await.suggestion, None);
    for q in [
        "cant pay my water bill",
        "dont have garbage pickup",
        "my recycling wasnt picked up",
        "my trash wasnt collected",
        "the bus didnt come",
    ] {
        assert_eq!(ask(&app, q).await.suggestion, None, "{q:?}");
    }
}

#[tokio::test]
async fn an_unaccented_spanish_question_is_the_accented_one() {
    let app = city();
    for (plain, accented) in [
        ("recoleccion de basura", "recolección de basura"),
        ("recoleccion", "recolección"),
    ] {
        let (p, a) = (ask(&app, plain).await, ask(&app, accented).await);
        assert_eq!(p.lang, a.lang, "{plain:?}");
        assert_eq!(card(&p), card(&a), "{plain:?}");
        assert_eq!(urls(&p)[..3], urls(&a)[..3], "{plain:?}");
    }
}
