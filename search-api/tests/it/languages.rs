//! The pages in the reader's language: chosen by the `/<lang>/` prefix, `?lang=` and
//! `Accept-Language`, with `<html lang dir>` to match and results in that language first.

use axum::http::StatusCode;

use crate::support::{enc, standard};
use crate::web_support::{page, page_with};

#[tokio::test]
async fn the_path_prefix_sets_the_interface_language() {
    let app = standard().app();
    let home = page(&app, "/es/").await;
    assert_eq!(home.lang_dir(), ("es".to_owned(), "ltr".to_owned()));
    assert_eq!(home.text("h1"), "¿Cómo podemos ayudarle?");
    assert_eq!(home.attr("form[role=search]", "action"), "/es/search");
    assert_eq!(home.text("label[for=q]"), "Buscar servicios de la Ciudad");
    assert_eq!(page(&app, "/vi").await.lang_dir().0, "vi");
    let results = page(&app, "/zh-hans/search?q=pothole").await;
    assert_eq!(results.lang_dir().0, "zh-hans");
    assert_eq!(results.text("#results-h"), "搜索结果");
}

#[tokio::test]
async fn accept_language_chooses_when_the_url_does_not() {
    let app = standard().app();
    for (header, lang, heading) in [
        ("es-MX,es;q=0.9,en;q=0.8", "es", "¿Cómo podemos ayudarle?"),
        ("de-DE,ru;q=0.7", "ru", "Чем мы можем помочь?"),
        ("so", "so", "Sidee baan kuu caawin karnaa?"),
        ("uk-UA", "uk", "Чим ми можемо допомогти?"),
        ("fr-FR,de;q=0.5", "en", "How can we help?"),
    ] {
        let home = page_with(&app, "/", &[("accept-language", header)]).await;
        assert_eq!(
            (home.lang_dir().0.as_str(), home.text("h1").as_str()),
            (lang, heading),
            "{header}"
        );
        assert!(
            home.header("vary")
                .to_ascii_lowercase()
                .contains("accept-language")
        );
    }
    let explicit = page_with(&app, "/en/", &[("accept-language", "es")]).await;
    assert_eq!(explicit.lang_dir().0, "en", "the URL wins over the header");
    let query = page_with(&app, "/?lang=vi", &[("accept-language", "es")]).await;
    assert_eq!(query.lang_dir().0, "vi", "?lang= wins over the header");
}

#[tokio::test]
async fn arabic_pages_read_right_to_left() {
    let app = standard().app();
    let home = page(&app, "/ar/").await;
    assert_eq!(home.lang_dir(), ("ar".to_owned(), "rtl".to_owned()));
    assert_eq!(home.text("h1"), "كيف يمكننا مساعدتك؟");
    let results = page(
        &app,
        &format!("/ar/search?q={}", enc("pothole in my street")),
    )
    .await;
    assert_eq!(results.lang_dir().1, "rtl");
    assert_eq!(
        results.attr(".answer h2", "dir"),
        "ltr",
        "English content inside stays left-to-right"
    );
}

#[tokio::test]
async fn the_switcher_keeps_the_search_and_marks_the_current_language() {
    let app = standard().app();
    let results = page(&app, &format!("/search?q={}&bureau=pbot", enc("pothole"))).await;
    assert_eq!(
        results.link(".langs", "Español"),
        "/es/search?q=pothole&bureau=pbot"
    );
    assert_eq!(results.attr(".langs a[aria-current]", "lang"), "en");
    assert_eq!(results.attrs(".langs li a", "lang").len(), 17);
    let spanish = page(&app, &results.link(".langs", "Español")).await;
    assert_eq!(spanish.text("#results-h"), "Resultados");
    assert_eq!(spanish.attr(".langs a[aria-current]", "lang"), "es");
}

#[tokio::test]
async fn a_spanish_reader_gets_spanish_interface_and_results() {
    let app = standard().app();
    let results = page(&app, &format!("/es/search?q={}", enc("bache en la calle"))).await;
    assert_eq!(results.text(".answer h2"), "Reportar un bache");
    assert_eq!(results.attr(".answer h2", "lang"), "es");
    assert_eq!(results.text(".answer .eyebrow"), "Respuesta");
    assert!(results.text("[role=status]").starts_with("Resultados: "));

    let english = page(
        &app,
        &format!("/es/search?q={}", enc("pothole in my street")),
    )
    .await;
    assert_eq!(english.status, StatusCode::OK);
    assert_eq!(
        english.link(".answer", "Esta respuesta en Español"),
        "/es/articles/report-pothole",
        "an English answer offers the reader's language"
    );
}

#[tokio::test]
async fn an_unknown_language_prefix_is_not_a_page() {
    let app = standard().app();
    for uri in [
        "/xx/",
        "/english/search?q=pothole",
        "/de/agent",
        "/xx/articles/report-pothole",
    ] {
        assert_eq!(page(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}
