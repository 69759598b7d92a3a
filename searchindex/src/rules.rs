//! The editors' search rules as every index commit carries them: synonyms, best bets, routes,
//! the "call 911" notice, referrals and the home page's topics. The indexer reads and checks them
//! from `content/*.toml` (`indexer::rules`); the engine applies the ones stored with the index it
//! serves, so rules and documents always come from the same commit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// All rules, in file order, as the indexer read them from `content/`. The indexer reports a rule
/// that breaks what the fields below say as a problem; a rule set read without problems meets all
/// of it. Phrases throughout are trimmed, with runs of whitespace as one space; the engine
/// matches them folded (case and accents), word for word and in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// From `synonyms.toml`: the groups, then the one-way synonyms.
    pub synonyms: Vec<Synonym>,
    /// From `best-bets.toml` (`[[bet]]`).
    pub best_bets: Vec<BestBet>,
    /// From `best-bets.toml` (`[[route]]`).
    pub routes: Vec<Route>,
    /// The "call 911" notice, shown above everything for an emergency (`[emergency]` of
    /// `referrals.toml`).
    pub emergency: Option<Notice>,
    /// Referrals shown beside the City's results (211 for food, shelter, rent help), the
    /// `[[referral]]` tables of `referrals.toml`.
    pub referrals: Vec<Notice>,
    /// Article slugs of the most-asked topics, for the home page, in order (`topics.toml`); a slug
    /// that names no published article is left out. Empty when read from a payload written before
    /// topics existed.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// Phrases that find each other: a group, or a one-way synonym.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    /// At least two phrases; a synonym with fewer is left out. For a one-way synonym, `from`
    /// first, then each `to`.
    pub phrases: Vec<String>,
    /// One-way: `phrases[0]` also finds the others, not the reverse. Otherwise every phrase finds
    /// every other.
    pub oneway: bool,
}

/// Query phrases pinned to an article or a URL, optionally between two dates: it names either
/// `article` or `url`, not both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestBet {
    /// The phrases that trigger it (at least one).
    pub queries: Vec<String>,
    /// Slug of the published article it shows.
    pub article: Option<String>,
    /// An outside http(s) page it shows instead of an article.
    pub url: Option<String>,
    /// Title shown for `url` (required with it).
    pub title: Option<String>,
    /// Summary shown for `url`.
    pub summary: Option<String>,
    /// First day it is in force, `YYYY-MM-DD` (UTC), inclusive.
    pub start: Option<String>,
    /// Last day it is in force, `YYYY-MM-DD` (UTC), inclusive.
    pub end: Option<String>,
}

/// Query phrases routed to the bureau that answers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The phrases that trigger it (at least one).
    pub queries: Vec<String>,
    /// Id of a configured bureau.
    pub bureau: String,
}

/// A notice or referral: shown when a query contains one of its phrases and none of its
/// `unless` phrases. Phrases of every language apply to every query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Stable id (`911`, `211`); `emergency` or `referral` when the file gives none.
    pub id: String,
    /// The number to call, as written (`911`, `211`).
    pub phone: String,
    /// Optional http(s) link for more help.
    pub url: Option<String>,
    /// The message by city language tag (`en`, `es`, `zh-hans`); English (`en`) is required.
    pub message: BTreeMap<String, String>,
    /// The phrases that show it, of every language together (at least one).
    pub phrases: Vec<String>,
    /// Phrases that keep it hidden, of every language together.
    pub unless: Vec<String>,
}

impl Notice {
    /// The message in `lang` (a city language tag), else the English one, else `""`.
    pub fn message_in(&self, lang: &str) -> &str {
        self.message
            .get(lang)
            .or_else(|| self.message.get("en"))
            .map(String::as_str)
            .unwrap_or_default()
    }
}
