//! The query planner: a resident's words become groups of alternatives. Each meaningful word is a
//! group; its alternatives are the word as written, its stem and unaccented form, the phrases the
//! editors' synonyms give it, the English terms the bilingual term table gives a word of another
//! language, and — only when the word is not in the index — the index terms a
//! typo away. The last word also matches as a prefix (search as you type). Filler words are
//! dropped unless nothing else is left.

use std::collections::{HashMap, HashSet};

use config::{Lang, Script};
use searchindex::analysis::{Analyzer, fold};
use searchindex::bridge::TermTable;
use searchindex::{Fields, Rules, TextField};
use tantivy::Searcher;
use tantivy::tokenizer::Token;

use crate::lang::Guess;
use crate::{vocab, words};

// How much each kind of alternative counts, relative to the word as written (1.0). The values are
// set by hand, not derived; what matters is their order: the form typed outranks its stem, a stem
// a synonym, a synonym a prefix, a prefix a typo.

/// Boost of the word as written (the exact analyzer): the reference, 1.0.
pub const BOOST_EXACT: f32 = 1.0;
/// Boost of the word under its language's analyzer (stemmed, or folded where there is no
/// stemmer).
pub const BOOST_STEM: f32 = 0.9;
/// Boost of a word under the analyzer of a language it may be in but was not judged to be:
/// English and the folded analyzer for every Latin-script word, and the analyzers of the
/// runners-up of the language guess, in case the language was misjudged.
pub const BOOST_OTHER_ANALYSIS: f32 = 0.75;
/// A runner-up language this likely relative to the guessed one ([`Guess::relative`]) has its
/// analyzer searched too.
const OTHER_LANGUAGE_SEARCHED: f32 = 0.15;
/// Words a correction may stand from another word of the question in a record's text for "did
/// you mean" to offer it.
const CORRECTION_NEAR: u32 = 3;
/// A guess of another language than English this sure leaves English stemming out of a Latin
/// word's alternatives ([`analyzers_for`]); English as a runner-up still brings it back.
const CONFIDENT_GUESS: f32 = 0.9;
/// Factor on a synonym phrase's alternatives, multiplied with the boost of the analyzer they use.
pub const BOOST_SYNONYM: f32 = 0.8;
/// The fewest letters a word needs for its typo neighbours to be searched for (shorter words get
/// "did you mean" only).
const SEARCHED_TYPO_MIN_LETTERS: usize = 5;
/// Boost of an index term one edit away; halved for two edits. Multiplied with the analyzer's
/// boost.
pub const BOOST_TYPO: f32 = 0.45;
/// Boost of an index term that starts with the last word while it is being typed.
pub const BOOST_PREFIX: f32 = 0.55;
/// Documents a word may be in and still be looked up for typos.
const RARE: u64 = 2;
/// A word in at least this share of the curated articles of the question's language is generic
/// ("help", "question", "report"): it tells no article from another, so it is not the content a
/// card needs ([`Plan::content`]).
pub const GENERIC_SHARE: f32 = 0.3;

/// Terms of one alternative, as one analyzer indexes them (several terms: a phrase).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The analyzer whose fields the terms are looked up in.
    pub analyzer: Analyzer,
    /// Index terms: one for a word, several (matched as a phrase, in order) for a synonym phrase.
    pub terms: Vec<String>,
    /// How much a match counts, relative to the word as written: the `BOOST_*` constants, up
    /// to 1.0.
    pub boost: f32,
    /// Where the alternative comes from.
    pub source: Source,
}

/// Where an alternative of a word comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The word itself, under one analyzer (as written, stemmed or unaccented).
    Word,
    /// The characters and character bigrams of a Chinese word.
    Characters,
    /// A phrase of the editors' synonyms.
    Synonym,
    /// An index term a typo or two away from a word the index holds rarely or not at all: a full
    /// match when the word is unknown (the correction), else a partial one.
    Typo,
    /// An index term starting with the last word while it is being typed.
    Prefix,
    /// An English term the bilingual term table gives a word of another language.
    Bridge,
}

impl Source {
    /// The name the ranking report uses: `word`, `characters`, `synonym`, `typo`, `prefix`,
    /// `bridge`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Word => "word",
            Source::Characters => "characters",
            Source::Synonym => "synonym",
            Source::Typo => "typo",
            Source::Prefix => "prefix",
            Source::Bridge => "bridge",
        }
    }
}

