//! The workspace's list of article files: every language of every slug of the editor's bureaus,
//! with the unpublished ones the history keeps, outdated translations and missing languages.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexer::{Article, Content, Status};
use serde::Serialize;
use time::OffsetDateTime;

use crate::key::{self, ArticleKey};
use crate::store::Revision;
use crate::{Error, Workspace, etag, lang_of, read};

/// One article file as the workspace lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// Bureau id.
    pub bureau: String,
    /// Slug.
    pub slug: String,
    /// Language tag.
    pub lang: String,
    /// True for the original, false for a translation.
    pub original: bool,
    /// Title, or the slug when the file does not pass the checks.
    pub title: String,
    /// `published`, `draft`, `unpublished` (removed, kept in history) or `invalid` (on disk
    /// but failing the checks, so not served).
    pub status: String,
    /// The etag of the live file; `None` when unpublished.
    pub etag: Option<String>,
    /// The latest revision, its author and time, when the history has one.
    pub rev: Option<i64>,
    /// Author of the latest revision.
    pub author: Option<String>,
    /// Time of the latest revision.
    #[serde(with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
    /// For a translation: the original changed after it (a later revision, or a later
    /// `updated` day).
    pub outdated: bool,
    /// For an original: the city's languages it has no translation in.
    pub missing: Vec<String>,
}

impl Workspace {
    /// The article files of the bureaus `may_edit` allows, each language its own entry, with
    /// the unpublished ones the history keeps: originals first within a slug.
    ///
    /// # Errors
    /// [`Error::Internal`] when the content folder or the history cannot be read.
    pub fn list(&self, may_edit: impl Fn(&str) -> bool) -> Result<Vec<Listed>, Error> {
        let (content, problems) = Content::load(&self.content_dir, &self.config)?;
        let latest: HashMap<String, Revision> = self.history().latest()?.into_iter().collect();
        let by_path: HashMap<PathBuf, &Article> = content
            .articles
            .iter()
            .map(|a| (a.path.clone(), a))
            .collect();
        let invalid: HashSet<&Path> = problems.iter().map(|p| p.path.as_path()).collect();
        let mut out: Vec<Listed> = Vec::new();
        let mut names: Vec<String> = latest
            .keys()
            .filter(|n| !n.starts_with("rules/"))
            .cloned()
            .collect();
        for bureau in self.config.bureaus.iter().filter(|b| may_edit(&b.id)) {
            if let Ok(entries) = std::fs::read_dir(self.content_dir.join(&bureau.id)) {
                for e in entries.filter_map(|e| e.ok()) {
                    names.push(format!("{}/{}", bureau.id, e.file_name().to_string_lossy()));
                }
            }
        }
        names.sort();
        names.dedup();
        for name in names {
            let Some(key) = ArticleKey::from_name(&name) else {
                continue;
            };
            if !may_edit(&key.bureau) {
                continue;
            }
            let path = key.path(&self.content_dir);
            let rev = latest.get(&name);
            let (title, status, lang, etag) = match (by_path.get(&path), read(&path)?) {
                (Some(a), Some(text)) => (
                    a.title.clone(),
                    match a.status {
                        Status::Published => "published",
                        Status::Draft => "draft",
                    },
                    a.lang.tag.to_owned(),
                    Some(etag(&text)),
                ),
                (None, Some(text)) => (
                    key.slug.clone(),
                    if invalid.contains(path.as_path()) {
                        "invalid"
                    } else {
                        "draft"
                    },
                    lang_of(&key, &text),
                    Some(etag(&text)),
                ),
                (_, None) => match rev {
                    Some(r) => (
                        key::front_matter_value(&r.source, "title").unwrap_or(key.slug.clone()),
                        "unpublished",
                        lang_of(&key, &r.source),
                        None,
                    ),
                    None => continue,
                },
            };
            out.push(Listed {
                bureau: key.bureau.clone(),
                slug: key.slug.clone(),
                lang,
                original: key.translation.is_none(),
                title,
                status: status.to_owned(),
                etag,
                rev: rev.map(|r| r.rev),
                author: rev.map(|r| r.author.clone()),
                at: rev.map(|r| r.at),
                outdated: false,
                missing: Vec::new(),
            });
        }
        flag_translations(&mut out, &content);
        out.sort_by(|a, b| {
            (&a.bureau, &a.slug, !a.original, &a.lang).cmp(&(
                &b.bureau,
                &b.slug,
                !b.original,
                &b.lang,
            ))
        });
        Ok(out)
    }
}

/// Flags outdated translations (their original changed later: a later revision, or a later
/// `updated` day) and lists the languages each original lacks.
fn flag_translations(list: &mut [Listed], content: &Content) {
    let mut originals: HashMap<(String, String), (Option<OffsetDateTime>, String)> = HashMap::new();
    let mut langs: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for l in list.iter() {
        let slug = (l.bureau.clone(), l.slug.clone());
        if l.status == "unpublished" {
            continue;
        }
        langs.entry(slug.clone()).or_default().push(l.lang.clone());
        if l.original {
            originals.insert(slug, (l.at, l.lang.clone()));
        }
    }
    let updated = |slug: &str, lang: &str| {
        content
            .articles
            .iter()
            .find(|a| a.slug == slug && a.lang.tag == lang)
            .and_then(|a| a.updated)
    };
    for l in list.iter_mut() {
        let slug = (l.bureau.clone(), l.slug.clone());
        if l.original {
            let have = langs.get(&slug).cloned().unwrap_or_default();
            l.missing = config::LANGS
                .iter()
                .map(|lang| lang.tag.to_owned())
                .filter(|t| !have.contains(t))
                .collect();
        } else if l.status != "unpublished"
            && let Some((original_at, original_lang)) = originals.get(&slug)
        {
            let later_revision = matches!((original_at, l.at), (Some(o), Some(t)) if *o > t);
            let later_day = matches!(
                (updated(&l.slug, original_lang), updated(&l.slug, &l.lang)),
                (Some(o), Some(t)) if o > t
            );
            l.outdated = later_revision || later_day;
        }
    }
}
