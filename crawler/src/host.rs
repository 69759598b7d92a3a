//! Politeness toward one host: its robots.txt, at most one request in flight, a delay between
//! requests (the larger of `min_delay` and `Crawl-delay`: never faster than the site asks), and
//! backing off when it says it is busy.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use url::Url;

use crate::robots::{self, Robots};

/// The longest wait after a 429/503, whatever `Retry-After` says.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// Where the host's robots.txt stands.
#[derive(Debug, Clone)]
pub enum RobotsState {
    /// Not fetched yet in this crawl, and no fresh copy stored.
    Unknown,
    /// Being fetched (or following its redirects).
    Fetching,
    /// Known: the rules for us, and when they were fetched.
    Ready {
        /// The parsed rules.
        robots: Arc<Robots>,
        /// When they were fetched (in the past for a copy from an earlier crawl).
        fetched: Instant,
    },
}

/// Counts for the report and the progress display.
#[derive(Debug, Clone, Default)]
pub struct HostStats {
    /// Requests made, robots.txt and sitemaps included.
    pub requests: usize,
    /// Frontier pages settled.
    pub pages: usize,
    /// Body bytes received.
    pub bytes: u64,
    /// When the first request went out.
    pub first_request: Option<Instant>,
}

impl HostStats {
    /// Pages per second since the first request to the host.
    pub fn rate(&self, now: Instant) -> f64 {
        match self.first_request {
            Some(t) if now > t => self.pages as f64 / (now - t).as_secs_f64().max(0.001),
            _ => 0.0,
        }
    }
}

/// One host (one configured site) and its queue of urgent jobs.
pub struct Host<J> {
    /// `scheme://host[:port]/` of the site.
    pub origin: Url,
    /// Its robots.txt.
    pub robots: RobotsState,
    /// Jobs that go before the frontier: robots.txt, sitemaps, redirect hops, retries.
    pub urgent: VecDeque<J>,
    /// Whether a request is in flight.
    pub in_flight: bool,
    /// The earliest the next request may go.
    pub next_at: Instant,
    min_delay: Duration,
    /// Frontier pages started on this host (its budget).
    pub pages_started: usize,
    /// Counts for the report.
    pub stats: HostStats,
    /// Why nothing more is crawled on this host in this crawl (its `Crawl-delay` is beyond the
    /// configured maximum), when so.
    pub skipped: Option<String>,
    /// The `host` span every log line about this host's work is recorded in.
    pub span: tracing::Span,
}

impl<J> Host<J> {
    /// A host at `origin` waiting at least `min_delay` between requests, idle from `now`.
    pub fn new(origin: Url, min_delay: Duration, now: Instant) -> Host<J> {
        let mut host = Host {
            origin,
            robots: RobotsState::Unknown,
            urgent: VecDeque::new(),
            in_flight: false,
            next_at: now,
            min_delay,
            pages_started: 0,
            stats: HostStats::default(),
            skipped: None,
            span: tracing::Span::none(),
        };
        host.span = tracing::info_span!("host", host = %host.name());
        host
    }

    /// `host:port`, for logs and the report.
    pub fn name(&self) -> String {
        match self.origin.port() {
            Some(port) => format!("{}:{port}", self.origin.host_str().unwrap_or_default()),
            None => self.origin.host_str().unwrap_or_default().to_owned(),
        }
    }

    /// Time between two requests to this host: `min_delay`, or the `Crawl-delay` its robots.txt
    /// asks for when that is longer.
    pub fn delay(&self) -> Duration {
        let crawl_delay = match &self.robots {
            RobotsState::Ready { robots, .. } => robots.crawl_delay().unwrap_or_default(),
            _ => Duration::ZERO,
        };
        self.min_delay.max(crawl_delay)
    }

    /// No request in flight and the delay since the last one has passed.
    pub fn idle(&self, now: Instant) -> bool {
        !self.in_flight && now >= self.next_at
    }

