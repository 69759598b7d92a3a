//! Grouping questions: spelling variants of one question share a key, per language.
//!
//! A key is made by a [`Normalizer`]. The default, [`Folding`], applies NFKC, lowercases,
//! removes accents and punctuation and collapses spaces, so `Pot-hole!`, `pot hole` and
//! `POT  HOLE` are one. Stemming belongs to the search index's analysis (a question should group
//! the way it is matched), so the caller brings it: [`Stemming`] wraps a word stemmer, or any
//! `Fn(&str, &str) -> String` taking `(question, lang)` is a normalizer.
//!
//! Compounds are found from the log itself, with no word list: when joining two adjacent words,
//! or splitting one in two, gives a key that has been asked more often than the key as written,
//! that key wins, so `pot hole` and `pothole` are one question in whichever order they come. The
//! choice is made when a search is written; earlier searches keep the key they were given.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Makes the grouping key of a (redacted) question in a language.
pub trait Normalizer: Send + Sync {
    /// The key of `question` in language `lang` (a city tag such as `en`). Questions with equal
    /// keys in one language are counted as one.
    fn key(&self, question: &str, lang: &str) -> String;
}

impl<F> Normalizer for F
where
    F: Fn(&str, &str) -> String + Send + Sync,
{
    fn key(&self, question: &str, lang: &str) -> String {
        self(question, lang)
    }
}

/// The default normalizer: [`fold`] without stemming.
#[derive(Debug, Clone, Copy, Default)]
pub struct Folding;

impl Normalizer for Folding {
    fn key(&self, question: &str, _lang: &str) -> String {
        fold(question)
    }
}

/// [`fold`], then a stemmer on each word: `Stemming(|word, lang| stem(word, lang))`.
#[derive(Debug, Clone, Copy)]
pub struct Stemming<S>(pub S);

impl<S> Normalizer for Stemming<S>
where
    S: Fn(&str, &str) -> String + Send + Sync,
{
    fn key(&self, question: &str, lang: &str) -> String {
        let folded = fold(question);
        let stemmed: Vec<String> = folded.split(' ').map(|w| (self.0)(w, lang)).collect();
        stemmed.join(" ")
    }
}

