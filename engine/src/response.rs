//! The JSON shapes of the API (`CONTRACT.md`, "Search response"), shared by the HTTP handlers, the
//! command line and the pages. Field names are the contract's; fields beyond it are additions a
//! client may ignore.

use config::{Bureau, Lang};
use searchindex::{Category, Kind};
use serde::{Deserialize, Serialize};

/// A bureau as results show it: `{"id": "bps", "name": "Bureau of Planning and Sustainability"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BureauRef {
    /// The bureau's stable id from `firststop.toml` (`pbot`, `bps`, `311`).
    pub id: String,
    /// The bureau's name as people read it, from `firststop.toml`; the id itself when the config
    /// does not name that bureau.
    pub name: String,
    /// The bureau's name in the reader's language (see [`SearchResponse::name_bureaus`]) where
    /// the City publishes one (`names` in `firststop.toml`); left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local_name: Option<String>,
}

/// Something a reader can do about an answer: a link or a phone number to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The button text, in the article's language: "Report it online".
    pub label: String,
    /// Where it leads: an `http`/`https` URL, a `tel:` number or a `mailto:` address (the only
    /// schemes the indexer accepts in an article's `actions`).
    pub url: String,
}

/// The card an agent reads aloud: a curated article that confidently answers the question, or the
/// article an editor's best bet names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The article's title.
    pub title: String,
    /// One or two plain sentences an agent can read aloud (at most 300 characters, checked when
    /// the article is indexed).
    pub summary: String,
    /// The article's address on this site: `/articles/<slug>` for the original,
    /// `/<lang>/articles/<slug>` for a translation.
    pub url: String,
    /// Language tag of this version (`en`, `es`, `zh-hans`): the question's language when the
    /// article is translated into it, else the language of the version that matched (for a best
    /// bet, English, else the first city language the article exists in).
    pub lang: String,
    /// The bureau that answers for the article.
    pub bureau: BureauRef,
    /// The article's actions, in the order the editor wrote them.
    pub actions: Vec<Action>,
    /// The bureau's public phone number from `firststop.toml`, else 311's; `null` when neither
    /// has one.
    pub phone: Option<String>,
    /// The article's slug, the same in every language.
    pub slug: String,
    /// The same article in its other languages, in the order of the city's languages: what a
    /// reader or a caller can be sent in their own language. Left out of the JSON when there is
    /// none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub translations: Vec<Translation>,
}

/// The answer card's article in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    /// Language tag of this version (`es`, `vi`).
    pub lang: String,
    /// Where it is served: `/<lang>/articles/<slug>`, or `/articles/<slug>` for the original.
    pub url: String,
    /// Title in that language.
    pub title: String,
    /// Summary in that language.
    pub summary: String,
}

/// One result: a crawled page, or an article (in the question's language when it is translated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Where the result is. A page's absolute URL as it was linked, with `#<anchor>` when the
    /// passage that matched is one of its sections; an article's path on this site
    /// (`/articles/<slug>` or `/<lang>/articles/<slug>`).
    pub url: String,
    /// The page's or article's title; may be empty for a page that has none.
    pub title: String,
    /// The passage where the question's words cluster (about 30 words): HTML-escaped text with
    /// `<mark>` around matched words and `…` where it was cut; the summary, or the first 220
    /// characters, when no word matched.
    pub snippet: String,
    /// The bureau that owns the page (by the site's path sections) or the article; 311 for a
    /// best bet whose page was not crawled.
    pub bureau: BureauRef,
    /// Language tag of the document (`en`, `es`); `und` for a crawled page whose language could
    /// not be told, `en` for a best bet whose page was not crawled.
    pub lang: String,
    /// `article` (curated, from `content/`) or `page` (crawled).
    pub kind: Kind,
    /// An article's actions (links and phone numbers); empty for pages.
    pub actions: Vec<Action>,
    /// `YYYY-MM-DD` (UTC): an article's `updated` date, or the publication date a crawled page
    /// states; `null` when unknown.
    pub updated: Option<String>,
    /// Finer kind: `article`, `service`, `home`, `page`, `place`, `news`, `policy`, `code`.
    pub category: Category,
    /// The heading of the page section that matched best, when the result links into a section
    /// (pages only). Left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// True for an editor's best bet, pinned above the ranking. (The pages the answer card's
    /// actions link to also come first, but are not marked.) Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub pinned: bool,
    /// The article's slug, for articles. Left out of the JSON for pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Why the result is where it is: only when the search was explained
    /// ([`crate::SearchRequest::explain`]); left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub explain: Option<Box<crate::explain::HitExplain>>,
}

