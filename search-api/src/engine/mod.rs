//! The search engine over one opened index: plans the question, retrieves candidates with
//! tantivy, ranks them with the signals a plain-language question needs, and builds the response.

use std::time::Instant;

use config::{Bureau, Config, Lang};
use indexer::rules::Rules;
use indexer::{Fields, IndexDir, OpenIndex};
use serde::Deserialize;
use tantivy::schema::Value;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument};

use crate::editorial::{self, Question};
use crate::plan::{self, Context, Plan};
use crate::rank::{self, Filters};
use crate::response::{Action, BureauRef, Hit, Notice, SearchResponse};
use crate::suggest::Suggester;
use crate::{Error, lang};

mod records;

/// Longest question accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
pub const MAX_LIMIT: usize = 50;

/// One search, already validated.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    /// The reader's language: used when the question's own language is unclear.
    pub lang: Option<Lang>,
    pub bureau: Option<String>,
    /// `article` or `page`.
    pub kind: Option<String>,
    /// Only documents in this language.
    pub result_lang: Option<Lang>,
    pub limit: usize,
    pub offset: usize,
    /// `YYYY-MM-DD`, for best bets with dates.
    pub today: String,
}

impl SearchRequest {
    pub fn new(q: &str) -> SearchRequest {
        SearchRequest {
            q: q.to_owned(),
            lang: None,
            bureau: None,
            kind: None,
            result_lang: None,
            limit: 10,
            offset: 0,
            today: today(),
        }
    }
}

pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

/// An article as the article page shows it.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// Where it is served: `/articles/<slug>` or `/<lang>/articles/<slug>`.
    pub url: String,
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub bureau: BureauRef,
    pub actions: Vec<Action>,
    pub updated: Option<String>,
    pub translations: Vec<String>,
    pub phone: Option<String>,
}

/// The engine over one index generation and commit.
pub struct Engine {
    open: OpenIndex,
    reader: IndexReader,
    pub rules: Rules,
    bureaus: Vec<Bureau>,
    suggester: Suggester,
    opstamp: u64,
    /// Origins of the crawled sites.
    sites: Vec<url::Url>,
    /// Bureau ids and one-word aliases, folded.
    names: std::collections::HashSet<String>,
    /// The rules' phrases, analysed once.
    phrases: crate::phrases::Phrases,
}

impl Engine {
    /// Opens the current index under `data_dir`.
    pub fn open(data_dir: &std::path::Path, config: &Config) -> Result<Engine, Error> {
        let dir = IndexDir::new(data_dir);
        let open = dir.open_current()?.ok_or_else(|| Error::NoIndex {
            path: dir.root().to_owned(),
        })?;
        Engine::from_open(open, config)
    }

