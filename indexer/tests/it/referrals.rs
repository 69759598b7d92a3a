//! `referrals.toml`: the patterns, the word lists and the tables of examples every notice carries,
//! checked the way `firststop check` and the editors' rule endpoint check them. The project's own
//! file is checked here too, so `cargo test` fails when a notice misses one of its emergencies or
//! fires on one of its near misses.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use indexer::rules::{check_referrals, notice_examples};
use searchindex::rules::Rules;

/// The languages whose tables the 911 notice must fill: at least this many of each kind.
const TABLE_LANGS: [&str; 7] = ["en", "es", "vi", "zh-hans", "ru", "uk", "so"];
const MIN_EXAMPLES: usize = 8;

fn project_file() -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/referrals.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn problems(text: &str) -> Vec<String> {
    let slugs = HashSet::from(["when-to-call-911"]);
    let (_, problems) = check_referrals(text, Path::new("referrals.toml"), &slugs);
    problems.to_string().lines().map(str::to_owned).collect()
}

#[test]
fn the_projects_notices_pass_their_own_tables() {
    let (path, text) = project_file();
    let slugs = HashSet::from(["when-to-call-911"]);
    let (referrals, problems) = check_referrals(&text, &path, &slugs);
    assert!(problems.is_empty(), "{problems}");
    let rules = Rules {
        emergency: referrals.emergency.clone(),
        referrals: referrals.referrals.clone(),
        words: referrals.words.clone(),
        ..Rules::default()
    };
    let reports = notice_examples(&rules);
    let (id, report) = &reports[0];
    assert_eq!(id, "911");
    for lang in TABLE_LANGS {
        let (caught, positives, shown, near) = report.by_lang[lang];
        assert!(
            positives >= MIN_EXAMPLES && near >= MIN_EXAMPLES,
            "{lang}: {positives} positives, {near} near misses"
        );
        assert_eq!((caught, shown), (positives, 0), "{lang}");
    }
    for (id, report) in &reports {
        assert!(report.failures.is_empty(), "{id}: {:?}", report.failures);
    }
}

#[test]
fn a_near_miss_that_fires_is_a_problem_on_its_line() {
    let text = r#"
[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = ["on fire"]
positives.en = ["my house is on fire"]
near_misses.en = [
  "info on fire permits",
]
"#;
    assert_eq!(
        problems(text),
        [
            "referrals.toml:8: 'emergency' shows for its near miss (en) \"info on fire permits\": pattern \"on fire\" matches"
        ]
    );
}

#[test]
fn a_missed_positive_is_a_problem_on_its_line() {
    let text = r#"
[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = ["house is on fire"]
positives.en = [
  "my house is on fire",
  "my dad isn't breathing",
]
"#;
    assert_eq!(
        problems(text),
        [
            "referrals.toml:8: 'emergency' misses its positive example (en) \"my dad isn't breathing\""
        ]
    );
}

#[test]
fn word_lists_stems_and_gaps_catch_what_phrases_missed() {
    let text = r#"
[words.en]
not = ["not", "isn't", "no longer"]

[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = ["{not} breathing", "breaking into ... car"]
positives.en = ["my dad isn't breathing", "he is no longer breathing", "someone is breaking into my neighbor's car"]
near_misses.en = ["breathing exercises class", "my car was broken into last night"]
"#;
    assert_eq!(problems(text), Vec::<String>::new());
}

#[test]
fn pieces_in_any_order_and_a_question_of_nothing_else_are_checked_like_any_pattern() {
    let text = r#"
[words.uk]
krik = ["допоможіть", "рятуйте"]

[words.so]
caawi = ["i caawiya", "naga caawiya"]

[emergency]
phone = "911"
message.en = "Call 911."
phrases.uk = ["б'є|б'ють ~ мене|дружину", "^ =пожежа ~ {krik} $", "^ =пожежа $"]
phrases.so = ["dab ~ guri* ~ kac*", "^ dab ~ {caawi} $"]
positives.uk = ["чоловік мене б'є", "б'ють мене", "мій чоловік б'є дружину", "пожежа!", "рятуйте, пожежа"]
positives.so = ["dab ayaa gurigayga ka kacay", "gurigayga dab ayaa ka kacay", "dab, naga caawiya"]
near_misses.uk = ["пожежна частина", "пожежа в лісі минулого року, допоможіть знайти звіт"]
near_misses.so = [
  "xarunta dab-damiska",
  "dab ayaa ka kacay",
]
"#;
    assert_eq!(problems(text), Vec::<String>::new());
    // A group that is too loose fires on a near miss, reported on its line like any pattern.
    let loose = text.replace("\"dab ~ guri* ~ kac*\"", "\"dab ~ kac*\"");
    assert_eq!(
        problems(&loose),
        [
            "referrals.toml:18: 'emergency' shows for its near miss (so) \"dab ayaa ka kacay\": pattern \"dab ~ kac*\" matches"
        ]
    );
}

#[test]
fn a_bad_pattern_is_a_problem_on_its_line_and_is_left_out() {
    let text = r#"
[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = [
  "{home} on fire",
  "not breathing",
]
"#;
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "referrals.toml:6: 'emergency': pattern \"{home} on fire\" (en): no word list `home`"
        ),
        "{found:?}"
    );
}

#[test]
fn the_cards_beside_the_notice_must_be_published_articles() {
    let text = r#"
[emergency]
phone = "911"
articles = ["when-to-call-911", "no-such-article"]
message.en = "Call 911."
phrases.en = ["not breathing"]

[[referral]]
id = "211"
phone = "211"
articles = ["no-such-article"]
message.en = "Call 211."
phrases.en = ["food bank"]
"#;
    assert_eq!(
        problems(text),
        [
            "referrals.toml:4: 'emergency' names article 'no-such-article', which is not published",
            "referrals.toml:11: '211' names article 'no-such-article', which is not published",
        ]
    );
}

#[test]
fn a_file_of_plain_phrases_still_loads() {
    let text = r#"
[emergency]
phone = "911"
message.en = "Call 911."
phrases.en = ["house is on fire", "can't breathe"]
phrases.zh-hans = ["着火"]
unless.en = ["fire station"]
"#;
    let slugs = HashSet::new();
    let (referrals, problems) = check_referrals(text, Path::new("referrals.toml"), &slugs);
    assert!(problems.is_empty(), "{problems}");
    let emergency = referrals.emergency.unwrap();
    assert_eq!(
        emergency.phrases["en"],
        ["house is on fire", "can't breathe"]
    );
    assert_eq!(emergency.unless["en"], ["fire station"]);
}
