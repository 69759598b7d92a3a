//! The search log as the site and the dashboard use it.

mod clicks;
mod grouping;
mod privacy;
mod recorder;
mod reports;
mod retention;

use std::sync::Arc;

use insights::{
    Channel, ClickEvent, Event, Filter, Folding, InsightsSettings, Normalizer, PhoneAllowlist,
    Redacted, SearchEvent, SearchId, Store, Writer,
};
use time::macros::datetime;
use time::{Date, OffsetDateTime};

/// A fixed "now": 2026-03-02 17:00 UTC.
pub(crate) fn t0() -> OffsetDateTime {
    datetime!(2026-03-02 17:00 UTC)
}

/// `t0` moved by `days` days.
pub(crate) fn day(days: i64) -> OffsetDateTime {
    t0() + time::Duration::days(days)
}

/// The City's own numbers in these tests.
pub(crate) fn city() -> PhoneAllowlist {
    PhoneAllowlist::new(["503-823-4000"])
}

/// A search for `question` in `lang` at `at`, with `results` results; the answer card (if
/// `card`) and the shown URLs are made from `answer_url`.
pub(crate) fn search(question: &str, lang: &str, at: OffsetDateTime) -> SearchEvent {
    SearchEvent {
        id: SearchId::new().unwrap(),
        at,
        channel: Channel::Web,
        question: Redacted::new(question, &city()),
        lang: lang.into(),
        results: 5,
        answer: None,
        top_url: Some("https://www.portland.gov/311".into()),
        bureau: Some("311".into()),
        notices: vec![],
        took_ms: 2.0,
        shown: vec![
            "https://www.portland.gov/311".into(),
            "https://www.portland.gov/311/contact".into(),
        ],
    }
}

/// Makes `search` end on `url` of `bureau`, as an answer card or as first result.
pub(crate) fn ending(mut s: SearchEvent, url: &str, bureau: &str, card: bool) -> SearchEvent {
    s.answer = card.then(|| url.to_owned());
    s.top_url = Some(url.to_owned());
    s.bureau = Some(bureau.to_owned());
    s.shown = vec![url.to_owned(), "https://www.portland.gov/311".into()];
    s
}

/// Makes `search` a zero-result search.
pub(crate) fn nothing(mut s: SearchEvent) -> SearchEvent {
    s.results = 0;
    s.answer = None;
    s.top_url = None;
    s.bureau = None;
    s.shown = vec![];
    s
}

/// A click on the `position`th URL `s` showed.
pub(crate) fn click(s: &SearchEvent, position: u32) -> ClickEvent {
    ClickEvent {
        search: s.id,
        at: s.at + time::Duration::seconds(20),
        position,
        url: s.shown[position as usize - 1].clone(),
    }
}

/// A temporary data directory with a writer and a store (`min_count` 3).
pub(crate) struct Log {
    /// Kept so the directory lives as long as the log.
    _dir: tempfile::TempDir,
    pub(crate) writer: Writer,
    pub(crate) store: Store,
}

impl Default for Log {
    /// Default settings, no stemming.
    fn default() -> Log {
        Log::with(Arc::new(Folding), InsightsSettings::default())
    }
}

impl Log {
    pub(crate) fn with(normalizer: Arc<dyn Normalizer>, settings: InsightsSettings) -> Log {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::open(dir.path(), normalizer).unwrap();
        let store = Store::open(dir.path(), settings).unwrap();
        Log {
            _dir: dir,
            writer,
            store,
        }
    }

    /// Writes searches (each in its own batch, so grouping sees the ones before).
    pub(crate) fn searches(&mut self, searches: impl IntoIterator<Item = SearchEvent>) {
        for s in searches {
            self.writer.write(&[Event::Search(s)]).unwrap();
        }
    }

    pub(crate) fn click(&mut self, c: ClickEvent) -> bool {
        self.writer.write(&[Event::Click(c)]).unwrap().stored == 1
    }
}

/// `n` copies of `question` (each its own search) at `at`.
pub(crate) fn times(n: usize, question: &str, lang: &str, at: OffsetDateTime) -> Vec<SearchEvent> {
    (0..n).map(|_| search(question, lang, at)).collect()
}

/// The single day of `at`.
pub(crate) fn on(at: OffsetDateTime) -> Filter {
    Filter::new(at.date(), at.date()).unwrap()
}

/// From `from` to `to`.
pub(crate) fn between(from: OffsetDateTime, to: OffsetDateTime) -> Filter {
    Filter::new(from.date(), to.date()).unwrap()
}

pub(crate) fn date(at: OffsetDateTime) -> Date {
    at.date()
}
