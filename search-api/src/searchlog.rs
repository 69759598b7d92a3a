//! The search log as the service keeps it: every search answered by `/search`, `/agent` or
//! `/api/search` is redacted once, that redacted question goes into the request's log line, and
//! (with `[insights] enabled`) into a [`SearchEvent`] queued on the [`Recorder`], off the request
//! path. Clicks come back through the click redirect and are checked against what the search
//! showed. Retention runs at start and daily.
//!
//! Questions are grouped with [`Analyzed`]: the search index's own analyzer for the question's
//! detected language, so a question groups the way it is matched (`potholes` with `pothole`).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use config::{Config, InsightsSettings, Lang};
use engine::SearchResponse;
use insights::{
    Channel, ClickEvent, Normalizer, PhoneAllowlist, Recorder, RecorderOptions, RecorderStats,
    Redacted, SearchEvent, SearchId, Store,
};
use searchindex::analysis::Analyzer;
use time::OffsetDateTime;

use crate::error::ApiError;

/// The redacted question of a request, put in the response's extensions by the search handlers
/// so the request's log line ([`crate::observe`]) can name it. Only redaction makes one.
#[derive(Debug, Clone)]
pub struct LoggedQuestion(pub Redacted);

/// The City's own published phone numbers, which stay in questions: every bureau's `phone` in
/// `firststop.toml` (311's among them).
pub fn city_numbers(config: &Config) -> PhoneAllowlist {
    PhoneAllowlist::new(config.bureaus.iter().filter_map(|b| b.phone.as_deref()))
}

/// The grouping key of a question from the search index's analyzers: [`insights::fold`]
/// (case, accents, punctuation, spacing), then each word as the language's analyzer indexes it
/// (stemmed where the language has a stemmer; Chinese cut into words), `[placeholders]` kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyzed;

impl Normalizer for Analyzed {
    fn key(&self, question: &str, lang: &str) -> String {
        let analyzer = Analyzer::for_lang(Lang::by_tag(lang));
        let folded = insights::fold(question);
        let mut words: Vec<String> = Vec::new();
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            if word.starts_with('[') && word.ends_with(']') {
                words.push(word.to_owned());
            } else {
                words.extend(analyzer.terms(word));
            }
        }
        words.join(" ")
    }
}

/// Redaction, recording and reading of the search log. Shared by every request.
pub struct SearchLog {
    city: PhoneAllowlist,
    settings: InsightsSettings,
    recorder: Option<Recorder>,
    store: Option<Store>,
}

/// What became of a click on a result link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Click {
    /// The search showed that URL: follow it (the click was queued, or dropped and counted).
    Follow,
    /// The search is unknown or did not show that URL: never follow it.
    Refuse,
}

impl SearchLog {
    /// Redaction for the log lines only: nothing is recorded or readable. What a state without
    /// insights (most tests) uses.
    pub fn off(config: &Config) -> SearchLog {
        SearchLog {
            city: city_numbers(config),
            settings: InsightsSettings {
                enabled: false,
                ..config.insights
            },
            recorder: None,
            store: None,
        }
    }

    /// The search log of `config.insights` in `data_dir` (`insights.db`): the store is opened
    /// for the dashboard whether or not recording is on (what was kept stays readable until
    /// retention deletes it); the recorder's writer thread starts only with `enabled = true`.
    ///
    /// # Errors
    /// Opening the database or starting the writer: see [`insights::InternalError`].
    pub fn open(
        data_dir: &Path,
        config: &Config,
        options: RecorderOptions,
    ) -> Result<SearchLog, insights::Error> {
        let settings = config.insights;
        let store = Store::open(data_dir, settings)?;
        let recorder = if settings.enabled {
            Some(Recorder::start(data_dir, Arc::new(Analyzed), options)?)
        } else {
            None
        };
        Ok(SearchLog {
            city: city_numbers(config),
            settings,
            recorder,
            store: Some(store),
        })
    }

