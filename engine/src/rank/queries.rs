//! The tantivy queries of a plan: each word group's alternatives over the weighted fields,
//! pairs of neighbouring words (proximity), and the request's filters.

use searchindex::Fields;
use searchindex::{Kind, TextField};
use tantivy::Term;
use tantivy::query::{BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::plan::{Plan, Variant};

/// Field weights: where a word is found says how much the page is about it. The factor on a
/// match's BM25 score: title 3, keywords 2.5, headings and summary 1.5, body 1.
pub fn field_boost(field: TextField) -> f32 {
    match field {
        TextField::Title => 3.0,
        TextField::Keywords => 2.5,
        TextField::Headings => 1.5,
        TextField::Summary => 1.5,
        TextField::Body => 1.0,
    }
}

/// Words between two neighbouring words of the question that still count as together.
pub(super) const PROXIMITY_SLOP: u32 = 2;

/// For each pair of neighbouring words: a phrase query (with slop) on the exact and the
/// language fields.
pub(super) fn proximity_queries(fields: &Fields, plan: &Plan) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    for pair in plan.groups.windows(2) {
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        for a in pair[0]
            .strong
            .iter()
            .filter(|v| v.terms.len() == 1 && v.boost >= crate::plan::BOOST_STEM)
        {
            let Some(b) = pair[1]
                .strong
                .iter()
                .find(|v| v.analyzer == a.analyzer && v.terms.len() == 1)
            else {
                continue;
            };
            for tf in [TextField::Title, TextField::Headings, TextField::Body] {
                let field = fields.text(tf, a.analyzer);
                let terms = vec![
                    (0, Term::from_field_text(field, &a.terms[0])),
                    (1, Term::from_field_text(field, &b.terms[0])),
                ];
                let phrase = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
                parts.push(Box::new(BoostQuery::new(Box::new(phrase), field_boost(tf))));
            }
        }
        if !parts.is_empty() {
            out.push(Box::new(DisjunctionMaxQuery::new(parts)) as Box<dyn Query>);
        }
    }
    out
}

/// The queries of one alternative over the text fields in `only`, added to `out`: a term query
/// for a word, a phrase query for a synonym phrase, boosted by field and alternative.
pub(super) fn variant_queries(
    fields: &Fields,
    v: &Variant,
    only: &[TextField],
    out: &mut Vec<Box<dyn Query>>,
) {
    for tf in only.iter().copied() {
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

/// The best match of any of `variants` over every text field (a max with a 0.2 tie-breaker);
/// `None` when there is nothing to match.
pub(super) fn disjunction(fields: &Fields, variants: &[&Variant]) -> Option<Box<dyn Query>> {
    disjunction_in(fields, variants, &TextField::ALL)
}

/// [`disjunction`] over the text fields in `only`.
pub(super) fn disjunction_in(
    fields: &Fields,
    variants: &[&Variant],
    only: &[TextField],
) -> Option<Box<dyn Query>> {
    let mut parts = Vec::new();
    for v in variants {
        variant_queries(fields, v, only, &mut parts);
    }
    (!parts.is_empty())
        .then(|| Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, 0.2)) as Box<dyn Query>)
}

/// One `Must` clause per filter that is set.
pub(super) fn filter_clauses(fields: &Fields, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
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
    if let Some(k) = filters.kind {
        out.push((Occur::Must, term(fields.kind, k.as_str())));
    }
    if let Some(l) = &filters.lang {
        out.push((Occur::Must, term(fields.lang, l)));
    }
    out
}

/// Filters from the request: a record must match every one that is set.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only records of this bureau id (`pbot`).
    pub bureau: Option<String>,
    /// Only articles or only crawled pages.
    pub kind: Option<Kind>,
    /// Only records in this language tag (`es`).
    pub lang: Option<String>,
}
