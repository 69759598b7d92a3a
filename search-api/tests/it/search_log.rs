//! The search log through the service: every search recorded and redacted (in the store, the
//! log lines and the export), clicks through the redirect, `min_count`, grouping, retention,
//! and the insights API's answers and refusals.

use std::sync::Arc;

use axum::http::StatusCode;
use insights::{Channel, Event, Folding, PhoneAllowlist, Redacted, SearchEvent, SearchId, Writer};
use time::OffsetDateTime;

use crate::staff_support::{capture_logs, get_as, get_with, staffed};
use crate::support::{enc, get};
use crate::web_support::page;

/// Every insights endpoint of the API, with a question id that exists once `pothole` was asked.
const ENDPOINTS: &[&str] = &[
    "/api/insights/summary",
    "/api/insights/queries",
    "/api/insights/trending",
    "/api/insights/unmet",
    "/api/insights/answers",
    "/api/insights/export.csv",
    "/api/insights/questions/1",
];

#[tokio::test]
async fn every_insights_endpoint_refuses_anonymous_callers_and_other_roles() {
    let s = staffed();
    for _ in 0..3 {
        get(&s.app, "/api/search?q=pothole").await;
    }
    s.flush();
    for endpoint in ENDPOINTS {
        let anonymous = get_with(&s.app, endpoint, &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{endpoint}");
        assert_eq!(
            anonymous.json()["error"]["code"],
            "unauthorized",
            "{endpoint}"
        );
        assert!(anonymous.header("www-authenticate").starts_with("Bearer"));
        let forged = get_as(&s.app, endpoint, "fst_000000000000_nope").await;
        assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{endpoint}");
        let editor = get_as(&s.app, endpoint, &s.ed).await;
        assert_eq!(editor.status, StatusCode::FORBIDDEN, "{endpoint}");
        assert_eq!(editor.json()["error"]["code"], "forbidden", "{endpoint}");
        for reader in [&s.iris, &s.ada] {
            let allowed = get_as(&s.app, endpoint, reader).await;
            assert_eq!(
                allowed.status,
                StatusCode::OK,
                "{endpoint}: {}",
                allowed.body
            );
            assert_eq!(allowed.header("cache-control"), "private, no-store");
        }
    }
    // The pages: anonymous readers are sent to sign in, other roles get the 403 page.
    let eve = accounts::NewAccount {
        name: "eve",
        role: accounts::Role::Editor,
        bureaus: &["bps"],
    };
    let (_, password) = s
        .accounts
        .add(&eve, |_| true, "test", OffsetDateTime::now_utc())
        .unwrap();
    let (editor_cookie, _) = s.session("eve", password.expose());
    let (reader_cookie, _) = s.session("iris", &s.iris_password);
    for path in [
        "/insights",
        "/insights/questions/1",
        "/insights?from=2026-01-01",
    ] {
        let anonymous = get_with(&s.app, path, &[]).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{path}");
        let to = anonymous.header("location");
        assert!(to.starts_with("/signin?next="), "{path}: {to}");
        assert!(
            to.contains(&enc(path)),
            "{path} is where sign-in returns: {to}"
        );
        let editor = get_with(&s.app, path, &[("cookie", &editor_cookie)]).await;
        assert_eq!(editor.status, StatusCode::FORBIDDEN, "{path}");
        assert!(editor.body.contains("Not allowed"), "{}", editor.body);
        let reader = get_with(&s.app, path, &[("cookie", &reader_cookie)]).await;
        assert_eq!(reader.status, StatusCode::OK, "{path}: {}", reader.body);
    }
}

#[tokio::test]
async fn searches_from_the_site_the_agent_view_and_the_api_are_recorded_but_not_suggestions() {
    let s = staffed();
    get(
        &s.app,
        &format!("/search?q={}", enc("pothole in my street")),
    )
    .await;
    get(&s.app, &format!("/agent?q={}", enc("pothole in my street"))).await;
    get(
        &s.app,
        &format!("/api/search?q={}", enc("pothole in my street")),
    )
    .await;
    get(&s.app, "/api/suggest?q=pot").await;
    get(&s.app, "/search?q=").await;
    s.flush();
    let summary = get_as(&s.app, "/api/insights/summary", &s.iris)
        .await
        .json();
    assert_eq!(summary["searches"], 3, "{summary}");
    let channels: Vec<(String, u64)> = summary["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["searches"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        channels,
        [("agent".into(), 1), ("api".into(), 1), ("web".into(), 1)]
    );
    assert_eq!(
        summary["card_share"], 1.0,
        "the pothole article answered each"
    );
    let queries = get_as(&s.app, "/api/insights/queries", &s.iris)
        .await
        .json();
    let top = &queries["queries"][0];
    assert_eq!(top["query"], "pothole in my street");
    assert_eq!(
        (top["count"].as_u64(), top["bureau"].as_str()),
        (Some(3), Some("pbot"))
    );
    let metrics = get(&s.app, "/metrics").await.2;
    assert!(
        metrics.contains("firststop_insights_events_total{outcome=\"written\"} 3"),
        "{metrics}"
    );
    assert!(metrics.contains("firststop_insights_events_total{outcome=\"dropped\"} 0"));
}

/// Questions with personal data of every kind, in several languages and spellings: each asked
/// three times with different data that redacts the same way.
const PERSONAL: &[(&str, [&str; 3], &str)] = &[
    (
        "my email is {} please reply",
        ["ana.lopez@gmail.com", "bo.k@example.org", "z_99@correo.es"],
        "my email is [email] please reply",
    ),
    (
        "llámeme al {} por favor",
        ["503-555-0142", "(971) 555-0199", "+1 503.555.0100"],
        "llámeme al [phone] por favor",
    ),
    (
        "số của tôi {}",
        ["0912 345 678", "+84 28 3823 4567", "0903 111 222"],
        "số của tôi [phone]",
    ),
    (
        "我的电话{}谢谢",
        ["5035550142", "５０３－５５５－０１７７", "9715550199"],
        "我的电话[phone]谢谢",
    ),
    (
        "my ssn is {}",
        ["123-45-6789", "234-56-7890", "345 67 8901"],
        "my ssn is [ssn]",
    ),
    (
        "карта {} списали дважды",
        [
            "4111 1111 1111 1111",
            "6011 0009 9013 9424",
            "5500005555555559",
        ],
        "карта [card] списали дважды",
    ),
    (
        "pothole in front of {}",
        ["1234 SE Main St", "4420 n interstate ave", "7200 NE 82nd"],
        "pothole in front of [address]",
    ),
    (
        "case number {} status",
        ["20260412", "98765432", "11223344"],
        "case number [number] status",
    ),
];

/// What must never be stored or logged: the personal part of each question above.
fn personal_data() -> Vec<&'static str> {
    let mut all: Vec<&str> = PERSONAL.iter().flat_map(|(_, data, _)| *data).collect();
    // Distinctive pieces too, in case a rule kept part of a match.
    all.extend([
        "ana.lopez",
        "555-0142",
        "45-6789",
        "1111 1111",
        "Main St",
        "20260412",
    ]);
    all
}

