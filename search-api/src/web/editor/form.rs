//! The edit form's fields and the article file they make: an article file is read into fields
//! for the form, and the fields are written back as the file `CONTRACT.md` fixes (TOML front
//! matter, then markdown), remembering which line each field landed on so that a problem the
//! checks report on a line is shown beside its field.

use std::collections::HashMap;

use url::form_urlencoded;

use crate::web::staff::CsrfForm;

/// The form's fields (and the hidden ones).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// The session's CSRF token.
    pub csrf: String,
    /// The etag of the version the edit started from; empty for a new article.
    pub etag: String,
    /// For a new article: bureau, slug and language chosen in the form.
    pub bureau: String,
    /// See [`Fields::bureau`].
    pub slug: String,
    /// See [`Fields::bureau`]; for an edit, the translation's language (empty: the original).
    pub lang: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Keywords, one per line.
    pub keywords: String,
    /// Actions, one per line as `label | url`.
    pub actions: String,
    /// Markdown body.
    pub body: String,
    /// `published` or `draft`.
    pub status: String,
    /// The front matter's `lang` as the file had it (kept for originals in another language).
    pub file_lang: String,
    /// The front matter's `updated` as the file had it.
    pub updated: String,
    /// A whole file's text instead of the fields (the conflict page's "save my version").
    pub source: String,
}

impl CsrfForm for Fields {
    fn parse(body: &[u8]) -> Fields {
        Fields::parse(body)
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Which form field a line of the written file belongs to.
pub type LineFields = HashMap<usize, &'static str>;

impl Fields {
    /// Reads a form body (`application/x-www-form-urlencoded`).
    pub fn parse(body: &[u8]) -> Fields {
        let mut f = Fields::default();
        for (k, v) in form_urlencoded::parse(body) {
            let v = v.into_owned();
            match k.as_ref() {
                "csrf" => f.csrf = v,
                "etag" => f.etag = v,
                "bureau" => f.bureau = v,
                "slug" => f.slug = v.trim().to_owned(),
                "lang" => f.lang = v,
                "title" => f.title = v,
                "summary" => f.summary = v,
                "keywords" => f.keywords = v,
                "actions" => f.actions = v,
                "body" => f.body = v,
                "status" => f.status = v,
                "file_lang" => f.file_lang = v,
                "updated" => f.updated = v,
                "source" => f.source = v,
                _ => {}
            }
        }
        f
    }

    /// The fields of an article file's text. A front matter that does not parse leaves the
    /// fields empty and the whole text in the body, so nothing is lost.
    pub fn from_source(text: &str) -> Fields {
        let mut f = Fields {
            status: "published".to_owned(),
            ..Fields::default()
        };
        let Some((front, body)) = split(text) else {
            f.body = text.to_owned();
            return f;
        };
        let Ok(table) = front.parse::<toml::Table>() else {
            f.body = text.to_owned();
            return f;
        };
        let string = |key: &str| {
            table
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        f.title = string("title");
        f.summary = string("summary");
        f.bureau = string("bureau");
        f.file_lang = string("lang");
        f.status = match string("status").as_str() {
            "" => "published".to_owned(),
            other => other.to_owned(),
        };
        f.updated = table
            .get("updated")
            .map(|v| match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        f.keywords = table
            .get("keywords")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        f.actions = table
            .get("actions")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| {
                        let label = x.get("label")?.as_str()?;
                        let url = x.get("url")?.as_str()?;
                        Some(format!("{label} | {url}"))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        f.body = body.trim_start_matches(['\r', '\n']).to_owned();
        f
    }

    /// The article file for these fields, for `bureau`, with `lang` written when it is not
    /// English (`lang` of a translation, or the original's own), `updated` set to `today`; and
    /// which line each field is on. With [`Fields::source`] set, that text as it is.
    pub fn to_source(&self, bureau: &str, lang: Option<&str>, today: &str) -> (String, LineFields) {
        if !self.source.is_empty() {
            return (self.source.clone(), LineFields::new());
        }
        let mut lines: Vec<(String, &'static str)> = vec![("+++".to_owned(), "")];
        lines.push((format!("title = {}", quote(self.title.trim())), "title"));
        lines.push((
            format!("summary = {}", quote(self.summary.trim())),
            "summary",
        ));
        lines.push((format!("bureau = {}", quote(bureau)), "bureau"));
        if let Some(lang) = lang.filter(|l| !l.is_empty() && *l != "en") {
            lines.push((format!("lang = {}", quote(lang)), "lang"));
        }
        let keywords: Vec<String> = self
            .keywords
            .lines()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(quote)
            .collect();
        lines.push((format!("keywords = [{}]", keywords.join(", ")), "keywords"));
        let actions: Vec<(String, String)> = self
            .actions
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.rsplit_once('|') {
                Some((label, url)) => (label.trim().to_owned(), url.trim().to_owned()),
                None => (String::new(), l.trim().to_owned()),
            })
            .collect();
        if actions.is_empty() {
            lines.push(("actions = []".to_owned(), "actions"));
        } else {
            lines.push(("actions = [".to_owned(), "actions"));
            for (label, url) in &actions {
                lines.push((
                    format!("  {{ label = {}, url = {} }},", quote(label), quote(url)),
                    "actions",
                ));
            }
            lines.push(("]".to_owned(), "actions"));
        }
        lines.push((format!("updated = {today}"), ""));
        let status = if self.status == "draft" {
            "draft"
        } else {
            "published"
        };
        lines.push((format!("status = {}", quote(status)), "status"));
        lines.push(("+++".to_owned(), ""));
        let mut text = String::new();
        let mut fields = LineFields::new();
        for (i, (line, field)) in lines.iter().enumerate() {
            text.push_str(line);
            text.push('\n');
            if !field.is_empty() {
                fields.insert(i + 1, field);
            }
        }
        text.push_str(self.body.replace("\r\n", "\n").trim_end());
        text.push('\n');
        (text, fields)
    }
}

/// A TOML basic string: JSON's escapes are all valid in TOML.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Front matter and body of an article file's text.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_the_file() {
        let f = Fields {
            title: "Report a \"pothole\"".into(),
            summary: "Call 311.".into(),
            keywords: "hole in road\n\n bumpy street ".into(),
            actions: "Report it | https://city.example/report\nCall | tel:311".into(),
            body: "Text.\r\n\r\n## What to do\r\n".into(),
            status: "draft".into(),
            ..Fields::default()
        };
        let (text, lines) = f.to_source("pbot", Some("es"), "2026-11-30");
        assert!(text.contains("lang = \"es\"\n"));
        assert_eq!(lines[&2], "title");
        assert_eq!(lines[&3], "summary");
        let back = Fields::from_source(&text);
        assert_eq!(back.title, f.title);
        assert_eq!(back.keywords, "hole in road\nbumpy street");
        assert_eq!(back.actions, f.actions);
        assert_eq!(back.status, "draft");
        assert_eq!(back.updated, "2026-11-30");
        assert_eq!(back.body, "Text.\n\n## What to do\n");
    }

    #[test]
    fn a_file_that_does_not_parse_is_kept_whole_in_the_body() {
        let f = Fields::from_source("+++\ntitle = \n+++\nbody");
        assert_eq!(f.body, "+++\ntitle = \n+++\nbody");
    }
}
