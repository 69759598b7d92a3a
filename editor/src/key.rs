//! Which file an address names: `{bureau}/{slug}?lang=` to `content/<bureau>/<slug>[.<lang>].md`.

use std::path::{Path, PathBuf};

use config::{Config, Lang};
use indexer::article::FileName;

use crate::error::Error;

/// One article file: a bureau, a slug and, for a translation, its language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleKey {
    /// A configured bureau id: the folder the file is in.
    pub bureau: String,
    /// Lowercase ASCII letters, digits and inner hyphens.
    pub slug: String,
    /// The language of a translation (`<slug>.<lang>.md`); `None` for the original
    /// (`<slug>.md`).
    pub translation: Option<Lang>,
}

/// The longest slug, in bytes: with `.<lang>.md` after it, a file name stays well under the
/// 255 bytes most file systems allow.
pub const MAX_SLUG: usize = 200;

impl ArticleKey {
    /// The file an address names. `lang` absent, or the language of the slug's original in
    /// `content_dir/<bureau>` (English when its front matter names none), names the original;
    /// another language names the translation `<slug>.<lang>.md`. A slug without an original
    /// yet is a new article: its first file is the original, whatever `lang` says.
    ///
    /// # Errors
    /// [`Error::UnknownBureau`] when `bureau` is not configured; [`Error::BadAddress`] for a
    /// slug that is not lowercase letters, digits and inner hyphens or is longer than
    /// [`MAX_SLUG`], or a `lang` that is not one of the city's languages.
    pub fn resolve(
        config: &Config,
        content_dir: &Path,
        bureau: &str,
        slug: &str,
        lang: Option<&str>,
    ) -> Result<ArticleKey, Error> {
        if !config.bureaus.iter().any(|b| b.id == bureau) {
            return Err(Error::UnknownBureau(bureau.to_owned()));
        }
        if slug.len() > MAX_SLUG {
            return Err(Error::BadAddress(format!(
                "a slug has at most {MAX_SLUG} characters, this one {}",
                slug.len()
            )));
        }
        let valid = FileName::parse(&format!("{slug}.md")).is_some_and(|n| n.lang.is_none());
        if !valid {
            return Err(Error::BadAddress(format!(
                "'{slug}' is not a slug: use lowercase letters, digits and hyphens"
            )));
        }
        let mut key = ArticleKey {
            bureau: bureau.to_owned(),
            slug: slug.to_owned(),
            translation: None,
        };
        let Some(tag) = lang.filter(|l| !l.is_empty()) else {
            return Ok(key);
        };
        let lang = Lang::by_tag(tag).ok_or_else(|| {
            Error::BadAddress(format!("'{tag}' is not one of the city's languages"))
        })?;
        let original = std::fs::read_to_string(key.path(content_dir)).ok();
        if let Some(text) = original
            && front_matter_lang(&text).unwrap_or(Lang::ENGLISH) != lang
        {
            key.translation = Some(lang);
        }
        Ok(key)
    }

    /// The file name: `<slug>.md` or `<slug>.<lang>.md`.
    pub fn file_name(&self) -> String {
        match self.translation {
            Some(lang) => format!("{}.{}.md", self.slug, lang.tag),
            None => format!("{}.md", self.slug),
        }
    }

    /// Where the file is: `content_dir/<bureau>/<file name>`.
    pub fn path(&self, content_dir: &Path) -> PathBuf {
        content_dir.join(&self.bureau).join(self.file_name())
    }

    /// How the history and the audit log name it: `<bureau>/<file name>`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.bureau, self.file_name())
    }

    /// The key a history name (`<bureau>/<file name>`) stands for; `None` when it is not one.
    pub fn from_name(name: &str) -> Option<ArticleKey> {
        let (bureau, file) = name.split_once('/')?;
        let parsed = FileName::parse(file)?;
        let translation = match parsed.lang {
            Some(tag) => Some(Lang::by_tag(&tag)?),
            None => None,
        };
        Some(ArticleKey {
            bureau: bureau.to_owned(),
            slug: parsed.slug,
            translation,
        })
    }

    /// The key of the slug's original.
    pub fn original(&self) -> ArticleKey {
        ArticleKey {
            translation: None,
            ..self.clone()
        }
    }
}

/// The `lang = "..."` of a file's front matter, when it names a city language. A light read
/// for addressing only: the full checks are `indexer`'s.
pub(crate) fn front_matter_lang(text: &str) -> Option<Lang> {
    Lang::from_tag(&front_matter_value(text, "lang")?).ok()
}

/// The value of a one-line string `key = "..."` in a file's front matter, unchecked: a light
/// read for addressing (the bureau of a preview), never a check.
pub fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let rest = text.trim_start_matches('\u{feff}').strip_prefix("+++")?;
    for line in rest.lines().skip(1) {
        let line = line.trim();
        if line == "+++" {
            break;
        }
        if let Some(value) = line.strip_prefix(key)
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').trim_matches('\'').to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_names_round_trip() {
        let key = ArticleKey::from_name("water/pay-bill.es.md").unwrap();
        assert_eq!(key.slug, "pay-bill");
        assert_eq!(key.translation.map(|l| l.tag), Some("es"));
        assert_eq!(key.name(), "water/pay-bill.es.md");
        assert!(ArticleKey::from_name("water/Pay bill.md").is_none());
        assert!(ArticleKey::from_name("nofolder.md").is_none());
    }

    #[test]
    fn the_front_matter_language_is_read_lightly() {
        let text = "+++\ntitle = \"x\"\nlang = \"es\"\n+++\nbody lang = \"ru\"\n";
        assert_eq!(front_matter_lang(text).map(|l| l.tag), Some("es"));
        assert_eq!(front_matter_lang("+++\ntitle = \"x\"\n+++\n"), None);
    }
}
