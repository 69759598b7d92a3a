//! Recording off the request path: a bounded queue in front of one writer thread.
//!
//! [`Recorder::record_search`] never blocks: it puts the event on a bounded queue with
//! `try_send`, and when the queue is full the event is dropped and counted. The writer thread
//! takes events in batches (up to [`RecorderOptions::batch_size`] events, or what arrived within
//! [`RecorderOptions::batch_interval`] of the first) and writes each batch in one transaction.
//! A killed process therefore loses what was in memory: the batch being gathered and, if the
//! writer had fallen behind, the queue behind it. A clean [`Recorder::shutdown`] (or drop)
//! writes everything queued first; [`Recorder::flush`] writes what is queued now and waits for
//! it, for a server stopping or a test that reads what it recorded.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{
    Receiver, RecvTimeoutError, SyncSender, TrySendError, channel, sync_channel,
};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::InternalError;
use crate::event::{ClickEvent, SearchEvent, SearchId};
use crate::group::Normalizer;
use crate::write::{Event, Writer};

/// How the recorder queues and batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecorderOptions {
    /// Events the queue holds before new ones are dropped (default 10,000: at 200 searches a
    /// second, 50 s of writer stall).
    pub capacity: usize,
    /// Most events written in one transaction (default 500).
    pub batch_size: usize,
    /// Longest an event waits in memory before its batch is written (default 200 ms).
    pub batch_interval: Duration,
    /// Searches whose shown URLs are kept in memory for [`Recorder::was_shown`] (default 4,096),
    /// so a click on a search not yet written, or dropped, is still recognised.
    pub recent_searches: usize,
}

impl Default for RecorderOptions {
    fn default() -> RecorderOptions {
        RecorderOptions {
            capacity: 10_000,
            batch_size: 500,
            batch_interval: Duration::from_millis(200),
            recent_searches: 4096,
        }
    }
}

/// The recorder's counters since it started, for metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecorderStats {
    /// Events written to the database.
    pub written: u64,
    /// Events dropped because the queue was full.
    pub dropped: u64,
    /// Events lost because their batch could not be written (logged as a warning).
    pub failed: u64,
    /// Events refused by the writer: duplicate searches, clicks on URLs a search did not show.
    pub rejected: u64,
}

#[derive(Default)]
struct Counters {
    written: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    rejected: AtomicU64,
}

/// The URLs shown by the most recent searches, oldest evicted first.
struct Recent {
    order: VecDeque<SearchId>,
    shown: HashMap<SearchId, Vec<String>>,
    limit: usize,
}

impl Recent {
    fn remember(&mut self, search: &SearchEvent) {
        if self.limit == 0 {
            return;
        }
        if self.order.len() == self.limit
            && let Some(old) = self.order.pop_front()
        {
            self.shown.remove(&old);
        }
        self.order.push_back(search.id);
        self.shown.insert(search.id, search.shown.clone());
    }
}

/// What travels on the queue: an event, or a request to write everything before it now.
// Nearly every message is an event: boxing it would allocate once per search for nothing.
#[allow(clippy::large_enum_variant)]
enum Message {
    Event(Event),
    /// Write the batch being gathered, then answer on this channel.
    Flush(std::sync::mpsc::Sender<()>),
}

/// Records search and click events without ever blocking the caller.
pub struct Recorder {
    queue: Option<SyncSender<Message>>,
    thread: Option<JoinHandle<()>>,
    counters: Arc<Counters>,
    recent: Mutex<Recent>,
}

impl Recorder {
    /// Opens `insights.db` under `data_dir` and starts the writer thread.
    ///
    /// # Errors
    /// Opening the database ([`InternalError::Open`], ...) or
    /// [`InternalError::Spawn`].
    pub fn start(
        data_dir: &Path,
        normalizer: Arc<dyn Normalizer>,
        options: RecorderOptions,
    ) -> Result<Recorder, InternalError> {
        let writer = Writer::open(data_dir, normalizer)?;
        let (queue, events) = sync_channel(options.capacity);
        let counters = Arc::new(Counters::default());
        let thread = std::thread::Builder::new()
            .name("insights-writer".into())
            .spawn({
                let counters = Arc::clone(&counters);
                move || run(writer, events, &counters, options)
            })
            .map_err(InternalError::Spawn)?;
        Ok(Recorder {
            queue: Some(queue),
            thread: Some(thread),
            counters,
            recent: Mutex::new(Recent {
                order: VecDeque::new(),
                shown: HashMap::new(),
                limit: options.recent_searches,
            }),
        })
    }

