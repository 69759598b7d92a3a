//! Article bodies: markdown to sanitized HTML, plain text and heading sections.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::{Deserialize, Serialize};

/// An article body ready to serve and to index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// Sanitized HTML: safe to put in a page as is.
    pub html: String,
    /// The words of the body, without markup: blocks (paragraphs, headings, list items, table
    /// cells, code blocks) on their own lines, spaces collapsed, no blank lines. Raw HTML
    /// contributes nothing.
    pub text: String,
    /// Each `##`, `###` and `####` heading with the text under it, in order.
    pub sections: Vec<Section>,
}

/// A heading, its anchor in the page, and the text below it up to the next heading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading's words, spaces collapsed.
    pub heading: String,
    /// The heading's `id` in [`Rendered::html`]: [`anchor_for`] of the heading, with `-2`, `-3`,
    /// ... added to repeats so each is unique in the article.
    pub anchor: String,
    /// The text up to the next `##`–`####` heading, whitespace collapsed to single spaces; empty
    /// when nothing is under it.
    pub text: String,
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        // No images: pages must make no third-party requests.
        .rm_tags(["img"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"]);
    b
});

/// Sanitizes an HTML fragment with ammonia's defaults and a few choices of ours: no script, no
/// event handlers, no frames, no images (a page makes no third-party requests); links only to
/// `http`, `https`, `mailto` and `tel` (so no `javascript:`), each with `rel="noopener
/// noreferrer"`; `id` kept on `h2`–`h4` for section anchors.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Renders an article body: CommonMark with tables and strikethrough (pulldown-cmark), `id`s on
/// `h2`–`h4` headings, then [`sanitize`]d.
pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();

    let mut text = String::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut used_anchors: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(usize, String)> = None; // index of the Start event, text so far
    let mut heading_ids: Vec<(usize, String)> = Vec::new();

    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some((i, String::new())),
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, words)) = heading.take() {
                    let words = collapse(&words);
                    if matches!(
                        level,
                        HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4
                    ) {
                        let anchor = unique_anchor(&words, &mut used_anchors);
                        heading_ids.push((start, anchor.clone()));
                        sections.push(Section {
                            heading: words.clone(),
                            anchor,
                            text: String::new(),
                        });
                    }
                    push_block(&mut text, &words);
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut heading {
                Some((_, words)) => words.push_str(t),
                None => {
                    text.push_str(t);
                    if let Some(s) = sections.last_mut() {
                        s.text.push_str(t);
                    }
                }
            },
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                if let Some(s) = sections.last_mut() {
                    s.text.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                text.push('\n');
                if let Some(s) = sections.last_mut() {
                    s.text.push('\n');
                }
            }
            _ => {}
        }
    }
    for (index, anchor) in heading_ids {
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
            *id = Some(CowStr::from(anchor));
        }
    }

    let mut raw_html = String::new();
    html::push_html(&mut raw_html, events.into_iter());
    for s in &mut sections {
        s.text = collapse(&s.text);
    }
    Rendered {
        html: sanitize(&raw_html),
        text: collapse_lines(&text),
        sections,
    }
}

fn push_block(text: &mut String, words: &str) {
    text.push_str(words);
    text.push('\n');
}

/// Whitespace runs become one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps line breaks between blocks, collapses the rest.
fn collapse_lines(s: &str) -> String {
    s.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A URL fragment for a heading: its words (runs of letters and digits, any script) lowercased
/// and joined by hyphens (`Cách báo cáo` → `cách-báo-cáo`); `section` when it has none. Not made
/// unique: [`render`] numbers repeats.
pub fn anchor_for(heading: &str) -> String {
    let mut out = String::new();
    for word in heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        "section".to_owned()
    } else {
        out
    }
}

fn unique_anchor(heading: &str, used: &mut HashMap<String, usize>) -> String {
    let base = anchor_for(heading);
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_script_tags_with_their_content() {
        let r = render("Hello <script>alert('x')</script> world\n\n<script>\nsteal()\n</script>\n");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("alert"), "{}", r.html);
        assert!(!r.html.contains("steal"), "{}", r.html);
        assert!(r.html.contains("Hello"));
    }

    #[test]
    fn removes_event_handler_attributes() {
        let r = render(
            "<img src=x onerror=alert(1)> <a href=\"https://a.example/\" onclick=\"evil()\">link</a>\n",
        );
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(
            !r.html.contains("<img"),
            "no third-party images: {}",
            r.html
        );
        assert!(r.html.contains("href=\"https://a.example/\""), "{}", r.html);
    }

    #[test]
    fn removes_javascript_urls_in_markdown_and_html_links() {
        let r =
            render("[click](javascript:alert(1)) and <a href=\"JaVaScRiPt:alert(2)\">raw</a>\n");
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(r.html.contains("click") && r.html.contains("raw"));
    }

    #[test]
    fn removes_iframes() {
        let r = render("before\n\n<iframe src=\"https://evil.example/\"></iframe>\n\nafter\n");
        assert!(!r.html.contains("iframe"), "{}", r.html);
        assert!(!r.html.contains("evil.example"), "{}", r.html);
        assert!(r.html.contains("after"));
    }

    #[test]
    fn keeps_tel_and_mailto_links_and_marks_links_noopener() {
        let r = render("[Call 311](tel:+1-503-823-4000) or [write](mailto:311@example.org)\n");
        assert!(
            r.html.contains("href=\"tel:+1-503-823-4000\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"mailto:311@example.org\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("rel=\"noopener noreferrer\""), "{}", r.html);
    }

    #[test]
    fn sections_follow_headings_with_anchors() {
        let r = render(
            "The answer first.\n\n## What to do\n\n1. Go online.\n2. Call 311.\n\n## What to do\n\nAgain.\n",
        );
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].heading, "What to do");
        assert_eq!(r.sections[0].anchor, "what-to-do");
        assert_eq!(r.sections[0].text, "Go online. Call 311.");
        assert_eq!(r.sections[1].anchor, "what-to-do-2");
        assert!(r.html.contains("<h2 id=\"what-to-do\">"), "{}", r.html);
        assert!(
            r.text
                .starts_with("The answer first.\nWhat to do\nGo online."),
            "{}",
            r.text
        );
    }

    #[test]
    fn raw_html_adds_no_indexed_words() {
        let r = render("Visible <span title=\"hidden\">words</span>\n");
        assert_eq!(r.text, "Visible words");
    }

    #[test]
    fn anchors_keep_non_latin_letters() {
        assert_eq!(anchor_for("Cách báo cáo"), "cách-báo-cáo");
        assert_eq!(anchor_for("如何 报告"), "如何-报告");
        assert_eq!(anchor_for("!!!"), "section");
    }
}
