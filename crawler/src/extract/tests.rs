use url::Url;

use super::meta::{robots_directives, x_robots_tag};
use super::*;

fn page(html: &str) -> Extracted {
    let url = Url::parse("http://city.test/dir/page").unwrap();
    extract(
        html,
        &url,
        &Options {
            robots_token: "firststop",
            ..Options::default()
        },
    )
}

#[test]
fn reads_robots_directives() {
    assert_eq!(robots_directives("noindex, follow"), (true, false));
    assert_eq!(robots_directives("NOFOLLOW"), (false, true));
    assert_eq!(robots_directives("none"), (true, true));
    assert_eq!(robots_directives("all"), (false, false));
}

#[test]
fn x_robots_tag_for_another_agent_is_ignored() {
    let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        x_robots_tag(&values(&["noindex"]), "firststop"),
        (true, false)
    );
    assert_eq!(
        x_robots_tag(&values(&["googlebot: noindex"]), "firststop"),
        (false, false)
    );
    assert_eq!(
        x_robots_tag(&values(&["firststop: nofollow"]), "firststop"),
        (false, true)
    );
    assert_eq!(
        x_robots_tag(
            &values(&["unavailable_after: 25 Jun 2010 15:00:00 PST", "noindex"]),
            "firststop"
        ),
        (true, false)
    );
}

#[test]
fn x_robots_tag_scopes_directives_to_the_agent_before_them() {
    let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ours = |v: &[&str]| x_robots_tag(&values(v), "firststop");
    assert_eq!(
        ours(&["otherbot: nofollow, firststop: noindex"]),
        (true, false)
    );
    assert_eq!(
        ours(&["firststop: noindex, otherbot: nofollow"]),
        (true, false)
    );
    assert_eq!(ours(&["noindex, otherbot: nofollow"]), (true, false));
    assert_eq!(ours(&["otherbot: noindex, nofollow"]), (false, false));
    assert_eq!(ours(&["FirstStop: NONE"]), (true, true));
    assert_eq!(ours(&["max-snippet: 20, noindex"]), (true, false));
}

#[test]
fn reads_a_meta_refresh_against_the_base_url() {
    let p = page(
        "<head><base href='/moved/'><meta http-equiv='Refresh' content='0; URL=new.html'></head>",
    );
    let refresh = p.refresh.unwrap();
    assert_eq!(
        (refresh.seconds, refresh.url.as_str()),
        (0, "http://city.test/moved/new.html")
    );
    assert!(page("<main><p>No refresh.</p></main>").refresh.is_none());
}

#[test]
fn meta_robots_for_our_token_counts_too() {
    let p = page("<head><meta name='firststop' content='noindex'></head><main><p>x</p></main>");
    assert!(p.noindex && !p.nofollow);
    let p = page("<head><meta name='otherbot' content='noindex'></head><main><p>x</p></main>");
    assert!(!p.noindex);
}

#[test]
fn keeps_block_structure_as_lines_and_inline_text_together() {
    let p = page(
        "<main><p>Pay <b>your</b> bill<br>online.</p><ul><li>One</li><li>Two</li></ul></main>",
    );
    assert_eq!(p.text, "Pay your bill\nonline.\nOne\nTwo");
}

#[test]
fn text_before_the_first_heading_belongs_to_no_section() {
    let p = page(
        "<main><p>Intro.</p><h2>Fees</h2><p>$10.</p><h3 id=late>Late fees</h3><p>$5.</p></main>",
    );
    assert_eq!(p.sections.len(), 2);
    assert_eq!(
        (p.sections[0].heading.as_str(), p.sections[0].text.as_str()),
        ("Fees", "$10.")
    );
    assert_eq!(
        (p.sections[1].level, p.sections[1].anchor.as_deref()),
        (3, Some("late"))
    );
}

#[test]
fn anchors_come_from_inner_ids_or_an_enclosing_section() {
    let p = page(
        "<main><h2><a name='hours'></a>Hours</h2><p>9-5</p><section id='where'><h2>Where</h2><p>City Hall</p></section></main>",
    );
    assert_eq!(p.sections[0].anchor.as_deref(), Some("hours"));
    assert_eq!(p.sections[1].anchor.as_deref(), Some("where"));
}

#[test]
fn hidden_and_aria_hidden_text_is_not_content() {
    let p = page("<main><p>Seen</p><p hidden>Unseen</p><div aria-hidden='true'>Icon</div></main>");
    assert_eq!(p.text, "Seen");
}

#[test]
fn canonical_on_another_origin_is_ignored() {
    let p =
        page("<head><link rel='canonical' href='http://other.test/x'></head><main><p>x</p></main>");
    assert_eq!(p.canonical, None);
    let p = page(
        "<head><link rel='Canonical' href='/dir/page?utm_source=x'></head><main><p>x</p></main>",
    );
    assert_eq!(p.canonical.unwrap().as_str(), "http://city.test/dir/page");
}

#[test]
fn base_href_resolves_relative_links() {
    let p = page("<head><base href='/other/'></head><body><a href='x'>x</a></body>");
    assert_eq!(p.outlinks[0].as_str(), "http://city.test/other/x");
}

#[test]
fn title_falls_back_to_the_first_h1() {
    assert_eq!(
        page("<main><h1>Report a pothole</h1><p>x</p></main>").title,
        "Report a pothole"
    );
}

#[test]
fn content_hash_is_stable_and_sensitive() {
    let a = content_hash("t", "body", "d");
    assert_eq!(a, content_hash("t", "body", "d"));
    assert_eq!(a.len(), 32);
    assert_ne!(a, content_hash("t", "body!", "d"));
    assert_ne!(content_hash("ab", "c", ""), content_hash("a", "bc", ""));
}

#[test]
fn the_publication_date_is_a_real_calendar_date() {
    let published =
        |meta: &str| page(&format!("<head>{meta}</head><main><p>x</p></main>")).published;
    assert_eq!(
        published("<meta property='article:published_time' content='2024-05-01T10:00:00-07:00'>")
            .as_deref(),
        Some("2024-05-01")
    );
    assert_eq!(
        published("<meta name='date' content='2024-13-45'><meta name='dcterms.modified' content='2024-02-29'>").as_deref(),
        Some("2024-02-29"),
        "an impossible date is no date"
    );
    assert_eq!(published("<meta name='date' content='May 1'>"), None);
}
