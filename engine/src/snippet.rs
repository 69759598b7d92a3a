//! Snippets: the passage of a result where the question's words cluster, HTML-escaped, with
//! `<mark>` around every word that matched — as written, stemmed, unaccented, through a synonym
//! or a typo.

use std::collections::HashMap;

use config::Lang;
use searchindex::analysis::Analyzer;

use crate::plan::Plan;

/// Words in a snippet window.
const WINDOW_WORDS: usize = 30;
/// How far into a long text matches are looked for.
const SCAN_CHARS: usize = 20_000;
/// Snippet length when nothing matched.
const LEAD_CHARS: usize = 220;

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'` become entities, so the result is safe
/// both between tags and inside a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether a word of a document in `lang` matched one of the plan's alternatives.
fn matches(plan: &Plan, word: &str, doc_analyzer: Analyzer) -> bool {
    plan.highlight.iter().any(|(analyzer, terms)| {
        (*analyzer == Analyzer::Exact || *analyzer == doc_analyzer || *analyzer == Analyzer::Folded)
            && terms.contains(&analyzer.term(word))
    })
}

/// A snippet of `text` (a document in `lang`; `None` when unknown) for `plan`: the window of 30
/// words with the most distinct matched words, from a few words before the first, within the
/// first 20,000 characters; HTML-escaped, `<mark>` around matches, `…` where cut, whitespace
/// collapsed. When nothing in `text` matches: the same from `summary`, else the whole summary;
/// without a summary, the first 220 characters of `text`.
pub fn make(plan: &Plan, lang: Option<Lang>, summary: &str, text: &str) -> String {
    let doc_analyzer = Analyzer::for_lang(lang);
    if let Some(s) = best_window(plan, doc_analyzer, text) {
        return s;
    }
    if !summary.trim().is_empty() {
        return best_window(plan, doc_analyzer, summary).unwrap_or_else(|| escape(summary.trim()));
    }
    let lead: String = text.chars().take(LEAD_CHARS).collect();
    let cut = if text.chars().count() > LEAD_CHARS {
        "…"
    } else {
        ""
    };
    format!("{}{cut}", escape(lead.trim()))
}

fn best_window(plan: &Plan, doc_analyzer: Analyzer, text: &str) -> Option<String> {
    let scan_end = text
        .char_indices()
        .nth(SCAN_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let scanned = &text[..scan_end];
    let tokens = Analyzer::Exact.tokens(scanned);
    // Whether a word matched depends on its spelling alone: each distinct spelling is analysed
    // once, however often the text repeats it.
    let mut decided: HashMap<&str, bool> = HashMap::new();
    let hits: Vec<bool> = tokens
        .iter()
        .map(|t| {
            let word = &scanned[t.offset_from..t.offset_to];
            *decided
                .entry(word)
                .or_insert_with(|| matches(plan, word, doc_analyzer))
        })
        .collect();
    if !hits.iter().any(|h| *h) {
        return None;
    }
    // The window with the most distinct matched words, then the most matches, earliest first.
    let mut best = (0usize, 0usize, 0usize); // start, distinct, count
    for start in 0..tokens.len() {
        if !hits[start] {
            continue;
        }
        let end = (start + WINDOW_WORDS).min(tokens.len());
        let mut distinct: Vec<&str> = Vec::new();
        let mut count = 0;
        for i in start..end {
            if hits[i] {
                count += 1;
                let w = tokens[i].text.as_str();
                if !distinct.contains(&w) {
                    distinct.push(w);
                }
            }
        }
        if (distinct.len(), count) > (best.1, best.2) {
            best = (start, distinct.len(), count);
        }
    }
    // Start a few words before the first match, for context.
    let start = best.0.saturating_sub(4);
    let end = (start + WINDOW_WORDS).min(tokens.len());
    let from = if start == 0 {
        0
    } else {
        tokens[start].offset_from
    };
    let to = if end == tokens.len() && scan_end == text.len() {
        text.len()
    } else {
        tokens[end - 1].offset_to
    };
    // Matched spans, merged where Chinese search-mode words overlap.
    let mut spans: Vec<(usize, usize)> = (start..end)
        .filter(|&i| hits[i])
        .map(|i| (tokens[i].offset_from, tokens[i].offset_to))
        .collect();
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut last = from;
    for (a, b) in merged {
        let (a, b) = (a.max(last), b.min(to));
        if a >= b {
            continue;
        }
        out.push_str(&escape(&text[last..a]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[a..b]));
        out.push_str("</mark>");
        last = b;
    }
    out.push_str(&escape(&text[last..to]));
    if to < text.len() {
        out.push('…');
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn plan_with(terms: &[(Analyzer, &str)]) -> Plan {
        let mut highlight: HashMap<Analyzer, HashSet<String>> = HashMap::new();
        for (a, t) in terms {
            highlight.entry(*a).or_default().insert((*t).to_owned());
        }
        Plan {
            lang: Lang::ENGLISH,
            guess: crate::lang::Guess::only(Lang::ENGLISH),
            groups: vec![],
            suggestion: None,
            corrected: None,
            highlight,
            folded: vec![],
            folded_content: vec![],
            content: true,
        }
    }

    #[test]
    fn marks_matched_words_and_escapes_the_rest() {
        let plan = plan_with(&[(Analyzer::Exact, "graffiti")]);
        let s = make(
            &plan,
            Some(Lang::ENGLISH),
            "",
            "Report <b>graffiti</b> & tags on walls.",
        );
        assert_eq!(
            s,
            "Report &lt;b&gt;<mark>graffiti</mark>&lt;/b&gt; &amp; tags on walls."
        );
    }

    #[test]
    fn marks_stemmed_and_unaccented_matches() {
        let plan = plan_with(&[(Analyzer::English, "permit"), (Analyzer::Folded, "rac")]);
        let s = make(&plan, Some(Lang::ENGLISH), "", "Permits are needed.");
        assert!(s.contains("<mark>Permits</mark>"), "{s}");
        let vi = Lang::by_tag("vi");
        let s = make(&plan, vi, "", "Thu gom rác hàng tuần");
        assert!(s.contains("<mark>rác</mark>"), "{s}");
    }

    #[test]
    fn overlapping_chinese_words_are_marked_once() {
        let plan = plan_with(&[
            (Analyzer::Exact, "协调"),
            (Analyzer::Exact, "协调中心"),
            (Analyzer::Exact, "中心"),
        ]);
        let s = make(&plan, Lang::by_tag("zh-hans"), "", "紧急协调中心联系方式");
        assert_eq!(s.matches("<mark>").count(), 1, "{s}");
        assert!(s.contains("<mark>协调中心</mark>"), "{s}");
    }

    #[test]
    fn falls_back_to_the_summary_then_the_lead() {
        let plan = plan_with(&[(Analyzer::Exact, "zebra")]);
        assert_eq!(make(&plan, None, "A summary.", "Body text."), "A summary.");
        assert_eq!(make(&plan, None, "", "Body text."), "Body text.");
    }
}
