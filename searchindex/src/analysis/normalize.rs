//! One spelling for text that looks the same: what lets `ｐｏｔｈｏｌｅ` find `pothole`,
//! `pot\u{200B}hole` find `pothole` and `звʼязатися` find `зв'язатися`.
//!
//! - Unicode compatibility normalization (NFKC, UAX #15): full-width and half-width forms,
//!   ligatures and other compatibility characters become their ordinary letters and digits, and
//!   decomposed letters (`o` + U+0302 + U+0309) become the composed ones (`ổ`).
//! - Invisible characters (the Unicode property `Default_Ignorable_Code_Point`: zero-width space,
//!   soft hyphen, word joiner, joiners, bidirectional marks, variation selectors...) are removed.
//! - The apostrophe family (`’`, `‘`, `ʼ`, `ʻ`, `ʹ`, `` ` ``, `´`, `′`) is written as `'`.
//!
//! The segmenter applies the same rules character by character, so documents and questions are
//! cut into the same words; [`normalize`] applies them to a whole question before its language
//! is judged and its rules are matched.

use std::borrow::Cow;

use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Whether `c` is invisible: Unicode's `Default_Ignorable_Code_Point` (from ICU4X's copy of the
/// Unicode Character Database), such as U+200B zero-width space, U+00AD soft hyphen, U+2060 word
/// joiner, U+200C/U+200D joiners and U+FEFF. Such characters change no word's meaning and are
/// removed.
pub fn is_invisible(c: char) -> bool {
    !c.is_ascii() && CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Whether `c` is one of the characters people type as an apostrophe: `'`, `’` (U+2019), `‘`
/// (U+2018), `ʼ` (U+02BC, the Ukrainian apostrophe), `ʻ` (U+02BB), `ʹ` (U+02B9), `` ` ``, `´` and
/// `′` (U+2032).
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '\u{02B9}'
            | '`'
            | '\u{00B4}'
            | '\u{2032}'
    )
}

/// `text` in NFKC with invisible characters removed and every apostrophe written `'`. Borrowed
/// when nothing changes (plain ASCII without a typographic apostrophe, the common case).
pub fn normalize(text: &str) -> Cow<'_, str> {
    let clean = text
        .chars()
        .all(|c| (c.is_ascii() && c != '`') || (!is_invisible(c) && !is_apostrophe(c)));
    if clean && (text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes) {
        return Cow::Borrowed(text);
    }
    // Apostrophes first: NFKC would turn the acute accent `´` into a space and a combining mark.
    let kept: String = text
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .nfkc()
        .collect();
    Cow::Owned(kept)
}
