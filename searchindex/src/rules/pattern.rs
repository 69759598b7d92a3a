//! The patterns of `referrals.toml`: what a question must say for a notice to show.
//!
//! A pattern is words separated by spaces, matched against the question's words in order and
//! next to each other, folded (case and accents), unless a word says otherwise:
//!
//! | written | matches |
//! | --- | --- |
//! | `breathing` | the word and its inflections, by the stemmer of the pattern's language where it has one (en, es, ru, uk, ro, ar, ne): `breathe`, `breathes`; in other languages the word itself |
//! | `=fire` | only this word (`fire`, not `fired`) |
//! | `gub*` | any word starting with it (`gubanayaa`, `gubtay`) |
//! | `house\|home\|flat` | one of these words (each may use `=` or `*`) |
//! | `{home}` | one of the phrases of the word list `home` of the pattern's language (`[words.en]`); a list's phrases use this same syntax |
//! | `...` | up to four words in between (`breaking into ... car`: "breaking into my neighbor's car") |
//! | `a & b` | both parts, in any order, anywhere in the question (`{fire} & {home}`: "у меня дома пожар", "пожар дома") |
//! | `a & !b` | part `a`, and part `b` nowhere in the question |
//! | `a ~ b ~ c` | all of these pieces, in any order, none overlapping another, within ten words of each other (from the first word of one to the last of another): for languages whose word order is free (`мене ~ б'є`: "чоловік мене б'є", "б'є мене"; `dab ~ guri* ~ kac*`: "dab ayaa gurigayga ka kacay", "gurigayga dab ayaa ka kacay") |
//! | `^ fire $` | `^` at the start of a part: its match begins with the question's first word; `$` at its end: ends with the last; `^ =fire ~ {help} $` is a question that is these pieces and nothing else, in any order ("fire!", "help, fire") |
//!
//! `&` binds loosest: `a ~ b & !c` is the group `a ~ b`, and `c` nowhere. Pieces of an anchored
//! group (`^`, `$`) follow each other without words in between.
//!
//! A word of a question keeps its inner apostrophe and is compared without it, so `isn't`,
//! `isn’t` and `isnt` are one word, and `{not} breathing` with a list `not = ["not", "isn't", "no
//! longer"]` catches "he isn't breathing".
//!
//! A pattern in a script written without spaces (Chinese, Japanese, Korean, Thai, Lao, Khmer) is
//! matched on the question's characters with spaces removed: its words are strings of
//! characters, written next to each other they must follow each other, `...` allows up to eight
//! characters in between, `~` groups pieces within sixteen characters of each other, and `|`,
//! `{name}`, `&`, `!`, `^` and `$` work as above (`着火|失火`, `{home}...着火`, `楼道 ~ 很多烟`).
//! Punctuation is not a character there: `^ 火 $` matches "火！".

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::analysis::{Analyzer, fold, is_apostrophe, normalize};

/// Words `...` may skip in a spaced pattern.
const GAP_WORDS: usize = 4;
/// Characters `...` may skip in an unspaced pattern.
const GAP_CHARS: usize = 8;
/// Words the pieces of a `~` group may span, from the first word of one to the last of another.
const WINDOW_WORDS: usize = 10;
/// Characters the pieces of a `~` group may span in an unspaced pattern.
const WINDOW_CHARS: usize = 16;
/// How deep word lists may name other lists.
const MAX_DEPTH: usize = 4;

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing to match: an empty pattern, part or `~` piece, or one that is only `...`.
    #[error("the pattern or one of its parts is empty")]
    Empty,
    /// `{name}` names no list of the pattern's language.
    #[error("no word list `{name}` for `{lang}` (add it under [words.{lang}])")]
    UnknownList {
        /// The list's name.
        name: String,
        /// The pattern's language tag.
        lang: String,
    },
    /// A `{`, `}`, `|`, `=`, `*`, `!`, `~`, `^` or `$` where it cannot be (`{home`, `a||b`,
    /// `fi*re`, `=`, `fire ^ now`), or a pattern whose parts all negate.
    #[error("cannot read `{0}`")]
    Syntax(String),
    /// Word lists name each other in a circle, or more than four deep.
    #[error("word list `{0}` names itself, or lists nest more than four deep")]
    TooDeep(String),
}

