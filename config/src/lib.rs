//! The city as firststop sees it: crawl settings, bureaus, the websites to crawl and how the
//! search log is kept and the ranking's weights, read from `firststop.toml` and validated once into typed values.
//!
//! Every later stage takes a [`Config`]: the crawler its sites and limits, the indexer and the search
//! API its bureaus. Validation reports every problem at once, each with the line it is on, so an
//! editor can fix a file in one pass.
//!
//! Beside the file, this crate holds the facts every stage must agree on: the city's languages
//! ([`Lang`], [`LANGS`]) and recognising them in text ([`detect_text`]), writing systems
//! ([`script`]), function words ([`words`]), calendar days ([`day`]) and URL identity
//! ([`url_identity`]).
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
mod ranking;
mod raw;
pub mod script;
pub mod url_identity;
pub mod words;

use std::collections::{BTreeMap, HashSet};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

pub use detect::{detect_text, detect_text_confidence};
pub use lang::{Direction, LANGS, Lang, TagError};
pub use problem::{Problem, Problems, line_of};
pub use ranking::RankWeights;
pub use script::Script;
use url::Url;

/// Why a config could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read: it is missing, unreadable, or not UTF-8 text.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file given to [`Config::load`].
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The text is not TOML, has a key the file does not know, or breaks one of its rules (see
    /// [`Config::parse`]): every problem, displayed one per line as `path:line: message`.
    #[error("{0}")]
    Invalid(Problems),
}

/// A validated `firststop.toml` (its keys are fixed by `CONTRACT.md`).
#[derive(Debug, Clone)]
pub struct Config {
    /// The `[crawl]` table, with defaults for what it leaves out.
    pub crawl: CrawlSettings,
    /// The `[[bureaus]]`, in file order; ids are unique.
    pub bureaus: Vec<Bureau>,
    /// The `[[sites]]`, in file order; each has at least one seed.
    pub sites: Vec<Site>,
    /// The `[insights]` table: how the search log is kept.
    pub insights: InsightsSettings,
    /// The `[ranking]` table: the weights of the ranking formula, the defaults for what it
    /// leaves out.
    pub ranking: RankWeights,
}

/// The `[insights]` table: whether searches are recorded, how long they are kept and how often
/// a question must be asked before it is named. Every key is optional; the defaults are
/// CONTRACT.md's: on, 395 days (13 months, so a month can be compared with the same month a year
/// before), questions listed from 3 askings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsightsSettings {
    /// Whether searches are recorded at all. Key `enabled`; `true` unless set.
    pub enabled: bool,
    /// Events older than this many UTC days (today included) are deleted. Key `retention_days`;
    /// 1 to [`InsightsSettings::MAX_RETENTION_DAYS`]; 395 unless set.
    pub retention_days: u32,
    /// Questions asked fewer times than this (within the range looked at) count in totals but
    /// are never listed, exported or shown in detail: a rare question can tell one person's
    /// story. Key `min_count`; 1 to [`InsightsSettings::MAX_MIN_COUNT`]; 3 unless set.
    pub min_count: u32,
}

impl InsightsSettings {
    /// The longest retention accepted: ten years.
    pub const MAX_RETENTION_DAYS: u32 = 3650;
    /// The highest listing threshold accepted.
    pub const MAX_MIN_COUNT: u32 = 1000;
}

impl Default for InsightsSettings {
    fn default() -> InsightsSettings {
        InsightsSettings {
            enabled: true,
            retention_days: 395,
            min_count: 3,
        }
    }
}