/// One word of the question and everything that may stand for it.
#[derive(Debug, Clone)]
pub struct Group {
    /// The word as it appears in the question.
    pub word: String,
    /// How much matching this word matters: squared IDF, clamped to 0.25..64, times 0.3 for a
    /// number that names no bureau. Rarer words matter more.
    pub weight: f32,
    /// Full matches: the word, its stem, unaccented form, synonyms.
    pub strong: Vec<Variant>,
    /// Partial matches: typos and prefixes.
    pub weak: Vec<Variant>,
    /// The index does not know the word, so its full matches are guesses at what was meant
    /// (typo corrections): they rank as full matches, but are no evidence for an answer card.
    pub corrected: bool,
}

/// A planned query.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The language the question is understood in (`guess.lang`).
    pub lang: Lang,
    /// The language guess, with the other languages the question may be in.
    pub guess: Guess,
    /// One group per meaningful word, in the question's order; filler words are left out unless
    /// the question has nothing else. Empty for an empty question.
    pub groups: Vec<Group>,
    /// "Did you mean": the question with its unknown words corrected, where each correction
    /// belongs with the rest of the question.
    pub suggestion: Option<String>,
    /// The question with every unknown word corrected, whether or not the correction is offered
    /// as "did you mean": what the notices also read, so a misspelt emergency is still one.
    pub corrected: Option<String>,
    /// Every term an alternative uses, per analyzer, for highlighting (a synonym phrase's filler
    /// words left out).
    pub highlight: HashMap<Analyzer, HashSet<String>>,
    /// Folded words (lowercase, accents removed) of the whole question, filler included, for the
    /// editors' rules.
    pub folded: Vec<String>,
    /// Folded words without filler.
    pub folded_content: Vec<String>,
    /// Whether the question has content: a word that is neither filler nor generic (in fewer
    /// than [`GENERIC_SHARE`] of the articles of its language) and, unless it is Chinese,
    /// Japanese or Korean, longer than two letters (alone, `та` or `de` is a function word of
    /// some language, whichever was guessed). A question of question words, function words and
    /// generic verbs ("how do I", "help", "i have a question") has none and gets no answer card.
    pub content: bool,
}

impl Plan {
    /// A plan with no words, in `lang`: what a pinned best bet is shown with.
    pub fn empty(lang: Lang) -> Plan {
        Plan {
            lang,
            guess: Guess::only(lang),
            groups: Vec::new(),
            suggestion: None,
            corrected: None,
            highlight: HashMap::new(),
            folded: Vec::new(),
            folded_content: Vec::new(),
            content: false,
        }
    }
}

/// What the planner needs to know about the index.
pub struct Context<'a> {
    /// The searcher of the commit being searched: document frequencies and the term dictionary.
    pub searcher: &'a Searcher,
    /// The index's fields.
    pub fields: &'a Fields,
    /// The editors' rules of that commit, for their synonyms.
    pub rules: &'a Rules,
    /// The bilingual term table of that commit, for words of other languages than English.
    pub terms: &'a TermTable,
    /// Bureau ids and one-word names, folded: "911" names a bureau, it is not just a number.
    pub names: &'a HashSet<String>,
    /// The rules' phrases, analysed.
    pub phrases: &'a crate::phrases::Phrases,
    /// The index's curated articles per language ([`vocab::articles_by_lang`]).
    pub articles: &'a [(Lang, u64)],
    /// The boost of a word reached through the term table, times the pair's Dice coefficient:
    /// [`config::RankWeights::bridge`].
    pub bridge: f32,
}

/// The analyzers a word of a question guessed to be in `guess.lang` is searched with, each with
/// its boost: exact always; the language's own; the analyzers of likely runners-up
/// ([`Guess::others`]); and for Latin-script words the folded analyzer, and English unless
/// another language is guessed with confidence (0.9 of the belief), in case the language was
/// misjudged.
pub fn analyzers_for(guess: &Guess, word: &str) -> Vec<(Analyzer, f32)> {
    let own = Analyzer::for_lang(Some(guess.lang));
    let mut out = vec![(Analyzer::Exact, BOOST_EXACT), (own, BOOST_STEM)];
    let mut extras: Vec<Analyzer> = guess
        .others
        .iter()
        .filter(|(l, _)| guess.relative(l.tag) >= OTHER_LANGUAGE_SEARCHED)
        .map(|(l, _)| Analyzer::for_lang(Some(*l)))
        .collect();
    if word.chars().any(|c| Script::of(c) == Script::Latin) {
        // English stems only while English is still in question: under a confident guess of
        // another language they join its words to unrelated English ones (Spanish `calle`,
        // street, is English `call` to the stemmer, and every page on calling 911 matched it).
        if guess.share < CONFIDENT_GUESS {
            extras.push(Analyzer::English);
        }
        extras.push(Analyzer::Folded);
    }
    for extra in extras {
        if !out.iter().any(|(a, _)| *a == extra) {
            out.push((extra, BOOST_OTHER_ANALYSIS));
        }
    }
    out
}