    /// The settings in force (`enabled` is false when nothing is recorded).
    pub fn settings(&self) -> InsightsSettings {
        self.settings
    }

    /// Whether searches are being recorded: result links then go through the click redirect.
    pub fn recording(&self) -> bool {
        self.recorder.is_some()
    }

    /// `question` without personal data, keeping the City's own numbers; outer spaces trimmed
    /// (a trailing space only says the last word was finished).
    pub fn redact(&self, question: &str) -> Redacted {
        Redacted::new(question.trim(), &self.city)
    }

    /// Queues the search `response` answered for `question` through `channel`, having shown
    /// `shown` (URLs in page order; see [`shown`]). Returns the search's id for its result links,
    /// or `None` when nothing is recorded. Never blocks: a full queue drops the event (counted in
    /// the metrics) but the id still works for clicks on the links just made.
    pub fn record(
        &self,
        channel: Channel,
        question: Redacted,
        response: &SearchResponse,
        shown: Vec<String>,
    ) -> Option<SearchId> {
        let recorder = self.recorder.as_ref()?;
        let id = match SearchId::new() {
            Ok(id) => id,
            Err(e) => {
                tracing::warn!(error = %e, "search not recorded");
                return None;
            }
        };
        let top = response.results.first();
        let mut notices: Vec<String> = response.emergency.iter().map(|n| n.id.clone()).collect();
        notices.extend(response.referrals.iter().map(|n| n.id.clone()));
        recorder.record_search(SearchEvent {
            id,
            at: OffsetDateTime::now_utc(),
            channel,
            question,
            lang: response.lang.clone(),
            results: response.total as u64,
            // The article, not its language version: one answer whatever language it was read in.
            answer: response
                .answer
                .as_ref()
                .map(|a| format!("/articles/{}", a.slug)),
            top_url: top.map(|h| h.url.clone()),
            bureau: response
                .answer
                .as_ref()
                .map(|a| a.bureau.id.clone())
                .or_else(|| top.map(|h| h.bureau.id.clone())),
            notices,
            took_ms: response.took_ms,
            shown,
        });
        Some(id)
    }

    /// Whether a click on `url` at `position` of search `search` may be followed; when it may,
    /// the click is queued. The search's shown URLs are checked in memory for recent searches and
    /// in the database for older ones (on the blocking pool).
    ///
    /// # Errors
    /// [`ApiError::Internal`] when the database cannot be read.
    pub async fn click(
        self: &Arc<Self>,
        search: SearchId,
        position: u32,
        url: &str,
    ) -> Result<Click, ApiError> {
        let Some(recorder) = &self.recorder else {
            return Ok(Click::Refuse);
        };
        let shown = recorder.was_shown(&search, url) || {
            let log = Arc::clone(self);
            let url = url.to_owned();
            blocking(move || match &log.store {
                Some(store) => store.was_shown(&search, &url).map_err(ApiError::from),
                None => Ok(false),
            })
            .await??
        };
        if !shown {
            return Ok(Click::Refuse);
        }
        recorder.record_click(ClickEvent {
            search,
            at: OffsetDateTime::now_utc(),
            position,
            url: url.to_owned(),
        });
        Ok(Click::Follow)
    }

    /// The store, for the dashboard and the insights API; `None` when the state was made
    /// without one ([`SearchLog::off`]).
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The recorder's counters, when recording.
    pub fn stats(&self) -> Option<RecorderStats> {
        self.recorder.as_ref().map(Recorder::stats)
    }

    /// Writes everything queued so far and waits for it (blocking: call it on the blocking pool
    /// or at shutdown).
    pub fn flush(&self) {
        if let Some(recorder) = &self.recorder {
            recorder.flush();
        }
    }

