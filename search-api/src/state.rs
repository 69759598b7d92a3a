//! What every handler can reach: the engine being served (swapped whole when the index changes),
//! the config, the metrics, the concurrency limit searches run behind, the accounts of staff and
//! the search log.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use config::Config;
use engine::Engine;
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::searchlog::{SearchLog, blocking};

/// The engine currently served; replaced whole when the index changes. Clones share one slot.
#[derive(Clone)]
pub struct EngineHandle(Arc<RwLock<Arc<Engine>>>);

impl EngineHandle {
    /// A handle serving `engine`.
    pub fn new(engine: Engine) -> EngineHandle {
        EngineHandle(Arc::new(RwLock::new(Arc::new(engine))))
    }

    /// The engine being served now. A search keeps the engine it started with, even if a new
    /// one is swapped in meanwhile.
    ///
    /// # Panics
    ///
    /// When the lock is poisoned: a thread panicked while holding it.
    pub fn current(&self) -> Arc<Engine> {
        self.0.read().expect("engine lock").clone()
    }

    /// Serves `engine` from now on. The previous one is dropped once the searches still using it
    /// finish.
    ///
    /// # Panics
    ///
    /// As [`EngineHandle::current`], on a poisoned lock.
    pub fn replace(&self, engine: Engine) {
        *self.0.write().expect("engine lock") = Arc::new(engine);
    }

    /// Serves `engine` unless the one served is of the same generation and at least as new a
    /// commit (two reloads finishing out of order never go back in time). True when replaced.
    ///
    /// # Panics
    ///
    /// As [`EngineHandle::current`], on a poisoned lock.
    pub fn replace_if_newer(&self, engine: Engine) -> bool {
        let mut slot = self.0.write().expect("engine lock");
        if slot.generation() == engine.generation() && slot.opstamp() >= engine.opstamp() {
            return false;
        }
        *slot = Arc::new(engine);
        true
    }
}

