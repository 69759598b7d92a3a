//! Writing events: one batch in one transaction, the daily rollups updated with it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::InternalError;
use crate::event::{ClickEvent, SearchEvent};
use crate::group::{Grouper, Normalizer};
use crate::schema::{self, day_of};

/// Something to record.
#[derive(Debug, Clone)]
pub enum Event {
    /// A search answered.
    Search(SearchEvent),
    /// A result clicked.
    Click(ClickEvent),
}

/// What one [`Writer::write`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Events stored.
    pub stored: u64,
    /// Events refused: a search already stored (same id), or a click whose search is unknown
    /// (never recorded, dropped, or deleted by retention) or did not show that URL at that
    /// position.
    pub rejected: u64,
}

/// Writes batches of events to `insights.db`, synchronously. [`crate::Recorder`] runs one on
/// its own thread; tests and imports may use one directly.
pub struct Writer {
    conn: Connection,
    path: PathBuf,
    normalizer: Arc<dyn Normalizer>,
    /// URL and answer ids to their row ids (targets are never deleted, so this never goes stale).
    targets: HashMap<String, i64>,
}

/// The columns of a stored search that a click updates.
struct Clicked {
    row: i64,
    day: i64,
    lang: String,
    channel: i64,
    question: i64,
    bureau: String,
    outcome: i64,
    first_click: bool,
    counted_unmet: bool,
}

impl Writer {
    /// Opens (creating when needed) `insights.db` under `data_dir`; questions are grouped with
    /// `normalizer`.
    ///
    /// # Errors
    /// [`InternalError::Open`] (also for a file a newer firststop wrote).
    pub fn open(data_dir: &Path, normalizer: Arc<dyn Normalizer>) -> Result<Writer, InternalError> {
        let (conn, path) = schema::open(data_dir)?;
        Ok(Writer {
            conn,
            path,
            normalizer,
            targets: HashMap::new(),
        })
    }

    /// Stores `events` in one transaction: all of them or, on error, none.
    ///
    /// # Errors
    /// [`InternalError::Sqlite`]; the batch is then lost as a whole.
    pub fn write(&mut self, events: &[Event]) -> Result<Written, InternalError> {
        let path = self.path.clone();
        let sql = |source| InternalError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut written = Written::default();
        let mut new_targets = Vec::new();
        let result = (|| {
            for event in events {
                let stored = match event {
                    Event::Search(search) => insert_search(
                        &tx,
                        search,
                        &*self.normalizer,
                        &mut self.targets,
                        &mut new_targets,
                    )?,
                    Event::Click(click) => insert_click(&tx, click, &self.targets)?,
                };
                if stored {
                    written.stored += 1;
                } else {
                    written.rejected += 1;
                }
            }
            Ok(())
        })();
        match result.and_then(|()| tx.commit()) {
            Ok(()) => Ok(written),
            Err(e) => {
                // Ids assigned inside the rolled-back transaction are not in the database.
                for target in new_targets {
                    self.targets.remove(&target);
                }
                Err(sql(e))
            }
        }
    }
}

/// The row id of a URL or answer id, inserting it when new.
fn target_id(
    tx: &Transaction<'_>,
    target: &str,
    cache: &mut HashMap<String, i64>,
    new: &mut Vec<String>,
) -> rusqlite::Result<i64> {
    if let Some(&id) = cache.get(target) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT OR IGNORE INTO targets (target) VALUES (?1)")?
        .execute([target])?;
    let id = tx
        .prepare_cached("SELECT id FROM targets WHERE target = ?1")?
        .query_row([target], |r| r.get(0))?;
    cache.insert(target.to_owned(), id);
    new.push(target.to_owned());
    Ok(id)
}

