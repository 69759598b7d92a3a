//! Bytes to text as the HTML Standard decodes a page (§13.2.3, "determining the character
//! encoding"), with `encoding_rs` for the WHATWG Encoding Standard's encodings and labels.
//!
//! [`sniff`] runs the encoding sniffing algorithm: a byte order mark, then the `Content-Type`
//! charset (both *certain*), then the prescan of the first [`PRESCAN_BYTES`] for a `<meta>`
//! declaration (*tentative*), then a guess from the bytes with `chardetng`, Firefox's detector
//! (*tentative*). A tentative encoding can still be changed by the first `<meta>` declaration
//! the tree builder meets, however far into the page it is ([`declared_in_tree`] and
//! [`change_the_encoding`]): that is how a browser reads a declaration after a long comment.
//! [`prescan`] is the standard's algorithm step by step, so a declaration inside a comment, or
//! one the algorithm rejects, is not taken.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};
use scraper::{ElementRef, Html, Selector};

/// How far the prescan reads: the first 1,024 bytes, as the HTML Standard advises.
pub const PRESCAN_BYTES: usize = 1024;

/// How sure the sniffing algorithm is of an encoding (HTML Standard §13.2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// From a byte order mark or the `Content-Type` header: nothing in the page changes it.
    Certain,
    /// From the prescan or a guess: a `<meta>` met while parsing may still change it.
    Tentative,
}

/// Where an encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A UTF-8 or UTF-16 byte order mark.
    ByteOrderMark,
    /// The `charset` parameter of the `Content-Type` header.
    Header,
    /// A `<meta>` declaration (or an XML declaration) found by the prescan.
    Prescan,
    /// A `<meta>` declaration the tree builder met after the prescan's reach.
    Document,
    /// No declaration: guessed from the bytes.
    Guess,
}

/// The result of sniffing: an encoding, how sure, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Whether a `<meta>` met while parsing may still change it.
    pub confidence: Confidence,
    /// Where it came from.
    pub source: Source,
}

/// The HTML Standard's encoding sniffing algorithm (§13.2.3.2) for a body fetched whole, with
/// the `Content-Type` header value when there was one.
pub fn sniff(body: &[u8], content_type: Option<&str>) -> Sniffed {
    let sniffed = |encoding, confidence, source| Sniffed {
        encoding,
        confidence,
        source,
    };
    if let Some((encoding, _)) = Encoding::for_bom(body) {
        return sniffed(encoding, Confidence::Certain, Source::ByteOrderMark);
    }
    if let Some(encoding) = content_type
        .and_then(charset_param)
        .and_then(get_an_encoding)
    {
        return sniffed(encoding, Confidence::Certain, Source::Header);
    }
    if let Some(encoding) = prescan(&body[..body.len().min(PRESCAN_BYTES)]) {
        return sniffed(encoding, Confidence::Tentative, Source::Prescan);
    }
    // ISO-2022-JP is not guessed, as browsers don't (its escapes hide markup); UTF-8 is, since
    // unlabelled UTF-8 is common and a crawler does not create the dependence browsers avoid.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(body, true);
    sniffed(
        detector.guess(None, chardetng::Utf8Detection::Allow),
        Confidence::Tentative,
        Source::Guess,
    )
}

/// An HTML body decoded: the text and how its encoding was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text; malformed sequences became U+FFFD rather than failing the page.
    pub text: String,
    /// The encoding used.
    pub sniffed: Sniffed,
}

/// Decodes an HTML body with the encoding [`sniff`] finds. A byte order mark is removed.
pub fn decode_html(body: &[u8], content_type: Option<&str>) -> Decoded {
    decode_with(body, sniff(body, content_type))
}

/// Decodes `body` with a sniffed encoding (a byte order mark still wins, as the Encoding
/// Standard's `decode` says).
pub fn decode_with(body: &[u8], sniffed: Sniffed) -> Decoded {
    let (text, _, _) = sniffed.encoding.decode(body);
    Decoded {
        text: text.into_owned(),
        sniffed,
    }
}

/// Text of a non-HTML document (sitemaps, feeds): byte order mark, then the header's charset,
/// then UTF-8.
pub fn decode_text(body: &[u8], content_type: Option<&str>) -> String {
    let encoding = content_type
        .and_then(charset_param)
        .and_then(get_an_encoding)
        .unwrap_or(UTF_8);
    encoding.decode(body).0.into_owned()
}

/// The Encoding Standard's "get an encoding": a label, trimmed and case-insensitive, to its
/// encoding; `None` for an unknown label.
fn get_an_encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.as_bytes())
}

