//! Ranking. Candidates come from one tantivy query (every word group as a disjunction of its
//! alternatives over the fields, BM25-scored with field boosts); then each candidate is scored
//! per word group, so the engine knows which words it matched and how:
//!
//! score = text relevance × (1 + title coverage) × coverage² × kind × language × bureau intent
//!         × recency
//!
//! (with the default weights: each factor is raised to its weight in [`config::RankWeights`],
//! see [`Factors`])
//! where coverage is the share of the question's word weight matched (a typo or prefix match
//! counts 0.6 of a word). All words outrank most words, most words outrank a few, and an exact
//! match outranks a typo because its alternatives are boosted higher. Records are then grouped:
//! a page with its sections, an article with its translations; a section that matches lifts its
//! page and gives the snippet.

use std::collections::HashMap;

mod card;
mod keywords;
mod queries;
mod signals;

use config::RankWeights;
use searchindex::Fields;
use searchindex::TextField;
use searchindex::{Kind, Record};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, DocSet, Searcher, TERMINATED, Term};

pub use card::{CardCheck, Evidence};
pub use queries::Filters;
pub use queries::field_boost;
use queries::{disjunction, disjunction_in, filter_clauses, proximity_queries};
pub use signals::category_weight;
pub use signals::{Candidate, Factors, Intent, Scores};
use signals::{candidate, rows};

use crate::plan::Plan;

/// Candidates read from the index before ranking.
const CANDIDATES: usize = 1000;

/// Weight of a curated article in the results list, relative to its rank as a candidate answer,
/// when another article is the answer card.
const ARTICLE_IN_LIST: f32 = 0.7;

/// The first article results whose stored title and keywords are read ([`read_titles`]).
const ARTICLES_READ: usize = 5;

/// The factor on the score of an article that holds one of its keywords whole in the question.
const KEYWORD_WHOLE: f32 = 1.5;

/// What a scoring query measures.
#[derive(Debug, Clone, Copy)]
enum Role {
    Strong(usize),
    /// A full match in the title or keywords.
    Title(usize),
    Weak(usize),
    Pair,
}

/// A result: the records of one page or article, represented by the best of them.
#[derive(Debug, Clone)]
pub struct GroupHit {
    /// The group's key, as in [`Candidate::group`].
    pub key: String,
    /// Index in [`Ranked::candidates`] of the record that stands for the group: the best
    /// scoring article record when the group has one, else the best scoring record.
    pub best: usize,
    /// The best record's score, times [`GroupHit::lift`].
    pub score: f32,
    /// Index in [`Ranked::candidates`] of the best scoring record, whose score the group takes
    /// (an article's record stands for the group in [`GroupHit::best`] even when a page it
    /// covers scores higher).
    pub scored: usize,
    /// 1.1 when more than one record of the group matched, else 1.0.
    pub lift: f32,
    /// The coverage of the best scoring record, 0.0 to 1.0.
    pub coverage: f32,
    /// Index in [`Ranked::candidates`] of the best section matching as many of the question's
    /// words as the best record: the passage to show and link to.
    pub passage: Option<usize>,
}

/// The ranked candidates of one question.
#[derive(Debug, Default)]
pub struct Ranked {
    /// Every record retrieved and scored, in retrieval order.
    pub candidates: Vec<Candidate>,
    /// The results, best first. Groups scoring zero are left out, and so, for questions of three
    /// meaningful words or more, are groups covering under a third of what the best record covers.
    pub groups: Vec<GroupHit>,
}

impl Ranked {
    /// The index address of candidate number `candidate`.
    ///
    /// # Panics
    ///
    /// When `candidate` is not an index into [`Ranked::candidates`]; the indexes of
    /// [`GroupHit`] always are.
    pub fn address(&self, candidate: usize) -> DocAddress {
        self.candidates[candidate].address
    }

    /// The results list: every group, the answer card's (key `answer`) included, so a card's
    /// article is always among the results. The card's group comes last: the card above the
    /// list already shows it, and the list is where people find the page to act on. For the
    /// same reason, when there is a card the other curated articles are weighted 0.7 so they
    /// fall behind pages that match as well. Without a card, articles rank as they score. Ties
    /// are broken by key, so the order is stable.
    pub fn listing(&self, answer: Option<&str>) -> Vec<&GroupHit> {
        let mut listed: Vec<(f32, &GroupHit)> = self
            .groups
            .iter()
            .filter(|g| Some(g.key.as_str()) != answer)
            .map(|g| (g.score * self.listing_weight(g, answer), g))
            .collect();
        listed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
        let card = self
            .groups
            .iter()
            .filter(|g| Some(g.key.as_str()) == answer);
        listed.into_iter().map(|(_, g)| g).chain(card).collect()
    }

