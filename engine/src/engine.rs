//! The search engine over one opened index: plans the question, retrieves candidates with
//! tantivy, ranks them with the signals a plain-language question needs, and builds the response.

use std::time::Instant;

use config::{Bureau, Config, Lang};
use searchindex::analysis::{Analyzer, normalize};
use searchindex::rules::Rules;
use searchindex::{Fields, IndexDir, OpenIndex};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument};

use crate::cache::{self, Key, Recent};
use crate::editorial::{self, Question};
use crate::plan::{self, Context, Plan};
use crate::rank::{self, Filters};
use crate::request::SearchRequest;
use crate::response::{Action, BureauRef, Notice, SearchResponse};
use crate::suggest::Suggester;
use crate::vocab::LangEvidence;
use crate::{Error, explain, lang};

mod answer;
mod results;
mod stored;

use stored::{ArticleSet, date, json, text};

/// An article in one language, as the article page shows it.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// Where it is served: `/articles/<slug>` or `/<lang>/articles/<slug>`.
    pub url: String,
    /// The article's slug, the same in every language.
    pub slug: String,
    /// Language tag of this version (`en`, `es`, `zh-hans`).
    pub lang: String,
    /// Its title.
    pub title: String,
    /// One or two plain sentences (at most 300 characters, checked when indexed).
    pub summary: String,
    /// The body as sanitized HTML (rendered from markdown and cleaned when indexed: no script,
    /// event handlers, `javascript:` links, frames or images), safe to insert into a page.
    pub html: String,
    /// The bureau that answers for it.
    pub bureau: BureauRef,
    /// What a reader can do: links and phone numbers, in the editor's order.
    pub actions: Vec<Action>,
    /// When the article was last updated, `YYYY-MM-DD`; `None` when its front matter has no
    /// `updated` date.
    pub updated: Option<String>,
    /// Language tags of every published version, this one included.
    pub translations: Vec<String>,
    /// The bureau's phone from `firststop.toml`, else 311's; `None` when neither has one.
    pub phone: Option<String>,
}

/// The engine over one index generation and commit. It never sees a later commit (its reader does
/// not reload): to serve a new commit, open a new engine and swap it in, as the service's index
/// watcher does. Every method takes `&self`, so one engine serves many threads at once (the
/// service holds it in an `Arc`).
pub struct Engine {
    open: OpenIndex,
    reader: IndexReader,
    /// The editors' rules stored with this commit.
    pub(crate) rules: Rules,
    /// The bilingual term table stored with this commit.
    terms: searchindex::bridge::TermTable,
    bureaus: Vec<Bureau>,
    suggester: Suggester,
    opstamp: u64,
    /// Origins of the crawled sites.
    sites: Vec<url::Url>,
    /// Bureau ids and one-word aliases, folded.
    names: std::collections::HashSet<String>,
    /// The rules' phrases, analysed once.
    phrases: crate::phrases::Phrases,
    /// The notices' patterns, compiled once.
    notices: editorial::Notices,
    /// Bureau names as folded words, for recognising a bureau named in a question.
    bureau_names: Vec<(String, Vec<Vec<String>>)>,
    /// The languages the index holds, with their record counts: what a question's language is
    /// chosen among.
    held: Vec<(Lang, u64)>,
    /// The curated articles per language, counted once: what the share of articles holding a
    /// word is a share of ([`crate::vocab::article_share`]).
    articles: Vec<(Lang, u64)>,
    /// Responses to recent requests ([`Engine::search_cached`]); empty when the engine opens.
    recent: Recent<Key, SearchResponse>,
    /// The weights of the ranking formula: the config's `[ranking]` table.
    weights: config::RankWeights,
}