/// `charset=...` in a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The encoding a parsed page's first `<meta charset>` or `<meta http-equiv=content-type
/// content="...charset=...">` declares, in tree order, as the tree builder would act on it (HTML
/// Standard §13.2.6.4.4, "in head", a `meta` start tag). Declarations inside `<template>` and in
/// SVG or MathML are not seen by that rule and are skipped.
pub fn declared_in_tree(doc: &Html) -> Option<&'static Encoding> {
    static META: std::sync::LazyLock<Selector> =
        std::sync::LazyLock::new(|| Selector::parse("meta").expect("valid selector"));
    doc.select(&META)
        .filter(|meta| &*meta.value().name.ns == HTML_NAMESPACE && !in_template(meta))
        .find_map(|meta| {
            let e = meta.value();
            if let Some(charset) = e.attr("charset") {
                return get_an_encoding(charset);
            }
            let pragma = e
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
            if pragma {
                return e
                    .attr("content")
                    .and_then(|c| extract_from_meta_content(c.as_bytes()));
            }
            None
        })
}

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

fn in_template(el: &ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "template")
}

/// The HTML Standard's "change the encoding" (§13.2.3.4), for a page decoded with `current` at
/// tentative confidence that declares `declared`: the encoding to decode with instead, or `None`
/// to keep `current`.
pub fn change_the_encoding(
    current: &'static Encoding,
    declared: &'static Encoding,
) -> Option<&'static Encoding> {
    if current == UTF_16BE || current == UTF_16LE {
        return None;
    }
    let declared = utf16_and_user_defined_mapped(declared);
    (declared != current).then_some(declared)
}

/// UTF-16 declared in ASCII bytes cannot be true: UTF-8. `x-user-defined` is windows-1252.
fn utf16_and_user_defined_mapped(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16BE || encoding == UTF_16LE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

/// The HTML Standard's "prescan a byte stream to determine its encoding" (§13.2.3.2) over
/// `bytes`, reading nothing past them, and, when it finds nothing, "get an XML encoding". `None`
/// when neither finds an encoding (running out of bytes included).
///
/// ```
/// use crawler::charset::prescan;
/// assert_eq!(prescan(b"<meta charset=koi8-r>"), Some(encoding_rs::KOI8_R));
/// assert_eq!(prescan(b"<!-- <meta charset=koi8-r> -->"), None);
/// ```
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    Prescan { bytes, at: 0 }
        .run()
        .or_else(|| xml_encoding(bytes))
}