/// Plans `query`, understood as `guess` says, against the index: one [`Group`] per meaningful
/// word, "did you mean" from the index's vocabulary, the terms to highlight, and the question's
/// folded words for the editors' rules. `prefix_last`: the last word is still being typed.
pub fn plan(ctx: &Context<'_>, query: &str, guess: &Guess, prefix_last: bool) -> Plan {
    let lang = guess.lang;
    let tokens = Analyzer::Exact.tokens(query);
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| &query[t.offset_from..t.offset_to])
        .collect();
    // As the index spells them: `A.D.U.` is `adu`, `503-823-4000` is `5038234000`.
    let folded: Vec<String> = words.iter().map(|w| Analyzer::Folded.term(w)).collect();
    let filler: Vec<bool> = words.iter().map(|w| words::is_filler(w, lang)).collect();
    let keep_all = filler.iter().all(|f| *f);
    let alternatives = synonym_alternatives(ctx, &words, &folded, lang);

    let mut groups = Vec::new();
    let mut corrections: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut highlight: HashMap<Analyzer, HashSet<String>> = HashMap::new();
    for (i, word) in words.iter().enumerate() {
        if filler[i] && !keep_all {
            continue;
        }
        let last = prefix_last && i + 1 == words.len();
        let (group, correction) = word_group(ctx, word, guess, &alternatives[i], last);
        if !correction.is_empty() {
            corrections.push((i, groups.len(), correction));
        }
        for v in group.strong.iter().chain(&group.weak) {
            // A synonym phrase's filler ("hole in the road") is not worth marking on its own.
            let marked = v
                .terms
                .iter()
                .filter(|t| v.terms.len() == 1 || !words::is_filler(t, lang));
            highlight
                .entry(v.analyzer)
                .or_default()
                .extend(marked.cloned());
        }
        groups.push(group);
    }

    // A correction is offered where it finds what the rest of the question asks about: "smoke
    // alarm beeping" is no typo of "keeping", which no text on smoke alarms says. Of a word's
    // corrections, the first that does is offered ("watr bill" is "water bill", not "wat").
    let all: Vec<(usize, String)> = corrections
        .iter()
        .map(|(i, _, options)| (*i, options[0].clone()))
        .collect();
    let corrections: Vec<(usize, String)> = corrections
        .into_iter()
        .filter_map(|(i, g, options)| {
            options
                .into_iter()
                .find(|correction| fits_the_question(ctx, &groups, g, correction))
                .map(|correction| (i, correction))
        })
        .collect();
    let content = words.iter().zip(&filler).any(|(w, f)| {
        !f && (w.chars().count() > 2 || is_cjk(w))
            && vocab::article_share(ctx.searcher, ctx.fields, ctx.articles, w, lang) < GENERIC_SHARE
    });
    let folded_content = folded
        .iter()
        .zip(&filler)
        .filter(|(_, f)| !**f)
        .map(|(w, _)| w.clone())
        .collect();
    Plan {
        lang,
        guess: guess.clone(),
        groups,
        suggestion: suggestion(query, &tokens, &corrections),
        corrected: suggestion(query, &tokens, &all),
        highlight,
        folded,
        folded_content,
        content,
    }
}

