//! From articles and pages to index records: one `doc` record per article language or page, plus
//! `section` records for long ones, all sharing a unit id so an update replaces them together.

use config::Lang;
use pagestore::Page;
use serde::Serialize;
use tantivy::{DateTime, TantivyDocument};
use xxhash_rust::xxh3::Xxh3;

use searchindex::analysis::Analyzer;
use searchindex::record::{self, Category, Kind, Record};
use searchindex::schema::{Fields, SCHEMA_VERSION, TextField};

use crate::article::Article;
use crate::category;

/// Pages with less text than this are one record; longer ones also yield section records.
const SECTION_MIN_PAGE_CHARS: usize = 800;
/// Sections shorter than this are not worth a record of their own.
const SECTION_MIN_CHARS: usize = 80;
/// Stored body text is cut here: enough for any snippet, not the whole City Code.
const STORED_BODY_CHARS: usize = 30_000;

/// Everything indexed for one article language or one page.
pub struct Unit {
    /// The unit id (`article:<slug>:<lang>`, `page:<url>`), shared by all its records.
    pub id: String,
    /// Article or page.
    pub kind: Kind,
    /// Its city language tag, `und` for a page in no known language.
    pub lang: String,
    /// Hash of everything the records were built from (with [`SCHEMA_VERSION`]): equal hashes,
    /// equal records.
    pub hash: u64,
    /// The `doc` (or `covered`) record first, then any `section` records.
    pub records: Vec<TantivyDocument>,
}

pub use searchindex::record::{article_id, page_id, url_path};

/// The path an article is served at (`CONTRACT.md`): `/articles/<slug>` for the original's
/// language, `/<lang>/articles/<slug>` for a translation.
pub fn article_path(slug: &str, lang: Lang, original: Lang) -> String {
    if lang == original {
        format!("/articles/{slug}")
    } else {
        format!("/{}/articles/{slug}", lang.tag)
    }
}

#[derive(Serialize)]
struct ArticleSource<'a> {
    version: u32,
    slug: &'a str,
    lang: &'a str,
    bureau: &'a str,
    title: &'a str,
    summary: &'a str,
    keywords: &'a [String],
    actions: &'a [crate::Action],
    updated: Option<String>,
    html: &'a str,
    translations: &'a [&'a str],
    url: &'a str,
}

/// Builds the records of one article. `translations` lists every language the slug exists in;
/// `original` is the language of its original.
pub fn article_unit(fields: &Fields, a: &Article, original: Lang, translations: &[&str]) -> Unit {
    let id = article_id(&a.slug, a.lang.tag);
    let url = article_path(&a.slug, a.lang, original);
    let updated = a.updated.map(config::day::format);
    let hash = hash_of(&ArticleSource {
        version: SCHEMA_VERSION,
        slug: &a.slug,
        lang: a.lang.tag,
        bureau: &a.bureau,
        title: &a.title,
        summary: &a.summary,
        keywords: &a.keywords,
        actions: &a.actions,
        updated: updated.clone(),
        html: &a.body.html,
        translations,
        url: &url,
    });
    let group = record::article_group(&a.slug);
    let updated = a
        .updated
        .map(|d| DateTime::from_timestamp_secs(config::day::unix_start(d)));
    let lang = Some(a.lang);

    let mut doc = RecordBuilder::new(
        fields,
        &id,
        &id,
        &group,
        Record::Doc,
        Kind::Article,
        Category::Article,
        &a.bureau,
        a.lang.tag,
        &url,
    );
    doc.text(TextField::Title, &a.title, lang);
    for k in &a.keywords {
        doc.text(TextField::Keywords, k, lang);
    }
    doc.text(TextField::Summary, &a.summary, lang);
    for s in &a.body.sections {
        doc.text(TextField::Headings, &s.heading, lang);
    }
    doc.text(TextField::Body, &a.body.text, lang);
    doc.stored(fields.title, &a.title);
    doc.stored(fields.summary, &a.summary);
    doc.stored(fields.body, &a.body.text);
    doc.stored(fields.slug, &a.slug);
    doc.stored(fields.html, &a.body.html);
    doc.stored(
        fields.keywords,
        &serde_json::to_string(&a.keywords).expect("keywords serialize"),
    );
    doc.stored(
        fields.actions,
        &serde_json::to_string(&a.actions).expect("actions serialize"),
    );
    doc.stored(
        fields.translations,
        &serde_json::to_string(translations).expect("langs serialize"),
    );
    doc.doc.add_u64(fields.unit_hash, hash);
    doc.doc.add_u64(fields.home, 0);
    if let Some(date) = updated {
        doc.doc.add_date(fields.updated, date);
    }
    let mut records = vec![doc.doc];
    for s in a.body.sections.iter().filter(|s| !s.text.is_empty()) {
        let mut r = RecordBuilder::new(
            fields,
            &record::section_id(&id, &s.anchor),
            &id,
            &group,
            Record::Section,
            Kind::Article,
            Category::Article,
            &a.bureau,
            a.lang.tag,
            &url,
        );
        r.text(TextField::Headings, &s.heading, lang);
        r.text(TextField::Body, &s.text, lang);
        r.stored(fields.title, &a.title);
        r.stored(fields.heading, &s.heading);
        r.stored(fields.anchor, &s.anchor);
        r.stored(fields.body, &s.text);
        r.stored(fields.slug, &a.slug);
        r.doc.add_u64(fields.home, 0);
        records.push(r.doc);
    }
    Unit {
        id,
        kind: Kind::Article,
        lang: a.lang.tag.to_owned(),
        hash,
        records,
    }
}

