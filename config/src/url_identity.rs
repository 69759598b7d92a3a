//! URL identity: the one rule for which spelling of a URL is requested, and when two spellings
//! name the same page. The crawler, the indexer and the search engine all use it, so a crawled
//! page, an article's action URL and a lookup agree on what "the same URL" means.
//!
//! Two forms, both built on the `url` crate's WHATWG parsing (scheme and host lowercased, default
//! port dropped, dot segments resolved: RFC 3986 §6.2.2.1, §6.2.2.3 and §6.2.3):
//!
//! - the **request form** ([`request_form`], [`resolve`], [`parse_request`]) is the link as
//!   written, made safe to send: no fragment, no click-tracking parameters, percent-escapes in
//!   one spelling (hex uppercased, unreserved characters decoded: RFC 3986 §6.2.2.2), no trailing
//!   dot in the host. The query keeps its order, so robots.txt rules such as
//!   `Disallow: /calendar?view=month` match the URL the site linked, and the site receives what
//!   it wrote.
//! - the **key** ([`UrlKey`]) is the request form with the query's parameters sorted and repeated
//!   ones dropped: `?b=2&a=1` and `?a=1&b=2&a=1` are one page. It decides what was already
//!   seen, and it is the key a page is stored and indexed under.
//!
//! Paths keep their case (`/Parks` and `/parks` may be different pages) and their trailing slash;
//! [`UrlKey::loose`] drops the slash for lookups that must not care.
//!
//! ```
//! use config::url_identity::{UrlKey, parse_request};
//! let link = "HTTP://WWW.Portland.GOV:80/calendar?view=month&date=2026-11&utm_source=news#top";
//! let request = parse_request(link).unwrap();
//! assert_eq!(request.as_str(), "http://www.portland.gov/calendar?view=month&date=2026-11");
//! let key = UrlKey::from_url(&request).unwrap();
//! assert_eq!(key.as_str(), "http://www.portland.gov/calendar?date=2026-11&view=month");
//! ```

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode_str;
use url::Url;

/// Query parameters that only say where a click came from; `utm_*` is matched as a prefix.
/// Collected from the analytics and advertising products that append them (Google Analytics and
/// Ads, Meta, Microsoft Ads, Yandex, Twitter/X, Instagram, Mailchimp, HubSpot, Marketo, LinkedIn,
/// Adobe Analytics).
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "li_fat_id",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "ref_src",
];

/// The request form of an absolute URL (see the module docs), or `None` when it is not an
/// `http`/`https` URL with a host.
pub fn request_form(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut url = url.clone();
    url.set_fragment(None);
    if let Cow::Owned(path) = canonical_escapes(url.path()) {
        url.set_path(&path);
    }
    let query = url.query().map(|q| query_pairs(q).join("&"));
    url.set_query(query.as_deref().filter(|q| !q.is_empty()));
    if let Some(host) = url.host_str().filter(|h| h.len() > 1 && h.ends_with('.')) {
        let host = host.trim_end_matches('.').to_owned();
        url.set_host(Some(&host)).ok()?;
    }
    Some(url)
}

/// Resolves `href` (as written in a page, a sitemap or a `Location` header) against `base`, in
/// request form. `None` for what is never requested: `mailto:`, `javascript:`, `tel:`, `data:`,
/// anything else that is not http(s), and empty or unparsable references.
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    request_form(&base.join(href).ok()?)
}

/// Parses an absolute URL string into request form (`None` as for [`request_form`], or when it
/// does not parse).
pub fn parse_request(url: &str) -> Option<Url> {
    request_form(&Url::parse(url.trim()).ok()?)
}

/// Whether a query parameter name (as decoded) only tracks where a click came from.
pub fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

/// The identity of a page: the request form with the query's parameters sorted and repeated
/// ones dropped (see the module docs). Two links name the same page exactly when their keys are
/// equal. Displayed and stored as the URL string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UrlKey(String);

