//! What every handler can reach: the engine being served (swapped whole when the index changes),
//! the config, the metrics and the concurrency limit searches run behind.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use config::Config;
use engine::Engine;
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::metrics::Metrics;

/// The engine currently served; replaced whole when the index changes.
#[derive(Clone)]
pub struct EngineHandle(Arc<RwLock<Arc<Engine>>>);

impl EngineHandle {
    pub fn new(engine: Engine) -> EngineHandle {
        EngineHandle(Arc::new(RwLock::new(Arc::new(engine))))
    }

    pub fn current(&self) -> Arc<Engine> {
        self.0.read().expect("engine lock").clone()
    }

    pub fn replace(&self, engine: Engine) {
        *self.0.write().expect("engine lock") = Arc::new(engine);
    }
}

/// Service settings.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Searches run at once; more wait, then get 503.
    pub max_concurrent_searches: usize,
    /// How long a search may wait for a slot.
    pub queue_timeout: Duration,
    /// Whole-request timeout.
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

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub engine: EngineHandle,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub limiter: Arc<Semaphore>,
    pub options: ServeOptions,
}

impl AppState {
    pub fn new(engine: Engine, config: Config, options: ServeOptions) -> AppState {
        AppState {
            engine: EngineHandle::new(engine),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(Semaphore::new(options.max_concurrent_searches)),
            options,
        }
    }

    /// Runs `work` with the current engine on the blocking pool, behind the concurrency limit.
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
        // The blocking pool does not inherit the request's span: carry it over, so the engine's
        // log lines belong to their request.
        let span = tracing::Span::current();
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _entered = span.enter();
            work(&engine)
        })
        .await;
        result.map_err(|e| {
            tracing::error!(error = %e, "search task failed");
            ApiError::Internal
        })
    }
}
