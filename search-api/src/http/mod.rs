//! The HTTP service: JSON API, web pages, health and metrics, in one axum router.
//!
//! Handlers parse and validate, run the engine on the blocking pool behind a concurrency limit,
//! and map the result to a response. A watcher swaps in a new [`Engine`] when `firststop index`
//! commits, without a restart.

mod api;
pub mod error;
mod metrics;
pub mod params;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use config::Config;
use indexer::IndexDir;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use metrics::Metrics;

use crate::Engine;

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
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&engine)
        })
        .await;
        result.map_err(|e| {
            tracing::error!(error = %e, "search task failed");
            ApiError::Internal
        })
    }
}

/// The whole service.
pub fn app(state: AppState) -> Router {
    let timeout = state.options.request_timeout;
    api::routes()
        .merge(crate::web::routes())
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::from_fn(crate::web::security_headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Logs each request as one structured line and counts it.
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state.metrics.record_request(&route, status, seconds);
    tracing::info!(target: "firststop::http", %method, %path, %route, status, ms = seconds * 1000.0, "request");
    response
}

/// What identifies the served index on disk: generation and commit file.
fn index_stamp(dir: &IndexDir) -> Option<(String, SystemTime, u64)> {
    let generation = dir.current_generation()?;
    let meta = std::fs::metadata(dir.root().join(&generation).join("meta.json")).ok()?;
    Some((generation, meta.modified().ok()?, meta.len()))
}

/// Polls the index directory and swaps in a new engine after each commit.
pub fn watch_index(
    state: AppState,
    data_dir: PathBuf,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let dir = IndexDir::new(&data_dir);
        let mut last = index_stamp(&dir);
        loop {
            tokio::time::sleep(every).await;
            let stamp = index_stamp(&dir);
            if stamp.is_none() || stamp == last {
                continue;
            }
            let (config, data) = (state.config.clone(), data_dir.clone());
            match tokio::task::spawn_blocking(move || Engine::open(&data, &config)).await {
                Ok(Ok(engine)) => {
                    tracing::info!(
                        generation = engine.generation(),
                        documents = engine.documents(),
                        "index reloaded"
                    );
                    state.engine.replace(engine);
                    state.metrics.record_reload();
                    last = stamp;
                }
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "cannot open the new index; still serving the previous one")
                }
                Err(e) => tracing::error!(error = %e, "index reload task failed"),
            }
        }
    })
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
