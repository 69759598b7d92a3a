//! The main content of a page: which element holds it, and its text and sections without chrome.

use std::sync::LazyLock;

use pagestore::PageSection;
use scraper::{ElementRef, Html, Node, Selector};

static MAIN: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("main").expect("valid selector"));
static ROLE_MAIN: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("[role=main]").expect("valid selector"));
static BODY: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("body").expect("valid selector"));

/// The element holding the main content. `semantic` when the page (or the site's selector) named it;
/// otherwise it was found by text density and page-level chrome is pruned more strictly.
pub struct Root<'a> {
    pub element: ElementRef<'a>,
    pub semantic: bool,
}

/// Site selector, then `<main>`, then `[role=main]`, then the densest block of the body.
pub fn main_root<'a>(doc: &'a Html, site_selector: Option<&str>) -> Root<'a> {
    let site = site_selector.and_then(|s| Selector::parse(s).ok());
    let named = site
        .iter()
        .chain([&*MAIN, &*ROLE_MAIN])
        .find_map(|selector| {
            doc.select(selector)
                .find(|el| !is_chrome(el, false) && weigh(*el, false).text > 0)
        });
    if let Some(element) = named {
        return Root {
            element,
            semantic: true,
        };
    }
    let body = doc
        .select(&BODY)
        .next()
        .unwrap_or_else(|| doc.root_element());
    Root {
        element: densest(body),
        semantic: false,
    }
}

/// Text and sections of `root`, block elements on their own lines.
pub struct Body {
    pub text: String,
    pub sections: Vec<PageSection>,
}

pub fn text_and_sections(root: ElementRef<'_>, semantic: bool) -> Body {
    let mut walker = Walker {
        strict: !semantic,
        text: Lines::default(),
        sections: Vec::new(),
        section_text: None,
    };
    walker.walk(root);
    walker.close_section();
    Body {
        text: walker.text.finish(),
        sections: walker.sections,
    }
}

/// Elements that are never content: scripts, navigation, hidden things, search forms, and (in
/// `strict` mode, when no `<main>` was named) page headers, footers and forms.
fn is_chrome(el: &ElementRef<'_>, strict: bool) -> bool {
    let e = el.value();
    let name = e.name();
    if matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "nav"
            | "aside"
            | "iframe"
            | "object"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "canvas"
            | "head"
            | "title"
            | "meta"
            | "link"
    ) {
        return true;
    }
    if strict && matches!(name, "header" | "footer" | "form") {
        return true;
    }
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if e.attr("role").is_some_and(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "navigation" | "search" | "complementary" | "banner" | "contentinfo"
        )
    }) {
        return true;
    }
    let marked = |v: &str| {
        let v = v.to_ascii_lowercase();
        v.contains("breadcrumb") || v.contains("skip-link") || v.contains("skip-to")
    };
    e.attr("class").is_some_and(marked) || e.attr("id").is_some_and(marked)
}

#[derive(Debug, Default, Clone, Copy)]
struct Weight {
    /// Characters of text, links included.
    text: usize,
    /// Characters of text inside links.
    links: usize,
}

fn weigh(el: ElementRef<'_>, strict: bool) -> Weight {
    let mut w = Weight::default();
    let in_link = el.value().name() == "a";
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let n = t.chars().filter(|c| !c.is_whitespace()).count();
                w.text += n;
                if in_link {
                    w.links += n;
                }
            }
            Node::Element(_) => {
                let child = ElementRef::wrap(child).expect("element node");
                if !is_chrome(&child, strict) {
                    let cw = weigh(child, strict);
                    w.text += cw.text;
                    w.links += if in_link { cw.text } else { cw.links };
                }
            }
            _ => {}
        }
    }
    w
}

