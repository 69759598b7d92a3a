//! The index schema: what is searched (each text field once per analyzer), what is counted for
//! facets and ranking (fast fields), and what is stored so a result renders without another lookup.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::Analyzer;

/// Bumped when the schema or the analysis changes: the indexer rebuilds an index committed with
/// another version ([`crate::Payload::schema_version`]).
pub const SCHEMA_VERSION: u32 = 4;

/// Names of the fast fields (columnar values read per document while ranking, counting facets
/// and comparing units on update).
pub mod fast {
    /// The unit a record belongs to (string).
    pub const UNIT: &str = "unit";
    /// The result group (string).
    pub const GROUP: &str = "group";
    /// [`crate::Record`] spelling (string).
    pub const RECORD: &str = "record";
    /// [`crate::Kind`] spelling (string).
    pub const KIND: &str = "kind";
    /// [`crate::Category`] spelling (string).
    pub const CATEGORY: &str = "category";
    /// Bureau id (string).
    pub const BUREAU: &str = "bureau";
    /// Language tag, `und` when unknown (string).
    pub const LANG: &str = "lang";
    /// Hash of what a unit was built from (u64).
    pub const UNIT_HASH: &str = "unit_hash";
    /// Publication or update date (date).
    pub const UPDATED: &str = "updated";
    /// 1 for a home page (u64).
    pub const HOME: &str = "home";
}

/// The searchable text fields, from most to least telling. Each is indexed once per
/// [`Analyzer`], as the field `<name>.<analyzer name>` (`body.es`); see [`Fields::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The article's or page's title.
    Title,
    /// An article's keywords (the phrases residents use for it).
    Keywords,
    /// Section headings; for a page also the words of its URL path (`/911/report-boec-feedback`).
    Headings,
    /// An article's summary or a page's meta description.
    Summary,
    /// The body text (a section record: the section's text).
    Body,
}

impl TextField {
    /// Every text field, from most to least telling.
    pub const ALL: [TextField; 5] = [
        TextField::Title,
        TextField::Keywords,
        TextField::Headings,
        TextField::Summary,
        TextField::Body,
    ];

    /// The field name's first part: `title`, `keywords`, `headings`, `summary`, `body`.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Keywords => "keywords",
            TextField::Headings => "headings",
            TextField::Summary => "summary",
            TextField::Body => "body",
        }
    }
}

/// Handles of every field of [`build_schema`]. Records are built in `indexer::document`: a
/// `doc` record per article language or page, `section` records beside long ones.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Unique id of the record: `article:<slug>:<lang>`, `page:<url>`, plus `#<anchor>` for sections.
    pub id: Field,
    /// The document a record belongs to (itself for a document; its page for a section):
    /// updates delete and re-add whole units.
    pub unit: Field,
    /// Results are grouped by this: an article's translations share one, a page and its sections too.
    pub group: Field,
    /// `doc`, `section` or `covered` (a crawled page an article stands for): [`crate::Record`].
    pub record: Field,
    /// `article` or `page`: [`crate::Kind`].
    pub kind: Field,
    /// Finer than kind, for ranking: article, service, home, page, place, news, policy, code:
    /// [`crate::Category`].
    pub category: Field,
    /// Id of the bureau that owns the record (`pbot`).
    pub bureau: Field,
    /// The city language tag of the text (`es`, `zh-hans`), `und` when unknown.
    pub lang: Field,
    /// Where the result links: for an article the path it is served at (`/articles/<slug>`,
    /// `/<lang>/articles/<slug>`), for a page its URL as the page store keys it.
    pub url: Field,
    /// The URL's path without a trailing slash ([`crate::record::url_path`]), so a page can be
    /// found by the path an article links to. Only on records whose `url` is absolute (pages).
    pub path: Field,
    /// Article slug (articles only).
    pub slug: Field,
    /// Hash of everything a unit was built from (on its `doc` or `covered` record): an unchanged
    /// hash lets an update skip the unit.
    pub unit_hash: Field,
    /// An article's `updated` day or a page's publication day, at 00:00 UTC; absent when unknown.
    pub updated: Field,
    /// 1 for a bureau's or site's home page, else 0.
    pub home: Field,
    /// Text fields, indexed per analyzer: `text[field][analyzer]`.
    text: Vec<Vec<(Analyzer, Field)>>,
    // Stored for display.
    /// The article's or page's title (also on its section records).
    pub title: Field,
    /// An article's summary or a page's meta description (`doc` records).
    pub summary: Field,
    /// Plain text: an article's whole body, a page's text cut at 30 000 characters, or a
    /// section's text.
    pub body: Field,
    /// A section record's heading.
    pub heading: Field,
    /// A section record's anchor in its page (`what-to-do`), the URL fragment that links to it;
    /// absent for a page section whose heading had no id.
    pub anchor: Field,
    /// An article's keywords as a JSON array of strings.
    pub keywords: Field,
    /// An article's actions as a JSON array of `{"label", "url"}` objects.
    pub actions: Field,
    /// An article's body as sanitized HTML.
    pub html: Field,
    /// The language tags an article's slug exists in, as a sorted JSON array (`["en","es"]`).
    pub translations: Field,
}

