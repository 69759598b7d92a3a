//! Crawl with a config into a data directory, until `firststop crawl` is wired:
//!
//! ```text
//! cargo run --release -p crawler --example crawl -- firststop.toml data
//! ```
//!
//! Logs go to stderr (`FIRSTSTOP_LOG` sets the filter); the report goes to stdout.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("FIRSTSTOP_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("info,html5ever=error,selectors=error")
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [config, data] = args.as_slice() else {
        eprintln!("usage: crawl CONFIG DATA");
        return ExitCode::from(2);
    };
    let config = match config::Config::load(config.as_ref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("crawl: {e}");
            return ExitCode::from(2);
        }
    };
    let outcome =
        match crawler::Crawler::new(config, data.as_ref(), crawler::Progress::for_stderr()) {
            Ok(crawler) => crawler.run().await,
            Err(e) => Err(e),
        };
    match outcome {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crawl: {e}");
            ExitCode::from(1)
        }
    }
}
