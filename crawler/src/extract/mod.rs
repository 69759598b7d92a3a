//! What a page says: title, main content without the site's chrome, headings with the text under
//! them, description, language, canonical URL, robots directives, publication date and links.
//!
//! ```
//! use crawler::extract::{extract, Options};
//! let url = url::Url::parse("https://www.portland.gov/water/pay").unwrap();
//! let html = r#"<html lang="en"><head><title>Pay your bill</title></head><body>
//!   <nav><a href="/">Home</a></nav>
//!   <main><h1 id="pay">Pay your water bill</h1><p>Online or by phone.</p></main></body></html>"#;
//! let page = extract(html, &url, &Options::default());
//! assert_eq!(page.title, "Pay your bill");
//! assert_eq!(page.text, "Pay your water bill\nOnline or by phone.");
//! assert_eq!(page.sections[0].anchor.as_deref(), Some("pay"));
//! assert_eq!(page.outlinks[0].as_str(), "https://www.portland.gov/");
//! ```

mod content;
mod meta;
pub mod refresh;

use config::Lang;
use pagestore::PageSection;
use scraper::Html;
use url::Url;

pub use meta::{robots_directives, x_robots_tag};
pub use refresh::Refresh;

use crate::charset::{self, Confidence};
use crate::lang::Declared;

/// What the page is fetched with, besides its body.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options<'a> {
    /// The site's CSS selector for its main content, tried first.
    pub content_selector: Option<&'a str>,
    /// Our robots product token, for `<meta name="firststop">` and `X-Robots-Tag: firststop: …`.
    pub robots_token: &'a str,
    /// The `Content-Language` header.
    pub content_language: Option<&'a str>,
    /// Every `X-Robots-Tag` header value.
    pub x_robots_tags: &'a [String],
    /// The `Refresh` header.
    pub refresh: Option<&'a str>,
}

/// The extracted page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// `<title>` (or `og:title`, or the first `<h1>`), whitespace collapsed.
    pub title: String,
    /// `<meta name=description>` (or `og:description`).
    pub description: String,
    /// Main content as text, one block per line.
    pub text: String,
    /// Headings h1–h4 of the main content, each with the text under it.
    pub sections: Vec<PageSection>,
    /// The page's city language: declared, else detected from the text.
    pub lang: Option<Lang>,
    /// `<link rel=canonical>`, only when on the page's own origin, in request form.
    pub canonical: Option<Url>,
    /// `noindex` for us in `<meta name=robots>` (or our token) or `X-Robots-Tag`.
    pub noindex: bool,
    /// `nofollow` (or `none`) for us, likewise: no link of the page is followed.
    pub nofollow: bool,
    /// A `Refresh` header, else the first `<meta http-equiv=refresh>`.
    pub refresh: Option<Refresh>,
    /// `YYYY-MM-DD` the page states it was published (or, failing that, modified).
    pub published: Option<String>,
    /// Links to follow, normalized, in page order, without duplicates; `rel=nofollow` links left out.
    pub outlinks: Vec<Url>,
    /// Stable hash of title, text and description: equal hash, unchanged page.
    pub content_hash: String,
    /// The character encoding the body was decoded with (`UTF-8`, `windows-1251`).
    pub encoding: &'static str,
}

/// Decodes and extracts an HTML body fetched from `url` (the final URL, after redirects), with
/// its `Content-Type` header. The encoding is sniffed as the HTML Standard says; when it was
/// only tentative and the page's first `<meta>` declaration names another, the body is decoded
/// again with that one ([`charset`]).
pub fn extract_body(
    body: &[u8],
    content_type: Option<&str>,
    url: &Url,
    options: &Options<'_>,
) -> Extracted {
    let decoded = charset::decode_html(body, content_type);
    let mut sniffed = decoded.sniffed;
    let mut doc = Html::parse_document(&decoded.text);
    if sniffed.confidence == Confidence::Tentative
        && let Some(declared) = charset::declared_in_tree(&doc)
        && let Some(changed) = charset::change_the_encoding(sniffed.encoding, declared)
    {
        sniffed.encoding = changed;
        sniffed.confidence = Confidence::Certain;
        sniffed.source = charset::Source::Document;
        doc = Html::parse_document(&charset::decode_with(body, sniffed).text);
    }
    let mut extracted = extract_document(&doc, url, options);
    extracted.encoding = sniffed.encoding.name();
    extracted
}

/// Extracts a page already decoded to text, fetched from `url` (the final URL, after redirects).
pub fn extract(html: &str, url: &Url, options: &Options<'_>) -> Extracted {
    extract_document(&Html::parse_document(html), url, options)
}

fn extract_document(doc: &Html, url: &Url, options: &Options<'_>) -> Extracted {
    let base = meta::base_url(doc, url);
    let head = meta::read(doc, url, &base, options.robots_token);
    let root = content::main_root(doc, options.content_selector);
    let body = content::text_and_sections(root.element, root.semantic);
    let title = if head.title.is_empty() {
        body.sections
            .iter()
            .find(|s| s.level == 1)
            .map(|s| s.heading.clone())
            .unwrap_or_default()
    } else {
        head.title
    };
    let published = meta::published(doc, root.element);
    let refresh = options
        .refresh
        .and_then(|value| refresh::parse(value, &base))
        .or(head.refresh);
    let (header_noindex, header_nofollow) =
        x_robots_tag(options.x_robots_tags, options.robots_token);
    let declared = Declared {
        html_lang: head.html_lang.as_deref(),
        content_language: options.content_language,
        self_hreflang: head.self_hreflang.as_deref(),
    };
    let lang = crate::lang::detect(declared, &body.text);
    let content_hash = content_hash(&title, &body.text, &head.description);
    Extracted {
        title,
        description: head.description,
        text: body.text,
        sections: body.sections,
        lang,
        canonical: head.canonical,
        noindex: head.noindex || header_noindex,
        nofollow: head.nofollow || header_nofollow,
        refresh,
        published,
        outlinks: head.links,
        content_hash,
        encoding: "UTF-8",
    }
}

/// The content hash of a page's title, text and description (xxh3-128, hex).
pub fn content_hash(title: &str, text: &str, description: &str) -> String {
    let mut bytes = Vec::with_capacity(title.len() + text.len() + description.len() + 2);
    for (i, part) in [title, text, description].into_iter().enumerate() {
        if i > 0 {
            bytes.push(0);
        }
        bytes.extend_from_slice(part.as_bytes());
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes))
}

#[cfg(test)]
mod tests;
