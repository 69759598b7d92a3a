//! The crawl summary: counts a person reads at the end and tests assert on.

use std::collections::BTreeMap;
use std::fmt;

use crate::store::Change;

/// Requests and pages of one host.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostReport {
    /// `host:port`.
    pub host: String,
    /// HTTP requests made, robots.txt and sitemaps included.
    pub requests: usize,
    /// Frontier pages settled on this host (fetched, failed, gone...).
    pub pages: usize,
    /// Body bytes received.
    pub bytes: u64,
    /// Why the host was skipped (its `Crawl-delay` is beyond `max_crawl_delay_ms`), if it was.
    pub skipped: Option<String>,
}

/// What a crawl did. `fetched` = `new` + `changed` + `unchanged`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrawlReport {
    /// HTML pages confirmed this run (200 or 304).
    pub fetched: usize,
    /// HTML pages stored for the first time (or back after being gone or failing).
    pub new: usize,
    /// HTML pages whose content hash changed.
    pub changed: usize,
    /// 304s and 200s with an unchanged content hash.
    pub unchanged: usize,
    /// Of `unchanged`: answered 304 Not Modified.
    pub not_modified: usize,
    /// Stored pages now answering 404/410.
    pub gone: usize,
    /// 2xx answers that are not HTML (recorded, not parsed).
    pub not_html: usize,
    /// 2xx answers over `max_page_bytes`.
    pub too_large: usize,
    /// Pages marked `noindex` (fetched, stored, never indexed).
    pub noindex: usize,
    /// URLs not requested because robots.txt disallows them.
    pub skipped_robots: usize,
    /// Other URLs not requested or not stored, by reason (`max_depth`, `query_variants`,
    /// `redirect_off_site`, `duplicate_of_canonical`, `gone_backoff`, `crawl_delay_too_long`,
    /// `sitemap_disallowed`).
    pub skipped: BTreeMap<String, usize>,
    /// Failures by kind (`timeout`, `connect`, `http_500`, `not_found`, `redirect_loop`, ...).
    pub errors: BTreeMap<String, usize>,
    /// HTTP requests made, robots.txt and sitemaps included.
    pub requests: usize,
    /// Requests that got an HTTP answer.
    pub responses: usize,
    /// Body bytes received.
    pub bytes: u64,
    /// Wall time of the crawl, in seconds.
    pub seconds: f64,
    /// Whether this run resumed an unfinished crawl.
    pub resumed: bool,
    /// Per host, in the order of the configured sites.
    pub hosts: Vec<HostReport>,
}

impl CrawlReport {
    pub(crate) fn count(&mut self, change: Change) {
        match change {
            Change::New => self.new += 1,
            Change::Changed => self.changed += 1,
            Change::Unchanged => self.unchanged += 1,
            Change::NotModified => {
                self.unchanged += 1;
                self.not_modified += 1;
            }
            Change::Gone => self.gone += 1,
            Change::NotFound => self.error("not_found"),
            Change::NotHtml => self.not_html += 1,
            Change::TooLarge => self.too_large += 1,
            Change::Failed => {}
        }
        if matches!(
            change,
            Change::New | Change::Changed | Change::Unchanged | Change::NotModified
        ) {
            self.fetched += 1;
        }
    }

    pub(crate) fn error(&mut self, kind: &str) {
        *self.errors.entry(kind.to_owned()).or_default() += 1;
    }

    pub(crate) fn skip(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.to_owned()).or_default() += n;
        }
    }

    /// Total of `errors`.
    pub fn error_count(&self) -> usize {
        self.errors.values().sum()
    }
}

fn list(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".to_owned();
    }
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for CrawlReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "crawl {} in {:.1}s: {} pages fetched ({} new, {} changed, {} unchanged of which {} by 304), {} gone",
            if self.resumed {
                "resumed and finished"
            } else {
                "finished"
            },
            self.seconds,
            self.fetched,
            self.new,
            self.changed,
            self.unchanged,
            self.not_modified,
            self.gone
        )?;
        writeln!(
            f,
            "  not html {}, too large {}, noindex {}",
            self.not_html, self.too_large, self.noindex
        )?;
        writeln!(
            f,
            "  skipped by robots.txt {}; other skips: {}",
            self.skipped_robots,
            list(&self.skipped)
        )?;
        writeln!(f, "  errors {}: {}", self.error_count(), list(&self.errors))?;
        write!(
            f,
            "  {} requests, {:.1} MiB",
            self.requests,
            self.bytes as f64 / (1024.0 * 1024.0)
        )?;
        for h in &self.hosts {
            write!(
                f,
                "\n  {}: {} pages, {} requests, {:.1} MiB",
                h.host,
                h.pages,
                h.requests,
                h.bytes as f64 / (1024.0 * 1024.0)
            )?;
            if let Some(why) = &h.skipped {
                write!(f, " (skipped: {why})")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_changes_and_shows_a_summary() {
        let mut r = CrawlReport::default();
        for c in [
            Change::New,
            Change::Changed,
            Change::NotModified,
            Change::Unchanged,
            Change::Gone,
            Change::NotFound,
        ] {
            r.count(c);
        }
        r.skipped_robots = 3;
        r.skip("max_depth", 2);
        r.error("timeout");
        r.hosts.push(HostReport {
            host: "a.test:81".into(),
            requests: 9,
            pages: 6,
            bytes: 2048,
            skipped: None,
        });
        r.hosts.push(HostReport {
            host: "slow.test".into(),
            requests: 1,
            pages: 0,
            bytes: 40,
            skipped: Some("Crawl-delay 3600 s is beyond max_crawl_delay_ms 30000".into()),
        });
        assert_eq!(
            (
                r.fetched,
                r.new,
                r.changed,
                r.unchanged,
                r.not_modified,
                r.gone
            ),
            (4, 1, 1, 2, 1, 1)
        );
        assert_eq!(r.error_count(), 2);
        let text = r.to_string();
        assert!(text.starts_with("crawl finished in 0.0s: 4 pages fetched (1 new, 1 changed, 2 unchanged of which 1 by 304"), "{text}");
        assert!(
            text.contains("skipped by robots.txt 3; other skips: max_depth 2"),
            "{text}"
        );
        assert!(text.contains("errors 2: not_found 1, timeout 1"), "{text}");
        assert!(text.contains("a.test:81: 6 pages, 9 requests"), "{text}");
        assert!(
            text.contains("slow.test: 0 pages, 1 requests, 0.0 MiB (skipped: Crawl-delay 3600 s"),
            "{text}"
        );
    }
}
