//! The editors' workspace: what happens when a bureau editor saves, unpublishes or reverts an
//! article, or an admin edits a rule file, through `/editor` or `/api/editor`.
//!
//! A change is checked exactly as `firststop check` would check the content folder with the
//! change made ([`indexer::Content::load_with`], [`indexer::rules::load_with`]), refused with
//! every problem on its line, and otherwise written: a pending revision in the history
//! ([`store`], `data/editor.db`), the file replaced atomically ([`files`]), the revision marked
//! done, and the article's records replaced in the index
//! ([`indexer::build::update_articles`]). All of it under one lock, so two saves never
//! interleave. A crash at any point leaves the old file or the new one; [`Workspace::open`]
//! finishes or drops the revision left pending and [`Workspace::reconcile_index`] makes the index
//! agree with the files.
//!
//! Who may change what is the caller's business (`search-api` checks the account's bureaus on
//! every request before calling in); this crate checks what is written.

mod error;
pub mod files;
pub mod key;
pub mod store;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use config::{Config, Lang, Problem};
use indexer::{Article, Content, IndexReport, Status};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub use error::{Error, LineProblem};
pub use indexer::article::MAX_SUMMARY_CHARS;
pub use key::ArticleKey;
pub use store::{FILES_AUTHOR, RevStatus, Revision};

use crate::files::WriteLock;
use crate::store::History;

/// The rule files an admin edits, by the name in `/api/editor/rules/{name}`.
pub const RULE_FILES: &[(&str, &str)] = &[
    ("synonyms", indexer::rules::SYNONYMS_FILE),
    ("best-bets", indexer::rules::BEST_BETS_FILE),
    ("referrals", indexer::rules::REFERRALS_FILE),
    ("topics", indexer::rules::TOPICS_FILE),
];

/// The live text of a file and its etag.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The whole file.
    pub source: String,
    /// A strong etag of exactly that text (`"<16 hex digits>"`, quotes included).
    pub etag: String,
}

/// What a save did.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// True when the file did not exist before (201), false when it was replaced (200).
    pub created: bool,
    /// The etag of the text now live; `None` after an unpublish.
    pub etag: Option<String>,
    /// The revision written; `None` when the text was already the live one.
    pub rev: Option<i64>,
    /// Whether the index was updated: false when it could not be (another `firststop index`
    /// held it for too long); the next save or server start catches up.
    pub indexed: bool,
}

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

/// The inputs of an article preview: the article parsed as its file would be, with the
/// languages its page links to.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The article as checked and rendered (body sanitized as for the index).
    pub article: Article,
    /// The language of the slug's original.
    pub original: Lang,
    /// Every language the slug would be published in, this one included.
    pub langs: Vec<String>,
}

impl Preview {
    /// The record the index would store for it, built by the indexer exactly as `firststop
    /// index` builds it; the engine's `Engine::article_view` reads it like a published one.
    pub fn record(&self, fields: &searchindex::Fields) -> indexer::StoredDoc {
        let langs: Vec<&str> = self.langs.iter().map(String::as_str).collect();
        indexer::article_record(fields, &self.article, self.original, &langs)
    }
}

/// A run of a line diff between two texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `+` added, `-` removed, ` ` unchanged (context), `@` a gap between hunks.
    pub sign: char,
    /// The line, without its end.
    pub text: String,
}

/// The workspace over one content folder, data folder and config.
pub struct Workspace {
    config: Arc<Config>,
    content_dir: PathBuf,
    data_dir: PathBuf,
    history: Mutex<History>,
    writing: Mutex<()>,
}

/// How long a save waits for another index writer (a running `firststop index`) before it
/// leaves the index to catch up later.
pub const INDEX_WAIT: Duration = Duration::from_secs(10);

