//! Applying the editors' rules to a question: the 911 notice, referrals, best bets and routes.
//! A phrase matches when its words appear in the question in order, folded (case and accents);
//! for scripts written without spaces, when its characters appear in the question.

use indexer::analysis::{Analyzer, fold};
use indexer::rules::{BestBet, Notice, Route, Rules};

use crate::plan::find_all;

/// The question in the forms phrases are matched against.
pub struct Question {
    words: Vec<String>,
    content_words: Vec<String>,
    compact: String,
}

impl Question {
    pub fn new(folded: &[String], folded_content: &[String], raw: &str) -> Question {
        Question {
            words: folded.to_vec(),
            content_words: folded_content.to_vec(),
            compact: fold(raw).chars().filter(|c| !c.is_whitespace()).collect(),
        }
    }

    /// The share of the question's content words that `phrase` accounts for.
    pub fn share_of(&self, phrase: &str) -> f32 {
        if phrase.chars().any(is_unspaced_script) {
            let compact: String = fold(phrase)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            return compact.chars().count() as f32 / self.compact.chars().count().max(1) as f32;
        }
        let words = Analyzer::Folded.terms(phrase);
        let content = if self.content_words.is_empty() {
            &self.words
        } else {
            &self.content_words
        };
        let covered = content.iter().filter(|w| words.contains(w)).count();
        covered as f32 / content.len().max(1) as f32
    }

    /// Whether `phrase` occurs in the question.
    pub fn contains(&self, phrase: &str) -> bool {
        let words = Analyzer::Folded.terms(phrase);
        if words.is_empty() {
            return false;
        }
        if phrase.chars().any(is_unspaced_script) {
            let compact: String = fold(phrase)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            return self.compact.contains(&compact);
        }
        !find_all(&self.words, &words).is_empty()
            || !find_all(&self.content_words, &words).is_empty()
    }
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x0E00..=0x0EFF | 0x1780..=0x17FF)
}

/// A notice whose phrases match and whose `unless` phrases do not.
pub fn notice_matches(notice: &Notice, q: &Question) -> bool {
    notice.phrases.iter().any(|p| q.contains(p)) && !notice.unless.iter().any(|p| q.contains(p))
}

/// The emergency notice and the referrals that fit the question.
pub fn notices<'r>(rules: &'r Rules, q: &Question) -> (Option<&'r Notice>, Vec<&'r Notice>) {
    let emergency = rules.emergency.as_ref().filter(|n| notice_matches(n, q));
    let referrals = rules
        .referrals
        .iter()
        .filter(|n| notice_matches(n, q))
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

/// The first route whose phrase the question contains.
pub fn route<'r>(rules: &'r Rules, q: &Question) -> Option<&'r Route> {
    rules
        .routes
        .iter()
        .find(|r| r.queries.iter().any(|p| q.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(text: &str) -> Question {
        let words = Analyzer::Folded.terms(text);
        Question::new(&words, &words, text)
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
