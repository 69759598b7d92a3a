//! Who may do what: roles, the account record and the authorization checks on it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use time::OffsetDateTime;

use crate::error::UserError;

/// What an account may do. Stored as its [`Role::as_str`] name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Edits the articles of its bureaus (one or more), nothing else.
    Editor,
    /// Reads the insights dashboard and API.
    Insights,
    /// Everything: every bureau's articles, the editorial rules, insights, the audit log.
    Admin,
}

impl Role {
    /// `editor`, `insights` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Insights => "insights",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UserError;

    /// Parses `editor`, `insights` or `admin` (exactly, lowercase).
    fn from_str(s: &str) -> Result<Role, UserError> {
        match s {
            "editor" => Ok(Role::Editor),
            "insights" => Ok(Role::Insights),
            "admin" => Ok(Role::Admin),
            _ => Err(UserError::UnknownRole { role: s.to_owned() }),
        }
    }
}

/// An account as the rest of firststop sees it: never any secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The sign-in name (lowercase; see [`validate_name`]).
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The bureau ids an editor edits, sorted; empty for the other roles.
    pub bureaus: Vec<String>,
    /// When it was added (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// The last successful sign-in on the web pages, if any.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_sign_in: Option<OffsetDateTime>,
}

impl Account {
    /// Whether this account may create, change or unpublish articles of `bureau`: admins for
    /// every bureau, editors for their own.
    pub fn may_edit(&self, bureau: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Editor => self.bureaus.iter().any(|b| b == bureau),
            Role::Insights => false,
        }
    }

    /// Whether this account may read the insights dashboard and API (`insights` and `admin`).
    pub fn may_read_insights(&self) -> bool {
        matches!(self.role, Role::Insights | Role::Admin)
    }

    /// Whether this account is an admin (editorial rules, accounts' audit log).
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Longest accepted account name, in bytes.
pub const MAX_NAME_LEN: usize = 64;

/// The stored form of an account name: trimmed and lowercased, 1 to [`MAX_NAME_LEN`] characters
/// of `a-z 0-9 . _ @ -`, starting with a letter or digit. Names are compared in this form, so
/// `Ana` and `ana` are one account. An email address is a valid name.
///
/// # Errors
/// [`UserError::InvalidName`] naming what is wrong.
pub fn validate_name(name: &str) -> Result<String, UserError> {
    let normalized = name.trim().to_ascii_lowercase();
    let invalid = |reason| UserError::InvalidName {
        name: name.to_owned(),
        reason,
    };
    if normalized.is_empty() {
        return Err(invalid("it is empty"));
    }
    if normalized.len() > MAX_NAME_LEN {
        return Err(invalid("it is longer than 64 characters"));
    }
    if !normalized
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._@-".contains(&b))
    {
        return Err(invalid("use only letters a-z, digits and . _ @ -"));
    }
    if !normalized.as_bytes()[0].is_ascii_alphanumeric() {
        return Err(invalid("it must start with a letter or digit"));
    }
    Ok(normalized)
}

/// Checks the bureaus given for a role: editors need at least one, each known to
/// `is_known_bureau`; other roles take none. Returns them sorted without duplicates.
///
/// # Errors
/// [`UserError::EditorNeedsBureau`], [`UserError::BureausOnlyForEditors`] or
/// [`UserError::UnknownBureau`] (the first unknown one).
pub fn validate_bureaus(
    role: Role,
    bureaus: &[&str],
    is_known_bureau: impl Fn(&str) -> bool,
) -> Result<Vec<String>, UserError> {
    match role {
        Role::Editor if bureaus.is_empty() => return Err(UserError::EditorNeedsBureau),
        Role::Editor => {}
        Role::Insights | Role::Admin if !bureaus.is_empty() => {
            return Err(UserError::BureausOnlyForEditors {
                role: role.as_str(),
            });
        }
        Role::Insights | Role::Admin => return Ok(Vec::new()),
    }
    if let Some(unknown) = bureaus.iter().find(|b| !is_known_bureau(b)) {
        return Err(UserError::UnknownBureau {
            id: (*unknown).to_owned(),
        });
    }
    let mut sorted: Vec<String> = bureaus.iter().map(|b| (*b).to_owned()).collect();
    sorted.sort();
    sorted.dedup();
    Ok(sorted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, bureaus: &[&str]) -> Account {
        Account {
            name: "ana".into(),
            role,
            bureaus: bureaus.iter().map(|b| b.to_string()).collect(),
            created: OffsetDateTime::UNIX_EPOCH,
            last_sign_in: None,
        }
    }

    #[test]
    fn an_editor_edits_only_its_own_bureaus() {
        let editor = account(Role::Editor, &["pbot", "water"]);
        assert!(editor.may_edit("pbot"));
        assert!(editor.may_edit("water"));
        assert!(!editor.may_edit("parks"));
        assert!(!editor.may_read_insights());
        assert!(!editor.is_admin());
    }

    #[test]
    fn an_insights_reader_reads_insights_and_edits_nothing() {
        let reader = account(Role::Insights, &[]);
        assert!(reader.may_read_insights());
        assert!(!reader.may_edit("pbot"));
        assert!(!reader.is_admin());
    }

    #[test]
    fn an_admin_may_do_everything() {
        let admin = account(Role::Admin, &[]);
        assert!(admin.may_edit("pbot") && admin.may_edit("anything"));
        assert!(admin.may_read_insights());
        assert!(admin.is_admin());
    }

    #[test]
    fn names_are_lowercased_and_checked() {
        assert_eq!(
            validate_name(" Ana.Lopez@Portland.gov ").unwrap(),
            "ana.lopez@portland.gov"
        );
        assert!(validate_name("").is_err());
        assert!(validate_name("ana lopez").is_err());
        assert!(validate_name("-ana").is_err());
        assert!(validate_name("josé").is_err());
        assert!(validate_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in [Role::Editor, Role::Insights, Role::Admin] {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert_eq!(
            "root".parse::<Role>(),
            Err(UserError::UnknownRole {
                role: "root".into()
            })
        );
    }

    #[test]
    fn editors_need_a_known_bureau_and_others_take_none() {
        let known = |b: &str| ["pbot", "water"].contains(&b);
        assert_eq!(
            validate_bureaus(Role::Editor, &[], known),
            Err(UserError::EditorNeedsBureau)
        );
        assert_eq!(
            validate_bureaus(Role::Editor, &["water", "roads"], known),
            Err(UserError::UnknownBureau { id: "roads".into() })
        );
        assert_eq!(
            validate_bureaus(Role::Editor, &["water", "pbot", "water"], known).unwrap(),
            ["pbot", "water"]
        );
        assert!(validate_bureaus(Role::Admin, &["pbot"], known).is_err());
        assert!(
            validate_bureaus(Role::Insights, &[], known)
                .unwrap()
                .is_empty()
        );
    }
}
