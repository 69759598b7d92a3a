//! The signals that score one candidate: which of the question's words it matched and where,
//! its kind, language, bureau and age.

use searchindex::schema::fast;
use searchindex::{Category, Kind, Record};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId};

use crate::plan::Plan;

/// One candidate's scores from the scoring queries.
#[derive(Debug, Clone)]
pub(super) struct Scores {
    /// Per word group: the score of its full matches (0 when none).
    pub(super) strong: Vec<f32>,
    /// Per word group: the score of its typo and prefix matches (0 when none).
    pub(super) weak: Vec<f32>,
    /// Per word group: whether a full match is in the title or keywords.
    pub(super) title: Vec<bool>,
    /// Summed scores of neighbouring words found together.
    pub(super) proximity: f32,
}

impl Scores {
    pub(super) fn new(groups: usize) -> Scores {
        Scores {
            strong: vec![0.0; groups],
            weak: vec![0.0; groups],
            title: vec![false; groups],
            proximity: 0.0,
        }
    }
}

/// Bureaus the question names, by id, name or alias ("pbot", "water bureau").
#[derive(Debug, Clone, Default)]
pub struct Intent {
    /// Ids of the bureaus named: their records rank 1.25 times higher.
    pub bureaus: Vec<String>,
    /// The question names a bureau and nothing else ("pbot"): that bureau's home page is
    /// retrieved even where it never says the name, and lifted to the top.
    pub only: bool,
}

/// One candidate record with what ranking learned about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where the record is in the index.
    pub address: DocAddress,
    /// The result group it belongs to: `article:<slug>` for an article's records and the pages
    /// it covers, `page:<url>` for a page and its sections.
    pub group: String,
    /// Whole document, section, or a page an article covers.
    pub record: Record,
    /// Article or crawled page.
    pub kind: Kind,
    /// The finer kind, which weighs in the score.
    pub category: Category,
    /// The owning bureau's id.
    pub bureau: String,
    /// The record's language tag (`und` when unknown).
    pub lang: String,
    /// Share of the question's word weight the record matches, 0.0 to 1.0 (a typo or prefix
    /// match counts 0.6 of a word).
    pub coverage: f32,
    /// Share of the question's word weight the record matches fully: as written, stemmed,
    /// unaccented, through a synonym, or as the correction of a word the index does not know.
    /// Prefixes of a word being typed and guesses at typos do not count. 0.0 to 1.0.
    pub full_coverage: f32,
    /// Share of the question's word weight its title or keywords match fully, 0.0 to 1.0.
    pub title_coverage: f32,
    /// The question's word groups it matches fully, as bits: bit `g` for group `g` (groups past
    /// the 64th are not recorded).
    pub fully: u64,
    /// The word groups its title or keywords match fully, as bits like [`Candidate::fully`].
    pub titled: u64,
    /// The ranking score: relevance × (1 + title coverage) × coverage² × kind × language ×
    /// bureau × recency. Only comparable within one search.
    pub score: f32,
}

/// Kind weights: a curated answer or a service to act on before news, directives and code. The
/// factor on a record's score: 1.15 for articles and services, 1.0 for home pages, 0.85 for other
/// pages and places, 0.6 for news (then adjusted by age), 0.5 for policies and code.
pub fn category_weight(category: Category) -> f32 {
    match category {
        Category::Article => 1.15,
        Category::Service => 1.15,
        Category::Home => 1.0,
        Category::Page | Category::Place => 0.85,
        Category::News => 0.6,
        Category::Policy | Category::Code => 0.5,
    }
}

/// Share of a word a typo or prefix match is worth.
pub(super) const WEAK_MATCH: f32 = 0.6;

/// How much a title matching all the question's words multiplies relevance by (1 + this).
pub(super) const TITLE_WEIGHT: f32 = 1.0;

/// How much neighbouring words found together add, relative to the words themselves.
pub(super) const PROXIMITY_WEIGHT: f32 = 0.5;

/// A candidate's fast fields.
pub(super) struct Row {
    group: String,
    record: Record,
    kind: Kind,
    category: Category,
    bureau: String,
    lang: String,
    home: bool,
    updated: Option<tantivy::DateTime>,
}

/// The string values of `column` for `docs`, decoding each distinct term once and the
/// dictionary's blocks in order (one term at a time would decompress a block per lookup).
pub(super) fn decode_all(column: &StrColumn, docs: &[DocId]) -> Vec<String> {
    let ords: Vec<Option<u64>> = docs.iter().map(|d| column.term_ords(*d).next()).collect();
    let mut sorted: Vec<u64> = ords.iter().flatten().copied().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut terms: Vec<String> = Vec::with_capacity(sorted.len());
    let _ = column
        .dictionary()
        .sorted_ords_to_term_cb(&sorted, |bytes| {
            terms.push(String::from_utf8_lossy(bytes).into_owned())
        });
    ords.iter()
        .map(|o| {
            o.and_then(|o| sorted.binary_search(&o).ok())
                .and_then(|i| terms.get(i).cloned())
                .unwrap_or_default()
        })
        .collect()
}

