//! The ranking report: why a search answered as it did, read from the values the search itself
//! computed (the language guess, the plan, each result's [`Factors`] and the answer card's tests),
//! never recomputed beside it. Built only when a request asks for it
//! ([`crate::SearchRequest::explain`]: `debug=1` on the API, `firststop explain`).

use serde::{Deserialize, Serialize};

use crate::lang::{Guess, Trace};
use crate::plan::{Plan, Source};
use crate::rank::{CardCheck, Evidence, Factors, GroupHit, Ranked, TermMatch};

/// The formula every ranked result's score follows under the default weights, as the report
/// states it.
pub const FORMULA: &str = "score = relevance × coverage² × prior × lift × listing weight; \
relevance = (bm25 + 0.5 × proximity) × (1 + title coverage); \
prior = category × language × bureau named × bureau home × routed × recency × keyword";

/// The formula of a ranked result's score under `weights`: [`FORMULA`] for the default weights,
/// else the same with each factor raised to its weight.
pub fn formula(weights: &config::RankWeights) -> String {
    if *weights == config::RankWeights::default() {
        return FORMULA.to_owned();
    }
    let w = weights;
    format!(
        "score = relevance × coverage^{} × prior × lift × listing weight; \
relevance = (bm25 + {} × proximity) × (1 + title coverage)^{}; \
prior = category^{} × language^{} × bureau named^{} × bureau home^{} × routed^{} × recency^{} \
× keyword^{}",
        w.coverage,
        w.proximity,
        w.title,
        w.category,
        w.language,
        w.bureau_named,
        w.bureau_home,
        w.routed,
        w.recency,
        w.keyword
    )
}

/// Why the engine answered a question as it did: the plan and the answer card decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryExplain {
    /// The language the question was understood in, and why.
    pub lang: LangExplain,
    /// The question's meaningful words, each with its weight and alternatives.
    pub words: Vec<WordPlan>,
    /// Whether the question has content: a word neither filler nor in 30% or more of the
    /// articles of its language. Without, there is no answer card.
    pub content: bool,
    /// Bureaus the question names, by id: their records' scores are multiplied by 1.25.
    pub bureaus_named: Vec<String>,
    /// The question names a bureau and nothing else: its home page is lifted.
    pub bureau_only: bool,
    /// The bureau an editors' route sends the question to (its records × 1.5), if any.
    pub routed_to: Option<String>,
    /// The editors' best bets in force for the question: an article slug or a URL each.
    pub best_bets: Vec<String>,
    /// The id of the emergency notice shown, if any.
    pub emergency: Option<String>,
    /// The ids of the referral notices shown.
    pub referrals: Vec<String>,
    /// Records retrieved and scored.
    pub candidates: usize,
    /// Results they grouped into (before paging, pinned results not counted).
    pub groups: usize,
    /// The answer card decision.
    pub card: CardExplain,
    /// The formula of a ranked result's score ([`formula`]).
    pub formula: String,
    /// The weights of the formula ranking used: the config's `[ranking]` table, or the
    /// defaults.
    #[serde(default)]
    pub weights: config::RankWeights,
}

/// The language a question was understood in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangExplain {
    /// The language tag chosen.
    pub lang: String,
    /// Belief in it, 0.0 to 1.0.
    pub share: f32,
    /// Runner-up languages with their share of belief: their analyzers are searched too and
    /// their documents weighed by how likely they are.
    pub others: Vec<LangShare>,
    /// What decided: `script`, `no letters`, `text` or `weighed` ([`Trace::basis`]).
    pub basis: String,
    /// The reader's language the request gave, if any (a tie-breaker).
    pub reader: Option<String>,
    /// For `weighed`: each language's natural-log prior from the text's signs (telling letters,
    /// function words, whatlang, the reader's language) and the log-likelihood of the question's
    /// words from where they occur in the index.
    pub scores: Vec<LangScore>,
}

/// A language's share of belief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangShare {
    /// Language tag.
    pub lang: String,
    /// Share of belief, 0.0 to 1.0.
    pub share: f32,
}

/// One language weighed by the guess.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangScore {
    /// Language tag.
    pub lang: String,
    /// Natural-log prior from the text's signs.
    pub signs: f64,
    /// Natural-log likelihood ratio of the question's words, from the index.
    pub words: f64,
}

