//! The structure assistive technology relies on, on every kind of page: one `h1` and no skipped
//! heading levels, landmarks, a label for every field, a skip link to the main content.

use scraper::Selector;

use crate::support::{enc, standard};
use crate::web_support::{Page, page};

fn pages() -> Vec<String> {
    vec![
        "/".into(),
        format!("/search?q={}", enc("pothole in my street")),
        format!("/search?q={}", enc("my house is on fire")),
        format!("/search?q={}", enc("food bank near me")),
        "/articles/report-pothole".into(),
        "/es/articles/report-pothole".into(),
        "/agent".into(),
        format!("/agent?q={}&caller=es", enc("pothole in my street")),
        format!("/agent?q={}", enc("my house is on fire")),
        "/search?q=".into(),
        "/missing".into(),
        "/ar/".into(),
    ]
}

fn heading_levels(p: &Page) -> Vec<u8> {
    let selector = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    p.html
        .select(&selector)
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect()
}

#[tokio::test]
async fn headings_start_at_one_h1_and_never_skip_a_level() {
    let app = standard().app();
    for uri in pages() {
        let p = page(&app, &uri).await;
        let levels = heading_levels(&p);
        assert_eq!(levels.first(), Some(&1), "{uri}: {levels:?}");
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{uri}: {levels:?}"
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{uri}: a skipped level in {levels:?}"
            );
        }
    }
}

#[tokio::test]
async fn landmarks_labels_and_the_skip_link_are_on_every_page() {
    let app = standard().app();
    for uri in pages() {
        let p = page(&app, &uri).await;
        for landmark in [
            "header",
            "main#main",
            "footer",
            "nav[aria-label]",
            "form[role=search]",
        ] {
            assert_eq!(p.texts(landmark).len(), 1, "{uri}: one {landmark}");
        }
        assert_eq!(p.attr("a.skip", "href"), "#main", "{uri}");
        assert!(
            p.before("a.skip", "header"),
            "{uri}: the skip link comes first"
        );
        for id in p.attrs("input:not([type=hidden]), select", "id") {
            assert_eq!(
                p.texts(&format!("label[for={id}]")).len(),
                1,
                "{uri}: #{id} has a label"
            );
        }
        for labelled in p.attrs("[aria-labelledby]", "aria-labelledby") {
            assert_eq!(
                p.texts(&format!("#{labelled}")).len(),
                1,
                "{uri}: #{labelled} exists"
            );
        }
        assert!(!p.attr("html", "lang").is_empty(), "{uri}: a language");
        assert!(!p.text("title").is_empty(), "{uri}: a title");
    }
}

#[tokio::test]
async fn the_result_count_is_announced() {
    let app = standard().app();
    for uri in [
        format!("/search?q={}", enc("pothole")),
        format!("/agent?q={}", enc("pothole")),
    ] {
        let p = page(&app, &uri).await;
        assert_eq!(p.attr("[role=status]", "aria-live"), "polite", "{uri}");
        assert!(p.text("[role=status]").starts_with("Results: "), "{uri}");
    }
}
