//! The interface text of the pages, one TOML file per language in `search-api/i18n/`.
//!
//! The files are built into the binary and parsed once at startup into [`Strings`], a struct with
//! one field per key: a template that names a missing key does not compile, and a language file
//! that lacks a key (or has one too many) fails at startup and in the tests below.

use std::sync::LazyLock;

use config::{Direction, Lang};
use serde::Deserialize;

macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// Every piece of interface text, in one language.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Strings {
            $(
                #[doc = concat!("The text of `", stringify!($key), "`; `search-api/i18n/en.toml` has the English.")]
                pub $key: String,
            )*
        }

        #[cfg(test)]
        const KEYS: &[&str] = &[$(stringify!($key)),*];
    };
}

strings!(
    site_name,
    site_tagline,
    skip_to_content,
    language_label,
    home_heading,
    home_intro,
    search_label,
    search_hint,
    search_button,
    topics_heading,
    results_title,
    results_count,
    no_results,
    did_you_mean,
    answer_label,
    bureau_label,
    phone_label,
    updated_label,
    results_heading,
    best_bet,
    kind_article,
    kind_page,
    filters_heading,
    filter_bureau,
    filter_language,
    filter_kind,
    filter_any,
    pagination_label,
    previous,
    next,
    page_number,
    emergency_heading,
    call_number,
    referrals_heading,
    answer_in,
    translations_heading,
    actions_label,
    not_found_heading,
    not_found_text,
    error_heading,
    bad_request_heading,
    err_empty_query,
    err_query_too_long,
    err_unknown_bureau,
    err_unknown_kind,
    err_unknown_lang,
    err_invalid_page,
    err_busy,
    err_internal,
    back_home,
    footer_311,
    agent_link,
    agent_heading,
    agent_question_label,
    caller_language,
    agent_keys,
    copy_answer,
    copied,
    copy_failed,
    no_answer,
    in_caller_language,
);

/// The language files, by tag, in the order of [`config::LANGS`]: English first (the fallback),
/// then the city's other 16 languages.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../../i18n/en.toml")),
    ("es", include_str!("../../i18n/es.toml")),
    ("vi", include_str!("../../i18n/vi.toml")),
    ("zh-hans", include_str!("../../i18n/zh-hans.toml")),
    ("zh-hant", include_str!("../../i18n/zh-hant.toml")),
    ("ru", include_str!("../../i18n/ru.toml")),
    ("uk", include_str!("../../i18n/uk.toml")),
    ("so", include_str!("../../i18n/so.toml")),
    ("ar", include_str!("../../i18n/ar.toml")),
    ("ja", include_str!("../../i18n/ja.toml")),
    ("ko", include_str!("../../i18n/ko.toml")),
    ("ro", include_str!("../../i18n/ro.toml")),
    ("ne", include_str!("../../i18n/ne.toml")),
    ("km", include_str!("../../i18n/km.toml")),
    ("lo", include_str!("../../i18n/lo.toml")),
    ("fil", include_str!("../../i18n/fil.toml")),
    ("chk", include_str!("../../i18n/chk.toml")),
];

/// A language the interface is translated into.
pub struct Ui {
    /// The language.
    pub lang: Lang,
    /// Its interface text.
    pub t: Strings,
}

impl Ui {
    /// The writing direction for the `dir` attribute: `ltr` or `rtl`.
    pub fn dir(&self) -> &'static str {
        self.lang.dir.as_str()
    }

    /// Whether the language is written right to left (Arabic).
    pub fn is_rtl(&self) -> bool {
        self.lang.dir == Direction::Rtl
    }
}

static ALL: LazyLock<Vec<Ui>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(tag, text)| Ui {
            lang: Lang::by_tag(tag)
                .unwrap_or_else(|| panic!("i18n/{tag}.toml: not a city language")),
            t: toml::from_str(text).unwrap_or_else(|e| panic!("i18n/{tag}.toml: {e}")),
        })
        .collect()
});

