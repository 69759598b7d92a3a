//! Word segmentation for every script the city's languages use.
//!
//! Runs of letters and digits become words; Han runs are cut into words by jieba (in search mode,
//! so compounds also yield their parts); kana, Hangul, Thai, Lao, Khmer and Myanmar runs
//! ([`Script::is_unspaced`]) become overlapping character bigrams. Offsets are byte offsets into
//! the original text so matches can be highlighted.
//!
//! Characters are classed by their compatibility form ([`super::normalize`]): a full-width `ｐ` is
//! a Latin letter, a full-width `３` a digit. Invisible characters (zero-width space, soft hyphen,
//! word joiner) continue the word they sit in. Some words are more than one run:
//!
//! - a Cyrillic word with an apostrophe inside (`зв'язатися`, `б’ють`) is one word;
//! - elsewhere an apostrophe cuts a word (`wasn't`, `City's`), and a single letter it cuts off is
//!   no word at all (the `t`, the `s`);
//! - single letters joined by dots (`A.D.U.`, `P.B.O.T.`, `U.S.`) are one word, the acronym;
//! - a North American phone number in any common spelling (`503-823-7202`, `(503) 823-7202`,
//!   `503.823.7202`, `+1 503 823 7202`) is one word, as is a local number (`823-7202`).
//!
//! Such a word keeps its inner punctuation in [`Piece::text`]; the analyzers drop it from the
//! term, so `A.D.U.` means `adu` and `(503) 823-7202` means `5038237202`.
//!
//! Documents are also indexed with pieces a question never has: the seven-digit local part of a
//! ten-digit phone number ([`segment_for_index`]), and, in fields of their own, every character
//! and character bigram of Han text ([`han_grams`]), so a Chinese question finds text that
//! contains it even where jieba cut that text differently.

use std::sync::LazyLock;

use config::Script;
use jieba_rs::Jieba;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::normalize::{is_apostrophe, is_invisible};

/// A piece of the original text that becomes one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of its start in the text.
    pub from: usize,
    /// Byte offset just past its end.
    pub to: usize,
    /// Its position, for phrase and proximity queries: one more than the word before (in Han
    /// text, jieba's words are at the position of their first character).
    pub position: usize,
    /// Only indexed, never a word of a question: the local part of a phone number
    /// ([`segment_for_index`]).
    pub extra: bool,
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

/// The class of `c`, judged on its compatibility form; `None` for an invisible character, which
/// continues whatever run it is in.
fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Gap
        });
    }
    if is_invisible(c) {
        return None;
    }
    if is_apostrophe(c) {
        return Some(Class::Gap);
    }
    let c = if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        c
    } else {
        std::iter::once(c).nfkc().next().unwrap_or(' ')
    };
    Some(match Script::of(c) {
        Script::Han => Class::Han,
        script if script.is_unspaced() => Class::Continuous,
        _ if c.is_alphanumeric() || is_combining_mark(c) => Class::Word,
        _ => Class::Gap,
    })
}

/// A run of characters of one class: byte offsets into the text.
#[derive(Debug, Clone, Copy)]
struct Run {
    from: usize,
    to: usize,
    class: Class,
}

/// The runs of `text` that are not gaps, in order.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = Class::Gap;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let Some(cl) = class(c) else { continue };
        // A combining mark continues whatever run it follows.
        let cl = if cl == Class::Word && is_combining_mark(c) && current != Class::Gap {
            current
        } else {
            cl
        };
        if cl != current {
            if current != Class::Gap {
                out.push(Run {
                    from: start,
                    to: i,
                    class: current,
                });
            }
            start = i;
            current = cl;
        }
    }
    out
}

/// Calls `sink` with each word of `text`, in order: what a question is made of, and what a
/// snippet marks.
pub fn segment<'a>(text: &'a str, sink: impl FnMut(Piece<'a>)) {
    pieces(text, false, sink);
}

