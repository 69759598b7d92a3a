//! The index's own vocabulary: how common a term is, which terms are a typo away from a word,
//! which start with a prefix. Typo tolerance, search-as-you-type and "did you mean" all read it.

use std::collections::{HashMap, HashSet};

use config::Lang;
use searchindex::analysis::{Analyzer, fold};
use searchindex::schema::fast;
use searchindex::{Fields, TextField};
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, TERMINATED, Term};
use tantivy_fst::Automaton;

use crate::lang::Evidence;

/// Edits allowed for a word of `chars` characters: none up to three, one from four (`watr` is
/// `water`; a four-letter word's correction is only offered where it fits the rest of the
/// question), two from nine.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4 => 1,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether `candidate` is within `budget` edits of `word`, counting a doubled letter typed once
/// (or a single one typed twice) as no error at all: `grafitti` is one slip from `graffiti`.
pub fn within_budget(word: &str, candidate: &str, budget: u8) -> bool {
    edit_distance(word, candidate) <= budget
        || edit_distance(&squash(word), &squash(candidate)) < budget.max(1)
}

/// Runs of the same letter collapsed to one.
fn squash(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Documents containing `term` in `field`, over all segments (deleted ones may still count until
/// a merge); 0 when the term is unknown or the index cannot be read.
pub fn doc_freq(searcher: &Searcher, field: Field, term: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(field, term))
        .unwrap_or(0)
}

/// Articles a language needs before the share of them holding a word says anything: in a
/// language with eight articles, all eight may hold "free interpretation" in their last line.
const MIN_ARTICLES_FOR_SHARE: f32 = 20.0;

/// The exact-term queries that select the curated articles in `lang`: whole articles (`doc`
/// records), not their sections.
fn articles_in(fields: &Fields, lang: Lang) -> Vec<(Occur, Box<dyn Query>)> {
    let str_term = |field: Field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    vec![
        (
            Occur::Must,
            str_term(fields.kind, searchindex::Kind::Article.as_str()),
        ),
        (Occur::Must, str_term(fields.lang, lang.tag)),
        (
            Occur::Must,
            str_term(fields.record, searchindex::record::Record::Doc.as_str()),
        ),
    ]
}

/// The curated articles (whole articles, not their sections) in each city language `searcher`'s
/// index holds any of, in the order of [`config::LANGS`]: what [`article_share`] divides by.
/// Counted once per opened index; languages without an article are left out.
pub fn articles_by_lang(searcher: &Searcher, fields: &Fields) -> Vec<(Lang, u64)> {
    config::LANGS
        .iter()
        .map(|l| {
            let query = BooleanQuery::new(articles_in(fields, *l));
            (*l, searcher.search(&query, &Count).unwrap_or(0) as u64)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The share of the curated articles in `lang` (whole articles, not their sections) whose title
/// or body holds `word` as that language's analyzer indexes it: 0.0 to 1.0, and 0.0 when `lang`
/// has fewer than 20 articles (too few to tell). `articles` are the index's article counts
/// ([`articles_by_lang`]). A word most articles hold ("help", "question", "报告") tells no
/// article from another: it is no evidence for an answer card.
pub fn article_share(
    searcher: &Searcher,
    fields: &Fields,
    articles: &[(Lang, u64)],
    word: &str,
    lang: Lang,
) -> f32 {
    let all = articles
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or(0.0, |(_, n)| *n as f32);
    if all < MIN_ARTICLES_FOR_SHARE {
        return 0.0;
    }
    let analyzer = Analyzer::for_lang(Some(lang));
    let term = analyzer.term(word);
    if term.is_empty() {
        return 0.0;
    }
    let text = BooleanQuery::new(
        [TextField::Title, TextField::Body]
            .into_iter()
            .map(|f| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.text(f, analyzer), &term),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, query)
            })
            .collect(),
    );
    let mut clauses = articles_in(fields, lang);
    clauses.push((Occur::Must, Box::new(text)));
    searcher
        .search(&BooleanQuery::new(clauses), &Count)
        .unwrap_or(0) as f32
        / all
}

/// Terms within `distance` edits of `word` in `fields` (a transposition counts as one edit), as
/// `(term, edits, documents)`: nearest first, then the most common, at most `limit`. Documents
/// are summed over the fields and segments. The word itself is not included.
pub fn near_terms(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    distance: u8,
    limit: usize,
) -> Vec<(String, u8, u64)> {
    let mut found: HashMap<String, u64> = HashMap::new();
    let Some(field) = fields.first() else {
        return Vec::new();
    };
    // The automaton depends on the word and the distance alone: built once, run on every field.
    let query = FuzzyTermQuery::new(Term::from_field_text(*field, word), distance, true);
    let Ok(automaton) = query.automaton() else {
        return Vec::new();
    };
    for field in fields {
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(*field) else {
                continue;
            };
            let Ok(mut stream) = index.terms().search(&automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term != word {
                    *found.entry(term.to_owned()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut terms: Vec<(String, u8, u64)> = found
        .into_iter()
        .map(|(t, df)| (edit_distance(word, &t), t, df))
        .map(|(d, t, df)| (t, d, df))
        .collect();
    terms.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    terms.truncate(limit);
    terms
}

/// Terms whose folded form (case and accents, [`fold`]) starts with the folded `prefix`, in
/// `fields` (the prefix itself excluded), as `(term, documents)`: the most common first, at most
/// `limit`. So `danad` finds `dañado` and `senal` finds `señal`, as `dañad` does. Documents are
/// summed over the fields and segments.
pub fn prefixed_terms(
    searcher: &Searcher,
    fields: &[Field],
    prefix: &str,
    limit: usize,
) -> Vec<(String, u64)> {
    let automaton = FoldedPrefix::new(prefix);
    let mut found: HashMap<String, u64> = HashMap::new();
    for field in fields {
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(*field) else {
                continue;
            };
            let Ok(mut stream) = index.terms().search(automaton.clone()).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key())
                    && term != prefix
                {
                    *found.entry(term.to_owned()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut terms: Vec<(String, u64)> = found.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.truncate(limit);
    terms
}

/// A byte automaton over the term dictionary that accepts the terms whose folded form starts
/// with a folded prefix: it decodes each UTF-8 character, folds it, and compares it with the
/// prefix's next characters. Branches that stop agreeing are cut at once, so only the terms that
/// can still match are visited.
#[derive(Clone)]
struct FoldedPrefix {
    prefix: Vec<char>,
}

/// Where [`FoldedPrefix`] is in a term.
#[derive(Clone, Debug, PartialEq)]
enum PrefixState {
    /// `matched` characters of the folded prefix agree so far; `pending` holds the bytes of an
    /// unfinished UTF-8 character.
    Reading { matched: usize, pending: Vec<u8> },
    /// The whole prefix agreed: every longer term matches.
    Matched,
    /// The term no longer agrees with the prefix.
    Failed,
}

impl FoldedPrefix {
    fn new(prefix: &str) -> FoldedPrefix {
        FoldedPrefix {
            prefix: fold(prefix).chars().collect(),
        }
    }
}

impl Automaton for FoldedPrefix {
    type State = PrefixState;

    fn start(&self) -> PrefixState {
        if self.prefix.is_empty() {
            PrefixState::Matched
        } else {
            PrefixState::Reading {
                matched: 0,
                pending: Vec::new(),
            }
        }
    }

    fn is_match(&self, state: &PrefixState) -> bool {
        *state == PrefixState::Matched
    }

    fn can_match(&self, state: &PrefixState) -> bool {
        *state != PrefixState::Failed
    }

    fn will_always_match(&self, state: &PrefixState) -> bool {
        *state == PrefixState::Matched
    }

    fn accept(&self, state: &PrefixState, byte: u8) -> PrefixState {
        let PrefixState::Reading { matched, pending } = state else {
            return state.clone();
        };
        // An ASCII character folds to its lower case alone: compared without decoding or
        // allocating, as most bytes of most terms are.
        if pending.is_empty() && byte.is_ascii() {
            let c = char::from(byte.to_ascii_lowercase());
            return match self.prefix.get(*matched) {
                Some(p) if *p == c && matched + 1 == self.prefix.len() => PrefixState::Matched,
                Some(p) if *p == c => PrefixState::Reading {
                    matched: matched + 1,
                    pending: Vec::new(),
                },
                _ => PrefixState::Failed,
            };
        }
        let mut pending = pending.clone();
        pending.push(byte);
        let c = match std::str::from_utf8(&pending) {
            Ok(s) => s.chars().next().unwrap_or_default(),
            Err(e) if e.error_len().is_none() && pending.len() < 4 => {
                return PrefixState::Reading {
                    matched: *matched,
                    pending,
                };
            }
            Err(_) => return PrefixState::Failed,
        };
        let folded: Vec<char> = if c.is_ascii() {
            vec![c.to_ascii_lowercase()]
        } else {
            fold(c.encode_utf8(&mut [0; 4])).chars().collect()
        };
        let rest = &self.prefix[*matched..];
        if folded.len() >= rest.len() {
            // The character finishes the prefix (`ß` may cover its last `s` and more).
            if folded[..rest.len()] == *rest {
                PrefixState::Matched
            } else {
                PrefixState::Failed
            }
        } else if rest[..folded.len()] == *folded {
            PrefixState::Reading {
                matched: matched + folded.len(),
                pending: Vec::new(),
            }
        } else {
            PrefixState::Failed
        }
    }
}

/// The index as evidence of a question's language ([`crate::lang::guess`]): which languages it
/// holds, and in how many records of each a word occurs.
pub struct LangEvidence<'a> {
    /// The searcher of the commit being searched.
    pub searcher: &'a Searcher,
    /// Its fields.
    pub fields: &'a Fields,
    /// The languages it holds with their record counts ([`held_languages`]).
    pub held: &'a [(Lang, u64)],
}

/// The city languages `searcher`'s index holds, with the number of records (documents and
/// sections) in each, in the order of [`config::LANGS`]; languages without a record are left
/// out. Counted once per opened index.
pub fn held_languages(searcher: &Searcher, fields: &Fields) -> Vec<(Lang, u64)> {
    config::LANGS
        .iter()
        .map(|l| (*l, doc_freq(searcher, fields.lang, l.tag)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

impl Evidence for LangEvidence<'_> {
    fn held(&self) -> &[(Lang, u64)] {
        self.held
    }

    /// Counts the live records of each language (by their `lang` fast field) whose title or
    /// body holds the word as written (the exact analyzer's fields, which hold every language):
    /// `горить` is Ukrainian text, `горит` Russian. Only a word no record holds as written is
    /// looked up as each language's analyzer indexes it (`пожаре` in the records of `пожар`),
    /// once per distinct analyzer and term.
    fn doc_freqs(&self, word: &str, langs: &[Lang]) -> (Vec<u64>, bool) {
        let mut counts = vec![0u64; langs.len()];
        let every: Vec<usize> = (0..langs.len()).collect();
        self.count_by_lang(
            Analyzer::Exact,
            &Analyzer::Exact.term(word),
            &every,
            langs,
            &mut counts,
        );
        if counts.iter().any(|n| *n > 0) {
            return (counts, true);
        }
        let mut done: HashSet<(Analyzer, String)> = HashSet::new();
        for lang in langs {
            let analyzer = Analyzer::for_lang(Some(*lang));
            let term = analyzer.term(word);
            if term.is_empty() || !done.insert((analyzer, term.clone())) {
                continue;
            }
            // Every language this analyzer's fields hold, counted in one pass.
            let sharing: Vec<usize> = langs
                .iter()
                .enumerate()
                .filter(|(_, l)| Analyzer::for_lang(Some(**l)) == analyzer)
                .map(|(i, _)| i)
                .collect();
            self.count_by_lang(analyzer, &term, &sharing, langs, &mut counts);
        }
        (counts, false)
    }
}

impl LangEvidence<'_> {
    /// Adds to `counts[i]`, for each `i` of `sharing`, the live records of language `langs[i]`
    /// whose title or body field of `analyzer` holds `term`.
    fn count_by_lang(
        &self,
        analyzer: Analyzer,
        term: &str,
        sharing: &[usize],
        langs: &[Lang],
        counts: &mut [u64],
    ) {
        if term.is_empty() {
            return;
        }
        let fields = [TextField::Title, TextField::Body].map(|f| self.fields.text(f, analyzer));
        for segment in self.searcher.segment_readers() {
            let Ok(Some(column)) = segment.fast_fields().str(fast::LANG) else {
                continue;
            };
            let mut seen: HashSet<u32> = HashSet::new();
            let mut tags: HashMap<u64, Option<usize>> = HashMap::new();
            for field in fields {
                let Ok(index) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(Some(mut postings)) = index.read_postings(
                    &Term::from_field_text(field, term),
                    IndexRecordOption::Basic,
                ) else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if segment.is_deleted(doc) || !seen.insert(doc) {
                        doc = postings.advance();
                        continue;
                    }
                    if let Some(ord) = column.term_ords(doc).next() {
                        let slot = *tags.entry(ord).or_insert_with(|| {
                            let mut tag = String::new();
                            column.ord_to_str(ord, &mut tag).ok()?;
                            sharing.iter().copied().find(|i| langs[*i].tag == tag)
                        });
                        if let Some(i) = slot {
                            counts[i] += 1;
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
    }
}

/// Edit distance in characters (not bytes), counting a swap of two neighbouring characters as one
/// edit: the optimal string alignment distance, the restricted form of Damerau–Levenshtein.
/// Capped at 255.
pub fn edit_distance(a: &str, b: &str) -> u8 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()].min(255) as u8
}

/// Whether some record's title, keywords or text has `word` within `slop` words of one of
/// `others` (single words, each under its own analyzer), in either order.
pub fn near_each_other(
    searcher: &Searcher,
    fields: &Fields,
    word: &str,
    others: &[(Analyzer, &str)],
    slop: u32,
) -> bool {
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query};
    let mut near: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (analyzer, other) in others {
        let term = analyzer.term(word);
        if term.is_empty() || *analyzer == Analyzer::HanChars {
            continue;
        }
        for tf in [TextField::Title, TextField::Keywords, TextField::Body] {
            let field = fields.text(tf, *analyzer);
            for pair in [[term.as_str(), other], [other, term.as_str()]] {
                let mut phrase = PhraseQuery::new(
                    pair.iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                );
                phrase.set_slop(slop);
                near.push((Occur::Should, Box::new(phrase)));
            }
        }
    }
    !near.is_empty()
        && searcher
            .search(&BooleanQuery::new(near), &Count)
            .is_ok_and(|n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_with_length() {
        assert_eq!(typo_budget(3), 0);
        assert_eq!(typo_budget(4), 1);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(8), 1);
        assert_eq!(typo_budget(9), 2);
    }

    #[test]
    fn doubled_letters_are_forgiven() {
        assert!(within_budget("grafitti", "graffiti", 1));
        assert!(within_budget("colected", "collected", 1));
        assert!(!within_budget("vehical", "vehicle", 1));
        assert!(!within_budget("cat", "car", 0));
    }

    fn accepts(prefix: &str, term: &str) -> bool {
        let automaton = FoldedPrefix::new(prefix);
        let mut state = automaton.start();
        for b in term.bytes() {
            state = automaton.accept(&state, b);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn a_folded_prefix_matches_accented_terms() {
        assert!(accepts("danad", "dañado"));
        assert!(accepts("dañad", "dañados"));
        assert!(accepts("senal", "señales"));
        assert!(accepts("thu", "thứ"));
        assert!(accepts("stra", "straße"));
        assert!(accepts("strass", "straße"));
        assert!(!accepts("danad", "danza"));
        assert!(!accepts("danad", "dana"), "shorter than the prefix");
        assert!(accepts("звя", "звязатися"));
    }

    #[test]
    fn transpositions_cost_one() {
        assert_eq!(edit_distance("grafitti", "graffiti"), 2);
        assert_eq!(edit_distance("vehical", "vehicle"), 2);
        assert_eq!(edit_distance("abandonded", "abandoned"), 1);
        assert_eq!(edit_distance("teh", "the"), 1);
    }
}