impl Engine {
    /// Opens the generation `<data_dir>/index/CURRENT` names, with the bureaus and sites of
    /// `config`, and prepares what every search reuses: the editors' rules and their phrases, the
    /// completion list and the analysed bureau names. Do it once per commit, not per search.
    ///
    /// # Errors
    ///
    /// [`Error::NoIndex`] when nothing has been indexed under `data_dir` yet; [`Error::Index`]
    /// when the index cannot be read or was built by another version of firststop.
    pub fn open(data_dir: &std::path::Path, config: &Config) -> Result<Engine, Error> {
        let dir = IndexDir::new(data_dir);
        let open = dir.open_current()?.ok_or_else(|| Error::NoIndex {
            path: dir.root().to_owned(),
        })?;
        Engine::from_open(open, config)
    }

    /// The engine over an index that is already open; [`Engine::open`] without the lookup of
    /// `CURRENT`.
    ///
    /// # Errors
    ///
    /// [`Error::Index`] when tantivy cannot open a reader or read the last commit.
    pub(crate) fn from_open(open: OpenIndex, config: &Config) -> Result<Engine, Error> {
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
        searchindex::analysis::warm_up();
        let sites = config
            .sites
            .iter()
            .flat_map(|s| s.seeds.iter().cloned())
            .collect();
        let mut names = std::collections::HashSet::new();
        for b in &config.bureaus {
            for name in std::iter::once(&b.id).chain(&b.aliases) {
                if !name.contains(' ') {
                    names.insert(searchindex::analysis::fold(name));
                }
            }
        }
        let phrases = crate::phrases::Phrases::of(&payload.rules);
        let held = crate::vocab::held_languages(&searcher, &open.fields);
        let articles = crate::vocab::articles_by_lang(&searcher, &open.fields);
        let notices = editorial::Notices::of(&payload.rules);
        Ok(Engine {
            held,
            articles,
            recent: Recent::new(cache::CAPACITY, cache::TTL),
            notices,
            rules: payload.rules,
            terms: payload.terms,
            reader,
            bureaus: config.bureaus.clone(),
            suggester,
            opstamp,
            open,
            sites,
            names,
            phrases,
            bureau_names: bureau_names(&config.bureaus),
            weights: config.ranking,
        })
    }

    /// The name of the index generation being searched (a directory under `data/index/`).
    pub fn generation(&self) -> &str {
        &self.open.generation
    }

    /// tantivy's opstamp of the commit being searched: it grows with every commit, so two
    /// engines over the same generation tell which one is newer.
    pub fn opstamp(&self) -> u64 {
        self.opstamp
    }

    /// Searchable records in the index: one per article language and crawled page, plus one per
    /// heading section of long ones. More than the number of documents a reader would count.
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The index's fields, as the schema of `searchindex` names them.
    pub fn fields(&self) -> &Fields {
        &self.open.fields
    }

    /// The city's bureaus, as `firststop.toml` lists them.
    pub fn bureaus(&self) -> &[Bureau] {
        &self.bureaus
    }

    /// The bureau `id` as results show it: its id and configured name, or the id as the name
    /// when `firststop.toml` does not know it.
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
            local_name: None,
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

    /// The editors' most-asked topics (`content/topics.toml`), in the file's order, each in `lang`
    /// where translated, else in English. A topic whose article is not published in either is
    /// left out.
    pub fn topics(&self, lang: Lang) -> Vec<ArticleView> {
        let searcher = self.reader.searcher();
        self.rules
            .topics
            .iter()
            .filter_map(|slug| {
                let set = ArticleSet::fetch(&searcher, &self.open.fields, slug);
                set.prefer(lang, Lang::ENGLISH.tag)
                    .map(|d| self.article_view(d))
            })
            .collect()
    }

    /// Article `slug` in language `lang` (a tag such as `es`); `None` unless that version is
    /// published.
    pub fn article(&self, slug: &str, lang: &str) -> Option<ArticleView> {
        let searcher = self.reader.searcher();
        let set = ArticleSet::fetch(&searcher, &self.open.fields, slug);
        set.get(lang).map(|d| self.article_view(d))
    }

