//! Sitemaps (sitemaps.org 0.9): a `<urlset>` of page URLs or a `<sitemapindex>` of further
//! sitemaps, each entry with an optional `<lastmod>`; gzip-compressed files are accepted.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// The most a sitemap may hold, uncompressed (the protocol's 50 MB).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The `<loc>`, as written.
    pub loc: String,
    /// `<lastmod>` as unix seconds, when present and well-formed.
    pub lastmod: Option<i64>,
}

/// A parsed sitemap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// Page URLs.
    Urls(Vec<Entry>),
    /// Further sitemaps.
    Index(Vec<Entry>),
}

/// Why a sitemap could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    #[error("not a sitemap (root element <{0}>)")]
    NotASitemap(String),
    #[error("malformed XML: {0}")]
    Xml(#[from] quick_xml::Error),
    #[error("bad gzip: {0}")]
    Gzip(#[from] std::io::Error),
}

/// Parses a sitemap body, gunzipping it first when it starts with the gzip magic bytes.
pub fn parse(body: &[u8]) -> Result<Sitemap, SitemapError> {
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut xml = Vec::new();
        flate2::read::GzDecoder::new(body)
            .take(MAX_BYTES as u64)
            .read_to_end(&mut xml)?;
        return parse_xml(&xml);
    }
    parse_xml(body)
}

fn parse_xml(xml: &[u8]) -> Result<Sitemap, SitemapError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut root: Option<String> = None;
    let mut entries = Vec::new();
    let mut current: Option<Entry> = None;
    let mut field: Option<&'static str> = None;
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if root.is_none() {
                    if name != "urlset" && name != "sitemapindex" {
                        return Err(SitemapError::NotASitemap(name));
                    }
                    root = Some(name);
                    continue;
                }
                match name.as_str() {
                    "url" | "sitemap" => {
                        current = Some(Entry {
                            loc: String::new(),
                            lastmod: None,
                        })
                    }
                    "loc" => field = Some("loc"),
                    "lastmod" => field = Some("lastmod"),
                    _ => {}
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml_content().unwrap_or_default()),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    text.push(ch);
                } else if let Some(s) = r
                    .decode()
                    .ok()
                    .and_then(|name| resolve_predefined_entity(&name))
                {
                    text.push_str(s);
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                match (name.as_str(), current.as_mut(), field) {
                    ("loc", Some(entry), Some("loc")) => entry.loc = text.trim().to_owned(),
                    ("lastmod", Some(entry), Some("lastmod")) => {
                        entry.lastmod = parse_lastmod(text.trim())
                    }
                    ("url" | "sitemap", Some(_), _) => {
                        let entry = current.take().expect("checked above");
                        if !entry.loc.is_empty() {
                            entries.push(entry);
                        }
                    }
                    _ => {}
                }
                field = None;
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match root.as_deref() {
        Some("sitemapindex") => Ok(Sitemap::Index(entries)),
        Some(_) => Ok(Sitemap::Urls(entries)),
        None => Err(SitemapError::NotASitemap(String::new())),
    }
}

/// W3C datetime as sitemaps use it: `2024-05-01`, `2024-05-01T10:00Z`, `2024-05-01T10:00:30+02:00`.
pub fn parse_lastmod(s: &str) -> Option<i64> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    // Without seconds: insert them and try again.
    if let Some((date, rest)) = s.split_once('T')
        && rest.len() >= 5
        && rest
            .as_bytes()
            .get(5)
            .is_none_or(|b| !b.is_ascii_digit() && *b != b':')
    {
        let with_seconds = format!("{date}T{}:00{}", &rest[..5], &rest[5..]);
        if let Ok(t) = OffsetDateTime::parse(&with_seconds, &Rfc3339) {
            return Some(t.unix_timestamp());
        }
    }
    let mut parts = s.get(..10.min(s.len()))?.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u8 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    let date = Date::from_calendar_date(year, month.try_into().ok()?, day).ok()?;
    Some(
        PrimitiveDateTime::new(date, Time::MIDNIGHT)
            .assume_utc()
            .unix_timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_urlset_with_lastmod_and_entities() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://www.portland.gov/parks</loc><lastmod>2024-05-01</lastmod></url>
              <url><loc> https://www.portland.gov/search?a=1&amp;b=2 </loc></url>
              <url><loc><![CDATA[https://www.portland.gov/water]]></loc><lastmod>garbage</lastmod></url>
              <url><lastmod>2024-05-01</lastmod></url>
            </urlset>"#;
        let Sitemap::Urls(entries) = parse(xml).unwrap() else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].lastmod, Some(1_714_521_600));
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
        assert_eq!(entries[0].lastmod, Some(1_714_557_600));
    }

    #[test]
    fn reads_gzipped_sitemaps() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<urlset><url><loc>https://x.org/p</loc></url></urlset>")
            .unwrap();
        let Sitemap::Urls(entries) = parse(&gz.finish().unwrap()).unwrap() else {
            panic!()
        };
        assert_eq!(entries[0].loc, "https://x.org/p");
    }

    #[test]
    fn refuses_html() {
        assert!(matches!(
            parse(b"<html><body>oops</body></html>"),
            Err(SitemapError::NotASitemap(_))
        ));
    }

    #[test]
    fn parses_w3c_datetimes() {
        assert_eq!(parse_lastmod("2024-05-01"), Some(1_714_521_600));
        assert_eq!(parse_lastmod("2024-05-01T10:00Z"), Some(1_714_557_600));
        assert_eq!(parse_lastmod("2024-05-01T12:00+02:00"), Some(1_714_557_600));
        assert_eq!(parse_lastmod("2024-05-01T10:00:00.5Z"), Some(1_714_557_600));
        assert_eq!(parse_lastmod("2024-05"), Some(1_714_521_600));
        assert_eq!(parse_lastmod("yesterday"), None);
    }
}
