//! The editors' search rules as every index commit carries them: synonyms, best bets, routes,
//! the "call 911" notice, referrals and the home page's topics. The indexer reads and checks them
//! from `content/*.toml` (`indexer::rules`); the engine applies the ones stored with the index it
//! serves, so rules and documents always come from the same commit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// All rules, validated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub synonyms: Vec<Synonym>,
    pub best_bets: Vec<BestBet>,
    pub routes: Vec<Route>,
    /// The "call 911" notice, shown above everything for an emergency.
    pub emergency: Option<Notice>,
    /// Referrals shown beside the City's results (211 for food, shelter, rent help).
    pub referrals: Vec<Notice>,
    /// Article slugs of the most-asked topics, for the home page, in order.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// Phrases that find each other. One-way: `phrases[0]` also finds the others, not the reverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    pub phrases: Vec<String>,
    pub oneway: bool,
}

/// Query phrases pinned to an article or a URL, optionally between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestBet {
    pub queries: Vec<String>,
    pub article: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub start: Option<String>,
    pub end: Option<String>,
}

/// Query phrases routed to the bureau that answers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub queries: Vec<String>,
    pub bureau: String,
}

/// A notice or referral: shown when a query contains one of its phrases and none of its
/// `unless` phrases. Keys of the maps are language tags; phrases of every language apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: String,
    pub phone: String,
    pub url: Option<String>,
    pub message: BTreeMap<String, String>,
    pub phrases: Vec<String>,
    pub unless: Vec<String>,
}

impl Notice {
    /// The message in `lang`, else English.
    pub fn message_in(&self, lang: &str) -> &str {
        self.message
            .get(lang)
            .or_else(|| self.message.get("en"))
            .map(String::as_str)
            .unwrap_or_default()
    }
}
