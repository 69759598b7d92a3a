//! The `content/` folder: every article file read, checked on its own and against the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use config::{Config, Problems};

use crate::Error;
use crate::article::{self, Article, FileName, Status};

/// All articles of a content folder that passed their checks, drafts included.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every language of every article, ordered by bureau folder and file name.
    pub articles: Vec<Article>,
}

impl Content {
    /// Reads every `content/<bureau>/<slug>[.<lang>].md`, the layout `CONTRACT.md` fixes (only
    /// `.md` files one folder down; folders starting with `.` are skipped). A file name that
    /// [`FileName::parse`] refuses is a problem; each other file is checked by
    /// [`article::parse`], then the files against each other: one file per slug and language,
    /// one original per slug, and each translation with an original in the same bureau and
    /// another language. Problems are returned beside the articles that are fine, sorted by file
    /// and line; an article with a problem is left out.
    ///
    /// # Errors
    /// [`Error::Io`] when `dir`, a bureau folder or an article file cannot be listed or read
    /// (also when `dir` does not exist, or a file is not UTF-8).
    pub fn load(dir: &Path, config: &Config) -> Result<(Content, Problems), Error> {
        Content::load_with(dir, config, None)
    }

    /// [`Content::load`] as it would be with one file changed: `overlay` is `(path, text)`,
    /// `path` being `dir/<bureau>/<file>.md`; `Some(text)` stands for the file's text (the file
    /// need not exist yet), `None` for the file removed. This is how the editors' workspace
    /// runs the checks of `firststop check` on a change before writing it.
    ///
    /// # Errors
    /// As [`Content::load`].
    pub fn load_with(
        dir: &Path,
        config: &Config,
        overlay: Option<(&Path, Option<&str>)>,
    ) -> Result<(Content, Problems), Error> {
        let bureaus = config.bureau_ids();
        let mut problems = Problems::default();
        let mut articles = Vec::new();
        let mut files = article_files(dir)?;
        if let Some((path, text)) = overlay {
            files.retain(|(_, p)| p != path);
            let folder = path
                .parent()
                .and_then(|f| f.file_name())
                .map(|f| f.to_string_lossy().into_owned());
            if let (Some(folder), Some(_)) = (folder, text) {
                files.push((folder, path.to_owned()));
                files.sort();
            }
        }
        for (folder, path) in files {
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some(name) = FileName::parse(file_name) else {
                problems.push(&path, 1, "file name must be <slug>.md or <slug>.<lang>.md, slug in lowercase letters, digits and hyphens");
                continue;
            };
            let text = match overlay {
                Some((changed, Some(text))) if changed == path => text.to_owned(),
                _ => std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?,
            };
            if let Some(a) = article::parse(&path, &text, &name, &folder, &bureaus, &mut problems) {
                articles.push(a);
            }
        }
        let articles = cross_check(articles, &mut problems);
        problems.sort();
        Ok((Content { articles }, problems))
    }

    /// The published articles (every language), in order.
    pub fn published(&self) -> impl Iterator<Item = &Article> {
        self.articles
            .iter()
            .filter(|a| a.status == Status::Published)
    }

    /// The published article with `slug` in `lang` (a canonical tag such as `es`).
    pub fn find(&self, slug: &str, lang: &str) -> Option<&Article> {
        self.published()
            .find(|a| a.slug == slug && a.lang.tag == lang)
    }
}

/// `(bureau folder, path)` of every markdown file one level down, sorted.
fn article_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let folder_path = entry.path();
        if !folder_path.is_dir() {
            continue; // README.md, synonyms.toml and other editor files live at the top.
        }
        let folder = entry.file_name().to_string_lossy().into_owned();
        if folder.starts_with('.') {
            continue;
        }
        for file in std::fs::read_dir(&folder_path).map_err(io(&folder_path))? {
            let path = file.map_err(io(&folder_path))?.path();
            if path.extension().is_some_and(|e| e == "md") && path.is_file() {
                files.push((folder.clone(), path));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Checks between files: one original per slug, one translation per language, translations with an
/// original in the same bureau. Articles that fail are dropped.
fn cross_check(articles: Vec<Article>, problems: &mut Problems) -> Vec<Article> {
    let mut originals: HashMap<&str, &Article> = HashMap::new();
    let mut seen: HashMap<(&str, &str), &Path> = HashMap::new();
    let mut rejected = vec![false; articles.len()];
    for (i, a) in articles.iter().enumerate() {
        if let Some(first) = seen.insert((&a.slug, a.lang.tag), &a.path) {
            problems.push(
                &a.path,
                1,
                format!(
                    "duplicate slug '{}' in '{}': also {}",
                    a.slug,
                    a.lang,
                    first.display()
                ),
            );
            rejected[i] = true;
            continue;
        }
        if a.is_original {
            if let Some(first) = originals.get(a.slug.as_str()) {
                problems.push(
                    &a.path,
                    1,
                    format!("duplicate slug '{}': also {}", a.slug, first.path.display()),
                );
                rejected[i] = true;
            } else {
                originals.insert(&a.slug, a);
            }
        }
    }
    for (i, a) in articles.iter().enumerate() {
        if a.is_original || rejected[i] {
            continue;
        }
        match originals.get(a.slug.as_str()) {
            None => {
                problems.push(
                    &a.path,
                    1,
                    format!(
                        "translation of '{}' has no original {}.md in any bureau folder",
                        a.slug, a.slug
                    ),
                );
                rejected[i] = true;
            }
            Some(original) if original.bureau != a.bureau => {
                problems.push(
                    &a.path,
                    1,
                    format!(
                        "translation's bureau '{}' differs from its original's '{}' ({})",
                        a.bureau,
                        original.bureau,
                        original.path.display()
                    ),
                );
                rejected[i] = true;
            }
            Some(original) if original.lang == a.lang => {
                problems.push(
                    &a.path,
                    1,
                    format!(
                        "translation is in '{}', the language of its original",
                        a.lang
                    ),
                );
                rejected[i] = true;
            }
            Some(_) => {}
        }
    }
    articles
        .into_iter()
        .zip(rejected)
        .filter(|(_, r)| !r)
        .map(|(a, _)| a)
        .collect()
}
