//! The rule files an admin edits (synonyms, best bets, referrals, topics), checked as
//! `firststop check` checks them, with the articles they name.

use std::collections::HashSet;

use indexer::Content;

use crate::error::new_problems;
use crate::etag::precondition;
use crate::store::RevStatus;
use crate::{Error, Saved, Source, Workspace, etag, read};

/// The rule files an admin edits, by the name in `/api/editor/rules/{name}`.
pub const RULE_FILES: &[(&str, &str)] = &[
    ("synonyms", indexer::rules::SYNONYMS_FILE),
    ("best-bets", indexer::rules::BEST_BETS_FILE),
    ("referrals", indexer::rules::REFERRALS_FILE),
    ("topics", indexer::rules::TOPICS_FILE),
];

impl Workspace {
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
}

fn rule_file(name: &str) -> Result<&'static str, Error> {
    RULE_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .ok_or(Error::NotFound)
}
