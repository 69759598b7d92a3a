//! The fixture web: axum servers on 127.0.0.1:0 with scenario routes, a log of every request they
//! saw, and helpers to write a config for them and run a crawl.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use crawler::{CrawlReport, Crawler, Progress};
use pagestore::{Page, PageStore};
use tokio::sync::Notify;
use tokio::time::Instant;
use url::Url;

pub const USER_AGENT: &str = "firststop-test/1.0 (+http://127.0.0.1/)";

/// One request as the fixture saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Path and query as sent.
    pub path: String,
    pub at: Instant,
    pub user_agent: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    /// Requests being served when this one arrived (itself included).
    pub concurrent: usize,
    pub status: u16,
}

#[derive(Clone, Default)]
pub struct Log {
    hits: Arc<Mutex<Vec<Hit>>>,
    in_flight: Arc<AtomicUsize>,
    arrived: Arc<Notify>,
}

impl Log {
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// Paths requested, in order.
    pub fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }

    /// Requests whose path (with query) is exactly `path`.
    pub fn count(&self, path: &str) -> usize {
        self.hits().iter().filter(|h| h.path == path).count()
    }

    /// Requests whose path starts with `prefix`.
    pub fn count_prefix(&self, prefix: &str) -> usize {
        self.hits()
            .iter()
            .filter(|h| h.path.starts_with(prefix))
            .count()
    }

    /// Page requests: everything but robots.txt and sitemaps.
    pub fn pages(&self) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| h.path != "/robots.txt" && !h.path.contains("sitemap"))
            .collect()
    }

    /// Waits until `n` page requests have arrived (at most 20 s).
    pub async fn wait_for_pages(&self, n: usize) {
        let wait = async {
            loop {
                let arrived = self.arrived.notified();
                tokio::pin!(arrived);
                arrived.as_mut().enable();
                if self.pages().len() >= n {
                    return;
                }
                arrived.await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), wait)
            .await
            .expect("page requests arrived in time");
    }

    pub fn clear(&self) {
        self.hits.lock().unwrap().clear();
    }
}

async fn record(State(log): State<Log>, req: Request, next: Next) -> Response {
    let hit = {
        let header = |name: &str| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Hit {
            path: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            at: Instant::now(),
            user_agent: header("user-agent").unwrap_or_default(),
            if_none_match: header("if-none-match"),
            if_modified_since: header("if-modified-since"),
            concurrent: log.in_flight.fetch_add(1, Ordering::SeqCst) + 1,
            status: 0,
        }
    };
    let index = log.push(hit);
    let response = next.run(req).await;
    log.set_status(index, response.status().as_u16());
    log.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

impl Log {
    fn push(&self, hit: Hit) -> usize {
        let index = {
            let mut hits = self.hits.lock().unwrap();
            hits.push(hit);
            hits.len() - 1
        };
        self.arrived.notify_waiters();
        index
    }

    fn set_status(&self, index: usize, status: u16) {
        if let Some(hit) = self.hits.lock().unwrap().get_mut(index) {
            hit.status = status;
        }
    }
}

/// A fixture server; stops when dropped.
pub struct Server {
    pub base: Url,
    pub log: Log,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        self.base.join(path).unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn serve(router: Router) -> Server {
    let log = Log::default();
    let app = router.layer(middleware::from_fn_with_state(log.clone(), record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server { base, log, task }
}

/// An HTML page with a title, `lang="en"` and `body` inside `<main>`.
pub fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    ))
}

/// A page linking to each of `links`.
pub fn links(title: &str, links: &[&str]) -> Html<String> {
    let list: String = links
        .iter()
        .map(|l| format!("<li><a href=\"{l}\">{l}</a></li>"))
        .collect();
    page(title, &format!("<p>Links of {title}.</p><ul>{list}</ul>"))
}

/// A response with any status, headers and body.
pub fn respond(status: u16, headers: &[(&str, &str)], body: impl Into<Body>) -> Response {
    let mut response = (StatusCode::from_u16(status).unwrap(), body.into()).into_response();
    for (name, value) in headers {
        response.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    response
}

pub fn robots_txt(text: &'static str) -> Response {
    respond(200, &[("content-type", "text/plain")], text)
}

/// A config crawling `servers`, with `crawl` lines (TOML) overriding the fast test defaults.
pub fn config(servers: &[&Server], crawl: &str) -> config::Config {
    config_with_sites(
        &servers.iter().map(|s| site(s, "")).collect::<Vec<_>>(),
        crawl,
    )
}

/// A `[[sites]]` table for `server`, with extra keys.
pub fn site(server: &Server, extra: &str) -> String {
    format!(
        "[[sites]]\nseeds = [\"{}\"]\nbureau = \"311\"\nsections = {{ \"/parks\" = \"parks\" }}\n{extra}\n",
        server.base
    )
}

pub fn config_with_sites(sites: &[String], crawl: &str) -> config::Config {
    let toml = config_toml(sites, crawl);
    config::Config::parse(&toml, "test.toml".as_ref()).unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// The TOML of a test config.
pub fn config_toml(sites: &[String], crawl: &str) -> String {
    let mut toml = format!("[crawl]\nuser_agent = \"{USER_AGENT}\"\n{crawl}\n");
    for (key, value) in [("min_delay_ms", "0"), ("request_timeout_ms", "3000")] {
        if !crawl.contains(key) {
            toml.push_str(&format!("{key} = {value}\n"));
        }
    }
    toml.push_str("[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[bureaus]]\nid = \"parks\"\nname = \"Parks\"\n");
    for site in sites {
        toml.push_str(site);
    }
    toml
}

/// Runs a crawl to its end.
pub async fn crawl(config: config::Config, data: &Path) -> CrawlReport {
    Crawler::new(config, data, Progress::Quiet)
        .unwrap()
        .run()
        .await
        .unwrap()
}

pub fn store(data: &Path) -> PageStore {
    PageStore::open_read_only(data).unwrap()
}

pub fn stored(data: &Path, url: &str) -> Option<Page> {
    store(data).get(url).unwrap()
}

/// A body that starts with `head` and then repeats `chunk` forever (no `Content-Length`, no end).
pub fn endless(
    head: axum::body::Bytes,
    chunk: axum::body::Bytes,
) -> impl futures_core::Stream<Item = Result<axum::body::Bytes, std::io::Error>> + Send {
    Endless {
        head: Some(head).filter(|h| !h.is_empty()),
        chunk,
    }
}

struct Endless {
    head: Option<axum::body::Bytes>,
    chunk: axum::body::Bytes,
}

impl futures_core::Stream for Endless {
    type Item = Result<axum::body::Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let next = self.head.take().unwrap_or_else(|| self.chunk.clone());
        std::task::Poll::Ready(Some(Ok(next)))
    }
}

/// robots.txt answering with `body` as bytes (for byte order marks and odd line ends).
pub fn robots_bytes(body: Vec<u8>) -> Response {
    respond(200, &[("content-type", "text/plain")], body)
}

/// A site serving `robots` and a home page linking `paths`; every other path is a page.
pub async fn robots_site(robots: Vec<u8>, paths: &'static [&'static str]) -> Server {
    serve(
        Router::new()
            .route(
                "/robots.txt",
                axum::routing::get(move || {
                    let robots = robots.clone();
                    async move { robots_bytes(robots) }
                }),
            )
            .route(
                "/",
                axum::routing::get(move || async move { links("Home", paths) }),
            )
            .route(
                "/{*rest}",
                axum::routing::get(|| async { page("Any", "<p>Some page.</p>") }),
            ),
    )
    .await
}
