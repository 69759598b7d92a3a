//! robots.txt as RFC 9309 defines it: groups chosen by product token (every group naming us
//! merged, else every `*` group), longest match wins, allow wins a tie, `*` and a final `$` in
//! patterns, `%2A` and `%24` for a literal `*` and `$`; plus the non-standard `Crawl-delay` and
//! `Sitemap` lines.
//!
//! Where files in the wild break the grammar, the parser is as lenient as Google's and
//! crawler-commons' parsers: CR, LF and CRLF line ends (mixed), a whole or partial UTF-8 byte
//! order mark, a missing colon (`Disallow /x`), common misspellings of the keys (`dissalow`,
//! `useragent`), and a file wrapped in HTML (`Disallow: /x<br>`). Only the first [`MAX_BYTES`]
//! are parsed (RFC 9309 §2.5), up to the last complete line.

use std::time::Duration;

use config::url_identity::canonical_escapes_keeping;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// How long a fetched robots.txt may be used before it is fetched again (RFC 9309 §2.4).
pub const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// How much of a robots.txt is parsed: RFC 9309 §2.5 asks for at least 500 KiB.
pub const MAX_BYTES: usize = 512 * 1024;

/// What a pattern escapes before comparison: controls, space and non-ASCII (RFC 9309 §2.2.2).
const PATTERN_ESCAPES: &AsciiSet = &CONTROLS.add(b' ');

/// The product token of a user agent string: `firststop/0.1 (+https://…)` -> `firststop`
/// (RFC 9309 §2.2.1: letters, digits, `-` and `_`, compared case-insensitively).
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// One `Allow` or `Disallow` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: Pattern,
}

/// A path pattern: literal runs separated by `*`, optionally anchored at the end by `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// The literal runs, percent-escapes canonical (`%2A` and `%24` decoded to `*` and `$`).
    pieces: Vec<Vec<u8>>,
    anchored: bool,
    /// Octets of the pattern as written (after escaping): the "most specific match" measure.
    len: usize,
}

impl Pattern {
    fn new(value: &str) -> Pattern {
        let rooted = if value.starts_with('/') || value.starts_with('*') {
            value.to_owned()
        } else {
            format!("/{value}")
        };
        let escaped = utf8_percent_encode(&rooted, PATTERN_ESCAPES).to_string();
        let (body, anchored) = match escaped.strip_suffix('$') {
            Some(body) => (body, true),
            None => (escaped.as_str(), false),
        };
        let pieces = body
            .split('*')
            .map(|piece| canonical_escapes_keeping(piece, b"*$").as_bytes().to_vec())
            .collect();
        Pattern {
            pieces,
            anchored,
            len: escaped.len(),
        }
    }

    /// Whether the pattern matches a prefix of `target` (all of it, when anchored).
    fn matches(&self, target: &[u8]) -> bool {
        let (first, rest) = self.pieces.split_first().expect("split gives one piece");
        if !target.starts_with(first) {
            return false;
        }
        let mut at = first.len();
        let Some((last, middle)) = rest.split_last() else {
            return !self.anchored || at == target.len();
        };
        for piece in middle {
            match find(&target[at..], piece) {
                Some(found) => at += found + piece.len(),
                None => return false,
            }
        }
        if self.anchored {
            target.len() - at >= last.len() && target.ends_with(last)
        } else {
            find(&target[at..], last).is_some()
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The rules of one host that apply to us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
    /// `false` when nothing may be crawled (robots.txt unreachable: 5xx or network error).
    reachable: bool,
    crawl_delay: Option<Duration>,
    sitemaps: Vec<String>,
}

/// The keys a line can have, with the spellings the big parsers also accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    UserAgent,
    Allow,
    Disallow,
    CrawlDelay,
    Sitemap,
}

impl Key {
    fn parse(key: &str) -> Option<Key> {
        let key = key.trim().to_ascii_lowercase();
        Some(match key.as_str() {
            "user-agent" | "useragent" | "user agent" | "user_agent" | "user-agents" => {
                Key::UserAgent
            }
            "allow" | "alow" | "allows" => Key::Allow,
            "disallow" | "dissallow" | "dissalow" | "disalow" | "diasllow" | "disallaw"
            | "dissallowed" | "disallowed" | "disallows" => Key::Disallow,
            "crawl-delay" | "crawldelay" | "crawl delay" | "crawl_delay" => Key::CrawlDelay,
            "sitemap" | "site-map" | "site map" | "sitemaps" => Key::Sitemap,
            _ => return None,
        })
    }
}

impl Robots {
    /// No robots.txt (4xx): everything may be crawled (RFC 9309 §2.3.1.3).
    pub fn allow_all() -> Robots {
        Robots {
            rules: Vec::new(),
            reachable: true,
            crawl_delay: None,
            sitemaps: Vec::new(),
        }
    }