impl Workspace {
    /// Opens the workspace: the history in `data_dir/editor.db`, with what a crash left behind
    /// settled (pending revisions finished or dropped, temporary files removed), and every file
    /// changed outside the workspace since (by `git`, a text editor) recorded as a revision by
    /// [`FILES_AUTHOR`], so the history always ends with what is live.
    ///
    /// # Errors
    /// [`Error::Internal`] when the history cannot be opened or the content folder read.
    pub fn open(
        config: Arc<Config>,
        data_dir: &Path,
        content_dir: &Path,
    ) -> Result<Workspace, Error> {
        let history = History::open(data_dir)?;
        let workspace = Workspace {
            config,
            content_dir: content_dir.to_owned(),
            data_dir: data_dir.to_owned(),
            history: Mutex::new(history),
            writing: Mutex::new(()),
        };
        {
            let _writing = workspace.lock_writing()?;
            let leftovers = files::remove_leftovers(content_dir);
            let history = workspace.history();
            let (done, dropped) = history.settle(|file| workspace.read_named(file))?;
            if leftovers + done + dropped > 0 {
                tracing::info!(
                    leftovers,
                    done,
                    dropped,
                    "finished what an interrupted save left"
                );
            }
            drop(history);
            workspace.import_files()?;
        }
        Ok(workspace)
    }

    /// The content folder.
    pub fn content_dir(&self) -> &Path {
        &self.content_dir
    }

    /// Makes the index's articles agree with the files (see
    /// [`indexer::build::update_articles`]); what a server does at start. Nothing is done when
    /// there is no index yet or no content folder: `firststop index` builds the first one.
    ///
    /// # Errors
    /// [`Error::Internal`] when the index cannot be written.
    pub fn reconcile_index(&self) -> Result<IndexReport, Error> {
        let _writing = self.lock_writing()?;
        let index = searchindex::IndexDir::new(&self.data_dir);
        if index.current_generation().is_none() || !self.content_dir.is_dir() {
            return Ok(IndexReport::default());
        }
        Ok(indexer::build::update_articles(
            &self.config,
            &self.data_dir,
            &self.content_dir,
            None,
        )?)
    }

    fn history(&self) -> MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_writing(&self) -> Result<(MutexGuard<'_, ()>, WriteLock), Error> {
        let guard = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let lock = WriteLock::acquire(&self.data_dir.join("editor.lock"))?;
        Ok((guard, lock))
    }

