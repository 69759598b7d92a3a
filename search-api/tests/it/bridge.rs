//! A question in another language reaches an English-only article through the bilingual term
//! table learned from the city's translated articles, below a same-language article that says
//! the question's words itself.

use engine::SearchResponse;
use engine::plan::Source;

use crate::support::{City, enc, search};

/// Four articles with Spanish translations: two say "árbol" where the English says "tree", two
/// "acera" where it says "sidewalk". They are what the table is learned from.
fn city() -> City {
    let city = City::new();
    let translated = [
        (
            "civic",
            "fallen-tree",
            ("A fallen tree", "Un árbol caído"),
            ("Call us about the tree.", "Llámenos por el árbol."),
        ),
        (
            "civic",
            "tree-pruning",
            ("Tree pruning", "Poda de árbol"),
            (
                "Ask before you prune a tree.",
                "Pregunte antes de podar un árbol.",
            ),
        ),
        (
            "pbot",
            "sidewalk-repair",
            ("Repair the sidewalk", "Reparar la acera"),
            (
                "Owners repair the sidewalk.",
                "Los dueños reparan la acera.",
            ),
        ),
        (
            "pbot",
            "snow-on-sidewalks",
            ("Snow on the sidewalk", "Nieve en la acera"),
            (
                "Clear the sidewalk by noon.",
                "Limpie la acera antes del mediodía.",
            ),
        ),
    ];
    for (bureau, slug, (title_en, title_es), (body_en, body_es)) in translated {
        city.article(
            bureau,
            &format!("{slug}.md"),
            title_en,
            body_en,
            &[],
            &[],
            body_en,
        )
        .article(
            bureau,
            &format!("{slug}.es.md"),
            title_es,
            body_es,
            &[],
            &[],
            body_es,
        );
    }
    // The answer exists only in English.
    city.article(
        "pbot",
        "tree-roots.md",
        "Tree roots lifting the sidewalk",
        "When a street tree's roots lift a sidewalk panel, the owner fixes the panel.",
        &[],
        &[],
        "Roots of a tree can crack and lift a sidewalk.",
    );
    city
}

/// "The tree and the sidewalk", in Spanish.
const QUESTION: &str = "el árbol y la acera";

/// The url of the result the ranking scored highest (the answer card's article is listed last,
/// so the order of the list alone does not say it).
fn best_ranked(r: &SearchResponse) -> &str {
    r.results
        .iter()
        .filter_map(|h| Some((h, h.explain.as_ref()?.ranked.as_ref()?.score)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or("", |(h, _)| h.url.as_str())
}

#[tokio::test]
async fn a_spanish_question_reaches_an_english_only_article_through_the_table() {
    let city = city();
    let app = city.app();
    let r = search(&app, &format!("q={}&debug=1", enc(QUESTION))).await;
    assert_eq!(r.lang, "es");
    assert_eq!(
        best_ranked(&r),
        "/articles/tree-roots",
        "{}",
        engine::render::explanation(&r)
    );
    // The report names the bridged English terms, and the English article matched through them.
    let e = r.explain.as_ref().unwrap();
    for (word, english) in [("árbol", "tree"), ("acera", "sidewalk")] {
        let plan = e.words.iter().find(|w| w.word == word).unwrap();
        assert!(
            plan.alternatives
                .iter()
                .any(|a| a.source == Source::Bridge && a.terms == english && a.analyzer == "en"),
            "{plan:?}"
        );
    }
    let hit = r
        .results
        .iter()
        .find(|h| h.url == "/articles/tree-roots")
        .unwrap();
    let ranked = hit.explain.as_ref().unwrap().ranked.as_ref().unwrap();
    for w in &ranked.words {
        assert_eq!(w.matched, "full", "{w:?}");
        assert!(w.terms.iter().all(|t| t.source == Source::Bridge), "{w:?}");
    }
    // A bridged term weighs less than the word itself.
    let plan = &e.words[0];
    let own = plan
        .alternatives
        .iter()
        .map(|a| a.boost)
        .fold(0.0, f32::max);
    assert!(
        plan.alternatives
            .iter()
            .filter(|a| a.source == Source::Bridge)
            .all(|a| a.boost < own)
    );
}

#[tokio::test]
async fn a_same_language_article_that_says_the_words_still_ranks_first() {
    let city = city();
    city.article(
        "civic",
        "trees-and-sidewalks.md",
        "Trees and sidewalks",
        "Who looks after trees beside the sidewalk.",
        &[],
        &[],
        "The owner looks after a street tree and the sidewalk beside it.",
    )
    .article(
        "civic",
        "trees-and-sidewalks.es.md",
        "Árboles y aceras",
        "Quién cuida los árboles junto a la acera.",
        &[],
        &[],
        "El dueño cuida el árbol de la calle y la acera junto a él.",
    );
    let app = city.app();
    let r = search(&app, &format!("q={}&debug=1", enc(QUESTION))).await;
    assert_eq!(r.lang, "es");
    assert_eq!(
        best_ranked(&r),
        "/es/articles/trees-and-sidewalks",
        "{}",
        engine::render::explanation(&r)
    );
    // The English-only answer is still reachable, below it.
    assert!(crate::support::position(&r, "/articles/tree-roots").is_some());
}

#[tokio::test]
async fn without_translations_there_is_no_bridge() {
    let city = City::new();
    city.article(
        "pbot",
        "tree-roots.md",
        "Tree roots lifting the sidewalk",
        "When a street tree's roots lift a sidewalk panel, the owner fixes the panel.",
        &[],
        &[],
        "Roots of a tree can crack and lift a sidewalk.",
    );
    let app = city.app();
    let r = search(&app, &format!("q={}&lang=es", enc("árbol acera"))).await;
    assert!(r.results.is_empty(), "{:?}", crate::support::urls(&r));
}
