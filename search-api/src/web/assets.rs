//! The stylesheet, scripts and icon in `search-api/static/`, built into the binary and served at
//! `/static/<name>.<hash>.<ext>`: the hash changes with the content, so browsers may keep each
//! file for a year.

use std::sync::LazyLock;

/// One static file.
pub struct Asset {
    /// The name in `static/`: `site.css`.
    pub name: &'static str,
    /// Where it is served: `/static/site.3f2a9c1b7d.css`, the name with the low 40 bits of its
    /// 64-bit FNV-1a hash as ten hex digits.
    pub href: String,
    /// The file's bytes, built into the binary.
    pub body: &'static [u8],
    /// Its `Content-Type` header: `text/css; charset=utf-8`, `image/svg+xml`.
    pub content_type: &'static str,
}

const FILES: &[(&str, &[u8], &str)] = &[
    (
        "site.css",
        include_bytes!("../../static/site.css"),
        "text/css; charset=utf-8",
    ),
    (
        "site.js",
        include_bytes!("../../static/site.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "agent.js",
        include_bytes!("../../static/agent.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "editor.js",
        include_bytes!("../../static/editor.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "staff.css",
        include_bytes!("../../static/staff.css"),
        "text/css; charset=utf-8",
    ),
    (
        "icon.svg",
        include_bytes!("../../static/icon.svg"),
        "image/svg+xml",
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, body, content_type)| {
            let (stem, ext) = name
                .rsplit_once('.')
                .expect("static files have an extension");
            Asset {
                name,
                href: format!("/static/{stem}.{:010x}.{ext}", fnv1a(body) & 0xff_ffff_ffff),
                body,
                content_type,
            }
        })
        .collect()
});

/// Every asset: `site.css`, `site.js`, `agent.js`, `editor.js`, `staff.css`, `icon.svg`. Hashes the files on
/// first use.
///
/// # Panics
///
/// On first use, when a file in the list has no extension (a bug in the list).
pub fn all() -> &'static [Asset] {
    &ASSETS
}

/// The hashed address of `name` (`site.css`).
///
/// # Panics
///
/// When `name` is not in `static/`: a bug in a page, caught by any test that renders it.
pub fn href(name: &str) -> &'static str {
    all()
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.href.as_str())
        .unwrap_or_else(|| panic!("no static file {name}"))
}

/// 64-bit FNV-1a: a content hash that is the same on every build and machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The asset served at `href` (`/static/site.3f2a9c1b7d.css`), if that is a current name; an
/// old hash is `None`.
pub fn by_href(href: &str) -> Option<&'static Asset> {
    all().iter().find(|a| a.href == href)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_content() {
        assert_ne!(fnv1a(b"a { color: red }"), fnv1a(b"a { color: blue }"));
        let css = href("site.css");
        assert!(
            css.starts_with("/static/site.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/static/site.".len() + 10 + ".css".len());
    }

    #[test]
    fn results_page_css_and_js_stay_light() {
        let bytes: usize = ["site.css", "site.js"]
            .iter()
            .map(|n| all().iter().find(|a| a.name == *n).unwrap().body.len())
            .sum();
        assert!(
            bytes < 30 * 1024,
            "CSS + JS of the results page: {bytes} bytes"
        );
    }
}
