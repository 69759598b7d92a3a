//! The editors' search rules as every index commit carries them: synonyms, best bets, routes,
//! the "call 911" notice, referrals and the home page's topics. The indexer reads and checks them
//! from `content/*.toml` (`indexer::rules`); the engine applies the ones stored with the index it
//! serves, so rules and documents always come from the same commit.
//!
//! The notices' patterns are a small language of their own ([`pattern`]); [`CompiledNotice`] is
//! a notice ready to match questions, and [`CompiledNotice::examples`] runs the tables of
//! examples a notice carries.

pub mod pattern;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use pattern::{Pattern, PatternError, Question, WordLists};

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
    /// The word lists notices' patterns name (`{home}`), by language tag, then by name: the
    /// `[words.<lang>]` tables of `referrals.toml`.
    #[serde(default)]
    pub words: BTreeMap<String, WordLists>,
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

/// A notice or referral: shown when one of its patterns matches the question and none of its
/// `unless` patterns does ([`pattern`] says how they read). Patterns of every language apply to
/// every question; each is read in its own language (its stems, its word lists).
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
    /// The patterns that show it, by language tag (at least one in all).
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Patterns that keep it hidden, by language tag.
    pub unless: BTreeMap<String, Vec<String>>,
    /// Slugs of the articles that may be the answer card beside the notice (about the emergency
    /// or the need itself): beside a notice, any other card is left out, and with none named
    /// there is no card. Under the emergency notice they also lead the results.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Questions that must show it, by language tag: its table of examples.
    #[serde(default)]
    pub positives: BTreeMap<String, Vec<String>>,
    /// Ordinary questions close to it that must not show it, by language tag.
    #[serde(default)]
    pub near_misses: BTreeMap<String, Vec<String>>,
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

/// A notice with its patterns compiled, ready to match questions.
#[derive(Debug, Clone)]
pub struct CompiledNotice {
    show: Vec<Pattern>,
    unless: Vec<Pattern>,
}

/// A pattern of a notice that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPattern {
    /// The language tag it is written under.
    pub lang: String,
    /// The pattern as written.
    pub source: String,
    /// What is wrong with it.
    pub error: PatternError,
}

/// One example of a notice's table that the notice gets wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The example's language tag.
    pub lang: String,
    /// The example question.
    pub question: String,
    /// `true`: a positive the notice misses; `false`: a near miss it shows for.
    pub positive: bool,
    /// For a near miss, the pattern that showed the notice.
    pub pattern: Option<String>,
}

/// How a notice does on its table of examples, per language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Per language tag: (positives caught, positives, near misses that show it, near misses).
    pub by_lang: BTreeMap<String, (usize, usize, usize, usize)>,
    /// Every example it gets wrong, in file order per language.
    pub failures: Vec<ExampleFailure>,
}

impl CompiledNotice {
    /// Compiles every pattern of `notice` in its language with that language's word lists from
    /// `words`. A pattern that does not compile is left out and returned beside.
    pub fn compile(
        notice: &Notice,
        words: &BTreeMap<String, WordLists>,
    ) -> (CompiledNotice, Vec<BadPattern>) {
        let mut bad = Vec::new();
        let empty = WordLists::new();
        let mut compile_all = |by_lang: &BTreeMap<String, Vec<String>>| {
            let mut out = Vec::new();
            for (lang, sources) in by_lang {
                let lists = words.get(lang).unwrap_or(&empty);
                for source in sources {
                    match Pattern::compile(source, lang, lists) {
                        Ok(p) => out.push(p),
                        Err(error) => bad.push(BadPattern {
                            lang: lang.clone(),
                            source: source.clone(),
                            error,
                        }),
                    }
                }
            }
            out
        };
        let show = compile_all(&notice.phrases);
        let unless = compile_all(&notice.unless);
        (CompiledNotice { show, unless }, bad)
    }

    /// The pattern that shows the notice for `question`: the first one that matches, when no
    /// `unless` pattern matches. `None` when the notice does not apply.
    pub fn shown_by(&self, question: &Question) -> Option<&Pattern> {
        if self.unless.iter().any(|p| p.matches(question)) {
            return None;
        }
        self.show.iter().find(|p| p.matches(question))
    }

    /// Whether the notice applies to `question`.
    pub fn shows(&self, question: &Question) -> bool {
        self.shown_by(question).is_some()
    }

    /// Runs `notice`'s table of examples (its positives and near misses) through this compiled
    /// form of it: what the indexer checks before a `referrals.toml` is accepted.
    pub fn examples(&self, notice: &Notice) -> ExampleReport {
        let mut report = ExampleReport::default();
        let langs = notice.positives.keys().chain(notice.near_misses.keys());
        for lang in langs {
            if report.by_lang.contains_key(lang) {
                continue;
            }
            let mut row = (0, 0, 0, 0);
            for q in notice.positives.get(lang).into_iter().flatten() {
                row.1 += 1;
                if self.shows(&Question::new(q)) {
                    row.0 += 1;
                } else {
                    report.failures.push(ExampleFailure {
                        lang: lang.clone(),
                        question: q.clone(),
                        positive: true,
                        pattern: None,
                    });
                }
            }
            for q in notice.near_misses.get(lang).into_iter().flatten() {
                row.3 += 1;
                if let Some(p) = self.shown_by(&Question::new(q)) {
                    row.2 += 1;
                    report.failures.push(ExampleFailure {
                        lang: lang.clone(),
                        question: q.clone(),
                        positive: false,
                        pattern: Some(p.source.clone()),
                    });
                }
            }
            report.by_lang.insert(lang.clone(), row);
        }
        report
    }
}
