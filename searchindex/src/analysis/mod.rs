//! Text analysis shared by the indexer and the search API, so a query is analysed exactly like
//! the text it should match.
//!
//! Every document is indexed twice per text field: once with [`Analyzer::Exact`] (words as
//! written, lowercased) and once with its language's analyzer (a Snowball stemmer where the
//! Snowball project has one, through the `frostem` crate; a light stemmer of our own for
//! Ukrainian, which Snowball lacks; diacritic folding for Latin and Greek letters). Matches on the
//! exact field score higher, so the form a resident typed is preferred while its inflections and
//! unaccented spellings still match. Text with Chinese characters is indexed a third time, by
//! characters and character bigrams ([`Analyzer::HanChars`]).
//!
//! Words are found the same way by every analyzer ([`segment`]): runs of letters and digits in
//! spaced scripts (runs longer than 80 bytes are dropped), with acronyms (`A.D.U.`), phone
//! numbers (`503-823-7202`) and Cyrillic words with apostrophes (`зв'язатися`) kept whole; Han
//! runs cut into words by jieba (search mode, so compounds also yield their parts); and runs of
//! kana, Hangul, Thai, Lao, Khmer and Myanmar cut into overlapping character bigrams
//! ([`config::Script::is_unspaced`]). Before any analyzer sees a word it is put in one spelling
//! ([`normalize`]: NFKC, invisible characters removed, one apostrophe), and the punctuation
//! inside it goes, so `ＰＯＴＨＯＬＥ`, `pot\u{AD}hole` and `pothole` are one term, as are
//! `P.B.O.T.` and `PBOT`, and `(503) 823-7202` and `5038237202`.

mod fold;
mod normalize;
pub mod segment;
mod stem_uk;

use std::borrow::Cow;

use config::Lang;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;

pub use fold::{fold, lower};
pub use normalize::{is_apostrophe, is_invisible, normalize};
pub use segment::warm_up;

/// One way of turning text into index terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// Lowercased words as written: the exact form.
    Exact,
    /// Lowercased and diacritic-folded ([`fold`]), no stemming: Vietnamese, Somali, Chinese,
    /// Khmer, ... and any language without a stemmer, or text of unknown language.
    Folded,
    /// Folded, then Snowball's English (Porter2) stemmer.
    English,
    /// Lowercased, Snowball's Spanish stemmer, then folded.
    Spanish,
    /// Folded (`ё` as `е`), then Snowball's Russian stemmer.
    Russian,
    /// Lowercased, then our own light Ukrainian stemmer: the longest of its inflectional endings
    /// removed while at least three letters remain.
    Ukrainian,
    /// Lowercased with the cedilla letters `ş`, `ţ` written as the comma-below `ș`, `ț`, Snowball's
    /// Romanian stemmer, then folded.
    Romanian,
    /// Lowercased, then Snowball's Arabic stemmer.
    Arabic,
    /// Lowercased, then Snowball's Nepali stemmer.
    Nepali,
    /// Not words but the characters and character bigrams of Han text ([`segment::han_grams`]),
    /// in fields of their own so Chinese documents keep their word statistics in the others: what
    /// lets a Chinese question find text that contains it however jieba cut that text. Text
    /// without Han characters has no terms here.
    HanChars,
}

impl Analyzer {
    /// Every analyzer, in field order.
    pub const ALL: [Analyzer; 10] = [
        Analyzer::Exact,
        Analyzer::Folded,
        Analyzer::English,
        Analyzer::Spanish,
        Analyzer::Russian,
        Analyzer::Ukrainian,
        Analyzer::Romanian,
        Analyzer::Arabic,
        Analyzer::Nepali,
        Analyzer::HanChars,
    ];

