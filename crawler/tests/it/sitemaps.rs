//! Sitemaps: found through robots.txt `Sitemap:` lines and the config, indexes followed, and a
//! `lastmod` older than the stored copy spares the request on the next crawl.

use axum::Router;
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

#[tokio::test]
async fn a_lastmod_older_than_the_stored_copy_spares_the_request() {
    let server = sitemap_site().await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    server.log.clear();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count("/orphan-old"),
        0,
        "lastmod 2001 predates our copy"
    );
    assert_eq!(
        server.log.count("/orphan-new"),
        1,
        "lastmod in the future: fetched again"
    );
    assert_eq!(
        server.log.count("/orphan-plain"),
        1,
        "no lastmod: fetched again"
    );
    assert_eq!(
        server.log.count("/linked-from-orphan"),
        1,
        "the spared page's stored links are still followed"
    );
    assert_eq!(report.unchanged_by_sitemap, 1);
}