    /// The factor on group `g`'s score in the results list when `answer` is the answer card's
    /// group key: 0.7 for an article beside a card, else 1.0.
    pub fn listing_weight(&self, g: &GroupHit, answer: Option<&str>) -> f32 {
        if answer.is_some() && self.candidates[g.best].kind == Kind::Article {
            ARTICLE_IN_LIST
        } else {
            1.0
        }
    }
}

/// Ranks the candidates of `plan`: retrieves up to 1,000 records with one tantivy query
/// (within `filters`), scores each per word group, and groups them into results, best first.
/// `intent` names the bureaus the question mentions; `routed` is the bureau an editor routed the
/// question to; with `explain`, every candidate keeps its per-word scores
/// ([`Candidate::matches`]) for the ranking report. Each record's score is [`Factors::score`]
/// under `weights`. Empty when no word of the question can match, or when the index cannot be
/// searched.
#[allow(clippy::too_many_arguments)]
pub fn rank(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    filters: &Filters,
    intent: &Intent,
    routed: Option<&str>,
    weights: &RankWeights,
    explain: bool,
) -> Ranked {
    if plan.groups.is_empty() {
        return Ranked::default();
    }
    let Some(retrieval) = retrieval_query(fields, plan, filters, intent) else {
        return Ranked::default();
    };
    let Ok(top) = searcher.search(
        &retrieval,
        &TopDocs::with_limit(CANDIDATES).order_by_score(),
    ) else {
        return Ranked::default();
    };
    let addresses: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
    let candidates = score(
        searcher, fields, plan, &addresses, intent, routed, weights, explain,
    );
    let mut ranked = group(candidates, plan);
    read_titles(searcher, fields, plan, weights, &mut ranked);
    ranked
}

/// Reads the stored title and keywords of the first [`ARTICLES_READ`] article results and
/// corrects what the index could not tell (`keywords`): a word only found in a keyword that
/// reads otherwise ("house fire" in "fire safe my house") is not matched in the title or
/// keywords, and an article holding one of its keywords whole in the question scores
/// [`KEYWORD_WHOLE`] times more. The results are sorted again.
fn read_titles(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    weights: &RankWeights,
    ranked: &mut Ranked,
) {
    let articles: Vec<usize> = ranked
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            let c = &ranked.candidates[g.best];
            c.kind == Kind::Article && c.record == Record::Doc
        })
        .map(|(i, _)| i)
        .take(ARTICLES_READ)
        .collect();
    if articles.is_empty() {
        return;
    }
    let total: f32 = plan.groups.iter().map(|g| g.weight).sum();
    for i in articles {
        let best = ranked.groups[i].best;
        let c = &mut ranked.candidates[best];
        let Ok(doc) = searcher.doc::<tantivy::TantivyDocument>(c.address) else {
            continue;
        };
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let title = text(fields.title);
        let keywords: Vec<String> =
            serde_json::from_str(&text(fields.keywords)).unwrap_or_default();
        let lang = config::Lang::by_tag(&c.lang).unwrap_or(plan.lang);
        let found = keywords::title_match(plan, &title, &keywords, lang);
        c.topic = found.topic;
        let titled = found.titled(c.titled);
        if titled != c.titled && total > 0.0 {
            c.titled = titled;
            let weight: f32 = plan
                .groups
                .iter()
                .take(64)
                .enumerate()
                .filter(|(g, _)| titled & (1 << g) != 0)
                .map(|(_, g)| g.weight)
                .sum();
            c.title_coverage = weight / total;
            c.factors.title_coverage = c.title_coverage;
        }
        if found.whole_keyword {
            c.factors.keyword = KEYWORD_WHOLE;
        }
        let before = c.score;
        c.score = c.factors.score(weights);
        let g = &mut ranked.groups[i];
        if g.scored == best {
            g.score = c.score * g.lift;
        } else if before > 0.0 {
            g.score *= c.score / before;
        }
    }
    ranked
        .groups
        .sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
}

