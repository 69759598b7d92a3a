//! Which language a page speaks: `?lang=`, else the `/<lang>/` path prefix, else
//! `Accept-Language`, else English.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use config::Lang;

use super::i18n::{self, Ui};
use crate::params::RawParams;

/// The reader's language for one request.
pub struct Locale {
    /// The reader's language: the interface's when translated, and the search's preference.
    pub reader: Lang,
    /// The interface: the reader's language, or English when it is not translated.
    pub ui: &'static Ui,
    /// The route has a `/{lang}` prefix and it names no city language: the page does not exist.
    pub bad_prefix: bool,
}

impl Locale {
    /// The locale of a reader of `reader`, on a page without a language prefix.
    pub fn new(reader: Lang) -> Locale {
        Locale {
            reader,
            ui: i18n::ui(reader),
            bad_prefix: false,
        }
    }

    /// The interface language's tag, used as the path prefix of the links a page makes.
    pub fn tag(&self) -> &'static str {
        self.ui.lang.tag
    }

    /// The interface text.
    pub fn t(&self) -> &'static i18n::Strings {
        &self.ui.t
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Locale, Infallible> {
        let query = RawParams::parse(parts.uri.query()).lang;
        let from_query = query.as_deref().and_then(|t| Lang::from_tag(t).ok());
        let prefixed = parts
            .extensions
            .get::<MatchedPath>()
            .is_some_and(|m| m.as_str().starts_with("/{lang}"));
        let segment = parts.uri.path().trim_start_matches('/').split('/').next();
        let from_path = prefixed.then(|| segment.and_then(Lang::by_tag)).flatten();
        let from_header = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(accept_language);
        let reader = from_query
            .or(from_path)
            .or(from_header)
            .unwrap_or(Lang::ENGLISH);
        let mut locale = Locale::new(reader);
        locale.bad_prefix = prefixed && from_path.is_none();
        Ok(locale)
    }
}

/// The city language the reader prefers most, from an `Accept-Language` header
/// (`es-MX,es;q=0.9,en;q=0.8`, RFC 9110 §12.5.4). Ties keep the header's order; languages the
/// city does not serve, `*` and `q=0` are skipped; `None` when nothing is left.
pub fn accept_language(header: &str) -> Option<Lang> {
    let mut ranged: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = Lang::from_tag(tag).ok()?;
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    ranged.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranged.first().map(|(_, lang)| *lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(header: &str) -> Option<&'static str> {
        accept_language(header).map(|l| l.tag)
    }

    #[test]
    fn picks_the_highest_weighted_city_language() {
        assert_eq!(tag("es-MX,es;q=0.9,en;q=0.8"), Some("es"));
        assert_eq!(tag("de-DE,de;q=0.9,vi;q=0.5,en;q=0.4"), Some("vi"));
        assert_eq!(tag("en;q=0.3, zh-CN;q=0.8"), Some("zh-hans"));
        assert_eq!(tag("ru;q=0, uk"), Some("uk"));
    }

    #[test]
    fn ignores_what_it_cannot_use() {
        assert_eq!(tag("*"), None);
        assert_eq!(tag("de, fr;q=0.5"), None);
        assert_eq!(tag(""), None);
    }
}