    /// The name it is registered under in tantivy, also the suffix of its fields.
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::Exact => "exact",
            Analyzer::Folded => "folded",
            Analyzer::English => "en",
            Analyzer::Spanish => "es",
            Analyzer::Russian => "ru",
            Analyzer::Ukrainian => "uk",
            Analyzer::Romanian => "ro",
            Analyzer::Arabic => "ar",
            Analyzer::Nepali => "ne",
            Analyzer::HanChars => "han",
        }
    }

    /// The language analyzer for text in `lang`: the stemming one for English, Spanish, Russian,
    /// Ukrainian, Romanian, Arabic and Nepali, [`Analyzer::Folded`] for the other languages and
    /// for `None` (language unknown).
    pub fn for_lang(lang: Option<Lang>) -> Analyzer {
        match lang.map(|l| l.tag) {
            Some("en") => Analyzer::English,
            Some("es") => Analyzer::Spanish,
            Some("ru") => Analyzer::Russian,
            Some("uk") => Analyzer::Ukrainian,
            Some("ro") => Analyzer::Romanian,
            Some("ar") => Analyzer::Arabic,
            Some("ne") => Analyzer::Nepali,
            _ => Analyzer::Folded,
        }
    }

    /// The term for one word (a piece the segmenter cut) as this analyzer indexes it; may be
    /// empty. The word is put in one spelling first ([`word_form`]).
    pub fn term(self, word: &str) -> String {
        let word = word_form(word);
        let word = word.as_ref();
        match self {
            Analyzer::Exact => lower(word),
            Analyzer::Folded => fold(word),
            Analyzer::English => snowball(frostem::Algorithm::English, &fold(word)),
            Analyzer::Spanish => fold(&snowball(frostem::Algorithm::Spanish, &lower(word))),
            Analyzer::Romanian => fold(&snowball(
                frostem::Algorithm::Romanian,
                &lower(word).replace('ş', "ș").replace('ţ', "ț"),
            )),
            Analyzer::Russian => snowball(frostem::Algorithm::Russian, &fold(word)),
            Analyzer::Ukrainian => stem_uk::stem(&lower(word)),
            Analyzer::Arabic => snowball(frostem::Algorithm::Arabic, &lower(word)),
            Analyzer::Nepali => snowball(frostem::Algorithm::Nepali, &lower(word)),
            Analyzer::HanChars => lower(word),
        }
    }

    /// Tokens of the words of `text` ([`segment::segment`]), in order: each term with the byte
    /// offsets of its word in `text` and its position. Words whose term is empty are skipped.
    /// What a question is made of.
    pub fn tokens(self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        if self == Analyzer::HanChars {
            segment::han_grams(text, |piece| self.push(&mut out, &piece));
        } else {
            segment::segment(text, |piece| self.push(&mut out, &piece));
        }
        out
    }

    /// [`Analyzer::tokens`] with the extra pieces a document is indexed with
    /// ([`segment::segment_for_index`]): the local parts of phone numbers.
    pub fn index_tokens(self, text: &str) -> Vec<Token> {
        if self == Analyzer::HanChars {
            return self.tokens(text);
        }
        let mut out = Vec::new();
        segment::segment_for_index(text, |piece| self.push(&mut out, &piece));
        out
    }

    fn push(self, out: &mut Vec<Token>, piece: &segment::Piece) {
        let term = self.term(piece.text);
        if !term.is_empty() {
            out.push(Token {
                offset_from: piece.from,
                offset_to: piece.to,
                position: piece.position,
                text: term,
                position_length: 1,
            });
        }
    }

    /// Just the terms of `text`, in order.
    pub fn terms(self, text: &str) -> Vec<String> {
        self.tokens(text).into_iter().map(|t| t.text).collect()
    }
}

/// A word in the one spelling every analyzer starts from: [`normalize`]d, without the
/// punctuation a word can hold (the apostrophe of `зв'язатися`, the dots of `A.D.U.`, the
/// separators of `503-823-7202`), and a phone number with the country code `1` without it. Plain
/// ASCII letters and digits come back borrowed.
pub fn word_form(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return strip_country_code(Cow::Borrowed(word));
    }
    let kept: String = normalize(word)
        .chars()
        .filter(|c| c.is_alphanumeric() || is_combining_mark(*c))
        .collect();
    strip_country_code(Cow::Owned(kept))
}

/// `15038237202` is `5038237202`: eleven digits starting with the North American country code.
fn strip_country_code(word: Cow<'_, str>) -> Cow<'_, str> {
    if word.len() == 11 && word.starts_with('1') && word.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Owned(word[1..].to_owned());
    }
    word
}

fn snowball(algorithm: frostem::Algorithm, word: &str) -> String {
    thread_local! {
        static STEMMERS: std::cell::RefCell<Vec<(frostem::Algorithm, frostem::Stemmer)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    STEMMERS.with(|cell| {
        let mut stemmers = cell.borrow_mut();
        let index = match stemmers.iter().position(|(a, _)| *a == algorithm) {
            Some(i) => i,
            None => {
                stemmers.push((algorithm, frostem::Stemmer::new(algorithm)));
                stemmers.len() - 1
            }
        };
        stemmers[index].1.stem(word).into_owned()
    })
}

/// The analyzer as a tantivy tokenizer: what documents are indexed with
/// ([`Analyzer::index_tokens`]). Questions never pass through it; the engine builds its terms
/// with [`Analyzer::term`].
#[derive(Clone)]
pub(crate) struct CityTokenizer(pub Analyzer);

/// The tokens of one text, handed to tantivy one at a time.
pub(crate) struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

impl Tokenizer for CityTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: self.0.index_tokens(text),
            index: 0,
        }
    }
}

