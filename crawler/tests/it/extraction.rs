//! Extraction on scenario fixtures (`tests/fixtures/extract/<scenario>.html`): main content
//! without chrome, sections with anchors, metadata, language, links.

use crawler::extract::{Extracted, Options, extract};
use url::Url;

fn fixture(name: &str, url: &str, options: Options<'_>) -> Extracted {
    let path = format!(
        "{}/tests/fixtures/extract/{name}.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let html = std::fs::read_to_string(&path).unwrap();
    extract(
        &html,
        &Url::parse(url).unwrap(),
        &Options {
            robots_token: "firststop",
            ..options
        },
    )
}

#[test]
fn nav_heavy_page_keeps_only_the_main_content() {
    let p = fixture(
        "nav-heavy-page",
        "https://www.portland.gov/transportation/report-pothole",
        Options::default(),
    );
    assert_eq!(p.title, "Report a pothole | City of Portland");
    assert_eq!(
        p.description,
        "Tell the city about a pothole so a crew can fill it."
    );
    assert!(
        p.text
            .starts_with("Report a pothole\nPotholes on city streets"),
        "{}",
        p.text
    );
    for chrome in [
        "Parks and Recreation",
        "Search the city",
        "Skip to main",
        "Related services",
        "Translation and interpretation",
        "trackPageview",
        "Home /",
    ] {
        assert!(!p.text.contains(chrome), "{chrome:?} is chrome: {}", p.text);
    }
    assert!(
        p.text
            .contains("Call 503-823-1700 or write to pothole@example.org.")
    );
    assert_eq!(
        p.canonical.as_ref().map(Url::as_str),
        Some("https://www.portland.gov/transportation/report-pothole")
    );
    assert_eq!(p.published.as_deref(), Some("2024-03-15"));
    assert_eq!(p.lang.map(|l| l.tag), Some("en"));
}

#[test]
fn nav_heavy_page_links_are_resolved_and_filtered() {
    let p = fixture(
        "nav-heavy-page",
        "https://www.portland.gov/transportation/report-pothole",
        Options::default(),
    );
    let links: Vec<&str> = p.outlinks.iter().map(Url::as_str).collect();
    assert!(
        links.contains(&"https://www.portland.gov/es/transportation/report-pothole"),
        "hreflang alternates are links"
    );
    assert!(links.contains(&"https://www.portland.gov/311/report"));
    assert!(
        links.contains(&"https://www.portland.gov/parks"),
        "navigation links are still followed"
    );
    assert!(
        links.iter().all(|l| l.starts_with("https://")),
        "no mailto:, tel:, javascript: {links:?}"
    );
    assert!(
        links.iter().all(|l| !l.contains('#')),
        "no fragments {links:?}"
    );
    assert_eq!(
        links
            .iter()
            .filter(|l| **l == "https://www.portland.gov/transportation")
            .count(),
        1,
        "no duplicates"
    );
}

#[test]
fn sections_carry_their_text_and_anchor() {
    let p = fixture(
        "sections-page",
        "https://www.portland.gov/bps/garbage",
        Options::default(),
    );
    let summary: Vec<(u8, &str, Option<&str>)> = p
        .sections
        .iter()
        .map(|s| (s.level, s.heading.as_str(), s.anchor.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (2, "Collection schedule", Some("schedule")),
            (2, "Holidays", Some("holidays")),
            (3, "Winter weather", Some("winter"))
        ]
    );
    assert_eq!(
        p.sections[0].text,
        "Garbage is picked up every other week.\nRecycling is picked up weekly."
    );
    assert!(
        p.sections[2]
            .text
            .contains("Small print\nFees are set each July."),
        "h5 is text of the section above it"
    );
    assert_eq!(
        p.published.as_deref(),
        Some("2023-07-01"),
        "<time datetime> in the main content"
    );
}

#[test]
fn table_layout_page_falls_back_to_the_densest_block() {
    let p = fixture(
        "table-layout-page",
        "https://www.portlandoregon.gov/transportation/leaf-day",
        Options::default(),
    );
    assert!(
        p.text.starts_with("Leaf Day pickup\nLeaf Day is a service"),
        "{}",
        p.text
    );
    for chrome in [
        "Development Services",
        "Contact: 503-823-4000",
        "Terms",
        "Home »",
    ] {
        assert!(!p.text.contains(chrome), "{chrome:?} is chrome: {}", p.text);
    }
    assert_eq!(p.sections[0].heading, "Leaf Day pickup");
    assert_eq!(
        p.published.as_deref(),
        Some("2019-10-11"),
        "a stated modification date when nothing says published"
    );
}

#[test]
fn the_site_selector_wins_over_main() {
    let url = "https://www.portland.gov/water/quality";
    let p = fixture(
        "site-selector-page",
        url,
        Options {
            content_selector: Some(".article-body"),
            ..Options::default()
        },
    );
    assert_eq!(
        p.text,
        "Water quality report\nPortland's drinking water meets or surpasses every federal and state standard."
    );
    let without = fixture("site-selector-page", url, Options::default());
    assert!(without.text.contains("newsletter"));
}

#[test]
fn language_is_detected_when_markup_is_silent() {
    let p = fixture(
        "missing-lang-page",
        "https://www.portland.gov/es/hojas",
        Options::default(),
    );
    assert_eq!(p.lang.map(|l| l.tag), Some("es"));
    assert!(
        !p.text.contains("Inicio"),
        "link-only menus are left out: {}",
        p.text
    );
    let so = fixture(
        "somali-page",
        "https://www.portland.gov/so/fire/fireworks",
        Options::default(),
    );
    assert_eq!(so.lang.map(|l| l.tag), Some("so"));
    let header = fixture(
        "missing-lang-page",
        "https://www.portland.gov/es/hojas",
        Options {
            content_language: Some("vi"),
            ..Options::default()
        },
    );
    assert_eq!(
        header.lang.map(|l| l.tag),
        Some("vi"),
        "Content-Language comes before guessing"
    );
}

#[test]
fn a_page_that_is_only_a_list_of_links_keeps_its_list() {
    let p = fixture(
        "link-list-page",
        "https://www.portlandoregon.gov/parks",
        Options::default(),
    );
    assert!(
        p.text
            .starts_with("parks (1/8)\nNew playgrounds at East Portland"),
        "{}",
        p.text
    );
    assert!(p.text.contains("Columbia Slough wetland"));
    assert_eq!(p.outlinks.len(), 4);
}
