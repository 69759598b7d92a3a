//! The templates (in `search-api/templates/`) and the view models they show. Templates escape
//! every value unless it is marked `|safe`: only snippets (escaped text with `<mark>`) and article
//! bodies (sanitized at index time) are.

use askama::Template;
use config::{Config, Lang};

use super::i18n::{Strings, fill};
use super::locale::Locale;
use super::{assets, links};
use engine::Kind;
use engine::response::{Action, Answer, BureauRef, Hit, Notice};

/// What every page shares: language, title, header and footer.
pub struct Layout {
    /// The interface text.
    pub t: &'static Strings,
    /// The interface language's tag, for `<html lang>`.
    pub lang: &'static str,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'static str,
    /// The `<title>`: the page's title, a dash, the site's name.
    pub title: String,
    /// The home page in the interface language: `/<lang>/`.
    pub home: String,
    /// The agent view in the interface language: `/<lang>/agent`.
    pub agent: String,
    /// The interface language's own name, shown on the closed language switcher.
    pub native: &'static str,
    /// The language switcher: this page in every interface language, in the city's order.
    pub switcher: Vec<LangLink>,
    /// Hashed address of the stylesheet.
    pub css: &'static str,
    /// Hashed address of the script every page loads.
    pub js: &'static str,
    /// Hashed address of the icon.
    pub icon: &'static str,
    /// Hashed address of one more script (the agent view's), if any.
    pub extra_js: Option<&'static str>,
    /// Hashed address of one more stylesheet (the staff pages'), if any.
    pub extra_css: Option<&'static str>,
    /// A class on `<body>` (`agent`), or `""`.
    pub body_class: &'static str,
}

impl Layout {
    /// `href(tag)` is this page in the interface language `tag`, for the language switcher.
    pub fn new(locale: &Locale, title: &str, href: impl Fn(&'static str) -> String) -> Layout {
        let t = locale.t();
        let tag = locale.tag();
        Layout {
            t,
            lang: tag,
            dir: locale.ui.dir(),
            title: format!("{title} – {}", t.site_name),
            home: format!("/{tag}/"),
            agent: format!("/{tag}/agent"),
            native: locale.ui.lang.native,
            switcher: super::i18n::all()
                .iter()
                .map(|ui| LangLink {
                    tag: ui.lang.tag,
                    native: ui.lang.native.to_owned(),
                    dir: ui.dir(),
                    href: href(ui.lang.tag),
                    current: ui.lang.tag == tag,
                })
                .collect(),
            css: assets::href("site.css"),
            js: assets::href("site.js"),
            icon: assets::href("icon.svg"),
            extra_js: None,
            extra_css: None,
            body_class: "",
        }
    }
}

/// A link to something in another language.
pub struct LangLink {
    /// The language's tag, for `lang` and `hreflang`.
    pub tag: &'static str,
    /// The link text: the language's own name, or a sentence naming it.
    pub native: String,
    /// The language's writing direction, `ltr` or `rtl`, for `dir` on its own name.
    pub dir: &'static str,
    /// Where it leads.
    pub href: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// The search box.
pub struct Form {
    /// Where the form is sent: `/<lang>/search` or `/<lang>/agent`.
    pub action: String,
    /// The question to show in the box (trailing spaces removed).
    pub q: String,
    /// The box's label.
    pub label: String,
    /// The hint under the box.
    pub hint: String,
    /// Whether the box takes the focus when the page opens.
    pub autofocus: bool,
}

impl Form {
    /// The search box of the pages for `locale`, holding `q`.
    pub fn search(locale: &Locale, q: &str) -> Form {
        Form {
            action: format!("/{}/search", locale.tag()),
            q: q.trim_end().to_owned(),
            label: locale.t().search_label.clone(),
            hint: locale.t().search_hint.clone(),
            autofocus: false,
        }
    }
}

/// The home page (`home.html`): the search box and the most-asked topics.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    /// What every page shares.
    pub l: Layout,
    /// The search box.
    pub form: Form,
    /// The editors' most-asked topics, in their order.
    pub topics: Vec<Topic>,
}

/// One most-asked topic: a link to its article.
pub struct Topic {
    /// The article's title.
    pub title: String,
    /// The article's address for this reader.
    pub href: String,
    /// The article's language tag (English where not translated).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// The results page (`search.html`).
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    /// What every page shares.
    pub l: Layout,
    /// The search box, holding the question.
    pub form: Form,
    /// "Results for ...".
    pub heading: String,
    /// "Results: N", N the total over every page.
    pub count: String,
    /// The "call 911" notice, above everything.
    pub emergency: Option<NoticeView>,
    /// "Did you mean", linking to the corrected search.
    pub suggestion: Option<Link>,
    /// The answer card.
    pub answer: Option<AnswerView>,
    /// Referrals (211), beside the results.
    pub referrals: Vec<NoticeView>,
    /// This page of results.
    pub hits: Vec<HitView>,
    /// What to say when there is no result.
    pub empty: String,
    /// The pager; empty when everything fits on one page.
    pub pages: Vec<PageLink>,
    /// The filters; a group with one value and no filter on is left out.
    pub facets: Vec<FacetGroup>,
}

/// An article page (`article.html`).
#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    /// What every page shares.
    pub l: Layout,
    /// The search box, empty.
    pub form: Form,
    /// The article.
    pub a: ArticleCard,
    /// The article's other published languages.
    pub translations: Vec<LangLink>,
}