/// Walks down from `body` into the child holding most of the non-link text, and stops where the
/// text spreads over several children or a heading stands beside the candidate (so the page's
/// title heading stays with its text).
fn densest(body: ElementRef<'_>) -> ElementRef<'_> {
    let mut node = body;
    loop {
        let own = weigh(node, true);
        let plain = own.text - own.links;
        let children: Vec<ElementRef<'_>> = node
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| !is_chrome(c, true))
            .collect();
        // Only containers are candidates: a heading, paragraph or list is part of the content,
        // never all of it.
        let best = children
            .iter()
            .filter(|c| is_container(c.value().name()))
            .map(|c| (*c, weigh(*c, true)))
            .max_by_key(|(_, w)| w.text - w.links);
        let Some((best, w)) = best else { return node };
        let heading_beside = children.iter().any(|c| {
            c.id() != best.id()
                && matches!(c.value().name(), "h1" | "h2" | "h3")
                && weigh(*c, true).text > 0
        });
        if plain == 0 || (w.text - w.links) * 2 < plain || heading_beside {
            return node;
        }
        node = best;
    }
}

fn is_container(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "center"
            | "font"
            | "span"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        _ => None,
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "form"
            | "fieldset"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "address"
            | "details"
            | "summary"
            | "h5"
            | "h6"
            | "hr"
            | "label"
            | "legend"
            | "center"
            | "body"
    )
}

/// Text split into lines, whitespace collapsed.
#[derive(Default)]
struct Lines {
    out: String,
    line: String,
}

impl Lines {
    fn push(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace)
            && !self.line.is_empty()
            && !self.line.ends_with(' ')
        {
            self.line.push(' ');
        }
        let words = collapse(text);
        if !words.is_empty() {
            self.line.push_str(&words);
            if text.ends_with(char::is_whitespace) {
                self.line.push(' ');
            }
        }
    }

    fn br(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(line);
        }
        self.line.clear();
    }

    fn finish(mut self) -> String {
        self.br();
        self.out
    }
}

struct Walker {
    strict: bool,
    text: Lines,
    sections: Vec<PageSection>,
    section_text: Option<Lines>,
}

impl Walker {
    fn walk(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    self.text.push(t);
                    if let Some(s) = self.section_text.as_mut() {
                        s.push(t);
                    }
                }
                Node::Element(e) => {
                    let child = ElementRef::wrap(child).expect("element node");
                    if is_chrome(&child, self.strict) {
                        continue;
                    }
                    if let Some(level) = heading_level(e.name()) {
                        self.heading(child, level);
                    } else if e.name() == "br" {
                        self.br();
                    } else if is_block(e.name()) {
                        self.br();
                        self.walk(child);
                        self.br();
                    } else {
                        self.walk(child);
                    }
                }
                _ => {}
            }
        }
    }

    fn br(&mut self) {
        self.text.br();
        if let Some(s) = self.section_text.as_mut() {
            s.br();
        }
    }

    fn heading(&mut self, el: ElementRef<'_>, level: u8) {
        let heading = collapse(&el.text().collect::<String>());
        self.close_section();
        self.text.br();
        self.text.push(&heading);
        self.text.br();
        if heading.is_empty() {
            return;
        }
        self.sections.push(PageSection {
            level,
            heading,
            anchor: anchor(el),
            text: String::new(),
        });
        self.section_text = Some(Lines::default());
    }

    fn close_section(&mut self) {
        if let (Some(lines), Some(section)) = (self.section_text.take(), self.sections.last_mut()) {
            section.text = lines.finish();
        }
    }
}

/// The heading's `id`; else an `id`/`name` inside it; else the id of a parent it opens.
fn anchor(heading: ElementRef<'_>) -> Option<String> {
    let id = |el: &ElementRef<'_>| {
        el.value()
            .attr("id")
            .or_else(|| el.value().attr("name"))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if let Some(own) = heading
        .value()
        .attr("id")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return Some(own.to_owned());
    }
    if let Some(inner) = heading
        .descendants()
        .filter_map(ElementRef::wrap)
        .skip(1)
        .find_map(|e| id(&e))
    {
        return Some(inner);
    }
    let parent = heading.parent().and_then(ElementRef::wrap)?;
    let first_child = parent.children().filter_map(ElementRef::wrap).next()?;
    (first_child.id() == heading.id()
        && matches!(parent.value().name(), "section" | "div" | "article"))
    .then(|| id(&parent))
    .flatten()
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