/// [`segment`] plus the extra pieces a document is indexed with ([`Piece::extra`]): for a
/// ten-digit phone number its last seven digits at the same position, so `823-4000` finds
/// `503-823-4000`.
pub fn segment_for_index<'a>(text: &'a str, sink: impl FnMut(Piece<'a>)) {
    pieces(text, true, sink);
}

fn pieces<'a>(text: &'a str, extras: bool, mut sink: impl FnMut(Piece<'a>)) {
    let runs = runs(text);
    let mut position = 0;
    let mut i = 0;
    while i < runs.len() {
        let run = runs[i];
        match run.class {
            Class::Gap => {}
            Class::Han => position = han(text, run, position, &mut sink),
            Class::Continuous => position = bigrams(text, run, position, &mut sink),
            Class::Word => {
                let last = joined(text, &runs, i);
                let (from, to) = (run.from, runs[last].to);
                if last == i && is_clipped_letter(text, &runs, i) {
                    // The `t` of `wasn't`, the `s` of `City's`, the `ll` of `you'll`: no word.
                } else if to - from <= MAX_TOKEN_BYTES {
                    let piece = Piece {
                        text: &text[from..to],
                        from,
                        to,
                        position,
                        extra: false,
                    };
                    if extras && let Some(local) = local_number(piece.text) {
                        let from = to - local.len();
                        sink(piece.clone());
                        sink(Piece {
                            text: local,
                            from,
                            extra: true,
                            ..piece
                        });
                    } else {
                        sink(piece);
                    }
                    position += 1;
                }
                i = last;
            }
        }
        i += 1;
    }
}

/// The last seven digits of a ten-digit phone number (`5038234000`, `503-823-4000`, or eleven
/// digits with the country code 1), as a slice of the piece; `None` for any other piece.
fn local_number(piece: &str) -> Option<&str> {
    if piece.chars().any(char::is_alphabetic) {
        return None;
    }
    let digits: Vec<usize> = piece
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let phone = digits.len() == 10 || (digits.len() == 11 && piece[digits[0]..].starts_with('1'));
    phone.then(|| &piece[digits[digits.len() - 7]..])
}

/// The text between runs `a` and `b`, without invisible characters.
fn between(text: &str, a: Run, b: Run) -> String {
    text[a.to..b.from]
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect()
}

/// The index of the last run of the word that starts at run `i`: a phone number, an acronym or a
/// Cyrillic word with apostrophes, else `i` itself.
fn joined(text: &str, runs: &[Run], i: usize) -> usize {
    phone(text, runs, i)
        .or_else(|| acronym(text, runs, i))
        .unwrap_or_else(|| cyrillic_apostrophes(text, runs, i))
}

fn run_text(text: &str, run: Run) -> &str {
    &text[run.from..run.to]
}

fn digits(text: &str, run: Run) -> Option<usize> {
    let t = run_text(text, run);
    t.chars().all(|c| c.is_ascii_digit()).then_some(t.len())
}

/// Separators inside a phone number: at most three of space, hyphen, dot and parentheses (and the
/// typographic hyphens and dashes).
fn phone_separator(gap: &str) -> bool {
    !gap.is_empty()
        && gap.chars().count() <= 3
        && gap.chars().all(|c| {
            matches!(
                c,
                ' ' | '-' | '.' | '(' | ')' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}'
            )
        })
}

/// A phone number starting at run `i` (`[1] 503 823 7202` or `823 7202` in groups of digits, with
/// separators between them): the index of its last run. A number already written as one run is
/// one word anyway.
fn phone(text: &str, runs: &[Run], i: usize) -> Option<usize> {
    let shapes: [&[usize]; 3] = [&[1, 3, 3, 4], &[3, 3, 4], &[3, 4]];
    'shape: for shape in shapes {
        if i + shape.len() > runs.len() {
            continue;
        }
        for (k, len) in shape.iter().enumerate() {
            let run = runs[i + k];
            if run.class != Class::Word || digits(text, run) != Some(*len) {
                continue 'shape;
            }
            if k > 0 && !phone_separator(&between(text, runs[i + k - 1], run)) {
                continue 'shape;
            }
        }
        // A longer number is not a phone number cut short: `823-7202-11` is something else.
        let last = i + shape.len() - 1;
        if let Some(next) = runs.get(last + 1)
            && next.class == Class::Word
            && digits(text, *next).is_some()
            && phone_separator(&between(text, runs[last], *next))
        {
            continue;
        }
        if shape[0] == 1 && run_text(text, runs[i]) != "1" {
            continue;
        }
        return Some(last);
    }
    None
}

