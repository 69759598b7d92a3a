//! `firststop accounts add|token|list|remove`: the accounts of editors, insights readers and
//! admins, kept in the data directory. Secrets are printed once, on stdout alone, so a script
//! can capture them; everything else goes to stderr.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use time::OffsetDateTime;

use crate::place::{Place, load_config};

/// Who made a change, in the audit log, when it was made from the command line.
const ACTOR: &str = "cli";

/// The `accounts` subcommands.
#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Create an account and print its generated password (shown only this once).
    Add {
        /// The sign-in name (letters a-z, digits and . _ @ -).
        name: String,
        /// What the account may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// A bureau id an editor edits; repeat for several. Editors need at least one.
        #[arg(long = "bureau", value_name = "ID")]
        bureaus: Vec<String>,
        #[command(flatten)]
        place: Place,
    },
    /// Print a new API token for an account (shown only this once).
    Token {
        /// The account's name.
        name: String,
        #[command(flatten)]
        place: Place,
    },
    /// List the accounts (never a secret), or one account with its tokens.
    List {
        /// Show only this account, with its tokens.
        name: Option<String>,
        #[command(flatten)]
        place: Place,
    },
    /// Remove an account with its tokens and sessions.
    Remove {
        /// The account's name.
        name: String,
        #[command(flatten)]
        place: Place,
    },
}

/// The roles as the command line spells them.
#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Edits its bureaus' articles.
    Editor,
    /// Reads insights.
    Insights,
    /// Does everything.
    Admin,
}

impl From<RoleArg> for accounts::Role {
    fn from(role: RoleArg) -> accounts::Role {
        match role {
            RoleArg::Editor => accounts::Role::Editor,
            RoleArg::Insights => accounts::Role::Insights,
            RoleArg::Admin => accounts::Role::Admin,
        }
    }
}

/// Runs one `accounts` subcommand.
pub fn run(command: AccountsCommand) -> anyhow::Result<ExitCode> {
    let now = OffsetDateTime::now_utc();
    match command {
        AccountsCommand::Add {
            name,
            role,
            bureaus,
            place,
        } => {
            let config = load_config(&place.config)?;
            let known = config.bureau_ids();
            let bureaus: Vec<&str> = bureaus.iter().map(String::as_str).collect();
            let new = accounts::NewAccount {
                name: &name,
                role: role.into(),
                bureaus: &bureaus,
            };
            let store = open(&place)?;
            let (account, password) = store.add(&new, |b| known.contains(b), ACTOR, now)?;
            eprintln!(
                "created {}; its password, shown only this once:",
                describe(&account)
            );
            println!("{}", password.expose());
        }
        AccountsCommand::Token { name, place } => {
            load_config(&place.config)?;
            let token = open(&place)?.new_token(&name, ACTOR, now)?;
            eprintln!(
                "new API token {} for '{}', shown only this once (send it as `Authorization: Bearer TOKEN`):",
                token.id,
                name.trim().to_ascii_lowercase()
            );
            println!("{}", token.secret.expose());
        }
        AccountsCommand::List { name, place } => {
            load_config(&place.config)?;
            let store = open(&place)?;
            match name {
                Some(name) => {
                    let account = store
                        .get(&name)?
                        .with_context(|| format!("no account named '{name}'"))?;
                    println!("{}", describe(&account));
                    for token in store.tokens(&name)? {
                        let used = token
                            .last_used
                            .map_or("never used".into(), |t| format!("last used {}", t.date()));
                        println!(
                            "  token {} created {}, {used}",
                            token.id,
                            token.created.date()
                        );
                    }
                }
                None => list(&store)?,
            }
        }
        AccountsCommand::Remove { name, place } => {
            load_config(&place.config)?;
            open(&place)?.remove(&name, ACTOR, now)?;
            eprintln!(
                "removed account '{}' with its tokens and sessions",
                name.trim().to_ascii_lowercase()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn open(place: &Place) -> anyhow::Result<accounts::Accounts> {
    Ok(accounts::Accounts::open(&place.data)?)
}

/// `editor 'ana' (bureaus pbot, water)`.
fn describe(account: &accounts::Account) -> String {
    if account.bureaus.is_empty() {
        format!("{} '{}'", account.role, account.name)
    } else {
        format!(
            "{} '{}' (bureaus {})",
            account.role,
            account.name,
            account.bureaus.join(", ")
        )
    }
}

/// One line per account: name, role, bureaus, tokens, created, last sign-in.
fn list(store: &accounts::Accounts) -> anyhow::Result<()> {
    let listed = store.list()?;
    if listed.is_empty() {
        eprintln!("no accounts yet: add one with `firststop accounts add NAME --role admin`");
        return Ok(());
    }
    println!("name\trole\tbureaus\ttokens\tcreated\tlast sign-in");
    for entry in listed {
        let a = &entry.account;
        let bureaus = if a.bureaus.is_empty() {
            "-".to_owned()
        } else {
            a.bureaus.join(",")
        };
        let last = a
            .last_sign_in
            .map_or("never".to_owned(), |t| t.date().to_string());
        println!(
            "{}\t{}\t{bureaus}\t{}\t{}\t{last}",
            a.name,
            a.role,
            entry.tokens,
            a.created.date()
        );
    }
    Ok(())
}
