//! The resident pages through `app()`: home, results, article, 404 and bad input.

use axum::http::StatusCode;

use crate::support::{City, enc, search, standard};
use crate::web_support::page;

#[tokio::test]
async fn home_has_one_search_box_and_the_most_asked_topics() {
    let app = standard().app();
    let home = page(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.header("content-type").starts_with("text/html"));
    assert_eq!(home.attrs("input[type=search]", "name"), ["q"]);
    assert_eq!(home.attr("form[role=search]", "action"), "/en/search");
    assert_eq!(home.attr("form[role=search]", "method"), "get");
    assert_eq!(
        home.texts(".topics li a"),
        ["Report a pothole", "Report graffiti"]
    );
    assert_eq!(
        home.link(".topics", "Report a pothole"),
        "/articles/report-pothole?lang=en"
    );
    assert_eq!(home.texts("h1").len(), 1);
}

#[tokio::test]
async fn results_show_the_answer_card_first_then_results_with_bureau_and_snippet() {
    let app = standard().app();
    let results = page(&app, &format!("/search?q={}", enc("pothole in my street"))).await;
    assert_eq!(results.status, StatusCode::OK);
    assert_eq!(results.text(".answer h2"), "Report a pothole");
    assert!(
        results
            .text(".answer .summary")
            .starts_with("Report potholes online")
    );
    assert_eq!(
        results.texts(".answer .actions a"),
        ["Report it online", "Call 311"]
    );
    assert_eq!(
        results.attrs(".answer .actions a", "href")[1],
        "tel:+1-503-823-4000"
    );
    assert!(
        results
            .text(".answer .facts")
            .contains("Portland Bureau of Transportation")
    );
    assert!(
        results.text(".answer .facts").contains("503-823-4000"),
        "the 311 phone when the bureau has none"
    );
    assert!(results.before(".answer", ".results"));
    let first = results.text(".hit");
    assert!(
        first.contains("Report a Pothole") && first.contains("Portland Bureau of Transportation"),
        "{first}"
    );
    assert!(results.body.contains("<mark>"), "matched words are marked");
    assert_eq!(results.attr("[role=status]", "aria-live"), "polite");
    assert!(results.text("[role=status]").starts_with("Results: "));
    assert_eq!(
        results.attr("input[name=q]", "value"),
        "pothole in my street"
    );
}

#[tokio::test]
async fn the_911_notice_comes_above_everything_and_211_beside_the_results() {
    let app = standard().app();
    let fire = page(&app, &format!("/search?q={}", enc("my house is on fire"))).await;
    assert!(
        fire.text(".emergency").contains("Call 911 now."),
        "{}",
        fire.text(".emergency")
    );
    assert_eq!(fire.attr(".emergency a", "href"), "tel:911");
    assert!(fire.before(".emergency", "h1"));

    let food = page(&app, &format!("/search?q={}", enc("food bank near me"))).await;
    assert!(
        food.text(".referrals")
            .contains("For food and shelter, call 211.")
    );
    assert_eq!(food.attr(".referrals a", "href"), "tel:211");
}

#[tokio::test]
async fn facet_links_narrow_by_bureau_language_and_kind() {
    let app = standard().app();
    let all = page(&app, "/search?q=report").await;
    let civic = all.link(".filters", "Office of Community & Civic Life");
    assert_eq!(civic, "/en/search?q=report&bureau=civic");
    let only = page(&app, &civic).await;
    assert!(!only.texts(".hit").is_empty());
    assert!(
        only.texts(".hit .meta")
            .iter()
            .all(|m| m.contains("Civic Life")),
        "{:?}",
        only.texts(".hit .meta")
    );
    assert_eq!(
        only.attr(".filters a[aria-current]", "href"),
        "/en/search?q=report"
    );

    let spanish = page(&app, "/search?q=grafiti").await;
    let link = spanish.link(".filters", "Español");
    assert!(link.contains("result_lang=es"), "{link}");
    let narrowed = page(&app, &link).await;
    assert!(narrowed.attrs(".hit h3", "lang").iter().all(|l| l == "es"));

    let kind = all.link(".filters", "Web page");
    assert!(kind.contains("kind=page"), "{kind}");
    let pages = page(&app, &kind).await;
    assert!(!pages.texts(".hit").is_empty());
    assert!(
        pages
            .texts(".hit .meta")
            .iter()
            .all(|m| m.contains("Web page"))
    );
}

