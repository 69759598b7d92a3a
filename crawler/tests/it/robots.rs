//! robots.txt: disallowed paths are never requested, our own group wins over `*`, an unreachable
//! robots.txt stops the host, a missing one allows all.

use axum::Router;
use axum::routing::get;
use pagestore::PageState;

use crate::support::*;

#[tokio::test]
async fn skips_pages_disallowed_by_robots() {
    let server = serve(
        Router::new()
            .route("/robots.txt", get(|| async { robots_txt("User-agent: *\nDisallow: /private\nAllow: /private/open$\nDisallow: /*.json$\n") }))
            .route("/", get(|| async { links("Home", &["/private/a", "/private/open", "/public", "/data.json", "/private/open/deeper"]) }))
            .route("/{*rest}", get(|| async { page("Any", "<p>Some page.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;

    let paths = server.log.paths();
    assert_eq!(paths[0], "/robots.txt", "robots.txt comes first");
    for forbidden in ["/private/a", "/data.json", "/private/open/deeper"] {
        assert_eq!(
            server.log.count(forbidden),
            0,
            "{forbidden} is disallowed: {paths:?}"
        );
    }
    assert_eq!(
        server.log.count("/private/open"),
        1,
        "the longer Allow wins"
    );
    assert_eq!(server.log.count("/public"), 1);
    assert_eq!(report.skipped_robots, 3);
    assert!(
        server.log.hits().iter().all(|h| h.user_agent == USER_AGENT),
        "the configured user agent on every request"
    );
}

#[tokio::test]
async fn obeys_the_group_for_our_product_token_rather_than_star() {
    let server = serve(
        Router::new()
            .route("/robots.txt", get(|| async { robots_txt("User-agent: *\nDisallow: /\n\nUser-agent: FirstStop-Test\nDisallow: /secret\n") }))
            .route("/", get(|| async { links("Home", &["/ok", "/secret"]) }))
            .route("/{*rest}", get(|| async { page("Any", "<p>Some page.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.count("/ok"), 1);
    assert_eq!(server.log.count("/secret"), 0);
}

#[tokio::test]
async fn unreachable_robots_means_nothing_is_crawled_on_that_host() {
    let broken = serve(
        Router::new()
            .route("/robots.txt", get(|| async { respond(503, &[], "down") }))
            .route(
                "/{*rest}",
                get(|| async { page("Any", "<p>Some page.</p>") }),
            ),
    )
    .await;
    let healthy = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/a"]) }))
            .route("/a", get(|| async { page("A", "<p>A.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&broken, &healthy], ""), data.path()).await;
    assert_eq!(
        broken.log.paths(),
        ["/robots.txt"],
        "only robots.txt was asked on the broken host"
    );
    assert_eq!(report.errors.get("robots_unavailable"), Some(&1));
    assert_eq!(
        healthy.log.count("/a"),
        1,
        "the other host is crawled as usual"
    );
}

#[tokio::test]
async fn missing_robots_allows_everything() {
    let server = serve(
        Router::new()
            .route("/", get(|| async { links("Home", &["/a"]) }))
            .route("/a", get(|| async { page("A", "<p>A.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.paths(), ["/robots.txt", "/", "/a"]);
    assert_eq!(report.fetched, 2);
}

#[tokio::test]
async fn a_stored_page_newly_disallowed_leaves_the_index() {
    let rules = std::sync::Arc::new(std::sync::Mutex::new("User-agent: *\nDisallow:\n"));
    let current = rules.clone();
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(move || {
                    let text = *current.lock().unwrap();
                    async move { robots_txt(text) }
                }),
            )
            .route("/", get(|| async { links("Home", &["/b"]) }))
            .route("/b", get(|| async { page("B", "<p>B.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        stored(data.path(), &server.url("/b")).unwrap().state,
        PageState::Fetched
    );

    *rules.lock().unwrap() = "User-agent: *\nDisallow: /b\n";
    age_robots_copy(data.path(), &server, 25);
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(server.log.count("/b"), 0);
    assert_eq!(
        stored(data.path(), &server.url("/b")).unwrap().state,
        PageState::Gone
    );
}

/// Page paths requested, without robots.txt and the home page.
fn requested(server: &Server) -> Vec<String> {
    server
        .log
        .pages()
        .into_iter()
        .map(|h| h.path)
        .filter(|p| p != "/")
        .collect()
}

#[tokio::test]
async fn a_robots_txt_over_the_size_cap_is_obeyed_for_its_first_500_kib() {
    let mut big = b"User-agent: *\nDisallow: /private\n".to_vec();
    while big.len() < 400 * 1024 {
        big.extend_from_slice(b"# a long list of retired paths follows\n");
    }
    big.extend_from_slice(b"Disallow: /archive\n");
    while big.len() < 3 * 1024 * 1024 {
        big.extend_from_slice(b"# a long list of retired paths follows\n");
    }
    big.extend_from_slice(b"Disallow: /public\n");
    let server = robots_site(big, &["/private/x", "/archive/2019", "/public"]).await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        requested(&server),
        ["/public"],
        "rules in the first 500 KiB hold; one 3 MiB in is past what is read"
    );
    assert_eq!(report.skipped_robots, 2);
}

#[tokio::test]
async fn an_endless_robots_txt_is_cut_not_dropped() {
    let server = serve(
        Router::new()
            .route(
                "/robots.txt",
                get(|| async {
                    let head =
                        axum::body::Bytes::from_static(b"User-agent: *\nDisallow: /private\n");
                    let chunk = axum::body::Bytes::from(b"# padding\n".repeat(400));
                    respond(
                        200,
                        &[("content-type", "text/plain")],
                        axum::body::Body::from_stream(endless(head, chunk)),
                    )
                }),
            )
            .route("/", get(|| async { links("Home", &["/private/x", "/ok"]) }))
            .route(
                "/{*rest}",
                get(|| async { page("Any", "<p>Some page.</p>") }),
            ),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], "request_timeout_ms = 2000"), data.path()).await;
    assert_eq!(requested(&server), ["/ok"]);
}

#[tokio::test]
async fn cr_only_and_mixed_line_ends_split_lines() {
    let cases: [(&[u8], &[&str]); 3] = [
        (b"User-agent: *\rDisallow: /private\r", &["/secret", "/ok"]),
        (
            b"User-agent: otherbot\r\nDisallow: /\rUser-agent: firststop-test\rDisallow: /secret\r\nUser-agent: *\nDisallow: /\n",
            &["/private/x", "/ok"],
        ),
        (
            b"User-Agent: * #everyone\rDisallow: /private\r#Disallow: /ok\r\rDisallow: /secret\r",
            &["/ok"],
        ),
    ];
    for (robots, expected) in cases {
        let server = robots_site(robots.to_vec(), &["/private/x", "/secret", "/ok"]).await;
        let data = tempfile::tempdir().unwrap();
        crawl(config(&[&server], ""), data.path()).await;
        assert_eq!(
            requested(&server),
            expected,
            "{:?}",
            String::from_utf8_lossy(robots)
        );
    }
}

#[tokio::test]
async fn robots_rules_match_the_query_as_linked() {
    let server = robots_site(
        b"User-agent: *\nDisallow: /calendar?view=month\nDisallow: /*?sort=\nDisallow: /search\nAllow: /search?q=\n".to_vec(),
        &[
            "/calendar?view=month&date=2026-11",
            "/calendar?date=2026-12&view=week",
            "/news?sort=date&page=2",
            "/search?q=trees&lang=es",
            "/search?lang=es&q=trees",
        ],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    let report = crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        requested(&server),
        [
            "/calendar?date=2026-12&view=week",
            "/search?q=trees&lang=es"
        ],
        "requested exactly as linked; the second spelling of the search is the same page"
    );
    assert_eq!(report.skipped_robots, 2);
    let search = stored(data.path(), &server.url("/search?lang=es&q=trees")).unwrap();
    assert_eq!(
        search.request_url.as_deref(),
        Some(server.url("/search?q=trees&lang=es").as_str()),
        "stored under its key, with the URL as requested"
    );
}

#[tokio::test]
async fn percent_2a_and_24_in_rules_are_literal_star_and_dollar() {
    let server = robots_site(
        b"User-agent: *\nDisallow: /path/file-with-a-%2A.html\nDisallow: /path/foo-%24\nDisallow: /star%2a\n"
            .to_vec(),
        &[
            "/path/file-with-a-*.html",
            "/path/file-with-a-b.html",
            "/path/foo-$",
            "/path/foo-bar",
            "/star*",
            "/starfish",
        ],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        requested(&server),
        ["/path/file-with-a-b.html", "/path/foo-bar", "/starfish"]
    );
}

#[tokio::test]
async fn a_partial_byte_order_mark_does_not_hide_the_first_line() {
    for bom in [&b"\xEF\xBB\xBF"[..], b"\xEF\xBB", b"\xEF"] {
        let mut robots = bom.to_vec();
        robots.extend_from_slice(b"User-agent: *\nDisallow: /private\n");
        let server = robots_site(robots, &["/private/x", "/ok"]).await;
        let data = tempfile::tempdir().unwrap();
        crawl(config(&[&server], ""), data.path()).await;
        assert_eq!(requested(&server), ["/ok"], "{bom:?}");
    }
}

#[tokio::test]
async fn a_missing_colon_is_read_as_the_big_parsers_read_it() {
    let server = robots_site(
        b"user-agent *\ndisallow /x\nDisallow\t/tab\nDisallow /three words\n".to_vec(),
        &["/x/1", "/tab", "/three", "/ok"],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        requested(&server),
        ["/three", "/ok"],
        "a line of three words is no rule"
    );
}

#[tokio::test]
async fn common_misspellings_of_the_keys_count() {
    let server = robots_site(
        b"Useragent: *\nDissalow: /a\nDisalow: /b\nDissallow: /c\nDisallaw: /d\n".to_vec(),
        &["/a", "/b", "/c", "/d", "/ok"],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(requested(&server), ["/ok"]);
}

#[tokio::test]
async fn rules_wrapped_in_html_are_read() {
    let server = robots_site(
        b"<!DOCTYPE html><html><head><title>robots.txt</title></head><body>\n<pre>\n\
          User-agent: *<br>\nDisallow: /private<br>\nDisallow: /drafts</br>\n</pre></body></html>\n"
            .to_vec(),
        &["/private/x", "/drafts/1", "/ok"],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(requested(&server), ["/ok"]);
    let maintenance = robots_site(
        b"<html><head><title>Down for maintenance</title></head><body>Back soon.</body></html>"
            .to_vec(),
        &["/ok"],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&maintenance], ""), data.path()).await;
    assert_eq!(
        requested(&maintenance),
        ["/ok"],
        "an HTML page says nothing: allow all"
    );
}

/// Ages the robots.txt copy stored for `server` by `hours`.
fn age_robots_copy(data: &std::path::Path, server: &Server, hours: i64) {
    let mut store = pagestore::PageStore::open(data).unwrap();
    let origin = server.base.origin().ascii_serialization();
    let mut copy = store.robots_copy(&origin).unwrap().expect("a stored copy");
    copy.fetched -= hours * 3600;
    store.put_robots_copy(&copy).unwrap();
}

#[tokio::test]
async fn robots_txt_is_reused_for_a_day_across_crawls() {
    let server = robots_site(
        b"User-agent: *\nDisallow: /private\n".to_vec(),
        &["/private/x", "/ok"],
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&server], ""), data.path()).await;
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count("/robots.txt"),
        0,
        "the copy of an hour ago is used"
    );
    assert_eq!(server.log.count("/private/x"), 0, "and obeyed");

    age_robots_copy(data.path(), &server, 23);
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.count("/robots.txt"),
        0,
        "23 hours old: still fresh"
    );

    age_robots_copy(data.path(), &server, 2);
    server.log.clear();
    crawl(config(&[&server], ""), data.path()).await;
    assert_eq!(
        server.log.paths()[0],
        "/robots.txt",
        "25 hours old: fetched again, before anything else"
    );
}

#[tokio::test]
async fn a_missing_robots_txt_is_remembered_and_an_unreachable_one_is_not() {
    let missing =
        serve(Router::new().route("/", get(|| async { page("Home", "<p>Hi.</p>") }))).await;
    let broken = serve(
        Router::new()
            .route("/robots.txt", get(|| async { respond(503, &[], "down") }))
            .route("/", get(|| async { page("Home", "<p>Hi.</p>") })),
    )
    .await;
    let data = tempfile::tempdir().unwrap();
    crawl(config(&[&missing, &broken], ""), data.path()).await;
    missing.log.clear();
    broken.log.clear();
    crawl(config(&[&missing, &broken], ""), data.path()).await;
    assert_eq!(
        missing.log.paths(),
        ["/"],
        "a 404 robots.txt means no rules, for a day"
    );
    assert_eq!(broken.log.paths(), ["/robots.txt"], "a 503 is asked again");
}
