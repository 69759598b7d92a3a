//! The 311 agent view: answer, bureau, actions and the caller's language at a glance.

use axum::http::StatusCode;

use crate::support::{enc, standard};
use crate::web_support::page;

#[tokio::test]
async fn a_blank_agent_view_is_a_focused_search_with_the_keys_explained() {
    let app = standard().app();
    let agent = page(&app, "/agent").await;
    assert_eq!(agent.status, StatusCode::OK);
    assert_eq!(agent.attr("input[name=q]", "autofocus"), "");
    assert_eq!(agent.attr("input[name=q]", "aria-keyshortcuts"), "/");
    assert!(agent.text("#keys").contains("1–9"));
    assert!(
        agent
            .attr("script[src*=agent]", "src")
            .starts_with("/static/agent.")
    );
    let options = agent.texts("select[name=caller] option");
    assert_eq!(options[0], "1 · English");
    assert_eq!(options[1], "2 · Español");
    assert_eq!(options[8], "9 · العربية");
    assert!(agent.texts(".answer").is_empty());
}

#[tokio::test]
async fn the_answer_comes_in_the_callers_language_beside_the_agents() {
    let app = standard().app();
    let agent = page(
        &app,
        &format!("/agent?q={}&caller=es", enc("pothole in my street")),
    )
    .await;
    assert_eq!(agent.status, StatusCode::OK);
    assert_eq!(agent.lang_dir().0, "en", "the interface stays the agent's");
    assert_eq!(
        agent.attr("select[name=caller] option[selected]", "value"),
        "es"
    );
    assert_eq!(agent.text(".answer h2"), "Report a pothole");
    assert!(
        agent
            .text(".answer .facts")
            .contains("Portland Bureau of Transportation")
    );
    assert_eq!(
        agent.texts(".answer .actions a"),
        ["Report it online", "Call 311"]
    );
    assert_eq!(agent.text(".caller-card a"), "Reportar un bache");
    assert_eq!(agent.attr(".caller-card p", "lang"), "es");
    let copy = agent.attr("#copy", "data-copy");
    assert_eq!(
        copy,
        "Reportar un bache: Reporte baches en línea o llame al 311. Teléfono: 503-823-4000."
    );
    assert_eq!(
        agent.attr("#copy", "data-href"),
        "/es/articles/report-pothole"
    );
    assert!(
        agent.attrs("a.pick", "href").len() >= 3,
        "answer, caller card and results can be picked"
    );
}

#[tokio::test]
async fn the_copy_is_in_the_answers_language_when_there_is_no_translation() {
    let app = standard().app();
    let agent = page(
        &app,
        &format!("/agent?q={}&caller=vi", enc("spray paint on my wall")),
    )
    .await;
    assert!(agent.texts(".caller-card").is_empty());
    let copy = agent.attr("#copy", "data-copy");
    assert!(
        copy.starts_with("Report graffiti: Report graffiti online")
            && copy.ends_with("Phone: 503-823-4000."),
        "{copy}"
    );
    assert_eq!(
        agent.attr("#copy", "data-href"),
        "/articles/report-graffiti"
    );
}
