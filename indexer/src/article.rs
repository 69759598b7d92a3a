//! One curated article file: its TOML front matter checked field by field, its body rendered.

use std::path::{Path, PathBuf};

use config::{Lang, Problems, TagError, line_of};
use serde::{Deserialize, Serialize};
use time::Date;
use toml::Spanned;

use crate::markdown::{self, Rendered};

/// Longest summary an agent should have to read aloud, in characters: a longer one is a problem.
pub const MAX_SUMMARY_CHARS: usize = 300;

/// A parsed, validated article in one language, in the format `CONTRACT.md` fixes: TOML front
/// matter between `+++` lines, then a markdown body.
#[derive(Debug, Clone)]
pub struct Article {
    /// Where it was read from.
    pub path: PathBuf,
    /// From the file name: lowercase ASCII letters, digits and hyphens, not starting or ending
    /// with a hyphen. The original and its translations share it.
    pub slug: String,
    /// `lang` of the front matter, else the file name's language suffix, else English.
    pub lang: Lang,
    /// True for `<slug>.md`, false for a translation `<slug>.<lang>.md`.
    pub is_original: bool,
    /// Id of the configured bureau that owns it: the bureau folder it is in.
    pub bureau: String,
    /// `title`, trimmed, not blank.
    pub title: String,
    /// `summary`, trimmed, not blank, at most [`MAX_SUMMARY_CHARS`] characters: the answer an
    /// agent can read aloud.
    pub summary: String,
    /// `keywords`: the phrases residents use for the topic, trimmed, blanks dropped.
    pub keywords: Vec<String>,
    /// `actions`, in file order.
    pub actions: Vec<Action>,
    /// `updated`: the day the article last changed, as its editor wrote it (a TOML date or a
    /// `YYYY-MM-DD` string).
    pub updated: Option<Date>,
    /// `status`: published unless it says `draft`.
    pub status: Status,
    /// The markdown body, rendered and sanitized.
    pub body: Rendered,
}

/// Something the reader can do: a labelled link, phone number or email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// What the button says (`Report it online`), trimmed, not blank.
    pub label: String,
    /// An http(s) URL with a host, or a `tel:` or `mailto:` URL ([`is_action_url`]), trimmed.
    pub url: String,
}

/// Whether an article is served (`status` in the front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `published` (the default): indexed and served.
    Published,
    /// `draft`: checked like any article, never indexed or served.
    Draft,
}

/// What the file name says: `<slug>.md` or `<slug>.<lang>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    /// Lowercase ASCII letters, digits and hyphens, not starting or ending with a hyphen.
    pub slug: String,
    /// Everything between the slug and `.md`, as written and not yet checked (`es`, `zh-hans`);
    /// `None` for an original.
    pub lang: Option<String>,
}

