use std::time::Duration;

use super::*;

fn robots(text: &str) -> Robots {
    Robots::parse(text, "firststop")
}

#[test]
fn takes_the_product_token_of_a_user_agent() {
    assert_eq!(
        product_token("firststop/0.1 (+https://www.portland.gov/311)"),
        "firststop"
    );
    assert_eq!(product_token("FirstStop-Test/2"), "firststop-test");
}

#[test]
fn longest_match_wins_whatever_the_order() {
    let r = robots("User-agent: *\nAllow: /parks/trees\nDisallow: /parks\n");
    assert!(r.allowed("/parks/trees/planting"));
    assert!(!r.allowed("/parks/pools"));
    let r = robots("User-agent: *\nDisallow: /parks\nAllow: /parks/trees\n");
    assert!(r.allowed("/parks/trees"));
    assert!(!r.allowed("/parks"));
}

#[test]
fn allow_wins_a_tie() {
    let r = robots("User-agent: *\nDisallow: /page\nAllow: /page\n");
    assert!(r.allowed("/page"));
    let r = robots("User-agent: *\nAllow: /page\nDisallow: /page\n");
    assert!(r.allowed("/page"));
}

#[test]
fn star_matches_any_run_and_dollar_ends_the_url() {
    let r = robots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\nDisallow: /exact$\n");
    assert!(!r.allowed("/docs/report.pdf"));
    assert!(r.allowed("/docs/report.pdf?download=1"));
    assert!(r.allowed("/docs/report.pdfx"));
    assert!(!r.allowed("/search/site?q=potholes"));
    assert!(r.allowed("/search/site"));
    assert!(!r.allowed("/exact"));
    assert!(r.allowed("/exact/more"));
}

#[test]
fn longer_wildcard_allow_beats_shorter_disallow() {
    let r = robots("User-agent: *\nDisallow: /\nAllow: /$\nAllow: /*.html\n");
    assert!(r.allowed("/"));
    assert!(r.allowed("/a/b.html"));
    assert!(!r.allowed("/a/b"));
}

#[test]
fn uses_the_group_naming_our_product_token_instead_of_star() {
    let text = "User-agent: *\nDisallow: /\n\nUser-agent: FirstStop\nDisallow: /private\n";
    let r = robots(text);
    assert!(r.allowed("/parks"));
    assert!(!r.allowed("/private/x"));
    let other = Robots::parse(text, "otherbot");
    assert!(!other.allowed("/parks"));
}

#[test]
fn merges_every_group_that_names_us() {
    let r = robots(
        "User-agent: firststop\nDisallow: /a\n\nUser-agent: googlebot\nDisallow: /b\n\nUser-agent: firststop\nDisallow: /c\n",
    );
    assert!(!r.allowed("/a"));
    assert!(r.allowed("/b"));
    assert!(!r.allowed("/c"));
}

#[test]
fn consecutive_user_agent_lines_share_one_group() {
    let r = robots(
        "User-agent: googlebot\nUser-agent: firststop\nDisallow: /shared\nUser-agent: *\nDisallow: /\n",
    );
    assert!(!r.allowed("/shared"));
    assert!(r.allowed("/elsewhere"));
}

#[test]
fn a_group_naming_us_without_rules_allows_everything() {
    let r = robots("User-agent: *\nDisallow: /\n\nUser-agent: firststop\n");
    assert!(r.allowed("/anything"));
}

#[test]
fn blank_lines_do_not_end_a_group() {
    let r = robots("User-agent: firststop\n\nUser-agent: otherbot\nDisallow: /\n");
    assert!(!r.allowed("/anything"));
}

#[test]
fn empty_disallow_allows_everything_and_comments_are_ignored() {
    let r = robots("# hello\nUser-agent: * # everyone\nDisallow:\nDisallow: /x # not here\n");
    assert!(r.allowed("/y"));
    assert!(!r.allowed("/x/1"));
}

#[test]
fn no_matching_group_means_no_rules() {
    let r = robots("User-agent: googlebot\nDisallow: /\n");
    assert!(r.allowed("/anything"));
}

#[test]
fn rules_outside_any_group_are_ignored() {
    let r = robots("Disallow: /\nUser-agent: *\nDisallow: /private\n");
    assert!(r.allowed("/public"));
}

#[test]
fn robots_txt_itself_is_always_allowed() {
    assert!(robots("User-agent: *\nDisallow: /\n").allowed("/robots.txt"));
    assert!(Robots::disallow_all().allowed("/robots.txt"));
}

#[test]
fn unreachable_robots_disallows_everything_and_missing_allows_everything() {
    assert!(!Robots::disallow_all().allowed("/"));
    assert!(!Robots::disallow_all().reachable());
    assert!(Robots::allow_all().allowed("/anything"));
}

#[test]
fn compares_percent_encoded_and_unicode_paths_octet_by_octet() {
    let r = robots("User-agent: *\nDisallow: /café\nDisallow: /%7ejoe\nDisallow: /a%2fb\n");
    assert!(!r.allowed("/caf%C3%A9/menu"));
    assert!(!r.allowed("/caf%c3%a9"));
    assert!(!r.allowed("/~joe/home"));
    assert!(!r.allowed("/a%2Fb"));
    assert!(r.allowed("/a/b"));
}

#[test]
fn matches_query_strings_too() {
    let r = robots("User-agent: *\nDisallow: /*?sort=\n");
    assert!(!r.allowed("/news?sort=date"));
    assert!(r.allowed("/news?page=2"));
}