/// One word of the question as planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordPlan {
    /// The word as in the question.
    pub word: String,
    /// Its weight: squared IDF, clamped to 0.25..64 (0.3 times for a number naming no bureau).
    pub weight: f32,
    /// Its alternatives: full matches (as written, stemmed, unaccented, synonyms) and partial
    /// ones (typos, prefixes).
    pub alternatives: Vec<Alternative>,
}

/// An alternative a word may match as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// Index terms, space-separated.
    pub terms: String,
    /// The analyzer's name (`exact`, `folded`, `en`, `es`...).
    pub analyzer: String,
    /// Where it comes from.
    pub source: Source,
    /// Its boost relative to the word as written (1.0).
    pub boost: f32,
    /// A full match (`true`) or a partial one: a typo or prefix, worth 0.6 of the word.
    pub full: bool,
}

/// How the answer card was chosen, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardExplain {
    /// `best_bet` (an editors' best bet names the article), `ranking` (the ranking's confident
    /// article) or `none`.
    pub decision: String,
    /// The card's article slug, or the article weighed and turned down.
    pub article: Option<String>,
    /// One sentence: why.
    pub reason: String,
    /// The ranking's tests of its best article, when one was weighed.
    pub checks: Option<CardTests>,
}

/// The answer card tests of the ranking's best article ([`CardCheck`]); `true` when passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardTests {
    /// Its place among the results, from 1.
    pub place: usize,
    /// The next article's score.
    pub runner_up: f32,
    /// Matches at least 0.9 of what every result above it covers.
    pub not_behind: bool,
    /// Among the first five results.
    pub near_top: bool,
    /// Covers most of the question and scores half the top result.
    pub confident: bool,
    /// The top result, covering half the question or 1.5 times the next article.
    pub leads: bool,
    /// Covers 0.4, scores 0.8 of the top and 1.6 times the next article.
    pub clearly_ahead: bool,
    /// The evidence tests.
    pub evidence: Evidence,
}

impl CardTests {
    /// The tests of `check`, evidence weighed (as [`Ranked::card_check`] does when explaining).
    pub fn of(check: &CardCheck) -> Option<CardTests> {
        Some(CardTests {
            place: check.group + 1,
            runner_up: check.runner_up,
            not_behind: check.not_behind,
            near_top: check.near_top,
            confident: check.confident,
            leads: check.leads,
            clearly_ahead: check.clearly_ahead,
            evidence: check.evidence?,
        })
    }

    /// The names of the tests that failed, in order.
    pub fn failed(&self) -> Vec<&'static str> {
        let e = &self.evidence;
        let mut out = Vec::new();
        for (name, passed) in [
            ("not behind the results above it", self.not_behind),
            ("among the first five", self.near_top),
            (
                "confident, leading or clearly ahead",
                self.confident || self.leads || self.clearly_ahead,
            ),
            ("full matches of half the question", e.enough),
            ("the key word matched", e.key_word),
            ("title or keywords match", e.about),
            ("in the question's language", e.language),
            ("ahead of the next article", e.ahead),
            ("most of the question matched", e.most),
        ] {
            if !passed {
                out.push(name);
            }
        }
        out
    }
}

/// Why one result is where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitExplain {
    /// Its place in the whole list, from 1 (pinned results first).
    pub place: usize,
    /// Why it is pinned above the ranking, for a pinned result: `emergency notice`, `best bet`
    /// or `linked from the answer card`.
    pub pinned: Option<String>,
    /// How it ranked; `None` for a pinned result.
    pub ranked: Option<RankExplain>,
}

/// A ranked result's score, factor by factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankExplain {
    /// The result group's key (`article:<slug>`, `page:<url>`).
    pub group: String,
    /// The record whose score the group takes: `doc`, `section` or `covered`.
    pub record: String,
    /// That record's language tag.
    pub lang: String,
    /// That record's category.
    pub category: String,
    /// The question's words: how this record matched each.
    pub words: Vec<WordMatch>,
    /// The factors of the record's score.
    pub factors: Factors,
    /// Relevance: (bm25 + 0.5 × proximity) × (1 + title coverage), under the weights used
    /// ([`QueryExplain::weights`], see [`Factors::relevance`]).
    pub relevance: f32,
    /// Prior: category × language × bureau named × bureau home × routed × recency × keyword,
    /// each raised to its weight ([`Factors::prior`]).
    pub prior: f32,
    /// The record's score: relevance × coverage² × prior ([`Factors::score`]; coverage to the
    /// power of the `coverage` weight).
    pub record_score: f32,
    /// 1.1 when more than one record of the group matched.
    pub lift: f32,
    /// The group's score: record score × lift; what the answer card decision compares.
    pub group_score: f32,
    /// 0.7 for an article beside an answer card, else 1.0.
    pub listing_weight: f32,
    /// What the list is sorted by: group score × listing weight.
    pub score: f32,
}

