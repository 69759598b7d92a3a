//! Applying the editors' rules to a question: the 911 notice, referrals, best bets and routes.
//! A best bet's or route's phrase matches when its words appear in the question in order, folded
//! (case and accents); for scripts written without spaces, when its characters appear in the
//! question. Notices match by their patterns ([`searchindex::rules::pattern`]).

use searchindex::analysis::{Analyzer, fold};
use searchindex::rules::{self, BestBet, CompiledNotice, Notice, Route, Rules};

use crate::phrases::Phrases;
use crate::plan::find_all;

/// The question in the forms phrases are matched against: its folded words, its folded words
/// without filler, and its folded text without spaces (for unspaced scripts).
pub struct Question<'p> {
    words: Vec<String>,
    content_words: Vec<String>,
    compact: String,
    phrases: &'p Phrases,
}

impl<'p> Question<'p> {
    /// The question from a plan's folded words ([`Plan::folded`](crate::plan::Plan::folded)),
    /// its words without filler ([`Plan::folded_content`](crate::plan::Plan::folded_content)),
    /// and the raw question; `phrases` are the rules' phrases, prepared.
    pub fn new(
        folded: &[String],
        folded_content: &[String],
        raw: &str,
        phrases: &'p Phrases,
    ) -> Question<'p> {
        Question {
            words: folded.to_vec(),
            content_words: folded_content.to_vec(),
            compact: fold(raw).chars().filter(|c| !c.is_whitespace()).collect(),
            phrases,
        }
    }

    /// The share of the question's content words that `phrase` accounts for, from 0.0 to 1.0 (all
    /// words when every word is filler). For a phrase in an unspaced script: its length over the
    /// question's, in characters without spaces, which can exceed 1.0.
    pub fn share_of(&self, phrase: &str) -> f32 {
        let p = self.phrases.get(phrase);
        if p.unspaced {
            return p.compact.chars().count() as f32 / self.compact.chars().count().max(1) as f32;
        }
        let words = p.terms(Analyzer::Folded);
        let content = if self.content_words.is_empty() {
            &self.words
        } else {
            &self.content_words
        };
        let covered = content.iter().filter(|w| words.contains(w)).count();
        covered as f32 / content.len().max(1) as f32
    }

    /// Whether `phrase` occurs in the question: its folded words in order and next to each other,
    /// or, for an unspaced script, its characters.
    pub fn contains(&self, phrase: &str) -> bool {
        let p = self.phrases.get(phrase);
        let words = p.terms(Analyzer::Folded);
        if words.is_empty() {
            return false;
        }
        if p.unspaced {
            return self.compact.contains(&p.compact);
        }
        !find_all(&self.words, words).is_empty() || !find_all(&self.content_words, words).is_empty()
    }
}

/// The notices of a rule set, compiled once per index: the emergency notice (if any) and the
/// referrals, in file order.
#[derive(Debug, Default)]
pub struct Notices {
    emergency: Option<CompiledNotice>,
    referrals: Vec<CompiledNotice>,
}

impl Notices {
    /// Compiles the notices of `rules` with its word lists. A pattern that does not compile is
    /// left out (the indexer reports it before the rules are committed).
    pub fn of(rules: &Rules) -> Notices {
        let compile = |n: &Notice| CompiledNotice::compile(n, &rules.words).0;
        Notices {
            emergency: rules.emergency.as_ref().map(compile),
            referrals: rules.referrals.iter().map(compile).collect(),
        }
    }
}

/// The emergency notice, if it applies to one of `questions` (normalized texts: the question
/// as asked, then its spelling correction when there is one), and the referrals that apply to
/// one of them, in file order. A notice is decided on the corrected question too, so a typo
/// ("someones breakin in") does not hide an emergency the correction states.
pub fn notices<'r>(
    rules: &'r Rules,
    compiled: &Notices,
    questions: &[&str],
) -> (Option<&'r Notice>, Vec<&'r Notice>) {
    let qs: Vec<rules::Question> = questions.iter().map(|q| rules::Question::new(q)).collect();
    let shows = |c: &CompiledNotice| qs.iter().any(|q| c.shows(q));
    let emergency = rules
        .emergency
        .as_ref()
        .zip(compiled.emergency.as_ref())
        .filter(|(_, c)| shows(c))
        .map(|(n, _)| n);
    let referrals = rules
        .referrals
        .iter()
        .zip(&compiled.referrals)
        .filter(|(_, c)| shows(c))
        .map(|(n, _)| n)
        .collect();
    (emergency, referrals)
}

/// Best bets for the question that are in force on `today` (`YYYY-MM-DD`), in file order. A bet
/// phrase must be in the question and make up more than half of its words: "need a permit" is
/// a bet for "do I need a permit", not for "build a deck, do I need a permit for the stairs".
pub fn best_bets<'r>(rules: &'r Rules, q: &Question, today: &str) -> Vec<&'r BestBet> {
    rules
        .best_bets
        .iter()
        .filter(|b| {
            b.start.as_deref().is_none_or(|s| s <= today)
                && b.end.as_deref().is_none_or(|e| today <= e)
        })
        .filter(|b| {
            b.queries
                .iter()
                .any(|p| q.contains(p) && q.share_of(p) > 0.5)
        })
        .collect()
}

/// The first route, in file order, one of whose phrases the question contains.
pub fn route<'r>(rules: &'r Rules, q: &Question) -> Option<&'r Route> {
    rules
        .routes
        .iter()
        .find(|r| r.queries.iter().any(|p| q.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(text: &str) -> Question<'static> {
        let words = Analyzer::Folded.terms(text);
        Question::new(&words, &words, text, Box::leak(Box::default()))
    }

    #[test]
    fn phrases_match_word_for_word_and_folded() {
        let q = question("My HOUSE is on fire!");
        assert!(q.contains("house is on fire"));
        assert!(!q.contains("house fire"));
        assert!(question("¿Dónde está el baño?").contains("donde esta"));
    }

    #[test]
    fn unspaced_scripts_match_by_characters() {
        assert!(question("我家着火了快来").contains("着火了"));
    }
}
