//! A page's language: what its markup or headers declare, else what its text looks like, always
//! one of the city's languages (`config::LANGS`).

use config::{Lang, detect_text};

/// Everything a page says about its language, strongest first.
#[derive(Debug, Default, Clone, Copy)]
pub struct Declared<'a> {
    /// `<html lang>` (or `xml:lang`).
    pub html_lang: Option<&'a str>,
    /// The `Content-Language` header.
    pub content_language: Option<&'a str>,
    /// The `hreflang` of an alternate link pointing at the page itself.
    pub self_hreflang: Option<&'a str>,
}

/// The city language of a page: the first declaration that names one, else detected from `text`.
pub fn detect(declared: Declared<'_>, text: &str) -> Option<Lang> {
    let header = declared.content_language.filter(|v| !v.contains(',')); // a list names no single language
    [declared.html_lang, header, declared.self_hreflang]
        .into_iter()
        .flatten()
        .find_map(|tag| Lang::from_tag(tag).ok())
        .or_else(|| detect_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(declared: Declared<'_>, text: &str) -> Option<&'static str> {
        detect(declared, text).map(|l| l.tag)
    }

    #[test]
    fn markup_wins_over_text() {
        let d = Declared {
            html_lang: Some("es-MX"),
            content_language: Some("en"),
            ..Default::default()
        };
        assert_eq!(
            tag(d, "This text is plainly written in the English language."),
            Some("es")
        );
    }

    #[test]
    fn content_language_then_hreflang_when_markup_is_silent() {
        let d = Declared {
            content_language: Some("vi"),
            self_hreflang: Some("ru"),
            ..Default::default()
        };
        assert_eq!(tag(d, ""), Some("vi"));
        let d = Declared {
            content_language: Some("en, es"),
            self_hreflang: Some("ru"),
            ..Default::default()
        };
        assert_eq!(tag(d, ""), Some("ru"));
    }

    #[test]
    fn a_declared_language_the_city_does_not_serve_falls_back_to_text() {
        let d = Declared {
            html_lang: Some("de"),
            ..Default::default()
        };
        assert_eq!(
            tag(
                d,
                "Pay your water bill online or by phone, and set up automatic payments for the account."
            ),
            Some("en")
        );
    }
}
