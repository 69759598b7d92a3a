//! The index's own vocabulary: how common a term is, which terms are a typo away from a word,
//! which start with a prefix. Typo tolerance, search-as-you-type and "did you mean" all read it.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Edits allowed for a word of `chars` characters: none up to four, one from five, two from nine.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
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
    for field in fields {
        let query = FuzzyTermQuery::new(Term::from_field_text(*field, word), distance, true);
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(*field) else {
                continue;
            };
            let Ok(automaton) = query.automaton() else {
                continue;
            };
            let Ok(mut stream) = index.terms().search(automaton).into_stream() else {
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

/// Terms starting with `prefix` in `fields` (the prefix itself excluded), as `(term, documents)`:
/// the most common first, at most `limit`. Documents are summed over the fields and segments.
pub fn prefixed_terms(
    searcher: &Searcher,
    fields: &[Field],
    prefix: &str,
    limit: usize,
) -> Vec<(String, u64)> {
    let mut found: HashMap<String, u64> = HashMap::new();
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(0xFF);
    for field in fields {
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(*field) else {
                continue;
            };
            let Ok(mut stream) = index
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&upper)
                .into_stream()
            else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_with_length() {
        assert_eq!(typo_budget(4), 0);
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

    #[test]
    fn transpositions_cost_one() {
        assert_eq!(edit_distance("grafitti", "graffiti"), 2);
        assert_eq!(edit_distance("vehical", "vehicle"), 2);
        assert_eq!(edit_distance("abandonded", "abandoned"), 1);
        assert_eq!(edit_distance("teh", "the"), 1);
    }
}