    /// The text of a history name (`<bureau>/<file>` or `rules/<file>`) on disk now.
    fn read_named(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.path_of_name(name)?).ok()
    }

    fn path_of_name(&self, name: &str) -> Option<PathBuf> {
        match name.strip_prefix("rules/") {
            Some(file) => Some(self.content_dir.join(file)),
            None => ArticleKey::from_name(name).map(|k| k.path(&self.content_dir)),
        }
    }

    /// Records every article and rule file whose text differs from the end of its history.
    fn import_files(&self) -> Result<(), Error> {
        let history = self.history();
        let latest: HashMap<String, Revision> = history.latest()?.into_iter().collect();
        let mut on_disk: Vec<(String, String)> = Vec::new();
        for bureau in &self.config.bureaus {
            let folder = self.content_dir.join(&bureau.id);
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.filter_map(|e| e.ok()) {
                let name = format!("{}/{}", bureau.id, entry.file_name().to_string_lossy());
                if ArticleKey::from_name(&name).is_none() {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    on_disk.push((name, text));
                }
            }
        }
        for (_, file) in RULE_FILES {
            if let Ok(text) = std::fs::read_to_string(self.content_dir.join(file)) {
                on_disk.push((format!("rules/{file}"), text));
            }
        }
        let now = OffsetDateTime::now_utc();
        let present: HashSet<&str> = on_disk.iter().map(|(n, _)| n.as_str()).collect();
        for (name, text) in &on_disk {
            let known = latest
                .get(name)
                .is_some_and(|r| r.status != RevStatus::Unpublished && r.source == *text);
            if !known {
                let status = if name.starts_with("rules/") {
                    RevStatus::Rules
                } else {
                    status_of(text)
                };
                let rev = history.begin(name, FILES_AUTHOR, status, text, "", now)?;
                history.commit(name, rev)?;
            }
        }
        for (name, rev) in &latest {
            if rev.status != RevStatus::Unpublished
                && rev.status != RevStatus::Rules
                && !present.contains(name.as_str())
            {
                let r = history.begin(
                    name,
                    FILES_AUTHOR,
                    RevStatus::Unpublished,
                    &rev.source,
                    "removed",
                    now,
                )?;
                history.commit(name, r)?;
            }
        }
        Ok(())
    }

    /// The live text of `key` and its etag; `None` when the file does not exist.
    ///
    /// # Errors
    /// [`Error::Internal`] when the file exists but cannot be read.
    pub fn get(&self, key: &ArticleKey) -> Result<Option<Source>, Error> {
        read(&key.path(&self.content_dir)).map(|t| {
            t.map(|source| Source {
                etag: etag(&source),
                source,
            })
        })
    }

    /// Saves `text` as `key` for `author`. `if_match` is the etag of the version the change
    /// started from: required when the file exists, and it must be the live one (`*` matches
    /// any live version); for a new article it must be absent or empty. `note` goes into the
    /// history (`revert to 3`).
    ///
    /// # Errors
    /// [`Error::PreconditionRequired`], [`Error::Stale`], [`Error::Problems`] (checked as
    /// `firststop check` checks the content folder with the change made: every problem in the
    /// text, and any the change would cause in other files, such as a translation left without
    /// its original's bureau); [`Error::Internal`] when writing fails (the old file stays).
    pub fn put(
        &self,
        key: &ArticleKey,
        text: &str,
        if_match: Option<&str>,
        author: &str,
        note: &str,
    ) -> Result<Saved, Error> {
        let _writing = self.lock_writing()?;
        let path = key.path(&self.content_dir);
        let current = read(&path)?;
        precondition(current.as_deref(), if_match)?;
        let created = current.is_none();
        if current.as_deref() == Some(text) {
            return Ok(Saved {
                created,
                etag: Some(etag(text)),
                rev: None,
                indexed: true,
            });
        }
        let problems = self.check_article(&path, Some(text))?;
        if !problems.is_empty() {
            return Err(Error::Problems(problems));
        }
        let rev = self.write(
            &key.name(),
            &path,
            Some(text),
            author,
            status_of(text),
            note,
        )?;
        let indexed = self.update_index(Some(&key.slug));
        Ok(Saved {
            created,
            etag: Some(etag(text)),
            rev: Some(rev),
            indexed,
        })
    }

    /// Unpublishes `key`: removes its file (its text stays in the history, and
    /// [`Workspace::revert`] brings it back). `if_match`, when given, must be the live etag.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such file; [`Error::Stale`]; [`Error::HasTranslations`]
    /// for an original with live translations; [`Error::Problems`] when another file needs it
    /// (a best bet or topic naming it); [`Error::Internal`].
    pub fn unpublish(
        &self,
        key: &ArticleKey,
        if_match: Option<&str>,
        author: &str,
    ) -> Result<Saved, Error> {
        let _writing = self.lock_writing()?;
        self.unpublish_locked(key, if_match, author, "unpublish")
    }

    fn unpublish_locked(
        &self,
        key: &ArticleKey,
        if_match: Option<&str>,
        author: &str,
        note: &str,
    ) -> Result<Saved, Error> {
        let path = key.path(&self.content_dir);
        let Some(current) = read(&path)? else {
            return Err(Error::NotFound);
        };
        if if_match.is_some_and(|m| !m.is_empty()) {
            precondition(Some(&current), if_match)?;
        }
        if key.translation.is_none() {
            let translations = self.translations_on_disk(key);
            if !translations.is_empty() {
                return Err(Error::HasTranslations(translations));
            }
        }
        let problems = self.check_article(&path, None)?;
        if !problems.is_empty() {
            return Err(Error::Problems(problems));
        }
        let rev = self.write(
            &key.name(),
            &path,
            None,
            author,
            RevStatus::Unpublished,
            note,
        )?;
        let indexed = self.update_index(Some(&key.slug));
        Ok(Saved {
            created: false,
            etag: None,
            rev: Some(rev),
            indexed,
        })
    }

    /// Makes revision `rev` of `key` live again (or unpublishes, when that revision was an
    /// unpublish), recorded as a new revision noted `revert to N`. `if_match` as for
    /// [`Workspace::unpublish`].
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such revision; otherwise as [`Workspace::put`] and
    /// [`Workspace::unpublish`].
    pub fn revert(
        &self,
        key: &ArticleKey,
        rev: i64,
        if_match: Option<&str>,
        author: &str,
    ) -> Result<Saved, Error> {
        let target = self
            .history()
            .revision(&key.name(), rev)?
            .ok_or(Error::NotFound)?;
        let note = format!("revert to {rev}");
        if target.status == RevStatus::Unpublished {
            let _writing = self.lock_writing()?;
            return self.unpublish_locked(key, if_match, author, &note);
        }
        let live = self.get(key)?;
        let start = match (if_match.filter(|m| !m.is_empty()), &live) {
            (Some(m), _) => Some(m.to_owned()),
            (None, Some(live)) => Some(live.etag.clone()),
            (None, None) => None,
        };
        self.put(key, &target.source, start.as_deref(), author, &note)
    }

    /// The history of `key`, oldest first.
    ///
    /// # Errors
    /// [`Error::Internal`] when the history cannot be read.
    pub fn history_of(&self, key: &ArticleKey) -> Result<Vec<Revision>, Error> {
        self.history().revisions(&key.name())
    }

    /// Revision `rev` of `key`, with its text.
    ///
    /// # Errors
    /// [`Error::Internal`] when the history cannot be read.
    pub fn revision(&self, key: &ArticleKey, rev: i64) -> Result<Option<Revision>, Error> {
        self.history().revision(&key.name(), rev)
    }

    /// Checks `text` as the file `key` would be checked, without the relations to other files,
    /// and returns what its page is built from.
    ///
    /// # Errors
    /// [`Error::Problems`] when the article does not pass its own checks (then it has no page).
    pub fn preview(&self, key: &ArticleKey, text: &str) -> Result<Preview, Error> {
        let path = key.path(&self.content_dir);
        let mut problems = config::Problems::default();
        let name = indexer::article::FileName::parse(&key.file_name()).ok_or(Error::NotFound)?;
        let article = indexer::article::parse(
            &path,
            text,
            &name,
            &key.bureau,
            &self.config.bureau_ids(),
            &mut problems,
        );
        let Some(article) = article else {
            return Err(Error::Problems(
                problems
                    .iter()
                    .map(|p| line_problem(p, &path, &self.content_dir))
                    .collect(),
            ));
        };
        let (content, _) = Content::load(&self.content_dir, &self.config)?;
        let original = if article.is_original {
            article.lang
        } else {
            content
                .articles
                .iter()
                .find(|a| a.slug == key.slug && a.is_original)
                .map_or(Lang::ENGLISH, |a| a.lang)
        };
        let mut langs: Vec<String> = content
            .published()
            .filter(|a| a.slug == key.slug && a.lang != article.lang)
            .map(|a| a.lang.tag.to_owned())
            .collect();
        langs.push(article.lang.tag.to_owned());
        langs.sort();
        Ok(Preview {
            article,
            original,
            langs,
        })
    }

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

    /// The text of rule file `name` (`synonyms`, `best-bets`, `referrals`, `topics`), empty
    /// when it does not exist yet, with its etag.
    ///
    /// # Errors
    /// [`Error::NotFound`] for another name; [`Error::Internal`] when the file cannot be read.
    pub fn rules(&self, name: &str) -> Result<Source, Error> {
        let file = rule_file(name)?;
        let source = read(&self.content_dir.join(file))?.unwrap_or_default();
        Ok(Source {
            etag: etag(&source),
            source,
        })
    }

    /// Saves rule file `name`, checked as `firststop check` checks it (and the articles it
    /// names). As for an article, a file that exists is only replaced with `if_match` the etag
    /// of the live text (or `*`). The index gets the new rules in its next commit, made at once.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown name; [`Error::PreconditionRequired`] without
    /// `if_match` when the file exists; [`Error::Stale`]; [`Error::Problems`];
    /// [`Error::Internal`].
    pub fn put_rules(
        &self,
        name: &str,
        text: &str,
        if_match: Option<&str>,
        author: &str,
    ) -> Result<Saved, Error> {
        let file = rule_file(name)?;
        let _writing = self.lock_writing()?;
        let path = self.content_dir.join(file);
        let current = read(&path)?;
        let live = current.clone().unwrap_or_default();
        precondition(current.as_deref(), if_match)?;
        let created = current.is_none();
        if live == text && !created {
            return Ok(Saved {
                created,
                etag: Some(etag(text)),
                rev: None,
                indexed: true,
            });
        }
        let (content, _) = Content::load(&self.content_dir, &self.config)?;
        let slugs: HashSet<&str> = content.published().map(|a| a.slug.as_str()).collect();
        let (_, before) = indexer::rules::load(&self.content_dir, &self.config, &slugs);
        let (_, after) =
            indexer::rules::load_with(&self.content_dir, &self.config, &slugs, Some((file, text)));
        let problems = new_problems(&before.0, &after.0, &path, &self.content_dir);
        if !problems.is_empty() {
            return Err(Error::Problems(problems));
        }
        let rev = self.write(
            &format!("rules/{file}"),
            &path,
            Some(text),
            author,
            RevStatus::Rules,
            "",
        )?;
        let indexed = self.update_index(None);
        Ok(Saved {
            created,
            etag: Some(etag(text)),
            rev: Some(rev),
            indexed,
        })
    }

    /// The problems `firststop check` would report with the file at `path` holding `text`
    /// (`None`: removed): all of those in that file, and those in other files that the change
    /// causes.
    fn check_article(&self, path: &Path, text: Option<&str>) -> Result<Vec<LineProblem>, Error> {
        let (before_content, mut before) = Content::load(&self.content_dir, &self.config)?;
        let (after_content, mut after) =
            Content::load_with(&self.content_dir, &self.config, Some((path, text)))?;
        let rules_problems = |content: &Content| {
            let slugs: HashSet<&str> = content.published().map(|a| a.slug.as_str()).collect();
            indexer::rules::load(&self.content_dir, &self.config, &slugs).1
        };
        before.extend(rules_problems(&before_content));
        after.extend(rules_problems(&after_content));
        Ok(new_problems(&before.0, &after.0, path, &self.content_dir))
    }

    /// Writes (or with `None` removes) the file of history name `name` at `path` as a new
    /// revision: pending revision, file, revision done.
    fn write(
        &self,
        name: &str,
        path: &Path,
        text: Option<&str>,
        author: &str,
        status: RevStatus,
        note: &str,
    ) -> Result<i64, Error> {
        let now = OffsetDateTime::now_utc();
        let history = self.history();
        let source = match text {
            Some(t) => t.to_owned(),
            None => read(path)?.unwrap_or_default(),
        };
        let rev = history.begin(name, author, status, &source, note, now)?;
        let written = match text {
            Some(t) => files::write_atomic(path, t),
            None => files::remove(path),
        };
        if let Err(e) = written {
            history.abandon(name, rev)?;
            return Err(e);
        }
        history.commit(name, rev)?;
        tracing::info!(file = name, rev, author, status = status.as_str(), "saved");
        Ok(rev)
    }

    /// Updates the index for `slug` (or all articles and the rules), waiting up to
    /// [`INDEX_WAIT`] for another writer. False when it could not.
    fn update_index(&self, slug: Option<&str>) -> bool {
        let deadline = std::time::Instant::now() + INDEX_WAIT;
        loop {
            match indexer::build::update_articles(
                &self.config,
                &self.data_dir,
                &self.content_dir,
                slug,
            ) {
                Ok(_) => return true,
                Err(indexer::Error::Index(searchindex::Error::Locked { .. }))
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => {
                    tracing::error!(error = %e, "the index was not updated; the files are live and the next save or start catches up");
                    return false;
                }
            }
        }
    }

    /// The translations of `key`'s slug on disk, as file names.
    fn translations_on_disk(&self, key: &ArticleKey) -> Vec<String> {
        let folder = self.content_dir.join(&key.bureau);
        let prefix = format!("{}.", key.slug);
        let mut found: Vec<String> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&prefix) && n.ends_with(".md") && *n != key.file_name())
            .collect();
        found.sort();
        found
    }
}

