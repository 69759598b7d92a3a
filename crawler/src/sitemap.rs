//! Sitemaps in every format sitemaps.org describes: an XML `<urlset>` or `<sitemapindex>` (with
//! `<lastmod>`), a plain text file of URLs, and RSS 2.0 (or 1.0) and Atom 0.3/1.0 feeds, whose
//! item links are the URLs and whose `<pubDate>`/`<updated>` is the last modification. Any of
//! them may be gzip-compressed.
//!
//! `lastmod` orders work, it never replaces a conditional request: the crawl requests every
//! listed page, the recently modified ones first.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};
use time::macros::format_description;
use time::parsing::Parsed;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// The most a sitemap may hold, uncompressed (sitemaps.org: 50 MB).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// One page (or, in an index, one sitemap) a sitemap lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The URL, as written (absolute or relative to the sitemap).
    pub loc: String,
    /// The last modification as unix seconds, when given and well-formed: the latest moment the
    /// value may mean, so a date alone covers its whole day (`2026-11-30` is 23:59:59 UTC).
    pub lastmod: Option<i64>,
}

/// A parsed sitemap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// Page URLs (a `<urlset>`, a text file or a feed).
    Urls(Vec<Entry>),
    /// Further sitemaps (a `<sitemapindex>`).
    Index(Vec<Entry>),
}

/// Why a sitemap could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    /// XML whose root is none of `urlset`, `sitemapindex`, `rss`, `RDF` or `feed` (an HTML error
    /// page, say), or text without a single URL line.
    #[error("not a sitemap ({0})")]
    NotASitemap(String),
    /// XML that does not parse.
    #[error("malformed XML: {0}")]
    Xml(#[from] quick_xml::Error),
    /// A body starting with the gzip magic bytes that does not decompress.
    #[error("bad gzip: {0}")]
    Gzip(#[from] std::io::Error),
}

/// Parses a sitemap body, gunzipping it first when it starts with the gzip magic bytes.
///
/// # Errors
/// [`SitemapError`] when the body is none of the formats, or broken.
///
/// ```
/// use crawler::sitemap::{parse, Sitemap};
/// let text = b"https://www.portland.gov/parks\nhttps://www.portland.gov/water\n";
/// let Ok(Sitemap::Urls(entries)) = parse(text) else { panic!() };
/// assert_eq!(entries[1].loc, "https://www.portland.gov/water");
/// ```
pub fn parse(body: &[u8]) -> Result<Sitemap, SitemapError> {
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(body)
            .take(MAX_BYTES as u64)
            .read_to_end(&mut unpacked)?;
        return parse_plain(&unpacked);
    }
    parse_plain(body)
}

fn parse_plain(body: &[u8]) -> Result<Sitemap, SitemapError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'<') {
        parse_xml(body)
    } else {
        parse_text(body)
    }
}

/// A text sitemap: one absolute URL per line (sitemaps.org, "Text file"); other lines are skipped.
fn parse_text(body: &[u8]) -> Result<Sitemap, SitemapError> {
    let text = String::from_utf8_lossy(body);
    let entries: Vec<Entry> = text
        .lines()
        .map(str::trim)
        .filter(|line| url::Url::parse(line).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
        .map(|line| Entry {
            loc: line.to_owned(),
            lastmod: None,
        })
        .collect();
    if entries.is_empty() && !body.iter().all(u8::is_ascii_whitespace) {
        return Err(SitemapError::NotASitemap("text without URLs".to_owned()));
    }
    Ok(Sitemap::Urls(entries))
}

/// The formats an XML sitemap can have, by root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    UrlSet,
    Index,
    /// RSS 2.0 `<rss>` or RSS 1.0 `<rdf:RDF>`.
    Rss,
    Atom,
}

impl Kind {
    fn of_root(name: &str) -> Option<Kind> {
        Some(match name {
            "urlset" => Kind::UrlSet,
            "sitemapindex" => Kind::Index,
            "rss" | "rdf" => Kind::Rss,
            "feed" => Kind::Atom,
            _ => return None,
        })
    }

    /// The element that holds one entry.
    fn record(self, name: &str) -> bool {
        match self {
            Kind::UrlSet => name == "url",
            Kind::Index => name == "sitemap",
            Kind::Rss => name == "item",
            Kind::Atom => name == "entry",
        }
    }

    /// The element whose text is the URL (Atom's is an attribute: see [`atom_link`]).
    fn loc(self, name: &str) -> bool {
        match self {
            Kind::UrlSet | Kind::Index => name == "loc",
            Kind::Rss => name == "link",
            Kind::Atom => false,
        }
    }

    /// The element whose text is the last modification, and how it is written.
    fn lastmod(self, name: &str) -> Option<fn(&str) -> Option<i64>> {
        match (self, name) {
            (Kind::UrlSet | Kind::Index, "lastmod") => Some(parse_lastmod),
            (Kind::Rss, "pubdate") => Some(parse_rfc2822),
            (Kind::Rss, "date") => Some(parse_lastmod),
            (Kind::Atom, "updated" | "modified") => Some(parse_lastmod),
            _ => None,
        }
    }
}

