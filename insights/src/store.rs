//! The read side of `insights.db`: the click check, retention, and (in `report`) the
//! dashboard's questions.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::{Error, InternalError};
use crate::event::SearchId;
use crate::schema::{self, day_of};
use crate::settings::InsightsSettings;

/// What [`Store::apply_retention`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Retained {
    /// Search events deleted.
    pub searches: u64,
    /// Click events deleted.
    pub clicks: u64,
    /// Question groups no longer asked within the retention period, deleted with their forms.
    pub questions: u64,
}

/// The insights database for reading and upkeep. Safe to share between threads (one connection
/// behind a mutex); calls block on disk, so async code calls them on a blocking thread.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    pub(crate) settings: InsightsSettings,
}

impl Store {
    /// Opens (creating when needed) `insights.db` under `data_dir`. `settings.min_count` applies
    /// to every list, export and drill-down; `settings.retention_days` to
    /// [`Store::apply_retention`].
    ///
    /// # Errors
    /// [`InternalError::Open`] (also for a file a newer firststop wrote).
    pub fn open(data_dir: &Path, settings: InsightsSettings) -> Result<Store, Error> {
        let (conn, path) = schema::open(data_dir)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
            settings,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The settings it was opened with.
    pub fn settings(&self) -> InsightsSettings {
        self.settings
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| {
            Error::Internal(InternalError::Sqlite {
                path: self.path.clone(),
                source,
            })
        }
    }

    /// Whether the stored search `search` showed `url`: the click redirect follows a URL only
    /// then, so it can never be used as an open redirect. See also
    /// [`crate::Recorder::was_shown`] for searches not yet written.
    ///
    /// # Errors
    /// Internal errors only.
    pub fn was_shown(&self, search: &SearchId, url: &str) -> Result<bool, Error> {
        let conn = self.lock();
        let target: Option<i64> = conn
            .prepare_cached("SELECT id FROM targets WHERE target = ?1")
            .and_then(|mut s| s.query_row([url], |r| r.get(0)).optional())
            .map_err(self.sql())?;
        let Some(target) = target else {
            return Ok(false);
        };
        let shown: Option<String> = conn
            .prepare_cached("SELECT shown FROM searches WHERE sid = ?1")
            .and_then(|mut s| {
                s.query_row([search.as_bytes().as_slice()], |r| r.get(0))
                    .optional()
            })
            .map_err(self.sql())?;
        let target = target.to_string();
        Ok(shown.is_some_and(|ids| ids.split(' ').any(|id| id == target)))
    }

    /// Deletes everything older than `retention_days` UTC days before `now` (today counts as
    /// one): raw searches and clicks, their daily rollups, and the questions and written forms
    /// no search within the period refers to any more. Run it at start and daily.
    ///
    /// # Errors
    /// Internal errors only; nothing is deleted then.
    pub fn apply_retention(&self, now: OffsetDateTime) -> Result<Retained, Error> {
        let keep_from = day_of(now) - i64::from(self.settings.retention_days.max(1)) + 1;
        let mut conn = self.lock();
        let sql = self.sql();
        let tx = conn.transaction().map_err(&sql)?;
        let counted = (|| {
            let before = |statement: &str| tx.execute(statement, [keep_from]);
            let run = |statement: &str| tx.execute(statement, []);
            run("CREATE TEMP TABLE IF NOT EXISTS expired (form INTEGER PRIMARY KEY, n INTEGER)")?;
            run("DELETE FROM temp.expired")?;
            before(
                "INSERT INTO temp.expired SELECT form, count(*) FROM searches WHERE day < ?1 GROUP BY form",
            )?;
            run("UPDATE forms SET searches = searches - (SELECT n FROM temp.expired WHERE form = forms.id)
                 WHERE id IN (SELECT form FROM temp.expired)")?;
            run("UPDATE questions SET searches = searches -
                     (SELECT sum(e.n) FROM temp.expired e JOIN forms f ON f.id = e.form
                      WHERE f.question = questions.id)
                 WHERE id IN (SELECT f.question FROM temp.expired e JOIN forms f ON f.id = e.form)")?;
            let clicks =
                before("DELETE FROM clicks WHERE search IN (SELECT id FROM searches WHERE day < ?1)")?;
            let searches = before("DELETE FROM searches WHERE day < ?1")?;
            before("DELETE FROM daily_totals WHERE day < ?1")?;
            before("DELETE FROM daily_questions WHERE day < ?1")?;
            run("DELETE FROM forms WHERE searches <= 0")?;
            let questions = run("DELETE FROM questions WHERE searches <= 0")?;
            run("DELETE FROM temp.expired")?;
            Ok::<_, rusqlite::Error>(Retained {
                searches: searches as u64,
                clicks: clicks as u64,
                questions: questions as u64,
            })
        })()
        .map_err(&sql)?;
        tx.commit().map_err(&sql)?;
        Ok(counted)
    }
}
