//! The site in all 17 of the city's languages: each page in each interface language with its
//! `lang` and `dir`, the switcher naming every language in its own script, and bureau names in
//! the reader's language where the City publishes one (the English name, marked as English,
//! where it does not).

use axum::http::StatusCode;
use config::{LANGS, Lang};
use search_api::web::i18n::{self, Ui, fill};

use crate::support::{CONFIG, City, enc, search, standard};
use crate::web_support::{Page, page, page_with};

/// The standard city, with the names the City of Portland publishes for its transportation
/// bureau in Spanish, Vietnamese, Simplified Chinese and Russian.
fn city_with_bureau_names() -> City {
    let city = standard();
    let config = CONFIG.replace(
        "aliases = [\"PBOT\", \"Transportation\"]\n",
        "aliases = [\"PBOT\", \"Transportation\"]\nnames = { es = \"Oficina de Transporte de Portland\", vi = \"Cục Giao thông vận tải Portland\", zh-hans = \"波特兰交通局\", ru = \"Портлендское бюро транспорта\" }\n",
    );
    assert_ne!(config, CONFIG);
    std::fs::write(city.path("firststop.toml"), config).unwrap();
    city
}

/// Each language's own name, in the city's order, as the switcher must show it.
const ENDONYMS: [(&str, &str); 17] = [
    ("en", "English"),
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("so", "Soomaali"),
    ("ar", "العربية"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("ro", "Română"),
    ("ne", "नेपाली"),
    ("km", "ភាសាខ្មែរ"),
    ("lo", "ພາສາລາວ"),
    ("fil", "Filipino"),
    ("chk", "Kapasen Chuuk"),
];

fn endonym(tag: &str) -> &'static str {
    ENDONYMS.iter().find(|(t, _)| *t == tag).unwrap().1
}

fn dir(tag: &str) -> &'static str {
    if tag == "ar" { "rtl" } else { "ltr" }
}

/// The switcher on `p`: every language by its own name, each with its `lang`, `hreflang` and
/// `dir`, the current one marked, and the closed switcher naming the current language.
fn assert_switcher(p: &Page, current: &str) {
    let names: Vec<String> = p.texts(".langs li a");
    let tags = p.attrs(".langs li a", "lang");
    let want_names: Vec<&str> = ENDONYMS.iter().map(|(_, n)| *n).collect();
    let want_tags: Vec<&str> = ENDONYMS.iter().map(|(t, _)| *t).collect();
    assert_eq!(names, want_names, "switcher names on a {current} page");
    assert_eq!(tags, want_tags);
    assert_eq!(p.attrs(".langs li a", "hreflang"), want_tags);
    let dirs = p.attrs(".langs li a", "dir");
    let want_dirs: Vec<&str> = want_tags.iter().map(|t| dir(t)).collect();
    assert_eq!(dirs, want_dirs);
    assert_eq!(p.attrs(".langs a[aria-current]", "lang"), [current]);
    let own = endonym(current);
    assert_eq!(p.attr(".langs summary span[lang]", "lang"), current);
    assert_eq!(p.text(".langs summary span[lang]"), own);
}

fn ui(tag: &str) -> &'static Ui {
    i18n::ui(Lang::by_tag(tag).unwrap())
}

#[test]
fn the_endonyms_are_the_citys_language_table() {
    let table: Vec<(&str, &str)> = LANGS.iter().map(|l| (l.tag, l.native)).collect();
    assert_eq!(table, ENDONYMS);
}

#[tokio::test]
async fn every_language_has_its_home_page_with_lang_and_dir() {
    let app = standard().app();
    for (tag, _) in ENDONYMS {
        let t = &ui(tag).t;
        let home = page(&app, &format!("/{tag}/")).await;
        assert_eq!(home.status, StatusCode::OK, "{tag}");
        assert_eq!(home.lang_dir(), (tag.to_owned(), dir(tag).to_owned()));
        assert_eq!(home.text("h1"), t.home_heading, "{tag}");
        assert_eq!(home.text("label[for=q]"), t.search_label, "{tag}");
        assert_eq!(home.text("button[type=submit]"), t.search_button, "{tag}");
        assert_eq!(
            home.attr("form[role=search]", "action"),
            format!("/{tag}/search")
        );
        assert_eq!(home.attr("nav.langs", "aria-label"), t.language_label);
        assert_switcher(&home, tag);
        for (other, _) in ENDONYMS {
            assert_eq!(home.link(".langs li", endonym(other)), format!("/{other}/"));
        }
    }
}

