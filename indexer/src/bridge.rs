//! The parallel text the bilingual term table is learned from ([`searchindex::bridge`]): every
//! published translation beside its English original, piece by piece, and the editors' synonyms
//! that lead from another language to English.
//!
//! A translation and its original are aligned where their structure agrees: title with title,
//! summary with summary, the keywords with the keywords, the action labels one by one when there
//! are as many, the headings one by one when there are as many, and the body's blocks
//! (paragraphs, list items, table cells) one by one when there are as many; else each heading's
//! section with the same section. Text whose structure differs is left out rather than guessed
//! at: a misaligned pair only adds noise.
//!
//! A synonym phrase with a letter outside ASCII (`árbol`, `rác`, `垃圾`, `мусор`) is taken as the
//! source side and each ASCII phrase of the same synonym as its English side, for every language
//! that has translations: the phrase's words only ever meet the words of their own language, and
//! the synonyms count as one document, so they confirm a pair the articles show but never make
//! one alone.

use searchindex::Rules;
use searchindex::bridge::{Aligned, Learning, TermTable};

use crate::Content;
use crate::article::Article;

/// The term table learned from `content`'s published translations and `rules`' synonyms, with
/// the default thresholds ([`Learning::default`]).
pub fn learn(content: &Content, rules: &Rules) -> TermTable {
    let segments = aligned(content, rules);
    let table = searchindex::bridge::learn(&segments, &Learning::default());
    tracing::debug!(
        segments = segments.len(),
        pairs = table.len(),
        "bilingual term table"
    );
    table
}

/// Every aligned segment of `content` and `rules`, translations first.
pub fn aligned(content: &Content, rules: &Rules) -> Vec<Aligned> {
    let mut out = Vec::new();
    for translation in content
        .published()
        .filter(|a| !a.is_original && a.lang.tag != "en")
    {
        if let Some(original) = content.find(&translation.slug, "en") {
            align_article(translation, original, &mut out);
        }
    }
    let mut langs: Vec<config::Lang> = out.iter().map(|a| a.lang).collect();
    langs.sort_by_key(|l| l.tag);
    langs.dedup_by_key(|l| l.tag);
    for synonym in &rules.synonyms {
        let (source, english): (Vec<&String>, Vec<&String>) =
            synonym.phrases.iter().partition(|p| !p.is_ascii());
        for (s, e) in source
            .iter()
            .flat_map(|s| english.iter().map(move |e| (s, e)))
        {
            for lang in &langs {
                out.push(Aligned {
                    lang: *lang,
                    document: "synonyms".to_owned(),
                    source: (*s).clone(),
                    english: (*e).clone(),
                });
            }
        }
    }
    out
}

/// The pieces of `translation` and `original` that say the same thing.
fn align_article(translation: &Article, original: &Article, out: &mut Vec<Aligned>) {
    let mut push = |source: &str, english: &str| {
        out.push(Aligned {
            lang: translation.lang,
            document: translation.slug.clone(),
            source: source.to_owned(),
            english: english.to_owned(),
        });
    };
    push(&translation.title, &original.title);
    push(&translation.summary, &original.summary);
    push(
        &translation.keywords.join("\n"),
        &original.keywords.join("\n"),
    );
    if translation.actions.len() == original.actions.len() {
        for (t, o) in translation.actions.iter().zip(&original.actions) {
            push(&t.label, &o.label);
        }
    }
    let (ts, os) = (&translation.body.sections, &original.body.sections);
    if ts.len() == os.len() {
        for (t, o) in ts.iter().zip(os) {
            push(&t.heading, &o.heading);
        }
    }
    let t_blocks: Vec<&str> = translation.body.text.lines().collect();
    let o_blocks: Vec<&str> = original.body.text.lines().collect();
    if t_blocks.len() == o_blocks.len() {
        for (t, o) in t_blocks.iter().zip(&o_blocks) {
            push(t, o);
        }
    } else if ts.len() == os.len() {
        for (t, o) in ts.iter().zip(os) {
            push(&t.text, &o.text);
        }
    }
}