/// The word lists of a language by name (`[words.<lang>]` of `referrals.toml`).
pub type WordLists = BTreeMap<String, Vec<String>>;

/// One pattern, compiled for the language it is written in.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    parts: Vec<Part>,
    analyzer: Analyzer,
    unspaced: bool,
}

/// One `&` part: pieces (one, or several joined by `~`), each a sequence of elements.
#[derive(Debug, Clone)]
struct Part {
    negated: bool,
    pieces: Vec<Vec<Element>>,
    /// `^`: the match begins at the question's first word (or character).
    at_start: bool,
    /// `$`: the match ends at the question's last word (or character).
    at_end: bool,
}

#[derive(Debug, Clone)]
enum Element {
    /// One of these words.
    Word(Vec<Word>),
    /// One of these sequences (a word list).
    List(Vec<Vec<Element>>),
    /// Up to this many words (or characters) skipped.
    Gap(usize),
}

#[derive(Debug, Clone)]
enum Word {
    /// Equal stems (the analyzer's term).
    Stem(String),
    /// Equal folded forms.
    Exact(String),
    /// A folded form starting with this.
    Prefix(String),
}

impl Pattern {
    /// Compiles `source`, written in language `lang` (a city language tag), with that language's
    /// word `lists`.
    ///
    /// # Errors
    /// [`PatternError`] when the text is not a pattern: see its variants.
    pub fn compile(source: &str, lang: &str, lists: &WordLists) -> Result<Pattern, PatternError> {
        let unspaced = config::script::has_unspaced(source);
        let analyzer = Analyzer::for_lang(config::Lang::by_tag(lang));
        let mut parts = Vec::new();
        for raw in source.split('&') {
            let raw = raw.trim();
            let (negated, raw) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, raw),
            };
            let (at_start, raw) = match raw.strip_prefix('^') {
                Some(rest) => (true, rest.trim()),
                None => (false, raw),
            };
            let (at_end, raw) = match raw.strip_suffix('$') {
                Some(rest) => (true, rest.trim()),
                None => (false, raw),
            };
            let mut pieces = Vec::new();
            for piece in raw.split('~') {
                let seq = sequence(piece.trim(), lang, lists, analyzer, unspaced, 0)?;
                if !seq.iter().any(|e| !matches!(e, Element::Gap(_))) {
                    return Err(PatternError::Empty);
                }
                pieces.push(seq);
            }
            parts.push(Part {
                negated,
                pieces,
                at_start,
                at_end,
            });
        }
        if parts.iter().all(|p| p.negated) {
            return Err(PatternError::Syntax(source.to_owned()));
        }
        Ok(Pattern {
            source: source.to_owned(),
            parts,
            analyzer,
            unspaced,
        })
    }

    /// Whether `question` says what the pattern asks: every part that is not negated occurs in
    /// it, and no negated part does.
    pub fn matches(&self, question: &Question) -> bool {
        let (len, window) = if self.unspaced {
            (question.chars.len(), WINDOW_CHARS)
        } else {
            (question.words.len(), WINDOW_WORDS)
        };
        let ends = |seq: &[Element], start: usize| {
            if self.unspaced {
                ends_chars(seq, &question.chars, start)
            } else {
                ends_words(seq, start, self.analyzer, question)
            }
        };
        self.parts.iter().all(|part| {
            let found = match part.pieces.as_slice() {
                // One piece, not anchored: the first place it matches will do.
                [seq] if !part.at_start && !part.at_end => {
                    (0..len).any(|start| ends(seq, start).iter().any(|&end| end > start))
                }
                pieces => {
                    let mut spans: Vec<Vec<Span>> = Vec::with_capacity(pieces.len());
                    for seq in pieces {
                        let found: Vec<Span> = (0..len)
                            .flat_map(|start| {
                                ends(seq, start)
                                    .into_iter()
                                    .filter(move |&end| end > start)
                                    .map(move |end| (start, end))
                            })
                            .collect();
                        // A piece that occurs nowhere: no need to look at the others.
                        if found.is_empty() {
                            break;
                        }
                        spans.push(found);
                    }
                    spans.len() == pieces.len()
                        && choose(&spans, &mut Vec::new(), &|c: &[Span]| {
                            part.fits(c, len, window)
                        })
                }
            };
            found != part.negated
        })
    }
}