/// Single letters joined by dots starting at run `i` (`A.D.U.`, `U.S.`): at least two letters and
/// two dots. The index of the last letter's run.
fn acronym(text: &str, runs: &[Run], i: usize) -> Option<usize> {
    let single_letter =
        |run: Run| run.class == Class::Word && is_single_letter(run_text(text, run));
    if !single_letter(runs[i]) {
        return None;
    }
    let mut last = i;
    while let Some(next) = runs.get(last + 1) {
        if single_letter(*next) && between(text, runs[last], *next) == "." {
            last += 1;
        } else {
            break;
        }
    }
    let letters = last - i + 1;
    let trailing_dot = text[runs[last].to..].chars().find(|c| !is_invisible(*c)) == Some('.');
    (letters >= 3 || (letters == 2 && trailing_dot)).then_some(last)
}

fn is_single_letter(s: &str) -> bool {
    let mut chars = s
        .chars()
        .filter(|c| !is_combining_mark(*c) && !is_invisible(*c));
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Whether the gap between runs `a` and `b` is one apostrophe and nothing else.
fn apostrophe_between(text: &str, a: Run, b: Run) -> bool {
    let gap = between(text, a, b);
    let mut chars = gap.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_apostrophe(c))
}

/// A Cyrillic word with apostrophes inside (`зв'язатися`) starting at run `i`: the index of its
/// last run (`i` when there is none).
fn cyrillic_apostrophes(text: &str, runs: &[Run], i: usize) -> usize {
    let mut last = i;
    while let Some(next) = runs.get(last + 1) {
        let ends_cyrillic = run_text(text, runs[last])
            .chars()
            .last()
            .is_some_and(|c| Script::of(c) == Script::Cyrillic);
        let starts_cyrillic = run_text(text, *next)
            .chars()
            .next()
            .is_some_and(|c| Script::of(c) == Script::Cyrillic);
        if next.class == Class::Word
            && ends_cyrillic
            && starts_cyrillic
            && apostrophe_between(text, runs[last], *next)
        {
            last += 1;
        } else {
            break;
        }
    }
    last
}

/// The two-letter endings of English contractions (`you'll`, `we've`, `they're`); the
/// one-letter ones (`'s`, `'t`, `'d`, `'m`) are single letters, dropped as such.
const CONTRACTION_ENDINGS: [&str; 3] = ["ll", "ve", "re"];

/// Whether run `i` is a piece an apostrophe cuts off from a word: a single letter (`t` in
/// `wasn't`, `s` in `City's`, `l` in `l'eau`) or a contraction's ending after it (`ll` in
/// `you'll`, `ve` in `we've`, `re` in `they're`).
fn is_clipped_letter(text: &str, runs: &[Run], i: usize) -> bool {
    let before = i.checked_sub(1).is_some_and(|p| {
        runs[p].class == Class::Word && apostrophe_between(text, runs[p], runs[i])
    });
    let piece = run_text(text, runs[i]);
    if before
        && piece.len() == 2
        && CONTRACTION_ENDINGS
            .iter()
            .any(|e| piece.eq_ignore_ascii_case(e))
    {
        return true;
    }
    if !is_single_letter(piece) {
        return false;
    }
    let after = runs
        .get(i + 1)
        .is_some_and(|n| n.class == Class::Word && apostrophe_between(text, runs[i], *n));
    before || after
}