    /// Deletes what is older than `retention_days` (and expired sessions, when `accounts` is
    /// given), logging what went. Blocking.
    pub fn apply_retention(&self, accounts: Option<&accounts::Accounts>, now: OffsetDateTime) {
        if let Some(store) = &self.store {
            match store.apply_retention(now) {
                Ok(gone) => tracing::info!(
                    searches = gone.searches,
                    clicks = gone.clicks,
                    questions = gone.questions,
                    retention_days = self.settings.retention_days,
                    "insights retention applied"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "insights retention failed; tried again tomorrow")
                }
            }
        }
        if let Some(accounts) = accounts {
            match accounts.purge_sessions(now) {
                Ok(n) => tracing::debug!(sessions = n, "expired sessions deleted"),
                Err(e) => tracing::warn!(error = %e, "cannot delete expired sessions"),
            }
        }
    }
}

/// The URLs a page of `response` shows, in page order: the answer card's article, its web
/// actions (links, not phone numbers), then the results. A click's position is its 1-based
/// index here; the JSON API records the same list.
pub fn shown(response: &SearchResponse) -> Vec<String> {
    let mut urls = Vec::with_capacity(response.results.len() + 4);
    if let Some(answer) = &response.answer {
        urls.push(answer.url.clone());
        urls.extend(
            answer
                .actions
                .iter()
                .filter(|a| is_web(&a.url))
                .map(|a| a.url.clone()),
        );
    }
    urls.extend(response.results.iter().map(|h| h.url.clone()));
    urls
}

/// Whether a link is followed through the click redirect: a page on the web or on this site,
/// not a `tel:` or `mailto:` link.
pub fn is_web(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

/// Runs `work` on the blocking pool in the caller's tracing span and subscriber.
///
/// # Errors
/// [`ApiError::Internal`] when `work` panics (logged).
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let span = tracing::Span::current();
    let dispatch = tracing::dispatcher::get_default(Clone::clone);
    tokio::task::spawn_blocking(move || {
        tracing::dispatcher::with_default(&dispatch, || span.in_scope(work))
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "blocking task failed");
        ApiError::Internal
    })
}

/// Applies retention (and deletes expired sessions) now, then every `every` (a day in
/// `firststop serve`), on the blocking pool. Returns once the first run is done, with the
/// handle of the task that runs the later ones until aborted or the runtime stops.
///
/// # Panics
/// When called outside a tokio runtime.
pub async fn start_retention(
    log: Arc<SearchLog>,
    accounts: Option<Arc<accounts::Accounts>>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    let run = move || {
        let (log, accounts) = (Arc::clone(&log), accounts.clone());
        blocking(move || log.apply_retention(accounts.as_deref(), OffsetDateTime::now_utc()))
    };
    let _ = run().await;
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate: the run above was it.
        interval.tick().await;
        loop {
            interval.tick().await;
            let _ = run().await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_and_spellings_of_a_question_share_a_key() {
        let key = |q: &str, lang: &str| Analyzed.key(q, lang);
        assert_eq!(key("Potholes", "en"), key("pothole", "en"));
        assert_eq!(
            key("POTHOLES on my street!", "en"),
            key("pothole on my streets", "en")
        );
        assert_eq!(
            key("baches en la calle", "es"),
            key("Bache en la calle", "es")
        );
        assert_eq!(key("вывоз мусора", "ru"), key("Вывоз мусор", "ru"));
        assert_eq!(key("xe bị bỏ rơi", "vi"), key("xe bi bo roi", "vi"));
        assert_eq!(key("垃圾收集日", "zh-hans"), key("垃圾 收集日", "zh-hans"));
        assert_eq!(key("call me at [phone]", "en"), "call me at [phone]");
        assert_ne!(key("permit", "en"), key("parking", "en"));
    }

    #[test]
    fn only_web_links_go_through_the_click_redirect() {
        assert!(is_web("https://www.portland.gov/311"));
        assert!(is_web("/articles/report-pothole"));
        assert!(!is_web("tel:+1-503-823-4000"));
        assert!(!is_web("mailto:311@portland.gov"));
        assert!(!is_web("//evil.example/"));
        assert!(!is_web("javascript:alert(1)"));
    }
}
