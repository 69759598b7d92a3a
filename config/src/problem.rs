//! A problem found in an editor's file, named by its place: `path:line: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem at one place in a file, displayed as `path:line: message` (the form
/// `firststop check` prints, one per line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as its path was given to the check.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, in plain words, often with how to fix it.
    pub message: String,
}

impl Problem {
    /// A problem on `line` (1-based) of `path`.
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Every problem found in one pass, in the order found until [`Problems::sort`] puts them in
/// file and line order. Displayed one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Adds a problem on `line` (1-based) of `path`.
    pub fn push(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        self.0.push(Problem::new(path, line, message));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds every problem of `other` after these.
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Orders the problems by file path, then line; problems on one line keep their order.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }

    /// The problems, in their current order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was found.
    ///
    /// # Errors
    /// `Err(self)` when anything was found.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// 1-based line of a byte offset in `text` (as TOML parsers report spans); an offset past the end
/// counts as the end of the text.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
