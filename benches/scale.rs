//! How firststop grows with the city: for each corpus size N it generates a page store of N pages
//! made of real paragraphs, indexes it with the articles of `content/` by running
//! `firststop index` in a child process, and reports build time, index size on disk, the build's
//! peak resident memory (`VmHWM`, which counts the index files tantivy maps while it merges
//! segments) and its peak anonymous memory (`RssAnon`, what it allocated), and query latency
//! p50/p99 over plain-language questions.
//!
//!   cargo bench --bench scale                          # N = 3,000, 30,000 and 100,000
//!   SCALE_SIZES=3000,30000 cargo bench --bench scale   # other sizes
//!   SCALE_ROUNDS=5 cargo bench --bench scale           # rounds over the questions (default 10)
//!   SCALE_KEEP=1 cargo bench --bench scale             # keep each page store and index (to
//!                                                      # profile `firststop index` on it)
//!
//! Without `--bench` (as under `cargo test --benches`) it runs N = 1,000 and one round, as a
//! check that the bench still works. The pages are written into a temporary folder; nothing
//! outside the repository is needed.
//!
//! The pages are like the fixture's scale host (`serve.py --scale`): each is 3 to 8 paragraphs
//! of one language drawn from the shipped articles (English, Spanish, Vietnamese, Chinese,
//! Russian, Ukrainian, Somali), a title made of its first words, one heading, spread over the
//! bureaus' sections. The questions are `../shared/eval/dev-queries.tsv` when that file is
//! there, and otherwise the list in this file (same kinds and languages); the report says which.

// A load check reports its figures on stdout.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pagestore::{Page, PageSection, PageStore};

const CONFIG: &str = include_str!("../firststop.toml");

/// Questions residents ask, in the kinds of the dev set: reports, look-ups, permits, bills,
/// typos, a bureau's name, short keywords and long sentences, in seven languages.
const QUESTIONS: &[&str] = &[
    "there is a big pothole in front of my driveway",
    "car parked on my block for two weeks and never moves",
    "when is my recycling collected",
    "my green compost cart was not emptied",
    "graffiti on the wall of my business",
    "streetlight out at the corner",
    "how do I pay my water and sewer bill",
    "can't afford my water bill",
    "permit to build an accessory dwelling unit",
    "do I need a permit to replace my deck",
    "tree fell on the sidewalk after the storm",
    "reserve a picnic shelter in a park",
    "noise complaint neighbor party late at night",
    "homeless camp blocking the sidewalk",
    "report illegal dumping of a mattress",
    "how to get a parking permit for my neighborhood",
    "sign up for swim lessons",
    "abandonded vehical",
    "garbge pickup schedul",
    "pbot",
    "water bureau",
    "sewer backup",
    "property tax",
    "where do I get a business license",
    "¿cómo reporto un bache en mi calle?",
    "¿cuándo recogen la basura?",
    "pagar la factura del agua",
    "hay un carro abandonado frente a mi casa",
    "permiso para construir",
    "báo cáo ổ gà trên đường",
    "thanh toán hóa đơn nước",
    "xe bỏ hoang trước nhà tôi",
    "如何举报路上的坑洞",
    "我家的垃圾什么时候收",
    "水费账单",
    "как сообщить о яме на дороге",
    "брошенный автомобиль возле дома",
    "оплатить счет за воду",
    "як повідомити про яму на дорозі",
    "вивіз сміття",
    "sidee loo soo sheegaa god waddada ku yaal",
    "qashinka lama qaadin",
];

/// One paragraph of an article and the article's language.
struct Paragraph {
    lang: String,
    text: String,
}

