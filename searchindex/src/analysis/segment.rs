//! Word segmentation for every script the city's languages use.
//!
//! Runs of letters and digits become words; Han runs are cut into words by jieba (in search mode,
//! so compounds also yield their parts); kana, Hangul, Thai, Lao, Khmer and Myanmar runs
//! ([`Script::is_unspaced`]) become overlapping character bigrams. Offsets are byte offsets into
//! the original text so matches can be highlighted.

use std::sync::LazyLock;

use config::Script;
use jieba_rs::Jieba;
use unicode_normalization::char::is_combining_mark;

/// A piece of the original text that becomes one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of its start in the text.
    pub from: usize,
    /// Byte offset just past its end.
    pub to: usize,
}

/// Longest token kept, in bytes: longer runs are identifiers or noise, not words people type.
const MAX_TOKEN_BYTES: usize = 80;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Not part of any token.
    Gap,
    /// Letters and digits of space-separated scripts.
    Word,
    Han,
    /// Scripts written without spaces, segmented as bigrams.
    Continuous,
}

fn class(c: char) -> Class {
    match Script::of(c) {
        Script::Han => Class::Han,
        script if script.is_unspaced() => Class::Continuous,
        _ if c.is_alphanumeric() || is_combining_mark(c) => Class::Word,
        // Joiners inside Indic and Arabic words.
        _ if matches!(c, '\u{200C}' | '\u{200D}') => Class::Word,
        _ => Class::Gap,
    }
}

/// Calls `sink` with each piece of `text`, in order.
pub fn segment<'a>(text: &'a str, mut sink: impl FnMut(Piece<'a>)) {
    let mut run_start = 0;
    let mut run_class = Class::Gap;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let cl = class(c);
        // A combining mark continues whatever run it follows.
        let cl = if cl == Class::Word && is_combining_mark(c) && run_class != Class::Gap {
            run_class
        } else {
            cl
        };
        if cl != run_class {
            if run_class != Class::Gap {
                emit_run(text, run_start, i, run_class, &mut sink);
            }
            run_start = i;
            run_class = cl;
        }
    }
}

fn emit_run<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    class: Class,
    sink: &mut impl FnMut(Piece<'a>),
) {
    let run = &text[from..to];
    match class {
        Class::Gap => {}
        Class::Word => {
            if run.len() <= MAX_TOKEN_BYTES {
                sink(Piece {
                    text: run,
                    from,
                    to,
                });
            }
        }
        Class::Han => {
            for t in JIEBA.cut_for_search(run, true) {
                sink(Piece {
                    text: t.word,
                    from: from + t.byte_start,
                    to: from + t.byte_end,
                });
            }
        }
        Class::Continuous => {
            let chars: Vec<(usize, char)> = run.char_indices().collect();
            if chars.len() == 1 {
                sink(Piece {
                    text: run,
                    from,
                    to,
                });
                return;
            }
            for pair in chars.windows(2) {
                let start = pair[0].0;
                let end = pair[1].0 + pair[1].1.len_utf8();
                sink(Piece {
                    text: &run[start..end],
                    from: from + start,
                    to: from + end,
                });
            }
        }
    }
}

/// Loads jieba's Chinese dictionary now rather than on the first Chinese text, so the first
/// Chinese question does not wait for it.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        segment(text, |p| out.push(p.text));
        out
    }

    #[test]
    fn splits_latin_and_cyrillic_on_spaces_and_punctuation() {
        assert_eq!(
            pieces("My trash wasn't picked-up!"),
            ["My", "trash", "wasn", "t", "picked", "up"]
        );
        assert_eq!(
            pieces("кто вывозит мой мусор?"),
            ["кто", "вывозит", "мой", "мусор"]
        );
    }

    #[test]
    fn keeps_vietnamese_letters_whole_even_when_decomposed() {
        assert_eq!(pieces("rác của tôi"), ["rác", "của", "tôi"]);
        let decomposed = "ra\u{0301}c";
        assert_eq!(pieces(decomposed), [decomposed]);
    }

    #[test]
    fn cuts_chinese_into_words_without_spaces() {
        let words = pieces("我的垃圾没有被收走");
        assert!(words.contains(&"垃圾"), "{words:?}");
        assert!(words.contains(&"没有"), "{words:?}");
    }

    #[test]
    fn makes_bigrams_of_kana_and_hangul() {
        assert_eq!(pieces("ごみばこ"), ["ごみ", "みば", "ばこ"]);
        assert_eq!(pieces("쓰레기"), ["쓰레", "레기"]);
        assert_eq!(pieces("ごみ"), ["ごみ"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Call 311 — 垃圾";
        segment(text, |p| assert_eq!(&text[p.from..p.to], p.text));
    }

    #[test]
    fn drops_very_long_runs() {
        assert!(pieces(&"a".repeat(200)).is_empty());
    }
}
