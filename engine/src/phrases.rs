//! The editors' phrases (synonyms, notices, best bets, routes) analysed once when an index is
//! opened, not on every question.

use std::collections::HashMap;

use searchindex::analysis::{Analyzer, fold};
use searchindex::rules::Rules;

/// One phrase as every analyzer sees it, prepared once.
#[derive(Debug, Clone)]
pub struct Phrase {
    terms: Vec<Vec<String>>,
    /// Folded, without spaces: for scripts written without them.
    pub compact: String,
    /// Written in a script without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer).
    pub unspaced: bool,
}

impl Phrase {
    /// Analyses `text` with every analyzer of [`Analyzer::ALL`].
    pub fn new(text: &str) -> Phrase {
        Phrase {
            terms: Analyzer::ALL.iter().map(|a| a.terms(text)).collect(),
            compact: fold(text).chars().filter(|c| !c.is_whitespace()).collect(),
            unspaced: config::script::has_unspaced(text),
        }
    }

    /// The phrase's terms under `analyzer`, in order; empty when the analyzer keeps no word of
    /// it.
    pub fn terms(&self, analyzer: Analyzer) -> &[String] {
        let i = Analyzer::ALL
            .iter()
            .position(|a| *a == analyzer)
            .expect("known analyzer");
        &self.terms[i]
    }
}

/// Every phrase of a rule set (synonyms, best bets, routes), prepared and keyed by its text as
/// written in the rules. Notices have patterns of their own
/// ([`searchindex::rules::CompiledNotice`]).
#[derive(Debug, Default)]
pub struct Phrases(HashMap<String, Phrase>);

impl Phrases {
    /// Prepares every phrase of `rules`, each distinct text once.
    pub fn of(rules: &Rules) -> Phrases {
        let mut map = HashMap::new();
        let texts = rules
            .synonyms
            .iter()
            .flat_map(|s| &s.phrases)
            .chain(rules.best_bets.iter().flat_map(|b| &b.queries))
            .chain(rules.routes.iter().flat_map(|r| &r.queries));
        for text in texts {
            map.entry(text.clone()).or_insert_with(|| Phrase::new(text));
        }
        Phrases(map)
    }

    /// The prepared phrase, or one prepared now for a phrase the rules did not have.
    pub fn get(&self, text: &str) -> std::borrow::Cow<'_, Phrase> {
        match self.0.get(text) {
            Some(p) => std::borrow::Cow::Borrowed(p),
            None => std::borrow::Cow::Owned(Phrase::new(text)),
        }
    }
}
