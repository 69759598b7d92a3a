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

mod check;
mod diff;
mod error;
mod etag;
pub mod files;
pub mod key;
mod list;
mod rules;
pub mod store;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use config::{Config, Lang};
use indexer::{Article, Content, IndexReport};
use serde::Serialize;
use time::OffsetDateTime;

pub use diff::{DiffLine, diff};
pub use error::{Error, LineProblem};
pub use etag::etag;
pub use indexer::article::MAX_SUMMARY_CHARS;
pub use key::ArticleKey;
pub use list::Listed;
pub use rules::RULE_FILES;
pub use store::{FILES_AUTHOR, RevStatus, Revision};

use crate::error::line_problem;
use crate::etag::precondition;

use crate::files::WriteLock;
use crate::store::History;

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

fn read(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::internal(format!("{}: {e}", path.display()))),
    }
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
