//! The answer card: whether the best article among the results is confident enough, and has
//! the evidence, to be read aloud as the answer.

use searchindex::Kind;

use super::{Candidate, GroupHit, Ranked};
use crate::plan::Plan;

/// How far ahead of the next article an answer card must score, unless its title or keywords
/// match half the question.
const CARD_AHEAD: f32 = 1.2;

/// Share of the question's IDF (not squared: every word counts, rare ones more) an answer card
/// must match in full, and share its title or keywords must match: "fire pit rules in backyard"
/// is not about accessory dwellings because both mention a backyard.
const CARD_FULL_SHARE: f32 = 0.65;
/// See [`CARD_FULL_SHARE`].
const CARD_TITLE_SHARE: f32 = 0.5;
/// An article matching this share of the question's IDF in full needs its title or keywords to
/// match only something of it ("як зв'язатися з 311": the article on 311 says how to reach it).
const CARD_ALL_SHARE: f32 = 0.9;

/// A word weighing at least this share of the heaviest word of the question is a key word too.
const KEY_WORD_TIE: f32 = 0.99;

/// How much of a question a candidate matches ([`Ranked::linear_shares`]).
#[derive(Debug, Default, Clone, Copy)]
struct Shares {
    /// Share of the question's IDF matched fully, 0.0 to 1.0.
    full: f32,
    /// Share of the question's IDF its title or keywords match fully, 0.0 to 1.0.
    title: f32,
    /// Whether a word matched fully was read as written, not corrected.
    read: bool,
}

impl Ranked {
    /// The article group confident enough to be the answer card: the best article among the
    /// first results, matching most of the question's weight and scoring close to the best
    /// result — or, matching less, clearly ahead of every other article — and with real evidence
    /// ([`Ranked::has_evidence`]). `None` when no article is. [`Ranked::card_check`] says why.
    pub fn answer_candidate(&self, plan: &Plan) -> Option<&GroupHit> {
        let check = self.card_check(plan, false)?;
        check.passes().then(|| &self.groups[check.group])
    }