/// Synonym phrases found in the question, by the words they cover: for each word, the other
/// phrases of every synonym group one of whose phrases covers it. A phrase matches word for word
/// (folded) or stem for stem ("музику" meets the phrase "музика"); a one-way synonym only from
/// its first phrase.
fn synonym_alternatives<'r>(
    ctx: &Context<'r>,
    words: &[&str],
    folded: &[String],
    lang: Lang,
) -> Vec<Vec<&'r str>> {
    let own = Analyzer::for_lang(Some(lang));
    let stemmed: Vec<String> = words.iter().map(|w| own.term(w)).collect();
    let mut alternatives: Vec<Vec<&str>> = vec![Vec::new(); words.len()];
    for synonym in &ctx.rules.synonyms {
        for (k, phrase) in synonym.phrases.iter().enumerate() {
            if synonym.oneway && k > 0 {
                break;
            }
            let prepared = ctx.phrases.get(phrase);
            let phrase_words = prepared.terms(Analyzer::Folded);
            let mut starts = find_all(folded, phrase_words);
            starts.extend(find_all(&stemmed, prepared.terms(own)));
            starts.sort();
            starts.dedup();
            let others: Vec<&str> = synonym
                .phrases
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, p)| p.as_str())
                .collect();
            for start in starts {
                for alt in alternatives.iter_mut().skip(start).take(phrase_words.len()) {
                    alt.extend(others.iter().copied());
                }
            }
        }
    }
    alternatives
}

/// One word's group: its full matches (as written, stemmed, unaccented, synonyms), its partial
/// matches (typos when the word is missing or rare, prefixes when it is being typed) and its
/// weight; plus the correction "did you mean" offers when the index does not know the word.
fn word_group(
    ctx: &Context<'_>,
    word: &str,
    guess: &Guess,
    synonyms: &[&str],
    being_typed: bool,
) -> (Group, Vec<String>) {
    let analyzers = analyzers_for(guess, word);
    let (mut strong, known) = full_matches(ctx, word, guess, &analyzers, synonyms);
    let typos = typo_matches(ctx, word, guess.lang, &analyzers);
    // "Did you mean" only for a word no language's text knows, in any inflection its stemmer
    // joins: `beeping`, `anoche` or `вдома` are words, not misspellings of others.
    let correction = if known == 0 && !known_inflection(ctx, word) {
        typos.options.clone()
    } else {
        Vec::new()
    };
    let mut weak = typos.variants;
    // A word typed without the accents its language writes (`recoleccion`) is that word: the
    // index's accented spellings of it (`recolección`) are full matches at the word's own
    // boosts, as they are when the accents are typed, not typo guesses.
    if !has_marks(word) {
        let folded = Analyzer::Folded.term(word);
        let (same, rest): (Vec<Variant>, Vec<Variant>) = weak.into_iter().partition(|v| {
            v.terms.len() == 1
                && v.analyzer != Analyzer::Folded
                && Analyzer::Folded.term(&v.terms[0]) == folded
        });
        weak = rest;
        for v in same {
            let boost = analyzers
                .iter()
                .find(|(a, _)| *a == v.analyzer)
                .map_or(v.boost, |(_, b)| *b);
            if !strong
                .iter()
                .any(|s| s.analyzer == v.analyzer && s.terms == v.terms)
            {
                strong.push(Variant {
                    boost,
                    source: Source::Word,
                    ..v
                });
            }
        }
    }
    // A word typed with its accents means those accents: Vietnamese `rơi` (fall) is not `rồi`
    // (already). Folding them away is how an unaccented question finds accented text; for an
    // accented word it only finds other words, so those matches are partial.
    if has_marks(word) {
        let (lossy, kept): (Vec<Variant>, Vec<Variant>) = strong.into_iter().partition(|v| {
            v.terms.len() == 1 && matches!(v.analyzer, Analyzer::Folded | Analyzer::English)
        });
        strong = kept;
        weak.extend(lossy);
    }
    let mut partial_df = typos.df;
    // A word the index does not know at all: its typo corrections are what was meant, so they
    // count as full matches (an exact match, had there been one, would still win).
    let corrected = known == 0 && !weak.is_empty();
    if corrected {
        strong.append(&mut weak);
    }
    // A translation is a full match (it is the word, in English), at a lower boost.
    strong.extend(bridge_matches(ctx, word, guess.lang));
    if being_typed && word.chars().count() >= 2 && !is_cjk(word) {
        let (prefixes, df) = prefix_matches(ctx, word);
        partial_df = partial_df.max(df);
        weak.extend(prefixes);
    }
    // A word typed without accents is weighed as all its spellings are together, so
    // `recoleccion` weighs about as `recolección` (the spelling as typed is rarer in the index
    // than the word). A word typed with its accents keeps its own weight: in Vietnamese,
    // folding joins many words (`đăng`, `đang`, `dạng`), and the accents say which one.
    let df = if known > 0 && has_marks(word) {
        typos.exact_df.max(1)
    } else if known > 0 {
        typos.exact_df.max(folded_df(ctx, word)).max(1)
    } else {
        partial_df.max(1)
    };
    let group = Group {
        word: word.to_owned(),
        weight: word_weight(ctx, word, df),
        strong,
        weak,
        corrected,
    };
    (group, correction)
}

