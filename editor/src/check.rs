//! What a change is checked against: the problems `firststop check` would report with it made,
//! and which of them the change causes.

use std::collections::HashSet;
use std::path::Path;

use indexer::Content;

use crate::error::new_problems;
use crate::{Error, LineProblem, Workspace};

impl Workspace {
    /// The problems `firststop check` would report with the file at `path` holding `text`
    /// (`None`: removed): all of those in that file, and those in other files that the change
    /// causes.
    pub(crate) fn check_article(
        &self,
        path: &Path,
        text: Option<&str>,
    ) -> Result<Vec<LineProblem>, Error> {
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
}
