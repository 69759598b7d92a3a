//! Non-HTML answers are recorded (type, size) and never parsed; undeclared HTML is sniffed.

use axum::Router;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

#[tokio::test]
async fn records_non_html_without_parsing_it() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/report.pdf", "/map.png", "/untyped"]) }))
            .route("/report.pdf", get(|| async { respond(200, &[("content-type", "application/pdf")], "%PDF-1.4 <a href=\"/from-pdf\">x</a>") }))
            .route("/map.png", get(|| async { respond(200, &[("content-type", "image/png")], vec![0x89, b'P', b'N', b'G']) }))
            .route("/untyped", get(|| async { respond(200, &[], "<!DOCTYPE html><html><head><title>Untyped</title></head><body><main><p>Hi.</p><a href=\"/from-untyped\">x</a></main></body></html>") }))
            .route("/from-untyped", get(|| async { page("Reached", "<p>Yes.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    let pdf = stored(data.path(), &server.url("/report.pdf")).unwrap();
    assert_eq!(
        (pdf.state, pdf.content_type.as_deref(), pdf.text.as_str()),
        (PageState::NotHtml, Some("application/pdf"), "")
    );
    assert_eq!(pdf.bytes, Some(34), "size from Content-Length");
    assert_eq!(
        stored(data.path(), &server.url("/map.png")).unwrap().state,
        PageState::NotHtml
    );
    assert_eq!(
        server.log.count("/from-pdf"),
        0,
        "a PDF is not parsed for links"
    );
    assert_eq!(report.not_html, 2);
    assert_eq!(
        stored(data.path(), &server.url("/untyped")).unwrap().title,
        "Untyped",
        "HTML without a Content-Type is sniffed"
    );
    assert_eq!(server.log.count("/from-untyped"), 1);
    assert!(
        store(data.path())
            .indexable_pages()
            .unwrap()
            .iter()
            .all(|p| p.state == PageState::Fetched && !p.url.ends_with(".pdf"))
    );
}