#[test]
fn reads_crawl_delay_of_our_group_and_sitemaps_anywhere() {
    let r = robots(
        "Sitemap: https://www.portland.gov/sitemap.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n\
         User-agent: otherbot\nCrawl-delay: 30\nsitemap: https://www.portland.gov/news.xml\n",
    );
    assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
    assert_eq!(
        r.sitemaps(),
        [
            "https://www.portland.gov/sitemap.xml",
            "https://www.portland.gov/news.xml"
        ]
    );
    assert_eq!(
        robots("User-agent: *\nCrawl-delay: soon\n").crawl_delay(),
        None
    );
}

#[test]
fn keys_are_case_insensitive_and_paths_without_slash_are_rooted() {
    let r = robots("USER-AGENT: *\nDISALLOW: private\n");
    assert!(!r.allowed("/private"));
}

#[test]
fn splits_lines_at_cr_lf_and_crlf_alike() {
    let r = robots("User-agent: *\rDisallow: /private\r");
    assert!(!r.allowed("/private/x"));
    let mixed = "User-agent: otherbot\r\nDisallow: /\rUser-agent: firststop\nDisallow: /a\r\nAllow: /a/open\rUser-agent: *\nDisallow: /b\n";
    let r = robots(mixed);
    assert!(!r.allowed("/a/x"));
    assert!(r.allowed("/a/open/x"));
    assert!(r.allowed("/b"), "the * group does not apply to us");
}

#[test]
fn percent_2a_and_24_are_a_literal_star_and_dollar() {
    let r = robots(
        "User-agent: *\nDisallow: /path/file-with-a-%2A.html\nDisallow: /path/foo-%24\nDisallow: /star%2a\n",
    );
    assert!(!r.allowed("/path/file-with-a-*.html"));
    assert!(!r.allowed("/path/file-with-a-%2A.html"));
    assert!(r.allowed("/path/file-with-a-b.html"), "not a wildcard");
    assert!(!r.allowed("/path/foo-$"));
    assert!(!r.allowed("/path/foo-$/deeper"), "not an anchor");
    assert!(r.allowed("/path/foo-"));
    assert!(r.allowed("/starfish"));
    assert!(!r.allowed("/star*"));
}

#[test]
fn cuts_a_long_file_at_the_cap_and_at_a_whole_line() {
    let mut body = b"User-agent: *\nDisallow: /private\n".to_vec();
    while body.len() < MAX_BYTES - 20 {
        body.extend_from_slice(b"# padding padding padding\n");
    }
    body.extend_from_slice(b"Allow: /private/then-a-very-long-path-cut-in-the-middle\n");
    body.extend_from_slice(&vec![b'#'; 3 * 1024 * 1024]);
    let part = Robots::parsed_part(&body, true);
    assert!(part.len() <= MAX_BYTES && part.ends_with(b"\n"));
    let r = Robots::from_body(&body, true, "firststop");
    assert!(!r.allowed("/private/x"));
    assert!(
        !r.allowed("/private/then"),
        "the rule cut at the cap is not read as `Allow: /private/then`"
    );
    assert_eq!(Robots::parsed_part(b"Disallow: /x", false), b"Disallow: /x");
    assert_eq!(Robots::parsed_part(b"Disallow: /x", true), b"");
}

#[test]
fn skips_a_whole_or_partial_byte_order_mark() {
    for bom in [&b"\xEF\xBB\xBF"[..], b"\xEF\xBB", b"\xEF"] {
        let mut body = bom.to_vec();
        body.extend_from_slice(b"User-agent: *\nDisallow: /private\n");
        let r = Robots::from_body(&body, false, "firststop");
        assert!(!r.allowed("/private"), "{bom:?}");
    }
}

#[test]
fn accepts_whitespace_for_a_missing_colon_in_two_word_lines() {
    let r = robots("user-agent *\ndisallow /x\nDisallow /y z\n");
    assert!(!r.allowed("/x"));
    assert!(r.allowed("/y"), "three words: not a rule");
}

#[test]
fn accepts_common_misspellings_of_the_keys() {
    let r = robots(
        "Useragent: *\nDissalow: /a\nDisalow: /b\nDissallow: /c\nsite-map: https://x.test/s.xml\n",
    );
    assert!(!r.allowed("/a") && !r.allowed("/b") && !r.allowed("/c"));
    assert_eq!(r.sitemaps(), ["https://x.test/s.xml"]);
}

#[test]
fn reads_rules_wrapped_in_html() {
    let text = "<!DOCTYPE html><html><head><title>robots</title></head><body><pre>\n\
                User-agent: firststop<br>\nDisallow: /private<br>\nCrawl-delay: 2<br>\n\
                </pre></body></html>\n";
    let r = robots(text);
    assert!(!r.allowed("/private/x"));
    assert!(r.allowed("/public"));
    assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
    let maintenance = robots("<html><head><title>Down for maintenance</title></head></html>");
    assert!(maintenance.allowed("/anything"));
}

#[test]
fn a_huge_crawl_delay_is_kept_as_asked() {
    let r = robots("User-agent: *\nCrawl-delay: 3600\n");
    assert_eq!(r.crawl_delay(), Some(Duration::from_secs(3600)));
    let r = robots("User-agent: *\nCrawl-delay: 1e300\n");
    assert_eq!(r.crawl_delay(), Some(Duration::MAX));
}
