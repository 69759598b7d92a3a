//! Load check of the search log: 1 million generated search events (7 languages, 3 channels,
//! 13 months, a Zipf-like mix of questions with a long tail, zero-result searches, answer cards
//! and clicks) written through the insights writer, then every dashboard query timed on them.
//!
//!   cargo bench --bench insights
//!
//! The database is generated once into the target directory and reused by later runs
//! (`INSIGHTS_BENCH_EVENTS` sets the number of events; without `--bench`, as under
//! `cargo test --benches`, 20,000). It prints the write throughput and the database size; the
//! query timings are criterion's. Nothing outside the repository is needed.

// A load check reports its figures on stdout, beside criterion's.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use insights::{
    Channel, ClickEvent, Event, Filter, Folding, InsightsSettings, PhoneAllowlist, RecorderOptions,
    Redacted, SearchEvent, SearchId, Sort, Store, Writer,
};
use time::OffsetDateTime;
use time::macros::datetime;

/// The last day of the generated log; it starts 395 days before.
const LAST: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);
const DAYS: i64 = 395;

/// Topics: (bureau, page slug, has an answer card, the question in en, es, vi, zh-hans, ru, uk, so).
const TOPICS: &[(&str, &str, bool, [&str; 7])] = &[
    (
        "pbot",
        "report-pothole",
        true,
        [
            "pothole",
            "bache",
            "ổ gà",
            "路面坑洞",
            "яма на дороге",
            "вибоїна",
            "god waddo",
        ],
    ),
    (
        "pbot",
        "abandoned-vehicle",
        true,
        [
            "abandoned car",
            "carro abandonado",
            "xe bỏ hoang",
            "废弃车辆",
            "брошенная машина",
            "покинуте авто",
            "baabuur la dayacay",
        ],
    ),
    (
        "pbot",
        "parking-permit",
        false,
        [
            "parking permit",
            "permiso de estacionamiento",
            "giấy phép đậu xe",
            "停车许可证",
            "разрешение на парковку",
            "дозвіл на паркування",
            "ogolaanshaha baarkinka",
        ],
    ),
    (
        "water",
        "pay-bill",
        true,
        [
            "pay water bill",
            "pagar factura de agua",
            "trả hóa đơn nước",
            "支付水费",
            "оплатить счет за воду",
            "сплатити за воду",
            "bixi biilka biyaha",
        ],
    ),
    (
        "water",
        "leak",
        false,
        [
            "water leak",
            "fuga de agua",
            "rò rỉ nước",
            "漏水",
            "утечка воды",
            "витік води",
            "biyo daadanaya",
        ],
    ),
    (
        "bps",
        "garbage-day",
        true,
        [
            "garbage pickup day",
            "día de recolección de basura",
            "ngày thu gom rác",
            "垃圾收集日",
            "вывоз мусора",
            "вивіз сміття",
            "maalinta qashinka",
        ],
    ),
    (
        "bps",
        "recycling",
        false,
        [
            "recycling",
            "reciclaje",
            "tái chế",
            "回收",
            "переработка",
            "переробка",
            "dib u warshadeyn",
        ],
    ),
    (
        "bds",
        "adu-permit",
        true,
        [
            "ADU permit",
            "permiso ADU",
            "giấy phép ADU",
            "附属住宅许可",
            "разрешение ADU",
            "дозвіл ADU",
            "ogolaanshaha ADU",
        ],
    ),
    (
        "bds",
        "fence-permit",
        false,
        [
            "fence permit",
            "permiso de cerca",
            "giấy phép hàng rào",
            "围栏许可",
            "разрешение на забор",
            "дозвіл на паркан",
            "ogolaanshaha deyrka",
        ],
    ),
    (
        "parks",
        "pool-hours",
        true,
        [
            "pool hours",
            "horario de piscina",
            "giờ mở cửa hồ bơi",
            "游泳池开放时间",
            "часы работы бассейна",
            "години басейну",
            "saacadaha barkadda",
        ],
    ),
    (
        "parks",
        "tree-permit",
        false,
        [
            "tree removal permit",
            "permiso para cortar árbol",
            "giấy phép chặt cây",
            "砍树许可",
            "разрешение на вырубку дерева",
            "дозвіл на видалення дерева",
            "ogolaanshaha geed jarista",
        ],
    ),
    (
        "oehr",
        "noise",
        true,
        [
            "noise complaint",
            "queja de ruido",
            "khiếu nại tiếng ồn",
            "噪音投诉",
            "жалоба на шум",
            "скарга на шум",
            "cabasho buuq",
        ],
    ),
    (
        "police",
        "non-emergency",
        true,
        [
            "police non emergency",
            "policía no emergencia",
            "cảnh sát không khẩn cấp",
            "非紧急报警",
            "полиция не экстренно",
            "поліція не екстрено",
            "booliska aan degdegga ahayn",
        ],
    ),
    (
        "hirp",
        "campsite",
        false,
        [
            "report campsite",
            "reportar campamento",
            "báo cáo lều trại",
            "报告露营地",
            "сообщить о лагере",
            "повідомити про табір",
            "soo sheeg xero",
        ],
    ),
    (
        "311",
        "contact",
        true,
        [
            "call 311",
            "llamar al 311",
            "gọi 311",
            "拨打311",
            "позвонить 311",
            "зателефонувати 311",
            "wac 311",
        ],
    ),
];

