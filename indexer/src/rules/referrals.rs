//! `referrals.toml`: the "call 911" notice, the referrals (211, 988) and the word lists their
//! patterns share, read and checked. Every notice carries a table of examples per language
//! (questions that must show it, near misses that must not); a pattern that misses a positive or
//! fires on a near miss is a problem on the example's line, so an editor sees what broke before
//! the change goes live.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use config::{Lang, Problems, line_of};
use searchindex::rules::{CompiledNotice, ExampleFailure, ExampleReport, Notice, Rules, WordLists};
use serde::Deserialize;
use toml::Spanned;

use crate::article::is_action_url;

/// The notices and word lists of one `referrals.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Referrals {
    /// `[emergency]`.
    pub emergency: Option<Notice>,
    /// `[[referral]]`, in file order.
    pub referrals: Vec<Notice>,
    /// `[words.<lang>]`: lists by language tag, then by name.
    pub words: BTreeMap<String, WordLists>,
}

type Texts = BTreeMap<String, Vec<Spanned<String>>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReferrals {
    #[serde(default)]
    words: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    emergency: Option<Spanned<RawNotice>>,
    #[serde(default)]
    referral: Vec<Spanned<RawNotice>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    id: Option<String>,
    phone: String,
    url: Option<String>,
    message: BTreeMap<String, String>,
    phrases: Texts,
    #[serde(default)]
    unless: Texts,
    #[serde(default)]
    articles: Vec<Spanned<String>>,
    #[serde(default)]
    positives: Texts,
    #[serde(default)]
    near_misses: Texts,
}

/// Reads and checks the text of a `referrals.toml` (at `path`, which only names problems);
/// `slugs` are the published article slugs. Returns what loaded and every problem, each on its
/// line:
///
/// - text that is not TOML, or a key the file does not know: one problem, nothing loaded;
/// - a tag that is not a city language (of a message, patterns, examples or word lists);
/// - a notice without an English message, with a URL that is not http(s), without patterns;
/// - an `articles` slug that is not a published article;
/// - a pattern that does not compile (it is left out: see
///   [`searchindex::rules::pattern`] for the syntax);
/// - a positive example the notice misses, a near miss it shows for.
///
/// `firststop check`, `firststop index` and the editors' rule endpoint all read the file through
/// here.
pub fn check_referrals(text: &str, path: &Path, slugs: &HashSet<&str>) -> (Referrals, Problems) {
    let mut problems = Problems::default();
    let raw: RawReferrals = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            problems.push(
                path,
                line,
                format!("does not parse: {}", e.message().trim()),
            );
            return (Referrals::default(), problems);
        }
    };
    for tag in raw.words.keys() {
        if Lang::by_tag(tag).is_none() {
            problems.push(
                path,
                1,
                format!("[words.{tag}]: '{tag}' is not a city language tag"),
            );
        }
    }
    let words: BTreeMap<String, WordLists> = raw
        .words
        .into_iter()
        .map(|(tag, lists)| {
            let lists = lists
                .into_iter()
                .map(|(name, phrases)| (name, clean(phrases)))
                .collect();
            (tag, lists)
        })
        .collect();
    let mut read = |raw: Spanned<RawNotice>, default_id: &str| {
        let line = line_of(text, raw.span().start);
        let (notice, lines) = notice(
            raw.into_inner(),
            default_id,
            slugs,
            path,
            line,
            text,
            &mut problems,
        );
        check_patterns_and_examples(&notice, &words, &lines, path, line, &mut problems);
        notice
    };
    let emergency = raw.emergency.map(|e| read(e, "emergency"));
    let referrals = raw
        .referral
        .into_iter()
        .map(|r| read(r, "referral"))
        .collect();
    problems.sort();
    (
        Referrals {
            emergency,
            referrals,
            words,
        },
        problems,
    )
}

/// Each notice of `rules` (the emergency notice first) by id, with how it does on its own table
/// of examples: what an editor's change to `referrals.toml` must keep at every positive caught
/// and no near miss shown.
pub fn notice_examples(rules: &Rules) -> Vec<(String, ExampleReport)> {
    rules
        .emergency
        .iter()
        .chain(&rules.referrals)
        .map(|n| {
            let (compiled, _) = CompiledNotice::compile(n, &rules.words);
            (n.id.clone(), compiled.examples(n))
        })
        .collect()
}

/// Where each example and pattern of a notice is in the file, by (language, text).
#[derive(Default)]
struct Lines(BTreeMap<(String, String), usize>);

impl Lines {
    fn add(&mut self, texts: &Texts, text: &str) {
        for (tag, items) in texts {
            for item in items {
                let clean = squeeze(item.get_ref());
                self.0
                    .entry((tag.clone(), clean))
                    .or_insert_with(|| line_of(text, item.span().start));
            }
        }
    }

    fn get(&self, lang: &str, text: &str, or: usize) -> usize {
        self.0
            .get(&(lang.to_owned(), text.to_owned()))
            .copied()
            .unwrap_or(or)
    }
}