    /// The answer card decision for the best article among the results, step by step; `None`
    /// when no article is among them. Evidence is weighed only when the ranking tests pass, or
    /// always with `explain`.
    pub fn card_check(&self, plan: &Plan, explain: bool) -> Option<CardCheck> {
        let top = self.groups.first()?.score;
        let mut articles = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| self.candidates[g.best].kind == Kind::Article);
        let (index, first) = articles.next()?;
        let runner_up = articles.next().map(|(_, g)| g.score).unwrap_or(0.0);
        let near_top = index < 5;
        // An answer never misses words that results ranked above it match.
        let above = self.groups[..index]
            .iter()
            .map(|g| g.coverage)
            .fold(0.0, f32::max);
        let not_behind = first.coverage >= 0.9 * above;
        // Long, rambling questions match little of anything: what counts is matching nearly as
        // much of the question as the best match in the whole index does.
        let best_anywhere = self.groups.iter().map(|g| g.coverage).fold(0.0, f32::max);
        let covers = first.coverage >= 0.6
            || (first.coverage >= 0.35 && first.coverage >= 0.9 * best_anywhere);
        let confident = covers && first.score >= 0.5 * top;
        // The best result of all, matching half the question, or clearly ahead of the next article.
        let leads = first.score >= top && (first.coverage >= 0.5 || first.score >= 1.5 * runner_up);
        let clearly_ahead =
            first.coverage >= 0.4 && first.score >= 0.8 * top && first.score >= 1.6 * runner_up;
        let ranks = not_behind && near_top && (confident || leads || clearly_ahead);
        let evidence = (ranks || explain).then(|| self.evidence(first, runner_up, plan));
        Some(CardCheck {
            group: index,
            runner_up,
            not_behind,
            near_top,
            confident,
            leads,
            clearly_ahead,
            evidence,
        })
    }

    /// Whether the article group `card` has the evidence an answer card needs, beyond ranking
    /// first among articles: every test of [`Ranked::evidence`] passes.
    pub fn has_evidence(&self, card: &GroupHit, runner_up: f32, plan: &Plan) -> bool {
        self.evidence(card, runner_up, plan).passes()
    }

    /// The evidence an answer card needs, test by test:
    ///
    /// - full matches (not prefixes of a word being typed, not guesses at typos) of at least
    ///   half the question's word weight, or for a long question (four words or more) of nearly
    ///   as much as the best result matches in full;
    /// - the most important words (those of the highest weight, ties included) matched in
    ///   full, unless the article matches three quarters of the weight;
    /// - its title or keywords matching something of the question (the article is about it,
    ///   not only mentioning it);
    /// - the match in the question's language, or in another with at least 0.8 of the weight
    ///   matched in words the term table does not translate (a question in one language does not
    ///   get a card on a coincidence of words in another, nor on translations alone);
    /// - a score at least 1.2 times the next article's (`runner_up`), unless the title or
    ///   keywords match half the question's weight;
    /// - weighed by IDF rather than squared IDF, so that one rare shared word is not enough:
    ///   0.65 of the question matched in full and half of it in the title or keywords (or 0.9
    ///   matched in full), with at least one word matched as read, not as the correction of a
    ///   word the index does not know ("bil" is no question about bills).
    pub fn evidence(&self, card: &GroupHit, runner_up: f32, plan: &Plan) -> Evidence {
        let c = &self.candidates[card.best];
        let full_anywhere = self
            .candidates
            .iter()
            .map(|c| c.full_coverage)
            .fold(0.0, f32::max);
        let enough = c.full_coverage >= 0.5
            || (plan.groups.len() >= 4
                && c.full_coverage >= 0.35
                && c.full_coverage >= 0.9 * full_anywhere);
        // Most of the question, not one shared word: the IDF of the words matched in full, and of
        // those its title or keywords match, each a clear share of the question's, and at least
        // one word matched as it was read.
        let shares = Ranked::linear_shares(c, plan);
        Evidence {
            enough,
            key_word: c.full_coverage >= 0.75 || Ranked::matches_key_word(c, plan),
            about: c.title_coverage > 0.0
                && (Ranked::content_groups(plan) != 1 || c.topic & c.fully != 0),
            language: c.lang == plan.lang.tag || Ranked::unbridged_coverage(c, plan) >= 0.8,
            ahead: card.score >= CARD_AHEAD * runner_up || c.title_coverage >= 0.5,
            most: shares.full >= CARD_FULL_SHARE
                && (shares.title >= CARD_TITLE_SHARE || shares.full >= CARD_ALL_SHARE)
                && shares.read,
        }
    }

    /// How many of the question's word groups carry weight (content words).
    fn content_groups(plan: &Plan) -> usize {
        plan.groups.iter().filter(|g| g.weight > 0.0).count()
    }

    /// The share of the question's word weight candidate `c` matches fully in words that have no
    /// translation through the bilingual term table: a translation is how an English page is
    /// reached, not evidence enough for a card in another language than the question's (measured:
    /// counting it showed more wrong cards on `eval/card-queries.tsv`).
    fn unbridged_coverage(c: &Candidate, plan: &Plan) -> f32 {
        let groups = &plan.groups[..plan.groups.len().min(64)];
        let total: f32 = plan.groups.iter().map(|g| g.weight).sum();
        let matched: f32 = groups
            .iter()
            .enumerate()
            .filter(|(i, g)| {
                c.fully & (1 << i) != 0
                    && !g
                        .strong
                        .iter()
                        .any(|v| v.source == crate::plan::Source::Bridge)
            })
            .map(|(_, g)| g.weight)
            .sum();
        if total > 0.0 { matched / total } else { 0.0 }
    }

    /// The shares of the question's words candidate `c` matches fully, weighted by IDF (the
    /// square root of a group's weight, so one rare word does not outweigh the rest of the
    /// question): anywhere, and in its title or keywords; and whether it matches in full a word
    /// that was read as written (not a typo's correction).
    fn linear_shares(c: &Candidate, plan: &Plan) -> Shares {
        let groups = &plan.groups[..plan.groups.len().min(64)];
        let mut total = 0.0;
        let mut shares = Shares::default();
        for (i, g) in groups.iter().enumerate() {
            let idf = g.weight.sqrt();
            total += idf;
            if c.fully & (1 << i) != 0 {
                shares.full += idf;
                shares.read |= !g.corrected;
            }
            if c.titled & (1 << i) != 0 {
                shares.title += idf;
            }
        }
        if total > 0.0 {
            shares.full /= total;
            shares.title /= total;
        }
        shares
    }

    /// Whether candidate `c` fully matches the question's key words: the words of the highest
    /// weight (the rarest in the index). Weights are capped, so a word the index does not know at
    /// all weighs as much as a merely rare one; every word within [`KEY_WORD_TIE`] of the highest
    /// is a key word, and a card that misses one of them is a guess at what the question is about
    /// ("dormir esta noche" is not about the night).
    fn matches_key_word(c: &Candidate, plan: &Plan) -> bool {
        let groups = &plan.groups[..plan.groups.len().min(64)];
        let top = groups.iter().map(|g| g.weight).fold(0.0, f32::max);
        groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.weight >= top * KEY_WORD_TIE)
            .all(|(i, _)| c.fully & (1 << i) != 0)
    }
}