    /// Every published language version of article `slug`, in the order of the city's
    /// languages; empty when there is none. One index lookup for all of them.
    pub fn article_versions(&self, slug: &str) -> Vec<ArticleView> {
        let searcher = self.reader.searcher();
        let set = ArticleSet::fetch(&searcher, &self.open.fields, slug);
        set.all().map(|d| self.article_view(d)).collect()
    }

    /// The article a stored `doc` record shows, read exactly as [`Engine::article`] reads a
    /// published one: the editors' preview passes a record the indexer built but did not write.
    pub fn article_view(&self, doc: &TantivyDocument) -> ArticleView {
        let f = &self.open.fields;
        let bureau = text(doc, f.bureau);
        ArticleView {
            url: text(doc, f.url),
            slug: text(doc, f.slug),
            lang: text(doc, f.lang),
            title: text(doc, f.title),
            summary: text(doc, f.summary),
            html: text(doc, f.html),
            actions: json(doc, f.actions),
            updated: date(doc, f.updated),
            translations: json(doc, f.translations),
            phone: self.phone_for(&bureau),
            bureau: self.bureau_ref(&bureau),
        }
    }

    /// Up to `limit` completions of `q`, the question typed so far: article titles and keywords
    /// and bureau names whose folded text starts with it (or has a word that does). See
    /// [`Suggester::complete`].
    pub fn suggest(&self, q: &str, limit: usize) -> Vec<String> {
        self.suggester.complete(q, limit)
    }

    /// [`Engine::search`], answered from the responses to recent requests of this commit when
    /// the same request (every field of it) was searched in the last minute; an explained
    /// request is always searched. The response is the one the search gave, but for `took_ms`:
    /// the time this call took. A new commit is served by a new engine, whose cache starts
    /// empty, so a cached response never outlives the index it came from.
    pub fn search_cached(&self, request: &SearchRequest) -> SearchResponse {
        let started = Instant::now();
        let Some(key) = Key::of(request) else {
            return self.search(request);
        };
        if let Some(mut response) = self.recent.get(&key) {
            response.took_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
            tracing::debug!(took_ms = response.took_ms, "answered from the cache");
            return response;
        }
        let response = self.search(request);
        self.recent.put(key, response.clone());
        response
    }

