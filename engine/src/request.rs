//! One search as the engine takes it, already validated by the caller (the HTTP service's
//! parameter parsing, or the command line).

use config::Lang;
use searchindex::Kind;

/// Longest question accepted, in characters (Unicode scalar values).
pub const MAX_QUERY_CHARS: usize = 500;

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 50;

/// One search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The question as typed, with control characters removed and spaces collapsed. A trailing
    /// space means the last word is finished (it is not completed as a prefix).
    pub q: String,
    /// The reader's language: the interface language or the caller's language an agent picked.
    /// Used when the question's own language is unclear, and for the answer's translations.
    pub lang: Option<Lang>,
    /// Only results of this bureau id.
    pub bureau: Option<String>,
    /// Only articles or only crawled pages.
    pub kind: Option<Kind>,
    /// Only documents in this language.
    pub result_lang: Option<Lang>,
    /// Results to return, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip (paging).
    pub offset: usize,
    /// `YYYY-MM-DD` (UTC): best bets are in force between their start and end dates.
    pub today: String,
}

impl SearchRequest {
    /// A search for `q` with the defaults: any bureau, kind and language, ten results, today.
    pub fn new(q: &str) -> SearchRequest {
        SearchRequest {
            q: q.to_owned(),
            lang: None,
            bureau: None,
            kind: None,
            result_lang: None,
            limit: 10,
            offset: 0,
            today: today(),
        }
    }
}

/// Today in UTC as `YYYY-MM-DD`, the form best-bet dates are compared in.
pub fn today() -> String {
    config::day::format(config::day::today())
}