/// The answer card decision for the best article of a ranking ([`Ranked::card_check`]): the
/// ranking tests, then the evidence tests. Every field is a test that passed (`true`) or failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardCheck {
    /// Index in [`Ranked::groups`] of the best article.
    pub group: usize,
    /// The next article's score (0.0 when there is none).
    pub runner_up: f32,
    /// It matches at least 0.9 of the coverage of every result ranked above it.
    pub not_behind: bool,
    /// It is among the first five results.
    pub near_top: bool,
    /// It covers most of the question (0.6, or 0.35 and nearly the best coverage anywhere) and
    /// scores at least half the top result's score.
    pub confident: bool,
    /// It is the top result, matching half the question or scoring 1.5 times the next article.
    pub leads: bool,
    /// It covers 0.4, scores 0.8 of the top result and 1.6 times the next article.
    pub clearly_ahead: bool,
    /// The evidence tests; `None` when they were not weighed because a ranking test failed.
    pub evidence: Option<Evidence>,
}

impl CardCheck {
    /// Whether the article becomes the card: not behind, near the top, confident or leading or
    /// clearly ahead, and with the evidence.
    pub fn passes(&self) -> bool {
        self.not_behind
            && self.near_top
            && (self.confident || self.leads || self.clearly_ahead)
            && self.evidence.is_some_and(|e| e.passes())
    }
}

/// The evidence tests of an answer card ([`Ranked::evidence`]); each `true` when it passed.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Full matches of half the question's weight (or, for four words or more, nearly as much as
    /// the best full match anywhere and at least 0.35).
    pub enough: bool,
    /// The key words (of the highest weight) matched in full, or three quarters of the weight.
    pub key_word: bool,
    /// Its title or keywords match something of the question; for a question of one content
    /// word, the article names that word as its topic ([`Candidate::topic`]).
    pub about: bool,
    /// In the question's language, or matching 0.8 of the weight in full in another.
    pub language: bool,
    /// 1.2 times the next article's score, or its title or keywords match half the question.
    pub ahead: bool,
    /// Most of the question by IDF: 0.65 matched in full and half in the title or keywords (or
    /// 0.9 in full), with a word matched as written.
    pub most: bool,
}

impl Evidence {
    /// Whether every test passed.
    pub fn passes(&self) -> bool {
        self.enough && self.key_word && self.about && self.language && self.ahead && self.most
    }
}