fn insert_search(
    tx: &Transaction<'_>,
    search: &SearchEvent,
    normalizer: &dyn Normalizer,
    targets: &mut HashMap<String, i64>,
    new_targets: &mut Vec<String>,
) -> rusqlite::Result<bool> {
    let sid = search.id.as_bytes().as_slice();
    let known = tx
        .prepare_cached("SELECT 1 FROM searches WHERE sid = ?1")?
        .exists([sid])?;
    if known {
        // The same event recorded twice counts once.
        return Ok(false);
    }
    let text = search.question.as_str();
    let lang = search.lang.as_str();
    let key = {
        let mut asked =
            tx.prepare_cached("SELECT searches FROM questions WHERE lang = ?1 AND key = ?2")?;
        Grouper::new(normalizer).key(text, lang, |key| {
            asked
                .query_row(params![lang, key], |r| r.get::<_, i64>(0))
                .optional()
                .ok()
                .flatten()
                .map_or(0, |n| u64::try_from(n).unwrap_or(0))
        })
    };
    let question: i64 = tx
        .prepare_cached(
            "INSERT INTO questions (lang, key, searches) VALUES (?1, ?2, 1)
             ON CONFLICT (lang, key) DO UPDATE SET searches = searches + 1 RETURNING id",
        )?
        .query_row(params![lang, key], |r| r.get(0))?;
    let form: i64 = tx
        .prepare_cached(
            "INSERT INTO forms (question, text, searches) VALUES (?1, ?2, 1)
             ON CONFLICT (question, text) DO UPDATE SET searches = searches + 1 RETURNING id",
        )?
        .query_row(params![question, text], |r| r.get(0))?;
    let answer = match &search.answer {
        Some(a) => Some(target_id(tx, a, targets, new_targets)?),
        None => None,
    };
    let top = match &search.top_url {
        Some(u) => Some(target_id(tx, u, targets, new_targets)?),
        None => None,
    };
    let mut shown = String::new();
    for url in &search.shown {
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(&target_id(tx, url, targets, new_targets)?.to_string());
    }
    let day = day_of(search.at);
    let at_ms = i64::try_from(search.at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    let channel = search.channel.code();
    let bureau = search.bureau.as_deref().unwrap_or("");
    let results = i64::try_from(search.results).unwrap_or(i64::MAX);
    tx.prepare_cached(
        "INSERT INTO searches (sid, at, day, channel, question, form, lang, results, answer, top,
                               bureau, notices, took_ms, shown)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        sid,
        at_ms,
        day,
        channel,
        question,
        form,
        lang,
        results,
        answer,
        top,
        bureau,
        search.notices.join(" "),
        search.took_ms,
        shown,
    ])?;
    // Zero results: nothing was shown, neither a result nor an answer card (a card can stand
    // alone, when the card's article is the only match).
    let zero = i64::from(results == 0 && answer.is_none());
    let card = i64::from(answer.is_some());
    // Unmet until clicked: nothing shown, or no answer card (a click may still settle it).
    let unmet = i64::from(zero == 1 || answer.is_none());
    tx.prepare_cached(
        "INSERT INTO daily_totals (day, lang, channel, bureau, searches, zero, card, clicked, clicks, unmet, took_ms)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, 0, 0, ?7, ?8)
         ON CONFLICT DO UPDATE SET searches = searches + 1, zero = zero + ?5, card = card + ?6,
                                   unmet = unmet + ?7, took_ms = took_ms + ?8",
    )?
    .execute(params![day, lang, channel, bureau, zero, card, unmet, search.took_ms])?;
    tx.prepare_cached(
        "INSERT INTO daily_questions (day, question, channel, bureau, outcome, searches, zero, card, clicked, clicks, unmet)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, 0, 0, ?8)
         ON CONFLICT DO UPDATE SET searches = searches + 1, zero = zero + ?6, card = card + ?7,
                                   unmet = unmet + ?8",
    )?
    .execute(params![day, question, channel, bureau, answer.or(top).unwrap_or(0), zero, card, unmet])?;
    Ok(true)
}

/// Stores a click if its search is known and showed that URL at that position.
fn insert_click(
    tx: &Transaction<'_>,
    click: &ClickEvent,
    targets: &HashMap<String, i64>,
) -> rusqlite::Result<bool> {
    let target = match targets.get(&click.url) {
        Some(&id) => Some(id),
        None => tx
            .prepare_cached("SELECT id FROM targets WHERE target = ?1")?
            .query_row([&click.url], |r| r.get(0))
            .optional()?,
    };
    match target {
        Some(target) => store_click(tx, click, target),
        None => Ok(false),
    }
}

fn store_click(tx: &Transaction<'_>, click: &ClickEvent, target: i64) -> rusqlite::Result<bool> {
    let position = usize::try_from(click.position).unwrap_or(0);
    let row = tx
        .prepare_cached(
            "SELECT id, day, lang, channel, question, bureau, coalesce(answer, top, 0), clicks,
                    results, answer IS NULL, shown
             FROM searches WHERE sid = ?1",
        )?
        .query_row([click.search.as_bytes().as_slice()], |r| {
            let shown: String = r.get(10)?;
            let at_position = position
                .checked_sub(1)
                .and_then(|i| shown.split(' ').nth(i))
                .is_some_and(|id| id == target.to_string());
            let clicked = Clicked {
                row: r.get(0)?,
                day: r.get(1)?,
                lang: r.get(2)?,
                channel: r.get(3)?,
                question: r.get(4)?,
                bureau: r.get(5)?,
                outcome: r.get(6)?,
                first_click: r.get::<_, i64>(7)? == 0,
                counted_unmet: r.get::<_, i64>(8)? > 0 && r.get::<_, bool>(9)?,
            };
            Ok(at_position.then_some(clicked))
        })
        .optional()?
        .flatten();
    let Some(s) = row else {
        return Ok(false);
    };
    let at_ms = i64::try_from(click.at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    tx.prepare_cached("INSERT INTO clicks (search, at, position, target) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![s.row, at_ms, click.position, target])?;
    tx.prepare_cached("UPDATE searches SET clicks = clicks + 1 WHERE id = ?1")?
        .execute([s.row])?;
    let first = i64::from(s.first_click);
    let settled = i64::from(s.first_click && s.counted_unmet);
    tx.prepare_cached(
        "UPDATE daily_totals SET clicks = clicks + 1, clicked = clicked + ?5, unmet = unmet - ?6
         WHERE day = ?1 AND lang = ?2 AND channel = ?3 AND bureau = ?4",
    )?
    .execute(params![s.day, s.lang, s.channel, s.bureau, first, settled])?;
    tx.prepare_cached(
        "UPDATE daily_questions SET clicks = clicks + 1, clicked = clicked + ?6, unmet = unmet - ?7
         WHERE day = ?1 AND question = ?2 AND channel = ?3 AND bureau = ?4 AND outcome = ?5",
    )?
    .execute(params![
        s.day, s.question, s.channel, s.bureau, s.outcome, first, settled
    ])?;
    Ok(true)
}
