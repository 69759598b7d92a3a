use std::path::Path;
use std::time::Duration;

use crate::{Config, Error, split_lang_prefix};

fn problems(text: &str) -> Vec<String> {
    match Config::parse(text, Path::new("firststop.toml")) {
        Ok(_) => vec![],
        Err(Error::Invalid(p)) => p.iter().map(|p| p.to_string()).collect(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

const BUREAUS: &str = r#"
[[bureaus]]
id = "pbot"
name = "Portland Bureau of Transportation"
[[bureaus]]
id = "parks"
name = "Portland Parks & Recreation"
"#;

#[test]
fn loads_the_shipped_default_config() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../firststop.toml");
    let config = Config::load(&path).expect("default config is valid");
    assert!(
        config.bureaus.len() >= 18,
        "every bureau of the contract is configured"
    );
    for id in [
        "pbot", "parks", "bds", "police", "auditor", "mayor", "eudaly", "oehr", "civic", "bps",
        "water", "bes", "fire", "boec", "pbem", "hirp", "oct", "311",
    ] {
        assert!(
            config.bureau(id).is_some(),
            "bureau {id} missing from the default config"
        );
    }
    let site = &config.sites[0];
    assert_eq!(site.host(), "www.portland.gov");
    assert_eq!(
        site.bureau_for_path("/transportation/report-a-pothole"),
        "pbot"
    );
    assert_eq!(site.bureau_for_path("/water/bill"), "water");
}

#[test]
fn longest_section_prefix_wins_and_matches_whole_segments() {
    let text = format!(
        "{BUREAUS}\n[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[sites]]\nseeds = [\"https://example.org/\"]\nbureau = \"311\"\nsections = {{ \"/parks\" = \"parks\", \"/parks/streets\" = \"pbot\" }}\n"
    );
    let config = Config::parse(&text, Path::new("x.toml")).unwrap();
    let site = &config.sites[0];
    assert_eq!(site.bureau_for_path("/parks/streets/trees"), "pbot");
    assert_eq!(site.bureau_for_path("/parks/finder"), "parks");
    assert_eq!(site.bureau_for_path("/parks"), "parks");
    assert_eq!(site.bureau_for_path("/parksville"), "311");
}

#[test]
fn reports_unknown_bureau_in_a_section_with_its_line() {
    let text = format!(
        "{BUREAUS}[[sites]]\nseeds = [\"https://example.org/\"]\nbureau = \"pbot\"\nsections = {{ \"/water\" = \"water\" }}\n"
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("sections"))
        .unwrap()
        + 1;
    assert_eq!(
        problems(&text),
        vec![format!(
            "firststop.toml:{line}: unknown bureau id 'water' in section '/water'"
        )]
    );
}

#[test]
fn reports_duplicate_bureau_ids_at_the_second_definition() {
    let text = format!("{BUREAUS}[[bureaus]]\nid = \"pbot\"\nname = \"Again\"\n");
    let first = text.lines().position(|l| l == "id = \"pbot\"").unwrap() + 1;
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "id = \"pbot\"")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(
        problems(&text),
        vec![format!(
            "firststop.toml:{second}: duplicate bureau id 'pbot' (first defined on line {first})"
        )]
    );
}

#[test]
fn reports_seeds_that_are_not_http_urls() {
    let text = format!(
        "{BUREAUS}[[sites]]\nseeds = [\"ftp://example.org/\", \"example.org\"]\nbureau = \"pbot\"\n"
    );
    let line = text.lines().position(|l| l.starts_with("seeds")).unwrap() + 1;
    assert_eq!(
        problems(&text),
        vec![
            format!("firststop.toml:{line}: seed 'ftp://example.org/' is not an http(s) URL"),
            format!("firststop.toml:{line}: seed 'example.org' is not an http(s) URL"),
        ]
    );
}

#[test]
fn reports_zero_and_negative_limits_all_at_once() {
    let text = format!(
        "[crawl]\nmax_pages = 0\nrequest_timeout_ms = -5\nmin_delay_ms = -1\nmax_page_bytes = 10\n{BUREAUS}"
    );
    assert_eq!(
        problems(&text),
        vec![
            "firststop.toml:2: max_pages must be a positive number, not 0".to_owned(),
            "firststop.toml:3: request_timeout_ms must be a positive number, not -5".to_owned(),
            "firststop.toml:4: min_delay_ms must be zero or more, not -1".to_owned(),
        ]
    );
}

#[test]
fn reports_a_syntax_error_with_its_line() {
    let found = problems("[crawl]\nmax_pages = = 3\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("firststop.toml:2: "), "{found:?}");
}

#[test]
fn reports_unknown_keys() {
    let found = problems(&format!("[crawl]\nmax_pagez = 3\n{BUREAUS}"));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("firststop.toml:2: unknown field `max_pagez`"),
        "{found:?}"
    );
}

#[test]
fn zero_delay_is_allowed_for_local_fixtures() {
    let config = Config::parse(
        &format!("[crawl]\nmin_delay_ms = 0\n{BUREAUS}"),
        Path::new("x"),
    )
    .unwrap();
    assert!(config.crawl.min_delay.is_zero());
    assert_eq!(
        config.crawl.max_pages.get(),
        100_000,
        "defaults fill what the file leaves out"
    );
}

#[test]
fn translated_paths_belong_to_the_bureau_of_their_original() {
    let text = format!(
        "{BUREAUS}[[sites]]\nseeds = [\"https://example.org/\"]\nbureau = \"parks\"\nsections = {{ \"/transportation\" = \"pbot\" }}\n"
    );
    let config = Config::parse(&text, Path::new("x.toml")).unwrap();
    let site = &config.sites[0];
    assert_eq!(
        site.bureau_for_path("/es/transportation/report-pothole"),
        "pbot"
    );
    assert_eq!(site.bureau_for_path("/zh-hans/transportation"), "pbot");
    assert_eq!(site.bureau_for_path("/es/other"), "parks");
    assert_eq!(site.bureau_for_path("/espana/transportation"), "parks");
}

#[test]
fn a_language_segment_is_split_off_a_path() {
    fn split(p: &str) -> Option<(&'static str, &str)> {
        split_lang_prefix(p).map(|(l, rest)| (l.tag, rest))
    }
    assert_eq!(split("/es/water/bill"), Some(("es", "/water/bill")));
    assert_eq!(split("/ZH-HANS"), Some(("zh-hans", "")));
    assert_eq!(split("/vi/"), Some(("vi", "/")));
    assert_eq!(split("/water/es"), None);
    assert_eq!(split("/estates/x"), None);
    assert_eq!(split("es/water"), None);
}

#[test]
fn max_crawl_delay_defaults_to_thirty_seconds_and_must_not_be_negative() {
    let config = Config::parse(&format!("[crawl]\n{BUREAUS}"), Path::new("x")).unwrap();
    assert_eq!(config.crawl.max_crawl_delay, Duration::from_secs(30));
    let config = Config::parse(
        &format!("[crawl]\nmax_crawl_delay_ms = 120000\n{BUREAUS}"),
        Path::new("x"),
    )
    .unwrap();
    assert_eq!(config.crawl.max_crawl_delay, Duration::from_secs(120));
    assert_eq!(
        problems(&format!("[crawl]\nmax_crawl_delay_ms = -1\n{BUREAUS}")),
        vec!["firststop.toml:2: max_crawl_delay_ms must be zero or more, not -1".to_owned()]
    );
}

#[test]
fn bureau_names_per_language_fall_back_to_the_english_name() {
    let text = "[[bureaus]]\nid = \"pbot\"\nname = \"Portland Bureau of Transportation\"\nnames = { es = \" Oficina de Transporte de Portland \", zh-hans = \"波特兰交通局\" }\n";
    let config = Config::parse(text, Path::new("x.toml")).unwrap();
    let pbot = config.bureau("pbot").unwrap();
    let lang = |tag| crate::Lang::by_tag(tag).unwrap();
    assert_eq!(
        pbot.name_in(lang("es")),
        "Oficina de Transporte de Portland"
    );
    assert_eq!(pbot.name_in(lang("zh-hans")), "波特兰交通局");
    assert_eq!(
        pbot.name_in(lang("zh-hant")),
        "Portland Bureau of Transportation"
    );
    assert_eq!(
        pbot.name_in(lang("en")),
        "Portland Bureau of Transportation"
    );
    assert_eq!(pbot.published_name(lang("ko")), None);
    assert_eq!(pbot.published_name(lang("en")), None);
}

#[test]
fn bureau_names_as_a_table_of_their_own_are_read_too() {
    let text = "[[bureaus]]\nid = \"fire\"\nname = \"Portland Fire & Rescue\"\n[bureaus.names]\nvi = \"Cứu hỏa & Cứu hộ Portland\"\nru = \"Портлендская пожарно-спасательная служба\"\n";
    let config = Config::parse(text, Path::new("x.toml")).unwrap();
    let names: Vec<(&str, &str)> = config.bureaus[0]
        .names
        .iter()
        .map(|(tag, name)| (*tag, name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("ru", "Портлендская пожарно-спасательная служба"),
            ("vi", "Cứu hỏa & Cứu hộ Portland")
        ]
    );
}

#[test]
fn reports_each_bad_bureau_name_on_its_own_line() {
    let text = "[[bureaus]]\nid = \"pbot\"\nname = \"Portland Bureau of Transportation\"\n[bureaus.names]\nes = \"Oficina de Transporte de Portland\"\nde = \"Verkehrsamt\"\nzh-CN = \"波特兰交通局\"\nen = \"PBOT\"\nvi = \"  \"\n";
    let found = problems(text);
    assert_eq!(
        found,
        vec![
            "firststop.toml:6: names of bureau 'pbot': unknown language 'de' (one of es, vi, zh-hans, zh-hant, ru, uk, so, ar, ja, ko, ro, ne, km, lo, fil, chk)".to_owned(),
            "firststop.toml:7: names of bureau 'pbot': write the language tag 'zh-CN' as 'zh-hans'".to_owned(),
            "firststop.toml:8: names of bureau 'pbot': the English name is `name`, not `names.en`".to_owned(),
            "firststop.toml:9: names of bureau 'pbot': the name in 'vi' is blank".to_owned(),
        ]
    );
}

#[test]
fn bureau_names_must_be_a_table_of_text() {
    let found = problems("[[bureaus]]\nid = \"pbot\"\nname = \"PBOT\"\nnames = \"Oficina\"\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("firststop.toml:4: "), "{found:?}");
    let found = problems("[[bureaus]]\nid = \"pbot\"\nname = \"PBOT\"\nnames = { es = 3 }\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("firststop.toml:4: "), "{found:?}");
}

#[test]
fn insights_are_on_by_default_with_the_contract_values() {
    let config = Config::parse(BUREAUS, Path::new("x")).unwrap();
    assert_eq!(config.insights, crate::InsightsSettings::default());
    assert!(config.insights.enabled);
    assert_eq!(
        (config.insights.retention_days, config.insights.min_count),
        (395, 3)
    );
    let config = Config::parse(
        &format!("[insights]\nenabled = false\nretention_days = 30\nmin_count = 5\n{BUREAUS}"),
        Path::new("x"),
    )
    .unwrap();
    assert!(!config.insights.enabled);
    assert_eq!(
        (config.insights.retention_days, config.insights.min_count),
        (30, 5)
    );
}

#[test]
fn reports_insights_values_out_of_bounds_with_their_lines() {
    assert_eq!(
        problems(&format!(
            "{BUREAUS}[insights]\nretention_days = 0\nmin_count = -2\n"
        )),
        vec![
            "firststop.toml:9: retention_days must be from 1 to 3650, not 0".to_owned(),
            "firststop.toml:10: min_count must be from 1 to 1000, not -2".to_owned(),
        ]
    );
    let found = problems(&format!("{BUREAUS}[insights]\nenabled = \"yes\"\n"));
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("firststop.toml:9: "), "{found:?}");
    let found = problems(&format!("{BUREAUS}[insights]\nretention = 30\n"));
    assert!(
        found[0].starts_with("firststop.toml:9: unknown field `retention`"),
        "{found:?}"
    );
}

#[test]
fn ranking_weights_default_to_the_built_in_ones_and_the_table_overrides_them() {
    let config = Config::parse(BUREAUS, Path::new("x")).unwrap();
    assert_eq!(config.ranking, crate::RankWeights::default());
    assert_eq!(config.ranking.coverage, 2.0);
    let config = Config::parse(
        &format!("{BUREAUS}[ranking]\ncoverage = 1.5\ntitle = 2\nbridge = 0.5\n"),
        Path::new("x"),
    )
    .unwrap();
    let expected = crate::RankWeights {
        coverage: 1.5,
        title: 2.0,
        bridge: 0.5,
        ..crate::RankWeights::default()
    };
    assert_eq!(config.ranking, expected);
}

#[test]
fn reports_a_ranking_weight_unknown_or_out_of_bounds_with_its_line() {
    assert_eq!(
        problems(&format!(
            "{BUREAUS}[ranking]\ncoverge = 1.0\nlanguage = -1\nbridge = 1.5\ntitle = \"high\"\nkeyword = nan\n"
        )),
        vec![
            "firststop.toml:9: unknown ranking weight `coverge`, expected one of: coverage, title, proximity, category, language, bureau_named, bureau_home, routed, recency, keyword, bridge".to_owned(),
            "firststop.toml:10: ranking.language must be a number from 0 to 4, not -1".to_owned(),
            "firststop.toml:11: ranking.bridge must be a number from 0 to 1, not 1.5".to_owned(),
            "firststop.toml:12: ranking.title must be a number from 0 to 4, not \"high\"".to_owned(),
            "firststop.toml:13: ranking.keyword must be a number from 0 to 4, not nan".to_owned(),
        ]
    );
}
