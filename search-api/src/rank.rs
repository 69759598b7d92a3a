//! Ranking. Candidates come from one tantivy query (every word group as a disjunction of its
//! alternatives over the fields, BM25-scored with field boosts); then each candidate is scored
//! per word group, so the engine knows which words it matched and how:
//!
//! score = text relevance × coverage² × kind × language × bureau intent × recency
//!
//! where coverage is the share of the question's word weight matched (a typo or prefix match
//! counts 0.6 of a word). All words outrank most words, most words outrank a few, and an exact
//! match outranks a typo because its alternatives are boosted higher. Records are then grouped:
//! a page with its sections, an article with its translations; a section that matches lifts its
//! page and gives the snippet.

use std::collections::{BTreeMap, HashMap};

use indexer::TextField;
use indexer::category::Category;
use indexer::schema::Fields;
use tantivy::collector::TopDocs;
use tantivy::columnar::StrColumn;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Searcher, TERMINATED, Term};

use crate::plan::{Plan, Variant};
use crate::response::{FacetCount, Facets};

/// Candidates read from the index before ranking.
const CANDIDATES: usize = 1000;
/// Share of a word a typo or prefix match is worth.
const WEAK_MATCH: f32 = 0.6;

/// Field weights: where a word is found says how much the page is about it.
pub fn field_boost(field: TextField) -> f32 {
    match field {
        TextField::Title => 3.0,
        TextField::Keywords => 2.5,
        TextField::Headings => 1.5,
        TextField::Summary => 1.5,
        TextField::Body => 1.0,
    }
}

/// Kind weights: a curated answer or a service to act on before news, directives and code.
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

/// Filters from the request.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub bureau: Option<String>,
    pub kind: Option<String>,
    pub lang: Option<String>,
}

/// Bureaus the question names; `only` when it names nothing else ("pbot").
#[derive(Debug, Clone, Default)]
pub struct Intent {
    pub bureaus: Vec<String>,
    pub only: bool,
}

/// One candidate record with what ranking learned about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub address: DocAddress,
    pub group: String,
    pub record: String,
    pub kind: String,
    pub category: Category,
    pub bureau: String,
    pub lang: String,
    pub coverage: f32,
    pub score: f32,
}

/// A result: the records of one page or article, represented by the best of them.
#[derive(Debug, Clone)]
pub struct GroupHit {
    pub key: String,
    /// Index of the best candidate.
    pub best: usize,
    pub score: f32,
    pub coverage: f32,
}

/// The ranked candidates of one question.
#[derive(Debug, Default)]
pub struct Ranked {
    pub candidates: Vec<Candidate>,
    pub groups: Vec<GroupHit>,
}

impl Ranked {
    pub fn address(&self, candidate: usize) -> DocAddress {
        self.candidates[candidate].address
    }

    /// The article group confident enough to be the answer card: the best article, matching
    /// most of the question, scoring close to the best result.
    pub fn answer_candidate(&self) -> Option<&GroupHit> {
        let top = self.groups.first()?.score;
        self.groups
            .iter()
            .take(5)
            .find(|g| self.candidates[g.best].kind == "article")
            .filter(|g| g.coverage >= 0.6 && g.score >= 0.5 * top)
    }

    /// Result counts by bureau, language and kind.
    pub fn facets(&self, bureau_name: impl Fn(&str) -> String) -> Facets {
        let mut bureau: BTreeMap<&str, usize> = BTreeMap::new();
        let mut lang: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kind: BTreeMap<&str, usize> = BTreeMap::new();
        for g in &self.groups {
            let c = &self.candidates[g.best];
            *bureau.entry(&c.bureau).or_default() += 1;
            *lang.entry(&c.lang).or_default() += 1;
            *kind.entry(&c.kind).or_default() += 1;
        }
        let sorted = |map: BTreeMap<&str, usize>, named: bool| {
            let mut v: Vec<FacetCount> = map
                .into_iter()
                .map(|(id, count)| FacetCount {
                    id: id.to_owned(),
                    name: named.then(|| bureau_name(id)),
                    count,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
            v
        };
        Facets {
            bureau: sorted(bureau, true),
            lang: sorted(lang, false),
            kind: sorted(kind, false),
        }
    }
}

/// The query of one alternative over every text field.
fn variant_queries(fields: &Fields, v: &Variant, out: &mut Vec<Box<dyn Query>>) {
    for tf in TextField::ALL {
        let field = fields.text(tf, v.analyzer);
        let query: Box<dyn Query> = if v.terms.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &v.terms[0]),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new(
                v.terms
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect(),
            ))
        };
        out.push(Box::new(BoostQuery::new(query, field_boost(tf) * v.boost)));
    }
}

