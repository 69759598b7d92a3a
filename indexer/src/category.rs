//! What kind of page a crawled page is, for ranking: a service a resident can use outranks a news
//! release or a code section. Decided from common URL conventions and the page's own title.

use pagestore::Page;
pub use searchindex::Category;

/// First words of the URL slugs and titles of pages a resident acts on.
const SERVICE_VERBS: &[&str] = &[
    "report", "apply", "request", "register", "submit", "contact", "find", "look", "lookup", "pay",
    "sign", "schedule", "reserve", "get", "permit", "renew", "file", "book", "check",
];

/// The category of a crawled page, by the first rule that fits its URL path segments (compared
/// lowercase) or its title:
///
/// 1. [`Category::Policy`]: a `directives`, `policies` or `policy` segment, or a title starting
///    with a directive number such as `0060.45`;
/// 2. [`Category::Code`]: a `code`, `citycode` or `charter` segment, or a title starting with
///    `Section`, `Chapter` or `Title` and a number;
/// 3. [`Category::Place`]: a `finder`, `locations`, `places`, `facilities` or `neighborhoods`
///    segment;
/// 4. [`Category::News`]: a segment such as `news`, `article`, `blog`, `press`, `media`,
///    `service-updates` or `events`, or a title naming a news release, press release, media
///    advisory or traffic advisory;
/// 5. [`Category::Service`]: a last segment or title whose first word is a service verb
///    (`report`, `apply`, `pay`, `permit`, `look`, ...);
/// 6. else [`Category::Page`].
///
/// Never [`Category::Home`] (the indexer decides home pages from the config) or
/// [`Category::Article`].
pub fn of_page(page: &Page) -> Category {
    let path = url::Url::parse(&page.url)
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let has = |names: &[&str]| segments.iter().any(|s| names.contains(&s.as_str()));
    let title = page.title.trim();
    let title_lower = title.to_lowercase();

    if has(&["directives", "policies", "policy"]) || starts_with_number_like(title, "dddd.dd") {
        return Category::Policy;
    }
    if has(&["code", "citycode", "charter"])
        || ["section ", "chapter ", "title "].iter().any(|p| {
            title_lower.starts_with(p)
                && title_lower[p.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
    {
        return Category::Code;
    }
    if has(&[
        "finder",
        "locations",
        "places",
        "facilities",
        "neighborhoods",
    ]) {
        return Category::Place;
    }
    if has(&[
        "article",
        "news",
        "blog",
        "press",
        "press-releases",
        "news-releases",
        "media",
        "service-updates",
        "events",
    ]) || [
        "traffic advisory",
        "news release",
        "media advisory",
        "press release",
    ]
    .iter()
    .any(|p| title_lower.contains(p))
    {
        return Category::News;
    }
    let last = segments.last().map(String::as_str).unwrap_or_default();
    let first_word = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_lowercase()
    };
    if SERVICE_VERBS.contains(&first_word(last).as_str())
        || SERVICE_VERBS.contains(&first_word(&title_lower).as_str())
    {
        return Category::Service;
    }
    Category::Page
}

/// `pattern` of `d` (digit) and literal characters at the start of `s`.
fn starts_with_number_like(s: &str, pattern: &str) -> bool {
    let mut chars = s.chars();
    pattern.chars().all(|p| match (p, chars.next()) {
        ('d', Some(c)) => c.is_ascii_digit(),
        (p, Some(c)) => p == c,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, title: &str) -> Page {
        let mut p = Page::new(url, "311", 0);
        p.title = title.to_owned();
        p
    }

    #[test]
    fn recognises_services_by_their_verb() {
        assert_eq!(
            of_page(&page(
                "https://x.gov/transportation/report-an-abandoned-vehicle",
                "Report an Abandoned Vehicle"
            )),
            Category::Service
        );
        assert_eq!(
            of_page(&page(
                "https://x.gov/es/bps/look-up-your-hauler",
                "Busque su transportador"
            )),
            Category::Service
        );
        assert_eq!(
            of_page(&page(
                "https://x.gov/ppd/permit-guide-adus",
                "ADU permit guide"
            )),
            Category::Service
        );
    }

    #[test]
    fn recognises_news_code_policy_and_places() {
        assert_eq!(
            of_page(&page(
                "https://x.gov/transportation/article/514230",
                "Traffic Advisory: lanes close"
            )),
            Category::News
        );
        assert_eq!(
            of_page(&page(
                "https://x.gov/citycode/charter/1-101",
                "Section 1-101 Powers"
            )),
            Category::Code
        );
        assert_eq!(
            of_page(&page(
                "https://x.gov/police/directives/article/525134",
                "0060.45 Orders"
            )),
            Category::Policy
        );
        assert_eq!(
            of_page(&page(
                "https://x.gov/parks/finder/1-cherry-blossom-park",
                "Cherry Blossom Park"
            )),
            Category::Place
        );
        assert_eq!(
            of_page(&page("https://x.gov/water/about", "About us")),
            Category::Page
        );
    }
}
