//! Building and updating the index: merging, sections, incremental updates, generations, lock.

use std::path::Path;

use config::Config;
use indexer::{IndexOptions, build};
use pagestore::{Page, PageSection, PageState, PageStore};
use searchindex::IndexDir;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

const CONFIG: &str = r#"
[[bureaus]]
id = "311"
name = "PDX 311"
[[bureaus]]
id = "pbot"
name = "Portland Bureau of Transportation"
[[sites]]
seeds = ["https://city.example/"]
bureau = "311"
sections = { "/transportation" = "pbot" }
[[sites]]
seeds = ["https://mirror.example/"]
bureau = "311"
"#;

struct City {
    dir: tempfile::TempDir,
}

impl City {
    fn new() -> City {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/pbot")).unwrap();
        City { dir }
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    fn config(&self) -> Config {
        Config::parse(CONFIG, Path::new("firststop.toml")).unwrap()
    }

    fn page(&self, url: &str, title: &str, text: &str) -> Page {
        let mut p = Page::new(url, "pbot", 1);
        p.lang = Some("en".into());
        p.title = title.into();
        p.text = text.into();
        p.content_hash = Some(format!("{:x}", text.len() * 31 + title.len()));
        p
    }

    fn put(&self, page: &Page) {
        PageStore::open(&self.data()).unwrap().put(page).unwrap();
    }

    fn article(&self, slug: &str, action: &str) {
        let text = format!(
            "+++\ntitle = \"Report a pothole\"\nsummary = \"Report potholes online.\"\nbureau = \"pbot\"\nactions = [{{ label = \"Report\", url = \"{action}\" }}]\n+++\nPotholes are fixed by the transportation bureau.\n\n## What to do\n\nReport it online.\n"
        );
        std::fs::write(
            self.dir.path().join(format!("content/pbot/{slug}.md")),
            text,
        )
        .unwrap();
    }

    fn index(&self) -> indexer::IndexReport {
        build::run(
            &self.config(),
            &self.data(),
            &self.dir.path().join("content"),
            &IndexOptions::default(),
        )
        .unwrap()
    }

    /// Stored values of `field` for records whose `record` field is `kind`, matching `id_prefix`.
    fn records(&self) -> Vec<(String, String, String)> {
        let open = IndexDir::new(&self.data()).open_current().unwrap().unwrap();
        let searcher = open.index.reader().unwrap().searcher();
        let f = &open.fields;
        let all = searcher
            .search(
                &tantivy::query::AllQuery,
                &TopDocs::with_limit(1000).order_by_score(),
            )
            .unwrap();
        let mut out: Vec<(String, String, String)> = all
            .into_iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).unwrap();
                let s = |field| {
                    d.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                (s(f.id), s(f.group), s(f.record))
            })
            .collect();
        out.sort();
        out
    }

    fn count(&self, word: &str) -> usize {
        let open = IndexDir::new(&self.data()).open_current().unwrap().unwrap();
        let searcher = open.index.reader().unwrap().searcher();
        let field = open.fields.text(
            searchindex::TextField::Body,
            searchindex::analysis::Analyzer::Exact,
        );
        searcher
            .search(
                &TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::Basic),
                &Count,
            )
            .unwrap()
    }
}

#[test]
fn an_article_stands_for_the_page_it_links_to() {
    let city = City::new();
    city.put(&city.page(
        "https://city.example/transportation/report-a-pothole",
        "Report a Pothole",
        "Use this form.",
    ));
    city.article(
        "report-pothole",
        "https://city.example/transportation/report-a-pothole/",
    );
    city.index();
    let records = city.records();
    let page = records
        .iter()
        .find(|r| r.0 == "page:https://city.example/transportation/report-a-pothole")
        .unwrap();
    assert_eq!(
        page.1, "article:report-pothole",
        "the page is grouped under the article"
    );
    assert_eq!(page.2, "covered");
}