#[tokio::test(flavor = "current_thread")]
async fn personal_data_never_reaches_the_store_the_log_lines_or_the_export() {
    let s = staffed();
    let (logs, guard) = capture_logs();
    let paths = ["/search?q=", "/agent?q=", "/api/search?q="];
    for (template, data, _) in PERSONAL {
        for (datum, path) in data.iter().zip(paths) {
            let question = template.replace("{}", datum);
            let (status, _, _) = get(&s.app, &format!("{path}{}", enc(&question))).await;
            assert_eq!(status, StatusCode::OK, "{question}");
        }
    }
    for path in paths {
        get(
            &s.app,
            &format!("{path}{}", enc("is 503-823-4000 open on sunday")),
        )
        .await;
    }
    // A path no route knows is logged redacted too.
    get(&s.app, "/reports/503-555-0142").await;
    s.flush();
    let csv = get_as(&s.app, "/api/insights/export.csv", &s.iris)
        .await
        .body;
    drop(guard);

    let logs = logs.text();
    let mut stored = Vec::new();
    for file in ["insights.db", "insights.db-wal"] {
        if let Ok(bytes) = std::fs::read(s.city.data().join(file)) {
            stored.extend(bytes);
        }
    }
    let stored = String::from_utf8_lossy(&stored).into_owned();
    for secret in personal_data() {
        assert!(
            !logs.contains(secret),
            "{secret:?} in the log lines:\n{logs}"
        );
        assert!(!stored.contains(secret), "{secret:?} in insights.db");
        assert!(!csv.contains(secret), "{secret:?} in the export:\n{csv}");
    }
    for (_, _, redacted) in PERSONAL {
        assert!(
            csv.contains(redacted),
            "{redacted:?} missing from the export:\n{csv}"
        );
        assert!(
            logs.contains(&format!("q=\"{redacted}\"")),
            "{redacted:?} missing from the log lines:\n{logs}"
        );
    }
    assert!(
        csv.contains("is 503-823-4000 open on sunday"),
        "the City's number stays"
    );
    assert!(logs.contains("path=/reports/[phone]"), "{logs}");
    assert!(
        logs.contains("ranked"),
        "the engine's debug lines were captured as well:\n{logs}"
    );
}