/// How a record matched one word of the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordMatch {
    /// The word.
    pub word: String,
    /// Its weight in coverage.
    pub weight: f32,
    /// `full`, `partial` (typo or prefix only) or `none`.
    pub matched: String,
    /// The BM25 the word adds to relevance (its full matches, else its partial ones).
    pub bm25: f32,
    /// Whether a full match is in the title or keywords.
    pub in_title: bool,
    /// Each alternative that matched, field by field, best first.
    pub terms: Vec<TermMatch>,
}

/// The language part of the report.
pub fn lang(guess: &Guess, trace: &Trace, reader: Option<config::Lang>) -> LangExplain {
    LangExplain {
        lang: guess.lang.tag.to_owned(),
        share: guess.share,
        others: guess
            .others
            .iter()
            .map(|(l, s)| LangShare {
                lang: l.tag.to_owned(),
                share: *s,
            })
            .collect(),
        basis: trace.basis.to_owned(),
        reader: reader.map(|l| l.tag.to_owned()),
        scores: trace
            .scores
            .iter()
            .map(|(l, signs, words)| LangScore {
                lang: l.tag.to_owned(),
                signs: *signs,
                words: *words,
            })
            .collect(),
    }
}

/// The plan's words.
pub fn words(plan: &Plan) -> Vec<WordPlan> {
    plan.groups
        .iter()
        .map(|g| WordPlan {
            word: g.word.clone(),
            weight: g.weight,
            alternatives: g
                .strong
                .iter()
                .map(|v| (v, true))
                .chain(g.weak.iter().map(|v| (v, false)))
                .map(|(v, full)| Alternative {
                    terms: v.terms.join(" "),
                    analyzer: v.analyzer.name().to_owned(),
                    source: v.source,
                    boost: v.boost,
                    full,
                })
                .collect(),
        })
        .collect()
}

/// How group `g` of `ranked` ranked: the factors of the record it takes its score from (with
/// relevance and prior under `weights`, the weights ranking used), and its words matched field by
/// field (`terms`, from [`crate::rank::term_matches`]).
pub fn ranked(
    ranked: &Ranked,
    g: &GroupHit,
    plan: &Plan,
    terms: Vec<Vec<TermMatch>>,
    answer: Option<&str>,
    weights: &config::RankWeights,
) -> RankExplain {
    let c = &ranked.candidates[g.scored];
    let words = plan
        .groups
        .iter()
        .enumerate()
        .zip(terms.into_iter().chain(std::iter::repeat_with(Vec::new)))
        .map(|((i, group), terms)| {
            let (strong, weak, title) = c
                .matches
                .as_deref()
                .map_or((0.0, 0.0, false), |m| (m.strong[i], m.weak[i], m.title[i]));
            let (matched, bm25) = if strong > 0.0 {
                ("full", strong)
            } else if weak > 0.0 {
                ("partial", weak)
            } else {
                ("none", 0.0)
            };
            WordMatch {
                word: group.word.clone(),
                weight: group.weight,
                matched: matched.to_owned(),
                bm25,
                in_title: title,
                terms,
            }
        })
        .collect();
    let listing_weight = ranked.listing_weight(g, answer);
    RankExplain {
        group: g.key.clone(),
        record: c.record.as_str().to_owned(),
        lang: c.lang.clone(),
        category: c.category.as_str().to_owned(),
        words,
        factors: c.factors,
        relevance: c.factors.relevance(weights),
        prior: c.factors.prior(weights),
        record_score: c.score,
        lift: g.lift,
        group_score: g.score,
        listing_weight,
        score: g.score * listing_weight,
    }
}
