//! A small city of the project's own: a config, a few articles and rule files, a page store
//! with crawled pages in several languages, indexed into a temp data dir and served by `app()`.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use engine::{Engine, SearchResponse};
use http_body_util::BodyExt;
use pagestore::{Page, PageSection, PageStore};
use search_api::{AppState, ServeOptions, app};
use tower::ServiceExt;

pub const CONFIG: &str = r#"
[[bureaus]]
id = "311"
name = "PDX 311"
phone = "503-823-4000"
[[bureaus]]
id = "pbot"
name = "Portland Bureau of Transportation"
aliases = ["PBOT", "Transportation"]
[[bureaus]]
id = "bps"
name = "Bureau of Planning and Sustainability"
aliases = ["BPS"]
[[bureaus]]
id = "civic"
name = "Office of Community & Civic Life"
[[bureaus]]
id = "water"
name = "Portland Water Bureau"
aliases = ["Water Bureau"]
phone = "503-823-7770"

[[sites]]
seeds = ["https://city.example/"]
bureau = "311"
sections = { "/transportation" = "pbot", "/bps" = "bps", "/civic" = "civic", "/water" = "water" }
"#;

/// A temp city: config, content, data, and the pages written into the store.
pub struct City {
    pub dir: tempfile::TempDir,
}

