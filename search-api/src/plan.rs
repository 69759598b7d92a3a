//! The query planner: a resident's words become groups of alternatives. Each meaningful word is a
//! group; its alternatives are the word as written, its stem and unaccented form, the phrases the
//! editors' synonyms give it, and — only when the word is not in the index — the index terms a
//! typo away. The last word also matches as a prefix (search as you type). Filler words are
//! dropped unless nothing else is left.

use std::collections::{HashMap, HashSet};

use config::Lang;
use indexer::analysis::{Analyzer, fold};
use indexer::{Fields, Rules, TextField};
use tantivy::Searcher;

use crate::{vocab, words};

/// How much each kind of alternative counts, relative to the word as written.
pub const BOOST_EXACT: f32 = 1.0;
pub const BOOST_STEM: f32 = 0.9;
pub const BOOST_OTHER_ANALYSIS: f32 = 0.75;
pub const BOOST_SYNONYM: f32 = 0.8;
pub const BOOST_TYPO: f32 = 0.45;
pub const BOOST_PREFIX: f32 = 0.55;
/// Documents a word may be in and still be looked up for typos.
const RARE: u64 = 2;

/// Terms of one alternative, as one analyzer indexes them (several terms: a phrase).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub analyzer: Analyzer,
    pub terms: Vec<String>,
    pub boost: f32,
}

/// One word of the question and everything that may stand for it.
#[derive(Debug, Clone)]
pub struct Group {
    pub word: String,
    /// How much matching this word matters (rarer words matter more).
    pub weight: f32,
    /// Full matches: the word, its stem, unaccented form, synonyms.
    pub strong: Vec<Variant>,
    /// Partial matches: typos and prefixes.
    pub weak: Vec<Variant>,
}

/// A planned query.
#[derive(Debug, Clone)]
pub struct Plan {
    pub lang: Lang,
    pub groups: Vec<Group>,
    /// "Did you mean": the question with its unknown words corrected.
    pub suggestion: Option<String>,
    /// Every term an alternative uses, per analyzer, for highlighting.
    pub highlight: HashMap<Analyzer, HashSet<String>>,
    /// Folded words of the whole question, filler included (for editor rules).
    pub folded: Vec<String>,
    /// Folded words without filler.
    pub folded_content: Vec<String>,
}

/// What the planner needs to know about the index.
pub struct Context<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub rules: &'a Rules,
    /// Bureau ids and one-word names, folded: "911" names a bureau, it is not just a number.
    pub names: &'a HashSet<String>,
    /// The rules' phrases, analysed.
    pub phrases: &'a crate::phrases::Phrases,
}