    /// robots.txt must be fetched (again) before anything else.
    pub fn robots_due(&self, now: Instant) -> bool {
        match &self.robots {
            RobotsState::Unknown => true,
            RobotsState::Fetching => false,
            RobotsState::Ready { fetched, .. } => now.duration_since(*fetched) >= robots::MAX_AGE,
        }
    }

    /// The robots.txt rules, once known.
    pub fn rules(&self) -> Option<Arc<Robots>> {
        match &self.robots {
            RobotsState::Ready { robots, .. } => Some(Arc::clone(robots)),
            _ => None,
        }
    }

    /// A request goes out at `now`.
    pub fn start(&mut self, now: Instant) {
        self.in_flight = true;
        self.stats.requests += 1;
        self.stats.first_request.get_or_insert(now);
    }

    /// A response (or failure) came back at `now`: the next request waits the delay.
    pub fn finish(&mut self, now: Instant) {
        self.in_flight = false;
        self.next_at = now + self.delay();
    }

    /// The host answered 429 or 503 to the `attempt`-th try: wait what it asked (or 1, 2, 4…
    /// seconds), never less than the delay, at most [`MAX_BACKOFF`]. Returns the wait.
    pub fn back_off(
        &mut self,
        now: Instant,
        retry_after: Option<Duration>,
        attempt: u32,
    ) -> Duration {
        let guess = Duration::from_secs(1u64 << attempt.min(6));
        let wait = retry_after
            .unwrap_or(guess)
            .max(self.delay())
            .min(MAX_BACKOFF);
        self.in_flight = false;
        self.next_at = now + wait;
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(min_delay_ms: u64) -> (Host<()>, Instant) {
        let now = Instant::now();
        (
            Host::new(
                Url::parse("http://a.test:8080/").unwrap(),
                Duration::from_millis(min_delay_ms),
                now,
            ),
            now,
        )
    }

    #[test]
    fn one_request_in_flight_then_the_delay() {
        let (mut h, now) = host(100);
        assert!(h.idle(now));
        h.start(now);
        assert!(!h.idle(now + Duration::from_secs(5)));
        h.finish(now);
        assert!(!h.idle(now + Duration::from_millis(99)));
        assert!(h.idle(now + Duration::from_millis(100)));
        assert_eq!(h.name(), "a.test:8080");
    }

    #[test]
    fn a_larger_crawl_delay_wins_however_long() {
        let (mut h, now) = host(100);
        let robots = Robots::parse("User-agent: *\nCrawl-delay: 2\n", "firststop");
        h.robots = RobotsState::Ready {
            robots: Arc::new(robots),
            fetched: now,
        };
        assert_eq!(h.delay(), Duration::from_secs(2));
        let robots = Robots::parse("User-agent: *\nCrawl-delay: 0.01\n", "firststop");
        h.robots = RobotsState::Ready {
            robots: Arc::new(robots),
            fetched: now,
        };
        assert_eq!(h.delay(), Duration::from_millis(100));
        let robots = Robots::parse("User-agent: *\nCrawl-delay: 86400\n", "firststop");
        h.robots = RobotsState::Ready {
            robots: Arc::new(robots),
            fetched: now,
        };
        assert_eq!(h.delay(), Duration::from_secs(86_400));
    }

    #[test]
    fn robots_is_fetched_again_after_a_day() {
        let (mut h, now) = host(0);
        assert!(h.robots_due(now));
        h.robots = RobotsState::Ready {
            robots: Arc::new(Robots::allow_all()),
            fetched: now,
        };
        assert!(!h.robots_due(now + Duration::from_secs(3600)));
        assert!(h.robots_due(now + robots::MAX_AGE));
    }

    #[test]
    fn backs_off_as_asked_within_limits() {
        let (mut h, now) = host(0);
        assert_eq!(
            h.back_off(now, Some(Duration::from_secs(3)), 0),
            Duration::from_secs(3)
        );
        assert!(!h.idle(now + Duration::from_secs(2)));
        assert_eq!(h.back_off(now, None, 2), Duration::from_secs(4));
        assert_eq!(
            h.back_off(now, Some(Duration::from_secs(86_400)), 0),
            MAX_BACKOFF
        );
    }
}
