//! One search as the engine takes it, already validated by the caller (the HTTP service's
//! parameter parsing, or the command line).

use config::Lang;
use searchindex::Kind;

/// Longest question accepted, in characters (Unicode scalar values, not bytes): the API's limit
/// on `q` (`maxLength` in `search-api/openapi.json`); a longer `q` is a 400 `query_too_long`.
pub const MAX_QUERY_CHARS: usize = 500;

/// Most results one request may ask for: the upper end of the contract's `limit` range (1..50).
pub const MAX_LIMIT: usize = 50;

/// One search. The engine trusts these values: the caller checks them first (the service with
/// `search_api::params`, the command line by clamping `limit`).
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The question as typed, with control characters removed and spaces collapsed, at most
    /// [`MAX_QUERY_CHARS`] characters. A trailing space means the last word is finished (it is not
    /// completed as a prefix).
    pub q: String,
    /// The reader's language: the interface language, or the caller's language an agent picked.
    /// Used when the question's own language is unclear, and to choose the answer's translation.
    pub lang: Option<Lang>,
    /// Only results of this bureau id (an id of `firststop.toml`, such as `pbot`).
    pub bureau: Option<String>,
    /// Only articles or only crawled pages. With [`Kind::Page`] there is no answer card; with
    /// [`Kind::Article`] nothing is pinned.
    pub kind: Option<Kind>,
    /// Only documents in this language.
    pub result_lang: Option<Lang>,
    /// Results to return, 1 to [`MAX_LIMIT`]; default 10.
    pub limit: usize,
    /// Results to skip (paging), counted over pinned and ranked results alike; default 0.
    pub offset: usize,
    /// Whether to explain the ranking: the response's [`crate::SearchResponse::explain`] and each
    /// result's [`crate::response::Hit::explain`]. Off by default; nothing of it is built when off.
    pub explain: bool,
    /// Today as `YYYY-MM-DD` (UTC): best bets are in force from their start to their end date,
    /// both inclusive. Set by [`SearchRequest::new`] from the clock; a test may fix it.
    pub today: String,
}

impl SearchRequest {
    /// A search for `q` with the defaults: any bureau, kind and language, no reader language, ten
    /// results from the first, today's date. `q` is taken as given; clean it first if it comes
    /// from a user.
    pub fn new(q: &str) -> SearchRequest {
        SearchRequest {
            q: q.to_owned(),
            lang: None,
            bureau: None,
            kind: None,
            result_lang: None,
            limit: 10,
            offset: 0,
            explain: false,
            today: today(),
        }
    }
}

/// Today in UTC as `YYYY-MM-DD`, the form best-bet dates are compared in.
pub fn today() -> String {
    config::day::format(config::day::today())
}