/// An article as its page shows it.
pub struct ArticleCard {
    /// Its title.
    pub title: String,
    /// Its one- or two-sentence summary.
    pub summary: String,
    /// Its language tag.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The body, sanitized HTML from the index: the one value shown `|safe`.
    pub html: String,
    /// Its actions, with safe addresses.
    pub actions: Vec<ActionView>,
    /// The bureau's name, in the reader's language where the City publishes one.
    pub bureau: BureauName,
    /// The bureau's website, when the config has one.
    pub bureau_href: Option<String>,
    /// The bureau's phone, else 311's.
    pub phone: Option<String>,
    /// Last updated, `YYYY-MM-DD`.
    pub updated: Option<String>,
}

/// The 311 agent view (`agent.html`).
#[derive(Template)]
#[template(path = "agent.html")]
pub struct AgentPage {
    /// What every page shares.
    pub l: Layout,
    /// The question box.
    pub form: Form,
    /// The caller's language picker: every city language.
    pub callers: Vec<CallerOption>,
    /// "Results: N", or `""` before a search.
    pub count: String,
    /// Whether a question was searched (else the view is empty).
    pub searched: bool,
    /// The "call 911" notice.
    pub emergency: Option<NoticeView>,
    /// The answer card, in the agent's language where translated.
    pub answer: Option<AnswerView>,
    /// The answer in the caller's language, when that is another.
    pub caller_card: Option<CallerCard>,
    /// What the copy button copies: title, summary and phone, in the caller's language when
    /// translated.
    pub copy_text: String,
    /// The copied answer's address, without its query string.
    pub copy_href: String,
    /// Referrals (211).
    pub referrals: Vec<NoticeView>,
    /// The results beside the answer.
    pub hits: Vec<HitView>,
}

/// One language in the caller's language picker.
pub struct CallerOption {
    /// The language's tag, the option's value.
    pub tag: &'static str,
    /// Its own name, after its shortcut key for the first nine (`1 · English`).
    pub label: String,
    /// Its writing direction, `ltr` or `rtl`.
    pub dir: &'static str,
    /// Whether it is the caller's language now.
    pub current: bool,
}

/// The answer card's article in the caller's language, for the agent to read or send.
pub struct CallerCard {
    /// The caller's language tag.
    pub tag: &'static str,
    /// Its own name.
    pub native: &'static str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The translation's address.
    pub href: String,
    /// The translation's title.
    pub title: String,
    /// The translation's summary.
    pub summary: String,
}

/// The page for a failed request (`error.html`): 404, bad input, busy or internal error.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// What every page shares.
    pub l: Layout,
    /// A search box to try again, holding the question when there was one.
    pub form: Form,
    /// "Page not found", "Please check your search" or "Something went wrong", translated.
    pub heading: String,
    /// What went wrong and what to do, translated.
    pub message: String,
}

