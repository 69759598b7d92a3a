//! Picking up new index commits without a restart: a watcher polls the index directory and swaps
//! in a new [`Engine`] after each commit of `firststop index`.

use std::path::PathBuf;
use std::time::Duration;

use engine::{Engine, IndexDir};

use crate::state::AppState;

/// Polls the index directory under `data_dir` every `every` and swaps in a new engine after each
/// commit of `firststop index` (a new generation, or a new commit in the current one, told by
/// [`IndexDir::stamp`]); a commit that cannot be opened is logged and the previous engine stays
/// served, and the next poll tries again. The engine is opened on the blocking pool. The task
/// runs until aborted through the returned handle or until the runtime shuts down.
///
/// # Panics
///
/// When called outside a tokio runtime.
pub fn watch_index(
    state: AppState,
    data_dir: PathBuf,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    // The stamp of the index being served is taken now, not when the task first runs: a commit
    // in between must still count as new.
    let dir = IndexDir::new(&data_dir);
    let mut last = dir.stamp();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            let stamp = dir.stamp();
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