/// Registers every analyzer on `index` under its [`Analyzer::name`], the tokenizer names
/// [`crate::schema::build_schema`] gives its text fields. [`crate::IndexDir`] does this for every
/// index it opens or creates; call it for an index made otherwise (in RAM, for a test).
pub fn register(index: &tantivy::Index) {
    for analyzer in Analyzer::ALL {
        index.tokenizers().register(
            analyzer.name(),
            tantivy::tokenizer::TextAnalyzer::from(CityTokenizer(analyzer)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Option<Lang> {
        Lang::by_tag(tag)
    }

    #[test]
    fn a_spanish_plural_meets_its_singular() {
        let es = Analyzer::for_lang(lang("es"));
        assert_eq!(es.terms("permisos"), es.terms("permiso"));
        assert_eq!(es.terms("árboles"), es.terms("arbol"));
    }

    #[test]
    fn a_russian_inflection_meets_its_stem() {
        let ru = Analyzer::for_lang(lang("ru"));
        assert_eq!(ru.terms("мусора"), ru.terms("мусор"));
        assert_eq!(ru.terms("вывозит"), ru.terms("вывозить"));
    }

    #[test]
    fn english_stems_and_exact_does_not() {
        let en = Analyzer::for_lang(lang("en"));
        assert_eq!(en.terms("Permits parking"), en.terms("permit parked"));
        assert_ne!(
            Analyzer::Exact.terms("permits"),
            Analyzer::Exact.terms("permit")
        );
    }

    #[test]
    fn vietnamese_without_diacritics_meets_the_written_form() {
        let vi = Analyzer::for_lang(lang("vi"));
        assert_eq!(vi, Analyzer::Folded);
        assert_eq!(vi.terms("xe bi bo roi"), vi.terms("xe bị bỏ rơi"));
        assert_ne!(
            Analyzer::Exact.terms("xe bi bo roi"),
            Analyzer::Exact.terms("xe bị bỏ rơi")
        );
    }

    #[test]
    fn chinese_text_without_spaces_has_words() {
        let terms = Analyzer::for_lang(lang("zh-hans")).terms("谁收我的垃圾");
        assert!(terms.contains(&"垃圾".to_owned()), "{terms:?}");
    }

    #[test]
    fn ukrainian_and_nepali_have_stemming() {
        let uk = Analyzer::for_lang(lang("uk"));
        assert_eq!(uk.terms("феєрверків"), uk.terms("феєрверки"));
        let ne = Analyzer::for_lang(lang("ne"));
        assert_eq!(ne, Analyzer::Nepali);
        assert!(!ne.terms("नेपालीहरू").is_empty());
    }

    #[test]
    fn unknown_language_gets_the_folded_analyzer() {
        assert_eq!(Analyzer::for_lang(None), Analyzer::Folded);
        assert_eq!(
            Analyzer::Folded.terms("Soomaali GURIGA"),
            ["soomaali", "guriga"]
        );
    }

    #[test]
    fn compatibility_forms_and_invisible_characters_make_the_same_terms() {
        for a in Analyzer::ALL {
            assert_eq!(
                a.terms("ｐｏｔｈｏｌｅ ３１１"),
                a.terms("pothole 311"),
                "{a:?}"
            );
            for hidden in ["pot\u{200B}hole", "pot\u{AD}hole", "pot\u{2060}hole"] {
                assert_eq!(a.terms(hidden), a.terms("pothole"), "{a:?} {hidden:?}");
            }
        }
        let vi = Analyzer::Exact;
        assert_eq!(vi.terms("o\u{0302}\u{0309} ga\u{0300}"), vi.terms("ổ gà"));
    }

    #[test]
    fn every_apostrophe_makes_the_same_ukrainian_word() {
        let uk = Analyzer::for_lang(lang("uk"));
        let plain = uk.terms("зв'язатися");
        assert_eq!(plain.len(), 1);
        for spelling in ["звʼязатися", "зв’язатися", "звязатися"] {
            assert_eq!(uk.terms(spelling), plain, "{spelling}");
            assert_eq!(
                Analyzer::Exact.terms(spelling),
                Analyzer::Exact.terms("зв'язатися")
            );
        }
    }

    #[test]
    fn acronyms_and_phone_numbers_have_one_term_however_written() {
        let en = Analyzer::for_lang(lang("en"));
        assert_eq!(en.terms("A.D.U. permit"), en.terms("ADU permit"));
        assert_eq!(Analyzer::Exact.terms("P.B.O.T."), ["pbot"]);
        for spelling in [
            "503-823-7202",
            "(503) 823-7202",
            "503.823.7202",
            "1 503 823 7202",
            "+1-503-823-7202",
        ] {
            assert_eq!(
                Analyzer::Exact.terms(spelling),
                ["5038237202"],
                "{spelling}"
            );
        }
    }

    #[test]
    fn normalize_puts_a_question_in_one_spelling() {
        assert_eq!(normalize("ＰＢＯＴ ３１１"), "PBOT 311");
        assert_eq!(normalize("pot\u{200B}hole"), "pothole");
        assert_eq!(normalize("it’s зв´язатися"), "it's зв'язатися");
        assert_eq!(normalize("o\u{0302}\u{0309}"), "ổ");
        assert!(matches!(normalize("plain text"), Cow::Borrowed(_)));
    }
}