#[test]
fn duplicate_pages_appear_once_under_the_canonical_url() {
    let city = City::new();
    let mut a = city.page(
        "https://city.example/transportation/potholes",
        "Potholes",
        "Same words on two hosts.",
    );
    let mut b = city.page(
        "https://mirror.example/transportation/potholes?from=old",
        "Potholes",
        "Same words on two hosts.",
    );
    a.content_hash = Some("same".into());
    b.content_hash = Some("same".into());
    b.canonical = Some("https://city.example/transportation/potholes".into());
    city.put(&a);
    city.put(&b);
    let report = city.index();
    assert_eq!(report.merged_pages, 1);
    let ids: Vec<String> = city.records().into_iter().map(|r| r.0).collect();
    assert!(
        ids.contains(&"page:https://city.example/transportation/potholes".to_owned()),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|id| id.contains("mirror.example")),
        "{ids:?}"
    );
}

#[test]
fn long_pages_and_articles_yield_section_records() {
    let city = City::new();
    let mut long = city.page(
        "https://city.example/transportation/guide",
        "Parking guide",
        &"words about parking. ".repeat(60),
    );
    long.sections = vec![
        PageSection { level: 2, heading: "Meters".into(), anchor: Some("meters".into()), text: "Meters take cards and coins, and the pay stations on every block print a receipt.".into() },
        PageSection { level: 2, heading: "Towing".into(), anchor: None, text: "If your car was towed, call the towing line to find the yard and get your car back.".into() },
    ];
    city.put(&long);
    city.put(&city.page(
        "https://city.example/transportation/short",
        "Short",
        "A short page.",
    ));
    city.article("report-pothole", "https://elsewhere.example/x");
    city.index();
    let records = city.records();
    let sections: Vec<&str> = records
        .iter()
        .filter(|r| r.2 == "section")
        .map(|r| r.0.as_str())
        .collect();
    assert!(
        sections.contains(&"page:https://city.example/transportation/guide#meters"),
        "{sections:?}"
    );
    assert!(
        sections.contains(&"page:https://city.example/transportation/guide#towing"),
        "{sections:?}"
    );
    assert!(
        sections.contains(&"article:report-pothole:en#what-to-do"),
        "{sections:?}"
    );
    assert!(
        !sections.iter().any(|s| s.contains("/short#")),
        "short pages are one record"
    );
}

#[test]
fn an_update_applies_one_changed_and_one_gone_page_in_place() {
    let city = City::new();
    city.put(&city.page(
        "https://city.example/transportation/a",
        "Alpha",
        "The aardvark crossing.",
    ));
    city.put(&city.page(
        "https://city.example/transportation/b",
        "Beta",
        "The badger crossing.",
    ));
    city.put(&city.page(
        "https://city.example/transportation/c",
        "Gamma",
        "The coyote crossing.",
    ));
    let first = city.index();
    assert!(first.full);

    city.put(&city.page(
        "https://city.example/transportation/a",
        "Alpha",
        "The armadillo crossing.",
    ));
    let mut gone = city.page(
        "https://city.example/transportation/b",
        "Beta",
        "The badger crossing.",
    );
    gone.state = PageState::Gone;
    city.put(&gone);
    let second = city.index();
    assert!(!second.full, "an update, not a rebuild");
    assert_eq!(second.generation, first.generation);
    let key = ("page".to_owned(), "en".to_owned());
    assert_eq!(second.updated.get(&key), Some(&1));
    assert_eq!(second.deleted.get(&key), Some(&1));
    assert_eq!(second.added.get(&key), None);
    assert_eq!(
        (
            city.count("aardvark"),
            city.count("armadillo"),
            city.count("badger"),
            city.count("coyote")
        ),
        (0, 1, 0, 1)
    );

    let third = city.index();
    assert!(!third.changed(), "nothing changed, nothing written");
}