/// The href of an Atom `<link>` that points at the entry itself (no `rel`, or `alternate`).
fn atom_link(e: &BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut alternate = true;
    for attr in e.attributes().flatten() {
        let value = attr.unescape_value().ok()?.into_owned();
        match attr.key.local_name().as_ref() {
            b"href" => href = Some(value),
            b"rel" => alternate = value.trim().eq_ignore_ascii_case("alternate"),
            _ => {}
        }
    }
    href.filter(|_| alternate)
}

fn local_name(e: &[u8]) -> String {
    String::from_utf8_lossy(e).to_ascii_lowercase()
}

fn parse_xml(xml: &[u8]) -> Result<Sitemap, SitemapError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut kind: Option<Kind> = None;
    let mut entries = Vec::new();
    let mut current: Option<Entry> = None;
    let mut field: Option<String> = None;
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => {
                let name = local_name(e.local_name().as_ref());
                let Some(kind) = kind else {
                    kind = Some(
                        Kind::of_root(&name)
                            .ok_or_else(|| SitemapError::NotASitemap(format!("<{name}>")))?,
                    );
                    continue;
                };
                if kind.record(&name) {
                    current = Some(Entry {
                        loc: String::new(),
                        lastmod: None,
                    });
                } else if kind == Kind::Atom && name == "link" {
                    take_atom_link(&mut current, &e);
                }
                field = Some(name);
                text.clear();
            }
            Event::Empty(e) if kind == Some(Kind::Atom) && e.local_name().as_ref() == b"link" => {
                take_atom_link(&mut current, &e);
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
                let name = local_name(e.local_name().as_ref());
                if let (Some(kind), Some(entry)) = (kind, current.as_mut()) {
                    if field.as_deref() == Some(name.as_str()) {
                        if kind.loc(&name) && entry.loc.is_empty() {
                            entry.loc = text.trim().to_owned();
                        } else if let Some(parse) = kind.lastmod(&name) {
                            entry.lastmod = entry.lastmod.or_else(|| parse(text.trim()));
                        }
                    }
                    if kind.record(&name) {
                        let entry = current.take().expect("checked above");
                        if !entry.loc.is_empty() {
                            entries.push(entry);
                        }
                    }
                }
                field = None;
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match kind {
        Some(Kind::Index) => Ok(Sitemap::Index(entries)),
        Some(_) => Ok(Sitemap::Urls(entries)),
        None => Err(SitemapError::NotASitemap("no root element".to_owned())),
    }
}

fn take_atom_link(current: &mut Option<Entry>, e: &BytesStart<'_>) {
    if let Some(entry) = current.as_mut().filter(|entry| entry.loc.is_empty())
        && let Some(href) = atom_link(e)
    {
        entry.loc = href.trim().to_owned();
    }
}

/// A W3C datetime as sitemaps and Atom write it (`2026`, `2026-11`, `2026-11-30`,
/// `2026-11-30T10:00Z`, `2026-11-30T10:00:30.5+02:00`) as unix seconds: the latest moment it
/// may mean, so a date alone is the last second of its day (a month, of its month).
pub fn parse_lastmod(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.contains('T') {
        return OffsetDateTime::parse(s, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(s, &Iso8601::DEFAULT))
            .ok()
            .map(OffsetDateTime::unix_timestamp);
    }
    let last_second = |date: Date| {
        PrimitiveDateTime::new(date, Time::MIDNIGHT)
            .assume_utc()
            .unix_timestamp()
            - 1
    };
    if let Ok(date) = Date::parse(s, format_description!("[year]-[month]-[day]")) {
        return Some(last_second(date.next_day()?));
    }
    let mut parsed = Parsed::new();
    let rest = parsed
        .parse_items(
            s.as_bytes(),
            format_description!("[year][optional [-[month]]]"),
        )
        .ok()?;
    if !rest.is_empty() {
        return None;
    }
    let year = parsed.year()?;
    let next = match parsed.month() {
        Some(Month::December) => Date::from_calendar_date(year + 1, Month::January, 1),
        Some(month) => Date::from_calendar_date(year, month.next(), 1),
        None => Date::from_calendar_date(year + 1, Month::January, 1),
    };
    Some(last_second(next.ok()?))
}

/// An RSS `<pubDate>` (RFC 822 as updated by RFC 2822: `Mon, 30 Nov 2026 10:00:00 -0800`).
fn parse_rfc2822(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s.trim(), &Rfc2822)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
        .or_else(|| {
            let at = httpdate::parse_http_date(s.trim()).ok()?;
            let secs = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
            i64::try_from(secs).ok()
        })
}

#[cfg(test)]
#[path = "sitemap_tests.rs"]
mod tests;
