//! The vocabulary of index records, spelled once for the side that writes them (the indexer) and
//! the side that reads them (the engine): what a record is ([`Record`]), what it stands for
//! ([`Kind`], [`Category`]) and the ids that tie records together ([`article_id`], [`page_id`],
//! [`article_group`]).
//!
//! Each value is stored as a string in a fast field; the enums convert both ways, and an unknown
//! string (an index written by a later version) reads as the most neutral value, never a panic.

use serde::{Deserialize, Serialize};

/// What a record is to its unit (the article language or page it was built from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    /// The whole document: one per article language or page.
    Doc,
    /// One heading section of a long article or page, searchable on its own so a matching passage
    /// can be shown and linked.
    Section,
    /// A crawled page that an article links to: it ranks in the article's group, where the
    /// article is what is shown.
    Covered,
}

impl Record {
    /// The stored spelling: `doc`, `section`, `covered`.
    pub fn as_str(self) -> &'static str {
        match self {
            Record::Doc => "doc",
            Record::Section => "section",
            Record::Covered => "covered",
        }
    }

    /// Reads a stored spelling; anything unknown is a [`Record::Doc`].
    pub fn parse(s: &str) -> Record {
        match s {
            "section" => Record::Section,
            "covered" => Record::Covered,
            _ => Record::Doc,
        }
    }
}

/// Where a document comes from: the contract's `kind` of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A curated article from `content/`.
    Article,
    /// A page the crawler fetched.
    Page,
}

impl Kind {
    /// The stored and served spelling: `article`, `page`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Page => "page",
        }
    }

    /// Reads `article` or `page`; `None` for anything else (the API's `kind` filter uses this to
    /// refuse unknown values).
    pub fn from_name(s: &str) -> Option<Kind> {
        match s {
            "article" => Some(Kind::Article),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }

    /// Reads a stored spelling; anything unknown is a [`Kind::Page`].
    pub fn parse(s: &str) -> Kind {
        Kind::from_name(s).unwrap_or(Kind::Page)
    }
}

/// What kind of document it is, finer than [`Kind`], for ranking: a service a resident can use
/// outranks a news release or a code section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A curated article.
    Article,
    /// A page to act on: report, apply, request, pay, look up.
    Service,
    /// A bureau's or a site's home page.
    Home,
    /// Any other page.
    Page,
    /// A park, facility or neighborhood.
    Place,
    /// News releases, advisories, blog posts, events.
    News,
    /// Policies and police directives.
    Policy,
    /// City Code and Charter sections.
    Code,
}

impl Category {
    /// The stored spelling: `article`, `service`, `home`, `page`, `place`, `news`, `policy`, `code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Article => "article",
            Category::Service => "service",
            Category::Home => "home",
            Category::Page => "page",
            Category::Place => "place",
            Category::News => "news",
            Category::Policy => "policy",
            Category::Code => "code",
        }
    }

    /// Reads a stored spelling; anything unknown is a [`Category::Page`].
    pub fn parse(s: &str) -> Category {
        match s {
            "article" => Category::Article,
            "service" => Category::Service,
            "home" => Category::Home,
            "place" => Category::Place,
            "news" => Category::News,
            "policy" => Category::Policy,
            "code" => Category::Code,
            _ => Category::Page,
        }
    }
}

/// The unit id of an article in one language: `article:<slug>:<lang>`.
pub fn article_id(slug: &str, lang: &str) -> String {
    format!("article:{slug}:{lang}")
}

/// The unit id of a crawled page: `page:<url>`, with the URL as the page store keeps it.
pub fn page_id(url: &str) -> String {
    format!("page:{url}")
}

/// The group of an article: `article:<slug>`. Its translations share it, and so do the crawled
/// pages it covers, so they rank as one result.
pub fn article_group(slug: &str) -> String {
    format!("article:{slug}")
}

/// The id of a section record: its unit's id, `#`, and the section's anchor.
pub fn section_id(unit: &str, anchor: &str) -> String {
    format!("{unit}#{anchor}")
}

/// The value of the `path` field: the path of an absolute URL without a trailing slash (`/`
/// stays `/`), so a crawled page can be found by the path an article's action links to even
/// when the link names another host (a mirror or staging copy of the same site). `None` when
/// `url` does not parse.
pub fn url_path(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let path = parsed.path().trim_end_matches('/');
    Some(if path.is_empty() {
        "/".to_owned()
    } else {
        path.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_spellings_read_back() {
        for r in [Record::Doc, Record::Section, Record::Covered] {
            assert_eq!(Record::parse(r.as_str()), r);
        }
        for k in [Kind::Article, Kind::Page] {
            assert_eq!(Kind::parse(k.as_str()), k);
        }
        for c in [
            Category::Article,
            Category::Service,
            Category::Home,
            Category::Page,
            Category::Place,
            Category::News,
            Category::Policy,
            Category::Code,
        ] {
            assert_eq!(Category::parse(c.as_str()), c);
        }
    }

    #[test]
    fn unknown_spellings_read_as_the_neutral_value() {
        assert_eq!(Category::parse("podcast"), Category::Page);
        assert_eq!(Kind::from_name("pdf"), None);
        assert_eq!(Record::parse(""), Record::Doc);
    }

    #[test]
    fn serde_uses_the_stored_spelling() {
        assert_eq!(
            serde_json::to_string(&Kind::Article).unwrap(),
            "\"article\""
        );
        assert_eq!(
            serde_json::to_string(&Category::Service).unwrap(),
            "\"service\""
        );
    }

    #[test]
    fn ids_tie_articles_pages_and_sections() {
        assert_eq!(
            article_id("report-pothole", "es"),
            "article:report-pothole:es"
        );
        assert_eq!(article_group("report-pothole"), "article:report-pothole");
        assert_eq!(page_id("https://x.gov/a"), "page:https://x.gov/a");
        assert_eq!(
            section_id("page:https://x.gov/a", "fees"),
            "page:https://x.gov/a#fees"
        );
    }
}
