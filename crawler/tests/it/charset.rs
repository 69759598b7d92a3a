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

/// A Russian page (a permit notice) in windows-1251 with `head` before its title.
fn cp1251_page(head: &str) -> Vec<u8> {
    let html = format!(
        "<html lang='ru'><head>{head}<title>Разрешение на парковку</title></head><body><main>\
         <h1>Разрешение на парковку</h1><p>Жители района могут подать заявку онлайн.</p></main></body></html>"
    );
    encoding_rs::WINDOWS_1251.encode(&html).0.into_owned()
}

#[tokio::test]
async fn finds_the_charset_as_the_html_standard_does() {
    let long_comment = format!("<!-- {} -->", "Site navigation follows. ".repeat(200));
    let pages: Vec<(&'static str, Vec<u8>)> = vec![
        (
            "/in-a-comment",
            cp1251_page("<!-- <meta charset=\"utf-8\"> --><meta charset=\"windows-1251\">"),
        ),
        (
            "/after-4-kb",
            cp1251_page(&format!("{long_comment}<meta charset=\"windows-1251\">")),
        ),
        (
            "/after-a-script",
            cp1251_page(&format!(
                "<script>var nav = \"{}\";</script><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
                "x".repeat(3000)
            )),
        ),
    ];
    // Latin-9 has € where windows-1252 (the guess for Latin text) has ¤: only the declaration
    // 4 KB in gets this one right.
    let euro = format!(
        "<html lang='es'><head>{long_comment}<meta charset=\"iso-8859-15\"><title>Multas</title></head>\
         <body><main><p>La multa por estacionar es de 50 € en la zona.</p></main></body></html>"
    );
    let euro = encoding_rs::ISO_8859_15.encode(&euro).0.into_owned();
    let ignored = "<html lang='ru'><head><meta content='text/html; charset=koi8-r'>\
                   <title>Разрешение на парковку</title></head><body><main><p>Жители района могут подать заявку онлайн.</p></main></body></html>";
    let mut router = Router::new()
        .route(
            "/",
            get(|| async {
                links(
                    "Home",
                    &[
                        "/in-a-comment",
                        "/after-4-kb",
                        "/after-a-script",
                        "/ignored",
                        "/euro",
                    ],
                )
            }),
        )
        .route(
            "/ignored",
            get(move || async move { respond(200, &[("content-type", "text/html")], ignored) }),
        )
        .route(
            "/euro",
            get(move || {
                let euro = euro.clone();
                async move { respond(200, &[("content-type", "text/html")], euro) }
            }),
        );
    for (path, body) in pages {
        router = router.route(
            path,
            get(move || {
                let body = body.clone();
                async move { respond(200, &[("content-type", "text/html")], body) }
            }),
        );
    }
    let server = serve(router).await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    for path in [
        "/in-a-comment",
        "/after-4-kb",
        "/after-a-script",
        "/ignored",
    ] {
        let page = stored(data.path(), &server.url(path)).unwrap();
        assert!(
            page.text
                .contains("Жители района могут подать заявку онлайн."),
            "{path}: {}",
            page.text
        );
        assert_eq!(page.title, "Разрешение на парковку", "{path}");
    }
    let euro = stored(data.path(), &server.url("/euro")).unwrap();
    assert!(euro.text.contains("es de 50 € en la zona"), "{}", euro.text);
}
