//! The JSON shapes of the API (CONTRACT.md), shared by the HTTP handlers, the CLI and the pages.

use searchindex::{Category, Kind};
use serde::{Deserialize, Serialize};

/// A bureau as results show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BureauRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub label: String,
    pub url: String,
}

/// The card an agent reads aloud: a curated article that confidently answers the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub lang: String,
    pub bureau: BureauRef,
    pub actions: Vec<Action>,
    /// The bureau's phone, else 311's.
    pub phone: Option<String>,
    /// The article's slug.
    pub slug: String,
    /// The same article in its other languages, in the order of the city's languages: what a
    /// reader or a caller can be sent in their own language.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub translations: Vec<Translation>,
}

/// The answer card's article in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    /// Language tag.
    pub lang: String,
    /// Where it is served: `/<lang>/articles/<slug>`, or `/articles/<slug>` for the original.
    pub url: String,
    /// Title in that language.
    pub title: String,
    /// Summary in that language.
    pub summary: String,
}

/// One result: a page or an article (in the reader's language when it exists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    /// HTML-escaped text with `<mark>` around matched words.
    pub snippet: String,
    pub bureau: BureauRef,
    pub lang: String,
    pub kind: Kind,
    pub actions: Vec<Action>,
    pub updated: Option<String>,
    /// Finer kind: article, service, home, page, place, news, policy, code.
    pub category: Category,
    /// The heading of the passage that matched best, when it was a section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// True for an editor's best bet, pinned above the ranking.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub pinned: bool,
    /// Article slug, for articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub count: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub bureau: Vec<FacetCount>,
    pub lang: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
}

/// A notice (call 911) or referral (211) from the editors' file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub message: String,
    pub phone: String,
    pub url: Option<String>,
}

/// The answer to `GET /api/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub query: String,
    /// The language the question was understood in.
    pub lang: String,
    /// Results in all (groups of records that matched).
    pub total: usize,
    pub took_ms: f64,
    pub answer: Option<Answer>,
    pub results: Vec<Hit>,
    pub facets: Facets,
    pub suggestion: Option<String>,
    /// "Call 911": shown above everything when the question describes an emergency.
    pub emergency: Option<Notice>,
    /// Services outside the City that fit the need (211), shown beside the results.
    pub referrals: Vec<Notice>,
    /// The bureau an editor routed this question to.
    pub routed_to: Option<BureauRef>,
}