/// Ways people phrase a topic, per language (`{}` is the topic).
const FORMS: [&[&str]; 7] = [
    &[
        "{}",
        "how to {}",
        "{} portland",
        "{} near me",
        "{} cost",
        "{} form",
        "where {}",
        "{} hours",
        "{} online",
        "help with {}",
    ],
    &[
        "{}",
        "cómo {}",
        "{} portland",
        "{} cerca de mí",
        "costo {}",
        "formulario {}",
        "dónde {}",
        "{} horario",
    ],
    &[
        "{}",
        "làm sao {}",
        "{} portland",
        "{} ở đâu",
        "chi phí {}",
        "mẫu đơn {}",
    ],
    &["{}", "如何{}", "{}在哪里", "{}费用", "{}表格"],
    &[
        "{}",
        "как {}",
        "{} портленд",
        "где {}",
        "стоимость {}",
        "форма {}",
    ],
    &["{}", "як {}", "{} портленд", "де {}", "вартість {}"],
    &["{}", "sidee {}", "{} portland", "xagee {}"],
];

/// Words that make long-tail questions (one person's wording, asked once or twice).
const TAIL: &[&str] = &[
    "today", "tomorrow", "weekend", "again", "still", "broken", "my", "street", "neighbor",
    "since", "monday", "urgent", "please", "why", "who", "big", "small", "corner", "alley",
    "school", "park", "night", "morning", "elderly", "child", "dog", "bike", "bus", "rain", "snow",
];

const LANGS: [(&str, u32); 7] = [
    ("en", 60),
    ("es", 15),
    ("vi", 7),
    ("zh-hans", 6),
    ("ru", 5),
    ("uk", 4),
    ("so", 3),
];

/// splitmix64: a small deterministic generator, so every run writes the same log.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A Zipf-like rank in `0..n`: P(r) ∝ 1 / (r + 1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let r = ((n as f64 + 1.0).powf(u) - 1.0).floor() as usize;
        r.min(n - 1)
    }
}

