//! The languages the city serves, their tags, names and writing direction.

use std::fmt;

/// Reading direction of a language's script, as HTML's `dir` attribute names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right (`ltr`).
    Ltr,
    /// Right to left (`rtl`): Arabic.
    Rtl,
}

impl Direction {
    /// The value of HTML's `dir` attribute: `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One of the city's languages. Compare by tag; the table [`LANGS`] holds them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang {
    /// Canonical lowercase BCP 47 tag as used in file names and URLs: `en`, `zh-hans`.
    pub tag: &'static str,
    /// English name.
    pub name: &'static str,
    /// The language's own name for itself (its endonym), for language switchers: `Español`,
    /// `ភាសាខ្មែរ`. Lao, Khmer and Chuukese say "the language" with it (`ພາສາລາວ`, `ភាសាខ្មែរ`,
    /// `Kapasen Chuuk`): `ລາວ`, `ខ្មែរ` and `Chuuk` alone also name the people or the place.
    pub native: &'static str,
    /// Which way its script is read.
    pub dir: Direction,
}

const fn lang(tag: &'static str, name: &'static str, native: &'static str) -> Lang {
    Lang {
        tag,
        name,
        native,
        dir: Direction::Ltr,
    }
}

/// Portland's languages for City information, English first: 17 tags, Chinese in its Simplified
/// and Traditional scripts.
pub const LANGS: &[Lang] = &[
    lang("en", "English", "English"),
    lang("es", "Spanish", "Español"),
    lang("vi", "Vietnamese", "Tiếng Việt"),
    lang("zh-hans", "Chinese (Simplified)", "简体中文"),
    lang("zh-hant", "Chinese (Traditional)", "繁體中文"),
    lang("ru", "Russian", "Русский"),
    lang("uk", "Ukrainian", "Українська"),
    lang("so", "Somali", "Soomaali"),
    Lang {
        tag: "ar",
        name: "Arabic",
        native: "العربية",
        dir: Direction::Rtl,
    },
    lang("ja", "Japanese", "日本語"),
    lang("ko", "Korean", "한국어"),
    lang("ro", "Romanian", "Română"),
    lang("ne", "Nepali", "नेपाली"),
    lang("km", "Khmer", "ភាសាខ្មែរ"),
    lang("lo", "Lao", "ພາສາລາວ"),
    lang("fil", "Filipino", "Filipino"),
    lang("chk", "Chuukese", "Kapasen Chuuk"),
];

/// Why [`Lang::from_tag`] refused a language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagError {
    /// Not BCP 47 syntax (`en_US`, `e`, `english!`): the primary subtag is not 2 to 8 ASCII letters,
    /// or another subtag is empty, longer than 8 characters or not ASCII letters and digits.
    Malformed,
    /// Well-formed, but not one of the city's languages.
    Unknown,
}

impl Lang {
    /// English (`en`), the first of [`LANGS`].
    pub const ENGLISH: Lang = LANGS[0];

    /// The city language a BCP 47 tag names, ignoring case, surrounding spaces and subtags after
    /// the language: `en-US` is English, `zh-CN` and `zh-Hans` are Simplified Chinese, `zh-TW`,
    /// `zh-HK`, `zh-MO` and `zh-Hant` Traditional (any other `zh` Simplified), `tl` Filipino.
    ///
    /// # Errors
    /// [`TagError::Malformed`] when the tag is not BCP 47 syntax, [`TagError::Unknown`] when it is
    /// but names none of [`LANGS`].
    pub fn from_tag(tag: &str) -> Result<Lang, TagError> {
        let tag = tag.trim().to_ascii_lowercase();
        let subtags: Vec<&str> = tag.split('-').collect();
        let well_formed = subtags[0].len() >= 2
            && subtags[0].len() <= 8
            && subtags[0].chars().all(|c| c.is_ascii_alphabetic())
            && subtags[1..].iter().all(|s| {
                !s.is_empty() && s.len() <= 8 && s.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !well_formed {
            return Err(TagError::Malformed);
        }
        let primary = match subtags[0] {
            "zh" => match subtags.get(1).copied() {
                Some("hant" | "tw" | "hk" | "mo") => "zh-hant",
                _ => "zh-hans",
            },
            "tl" => "fil",
            other => other,
        };
        Lang::by_tag(primary).ok_or(TagError::Unknown)
    }

    /// Exact lookup of a canonical tag (`es`, `zh-hans`; case-sensitive); `None` for any other
    /// string.
    pub fn by_tag(tag: &str) -> Option<Lang> {
        LANGS.iter().copied().find(|l| l.tag == tag)
    }

    /// Whether it is Chinese (either script), Japanese or Korean.
    pub fn is_cjk(self) -> bool {
        matches!(self.tag, "zh-hans" | "zh-hant" | "ja" | "ko")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_regions_scripts_and_case() {
        assert_eq!(Lang::from_tag("en-US").unwrap().tag, "en");
        assert_eq!(Lang::from_tag("zh-Hans").unwrap().tag, "zh-hans");
        assert_eq!(Lang::from_tag("zh-CN").unwrap().tag, "zh-hans");
        assert_eq!(Lang::from_tag("zh-TW").unwrap().tag, "zh-hant");
        assert_eq!(Lang::from_tag("tl").unwrap().tag, "fil");
        assert_eq!(Lang::from_tag("ES").unwrap().tag, "es");
    }

    #[test]
    fn tells_malformed_from_unknown() {
        assert_eq!(Lang::from_tag("en_US"), Err(TagError::Malformed));
        assert_eq!(Lang::from_tag("e"), Err(TagError::Malformed));
        assert_eq!(Lang::from_tag("en-"), Err(TagError::Malformed));
        assert_eq!(Lang::from_tag("de"), Err(TagError::Unknown));
    }

    #[test]
    fn arabic_reads_right_to_left() {
        assert_eq!(Lang::by_tag("ar").unwrap().dir, Direction::Rtl);
        assert_eq!(Lang::ENGLISH.dir, Direction::Ltr);
    }
}
