//! Showing a crawl as it runs: a live line on a terminal, or a log line every few seconds.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::time::Instant;

/// How a crawl shows its progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A live status line on stderr (pages fetched, queued, per-host rate).
    Terminal,
    /// An `info!` log line every `every`.
    Log {
        /// Time between two lines.
        every: Duration,
    },
    /// Nothing but the final report.
    Quiet,
}

impl Progress {
    /// `Terminal` when stderr is a terminal, else a log line every 10 seconds.
    pub fn for_stderr() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::Terminal
        } else {
            Progress::Log {
                every: Duration::from_secs(10),
            }
        }
    }
}

/// A snapshot of the crawl for the display.
pub(crate) struct Snapshot<'a> {
    pub fetched: usize,
    pub queued: usize,
    pub errors: usize,
    /// `(host, pages per second)`.
    pub rates: &'a [(String, f64)],
}

impl Snapshot<'_> {
    fn line(&self) -> String {
        let rates = self
            .rates
            .iter()
            .map(|(h, r)| format!("{h} {r:.1}/s"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} fetched, {} queued, {} errors | {rates}",
            self.fetched, self.queued, self.errors
        )
    }
}

pub(crate) struct Display {
    mode: Progress,
    bar: Option<ProgressBar>,
    last_log: Instant,
}

impl Display {
    pub fn new(mode: Progress) -> Display {
        let bar = (mode == Progress::Terminal).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .expect("valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Display {
            mode,
            bar,
            last_log: Instant::now(),
        }
    }

    pub fn update(&mut self, snapshot: &Snapshot<'_>) {
        match self.mode {
            Progress::Terminal => {
                if let Some(bar) = &self.bar {
                    bar.set_message(snapshot.line());
                }
            }
            Progress::Log { every } => {
                if self.last_log.elapsed() >= every {
                    self.last_log = Instant::now();
                    tracing::info!("crawl: {}", snapshot.line());
                }
            }
            Progress::Quiet => {}
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
