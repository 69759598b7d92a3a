//! URL hygiene: one spelling per page, so the frontier never fetches the same page twice.
//!
//! The `url` crate already lowercases the scheme and host, drops default ports and resolves dot
//! segments (WHATWG parsing). On top of that we drop the fragment, strip tracking parameters, sort
//! the query, and normalize percent-escapes (uppercase hex; unreserved characters decoded). Paths
//! keep their case: `/Parks` and `/parks` may be different pages.

use url::Url;

/// Query parameters that only say where a click came from. `utm_*` is matched as a prefix.
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

/// The normalized form of an absolute URL, or `None` when it is not http(s).
pub fn normalize(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut url = url.clone();
    url.set_fragment(None);
    let path = normalize_escapes(url.path());
    if path != url.path() {
        url.set_path(&path);
    }
    let query = url.query().map(clean_query).filter(|q| !q.is_empty());
    url.set_query(query.as_deref());
    if let Some(host) = url.host_str().filter(|h| h.ends_with('.') && h.len() > 1) {
        let host = host.trim_end_matches('.').to_owned();
        url.set_host(Some(&host)).ok()?;
    }
    Some(url)
}

/// Resolves `href` (as written in a page) against `base` and normalizes it. `None` for links the
/// crawler never follows: `mailto:`, `javascript:`, `tel:`, `data:` and anything else not http(s).
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    normalize(&base.join(href).ok()?)
}

/// Parses and normalizes an absolute URL string.
pub fn parse(url: &str) -> Option<Url> {
    normalize(&Url::parse(url.trim()).ok()?)
}

/// Whether a query parameter name is a click tracker.
pub fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

fn clean_query(query: &str) -> String {
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !is_tracking_param(&percent_decode_lossy(name))
        })
        .map(normalize_escapes)
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.join("&")
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Uppercases percent-escapes and decodes those of unreserved characters (`%7e` -> `~`).
pub(crate) fn normalize_escapes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            let b = h * 16 + l;
            if is_unreserved(b) {
                out.push(b as char);
            } else {
                out.push('%');
                out.push(bytes[i + 1].to_ascii_uppercase() as char);
                out.push(bytes[i + 2].to_ascii_uppercase() as char);
            }
            i += 3;
            continue;
        }
        // Safe: we only split at ASCII bytes, so char boundaries are preserved.
        let ch_len = utf8_len(bytes[i]);
        out.push_str(&s[i..i + ch_len]);
        i += ch_len;
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn percent_decode_lossy(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        parse(s)
            .map(|u| u.to_string())
            .unwrap_or_else(|| "<none>".into())
    }

    #[test]
    fn lowercases_scheme_and_host_but_keeps_path_case() {
        assert_eq!(
            norm("HTTP://WWW.Portland.GOV/Parks/Trees"),
            "http://www.portland.gov/Parks/Trees"
        );
    }

    #[test]
    fn drops_default_ports_and_keeps_others() {
        assert_eq!(norm("http://example.org:80/a"), "http://example.org/a");
        assert_eq!(norm("https://example.org:443/a"), "https://example.org/a");
        assert_eq!(norm("http://127.0.0.1:8101/a"), "http://127.0.0.1:8101/a");
    }

    #[test]
    fn resolves_dot_segments() {
        assert_eq!(
            norm("http://example.org/a/./b/../c"),
            "http://example.org/a/c"
        );
        let base = Url::parse("http://example.org/parks/trees/").unwrap();
        assert_eq!(
            resolve(&base, "../water").unwrap().as_str(),
            "http://example.org/parks/water"
        );
    }

    #[test]
    fn sorts_the_query_and_strips_tracking_parameters() {
        assert_eq!(
            norm(
                "http://example.org/p?b=2&utm_source=news&a=1&fbclid=xyz&UTM_Medium=email&gclid=1"
            ),
            "http://example.org/p?a=1&b=2"
        );
        assert_eq!(
            norm("http://example.org/p?utm_campaign=x"),
            "http://example.org/p"
        );
        assert_eq!(norm("http://example.org/p?"), "http://example.org/p");
    }

    #[test]
    fn drops_the_fragment() {
        assert_eq!(
            norm("http://example.org/p?x=1#section-2"),
            "http://example.org/p?x=1"
        );
    }

    #[test]
    fn normalizes_percent_escapes() {
        assert_eq!(
            norm("http://example.org/%7euser/a%2fb"),
            "http://example.org/~user/a%2Fb"
        );
        assert_eq!(
            norm("http://example.org/caf%c3%a9"),
            "http://example.org/caf%C3%A9"
        );
        assert_eq!(
            norm("http://example.org/café"),
            "http://example.org/caf%C3%A9"
        );
    }

    #[test]
    fn skips_links_that_are_not_web_pages() {
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
        assert_eq!(
            resolve(&base, "  /x  ").unwrap().as_str(),
            "http://example.org/x"
        );
    }

    #[test]
    fn trims_a_trailing_dot_in_the_host() {
        assert_eq!(norm("http://example.org./a"), "http://example.org/a");
    }
}