/// NFKC, lowercase, accents removed (canonical decomposition without combining marks, and `đ`
/// as `d`), every character that is neither a letter nor a digit nor part of a `[placeholder]`
/// turned into a space, spaces collapsed. Scripts without spaces (Chinese) keep their runs.
///
/// ```
/// assert_eq!(insights::fold("  ¿Cómo   PAGO la   Factura?"), "como pago la factura");
/// assert_eq!(insights::fold("Đường Pot-hole at [address]"), "duong pot hole at [address]");
/// ```
pub fn fold(text: &str) -> String {
    let lower: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(lower.len());
    let mut space = true;
    for c in lower.nfd().filter(|&c| !is_combining_mark(c)).nfc() {
        let c = match c {
            'đ' => 'd',
            'ð' => 'd',
            'ø' => 'o',
            'ł' => 'l',
            'ß' => 's',
            c => c,
        };
        if c.is_alphanumeric() || c == '[' || c == ']' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Picks the key of a question from the normalizer's key and the joined-compound candidates,
/// given how often each key has been asked.
pub(crate) struct Grouper<'a> {
    normalizer: &'a dyn Normalizer,
}

impl<'a> Grouper<'a> {
    pub(crate) fn new(normalizer: &'a dyn Normalizer) -> Grouper<'a> {
        Grouper { normalizer }
    }

    /// The key for `question` in `lang`: the normalizer's, unless a spelling of the question
    /// with two adjacent words joined (`pot hole` → `pothole`), or with one word split in two
    /// (`pothole` → `pot hole`), has been asked more often (`asked` gives a key's count so far).
    /// Both directions are tried, so whichever spelling came first, later searches of the other
    /// join its group rather than start one. Splits are tried in questions of at most
    /// [`SPLIT_WORDS`] words, into parts of at least [`SPLIT_PART`] letters.
    pub(crate) fn key(
        &self,
        question: &str,
        lang: &str,
        mut asked: impl FnMut(&str) -> u64,
    ) -> String {
        let key = self.normalizer.key(question, lang);
        let folded = fold(question);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut best_count = asked(&key);
        let mut best = key;
        let mut seen: HashSet<String> = HashSet::from([best.clone()]);
        let mut consider = |spelling: String| {
            let candidate = self.normalizer.key(&spelling, lang);
            if !seen.insert(candidate.clone()) {
                return;
            }
            let count = asked(&candidate);
            if count > best_count {
                best_count = count;
                best = candidate;
            }
        };
        for i in 0..words.len().saturating_sub(1) {
            let mut joined = words.clone();
            let pair = format!("{}{}", words[i], words[i + 1]);
            joined.splice(i..i + 2, [pair.as_str()]);
            consider(joined.join(" "));
        }
        if words.len() <= SPLIT_WORDS {
            for (i, word) in words.iter().enumerate() {
                let chars: Vec<(usize, char)> = word.char_indices().collect();
                if chars.len() < 2 * SPLIT_PART || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
                    continue;
                }
                for &(at, _) in &chars[SPLIT_PART..=chars.len() - SPLIT_PART] {
                    let mut split = words.clone();
                    let (left, right) = word.split_at(at);
                    split.splice(i..=i, [left, right]);
                    consider(split.join(" "));
                }
            }
        }
        best
    }
}

/// The most words a question may have for its words to be tried split in two.
pub(crate) const SPLIT_WORDS: usize = 4;
/// The fewest letters of each part of a split word.
pub(crate) const SPLIT_PART: usize = 3;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// A stub stemmer: English plural `s` off, Spanish `es` off.
    fn stub(word: &str, lang: &str) -> String {
        match lang {
            "en" => word.strip_suffix('s').unwrap_or(word).to_owned(),
            "es" => word.strip_suffix("es").unwrap_or(word).to_owned(),
            _ => word.to_owned(),
        }
    }

    #[test]
    fn case_accents_spaces_and_punctuation_do_not_split_a_question() {
        let keys: Vec<String> = ["Pot hole!", "pot   hole", "POT-HOLE", "  pot hole "]
            .iter()
            .map(|q| Folding.key(q, "en"))
            .collect();
        assert!(keys.iter().all(|k| k == "pot hole"), "{keys:?}");
        assert_eq!(
            Folding.key("Thu gom rác cồng kềnh", "vi"),
            "thu gom rac cong kenh"
        );
        assert_eq!(Folding.key("Ёлка", "ru"), "елка");
        assert_eq!(Folding.key("垃圾 回收", "zh-hans"), "垃圾 回收");
        assert_eq!(Folding.key("call [phone] now", "en"), "call [phone] now");
    }

    #[test]
    fn a_stemmer_joins_inflected_forms_per_language() {
        let stemming = Stemming(stub);
        assert_eq!(
            stemming.key("Potholes", "en"),
            stemming.key("pothole", "en")
        );
        assert_eq!(stemming.key("Baches", "es"), "bach");
        assert_eq!(stemming.key("baches", "en"), "bache");
    }

    #[test]
    fn a_closure_is_a_normalizer() {
        let upper = |q: &str, _: &str| q.to_uppercase();
        assert_eq!(Normalizer::key(&upper, "a", "en"), "A");
    }

    #[test]
    fn two_words_join_when_the_joined_form_is_asked_more_often() {
        let stemming = Stemming(stub);
        let grouper = Grouper::new(&stemming);
        let counts = HashMap::from([("pothole".to_owned(), 12u64), ("pot hole".to_owned(), 2)]);
        let asked = |k: &str| counts.get(k).copied().unwrap_or(0);
        assert_eq!(grouper.key("Pot holes", "en", asked), "pothole");
        assert_eq!(
            grouper.key("pot hole on my street", "en", asked),
            "pot hole on my street"
        );
        let rare = HashMap::from([("pothole".to_owned(), 1u64), ("pot hole".to_owned(), 5)]);
        let asked = |k: &str| rare.get(k).copied().unwrap_or(0);
        assert_eq!(grouper.key("pot hole", "en", asked), "pot hole");
    }

    #[test]
    fn a_word_splits_when_the_split_form_came_first() {
        let stemming = Stemming(stub);
        let grouper = Grouper::new(&stemming);
        // `Pot hole` was asked first: later `pothole` and `potholes` join it.
        let counts = HashMap::from([("pot hole".to_owned(), 3u64)]);
        let asked = |k: &str| counts.get(k).copied().unwrap_or(0);
        assert_eq!(grouper.key("pothole", "en", asked), "pot hole");
        assert_eq!(grouper.key("Potholes", "en", asked), "pot hole");
        assert_eq!(
            grouper.key("potholes downtown", "en", asked),
            "pothole downtown",
            "its own key: no spelling of it was asked"
        );
        // Nothing asked yet: the key as written.
        assert_eq!(grouper.key("pothole", "en", |_| 0), "pothole");
    }

    #[test]
    fn every_order_of_arrival_ends_in_one_group() {
        let stemming = Stemming(stub);
        let grouper = Grouper::new(&stemming);
        let spellings = ["Pot hole", "pothole", "potholes", "pot holes", "POT-HOLE"];
        // Each rotation of the arrival order, counted as the writer counts them.
        for start in 0..spellings.len() {
            let mut counts: HashMap<String, u64> = HashMap::new();
            for i in 0..spellings.len() * 2 {
                let question = spellings[(start + i) % spellings.len()];
                let key = grouper.key(question, "en", |k| counts.get(k).copied().unwrap_or(0));
                *counts.entry(key).or_default() += 1;
            }
            assert_eq!(
                counts.len(),
                1,
                "arrival from {}: {counts:?}",
                spellings[start]
            );
        }
    }
}