#[test]
fn a_rebuild_writes_a_new_generation_and_switches_to_it() {
    let city = City::new();
    city.put(&city.page(
        "https://city.example/transportation/a",
        "Alpha",
        "The aardvark crossing.",
    ));
    let first = city.index();
    let rebuilt = build::run(
        &city.config(),
        &city.data(),
        &city.dir.path().join("content"),
        &IndexOptions {
            rebuild: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(rebuilt.full);
    assert_ne!(rebuilt.generation, first.generation);
    assert_eq!(
        IndexDir::new(&city.data()).current_generation().as_deref(),
        Some(rebuilt.generation.as_str())
    );
    assert_eq!(city.count("aardvark"), 1);
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let city = City::new();
    let dir = IndexDir::new(&city.data());
    let _held = dir.lock().unwrap();
    let err = build::run(
        &city.config(),
        &city.data(),
        &city.dir.path().join("content"),
        &IndexOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("another `firststop index` is writing this index"),
        "{err}"
    );
}

#[test]
fn an_index_from_another_schema_is_rebuilt_not_misread() {
    let city = City::new();
    city.put(&city.page(
        "https://city.example/transportation/a",
        "Alpha",
        "The aardvark crossing.",
    ));
    city.index();
    // An index written by some other version: a different schema in the current generation.
    let dir = IndexDir::new(&city.data());
    let generation = dir.current_generation().unwrap();
    let path = city.data().join("index").join(&generation);
    std::fs::remove_dir_all(&path).unwrap();
    std::fs::create_dir_all(&path).unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&path, schema.build()).unwrap();
    assert!(matches!(
        dir.open_current(),
        Err(searchindex::Error::Incompatible { .. })
    ));
    let report = city.index();
    assert!(report.full);
    assert_eq!(city.count("aardvark"), 1);
}

/// 23 pages, a duplicate pair split across batches: built 4 pages at a time, the index must
/// hold what one pass over all pages would give, and an update must apply only what changed.
#[test]
fn pages_are_read_in_bounded_batches_with_the_same_result() {
    let city = City::new();
    let build_with = |batch: usize, rebuild: bool| {
        build::run(
            &city.config(),
            &city.data(),
            &city.dir.path().join("content"),
            &IndexOptions {
                rebuild,
                page_batch: Some(batch),
                ..Default::default()
            },
        )
        .unwrap()
    };
    for i in 0..21 {
        let mut p = city.page(
            &format!("https://city.example/transportation/p{i:02}"),
            &format!("Page {i}"),
            &format!("Words of page number {i} about streets."),
        );
        p.content_hash = Some(format!("page-{i}"));
        city.put(&p);
    }
    // The same content at the first and the last URL, in different batches: the one the other
    // names as canonical stands for both.
    let mut first = city.page("https://city.example/a-first", "Twin", "Twin text.");
    let mut last = city.page("https://city.example/z-last", "Twin", "Twin text.");
    first.canonical = Some("https://city.example/z-last".into());
    last.canonical = None;
    city.put(&first);
    city.put(&last);

    let batched = build_with(4, true);
    assert_eq!(batched.page_batches, 23usize.div_ceil(4));
    assert_eq!(batched.merged_pages, 1);
    let by_batch = city.records();
    assert!(
        by_batch
            .iter()
            .any(|r| r.0 == "page:https://city.example/z-last")
    );
    assert!(
        !by_batch
            .iter()
            .any(|r| r.0 == "page:https://city.example/a-first")
    );
    let whole = build_with(1000, true);
    assert_eq!(whole.page_batches, 1);
    assert_eq!(city.records(), by_batch);
    assert_eq!(whole.documents, batched.documents);

    // An update, 5 at a time: one page changed, one gone, the rest skipped.
    let mut changed = city.page(
        "https://city.example/transportation/p17",
        "Page 17",
        "New words of page seventeen about bridges.",
    );
    changed.content_hash = Some("changed".into());
    city.put(&changed);
    let mut gone = city.page("https://city.example/transportation/p03", "Page 3", "");
    gone.state = PageState::Gone;
    city.put(&gone);
    let update = build_with(5, false);
    assert!(!update.full);
    assert_eq!(update.page_batches, 22usize.div_ceil(5));
    let one = |n| std::collections::BTreeMap::from([(("page".to_owned(), "en".to_owned()), n)]);
    assert_eq!(update.updated, one(1));
    assert_eq!(update.deleted, one(1));
    assert!(update.added.is_empty());
    assert_eq!(city.count("bridges"), 1);
    assert_eq!(city.count("seventeen"), 1);
    let ids: Vec<String> = city.records().into_iter().map(|r| r.0).collect();
    assert!(!ids.contains(&"page:https://city.example/transportation/p03".to_owned()));
}
