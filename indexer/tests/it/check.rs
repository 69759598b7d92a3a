//! Every problem an editor can make in `content/`, caught with its `path:line`.

use std::path::{Path, PathBuf};

use config::Config;
use indexer::Content;

const CONFIG: &str = r#"
[[bureaus]]
id = "pbot"
name = "Portland Bureau of Transportation"
[[bureaus]]
id = "water"
name = "Portland Water Bureau"
"#;

const GOOD: &str = r#"+++
title = "Report a pothole"
summary = "Report potholes online or call 311."
bureau = "pbot"
lang = "en"
keywords = ["hole in the road"]
actions = [ { label = "Report it online", url = "https://www.portland.gov/transportation" },
            { label = "Call 311", url = "tel:+1-503-823-4000" } ]
updated = 2026-11-01
status = "published"
+++
Potholes are fixed by PBOT.

## What to do

Report it.
"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Problems as `path:line: message`, with the temp dir shown as `content`.
    fn problems(&self) -> Vec<String> {
        let config = Config::parse(CONFIG, Path::new("firststop.toml")).unwrap();
        let (_, problems) = Content::load(self.dir.path(), &config).unwrap();
        let root = self.dir.path().display().to_string();
        problems
            .iter()
            .map(|p| p.to_string().replace(&root, "content"))
            .collect()
    }

    fn load(&self) -> Content {
        let config = Config::parse(CONFIG, Path::new("firststop.toml")).unwrap();
        Content::load(self.dir.path(), &config).unwrap().0
    }
}

/// The good article with one front matter line replaced.
fn with(line_prefix: &str, replacement: &str) -> String {
    GOOD.lines()
        .map(|l| {
            if l.starts_with(line_prefix) {
                replacement.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn without(line_prefix: &str) -> String {
    GOOD.lines()
        .filter(|l| !l.starts_with(line_prefix))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_good_article_has_no_problems_and_renders() {
    let f = Fixture::new();
    f.write("pbot/report-pothole.md", GOOD);
    assert_eq!(f.problems(), Vec::<String>::new());
    let content = f.load();
    let a = content.find("report-pothole", "en").unwrap();
    assert_eq!(a.title, "Report a pothole");
    assert_eq!(a.actions.len(), 2);
    assert_eq!(a.body.sections[0].heading, "What to do");
    assert!(a.body.html.contains("<h2 id=\"what-to-do\">"));
}

#[test]
fn missing_title_and_summary_are_reported_at_the_closing_line() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &without("title").replace("summary = \"Report potholes online or call 311.\"\n", ""),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:9: missing title",
            "content/pbot/report-pothole.md:9: missing summary"
        ]
    );
}

#[test]
fn summary_over_300_characters() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("summary", &format!("summary = \"{}\"", "word ".repeat(70))),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:3: summary is 349 characters; keep it under 300 so it can be read aloud"
        ]
    );
}

#[test]
fn unknown_bureau() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("bureau", "bureau = \"roads\""),
    );
    assert_eq!(
        f.problems(),
        vec!["content/pbot/report-pothole.md:4: unknown bureau 'roads'"]
    );
}

#[test]
fn unknown_and_malformed_language_tags() {
    let f = Fixture::new();
    f.write("pbot/report-pothole.md", &with("lang", "lang = \"de\""));
    f.write(
        "water/pay-bill.md",
        &with("lang", "lang = \"en_US\"").replace("bureau = \"pbot\"", "bureau = \"water\""),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:5: unknown language 'de': not one of the city's languages",
            "content/water/pay-bill.md:5: malformed language tag 'en_US'",
        ]
    );
}

#[test]
fn translation_whose_original_is_missing() {
    let f = Fixture::new();
    f.write("pbot/report-pothole.es.md", &with("lang", "lang = \"es\""));
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.es.md:1: translation of 'report-pothole' has no original report-pothole.md in any bureau folder"
        ]
    );
}

#[test]
fn translation_whose_bureau_differs_from_its_original() {
    let f = Fixture::new();
    f.write("pbot/report-pothole.md", GOOD);
    f.write(
        "water/report-pothole.es.md",
        &with("lang", "lang = \"es\"").replace("bureau = \"pbot\"", "bureau = \"water\""),
    );
    let found = f.problems();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/water/report-pothole.es.md:1: translation's bureau 'water' differs from its original's 'pbot'"),
        "{found:?}"
    );
}

#[test]
fn duplicate_slug_across_bureaus() {
    let f = Fixture::new();
    f.write("pbot/report-pothole.md", GOOD);
    f.write(
        "water/report-pothole.md",
        &GOOD.replace("bureau = \"pbot\"", "bureau = \"water\""),
    );
    let found = f.problems();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/water/report-pothole.md:1: duplicate slug 'report-pothole' in 'en': also "
        ),
        "{found:?}"
    );
}

#[test]
fn action_urls_must_be_http_tel_or_mailto() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &GOOD
            .replace("tel:+1-503-823-4000", "javascript:alert(1)")
            .replace("https://www.portland.gov/transportation", "ftp://x"),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:7: action url 'ftp://x' must be http(s), tel: or mailto:",
            "content/pbot/report-pothole.md:8: action url 'javascript:alert(1)' must be http(s), tel: or mailto:",
        ]
    );
}

#[test]
fn invalid_dates() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("updated", "updated = \"2026-02-30\""),
    );
    f.write(
        "water/pay-bill.md",
        &with("updated", "updated = 2026-11-01T10:00:00").replace("\"pbot\"", "\"water\""),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:9: invalid date '\"2026-02-30\"': write updated = YYYY-MM-DD",
            "content/water/pay-bill.md:9: invalid date '2026-11-01T10:00:00': write updated = YYYY-MM-DD",
        ]
    );
}

#[test]
fn unknown_status() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("status", "status = \"live\""),
    );
    assert_eq!(
        f.problems(),
        vec![
            "content/pbot/report-pothole.md:10: unknown status 'live': use \"published\" or \"draft\""
        ]
    );
}

#[test]
fn front_matter_that_does_not_parse() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("keywords", "keywords = [\"hole in the road\""),
    );
    f.write("water/pay-bill.md", "title: YAML is not TOML\n");
    let found = f.problems();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/pbot/report-pothole.md:7: front matter does not parse: "),
        "{found:?}"
    );
    assert_eq!(
        found[1],
        "content/water/pay-bill.md:1: front matter must open with a +++ line"
    );
}

#[test]
fn drafts_are_checked_but_not_published() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &with("status", "status = \"draft\""),
    );
    assert!(f.problems().is_empty());
    let content = f.load();
    assert_eq!(content.articles.len(), 1);
    assert_eq!(content.published().count(), 0);
    assert!(f.path("pbot/report-pothole.md").exists());
}

#[test]
fn sanitizes_dangerous_html_in_bodies() {
    let f = Fixture::new();
    f.write(
        "pbot/report-pothole.md",
        &format!("{GOOD}\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))\n\n<iframe src=\"https://evil.example\"></iframe>\n"),
    );
    let content = f.load();
    let html = &content.find("report-pothole", "en").unwrap().body.html;
    for bad in ["<script", "onerror", "javascript:", "<iframe", "alert("] {
        assert!(!html.contains(bad), "{bad} survived in {html}");
    }
}
