//! What the browser is told to refuse, and what it is never given: security headers on every
//! response, no inline script or style, and crawled or editor text shown as text.

use axum::http::StatusCode;

use crate::support::{City, enc, standard};
use crate::web_support::{Page, page};

/// Every tag of the page: `<script>` only from `/static/`, no `on…=` handler, no `style=`,
/// no `javascript:` link.
fn assert_no_active_content(p: &Page, uri: &str) {
    for element in p.html.tree.nodes().filter_map(|n| n.value().as_element()) {
        for (name, value) in element.attrs() {
            assert!(
                !name.starts_with("on"),
                "{uri}: <{} {name}={value:?}>",
                element.name()
            );
            assert_ne!(name, "style", "{uri}: inline style on <{}>", element.name());
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "{uri}: {name}={value:?}"
            );
        }
        if matches!(
            element.name(),
            "script" | "iframe" | "object" | "embed" | "style"
        ) {
            let src = element.attr("src").unwrap_or_default();
            assert!(
                element.name() == "script" && src.starts_with("/static/"),
                "{uri}: <{} src={src:?}>",
                element.name()
            );
        }
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = standard().app();
    let css = page(&app, "/").await.attr("link[rel=stylesheet]", "href");
    for uri in [
        "/",
        "/search?q=pothole",
        "/search?q=",
        "/articles/report-pothole",
        "/agent?q=pothole",
        "/no/such/page",
        "/api/search?q=pothole",
        "/api/search?q=",
        "/api/suggest?q=pot",
        "/healthz",
        css.as_str(),
    ] {
        let p = page(&app, uri).await;
        let csp = p.header("content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
            "{uri}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{uri}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert_eq!(p.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(
            p.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style() {
    let app = standard().app();
    for uri in [
        "/",
        "/search?q=pothole",
        "/search?q=my+house+is+on+fire",
        "/articles/report-pothole",
        "/es/articles/report-pothole",
        "/agent",
        "/agent?q=pothole&caller=es",
        "/search?q=",
        "/missing",
    ] {
        let p = page(&app, uri).await;
        assert_no_active_content(&p, uri);
    }
}

const PAYLOAD: &str = "<script>alert('xss')</script><img src=x onerror=alert(1)>";

/// A crawled page and an article whose every field carries script.
fn hostile_city() -> City {
    let city = City::new();
    city.page_with(
        "https://city.example/bps/evil",
        "bps",
        "en",
        &format!("Compost bins {PAYLOAD}"),
        &format!("Compost bins and {PAYLOAD} yard debris \"quoted\" & more."),
        |p| p.description = PAYLOAD.to_owned(),
    );
    city.article("bps", "compost-help.md", &format!("Compost help {PAYLOAD}"),
        &format!("Put yard debris in the compost bin. {PAYLOAD}"),
        &["compost bin"],
        &[("Compost guide", "https://city.example/bps/evil")],
        &format!("Compost body text.\n\n{PAYLOAD}\n\n<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">click</a>\n\n<p style=\"color:red\" onmouseover=\"alert(4)\">styled</p>"))
        .file("topics.toml", "topics = [\"compost-help\"]\n");
    city
}

#[tokio::test]
async fn script_in_crawled_pages_and_articles_is_shown_as_harmless_text() {
    let city = hostile_city();
    city.index();
    let app = search_api::app(city.state());
    for uri in [
        format!("/search?q={}", enc("compost bins")),
        format!("/search?q={}", enc("compost help")),
        format!("/agent?q={}", enc("compost bins")),
        "/articles/compost-help".to_owned(),
        "/".to_owned(),
        format!("/search?q={}", enc(PAYLOAD)),
    ] {
        let p = page(&app, &uri).await;
        assert_eq!(p.status, StatusCode::OK, "{uri}");
        assert_no_active_content(&p, &uri);
        assert!(!p.body.contains("<script>alert"), "{uri}");
        assert!(!p.body.contains("<img src=x"), "{uri}");
    }
    let results = page(&app, &format!("/search?q={}", enc("compost bins"))).await;
    let titles = results.texts(".hit h3, .answer h2").join(" | ");
    assert!(
        titles.contains("<script>alert('xss')</script>"),
        "the payload is visible as text: {titles}"
    );
    assert!(
        results.body.contains("&lt;script&gt;"),
        "and escaped in the markup"
    );
    let article = page(&app, "/articles/compost-help").await;
    assert!(article.text("h1").contains("<script>alert('xss')</script>"));
    assert!(article.text(".body").contains("Compost body text."));
}
