//! Bad input gets a clear 400 or a sane 200: never a 500, never an injected query.

use axum::http::StatusCode;

use crate::support::{enc, get, standard};

#[tokio::test]
async fn bad_questions_are_400_with_the_contract_error_shape() {
    let app = standard().app();
    for (params, code) in [
        ("q=".to_owned(), "empty_query"),
        ("".to_owned(), "empty_query"),
        (format!("q={}", enc("   \t ")), "empty_query"),
        (format!("q={}", "a".repeat(10_000)), "query_too_long"),
        ("q=pothole&limit=0".to_owned(), "invalid_limit"),
        ("q=pothole&limit=51".to_owned(), "invalid_limit"),
        ("q=pothole&limit=ten".to_owned(), "invalid_limit"),
        ("q=pothole&offset=-1".to_owned(), "invalid_offset"),
        ("q=pothole&bureau=nasa".to_owned(), "unknown_bureau"),
        ("q=pothole&kind=video".to_owned(), "unknown_kind"),
        ("q=pothole&lang=xx_YY".to_owned(), "unknown_lang"),
    ] {
        let (status, ctype, body) = get(&app, &format!("/api/search?{params}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{params}: {body}");
        assert!(ctype.starts_with("application/json"), "{params}: {ctype}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], code, "{params}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}

#[tokio::test]
async fn odd_questions_are_searched_as_words() {
    let app = standard().app();
    for q in [
        "title:foo AND (",
        "\"unbalanced quote pothole",
        "pothole\u{0000}\u{0007}\u{001b}[31m",
        "🚗🕳️🚧",
        "*:* OR 1=1 --",
        "<script>alert(1)</script>",
        "((((((((((pothole",
        "pothole~2^10",
        "\u{202e}elohtop",
        &"pothole ".repeat(60),
    ] {
        let (status, _, body) = get(&app, &format!("/api/search?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK, "{q:?}: {body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(json["results"].is_array(), "{q:?}");
        for hit in json["results"].as_array().unwrap() {
            let snippet = hit["snippet"].as_str().unwrap();
            assert!(
                !snippet.contains("<script"),
                "{q:?} put unescaped markup in a snippet: {snippet}"
            );
        }
    }
}

#[tokio::test]
async fn invalid_utf8_in_the_query_string_is_not_an_error() {
    let app = standard().app();
    let (status, _, _) = get(&app, "/api/search?q=%FF%FEpothole").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn suggest_takes_the_same_bad_input_calmly() {
    let app = standard().app();
    let (status, _, body) = get(&app, "/api/suggest?q=").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "{\"suggestions\":[]}")
    );
    let (status, _, _) = get(&app, &format!("/api/suggest?q={}", "x".repeat(10_000))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
