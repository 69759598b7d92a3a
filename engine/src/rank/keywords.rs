//! How a question meets an article's title and keywords, read from the stored text rather than
//! the index: the index says that a keyword field holds a word of the question, not whether the
//! keyword that holds it means what the question means. "house fire" has both its words in the
//! keyword "fire safe my house", and is not about it.
//!
//! A keyword supports the question's words it holds when they read as the keyword does: most of
//! the keyword's content words, next to each other (filler words between them allowed) and in the
//! question's order, or nearly all of them in any order. A keyword the question holds whole (every
//! word of it, and two content words or more) is the editors saying which article answers it.

use std::collections::HashMap;

use config::Lang;
use searchindex::analysis::Analyzer;

use crate::plan::{Plan, Source};
use crate::words;

/// Share of a keyword's content words the question must match, in the keyword's order and next
/// to each other, for the keyword to support them.
const PHRASE_SHARE: f32 = 0.5;
/// Share of a keyword's content words the question must match, in any order, for the keyword
/// to support them.
const SCATTERED_SHARE: f32 = 0.75;

/// Content words a title may have for each of them to name the article's topic.
const TOPIC_TITLE_WORDS: usize = 2;

/// What an article's stored title and keywords say about a question's word groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TitleMatch {
    /// Groups some word of the title matches, as bits (bit `g` for group `g`).
    pub title: u64,
    /// Groups some keyword holds, whether or not it supports them.
    pub in_keywords: u64,
    /// Groups a keyword supports (read as the keyword does).
    pub supported: u64,
    /// Whether the question holds a keyword of two content words or more whole.
    pub whole_keyword: bool,
    /// Groups the article names as its topic: matched by a keyword of one content word, or by
    /// a title of at most [`TOPIC_TITLE_WORDS`] content words.
    pub topic: u64,
}

impl TitleMatch {
    /// The groups the title or keywords stand for: `indexed` (the groups the index found in the
    /// title or keywords) less those found only in keywords that do not support them.
    pub fn titled(&self, indexed: u64) -> u64 {
        let unsupported = self.in_keywords & !self.supported & !self.title;
        indexed & !unsupported
    }
}

/// Matches `plan`'s word groups against an article's `title` and `keywords`, written in `lang`.
pub fn title_match(plan: &Plan, title: &str, keywords: &[String], lang: Lang) -> TitleMatch {
    let mut out = TitleMatch::default();
    let mut title_words = Words::new(title);
    let title_content = title_words
        .text
        .iter()
        .filter(|w| !words::is_filler(w, lang))
        .count();
    for span in title_words.spans(plan) {
        out.title |= 1 << span.group;
        if title_content <= TOPIC_TITLE_WORDS {
            out.topic |= 1 << span.group;
        }
    }
    for keyword in keywords {
        let mut words = Words::new(keyword);
        let spans = words.spans(plan);
        if spans.is_empty() {
            continue;
        }
        let content: Vec<usize> = (0..words.text.len())
            .filter(|&i| !words::is_filler(&words.text[i], lang))
            .collect();
        let held = |i: &usize| spans.iter().any(|s| s.start <= *i && *i < s.end);
        let covered = content.iter().filter(|i| held(i)).count();
        let share = if content.is_empty() {
            0.0
        } else {
            covered as f32 / content.len() as f32
        };
        let groups = spans.iter().fold(0u64, |bits, s| bits | 1 << s.group);
        out.in_keywords |= groups;
        if (share >= PHRASE_SHARE && reads_as_phrase(&spans, &content)) || share >= SCATTERED_SHARE
        {
            out.supported |= groups;
        }
        // Whole: every word of the keyword is in the question, its filler words as written
        // ("ayuda para pagar el agua" is not held by "pagar la factura del agua", though `ayuda`
        // alone would be filler in a question).
        let every_word = (0..words.text.len())
            .all(|i| held(&i) || plan.folded.contains(&Analyzer::Folded.term(&words.text[i])));
        out.whole_keyword |= content.len() >= 2 && every_word;
        if content.len() == 1 && covered == 1 {
            out.topic |= groups;
        }
    }
    out
}

/// Whether the matched spans, in the keyword's order, follow the question's order with no
/// unmatched content word of the keyword between them.
fn reads_as_phrase(spans: &[Span], content: &[usize]) -> bool {
    let mut sorted: Vec<&Span> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.group));
    sorted.windows(2).all(|w| {
        let (a, b) = (w[0], w[1]);
        b.group >= a.group && !content.iter().any(|i| a.end <= *i && *i < b.start)
    })
}

/// Where one word group matches in a text: words `start..end`.
#[derive(Debug, Clone, Copy)]
struct Span {
    group: usize,
    start: usize,
    end: usize,
}

/// A short text (a title, a keyword) cut into words as the question is, with each word's term
/// under each analyzer computed once.
struct Words {
    text: Vec<String>,
    terms: HashMap<Analyzer, Vec<String>>,
}

impl Words {
    fn new(text: &str) -> Words {
        let text = Analyzer::Exact
            .tokens(text)
            .iter()
            .map(|t| text[t.offset_from..t.offset_to].to_owned())
            .collect();
        Words {
            text,
            terms: HashMap::new(),
        }
    }

    fn terms(&mut self, analyzer: Analyzer) -> &[String] {
        let text = &self.text;
        self.terms
            .entry(analyzer)
            .or_insert_with(|| text.iter().map(|w| analyzer.term(w)).collect())
    }

    /// The first place each of the plan's first 64 groups matches, through its full matches.
    fn spans(&mut self, plan: &Plan) -> Vec<Span> {
        let mut spans = Vec::new();
        for (g, group) in plan.groups.iter().enumerate().take(64) {
            let mut found: Option<(usize, usize)> = None;
            for v in &group.strong {
                let hit = if v.source == Source::Characters {
                    self.text
                        .iter()
                        .position(|w| w.contains(group.word.as_str()))
                        .map(|i| (i, i + 1))
                } else {
                    let terms = self.terms(v.analyzer).to_vec();
                    let n = v.terms.len();
                    (n > 0 && n <= terms.len())
                        .then(|| (0..=terms.len() - n).find(|&i| terms[i..i + n] == v.terms[..]))
                        .flatten()
                        .map(|i| (i, i + n))
                };
                if let Some(hit) = hit
                    && found.is_none_or(|f| hit.0 < f.0)
                {
                    found = Some(hit);
                }
            }
            if let Some((start, end)) = found {
                spans.push(Span {
                    group: g,
                    start,
                    end,
                });
            }
        }
        spans
    }
}
