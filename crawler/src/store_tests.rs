use config::Config;
use pagestore::{Page, PageState};
use url::Url;

use super::*;
use crate::extract::{Options, extract};
use crate::fetch::{Body, Response};

fn site() -> Site {
    let toml = "[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[bureaus]]\nid = \"water\"\nname = \"Water\"\n\
                [[sites]]\nseeds = [\"http://city.test/\"]\nbureau = \"311\"\nsections = { \"/water\" = \"water\" }\n";
    Config::parse(toml, "t.toml".as_ref())
        .unwrap()
        .sites
        .remove(0)
}

fn response(status: u16) -> Response {
    Response {
        status,
        content_type: Some("text/html".into()),
        location: None,
        etag: Some("\"v2\"".into()),
        last_modified: None,
        content_language: None,
        x_robots_tags: Vec::new(),
        refresh: None,
        retry_after: None,
        body: Body::Read(b"<p>x</p>".to_vec()),
        cut: false,
        bytes: 8,
    }
}

fn extracted(text: &str) -> Extracted {
    let url = Url::parse("http://city.test/water/pay").unwrap();
    extract(
        &format!("<title>Pay</title><main><p>{text}</p></main>"),
        &url,
        &Options::default(),
    )
}

fn stored(text: &str) -> Page {
    let (mut page, _) = fetched(
        "http://city.test/water/pay",
        &site(),
        None,
        &response(200),
        &extracted(text),
        true,
        100,
    );
    page.etag = Some("\"v1\"".into());
    page
}

#[test]
fn attributes_pages_to_the_bureau_of_their_section() {
    let page = stored("Pay online.");
    assert_eq!(
        (page.bureau.as_str(), page.section.as_deref()),
        ("water", Some("/water"))
    );
}

#[test]
fn first_fetch_is_new_then_equal_hash_is_unchanged_and_keeps_last_changed() {
    let (_, change) = fetched(
        "http://city.test/water/pay",
        &site(),
        None,
        &response(200),
        &extracted("a"),
        true,
        100,
    );
    assert_eq!(change, Change::New);
    let old = stored("Pay online.");
    let (page, change) = fetched(
        &old.url,
        &site(),
        Some(&old),
        &response(200),
        &extracted("Pay online."),
        true,
        200,
    );
    assert_eq!(change, Change::Unchanged);
    assert_eq!(
        (page.first_seen, page.last_seen, page.last_changed),
        (100, 200, 100)
    );
    assert_eq!(page.etag.as_deref(), Some("\"v2\""));
}

#[test]
fn different_hash_is_changed() {
    let old = stored("Pay online.");
    let (page, change) = fetched(
        &old.url,
        &site(),
        Some(&old),
        &response(200),
        &extracted("Pay by phone."),
        true,
        200,
    );
    assert_eq!(change, Change::Changed);
    assert_eq!(page.last_changed, 200);
}

#[test]
fn not_modified_keeps_the_page_and_refreshes_last_seen() {
    let old = stored("Pay online.");
    let page = not_modified(&old, &response(304), 300);
    assert_eq!(
        (page.text.as_str(), page.last_seen, page.last_changed),
        (old.text.as_str(), 300, 100)
    );
    assert_eq!(page.state, PageState::Fetched);
}

#[test]
fn gone_only_counts_pages_that_were_there() {
    let old = stored("Pay online.");
    let (page, change) = gone(&old.url, &site(), Some(&old), 410, 400);
    assert_eq!(
        (page.state, change, page.last_changed),
        (PageState::Gone, Change::Gone, 400)
    );
    let (_, change) = gone("http://city.test/nope", &site(), None, 404, 400);
    assert_eq!(change, Change::NotFound);
}

#[test]
fn a_transient_failure_keeps_stored_content_and_state() {
    let old = stored("Pay online.");
    let page = failed(&old.url, &site(), Some(&old), Some(503), "HTTP 503", 500);
    assert_eq!(
        (page.state, page.text.as_str()),
        (PageState::Fetched, old.text.as_str())
    );
    assert_eq!(page.last_error.as_deref(), Some("HTTP 503"));
    let page = failed(
        "http://city.test/new",
        &site(),
        None,
        Some(500),
        "HTTP 500",
        500,
    );
    assert_eq!(
        (page.state, page.http_status),
        (PageState::Failed, Some(500))
    );
}

#[test]
fn nofollow_pages_keep_no_links_to_requeue() {
    let url = Url::parse("http://city.test/a").unwrap();
    let ex = extract(
        "<head><meta name=robots content=nofollow></head><main><a href=/b>b</a></main>",
        &url,
        &Options::default(),
    );
    let (page, _) = fetched(url.as_str(), &site(), None, &response(200), &ex, true, 1);
    assert!(page.outlinks.is_empty());
}

#[test]
fn dead_links_back_off_one_two_four_days_up_to_thirty() {
    let days = |n: u32| gone_wait(n).as_secs() / 86_400;
    assert_eq!(
        (1..=7).map(days).collect::<Vec<_>>(),
        [1, 2, 4, 8, 16, 30, 30]
    );
    let (first, _) = gone("http://city.test/nope", &site(), None, 404, 1_000_000);
    assert_eq!(first.gone_streak, 1);
    let next = first.next_check.unwrap();
    assert_eq!(
        next,
        1_000_000 + 86_400 - 3600,
        "due at the next daily crawl"
    );
    assert!(backing_off(&first, next - 1) && !backing_off(&first, next));
    let (second, change) = gone(&first.url, &site(), Some(&first), 404, next);
    assert_eq!((second.gone_streak, change), (2, Change::NotFound));
    assert_eq!(second.next_check, Some(next + 2 * 86_400 - 3600));
    let (back, _) = fetched(
        &second.url,
        &site(),
        Some(&second),
        &response(200),
        &extracted("Back again."),
        true,
        next + 1,
    );
    assert_eq!((back.gone_streak, back.next_check), (0, None));
}
