//! Function words and question filler per language ("how do I", "where can I", "my", "please"):
//! they are dropped from the words that must match, so they never drown the words that matter.
//! They also vote for a short question's language. The lists themselves live in
//! `config::words`, shared with language detection.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use config::Lang;
use searchindex::analysis::{Analyzer, fold};

/// Each language's filler words, folded.
static FOLDED: LazyLock<HashMap<&'static str, HashSet<String>>> = LazyLock::new(|| {
    [
        "en", "es", "vi", "zh-hans", "zh-hant", "ru", "uk", "so", "ro", "fil",
    ]
    .into_iter()
    .map(|tag| {
        (
            tag,
            config::words::function_words(tag)
                .split(' ')
                .map(fold)
                .collect(),
        )
    })
    .collect()
});

/// Whether `word` is filler in `lang` or in English (questions often mix them). Compared folded,
/// so an unaccented `cua` is as much filler as `của`. Languages without a list (Arabic, Japanese,
/// Korean...) only have English filler.
pub fn is_filler(word: &str, lang: Lang) -> bool {
    let folded = fold(word);
    [lang.tag, "en"]
        .iter()
        .any(|tag| FOLDED.get(tag).is_some_and(|set| set.contains(&folded)))
}

/// The language whose function words a question uses most, among `candidates` (language tags
/// such as `en`, `es`); `None` on a tie or when no function word is present. Words are compared
/// lowercased as written, not folded.
pub fn vote(query: &str, candidates: &[&str]) -> Option<Lang> {
    let words = Analyzer::Exact.terms(query);
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for tag in candidates {
        let n = words
            .iter()
            .filter(|w| {
                config::words::function_words(tag)
                    .split(' ')
                    .any(|s| s == w.as_str())
            })
            .count();
        match best {
            _ if n == 0 => {}
            Some((_, m)) if n == m => tie = true,
            Some((_, m)) if n < m => {}
            _ => {
                best = Some((tag, n));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.and_then(|(tag, _)| Lang::by_tag(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_are_filler_and_topic_words_are_not() {
        let en = Lang::ENGLISH;
        for w in ["how", "do", "I", "my", "please", "where", "can"] {
            assert!(is_filler(w, en), "{w}");
        }
        for w in ["trash", "permit", "report", "fire"] {
            assert!(!is_filler(w, en), "{w}");
        }
    }

    #[test]
    fn unaccented_vietnamese_filler_is_still_filler() {
        let vi = Lang::by_tag("vi").unwrap();
        assert!(is_filler("cua", vi));
        assert!(is_filler("của", vi));
        assert!(!is_filler("rác", vi));
    }

    #[test]
    fn votes_by_function_words() {
        assert_eq!(
            vote("coche abandonado en mi calle", &["en", "es"]).map(|l| l.tag),
            Some("es")
        );
        assert_eq!(
            vote("car parked on my street", &["en", "es"]).map(|l| l.tag),
            Some("en")
        );
        assert_eq!(vote("graffiti", &["en", "es"]), None);
    }
}
