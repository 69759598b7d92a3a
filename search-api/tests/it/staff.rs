//! The staff pages through `app()`: signing in with the real form (CSRF, throttling, cookies),
//! signing out, and the dashboard and drill-down a signed-in reader sees.

use axum::http::StatusCode;
use scraper::{Html, Selector};

use config::LANGS;
use search_api::web::staff::i18n::staff;

use crate::staff_support::{Answer, get_with, post_form, staffed, staffed_with};
use crate::support::{enc, get, standard};

/// The sign-in form's cookie and hidden fields, from a GET of `/signin?…`.
async fn open_form(app: &axum::Router, uri: &str) -> (String, String, String) {
    let form = get_with(app, uri, &[]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let cookie = form.cookie("firststop_signin").expect("the form's cookie");
    let html = Html::parse_document(&form.body);
    let field = |name: &str| {
        let selector = Selector::parse(&format!("input[name={name}]")).unwrap();
        html.select(&selector)
            .next()
            .and_then(|e| e.value().attr("value"))
            .unwrap_or_default()
            .to_owned()
    };
    (
        format!("firststop_signin={cookie}"),
        field("csrf"),
        field("next"),
    )
}

/// Now, in Unix seconds.
fn time_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn text(answer: &Answer, css: &str) -> Vec<String> {
    let html = Html::parse_document(&answer.body);
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[tokio::test]
async fn signing_in_with_the_form_opens_a_strict_http_only_session_and_returns_to_the_page() {
    let s = staffed();
    let back = get_with(&s.app, "/insights?from=2026-01-01", &[]).await;
    let signin = back.header("location").to_owned();
    let (cookie, csrf, next) = open_form(&s.app, &signin).await;
    assert_eq!(next, "/insights?from=2026-01-01");

    let wrong = post_form(
        &s.app,
        "/signin",
        &[
            ("name", "iris"),
            ("password", "nope"),
            ("csrf", &csrf),
            ("next", &next),
        ],
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(text(&wrong, "[role=alert]"), ["Wrong name or password."]);
    assert_eq!(wrong.cookie("firststop_session"), None);

    let (cookie, csrf, _) = open_form(&s.app, &signin).await;
    let right = post_form(
        &s.app,
        "/signin",
        &[
            ("name", "Iris"),
            ("password", &s.iris_password),
            ("csrf", &csrf),
            ("next", &next),
        ],
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    assert_eq!(right.header("location"), "/insights?from=2026-01-01");
    let set = right
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("firststop_session="))
        .unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    let session = format!(
        "firststop_session={}",
        right.cookie("firststop_session").unwrap()
    );
    let dashboard = get_with(&s.app, "/insights", &[("cookie", &session)]).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(text(&dashboard, ".staff-bar p")[0].contains("iris"));

    // Behind a proxy that terminated https, the cookie is Secure.
    let (cookie, csrf, _) = open_form(&s.app, "/signin").await;
    let secure = post_form(
        &s.app,
        "/signin",
        &[
            ("name", "iris"),
            ("password", &s.iris_password),
            ("csrf", &csrf),
        ],
        &[("cookie", &cookie), ("x-forwarded-proto", "https")],
    )
    .await;
    assert_eq!(
        secure.header("location"),
        "/insights?lang=en",
        "the dashboard by default"
    );
    assert!(
        secure
            .cookies()
            .iter()
            .any(|c| c.starts_with("firststop_session=") && c.contains("Secure"))
    );
}

#[tokio::test]
async fn the_sign_in_form_refuses_a_post_without_its_token_or_from_another_site() {
    let s = staffed();
    let (cookie, csrf, _) = open_form(&s.app, "/signin").await;
    let form = [
        ("name", "iris"),
        ("password", s.iris_password.as_str()),
        ("csrf", csrf.as_str()),
    ];
    let no_cookie = post_form(&s.app, "/signin", &form, &[]).await;
    assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
    assert_eq!(no_cookie.cookie("firststop_session"), None);
    let zeros = "0".repeat(64);
    let other = [
        ("name", "iris"),
        ("password", s.iris_password.as_str()),
        ("csrf", zeros.as_str()),
    ];
    let wrong_token = post_form(&s.app, "/signin", &other, &[("cookie", &cookie)]).await;
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    // A cookie planted by someone else (a sibling subdomain can set one) with the same value in
    // the form: equal, but not signed by this server.
    let planted_value = format!("{}.{}.{}", time_now(), "ab".repeat(16), "cd".repeat(32));
    let planted_form = [
        ("name", "iris"),
        ("password", s.iris_password.as_str()),
        ("csrf", planted_value.as_str()),
    ];
    let planted_cookie = format!("firststop_signin={planted_value}");
    let planted = post_form(
        &s.app,
        "/signin",
        &planted_form,
        &[("cookie", &planted_cookie)],
    )
    .await;
    assert_eq!(planted.status, StatusCode::FORBIDDEN);
    assert_eq!(planted.cookie("firststop_session"), None);
    let cross = post_form(
        &s.app,
        "/signin",
        &form,
        &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert_eq!(cross.cookie("firststop_session"), None);
    assert!(text(&cross, "[role=alert]")[0].contains("expired"));
    // Never a redirect off the site after signing in.
    let (cookie, csrf, _) = open_form(&s.app, "/signin").await;
    let away = post_form(
        &s.app,
        "/signin",
        &[
            ("name", "iris"),
            ("password", &s.iris_password),
            ("csrf", &csrf),
            ("next", "https://evil.example/"),
        ],
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(away.header("location"), "/insights?lang=en");
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_the_time_to_wait() {
    let s = staffed();
    let mut last = None;
    for _ in 0..6 {
        let (cookie, csrf, _) = open_form(&s.app, "/signin?lang=es").await;
        last = Some(
            post_form(
                &s.app,
                "/signin?lang=es",
                &[("name", "ada"), ("password", "guess"), ("csrf", &csrf)],
                &[("cookie", &cookie)],
            )
            .await,
        );
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = last.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let message = &text(&last, "[role=alert]")[0];
    assert_eq!(
        message,
        &format!("Demasiados intentos fallidos. Vuelva a intentarlo en {wait} s.")
    );
}

#[tokio::test]
async fn signing_out_needs_the_sessions_token_and_ends_the_session() {
    let s = staffed();
    let (session, csrf) = s.session("iris", &s.iris_password);
    let forged = post_form(
        &s.app,
        "/signout",
        &[("csrf", "x")],
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get_with(&s.app, "/insights", &[("cookie", &session)])
            .await
            .status,
        StatusCode::OK
    );
    let out = post_form(
        &s.app,
        "/signout?lang=vi",
        &[("csrf", &csrf)],
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.header("location"), "/vi/");
    assert!(
        out.cookies()
            .iter()
            .any(|c| c.starts_with("firststop_session=;") && c.contains("Max-Age=0"))
    );
    let after = get_with(&s.app, "/insights", &[("cookie", &session)]).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn the_dashboard_shows_what_residents_ask_in_the_readers_language() {
    let s = staffed();
    for _ in 0..4 {
        get(
            &s.app,
            &format!("/search?q={}", enc("pothole in my street")),
        )
        .await;
    }
    for _ in 0..3 {
        get(&s.app, &format!("/api/search?q={}", enc("zzyzx quagga"))).await;
        get(
            &s.app,
            &format!("/agent?q={}&caller=es", enc("bache en la calle")),
        )
        .await;
    }
    s.flush();
    let (session, _) = s.session("iris", &s.iris_password);
    let cookie = [("cookie", session.as_str())];
    let page = get_with(&s.app, "/insights", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), "private, no-store");
    assert_eq!(text(&page, "h1"), ["Insights: what residents ask"]);
    assert_eq!(text(&page, ".totals dd")[0], "10");
    let top = text(&page, "#top-h + .table-wrap tbody th");
    assert_eq!(top[0], "pothole in my street");
    assert!(
        top.contains(&"zzyzx quagga".to_owned()) && top.contains(&"bache en la calle".to_owned())
    );
    let todo = text(&page, "#todo-h ~ .table-wrap tbody th");
    assert!(todo.contains(&"zzyzx quagga".to_owned()), "{todo:?}");
    assert!(
        page.body.contains("/editor/new?keyword=zzyzx+quagga"),
        "write an answer"
    );
    assert_eq!(
        text(&page, "svg.bars rect.bar").len(),
        30,
        "30 days by default"
    );
    assert!(
        page.body
            .contains("<desc id=\"days-sum\">10 searches in all")
    );
    let channels = text(&page, "#by-channel-h + .table-wrap tbody th");
    assert_eq!(channels, ["Website", "311 agents", "API"].map(String::from));
    let languages = text(&page, "#by-lang-h + .table-wrap tbody th");
    assert_eq!(languages, ["English", "Español"].map(String::from));
    assert!(page.body.contains("/api/insights/export.csv?from="));
    // The CSV link works with the session.
    let export = Html::parse_document(&page.body);
    let link = export
        .select(&Selector::parse(".export a").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .replace("&amp;", "&");
    let csv = get_with(&s.app, &link, &cookie).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("pothole in my street"));

    // Filters: only Spanish questions, in the Spanish interface.
    let spanish = get_with(&s.app, "/insights?lang=es&language=es", &cookie).await;
    assert_eq!(
        text(&spanish, "h1"),
        ["Consultas: lo que pregunta la gente"]
    );
    assert_eq!(text(&spanish, ".totals dd")[0], "3");
    assert_eq!(
        text(&spanish, "#top-h + .table-wrap tbody th"),
        ["bache en la calle"]
    );
    assert!(
        spanish
            .body
            .contains("option value=\"es\" lang=\"es\" selected")
    );

    // The drill-down of the top question.
    let html = Html::parse_document(&page.body);
    let drill = html
        .select(&Selector::parse("#top-h + .table-wrap tbody th a").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .replace("&amp;", "&");
    let detail = get_with(&s.app, &drill, &cookie).await;
    assert_eq!(detail.status, StatusCode::OK, "{drill}");
    assert_eq!(text(&detail, "h1"), ["Question: “pothole in my street”"]);
    assert!(!text(&detail, "#shown-h ~ .table-wrap tbody th").is_empty());
    assert_eq!(text(&detail, ".forms li"), ["pothole in my street 4"]);

    let bad = get_with(&s.app, "/insights?from=soon", &cookie).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        text(&bad, "[role=alert]"),
        ["Write dates as YYYY-MM-DD, for example 2026-03-01."]
    );
}

#[tokio::test]
async fn the_staff_pages_speak_every_city_language() {
    let city = standard();
    let path = city.path("firststop.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let named = config.replace(
        "aliases = [\"PBOT\", \"Transportation\"]\n",
        "aliases = [\"PBOT\", \"Transportation\"]\nnames = { es = \"Oficina de Transporte de Portland\" }\n",
    );
    assert_ne!(named, config);
    std::fs::write(&path, named).unwrap();
    let s = staffed_with(city, "min_count = 1");
    for _ in 0..3 {
        get(&s.app, &format!("/search?q={}", enc("pothole"))).await;
    }
    s.flush();
    let (session, _) = s.session("iris", &s.iris_password);
    let cookie = [("cookie", session.as_str())];
    for lang in LANGS {
        let t = staff(*lang);
        let dir = lang.dir.as_str();
        let signin = get_with(&s.app, &format!("/signin?lang={}", lang.tag), &[]).await;
        assert_eq!(signin.status, StatusCode::OK, "{}", lang.tag);
        assert!(
            signin
                .body
                .contains(&format!("<html lang=\"{}\" dir=\"{dir}\"", lang.tag)),
            "{}",
            lang.tag
        );
        assert_eq!(
            text(&signin, "h1"),
            [t.signin_title.as_str()],
            "{}",
            lang.tag
        );
        assert_eq!(text(&signin, "form button"), [t.signin_button.as_str()]);

        let page = get_with(&s.app, &format!("/insights?lang={}", lang.tag), &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{}", lang.tag);
        assert!(
            page.body
                .contains(&format!("<html lang=\"{}\" dir=\"{dir}\"", lang.tag)),
            "{}",
            lang.tag
        );
        assert_eq!(
            text(&page, "h1"),
            [t.dashboard_title.as_str()],
            "{}",
            lang.tag
        );
        assert_eq!(
            text(&page, "#todo-h"),
            [t.todo_heading.as_str()],
            "{}",
            lang.tag
        );
        assert_eq!(text(&page, "#top-h + .table-wrap tbody th"), ["pothole"]);
        // The bureau in the reader's language where the City publishes its name; elsewhere
        // the English name, marked as English.
        let bureau = text(&page, "#by-bureau-h + .table-wrap tbody th");
        let marked = page
            .body
            .contains("<th scope=\"row\" lang=\"en\">Portland Bureau of Transportation</th>");
        match lang.tag {
            "es" => assert_eq!(bureau, ["Oficina de Transporte de Portland"]),
            "en" => assert_eq!(bureau, ["Portland Bureau of Transportation"]),
            _ => assert!(
                bureau == ["Portland Bureau of Transportation"] && marked,
                "{}: {bureau:?}",
                lang.tag
            ),
        }
    }
}

#[tokio::test]
async fn an_editor_lands_in_the_workspace_and_a_language_prefix_leads_to_the_staff_pages() {
    let s = staffed();
    let (cookie, csrf, _) = open_form(&s.app, "/signin?lang=es").await;
    let signed = post_form(
        &s.app,
        "/signin?lang=es",
        &[
            ("name", "ed"),
            ("password", &s.ed_password),
            ("csrf", &csrf),
        ],
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert_eq!(signed.header("location"), "/editor?lang=es");

    for (asked, to) in [
        ("/es/insights", "/insights?lang=es"),
        (
            "/vi/insights/questions/7?from=2026-01-01",
            "/insights/questions/7?from=2026-01-01&lang=vi",
        ),
        (
            "/zh-hans/editor/new?keyword=pot+hole",
            "/editor/new?keyword=pot+hole&lang=zh-hans",
        ),
        ("/ru/signin?lang=en", "/signin?lang=ru"),
    ] {
        let answer = get_with(&s.app, asked, &[]).await;
        assert_eq!(answer.status, StatusCode::PERMANENT_REDIRECT, "{asked}");
        assert_eq!(answer.header("location"), to, "{asked}");
    }
    let (status, _, _) = get(&s.app, "/xx/insights").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