impl UrlKey {
    /// The key of an absolute URL, or `None` when it is not an `http`/`https` URL with a host.
    pub fn from_url(url: &Url) -> Option<UrlKey> {
        let mut url = request_form(url)?;
        if let Some(query) = url.query() {
            let mut pairs = query_pairs(query);
            pairs.sort_unstable();
            pairs.dedup();
            let sorted = pairs.join("&");
            url.set_query(Some(&sorted));
        }
        Some(UrlKey(url.into()))
    }

    /// The key of an absolute URL string; `None` when it does not parse or is not http(s).
    pub fn parse(url: &str) -> Option<UrlKey> {
        UrlKey::from_url(&Url::parse(url.trim()).ok()?)
    }

    /// The key as a URL string (`http://www.portland.gov/parks?a=1&b=2`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned URL string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The key without the path's trailing slash (`/parks/` and `/parks` give the same string;
    /// the root keeps its `/`), for lookups that must match a page whichever of the two spellings
    /// a link used.
    pub fn loose(&self) -> String {
        let (before_query, query) = match self.0.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (self.0.as_str(), None),
        };
        let authority_end = before_query
            .find("://")
            .and_then(|s| before_query[s + 3..].find('/').map(|p| s + 3 + p))
            .unwrap_or(before_query.len());
        let trimmed = match before_query.strip_suffix('/') {
            Some(t) if t.len() > authority_end => t,
            _ => before_query,
        };
        match query {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed.to_owned(),
        }
    }
}

impl fmt::Display for UrlKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UrlKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The parameters of a query, in order: empty ones and trackers dropped, escapes canonical.
fn query_pairs(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            let decoded = url::form_urlencoded::parse(name.as_bytes())
                .next()
                .map(|(name, _)| name.into_owned())
                .unwrap_or_default();
            !is_tracking_param(&decoded)
        })
        .map(|pair| canonical_escapes(pair).into_owned())
        .collect()
}

/// RFC 3986 §2.3 unreserved characters: their escapes are decoded (`%7E` is `~`).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-escapes in one spelling (RFC 3986 §6.2.2.2): escapes of unreserved characters
/// decoded, every other escape with uppercase hex digits. A `%` not followed by two hex digits is
/// left as it is. Borrowed when nothing changes.
pub fn canonical_escapes(s: &str) -> Cow<'_, str> {
    canonical_escapes_keeping(s, &[])
}