/// Where a piece matched: its first word (or character) and the one just after its last.
type Span = (usize, usize);

impl Part {
    /// Whether one match per piece (`chosen`, none overlapping) makes a match of the part in a
    /// question of `len` words: anchored, the pieces follow each other and touch the anchored
    /// ends; otherwise several pieces lie within `window`.
    fn fits(&self, chosen: &[Span], len: usize, window: usize) -> bool {
        let mut sorted = chosen.to_vec();
        sorted.sort_unstable();
        let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
            return false;
        };
        if self.at_start || self.at_end {
            (!self.at_start || first.0 == 0)
                && (!self.at_end || last.1 == len)
                && sorted.windows(2).all(|w| w[0].1 == w[1].0)
        } else {
            sorted.len() == 1 || sorted.iter().map(|s| s.1).max().unwrap_or(0) - first.0 <= window
        }
    }
}

/// Whether one span per piece can be chosen from `spans`, after those `chosen` so far, without
/// two overlapping, so that `fits` accepts them all.
fn choose(spans: &[Vec<Span>], chosen: &mut Vec<Span>, fits: &dyn Fn(&[Span]) -> bool) -> bool {
    let Some((options, rest)) = spans.split_first() else {
        return fits(chosen);
    };
    options.iter().any(|&(start, end)| {
        if chosen.iter().any(|&(s, e)| start < e && s < end) {
            return false;
        }
        chosen.push((start, end));
        let ok = choose(rest, chosen, fits);
        chosen.pop();
        ok
    })
}

fn sequence(
    raw: &str,
    lang: &str,
    lists: &WordLists,
    analyzer: Analyzer,
    unspaced: bool,
    depth: usize,
) -> Result<Vec<Element>, PatternError> {
    let mut out = Vec::new();
    for token in tokens(raw) {
        if token == "..." {
            out.push(Element::Gap(if unspaced { GAP_CHARS } else { GAP_WORDS }));
        } else if token.contains('{') {
            // Word lists, alone or among alternatives: `{home}`, `{home}|{vehicle}|door`.
            let mut alternatives = Vec::new();
            for alt in token.split('|') {
                match alt.strip_prefix('{') {
                    Some(name) => {
                        let name = name
                            .strip_suffix('}')
                            .filter(|n| !n.is_empty() && !n.contains(['{', '}']))
                            .ok_or_else(|| PatternError::Syntax(token.clone()))?;
                        if depth >= MAX_DEPTH {
                            return Err(PatternError::TooDeep(name.to_owned()));
                        }
                        let phrases = lists.get(name).ok_or_else(|| PatternError::UnknownList {
                            name: name.to_owned(),
                            lang: lang.to_owned(),
                        })?;
                        for phrase in phrases {
                            alternatives.push(sequence(
                                phrase,
                                lang,
                                lists,
                                analyzer,
                                unspaced,
                                depth + 1,
                            )?);
                        }
                    }
                    None => {
                        let w = word(alt, analyzer, unspaced)
                            .ok_or_else(|| PatternError::Syntax(token.clone()))?;
                        alternatives.push(vec![Element::Word(vec![w])]);
                    }
                }
            }
            out.push(Element::List(alternatives));
        } else {
            let mut words = Vec::new();
            for alt in token.split('|') {
                words.push(
                    word(alt, analyzer, unspaced)
                        .ok_or_else(|| PatternError::Syntax(token.clone()))?,
                );
            }
            out.push(Element::Word(words));
        }
    }
    if out.is_empty() {
        return Err(PatternError::Empty);
    }
    Ok(out)
}

/// The pattern's tokens: words, `...` and `{name}`, split on spaces (`...` also where it touches
/// a word: `a...b`).
fn tokens(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in raw.split_whitespace() {
        let mut rest = chunk;
        while let Some(i) = rest.find("...") {
            if i > 0 {
                out.push(rest[..i].to_owned());
            }
            out.push("...".to_owned());
            rest = &rest[i + 3..];
        }
        if !rest.is_empty() {
            out.push(rest.to_owned());
        }
    }
    out
}

