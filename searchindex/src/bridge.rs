//! The bilingual term table: which English terms a word of another language stands for, learned
//! from text the City and its editors have written in both languages.
//!
//! The input is a list of aligned segments ([`Aligned`]): the same piece of text in a language
//! and in English (an article's title and its translation's title, the n-th paragraph of each,
//! an editors' synonym from one language to English). Each side becomes the set of its content
//! terms under its language's analyzer (function words and numbers left out), and every pair of
//! a source term and an English term that occur in the same segment is counted. A pair is kept
//! in the same segment is counted. Within each segment the pairs are then linked one to one,
//! strongest association first (competitive linking: each term takes at most one partner per
//! segment), and a pair is kept when its links are strong and seen often enough not to be chance
//! ([`Learning`]):
//!
//! - the Dice coefficient of its links, `2·links(s,e) / (c(s) + c(e))` with `c` counting
//!   segments, is at least [`Learning::min_dice`];
//! - the pair is linked in at least [`Learning::min_segments`] segments of at least
//!   [`Learning::min_documents`] different documents (one article repeating a phrase is one
//!   piece of evidence, not several);
//! - it is competitive both ways: among the English terms of the source term, and among the
//!   source terms of the English term, its Dice is at least [`Learning::runner_up`] of the best
//!   (a frequent English word that occurs beside everything is nobody's translation).
//!
//! Identical terms are left out: a word spelled the same in both languages matches already, and
//! a word a translation kept in English (it is in the English side too) is no translation.

use std::collections::{BTreeMap, HashMap, HashSet};

use config::Lang;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, fold};

/// English terms (as [`Analyzer::English`] indexes them) for terms of other languages (as their
/// language's analyzer, [`Analyzer::for_lang`], indexes them), per language tag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermTable {
    /// Language tag (`es`, `zh-hans`) -> source term -> English terms with their Dice
    /// coefficient (0..=1), strongest first.
    pub langs: BTreeMap<String, BTreeMap<String, Vec<(String, f32)>>>,
}

impl TermTable {
    /// The English terms for `term` of the language tagged `lang`, strongest first; empty when
    /// the table has none.
    pub fn lookup(&self, lang: &str, term: &str) -> &[(String, f32)] {
        self.langs
            .get(lang)
            .and_then(|terms| terms.get(term))
            .map_or(&[], Vec::as_slice)
    }

    /// How many (source term, English term) pairs the table holds, over every language.
    pub fn len(&self) -> usize {
        self.langs
            .values()
            .flat_map(|terms| terms.values())
            .map(Vec::len)
            .sum()
    }

    /// Whether the table holds no pair.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One piece of text in a language other than English, beside the same text in English.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned {
    /// The language of `source`; a segment in English is ignored.
    pub lang: Lang,
    /// Where the pair comes from (an article's slug, `synonyms`): pairs seen together only in
    /// one document count as one piece of evidence.
    pub document: String,
    /// The text in `lang`.
    pub source: String,
    /// The same text in English.
    pub english: String,
}

/// The thresholds a pair must pass to enter the table (the module's documentation says how
/// each is used).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Learning {
    /// The least Dice coefficient, 0..=1.
    pub min_dice: f32,
    /// The least number of segments the two terms share.
    pub min_segments: u32,
    /// The least number of different documents those segments come from.
    pub min_documents: usize,
    /// A pair's Dice as a share of the best Dice of either of its terms, 0..=1.
    pub runner_up: f32,
    /// The most English terms kept for one source term.
    pub max_per_term: usize,
}

impl Default for Learning {
    /// The thresholds the indexer learns with. Set on the City's 112 translated articles so that
    /// a pair needs several independent sightings: with a few dozen articles per language, a
    /// pair seen twice in one article, or a Dice under 0.4, was mostly noise in the table.
    fn default() -> Self {
        Learning {
            min_dice: 0.4,
            min_segments: 2,
            min_documents: 2,
            runner_up: 0.6,
            max_per_term: 3,
        }
    }
}

/// Learns the table from `segments` with the `learning` thresholds.
pub fn learn(segments: &[Aligned], learning: &Learning) -> TermTable {
    let mut by_lang: BTreeMap<&str, Vec<&Aligned>> = BTreeMap::new();
    for segment in segments.iter().filter(|s| s.lang.tag != "en") {
        by_lang.entry(segment.lang.tag).or_default().push(segment);
    }
    let mut table = TermTable::default();
    for (tag, segments) in by_lang {
        let terms = learn_language(&segments, learning);
        if !terms.is_empty() {
            table.langs.insert(tag.to_owned(), terms);
        }
    }
    table
}

/// What one language's segments hold: each side's content terms, and how often each term is
/// in a segment.
#[derive(Default)]
struct Counts<'a> {
    segments: Vec<(HashSet<String>, HashSet<String>, &'a str)>,
    source: HashMap<String, u32>,
    english: HashMap<String, u32>,
}

