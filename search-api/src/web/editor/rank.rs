//! "How does it rank" on the edit page: where the article lands for the editor's questions,
//! and why, from the ranking report of each search.

use crate::AppState;
use crate::web::i18n::fill;
use crate::web::staff::i18n::StaffStrings;

/// Most questions "how does it rank" checks at once.
pub(super) const RANK_QUESTIONS: usize = 8;
/// How deep "how does it rank" looks.
pub(super) const RANK_DEPTH: usize = 50;

/// "How does it rank": a question, where the article lands for it, and why (from the ranking
/// report of that search).
pub(super) struct RankRow {
    pub(super) question: String,
    pub(super) place: String,
    pub(super) why: Vec<String>,
}

/// Where the article `key` lands for each line of `questions`: "answer card", its place among
/// the results, or not in the first [`RANK_DEPTH`].
pub(super) async fn rank(
    state: &AppState,
    s: &'static StaffStrings,
    key: &editor::ArticleKey,
    questions: &str,
) -> Vec<RankRow> {
    let url = match key.translation {
        Some(l) => format!("/{}/articles/{}", l.tag, key.slug),
        None => format!("/articles/{}", key.slug),
    };
    let qs: Vec<String> = questions
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .take(RANK_QUESTIONS)
        .map(str::to_owned)
        .collect();
    let lang = key.translation;
    let places = state
        .run(move |engine| {
            qs.into_iter()
                .map(|q| {
                    let mut request = engine::SearchRequest::new(&q);
                    request.limit = RANK_DEPTH;
                    request.lang = lang;
                    request.explain = true;
                    let r = engine.search(&request);
                    let card = r.answer.as_ref().is_some_and(|a| a.url == url);
                    let place = if card {
                        Some(0)
                    } else {
                        r.results.iter().position(|h| h.url == url).map(|p| p + 1)
                    };
                    let why = why(s, &r, &url, card);
                    (q, place, why)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
    places
        .into_iter()
        .map(|(question, place, why)| RankRow {
            question,
            place: match place {
                Some(0) => s.ed_rank_answer.clone(),
                Some(n) => n.to_string(),
                None => s.ed_rank_missing.clone(),
            },
            why,
        })
        .collect()
}

/// A short "why" for the article at `url` in the explained response `r`: how the card was
/// chosen when it is the card, else the words its ranked result matched and missed and its
/// strongest factors (those furthest from 1, at most three). Empty when it is not among the
/// results.
pub(super) fn why(
    s: &StaffStrings,
    r: &engine::SearchResponse,
    url: &str,
    card: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if card && let Some(e) = &r.explain {
        out.push(match e.card.decision.as_str() {
            "best_bet" => s.ed_rank_bet.clone(),
            _ => s.ed_rank_card.clone(),
        });
    }
    let Some(ranked) = r
        .results
        .iter()
        .find(|h| h.url == url)
        .and_then(|h| h.explain.as_ref())
        .and_then(|e| e.ranked.as_ref())
    else {
        return out;
    };
    let words = |full: bool| {
        ranked
            .words
            .iter()
            .filter(|w| (w.matched != "none") == full)
            .map(|w| w.word.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (matched, missing) = (words(true), words(false));
    if !matched.is_empty() {
        out.push(fill(&s.ed_rank_matched, &[("words", &matched)]));
    }
    if !missing.is_empty() {
        out.push(fill(&s.ed_rank_unmatched, &[("words", &missing)]));
    }
    let f = &ranked.factors;
    // Each factor's effect on the score: the factor raised to the weight ranking used.
    let w = r.explain.as_ref().map(|e| e.weights).unwrap_or_default();
    let title = (1.0 + f.title_coverage).powf(w.title);
    let proximity = if f.bm25 > 0.0 {
        ranked.relevance / (f.bm25 * title)
    } else {
        1.0
    };
    let mut factors = [
        (&s.ed_factor_coverage, f.coverage.powf(w.coverage)),
        (&s.ed_factor_title, title),
        (&s.ed_factor_proximity, proximity),
        (&s.ed_factor_category, f.category.powf(w.category)),
        (&s.ed_factor_language, f.language.powf(w.language)),
        (
            &s.ed_factor_bureau,
            f.bureau_named.powf(w.bureau_named)
                * f.bureau_home.powf(w.bureau_home)
                * f.routed.powf(w.routed),
        ),
        (&s.ed_factor_recency, f.recency.powf(w.recency)),
    ];
    factors.sort_by(|a, b| b.1.ln().abs().total_cmp(&a.1.ln().abs()));
    let top: Vec<String> = factors
        .iter()
        .filter(|(_, v)| v.is_finite() && (v - 1.0).abs() > 0.005)
        .take(3)
        .map(|(name, v)| format!("{name} ×{v:.2}"))
        .collect();
    if !top.is_empty() {
        out.push(fill(&s.ed_rank_factors, &[("factors", &top.join(", "))]));
    }
    out
}