/// A plain link.
pub struct Link {
    /// Where it leads.
    pub href: String,
    /// Its text.
    pub label: String,
}

/// A "call 911" notice or a 211 referral.
pub struct NoticeView {
    /// The editors' message, in the question's language where translated.
    pub message: String,
    /// The number, for a `tel:` link.
    pub phone: String,
    /// The link text: "Call 911", translated.
    pub call: String,
    /// The notice's web page, made safe for an `href`.
    pub href: Option<String>,
    /// That page's address as shown: host and path.
    pub display: String,
}

impl NoticeView {
    /// The view of notice `n`, with interface text `t`.
    pub fn new(n: &Notice, t: &Strings) -> NoticeView {
        NoticeView {
            message: n.message.clone(),
            phone: n.phone.clone(),
            call: fill(&t.call_number, &[("phone", &n.phone)]),
            href: n.url.as_deref().map(links::safe),
            display: n.url.as_deref().map(links::display).unwrap_or_default(),
        }
    }
}

/// An action button.
pub struct ActionView {
    /// The button text.
    pub label: String,
    /// Where it leads, made safe for an `href` (`#` when it was not).
    pub href: String,
}

/// The buttons of `actions`, in order, with safe addresses.
pub fn actions(actions: &[Action]) -> Vec<ActionView> {
    actions
        .iter()
        .map(|a| ActionView {
            label: a.label.clone(),
            href: links::safe(&a.url),
        })
        .collect()
}

/// The answer card as the results page and the agent view show it.
pub struct AnswerView {
    /// The article's title.
    pub title: String,
    /// Its summary.
    pub summary: String,
    /// The article's address for this reader.
    pub href: String,
    /// The answer's language tag.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Its actions, with safe addresses.
    pub actions: Vec<ActionView>,
    /// The bureau's name, in the reader's language where the City publishes one.
    pub bureau: BureauName,
    /// The bureau's website, when the config has one.
    pub bureau_href: Option<String>,
    /// The bureau's phone, else 311's.
    pub phone: Option<String>,
    /// The same answer in the reader's language, when it is in another.
    pub in_reader: Option<LangLink>,
}

impl AnswerView {
    /// The view of answer `a` for the reader of `locale`, without the link to the reader's
    /// language, which the caller adds.
    pub fn new(a: &Answer, locale: &Locale, config: &Config) -> AnswerView {
        AnswerView {
            title: a.title.clone(),
            summary: a.summary.clone(),
            href: links::article(&a.url, locale.tag()),
            lang: a.lang.clone(),
            dir: dir_of(&a.lang),
            actions: actions(&a.actions),
            bureau: BureauName::new(config, &a.bureau, locale),
            bureau_href: bureau_href(config, &a.bureau),
            phone: a.phone.clone(),
            in_reader: None,
        }
    }
}

/// One result as the pages show it.
pub struct HitView {
    /// Where it leads: an article's address for this reader, or the page's URL made safe.
    pub href: String,
    /// The title, or the address shown when the result has none.
    pub title: String,
    /// A page's address as shown (host and path); `""` for articles.
    pub display: String,
    /// The heading of the section that matched.
    pub section: Option<String>,
    /// Escaped text with `<mark>` only, from the engine: shown `|safe`.
    pub snippet: String,
    /// The bureau's name, in the reader's language where the City publishes one.
    pub bureau: BureauName,
    /// "City answer" or "Web page", translated.
    pub kind: String,
    /// Last updated or published, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// The result's language tag (`und` when unknown).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Whether it is pinned above the ranking ("best bet").
    pub pinned: bool,
}

