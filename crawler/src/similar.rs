//! Whether two pages say the same thing, so that a `<link rel=canonical>` is only followed when
//! the content agrees (RFC 6596 §3 has the canonical be a duplicate or near duplicate; search
//! engines treat the link as a hint). Near duplicates are measured as Broder's resemblance: the
//! share of word shingles two texts have in common ("On the resemblance and containment of
//! documents", 1997).

use std::collections::HashSet;

/// Words per shingle.
const SHINGLE_WORDS: usize = 3;

/// The resemblance from which two texts count as the same page: a date line or a "printer
/// friendly" notice changes a few shingles of a page, other content changes most of them.
pub const NEAR_DUPLICATE: f64 = 0.85;

/// The resemblance of two texts, from 0 (no shingle in common) to 1 (the same shingles): the
/// Jaccard index of their sets of three-word shingles, compared case-insensitively.
/// Texts shorter than a shingle are compared word for word.
pub fn resemblance(a: &str, b: &str) -> f64 {
    let (a, b) = (shingles(a), shingles(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.intersection(&b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// Whether two page texts are the same or nearly the same ([`NEAR_DUPLICATE`]).
pub fn near_duplicate(a: &str, b: &str) -> bool {
    resemblance(a, b) >= NEAR_DUPLICATE
}

fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let hash = |words: &[String]| xxhash_rust::xxh3::xxh3_64(words.join(" ").as_bytes());
    if words.len() < SHINGLE_WORDS {
        return (!words.is_empty())
            .then(|| hash(&words))
            .into_iter()
            .collect();
    }
    words.windows(SHINGLE_WORDS).map(hash).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAVES: &str = "Leaf pickup. Crews collect leaves from the street in November and December. \
        Rake leaves into the street two days before your pickup day, and keep them out of bike lanes \
        and storm drains. Look up your pickup day on the map.";

    #[test]
    fn the_same_text_resembles_itself_whatever_the_case_and_spacing() {
        assert_eq!(resemblance(LEAVES, LEAVES), 1.0);
        assert!(near_duplicate(
            LEAVES,
            &LEAVES.to_uppercase().replace(' ', "  ")
        ));
    }

    #[test]
    fn a_changed_date_line_is_still_the_same_page() {
        let printed = format!("{LEAVES} Printed on 30 November 2026.");
        assert!(
            near_duplicate(LEAVES, &printed),
            "{}",
            resemblance(LEAVES, &printed)
        );
    }

    #[test]
    fn different_pages_under_one_template_are_not() {
        let other = "Street sweeping. Crews sweep residential streets once a month from April to \
            October. Move your car on the posted day and keep them out of bike lanes.";
        assert!(
            !near_duplicate(LEAVES, other),
            "{}",
            resemblance(LEAVES, other)
        );
        assert!(!near_duplicate("Parks", "Water"));
        assert!(near_duplicate("", ""));
    }
}