/// ASCII whitespace as the prescan knows it: TAB, LF, FF, CR, SPACE.
fn is_space(b: u8) -> bool {
    matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

/// The prescan's position in its bytes. Each step returns `None` when it runs out of bytes,
/// which ends the whole prescan.
struct Prescan<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// An attribute as "get an attribute" returns it: name and value lowercased.
struct Attribute {
    name: Vec<u8>,
    value: Vec<u8>,
}

impl Prescan<'_> {
    fn byte(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn rest(&self) -> &[u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }

    fn run(&mut self) -> Option<&'static Encoding> {
        if self
            .bytes
            .starts_with(&[0x3C, 0x00, 0x3F, 0x00, 0x78, 0x00])
        {
            return Some(UTF_16LE);
        }
        if self
            .bytes
            .starts_with(&[0x00, 0x3C, 0x00, 0x3F, 0x00, 0x78])
        {
            return Some(UTF_16BE);
        }
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if rest.starts_with(b"<!--") {
                // To the first `>` preceded by two `-`; those may be the ones of `<!--`.
                let end = rest[2..].windows(3).position(|w| w == b"-->")?;
                self.at += 2 + end + 2;
            } else if rest.len() >= 6
                && rest[0] == b'<'
                && rest[1..5].eq_ignore_ascii_case(b"meta")
                && (is_space(rest[5]) || rest[5] == b'/')
            {
                self.at += 5;
                if let Some(found) = self.meta()? {
                    return Some(found);
                }
            } else if rest[0] == b'<'
                && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                    || (rest.get(1) == Some(&b'/')
                        && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
            {
                let skip = rest.iter().position(|&b| is_space(b) || b == b'>')?;
                self.at += skip;
                while self.attribute()?.is_some() {}
            } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?")
            {
                self.at += rest.iter().position(|&b| b == b'>')?;
            }
            self.at += 1;
        }
    }

    /// The attributes of a `<meta`, from just after its name: `Some(Some(encoding))` when it
    /// declares one the algorithm accepts, `Some(None)` to go on scanning.
    fn meta(&mut self) -> Option<Option<&'static Encoding>> {
        enum Charset {
            Null,
            Failure,
            Found(&'static Encoding),
        }
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut got_pragma = false;
        let mut need_pragma: Option<bool> = None;
        let mut charset = Charset::Null;
        while let Some(attribute) = self.attribute()? {
            if seen.contains(&attribute.name) {
                continue;
            }
            seen.push(attribute.name.clone());
            match attribute.name.as_slice() {
                b"http-equiv" => got_pragma |= attribute.value == b"content-type",
                b"content" => {
                    if matches!(charset, Charset::Null)
                        && let Some(found) = extract_from_meta_content(&attribute.value)
                    {
                        charset = Charset::Found(found);
                        need_pragma = Some(true);
                    }
                }
                b"charset" => {
                    charset = std::str::from_utf8(&attribute.value)
                        .ok()
                        .and_then(get_an_encoding)
                        .map_or(Charset::Failure, Charset::Found);
                    need_pragma = Some(false);
                }
                _ => {}
            }
        }
        // Processing: nothing declared, a `content` charset without the pragma, or an unknown
        // label all go on to the next byte.
        let Some(need_pragma) = need_pragma else {
            return Some(None);
        };
        if need_pragma && !got_pragma {
            return Some(None);
        }
        match charset {
            Charset::Found(encoding) => Some(Some(utf16_and_user_defined_mapped(encoding))),
            Charset::Null | Charset::Failure => Some(None),
        }
    }

    /// "Get an attribute": `Some(Some(attribute))`, `Some(None)` at a `>` (no more attributes),
    /// `None` when the bytes run out.
    fn attribute(&mut self) -> Option<Option<Attribute>> {
        while is_space(self.byte()?) || self.byte()? == b'/' {
            self.at += 1;
        }
        if self.byte()? == b'>' {
            return Some(None);
        }
        let mut name = Vec::new();
        let mut value = Vec::new();
        loop {
            match self.byte()? {
                b'=' if !name.is_empty() => {
                    self.at += 1;
                    break;
                }
                b if is_space(b) => {
                    while is_space(self.byte()?) {
                        self.at += 1;
                    }
                    if self.byte()? != b'=' {
                        return Some(Some(Attribute { name, value }));
                    }
                    self.at += 1;
                    break;
                }
                b'/' | b'>' => return Some(Some(Attribute { name, value })),
                b => name.push(b.to_ascii_lowercase()),
            }
            self.at += 1;
        }
        while is_space(self.byte()?) {
            self.at += 1;
        }
        match self.byte()? {
            quote @ (b'"' | b'\'') => loop {
                self.at += 1;
                match self.byte()? {
                    b if b == quote => {
                        self.at += 1;
                        return Some(Some(Attribute { name, value }));
                    }
                    b => value.push(b.to_ascii_lowercase()),
                }
            },
            b'>' => return Some(Some(Attribute { name, value })),
            b => {
                value.push(b.to_ascii_lowercase());
                self.at += 1;
            }
        }
        loop {
            match self.byte()? {
                b if is_space(b) || b == b'>' => return Some(Some(Attribute { name, value })),
                b => value.push(b.to_ascii_lowercase()),
            }
            self.at += 1;
        }
    }
}

/// The HTML Standard's "algorithm for extracting a character encoding from a meta element"
/// (§2.5.5) over a `content` attribute value.
pub fn extract_from_meta_content(content: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    loop {
        let found = content
            .get(at..)?
            .windows(7)
            .position(|w| w.eq_ignore_ascii_case(b"charset"))?;
        at += found + 7;
        while content.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        if content.get(at) == Some(&b'=') {
            at += 1;
            break;
        }
    }
    while content.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    let label = match *content.get(at)? {
        quote @ (b'"' | b'\'') => {
            let rest = &content[at + 1..];
            &rest[..rest.iter().position(|&b| b == quote)?]
        }
        _ => {
            let rest = &content[at..];
            let end = rest
                .iter()
                .position(|&b| is_space(b) || b == b';')
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    get_an_encoding(std::str::from_utf8(label).ok()?)
}

/// The HTML Standard's "get an XML encoding" (§13.2.3.2): the `encoding` of an XML declaration
/// at the very start of `bytes`, UTF-16 read as UTF-8.
fn xml_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let declaration = &bytes[..bytes.iter().position(|&b| b == b'>')?];
    let mut at = declaration
        .windows(8)
        .position(|w| w.eq_ignore_ascii_case(b"encoding"))?
        + 8;
    let skip_controls = |at: &mut usize| {
        while declaration.get(*at).is_some_and(|&b| b <= 0x20) {
            *at += 1;
        }
    };
    skip_controls(&mut at);
    if declaration.get(at) != Some(&b'=') {
        return None;
    }
    at += 1;
    skip_controls(&mut at);
    let quote = *declaration.get(at).filter(|&&q| q == b'"' || q == b'\'')?;
    let rest = &declaration[at + 1..];
    let label = &rest[..rest.iter().position(|&b| b == quote)?];
    if label.iter().any(|&b| b <= 0x20) {
        return None;
    }
    let encoding = get_an_encoding(std::str::from_utf8(label).ok()?)?;
    Some(if encoding == UTF_16BE || encoding == UTF_16LE {
        UTF_8
    } else {
        encoding
    })
}

#[cfg(test)]
#[path = "charset_tests.rs"]
mod tests;