impl City {
    pub fn new() -> City {
        let city = City {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(city.path("firststop.toml"), CONFIG).unwrap();
        std::fs::create_dir_all(city.path("content")).unwrap();
        city
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// Writes `content/<rel>`.
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.path("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes an article with front matter built from the arguments (one per front-matter field,
    /// so each test reads like the file it writes).
    #[allow(clippy::too_many_arguments)]
    pub fn article(
        &self,
        bureau: &str,
        file: &str,
        title: &str,
        summary: &str,
        keywords: &[&str],
        actions: &[(&str, &str)],
        body: &str,
    ) -> &Self {
        let lang = file
            .strip_suffix(".md")
            .and_then(|f| f.split_once('.'))
            .map(|(_, l)| l)
            .unwrap_or("en");
        let keywords = keywords
            .iter()
            .map(|k| format!("{k:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let actions = actions
            .iter()
            .map(|(l, u)| format!("{{ label = {l:?}, url = {u:?} }}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "+++\ntitle = {title:?}\nsummary = {summary:?}\nbureau = {bureau:?}\nlang = {lang:?}\nkeywords = [{keywords}]\nactions = [{actions}]\nupdated = 2026-11-01\n+++\n{body}\n"
        );
        self.file(&format!("{bureau}/{file}"), &text)
    }

    /// Stores a crawled page.
    pub fn page(&self, url: &str, bureau: &str, lang: &str, title: &str, text: &str) -> &Self {
        self.page_with(url, bureau, lang, title, text, |_| {})
    }

    pub fn page_with(
        &self,
        url: &str,
        bureau: &str,
        lang: &str,
        title: &str,
        text: &str,
        edit: impl FnOnce(&mut Page),
    ) -> &Self {
        let mut store = PageStore::open(&self.data()).unwrap();
        let mut page = Page::new(url, bureau, 1_700_000_000);
        page.lang = Some(lang.to_owned());
        page.title = title.to_owned();
        page.text = text.to_owned();
        page.content_hash = Some(format!("{:x}", fxhash(url, text)));
        edit(&mut page);
        store.put(&page).unwrap();
        self
    }

    /// A long page with sections.
    pub fn sections(
        &self,
        url: &str,
        bureau: &str,
        title: &str,
        sections: &[(&str, &str, &str)],
    ) -> &Self {
        let text = sections
            .iter()
            .map(|(h, _, t)| format!("{h}\n{t}"))
            .collect::<Vec<_>>()
            .join("\n");
        self.page_with(url, bureau, "en", title, &text, |p| {
            p.sections = sections
                .iter()
                .map(|(h, a, t)| PageSection {
                    level: 2,
                    heading: (*h).to_owned(),
                    anchor: Some((*a).to_owned()),
                    text: (*t).to_owned(),
                })
                .collect();
        })
    }

    pub fn config(&self) -> config::Config {
        config::Config::load(&self.path("firststop.toml")).unwrap()
    }

    /// Indexes content and pages; panics on article problems so fixtures stay valid.
    pub fn index(&self) -> indexer::IndexReport {
        let report = indexer::build::run(
            &self.config(),
            &self.data(),
            &self.path("content"),
            &Default::default(),
        )
        .unwrap();
        assert!(
            report.problems.is_empty(),
            "fixture problems: {}",
            report.problems
        );
        report
    }

    pub fn engine(&self) -> Engine {
        Engine::open(&self.data(), &self.config()).unwrap()
    }

    pub fn state(&self) -> AppState {
        AppState::new(self.engine(), self.config(), ServeOptions::default())
    }

    pub fn app(&self) -> Router {
        self.index();
        app(self.state())
    }
}

fn fxhash(a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a, b).hash(&mut h);
    h.finish()
}

/// GET `uri`; status, content type and body.
pub async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let ctype = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8_lossy(&body).into_owned())
}

/// GET `/api/search` with `params` (already URL-encoded) and parse the response.
pub async fn search(app: &Router, params: &str) -> SearchResponse {
    let (status, _, body) = get(app, &format!("/api/search?{params}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// URL-encodes a query value.
pub fn enc(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

/// Result URLs, in order.
pub fn urls(r: &SearchResponse) -> Vec<&str> {
    r.results.iter().map(|h| h.url.as_str()).collect()
}

/// Position of the first result whose URL ends with `suffix`.
pub fn position(r: &SearchResponse, suffix: &str) -> Option<usize> {
    r.results.iter().position(|h| h.url.ends_with(suffix))
}

/// The standard small city used by most tests.
pub fn standard() -> City {
    let city = City::new();
    city.page("https://city.example/transportation/report-a-pothole", "pbot", "en", "Report a Pothole",
        "Use this form to report a pothole or damaged pavement on a city street.")
        .page_with("https://city.example/transportation/news/potholes-fixed", "pbot", "en", "News release: crews fixed 500 potholes",
            "Pothole repair crews fixed potholes on city streets this week, the bureau said in a news release.",
            |p| p.published = Some("2019-03-01".into()))
        .page("https://city.example/bps/garbage-day", "bps", "en", "Garbage collection day",
            "Find your garbage collection day by address. Recycling and compost are collected every week.")
        .page("https://city.example/civic/report-graffiti", "civic", "en", "Report Graffiti",
            "Report graffiti on public or private property. The graffiti program removes tags from walls and fences.")
        .page("https://city.example/es/civic/report-graffiti", "civic", "es", "Reportar grafiti",
            "Reporte grafiti en propiedad pública o privada. El programa de grafiti quita las pintadas.")
        .page("https://city.example/water/bill", "water", "en", "Pay your water bill",
            "Pay your sewer, stormwater and water bill online, by phone or by mail.")
        .page("https://city.example/transportation", "pbot", "en", "Transportation",
            "Streets, parking, sidewalks and bridges in the city.")
        .page("https://city.example/zh-hans/bps/garbage-day", "bps", "zh-hans", "垃圾收集日", "按地址查找您的垃圾收集日。回收和堆肥每周收集。")
        .page("https://city.example/vi/bps/garbage-day", "bps", "vi", "Ngày thu gom rác", "Tìm ngày thu gom rác của bạn theo địa chỉ nhà.")
        .page("https://city.example/ru/bps/garbage-day", "bps", "ru", "День вывоза мусора", "Узнайте день вывоза мусора по вашему адресу.")
        .sections("https://city.example/transportation/parking-guide", "pbot", "Parking guide", &[
            ("Residential permits", "permits", "Area parking permits let residents park in zones near their homes for longer than the posted time limits. Apply once a year and renew before the permit expires. Each household may buy a limited number of permits, and guest permits are sold in books of day passes. Businesses in a zone can buy permits for employees who drive to work."),
            ("Meters", "meters", "Parking meters and pay stations take cards and coins. Pay by phone with the parking app, and check the posted hours on each meter before you leave. Meters are enforced on weekdays and Saturdays; rates are higher downtown than in the neighborhoods, and time limits are posted on every block."),
            ("Towing", "towing", "If your vehicle was towed from a city street, call the towing line to find which tow yard has it. Bring identification and proof of ownership to get it back. Tow yards charge a fee for the tow and for each day of storage, so act quickly; if you think the tow was wrong, you can ask for a hearing."),
        ]);
    city.article("pbot", "report-pothole.md", "Report a pothole", "Report potholes online or call 311. Crews fix most within days.",
            &["hole in the road", "bumpy street"],
            &[("Report it online", "https://city.example/transportation/report-a-pothole"), ("Call 311", "tel:+1-503-823-4000")],
            "Potholes on city streets are fixed by the transportation bureau.\n\n## What to do\n\nReport the location online or call 311.")
        .article("pbot", "report-pothole.es.md", "Reportar un bache", "Reporte baches en línea o llame al 311.",
            &["hoyo en la calle", "bache"],
            &[("Repórtelo en línea", "https://city.example/transportation/report-a-pothole"), ("Llame al 311", "tel:+1-503-823-4000")],
            "La oficina de transporte arregla los baches de las calles.\n\n## Qué hacer\n\nReporte el lugar en línea o llame al 311.")
        .article("civic", "report-graffiti.md", "Report graffiti", "Report graffiti online; the graffiti program helps remove it.",
            &["tagging", "spray paint on my wall"],
            &[("Report graffiti", "https://city.example/civic/report-graffiti")],
            "Graffiti on walls and fences can be reported to the City.\n\n## What to do\n\nUse the online form.")
        .file("synonyms.toml", "groups = [[\"garbage\", \"trash\"]]\n[[oneway]]\nfrom = \"junk car\"\nto = [\"abandoned vehicle\"]\n")
        .file("best-bets.toml", "[[bet]]\nqueries = [\"hole in the street\"]\narticle = \"report-pothole\"\n[[bet]]\nqueries = [\"pay water bill\"]\nurl = \"https://city.example/water/bill\"\ntitle = \"Pay your water bill\"\n[[route]]\nqueries = [\"parking ticket\"]\nbureau = \"pbot\"\n")
        .file("referrals.toml", "[emergency]\nphone = \"911\"\nmessage.en = \"Call 911 now.\"\nmessage.es = \"Llame al 911 ahora.\"\nphrases.en = [\"house is on fire\"]\nphrases.es = [\"mi casa se quema\"]\nunless.en = [\"fire station\"]\n\n[[referral]]\nid = \"211\"\nphone = \"211\"\nurl = \"https://www.211info.org/\"\nmessage.en = \"For food and shelter, call 211.\"\nphrases.en = [\"food bank\"]\n")
        .file("topics.toml", "topics = [\"report-pothole\", \"report-graffiti\"]\n");
    city
}