/// The fast fields of `docs` in one segment.
pub(super) fn rows(reader: &tantivy::SegmentReader, docs: &[DocId]) -> Option<Vec<Row>> {
    let columns = reader.fast_fields();
    let strings = |name: &str| {
        columns
            .str(name)
            .ok()
            .flatten()
            .map(|c| decode_all(&c, docs))
    };
    let (group, record, kind, category, bureau, lang) = (
        strings(fast::GROUP)?,
        strings(fast::RECORD)?,
        strings(fast::KIND)?,
        strings(fast::CATEGORY)?,
        strings(fast::BUREAU)?,
        strings(fast::LANG)?,
    );
    let home = columns.u64(fast::HOME).ok()?;
    let updated = columns.date(fast::UPDATED).ok()?;
    let mut out = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        out.push(Row {
            group: group[i].clone(),
            record: Record::parse(&record[i]),
            kind: Kind::parse(&kind[i]),
            category: Category::parse(&category[i]),
            bureau: bureau[i].clone(),
            lang: lang[i].clone(),
            home: home.first(*doc) == Some(1),
            updated: updated.first(*doc),
        });
    }
    Some(out)
}

/// One record scored: coverage of the question's word weight, relevance (BM25 of its matches plus
/// proximity, lifted by title coverage), and the priors of its category, language, bureau and age.
#[allow(clippy::too_many_arguments)]
pub(super) fn candidate(
    row: Row,
    address: DocAddress,
    plan: &Plan,
    scores: &Scores,
    intent: &Intent,
    routed: Option<&str>,
) -> Candidate {
    let (strong, weak) = (&scores.strong, &scores.weak);
    let mut matched = 0.0;
    let mut matched_fully = 0.0;
    let mut titled = 0.0;
    let mut total = 0.0;
    let mut relevance = 0.0;
    for (g, group) in plan.groups.iter().enumerate() {
        total += group.weight;
        if scores.title[g] {
            titled += group.weight;
        }
        if strong[g] > 0.0 {
            matched += group.weight;
            matched_fully += group.weight;
            relevance += strong[g];
        } else if weak[g] > 0.0 {
            matched += group.weight * WEAK_MATCH;
            relevance += weak[g];
        }
    }
    let mut coverage = if total > 0.0 { matched / total } else { 0.0 };
    let full_coverage = if total > 0.0 {
        matched_fully / total
    } else {
        0.0
    };
    // Which word groups it matches fully, as bits (groups past the 64th are left out).
    let fully = strong
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .fold(0u64, |bits, (g, _)| bits | 1 << g);
    let titled_bits = scores
        .title
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, t)| **t)
        .fold(0u64, |bits, (g, _)| bits | 1 << g);
    relevance += PROXIMITY_WEIGHT * scores.proximity;
    // A title that says what the question asks: the page is about it, not just mentioning it.
    let title_coverage = if total > 0.0 { titled / total } else { 0.0 };
    relevance *= 1.0 + TITLE_WEIGHT * title_coverage;
    let category = row.category;
    let lang = row.lang;
    let bureau = row.bureau;
    let mut prior = category_weight(category);
    // The question's language first, English (the City's own) next; a language the question may
    // well be in (a runner-up of the guess) up to the guessed language's weight.
    let base: f32 = if lang == plan.lang.tag {
        1.2
    } else if lang == "en" {
        1.0
    } else if lang == "und" {
        0.9
    } else {
        0.6
    };
    prior *= base.max(0.6 + 0.6 * plan.guess.relative(&lang));
    if intent.bureaus.contains(&bureau) {
        prior *= 1.25;
        if intent.only && row.home {
            coverage = 1.0;
            relevance = relevance.max(20.0);
            prior *= 4.0;
        }
    }
    if routed == Some(bureau.as_str()) {
        prior *= 1.5;
    }
    if category == Category::News {
        prior *= recency(row.updated);
    }
    Candidate {
        address,
        group: row.group,
        record: row.record,
        kind: row.kind,
        category,
        bureau,
        lang,
        coverage,
        full_coverage,
        title_coverage,
        fully,
        titled: titled_bits,
        score: relevance * coverage * coverage * prior,
    }
}

/// Recent news helps; old news fades a little.
pub(super) fn recency(date: Option<tantivy::DateTime>) -> f32 {
    let Some(date) = date else { return 0.9 };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let age_days = (now - date.into_timestamp_secs()) as f32 / 86_400.0;
    match age_days {
        d if d < 90.0 => 1.3,
        d if d < 365.0 => 1.1,
        d if d < 3.0 * 365.0 => 1.0,
        _ => 0.85,
    }
}
