//! `firststop`: the command line. It parses arguments, sets up logging and calls the crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "firststop", version, about = "One front door to a city's information: crawl, index and search every bureau's pages and curated articles.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the config and every article; print each problem as `path:line: message`.
    Check {
        /// The config file.
        #[arg(long, env = "FIRSTSTOP_CONFIG", default_value = "firststop.toml")]
        config: PathBuf,
        /// The articles folder.
        #[arg(long, env = "FIRSTSTOP_CONTENT", default_value = "content")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let outcome = match cli.command {
        Command::Check { config, content } => check(&config, &content),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("firststop: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("FIRSTSTOP_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn,html5ever=error,selectors=error"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}

/// `firststop check`: exit 1 when anything is wrong, after naming every problem.
fn check(config_path: &Path, content_dir: &Path) -> anyhow::Result<ExitCode> {
    let mut problems = config::Problems::default();
    let config = match config::Config::load(config_path) {
        Ok(config) => Some(config),
        Err(config::Error::Invalid(found)) => {
            problems.extend(found);
            None
        }
        Err(e) => return Err(e).context("cannot check the config"),
    };
    let mut articles = 0;
    if let Some(config) = &config {
        let (content, found) = indexer::Content::load(content_dir, config)
            .with_context(|| format!("cannot check the articles in {}", content_dir.display()))?;
        articles = content.articles.len();
        problems.extend(found);
    }
    for p in problems.iter() {
        println!("{p}");
    }
    if problems.is_empty() {
        eprintln!("{}: ok; {}: {articles} articles ok", config_path.display(), content_dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", problems.len());
        Ok(ExitCode::from(1))
    }
}
