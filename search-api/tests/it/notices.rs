//! The 911 notice and the 988/211 referrals on the project's own `content/referrals.toml`, as
//! people in danger type them (any word order, misspelt, in the city's languages), and the
//! ordinary questions near them that must stay quiet; the agent view's lead under the notice.

use axum::http::StatusCode;

use axum::Router;

use crate::support::{enc, get};
use crate::understanding::{ask, card, city};

/// Asserts, for each question of `questions`, that the notices shown name every phone number of
/// `shown` and none of `quiet` (`911` for the emergency notice, `988` and `211` for referrals).
async fn notices(app: &Router, questions: &[&str], shown: &[&str], quiet: &[&str]) {
    for q in questions {
        let r = ask(app, q).await;
        let phones: Vec<&str> = r
            .emergency
            .iter()
            .chain(&r.referrals)
            .map(|n| n.phone.as_str())
            .collect();
        for phone in shown {
            assert!(
                phones.contains(phone),
                "{q:?}: {phone} not among {phones:?}"
            );
        }
        for phone in quiet {
            assert!(!phones.contains(phone), "{q:?}: {phone} among {phones:?}");
        }
    }
}

#[tokio::test]
async fn what_people_in_danger_type_gets_the_911_notice() {
    let app = city();
    for q in [
        "someone is breaking into my neighbor's car right now",
        "my dad collapsed and he isn't breathing",
        "a tree fell on a car with someone inside",
        "nhà tôi bị cháy",
        "у меня дома пожар",
        "my grandma fell and she’s not responding",
        "у мене вдома пожежа",
        "我家厨房着火了",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(
            r.emergency.as_ref().map(|n| n.phone.as_str()),
            Some("911"),
            "{q:?}"
        );
    }
}

#[tokio::test]
async fn ordinary_questions_near_an_emergency_get_no_notice() {
    let app = city();
    notices(
        &app,
        &[
            "fire station tours",
            "fireworks complaint",
            "burn permit",
            "my car was broken into last night",
            "emergency kit",
            "gas leaf blowers",
            "info on fire permits",
        ],
        &[],
        &["911"],
    )
    .await;
}

#[tokio::test]
async fn needing_a_place_to_sleep_gets_the_211_referral() {
    let app = city();
    notices(
        &app,
        &[
            "dónde puedo dormir esta noche no tengo casa",
            "i need food for my kids tonight",
            "no tengo donde dormir",
        ],
        &["211"],
        &["911"],
    )
    .await;
}

#[tokio::test]
async fn fire_intruders_forced_doors_and_weapons_get_the_911_notice() {
    let app = city();
    for q in [
        // A fire described without the word.
        "our apartment is burning",
        "smoke is pouring out of the garage next door",
        "đầy khói trong bếp nhà tôi",
        // Someone inside the home now.
        "a stranger is hiding in my closet",
        "có người lạ đang trong phòng ngủ của tôi",
        // A door being forced.
        "alguien está forzando la cerradura de mi casa",
        "двоє чоловіків вибивають двері сусіда",
        "有人在砸门",
        // An armed person.
        "во дворе вооружённый человек",
        "nin hubeysan ayaa albaabka taagan",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(
            r.emergency.as_ref().map(|n| n.phone.as_str()),
            Some("911"),
            "{q:?}"
        );
        assert!(
            matches!(card(&r), None | Some("when-to-call-911")),
            "{q:?}: {:?}",
            card(&r)
        );
    }
    notices(
        &app,
        &[
            "free smoke alarms for renters",
            "when does the burn ban end",
            "license to sell door to door",
            "where can i turn in a gun at a buyback",
            "my front door lock broke, who fixes it",
        ],
        &[],
        &["911"],
    )
    .await;
}

#[tokio::test]
async fn emergencies_of_every_kind_get_the_911_notice_and_animals_do_not() {
    let app = city();
    for q in [
        // A fire in a room or building, without "house" or "home".
        "there's a fire in the laundry room",
        "fuego en la sala de mi casa",
        "пожар в комнате у соседей",
        "в хаті пожежа",
        // Vietnamese typed without its accents.
        "nha hang xom bi chay",
        "co nguoi bat tinh ngoai duong",
        // Smoke smelt inside, violence, a stranger at the window, an overdose, a person down.
        "i smell smoke in the bedroom and can't find where it comes from",
        "a man is punching his girlfriend outside",
        "my husband is beating me",
        "a stranger is peeking in my window right now",
        "my roommate took too many pills and won't wake up",
        "a pedestrian is lying in the street after a hit and run",
    ] {
        let r = ask(&app, q).await;
        assert_eq!(
            r.emergency.as_ref().map(|n| n.phone.as_str()),
            Some("911"),
            "{q:?}"
        );
        assert_eq!(
            r.suggestion, None,
            "{q:?}: no \"did you mean\" under the notice"
        );
    }
    notices(
        &app,
        &[
            "emergency vet for my cat that is choking",
            "naloxone training class",
            "self defense classes for seniors",
            "domestic violence support groups",
            "kitchen fire prevention tips",
            "intruder alarm system for my house",
        ],
        &[],
        &["911"],
    )
    .await;
}

