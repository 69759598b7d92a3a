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