    /// Runs one search: tells the question's language, plans it, applies the editors' rules,
    /// ranks, chooses the answer card and builds the requested page of results with facets and
    /// notices. Never fails: a question that matches nothing, or an index read that fails midway,
    /// gives a response with fewer or no results.
    pub fn search(&self, request: &SearchRequest) -> SearchResponse {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        // One spelling before anything reads the question: compatibility forms, invisible
        // characters and apostrophes, as the analyzers do for the index.
        let q = normalize(&request.q);
        let evidence = LangEvidence {
            searcher: &searcher,
            fields: &self.open.fields,
            held: &self.held,
        };
        let mut trace = request.explain.then(lang::Trace::default);
        let guess = lang::guess_traced(&q, request.lang, &evidence, trace.as_mut());
        let lang = guess.lang;
        let span = tracing::debug_span!("search", lang = lang.tag, results = tracing::field::Empty);
        let _entered = span.enter();
        let plan = self.plan(&searcher, &q, &guess);

        let question = Question::new(&plan.folded, &plan.folded_content, &q, &self.phrases);
        // Notices are decided on the question as asked and on its spelling correction (every
        // correction, also those not offered as "did you mean").
        let asked: Vec<&str> = std::iter::once(&*q)
            .chain(plan.corrected.as_deref())
            .collect();
        let (emergency, referrals) = editorial::notices(&self.rules, &self.notices, &asked);
        let route = editorial::route(&self.rules, &question);
        let bets = editorial::best_bets(&self.rules, &question, &request.today);

        let filters = Filters {
            bureau: request.bureau.clone(),
            kind: request.kind,
            lang: request.result_lang.map(|l| l.tag.to_owned()),
        };
        let intent = self.bureau_intent(&plan);
        let ranked = rank::rank(
            &searcher,
            &self.open.fields,
            &plan,
            &filters,
            &intent,
            route.map(|r| r.bureau.as_str()),
            &self.weights,
            request.explain,
        );

        // Beside a notice, a card is about the emergency or the need (an article the notice
        // names) or there is none: an agent reads the card aloud. The emergency notice decides
        // when it shows; else every referral shown must name the card.
        let notice_articles = |slug: &str| match emergency {
            Some(n) => n.articles.iter().any(|a| a == slug),
            None => referrals
                .iter()
                .all(|n| n.articles.iter().any(|a| a == slug)),
        };
        let mut card_why = request.explain.then(|| explain::CardExplain {
            decision: String::new(),
            article: None,
            reason: String::new(),
            checks: None,
        });
        let chosen = self
            .choose_answer(
                &searcher,
                &ranked,
                &bets,
                &filters,
                &plan,
                card_why.as_mut(),
            )
            .filter(|c| {
                let keep = notice_articles(&c.card.slug);
                if let (false, Some(why)) = (keep, card_why.as_mut()) {
                    why.decision = "none".to_owned();
                    why.reason = format!(
                        "set aside: a notice is shown ({}) and does not name the article",
                        emergency
                            .iter()
                            .chain(&referrals)
                            .map(|n| n.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                keep
            });
        let mut pinned = self.pinned(
            &searcher,
            &ranked,
            &bets,
            chosen.as_ref().map(|c| &c.card),
            &filters,
            &plan,
        );
        // Under the emergency notice the results lead with the notice's own articles.
        let mut leading = 0;
        if let Some(n) = emergency {
            let lead = self.notice_hits(&searcher, &n.articles, &filters, &plan);
            pinned.retain(|p| !lead.iter().any(|l| l.url == p.url));
            leading = lead.len();
            pinned.splice(0..0, lead);
        }
        if request.explain {
            for (i, hit) in pinned.iter_mut().enumerate() {
                let why = if i < leading {
                    "emergency notice"
                } else if hit.pinned {
                    "best bet"
                } else {
                    "linked from the answer card"
                };
                hit.explain = Some(Box::new(explain::HitExplain {
                    place: i + 1,
                    pinned: Some(why.to_owned()),
                    ranked: None,
                }));
            }
        }
        let listed: Vec<_> = ranked
            .listing(chosen.as_ref().map(|c| c.group.as_str()))
            .into_iter()
            .filter(|g| !pinned.iter().any(|p| group_of(p) == g.key))
            .collect();
        let total = listed.len() + pinned.len();
        let answer_group = chosen.as_ref().map(|c| c.group.as_str());
        let results = self.page_of_results(
            &searcher,
            &ranked,
            &listed,
            pinned,
            &plan,
            (request.offset, request.limit),
            request.explain.then_some(answer_group),
        );
        span.record("results", results.len());

        let notice = |n: &searchindex::rules::Notice| Notice {
            id: n.id.clone(),
            message: n.message_in(lang.tag).to_owned(),
            phone: n.phone.clone(),
            url: n.url.clone(),
        };
        let mut response = SearchResponse {
            query: request.q.clone(),
            lang: lang.tag.to_owned(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            answer: chosen.map(|c| c.card),
            results,
            facets: self.facets(&ranked),
            // Under the emergency notice nothing distracts from it: no "did you mean".
            suggestion: plan.suggestion.clone().filter(|_| emergency.is_none()),
            emergency: emergency.map(notice),
            referrals: referrals.iter().copied().map(notice).collect(),
            routed_to: route.map(|r| self.bureau_ref(&r.bureau)),
            explain: None,
        };
        if let (Some(trace), Some(card)) = (trace, card_why) {
            response.explain = Some(Box::new(explain::QueryExplain {
                lang: explain::lang(&guess, &trace, request.lang),
                words: explain::words(&plan),
                content: plan.content,
                bureaus_named: intent.bureaus.clone(),
                bureau_only: intent.only,
                routed_to: route.map(|r| r.bureau.clone()),
                best_bets: bets
                    .iter()
                    .filter_map(|b| b.article.clone().or_else(|| b.url.clone()))
                    .collect(),
                emergency: emergency.map(|n| n.id.clone()),
                referrals: referrals.iter().map(|n| n.id.clone()).collect(),
                candidates: ranked.candidates.len(),
                groups: ranked.groups.len(),
                card,
                formula: explain::formula(&self.weights),
                weights: self.weights,
            }));
        }
        // The reader's language: the one the request asks for, else the question's.
        response.name_bureaus(request.lang.unwrap_or(lang), &self.bureaus);
        response
    }

    /// The card of the curated article `slug` in `lang` where it is translated, else in its
    /// original language, with its other languages: what a view leads with when it needs an
    /// article's card outside of a search's own choice (the 911 notice's article in the agent
    /// view). `None` when no such article is indexed.
    pub fn article_card(&self, slug: &str, lang: Lang) -> Option<crate::response::Answer> {
        let searcher = self.reader.searcher();
        let set = ArticleSet::fetch(&searcher, &self.open.fields, slug);
        let fallback = set.any().map(|d| text(d, self.open.fields.lang))?;
        self.card(&set, lang, &fallback)
    }

    /// The question planned against this index: word groups with their alternatives. The last
    /// word is completed as a prefix unless the question ends with a space.
    fn plan(&self, searcher: &tantivy::Searcher, q: &str, guess: &lang::Guess) -> Plan {
        let ctx = Context {
            searcher,
            fields: &self.open.fields,
            rules: &self.rules,
            terms: &self.terms,
            names: &self.names,
            phrases: &self.phrases,
            articles: &self.articles,
            bridge: self.weights.bridge,
        };
        plan::plan(&ctx, q, guess, !q.ends_with(char::is_whitespace))
    }

    /// Bureaus the question names (`pbot`, "water bureau"), and whether it names nothing else.
    fn bureau_intent(&self, plan: &Plan) -> rank::Intent {
        let mut bureaus = Vec::new();
        let mut covered = 0;
        for (id, names) in &self.bureau_names {
            let mut best = 0;
            for words in names {
                if !plan::find_all(&plan.folded_content, words).is_empty()
                    || !plan::find_all(&plan.folded, words).is_empty() && words.len() > 1
                {
                    best = best.max(words.len());
                }
            }
            if best > 0 {
                bureaus.push(id.clone());
                covered = covered.max(best);
            }
        }
        let only = !bureaus.is_empty() && covered >= plan.folded_content.len();
        rank::Intent { bureaus, only }
    }
}

/// The key of the result group a hit stands for: its article's, or its page's.
fn group_of(hit: &crate::response::Hit) -> String {
    match &hit.slug {
        Some(slug) => searchindex::record::article_group(slug),
        None => searchindex::record::page_id(&hit.url),
    }
}

/// Each bureau's id, name and aliases as folded words, analysed once when an index is opened:
/// `(id, [words of each name])`. Names under three characters are left out; they are too easily
/// ordinary words.
fn bureau_names(bureaus: &[Bureau]) -> Vec<(String, Vec<Vec<String>>)> {
    bureaus
        .iter()
        .map(|b| {
            let names = std::iter::once(b.id.as_str())
                .chain(std::iter::once(b.name.as_str()))
                .chain(b.aliases.iter().map(String::as_str))
                .filter(|name| name.chars().count() >= 3)
                .map(|name| Analyzer::Folded.terms(name))
                .filter(|words| !words.is_empty())
                .collect();
            (b.id.clone(), names)
        })
        .collect()
}
