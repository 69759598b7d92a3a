//! Killing `firststop index` at any moment leaves the last good index serving.

use std::path::Path;
use std::time::Duration;

use pagestore::{Page, PageStore};
use searchindex::IndexDir;
use searchindex::analysis::Analyzer;
use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use crate::support::{bin, run, text};

const PAGES: usize = 1500;

const CONFIG: &str = "[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[sites]]\nseeds = [\"https://city.example/\"]\nbureau = \"311\"\n";

fn write_pages(data: &Path, animal: &str) {
    let mut store = PageStore::open(data).unwrap();
    for i in 0..PAGES {
        let mut p = Page::new(&format!("https://city.example/notice/{i}"), "311", 1);
        p.lang = Some("en".into());
        p.title = format!("Notice {i} about the {animal}");
        p.text = format!("The {animal} crossing on street {i}. ").repeat(40);
        p.content_hash = Some(format!("{animal}-{i}"));
        store.put(&p).unwrap();
    }
}

/// Documents of the served index with `word` in their body.
fn served(data: &Path, word: &str) -> usize {
    let open = IndexDir::new(data)
        .open_current()
        .unwrap()
        .expect("an index is being served");
    let searcher = open.index.reader().unwrap().searcher();
    let field = open
        .fields
        .text(searchindex::TextField::Body, Analyzer::Exact);
    searcher
        .search(
            &TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::Basic),
            &Count,
        )
        .unwrap()
}

fn kill_after(dir: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = bin()
        .args(args)
        .current_dir(dir)
        .env("FIRSTSTOP_LOG", "error")
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

#[test]
fn killing_an_update_or_a_rebuild_keeps_the_last_good_index() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("firststop.toml"), CONFIG).unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let data = dir.path().join("data");
    write_pages(&data, "aardvark");
    let out = run(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(served(&data, "aardvark"), PAGES);

    write_pages(&data, "armadillo");
    let mut killed = 0;
    for (args, ms) in [
        (&["index"][..], 30),
        (&["index"], 150),
        (&["index", "--rebuild"], 60),
        (&["index", "--rebuild"], 250),
        (&["index"], 600),
    ] {
        if !kill_after(dir.path(), args, Duration::from_millis(ms)) {
            killed += 1;
        }
        let (old, new) = (served(&data, "aardvark"), served(&data, "armadillo"));
        assert!(
            (old, new) == (PAGES, 0) || (old, new) == (0, PAGES),
            "after a kill at {ms} ms the index is half old, half new: {old} + {new}"
        );
    }
    assert!(killed > 0, "the test never caught the indexer mid-run");

    let out = run(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        (served(&data, "aardvark"), served(&data, "armadillo")),
        (0, PAGES)
    );
    let generations = std::fs::read_dir(data.join("index"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert!(
        generations <= 2,
        "half-built generations of killed runs are cleaned up: {generations} left"
    );
}