#[tokio::test]
async fn pagination_is_plain_links_that_walk_the_results() {
    let city = City::new();
    for n in 1..=23 {
        city.page(
            &format!("https://city.example/bps/recycling-{n}"),
            "bps",
            "en",
            &format!("Recycling guide part {n}"),
            &format!("Recycling rules, part {n}: what goes in the blue cart."),
        );
    }
    let app = city.app();
    let first = page(&app, "/search?q=recycling").await;
    assert_eq!(first.texts(".hit").len(), 10);
    assert_eq!(
        first.attr(".pager a[aria-current=page]", "href"),
        "/en/search?q=recycling"
    );
    let next = first.attr(".pager a[rel=next]", "href");
    assert_eq!(next, "/en/search?q=recycling&page=2");
    let second = page(&app, &next).await;
    assert_eq!(second.texts(".hit").len(), 10);
    assert_ne!(first.texts(".hit h3"), second.texts(".hit h3"));
    assert_eq!(
        second.attr(".pager a[rel=prev]", "href"),
        "/en/search?q=recycling"
    );
    let third = page(&app, &second.attr(".pager a[rel=next]", "href")).await;
    assert_eq!(third.texts(".hit").len(), 3);
    assert!(third.attrs(".pager a[rel=next]", "href").is_empty());
}

#[tokio::test]
async fn a_misspelling_gets_a_did_you_mean_link() {
    let app = standard().app();
    let corrected = search(&app, &format!("q={}", enc("grafitti removal")))
        .await
        .suggestion
        .expect("a suggestion");
    let results = page(&app, &format!("/search?q={}", enc("grafitti removal"))).await;
    let href = results.link(".did-you-mean", &corrected);
    assert_eq!(
        href,
        format!("/en/search?q={}", corrected.replace(' ', "+"))
    );
    assert_eq!(
        page(&app, &href).await.attr("input[name=q]", "value"),
        corrected
    );
}

#[tokio::test]
async fn an_article_links_its_translations_and_its_bureau() {
    let city = standard();
    let config = std::fs::read_to_string(city.path("firststop.toml")).unwrap().replace(
        "aliases = [\"PBOT\", \"Transportation\"]",
        "aliases = [\"PBOT\", \"Transportation\"]\nurl = \"https://city.example/transportation\"",
    );
    std::fs::write(city.path("firststop.toml"), config).unwrap();
    let app = city.app();
    let article = page(&app, "/articles/report-pothole").await;
    assert_eq!(article.status, StatusCode::OK);
    assert_eq!(article.text("h1"), "Report a pothole");
    assert!(
        article
            .text(".body")
            .contains("fixed by the transportation bureau")
    );
    assert_eq!(article.text(".body h2"), "What to do");
    assert_eq!(
        article.link(".translations", "Español"),
        "/es/articles/report-pothole"
    );
    assert_eq!(
        article.link(".facts", "Portland Bureau of Transportation"),
        "https://city.example/transportation"
    );

    let spanish = page(&app, "/es/articles/report-pothole").await;
    assert_eq!(spanish.text("h1"), "Reportar un bache");
    assert_eq!(spanish.lang_dir().0, "es");
    assert_eq!(
        spanish.link(".translations", "English"),
        "/articles/report-pothole?lang=en"
    );
    assert_eq!(
        page(&app, "/vi/articles/report-pothole").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, "/articles/no-such-article").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn static_files_are_hashed_cached_and_compressed() {
    let app = standard().app();
    let home = page(&app, "/").await;
    let css = home.attr("link[rel=stylesheet]", "href");
    let js = home.attr("script[src]", "src");
    for href in [&css, &js] {
        let asset = page(&app, href).await;
        assert_eq!(asset.status, StatusCode::OK, "{href}");
        assert_eq!(
            asset.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
    }
    assert!(
        page(&app, &css)
            .await
            .header("content-type")
            .starts_with("text/css")
    );
    let stale = css.replace("/static/site.", "/static/site.0");
    assert_eq!(page(&app, &stale).await.status, StatusCode::NOT_FOUND);

    for uri in ["/search?q=pothole", css.as_str(), js.as_str()] {
        let plain = page(&app, uri).await;
        for encoding in ["gzip", "br"] {
            let packed =
                crate::web_support::page_with(&app, uri, &[("accept-encoding", encoding)]).await;
            assert_eq!(packed.header("content-encoding"), encoding, "{uri}");
            assert!(packed.len < plain.len, "{uri}: {encoding} is smaller");
        }
    }
}
