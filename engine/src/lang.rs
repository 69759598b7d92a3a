//! The language of a question: the script decides when it can (Han, Hangul, kana, Cyrillic,
//! Arabic, Devanagari, Khmer, Lao), then the signs of Latin-script languages, then whatlang
//! limited to the city's languages. `None` when unsure: the caller falls back to the reader's
//! language (`lang` parameter or page locale).

use config::{Lang, Script};

use crate::words;

/// The detected language of `query`, one of the city's languages ([`config::LANGS`]), or `None`
/// when the text does not say: no letter of Latin or of the scripts above; Latin-script words
/// with no telling letter or function word and fewer than 24 letters; or text whatlang cannot
/// place.
pub fn detect(query: &str) -> Option<Lang> {
    let by = |tag: &str| Lang::by_tag(tag);
    let mut counts = Scripts::default();
    for c in query.chars() {
        counts.add(c);
    }
    if counts.kana > 0 {
        return by("ja");
    }
    if counts.hangul > 0 {
        return by("ko");
    }
    if counts.han > 0 {
        return config::detect_text(&query.repeat(4))
            .filter(|l| l.tag.starts_with("zh"))
            .or_else(|| by("zh-hans"));
    }
    if counts.lao > 0 {
        return by("lo");
    }
    if counts.khmer > 0 {
        return by("km");
    }
    if counts.devanagari > 0 {
        return by("ne");
    }
    if counts.arabic > 0 {
        return by("ar");
    }
    if counts.cyrillic > counts.latin {
        let lower = query.to_lowercase();
        let ukrainian = lower.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
        let russian = lower.chars().any(|c| matches!(c, 'ы' | 'э' | 'ъ' | 'ё'));
        return match (ukrainian, russian) {
            (true, false) => by("uk"),
            (false, true) => by("ru"),
            _ => words::vote(query, &["ru", "uk"]).or_else(|| by("ru")),
        };
    }
    if counts.latin == 0 {
        return None;
    }
    latin(query)
}

/// Latin-script questions: Vietnamese by its letters, Spanish by its marks, then function words,
/// then whatlang for longer text.
fn latin(query: &str) -> Option<Lang> {
    let lower = query.to_lowercase();
    if lower.chars().any(is_vietnamese_letter) {
        return Lang::by_tag("vi");
    }
    if lower.chars().any(|c| matches!(c, '¿' | '¡' | 'ñ')) {
        return Lang::by_tag("es");
    }
    if let Some(lang) = words::vote(query, &["en", "es", "vi", "so", "ro", "fil"]) {
        return Some(lang);
    }
    let letters = query.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 24 {
        config::detect_text(query)
    } else {
        None
    }
}

/// Letters only Vietnamese uses among the city's Latin-script languages.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(c, 'ơ' | 'ư' | 'ă' | 'đ' | 'ạ'..='ỹ')
}

#[derive(Default)]
struct Scripts {
    latin: usize,
    cyrillic: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    arabic: usize,
    devanagari: usize,
    khmer: usize,
    lao: usize,
}

impl Scripts {
    fn add(&mut self, c: char) {
        match Script::of(c) {
            Script::Latin => self.latin += 1,
            Script::Cyrillic => self.cyrillic += 1,
            Script::Han => self.han += 1,
            Script::Kana => self.kana += 1,
            Script::Hangul => self.hangul += 1,
            Script::Arabic => self.arabic += 1,
            Script::Devanagari => self.devanagari += 1,
            Script::Khmer => self.khmer += 1,
            Script::Lao => self.lao += 1,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    fn tag(q: &str) -> Option<&'static str> {
        detect(q).map(|l| l.tag)
    }

    #[test]
    fn scripts_decide_first() {
        assert_eq!(tag("我的垃圾没有被收走"), Some("zh-hans"));
        assert_eq!(tag("ごみの日"), Some("ja"));
        assert_eq!(tag("쓰레기 수거"), Some("ko"));
        assert_eq!(tag("مشكلة في القمامة"), Some("ar"));
        assert_eq!(tag("फोहोर संकलन"), Some("ne"));
    }

    #[test]
    fn russian_and_ukrainian_by_their_letters_and_words() {
        assert_eq!(tag("кто вывозит мой мусор"), Some("ru"));
        assert_eq!(tag("скарга на феєрверки"), Some("uk"));
        assert_eq!(tag("жалоба на снос палаточного лагеря"), Some("ru"));
    }

    #[test]
    fn latin_languages_by_letters_and_function_words() {
        assert_eq!(tag("ai thu gom rác của tôi"), Some("vi"));
        assert_eq!(tag("¿quién recoge mi basura?"), Some("es"));
        assert_eq!(tag("coche abandonado en mi calle"), Some("es"));
        assert_eq!(tag("cabasho ku saabsan rashka"), Some("so"));
        assert_eq!(tag("my garbage wasn't picked up"), Some("en"));
    }

    #[test]
    fn unsure_when_the_words_do_not_say() {
        assert_eq!(tag("pbot"), None);
        assert_eq!(tag("123"), None);
    }
}
