//! A search response as plain text, for the terminal.

use std::fmt::Write;

use crate::response::SearchResponse;

/// Removes the `<mark>` tags and unescapes a snippet for the terminal, marking matches `[..]`.
fn plain(snippet: &str) -> String {
    snippet
        .replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The response as lines for a terminal: a count line, the 911 notice, "did you mean", the
/// answer card with its actions, the referrals, then each result numbered with its URL, bureau
/// id, language and category and its snippet, matches in `[brackets]`.
pub fn text(r: &SearchResponse) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} results for \"{}\" ({}, {:.1} ms)",
        r.total, r.query, r.lang, r.took_ms
    );
    if let Some(e) = &r.emergency {
        let _ = writeln!(out, "\n!! {} ({})", e.message, e.phone);
    }
    if let Some(s) = &r.suggestion {
        let _ = writeln!(out, "Did you mean: {s}");
    }
    if let Some(a) = &r.answer {
        let _ = writeln!(
            out,
            "\nAnswer: {} [{}]\n  {}",
            a.title, a.bureau.name, a.summary
        );
        for action in &a.actions {
            let _ = writeln!(out, "  -> {}: {}", action.label, action.url);
        }
    }
    for n in &r.referrals {
        let _ = writeln!(out, "\nAlso: {} ({})", n.message, n.phone);
    }
    for (i, hit) in r.results.iter().enumerate() {
        let pin = if hit.pinned { " (best bet)" } else { "" };
        let _ = writeln!(
            out,
            "\n{:>2}. {}{pin}\n    {} | {} | {} | {}",
            i + 1,
            hit.title,
            hit.url,
            hit.bureau.id,
            hit.lang,
            hit.category.as_str()
        );
        let _ = writeln!(out, "    {}", plain(&hit.snippet));
    }
    out
}

/// An explained response ([`crate::SearchRequest::explain`]) as lines for a terminal: the
/// question's language and why, its words with their weights and alternatives, the answer card
/// decision with its tests, the notices, route and best bets, then each result with its score
/// factor by factor and the words it matched, field by field. Without an explanation, only the
/// results of [`text`].
pub fn explanation(r: &SearchResponse) -> String {
    let mut out = String::new();
    let Some(e) = &r.explain else {
        return text(r);
    };
    let _ = writeln!(out, "\"{}\" ({:.1} ms)", r.query, r.took_ms);
    let others: Vec<String> = e
        .lang
        .others
        .iter()
        .map(|o| format!("{} {:.2}", o.lang, o.share))
        .collect();
    let _ = write!(
        out,
        "language: {} (share {:.2}, by {}",
        e.lang.lang, e.lang.share, e.lang.basis
    );
    if let Some(reader) = &e.lang.reader {
        let _ = write!(out, ", reader {reader}");
    }
    if !others.is_empty() {
        let _ = write!(out, "; also {}", others.join(", "));
    }
    let _ = writeln!(out, ")");
    for s in &e.lang.scores {
        let _ = writeln!(
            out,
            "  {}: signs {:+.2} + words {:+.2} = {:+.2}",
            s.lang,
            s.signs,
            s.words,
            s.signs + s.words
        );
    }
    let _ = writeln!(out, "words:");
    for w in &e.words {
        let alternatives: Vec<String> = w
            .alternatives
            .iter()
            .map(|a| {
                let partial = if a.full { "" } else { " partial" };
                format!(
                    "{} [{} {}{partial} ×{:.2}]",
                    a.terms,
                    a.analyzer,
                    a.source.as_str(),
                    a.boost
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  {} (weight {:.2}): {}",
            w.word,
            w.weight,
            alternatives.join(", ")
        );
    }
    if !e.content {
        let _ = writeln!(out, "  (no content word: no answer card)");
    }
    if !e.bureaus_named.is_empty() {
        let only = if e.bureau_only { " (only)" } else { "" };
        let _ = writeln!(out, "bureaus named: {}{only}", e.bureaus_named.join(", "));
    }
    if let Some(b) = &e.routed_to {
        let _ = writeln!(out, "routed to: {b}");
    }
    if !e.best_bets.is_empty() {
        let _ = writeln!(out, "best bets: {}", e.best_bets.join(", "));
    }
    if let Some(n) = &e.emergency {
        let _ = writeln!(out, "emergency notice: {n}");
    }
    if !e.referrals.is_empty() {
        let _ = writeln!(out, "referrals: {}", e.referrals.join(", "));
    }
    let article = e.card.article.as_deref().unwrap_or("-");
    let _ = writeln!(
        out,
        "card: {} ({article}): {}",
        e.card.decision, e.card.reason
    );
    if let Some(t) = &e.card.checks {
        let mark = |b: bool| if b { "yes" } else { "NO" };
        let v = &t.evidence;
        let _ = writeln!(
            out,
            "  place {}, runner-up {:.3}: not behind {}, near top {}, confident {}, leads {}, clearly ahead {}",
            t.place,
            t.runner_up,
            mark(t.not_behind),
            mark(t.near_top),
            mark(t.confident),
            mark(t.leads),
            mark(t.clearly_ahead)
        );
        let _ = writeln!(
            out,
            "  evidence: enough {}, key word {}, about {}, language {}, ahead {}, most of the question {}",
            mark(v.enough),
            mark(v.key_word),
            mark(v.about),
            mark(v.language),
            mark(v.ahead),
            mark(v.most)
        );
    }
    let _ = writeln!(
        out,
        "{} records scored into {} results\n{}",
        e.candidates, e.groups, e.formula
    );
    for hit in &r.results {
        let Some(x) = &hit.explain else { continue };
        let _ = writeln!(
            out,
            "\n{:>2}. {}\n    {} | {} | {} | {}",
            x.place,
            hit.title,
            hit.url,
            hit.bureau.id,
            hit.lang,
            hit.category.as_str()
        );
        if let Some(why) = &x.pinned {
            let _ = writeln!(out, "    pinned: {why}");
        }
        let Some(k) = &x.ranked else { continue };
        let f = &k.factors;
        let _ = writeln!(
            out,
            "    score {:.4} = group {:.4} × listing {:.2}; group = record {:.4} × lift {:.2}",
            k.score, k.group_score, k.listing_weight, k.record_score, k.lift
        );
        let floor = if f.home_floor { ", at least 20" } else { "" };
        let _ = writeln!(
            out,
            "    record ({} {} {}): relevance {:.3} × coverage {:.3}² × prior {:.3}\n      relevance = (bm25 {:.3} + 0.5 × proximity {:.3}) × (1 + title {:.2}){floor}\n      prior = category {:.2} × language {:.2} × bureau named {:.2} × home {:.2} × routed {:.2} × recency {:.2} × keyword {:.2}",
            k.record,
            k.lang,
            k.category,
            k.relevance,
            f.coverage,
            k.prior,
            f.bm25,
            f.proximity,
            f.title_coverage,
            f.category,
            f.language,
            f.bureau_named,
            f.bureau_home,
            f.routed,
            f.recency,
            f.keyword
        );
        for w in &k.words {
            let title = if w.in_title { ", in title" } else { "" };
            let terms: Vec<String> = w
                .terms
                .iter()
                .take(4)
                .map(|t| format!("{} {}.{} {:.2}", t.terms, t.field, t.analyzer, t.score))
                .collect();
            let more = w.terms.len().saturating_sub(4);
            let more = if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "      {} (weight {:.2}): {} {:.3}{title}{}{}{more}",
                w.word,
                w.weight,
                w.matched,
                w.bm25,
                if terms.is_empty() { "" } else { ": " },
                terms.join(", ")
            );
        }
    }
    out
}
