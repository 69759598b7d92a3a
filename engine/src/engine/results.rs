//! The results list: the requested page of pinned hits and ranked groups, each read from its
//! stored record with a snippet cut from the passage that matched.

use std::collections::BTreeMap;

use config::Lang;
use searchindex::record::{Category, Kind, Record};
use tantivy::{Searcher, TantivyDocument};

use super::Engine;
use super::stored::{self, ArticleSet, date, json, text};
use crate::plan::Plan;
use crate::rank::{self, GroupHit, Ranked};
use crate::response::{FacetCount, Facets, Hit};
use crate::snippet;

impl Engine {
    /// The page `offset..offset + limit` of the results: pinned hits first, then the ranked
    /// groups (a group whose page is already pinned is not shown twice). With `explain` (the
    /// answer card's group key, if any), each ranked result carries its ranking report.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn page_of_results(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        listed: &[&GroupHit],
        pinned: Vec<Hit>,
        plan: &Plan,
        (offset, limit): (usize, usize),
        explain: Option<Option<&str>>,
    ) -> Vec<Hit> {
        let mut results: Vec<Hit> = pinned.iter().skip(offset).take(limit).cloned().collect();
        let mut position = pinned.len();
        for g in listed {
            if results.len() >= limit {
                break;
            }
            position += 1;
            if position <= offset {
                continue;
            }
            if let Some(mut hit) = self.hit_for(searcher, ranked, g, plan)
                && !pinned.iter().any(|p| p.url == hit.url)
            {
                if let Some(answer) = explain {
                    let scored = ranked.address(g.scored);
                    let terms = rank::term_matches(searcher, &self.open.fields, plan, scored);
                    hit.explain = Some(Box::new(crate::explain::HitExplain {
                        place: position,
                        pinned: None,
                        ranked: Some(crate::explain::ranked(
                            ranked,
                            g,
                            plan,
                            terms,
                            answer,
                            &self.weights,
                        )),
                    }));
                }
                results.push(hit);
            }
        }
        results
    }

    /// The result for a ranked group: an article in the question's language where translated
    /// (its snippet from the record that matched), or a page linked to its matching section.
    fn hit_for(
        &self,
        searcher: &Searcher,
        ranked: &Ranked,
        group: &GroupHit,
        plan: &Plan,
    ) -> Option<Hit> {
        let f = &self.open.fields;
        let best = stored::load(searcher, ranked.address(group.best))?;
        // The passage that matched shows and links, when a section matched as well as the page.
        let best = match group.passage {
            Some(p) if p != group.best => stored::load(searcher, ranked.address(p)).unwrap_or(best),
            _ => best,
        };
        if Kind::parse(&text(&best, f.kind)) != Kind::Article {
            return Some(self.page_hit(&best, &best, plan));
        }
        let set = ArticleSet::fetch(searcher, f, &text(&best, f.slug));
        let doc = set.prefer(plan.lang, &text(&best, f.lang)).unwrap_or(&best);
        Some(self.page_hit(doc, &best, plan))
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
        let kind = Kind::parse(&text(doc, f.kind));
        let doc_lang = text(doc, f.lang);
        let is_section = Record::parse(&text(matched, f.record)) == Record::Section;
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
        if section.is_some() && !anchor.is_empty() && kind == Kind::Page {
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
            category: Category::parse(&text(doc, f.category)),
            section: if kind == Kind::Page { section } else { None },
            pinned: false,
            slug: (kind == Kind::Article).then(|| text(doc, f.slug)),
            kind,
            explain: None,
        }
    }

    /// Result counts by bureau, language and kind over every group of `ranked` (the answer card's
    /// included), each sorted by count, largest first, then by id; bureaus with their configured
    /// names.
    pub(super) fn facets(&self, ranked: &Ranked) -> Facets {
        let bureau_name = |id: &str| self.bureau_ref(id).name;
        let mut bureau: BTreeMap<&str, usize> = BTreeMap::new();
        let mut lang: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kind: BTreeMap<&str, usize> = BTreeMap::new();
        for g in &ranked.groups {
            let c = &ranked.candidates[g.best];
            *bureau.entry(&c.bureau).or_default() += 1;
            *lang.entry(&c.lang).or_default() += 1;
            *kind.entry(c.kind.as_str()).or_default() += 1;
        }
        let sorted = |map: BTreeMap<&str, usize>, named: bool| {
            let mut v: Vec<FacetCount> = map
                .into_iter()
                .map(|(id, count)| FacetCount {
                    id: id.to_owned(),
                    name: named.then(|| bureau_name(id)),
                    local_name: None,
                    count,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
            v
        };
        Facets {
            bureau: sorted(bureau, true),
            lang: sorted(lang, false),
            kind: sorted(kind, false),
        }
    }
}
