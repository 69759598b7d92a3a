//! Sitemaps: found through robots.txt `Sitemap:` lines and the config, indexes followed, every
//! format sitemaps.org names (XML, text, RSS, Atom), and `lastmod` ordering the work without ever
//! sparing a request.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;

use crate::support::*;

fn xml(body: String) -> axum::response::Response {
    respond(200, &[("content-type", "application/xml")], body)
}

async fn sitemap_site() -> Server {
    serve(
        Router::new()
            .route("/robots.txt", get(|| async { robots_txt("User-agent: *\nDisallow:\nSitemap: /sitemap-index.xml\n") }))
            .route("/", get(|| async { page("Home", "<p>No links to the orphans.</p>") }))
            .route("/sitemap-index.xml", get(|| async {
                xml("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <sitemap><loc>/sitemap-pages.xml</loc><lastmod>2024-01-01</lastmod></sitemap></sitemapindex>".into())
            }))
            .route("/sitemap-pages.xml", get(|| async {
                xml("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <url><loc>/orphan-old</loc><lastmod>2001-05-01</lastmod></url>\
                     <url><loc>/orphan-new</loc><lastmod>2999-01-01T00:00:00Z</lastmod></url>\
                     <url><loc>/orphan-plain</loc></url>\
                     <url><loc>https://elsewhere.example/not-ours</loc></url></urlset>".into())
            }))
            .route("/configured.xml", get(|| async { xml("<urlset><url><loc>/from-config</loc></url></urlset>".into()) }))
            .route("/{page}", get(|| async { links("Orphan", &["/linked-from-orphan"]) })),
    )
    .await
}

#[tokio::test]
async fn finds_pages_through_robots_sitemap_lines_indexes_and_config() {
    let server = sitemap_site().await;
    let data = tempfile::tempdir().unwrap();
    let sitemaps = format!("sitemaps = [\"{}\"]", server.url("/configured.xml"));
    crawl(
        config_with_sites(&[site(&server, &sitemaps)], ""),
        data.path(),
    )
    .await;
    for path in [
        "/orphan-old",
        "/orphan-new",
        "/orphan-plain",
        "/from-config",
        "/linked-from-orphan",
    ] {
        assert!(
            stored(data.path(), &server.url(path)).is_some(),
            "{path} was not found"
        );
    }
}

/// A site whose pages all change between two crawls (version in the ETag and the text), listed
/// in a sitemap with `lastmod` values given per path.
async fn changing_site(
    lastmods: &'static [(&'static str, &'static str)],
) -> (Server, Arc<AtomicU32>) {
    let version = Arc::new(AtomicU32::new(1));
    let current = version.clone();
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let sitemap = move || {
        let urls: String = lastmods
            .iter()
            .map(|(path, lastmod)| {
                let lastmod = if *lastmod == "today" {
                    today.as_str()
                } else {
                    lastmod
                };
                format!("<url><loc>{path}</loc><lastmod>{lastmod}</lastmod></url>")
            })
            .collect();
        async move {
            xml(format!(
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
            ))
        }
    };
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(|| async { robots_txt("User-agent: *\nDisallow:\nSitemap: /sitemap.xml\n") }),
            )
            .route(
                "/",
                get(|| async { page("Home", "<p>Nothing linked.</p>") }),
            )
            .route("/sitemap.xml", get(sitemap))
            .route(
                "/{page}",
                get(move |headers: HeaderMap| {
                    let v = current.load(Ordering::SeqCst);
                    async move {
                        let etag = format!("\"v{v}\"");
                        if headers.get("if-none-match").and_then(|h| h.to_str().ok())
                            == Some(etag.as_str())
                        {
                            return respond(304, &[("etag", &etag)], "");
                        }
                        respond(
                            200,
                            &[("content-type", "text/html"), ("etag", &etag)],
                            page("Notice", &format!("<p>Office hours, version {v}.</p>")).0,
                        )
                    }
                }),
            ),
    )
    .await;
    (server, version)
}

