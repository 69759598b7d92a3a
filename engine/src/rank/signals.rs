//! The signals that score one candidate: which of the question's words it matched and where,
//! its kind, language, bureau and age.

use config::RankWeights;
use searchindex::schema::fast;
use searchindex::{Category, Kind, Record};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId};

use crate::plan::Plan;

/// One candidate's scores from the scoring queries: BM25 with field and alternative boosts, as
/// tantivy computes it for each word group's disjunction (the best field and alternative, plus
/// 0.2 of the others).
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Per word group: the score of its full matches (0 when none).
    pub strong: Vec<f32>,
    /// Per word group: the score of its typo and prefix matches (0 when none).
    pub weak: Vec<f32>,
    /// Per word group: whether a full match is in the title or keywords.
    pub title: Vec<bool>,
    /// Summed scores of neighbouring words found together.
    pub proximity: f32,
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
    /// The word groups the article names as its topic: a keyword of that one content word, or
    /// a title of at most two content words holding it (set for the first articles, from
    /// their stored title and keywords; 0 for other records). A one-word question gets a card
    /// only from an article about that word, not from one whose title uses it in passing.
    pub topic: u64,
    /// The ranking score: [`Factors::score`] of [`Candidate::factors`]. Only comparable within
    /// one search.
    pub score: f32,
    /// The factors the score is the product of.
    pub factors: Factors,
    /// What the scoring queries found, per word group: kept only when the search is explained
    /// ([`crate::SearchRequest::explain`]), `None` otherwise.
    pub matches: Option<Box<Scores>>,
}

/// The factors of one record's score, as ranking computed them. [`Factors::score`] is the one
/// formula both ranking and the ranking report use, log-linear in the factors with the weights of
/// [`RankWeights`] (each factor raised to its weight):
///
/// score = relevance × coverage^coverage × prior, where relevance = (bm25 + proximity weight ×
/// proximity) × (1 + title coverage)^title, at least 20 for a bureau's home page when the
/// question only names the bureau, and prior = category × language × bureau named × bureau home ×
/// routed × recency × keyword, each to its weight. With the default weights: relevance = (bm25 +
/// 0.5 × proximity) × (1 + title coverage), score = relevance × coverage² × prior.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Factors {
    /// Summed BM25 (field- and alternative-boosted) of each word group's full matches, or of its
    /// typo or prefix matches when it has no full match.
    pub bm25: f32,
    /// Summed BM25 of neighbouring question words found within two words of each other.
    pub proximity: f32,
    /// Share of the question's word weight the title or keywords match fully, 0.0 to 1.0.
    pub title_coverage: f32,
    /// Share of the question's word weight matched (a typo or prefix counts 0.6), 0.0 to 1.0; 1.0
    /// for a bureau's home page when the question only names that bureau.
    pub coverage: f32,
    /// Whether relevance was raised to at least 20 (a bureau's home page for a question naming
    /// only that bureau).
    pub home_floor: bool,
    /// [`category_weight`] of the record's category.
    pub category: f32,
    /// 1.2 in the question's language, 1.0 English, 0.9 unknown, else 0.6; a runner-up language
    /// of the guess up to 0.6 + 0.6 × its relative likelihood.
    pub language: f32,
    /// 1.25 when the question names the record's bureau, else 1.0.
    pub bureau_named: f32,
    /// 4.0 for the bureau's home page when the question names only that bureau, else 1.0.
    pub bureau_home: f32,
    /// 1.5 when an editors' route sends the question to the record's bureau, else 1.0.
    pub routed: f32,
    /// News only: 1.3 under 90 days old, 1.1 under a year, 1.0 under three, 0.85 older, 0.9
    /// undated; 1.0 for every other category.
    pub recency: f32,
    /// 1.5 for an article among the first results that holds one of its keywords of two content
    /// words or more whole in the question (`super::keywords`), else 1.0.
    #[serde(default = "one")]
    pub keyword: f32,
}

fn one() -> f32 {
    1.0
}

/// `factor` raised to `weight`: the factor itself at weight 1 (no rounding, so the default
/// weights score exactly as the plain product), 1 at weight 0.
fn weighted(factor: f32, weight: f32) -> f32 {
    if weight == 1.0 {
        factor
    } else if weight == 0.0 {
        1.0
    } else {
        factor.powf(weight)
    }
}

impl Factors {
    /// Text relevance: (bm25 + `w.proximity` × proximity) × (1 + title coverage)^`w.title`,
    /// raised to 20 when [`Factors::home_floor`].
    pub fn relevance(&self, w: &RankWeights) -> f32 {
        let relevance = (self.bm25 + w.proximity * self.proximity)
            * weighted(1.0 + self.title_coverage, w.title);
        if self.home_floor {
            relevance.max(20.0)
        } else {
            relevance
        }
    }

    /// The prior: category × language × bureau named × bureau home × routed × recency ×
    /// keyword, each raised to its weight in `w`.
    pub fn prior(&self, w: &RankWeights) -> f32 {
        weighted(self.category, w.category)
            * weighted(self.language, w.language)
            * weighted(self.bureau_named, w.bureau_named)
            * weighted(self.bureau_home, w.bureau_home)
            * weighted(self.routed, w.routed)
            * weighted(self.recency, w.recency)
            * weighted(self.keyword, w.keyword)
    }