fn disjunction(fields: &Fields, variants: &[&Variant]) -> Option<Box<dyn Query>> {
    let mut parts = Vec::new();
    for v in variants {
        variant_queries(fields, v, &mut parts);
    }
    (!parts.is_empty())
        .then(|| Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, 0.2)) as Box<dyn Query>)
}

fn filter_clauses(fields: &Fields, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
    let term = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let mut out = Vec::new();
    if let Some(b) = &filters.bureau {
        out.push((Occur::Must, term(fields.bureau, b)));
    }
    if let Some(k) = &filters.kind {
        out.push((Occur::Must, term(fields.kind, k)));
    }
    if let Some(l) = &filters.lang {
        out.push((Occur::Must, term(fields.lang, l)));
    }
    out
}

/// Reads the string fast fields of a segment's candidates.
struct Columns {
    group: StrColumn,
    record: StrColumn,
    kind: StrColumn,
    category: StrColumn,
    bureau: StrColumn,
    lang: StrColumn,
    home: tantivy::columnar::Column<u64>,
    updated: tantivy::columnar::Column<tantivy::DateTime>,
}

fn read(column: &StrColumn, doc: DocId) -> String {
    let mut s = String::new();
    if let Some(ord) = column.term_ords(doc).next() {
        let _ = column.ord_to_str(ord, &mut s);
    }
    s
}

pub fn rank(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    filters: &Filters,
    intent: &Intent,
    routed: Option<&str>,
) -> Ranked {
    if plan.groups.is_empty() {
        return Ranked::default();
    }
    let strong: Vec<Option<Box<dyn Query>>> = plan
        .groups
        .iter()
        .map(|g| disjunction(fields, &g.strong.iter().collect::<Vec<_>>()))
        .collect();
    let weak: Vec<Option<Box<dyn Query>>> = plan
        .groups
        .iter()
        .map(|g| disjunction(fields, &g.weak.iter().collect::<Vec<_>>()))
        .collect();
    let any: Vec<(Occur, Box<dyn Query>)> = plan
        .groups
        .iter()
        .filter_map(|g| disjunction(fields, &g.strong.iter().chain(&g.weak).collect::<Vec<_>>()))
        .map(|q| (Occur::Should, q))
        .collect();
    if any.is_empty() {
        return Ranked::default();
    }
    let mut clauses = filter_clauses(fields, filters);
    clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    let retrieval = BooleanQuery::new(clauses);
    let Ok(top) = searcher.search(
        &retrieval,
        &TopDocs::with_limit(CANDIDATES).order_by_score(),
    ) else {
        return Ranked::default();
    };

    // Per group, per candidate: how it matched.
    let enable = EnableScoring::enabled_from_searcher(searcher);
    let weights =
        |queries: &[Option<Box<dyn Query>>]| -> Vec<Option<Box<dyn tantivy::query::Weight>>> {
            queries
                .iter()
                .map(|q| q.as_ref().and_then(|q| q.weight(enable).ok()))
                .collect()
        };
    let (strong_w, weak_w) = (weights(&strong), weights(&weak));
    let mut by_segment: HashMap<u32, Vec<(DocId, usize)>> = HashMap::new();
    for (i, (_, address)) in top.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, i));
    }
    let n = top.len();
    let mut strong_scores = vec![vec![0f32; plan.groups.len()]; n];
    let mut weak_scores = vec![vec![0f32; plan.groups.len()]; n];
    let mut candidates: Vec<Option<Candidate>> = vec![None; n];
    let readers = searcher.segment_readers();
    for (segment_ord, docs) in by_segment.iter_mut() {
        docs.sort();
        let reader = &readers[*segment_ord as usize];
        for (weights, scores) in [(&strong_w, &mut strong_scores), (&weak_w, &mut weak_scores)] {
            for (g, weight) in weights.iter().enumerate() {
                let Some(weight) = weight else { continue };
                let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
                    continue;
                };
                for (doc, i) in docs.iter() {
                    if scorer.doc() == TERMINATED || scorer.doc() > *doc {
                        continue;
                    }
                    if scorer.seek(*doc) == *doc {
                        scores[*i][g] = scorer.score();
                    }
                }
            }
        }
        let fast = reader.fast_fields();
        let str_col = |name: &str| fast.str(name).ok().flatten();
        let (Some(group), Some(record), Some(kind), Some(category), Some(bureau), Some(lang)) = (
            str_col("group"),
            str_col("record"),
            str_col("kind"),
            str_col("category"),
            str_col("bureau"),
            str_col("lang"),
        ) else {
            continue;
        };
        let (Ok(home), Ok(updated)) = (fast.u64("home"), fast.date("updated")) else {
            continue;
        };
        let cols = Columns {
            group,
            record,
            kind,
            category,
            bureau,
            lang,
            home,
            updated,
        };
        for (doc, i) in docs.iter() {
            candidates[*i] = Some(candidate(
                &cols,
                *doc,
                top[*i].1,
                plan,
                &strong_scores[*i],
                &weak_scores[*i],
                intent,
                routed,
            ));
        }
    }
    let candidates: Vec<Candidate> = candidates.into_iter().flatten().collect();
    group(candidates, plan)
}

