//! The weights of the ranking formula: the one place their values live.
//!
//! A record's score is a product of factors (the engine's `rank::Factors`), each raised to its
//! weight, a log-linear model:
//!
//! score = ((bm25 + proximity × p) × (1 + title coverage)^title) × coverage^coverage
//!         × category^category × language^language × bureau named^bureau_named
//!         × bureau home^bureau_home × routed^routed × recency^recency × keyword^keyword
//!
//! A weight of 1 keeps a factor as the engine computes it, 0 removes it (the factor counts as 1),
//! 2 doubles its effect on the logarithm of the score. `coverage` is the exponent on the share of
//! the question matched (2: coverage squared), `proximity` the weight of neighbouring words found
//! together relative to the words themselves, and `bridge` the boost of a word reached through
//! the bilingual term table (times the pair's Dice coefficient), below a word's own forms.
//!
//! The defaults are the weights ranking was built with. `eval/train_weights.py` learns weights by
//! coordinate ascent on the held-out tuning questions (`eval/heldout2-tune.tsv`), and
//! `eval/README.md` records what it found and what the untouched half said about it; a weight
//! changes here only when that half does not get worse. The `[ranking]` table of
//! `firststop.toml` overrides any of them without a rebuild, for evaluation and tuning.

/// The weights of the ranking formula (see the module's documentation). Every key of the
/// `[ranking]` table is optional; [`RankWeights::default`] is what ranking uses without one.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RankWeights {
    /// Exponent on the share of the question's word weight matched. Key `coverage`; 2.0: all
    /// words outrank most words, most words outrank a few.
    pub coverage: f32,
    /// Exponent on (1 + title coverage), the share of the question the title or keywords match.
    /// Key `title`; 1.0.
    pub title: f32,
    /// Weight of the BM25 of neighbouring question words found within two words of each other,
    /// added to the words' own BM25. Key `proximity`; 0.5.
    pub proximity: f32,
    /// Exponent on the category weight (articles and services before news, policies and code).
    /// Key `category`; 1.0.
    pub category: f32,
    /// Exponent on the language weight (the question's language first, English next). Key
    /// `language`; 1.0.
    pub language: f32,
    /// Exponent on the factor of a record whose bureau the question names. Key
    /// `bureau_named`; 1.0.
    pub bureau_named: f32,
    /// Exponent on the factor of a bureau's home page when the question names only that bureau.
    /// Key `bureau_home`; 1.0.
    pub bureau_home: f32,
    /// Exponent on the factor of a record of the bureau an editors' route sends the question
    /// to. Key `routed`; 1.0.
    pub routed: f32,
    /// Exponent on the age factor of news. Key `recency`; 1.0.
    pub recency: f32,
    /// Exponent on the factor of an article that holds one of its keywords whole in the
    /// question. Key `keyword`; 1.0.
    pub keyword: f32,
    /// Boost of a word reached through the bilingual term table, times the pair's Dice
    /// coefficient (a word's own forms have boost 1): below the word's own matches, so a page in
    /// the question's language that says the word outranks an English page reached through its
    /// translation. Key `bridge`; 0.7. Measured on the tuning half of the second held-out set:
    /// 0.3 and 0.5 gained nothing at rank 1, 0.6 to 0.85 the same, 0.7 the best MRR.
    pub bridge: f32,
}

impl Default for RankWeights {
    fn default() -> RankWeights {
        RankWeights {
            coverage: 2.0,
            title: 1.0,
            proximity: 0.5,
            category: 1.0,
            language: 1.0,
            bureau_named: 1.0,
            bureau_home: 1.0,
            routed: 1.0,
            recency: 1.0,
            keyword: 1.0,
            bridge: 0.7,
        }
    }
}

impl RankWeights {
    /// The largest value a weight may take: beyond it one factor decides every ranking alone.
    pub const MAX: f32 = 4.0;
    /// The largest `bridge` boost: a translation never counts more than the word itself.
    pub const MAX_BRIDGE: f32 = 1.0;

    /// The keys of the `[ranking]` table, in the order of the formula.
    pub const KEYS: [&'static str; 11] = [
        "coverage",
        "title",
        "proximity",
        "category",
        "language",
        "bureau_named",
        "bureau_home",
        "routed",
        "recency",
        "keyword",
        "bridge",
    ];

    /// The weight under `key` (one of [`RankWeights::KEYS`]), for changing it by name.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut f32> {
        Some(match key {
            "coverage" => &mut self.coverage,
            "title" => &mut self.title,
            "proximity" => &mut self.proximity,
            "category" => &mut self.category,
            "language" => &mut self.language,
            "bureau_named" => &mut self.bureau_named,
            "bureau_home" => &mut self.bureau_home,
            "routed" => &mut self.routed,
            "recency" => &mut self.recency,
            "keyword" => &mut self.keyword,
            "bridge" => &mut self.bridge,
            _ => return None,
        })
    }

    /// The largest value accepted under `key`: [`RankWeights::MAX_BRIDGE`] for `bridge`, else
    /// [`RankWeights::MAX`].
    pub fn max(key: &str) -> f32 {
        if key == "bridge" {
            RankWeights::MAX_BRIDGE
        } else {
            RankWeights::MAX
        }
    }
}