#[tokio::test]
async fn every_language_has_its_results_page_and_keeps_content_in_its_own_language() {
    let app = standard().app();
    for (tag, _) in ENDONYMS {
        let t = &ui(tag).t;
        let results = page(&app, &format!("/{tag}/search?q={}", enc("pothole"))).await;
        assert_eq!(results.status, StatusCode::OK, "{tag}");
        assert_eq!(results.lang_dir(), (tag.to_owned(), dir(tag).to_owned()));
        assert_eq!(
            results.text("h1"),
            fill(&t.results_title, &[("query", "pothole")])
        );
        assert_eq!(results.text("#results-h"), t.results_heading);
        let total = results.text("[role=status]");
        let count = total
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        assert_eq!(total, fill(&t.results_count, &[("count", &count)]), "{tag}");
        assert_eq!(results.text(".answer .eyebrow"), t.answer_label, "{tag}");
        // The answer card says which language it is in, whatever the page's language and
        // direction: the same answer as the API gives this reader.
        let api = search(&app, &format!("q=pothole&lang={tag}")).await;
        let answer_lang = api.answer.unwrap().lang;
        assert_eq!(results.attr(".answer h2", "lang"), answer_lang, "{tag}");
        assert_eq!(results.attr(".answer h2", "dir"), "ltr", "{tag}");
        assert_switcher(&results, tag);
        assert_eq!(
            results.link(".langs li", "한국어"),
            "/ko/search?q=pothole",
            "the switcher keeps the search"
        );

        let nothing = page(&app, &format!("/{tag}/search?q={}", enc("zzqxv"))).await;
        assert_eq!(
            nothing.text(".results p"),
            fill(&t.no_results, &[("query", "zzqxv")]),
            "{tag}"
        );
    }
}

#[tokio::test]
async fn every_language_has_its_article_pages() {
    let app = standard().app();
    for (tag, _) in ENDONYMS {
        let t = &ui(tag).t;
        // The original (English) article read with the interface in `tag`, as the switcher
        // links to it when there is no translation.
        let uri = if tag == "es" {
            "/es/articles/report-pothole".to_owned()
        } else {
            format!("/articles/report-pothole?lang={tag}")
        };
        let article = page(&app, &uri).await;
        assert_eq!(article.status, StatusCode::OK, "{tag}");
        assert_eq!(article.lang_dir(), (tag.to_owned(), dir(tag).to_owned()));
        let content_lang = if tag == "es" { "es" } else { "en" };
        assert_eq!(article.attr(".article > div", "lang"), content_lang);
        assert_eq!(article.attr(".article .body", "dir"), "ltr");
        assert_eq!(article.texts(".facts dt")[0], t.bureau_label, "{tag}");
        assert_switcher(&article, tag);
        let spanish = article.link(".langs li", "Español");
        assert_eq!(spanish, "/es/articles/report-pothole", "{tag}");
    }
}

#[tokio::test]
async fn every_language_has_its_error_pages() {
    let app = standard().app();
    for (tag, _) in ENDONYMS {
        let t = &ui(tag).t;
        let missing = page(&app, &format!("/{tag}/articles/no-such-article")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.lang_dir().0, tag);
        assert_eq!(missing.text("h1"), t.not_found_heading, "{tag}");
        let empty = page(&app, &format!("/{tag}/search?q=")).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert_eq!(empty.text("h1"), t.bad_request_heading, "{tag}");
        assert_eq!(empty.text("main p.lead"), t.err_empty_query, "{tag}");
        assert_eq!(empty.text("main p a"), t.back_home, "{tag}");
    }
}