/// The analyzers a question in `lang` is searched with: exact always; the language's own; English
/// and the folded analyzer as well for Latin-script words, in case the language was misjudged.
pub fn analyzers_for(lang: Lang, word: &str) -> Vec<(Analyzer, f32)> {
    let own = Analyzer::for_lang(Some(lang));
    let mut out = vec![(Analyzer::Exact, BOOST_EXACT), (own, BOOST_STEM)];
    let latin = word.chars().any(|c| {
        c.is_ascii_alphabetic()
            || ('\u{C0}'..='\u{24F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    });
    if latin {
        for extra in [Analyzer::English, Analyzer::Folded] {
            if extra != own {
                out.push((extra, BOOST_OTHER_ANALYSIS));
            }
        }
    }
    out
}

pub fn plan(ctx: &Context<'_>, query: &str, lang: Lang, prefix_last: bool) -> Plan {
    let tokens = Analyzer::Exact.tokens(query);
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| &query[t.offset_from..t.offset_to])
        .collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let own = Analyzer::for_lang(Some(lang));
    let stemmed: Vec<String> = words.iter().map(|w| own.term(w)).collect();
    let filler: Vec<bool> = words.iter().map(|w| words::is_filler(w, lang)).collect();
    let keep_all = filler.iter().all(|f| *f);

    // Synonym phrases found in the question, by the words they cover.
    let mut alternatives: Vec<Vec<&str>> = vec![Vec::new(); words.len()];
    for synonym in &ctx.rules.synonyms {
        for (k, phrase) in synonym.phrases.iter().enumerate() {
            if synonym.oneway && k > 0 {
                break;
            }
            // Word for word, or stem for stem ("музику" meets the phrase "музика").
            let prepared = ctx.phrases.get(phrase);
            let phrase_words = prepared.terms(Analyzer::Folded);
            let mut starts = find_all(&folded, phrase_words);
            starts.extend(find_all(&stemmed, prepared.terms(own)));
            starts.sort();
            starts.dedup();
            for start in starts {
                let others = synonym
                    .phrases
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, p)| p.as_str());
                let others: Vec<&str> = others.collect();
                for alt in alternatives.iter_mut().skip(start).take(phrase_words.len()) {
                    alt.extend(others.iter().copied());
                }
            }
        }
    }

    let body_exact = ctx.fields.text(TextField::Body, Analyzer::Exact);
    let title_exact = ctx.fields.text(TextField::Title, Analyzer::Exact);
    let keywords_exact = ctx.fields.text(TextField::Keywords, Analyzer::Exact);
    let total_docs = ctx.searcher.num_docs().max(1) as f32;
    let mut groups = Vec::new();
    let mut corrections: Vec<(usize, String)> = Vec::new();
    let mut highlight: HashMap<Analyzer, HashSet<String>> = HashMap::new();

    for (i, word) in words.iter().enumerate() {
        if filler[i] && !keep_all {
            continue;
        }
        let analyzers = analyzers_for(lang, word);
        let mut strong = Vec::new();
        let mut known = 0u64;
        for (analyzer, boost) in &analyzers {
            let term = analyzer.term(word);
            if term.is_empty() {
                continue;
            }
            for field in TextField::ALL {
                known += vocab::doc_freq(ctx.searcher, ctx.fields.text(field, *analyzer), &term);
            }
            strong.push(Variant {
                analyzer: *analyzer,
                terms: vec![term],
                boost: *boost,
            });
        }
        for phrase in dedup(&alternatives[i]) {
            for (analyzer, boost) in analyzers_for(lang, phrase) {
                let terms = ctx.phrases.get(phrase).terms(analyzer).to_vec();
                if !terms.is_empty() {
                    strong.push(Variant {
                        analyzer,
                        terms,
                        boost: BOOST_SYNONYM * boost,
                    });
                }
            }
        }

        let mut weak = Vec::new();
        let exact = Analyzer::Exact.term(word);
        let budget = vocab::typo_budget(word.chars().count());
        let exact_df = vocab::doc_freq(ctx.searcher, body_exact, &exact).max(vocab::doc_freq(
            ctx.searcher,
            title_exact,
            &exact,
        ));
        let mut typo_df = 0;
        // Typos are looked for only when the word is missing or rare: a common word is what it
        // says, and its neighbours a letter away are other words.
        if exact_df <= RARE && !word.chars().any(|c| c.is_numeric()) && word.chars().count() >= 3 {
            let near = vocab::near_terms(
                ctx.searcher,
                &[body_exact, title_exact, keywords_exact],
                &exact,
                (budget + 1).min(2),
                12,
            );
            let mut near: Vec<(String, u8, u64)> = near
                .into_iter()
                .filter(|(t, _, _)| vocab::within_budget(&exact, t, budget))
                .collect();
            // Corrections in the question's own language first: "grafitti" in an English
            // question is "graffiti", though Spanish "grafiti" is nearer.
            let own_field = ctx.fields.text(TextField::Body, own);
            let in_own_language =
                |t: &str| vocab::doc_freq(ctx.searcher, own_field, &own.term(t)) > 0;
            near.sort_by_key(|(t, d, df)| (!in_own_language(t), *d, std::cmp::Reverse(*df)));
            near.truncate(3);
            if known == 0
                && let Some((best, _, _)) = near.first()
            {
                corrections.push((i, best.clone()));
            }
            for (term, distance, df) in near {
                typo_df = typo_df.max(df);
                let boost = BOOST_TYPO / f32::from(distance.max(1));
                for (analyzer, b) in &analyzers {
                    weak.push(Variant {
                        analyzer: *analyzer,
                        terms: vec![analyzer.term(&term)],
                        boost: boost * b,
                    });
                }
            }
        }
        // A word the index does not know at all: its typo corrections are what was meant, so
        // they count as full matches (an exact match, had there been one, would still win).
        if known == 0 && !weak.is_empty() {
            strong.append(&mut weak);
        }
        if prefix_last && i + 1 == words.len() && word.chars().count() >= 2 && !is_cjk(word) {
            for (term, df) in vocab::prefixed_terms(
                ctx.searcher,
                &[title_exact, keywords_exact, body_exact],
                &exact,
                6,
            ) {
                typo_df = typo_df.max(df);
                weak.push(Variant {
                    analyzer: Analyzer::Exact,
                    terms: vec![term],
                    boost: BOOST_PREFIX,
                });
            }
        }
        let df = if known > 0 {
            exact_df.max(1)
        } else {
            typo_df.max(1)
        };
        // Squared IDF: the rare topic words of a question decide what it is about far more than
        // its common verbs do. Numbers and times ("2am", "503") say little about the topic.
        let idf = (1.0 + total_docs / (1.0 + df as f32)).ln().clamp(0.5, 8.0);
        let numeric = if word.chars().any(|c| c.is_numeric()) && !ctx.names.contains(&fold(word)) {
            0.3
        } else {
            1.0
        };
        let weight = idf * idf * numeric;
        for v in strong.iter().chain(&weak) {
            // A synonym phrase's filler ("hole in the road") is not worth marking on its own.
            let marked = v
                .terms
                .iter()
                .filter(|t| v.terms.len() == 1 || !words::is_filler(t, lang));
            highlight
                .entry(v.analyzer)
                .or_default()
                .extend(marked.cloned());
        }
        groups.push(Group {
            word: word.to_string(),
            weight,
            strong,
            weak,
        });
    }

    let suggestion = (!corrections.is_empty()).then(|| {
        let mut out = String::new();
        let mut last = 0;
        for (i, replacement) in &corrections {
            let t = &tokens[*i];
            out.push_str(&query[last..t.offset_from]);
            out.push_str(replacement);
            last = t.offset_to;
        }
        out.push_str(&query[last..]);
        out.trim().to_owned()
    });
    let folded_content = folded
        .iter()
        .zip(&filler)
        .filter(|(_, f)| !**f)
        .map(|(w, _)| w.clone())
        .collect();
    Plan {
        lang,
        groups,
        suggestion,
        highlight,
        folded,
        folded_content,
    }
}

fn is_cjk(word: &str) -> bool {
    word.chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF))
}

fn dedup<'a>(items: &[&'a str]) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
}

/// Start indexes where `needle` occurs in `haystack` word for word.
pub fn find_all(haystack: &[String], needle: &[String]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()] == *needle)
        .collect()
}
