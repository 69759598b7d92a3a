//! Counters and a latency histogram, rendered in the Prometheus text exposition format (version
//! 0.0.4) at `/metrics`. Counts start at zero when the process starts.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The service's counters: requests by route and status, request latency, searches, searches
/// with no result, and index reloads. Shared by every request; recording takes no lock but the
/// one on the request counts.
#[derive(Default)]
pub struct Metrics {
    /// (route, status) -> count
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    searches: AtomicU64,
    zero_results: AtomicU64,
    reloads: AtomicU64,
}

impl Metrics {
    /// Counts one answered request: `route` is the matched route pattern (`/api/search`,
    /// `/{lang}/search`, or `unmatched`), never the raw path, so the number of series stays
    /// bounded; `status` the HTTP status; `seconds` the time to answer.
    ///
    /// # Panics
    ///
    /// When another thread panicked while holding the request counts (a poisoned lock).
    pub fn record_request(&self, route: &str, status: u16, seconds: f64) {
        *self
            .requests
            .lock()
            .expect("metrics lock")
            .entry((route.to_owned(), status))
            .or_default() += 1;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    /// Counts one search answered (by the API, the results page or the agent view), and a
    /// zero-result search when `results`, the number of results on the page returned, is 0.
    pub fn record_search(&self, results: usize) {
        self.searches.fetch_add(1, Ordering::Relaxed);
        if results == 0 {
            self.zero_results.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counts one new index commit picked up without a restart.
    pub fn record_reload(&self) {
        self.reloads.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything counted, in the Prometheus text format: `firststop_http_requests_total`
    /// (by route and status), `firststop_http_request_duration_seconds` (a histogram with buckets
    /// from 1 ms to 10 s), `firststop_searches_total`, `firststop_zero_result_searches_total`,
    /// `firststop_index_reloads_total`, and the gauge `firststop_index_documents` set to
    /// `documents`, the records in the index served.
    ///
    /// # Panics
    ///
    /// As [`Metrics::record_request`], on a poisoned lock.
    pub fn render(&self, documents: u64) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP firststop_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE firststop_http_requests_total counter");
        for ((route, status), n) in self.requests.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "firststop_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP firststop_http_request_duration_seconds Time to answer a request."
        );
        let _ = writeln!(
            out,
            "# TYPE firststop_http_request_duration_seconds histogram"
        );
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "firststop_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "firststop_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "firststop_http_request_duration_seconds_sum {}",
            self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "firststop_http_request_duration_seconds_count {count}");
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
            );
        };
        counter(
            &mut out,
            "firststop_searches_total",
            "Searches answered.",
            self.searches.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "firststop_zero_result_searches_total",
            "Searches that found nothing.",
            self.zero_results.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "firststop_index_reloads_total",
            "Times a new index commit was picked up.",
            self.reloads.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP firststop_index_documents Records in the served index.\n# TYPE firststop_index_documents gauge\nfirststop_index_documents {documents}"
        );
        out
    }
}

/// Appends the search log's counters (`firststop_insights_events_total` by outcome: `written`,
/// `dropped` when the queue was full, `failed` when a batch could not be written, `rejected`
/// for duplicates and clicks on URLs a search did not show) to `out`, in the Prometheus text
/// format.
pub fn render_search_log(out: &mut String, stats: &insights::RecorderStats) {
    let _ = writeln!(
        out,
        "# HELP firststop_insights_events_total Search and click events of the search log, by outcome.\n# TYPE firststop_insights_events_total counter"
    );
    for (outcome, n) in [
        ("written", stats.written),
        ("dropped", stats.dropped),
        ("failed", stats.failed),
        ("rejected", stats.rejected),
    ] {
        let _ = writeln!(
            out,
            "firststop_insights_events_total{{outcome=\"{outcome}\"}} {n}"
        );
    }
}