/// How many records hold `word` unaccented, in their body or title (the larger).
fn folded_df(ctx: &Context<'_>, word: &str) -> u64 {
    let term = Analyzer::Folded.term(word);
    [TextField::Body, TextField::Title]
        .into_iter()
        .map(|f| vocab::doc_freq(ctx.searcher, ctx.fields.text(f, Analyzer::Folded), &term))
        .max()
        .unwrap_or(0)
}

/// The word's full matches under each analyzer and through the synonym phrases that cover it,
/// and how many (field, analyzer) postings know the word at all.
fn full_matches(
    ctx: &Context<'_>,
    word: &str,
    guess: &Guess,
    analyzers: &[(Analyzer, f32)],
    synonyms: &[&str],
) -> (Vec<Variant>, u64) {
    let mut strong = Vec::new();
    let mut known = 0u64;
    for (analyzer, boost) in analyzers {
        let term = analyzer.term(word);
        if term.is_empty() {
            continue;
        }
        for field in TextField::ALL {
            known += vocab::doc_freq(ctx.searcher, ctx.fields.text(field, *analyzer), &term);
        }
        strong.push(Variant {
            analyzer: *analyzer,
            terms: vec![term],
            boost: *boost,
            source: Source::Word,
        });
    }
    // Chinese text is also indexed by characters and character bigrams: a Chinese word matches
    // text that contains it however jieba cut that text.
    if let Some(grams) = han_grams(word) {
        let field = ctx.fields.text(TextField::Body, Analyzer::HanChars);
        known += grams
            .iter()
            .map(|g| vocab::doc_freq(ctx.searcher, field, g))
            .min()
            .unwrap_or(0);
        strong.push(Variant {
            analyzer: Analyzer::HanChars,
            terms: grams,
            boost: BOOST_STEM,
            source: Source::Characters,
        });
    }
    for phrase in dedup(synonyms) {
        for (analyzer, boost) in analyzers_for(guess, phrase) {
            let terms = ctx.phrases.get(phrase).terms(analyzer).to_vec();
            if !terms.is_empty() {
                strong.push(Variant {
                    analyzer,
                    terms,
                    boost: BOOST_SYNONYM * boost,
                    source: Source::Synonym,
                });
            }
        }
    }
    (strong, known)
}

/// The English terms the bilingual term table gives `word` of a question in `lang` (none for
/// English), each its own alternative under the English analyzer, boosted by the context's
/// bridge boost ([`config::RankWeights::bridge`]) times the pair's Dice
/// coefficient.
fn bridge_matches(ctx: &Context<'_>, word: &str, lang: Lang) -> Vec<Variant> {
    if lang.tag == "en" {
        return Vec::new();
    }
    let term = Analyzer::for_lang(Some(lang)).term(word);
    ctx.terms
        .lookup(lang.tag, &term)
        .iter()
        .map(|(english, dice)| Variant {
            analyzer: Analyzer::English,
            terms: vec![english.clone()],
            boost: ctx.bridge * dice,
            source: Source::Bridge,
        })
        .collect()
}

/// What the typo search found for one word.
struct Typos {
    /// Index terms a typo away, under every analyzer of the word.
    variants: Vec<Variant>,
    /// The corrections in the question's own language, best first: the word with its accents
    /// restored, then by edits and by how common.
    options: Vec<String>,
    /// Documents the word as written is in (body or title, whichever is more).
    exact_df: u64,
    /// Documents the most common correction is in.
    df: u64,
}