    /// Queues a search; `false` if the queue was full and it was dropped (and counted).
    pub fn record_search(&self, search: SearchEvent) -> bool {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remember(&search);
        self.offer(Event::Search(search))
    }

    /// Queues a click; `false` if the queue was full and it was dropped (and counted).
    pub fn record_click(&self, click: ClickEvent) -> bool {
        self.offer(Event::Click(click))
    }

    fn offer(&self, event: Event) -> bool {
        let Some(queue) = &self.queue else {
            return false;
        };
        match queue.try_send(Message::Event(event)) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.counters.dropped.fetch_add(1, Ordering::Relaxed);
                false
            }
        }
    }

    /// Whether one of the recent searches (kept in memory, written or not) showed `url`.
    /// Older searches are checked with [`crate::Store::was_shown`].
    pub fn was_shown(&self, search: &SearchId, url: &str) -> bool {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .shown
            .get(search)
            .is_some_and(|urls| urls.iter().any(|u| u == url))
    }

    /// Writes every event queued before this call and returns once they are in the database
    /// (or counted as failed). Unlike recording, this waits: for room on a full queue, then for
    /// the writer. Returns at once when the recorder is shut down.
    pub fn flush(&self) {
        let Some(queue) = &self.queue else {
            return;
        };
        let (done, written) = channel();
        if queue.send(Message::Flush(done)).is_ok() {
            // An error means the writer thread is gone: nothing more can be written.
            let _ = written.recv();
        }
    }

    /// The counters so far.
    pub fn stats(&self) -> RecorderStats {
        RecorderStats {
            written: self.counters.written.load(Ordering::Relaxed),
            dropped: self.counters.dropped.load(Ordering::Relaxed),
            failed: self.counters.failed.load(Ordering::Relaxed),
            rejected: self.counters.rejected.load(Ordering::Relaxed),
        }
    }

    /// Stops taking events, writes everything queued and waits for the writer; returns the
    /// final counters. Dropping a recorder does the same.
    pub fn shutdown(mut self) -> RecorderStats {
        self.close();
        self.stats()
    }

    fn close(&mut self) {
        self.queue = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the insights writer thread panicked");
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.close();
    }
}

/// The writer thread: gathers a batch, writes it, until every sender is gone. A flush request
/// ends the batch being gathered early and is answered once it is written.
fn run(
    mut writer: Writer,
    messages: Receiver<Message>,
    counters: &Counters,
    options: RecorderOptions,
) {
    let batch_size = options.batch_size.max(1);
    let mut batch = Vec::with_capacity(batch_size);
    // Blocks until the first message of a batch, or until the recorder is gone.
    while let Ok(first) = messages.recv() {
        let mut waiting = Vec::new();
        let mut open = true;
        match first {
            Message::Event(event) => batch.push(event),
            Message::Flush(done) => waiting.push(done),
        }
        let deadline = Instant::now() + options.batch_interval;
        while waiting.is_empty() && batch.len() < batch_size {
            let left = deadline.saturating_duration_since(Instant::now());
            match messages.recv_timeout(left) {
                Ok(Message::Event(event)) => batch.push(event),
                Ok(Message::Flush(done)) => waiting.push(done),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        if !batch.is_empty() {
            flush(&mut writer, &mut batch, counters);
        }
        for done in waiting {
            let _ = done.send(());
        }
        if !open {
            break;
        }
    }
}

fn flush(writer: &mut Writer, batch: &mut Vec<Event>, counters: &Counters) {
    let n = u64::try_from(batch.len()).unwrap_or(u64::MAX);
    match writer.write(batch) {
        Ok(written) => {
            counters
                .written
                .fetch_add(written.stored, Ordering::Relaxed);
            counters
                .rejected
                .fetch_add(written.rejected, Ordering::Relaxed);
        }
        Err(e) => {
            counters.failed.fetch_add(n, Ordering::Relaxed);
            tracing::warn!(error = %e, events = n, "insights batch lost");
        }
    }
    batch.clear();
}
