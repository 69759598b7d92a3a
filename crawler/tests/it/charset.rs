//! Legacy charsets: windows-1252 named in the header or only in `<meta>` decodes correctly.

use axum::Router;
use axum::routing::get;

use crate::support::*;

/// "Café notes" page in windows-1252, with curly quotes and an en dash.
fn cp1252_page() -> Vec<u8> {
    let mut html = b"<html lang='en'><head><meta charset='windows-1252'><title>Caf\xe9 notes</title></head><body><main>".to_vec();
    html.extend_from_slice(b"<h1>Caf\xe9 and neighborhood notes</h1><p>The \x93Sunnyside Caf\xe9\x94 hosts the association\x92s meetings \x96 all welcome.</p>");
    html.extend_from_slice(b"</main></body></html>");
    html
}

#[tokio::test]
async fn decodes_windows_1252_from_the_header_or_meta() {
    let server = serve(
        Router::new()
            .route(
                "/",
                get(|| async { links("Home", &["/header", "/meta-only"]) }),
            )
            .route(
                "/header",
                get(|| async {
                    respond(
                        200,
                        &[("content-type", "text/html; charset=windows-1252")],
                        cp1252_page(),
                    )
                }),
            )
            .route(
                "/meta-only",
                get(|| async { respond(200, &[("content-type", "text/html")], cp1252_page()) }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    for path in ["/header", "/meta-only"] {
        let page = stored(data.path(), &server.url(path)).unwrap();
        assert_eq!(page.title, "Café notes", "{path}");
        assert!(
            page.text
                .contains("The “Sunnyside Café” hosts the association’s meetings – all welcome."),
            "{path}: {}",
            page.text
        );
    }
}