/// Index terms a typo away from `word`, looked for only when the word is missing or rare: a
/// common word is what it says, and its neighbours a letter away are other words.
fn typo_matches(ctx: &Context<'_>, word: &str, lang: Lang, analyzers: &[(Analyzer, f32)]) -> Typos {
    let body_exact = ctx.fields.text(TextField::Body, Analyzer::Exact);
    let title_exact = ctx.fields.text(TextField::Title, Analyzer::Exact);
    let keywords_exact = ctx.fields.text(TextField::Keywords, Analyzer::Exact);
    let exact = Analyzer::Exact.term(word);
    let exact_df = vocab::doc_freq(ctx.searcher, body_exact, &exact).max(vocab::doc_freq(
        ctx.searcher,
        title_exact,
        &exact,
    ));
    let mut typos = Typos {
        variants: Vec::new(),
        options: Vec::new(),
        exact_df,
        df: 0,
    };
    // Counted on the word as indexed: `P.B.O.T.` has four letters, not seven characters.
    let letters = exact.chars().count();
    if exact_df > RARE || word.chars().any(|c| c.is_numeric()) || letters < 3 {
        return typos;
    }
    let budget = vocab::typo_budget(letters);
    let near = vocab::near_terms(
        ctx.searcher,
        &[body_exact, title_exact, keywords_exact],
        &exact,
        (budget + 1).min(2),
        12,
    );
    let mut near: Vec<(String, u8, u64)> = near
        .into_iter()
        .filter(|(t, _, _)| vocab::within_budget(&exact, t, budget))
        .collect();
    // Corrections in the question's own language first: "grafitti" in an English question is
    // "graffiti", though Spanish "grafiti" is nearer.
    let own = Analyzer::for_lang(Some(lang));
    let own_field = ctx.fields.text(TextField::Body, own);
    let in_own_language = |t: &str| vocab::doc_freq(ctx.searcher, own_field, &own.term(t)) > 0;
    let folded = Analyzer::Folded.term(word);
    near.sort_by_key(|(t, d, df)| {
        (
            !in_own_language(t),
            Analyzer::Folded.term(t) != folded,
            *d,
            std::cmp::Reverse(*df),
        )
    });
    near.truncate(3);
    // A correction is a word of the question's own language, never another's ("alarma" is not
    // English "alarm").
    // A four-letter word is corrected only by a letter it lacks (`watr`, `water`): a short word
    // with one letter changed or one letter more is mostly another word, or one written
    // without its apostrophe (`cant` is `can't`, neither `can` nor `want`).
    typos.options = near
        .iter()
        .filter(|(t, _, _)| in_own_language(t))
        .filter(|(t, _, _)| letters >= SEARCHED_TYPO_MIN_LETTERS || t.chars().count() > letters)
        .map(|(t, _, _)| t.clone())
        .collect();
    // A four-letter word's neighbours are offered as corrections only ("watr" is "water" where
    // the rest of the question says so), never searched for: one letter away from a short word
    // is mostly another word (Vietnamese `phun`, spray, is not `phần`, part).
    if letters < SEARCHED_TYPO_MIN_LETTERS {
        return typos;
    }
    for (term, distance, df) in near {
        typos.df = typos.df.max(df);
        let boost = BOOST_TYPO / f32::from(distance.max(1));
        for (analyzer, b) in analyzers {
            typos.variants.push(Variant {
                analyzer: *analyzer,
                terms: vec![analyzer.term(&term)],
                boost: boost * b,
                source: Source::Typo,
            });
        }
    }
    typos
}

/// Whether `correction`, offered for the word of group `at`, belongs with the rest of the
/// question: some record's text has it within [`CORRECTION_NEAR`] words of another word of the
/// question ("water bil" is "water bill", which the City's pages say; no page says "alarm
/// keeping"). Other words that are corrections themselves, or that match the correction itself
/// (`keeps` and `keeping` share a stem), are not weighed. A question with nothing else to weigh
/// keeps its correction, unless the word has four letters or fewer.
fn fits_the_question(ctx: &Context<'_>, groups: &[Group], at: usize, correction: &str) -> bool {
    // A word of four letters or fewer is a letter from many others: its correction needs another
    // word of the question to confirm it ("watr bill"), never stands alone ("chào" is no "cho").
    let short = groups[at].word.chars().count() <= 4;
    let others: Vec<&Group> = groups
        .iter()
        .enumerate()
        .filter(|(g, group)| {
            *g != at
                && !group.corrected
                && !group
                    .strong
                    .iter()
                    .any(|v| v.terms.len() == 1 && v.terms[0] == v.analyzer.term(correction))
        })
        .map(|(_, group)| group)
        .collect();
    if others.is_empty() {
        return !short;
    }
    let words: Vec<(Analyzer, &str)> = others
        .iter()
        .flat_map(|g| &g.strong)
        .filter_map(|v| match v.terms.as_slice() {
            [one] => Some((v.analyzer, one.as_str())),
            _ => None,
        })
        .collect();
    vocab::near_each_other(
        ctx.searcher,
        ctx.fields,
        correction,
        &words,
        CORRECTION_NEAR,
    )
}

