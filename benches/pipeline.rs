//! Benchmarks of the whole pipeline on the project's own content: indexing throughput (documents
//! per second, full build) and query latency for plain-language questions.
//!
//!   cargo bench --bench pipeline
//!
//! The index holds the articles of `content/` and 3,000 crawled pages generated from their
//! sentences (deterministically), so the benchmark needs nothing outside the repository.

use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pagestore::{Page, PageStore};

const PAGES: usize = 3000;

const CONFIG: &str = include_str!("../firststop.toml");

/// Sentences of the shipped articles, the words the generated pages are made of.
fn sentences(content: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![content.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .matches('.')
                    .count()
                    == 1
            {
                let text = std::fs::read_to_string(&path).unwrap();
                let body = text.splitn(3, "+++").nth(2).unwrap_or_default();
                out.extend(
                    body.split(['.', '\n'])
                        .map(str::trim)
                        .filter(|s| s.len() > 30)
                        .map(str::to_owned),
                );
            }
        }
    }
    out.sort();
    out
}

fn pages(data: &Path, sentences: &[String]) {
    let mut store = PageStore::open(data).unwrap();
    let sections = [
        "transportation",
        "parks",
        "water",
        "bps",
        "ppd",
        "civic",
        "fire",
        "bes",
    ];
    for i in 0..PAGES {
        let pick = |k: usize| &sentences[(i * 7919 + k * 104_729) % sentences.len()];
        let section = sections[i % sections.len()];
        let mut p = Page::new(
            &format!("https://www.portland.gov/{section}/page-{i}"),
            "311",
            1,
        );
        p.lang = Some("en".into());
        p.title = pick(0)
            .split_whitespace()
            .take(7)
            .collect::<Vec<_>>()
            .join(" ");
        p.text = (0..12).map(pick).cloned().collect::<Vec<_>>().join(". ");
        p.content_hash = Some(format!("bench-{i}"));
        store.put(&p).unwrap();
    }
}

fn setup() -> (tempfile::TempDir, config::Config) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    pages(&dir.path().join("data"), &sentences(&root.join("content")));
    let config = config::Config::parse(CONFIG, Path::new("firststop.toml")).unwrap();
    (dir, config)
}

fn indexing(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (dir, config) = setup();
    let data = dir.path().join("data");
    let first =
        indexer::build::run(&config, &data, &root.join("content"), &Default::default()).unwrap();
    let documents: usize = first.documents.values().sum();
    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(documents as u64));
    group.bench_function(BenchmarkId::new("full_build", documents), |b| {
        let options = indexer::IndexOptions {
            rebuild: true,
            ..Default::default()
        };
        b.iter(|| indexer::build::run(&config, &data, &root.join("content"), &options).unwrap())
    });
    group.bench_function(BenchmarkId::new("unchanged_update", documents), |b| {
        b.iter(|| {
            indexer::build::run(&config, &data, &root.join("content"), &Default::default()).unwrap()
        })
    });
    group.finish();
}

const QUESTIONS: &[&str] = &[
    "my trash wasn't picked up",
    "pothole on my street",
    "someone left a junk car in front of my house",
    "how do I get a permit for a backyard cottage",
    "¿quién recoge mi basura?",
    "我的垃圾没有被收走",
    "кто вывозит мой мусор",
    "grafitti removal",
    "water bill help",
    "pbot",
];

fn queries(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (dir, config) = setup();
    let data = dir.path().join("data");
    indexer::build::run(&config, &data, &root.join("content"), &Default::default()).unwrap();
    let engine = engine::Engine::open(&data, &config).unwrap();
    let mut group = c.benchmark_group("search");
    for q in QUESTIONS {
        let request = engine::SearchRequest::new(q);
        group.bench_with_input(BenchmarkId::from_parameter(q), &request, |b, r| {
            b.iter(|| engine.search(r))
        });
    }
    group.finish();
    // The same questions with every weight of the formula away from 1, so each factor is raised
    // to its weight with `powf` (the default weights skip it): what weighting costs a search.
    let weighted = config::Config {
        ranking: weighted_weights(),
        ..config.clone()
    };
    let weighted = engine::Engine::open(&data, &weighted).unwrap();
    let mut group = c.benchmark_group("search-weighted");
    for q in QUESTIONS {
        let request = engine::SearchRequest::new(q);
        group.bench_with_input(BenchmarkId::from_parameter(q), &request, |b, r| {
            b.iter(|| weighted.search(r))
        });
    }
    group.finish();
    let mut suggest = c.benchmark_group("suggest");
    for typed in ["rep", "garb", "wat"] {
        suggest.bench_with_input(BenchmarkId::from_parameter(typed), typed, |b, t| {
            b.iter(|| engine.suggest(t, 8))
        });
    }
    suggest.finish();
}

/// One record's score from its factors, for a thousand records (what one search scores at
/// most): with the default weights, which multiply the factors as they are, and with every
/// weight away from 1, which raises each factor to its weight.
fn scoring(c: &mut Criterion) {
    let factors: Vec<engine::rank::Factors> = (0..1000)
        .map(|i| {
            let x = i as f32 / 1000.0;
            engine::rank::Factors {
                bm25: 5.0 + 20.0 * x,
                proximity: 3.0 * x,
                title_coverage: x,
                coverage: 0.2 + 0.8 * x,
                home_floor: false,
                category: [1.15, 1.0, 0.85, 0.6, 0.5][i % 5],
                language: [1.2, 1.0, 0.6][i % 3],
                bureau_named: 1.0,
                bureau_home: 1.0,
                routed: 1.0,
                recency: 1.0,
                keyword: if i % 7 == 0 { 1.5 } else { 1.0 },
            }
        })
        .collect();
    let mut group = c.benchmark_group("score-1000");
    for (name, weights) in [
        ("default", config::RankWeights::default()),
        ("weighted", weighted_weights()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                factors
                    .iter()
                    .map(|f| f.score(std::hint::black_box(&weights)))
                    .sum::<f32>()
            })
        });
    }
    group.finish();
}

/// Every weight of the formula a little away from its default.
fn weighted_weights() -> config::RankWeights {
    config::RankWeights {
        coverage: 1.9,
        title: 1.1,
        proximity: 0.45,
        category: 1.1,
        language: 0.9,
        bureau_named: 1.1,
        bureau_home: 0.9,
        routed: 1.1,
        recency: 0.9,
        keyword: 1.1,
        bridge: 0.65,
    }
}

criterion_group!(benches, indexing, queries, scoring);
criterion_main!(benches);
