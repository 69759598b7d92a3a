//! The search engine over one opened index: plans the question, retrieves candidates with
//! tantivy, ranks them with the signals a plain-language question needs, and builds the response.

use std::time::Instant;

use config::{Bureau, Config, Lang};
use indexer::rules::Rules;
use indexer::{Fields, IndexDir, OpenIndex};
use serde::Deserialize;
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::editorial::{self, Question};
use crate::plan::{self, Context, Plan};
use crate::rank::{self, Filters, Ranked};
use crate::response::{Action, Answer, BureauRef, Hit, Notice, SearchResponse};
use crate::snippet;
use crate::suggest::Suggester;
use crate::{Error, lang};

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

    fn stored(&self, searcher: &Searcher, address: DocAddress) -> Option<TantivyDocument> {
        searcher.doc(address).ok()
    }

    /// The record of article `slug` in `lang`, if published.
    fn article_record(
        &self,
        searcher: &Searcher,
        slug: &str,
        lang: &str,
    ) -> Option<TantivyDocument> {
        let id = indexer::document::article_id(slug, lang);
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.open.fields.id, &id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let top = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .ok()?;
        top.first().and_then(|(_, a)| self.stored(searcher, *a))
    }

    /// An article for the article page: `slug` in `lang`.
    pub fn article(&self, slug: &str, lang: &str) -> Option<ArticleView> {
        let searcher = self.reader.searcher();
        let doc = self.article_record(&searcher, slug, lang)?;
        let f = &self.open.fields;
        let bureau = text(&doc, f.bureau);
        Some(ArticleView {
            url: text(&doc, f.url),
            slug: slug.to_owned(),
            lang: text(&doc, f.lang),
            title: text(&doc, f.title),
            summary: text(&doc, f.summary),
            html: text(&doc, f.html),
            actions: json(&doc, f.actions),
            updated: date(&doc, f.updated),
            translations: json(&doc, f.translations),
            phone: self.phone_for(&bureau),
            bureau: self.bureau_ref(&bureau),
        })
    }

    /// The article record to show for a group: in the question's language if it exists.
    fn article_in_lang(
        &self,
        searcher: &Searcher,
        doc: TantivyDocument,
        lang: Lang,
    ) -> TantivyDocument {
        let f = &self.open.fields;
        if text(&doc, f.lang) == lang.tag {
            return doc;
        }
        let translations: Vec<String> = json(&doc, f.translations);
        if translations.iter().any(|t| t == lang.tag)
            && let Some(translated) = self.article_record(searcher, &text(&doc, f.slug), lang.tag)
        {
            return translated;
        }
        doc
    }

    fn answer_for(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        group: &rank::GroupHit,
        plan: &Plan,
    ) -> Option<Answer> {
        let f = &self.open.fields;
        let doc = self.stored(searcher, ranked.address(group.best))?;
        let slug = text(&doc, f.slug);
        let doc = self
            .article_record(searcher, &slug, &text(&doc, f.lang))
            .unwrap_or(doc);
        self.card(searcher, doc, plan.lang)
    }

    /// The answer card of article `slug`, in `lang` when translated.
    fn answer_for_slug(&self, searcher: &Searcher, slug: &str, lang: Lang) -> Option<Answer> {
        let doc = self.any_language(searcher, slug)?;
        self.card(searcher, doc, lang)
    }

    /// Article `slug` in English, else in the first language it exists in.
    fn any_language(&self, searcher: &Searcher, slug: &str) -> Option<TantivyDocument> {
        self.article_record(searcher, slug, "en").or_else(|| {
            config::LANGS
                .iter()
                .find_map(|l| self.article_record(searcher, slug, l.tag))
        })
    }

    fn card(&self, searcher: &Searcher, doc: TantivyDocument, lang: Lang) -> Option<Answer> {
        let f = &self.open.fields;
        let slug = text(&doc, f.slug);
        let doc = self.article_in_lang(searcher, doc, lang);
        let bureau = text(&doc, f.bureau);
        Some(Answer {
            title: text(&doc, f.title),
            summary: text(&doc, f.summary),
            url: text(&doc, f.url),
            lang: text(&doc, f.lang),
            actions: json(&doc, f.actions),
            phone: self.phone_for(&bureau),
            bureau: self.bureau_ref(&bureau),
            slug,
        })
    }

    fn hit_for(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        group: &rank::GroupHit,
        plan: &Plan,
    ) -> Option<Hit> {
        let f = &self.open.fields;
        let best = self.stored(searcher, ranked.address(group.best))?;
        // The passage that matched shows and links, when a section matched as well as the page.
        let best = match group.passage {
            Some(p) if p != group.best => self.stored(searcher, ranked.address(p)).unwrap_or(best),
            _ => best,
        };
        if text(&best, f.kind) != "article" {
            return Some(self.page_hit(&best, &best, plan));
        }
        let slug = text(&best, f.slug);
        let doc = self
            .article_record(searcher, &slug, &text(&best, f.lang))
            .unwrap_or(best.clone());
        let doc = self.article_in_lang(searcher, doc, plan.lang);
        Some(self.page_hit(&doc, &best, plan))
    }

    /// A result for `doc`, its snippet cut from `matched` (the record that matched best: the
    /// document itself or one of its sections).
    fn page_hit(&self, doc: &TantivyDocument, matched: &TantivyDocument, plan: &Plan) -> Hit {
        let f = &self.open.fields;
        let kind = text(doc, f.kind);
        let doc_lang = text(doc, f.lang);
        let is_section = text(matched, f.record) == "section";
        let section = is_section
            .then(|| text(matched, f.heading))
            .filter(|h| !h.is_empty());
        let matched_text = text(matched, f.body);
        let snippet_source = if text(matched, f.lang) == doc_lang && !matched_text.is_empty() {
            matched_text
        } else {
            format!("{}\n{}", text(doc, f.summary), text(doc, f.body))
        };
        let snippet = snippet::make(
            plan,
            Lang::by_tag(&doc_lang),
            &text(doc, f.summary),
            &snippet_source,
        );
        let anchor = text(matched, f.anchor);
        let mut url = text(doc, f.url);
        if section.is_some() && !anchor.is_empty() && kind == "page" {
            url = format!("{url}#{anchor}");
        }
        let bureau = text(doc, f.bureau);
        Hit {
            url,
            title: text(doc, f.title),
            snippet,
            bureau: self.bureau_ref(&bureau),
            lang: doc_lang,
            actions: json(doc, f.actions),
            updated: date(doc, f.updated),
            category: text(doc, f.category),
            section: if kind == "page" { section } else { None },
            pinned: false,
            slug: (kind == "article").then(|| text(doc, f.slug)),
            kind,
        }
    }

    /// Whether `url` is on one of the crawled sites.
    fn is_crawled(&self, url: &url::Url) -> bool {
        self.sites.iter().any(|s| config::same_origin(s, url))
    }

    /// Crawled pages at `link`: by URL, or by path when the link's host is not crawled itself
    /// (the crawl is of a mirror or staging copy of that site). At most two.
    fn crawled_pages_at(
        &self,
        searcher: &Searcher,
        link: &str,
        filters: &rank::Filters,
    ) -> Vec<TantivyDocument> {
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        use tantivy::schema::IndexRecordOption;
        let f = &self.open.fields;
        let Ok(parsed) = url::Url::parse(link) else {
            return Vec::new();
        };
        if !matches!(parsed.scheme(), "http" | "https") {
            return Vec::new();
        }
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let target: Box<dyn Query> = if self.is_crawled(&parsed) {
            let bare = link.trim_end_matches('/');
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(f.url, bare)),
                (Occur::Should, term(f.url, &format!("{bare}/"))),
            ]))
        } else {
            match indexer::document::url_path(link) {
                Some(path) if path != "/" => term(f.path, &path),
                _ => return Vec::new(),
            }
        };
        let mut clauses = vec![
            (Occur::Must, target),
            (Occur::MustNot, term(f.record, "section")),
            (Occur::Must, term(f.kind, "page")),
        ];
        if let Some(b) = &filters.bureau {
            clauses.push((Occur::Must, term(f.bureau, b)));
        }
        if let Some(l) = &filters.lang {
            clauses.push((Occur::Must, term(f.lang, l)));
        }
        let found = searcher
            .search(
                &BooleanQuery::new(clauses),
                &tantivy::collector::TopDocs::with_limit(2).order_by_score(),
            )
            .unwrap_or_default();
        found
            .into_iter()
            .filter_map(|(_, a)| self.stored(searcher, a))
            .collect()
    }

    /// Crawled pages the answer card's actions link to: the pages people act on.
    fn linked_pages(
        &self,
        searcher: &Searcher,
        card: &Answer,
        plan: &Plan,
        filters: &rank::Filters,
    ) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for action in &card.actions {
            for doc in self.crawled_pages_at(searcher, &action.url, filters) {
                let hit = self.page_hit(&doc, &doc, plan);
                if !hits.iter().any(|h| h.url == hit.url) {
                    hits.push(hit);
                }
            }
        }
        hits
    }

    fn best_bet_hit(
        &self,
        searcher: &Searcher,
        bet: &indexer::rules::BestBet,
        lang: Lang,
    ) -> Option<Hit> {
        let f = &self.open.fields;
        if let Some(slug) = &bet.article {
            let doc = self.any_language(searcher, slug)?;
            let doc = self.article_in_lang(searcher, doc, lang);
            let bureau = text(&doc, f.bureau);
            return Some(Hit {
                url: text(&doc, f.url),
                title: text(&doc, f.title),
                snippet: snippet::escape(&text(&doc, f.summary)),
                bureau: self.bureau_ref(&bureau),
                lang: text(&doc, f.lang),
                kind: "article".to_owned(),
                actions: json(&doc, f.actions),
                updated: date(&doc, f.updated),
                category: "article".to_owned(),
                section: None,
                pinned: true,
                slug: Some(slug.clone()),
            });
        }
        let url = bet.url.clone()?;
        if let Some(doc) = self
            .crawled_pages_at(searcher, &url, &rank::Filters::default())
            .into_iter()
            .next()
        {
            let plan = Plan {
                lang,
                groups: Vec::new(),
                suggestion: None,
                highlight: Default::default(),
                folded: Vec::new(),
                folded_content: Vec::new(),
            };
            return Some(Hit {
                pinned: true,
                ..self.page_hit(&doc, &doc, &plan)
            });
        }
        Some(Hit {
            title: bet.title.clone().unwrap_or_else(|| url.clone()),
            snippet: snippet::escape(bet.summary.as_deref().unwrap_or_default()),
            bureau: self.bureau_ref("311"),
            lang: "en".to_owned(),
            kind: "page".to_owned(),
            actions: Vec::new(),
            updated: None,
            category: "service".to_owned(),
            section: None,
            pinned: true,
            slug: None,
            url,
        })
    }
}

pub(crate) fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn json<T: for<'de> Deserialize<'de> + Default>(
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

fn date(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    let d = doc.get_first(field)?.as_datetime()?;
    let t = time::OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        t.year(),
        u8::from(t.month()),
        t.day()
    ))
}