/// The query that finds candidates: any alternative of any word group, within the filters; for
/// a question that only names a bureau ("pbot"), that bureau's home page as well. `None` when no
/// group has an alternative.
fn retrieval_query(
    fields: &Fields,
    plan: &Plan,
    filters: &Filters,
    intent: &Intent,
) -> Option<BooleanQuery> {
    let mut any: Vec<(Occur, Box<dyn Query>)> = plan
        .groups
        .iter()
        .filter_map(|g| disjunction(fields, &g.strong.iter().chain(&g.weak).collect::<Vec<_>>()))
        .map(|q| (Occur::Should, q))
        .collect();
    if any.is_empty() {
        return None;
    }
    if intent.only {
        // "pbot": the bureau's home page, even where it never says its own acronym.
        for b in &intent.bureaus {
            let home: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.bureau, b),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(fields.home, 1),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]));
            any.push((Occur::Should, home));
        }
    }
    let mut clauses = filter_clauses(fields, filters);
    clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    Some(BooleanQuery::new(clauses))
}

/// The scoring queries: each group's full and partial matches, its full matches in the title or
/// keywords, and each pair of neighbouring words found close together (proximity).
fn scoring_queries(fields: &Fields, plan: &Plan) -> Vec<(Role, Box<dyn Query>)> {
    let mut scoring: Vec<(Role, Box<dyn Query>)> = Vec::new();
    for (g, group) in plan.groups.iter().enumerate() {
        if let Some(q) = disjunction(fields, &group.strong.iter().collect::<Vec<_>>()) {
            scoring.push((Role::Strong(g), q));
        }
        if let Some(q) = disjunction(fields, &group.weak.iter().collect::<Vec<_>>()) {
            scoring.push((Role::Weak(g), q));
        }
        let titled = [TextField::Title, TextField::Keywords];
        if let Some(q) = disjunction_in(fields, &group.strong.iter().collect::<Vec<_>>(), &titled) {
            scoring.push((Role::Title(g), q));
        }
    }
    for q in proximity_queries(fields, plan) {
        scoring.push((Role::Pair, q));
    }
    scoring
}

/// Scores each candidate record (in `addresses` order) with every scoring query, segment by
/// segment with each scorer advancing once through the sorted documents, and reads its fast
/// fields. With `keep`, each candidate keeps its scores.
#[allow(clippy::too_many_arguments)]
fn score(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    addresses: &[DocAddress],
    intent: &Intent,
    routed: Option<&str>,
    weights: &RankWeights,
    keep: bool,
) -> Vec<Candidate> {
    let enable = EnableScoring::enabled_from_searcher(searcher);
    let scorers: Vec<(Role, Box<dyn tantivy::query::Weight>)> = scoring_queries(fields, plan)
        .iter()
        .filter_map(|(role, q)| q.weight(enable).ok().map(|w| (*role, w)))
        .collect();
    let mut by_segment: HashMap<u32, Vec<(DocId, usize)>> = HashMap::new();
    for (i, address) in addresses.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, i));
    }
    let n = addresses.len();
    let mut scores = vec![Scores::new(plan.groups.len()); n];
    let mut candidates: Vec<Option<Candidate>> = vec![None; n];
    let readers = searcher.segment_readers();
    for (segment_ord, docs) in by_segment.iter_mut() {
        docs.sort();
        let reader = &readers[*segment_ord as usize];
        for (role, weight) in &scorers {
            let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
                continue;
            };
            for (doc, i) in docs.iter() {
                if scorer.doc() == TERMINATED || scorer.doc() > *doc {
                    continue;
                }
                if scorer.seek(*doc) == *doc {
                    let score = scorer.score();
                    match role {
                        Role::Strong(g) => scores[*i].strong[*g] = score,
                        Role::Weak(g) => scores[*i].weak[*g] = score,
                        Role::Title(g) => scores[*i].title[*g] = true,
                        Role::Pair => scores[*i].proximity += score,
                    }
                }
            }
        }
        let doc_ids: Vec<DocId> = docs.iter().map(|(d, _)| *d).collect();
        let Some(rows) = rows(reader, &doc_ids) else {
            continue;
        };
        for ((_, i), row) in docs.iter().zip(rows) {
            candidates[*i] = Some(candidate(
                row,
                addresses[*i],
                plan,
                &scores[*i],
                intent,
                routed,
                weights,
                keep,
            ));
        }
    }
    candidates.into_iter().flatten().collect()
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
    // An article stands for the crawled pages it covers: its group shows the article.
    let mut articles: HashMap<&str, usize> = HashMap::new();
    for (i, c) in candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == Kind::Article)
    {
        if articles
            .get(c.group.as_str())
            .is_none_or(|&a| c.score > candidates[a].score)
        {
            articles.insert(&c.group, i);
        }
    }
    let mut passages: HashMap<&str, usize> = HashMap::new();
    for (i, c) in candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.record == Record::Section)
    {
        let best = &candidates[groups[c.group.as_str()].0];
        if c.coverage + 1e-3 >= best.coverage
            && passages
                .get(c.group.as_str())
                .is_none_or(|&p| c.score > candidates[p].score)
        {
            passages.insert(&c.group, i);
        }
    }
    let mut hits: Vec<GroupHit> = groups
        .into_iter()
        .map(|(key, (best, score, matches))| {
            let lift = if matches > 1 { 1.1 } else { 1.0 };
            let coverage = candidates[best].coverage;
            let scored = best;
            let best = articles.get(key).copied().unwrap_or(best);
            GroupHit {
                key: key.to_owned(),
                best,
                scored,
                lift,
                score: score * lift,
                coverage,
                passage: passages.get(key).copied(),
            }
        })
        .filter(|g| g.coverage >= floor && g.score > 0.0)
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    if tracing::enabled!(tracing::Level::DEBUG) {
        for g in hits.iter().take(12) {
            let c = &candidates[g.best];
            tracing::debug!(group = %g.key, record = c.record.as_str(), score = g.score, coverage = g.coverage, category = c.category.as_str(), lang = %c.lang, "ranked");
        }
        // A group by its place in the question, never its word: a question may hold a phone
        // number or an address, and log lines are kept.
        for (word, group) in plan.groups.iter().enumerate() {
            tracing::debug!(
                word,
                weight = group.weight,
                strong = group.strong.len(),
                weak = group.weak.len(),
                "group"
            );
        }
    }
    Ranked {
        candidates,
        groups: hits,
    }
}

