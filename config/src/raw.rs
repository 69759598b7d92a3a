//! The file as written (with the place of every value) and its validation into [`Config`].

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::problem::line_of;
use crate::{
    Bureau, Config, CrawlSettings, Error, InsightsSettings, LANGS, Lang, Problems, RankWeights,
    Site,
};

/// Sent when `[crawl]` sets no `user_agent`: the product token `firststop` and where to learn more.
pub const DEFAULT_USER_AGENT: &str = "firststop/0.1 (+https://www.portland.gov/311)";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    crawl: Option<Spanned<RawCrawl>>,
    #[serde(default)]
    bureaus: Vec<Spanned<RawBureau>>,
    #[serde(default)]
    sites: Vec<Spanned<RawSite>>,
    insights: Option<Spanned<RawInsights>>,
    #[serde(default)]
    ranking: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawInsights {
    enabled: Option<bool>,
    retention_days: Option<Spanned<i64>>,
    min_count: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCrawl {
    user_agent: Option<Spanned<String>>,
    min_delay_ms: Option<Spanned<i64>>,
    max_crawl_delay_ms: Option<Spanned<i64>>,
    max_pages: Option<Spanned<i64>>,
    max_pages_per_host: Option<Spanned<i64>>,
    max_depth: Option<Spanned<i64>>,
    max_query_variants: Option<Spanned<i64>>,
    request_timeout_ms: Option<Spanned<i64>>,
    max_page_bytes: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBureau {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    phone: Option<String>,
    url: Option<Spanned<String>>,
    #[serde(default)]
    names: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    #[serde(default)]
    seeds: Vec<Spanned<String>>,
    #[serde(default)]
    sitemaps: Vec<Spanned<String>>,
    bureau: Option<Spanned<String>>,
    #[serde(default)]
    sections: BTreeMap<String, Spanned<String>>,
    content_selector: Option<String>,
}

/// Context for reporting: the file's path and text.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Problems,
}

impl Checker<'_> {
    fn line<T>(&self, value: &Spanned<T>) -> usize {
        line_of(self.text, value.span().start)
    }

    fn report(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(self.path, line, message);
    }

    /// A limit that must be at least `min`, with a default when absent.
    fn limit(&mut self, value: &Option<Spanned<i64>>, key: &str, min: i64, default: i64) -> i64 {
        match value {
            None => default,
            Some(v) if *v.get_ref() >= min => *v.get_ref(),
            Some(v) => {
                let line = self.line(v);
                let what = if min > 0 {
                    "a positive number"
                } else {
                    "zero or more"
                };
                self.report(line, format!("{key} must be {what}, not {}", v.get_ref()));
                default
            }
        }
    }

    /// A whole number within `min..=max`, with a default when absent.
    fn bounded(
        &mut self,
        value: &Option<Spanned<i64>>,
        key: &str,
        (min, max): (i64, i64),
        default: i64,
    ) -> i64 {
        match value {
            None => default,
            Some(v) if (min..=max).contains(v.get_ref()) => *v.get_ref(),
            Some(v) => {
                let line = self.line(v);
                self.report(
                    line,
                    format!("{key} must be from {min} to {max}, not {}", v.get_ref()),
                );
                default
            }
        }
    }

    fn http_url(&mut self, value: &Spanned<String>, what: &str) -> Option<Url> {
        match Url::parse(value.get_ref()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
                Some(url)
            }
            _ => {
                let line = self.line(value);
                self.report(
                    line,
                    format!("{what} '{}' is not an http(s) URL", value.get_ref()),
                );
                None
            }
        }
    }

    /// `[crawl]`, each limit within its range, defaults for what is missing.
    fn crawl(&mut self, raw: Option<Spanned<RawCrawl>>) -> CrawlSettings {
        let crawl_raw = raw.map(Spanned::into_inner).unwrap_or_default();
        let max_pages = self.limit(&crawl_raw.max_pages, "max_pages", 1, 100_000);
        CrawlSettings {
            user_agent: match crawl_raw.user_agent {
                Some(ua) if ua.get_ref().trim().is_empty() => {
                    let line = self.line(&ua);
                    self.report(line, "user_agent must not be empty");
                    DEFAULT_USER_AGENT.to_owned()
                }
                Some(ua) => ua.into_inner(),
                None => DEFAULT_USER_AGENT.to_owned(),
            },
            min_delay: ms(self.limit(&crawl_raw.min_delay_ms, "min_delay_ms", 0, 1000)),
            max_crawl_delay: ms(self.limit(
                &crawl_raw.max_crawl_delay_ms,
                "max_crawl_delay_ms",
                0,
                30_000,
            )),
            max_pages: nonzero(max_pages),
            max_pages_per_host: nonzero(self.limit(
                &crawl_raw.max_pages_per_host,
                "max_pages_per_host",
                1,
                max_pages,
            )),
            max_depth: self.limit(&crawl_raw.max_depth, "max_depth", 0, 20) as usize,
            max_query_variants: nonzero(self.limit(
                &crawl_raw.max_query_variants,
                "max_query_variants",
                1,
                25,
            )),
            request_timeout: ms(self.limit(
                &crawl_raw.request_timeout_ms,
                "request_timeout_ms",
                1,
                10_000,
            )),
            max_page_bytes: nonzero(self.limit(
                &crawl_raw.max_page_bytes,
                "max_page_bytes",
                1,
                5 * 1024 * 1024,
            )),
        }
    }

    /// `[insights]`: on unless switched off; retention and the listing threshold within their
    /// bounds.
    fn insights(&mut self, raw: Option<Spanned<RawInsights>>) -> InsightsSettings {
        let raw = raw.map(Spanned::into_inner).unwrap_or_default();
        let defaults = InsightsSettings::default();
        let (days, count) = (
            i64::from(defaults.retention_days),
            i64::from(defaults.min_count),
        );
        InsightsSettings {
            enabled: raw.enabled.unwrap_or(defaults.enabled),
            retention_days: self.bounded(
                &raw.retention_days,
                "retention_days",
                (1, i64::from(InsightsSettings::MAX_RETENTION_DAYS)),
                days,
            ) as u32,
            min_count: self.bounded(
                &raw.min_count,
                "min_count",
                (1, i64::from(InsightsSettings::MAX_MIN_COUNT)),
                count,
            ) as u32,
        }
    }

    /// `[ranking]`: each key one of [`RankWeights::KEYS`], each value a number from 0 to its
    /// largest ([`RankWeights::max`]); the defaults for what it leaves out.
    fn ranking(&mut self, raw: BTreeMap<Spanned<String>, Spanned<toml::Value>>) -> RankWeights {
        let mut weights = RankWeights::default();
        for (key, value) in raw {
            let name = key.get_ref().as_str();
            let max = RankWeights::max(name);
            let Some(weight) = weights.get_mut(name) else {
                let line = self.line(&key);
                self.report(
                    line,
                    format!(
                        "unknown ranking weight `{name}`, expected one of: {}",
                        RankWeights::KEYS.join(", ")
                    ),
                );
                continue;
            };
            let number = match value.get_ref() {
                toml::Value::Float(f) => Some(*f),
                toml::Value::Integer(i) => Some(*i as f64),
                _ => None,
            };
            match number {
                Some(n) if (0.0..=f64::from(max)).contains(&n) => *weight = n as f32,
                _ => {
                    let line = self.line(&value);
                    self.report(
                        line,
                        format!(
                            "ranking.{name} must be a number from 0 to {max}, not {}",
                            value.get_ref()
                        ),
                    );
                }
            }
        }
        weights
    }

    /// `[[bureaus]]`: unique ids of lowercase letters, digits and hyphens, each with a name; and
    /// the line each id is first defined on, for the sites' references.
    fn bureaus(&mut self, raw: &[Spanned<RawBureau>]) -> (Vec<Bureau>, HashMap<String, usize>) {
        let mut bureaus = Vec::new();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for spanned in raw {
            let table_line = self.line(spanned);
            let b = spanned.get_ref();
            let Some(id) = &b.id else {
                self.report(table_line, "bureau has no id");
                continue;
            };
            let line = self.line(id);
            let id_text = id.get_ref().trim();
            if id_text.is_empty()
                || !id_text
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                self.report(
                    line,
                    format!("bureau id '{id_text}' must be lowercase letters, digits and hyphens"),
                );
            }
            if let Some(first) = first_line.get(id_text) {
                self.report(
                    line,
                    format!("duplicate bureau id '{id_text}' (first defined on line {first})"),
                );
                continue;
            }
            first_line.insert(id_text.to_owned(), line);
            let name = match &b.name {
                Some(n) if !n.get_ref().trim().is_empty() => n.get_ref().trim().to_owned(),
                _ => {
                    self.report(table_line, format!("bureau '{id_text}' has no name"));
                    id_text.to_owned()
                }
            };
            let url = b.url.as_ref().and_then(|u| self.http_url(u, "bureau url"));
            let names = self.names(id_text, &b.names);
            bureaus.push(Bureau {
                id: id_text.to_owned(),
                name,
                aliases: b
                    .aliases
                    .iter()
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect(),
                phone: b.phone.clone().filter(|p| !p.trim().is_empty()),
                url,
                names,
            });
        }
        if raw.is_empty() {
            self.report(
                1,
                "no [[bureaus]] defined: articles and sections need bureau ids",
            );
        }

        (bureaus, first_line)
    }

    /// A bureau's `names`: one per city language other than English, under its canonical tag,
    /// trimmed and not blank. A tag the city does not serve, a tag in another spelling
    /// (`zh-CN`), `en` (the English name is `name`) and a blank name are reported on their line.
    fn names(
        &mut self,
        bureau: &str,
        raw: &BTreeMap<String, Spanned<String>>,
    ) -> BTreeMap<&'static str, String> {
        let mut names = BTreeMap::new();
        for (tag, name) in raw {
            let line = self.line(name);
            let lang = match (Lang::by_tag(tag), Lang::from_tag(tag)) {
                (Some(lang), _) if lang == Lang::ENGLISH => {
                    self.report(
                        line,
                        format!(
                            "names of bureau '{bureau}': the English name is `name`, not `names.en`"
                        ),
                    );
                    continue;
                }
                (Some(lang), _) => lang,
                (None, Ok(lang)) => {
                    self.report(
                        line,
                        format!(
                            "names of bureau '{bureau}': write the language tag '{tag}' as '{}'",
                            lang.tag
                        ),
                    );
                    continue;
                }
                (None, Err(_)) => {
                    let known: Vec<&str> = LANGS[1..].iter().map(|l| l.tag).collect();
                    self.report(
                        line,
                        format!(
                            "names of bureau '{bureau}': unknown language '{tag}' (one of {})",
                            known.join(", ")
                        ),
                    );
                    continue;
                }
            };
            let text = name.get_ref().trim();
            if text.is_empty() {
                self.report(
                    line,
                    format!("names of bureau '{bureau}': the name in '{tag}' is blank"),
                );
                continue;
            }
            names.insert(lang.tag, text.to_owned());
        }
        names
    }

    /// `[[sites]]`: http(s) seeds on one host, sitemaps, the owning bureau and the path sections,
    /// longest prefix first. `known` are the bureau ids defined.
    fn sites(&mut self, raw: &[Spanned<RawSite>], known: &HashMap<String, usize>) -> Vec<Site> {
        let mut sites = Vec::new();
        for spanned in raw {
            let table_line = self.line(spanned);
            let s = spanned.get_ref();
            let seeds: Vec<Url> = s
                .seeds
                .iter()
                .filter_map(|seed| self.http_url(seed, "seed"))
                .collect();
            if s.seeds.is_empty() {
                self.report(table_line, "site has no seeds");
            }
            let sitemaps = s
                .sitemaps
                .iter()
                .filter_map(|m| self.http_url(m, "sitemap"))
                .collect();
            let bureau = match &s.bureau {
                Some(b) => {
                    if !known.contains_key(b.get_ref()) {
                        let line = self.line(b);
                        self.report(
                            line,
                            format!("unknown bureau id '{}' for site", b.get_ref()),
                        );
                    }
                    b.get_ref().clone()
                }
                None => {
                    self.report(
                        table_line,
                        "site has no bureau (the owner of pages no section claims)",
                    );
                    String::new()
                }
            };
            let mut sections = Vec::new();
            for (prefix, owner) in &s.sections {
                let line = self.line(owner);
                if !prefix.starts_with('/') {
                    self.report(
                        line,
                        format!("section '{prefix}' must be a path starting with '/'"),
                    );
                }
                if !known.contains_key(owner.get_ref()) {
                    self.report(
                        line,
                        format!(
                            "unknown bureau id '{}' in section '{prefix}'",
                            owner.get_ref()
                        ),
                    );
                }
                sections.push((prefix.clone(), owner.get_ref().clone()));
            }
            sections.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
            if let Some(first) = seeds.first() {
                if let Some(other) = seeds.iter().find(|u| !crate::same_origin(u, first)) {
                    self.report(
                        table_line,
                        format!(
                            "seeds of one site must share a host: '{other}' differs from '{first}'"
                        ),
                    );
                }
                sites.push(Site {
                    seeds,
                    sitemaps,
                    bureau,
                    sections,
                    content_selector: s.content_selector.clone(),
                });
            }
        }

        sites
    }
}

