//! The crawled-page record and its mapping to a row.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

/// Where a URL stands after its last fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageState {
    /// An HTML page was fetched and extracted (or confirmed unchanged by a 304).
    Fetched,
    /// 404 or 410: the indexer drops it.
    Gone,
    /// Fetched but not HTML (a PDF, an image): recorded, not parsed.
    NotHtml,
    /// Larger than the configured byte cap.
    TooLarge,
    /// Never fetched successfully (5xx, timeout, redirect loop). A page fetched before keeps
    /// its content and state; only `last_error` changes.
    Failed,
}

impl PageState {
    /// The state as stored in the `state` column (`fetched`, `gone`, `not_html`, `too_large`,
    /// `failed`).
    pub fn as_str(self) -> &'static str {
        match self {
            PageState::Fetched => "fetched",
            PageState::Gone => "gone",
            PageState::NotHtml => "not_html",
            PageState::TooLarge => "too_large",
            PageState::Failed => "failed",
        }
    }

    /// The state stored as `s`; anything unknown reads as [`PageState::Failed`].
    pub fn parse(s: &str) -> PageState {
        match s {
            "fetched" => PageState::Fetched,
            "gone" => PageState::Gone,
            "not_html" => PageState::NotHtml,
            "too_large" => PageState::TooLarge,
            _ => PageState::Failed,
        }
    }
}

/// A heading of a page with the text under it, for section-level results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSection {
    /// Heading level, 1 to 4 (`<h1>`..`<h4>`).
    pub level: u8,
    /// The heading's text, whitespace collapsed.
    pub heading: String,
    /// The heading's `id`, when the page gives one, so results can link to it.
    pub anchor: Option<String>,
    /// The text under the heading up to the next one, blocks separated by newlines.
    pub text: String,
}

/// One crawled URL and what was extracted from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The page's identity: the key of its final URL (`config::url_identity::UrlKey`, query
    /// sorted), and the row's key.
    pub url: String,
    /// Where the URL stands after its last fetch.
    pub state: PageState,
    /// The HTTP status of the last answer (304 after a conditional hit), when there was one.
    pub http_status: Option<u16>,
    /// Bureau id, from the site's sections.
    pub bureau: String,
    /// The section prefix that claimed the page, if any.
    pub section: Option<String>,
    /// City language tag (`en`, `zh-hans`), when known.
    pub lang: Option<String>,
    /// `<title>` (or `og:title`, or the first `<h1>`), whitespace collapsed.
    pub title: String,
    /// `<meta name=description>`.
    pub description: String,
    /// Main content as plain text, blocks separated by newlines.
    pub text: String,
    /// Headings of the main content with the text under each.
    pub sections: Vec<PageSection>,
    /// Links the crawler may follow, in request form (absolute, as linked), in page order.
    pub outlinks: Vec<String>,
    /// `<link rel=canonical>` on the same host, in request form: a hint, recorded as found.
    pub canonical: Option<String>,
    /// `noindex` in a robots meta tag or `X-Robots-Tag`: fetched, never indexed.
    pub noindex: bool,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// The `ETag` header as sent, returned in `If-None-Match` on the next crawl.
    pub etag: Option<String>,
    /// The `Last-Modified` header as sent (an HTTP date), returned in `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Hash of the extracted content (title, text): unchanged hash, unchanged page.
    pub content_hash: Option<String>,
    /// Body size in bytes as received (or as declared, for bodies not downloaded).
    pub bytes: Option<u64>,
    /// Publication date the page states (`YYYY-MM-DD`), if any.
    pub published: Option<String>,
    /// When the URL was first stored, in unix seconds.
    pub first_seen: i64,
    /// When the URL was last answered (fetched, 304, gone...), in unix seconds.
    pub last_seen: i64,
    /// When the content or the state last changed, in unix seconds.
    pub last_changed: i64,
    /// What went wrong on the last attempt (`HTTP 500`, `timed out after 10s`), if anything.
    pub last_error: Option<String>,
    /// The URL as it was last requested, when it differs from [`Page::url`]: the link's own
    /// spelling, query order kept (see `config::url_identity`).
    pub request_url: Option<String>,
    /// 404/410 answers in a row: how far a dead link has backed off (0 for a live page).
    pub gone_streak: u32,
    /// Unix seconds before which the URL is not requested again (a dead link backing off);
    /// `None` when it may be requested at any time.
    pub next_check: Option<i64>,
}

impl Page {
    /// An empty fetched page seen for the first time at `now`.
    pub fn new(url: &str, bureau: &str, now: i64) -> Page {
        Page {
            url: url.to_owned(),
            state: PageState::Fetched,
            http_status: Some(200),
            bureau: bureau.to_owned(),
            section: None,
            lang: None,
            title: String::new(),
            description: String::new(),
            text: String::new(),
            sections: Vec::new(),
            outlinks: Vec::new(),
            canonical: None,
            noindex: false,
            content_type: Some("text/html".to_owned()),
            etag: None,
            last_modified: None,
            content_hash: None,
            bytes: None,
            published: None,
            first_seen: now,
            last_seen: now,
            last_changed: now,
            last_error: None,
            request_url: None,
            gone_streak: 0,
            next_check: None,
        }
    }
}

pub(crate) const COLUMNS: &str = "url, state, http_status, bureau, section, lang, title, description, text, sections, \
     outlinks, canonical, noindex, content_type, etag, last_modified, content_hash, bytes, published, first_seen, \
     last_seen, last_changed, last_error, request_url, gone_streak, next_check";

fn json_column<T: for<'de> Deserialize<'de>>(row: &Row, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn from_row(row: &Row) -> rusqlite::Result<Page> {
    Ok(Page {
        url: row.get(0)?,
        state: PageState::parse(&row.get::<_, String>(1)?),
        http_status: row.get(2)?,
        bureau: row.get(3)?,
        section: row.get(4)?,
        lang: row.get(5)?,
        title: row.get(6)?,
        description: row.get(7)?,
        text: row.get(8)?,
        sections: json_column(row, 9)?,
        outlinks: json_column(row, 10)?,
        canonical: row.get(11)?,
        noindex: row.get(12)?,
        content_type: row.get(13)?,
        etag: row.get(14)?,
        last_modified: row.get(15)?,
        content_hash: row.get(16)?,
        bytes: row.get::<_, Option<i64>>(17)?.map(|b| b as u64),
        published: row.get(18)?,
        first_seen: row.get(19)?,
        last_seen: row.get(20)?,
        last_changed: row.get(21)?,
        last_error: row.get(22)?,
        request_url: row.get(23)?,
        gone_streak: row.get(24)?,
        next_check: row.get(25)?,
    })
}

pub(crate) fn upsert(conn: &Connection, p: &Page) -> rusqlite::Result<()> {
    let sections = serde_json::to_string(&p.sections).expect("sections serialize");
    let outlinks = serde_json::to_string(&p.outlinks).expect("outlinks serialize");
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO pages ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
         ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
    ))?
    .execute(params![
        p.url,
        p.state.as_str(),
        p.http_status,
        p.bureau,
        p.section,
        p.lang,
        p.title,
        p.description,
        p.text,
        sections,
        outlinks,
        p.canonical,
        p.noindex,
        p.content_type,
        p.etag,
        p.last_modified,
        p.content_hash,
        p.bytes.map(|b| b as i64),
        p.published,
        p.first_seen,
        p.last_seen,
        p.last_changed,
        p.last_error,
        p.request_url,
        p.gone_streak,
        p.next_check,
    ])
    .map(drop)
}