impl FileName {
    /// Reads a file name (without directories); `None` when it does not end in `.md` or its slug
    /// is not lowercase ASCII letters, digits and inner hyphens.
    pub fn parse(name: &str) -> Option<FileName> {
        let stem = name.strip_suffix(".md")?;
        let (slug, lang) = match stem.split_once('.') {
            Some((slug, lang)) => (slug, Some(lang.to_owned())),
            None => (stem, None),
        };
        let valid_slug = !slug.is_empty()
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        valid_slug.then(|| FileName {
            slug: slug.to_owned(),
            lang,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    bureau: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    actions: Vec<Spanned<Action>>,
    updated: Option<Spanned<toml::Value>>,
    status: Option<Spanned<String>>,
}

/// The article file's text split into front matter and body, with the body's first line number.
struct Split<'a> {
    front: &'a str,
    body: &'a str,
}

fn split(text: &str) -> Result<Split<'_>, (usize, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or((1, "front matter must open with a +++ line"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front: &rest[..offset],
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err((1, "front matter is not closed by a +++ line"))
}

/// Parses and validates one article file. `bureaus` are the configured bureau ids; `folder` is the
/// bureau folder the file sits in. Problems are added to `problems`, each on the line it concerns
/// (a missing field on the closing `+++` line); `None` when the article has any problem and
/// cannot be served.
///
/// The problems: front matter not opened or not closed by a `+++` line; front matter that is not
/// TOML or has an unknown key; `title` or `summary` missing or blank; a summary over
/// [`MAX_SUMMARY_CHARS`]; a bureau that is not configured or is not the folder's (or, when
/// `bureau` is absent, a folder that is no bureau id); a language suffix or `lang` that is not a
/// city language (a suffix must be spelled as the canonical tag, `.zh-hans.md`), or a `lang`
/// that disagrees with the suffix; an action without a label or with a URL that is not
/// http(s), `tel:` or `mailto:`; an `updated` that is not a day; a `status` other than
/// `published` or `draft`. Relations between files are checked by [`crate::Content::load`].
pub fn parse(
    path: &Path,
    text: &str,
    name: &FileName,
    folder: &str,
    bureaus: &std::collections::HashSet<&str>,
    problems: &mut Problems,
) -> Option<Article> {
    let split = match split(text) {
        Ok(s) => s,
        Err((line, message)) => {
            problems.push(path, line, message);
            return None;
        }
    };
    let mut check = Check {
        path,
        front: split.front,
        closing_line: line_of(text, text.len() - split.body.len()) - 1,
        problems,
    };
    let raw: FrontMatter = match toml::from_str(split.front) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| check.at(s.start)).unwrap_or(1);
            let message = format!("front matter does not parse: {}", e.message().trim());
            check.problems.push(path, line, message);
            return None;
        }
    };
    let before = check.problems.len();
    let title = check.required(&raw.title, "title");
    let summary = check.summary(&raw.summary);
    let bureau = check.bureau(&raw.bureau, folder, bureaus);
    let lang = check.lang(&raw.lang, name);
    let actions = check.actions(&raw.actions);
    let updated = check.updated(&raw.updated);
    let status = check.status(&raw.status);
    let body = markdown::render(split.body);
    if check.problems.len() > before {
        return None;
    }
    Some(Article {
        path: path.to_owned(),
        slug: name.slug.clone(),
        lang: lang?,
        is_original: name.lang.is_none(),
        bureau,
        title: title?,
        summary: summary?,
        keywords: raw
            .keywords
            .iter()
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect(),
        actions,
        updated,
        status,
        body,
    })
}

/// Checks the fields of one article's front matter, reporting each problem on its line.
struct Check<'a> {
    path: &'a Path,
    /// The front matter's text, between the `+++` lines.
    front: &'a str,
    /// The line of the closing `+++`, where a missing field is reported.
    closing_line: usize,
    problems: &'a mut Problems,
}