/// One generated search (and its clicks).
fn generate(
    rng: &mut Rng,
    at: OffsetDateTime,
    city: &PhoneAllowlist,
) -> (SearchEvent, Vec<ClickEvent>) {
    let mut pick = rng.below(100) as u32;
    let (li, &(lang, _)) = LANGS
        .iter()
        .enumerate()
        .find(|(_, (_, share))| {
            let hit = pick < *share;
            pick = pick.saturating_sub(*share);
            hit
        })
        .unwrap_or((0, &LANGS[0]));
    let forms = FORMS[li];
    // Head: a Zipf choice among the topic × phrasing combinations; tail: extra words.
    let combo = rng.zipf(TOPICS.len() * forms.len());
    let (bureau, slug, card, names) = TOPICS[combo % TOPICS.len()];
    let mut question = forms[combo / TOPICS.len()].replace("{}", names[li]);
    let tail = rng.chance(30);
    if tail {
        for _ in 0..1 + rng.below(2) {
            question.push(' ');
            question.push_str(TAIL[rng.below(TAIL.len() as u64) as usize]);
        }
        if rng.chance(20) {
            question.push_str(&format!(" {}", 100 + rng.below(9900)));
        }
    }
    if rng.chance(15) {
        question = question.to_uppercase();
    } else if rng.chance(10) {
        question.push('?');
    }
    let zero = rng.chance(if tail { 20 } else { 3 });
    let channel = match rng.below(10) {
        0..=6 => Channel::Web,
        7..=8 => Channel::Agent,
        _ => Channel::Api,
    };
    let url = |b: &str, s: &str| format!("https://www.portland.gov/{b}/{s}");
    let top = url(bureau, slug);
    let mut shown = Vec::new();
    if !zero {
        shown.push(top.clone());
        for _ in 0..9 {
            let (b, s, _, _) = TOPICS[rng.below(TOPICS.len() as u64) as usize];
            shown.push(format!("{}/{}", url(b, s), rng.below(40)));
        }
    }
    let search = SearchEvent {
        id: SearchId::new().expect("random"),
        at,
        channel,
        question: Redacted::new(&question, city),
        lang: lang.to_owned(),
        results: if zero { 0 } else { 10 + rng.below(200) },
        answer: (!zero && card && !tail).then(|| top.clone()),
        top_url: (!zero).then(|| top.clone()),
        bureau: (!zero).then(|| bureau.to_owned()),
        notices: if rng.chance(1) {
            vec!["911".into()]
        } else {
            vec![]
        },
        took_ms: 1.0 + rng.below(400) as f64 / 100.0,
        shown,
    };
    let mut clicks = Vec::new();
    if !zero && rng.chance(45) {
        for _ in 0..1 + u64::from(rng.chance(15)) {
            let position = 1 + rng.zipf(search.shown.len()) as u32;
            clicks.push(ClickEvent {
                search: search.id,
                at: at + Duration::from_secs(5 + rng.below(60)),
                position,
                url: search.shown[position as usize - 1].clone(),
            });
        }
    }
    (search, clicks)
}

/// Writes `events` searches over 13 months into `dir` through the writer, in batches of 500,
/// chronologically with a weekly rhythm; returns the time it took.
fn fill(dir: &Path, events: u64) -> Duration {
    let started = Instant::now();
    let mut writer = Writer::open(dir, Arc::new(Folding)).expect("open");
    let city = PhoneAllowlist::new(["503-823-4000"]);
    let batch_size = RecorderOptions::default().batch_size;
    let mut rng = Rng(0x5EED);
    let mut batch = Vec::with_capacity(batch_size + 16);
    let first = LAST - time::Duration::days(DAYS - 1);
    // Weekdays get twice the searches of weekend days.
    let weights: Vec<u64> = (0..DAYS)
        .map(|d| {
            if (first + time::Duration::days(d))
                .weekday()
                .number_from_monday()
                >= 6
            {
                1
            } else {
                2
            }
        })
        .collect();
    let total_weight: u64 = weights.iter().sum();
    let mut written = 0;
    for (d, weight) in weights.iter().enumerate() {
        let today = if d as i64 == DAYS - 1 {
            events - written
        } else {
            events * weight / total_weight
        };
        for _ in 0..today {
            let at = first
                + time::Duration::days(d as i64)
                + time::Duration::seconds(rng.below(86_400) as i64);
            let (search, clicks) = generate(&mut rng, at, &city);
            batch.push(Event::Search(search));
            batch.extend(clicks.into_iter().map(Event::Click));
            if batch.len() >= batch_size {
                writer.write(&batch).expect("write");
                batch.clear();
            }
        }
        written += today;
    }
    writer.write(&batch).expect("write");
    started.elapsed()
}

fn size(dir: &Path) -> u64 {
    ["insights.db", "insights.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

/// The generated database for `events` events, made on first use.
fn database(events: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("insights-bench-{events}"));
    let done = dir.join("complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench directory");
        let took = fill(&dir, events);
        println!(
            "wrote {events} search events (and their clicks) in {:.1} s: {:.0} searches/s",
            took.as_secs_f64(),
            events as f64 / took.as_secs_f64()
        );
        std::fs::write(&done, "").expect("marker");
    }
    // The writer, the last connection, folded the WAL into the file when it closed.
    println!(
        "insights.db for {events} events: {:.1} MiB ({} bytes/search)",
        size(&dir) as f64 / 1_048_576.0,
        size(&dir) / events.max(1)
    );
    dir
}