/// One notice, checked: language tags, an English message, an http(s) URL, patterns, articles.
fn notice(
    raw: RawNotice,
    default_id: &str,
    slugs: &HashSet<&str>,
    path: &Path,
    line: usize,
    text: &str,
    problems: &mut Problems,
) -> (Notice, Lines) {
    let id = raw.id.unwrap_or_else(|| default_id.to_owned());
    let tags = raw
        .message
        .keys()
        .chain(raw.phrases.keys())
        .chain(raw.unless.keys())
        .chain(raw.positives.keys())
        .chain(raw.near_misses.keys());
    for tag in tags {
        if Lang::by_tag(tag).is_none() {
            problems.push(
                path,
                line,
                format!("'{id}': '{tag}' is not a city language tag"),
            );
        }
    }
    if !raw.message.contains_key("en") {
        problems.push(
            path,
            line,
            format!("'{id}' needs an English message (message.en)"),
        );
    }
    if let Some(url) = &raw.url
        && !is_action_url(url)
    {
        problems.push(
            path,
            line,
            format!("'{id}': url '{url}' is not an http(s) URL"),
        );
    }
    for article in &raw.articles {
        let at = line_of(text, article.span().start);
        if !slugs.contains(article.get_ref().as_str()) {
            problems.push(
                path,
                at,
                format!(
                    "'{id}' names article '{}', which is not published",
                    article.get_ref()
                ),
            );
        }
    }
    let mut lines = Lines::default();
    for texts in [&raw.phrases, &raw.unless, &raw.positives, &raw.near_misses] {
        lines.add(texts, text);
    }
    let phrases = by_lang(raw.phrases);
    if phrases.values().all(Vec::is_empty) {
        problems.push(path, line, format!("'{id}' has no phrases"));
    }
    let notice = Notice {
        id,
        phone: raw.phone,
        url: raw.url,
        message: raw.message,
        phrases,
        unless: by_lang(raw.unless),
        articles: raw.articles.into_iter().map(Spanned::into_inner).collect(),
        positives: by_lang(raw.positives),
        near_misses: by_lang(raw.near_misses),
    };
    (notice, lines)
}

/// The notice's patterns compile, its positives show it and its near misses do not.
fn check_patterns_and_examples(
    notice: &Notice,
    words: &BTreeMap<String, WordLists>,
    lines: &Lines,
    path: &Path,
    line: usize,
    problems: &mut Problems,
) {
    let id = &notice.id;
    let (compiled, bad) = CompiledNotice::compile(notice, words);
    for b in bad {
        problems.push(
            path,
            lines.get(&b.lang, &b.source, line),
            format!("'{id}': pattern \"{}\" ({}): {}", b.source, b.lang, b.error),
        );
    }
    for f in example_failures(notice, words, &compiled) {
        let at = lines.get(&f.lang, &f.question, line);
        let message = match &f.pattern {
            None => format!(
                "'{id}' misses its positive example ({}) \"{}\"",
                f.lang, f.question
            ),
            Some(p) => format!(
                "'{id}' shows for its near miss ({}) \"{}\": pattern \"{p}\" matches",
                f.lang, f.question
            ),
        };
        problems.push(path, at, message);
    }
}

/// The examples `compiled` (the notice `notice` with the word lists `words`) gets wrong. Running a
/// notice's tables costs every pattern on every example, and an editor's save checks the rules
/// before and after the change even when it only touches an article, so the answer is kept per
/// notice and word lists (a few of them, for this process): the same rules give the same answer.
fn example_failures(
    notice: &Notice,
    words: &BTreeMap<String, WordLists>,
    compiled: &CompiledNotice,
) -> Vec<ExampleFailure> {
    /// Answers kept; more distinct rule sets than this start the memory afresh.
    const KEPT: usize = 16;
    static MEMO: LazyLock<Mutex<HashMap<u64, Vec<ExampleFailure>>>> = LazyLock::new(Mutex::default);
    let key = serde_json::to_vec(&(notice, words))
        .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
        .ok();
    let kept = |memo: &HashMap<u64, Vec<ExampleFailure>>| key.and_then(|k| memo.get(&k).cloned());
    if let Some(failures) = MEMO.lock().ok().as_deref().and_then(kept) {
        return failures;
    }
    let failures = compiled.examples(notice).failures;
    if let (Some(k), Ok(mut memo)) = (key, MEMO.lock()) {
        if memo.len() >= KEPT {
            memo.clear();
        }
        memo.insert(k, failures.clone());
    }
    failures
}

fn by_lang(texts: Texts) -> BTreeMap<String, Vec<String>> {
    texts
        .into_iter()
        .map(|(tag, items)| {
            (
                tag,
                clean(items.into_iter().map(Spanned::into_inner).collect()),
            )
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean(texts: Vec<String>) -> Vec<String> {
    texts
        .iter()
        .map(|t| squeeze(t))
        .filter(|t| !t.is_empty())
        .collect()
}