/// The paragraphs of every article under `content` (blank-line separated, markdown markers
/// trimmed, at least 80 bytes), in file order.
fn paragraphs(content: &Path) -> Vec<Paragraph> {
    let mut files = Vec::new();
    let mut stack = vec![content.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("content folder") {
            let path = entry.expect("content entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.split('.').collect();
        let lang = match parts.len() {
            2 => "en".to_owned(),
            3 => parts[1].to_owned(),
            _ => continue,
        };
        let text = std::fs::read_to_string(&path).expect("article");
        let Some(body) = text.splitn(3, "+++").nth(2) else {
            continue;
        };
        for block in body.split("\n\n") {
            let plain: Vec<&str> = block
                .lines()
                .map(|l| l.trim_start_matches(['#', '-', '*', '>', ' ']).trim())
                .filter(|l| !l.is_empty())
                .collect();
            let plain = plain.join(" ");
            if plain.len() >= 80 {
                out.push(Paragraph {
                    lang: lang.clone(),
                    text: plain,
                });
            }
        }
    }
    out
}

/// SplitMix64: a fixed, well-mixed number for page `i` and draw `k`.
fn mix(i: u64, k: u64) -> u64 {
    let mut z = i
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(k.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Writes `n` generated pages into a new page store under `data`.
fn generate(data: &Path, n: usize, paras: &[Paragraph]) {
    let sections = [
        ("transportation", "pbot"),
        ("parks", "parks"),
        ("water", "water"),
        ("bps", "bps"),
        ("bds", "bds"),
        ("civic", "civic"),
        ("fire", "fire"),
        ("bes", "bes"),
        ("311", "311"),
    ];
    let mut by_lang: std::collections::BTreeMap<&str, Vec<&Paragraph>> = Default::default();
    for p in paras {
        by_lang.entry(&p.lang).or_default().push(p);
    }
    let mut store = PageStore::open(data).expect("page store");
    for i in 0..n as u64 {
        let first = &paras[(mix(i, 0) % paras.len() as u64) as usize];
        let same = &by_lang[first.lang.as_str()];
        let count = 3 + mix(i, 1) % 6;
        let mut picks = vec![first.text.as_str()];
        for k in 1..count {
            picks.push(&same[(mix(i, k + 1) % same.len() as u64) as usize].text);
        }
        let (section, bureau) = sections[(mix(i, 99) % sections.len() as u64) as usize];
        let mut p = Page::new(
            &format!("https://www.portland.gov/{section}/scale/{i}"),
            bureau,
            1_700_000_000,
        );
        p.lang = Some(first.lang.clone());
        p.title = format!(
            "{} ({i})",
            first
                .text
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ")
        );
        p.text = picks.join("\n");
        p.sections = vec![PageSection {
            level: 1,
            heading: p.title.clone(),
            anchor: None,
            text: p.text.clone(),
        }];
        p.outlinks = (0..3)
            .map(|k| {
                format!(
                    "https://www.portland.gov/{section}/scale/{}",
                    (i * 31 + k * 977) % n as u64
                )
            })
            .collect();
        p.bytes = Some(p.text.len() as u64 + 400);
        p.content_hash = Some(format!("{:016x}", mix(i, 1234)));
        store.put(&p).expect("page written");
    }
}

/// Runs `firststop index` on `data`, sampling the child's `VmHWM` (peak resident set) and
/// `RssAnon` every 20 ms. Returns the wall time, the peak and the largest `RssAnon` in bytes.
fn build(root: &Path, config: &Path, data: &Path) -> (Duration, u64, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_firststop"))
        .arg("index")
        .arg("--config")
        .arg(config)
        .arg("--data")
        .arg(data)
        .arg("--content")
        .arg(root.join("content"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("firststop index starts");
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let (mut peak, mut anon) = (0, 0);
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            peak = peak.max(kib(&status, "VmHWM:") * 1024);
            anon = anon.max(kib(&status, "RssAnon:") * 1024);
        }
        if let Some(exit) = child.try_wait().expect("child status") {
            assert!(exit.success(), "firststop index failed: {exit}");
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (started.elapsed(), peak, anon)
}

/// The value in KiB of a `/proc/<pid>/status` line such as `VmHWM:   123456 kB`, 0 if absent.
fn kib(status: &str, key: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Bytes of the files under `dir`.
fn size_on_disk(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

/// The questions: the dev set's when `../shared` is beside the checkout, else [`QUESTIONS`].
fn questions(root: &Path) -> (Vec<String>, &'static str) {
    let dev = root.join("../shared/eval/dev-queries.tsv");
    if let Ok(text) = std::fs::read_to_string(&dev) {
        let qs: Vec<String> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(2))
            .map(str::to_owned)
            .collect();
        if !qs.is_empty() {
            return (qs, "dev-queries.tsv");
        }
    }
    (
        QUESTIONS.iter().map(|q| (*q).to_owned()).collect(),
        "the bench's own list",
    )
}

/// The `q`-quantile (0..=1) of sorted `values`, nearest rank.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sizes: Vec<usize> = match std::env::var("SCALE_SIZES") {
        Ok(s) => s
            .split(',')
            .map(|n| {
                n.trim()
                    .replace('_', "")
                    .parse()
                    .expect("SCALE_SIZES: numbers")
            })
            .collect(),
        Err(_) if full => vec![3_000, 30_000, 100_000],
        Err(_) => vec![1_000],
    };
    let rounds: usize = match std::env::var("SCALE_ROUNDS") {
        Ok(r) => r.parse().expect("SCALE_ROUNDS: a number"),
        Err(_) if full => 10,
        Err(_) => 1,
    };
    let keep = std::env::var_os("SCALE_KEEP").is_some();
    let paras = paragraphs(&root.join("content"));
    let (questions, source) = questions(root);
    println!(
        "scale: {} paragraphs from content/, {} questions from {source}, {rounds} rounds",
        paras.len(),
        questions.len()
    );
    println!(
        "{:>8} {:>9} {:>9} {:>10} {:>10} {:>10} {:>9} {:>9} {:>9}",
        "pages",
        "results",
        "build s",
        "index MB",
        "peak MB",
        "anon MB",
        "p50 ms",
        "p99 ms",
        "max ms"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let config_path = dir.path().join("firststop.toml");
        std::fs::write(&config_path, CONFIG).expect("config written");
        generate(&data, n, &paras);
        let (took, peak, anon) = build(root, &config_path, &data);
        let size = size_on_disk(&data.join("index"));

        let config = config::Config::parse(CONFIG, Path::new("firststop.toml")).expect("config");
        let engine = engine::Engine::open(&data, &config).expect("index opens");
        let mut records = 0;
        for q in &questions {
            let r = engine.search(&engine::SearchRequest::new(q));
            records += r.total;
        }
        let mut latencies = Vec::with_capacity(rounds * questions.len());
        for _ in 0..rounds {
            for q in &questions {
                let request = engine::SearchRequest::new(q);
                let started = Instant::now();
                let response = engine.search(&request);
                latencies.push(started.elapsed());
                std::hint::black_box(response);
            }
        }
        latencies.sort();
        println!(
            "{n:>8} {:>9} {:>9.1} {:>10.1} {:>10.1} {:>10.1} {:>9.2} {:>9.2} {:>9.2}",
            records / questions.len(),
            took.as_secs_f64(),
            size as f64 / 1e6,
            peak as f64 / 1e6,
            anon as f64 / 1e6,
            ms(quantile(&latencies, 0.5)),
            ms(quantile(&latencies, 0.99)),
            ms(*latencies.last().expect("latencies")),
        );
        if keep {
            println!("{n:>8} kept in {}", dir.keep().display());
        }
    }
    println!("(results: mean total matches per question)");
}