#[tokio::test]
async fn a_question_asked_fewer_than_min_count_times_is_counted_but_never_listed() {
    let s = staffed();
    for _ in 0..3 {
        get(&s.app, "/api/search?q=pothole").await;
        get(&s.app, &format!("/search?q={}", enc("zzyzx quagga"))).await;
    }
    for _ in 0..2 {
        get(
            &s.app,
            &format!("/search?q={}", enc("graffiti on grandma fence")),
        )
        .await;
    }
    s.flush();
    let summary = get_as(&s.app, "/api/insights/summary", &s.iris)
        .await
        .json();
    assert_eq!(summary["searches"], 8, "rare questions count in totals");
    let (reader, _) = s.session("iris", &s.iris_password);
    let listed = [
        get_as(&s.app, "/api/insights/queries", &s.iris).await.body,
        get_as(&s.app, "/api/insights/queries?sort=ctr", &s.iris)
            .await
            .body,
        get_as(&s.app, "/api/insights/unmet", &s.iris).await.body,
        get_as(&s.app, "/api/insights/trending", &s.iris).await.body,
        get_as(&s.app, "/api/insights/answers", &s.iris).await.body,
        get_as(&s.app, "/api/insights/export.csv", &s.iris)
            .await
            .body,
        get_with(&s.app, "/insights", &[("cookie", &reader)])
            .await
            .body,
    ];
    for body in &listed {
        assert!(!body.contains("grandma"), "{body}");
    }
    assert!(listed[0].contains("pothole") && listed[0].contains("zzyzx quagga"));
    assert!(
        listed[2].contains("zzyzx quagga"),
        "no result: on the to-do list"
    );
    assert!(listed[6].contains("zzyzx quagga"));
}

