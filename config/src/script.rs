//! Which writing system a character belongs to, from the Unicode Character Database (`Script` and
//! `Script_Extensions` properties, UAX #24) through the `unicode-script` crate. Every crate asks
//! here rather than keeping code-point ranges of its own: segmentation, folding, language
//! detection and phrase matching must agree on what counts as Han or Latin.

use std::sync::LazyLock;

use unicode_script::{Script as Ucd, UnicodeScript};

/// The writing systems firststop tells apart: those of the city's languages, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// English, Spanish, Vietnamese, Somali, Romanian, Filipino, Chuukese.
    Latin,
    /// Greek letters (folded like Latin: marks are removed).
    Greek,
    /// Russian and Ukrainian.
    Cyrillic,
    /// Chinese characters (also used in Japanese).
    Han,
    /// Japanese hiragana and katakana, including the prolonged sound mark and half-width forms.
    Kana,
    /// Korean.
    Hangul,
    /// Arabic.
    Arabic,
    /// Nepali.
    Devanagari,
    /// Thai.
    Thai,
    /// Lao.
    Lao,
    /// Khmer.
    Khmer,
    /// Burmese.
    Myanmar,
    /// Digits, punctuation, symbols and spaces shared by every script (`Common`, `Inherited`).
    Common,
    /// Any other script.
    Other,
}

impl Script {
    /// The script of `c`. A letter shared by several scripts (such as the prolonged sound mark
    /// `ー`, used by hiragana and katakana) takes the first of its script extensions that
    /// firststop knows, so it stays inside its word; shared punctuation (`。`) stays common.
    ///
    /// Code points below U+2000 (Latin, Greek, Cyrillic, Arabic, Devanagari, Thai, Lao, Myanmar,
    /// Khmer and Vietnamese's Latin Extended Additional) are answered from a table built once
    /// from the same lookup, since every word of every document passes through here.
    pub fn of(c: char) -> Script {
        match TABLE.get(c as usize) {
            Some(&script) => script,
            None => Script::lookup(c),
        }
    }

    /// `of` through the `unicode-script` tables (a binary search over ranges).
    fn lookup(c: char) -> Script {
        match from_ucd(c.script()) {
            Script::Common if c.is_alphabetic() => {
                let extensions = c.script_extension();
                if extensions.is_common() || extensions.is_inherited() {
                    return Script::Common;
                }
                extensions
                    .iter()
                    .map(from_ucd)
                    .find(|s| !matches!(s, Script::Common | Script::Other))
                    .unwrap_or(Script::Other)
            }
            script => script,
        }
    }

    /// Whether text in the script is segmented without relying on spaces: Han, kana, Thai, Lao,
    /// Khmer and Myanmar, written without spaces between words, and Hangul, although Korean
    /// separates words with spaces. Such text is cut by dictionary (Han) or into character
    /// bigrams, and a phrase in it matches by characters rather than words.
    pub fn is_unspaced(self) -> bool {
        matches!(
            self,
            Script::Han
                | Script::Kana
                | Script::Hangul
                | Script::Thai
                | Script::Lao
                | Script::Khmer
                | Script::Myanmar
        )
    }
}

/// How many code points, from U+0000, `TABLE` answers.
const TABLE_LEN: usize = 0x2000;

/// `Script::lookup` of each code point below `TABLE_LEN` (surrogates cannot occur: they start at
/// U+D800).
static TABLE: LazyLock<Vec<Script>> = LazyLock::new(|| {
    (0..TABLE_LEN as u32)
        .map(|code| char::from_u32(code).map_or(Script::Other, Script::lookup))
        .collect()
});

fn from_ucd(script: Ucd) -> Script {
    match script {
        Ucd::Latin => Script::Latin,
        Ucd::Greek => Script::Greek,
        Ucd::Cyrillic => Script::Cyrillic,
        Ucd::Han => Script::Han,
        Ucd::Hiragana | Ucd::Katakana => Script::Kana,
        Ucd::Hangul => Script::Hangul,
        Ucd::Arabic => Script::Arabic,
        Ucd::Devanagari => Script::Devanagari,
        Ucd::Thai => Script::Thai,
        Ucd::Lao => Script::Lao,
        Ucd::Khmer => Script::Khmer,
        Ucd::Myanmar => Script::Myanmar,
        Ucd::Common | Ucd::Inherited | Ucd::Unknown => Script::Common,
        _ => Script::Other,
    }
}

/// Whether `text` has any character of a script written without spaces between words.
pub fn has_unspaced(text: &str) -> bool {
    text.chars().any(|c| Script::of(c).is_unspaced())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_scripts_of_the_city_languages() {
        assert_eq!(Script::of('a'), Script::Latin);
        assert_eq!(Script::of('ệ'), Script::Latin);
        assert_eq!(Script::of('ж'), Script::Cyrillic);
        assert_eq!(Script::of('ї'), Script::Cyrillic);
        assert_eq!(Script::of('垃'), Script::Han);
        assert_eq!(Script::of('ご'), Script::Kana);
        assert_eq!(Script::of('ｺ'), Script::Kana);
        assert_eq!(Script::of('쓰'), Script::Hangul);
        assert_eq!(Script::of('ق'), Script::Arabic);
        assert_eq!(Script::of('न'), Script::Devanagari);
        assert_eq!(Script::of('ກ'), Script::Lao);
        assert_eq!(Script::of('ក'), Script::Khmer);
        assert_eq!(Script::of('က'), Script::Myanmar);
    }

    #[test]
    fn edges_hand_written_ranges_got_wrong() {
        // CJK compatibility ideographs and the iteration mark are Han.
        assert_eq!(Script::of('\u{F900}'), Script::Han);
        assert_eq!(Script::of('々'), Script::Han);
        // The prolonged sound mark belongs to kana words.
        assert_eq!(Script::of('ー'), Script::Kana);
        // Myanmar extended letters are Myanmar.
        assert_eq!(Script::of('\u{AA60}'), Script::Myanmar);
        // The multiplication sign sits among Latin letters but is a symbol.
        assert_eq!(Script::of('×'), Script::Common);
    }

    #[test]
    fn the_table_agrees_with_the_lookup() {
        for code in 0..TABLE_LEN as u32 + 16 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(Script::of(c), Script::lookup(c), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn digits_and_punctuation_are_common() {
        for c in ['3', ' ', '?', '-', '。'] {
            assert_eq!(Script::of(c), Script::Common, "{c:?}");
        }
    }

    #[test]
    fn unspaced_scripts() {
        assert!(has_unspaced("垃圾"));
        assert!(has_unspaced("쓰레기"));
        assert!(has_unspaced("ขยะ"));
        assert!(!has_unspaced("rác thải"));
        assert!(!has_unspaced("мусор 311"));
    }
}