    /// The record's score: relevance × coverage^`w.coverage` × prior.
    pub fn score(&self, w: &RankWeights) -> f32 {
        let relevance = self.relevance(w);
        let matched = if w.coverage == 2.0 {
            relevance * self.coverage * self.coverage
        } else {
            relevance * self.coverage.powf(w.coverage)
        };
        matched * self.prior(w)
    }
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
/// Its score is [`Factors::score`] under `weights`. With `keep`, the candidate keeps `scores` for
/// the ranking report.
#[allow(clippy::too_many_arguments)]
pub(super) fn candidate(
    row: Row,
    address: DocAddress,
    plan: &Plan,
    scores: &Scores,
    intent: &Intent,
    routed: Option<&str>,
    weights: &RankWeights,
    keep: bool,
) -> Candidate {
    let (strong, weak) = (&scores.strong, &scores.weak);
    let mut matched = 0.0;
    let mut matched_fully = 0.0;
    let mut titled = 0.0;
    let mut total = 0.0;
    let mut bm25 = 0.0;
    for (g, group) in plan.groups.iter().enumerate() {
        total += group.weight;
        if scores.title[g] {
            titled += group.weight;
        }
        if strong[g] > 0.0 {
            matched += group.weight;
            matched_fully += group.weight;
            bm25 += strong[g];
        } else if weak[g] > 0.0 {
            matched += group.weight * WEAK_MATCH;
            bm25 += weak[g];
        }
    }
    let share = |part: f32| if total > 0.0 { part / total } else { 0.0 };
    let full_coverage = share(matched_fully);
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
    let category = row.category;
    let lang = row.lang;
    let bureau = row.bureau;
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
    let named = intent.bureaus.contains(&bureau);
    // A question that only names a bureau: its home page, even where it never says the name.
    let home = named && intent.only && row.home;
    let factors = Factors {
        bm25,
        proximity: scores.proximity,
        // A title that says what the question asks: the page is about it, not just mentioning it.
        title_coverage: share(titled),
        coverage: if home { 1.0 } else { share(matched) },
        home_floor: home,
        category: category_weight(category),
        language: base.max(0.6 + 0.6 * plan.guess.relative(&lang)),
        bureau_named: if named { 1.25 } else { 1.0 },
        bureau_home: if home { 4.0 } else { 1.0 },
        routed: if routed == Some(bureau.as_str()) {
            1.5
        } else {
            1.0
        },
        recency: if category == Category::News {
            recency(row.updated)
        } else {
            1.0
        },
        keyword: 1.0,
    };
    Candidate {
        address,
        group: row.group,
        record: row.record,
        kind: row.kind,
        category,
        bureau,
        lang,
        coverage: factors.coverage,
        full_coverage,
        title_coverage: factors.title_coverage,
        fully,
        titled: titled_bits,
        topic: 0,
        score: factors.score(weights),
        factors,
        matches: keep.then(|| Box::new(scores.clone())),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn factors(bm25: f32, coverage: f32, title_coverage: f32, category: f32) -> Factors {
        Factors {
            bm25,
            proximity: 3.5,
            title_coverage,
            coverage,
            home_floor: false,
            category,
            language: 1.2,
            bureau_named: 1.25,
            bureau_home: 1.0,
            routed: 1.5,
            recency: 0.85,
            keyword: 1.5,
        }
    }

    /// The formula ranking used before it had weights, written out.
    fn plain(f: &Factors) -> f32 {
        let relevance = (f.bm25 + 0.5 * f.proximity) * (1.0 + f.title_coverage);
        let relevance = if f.home_floor {
            relevance.max(20.0)
        } else {
            relevance
        };
        let prior = f.category
            * f.language
            * f.bureau_named
            * f.bureau_home
            * f.routed
            * f.recency
            * f.keyword;
        relevance * f.coverage * f.coverage * prior
    }

    #[test]
    fn default_weights_score_exactly_as_the_plain_product() {
        let w = RankWeights::default();
        let mut cases = vec![
            factors(12.3, 0.73, 0.41, 1.15),
            factors(0.7, 0.19, 0.0, 0.5),
            factors(31.9, 1.0, 1.0, 0.85),
        ];
        cases.push(Factors {
            home_floor: true,
            bureau_home: 4.0,
            ..factors(1.0, 1.0, 0.0, 1.0)
        });
        for f in &cases {
            assert_eq!(f.score(&w).to_bits(), plain(f).to_bits(), "{f:?}");
        }
    }

    #[test]
    fn a_weight_changes_the_ranking_as_its_factor_says() {
        let w = RankWeights::default();
        // Most of the question but in body text, against all of it in a news item's title.
        let service = factors(20.0, 0.8, 0.0, 1.15);
        let news = factors(14.0, 1.0, 0.5, 0.6);
        assert!(service.score(&w) > news.score(&w));
        // Without the category factor the news item's fuller match wins.
        let no_category = RankWeights { category: 0.0, ..w };
        assert!(news.score(&no_category) > service.score(&no_category));
        // A weight of 0 is the factor left out: the category no longer counts at all.
        assert_eq!(
            factors(20.0, 0.8, 0.0, 0.5).score(&no_category),
            service.score(&no_category)
        );
        // A steeper coverage exponent favours the full match too; a flatter one, the service.
        let steep = RankWeights { coverage: 4.0, ..w };
        assert!(news.score(&steep) > service.score(&steep));
        let flat = RankWeights { coverage: 1.0, ..w };
        assert!(service.score(&flat) / news.score(&flat) > service.score(&w) / news.score(&w));
        // Weights between 0 and 1 scale the factor's effect on the logarithm of the score.
        let half = RankWeights { category: 0.5, ..w };
        let ratio = |w: &RankWeights| service.score(w) / factors(20.0, 0.8, 0.0, 0.5).score(w);
        assert!((ratio(&half) - (1.15f32 / 0.5).sqrt()).abs() < 1e-4);
    }
}
