//! The interface text of the staff pages (sign-in, the insights dashboard and what follows them),
//! one TOML file per language in `search-api/i18n/staff/`, apart from the residents' text in
//! `search-api/i18n/` so the two can change independently.
//!
//! Built like [`crate::web::i18n`]: the files are in the binary, parsed once into
//! [`StaffStrings`] (one field per key), and the tests below fail when a file lacks a key, has an
//! unknown one, loses a placeholder, or when a language of the residents' interface has no staff
//! file.

use std::sync::LazyLock;

use config::Lang;
use serde::Deserialize;

macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// Every piece of the staff pages' text, in one language.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct StaffStrings {
            $(
                #[doc = concat!("The text of `", stringify!($key), "`; `search-api/i18n/staff/en.toml` has the English.")]
                pub $key: String,
            )*
        }

        #[cfg(test)]
        const KEYS: &[&str] = &[$(stringify!($key)),*];
    };
}

strings!(
    signin_title,
    signin_intro,
    signin_name,
    signin_password,
    signin_button,
    signin_wrong,
    signin_throttled,
    signin_expired,
    signin_unavailable,
    signed_in_as,
    role_editor,
    role_insights,
    role_admin,
    signout_button,
    staff_nav,
    nav_dashboard,
    forbidden_heading,
    forbidden_text,
    err_unauthorized,
    err_form_expired,
    err_invalid_date,
    err_invalid_range,
    err_invalid_filter,
    link_refused_heading,
    link_refused_text,
    dashboard_title,
    dashboard_intro,
    filters_heading,
    filter_from,
    filter_to,
    filter_language,
    filter_bureau,
    filter_channel,
    filter_all_languages,
    filter_all_bureaus,
    filter_all_channels,
    filter_apply,
    export_csv,
    range,
    channel_web,
    channel_agent,
    channel_api,
    no_bureau,
    totals_heading,
    total_searches,
    zero_share,
    card_share,
    ctr,
    mean_time,
    ms,
    per_day_heading,
    per_day_caption,
    per_day_summary,
    show_table,
    col_day,
    col_question,
    col_language,
    col_channel,
    col_bureau,
    col_searches,
    col_zero,
    col_card,
    col_clicks,
    col_ctr,
    col_unmet,
    col_share,
    col_growth,
    col_now,
    col_before,
    col_result,
    col_shown,
    col_position,
    col_position_n,
    top_heading,
    todo_heading,
    todo_intro,
    write_answer,
    rising_heading,
    rising_intro,
    by_language_heading,
    by_channel_heading,
    by_bureau_heading,
    endings_heading,
    endings_intro,
    ending_counts,
    as_card,
    as_first,
    none_listed,
    no_data,
    grouping_note,
    question_title,
    back_to_dashboard,
    forms_heading,
    shown_heading,
    clicks_heading,
    clicks_caption,
    clicks_summary,
    no_clicks,
    number_decimal,
    number_group,
    not_applicable,
    ed_nav,
    ed_title,
    ed_intro,
    ed_new,
    ed_col_title,
    ed_col_lang,
    ed_col_status,
    ed_col_changed,
    ed_col_translations,
    ed_status_published,
    ed_status_draft,
    ed_status_unpublished,
    ed_status_invalid,
    ed_outdated,
    ed_missing,
    ed_none,
    ed_edit_title,
    ed_new_title,
    ed_field_bureau,
    ed_field_slug,
    ed_field_slug_hint,
    ed_field_lang,
    ed_field_title,
    ed_field_summary,
    ed_field_summary_hint,
    ed_counter,
    ed_field_keywords,
    ed_field_keywords_hint,
    ed_field_actions,
    ed_field_actions_hint,
    ed_field_body,
    ed_field_status,
    ed_preview,
    ed_save,
    ed_saved,
    ed_saved_draft,
    ed_problems_heading,
    ed_problem_line,
    ed_conflict_heading,
    ed_conflict_text,
    ed_yours,
    ed_live,
    ed_save_mine,
    ed_edit_live,
    ed_history,
    ed_history_title,
    ed_col_rev,
    ed_col_author,
    ed_col_when,
    ed_changes,
    ed_revert,
    ed_unpublish,
    ed_unpublish_hint,
    ed_unpublished,
    ed_rank,
    ed_rank_hint,
    ed_rank_button,
    ed_rank_place,
    ed_rank_missing,
    ed_rank_answer,
    ed_rank_why,
    ed_rank_card,
    ed_rank_bet,
    ed_rank_matched,
    ed_rank_unmatched,
    ed_rank_factors,
    ed_factor_coverage,
    ed_factor_title,
    ed_factor_proximity,
    ed_factor_category,
    ed_factor_language,
    ed_factor_bureau,
    ed_factor_recency,
    ed_rules,
    ed_rules_title,
    ed_back,
    ed_view_live,
    ed_translate,
);