#[derive(Serialize)]
struct PageSource<'a> {
    version: u32,
    page: &'a Page,
    group: &'a str,
    category: &'static str,
    home: bool,
}

/// Builds the records of one crawled page. `group` is the page's own id, or the group of the
/// article that covers it (then its records are `covered` and the article is what is shown).
pub fn page_unit(fields: &Fields, p: &Page, group: &str, home: bool) -> Unit {
    let id = page_id(&p.url);
    let lang = p.lang.as_deref().and_then(|t| Lang::from_tag(t).ok());
    let lang_tag = lang.map(|l| l.tag).unwrap_or("und");
    let category = if home {
        Category::Home
    } else {
        category::of_page(p)
    };
    // Only the crawled facts that shape the records go into the hash: a recrawl that only
    // refreshes last_seen changes nothing.
    let mut stable = p.clone();
    stable.last_seen = 0;
    stable.etag = None;
    stable.last_modified = None;
    stable.http_status = None;
    stable.last_error = None;
    let hash = hash_of(&PageSource {
        version: SCHEMA_VERSION,
        page: &stable,
        group,
        category: category.as_str(),
        home,
    });
    let covered = group != id;
    let record_kind = if covered {
        Record::Covered
    } else {
        Record::Doc
    };
    let updated = p.published.as_deref().and_then(parse_date);

    let mut doc = RecordBuilder::new(
        fields,
        &id,
        &id,
        group,
        record_kind,
        Kind::Page,
        category,
        &p.bureau,
        lang_tag,
        &p.url,
    );
    doc.text(TextField::Title, &p.title, lang);
    if !p.description.is_empty() {
        doc.text(TextField::Summary, &p.description, lang);
    }
    for s in &p.sections {
        doc.text(TextField::Headings, &s.heading, lang);
    }
    // The URL's words ("/911/report-boec-feedback") name the page as a heading would.
    if let Some(path) = url_path(&p.url) {
        doc.text(
            TextField::Headings,
            &path.replace(['/', '-', '_'], " "),
            lang,
        );
    }
    doc.text(TextField::Body, &p.text, lang);
    doc.stored(fields.title, &p.title);
    doc.stored(fields.summary, &p.description);
    doc.stored(fields.body, truncate(&p.text, STORED_BODY_CHARS));
    doc.doc.add_u64(fields.unit_hash, hash);
    doc.doc.add_u64(fields.home, home as u64);
    if let Some(date) = updated {
        doc.doc.add_date(fields.updated, date);
    }
    let mut records = vec![doc.doc];
    if !covered && p.text.chars().count() >= SECTION_MIN_PAGE_CHARS {
        records.extend(page_sections(
            fields, p, &id, group, category, lang, updated,
        ));
    }
    Unit {
        id,
        kind: Kind::Page,
        lang: lang_tag.to_owned(),
        hash,
        records,
    }
}

