//! A light Ukrainian stemmer: removes the common inflectional endings so that `феєрверки`,
//! `феєрверків` and `феєрверками` meet. Snowball has no Ukrainian algorithm; this strips the
//! longest matching ending while keeping a stem of at least three letters.

/// Inflectional endings by part of speech; the longest that matches wins, wherever it is listed.
const ENDINGS: &[&str] = &[
    // adjectives and participles
    "ими",
    "іми",
    "ого",
    "ому",
    "ому",
    "ій",
    "ий",
    "ої",
    "ою",
    "ею",
    "их",
    "іх",
    "ім",
    "им",
    "а",
    "я",
    // nouns
    "ами",
    "ями",
    "ові",
    "еві",
    "єві",
    "ах",
    "ях",
    "ів",
    "їв",
    "ам",
    "ям",
    "ом",
    "ем",
    "єм",
    "ою",
    "ею",
    "єю",
    // verbs
    "ються",
    "ється",
    "ати",
    "яти",
    "ити",
    "іти",
    "ути",
    "ють",
    "ать",
    "ять",
    "уть",
    "ить",
    "іть",
    "ться",
    "ла",
    "ли",
    "ло",
    "ть",
    "ся",
    // single letters last
    "і",
    "и",
    "у",
    "ю",
    "о",
    "е",
    "є",
    "ь",
    "ї",
    "й",
];

/// Fewest characters a stem keeps.
const MIN_STEM_CHARS: usize = 3;

/// `word` (lowercase) without the longest ending of [`ENDINGS`] that leaves at least
/// [`MIN_STEM_CHARS`] characters; the word itself when none does.
pub fn stem(word: &str) -> String {
    let mut best: Option<&str> = None;
    for ending in ENDINGS {
        if word.ends_with(ending)
            && word.chars().count() - ending.chars().count() >= MIN_STEM_CHARS
            && best.is_none_or(|b| ending.len() > b.len())
        {
            best = Some(ending);
        }
    }
    match best {
        Some(ending) => word[..word.len() - ending.len()].to_owned(),
        None => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn inflections_share_a_stem() {
        let forms = ["феєрверки", "феєрверків", "феєрверками", "феєрверк"];
        let stems: Vec<String> = forms.iter().map(|f| stem(f)).collect();
        assert!(stems.iter().all(|s| s == "феєрверк"), "{stems:?}");
        assert_eq!(stem("скарга"), stem("скаргу"));
        assert_eq!(stem("сміття"), stem("сміттям"));
    }

    #[test]
    fn keeps_short_words() {
        assert_eq!(stem("на"), "на");
        assert_eq!(stem("дім"), "дім");
    }
}