impl HitView {
    /// The view of result `h` for the reader of `locale`.
    pub fn new(h: &Hit, locale: &Locale, config: &Config) -> HitView {
        let (t, ui) = (locale.t(), locale.tag());
        let article = h.kind == Kind::Article;
        HitView {
            href: if article {
                links::article(&h.url, ui)
            } else {
                links::safe(&h.url)
            },
            title: if h.title.trim().is_empty() {
                links::display(&h.url)
            } else {
                h.title.clone()
            },
            display: if article {
                String::new()
            } else {
                links::display(&h.url)
            },
            section: h.section.clone(),
            snippet: h.snippet.clone(),
            bureau: BureauName::new(config, &h.bureau, locale),
            kind: kind_label(h.kind, t).to_owned(),
            updated: h.updated.clone(),
            lang: h.lang.clone(),
            dir: dir_of(&h.lang),
            pinned: h.pinned,
        }
    }
}

/// One link of the pager.
pub struct PageLink {
    /// The search on that page.
    pub href: String,
    /// The text: the page number, or "‹ Previous" / "Next ›".
    pub label: String,
    /// The accessible name: "Page 3", "Previous", "Next".
    pub aria: String,
    /// Whether it is the page shown.
    pub current: bool,
    /// `prev`, `next` or `""`.
    pub rel: &'static str,
}

/// One filter: bureau, language or kind.
pub struct FacetGroup {
    /// `bureau`, `lang` or `kind`, for element ids.
    pub key: &'static str,
    /// The filter's heading, translated.
    pub heading: String,
    /// "Any" first, then one item per value.
    pub items: Vec<FacetItem>,
}

/// One value of a filter.
pub struct FacetItem {
    /// The value as shown: bureau name, language's own name, or kind.
    pub label: String,
    /// The search with this value chosen, or without it when it is chosen now; from page one.
    pub href: String,
    /// Whether the search is filtered by it now.
    pub current: bool,
    /// Results with this value; `None` for "Any".
    pub count: Option<usize>,
    /// The label's language when it is not the page's: a language's own name, or a bureau's
    /// English name on a page in another language.
    pub lang: Option<&'static str>,
    /// The label's writing direction when `lang` is set (`rtl` for `العربية`).
    pub dir: Option<&'static str>,
}

/// The label of `kind` in the interface text `t`: "City answer" or "Web page" in English.
pub fn kind_label(kind: Kind, t: &Strings) -> &str {
    match kind {
        Kind::Article => &t.kind_article,
        Kind::Page => &t.kind_page,
    }
}

/// A bureau's name as the pages show it: the name the City publishes in the reader's interface
/// language (`names` in `firststop.toml`), else the configured English `name`, marked as English
/// so that a screen reader reads it as English on a page in another language.
pub struct BureauName {
    /// The name.
    pub text: String,
    /// `en` when the name is the English one on a page in another language; `None` when it is
    /// in the page's language (or the bureau is not configured and its id stands for it).
    pub lang: Option<&'static str>,
}

impl BureauName {
    /// The name of `bureau` for the reader of `locale`.
    pub fn new(config: &Config, bureau: &BureauRef, locale: &Locale) -> BureauName {
        BureauName::of(config, &bureau.id, &bureau.name, locale)
    }

    /// The name of the bureau `id` for the reader of `locale`; `fallback` when the config does
    /// not know the bureau.
    pub fn of(config: &Config, id: &str, fallback: &str, locale: &Locale) -> BureauName {
        let ui = locale.ui.lang;
        match config.bureau(id) {
            Some(b) => match b.published_name(ui) {
                Some(name) => BureauName {
                    text: name.to_owned(),
                    lang: None,
                },
                None => BureauName {
                    text: b.name.clone(),
                    lang: (ui != Lang::ENGLISH).then_some(Lang::ENGLISH.tag),
                },
            },
            None => BureauName {
                text: fallback.to_owned(),
                lang: None,
            },
        }
    }
}

/// The writing direction of content in language `tag`.
pub fn dir_of(tag: &str) -> &'static str {
    Lang::by_tag(tag).map_or("ltr", |l| l.dir.as_str())
}

/// The bureau's own website, from the config.
pub fn bureau_href(config: &Config, bureau: &BureauRef) -> Option<String> {
    config
        .bureau(&bureau.id)
        .and_then(|b| b.url.as_ref())
        .map(|u| links::safe(u.as_str()))
}