fn queries(c: &mut Criterion, dir: &Path) {
    let store = Store::open(dir, InsightsSettings::default()).expect("open");
    let last = LAST.date();
    let year = Filter::last_days(DAYS as u32, last);
    let month = Filter::last_days(30, last);
    let top_id = store.questions(&year, Sort::Count, 1).expect("top")[0].id;
    let mut group = c.benchmark_group("insights");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group.bench_function("summary 13 months", |b| {
        b.iter(|| store.summary(&year).unwrap())
    });
    group.bench_function("summary 30 days", |b| {
        b.iter(|| store.summary(&month).unwrap())
    });
    group.bench_function("per_day 13 months", |b| {
        b.iter(|| store.per_day(&year).unwrap())
    });
    for (name, sort) in [
        ("count", Sort::Count),
        ("zero", Sort::Zero),
        ("ctr", Sort::Ctr),
    ] {
        group.bench_function(format!("queries sort={name} 13 months"), |b| {
            b.iter(|| store.questions(&year, sort, 50).unwrap())
        });
    }
    group.bench_function("queries sort=count 30 days", |b| {
        b.iter(|| store.questions(&month, Sort::Count, 50).unwrap())
    });
    let spanish = year.clone().lang("es");
    group.bench_function("queries lang=es 13 months", |b| {
        b.iter(|| store.questions(&spanish, Sort::Count, 50).unwrap())
    });
    let water = year.clone().bureau("water");
    group.bench_function("queries bureau=water 13 months", |b| {
        b.iter(|| store.questions(&water, Sort::Count, 50).unwrap())
    });
    group.bench_function(
        "question_lists (top, zero, ctr, unmet, answers) 13 months",
        |b| b.iter(|| store.question_lists(&year, 50, 20).unwrap()),
    );
    group.bench_function("trending window=7", |b| {
        b.iter(|| store.trending(7, &year, 50).unwrap())
    });
    group.bench_function("unmet 13 months", |b| {
        b.iter(|| store.unmet(&year, 50).unwrap())
    });
    group.bench_function("answers 13 months", |b| {
        b.iter(|| store.answers(&year, 20).unwrap())
    });
    group.bench_function("drill-down top question 13 months", |b| {
        b.iter(|| store.question(top_id, &year).unwrap().unwrap())
    });
    group.bench_function("export.csv 13 months", |b| {
        b.iter(|| store.export_csv(&year, std::io::sink()).unwrap())
    });
    group.bench_function("export.csv 30 days", |b| {
        b.iter(|| store.export_csv(&month, std::io::sink()).unwrap())
    });
    group.bench_function("was_shown", |b| {
        let id = SearchId::new().unwrap();
        b.iter(|| {
            store
                .was_shown(&id, "https://www.portland.gov/water/pay-bill")
                .unwrap()
        })
    });
    group.finish();
}

/// The request path's share: redacting a question and queueing its event.
fn request_path(c: &mut Criterion) {
    let city = PhoneAllowlist::new(["503-823-4000"]);
    let mut group = c.benchmark_group("insights request path");
    group.bench_function("redact a plain question", |b| {
        b.iter(|| Redacted::new("how do I pay my water bill online", &city))
    });
    group.bench_function("redact a question with a phone and an address", |b| {
        b.iter(|| Redacted::new("call me 503-555-0142 pothole at 1234 SE Main St", &city))
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let recorder =
        insights::Recorder::start(dir.path(), Arc::new(Folding), RecorderOptions::default())
            .expect("recorder");
    let mut rng = Rng(7);
    let (search, _) = generate(&mut rng, LAST, &city);
    group.bench_function("record_search (queue only)", |b| {
        b.iter(|| {
            let mut s = search.clone();
            s.id = SearchId::new().unwrap();
            recorder.record_search(s)
        })
    });
    group.finish();
    let stats = recorder.shutdown();
    println!("recorder during the bench: {stats:?}");
}

/// Retention of the oldest day (about 1/395 of the log), timed once on a copy.
fn retention(dir: &Path) {
    let copy = tempfile::tempdir().expect("tempdir");
    for f in ["insights.db", "insights.db-wal"] {
        if dir.join(f).exists() {
            std::fs::copy(dir.join(f), copy.path().join(f)).expect("copy");
        }
    }
    let store = Store::open(copy.path(), InsightsSettings::default()).expect("open");
    let started = Instant::now();
    let retained = store
        .apply_retention(LAST + time::Duration::days(1))
        .expect("retention");
    println!(
        "retention of the oldest day: {retained:?} in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let events = std::env::var("INSIGHTS_BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if bench { 1_000_000 } else { 20_000 });
    let dir = database(events);
    let mut c = Criterion::default().configure_from_args();
    queries(&mut c, &dir);
    request_path(&mut c);
    if bench {
        retention(&dir);
    }
    c.final_summary();
}