#[tokio::test]
async fn a_page_changed_after_the_crawl_is_fetched_again_whatever_its_lastmod() {
    let (server, version) = changing_site(&[
        ("/today", "today"),
        ("/stale", "2001-05-01"),
        ("/stale-time", "2001-05-01T10:00:00Z"),
    ])
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    version.store(2, Ordering::SeqCst);
    server.log.clear();
    let report = crawl(config(&[&server], ""), data.path()).await;
    for path in ["/today", "/stale", "/stale-time"] {
        let hit = server.log.hits().into_iter().find(|h| h.path == path);
        let hit = hit.unwrap_or_else(|| panic!("{path} was not requested"));
        assert_eq!(
            (hit.if_none_match.as_deref(), hit.status),
            (Some("\"v1\""), 200),
            "{path}: a conditional request that saw the change"
        );
        assert!(
            stored(data.path(), &server.url(path))
                .unwrap()
                .text
                .contains("version 2"),
            "{path}: the change was stored"
        );
    }
    assert_eq!(report.changed, 3);
}

#[tokio::test]
async fn pages_modified_since_our_copy_are_requested_first() {
    let (server, _) = changing_site(&[
        ("/stale-1", "2001-05-01"),
        ("/stale-2", "2002-05-01"),
        ("/today", "today"),
        ("/future", "2999-01-01"),
    ])
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    let order: Vec<String> = server
        .log
        .pages()
        .into_iter()
        .map(|h| h.path)
        .filter(|p| p != "/")
        .collect();
    let position = |path: &str| order.iter().position(|p| p == path).unwrap();
    assert!(
        position("/today") < position("/stale-1") && position("/future") < position("/stale-1"),
        "a date-only lastmod of today covers the whole day, so it may be newer than our copy: {order:?}"
    );
    assert_eq!(order.len(), 4, "every listed page is requested: {order:?}");
}

#[tokio::test]
async fn reads_a_text_sitemap() {
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(|| async { robots_txt("User-agent: *\nSitemap: /sitemap.txt\n") }),
            )
            .route("/", get(|| async { page("Home", "<p>No links.</p>") }))
            .route(
                "/sitemap.txt",
                get(|headers: HeaderMap| async move {
                    // Absolute URLs, as text sitemaps require: the fixture's own address.
                    let host = headers
                        .get("host")
                        .and_then(|h| h.to_str().ok())
                        .unwrap_or_default();
                    let text = format!(
                        "http://{host}/permits\n\nhttp://{host}/parks/trees\r\nnot-a-url\n"
                    );
                    respond(200, &[("content-type", "text/plain")], text)
                }),
            )
            .route(
                "/{page}",
                get(|| async { page("Listed", "<p>Found through the text sitemap.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    for path in ["/permits", "/parks/trees"] {
        assert_eq!(server.log.count(path), 1, "{path}");
    }
    assert_eq!(server.log.count("/not-a-url"), 0);
}

#[tokio::test]
async fn reads_rss_and_atom_feeds_as_sitemaps() {
    let rss = || async {
        respond(
            200,
            &[("content-type", "application/rss+xml")],
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title><link>/</link>\
             <item><title>Leaf day</title><link>/news/leaf-day</link><pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate></item>\
             <item><title>Fair</title><link>/news/street-fair</link></item></channel></rss>",
        )
    };
    let atom = || async {
        respond(
            200,
            &[("content-type", "application/atom+xml")],
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Alerts</title><link rel=\"self\" href=\"/alerts.atom\"/>\
             <entry><title>Boil water</title><link href=\"/alerts/boil-water\"/><updated>2024-05-01T10:00:00Z</updated></entry></feed>",
        )
    };
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(|| async {
                    robots_txt("User-agent: *\nSitemap: /news.rss\nSitemap: /alerts.atom\n")
                }),
            )
            .route("/", get(|| async { page("Home", "<p>No links.</p>") }))
            .route("/news.rss", get(rss))
            .route("/alerts.atom", get(atom))
            .route(
                "/{*page}",
                get(|| async { page("Item", "<p>Found through a feed.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    for path in ["/news/leaf-day", "/news/street-fair", "/alerts/boil-water"] {
        assert_eq!(server.log.count(path), 1, "{path}");
    }
    assert_eq!(report.errors.get("sitemap"), None, "{report}");
}
