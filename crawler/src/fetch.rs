//! One HTTP request: conditional headers out; status, the headers the crawler uses and a body read
//! in chunks up to a byte cap back. Redirects are not followed here (the crawl loop does it, so
//! every hop passes robots.txt and politeness); non-HTML bodies are not downloaded.

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};
use url::Url;

/// What to do with the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A page: read the body only when it is HTML; over the cap it is [`Body::TooLarge`].
    Html,
    /// A sitemap: read whatever comes; over the cap it is [`Body::TooLarge`].
    Any,
    /// robots.txt: read up to the cap and keep that much ([`Response::cut`] says it was cut),
    /// since RFC 9309 §2.5 has the crawler parse the first 500 KiB of a longer file.
    Prefix,
}

/// One request to make.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The URL to request, as linked (request form).
    pub url: &'a Url,
    /// `If-None-Match`, from the stored page.
    pub etag: Option<&'a str>,
    /// `If-Modified-Since`, from the stored page (an HTTP date, sent back as received).
    pub last_modified: Option<&'a str>,
    /// The most body bytes to read.
    pub max_bytes: usize,
    /// What to do with the body.
    pub want: Want,
}

/// The body, as far as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Not read: not a 2xx answer.
    Skipped,
    /// The bytes as received (decompressed; cut at the cap for [`Want::Prefix`]).
    Read(Vec<u8>),
    /// Over the byte cap: reading stopped after `read` bytes (0 when `Content-Length` said so).
    TooLarge {
        /// Bytes read before stopping.
        read: u64,
    },
    /// A page that is not HTML: recorded, not downloaded.
    NotHtml {
        /// `Content-Length`, if sent.
        length: Option<u64>,
    },
}

/// A response, reduced to what the crawler uses.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// `Location` (redirects), as sent.
    pub location: Option<String>,
    /// `ETag`, as sent.
    pub etag: Option<String>,
    /// `Last-Modified`, as sent.
    pub last_modified: Option<String>,
    /// `Content-Language`, as sent.
    pub content_language: Option<String>,
    /// Every `X-Robots-Tag` header value, in order.
    pub x_robots_tags: Vec<String>,
    /// `Refresh` (the non-standard header browsers treat like `<meta http-equiv=refresh>`).
    pub refresh: Option<String>,
    /// `Retry-After`, as a wait from now.
    pub retry_after: Option<Duration>,
    /// The body, as far as it was read.
    pub body: Body,
    /// Whether [`Body::Read`] stopped at the byte cap ([`Want::Prefix`]).
    pub cut: bool,
    /// Body bytes received (kept when the body itself is dropped after extraction).
    pub bytes: u64,
}

/// A request that got no HTTP answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// No complete answer within the configured timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The connection could not be made (refused, unresolvable host, TLS failure).
    #[error("cannot connect: {0}")]
    Connect(String),
    /// Anything else (a broken connection, a malformed answer, a failed extraction task).
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// Short stable name for the crawl report.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Timeout(_) => "timeout",
            FetchError::Connect(_) => "connect",
            FetchError::Other(_) => "network",
        }
    }
}

/// The HTTP client, configured once per crawl.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
}

impl Fetcher {
    /// A client sending `user_agent` on every request, waiting at most `timeout` for connecting
    /// and for each whole request; redirects are not followed, gzip and brotli are accepted.
    ///
    /// # Errors
    /// When the TLS backend cannot be set up.
    pub fn new(user_agent: &str, timeout: Duration) -> Result<Fetcher, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout)
            .timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(2)
            .tcp_nodelay(true)
            .build()?;
        Ok(Fetcher { client, timeout })
    }

    /// Makes one request.
    ///
    /// # Errors
    /// [`FetchError`] when no HTTP answer came (every status, 5xx included, is an `Ok`).
    pub async fn fetch(&self, req: Request<'_>) -> Result<Response, FetchError> {
        let mut builder = self.client.get(req.url.clone());
        builder = builder.header(
            header::ACCEPT,
            match req.want {
                Want::Html => "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                Want::Any | Want::Prefix => "*/*",
            },
        );
        if let Some(etag) = req.etag {
            builder = builder.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = req.last_modified {
            builder = builder.header(header::IF_MODIFIED_SINCE, date);
        }
        let mut resp = builder.send().await.map_err(|e| self.error(e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let text = |name: header::HeaderName| header_text(headers, name);
        let mut out = Response {
            status,
            content_type: text(header::CONTENT_TYPE),
            location: text(header::LOCATION),
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
            content_language: text(header::CONTENT_LANGUAGE),
            x_robots_tags: headers
                .get_all("x-robots-tag")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_owned)
                .collect(),
            refresh: text(header::REFRESH),
            retry_after: text(header::RETRY_AFTER)
                .and_then(|v| parse_retry_after(&v, SystemTime::now())),
            body: Body::Skipped,
            cut: false,
            bytes: 0,
        };
        if !(200..300).contains(&status) {
            return Ok(out);
        }
        let declared_html = out.content_type.as_deref().map(is_html);
        if req.want == Want::Html && declared_html == Some(false) {
            out.body = Body::NotHtml {
                length: resp.content_length(),
            };
            return Ok(out);
        }
        if req.want != Want::Prefix
            && resp
                .content_length()
                .is_some_and(|n| n > req.max_bytes as u64)
        {
            out.body = Body::TooLarge { read: 0 };
            return Ok(out);
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.error(e))? {
            if req.want == Want::Prefix && body.len() + chunk.len() > req.max_bytes {
                let room = req.max_bytes - body.len();
                body.extend_from_slice(&chunk[..room]);
                out.bytes = body.len() as u64;
                out.body = Body::Read(body);
                out.cut = true;
                return Ok(out);
            }
            if body.len() + chunk.len() > req.max_bytes {
                out.bytes = (body.len() + chunk.len()) as u64;
                out.body = Body::TooLarge { read: out.bytes };
                return Ok(out);
            }
            body.extend_from_slice(&chunk);
        }
        out.bytes = body.len() as u64;
        out.body = if req.want == Want::Html && declared_html.is_none() && !sniff_html(&body) {
            Body::NotHtml {
                length: Some(body.len() as u64),
            }
        } else {
            Body::Read(body)
        };
        Ok(out)
    }

    fn error(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.timeout)
        } else if e.is_connect() {
            FetchError::Connect(root_cause(&e))
        } else {
            FetchError::Other(root_cause(&e))
        }
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)?
        .to_str()
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether a `Content-Type` names HTML.
pub fn is_html(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "text/html" || essence == "application/xhtml+xml"
}

/// Whether an undeclared body looks like HTML.
fn sniff_html(body: &[u8]) -> bool {
    let start = &body[..body.len().min(512)];
    let text = String::from_utf8_lossy(start)
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<!--"]
        .iter()
        .any(|p| text.starts_with(p))
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP date turned into the wait from
/// `now` (zero when it is past). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn recognizes_html_content_types() {
        assert!(is_html("text/html; charset=windows-1252"));
        assert!(is_html("Application/XHTML+XML"));
        assert!(!is_html("application/pdf"));
        assert!(!is_html("text/plain"));
    }

    #[test]
    fn sniffs_undeclared_html() {
        assert!(sniff_html(b"\n  <!DOCTYPE html><html>"));
        assert!(sniff_html(b"<HTML><body>"));
        assert!(!sniff_html(b"%PDF-1.4"));
    }
}