#[tokio::test]
async fn someone_else_in_danger_of_suicide_gets_988_and_losing_a_home_gets_211() {
    let app = city();
    notices(
        &app,
        &[
            "my daughter says she wants to kill herself",
            "mi hijo quiere matarse",
            "сын говорит, что убьет себя",
        ],
        &["988"],
        &[],
    )
    .await;
    notices(
        &app,
        &[
            "we have been living in our van for a month",
            "nothing to feed the children",
            "нас выселили, спим в машине",
        ],
        &["211"],
        &[],
    )
    .await;
}

#[tokio::test]
async fn a_notice_is_decided_on_the_corrected_question_too() {
    let app = city();
    // Misspelt, the emergency's key word is not a word the patterns know; corrected, it is.
    for (q, spelt_right) in [
        ("my dad is not breathng", "my dad is not breathing"),
        (
            "someone unconsious in the park",
            "someone unconscious in the park",
        ),
    ] {
        let r = ask(&app, q).await;
        assert_eq!(
            r.emergency.as_ref().map(|n| n.phone.as_str()),
            Some("911"),
            "{q:?}"
        );
        assert_eq!(
            r.suggestion, None,
            "{q:?}: no \"did you mean\" under the notice"
        );
        // Spelt right, the question shows it too: the correction states the same emergency.
        assert!(
            ask(&app, spelt_right).await.emergency.is_some(),
            "{spelt_right:?}"
        );
    }
    // A correction that states no emergency keeps its "did you mean" and shows no notice.
    let r = ask(&app, "potholle on my street").await;
    assert!(r.emergency.is_none() && r.referrals.is_empty());
    assert!(r.suggestion.is_some_and(|s| s.contains("pothole")));
}

#[tokio::test]
async fn the_agent_views_lead_under_the_notice_is_in_the_questions_language() {
    let app = city();
    for (q, lang) in [
        ("в хаті пожежа", "uk"),
        ("у меня дома пожар", "ru"),
        ("mi casa se está quemando", "es"),
        ("我家着火了", "zh-hans"),
        ("nhà tôi bị cháy", "vi"),
    ] {
        let r = ask(&app, q).await;
        assert!(r.emergency.is_some() && r.answer.is_none(), "{q:?}");
        assert_eq!(
            r.results.first().map(|h| h.lang.as_str()),
            Some(lang),
            "{q:?}"
        );
        let (status, _, body) = get(&app, &format!("/agent?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains(&format!("id=\"answer-title\" lang=\"{lang}\"")),
            "{q:?}: the lead is the {lang} article"
        );
        // The caller's language (the agent's, here English) goes beside it.
        assert!(body.contains("class=\"caller-card\""), "{q:?}");
    }
    // A caller language picked by the agent goes beside the lead; the lead stays the question's.
    let (_, _, body) = get(
        &app,
        &format!("/agent?q={}&caller=vi", enc("у меня дома пожар")),
    )
    .await;
    assert!(body.contains("id=\"answer-title\" lang=\"ru\""));
    assert!(
        body.contains("<span lang=\"vi\""),
        "the Vietnamese version beside it"
    );
}

#[tokio::test]
async fn free_word_order_emergencies_in_everyday_words_get_the_911_notice() {
    let app = city();
    notices(
        &app,
        &[
            // Fire at the neighbours'.
            "у сусідів горить будинок",
            "дом соседа горит",
            "nhà bên cạnh bốc cháy rồi",
            // Someone got into the home.
            "a guy got into my house and is still here",
            "un hombre se está metiendo a mi casa",
            "хтось заліз у мій будинок",
            "nin baa gurigayga soo galay",
            // Knives, drowning, a heart, a partner, a fall in a long sentence.
            "nin baa mindi igu dhuftay",
            "малюк тоне в басейні",
            "hooyaday wadnaha ayaa istaagay",
            "老公一直打我",
            "my neighbor fell down the stairs this morning and she is not moving at all",
        ],
        &["911"],
        &[],
    )
    .await;
    notices(
        &app,
        &[
            "a raccoon got into my house",
            "se metió agua en mi casa",
            "у будинок залізли миші",
            "fasal lagu afeeyo mindiyaha",
            "уроки плавання для дітей",
            "fasalka caafimaadka wadnaha",
            "老公打游戏太吵",
            "my neighbor's dog is loud",
        ],
        &[],
        &["911"],
    )
    .await;
}

#[tokio::test]
async fn notices_do_not_overlap_a_burning_house_or_an_eviction() {
    let app = city();
    // A house burning is an emergency, not self-harm.
    for q in ["mi casa se está quemando", "el edificio se está quemando"] {
        let r = ask(&app, q).await;
        assert!(r.emergency.is_some(), "{q:?}");
        assert!(!r.referrals.iter().any(|n| n.phone == "988"), "{q:?}");
    }
    // Being put out of a home is a 211 question, not violence ("khỏi" is not "khói", smoke).
    notices(
        &app,
        &[
            "chủ nhà đuổi tôi ra khỏi nhà",
            "getting thrown out of my apartment",
            "me van a echar de mi casa",
        ],
        &["211"],
        &["911"],
    )
    .await;
}