impl Counts<'_> {
    fn dice(&self, together: u32, s: &str, e: &str) -> f32 {
        2.0 * together as f32 / (self.source[s] + self.english[e]) as f32
    }
}

fn learn_language(
    segments: &[&Aligned],
    learning: &Learning,
) -> BTreeMap<String, Vec<(String, f32)>> {
    let mut counts = Counts::default();
    for segment in segments {
        let english = content_terms(&segment.english, english());
        // A word the translation left in English ("garbage" in a Somali sentence) is the same
        // word, not a translation of its neighbours.
        let source: HashSet<String> = content_words(&segment.source, segment.lang)
            .into_iter()
            .filter(|(_, word)| !english.contains(&Analyzer::English.term(word)))
            .map(|(term, _)| term)
            .collect();
        if source.is_empty() || english.is_empty() {
            continue;
        }
        for s in &source {
            *counts.source.entry(s.clone()).or_default() += 1;
        }
        for e in &english {
            *counts.english.entry(e.clone()).or_default() += 1;
        }
        counts
            .segments
            .push((source, english, segment.document.as_str()));
    }
    // First pass: how often each pair shares a segment.
    let mut together: HashMap<(&str, &str), u32> = HashMap::new();
    for (source, english, _) in &counts.segments {
        for s in source {
            for e in english {
                *together.entry((s.as_str(), e.as_str())).or_default() += 1;
            }
        }
    }
    // Second pass, competitive linking: in each segment the pairs are linked strongest first,
    // each term at most once, so the words of a phrase that always travel together ("árbol
    // caído", "fallen tree") are linked to their own partners, not to each other's.
    let mut links: HashMap<(&str, &str), (u32, HashSet<&str>)> = HashMap::new();
    for (source, english, document) in &counts.segments {
        let mut pairs: Vec<(&str, &str, f32)> = source
            .iter()
            .flat_map(|s| english.iter().map(move |e| (s.as_str(), e.as_str())))
            .map(|(s, e)| (s, e, counts.dice(together[&(s, e)], s, e)))
            .collect();
        pairs.sort_by(|a, b| {
            b.2.total_cmp(&a.2)
                .then_with(|| (a.0, a.1).cmp(&(b.0, b.1)))
        });
        let mut used_source: HashSet<&str> = HashSet::new();
        let mut used_english: HashSet<&str> = HashSet::new();
        for (s, e, _) in pairs {
            if used_source.contains(s) || used_english.contains(e) {
                continue;
            }
            used_source.insert(s);
            used_english.insert(e);
            let entry = links.entry((s, e)).or_default();
            entry.0 += 1;
            entry.1.insert(document);
        }
    }
    let mut best_source: HashMap<&str, f32> = HashMap::new();
    let mut best_english: HashMap<&str, f32> = HashMap::new();
    let mut candidates: Vec<(&str, &str, f32)> = Vec::new();
    for ((s, e), (linked, documents)) in &links {
        let dice = counts.dice(*linked, s, e);
        let b = best_source.entry(s).or_default();
        *b = b.max(dice);
        let b = best_english.entry(e).or_default();
        *b = b.max(dice);
        if *linked >= learning.min_segments
            && documents.len() >= learning.min_documents
            && dice >= learning.min_dice
            && fold(s) != fold(e)
        {
            candidates.push((s, e, dice));
        }
    }
    let mut out: BTreeMap<String, Vec<(String, f32)>> = BTreeMap::new();
    for (s, e, dice) in candidates {
        if dice >= learning.runner_up * best_source[s]
            && dice >= learning.runner_up * best_english[e]
        {
            out.entry(s.to_owned())
                .or_default()
                .push((e.to_owned(), dice));
        }
    }
    for english in out.values_mut() {
        english.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        english.truncate(learning.max_per_term);
    }
    out
}

fn english() -> Lang {
    Lang::by_tag("en").unwrap_or(config::LANGS[0])
}

/// The distinct content terms of `text` under `lang`'s analyzer: function words of the language
/// and of English, numbers and one-letter words (but for Han characters) left out.
fn content_terms(text: &str, lang: Lang) -> HashSet<String> {
    content_words(text, lang)
        .into_iter()
        .map(|(term, _)| term)
        .collect()
}

