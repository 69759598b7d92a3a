//! Insights: what residents ask, in which language, and what they don't find, kept so that a
//! resident's search never becomes a record about that resident.
//!
//! - [`redact`] takes personal data out of a question before anything is written; a
//!   [`SearchEvent`] holds the question only as [`Redacted`] text, so nothing unredacted can be
//!   recorded. No IP address, cookie or user agent is part of an event.
//! - A [`Recorder`] takes events off the request path: a bounded queue (full means dropped and
//!   counted, never a wait) in front of a writer thread that writes batches in one transaction
//!   each, updating daily rollups as it goes.
//! - Questions are grouped per language by a [`Normalizer`] ([`Folding`] by default; the
//!   caller brings stemming with [`Stemming`]), and by the answer they got.
//! - A [`Store`] answers the dashboard: [`Store::summary`], [`Store::questions`],
//!   [`Store::trending`], [`Store::unmet`], [`Store::answers`], [`Store::question_lists`] (the
//!   lists and the answers in one pass over the rollups), [`Store::question`],
//!   [`Store::per_day`], [`Store::export_csv`]; [`Store::was_shown`] is the click redirect's
//!   check and [`Store::apply_retention`] deletes old events. `min_count` keeps rare questions
//!   out of every list.
//!
//! ```
//! use std::sync::Arc;
//! use insights::*;
//! use time::macros::datetime;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let recorder = Recorder::start(dir.path(), Arc::new(Folding), RecorderOptions::default()).unwrap();
//! let city = PhoneAllowlist::new(["503-823-4000"]);
//! let at = datetime!(2026-03-02 17:00 UTC);
//! for question in ["Pothole on my street", "pothole on my street!", "POTHOLE on my street"] {
//!     let search = SearchEvent {
//!         id: SearchId::new().unwrap(),
//!         at,
//!         channel: Channel::Web,
//!         question: Redacted::new(question, &city),
//!         lang: "en".into(),
//!         results: 12,
//!         answer: Some("https://www.portland.gov/pbot/report-pothole".into()),
//!         top_url: Some("https://www.portland.gov/pbot/report-pothole".into()),
//!         bureau: Some("pbot".into()),
//!         notices: vec![],
//!         took_ms: 3.5,
//!         shown: vec!["https://www.portland.gov/pbot/report-pothole".into()],
//!     };
//!     assert!(recorder.record_search(search));
//! }
//! assert_eq!(recorder.shutdown().written, 3);
//!
//! let store = Store::open(dir.path(), InsightsSettings::default()).unwrap();
//! let day = at.date();
//! let top = store.questions(&Filter::new(day, day).unwrap(), Sort::Count, 10).unwrap();
//! assert_eq!((top[0].query.as_str(), top[0].count), ("Pothole on my street", 3));
//! assert_eq!(store.summary(&Filter::new(day, day).unwrap()).unwrap().card_share, 1.0);
//! ```

mod error;
mod event;
mod filter;
mod group;
mod redact;
mod report;
mod schema;
mod settings;
mod store;
mod write;
mod writer;

pub use error::{Error, InternalError, UserError};
pub use event::{Channel, ClickEvent, SearchEvent, SearchId};
pub use filter::{Filter, parse_date};
pub use group::{Folding, Normalizer, Stemming, fold};
pub use redact::{PhoneAllowlist, Redacted, redact};
pub use report::{
    AnswerGroup, CSV_HEADER, Counts, DayPoint, PositionClicks, QuestionDetail, QuestionLists,
    QuestionRef, QuestionRow, ShownResult, Slice, Sort, Summary, Trend, spreadsheet_safe,
};
pub use schema::FILE_NAME;
pub use settings::InsightsSettings;
pub use store::{Retained, Store};
pub use write::{Event, Writer, Written};
pub use writer::{Recorder, RecorderOptions, RecorderStats};
