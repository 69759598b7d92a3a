use super::*;

fn urls(body: &[u8]) -> Vec<Entry> {
    match parse(body) {
        Ok(Sitemap::Urls(entries)) => entries,
        other => panic!("not a list of pages: {other:?}"),
    }
}

/// 2024-05-01T00:00:00Z.
const MAY_FIRST: i64 = 1_714_521_600;
const DAY: i64 = 86_400;

#[test]
fn reads_a_urlset_with_lastmod_and_entities() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://www.portland.gov/parks</loc><lastmod>2024-05-01</lastmod></url>
          <url><loc> https://www.portland.gov/search?a=1&amp;b=2 </loc></url>
          <url><loc><![CDATA[https://www.portland.gov/water]]></loc><lastmod>garbage</lastmod></url>
          <url><lastmod>2024-05-01</lastmod></url>
        </urlset>"#;
    let entries = urls(xml);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].lastmod, Some(MAY_FIRST + DAY - 1));
    assert_eq!(entries[1].loc, "https://www.portland.gov/search?a=1&b=2");
    assert_eq!(
        entries[2],
        Entry {
            loc: "https://www.portland.gov/water".into(),
            lastmod: None
        }
    );
}

#[test]
fn reads_a_sitemap_index() {
    let xml = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://x.org/a.xml</loc><lastmod>2024-05-01T10:00:00+00:00</lastmod></sitemap>
        <sitemap><loc>https://x.org/b.xml.gz</loc></sitemap></sitemapindex>"#;
    let Sitemap::Index(entries) = parse(xml).unwrap() else {
        panic!("not an index")
    };
    assert_eq!(
        entries.iter().map(|e| e.loc.as_str()).collect::<Vec<_>>(),
        ["https://x.org/a.xml", "https://x.org/b.xml.gz"]
    );
    assert_eq!(entries[0].lastmod, Some(MAY_FIRST + 10 * 3600));
}

#[test]
fn reads_gzipped_sitemaps() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"<urlset><url><loc>https://x.org/p</loc></url></urlset>")
        .unwrap();
    assert_eq!(urls(&gz.finish().unwrap())[0].loc, "https://x.org/p");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"https://x.org/text\n").unwrap();
    assert_eq!(urls(&gz.finish().unwrap())[0].loc, "https://x.org/text");
}

#[test]
fn reads_a_text_sitemap_one_url_a_line() {
    let text = b"\xEF\xBB\xBFhttps://www.portland.gov/parks\r\n\nhttps://www.portland.gov/water \n# not a URL\nftp://x.org/f\n";
    let entries = urls(text);
    assert_eq!(
        entries.iter().map(|e| e.loc.as_str()).collect::<Vec<_>>(),
        [
            "https://www.portland.gov/parks",
            "https://www.portland.gov/water"
        ]
    );
    assert!(matches!(
        parse(b"Sorry, this page is not available."),
        Err(SitemapError::NotASitemap(_))
    ));
}

#[test]
fn reads_an_rss_feed_item_links_and_pub_dates() {
    let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel>
        <title>News</title><link>https://www.portland.gov/news</link>
        <item><title>Leaf day</title><link>https://www.portland.gov/news/leaf-day</link>
              <pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate></item>
        <item><title>No link</title><guid>x</guid></item>
        <item><link>https://www.portland.gov/news/street-fair</link><pubDate>Wed, 01 May 2024 03:00:00 -0700</pubDate></item>
        </channel></rss>"#;
    let entries = urls(rss);
    assert_eq!(
        entries,
        [
            Entry {
                loc: "https://www.portland.gov/news/leaf-day".into(),
                lastmod: Some(MAY_FIRST + 10 * 3600)
            },
            Entry {
                loc: "https://www.portland.gov/news/street-fair".into(),
                lastmod: Some(MAY_FIRST + 10 * 3600)
            }
        ],
        "the channel's own link is not a page of the feed"
    );
}

#[test]
fn reads_an_atom_feed_entry_links_and_updated() {
    let atom = br#"<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Alerts</title>
          <link href="https://www.portland.gov/alerts" rel="self"/>
          <entry><title>Boil water</title>
            <link rel="edit" href="https://www.portland.gov/edit/1"/>
            <link href="https://www.portland.gov/alerts/boil-water"/>
            <updated>2024-05-01T10:00:00Z</updated></entry>
          <entry><link rel="alternate" type="text/html" href="/alerts/relative"></link>
            <updated>2024-05-01</updated></entry>
        </feed>"#;
    let entries = urls(atom);
    assert_eq!(
        entries,
        [
            Entry {
                loc: "https://www.portland.gov/alerts/boil-water".into(),
                lastmod: Some(MAY_FIRST + 10 * 3600)
            },
            Entry {
                loc: "/alerts/relative".into(),
                lastmod: Some(MAY_FIRST + DAY - 1)
            }
        ]
    );
}

#[test]
fn refuses_html() {
    assert!(matches!(
        parse(b"<html><body>oops</body></html>"),
        Err(SitemapError::NotASitemap(_))
    ));
}

#[test]
fn a_lastmod_means_the_latest_moment_it_may_denote() {
    assert_eq!(parse_lastmod("2024-05-01"), Some(MAY_FIRST + DAY - 1));
    assert_eq!(
        parse_lastmod("2024-05-01T10:00Z"),
        Some(MAY_FIRST + 10 * 3600)
    );
    assert_eq!(
        parse_lastmod("2024-05-01T12:00+02:00"),
        Some(MAY_FIRST + 10 * 3600)
    );
    assert_eq!(
        parse_lastmod("2024-05-01T10:00:00.5Z"),
        Some(MAY_FIRST + 10 * 3600)
    );
    assert_eq!(parse_lastmod("2024-04"), Some(MAY_FIRST - 1));
    assert_eq!(parse_lastmod("2023"), Some(1_704_067_200 - 1));
    assert_eq!(parse_lastmod("2024-12"), Some(1_735_689_600 - 1));
    assert_eq!(parse_lastmod("yesterday"), None);
    assert_eq!(parse_lastmod("2024-05-01 garbage"), None);
}