#[tokio::test]
async fn accept_language_reaches_the_new_languages() {
    let app = standard().app();
    for (header, tag) in [
        ("ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
        ("ja-JP", "ja"),
        ("tl-PH,en;q=0.5", "fil"),
        ("fil", "fil"),
        ("ne-NP", "ne"),
        ("km-KH", "km"),
        ("lo", "lo"),
        ("ro-RO,ro;q=0.9", "ro"),
        ("chk", "chk"),
    ] {
        let home = page_with(&app, "/", &[("accept-language", header)]).await;
        assert_eq!(home.lang_dir().0, tag, "{header}");
        assert_eq!(home.text("h1"), ui(tag).t.home_heading, "{header}");
    }
}

#[tokio::test]
async fn the_agent_view_and_its_caller_picker_speak_every_language() {
    let app = standard().app();
    let agent = page(&app, "/km/agent").await;
    assert_eq!(agent.lang_dir(), ("km".to_owned(), "ltr".to_owned()));
    assert_eq!(agent.text("h1"), ui("km").t.agent_heading);
    let options = agent.attrs("#caller option", "lang");
    let want: Vec<&str> = ENDONYMS.iter().map(|(t, _)| *t).collect();
    assert_eq!(options, want);
    assert_eq!(agent.attr("#caller option[lang=ar]", "dir"), "rtl");
    assert_eq!(agent.attr("#caller option[selected]", "lang"), "km");
    assert!(
        agent
            .texts("#caller option")
            .contains(&"ພາສາລາວ".to_owned())
    );
}

#[tokio::test]
async fn bureau_names_follow_the_readers_language_where_the_city_publishes_one() {
    let app = city_with_bureau_names().app();
    let q = enc("pothole in my street");
    for (tag, name) in [
        ("es", "Oficina de Transporte de Portland"),
        ("vi", "Cục Giao thông vận tải Portland"),
        ("zh-hans", "波特兰交通局"),
        ("ru", "Портлендское бюро транспорта"),
        ("en", "Portland Bureau of Transportation"),
    ] {
        let results = page(&app, &format!("/{tag}/search?q={q}")).await;
        // In the reader's language, so no `lang` of its own: it is the page's.
        assert_eq!(results.texts(".answer .facts dd")[0], name, "{tag}");
        assert!(
            results.attrs(".answer .facts dd", "lang").is_empty(),
            "{tag}"
        );
        let pbot_hits: Vec<String> = results
            .texts(".hit .meta span:first-child")
            .into_iter()
            .filter(|m| m == name)
            .collect();
        assert!(!pbot_hits.is_empty(), "{tag}: {}", results.body);
        assert!(
            results.texts(".filters li a").contains(&name.to_owned()),
            "{tag}: the bureau filter"
        );
        let article = page(&app, &format!("/articles/report-pothole?lang={tag}")).await;
        assert_eq!(article.texts(".facts dd")[0], name, "{tag}");
    }
    // Other bureaus, and languages the City publishes no name in, keep the English name,
    // marked as English for screen readers.
    let korean = page(&app, &format!("/ko/search?q={q}")).await;
    assert_eq!(
        korean.texts(".answer .facts dd")[0],
        "Portland Bureau of Transportation"
    );
    assert_eq!(korean.attr(".answer .facts dd", "lang"), "en");
    assert_eq!(korean.attr(".hit .meta span[lang]", "lang"), "en");
    let filter = korean.attr(".filters a[href*='bureau=pbot']", "lang");
    assert_eq!(filter, "en");
    let spanish_water = page(&app, &format!("/es/search?q={}", enc("water bill"))).await;
    assert!(
        spanish_water
            .texts(".hit .meta span[lang=en]")
            .contains(&"Portland Water Bureau".to_owned()),
        "{}",
        spanish_water.body
    );
    // The agent view names bureaus in the agent's language, not the caller's.
    let agent = page(&app, &format!("/es/agent?q={q}&caller=vi")).await;
    assert_eq!(
        agent.texts(".answer .facts dd")[0],
        "Oficina de Transporte de Portland"
    );
}

#[tokio::test]
async fn the_api_keeps_the_configured_name_and_adds_the_readers() {
    let city = city_with_bureau_names();
    let app = city.app();
    let spanish = search(&app, &format!("q={}&lang=es", enc("pothole"))).await;
    let answer = spanish.answer.as_ref().unwrap();
    assert_eq!(answer.bureau.name, "Portland Bureau of Transportation");
    assert_eq!(
        answer.bureau.local_name.as_deref(),
        Some("Oficina de Transporte de Portland")
    );
    let pbot = spanish
        .facets
        .bureau
        .iter()
        .find(|f| f.id == "pbot")
        .unwrap();
    assert_eq!(
        pbot.local_name.as_deref(),
        Some("Oficina de Transporte de Portland")
    );
    for hit in &spanish.results {
        let want = (hit.bureau.id == "pbot").then_some("Oficina de Transporte de Portland");
        assert_eq!(hit.bureau.local_name.as_deref(), want, "{}", hit.url);
    }
    // No name in the reader's language: the field is left out of the JSON.
    let (_, _, body) =
        crate::support::get(&app, &format!("/api/search?q={}&lang=ko", enc("pothole"))).await;
    assert!(body.contains("\"name\":\"Portland Bureau of Transportation\""));
    assert!(!body.contains("local_name"), "{body}");
}