/// The etag of a text: the first 16 hex digits of its SHA-256, quoted.
pub fn etag(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// An etag as compared: without a weak prefix, quotes or spaces.
fn strip_etag(tag: &str) -> &str {
    tag.trim().trim_start_matches("W/").trim_matches('"')
}

/// Whether a change that started from `if_match` may replace `current`.
fn precondition(current: Option<&str>, if_match: Option<&str>) -> Result<(), Error> {
    let if_match = if_match.map(str::trim).filter(|m| !m.is_empty());
    match (current, if_match) {
        (Some(text), None) => Err(Error::PreconditionRequired {
            current: text.to_owned(),
            etag: etag(text),
        }),
        (Some(_), Some("*")) | (None, None) => Ok(()),
        (Some(text), Some(m)) => {
            let live = etag(text);
            let matches = m.split(',').any(|t| strip_etag(t) == strip_etag(&live));
            if matches {
                Ok(())
            } else {
                Err(Error::Stale {
                    current: Some(text.to_owned()),
                    etag: Some(live),
                })
            }
        }
        (None, Some(_)) => Err(Error::Stale {
            current: None,
            etag: None,
        }),
    }
}

fn read(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::internal(format!("{}: {e}", path.display()))),
    }
}

fn rule_file(name: &str) -> Result<&'static str, Error> {
    RULE_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .ok_or(Error::NotFound)
}