#[allow(clippy::too_many_arguments)]
fn candidate(
    cols: &Columns,
    doc: DocId,
    address: DocAddress,
    plan: &Plan,
    strong: &[f32],
    weak: &[f32],
    intent: &Intent,
    routed: Option<&str>,
) -> Candidate {
    let mut matched = 0.0;
    let mut total = 0.0;
    let mut relevance = 0.0;
    for (g, group) in plan.groups.iter().enumerate() {
        total += group.weight;
        if strong[g] > 0.0 {
            matched += group.weight;
            relevance += strong[g];
        } else if weak[g] > 0.0 {
            matched += group.weight * WEAK_MATCH;
            relevance += weak[g];
        }
    }
    let coverage = if total > 0.0 { matched / total } else { 0.0 };
    let category = Category::parse(&read(&cols.category, doc));
    let lang = read(&cols.lang, doc);
    let bureau = read(&cols.bureau, doc);
    let mut prior = category_weight(category);
    prior *= if lang == plan.lang.tag {
        1.2
    } else if lang == "en" {
        1.0
    } else if lang == "und" {
        0.9
    } else {
        0.6
    };
    if intent.bureaus.contains(&bureau) {
        prior *= 1.25;
        if intent.only && cols.home.first(doc) == Some(1) {
            prior *= 4.0;
        }
    }
    if routed == Some(bureau.as_str()) {
        prior *= 1.5;
    }
    if category == Category::News {
        prior *= recency(cols.updated.first(doc));
    }
    Candidate {
        address,
        group: read(&cols.group, doc),
        record: read(&cols.record, doc),
        kind: read(&cols.kind, doc),
        category,
        bureau,
        lang,
        coverage,
        score: relevance * coverage * coverage * prior,
    }
}

/// Recent news helps; old news fades a little.
fn recency(date: Option<tantivy::DateTime>) -> f32 {
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

/// Groups records into results, best first. Articles show one language; a page and its sections
/// are one result, lifted a little when more than one of its records matched.
fn group(candidates: Vec<Candidate>, plan: &Plan) -> Ranked {
    let mut groups: HashMap<&str, (usize, f32, usize)> = HashMap::new(); // best, best score, matches
    for (i, c) in candidates.iter().enumerate() {
        let entry = groups.entry(&c.group).or_insert((i, c.score, 0));
        entry.2 += 1;
        let better = c.score > entry.1 || (c.score == entry.1 && c.lang == plan.lang.tag);
        if better {
            entry.0 = i;
            entry.1 = c.score;
        }
    }
    let best_coverage = candidates.iter().map(|c| c.coverage).fold(0.0, f32::max);
    // A question of several words: results matching under a third of what the best result
    // matched are noise, unless nothing better exists.
    let floor = if plan.groups.len() >= 3 {
        best_coverage * 0.34
    } else {
        0.0
    };
    let mut hits: Vec<GroupHit> = groups
        .into_iter()
        .map(|(key, (best, score, matches))| {
            let lift = if matches > 1 { 1.1 } else { 1.0 };
            GroupHit {
                key: key.to_owned(),
                best,
                score: score * lift,
                coverage: candidates[best].coverage,
            }
        })
        .filter(|g| g.coverage >= floor && g.score > 0.0)
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    Ranked {
        candidates,
        groups: hits,
    }
}
