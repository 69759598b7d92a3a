//! Editor-owned search rules beside the articles: `synonyms.toml`, `best-bets.toml`,
//! `referrals.toml` and `topics.toml` (the most-asked topics on the home page). They are checked
//! like articles and stored with each index commit, so the search API always applies the rules
//! that match the index it serves.

use std::collections::HashSet;
use std::path::Path;

use config::{Config, Problems, line_of};
use searchindex::rules::{BestBet, Route, Rules, Synonym};
use serde::Deserialize;
use toml::Spanned;

use crate::article::is_action_url;

mod referrals;

pub use referrals::{check_referrals, notice_examples};

/// Synonym groups (`groups = [[...], ...]`) and one-way synonyms (`[[oneway]]` with `from` and
/// `to`).
pub const SYNONYMS_FILE: &str = "synonyms.toml";
/// Best bets (`[[bet]]`: `queries`, `article` or `url` with `title` and `summary`, `start` and
/// `end` days) and routes (`[[route]]`: `queries`, `bureau`).
pub const BEST_BETS_FILE: &str = "best-bets.toml";
/// The emergency notice (`[emergency]`) and referrals (`[[referral]]`): `id`, `phone`, `url`,
/// `message.<lang>`, `phrases.<lang>`, `unless.<lang>`, `positives.<lang>`,
/// `near_misses.<lang>` and (the emergency notice) `articles`; the word lists their patterns
/// name (`[words.<lang>]`). See [`check_referrals`].
pub const REFERRALS_FILE: &str = "referrals.toml";
/// The home page's most-asked topics (`topics = [...]`, article slugs in order).
pub const TOPICS_FILE: &str = "topics.toml";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSynonyms {
    #[serde(default)]
    groups: Vec<Spanned<Vec<String>>>,
    #[serde(default)]
    oneway: Vec<Spanned<RawOneway>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOneway {
    from: String,
    to: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBestBets {
    #[serde(default)]
    bet: Vec<Spanned<RawBet>>,
    #[serde(default)]
    route: Vec<Spanned<Route>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBet {
    queries: Vec<String>,
    article: Option<String>,
    url: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    start: Option<toml::value::Datetime>,
    end: Option<toml::value::Datetime>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTopics {
    #[serde(default)]
    topics: Vec<Spanned<String>>,
}

/// Reads the rule files of `content_dir` (each optional; an absent or unreadable file gives no
/// rules). `slugs` are the published article slugs. Every problem found is returned beside the
/// rules that did load, each on its rule's line.
///
/// A file that is not TOML, or has a key it does not know, is one problem and gives no rules.
/// A synonym with fewer than two phrases and a topic that is not a published article are left
/// out. The other checks are reported but keep the rule: a best bet without queries, naming
/// both or neither of `article` and `url`, an unpublished article, a URL that is not http(s), a
/// URL without a title, a `start` or `end` that is not a day (that date is dropped), or an end
/// before its start; a route without queries or to an unknown bureau; and in `referrals.toml`
/// what [`check_referrals`] reports.
pub fn load(content_dir: &Path, config: &Config, slugs: &HashSet<&str>) -> (Rules, Problems) {
    load_with(content_dir, config, slugs, None)
}

/// [`load`] as it would be with one rule file's text replaced: `overlay` is `(file name, text)`,
/// the name one of [`SYNONYMS_FILE`], [`BEST_BETS_FILE`], [`REFERRALS_FILE`] or [`TOPICS_FILE`].
/// The editors' workspace checks an edit of a rule file with it before writing the file.
pub fn load_with(
    content_dir: &Path,
    config: &Config,
    slugs: &HashSet<&str>,
    overlay: Option<(&str, &str)>,
) -> (Rules, Problems) {
    let content_dir = &Dir {
        path: content_dir,
        overlay,
    };
    let mut problems = Problems::default();
    let mut rules = Rules {
        synonyms: load_synonyms(content_dir, &mut problems),
        ..Rules::default()
    };
    (rules.best_bets, rules.routes) = load_best_bets(content_dir, config, slugs, &mut problems);
    let path = content_dir.path.join(REFERRALS_FILE);
    if let Some(text) = content_dir.text(REFERRALS_FILE) {
        let (referrals, found) = check_referrals(&text, &path, slugs);
        problems.extend(found);
        (rules.emergency, rules.referrals, rules.words) =
            (referrals.emergency, referrals.referrals, referrals.words);
    }
    rules.topics = load_topics(content_dir, slugs, &mut problems);
    (rules, problems)
}

/// `synonyms.toml`: groups of phrases that find each other, and one-way synonyms.
fn load_synonyms(content_dir: &Dir<'_>, problems: &mut Problems) -> Vec<Synonym> {
    let mut synonyms = Vec::new();
    if let Some((path, text, raw)) = read::<RawSynonyms>(content_dir, SYNONYMS_FILE, problems) {
        for group in raw.groups {
            let line = line_of(&text, group.span().start);
            let phrases = clean(group.into_inner());
            if phrases.len() < 2 {
                problems.push(&path, line, "a synonym group needs at least two phrases");
                continue;
            }
            synonyms.push(Synonym {
                phrases,
                oneway: false,
            });
        }
        for one in raw.oneway {
            let line = line_of(&text, one.span().start);
            let one = one.into_inner();
            let mut phrases = clean(vec![one.from]);
            phrases.extend(clean(one.to));
            if phrases.len() < 2 {
                problems.push(
                    &path,
                    line,
                    "a one-way synonym needs `from` and at least one `to`",
                );
                continue;
            }
            synonyms.push(Synonym {
                phrases,
                oneway: true,
            });
        }
    }

    synonyms
}

/// `best-bets.toml`: questions pinned to an article or a URL (optionally between dates), and
/// questions routed to a bureau.
fn load_best_bets(
    content_dir: &Dir<'_>,
    config: &Config,
    slugs: &HashSet<&str>,
    problems: &mut Problems,
) -> (Vec<BestBet>, Vec<Route>) {
    let (mut best_bets, mut routes) = (Vec::new(), Vec::new());
    if let Some((path, text, raw)) = read::<RawBestBets>(content_dir, BEST_BETS_FILE, problems) {
        for bet in raw.bet {
            let line = line_of(&text, bet.span().start);
            let bet = bet.into_inner();
            let queries = clean(bet.queries);
            if queries.is_empty() {
                problems.push(&path, line, "a best bet needs at least one query");
            }
            match (&bet.article, &bet.url) {
                (Some(slug), None) if !slugs.contains(slug.as_str()) => problems.push(
                    &path,
                    line,
                    format!("best bet names article '{slug}', which is not published"),
                ),
                (None, Some(url))
                    if !is_action_url(url)
                        || url.starts_with("tel:")
                        || url.starts_with("mailto:") =>
                {
                    problems.push(
                        &path,
                        line,
                        format!("best bet url '{url}' is not an http(s) URL"),
                    )
                }
                (None, Some(_)) if bet.title.as_deref().unwrap_or("").trim().is_empty() => {
                    problems.push(&path, line, "a best bet with a url needs a title")
                }
                (Some(_), Some(_)) | (None, None) => {
                    problems.push(&path, line, "a best bet names either an article or a url")
                }
                _ => {}
            }
            let start = bet.start.map(|d| date(&d, &path, line, problems));
            let end = bet.end.map(|d| date(&d, &path, line, problems));
            if let (Some(Some(s)), Some(Some(e))) = (&start, &end)
                && e < s
            {
                problems.push(
                    &path,
                    line,
                    format!("best bet ends ({e}) before it starts ({s})"),
                );
            }
            best_bets.push(BestBet {
                queries,
                article: bet.article,
                url: bet.url,
                title: bet.title,
                summary: bet.summary,
                start: start.flatten(),
                end: end.flatten(),
            });
        }
        for route in raw.route {
            let line = line_of(&text, route.span().start);
            let route = route.into_inner();
            if config.bureau(&route.bureau).is_none() {
                problems.push(
                    &path,
                    line,
                    format!("route names unknown bureau '{}'", route.bureau),
                );
            }
            let queries = clean(route.queries);
            if queries.is_empty() {
                problems.push(&path, line, "a route needs at least one query");
            }
            routes.push(Route {
                queries,
                bureau: route.bureau,
            });
        }
    }

    (best_bets, routes)
}

/// `topics.toml`: the slugs of the most-asked topics for the home page, each a published article.
fn load_topics(
    content_dir: &Dir<'_>,
    slugs: &HashSet<&str>,
    problems: &mut Problems,
) -> Vec<String> {
    let mut topics = Vec::new();
    if let Some((path, text, raw)) = read::<RawTopics>(content_dir, TOPICS_FILE, problems) {
        for topic in raw.topics {
            let line = line_of(&text, topic.span().start);
            if slugs.contains(topic.get_ref().as_str()) {
                topics.push(topic.into_inner());
            } else {
                problems.push(
                    &path,
                    line,
                    format!("topic '{}' is not a published article", topic.get_ref()),
                );
            }
        }
    }
    topics
}

/// The content folder the rules are read from, with one file's text possibly replaced.
struct Dir<'a> {
    path: &'a Path,
    overlay: Option<(&'a str, &'a str)>,
}

impl Dir<'_> {
    /// The text of the rule file `name`: the overlay's if it names that file, else the file's
    /// (`None` if it is absent or unreadable).
    fn text(&self, name: &str) -> Option<String> {
        match self.overlay {
            Some((file, text)) if file == name => Some(text.to_owned()),
            _ => std::fs::read_to_string(self.path.join(name)).ok(),
        }
    }
}

/// Reads and parses one optional rule file; a parse error is a problem.
fn read<T: for<'de> Deserialize<'de>>(
    dir: &Dir<'_>,
    name: &str,
    problems: &mut Problems,
) -> Option<(std::path::PathBuf, String, T)> {
    let path = dir.path.join(name);
    let text = dir.text(name)?;
    match toml::from_str(&text) {
        Ok(raw) => Some((path, text, raw)),
        Err(e) => {
            let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
            problems.push(
                &path,
                line,
                format!("does not parse: {}", e.message().trim()),
            );
            None
        }
    }
}

fn clean(phrases: Vec<String>) -> Vec<String> {
    phrases
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn date(
    d: &toml::value::Datetime,
    path: &Path,
    line: usize,
    problems: &mut Problems,
) -> Option<String> {
    let day = config::day::from_toml(d).map(config::day::format);
    if day.is_none() {
        problems.push(path, line, format!("invalid date '{d}': write YYYY-MM-DD"));
    }
    day
}
