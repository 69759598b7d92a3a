//! What a page says about itself outside its text: title, description, language, canonical URL,
//! robots directives, publication date, and the links it makes.

use std::collections::HashSet;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::content::collapse;
use super::refresh::{self, Refresh};
use config::url_identity::resolve;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static HTML: LazyLock<Selector> = LazyLock::new(|| sel("html"));
static BASE: LazyLock<Selector> = LazyLock::new(|| sel("base[href]"));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta"));
static LINK: LazyLock<Selector> = LazyLock::new(|| sel("link[rel][href]"));
static ANCHORS: LazyLock<Selector> = LazyLock::new(|| sel("a[href], area[href]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime], [itemprop=datePublished]"));

/// The head of a page, and its links.
#[derive(Debug, Default)]
pub struct Head {
    pub title: String,
    pub description: String,
    pub html_lang: Option<String>,
    pub self_hreflang: Option<String>,
    pub canonical: Option<Url>,
    pub noindex: bool,
    pub nofollow: bool,
    /// The first `<meta http-equiv=refresh>` that parses.
    pub refresh: Option<Refresh>,
    pub links: Vec<Url>,
}

/// `<base href>` resolved against the page URL, else the page URL.
pub fn base_url(doc: &Html, url: &Url) -> Url {
    doc.select(&BASE)
        .next()
        .and_then(|b| url.join(b.value().attr("href")?.trim()).ok())
        .filter(|b| matches!(b.scheme(), "http" | "https"))
        .unwrap_or_else(|| url.clone())
}

fn meta_content<'a>(doc: &'a Html, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        doc.select(&META).find_map(|m| {
            let e = m.value();
            let name = e
                .attr("name")
                .or_else(|| e.attr("property"))
                .or_else(|| e.attr("itemprop"))?;
            name.trim()
                .eq_ignore_ascii_case(key)
                .then(|| e.attr("content"))
                .flatten()
                .filter(|c| !c.trim().is_empty())
        })
    })
}

fn rel_has(el: &ElementRef<'_>, token: &str) -> bool {
    el.value().attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

pub fn read(doc: &Html, url: &Url, base: &Url, robots_token: &str) -> Head {
    let mut head = Head {
        title: doc
            .select(&TITLE)
            .next()
            .map(|t| collapse(&t.text().collect::<String>()))
            .unwrap_or_default(),
        description: meta_content(doc, &["description", "og:description"])
            .map(collapse)
            .unwrap_or_default(),
        html_lang: doc
            .select(&HTML)
            .next()
            .and_then(|h| {
                h.value()
                    .attr("lang")
                    .or_else(|| h.value().attr("xml:lang"))
            })
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty()),
        ..Head::default()
    };
    if head.title.is_empty() {
        head.title = meta_content(doc, &["og:title"])
            .map(collapse)
            .unwrap_or_default();
    }
    for m in doc.select(&META) {
        let e = m.value();
        if head.refresh.is_none()
            && e.attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"))
        {
            head.refresh = e.attr("content").and_then(|c| refresh::parse(c, base));
        }
        let Some(name) = e.attr("name") else { continue };
        let name = name.trim().to_ascii_lowercase();
        if name == "robots" || (!robots_token.is_empty() && name == robots_token) {
            let (noindex, nofollow) = robots_directives(e.attr("content").unwrap_or_default());
            head.noindex |= noindex;
            head.nofollow |= nofollow;
        }
    }
    let mut seen = HashSet::new();
    let mut push = |links: &mut Vec<Url>, href: &str| {
        if let Some(link) = resolve(base, href)
            && seen.insert(link.as_str().to_owned())
        {
            links.push(link);
        }
    };
    for link in doc.select(&LINK) {
        let href = link.value().attr("href").unwrap_or_default();
        if rel_has(&link, "canonical") && head.canonical.is_none() {
            head.canonical = resolve(base, href).filter(|c| config::same_origin(c, url));
        }
        if rel_has(&link, "alternate")
            && let Some(lang) = link.value().attr("hreflang")
        {
            if resolve(base, href).is_some_and(|alt| alt.as_str() == url.as_str())
                && head.self_hreflang.is_none()
            {
                head.self_hreflang = Some(lang.trim().to_owned());
            }
            push(&mut head.links, href);
        }
    }
    for a in doc.select(&ANCHORS) {
        if !rel_has(&a, "nofollow") {
            push(&mut head.links, a.value().attr("href").unwrap_or_default());
        }
    }
    head
}

/// `(noindex, nofollow)` of a robots directive list such as `noindex, nofollow` or `none`
/// (directives are case-insensitive; unknown ones are ignored).
pub fn robots_directives(content: &str) -> (bool, bool) {
    let mut out = (false, false);
    for d in content.split(',').map(|d| d.trim().to_ascii_lowercase()) {
        match d.as_str() {
            "noindex" => out.0 = true,
            "nofollow" => out.1 = true,
            "none" => out = (true, true),
            _ => {}
        }
    }
    out
}

/// Directives that take a value after a colon: `name: value` is one of these, not an agent.
const DIRECTIVES_WITH_VALUE: &[&str] = &[
    "unavailable_after",
    "max-snippet",
    "max-image-preview",
    "max-video-preview",
];

/// `(noindex, nofollow)` for `robots_token` from `X-Robots-Tag` header values. Each value is a
/// comma-separated list of directives; `agent: directives` gives the directives after it, up to
/// the next agent, to that agent alone, and directives before any agent apply to all, so
/// `otherbot: nofollow, ourbot: noindex` is `noindex` for `ourbot` (Google's documentation of
/// the header: "Using the X-Robots-Tag HTTP header").
pub fn x_robots_tag(values: &[String], robots_token: &str) -> (bool, bool) {
    let mut out = (false, false);
    for value in values {
        let mut ours = true;
        for part in value.split(',') {
            let mut directive = part.trim();
            if let Some((agent, rest)) = directive.split_once(':') {
                let agent = agent.trim().to_ascii_lowercase();
                let is_agent = !agent.is_empty()
                    && agent
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    && !DIRECTIVES_WITH_VALUE.contains(&agent.as_str());
                if is_agent {
                    ours = agent == robots_token;
                    directive = rest.trim();
                }
            }
            if ours {
                let (noindex, nofollow) = robots_directives(directive);
                out.0 |= noindex;
                out.1 |= nofollow;
            }
        }
    }
    out
}

/// The date the page states: published if it says so, else modified; `YYYY-MM-DD`.
pub fn published(doc: &Html, root: ElementRef<'_>) -> Option<String> {
    let published = [
        "article:published_time",
        "datePublished",
        "dcterms.issued",
        "dcterms.date",
        "dc.date.issued",
        "dc.date",
        "date",
        "pubdate",
        "publish-date",
        "publication_date",
    ];
    let modified = [
        "article:modified_time",
        "dateModified",
        "dcterms.modified",
        "last-modified",
    ];
    meta_content(doc, &published)
        .and_then(iso_date)
        .or_else(|| {
            root.select(&TIME).find_map(|t| {
                t.value()
                    .attr("datetime")
                    .or_else(|| t.value().attr("content"))
                    .and_then(iso_date)
            })
        })
        .or_else(|| meta_content(doc, &modified).and_then(iso_date))
}

/// The leading `YYYY-MM-DD` of a date or datetime, when it is a real calendar date.
fn iso_date(s: &str) -> Option<String> {
    const DAY: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(s.trim().get(..10)?, DAY).ok()?;
    date.format(DAY).ok()
}
