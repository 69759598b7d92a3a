//! Reading stored records into what people see: an article in the reader's language, the answer
//! card, result hits with their snippets, the pages an answer links to, and best bets.

use config::Lang;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::{ArticleView, Engine, date, json, text};
use crate::plan::Plan;
use crate::rank::{self, Ranked};
use crate::response::{Answer, Hit};
use crate::snippet;

impl Engine {
    pub(super) fn stored(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Option<TantivyDocument> {
        searcher.doc(address).ok()
    }

    /// The record of article `slug` in `lang`, if published.
    pub(super) fn article_record(
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
    pub(super) fn article_in_lang(
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

    pub(super) fn answer_for(
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
    pub(super) fn answer_for_slug(
        &self,
        searcher: &Searcher,
        slug: &str,
        lang: Lang,
    ) -> Option<Answer> {
        let doc = self.any_language(searcher, slug)?;
        self.card(searcher, doc, lang)
    }

    /// Article `slug` in English, else in the first language it exists in.
    pub(super) fn any_language(&self, searcher: &Searcher, slug: &str) -> Option<TantivyDocument> {
        self.article_record(searcher, slug, "en").or_else(|| {
            config::LANGS
                .iter()
                .find_map(|l| self.article_record(searcher, slug, l.tag))
        })
    }

    pub(super) fn card(
        &self,
        searcher: &Searcher,
        doc: TantivyDocument,
        lang: Lang,
    ) -> Option<Answer> {
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

    pub(super) fn hit_for(
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
    pub(super) fn page_hit(
        &self,
        doc: &TantivyDocument,
        matched: &TantivyDocument,
        plan: &Plan,
    ) -> Hit {
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
    pub(super) fn is_crawled(&self, url: &url::Url) -> bool {
        self.sites.iter().any(|s| config::same_origin(s, url))
    }

    /// Crawled pages at `link`: by URL, or by path when the link's host is not crawled itself
    /// (the crawl is of a mirror or staging copy of that site). At most two.
    pub(super) fn crawled_pages_at(
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
    pub(super) fn linked_pages(
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

    pub(super) fn best_bet_hit(
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