    pub fn from_open(open: OpenIndex, config: &Config) -> Result<Engine, Error> {
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&open.dir, e))?;
        let payload = open.payload()?;
        let opstamp = open.opstamp()?;
        let searcher = reader.searcher();
        let suggester = Suggester::build(&searcher, &open.fields, &config.bureaus);
        indexer::analysis::warm_up();
        let sites = config
            .sites
            .iter()
            .flat_map(|s| s.seeds.iter().cloned())
            .collect();
        let mut names = std::collections::HashSet::new();
        for b in &config.bureaus {
            for name in std::iter::once(&b.id).chain(&b.aliases) {
                if !name.contains(' ') {
                    names.insert(indexer::analysis::fold(name));
                }
            }
        }
        let phrases = crate::phrases::Phrases::of(&payload.rules);
        Ok(Engine {
            rules: payload.rules,
            reader,
            bureaus: config.bureaus.clone(),
            suggester,
            opstamp,
            open,
            sites,
            names,
            phrases,
        })
    }

    pub fn generation(&self) -> &str {
        &self.open.generation
    }

    pub fn opstamp(&self) -> u64 {
        self.opstamp
    }

    /// Searchable records (documents and their sections).
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn fields(&self) -> &Fields {
        &self.open.fields
    }

    pub fn bureaus(&self) -> &[Bureau] {
        &self.bureaus
    }

    pub fn bureau_ref(&self, id: &str) -> BureauRef {
        let name = self
            .bureaus
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| id.to_owned());
        BureauRef {
            id: id.to_owned(),
            name,
        }
    }

    fn phone_for(&self, bureau: &str) -> Option<String> {
        let find = |id: &str| {
            self.bureaus
                .iter()
                .find(|b| b.id == id)
                .and_then(|b| b.phone.clone())
        };
        find(bureau).or_else(|| find("311"))
    }

    /// The editors' most-asked topics as (title, url, summary), in `lang` where translated.
    pub fn topics(&self, lang: Lang) -> Vec<ArticleView> {
        self.rules
            .topics
            .iter()
            .filter_map(|slug| {
                self.article(slug, lang.tag)
                    .or_else(|| self.article(slug, "en"))
            })
            .collect()
    }

    pub fn suggest(&self, q: &str, limit: usize) -> Vec<String> {
        self.suggester.complete(q, limit)
    }

    /// Runs one search.
    pub fn search(&self, request: &SearchRequest) -> SearchResponse {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let fields = &self.open.fields;
        let detected = lang::detect(&request.q);
        let lang = detected.or(request.lang).unwrap_or(Lang::ENGLISH);
        let prefix_last = !request.q.ends_with(char::is_whitespace);
        let ctx = Context {
            searcher: &searcher,
            fields,
            rules: &self.rules,
            names: &self.names,
            phrases: &self.phrases,
        };
        let plan = plan::plan(&ctx, &request.q, lang, prefix_last);

        let question = Question::new(
            &plan.folded,
            &plan.folded_content,
            &request.q,
            &self.phrases,
        );
        let (emergency, referrals) = editorial::notices(&self.rules, &question);
        let route = editorial::route(&self.rules, &question);
        let bets = editorial::best_bets(&self.rules, &question, &request.today);

        let filters = Filters {
            bureau: request.bureau.clone(),
            kind: request.kind.clone(),
            lang: request.result_lang.map(|l| l.tag.to_owned()),
        };
        let intent = self.bureau_intent(&plan);
        let ranked = rank::rank(
            &searcher,
            fields,
            &plan,
            &filters,
            &intent,
            route.map(|r| r.bureau.as_str()),
        );

        let mut answer = None;
        let mut answer_group = None;
        // An editor's best bet for an article is the answer card; one for a URL is pinned first.
        if let Some(slug) = bets.iter().find_map(|b| b.article.as_deref())
            && let Some(card) = self.answer_for_slug(&searcher, slug, lang)
        {
            answer_group = Some(format!("article:{slug}"));
            answer = Some(card);
        } else if filters.kind.as_deref() != Some("page")
            && let Some(group) = ranked.answer_candidate()
            && let Some(card) = self.answer_for(&searcher, &ranked, group, &plan)
        {
            answer_group = Some(group.key.clone());
            answer = Some(card);
        }

        // Best bets first, then the pages the answer card sends people to, then the ranking
        // without the answer card's article.
        let mut pinned: Vec<Hit> = bets
            .iter()
            .filter(|b| b.article.is_none())
            .filter_map(|bet| self.best_bet_hit(&searcher, bet, lang))
            .collect();
        if filters.kind.as_deref() == Some("article") {
            pinned.clear();
        } else if let Some(card) = &answer {
            // Linked pages that match the question best come first.
            let mut linked = self.linked_pages(&searcher, card, &plan, &filters);
            let position = |url: &str| {
                ranked
                    .groups
                    .iter()
                    .position(|g| g.key == indexer::document::page_id(url))
                    .unwrap_or(usize::MAX)
            };
            // Home and contact pages are the fallback, not the page to act on: they are ranked
            // like any other result rather than pinned.
            let generic = |h: &Hit| {
                h.category == "home"
                    || h.url
                        .rsplit('/')
                        .next()
                        .is_some_and(|s| s.starts_with("contact"))
            };
            linked.retain(|h| !generic(h));
            linked.sort_by_key(|h| position(&h.url));
            for hit in linked {
                if !pinned.iter().any(|p| p.url == hit.url) {
                    pinned.push(hit);
                }
            }
        }
        let listed = ranked.listing(answer_group.as_deref());
        let total = listed.len() + pinned.len();
        let mut results: Vec<Hit> = pinned
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .cloned()
            .collect();
        let mut position = pinned.len();
        for g in listed {
            if results.len() >= request.limit {
                break;
            }
            position += 1;
            if position <= request.offset {
                continue;
            }
            if let Some(hit) = self.hit_for(&searcher, &ranked, g, &plan)
                && !pinned.iter().any(|p| p.url == hit.url)
            {
                results.push(hit);
            }
        }

        let notice = |n: &indexer::rules::Notice| Notice {
            id: n.id.clone(),
            message: n.message_in(lang.tag).to_owned(),
            phone: n.phone.clone(),
            url: n.url.clone(),
        };
        SearchResponse {
            query: request.q.clone(),
            lang: lang.tag.to_owned(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            answer,
            results,
            facets: ranked.facets(|id| self.bureau_ref(id).name),
            suggestion: plan.suggestion.clone(),
            emergency: emergency.map(notice),
            referrals: referrals.into_iter().map(notice).collect(),
            routed_to: route.map(|r| self.bureau_ref(&r.bureau)),
        }
    }

    /// Bureaus the question names (`pbot`, "water bureau"), and whether it names nothing else.
    fn bureau_intent(&self, plan: &Plan) -> rank::Intent {
        let mut bureaus = Vec::new();
        let mut covered = 0;
        for b in &self.bureaus {
            let names = std::iter::once(b.id.as_str())
                .chain(std::iter::once(b.name.as_str()))
                .chain(b.aliases.iter().map(String::as_str));
            let mut best = 0;
            for name in names {
                let words = indexer::analysis::Analyzer::Folded.terms(name);
                if words.is_empty() || name.chars().count() < 3 {
                    continue;
                }
                if !plan::find_all(&plan.folded_content, &words).is_empty()
                    || !plan::find_all(&plan.folded, &words).is_empty() && words.len() > 1
                {
                    best = best.max(words.len());
                }
            }
            if best > 0 {
                bureaus.push(b.id.clone());
                covered = covered.max(best);
            }
        }
        let only = !bureaus.is_empty() && covered >= plan.folded_content.len();
        rank::Intent { bureaus, only }
    }
}

pub(crate) fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn json<T: for<'de> Deserialize<'de> + Default>(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
) -> T {
    let raw = text(doc, field);
    if raw.is_empty() {
        T::default()
    } else {
        serde_json::from_str(&raw).unwrap_or_default()
    }
}

pub(crate) fn date(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    let d = doc.get_first(field)?.as_datetime()?;
    let t = time::OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        t.year(),
        u8::from(t.month()),
        t.day()
    ))
}
