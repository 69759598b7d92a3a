//! Incremental recrawl: validators are sent, 304 keeps the stored page (and its links), an equal
//! content hash is no change, 404/410 marks gone, new pages are found, and a transient failure
//! keeps what was stored.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

/// The fixture's "web": path -> (version, body); the version is the ETag. `/broken` answers 500
/// once `broken` is set.
#[derive(Clone, Default)]
struct Web {
    pages: Arc<Mutex<Vec<(String, u32, String)>>>,
    broken: Arc<AtomicBool>,
}

impl Web {
    fn set(&self, path: &str, version: u32, body: &str) {
        let mut pages = self.pages.lock().unwrap();
        pages.retain(|(p, _, _)| p != path);
        pages.push((path.to_owned(), version, body.to_owned()));
    }
    fn remove(&self, path: &str) {
        self.pages.lock().unwrap().retain(|(p, _, _)| p != path);
    }
}

async fn serve_page(
    State(web): State<Web>,
    uri: Uri,
    headers: HeaderMap,
) -> axum::response::Response {
    let path = uri.path().to_owned();
    if path == "/broken" && web.broken.load(Ordering::SeqCst) {
        return respond(500, &[], "oops");
    }
    let found = web
        .pages
        .lock()
        .unwrap()
        .iter()
        .find(|(p, _, _)| *p == path)
        .cloned();
    let Some((_, version, body)) = found else {
        return respond(410, &[], "gone");
    };
    let etag = format!("\"v{version}\"");
    if headers.get("if-none-match").and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return respond(304, &[("etag", &etag)], "");
    }
    respond(
        200,
        &[("content-type", "text/html"), ("etag", &etag)],
        page("Page", &body).0,
    )
}

#[tokio::test]
async fn recrawl_sends_validators_and_counts_what_changed() {
    let web = Web::default();
    web.set("/", 1, "<a href=/same>s</a><a href=/edited>e</a><a href=/deleted>d</a><a href=/retagged>r</a><a href=/broken>b</a>");
    web.set("/same", 1, "<p>Same.</p><a href=/only-via-same>x</a>");
    web.set("/only-via-same", 1, "<p>Reached only through /same.</p>");
    web.set("/edited", 1, "<p>Old text.</p>");
    web.set("/deleted", 1, "<p>Soon gone.</p>");
    web.set("/retagged", 1, "<p>Same text, new ETag.</p>");
    web.set("/broken", 1, "<p>Stored before it broke.</p>");
    let server = serve(
        Router::new()
            .route("/", get(serve_page))
            .route("/{*path}", get(serve_page))
            .with_state(web.clone()),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let first = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!((first.new, first.changed, first.unchanged), (7, 0, 0));

    web.set("/", 2, "<a href=/same>s</a><a href=/edited>e</a><a href=/retagged>r</a><a href=/broken>b</a><a href=/added>a</a>");
    web.set("/edited", 2, "<p>New text.</p>");
    web.remove("/deleted");
    web.set("/retagged", 2, "<p>Same text, new ETag.</p>");
    web.set("/added", 1, "<p>A new page.</p>");
    web.broken.store(true, Ordering::SeqCst);
    server.log.clear();
    let second = crawl(config(&[&server], ""), data.path()).await;

    let hits = server.log.hits();
    let same = hits.iter().find(|h| h.path == "/same").unwrap();
    assert_eq!(
        (same.if_none_match.as_deref(), same.status),
        (Some("\"v1\""), 304)
    );
    assert_eq!(
        server.log.count("/only-via-same"),
        1,
        "a 304 page's stored links are followed"
    );
    assert_eq!(
        server.log.count("/deleted"),
        1,
        "a stored page no longer linked is checked once more"
    );
    assert_eq!(second.new, 1, "/added");
    assert_eq!(second.changed, 2, "/ and /edited");
    assert_eq!(second.gone, 1, "/deleted");
    assert_eq!(second.not_modified, 2, "/same and /only-via-same");
    assert_eq!(second.unchanged, 3, "the 304s and /retagged");
    assert_eq!(second.errors.get("http_500"), Some(&1));

    assert_eq!(
        stored(data.path(), &server.url("/deleted")).unwrap().state,
        PageState::Gone
    );
    assert_eq!(
        stored(data.path(), &server.url("/edited")).unwrap().text,
        "Page\nNew text."
    );
    let broken = stored(data.path(), &server.url("/broken")).unwrap();
    assert_eq!(
        (broken.state, broken.text.as_str()),
        (PageState::Fetched, "Page\nStored before it broke."),
        "a 500 keeps the stored page"
    );
    assert_eq!(broken.last_error.as_deref(), Some("HTTP 500"));
    let same = stored(data.path(), &server.url("/same")).unwrap();
    assert!(same.last_seen >= same.last_changed && same.state == PageState::Fetched);
}

#[tokio::test]
async fn last_modified_alone_is_sent_back_as_if_modified_since() {
    const DATE: &str = "Tue, 14 Nov 2023 22:13:20 GMT";
    let server = serve(Router::new().route(
        "/",
        get(|headers: HeaderMap| async move {
            if headers
                .get("if-modified-since")
                .and_then(|v| v.to_str().ok())
                == Some(DATE)
            {
                return respond(304, &[], "");
            }
            respond(
                200,
                &[("content-type", "text/html"), ("last-modified", DATE)],
                page("Home", "<p>Hi.</p>").0,
            )
        }),
    ))
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    let second = crawl(config(&[&server], ""), data.path()).await;
    let home = server
        .log
        .hits()
        .into_iter()
        .rfind(|h| h.path == "/")
        .unwrap();
    assert_eq!(
        (
            home.if_modified_since.as_deref(),
            home.if_none_match,
            home.status
        ),
        (Some(DATE), None, 304)
    );
    assert_eq!(second.not_modified, 1);
}