/// How many results share one value of a facet: `{"id": "bps", "name": "...", "count": 12}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The value: a bureau id, a language tag, or `article`/`page`. Pass it back as the
    /// `bureau`, `result_lang` or `kind` parameter to keep only these results.
    pub id: String,
    /// The bureau's name, for the bureau facet; left out of the JSON for languages and kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The bureau's name in the reader's language where the City publishes one, as
    /// [`BureauRef::local_name`]; left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local_name: Option<String>,
    /// Results (pages and articles, each counted once) with this value.
    pub count: usize,
}

/// Result counts by bureau, language and kind, each list sorted by count (largest first), then
/// by id. Counted over every result that matched, the answer card's article included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Counts by bureau id, with the bureau's name.
    pub bureau: Vec<FacetCount>,
    /// Counts by document language tag.
    pub lang: Vec<FacetCount>,
    /// Counts by `article` and `page`.
    pub kind: Vec<FacetCount>,
}

/// A notice ("call 911") or a referral (211) from the editors' `content/referrals.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The rule's id in the editors' file (`emergency` for the 911 notice).
    pub id: String,
    /// What to tell the reader, in the question's language when the editors translated it, else
    /// in English.
    pub message: String,
    /// The number to call, as the editors wrote it: `911`, `211`.
    pub phone: String,
    /// A web page with more help, when there is one.
    pub url: Option<String>,
}

/// The answer to `GET /api/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// The question as searched: control characters removed and spaces collapsed (a trailing
    /// space, which marks the last word as finished, is kept).
    pub query: String,
    /// Language tag the question was understood in: detected from its words, else the request's
    /// `lang`, else `en`.
    pub lang: String,
    /// Results in all, on every page: best bets and the pages the answer card links to, plus the
    /// ranked pages and articles, without the answer card's article.
    pub total: usize,
    /// Milliseconds the engine spent on this search, to two decimals (waiting for a search slot
    /// and HTTP handling are not included).
    pub took_ms: f64,
    /// The curated article that answers the question; `null` unless one is a confident match or
    /// an editor's best bet names one.
    pub answer: Option<Answer>,
    /// The requested page of results (`offset`, `limit`): best bets and the pages the answer card
    /// links to first, then the ranking.
    pub results: Vec<Hit>,
    /// Result counts by bureau, language and kind, for narrowing the search.
    pub facets: Facets,
    /// "Did you mean": the question with its unknown words corrected from the index's own
    /// vocabulary; `null` when every word is known.
    pub suggestion: Option<String>,
    /// "Call 911": shown above everything when the question describes an emergency; `null`
    /// otherwise.
    pub emergency: Option<Notice>,
    /// Services outside the City that fit the need (211), shown beside the results.
    pub referrals: Vec<Notice>,
    /// The bureau an editor's route sends this question to (its results rank higher); `null`
    /// when no route matches.
    pub routed_to: Option<BureauRef>,
    /// The ranking report's plan and answer card decision: only when the search was explained
    /// ([`crate::SearchRequest::explain`]); left out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub explain: Option<Box<crate::explain::QueryExplain>>,
}

impl SearchResponse {
    /// Sets `local_name` on every bureau the response names (the answer's, each result's, the
    /// bureau facet's and `routed_to`) to the name the City publishes in `reader` (`names` in
    /// `firststop.toml`), or clears it where there is none. `bureaus` are the configured ones.
    pub fn name_bureaus(&mut self, reader: Lang, bureaus: &[Bureau]) {
        let local = |id: &str| {
            bureaus
                .iter()
                .find(|b| b.id == id)
                .and_then(|b| b.published_name(reader))
                .map(str::to_owned)
        };
        let refs = self
            .answer
            .iter_mut()
            .map(|a| &mut a.bureau)
            .chain(self.results.iter_mut().map(|h| &mut h.bureau))
            .chain(self.routed_to.iter_mut());
        for bureau in refs {
            bureau.local_name = local(&bureau.id);
        }
        for count in &mut self.facets.bureau {
            count.local_name = local(&count.id);
        }
    }
}