/// Whether the stemmer of some city language joins `word` to a term its documents use (the
/// titles, keywords or text of that language's records).
fn known_inflection(ctx: &Context<'_>, word: &str) -> bool {
    let mut analyzers: Vec<Analyzer> = config::LANGS
        .iter()
        .map(|l| Analyzer::for_lang(Some(*l)))
        .collect();
    analyzers.dedup();
    analyzers.into_iter().any(|analyzer| {
        let term = analyzer.term(word);
        !term.is_empty()
            && [TextField::Title, TextField::Keywords, TextField::Body]
                .into_iter()
                .any(|f| vocab::doc_freq(ctx.searcher, ctx.fields.text(f, analyzer), &term) > 0)
    })
}

/// Index terms that start with the word being typed (search as you type), and the largest
/// number of documents one of them is in.
fn prefix_matches(ctx: &Context<'_>, word: &str) -> (Vec<Variant>, u64) {
    let fields = [TextField::Title, TextField::Keywords, TextField::Body]
        .map(|f| ctx.fields.text(f, Analyzer::Exact));
    let mut df = 0;
    let variants = vocab::prefixed_terms(ctx.searcher, &fields, &Analyzer::Exact.term(word), 6)
        .into_iter()
        .map(|(term, n)| {
            df = df.max(n);
            Variant {
                analyzer: Analyzer::Exact,
                terms: vec![term],
                boost: BOOST_PREFIX,
                source: Source::Prefix,
            }
        })
        .collect();
    (variants, df)
}

/// How much matching a word matters: squared IDF, because the rare topic words of a question
/// decide what it is about far more than its common verbs do. Numbers and times ("2am", "503")
/// say little about the topic, unless they name a bureau ("911") or are a phone number (seven
/// digits or more, however written).
fn word_weight(ctx: &Context<'_>, word: &str, df: u64) -> f32 {
    let total_docs = ctx.searcher.num_docs().max(1) as f32;
    let idf = (1.0 + total_docs / (1.0 + df as f32)).ln().clamp(0.5, 8.0);
    let digits = word.chars().filter(char::is_ascii_digit).count();
    let numeric = word.chars().any(|c| c.is_numeric())
        && digits < 7
        && !ctx.names.contains(&Analyzer::Folded.term(word));
    idf * idf * if numeric { 0.3 } else { 1.0 }
}

/// "Did you mean": the question with each unknown word replaced by its correction.
fn suggestion(query: &str, tokens: &[Token], corrections: &[(usize, String)]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut last = 0;
    for (i, replacement) in corrections {
        let t = &tokens[*i];
        out.push_str(&query[last..t.offset_from]);
        out.push_str(replacement);
        last = t.offset_to;
    }
    out.push_str(&query[last..]);
    Some(out.trim().to_owned())
}

/// A word written in Han characters only as the Han character fields hold it: the word itself
/// when it has one or two characters, else its overlapping bigrams, matched as a phrase
/// (`没人收` → `没人`, `人收`); `None` for any other word.
fn han_grams(word: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    if chars.is_empty() || !chars.iter().all(|c| Script::of(*c) == Script::Han) {
        return None;
    }
    Some(if chars.len() <= 2 {
        vec![word.to_owned()]
    } else {
        chars.windows(2).map(|w| w.iter().collect()).collect()
    })
}

/// Whether `word` has letters with diacritics that folding removes (`rơi`, `está`).
fn has_marks(word: &str) -> bool {
    fold(word) != searchindex::analysis::lower(&searchindex::analysis::normalize(word))
}

/// Han, kana or Hangul: words whose prefixes are not words being typed.
fn is_cjk(word: &str) -> bool {
    word.chars()
        .any(|c| matches!(Script::of(c), Script::Han | Script::Kana | Script::Hangul))
}

fn dedup<'a>(items: &[&'a str]) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
}

/// Start indexes where `needle` occurs in `haystack` word for word, in order; empty when
/// `needle` is empty or longer than `haystack`.
pub fn find_all(haystack: &[String], needle: &[String]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()] == *needle)
        .collect()
}