/// [`canonical_escapes`], also decoding the escapes of the ASCII characters in `decode_too`
/// (robots.txt matching decodes `%2A` and `%24` to `*` and `$`: RFC 9309 §2.2.3).
pub fn canonical_escapes_keeping<'a>(s: &'a str, decode_too: &[u8]) -> Cow<'a, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest
            .get(at..at + 3)
            .filter(|e| e.bytes().skip(1).all(|b| b.is_ascii_hexdigit()));
        let Some(escape) = escape else {
            out.push('%');
            rest = &rest[at + 1..];
            continue;
        };
        match percent_decode_str(escape).next() {
            Some(b) if is_unreserved(b) || decode_too.contains(&b) => out.push(char::from(b)),
            _ => out.push_str(&escape.to_ascii_uppercase()),
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(s: &str) -> String {
        parse_request(s).map_or_else(|| "<none>".into(), String::from)
    }

    fn key(s: &str) -> String {
        UrlKey::parse(s).map_or_else(|| "<none>".into(), UrlKey::into_string)
    }

    #[test]
    fn lowercases_scheme_and_host_but_keeps_path_case() {
        assert_eq!(
            request("HTTP://WWW.Portland.GOV/Parks/Trees"),
            "http://www.portland.gov/Parks/Trees"
        );
    }

    #[test]
    fn drops_default_ports_and_keeps_others() {
        assert_eq!(request("http://example.org:80/a"), "http://example.org/a");
        assert_eq!(
            request("https://example.org:443/a"),
            "https://example.org/a"
        );
        assert_eq!(
            request("http://127.0.0.1:8101/a"),
            "http://127.0.0.1:8101/a"
        );
    }

    #[test]
    fn resolves_dot_segments_and_relative_links() {
        assert_eq!(
            request("http://example.org/a/./b/../c"),
            "http://example.org/a/c"
        );
        let base = Url::parse("http://example.org/parks/trees/").unwrap();
        assert_eq!(
            resolve(&base, "../water").unwrap().as_str(),
            "http://example.org/parks/water"
        );
        assert_eq!(
            resolve(&base, "  /x  ").unwrap().as_str(),
            "http://example.org/x"
        );
    }

    #[test]
    fn the_request_keeps_the_query_order_and_the_key_sorts_it() {
        let link = "http://example.org/calendar?view=month&date=2026-11";
        assert_eq!(request(link), link);
        assert_eq!(
            key(link),
            "http://example.org/calendar?date=2026-11&view=month"
        );
        assert_eq!(
            key("http://example.org/calendar?date=2026-11&view=month&date=2026-11"),
            key(link),
            "a repeated parameter is the same page"
        );
        assert_eq!(
            request("http://example.org/p?b=2&&a=1&"),
            "http://example.org/p?b=2&a=1",
            "empty parameters are dropped"
        );
    }

    #[test]
    fn strips_tracking_parameters_from_both_forms() {
        let link =
            "http://example.org/p?b=2&utm_source=news&a=1&fbclid=xyz&UTM_Medium=email&gclid=1";
        assert_eq!(request(link), "http://example.org/p?b=2&a=1");
        assert_eq!(key(link), "http://example.org/p?a=1&b=2");
        assert_eq!(
            request("http://example.org/p?utm_campaign=x"),
            "http://example.org/p"
        );
        assert_eq!(
            request("http://example.org/p?%75tm_source=x&q=1"),
            "http://example.org/p?q=1"
        );
        assert_eq!(request("http://example.org/p?"), "http://example.org/p");
    }

    #[test]
    fn drops_the_fragment() {
        assert_eq!(
            request("http://example.org/p?x=1#section-2"),
            "http://example.org/p?x=1"
        );
    }

    #[test]
    fn writes_percent_escapes_one_way() {
        assert_eq!(
            request("http://example.org/%7euser/a%2fb"),
            "http://example.org/~user/a%2Fb"
        );
        assert_eq!(
            request("http://example.org/caf%c3%a9"),
            "http://example.org/caf%C3%A9"
        );
        assert_eq!(
            request("http://example.org/café"),
            "http://example.org/caf%C3%A9"
        );
        assert_eq!(
            request("http://example.org/s?q=a%2bb&x=%41"),
            "http://example.org/s?q=a%2Bb&x=A"
        );
        assert_eq!(canonical_escapes("/100%/done%2"), "/100%/done%2");
        assert_eq!(canonical_escapes_keeping("/a%2a%24%2f", b"*$"), "/a*$%2F");
    }

    #[test]
    fn refuses_what_is_never_requested() {
        let base = Url::parse("http://example.org/a/b").unwrap();
        for href in [
            "mailto:311@portlandoregon.gov",
            "javascript:void(0)",
            "tel:+1-503-823-4000",
            "data:text/plain,x",
            "ftp://x.org/f",
            "",
        ] {
            assert!(resolve(&base, href).is_none(), "{href}");
        }
        assert_eq!(
            resolve(&base, "c#top").unwrap().as_str(),
            "http://example.org/a/c"
        );
        assert!(UrlKey::parse("not a url").is_none());
    }

    #[test]
    fn trims_a_trailing_dot_in_the_host() {
        assert_eq!(request("http://example.org./a"), "http://example.org/a");
    }

    #[test]
    fn the_loose_key_ignores_the_trailing_slash_but_not_the_root() {
        let loose = |s: &str| UrlKey::parse(s).unwrap().loose();
        assert_eq!(
            loose("http://example.org/parks/"),
            "http://example.org/parks"
        );
        assert_eq!(
            loose("http://example.org/parks"),
            "http://example.org/parks"
        );
        assert_eq!(loose("http://example.org/"), "http://example.org/");
        assert_eq!(
            loose("http://example.org/a/?b=1"),
            "http://example.org/a?b=1"
        );
    }
}
