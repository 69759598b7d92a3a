//! The line diff the history and the conflict page show.

use serde::Serialize;

/// A run of a line diff between two texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `+` added, `-` removed, ` ` unchanged (context), `@` a gap between hunks.
    pub sign: char,
    /// The line, without its end.
    pub text: String,
}

/// A line diff of `old` to `new` with three lines of context around each change; `@` lines
/// separate hunks.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                sign: '@',
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(DiffLine {
                    sign,
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_changed_lines_with_context() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n");
        let signs: String = d.iter().map(|l| l.sign).collect();
        assert_eq!(signs, " -+ ");
        assert_eq!(d[2].text, "B");
    }
}