/// The section records of a long crawled page: one per heading section with enough text, under
/// the page's anchor for it (or one made from the heading), each anchor once.
fn page_sections(
    fields: &Fields,
    p: &Page,
    id: &str,
    group: &str,
    category: Category,
    lang: Option<Lang>,
    updated: Option<DateTime>,
) -> Vec<TantivyDocument> {
    let lang_tag = lang.map(|l| l.tag).unwrap_or("und");
    let mut records = Vec::new();
    let mut used = std::collections::HashSet::new();
    for s in p
        .sections
        .iter()
        .filter(|s| s.text.chars().count() >= SECTION_MIN_CHARS)
    {
        let anchor = s
            .anchor
            .clone()
            .unwrap_or_else(|| crate::markdown::anchor_for(&s.heading));
        if !used.insert(anchor.clone()) {
            continue;
        }
        let mut r = RecordBuilder::new(
            fields,
            &record::section_id(id, &anchor),
            id,
            group,
            Record::Section,
            Kind::Page,
            category,
            &p.bureau,
            lang_tag,
            &p.url,
        );
        r.text(TextField::Headings, &s.heading, lang);
        r.text(TextField::Body, &s.text, lang);
        r.stored(fields.title, &p.title);
        r.stored(fields.heading, &s.heading);
        if s.anchor.is_some() {
            r.stored(fields.anchor, &anchor);
        }
        r.stored(fields.body, truncate(&s.text, STORED_BODY_CHARS));
        r.doc.add_u64(fields.home, 0);
        if let Some(date) = updated {
            r.doc.add_date(fields.updated, date);
        }
        records.push(r.doc);
    }
    records
}

/// A record being built.
struct RecordBuilder<'f> {
    fields: &'f Fields,
    doc: TantivyDocument,
}

impl<'f> RecordBuilder<'f> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        fields: &'f Fields,
        id: &str,
        unit: &str,
        group: &str,
        record: Record,
        kind: Kind,
        category: Category,
        bureau: &str,
        lang: &str,
        url: &str,
    ) -> RecordBuilder<'f> {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.id, id);
        doc.add_text(fields.unit, unit);
        doc.add_text(fields.group, group);
        doc.add_text(fields.record, record.as_str());
        doc.add_text(fields.kind, kind.as_str());
        doc.add_text(fields.category, category.as_str());
        doc.add_text(fields.bureau, bureau);
        doc.add_text(fields.lang, lang);
        doc.add_text(fields.url, url);
        if let Some(path) = url_path(url) {
            doc.add_text(fields.path, path);
        }
        RecordBuilder { fields, doc }
    }

    /// Indexes `text` in `field` twice: exact, and with the language's analyzer.
    fn text(&mut self, field: TextField, text: &str, lang: Option<Lang>) {
        if text.trim().is_empty() {
            return;
        }
        self.doc
            .add_text(self.fields.text(field, Analyzer::Exact), text);
        self.doc
            .add_text(self.fields.text(field, Analyzer::for_lang(lang)), text);
        if text
            .chars()
            .any(|c| config::Script::of(c) == config::Script::Han)
        {
            self.doc
                .add_text(self.fields.text(field, Analyzer::HanChars), text);
        }
    }

    fn stored(&mut self, field: tantivy::schema::Field, value: &str) {
        if !value.is_empty() {
            self.doc.add_text(field, value);
        }
    }
}

fn hash_of(value: &impl Serialize) -> u64 {
    let mut h = Xxh3::new();
    h.update(&serde_json::to_vec(value).expect("sources serialize"));
    h.digest()
}

fn truncate(s: &str, max_chars: usize) -> &str {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn parse_date(s: &str) -> Option<DateTime> {
    let date = config::day::parse_leading(s)?;
    Some(DateTime::from_timestamp_secs(config::day::unix_start(date)))
}