/// The language files, by tag, in the order of [`config::LANGS`]: English first (the fallback),
/// then the city's other 16 languages, as the residents' interface has them.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../../../i18n/staff/en.toml")),
    ("es", include_str!("../../../i18n/staff/es.toml")),
    ("vi", include_str!("../../../i18n/staff/vi.toml")),
    ("zh-hans", include_str!("../../../i18n/staff/zh-hans.toml")),
    ("zh-hant", include_str!("../../../i18n/staff/zh-hant.toml")),
    ("ru", include_str!("../../../i18n/staff/ru.toml")),
    ("uk", include_str!("../../../i18n/staff/uk.toml")),
    ("so", include_str!("../../../i18n/staff/so.toml")),
    ("ar", include_str!("../../../i18n/staff/ar.toml")),
    ("ja", include_str!("../../../i18n/staff/ja.toml")),
    ("ko", include_str!("../../../i18n/staff/ko.toml")),
    ("ro", include_str!("../../../i18n/staff/ro.toml")),
    ("ne", include_str!("../../../i18n/staff/ne.toml")),
    ("km", include_str!("../../../i18n/staff/km.toml")),
    ("lo", include_str!("../../../i18n/staff/lo.toml")),
    ("fil", include_str!("../../../i18n/staff/fil.toml")),
    ("chk", include_str!("../../../i18n/staff/chk.toml")),
];

static ALL: LazyLock<Vec<(Lang, StaffStrings)>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(tag, text)| {
            let lang = Lang::by_tag(tag)
                .unwrap_or_else(|| panic!("i18n/staff/{tag}.toml: not a city language"));
            let strings =
                toml::from_str(text).unwrap_or_else(|e| panic!("i18n/staff/{tag}.toml: {e}"));
            (lang, strings)
        })
        .collect()
});

/// Parses every staff language file now (the server calls it at start, so a broken file stops
/// it there).
///
/// # Panics
///
/// When a built-in file does not parse, lacks a key or has an unknown one, or is named after a
/// language the city does not serve. The module's tests catch each.
pub fn load() {
    LazyLock::force(&ALL);
}

/// The staff text for a reader of `lang`; English for a language without one (none today: every
/// city language has its file, which the tests check).
///
/// # Panics
///
/// As [`load`].
pub fn staff(lang: Lang) -> &'static StaffStrings {
    ALL.iter()
        .find(|(l, _)| *l == lang)
        .map_or(&ALL[0].1, |(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n;

    #[test]
    fn every_language_has_every_key_and_the_placeholders_of_english() {
        // A digit group may be a (no-break) space.
        i18n::catalogue::check::<StaffStrings>("i18n/staff", FILES, KEYS, &["number_group"]);
    }

    #[test]
    fn every_interface_language_has_staff_text_in_the_citys_order() {
        let staff_tags: Vec<&str> = FILES.iter().map(|(tag, _)| *tag).collect();
        let interface: Vec<&str> = i18n::all().iter().map(|u| u.lang.tag).collect();
        assert_eq!(staff_tags, interface);
        load();
        let parsed: Vec<&str> = ALL.iter().map(|(lang, _)| lang.tag).collect();
        let city: Vec<&str> = config::LANGS.iter().map(|l| l.tag).collect();
        assert_eq!(parsed, city, "a city language falls back to English");
    }

    #[test]
    fn translations_are_not_left_in_english() {
        load();
        let english = &ALL[0].1;
        for (lang, theirs) in &ALL[1..] {
            for (key, t, e) in [
                (
                    "dashboard_title",
                    &theirs.dashboard_title,
                    &english.dashboard_title,
                ),
                ("signin_wrong", &theirs.signin_wrong, &english.signin_wrong),
                ("todo_heading", &theirs.todo_heading, &english.todo_heading),
                ("no_data", &theirs.no_data, &english.no_data),
            ] {
                assert_ne!(t, e, "{}: {key} is the English text", lang.tag);
            }
        }
    }
}
