//! The city as firststop sees it: crawl settings, bureaus and the websites to crawl, read from
//! `firststop.toml` and validated once into typed values.
//!
//! Every later stage takes a [`Config`]: the crawler its sites and limits, the indexer and the search
//! API its bureaus. Validation reports every problem at once, each with the line it is on, so an
//! editor can fix a file in one pass.
//!
//! ```
//! let toml = r#"
//! [crawl]
//! user_agent = "firststop/0.1"
//! [[bureaus]]
//! id = "pbot"
//! name = "Portland Bureau of Transportation"
//! aliases = ["PBOT"]
//! [[sites]]
//! seeds = ["https://www.portland.gov/"]
//! bureau = "pbot"
//! sections = { "/transportation" = "pbot" }
//! "#;
//! let config = config::Config::parse(toml, "firststop.toml".as_ref()).unwrap();
//! assert_eq!(config.bureau("pbot").unwrap().name, "Portland Bureau of Transportation");
//! let site = &config.sites[0];
//! assert_eq!(site.bureau_for_path("/transportation/potholes"), "pbot");
//! ```

pub mod day;
mod detect;
mod lang;
mod problem;
mod raw;
pub mod script;
pub mod url_identity;
pub mod words;

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use detect::detect_text;
pub use lang::{Direction, LANGS, Lang, TagError};
pub use problem::{Problem, Problems, line_of};
pub use script::Script;
use url::Url;

/// Why a config could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
}

/// A validated `firststop.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub crawl: CrawlSettings,
    pub bureaus: Vec<Bureau>,
    pub sites: Vec<Site>,
}

/// The `[crawl]` table: how politely and how far to crawl.
#[derive(Debug, Clone)]
pub struct CrawlSettings {
    pub user_agent: String,
    /// Floor between two requests to one host; a larger robots.txt `Crawl-delay` wins.
    pub min_delay: Duration,
    /// The longest robots.txt `Crawl-delay` the crawl accepts: a host asking for more is skipped
    /// (and reported) rather than crawled faster than it asks (`max_crawl_delay_ms`, 30 s unless set).
    pub max_crawl_delay: Duration,
    /// Whole-crawl page budget.
    pub max_pages: NonZeroUsize,
    /// Budget for one host (defaults to `max_pages`).
    pub max_pages_per_host: NonZeroUsize,
    /// Links deeper than this many hops from a seed are not followed.
    pub max_depth: usize,
    /// How many URLs may share one path with different query strings (calendar traps).
    pub max_query_variants: NonZeroUsize,
    pub request_timeout: Duration,
    pub max_page_bytes: NonZeroUsize,
}

/// One bureau or office: its stable id and the names people know it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bureau {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Optional public phone number, shown on answer cards.
    pub phone: Option<String>,
    /// Optional home page of the bureau.
    pub url: Option<Url>,
}

/// One website to crawl and how its paths map to bureaus.
#[derive(Debug, Clone)]
pub struct Site {
    pub seeds: Vec<Url>,
    pub sitemaps: Vec<Url>,
    /// Owner of pages no section claims.
    pub bureau: String,
    /// Path prefix -> bureau id, longest prefix first.
    pub sections: Vec<(String, String)>,
    /// CSS selector of the main content on this site, tried before `<main>`.
    pub content_selector: Option<String>,
}

impl Site {
    /// The host this site is crawled on (the first seed's).
    pub fn host(&self) -> &str {
        self.seeds[0].host_str().unwrap_or_default()
    }

    /// The bureau that owns `path`: the longest matching section prefix, else the site's bureau.
    /// A prefix matches whole path segments only (`/parks` claims `/parks/x`, not `/parksville`).
    pub fn bureau_for_path(&self, path: &str) -> &str {
        self.section_for_path(path)
            .map(|(_, bureau)| bureau)
            .unwrap_or(&self.bureau)
    }

    /// The longest section (prefix, bureau) that claims `path`. When none does and the path starts
    /// with a language segment (`/es/water/...`), the path without it is tried: a translated page
    /// belongs to the bureau of its original.
    pub fn section_for_path(&self, path: &str) -> Option<(&str, &str)> {
        let claims = |path: &str| {
            self.sections
                .iter()
                .find(|(prefix, _)| {
                    let prefix = prefix.trim_end_matches('/');
                    path.strip_prefix(prefix).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('/') || prefix.is_empty()
                    })
                })
                .map(|(p, b)| (p.as_str(), b.as_str()))
        };
        claims(path).or_else(|| {
            let (_, rest) = split_lang_prefix(path)?;
            claims(if rest.is_empty() { "/" } else { rest })
        })
    }
}

/// A path that starts with a segment naming one of the city's languages (`/es/water/bill`,
/// `/zh-hans`), split into that language and the rest of the path (`/water/bill`, `""`); `None`
/// for any other path. The segment is compared case-insensitively. Translated pages live at
/// such paths on portland.gov and belong to the bureau of their original.
pub fn split_lang_prefix(path: &str) -> Option<(Lang, &str)> {
    let rest = path.strip_prefix('/')?;
    let (first, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let lang = Lang::by_tag(&first.to_ascii_lowercase())?;
    Some((lang, tail))
}

impl Config {
    /// Reads and validates the config at `path`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Validates config text; `path` is only used to name problems.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        raw::validate(text, path).map_err(Error::Invalid)
    }

    pub fn bureau(&self, id: &str) -> Option<&Bureau> {
        self.bureaus.iter().find(|b| b.id == id)
    }

    pub fn bureau_ids(&self) -> HashSet<&str> {
        self.bureaus.iter().map(|b| b.id.as_str()).collect()
    }

    /// The configured site that serves `url`'s host, if any.
    pub fn site_for(&self, url: &Url) -> Option<&Site> {
        self.sites
            .iter()
            .find(|s| s.seeds.iter().any(|seed| same_origin(seed, url)))
    }
}

/// Scheme, host and port are equal.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests;