/// Every interface language, in the order of [`config::LANGS`] (English first): all 17 of the
/// city's languages. Parses the files on first use.
///
/// # Panics
///
/// On first use, when a built-in file does not parse, lacks a key or has an unknown one, or is
/// named after a language the city does not serve. The module's tests catch each.
pub fn all() -> &'static [Ui] {
    &ALL
}

/// The interface for `lang`; English for a language without one (none today: every city
/// language has its file, which the tests check).
///
/// # Panics
///
/// As [`all`].
pub fn ui(lang: Lang) -> &'static Ui {
    all().iter().find(|u| u.lang == lang).unwrap_or(&all()[0])
}

/// `template` with each `{name}` replaced by its value, as `(name, value)` pairs; a placeholder
/// without a value stays as written. Values are inserted as they are (the templates escape).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Checks shared by the interface's catalogues (`i18n/*.toml`) and the staff's
/// (`i18n/staff/*.toml`).
#[cfg(test)]
pub(crate) mod catalogue {
    use std::collections::BTreeSet;

    /// The `{name}` placeholders of a text.
    fn placeholders(s: &str) -> BTreeSet<String> {
        s.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect()
    }

    /// Every file of `files` (`(tag, text)`, English first) has exactly `keys`, parses as `T`,
    /// keeps English's placeholders and leaves no text blank (`may_be_space` may be only
    /// spaces, not empty). `dir` names the files in the messages.
    pub(crate) fn check<T: serde::de::DeserializeOwned>(
        dir: &str,
        files: &[(&str, &str)],
        keys: &[&str],
        may_be_space: &[&str],
    ) {
        let wanted: BTreeSet<&str> = keys.iter().copied().collect();
        let english: toml::Table = toml::from_str(files[0].1).unwrap();
        for (tag, text) in files {
            let table: toml::Table = toml::from_str(text).unwrap();
            let found: BTreeSet<&str> = table.keys().map(String::as_str).collect();
            let missing: Vec<_> = wanted.difference(&found).collect();
            let extra: Vec<_> = found.difference(&wanted).collect();
            assert!(missing.is_empty(), "{dir}/{tag}.toml lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{dir}/{tag}.toml has unknown keys {extra:?}"
            );
            assert!(toml::from_str::<T>(text).is_ok(), "{dir}/{tag}.toml");
            for (key, value) in &english {
                let text = table[key].as_str().unwrap();
                let want = placeholders(value.as_str().unwrap());
                assert_eq!(placeholders(text), want, "{dir}/{tag}.toml: {key}");
                let blank = text.is_empty()
                    || (!may_be_space.contains(&key.as_str()) && text.trim().is_empty());
                assert!(!blank, "{dir}/{tag}.toml: {key} is empty");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_the_placeholders_of_english() {
        catalogue::check::<Strings>("i18n", FILES, KEYS, &[]);
    }

    #[test]
    fn every_city_language_has_an_interface_in_the_citys_order() {
        let tags: Vec<&str> = all().iter().map(|u| u.lang.tag).collect();
        let city: Vec<&str> = config::LANGS.iter().map(|l| l.tag).collect();
        assert_eq!(tags, city);
        for lang in config::LANGS {
            assert_eq!(ui(*lang).lang, *lang, "{} falls back", lang.tag);
        }
        assert!(ui(Lang::by_tag("ar").unwrap()).is_rtl());
        let rtl: Vec<&str> = all()
            .iter()
            .filter(|u| u.is_rtl())
            .map(|u| u.lang.tag)
            .collect();
        assert_eq!(rtl, ["ar"], "only Arabic reads right to left");
    }

    #[test]
    fn translations_are_not_left_in_english() {
        let english = &all()[0].t;
        for ui in &all()[1..] {
            for (key, theirs, ours) in [
                ("home_heading", &ui.t.home_heading, &english.home_heading),
                ("search_label", &ui.t.search_label, &english.search_label),
                ("no_results", &ui.t.no_results, &english.no_results),
                (
                    "not_found_text",
                    &ui.t.not_found_text,
                    &english.not_found_text,
                ),
            ] {
                assert_ne!(theirs, ours, "{}: {key} is the English text", ui.lang.tag);
            }
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("Results: {count}", &[("count", "3")]), "Results: 3");
    }
}