#[tokio::test]
async fn spelling_variants_of_a_question_are_one_question() {
    let s = staffed();
    for q in [
        "Potholes",
        "pothole",
        "POTHOLE!",
        "  potholes  ",
        "Pothole?",
    ] {
        get(&s.app, &format!("/api/search?q={}", enc(q))).await;
    }
    for q in [
        "baches en la calle",
        "Bache en la calle",
        "bache en la calle",
    ] {
        get(&s.app, &format!("/api/search?q={}&lang=es", enc(q))).await;
    }
    s.flush();
    let queries = get_as(&s.app, "/api/insights/queries", &s.iris)
        .await
        .json();
    let rows: Vec<(String, String, u64)> = queries["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["query"].as_str().unwrap().to_owned(),
                q["lang"].as_str().unwrap().to_owned(),
                q["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("en", 5), "{rows:?}");
    assert_eq!((rows[1].1.as_str(), rows[1].2), ("es", 3), "{rows:?}");
    let detail = get_as(
        &s.app,
        &format!("/api/insights/questions/{}", queries["queries"][0]["id"]),
        &s.iris,
    )
    .await
    .json();
    assert_eq!(detail["searches"], 5);
    let forms: Vec<&str> = detail["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap())
        .collect();
    assert!(
        forms.is_empty(),
        "no spelling was asked 3 times on its own: {forms:?}"
    );
}

#[tokio::test]
async fn a_click_on_a_result_is_recorded_and_followed() {
    let s = staffed();
    let results = page(
        &s.app,
        &format!("/en/search?q={}", enc("pothole in my street")),
    )
    .await;
    let card = results.attr(".answer h2 a", "href");
    assert!(card.starts_with("/go?s="), "{card}");
    let tel = results.attrs(".answer .actions a", "href");
    assert_eq!(tel[1], "tel:+1-503-823-4000", "phone links stay direct");
    let hits = results.attrs(".hit h3 a", "href");
    assert!(hits.iter().all(|h| h.starts_with("/go?s=")), "{hits:?}");
    let second = &hits[1];
    let followed = get_with(&s.app, second, &[]).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER);
    let target = url::form_urlencoded::parse(second.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "u")
        .unwrap()
        .1
        .into_owned();
    let location = followed.header("location");
    assert!(
        location == target || location.starts_with(&format!("{target}?lang=")),
        "{location} for {target}"
    );
    let card_followed = get_with(&s.app, &card, &[]).await;
    assert_eq!(
        card_followed.header("location"),
        "/articles/report-pothole?lang=en"
    );
    // The agent view's links record clicks too.
    let agent = page(&s.app, &format!("/agent?q={}", enc("pothole in my street"))).await;
    assert!(agent.attr(".answer h2 a", "href").starts_with("/go?s="));
    // A third asking lists the question (min_count is 3).
    get(
        &s.app,
        &format!("/api/search?q={}", enc("pothole in my street")),
    )
    .await;
    s.flush();
    let queries = get_as(&s.app, "/api/insights/queries", &s.iris)
        .await
        .json();
    let row = &queries["queries"][0];
    assert_eq!(row["query"], "pothole in my street");
    assert_eq!(
        (row["count"].as_u64(), row["clicks"].as_u64()),
        (Some(3), Some(2)),
        "{queries}"
    );
    let detail = get_as(
        &s.app,
        &format!("/api/insights/questions/{}", row["id"]),
        &s.iris,
    )
    .await
    .json();
    let positions: Vec<u64> = detail["clicks_by_position"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["position"].as_u64().unwrap())
        .collect();
    assert!(
        positions.contains(&1),
        "the answer card is position 1: {detail}"
    );
    assert_eq!(detail["clicks"], 2);
}

#[tokio::test]
async fn the_click_redirect_follows_only_what_the_search_showed() {
    let s = staffed();
    let results = page(
        &s.app,
        &format!("/search?q={}", enc("pothole in my street")),
    )
    .await;
    let link = results.attr(".hit h3 a", "href");
    let search = url::form_urlencoded::parse(link.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "s")
        .unwrap()
        .1
        .into_owned();
    let unknown = SearchId::new().unwrap().to_string();
    for forged in [
        format!("/go?s={search}&i=2&u={}", enc("https://evil.example/phish")),
        format!("/go?s={search}&i=1&u={}", enc("//evil.example/")),
        format!("/go?s={search}&i=1&u={}", enc("javascript:alert(1)")),
        format!("/go?s={unknown}&i=1&u={}", enc("/articles/report-pothole")),
        format!("/go?s=nothex&i=1&u={}", enc("/articles/report-pothole")),
        "/go".to_owned(),
    ] {
        let refused = get_with(&s.app, &forged, &[]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{forged}");
        assert_eq!(refused.header("location"), "", "{forged}");
        assert!(refused.body.contains("Link not available"), "{forged}");
    }
    s.flush();
    let stats = s.log.stats().unwrap();
    assert_eq!(
        (stats.written, stats.rejected),
        (1, 0),
        "one search, no click"
    );
}

#[tokio::test]
async fn retention_at_start_deletes_what_is_older_than_retention_days() {
    let s = crate::staff_support::staffed_with(crate::support::standard(), "retention_days = 30");
    let now = OffsetDateTime::now_utc();
    let city = PhoneAllowlist::new(["503-823-4000"]);
    let mut writer = Writer::open(&s.city.data(), Arc::new(Folding)).unwrap();
    let event = |days_ago: i64| {
        Event::Search(SearchEvent {
            id: SearchId::new().unwrap(),
            at: now - time::Duration::days(days_ago),
            channel: Channel::Web,
            question: Redacted::new("pothole", &city),
            lang: "en".into(),
            results: 3,
            answer: None,
            top_url: Some("https://city.example/transportation/report-a-pothole".into()),
            bureau: Some("pbot".into()),
            notices: vec![],
            took_ms: 1.0,
            shown: vec!["https://city.example/transportation/report-a-pothole".into()],
        })
    };
    let old: Vec<Event> = (0..4).map(|_| event(45)).collect();
    let recent: Vec<Event> = (0..3).map(|_| event(2)).collect();
    writer.write(&old).unwrap();
    writer.write(&recent).unwrap();
    drop(writer);
    let year = format!(
        "/api/insights/summary?from={}",
        (now - time::Duration::days(365)).date()
    );
    assert_eq!(get_as(&s.app, &year, &s.iris).await.json()["searches"], 7);
    let task = search_api::start_retention(
        s.log.clone(),
        Some(s.accounts.clone()),
        std::time::Duration::from_secs(24 * 60 * 60),
    )
    .await;
    task.abort();
    assert_eq!(get_as(&s.app, &year, &s.iris).await.json()["searches"], 3);
}

#[tokio::test]
async fn bad_filters_are_400s_with_their_codes() {
    let s = staffed();
    for (query, code) in [
        ("from=yesterday", "invalid_date"),
        ("from=2026-02-30", "invalid_date"),
        ("from=2026-03-01&to=2026-02-01", "invalid_range"),
        ("lang=xx", "unknown_lang"),
        ("bureau=nasa", "unknown_bureau"),
        ("channel=email", "invalid_channel"),
        ("sort=best", "invalid_sort"),
        ("limit=0", "invalid_limit"),
    ] {
        let answer = get_as(&s.app, &format!("/api/insights/queries?{query}"), &s.iris).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.json()["error"]["code"], code, "{query}");
    }
    let window = get_as(&s.app, "/api/insights/trending?window=400", &s.iris).await;
    assert_eq!(window.json()["error"]["code"], "invalid_window");
    let missing = get_as(&s.app, "/api/insights/questions/999999", &s.iris).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_export_is_a_csv_download_of_the_listed_questions() {
    let s = staffed();
    for _ in 0..3 {
        get(&s.app, "/search?q=pothole").await;
        get(&s.app, &format!("/search?q={}", enc("=HYPERLINK(\"x\")"))).await;
    }
    s.flush();
    let csv = get_as(&s.app, "/api/insights/export.csv", &s.iris).await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.header("content-disposition")
            .starts_with("attachment; filename=\"firststop-insights-")
    );
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next(),
        Some("day,query,lang,channel,searches,zero,clicks")
    );
    let today = OffsetDateTime::now_utc().date().to_string();
    assert!(
        csv.body.contains(&format!("{today},pothole,en,web,3,")),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("'=HYPERLINK"),
        "formulas are defused: {}",
        csv.body
    );
}
