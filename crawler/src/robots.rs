//! robots.txt as RFC 9309 defines it: group selection by product token, longest match wins,
//! `*` and `$` patterns, allow wins ties; plus the non-standard `Crawl-delay` and `Sitemap` lines.

use std::time::Duration;

/// How long a fetched robots.txt may be used before it is fetched again (RFC 9309 §2.4).
pub const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// At most this much of a robots.txt is parsed (RFC 9309 §2.5 asks for at least 500 KiB).
pub const MAX_BYTES: usize = 512 * 1024;

/// The product token of a user agent string: `firststop/0.1 (+https://…)` -> `firststop`.
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    /// Normalized pattern (escapes uppercased, unreserved characters decoded).
    pattern: String,
}

/// The rules of one host that apply to us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
    /// `None` when nothing may be crawled (robots.txt unreachable: 5xx or network error).
    reachable: bool,
    crawl_delay: Option<Duration>,
    sitemaps: Vec<String>,
}

impl Robots {
    /// No robots.txt (4xx): everything may be crawled.
    pub fn allow_all() -> Robots {
        Robots {
            rules: Vec::new(),
            reachable: true,
            crawl_delay: None,
            sitemaps: Vec::new(),
        }
    }

    /// robots.txt could not be fetched (5xx, network error): nothing may be crawled for now.
    pub fn disallow_all() -> Robots {
        Robots {
            rules: Vec::new(),
            reachable: false,
            crawl_delay: None,
            sitemaps: Vec::new(),
        }
    }

    /// Parses robots.txt text, keeping the groups that apply to `our_token` (or, when no
    /// group names it, the `*` groups).
    pub fn parse(text: &str, our_token: &str) -> Robots {
        let token = our_token.to_ascii_lowercase();
        let mut ours = Group::default();
        let mut star = Group::default();
        let mut sitemaps = Vec::new();
        // Agents of the group being read, and whether a rule line closed its user-agent lines.
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" | "useragent" | "user agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    let agent = if value == "*" {
                        "*".to_owned()
                    } else {
                        product_token(value)
                    };
                    ours.matched |= !token.is_empty() && agent == token;
                    agents.push(agent);
                }
                "allow" | "disallow" | "crawl-delay" => {
                    in_rules = true;
                    if agents.iter().any(|a| !token.is_empty() && *a == token) {
                        ours.add(&key, value);
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.add(&key, value);
                    }
                }
                "sitemap" if !value.is_empty() => sitemaps.push(value.to_owned()),
                _ => {}
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

    /// Whether `path_and_query` (`/a/b?c=d`, as in the URL) may be fetched.
    pub fn allowed(&self, path_and_query: &str) -> bool {
        if path_and_query == "/robots.txt" {
            return true;
        }
        if !self.reachable {
            return false;
        }
        let target = crate::normalize::normalize_escapes(path_and_query);
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(&rule.pattern, &target) {
                let len = rule.pattern.len();
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

    /// The `Crawl-delay` of our group, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// `Sitemap:` URLs, as written.
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }
}

#[derive(Default)]
struct Group {
    matched: bool,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl Group {
    fn add(&mut self, key: &str, value: &str) {
        if key == "crawl-delay" {
            if let Ok(secs) = value.parse::<f64>()
                && secs.is_finite()
                && secs >= 0.0
            {
                let delay = Duration::from_secs_f64(secs.min(86_400.0));
                self.crawl_delay = Some(self.crawl_delay.map_or(delay, |d| d.max(delay)));
            }
            return;
        }
        if value.is_empty() {
            return; // `Disallow:` with no path allows everything; an empty Allow says nothing.
        }
        let pattern = if value.starts_with('/') || value.starts_with('*') {
            value.to_owned()
        } else {
            format!("/{value}")
        };
        self.rules.push(Rule {
            allow: key == "allow",
            pattern: encode_pattern(&pattern),
        });
    }
}

/// Percent-encodes what a URL would encode (non-ASCII, spaces, controls) and normalizes escapes,
/// so patterns compare with URL paths octet by octet.
fn encode_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for ch in pattern.chars() {
        if ch.is_ascii_graphic() {
            out.push(ch);
        } else {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    crate::normalize::normalize_escapes(&out)
}

/// Prefix match with `*` (any run of octets) and a final `$` (end of URL).
fn matches(pattern: &str, target: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let p = pattern.as_bytes();
    let t = target.as_bytes();
    // reachable[j]: the pattern read so far can end at target position j.
    let mut reachable = vec![false; t.len() + 1];
    reachable[0] = true;
    for &pc in p {
        let mut next = vec![false; t.len() + 1];
        if pc == b'*' {
            let mut any = false;
            for j in 0..=t.len() {
                any |= reachable[j];
                next[j] = any;
            }
        } else {
            for j in 0..t.len() {
                next[j + 1] = reachable[j] && t[j] == pc;
            }
        }
        reachable = next;
        if !reachable.iter().any(|r| *r) {
            return false;
        }
    }
    if anchored {
        reachable[t.len()]
    } else {
        reachable.iter().any(|r| *r)
    }
}

#[cfg(test)]
#[path = "robots_tests.rs"]
mod tests;