fn word(raw: &str, analyzer: Analyzer, unspaced: bool) -> Option<Word> {
    let (exact, raw) = match raw.strip_prefix('=') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (prefix, raw) = match raw.strip_suffix('*') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if raw.is_empty() || raw.contains(['*', '=', '{', '}', '!', '~', '^', '$']) || (exact && prefix)
    {
        return None;
    }
    let form = word_form(raw);
    if form.is_empty() {
        return None;
    }
    Some(if prefix {
        Word::Prefix(form)
    } else if exact || unspaced {
        Word::Exact(form)
    } else {
        Word::Stem(analyzer.term(&form))
    })
}

/// A word as notices compare it: normalized, folded, apostrophes removed.
fn word_form(word: &str) -> String {
    fold(word)
        .chars()
        .filter(|c| !is_apostrophe(*c) && !c.is_whitespace())
        .collect()
}

/// A question as patterns read it: its words (with their inner apostrophes dropped, folded) and
/// its characters without spaces, and the words' stems per analyzer, made when first asked for.
#[derive(Debug)]
pub struct Question {
    words: Vec<String>,
    chars: Vec<char>,
    stems: RefCell<HashMap<Analyzer, Vec<String>>>,
}

impl Question {
    /// `text` read for matching: [`normalize`]d, cut into words at anything that is not a letter,
    /// digit or mark (an apostrophe between two letters stays inside its word), folded; its
    /// characters are its letters, digits and marks, folded.
    pub fn new(text: &str) -> Question {
        let text = normalize(text);
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut current = String::new();
        for (i, c) in chars.iter().enumerate() {
            let inner_apostrophe = is_apostrophe(*c)
                && !current.is_empty()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(*c) {
                current.push(*c);
            } else if !inner_apostrophe && !current.is_empty() {
                words.push(word_form(&current));
                current.clear();
            }
        }
        if !current.is_empty() {
            words.push(word_form(&current));
        }
        words.retain(|w| !w.is_empty());
        Question {
            words,
            chars: fold(&text)
                .chars()
                .filter(|c| {
                    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(*c)
                })
                .collect(),
            stems: RefCell::new(HashMap::new()),
        }
    }

    /// The question's words, as patterns compare them.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    fn stem(&self, analyzer: Analyzer, i: usize) -> String {
        let mut stems = self.stems.borrow_mut();
        let all = stems
            .entry(analyzer)
            .or_insert_with(|| self.words.iter().map(|w| analyzer.term(w)).collect());
        all[i].clone()
    }
}

fn word_matches(word: &Word, q: &Question, i: usize, analyzer: Analyzer) -> bool {
    match word {
        Word::Exact(w) => q.words[i] == *w,
        Word::Prefix(p) => q.words[i].starts_with(p.as_str()),
        Word::Stem(s) => q.stem(analyzer, i) == *s,
    }
}