/// One alternative of a question's word matched in one field of a record, as the ranking
/// report shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermMatch {
    /// The index terms, space-separated (several for a synonym phrase or Chinese characters).
    pub terms: String,
    /// The analyzer whose field matched: `exact`, `folded`, or a language (`en`, `es`, `ru`...);
    /// `han` for Chinese characters.
    pub analyzer: String,
    /// Where the alternative comes from.
    pub source: crate::plan::Source,
    /// `title`, `keywords`, `headings`, `summary` or `body`.
    pub field: String,
    /// Whether it is a full match (not a typo or prefix).
    pub full: bool,
    /// tantivy's BM25 for it, times the field boost ([`field_boost`]) and the alternative's boost.
    pub score: f32,
}

/// For each word group of `plan`, every alternative that matches the record at `address`, field
/// by field, with tantivy's score for that one query: the parts the group's disjunction
/// combines (the best part plus 0.2 of each other). Built from the very queries ranking scores
/// with; only for the ranking report (it runs one query per alternative and field).
pub fn term_matches(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    address: DocAddress,
) -> Vec<Vec<TermMatch>> {
    let enable = EnableScoring::enabled_from_searcher(searcher);
    let reader = searcher.segment_reader(address.segment_ord);
    plan.groups
        .iter()
        .map(|group| {
            let alternatives = group
                .strong
                .iter()
                .map(|v| (v, true))
                .chain(group.weak.iter().map(|v| (v, false)));
            let mut found = Vec::new();
            for (v, full) in alternatives {
                for tf in TextField::ALL {
                    let mut parts = Vec::new();
                    queries::variant_queries(fields, v, &[tf], &mut parts);
                    let Some(query) = parts.pop() else { continue };
                    let Ok(mut scorer) = query.weight(enable).and_then(|w| w.scorer(reader, 1.0))
                    else {
                        continue;
                    };
                    // As ranking scores: a scorer starts at its first match and only moves on.
                    let doc = address.doc_id;
                    if scorer.doc() == TERMINATED || scorer.doc() > doc || scorer.seek(doc) != doc {
                        continue;
                    }
                    found.push(TermMatch {
                        terms: v.terms.join(" "),
                        analyzer: v.analyzer.name().to_owned(),
                        source: v.source,
                        field: tf.name().to_owned(),
                        full,
                        score: scorer.score(),
                    });
                }
            }
            found.sort_by(|a, b| b.score.total_cmp(&a.score));
            found
        })
        .collect()
}
