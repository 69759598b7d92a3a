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