impl Check<'_> {
    /// The file's line of a byte offset into the front matter (which starts after the opening
    /// `+++` line).
    fn at(&self, offset: usize) -> usize {
        line_of(self.front, offset) + 1
    }

    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(self.path, line, message);
    }

    /// A field that must be present and not blank, trimmed.
    fn required(&mut self, field: &Option<Spanned<String>>, key: &str) -> Option<String> {
        match field {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().trim().to_owned()),
            Some(v) => {
                self.problem(self.at(v.span().start), format!("{key} is empty"));
                None
            }
            None => {
                self.problem(self.closing_line, format!("missing {key}"));
                None
            }
        }
    }

    /// The summary: required, and short enough to be read aloud.
    fn summary(&mut self, field: &Option<Spanned<String>>) -> Option<String> {
        let summary = self.required(field, "summary")?;
        let chars = summary.chars().count();
        if chars > MAX_SUMMARY_CHARS
            && let Some(spanned) = field
        {
            self.problem(
                self.at(spanned.span().start),
                format!("summary is {chars} characters; keep it under {MAX_SUMMARY_CHARS} so it can be read aloud"),
            );
        }
        Some(summary)
    }

    /// The bureau: a configured id, the same as the folder; the folder's when absent.
    fn bureau(
        &mut self,
        field: &Option<Spanned<String>>,
        folder: &str,
        bureaus: &std::collections::HashSet<&str>,
    ) -> String {
        let Some(b) = field else {
            if !bureaus.contains(folder) {
                self.problem(
                    self.closing_line,
                    format!("missing bureau, and folder '{folder}' is not a bureau id"),
                );
            }
            return folder.to_owned();
        };
        let line = self.at(b.span().start);
        let id = b.get_ref().trim();
        if !bureaus.contains(id) {
            self.problem(line, format!("unknown bureau '{id}'"));
        } else if id != folder {
            self.problem(
                line,
                format!("bureau '{id}' does not match the folder '{folder}' the file is in"),
            );
        }
        id.to_owned()
    }

    /// The language: `lang` if given (agreeing with the file name's suffix), else the suffix's,
    /// else English for a file without one.
    fn lang(&mut self, field: &Option<Spanned<String>>, name: &FileName) -> Option<Lang> {
        let suffix_lang = name
            .lang
            .as_deref()
            .and_then(|suffix| match Lang::by_tag(suffix) {
                Some(lang) => Some(lang),
                None => {
                    let message = match Lang::from_tag(suffix) {
                        Ok(lang) => format!("file name: write the language as '.{}.md'", lang.tag),
                        Err(e) => format!("file name: {}", tag_problem(suffix, e)),
                    };
                    self.problem(1, message);
                    None
                }
            });
        let Some(tag) = field else {
            return if name.lang.is_none() {
                Some(Lang::ENGLISH)
            } else {
                suffix_lang
            };
        };
        match Lang::from_tag(tag.get_ref()) {
            Ok(lang) => {
                if let Some(from_name) = suffix_lang
                    && from_name != lang
                {
                    self.problem(
                        self.at(tag.span().start),
                        format!(
                            "lang '{}' does not match the file name's '.{}.md'",
                            tag.get_ref(),
                            from_name.tag
                        ),
                    );
                }
                Some(lang)
            }
            Err(e) => {
                self.problem(self.at(tag.span().start), tag_problem(tag.get_ref(), e));
                None
            }
        }
    }

    /// Actions with a label and an http(s), `tel:` or `mailto:` URL, trimmed.
    fn actions(&mut self, raw: &[Spanned<Action>]) -> Vec<Action> {
        let mut actions = Vec::new();
        for action in raw {
            let line = self.at(action.span().start);
            let a = action.get_ref();
            if a.label.trim().is_empty() {
                self.problem(line, "action has an empty label");
            }
            if !is_action_url(&a.url) {
                self.problem(
                    line,
                    format!("action url '{}' must be http(s), tel: or mailto:", a.url),
                );
            }
            actions.push(Action {
                label: a.label.trim().to_owned(),
                url: a.url.trim().to_owned(),
            });
        }
        actions
    }

    /// `updated`: a TOML date or a `YYYY-MM-DD` string.
    fn updated(&mut self, field: &Option<Spanned<toml::Value>>) -> Option<Date> {
        let v = field.as_ref()?;
        let parsed = match v.get_ref() {
            toml::Value::Datetime(dt) => config::day::from_toml(dt),
            toml::Value::String(s) => config::day::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            self.problem(
                self.at(v.span().start),
                format!("invalid date '{}': write updated = YYYY-MM-DD", v.get_ref()),
            );
        }
        parsed
    }

    /// `published` (the default) or `draft`.
    fn status(&mut self, field: &Option<Spanned<String>>) -> Status {
        match field.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
            None | Some(("published", _)) => Status::Published,
            Some(("draft", _)) => Status::Draft,
            Some((other, span)) => {
                self.problem(
                    self.at(span.start),
                    format!("unknown status '{other}': use \"published\" or \"draft\""),
                );
                Status::Draft
            }
        }
    }
}

fn tag_problem(tag: &str, e: TagError) -> String {
    match e {
        TagError::Malformed => format!("malformed language tag '{tag}'"),
        TagError::Unknown => format!("unknown language '{tag}': not one of the city's languages"),
    }
}

/// Whether `url` (trimmed) can be an action: `http(s)://host...`, or `tel:` or `mailto:` with
/// something after the colon and no whitespace.
pub fn is_action_url(url: &str) -> bool {
    let url = url.trim();
    if let Some(rest) = url
        .strip_prefix("tel:")
        .or_else(|| url.strip_prefix("mailto:"))
    {
        return !rest.is_empty() && !rest.contains(char::is_whitespace);
    }
    url::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}
