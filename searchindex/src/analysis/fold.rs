//! Case and diacritic folding: what lets `rac` find `rác` and `senal` find `señal`.

use config::Script;

use super::normalize::normalize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercases `word` by Unicode's lowercase mapping, character by character.
pub fn lower(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).collect()
}

/// Lowercases and removes diacritics from Latin and Greek letters (`Tiếng Việt` → `tieng viet`,
/// `đ` → `d`, `ß` → `ss`), and folds Cyrillic `ё` to `е` (keeping `й`). Other scripts keep their
/// marks: in Devanagari or Arabic they are part of the letters. The text is [`normalize`]d first
/// (compatibility forms, invisible characters, one apostrophe `'`). The result is in NFC.
pub fn fold(word: &str) -> String {
    // ASCII has no marks, compatibility forms or invisible characters: folding it is lowercasing
    // it, except for the backtick, which `normalize` writes as an apostrophe.
    if word.is_ascii() && !word.contains('`') {
        return word.to_ascii_lowercase();
    }
    fold_any(word)
}

/// [`fold`] for any text, character by character.
fn fold_any(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut base_is_latin = false;
    for c in normalize(word).nfd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            if base_is_latin {
                continue;
            }
            // Cyrillic ё = е + diaeresis; й = и + breve keeps its breve.
            if c == '\u{0308}' && out.ends_with('е') {
                continue;
            }
            out.push(c);
            continue;
        }
        base_is_latin = is_latin_or_greek(c);
        match c {
            'đ' => out.push('d'),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            'þ' => out.push_str("th"),
            _ => out.push(c),
        }
    }
    // Recompose what is left (Cyrillic й, Devanagari) so terms compare equal to NFC input.
    out.nfc().collect()
}

fn is_latin_or_greek(c: char) -> bool {
    matches!(Script::of(c), Script::Latin | Script::Greek)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_spanish_and_romanian() {
        assert_eq!(fold("Rác của tôi"), "rac cua toi");
        assert_eq!(fold("Đường"), "duong");
        assert_eq!(fold("señal"), "senal");
        assert_eq!(fold("ÁRBOL"), "arbol");
        assert_eq!(fold("știri"), "stiri");
    }

    #[test]
    fn keeps_cyrillic_short_i_but_folds_yo() {
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("мой"), "мой");
        assert_eq!(fold("Київ"), "київ");
    }

    #[test]
    fn ascii_folds_as_any_text_does() {
        let every: String = (0u8..128).map(char::from).collect();
        for text in [
            every.as_str(),
            "Pothole ON my STREET",
            "don`t",
            "A.D.U. 503-823-4000",
        ] {
            assert_eq!(fold(text), fold_any(text), "{text:?}");
        }
        for c in (0u8..128).map(char::from) {
            let text = format!("x{c}Y");
            assert_eq!(fold(&text), fold_any(&text), "{text:?}");
        }
    }

    #[test]
    fn leaves_devanagari_marks() {
        assert_eq!(fold("नेपाली"), "नेपाली");
    }
}