/// Jieba's words of a Han run, each at the position of its first character. Returns the
/// position after the run.
fn han<'a>(text: &'a str, run: Run, position: usize, sink: &mut impl FnMut(Piece<'a>)) -> usize {
    let chunk = &text[run.from..run.to];
    let starts: Vec<usize> = chunk.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| starts.partition_point(|s| *s < byte);
    for t in JIEBA.cut_for_search(chunk, true) {
        sink(Piece {
            text: t.word,
            from: run.from + t.byte_start,
            to: run.from + t.byte_end,
            position: position + char_at(t.byte_start),
            extra: false,
        });
    }
    position + starts.len()
}

/// Every character and character bigram of the Han runs of `text`, each at the position of its
/// first character (positions count Han characters, with a gap between runs so no bigram or
/// phrase crosses from one run to the next): what the Han character fields index
/// ([`super::Analyzer::HanChars`]). Nothing for text without Han characters.
pub fn han_grams<'a>(text: &'a str, mut sink: impl FnMut(Piece<'a>)) {
    let mut position = 0;
    for run in runs(text).into_iter().filter(|r| r.class == Class::Han) {
        let chunk = &text[run.from..run.to];
        let starts: Vec<usize> = chunk
            .char_indices()
            .filter(|(_, c)| !is_invisible(*c))
            .map(|(i, _)| i)
            .collect();
        let end_of = |k: usize| starts.get(k).copied().unwrap_or(chunk.len());
        for (k, start) in starts.iter().enumerate() {
            sink(Piece {
                text: &chunk[*start..end_of(k + 1)],
                from: run.from + start,
                to: run.from + end_of(k + 1),
                position: position + k,
                extra: false,
            });
            if k + 1 < starts.len() {
                sink(Piece {
                    text: &chunk[*start..end_of(k + 2)],
                    from: run.from + start,
                    to: run.from + end_of(k + 2),
                    position: position + k,
                    extra: false,
                });
            }
        }
        position += starts.len() + 1;
    }
}

