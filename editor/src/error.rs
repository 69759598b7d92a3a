//! What can go wrong in the workspace, and a problem the checks found on a line.

use std::collections::HashSet;
use std::path::Path;

use config::Problem;
use serde::Serialize;

/// What can go wrong. Every variant but [`Error::Internal`] is the user's to fix, and nothing
/// was written when it is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address names a bureau `firststop.toml` does not list.
    #[error("there is no bureau '{0}'")]
    UnknownBureau(String),
    /// The address is malformed (a slug, language or rule file name).
    #[error("{0}")]
    BadAddress(String),
    /// No such article file (or revision, or rule file name).
    #[error("no such article")]
    NotFound,
    /// The article exists and the change did not say which version it replaces (`If-Match`).
    #[error("this file exists: send If-Match with the etag of the version you edited")]
    PreconditionRequired {
        /// The text now live.
        current: String,
        /// Its etag.
        etag: String,
    },
    /// The version the change started from is no longer the current one: someone saved in
    /// between.
    #[error("{}", stale(.current))]
    Stale {
        /// The text now on disk; `None` when the file is gone (unpublished).
        current: Option<String>,
        /// Its etag.
        etag: Option<String>,
    },
    /// The text fails the checks of `firststop check`.
    #[error("the text has {} problem(s)", .0.len())]
    Problems(Vec<LineProblem>),
    /// An original cannot be unpublished while its translations are live: they would be left
    /// without one, which `firststop check` refuses.
    #[error("unpublish its translations first: {}", .0.join(", "))]
    HasTranslations(Vec<String>),
    /// A file, the history database or the index failed.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub(crate) fn internal(message: impl Into<String>) -> Error {
        Error::Internal(message.into())
    }
}

impl From<indexer::Error> for Error {
    fn from(e: indexer::Error) -> Error {
        Error::Internal(e.to_string())
    }
}

/// One problem found by the checks, on the line it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    /// 1-based line in the text sent (or in `file`, when given).
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Another file the change would break (relative to the content folder, such as
    /// `best-bets.toml`); absent for a problem in the text sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// The message of [`Error::Stale`]: the file changed, or there is none to match.
fn stale(current: &Option<String>) -> &'static str {
    match current {
        Some(_) => "the file changed since you opened it",
        None => {
            "there is no such file (new, or unpublished since you opened it): send no If-Match to create it"
        }
    }
}

/// Every problem in `path` after the change, and those elsewhere that were not there before.
pub(crate) fn new_problems(
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

pub(crate) fn line_problem(p: &Problem, path: &Path, content_dir: &Path) -> LineProblem {
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
