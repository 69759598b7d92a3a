//! `firststop`: the command line. It parses arguments, sets up logging and calls the crates.

// A command line prints its results and errors; the libraries it calls never do.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod accounts_cmd;
mod place;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use place::{Place, load_config};

#[derive(Parser)]
#[command(
    name = "firststop",
    version,
    about = "One front door to a city's information: crawl, index and search every bureau's pages and curated articles."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crawl the sites in the config into the page store; a second run recrawls incrementally.
    Crawl {
        #[command(flatten)]
        place: Place,
    },
    /// Build or update the search index from the page store and the articles.
    Index {
        #[command(flatten)]
        place: Place,
        /// The articles folder.
        #[arg(long, env = "FIRSTSTOP_CONTENT", default_value = "content")]
        content: PathBuf,
        /// Build a new index from scratch instead of updating the current one.
        #[arg(long)]
        rebuild: bool,
    },
    /// The embedded default: index ./content (and pages already crawled into ./data), then serve.
    Up {
        /// Address to listen on.
        #[arg(long, env = "FIRSTSTOP_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Serve the web pages and the JSON API from the index, and the editors' workspace over the
    /// articles folder.
    Serve {
        #[command(flatten)]
        place: Place,
        /// The articles folder the editors' workspace publishes into.
        #[arg(long, env = "FIRSTSTOP_CONTENT", default_value = "content")]
        content: PathBuf,
        /// Address to listen on.
        #[arg(long, env = "FIRSTSTOP_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// One query from the terminal, with the same ranking as the API.
    Search {
        #[command(flatten)]
        place: Place,
        /// The language of the question when it is unclear from its words.
        #[arg(long)]
        lang: Option<String>,
        /// Print the whole JSON response.
        #[arg(long)]
        json: bool,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// The question.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Explain the ranking of one query: its language and words, the answer card decision, and
    /// each result's score factor by factor with the words it matched, field by field.
    Explain {
        #[command(flatten)]
        place: Place,
        /// The language of the question when it is unclear from its words.
        #[arg(long)]
        lang: Option<String>,
        /// Print the whole JSON response with its `explain` objects (as `debug=1` on the API).
        #[arg(long)]
        json: bool,
        /// How many results to explain, 1 to 50.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// The question.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Manage the accounts of editors, insights readers and admins.
    Accounts {
        #[command(subcommand)]
        command: accounts_cmd::AccountsCommand,
    },
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
        Command::Accounts { command } => accounts_cmd::run(command),
        Command::Crawl { place } => crawl(&place),
        Command::Up { addr } => up(&addr),
        Command::Serve {
            place,
            content,
            addr,
        } => serve(&place, &content, &addr),
        Command::Search {
            place,
            lang,
            json,
            limit,
            query,
        } => search(&place, lang.as_deref(), json, limit, &query.join(" ")),
        Command::Explain {
            place,
            lang,
            json,
            limit,
            query,
        } => explain(&place, lang.as_deref(), json, limit, &query.join(" ")),
        Command::Index {
            place,
            content,
            rebuild,
        } => index(&place, &content, rebuild),
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
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
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
        let slugs = content.published().map(|a| a.slug.as_str()).collect();
        let (_, found) = indexer::rules::load(content_dir, config, &slugs);
        problems.extend(found);
    }
    for p in problems.iter() {
        println!("{p}");
    }
    if problems.is_empty() {
        eprintln!(
            "{}: ok; {}: {articles} articles ok",
            config_path.display(),
            content_dir.display()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", problems.len());
        Ok(ExitCode::from(1))
    }
}

/// `firststop crawl`.
fn crawl(place: &Place) -> anyhow::Result<ExitCode> {
    let config = load_config(&place.config)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let report = runtime.block_on(async {
        crawler::Crawler::new(config, &place.data, crawler::Progress::for_stderr())?
            .run()
            .await
    })?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// `firststop index`.
fn index(place: &Place, content: &Path, rebuild: bool) -> anyhow::Result<ExitCode> {
    let config = load_config(&place.config)?;
    let options = indexer::IndexOptions {
        rebuild,
        ..Default::default()
    };
    let report = indexer::build::run(&config, &place.data, content, &options)?;
    for p in report.problems.iter() {
        eprintln!("warning: {p} (left out)");
    }
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// `firststop search`.
fn search(
    place: &Place,
    lang: Option<&str>,
    json: bool,
    limit: usize,
    query: &str,
) -> anyhow::Result<ExitCode> {
    let config = load_config(&place.config)?;
    let engine = engine::Engine::open(&place.data, &config)?;
    let mut request = engine::SearchRequest::new(query);
    request.limit = limit.clamp(1, engine::MAX_LIMIT);
    request.lang = match lang {
        Some(tag) => Some(
            config::Lang::from_tag(tag).map_err(|_| anyhow::anyhow!("unknown language '{tag}'"))?,
        ),
        None => None,
    };
    let response = engine.search(&request);
    if json {
        println!("{}", serde_json::to_string_pretty(&response)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", engine::render::text(&response));
    Ok(ExitCode::SUCCESS)
}

/// `firststop explain`: the search of `firststop search`, explained. An empty question or a limit
/// out of 1..50 is an error (exit 2), as on the API.
fn explain(
    place: &Place,
    lang: Option<&str>,
    json: bool,
    limit: usize,
    query: &str,
) -> anyhow::Result<ExitCode> {
    if query.trim().is_empty() {
        anyhow::bail!("the question is empty");
    }
    if query.chars().count() > engine::MAX_QUERY_CHARS {
        anyhow::bail!(
            "the question is longer than {} characters",
            engine::MAX_QUERY_CHARS
        );
    }
    if !(1..=engine::MAX_LIMIT).contains(&limit) {
        anyhow::bail!("--limit must be 1 to {}, not {limit}", engine::MAX_LIMIT);
    }
    let lang = match lang {
        Some(tag) => Some(
            config::Lang::from_tag(tag).map_err(|_| anyhow::anyhow!("unknown language '{tag}'"))?,
        ),
        None => None,
    };
    let config = load_config(&place.config)?;
    let engine = engine::Engine::open(&place.data, &config)?;
    let mut request = engine::SearchRequest::new(query);
    request.limit = limit;
    request.lang = lang;
    request.explain = true;
    let response = engine.search(&request);
    if json {
        println!("{}", serde_json::to_string_pretty(&response)?);
    } else {
        print!("{}", engine::render::explanation(&response));
    }
    Ok(ExitCode::SUCCESS)
}

/// `firststop up`: index what is here, then serve it.
fn up(addr: &str) -> anyhow::Result<ExitCode> {
    let place = Place {
        config: PathBuf::from("firststop.toml"),
        data: PathBuf::from("data"),
    };
    index(&place, Path::new("content"), false)?;
    serve(&place, Path::new("content"), addr)
}

/// `firststop serve`: the site and the API, with the staff's accounts and, as `[insights]`
/// says, the search log (retention at start and daily; what is queued is written on shutdown),
/// and the editors' workspace over `content` (what an interrupted publish left is settled and the
/// index brought in line with the files before serving).
fn serve(place: &Place, content: &Path, addr: &str) -> anyhow::Result<ExitCode> {
    let config = load_config(&place.config)?;
    let workspace = std::sync::Arc::new(
        editor::Workspace::open(std::sync::Arc::new(config.clone()), &place.data, content)
            .context("cannot open the editors' workspace")?,
    );
    // The last good commit keeps being served when this fails (a full disk, say): the next
    // save through the workspace, or `firststop index`, brings the index in line.
    match workspace.reconcile_index() {
        Ok(report) if report.changed() => {
            tracing::info!(report = %report, "index updated to match the articles")
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "cannot bring the index in line with the articles"),
    }
    let engine = engine::Engine::open(&place.data, &config)?;
    let accounts = std::sync::Arc::new(
        accounts::Accounts::open(&place.data).context("cannot open the accounts database")?,
    );
    let search_log = std::sync::Arc::new(
        search_api::SearchLog::open(&place.data, &config, Default::default())
            .context("cannot open the insights database")?,
    );
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let retention = search_api::start_retention(
            search_log.clone(),
            Some(accounts.clone()),
            std::time::Duration::from_secs(24 * 60 * 60),
        )
        .await;
        let state = search_api::AppState::new(engine, config, Default::default())
            .with_accounts(accounts)
            .with_search_log(search_log.clone())
            .with_editor(workspace, &place.data);
        let watcher = search_api::watch_index(
            state.clone(),
            place.data.clone(),
            std::time::Duration::from_secs(1),
        );
        println!(
            "firststop is serving {} searchable records (articles, pages and their sections) at http://{local}/",
            state.engine.current().documents()
        );
        let served = search_api::serve(listener, search_api::app(state))
            .await
            .context("server failed");
        retention.abort();
        watcher.abort();
        // Requests are finished: write what the search log still holds before exiting.
        let log = search_log.clone();
        let _ = tokio::task::spawn_blocking(move || log.flush()).await;
        if let Some(stats) = search_log.stats() {
            tracing::info!(
                written = stats.written,
                dropped = stats.dropped,
                failed = stats.failed,
                "search log flushed"
            );
        }
        served
    })?;
    Ok(ExitCode::SUCCESS)
}