/// Every position just after a match of `seq` starting at word `start`.
fn ends_words(seq: &[Element], start: usize, analyzer: Analyzer, q: &Question) -> Vec<usize> {
    let Some((first, rest)) = seq.split_first() else {
        return vec![start];
    };
    let after: Vec<usize> = match first {
        Element::Word(words) => {
            if start < q.words.len() && words.iter().any(|w| word_matches(w, q, start, analyzer)) {
                vec![start + 1]
            } else {
                Vec::new()
            }
        }
        Element::List(alternatives) => alternatives
            .iter()
            .flat_map(|alt| ends_words(alt, start, analyzer, q))
            .collect(),
        Element::Gap(max) => (start..=(start + max).min(q.words.len())).collect(),
    };
    let mut out: Vec<usize> = after
        .into_iter()
        .flat_map(|next| ends_words(rest, next, analyzer, q))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Every character position just after a match of `seq` starting at character `start`.
fn ends_chars(seq: &[Element], chars: &[char], start: usize) -> Vec<usize> {
    let Some((first, rest)) = seq.split_first() else {
        return vec![start];
    };
    let after: Vec<usize> = match first {
        Element::Word(words) => words
            .iter()
            .filter_map(|w| {
                let (Word::Exact(s) | Word::Prefix(s) | Word::Stem(s)) = w;
                let s: Vec<char> = s.chars().collect();
                chars[start.min(chars.len())..]
                    .starts_with(&s)
                    .then_some(start + s.len())
            })
            .collect(),
        Element::List(alternatives) => alternatives
            .iter()
            .flat_map(|alt| ends_chars(alt, chars, start))
            .collect(),
        Element::Gap(max) => (start..=(start + max).min(chars.len())).collect(),
    };
    let mut out: Vec<usize> = after
        .into_iter()
        .flat_map(|next| ends_chars(rest, chars, next))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> WordLists {
        BTreeMap::from([
            (
                "not".to_owned(),
                vec!["not".into(), "isn't".into(), "no longer".into()],
            ),
            (
                "home".to_owned(),
                vec!["house".into(), "home".into(), "apartment".into()],
            ),
            ("place".to_owned(), vec!["my {home}".into()]),
            ("loop".to_owned(), vec!["{loop}".into()]),
        ])
    }

    fn matches(pattern: &str, lang: &str, question: &str) -> bool {
        Pattern::compile(pattern, lang, &lists())
            .unwrap()
            .matches(&Question::new(question))
    }

    #[test]
    fn plain_words_match_in_order_next_to_each_other_folded() {
        assert!(matches("house is on fire", "en", "My HOUSE is on fire!"));
        assert!(!matches("house is on fire", "en", "is the house on fire"));
        assert!(!matches("house fire", "en", "house is on fire"));
        assert!(matches("dónde está", "es", "¿Donde esta el baño?"));
    }

    #[test]
    fn words_match_their_inflections_in_languages_with_a_stemmer() {
        assert!(matches("not breathe", "en", "he is not breathing"));
        assert!(matches("пожар", "ru", "в доме пожара нет")); // the stem, whatever is around it
        assert!(!matches("=fire", "en", "shots fired"));
        assert!(matches("fire", "en", "shots fired"));
    }

    #[test]
    fn prefixes_alternatives_and_lists() {
        assert!(matches("gub*", "so", "guriga wuu gubanayaa"));
        assert!(matches(
            "{home} is burning|smoking",
            "en",
            "the apartment is smoking"
        ));
        assert!(matches("{not} breathing", "en", "my dad isn't breathing"));
        assert!(matches("{not} breathing", "en", "my dad isn’t breathing"));
        assert!(matches(
            "{not} breathing",
            "en",
            "he is no longer breathing"
        ));
        assert!(!matches("{not} breathing", "en", "breathing problems"));
        assert!(matches("{place} on fire", "en", "my house on fire"));
        assert!(matches("into {home}|car", "en", "broke into apartment"));
        assert!(matches("into {home}|car", "en", "broke into car"));
        assert!(!matches("into {home}|car", "en", "broke into truck"));
    }

    #[test]
    fn gaps_and_parts_in_any_order() {
        assert!(matches(
            "breaking into ... car",
            "en",
            "someone is breaking into my neighbor's car"
        ));
        assert!(!matches(
            "breaking into ... car",
            "en",
            "breaking into the back of a big old blue car"
        ));
        assert!(matches("пожар & дома|дом", "ru", "у меня дома пожар"));
        assert!(matches("пожар & дома|дом", "ru", "пожар в доме"));
        assert!(!matches("пожар & дома|дом", "ru", "пожарная станция"));
        assert!(matches("fire & !station", "en", "fire in the hall"));
        assert!(!matches("fire & !station", "en", "fire station tours"));
    }

    #[test]
    fn pieces_of_a_group_match_in_any_order_within_a_window() {
        // The pronoun before the verb or after it; the noun first or last.
        assert!(matches("мене ~ б'є", "uk", "чоловік мене б'є"));
        assert!(matches("мене ~ б'є", "uk", "мій чоловік б'є мене"));
        assert!(matches("дым ~ квартира", "ru", "в квартире дым"));
        assert!(matches("дым ~ квартира", "ru", "дым в квартире"));
        assert!(matches(
            "dab ~ guri* ~ kac*",
            "so",
            "dab ayaa gurigayga ka kacay"
        ));
        assert!(matches(
            "dab ~ guri* ~ kac*",
            "so",
            "gurigayga dab ayaa ka kacay"
        ));
        // Every piece, each on words of its own.
        assert!(!matches("dab ~ guri* ~ kac*", "so", "dab ayaa ka kacay"));
        assert!(!matches("пожар ~ пожар", "ru", "пожар"));
        assert!(matches("пожар ~ пожар", "ru", "пожар пожар"));
        // Too far apart: more than ten words from the first to the last.
        assert!(!matches(
            "smoke ~ {home}",
            "en",
            "my house is nice but when the neighbors burn leaves the smoke is bad"
        ));
        assert!(matches(
            "see ~ flames",
            "en",
            "smoke alarm going off and i can see flames"
        ));
        // A piece keeps its own order and gaps.
        assert!(matches(
            "not breathing ~ {home}",
            "en",
            "in my house he is not breathing"
        ));
        assert!(!matches(
            "not breathing ~ {home}",
            "en",
            "breathing not in my house"
        ));
        // A group may be negated, and combines with `&`.
        assert!(matches(
            "fire ~ {home} & !safety ~ tips",
            "en",
            "fire in the house"
        ));
        assert!(!matches(
            "fire ~ {home} & !safety ~ tips",
            "en",
            "house fire tips for safety"
        ));
    }

    #[test]
    fn anchors_hold_a_match_to_the_ends_of_the_question() {
        assert!(matches("^ =fire $", "en", "Fire!!!"));
        assert!(!matches("^ =fire $", "en", "fire station"));
        assert!(matches("^ пожар ~ помогите $", "ru", "пожар, помогите!"));
        assert!(matches("^ пожар ~ помогите $", "ru", "помогите пожар"));
        assert!(!matches(
            "^ пожар ~ помогите $",
            "ru",
            "пожар в гараже помогите"
        ));
        assert!(!matches("^ =fire ~ help $", "en", "fire department help"));
        assert!(matches("^ help", "en", "help my dad"));
        assert!(!matches("^ help", "en", "my dad needs help"));
        assert!(matches("fire $", "en", "my kitchen fire"));
        assert!(!matches("fire $", "en", "fire station"));
        assert!(matches("^ 火 $", "zh-hans", "火！"));
        assert!(matches("^ 火 ~ 救命 $", "zh-hans", "救命！火！"));
        assert!(!matches("^ 火 $", "zh-hans", "火车"));
        assert!(matches("楼道 ~ 很多烟", "zh-hans", "楼道里有很多烟"));
        assert!(matches("楼道 ~ 很多烟", "zh-hans", "很多烟在楼道里"));
    }

    #[test]
    fn unspaced_patterns_match_characters() {
        assert!(matches("着火|失火", "zh-hans", "我家着火了"));
        assert!(matches("我家 ... 着火", "zh-hans", "我家厨房着火了"));
        assert!(!matches("我家着火", "zh-hans", "我家厨房着火了"));
        assert!(matches("불이 났어요", "ko", "집에 불이났어요"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        let compile = |p: &str| Pattern::compile(p, "en", &lists()).err();
        assert_eq!(compile(""), Some(PatternError::Empty));
        assert_eq!(compile("..."), Some(PatternError::Empty));
        assert!(matches!(
            compile("{nothing} here"),
            Some(PatternError::UnknownList { .. })
        ));
        assert!(matches!(compile("{home"), Some(PatternError::Syntax(_))));
        assert!(matches!(compile("fi*re"), Some(PatternError::Syntax(_))));
        assert!(matches!(compile("a||b"), Some(PatternError::Syntax(_))));
        assert!(matches!(compile("!fire"), Some(PatternError::Syntax(_))));
        assert!(matches!(compile("{loop}"), Some(PatternError::TooDeep(_))));
        assert_eq!(compile("fire ~ ~ help"), Some(PatternError::Empty));
        assert_eq!(compile("^ $"), Some(PatternError::Empty));
        assert!(matches!(
            compile("fire ^ now"),
            Some(PatternError::Syntax(_))
        ));
        assert!(matches!(
            compile("fire $ now"),
            Some(PatternError::Syntax(_))
        ));
    }

    #[test]
    fn question_words_keep_their_inner_apostrophes_without_them() {
        assert_eq!(
            Question::new("He isn’t breathing, it's bad").words(),
            ["he", "isnt", "breathing", "its", "bad"]
        );
        assert_eq!(Question::new("мене б'ють").words(), ["мене", "бють"]);
    }
}