// Loading lives here, beside the validation it runs, so the crate root only declares what a
// config is and never calls back into this module.
impl Config {
    /// Reads and validates the config at `path`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read, [`Error::Invalid`] as for [`Config::parse`].
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Validates config text; `path` is only used to name problems.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem, sorted by line. Text that is not TOML, or has a key
    /// or value type the file does not know, is one problem on its own. Otherwise: a limit out of
    /// its bounds (see [`CrawlSettings`]) or a blank `user_agent`; a bureau without an id or a
    /// name, with an id not of lowercase letters, digits and hyphens, or with an id already
    /// defined; a bureau's `names` with a language the city does not serve, a tag not in its
    /// canonical spelling, `en`, or a blank name; no `[[bureaus]]` at all; a site without seeds
    /// or bureau, or with seeds on different origins; a seed, sitemap or bureau `url` that is not
    /// an http(s) URL with a host; a section prefix not starting with `/`; a site or section naming an unknown bureau id; an
    /// `[insights]` value out of its bounds (see [`InsightsSettings`]); a `[ranking]` key that is
    /// not a weight, or a weight that is not a number within its bounds (see [`RankWeights`]).
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        validate(text, path).map_err(Error::Invalid)
    }
}

/// Validates config text (from `path`) into a [`Config`], or every problem found, sorted by line.
pub fn validate(text: &str, path: &Path) -> Result<Config, Problems> {
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            let mut problems = Problems::default();
            problems.push(path, line, e.message().trim());
            return Err(problems);
        }
    };
    let mut c = Checker {
        path,
        text,
        problems: Problems::default(),
    };
    let crawl = c.crawl(raw.crawl);
    let (bureaus, known) = c.bureaus(&raw.bureaus);
    let sites = c.sites(&raw.sites, &known);
    let insights = c.insights(raw.insights);
    let ranking = c.ranking(raw.ranking);
    c.problems.sort();
    c.problems.into_result(Config {
        crawl,
        bureaus,
        sites,
        insights,
        ranking,
    })
}

fn ms(n: i64) -> Duration {
    Duration::from_millis(n.max(0) as u64)
}

fn nonzero(n: i64) -> NonZeroUsize {
    NonZeroUsize::new(n.max(1) as usize).expect("max(1) is non-zero")
}