/// `draft` when the front matter says so, else published.
fn status_of(text: &str) -> RevStatus {
    match key::front_matter_value(text, "status").as_deref() {
        Some("draft") => RevStatus::Draft,
        _ => RevStatus::Published,
    }
}

fn lang_of(key: &ArticleKey, text: &str) -> String {
    key.translation
        .or_else(|| key::front_matter_lang(text))
        .unwrap_or(Lang::ENGLISH)
        .tag
        .to_owned()
}

/// Every problem in `path` after the change, and those elsewhere that were not there before.
fn new_problems(
    before: &[Problem],
    after: &[Problem],
    path: &Path,
    content_dir: &Path,
) -> Vec<LineProblem> {
    let old: HashSet<(&Path, usize, &str)> = before
        .iter()
        .map(|p| (p.path.as_path(), p.line, p.message.as_str()))
        .collect();
    let mut out: Vec<LineProblem> = after
        .iter()
        .filter(|p| {
            p.path == path || !old.contains(&(p.path.as_path(), p.line, p.message.as_str()))
        })
        .map(|p| line_problem(p, path, content_dir))
        .collect();
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out.dedup();
    out
}

fn line_problem(p: &Problem, path: &Path, content_dir: &Path) -> LineProblem {
    LineProblem {
        line: p.line,
        message: p.message.clone(),
        file: (p.path != path).then(|| {
            p.path
                .strip_prefix(content_dir)
                .unwrap_or(&p.path)
                .to_string_lossy()
                .into_owned()
        }),
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

/// A line diff of `old` to `new` with three lines of context around each change; `@` lines
/// separate hunks.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                sign: '@',
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(DiffLine {
                    sign,
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_strong_and_compared_without_quotes() {
        let tag = etag("text");
        assert_eq!(tag.len(), 18);
        assert!(precondition(Some("text"), Some(&tag)).is_ok());
        assert!(precondition(Some("text"), Some(tag.trim_matches('"'))).is_ok());
        assert!(precondition(Some("text"), Some("*")).is_ok());
        assert!(matches!(
            precondition(Some("text"), Some("\"0000\"")),
            Err(Error::Stale { .. })
        ));
        assert!(matches!(
            precondition(Some("text"), None),
            Err(Error::PreconditionRequired { .. })
        ));
        assert!(precondition(None, None).is_ok());
        assert!(matches!(
            precondition(None, Some(&tag)),
            Err(Error::Stale { current: None, .. })
        ));
    }

    #[test]
    fn a_diff_shows_changed_lines_with_context() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n");
        let signs: String = d.iter().map(|l| l.sign).collect();
        assert_eq!(signs, " -+ ");
        assert_eq!(d[2].text, "B");
    }
}