/// The `[crawl]` table: how politely and how far to crawl. Every key is optional; the defaults
/// and bounds below are checked by [`Config::parse`], which reports a value out of bounds.
#[derive(Debug, Clone)]
pub struct CrawlSettings {
    /// Sent as the `User-Agent` of every request; its product token (`firststop` in
    /// `firststop/0.1 (+https://…)`) chooses the robots.txt group (RFC 9309 §2.2.1). Key
    /// `user_agent`; not blank; `firststop/0.1 (+https://www.portland.gov/311)` unless set.
    pub user_agent: String,
    /// Floor between two requests to one host; a larger robots.txt `Crawl-delay` wins. Key
    /// `min_delay_ms`, in milliseconds; 0 or more; 1 s unless set.
    pub min_delay: Duration,
    /// The longest robots.txt `Crawl-delay` the crawl accepts: a host asking for more is skipped
    /// (and reported) rather than crawled faster than it asks. Key `max_crawl_delay_ms`, in
    /// milliseconds; 0 or more; 30 s unless set.
    pub max_crawl_delay: Duration,
    /// Whole-crawl budget of page requests. Key `max_pages`; at least 1; 100 000 unless set.
    pub max_pages: NonZeroUsize,
    /// Budget of page requests for one host. Key `max_pages_per_host`; at least 1; `max_pages`
    /// unless set.
    pub max_pages_per_host: NonZeroUsize,
    /// Links deeper than this many hops from a seed are not followed (0: the seeds only). Key
    /// `max_depth`; 0 or more; 20 unless set.
    pub max_depth: usize,
    /// How many URLs may share one path with different query strings (calendar traps). Key
    /// `max_query_variants`; at least 1; 25 unless set.
    pub max_query_variants: NonZeroUsize,
    /// How long to wait for a connection, and for a whole request. Key `request_timeout_ms`, in
    /// milliseconds; at least 1; 10 s unless set.
    pub request_timeout: Duration,
    /// Largest response body read, in bytes: a longer page is recorded as too large, not parsed.
    /// Key `max_page_bytes`; at least 1; 5 MiB (5 242 880) unless set.
    pub max_page_bytes: NonZeroUsize,
}

/// One bureau or office: its stable id and the names people know it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bureau {
    /// Stable id of lowercase ASCII letters, digits and hyphens (`pbot`, `311`): the folder of its
    /// articles and the value of the `bureau` filter and fields.
    pub id: String,
    /// Full name as residents read it (`Portland Bureau of Transportation`), trimmed.
    pub name: String,
    /// Other names people search by (`PBOT`, `Transportation`), trimmed, blanks dropped.
    pub aliases: Vec<String>,
    /// Optional public phone number as written in the file, shown on answer cards.
    pub phone: Option<String>,
    /// Optional home page of the bureau (http or https).
    pub url: Option<Url>,
    /// The bureau's name in other city languages, where the City publishes one (key `names`,
    /// e.g. `names = { es = "Oficina de Transporte de Portland" }`), by canonical language tag
    /// (`es`, `zh-hans`; never `en`, which is `name`), trimmed. Empty when the file has none.
    pub names: BTreeMap<&'static str, String>,
}

impl Bureau {
    /// The name for a reader of `lang`: the City's name in that language from `names`, else
    /// `name` (English).
    pub fn name_in(&self, lang: Lang) -> &str {
        self.published_name(lang).unwrap_or(&self.name)
    }

    /// The name the City publishes in `lang` (`names`), or `None` when it publishes none there;
    /// `None` for English, whose name is `name`.
    pub fn published_name(&self, lang: Lang) -> Option<&str> {
        self.names.get(lang.tag).map(String::as_str)
    }
}

/// One website to crawl and how its paths map to bureaus.
#[derive(Debug, Clone)]
pub struct Site {
    /// Where the crawl starts: http(s) URLs, all on one origin (scheme, host and port).
    pub seeds: Vec<Url>,
    /// Sitemaps to read besides those robots.txt names (`Sitemap:` lines).
    pub sitemaps: Vec<Url>,
    /// Id of the bureau that owns pages no section claims.
    pub bureau: String,
    /// `(path prefix, bureau id)` pairs such as `("/transportation", "pbot")`, longest prefix
    /// first (ties in byte order); see [`Site::section_for_path`].
    pub sections: Vec<(String, String)>,
    /// CSS selector of the main content on this site, tried before `<main>`.
    pub content_selector: Option<String>,
}

impl Site {
    /// The host this site is crawled on (the first seed's), `""` for a URL without one.
    ///
    /// # Panics
    /// When `seeds` is empty, which [`Config::parse`] never lets through.
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
    /// The bureau with id `id`, if configured.
    pub fn bureau(&self, id: &str) -> Option<&Bureau> {
        self.bureaus.iter().find(|b| b.id == id)
    }

    /// The ids of every configured bureau.
    pub fn bureau_ids(&self) -> HashSet<&str> {
        self.bureaus.iter().map(|b| b.id.as_str()).collect()
    }

    /// The first configured site with a seed on `url`'s origin (scheme, host and port), if any.
    pub fn site_for(&self, url: &Url) -> Option<&Site> {
        self.sites
            .iter()
            .find(|s| s.seeds.iter().any(|seed| same_origin(seed, url)))
    }
}

/// Whether `a` and `b` have one origin: equal scheme, host and port (a missing port counts as the
/// scheme's default, so `http://x/` and `http://x:80/` agree).
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests;
