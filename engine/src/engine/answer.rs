//! The answer card and what is pinned above the ranking: an editor's best bet for an article or a
//! confident curated article becomes the card; best bets for URLs and the crawled pages the card's
//! actions link to come first in the results.

use config::Lang;
use config::url_identity::UrlKey;
use searchindex::record::{self, Category, Kind, Record};
use searchindex::rules::BestBet;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{Searcher, TantivyDocument};

use super::Engine;
use super::stored::{self, ArticleSet, json, term, text};
use crate::explain::{CardExplain, CardTests};
use crate::plan::Plan;
use crate::rank::{Filters, Ranked};
use crate::response::{Answer, Hit, Translation};
use crate::snippet;

/// The answer card and the key of the result group it stands for (listed last).
pub(super) struct Chosen {
    pub(super) group: String,
    pub(super) card: Answer,
}

impl Engine {
    /// The answer card: the article of an editor's best bet, else the ranking's confident
    /// article (never when only pages were asked for, nor for a question without content:
    /// [`Plan::content`]). With `why`, records the decision there for the ranking report.
    pub(super) fn choose_answer(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        bets: &[&BestBet],
        filters: &Filters,
        plan: &Plan,
        mut why: Option<&mut CardExplain>,
    ) -> Option<Chosen> {
        if let Some(slug) = bets.iter().find_map(|b| b.article.as_deref()) {
            let set = ArticleSet::fetch(searcher, &self.open.fields, slug);
            if let Some(doc) = set.any() {
                let fallback = text(doc, self.open.fields.lang);
                if let Some(card) = self.card(&set, plan.lang, &fallback) {
                    say(
                        why.as_deref_mut(),
                        "best_bet",
                        Some(slug),
                        "an editors' best bet names the article",
                    );
                    return Some(Chosen {
                        group: record::article_group(slug),
                        card,
                    });
                }
            }
        }
        if filters.kind == Some(Kind::Page) {
            say(
                why.as_deref_mut(),
                "none",
                None,
                "only pages were asked for (kind=page)",
            );
            return None;
        }
        if !plan.content {
            say(
                why.as_deref_mut(),
                "none",
                None,
                "the question has no content word: only filler or words in 30% or more of the articles",
            );
            return None;
        }
        let check = ranked.card_check(plan, why.is_some());
        if let Some(w) = why.as_deref_mut() {
            w.checks = check.as_ref().and_then(CardTests::of);
        }
        let Some(check) = check else {
            say(
                why.as_deref_mut(),
                "none",
                None,
                "no article among the results",
            );
            return None;
        };
        let group = &ranked.groups[check.group];
        let slug = group.key.strip_prefix("article:");
        if !check.passes() {
            if let Some(w) = why {
                let failed = w.checks.as_ref().map(|t| t.failed().join("; "));
                let reason = format!("its best article fails: {}", failed.unwrap_or_default());
                say(Some(w), "none", slug, &reason);
            }
            return None;
        }
        let best = stored::load(searcher, ranked.address(group.best))?;
        let f = &self.open.fields;
        let set = ArticleSet::fetch(searcher, f, &text(&best, f.slug));
        // In the question's language when translated, else in the language that matched.
        let card = self.card(&set, plan.lang, &text(&best, f.lang))?;
        say(
            why,
            "ranking",
            slug,
            "the ranking's best article passes every card test",
        );
        Some(Chosen {
            group: group.key.clone(),
            card,
        })
    }

    /// The card of an article in `lang`, else in `fallback`, with its other languages.
    pub(super) fn card(&self, set: &ArticleSet, lang: Lang, fallback: &str) -> Option<Answer> {
        let f = &self.open.fields;
        let doc = set.prefer(lang, fallback)?;
        let bureau = text(doc, f.bureau);
        let own = text(doc, f.lang);
        Some(Answer {
            title: text(doc, f.title),
            summary: text(doc, f.summary),
            url: text(doc, f.url),
            actions: json(doc, f.actions),
            phone: self.phone_for(&bureau),
            bureau: self.bureau_ref(&bureau),
            slug: text(doc, f.slug),
            translations: set
                .all()
                .filter(|d| text(d, f.lang) != own)
                .map(|d| Translation {
                    lang: text(d, f.lang),
                    url: text(d, f.url),
                    title: text(d, f.title),
                    summary: text(d, f.summary),
                })
                .collect(),
            lang: own,
        })
    }