/// Service settings. The default: four searches per CPU core at once (two cores assumed when
/// the count is unknown), a 2 s wait for a slot, a 10 s limit per request.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Searches (and other engine work: topics, article pages) run at once on the blocking pool;
    /// more wait for a slot. Must be at least 1: with 0 every search waits out
    /// [`ServeOptions::queue_timeout`] and gets 503 `busy`.
    pub max_concurrent_searches: usize,
    /// How long a search may wait for a slot before it gets 503 `busy`.
    pub queue_timeout: Duration,
    /// How long a whole request may take before the service answers 503 in its place (an
    /// editor's change is not cut short; see [`app`](crate::app)).
    pub request_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        ServeOptions {
            max_concurrent_searches: cores * 4,
            queue_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// What every handler can reach. Cloning is cheap: every part but the options is shared.
#[derive(Clone)]
pub struct AppState {
    /// The engine being served, swapped by [`watch_index`](crate::reload::watch_index).
    pub engine: EngineHandle,
    /// The validated `firststop.toml`: bureaus for parameter checks and bureau links.
    pub config: Arc<Config>,
    /// Request and search counters, rendered at `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The concurrency limit of [`AppState::run`]: `max_concurrent_searches` permits.
    pub limiter: Arc<Semaphore>,
    /// The settings the state was made with.
    pub options: ServeOptions,
    /// The staff's accounts, for sign-in and the insights endpoints; `None` signs nobody in
    /// (every staff endpoint answers 401).
    pub accounts: Option<Arc<accounts::Accounts>>,
    /// Redaction of questions for the log lines, and the search log when kept.
    pub search_log: Arc<SearchLog>,
    /// The editors' workspace over `content/`; `None` when the server has none (every editor
    /// endpoint answers 404).
    pub editor: Option<Arc<editor::Workspace>>,
    /// Where the index lives, so a publish can open the new commit at once instead of waiting
    /// for the next poll of [`watch_index`](crate::reload::watch_index).
    pub data_dir: Option<std::path::PathBuf>,
}

impl AppState {
    /// The state for serving `engine` with `config` and `options`, with fresh metrics, no
    /// accounts and no search log (questions are still redacted in the log lines): add them
    /// with [`AppState::with_accounts`] and [`AppState::with_search_log`].
    ///
    /// # Panics
    ///
    /// When `options.max_concurrent_searches` exceeds tokio's semaphore limit
    /// (`usize::MAX >> 3` permits).
    pub fn new(engine: Engine, config: Config, options: ServeOptions) -> AppState {
        AppState {
            engine: EngineHandle::new(engine),
            search_log: Arc::new(SearchLog::off(&config)),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(Semaphore::new(options.max_concurrent_searches)),
            options,
            accounts: None,
            editor: None,
            data_dir: None,
        }
    }

    /// The same state, signing staff in against `accounts`.
    pub fn with_accounts(mut self, accounts: Arc<accounts::Accounts>) -> AppState {
        self.accounts = Some(accounts);
        self
    }

    /// The same state, with the editors' workspace `editor` publishing into the index under
    /// `data_dir` (which must be the one the engine was opened on).
    pub fn with_editor(
        mut self,
        editor: Arc<editor::Workspace>,
        data_dir: &std::path::Path,
    ) -> AppState {
        self.editor = Some(editor);
        self.data_dir = Some(data_dir.to_owned());
        self
    }

    /// Opens the index's newest commit and serves it, unless the engine served already is as
    /// new (the watcher may have been quicker). What a publish does so that search finds the
    /// change at once.
    ///
    /// # Errors
    /// [`ApiError::Internal`] when the index cannot be opened (logged; the engine served
    /// stays).
    pub async fn reload_now(&self) -> Result<(), ApiError> {
        let Some(data) = self.data_dir.clone() else {
            return Ok(());
        };
        let config = self.config.clone();
        let opened = tokio::task::spawn_blocking(move || Engine::open(&data, &config))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "index reload task failed");
                ApiError::Internal
            })?;
        match opened {
            Ok(engine) => {
                if self.engine.replace_if_newer(engine) {
                    self.metrics.record_reload();
                }
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot open the index after a publish");
                Err(ApiError::Internal)
            }
        }
    }

    /// The same state, keeping the search log `log` (see [`SearchLog::open`]).
    pub fn with_search_log(mut self, log: Arc<SearchLog>) -> AppState {
        self.search_log = log;
        self
    }

    /// Runs `read` on the search log's store, on the blocking pool, in the caller's tracing span.
    ///
    /// # Errors
    ///
    /// [`ApiError::NotFound`] when the service keeps no search log; `read`'s errors;
    /// [`ApiError::Internal`] when `read` panics (logged).
    pub async fn read_insights<T: Send + 'static>(
        &self,
        read: impl FnOnce(&insights::Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let log = Arc::clone(&self.search_log);
        if log.store().is_none() {
            return Err(ApiError::NotFound);
        }
        blocking(move || log.store().map_or(Err(ApiError::NotFound), read)).await?
    }

    /// Runs `work` with the current engine on the blocking pool, behind the concurrency limit, in
    /// the caller's tracing span.
    ///
    /// # Errors
    ///
    /// [`ApiError::Busy`] when no slot frees up within
    /// [`ServeOptions::queue_timeout`]; [`ApiError::Internal`] when `work` panics (logged).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(
            self.options.queue_timeout,
            self.limiter.clone().acquire_owned(),
        )
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|_| ApiError::Busy)?;
        let engine = self.engine.current();
        // The blocking pool does not inherit the request's span or subscriber: carry them over,
        // so the engine's log lines belong to their request.
        let span = tracing::Span::current();
        let dispatch = tracing::dispatcher::get_default(Clone::clone);
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            tracing::dispatcher::with_default(&dispatch, || span.in_scope(|| work(&engine)))
        })
        .await;
        result.map_err(|e| {
            tracing::error!(error = %e, "search task failed");
            ApiError::Internal
        })
    }
}
