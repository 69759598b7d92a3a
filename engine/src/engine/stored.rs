//! Reading stored records: field values of a stored document, and every language version of an
//! article fetched with one query ([`ArticleSet`]), so an answer card, a result and an article page
//! each look their article up once.

use std::cell::OnceCell;

use config::Lang;
use searchindex::record::{self, Kind, Record};
use searchindex::schema::{Fields, fast};
use serde::Deserialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Languages an article can exist in: at most one record per city language.
const MAX_VERSIONS: usize = config::LANGS.len();

/// The stored text of `field`, or `""`.
pub(crate) fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A stored JSON value of `field` (actions, keywords, translations); the default when absent or
/// unreadable.
pub(crate) fn json<T: for<'de> Deserialize<'de> + Default>(
    doc: &TantivyDocument,
    field: Field,
) -> T {
    let raw = text(doc, field);
    if raw.is_empty() {
        T::default()
    } else {
        serde_json::from_str(&raw).unwrap_or_default()
    }
}

/// A stored date as `YYYY-MM-DD` (UTC).
pub(crate) fn date(doc: &TantivyDocument, field: Field) -> Option<String> {
    let d = doc.get_first(field)?.as_datetime()?;
    config::day::from_unix(d.into_timestamp_secs()).map(config::day::format)
}

/// The stored document at `address`; `None` if the store cannot be read.
pub(crate) fn load(searcher: &Searcher, address: DocAddress) -> Option<TantivyDocument> {
    searcher.doc(address).ok()
}

/// An exact-term query on a keyword field.
pub(crate) fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Every published language version of one article: the `doc` records of its group. The
/// versions' languages come from the `lang` fast field; a version's stored document is decoded
/// the first time it is asked for, so a result that shows one version decodes only that one.
pub(crate) struct ArticleSet<'s> {
    searcher: &'s Searcher,
    versions: Vec<Version>,
}

/// One language version: where it is, its language tag, and its stored document once read.
struct Version {
    address: DocAddress,
    lang: String,
    doc: OnceCell<Option<TantivyDocument>>,
}

impl<'s> ArticleSet<'s> {
    /// Finds the versions of article `slug` in one query; empty when it is not published.
    pub(crate) fn fetch(searcher: &'s Searcher, fields: &Fields, slug: &str) -> ArticleSet<'s> {
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                term(fields.group, &record::article_group(slug)),
            ),
            (Occur::Must, term(fields.kind, Kind::Article.as_str())),
            (Occur::Must, term(fields.record, Record::Doc.as_str())),
        ]);
        let found = searcher
            .search(&query, &TopDocs::with_limit(MAX_VERSIONS).order_by_score())
            .unwrap_or_default();
        let versions = found
            .into_iter()
            .filter_map(|(_, address)| {
                Some(Version {
                    address,
                    lang: lang_of(searcher, address)?,
                    doc: OnceCell::new(),
                })
            })
            .collect();
        ArticleSet { searcher, versions }
    }

    /// The version in language `tag`.
    pub(crate) fn get(&self, tag: &str) -> Option<&TantivyDocument> {
        let version = self.versions.iter().find(|v| v.lang == tag)?;
        version
            .doc
            .get_or_init(|| load(self.searcher, version.address))
            .as_ref()
    }

    /// The version in `lang`, else the one in `fallback`.
    pub(crate) fn prefer(&self, lang: Lang, fallback: &str) -> Option<&TantivyDocument> {
        self.get(lang.tag).or_else(|| self.get(fallback))
    }

    /// The version in English, else in the first of the city's languages it exists in.
    pub(crate) fn any(&self) -> Option<&TantivyDocument> {
        config::LANGS.iter().find_map(|l| self.get(l.tag))
    }

    /// Every version, in the order of the city's languages.
    pub(crate) fn all(&self) -> impl Iterator<Item = &TantivyDocument> {
        config::LANGS.iter().filter_map(|l| self.get(l.tag))
    }
}

/// The language tag of the record at `address`, from the `lang` fast field.
fn lang_of(searcher: &Searcher, address: DocAddress) -> Option<String> {
    let column = searcher
        .segment_reader(address.segment_ord)
        .fast_fields()
        .str(fast::LANG)
        .ok()
        .flatten()?;
    let ord = column.term_ords(address.doc_id).next()?;
    let mut tag = String::new();
    column.ord_to_str(ord, &mut tag).ok()?;
    Some(tag)
}