    /// robots.txt could not be fetched (5xx, network error): nothing may be crawled for now
    /// (RFC 9309 §2.3.1.4).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: Vec::new(),
            reachable: false,
            crawl_delay: None,
            sitemaps: Vec::new(),
        }
    }

    /// The part of a robots.txt body that is parsed: a byte order mark (or the start of one)
    /// removed, at most [`MAX_BYTES`], and, when the body was cut there or earlier (`cut`), only
    /// up to its last complete line.
    pub fn parsed_part(body: &[u8], cut: bool) -> &[u8] {
        let body = [&b"\xEF\xBB\xBF"[..], b"\xEF\xBB", b"\xEF"]
            .iter()
            .find_map(|bom| body.strip_prefix(*bom))
            .unwrap_or(body);
        if !cut && body.len() <= MAX_BYTES {
            return body;
        }
        let head = &body[..body.len().min(MAX_BYTES)];
        match head.iter().rposition(|b| matches!(b, b'\n' | b'\r')) {
            Some(end) => &head[..=end],
            None => &[],
        }
    }

    /// Parses a robots.txt body (bytes as fetched; `cut` when the fetch stopped at a size cap),
    /// keeping the groups that apply to `our_token`. The text is UTF-8 (RFC 9309 §2.2); invalid
    /// sequences become U+FFFD and match nothing.
    pub fn from_body(body: &[u8], cut: bool, our_token: &str) -> Robots {
        Robots::parse(
            &String::from_utf8_lossy(Robots::parsed_part(body, cut)),
            our_token,
        )
    }

    /// Parses robots.txt text, keeping the groups that apply to `our_token` (or, when no group
    /// names it, the `*` groups).
    pub fn parse(text: &str, our_token: &str) -> Robots {
        let token = our_token.to_ascii_lowercase();
        let html = looks_like_html(text);
        let mut ours = Group::default();
        let mut star = Group::default();
        let mut sitemaps = Vec::new();
        // Agents of the group being read, and whether a rule line closed its user-agent lines.
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.split(['\n', '\r']) {
            let Some((key, value)) = key_and_value(line, html) else {
                continue;
            };
            match key {
                Key::UserAgent => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    let agent = if value == "*" {
                        "*".to_owned()
                    } else {
                        product_token(&value)
                    };
                    ours.matched |= !token.is_empty() && agent == token;
                    agents.push(agent);
                }
                Key::Allow | Key::Disallow | Key::CrawlDelay => {
                    in_rules = true;
                    if agents.iter().any(|a| !token.is_empty() && *a == token) {
                        ours.add(key, &value);
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.add(key, &value);
                    }
                }
                Key::Sitemap if !value.is_empty() => sitemaps.push(value),
                Key::Sitemap => {}
            }
        }
        let group = if ours.matched { ours } else { star };
        Robots {
            rules: group.rules,
            reachable: true,
            crawl_delay: group.crawl_delay,
            sitemaps,
        }
    }

    /// Whether `path_and_query` (`/a/b?c=d`, as in the URL requested) may be fetched.
    pub fn allowed(&self, path_and_query: &str) -> bool {
        if path_and_query == "/robots.txt" {
            return true;
        }
        if !self.reachable {
            return false;
        }
        let target = canonical_escapes_keeping(path_and_query, b"*$");
        let target = target.as_bytes();
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if rule.pattern.matches(target) {
                let len = rule.pattern.len;
                best = match best {
                    Some((best_len, best_allow))
                        if best_len > len || (best_len == len && best_allow) =>
                    {
                        Some((best_len, best_allow))
                    }
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// Whether robots.txt was reachable; when not, nothing on the host is crawled.
    pub fn reachable(&self) -> bool {
        self.reachable
    }

    /// The `Crawl-delay` of our group (the largest, when it says more than once), if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// `Sitemap:` URLs, as written.
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }
}

/// A file whose first non-blank character opens a tag is HTML around (or instead of) the rules.
fn looks_like_html(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('<')
}

/// The key and value of a line, comments removed; `None` for lines without a known key. The
/// separator is a colon, or (as Google accepts) whitespace when the line is exactly two words.
fn key_and_value(line: &str, html: bool) -> Option<(Key, String)> {
    let line = line.split('#').next().unwrap_or_default();
    let stripped;
    let line = if html && line.contains('<') {
        stripped = strip_tags(line);
        stripped.as_str()
    } else {
        line
    };
    let line = line.trim();
    if let Some((key, value)) = line.split_once(':')
        && let Some(key) = Key::parse(key)
    {
        return Some((key, value.trim().to_owned()));
    }
    let mut words = line.split_ascii_whitespace();
    let (key, value) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    Some((Key::parse(key)?, value.to_owned()))
}

/// `line` without `<...>` tags (an unclosed `<` runs to the end of the line).
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out
}

#[derive(Default)]
struct Group {
    matched: bool,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl Group {
    fn add(&mut self, key: Key, value: &str) {
        if key == Key::CrawlDelay {
            if let Ok(secs) = value.parse::<f64>()
                && secs >= 0.0
            {
                let delay = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
                self.crawl_delay = Some(self.crawl_delay.map_or(delay, |d| d.max(delay)));
            }
            return;
        }
        if value.is_empty() {
            return; // `Disallow:` with no path allows everything; an empty Allow says nothing.
        }
        self.rules.push(Rule {
            allow: key == Key::Allow,
            pattern: Pattern::new(value),
        });
    }
}

#[cfg(test)]
#[path = "robots_tests.rs"]
mod tests;