/// [`content_terms`] with the word each term was made from, in order.
fn content_words(text: &str, lang: Lang) -> Vec<(String, &str)> {
    let analyzer = Analyzer::for_lang(Some(lang));
    let function: HashSet<String> = [lang.tag, "en"]
        .iter()
        .flat_map(|tag| config::words::function_words(tag).split(' '))
        .map(fold)
        .collect();
    analyzer
        .tokens(text)
        .into_iter()
        .map(|t| (t.text, &text[t.offset_from..t.offset_to]))
        .filter(|(_, word)| {
            let han = word
                .chars()
                .any(|c| config::Script::of(c) == config::Script::Han);
            !function.contains(&fold(word))
                && !word.chars().any(char::is_numeric)
                && (han || word.chars().count() > 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(document: &str, source: &str, english: &str) -> Aligned {
        Aligned {
            lang: Lang::by_tag("es").unwrap(),
            document: document.to_owned(),
            source: source.to_owned(),
            english: english.to_owned(),
        }
    }

    /// A small parallel corpus: "árbol" is always beside "tree", "basura" beside "garbage",
    /// "calle" beside "street"; "llame" (call) beside "call" in every document, which also makes
    /// "call" co-occur with every other word.
    fn corpus() -> Vec<Aligned> {
        vec![
            es(
                "trees",
                "Un árbol caído en la calle",
                "A fallen tree in the street",
            ),
            es(
                "trees",
                "Llame si el árbol está dañado",
                "Call if the tree is damaged",
            ),
            es("pruning", "Poda de árbol", "Tree pruning"),
            es("pruning", "Llame para la poda", "Call for pruning"),
            es("garbage", "Basura no recogida", "Garbage not picked up"),
            es("garbage", "Llame por la basura", "Call about the garbage"),
            es(
                "dumping",
                "Basura tirada en la calle",
                "Garbage dumped in the street",
            ),
            es("dumping", "Llame al 311", "Call 311"),
            es("storm", "Árbol caído", "Fallen tree"),
            es("storm", "Un árbol caído", "A fallen tree"),
            es("once", "Un gato raro", "A strange cat"),
        ]
    }

    #[test]
    fn learns_the_pairs_that_occur_together_across_documents() {
        let table = learn(&corpus(), &Learning::default());
        let english = |word: &str| -> Vec<String> {
            let term = Analyzer::Spanish.term(word);
            table
                .lookup("es", &term)
                .iter()
                .map(|(e, _)| e.clone())
                .collect()
        };
        let en = |word: &str| Analyzer::English.term(word);
        assert_eq!(english("árbol"), [en("tree")]);
        assert_eq!(english("basura"), [en("garbage")]);
        assert_eq!(english("calle"), [en("street")]);
        assert_eq!(english("llame"), [en("call")]);
    }

    #[test]
    fn rejects_chance_pairs_and_words_without_a_partner() {
        let table = learn(&corpus(), &Learning::default());
        let lookup = |word: &str| table.lookup("es", &Analyzer::Spanish.term(word)).to_vec();
        // Seen together in one segment of one document only.
        assert!(lookup("gato").is_empty());
        // "poda" is seen with "pruning" in one document only.
        assert!(lookup("poda").is_empty());
        // "árbol caído" is always "fallen tree": each word keeps its own partner.
        assert_eq!(lookup("caído"), [(Analyzer::English.term("fallen"), 1.0)]);
        assert!(
            lookup("árbol")
                .iter()
                .all(|(e, _)| *e == Analyzer::English.term("tree"))
        );
        // "calle" meets "garbage" and "tree" too, but "street" is its partner.
        assert!(
            lookup("calle")
                .iter()
                .all(|(e, _)| *e == Analyzer::English.term("street"))
        );
        // Function words and numbers never enter the table.
        assert!(lookup("el").is_empty());
        assert!(lookup("311").is_empty());
        assert!(table.lookup("en", "tree").is_empty());
    }

    #[test]
    fn a_frequent_english_word_is_not_every_words_translation() {
        let table = learn(&corpus(), &Learning::default());
        let call = Analyzer::English.term("call");
        for (term, english) in &table.langs["es"] {
            if term != &Analyzer::Spanish.term("llame") {
                assert!(english.iter().all(|(e, _)| *e != call), "{term} -> call");
            }
        }
    }

    #[test]
    fn english_segments_and_identical_terms_are_left_out() {
        let mut segments = corpus();
        for s in &mut segments {
            s.source = s.source.replace("árbol", "tree");
        }
        let table = learn(&segments, &Learning::default());
        assert!(table.lookup("es", "tree").is_empty());
        let english_only = vec![Aligned {
            lang: Lang::by_tag("en").unwrap(),
            ..corpus()[0].clone()
        }];
        assert!(learn(&english_only, &Learning::default()).is_empty());
    }

    #[test]
    fn chinese_words_are_learned_as_jieba_cuts_them() {
        let zh = |document: &str, source: &str, english: &str| Aligned {
            lang: Lang::by_tag("zh-hans").unwrap(),
            document: document.to_owned(),
            source: source.to_owned(),
            english: english.to_owned(),
        };
        let segments = vec![
            zh("a", "报告涂鸦", "Report graffiti"),
            zh("b", "清除涂鸦", "Remove graffiti"),
            zh("c", "报告坑洞", "Report a pothole"),
        ];
        let table = learn(&segments, &Learning::default());
        let term = Analyzer::for_lang(Lang::by_tag("zh-hans")).terms("涂鸦");
        assert_eq!(
            table.lookup("zh-hans", &term[0]),
            [(Analyzer::English.term("graffiti"), 1.0)]
        );
    }
}