impl Fields {
    /// The field holding `field` as analysed by `analyzer`.
    pub fn text(&self, field: TextField, analyzer: Analyzer) -> Field {
        let i = TextField::ALL
            .iter()
            .position(|f| *f == field)
            .expect("known field");
        self.text[i]
            .iter()
            .find(|(a, _)| *a == analyzer)
            .map(|(_, f)| *f)
            .expect("every analyzer has a field")
    }

    /// The handles of `schema`'s fields, looked up by name.
    ///
    /// # Panics
    /// When `schema` lacks a field of [`build_schema`].
    pub fn from_schema(schema: &Schema) -> Fields {
        let f = |name: &str| {
            schema
                .get_field(name)
                .unwrap_or_else(|_| panic!("schema has field {name}"))
        };
        Fields {
            id: f("id"),
            unit: f("unit"),
            group: f("group"),
            record: f("record"),
            kind: f("kind"),
            category: f("category"),
            bureau: f("bureau"),
            lang: f("lang"),
            url: f("url"),
            path: f("path"),
            slug: f("slug"),
            unit_hash: f("unit_hash"),
            updated: f("updated"),
            home: f("home"),
            text: TextField::ALL
                .iter()
                .map(|tf| {
                    Analyzer::ALL
                        .iter()
                        .map(|a| (*a, f(&format!("{}.{}", tf.name(), a.name()))))
                        .collect()
                })
                .collect(),
            title: f("title"),
            summary: f("summary"),
            body: f("body"),
            heading: f("heading"),
            anchor: f("anchor"),
            keywords: f("keywords"),
            actions: f("actions"),
            html: f("html"),
            translations: f("translations"),
        }
    }
}

/// The schema of every index: the keyword and fast fields, each [`TextField`] once per
/// [`Analyzer`] (`title.exact`, `title.folded`, `title.en`, ...) with frequencies and positions,
/// and the stored fields. Its tokenizers are registered by [`crate::analysis::register`].
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let keyword = STRING | STORED | FAST;
    b.add_text_field("id", STRING | STORED);
    b.add_text_field(fast::UNIT, STRING | FAST);
    b.add_text_field(fast::GROUP, keyword.clone());
    b.add_text_field(fast::RECORD, keyword.clone());
    b.add_text_field(fast::KIND, keyword.clone());
    b.add_text_field(fast::CATEGORY, keyword.clone());
    b.add_text_field(fast::BUREAU, keyword.clone());
    b.add_text_field(fast::LANG, keyword.clone());
    b.add_text_field("url", STRING | STORED);
    b.add_text_field("path", STRING);
    b.add_text_field("slug", STRING | STORED);
    b.add_u64_field(fast::UNIT_HASH, FAST | STORED);
    b.add_date_field(fast::UPDATED, INDEXED | FAST | STORED);
    b.add_u64_field(fast::HOME, INDEXED | FAST | STORED);
    for tf in TextField::ALL {
        for analyzer in Analyzer::ALL {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer.name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            b.add_text_field(
                &format!("{}.{}", tf.name(), analyzer.name()),
                TextOptions::default().set_indexing_options(indexing),
            );
        }
    }
    for stored in [
        "title",
        "summary",
        "body",
        "heading",
        "anchor",
        "keywords",
        "actions",
        "html",
        "translations",
    ] {
        b.add_text_field(stored, STORED);
    }
    b.build()
}