/// Overlapping character bigrams of a run of kana, Hangul, Thai, Lao, Khmer or Myanmar (the run
/// itself when it is one character). Returns the position after the run.
fn bigrams<'a>(
    text: &'a str,
    run: Run,
    mut position: usize,
    sink: &mut impl FnMut(Piece<'a>),
) -> usize {
    let chunk = &text[run.from..run.to];
    let chars: Vec<(usize, char)> = chunk
        .char_indices()
        .filter(|(_, c)| !is_invisible(*c))
        .collect();
    if chars.len() <= 1 {
        sink(Piece {
            text: chunk,
            from: run.from,
            to: run.to,
            position,
            extra: false,
        });
        return position + 1;
    }
    for pair in chars.windows(2) {
        let start = pair[0].0;
        let end = pair[1].0 + pair[1].1.len_utf8();
        sink(Piece {
            text: &chunk[start..end],
            from: run.from + start,
            to: run.from + end,
            position,
            extra: false,
        });
        position += 1;
    }
    position
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

    fn indexed(text: &str) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        segment_for_index(text, |p| out.push((p.text, p.position)));
        out
    }

    #[test]
    fn splits_latin_and_cyrillic_on_spaces_and_punctuation() {
        assert_eq!(
            pieces("My trash wasn't picked-up!"),
            ["My", "trash", "wasn", "picked", "up"]
        );
        assert_eq!(
            pieces("кто вывозит мой мусор?"),
            ["кто", "вывозит", "мой", "мусор"]
        );
    }

    #[test]
    fn a_single_letter_cut_off_by_an_apostrophe_is_no_word() {
        assert_eq!(pieces("the City’s permit"), ["the", "City", "permit"]);
        assert_eq!(pieces("it's I'm we'll"), ["it", "we"]);
        assert_eq!(pieces("you’ll they’re we've"), ["you", "they", "we"]);
        assert_eq!(
            pieces("ll re"),
            ["ll", "re"],
            "the endings on their own stay"
        );
        assert_eq!(
            pieces("a b"),
            ["a", "b"],
            "single letters on their own stay"
        );
    }

    #[test]
    fn a_cyrillic_apostrophe_stays_inside_its_word() {
        for text in ["зв'язатися", "звʼязатися", "зв’язатися"] {
            assert_eq!(pieces(text), [text]);
        }
        assert_eq!(pieces("мене б'ють"), ["мене", "б'ють"]);
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        for text in [
            "pot\u{200B}hole",
            "pot\u{AD}hole",
            "pot\u{2060}hole",
            "\u{FEFF}pothole",
        ] {
            let words = pieces(text);
            assert_eq!(words.len(), 1, "{text:?}: {words:?}");
        }
    }

    #[test]
    fn full_width_letters_and_digits_are_words() {
        assert_eq!(
            pieces("ｐｏｔｈｏｌｅ ３１１"),
            ["ｐｏｔｈｏｌｅ", "３１１"]
        );
    }

    #[test]
    fn dotted_acronyms_are_one_word() {
        assert_eq!(pieces("an A.D.U. permit"), ["an", "A.D.U", "permit"]);
        assert_eq!(pieces("P.B.O.T"), ["P.B.O.T"]);
        assert_eq!(pieces("the U.S. flag"), ["the", "U.S", "flag"]);
        assert_eq!(
            pieces("version 2.1"),
            ["version", "2", "1"],
            "digits are not letters"
        );
        assert_eq!(pieces("A.B"), ["A", "B"], "one dot is not enough");
    }

    #[test]
    fn phone_numbers_are_one_word_in_any_common_spelling() {
        for text in [
            "503-823-7202",
            "(503) 823-7202",
            "503.823.7202",
            "503 823 7202",
            "1-503-823-7202",
            "823-7202",
        ] {
            assert_eq!(pieces(text), [text.trim_start_matches('(')], "{text}");
        }
        assert_eq!(
            pieces("call +1 503 823 4000 now"),
            ["call", "1 503 823 4000", "now"]
        );
        assert_eq!(
            pieces("2024-01-15"),
            ["2024", "01", "15"],
            "a date is not a phone number"
        );
        assert_eq!(pieces("503-823-7202-11"), ["503", "823", "7202", "11"]);
    }

    #[test]
    fn a_ten_digit_number_is_also_indexed_by_its_local_part() {
        assert_eq!(
            indexed("503-823-4000"),
            [("503-823-4000", 0), ("823-4000", 0)]
        );
        assert_eq!(indexed("5038234000"), [("5038234000", 0), ("8234000", 0)]);
        assert_eq!(indexed("823-4000"), [("823-4000", 0)]);
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

    fn grams(text: &str) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        han_grams(text, |p| out.push((p.text, p.position)));
        out
    }

    #[test]
    fn han_text_has_every_character_and_bigram() {
        assert_eq!(
            grams("没人收"),
            [("没", 0), ("没人", 0), ("人", 1), ("人收", 1), ("收", 2)]
        );
        let two_runs = grams("垃圾 bin 收");
        assert_eq!(two_runs.last(), Some(&("收", 3)), "{two_runs:?}");
        assert!(!two_runs.iter().any(|(g, _)| g.contains(' ')));
        assert!(grams("no han here").is_empty());
    }

    #[test]
    fn jieba_words_sit_at_their_first_character() {
        let mut words = Vec::new();
        segment("垃圾没有人收 bill", |p| {
            words.push((p.text, p.position))
        });
        assert!(words.contains(&("垃圾", 0)), "{words:?}");
        assert!(words.contains(&("没有", 2)), "{words:?}");
        assert_eq!(words.last(), Some(&("bill", 6)));
    }

    #[test]
    fn makes_bigrams_of_kana_and_hangul() {
        assert_eq!(pieces("ごみばこ"), ["ごみ", "みば", "ばこ"]);
        assert_eq!(pieces("쓰레기"), ["쓰레", "레기"]);
        assert_eq!(pieces("ごみ"), ["ごみ"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Call 311 — 垃圾 (503) 823-7202 A.D.U. pot\u{200B}hole";
        segment_for_index(text, |p| assert_eq!(&text[p.from..p.to], p.text));
    }

    #[test]
    fn drops_very_long_runs() {
        assert!(pieces(&"a".repeat(200)).is_empty());
    }
}
