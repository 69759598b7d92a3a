//! The addresses pages link to: searches with their filters, pages in a language, and outside
//! links made safe to put in an `href`.

use url::form_urlencoded::Serializer;

/// A search as the results page links to it: the question, the filters and the page.
#[derive(Debug, Clone, Default)]
pub struct SearchLink {
    /// The question (a trailing space is dropped from the link).
    pub q: String,
    /// The `bureau` filter: a bureau id.
    pub bureau: Option<String>,
    /// The `kind` filter: `article` or `page`.
    pub kind: Option<String>,
    /// The `result_lang` filter: a language tag.
    pub result_lang: Option<String>,
    /// The page number from 1; 0 and 1 both mean the first page (no `page` parameter).
    pub page: usize,
}

impl SearchLink {
    /// `/<lang>/search?q=...`, with only the parameters that are set.
    pub fn href(&self, lang: &str) -> String {
        let mut query = Serializer::new(String::new());
        query.append_pair("q", self.q.trim_end());
        for (key, value) in [
            ("bureau", &self.bureau),
            ("kind", &self.kind),
            ("result_lang", &self.result_lang),
        ] {
            if let Some(v) = value {
                query.append_pair(key, v);
            }
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        format!("/{lang}/search?{}", query.finish())
    }

    /// The same search on page `page`.
    pub fn page(&self, page: usize) -> SearchLink {
        SearchLink {
            page,
            ..self.clone()
        }
    }
}

/// `path` with `?key=value` pairs appended, form-encoded, leaving out empty values (`path` has no
/// query yet).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            query.append_pair(k, v);
        }
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// An article's address for a reader whose interface is in `ui`: `/es/articles/x` already names
/// its language; `/articles/x` (the original) gets `?lang=` so the interface stays the reader's.
pub fn article(url: &str, ui: &str) -> String {
    let prefixed = url
        .trim_start_matches('/')
        .split_once('/')
        .is_some_and(|(first, _)| first != "articles");
    if prefixed && url.starts_with(&format!("/{ui}/")) {
        url.to_owned()
    } else {
        with_query(url, &[("lang", ui)])
    }
}

/// `url` if it is safe in an `href` (http, https, tel, mailto, or a path on this site), else `#`.
/// Editors and crawled sites supply these; a `javascript:` link must never reach a page.
pub fn safe(url: &str) -> String {
    let url = url.trim();
    let local = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    if local || matches!(scheme.as_str(), "http" | "https" | "tel" | "mailto") {
        url.to_owned()
    } else {
        "#".to_owned()
    }
}

/// What a reader sees of a result's address: host and path, without the scheme.
pub fn display(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    bare.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_links_carry_filters_and_page() {
        let link = SearchLink {
            q: "trash day & recycling".into(),
            bureau: Some("bps".into()),
            page: 2,
            ..Default::default()
        };
        assert_eq!(
            link.href("es"),
            "/es/search?q=trash+day+%26+recycling&bureau=bps&page=2"
        );
        assert_eq!(
            link.page(1).href("en"),
            "/en/search?q=trash+day+%26+recycling&bureau=bps"
        );
    }

    #[test]
    fn article_links_keep_the_reader_interface() {
        assert_eq!(
            article("/articles/report-pothole", "es"),
            "/articles/report-pothole?lang=es"
        );
        assert_eq!(
            article("/es/articles/report-pothole", "es"),
            "/es/articles/report-pothole"
        );
        assert_eq!(
            article("/vi/articles/report-pothole", "es"),
            "/vi/articles/report-pothole?lang=es"
        );
    }

    #[test]
    fn refuses_script_links() {
        assert_eq!(safe("javascript:alert(1)"), "#");
        assert_eq!(safe(" JavaScript:alert(1)"), "#");
        assert_eq!(safe("data:text/html,<script>"), "#");
        assert_eq!(safe("//evil.example/"), "#");
        assert_eq!(safe("tel:+1-503-823-4000"), "tel:+1-503-823-4000");
        assert_eq!(
            safe("https://www.portland.gov/"),
            "https://www.portland.gov/"
        );
        assert_eq!(safe("/articles/x"), "/articles/x");
    }
}