    /// What comes before the ranking: best bets for URLs, then the crawled pages the answer
    /// card's actions link to, best matching first. Nothing is pinned when only articles were
    /// asked for.
    pub(super) fn pinned(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        bets: &[&BestBet],
        answer: Option<&Answer>,
        filters: &Filters,
        plan: &Plan,
    ) -> Vec<Hit> {
        if filters.kind == Some(Kind::Article) {
            return Vec::new();
        }
        let mut pinned: Vec<Hit> = bets
            .iter()
            .filter_map(|bet| bet.url.as_deref().map(|url| (*bet, url)))
            .map(|(bet, url)| self.best_bet_hit(searcher, bet, url, plan.lang))
            .collect();
        let Some(card) = answer else {
            return pinned;
        };
        let mut linked = self.linked_pages(searcher, card, plan, filters);
        let position = |url: &str| {
            ranked
                .groups
                .iter()
                .position(|g| g.key == record::page_id(url))
                .unwrap_or(usize::MAX)
        };
        // Home and contact pages are the fallback, not the page to act on: they are ranked like
        // any other result rather than pinned.
        let generic = |h: &Hit| {
            h.category == Category::Home
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
        pinned
    }

    /// The articles `slugs` (a notice's) as pinned results, each in the question's language where
    /// translated, else in English, else in any language it has; an article the filters rule
    /// out, or that is not published, is left out. None when only pages were asked for.
    pub(super) fn notice_hits(
        &self,
        searcher: &Searcher,
        slugs: &[String],
        filters: &Filters,
        plan: &Plan,
    ) -> Vec<Hit> {
        if filters.kind == Some(Kind::Page) {
            return Vec::new();
        }
        let f = &self.open.fields;
        slugs
            .iter()
            .filter_map(|slug| {
                let set = ArticleSet::fetch(searcher, f, slug);
                let doc = set
                    .prefer(plan.lang, Lang::ENGLISH.tag)
                    .or_else(|| set.any())?;
                let fits = filters
                    .bureau
                    .as_ref()
                    .is_none_or(|b| text(doc, f.bureau) == *b)
                    && filters
                        .lang
                        .as_ref()
                        .is_none_or(|l| text(doc, f.lang) == *l);
                fits.then(|| Hit {
                    pinned: true,
                    ..self.page_hit(doc, doc, plan)
                })
            })
            .collect()
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
        filters: &Filters,
    ) -> Vec<TantivyDocument> {
        let f = &self.open.fields;
        let Ok(parsed) = url::Url::parse(link) else {
            return Vec::new();
        };
        if !matches!(parsed.scheme(), "http" | "https") {
            return Vec::new();
        }
        let target: Box<dyn Query> = if self.is_crawled(&parsed) {
            let Some(key) = UrlKey::from_url(&parsed) else {
                return Vec::new();
            };
            // The page is stored under its key, with or without the trailing slash the link had.
            let loose = key.loose();
            let mut spellings = vec![key.as_str().to_owned(), loose.clone()];
            if !loose.contains('?') {
                spellings.push(format!("{loose}/"));
            }
            Box::new(BooleanQuery::new(
                spellings
                    .iter()
                    .map(|u| (Occur::Should, term(f.url, u)))
                    .collect(),
            ))
        } else {
            match record::url_path(link) {
                Some(path) if path != "/" => term(f.path, &path),
                _ => return Vec::new(),
            }
        };
        let mut clauses = vec![
            (Occur::Must, target),
            (Occur::MustNot, term(f.record, Record::Section.as_str())),
            (Occur::Must, term(f.kind, Kind::Page.as_str())),
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
                &TopDocs::with_limit(2).order_by_score(),
            )
            .unwrap_or_default();
        found
            .into_iter()
            .filter_map(|(_, a)| stored::load(searcher, a))
            .collect()
    }

    /// Crawled pages the answer card's actions link to: the pages people act on.
    fn linked_pages(
        &self,
        searcher: &Searcher,
        card: &Answer,
        plan: &Plan,
        filters: &Filters,
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

    /// An editor's best bet for `url`, pinned: the crawled page at that address when there is
    /// one, else the bet's own title and summary.
    fn best_bet_hit(&self, searcher: &Searcher, bet: &BestBet, url: &str, lang: Lang) -> Hit {
        if let Some(doc) = self
            .crawled_pages_at(searcher, url, &Filters::default())
            .into_iter()
            .next()
        {
            return Hit {
                pinned: true,
                ..self.page_hit(&doc, &doc, &Plan::empty(lang))
            };
        }
        Hit {
            title: bet.title.clone().unwrap_or_else(|| url.to_owned()),
            snippet: snippet::escape(bet.summary.as_deref().unwrap_or_default()),
            bureau: self.bureau_ref("311"),
            lang: "en".to_owned(),
            kind: Kind::Page,
            actions: Vec::new(),
            updated: None,
            category: Category::Service,
            section: None,
            pinned: true,
            slug: None,
            url: url.to_owned(),
            explain: None,
        }
    }
}

/// Records an answer card decision in `why`, when the search is explained.
fn say(why: Option<&mut CardExplain>, decision: &str, article: Option<&str>, reason: &str) {
    if let Some(w) = why {
        w.decision = decision.to_owned();
        w.article = article.map(str::to_owned);
        w.reason = reason.to_owned();
    }
}
