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
    pub t: &'static Strings,
    pub lang: &'static str,
    pub dir: &'static str,
    pub title: String,
    pub home: String,
    pub agent: String,
    pub switcher: Vec<LangLink>,
    pub css: &'static str,
    pub js: &'static str,
    pub icon: &'static str,
    pub extra_js: Option<&'static str>,
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
            switcher: super::i18n::all()
                .iter()
                .map(|ui| LangLink {
                    tag: ui.lang.tag,
                    native: ui.lang.native.to_owned(),
                    href: href(ui.lang.tag),
                    current: ui.lang.tag == tag,
                })
                .collect(),
            css: assets::href("site.css"),
            js: assets::href("site.js"),
            icon: assets::href("icon.svg"),
            extra_js: None,
            body_class: "",
        }
    }
}

/// A link to something in another language.
pub struct LangLink {
    pub tag: &'static str,
    pub native: String,
    pub href: String,
    pub current: bool,
}

/// The search box.
pub struct Form {
    pub action: String,
    pub q: String,
    pub label: String,
    pub hint: String,
    pub autofocus: bool,
}

impl Form {
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

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub l: Layout,
    pub form: Form,
    pub topics: Vec<Topic>,
}

pub struct Topic {
    pub title: String,
    pub href: String,
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub l: Layout,
    pub form: Form,
    pub heading: String,
    pub count: String,
    pub emergency: Option<NoticeView>,
    pub suggestion: Option<Link>,
    pub answer: Option<AnswerView>,
    pub referrals: Vec<NoticeView>,
    pub hits: Vec<HitView>,
    pub empty: String,
    pub pages: Vec<PageLink>,
    pub facets: Vec<FacetGroup>,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub l: Layout,
    pub form: Form,
    pub a: ArticleCard,
    pub translations: Vec<LangLink>,
}

pub struct ArticleCard {
    pub title: String,
    pub summary: String,
    pub lang: String,
    pub dir: &'static str,
    pub html: String,
    pub actions: Vec<ActionView>,
    pub bureau: String,
    pub bureau_href: Option<String>,
    pub phone: Option<String>,
    pub updated: Option<String>,
}

#[derive(Template)]
#[template(path = "agent.html")]
pub struct AgentPage {
    pub l: Layout,
    pub form: Form,
    pub callers: Vec<CallerOption>,
    pub count: String,
    pub searched: bool,
    pub emergency: Option<NoticeView>,
    pub answer: Option<AnswerView>,
    pub caller_card: Option<CallerCard>,
    pub copy_text: String,
    pub copy_href: String,
    pub referrals: Vec<NoticeView>,
    pub hits: Vec<HitView>,
}

pub struct CallerOption {
    pub tag: &'static str,
    pub label: String,
    pub current: bool,
}

/// The answer card's article in the caller's language, for the agent to read or send.
pub struct CallerCard {
    pub tag: &'static str,
    pub native: &'static str,
    pub dir: &'static str,
    pub href: String,
    pub title: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub l: Layout,
    pub form: Form,
    pub heading: String,
    pub message: String,
}

pub struct Link {
    pub href: String,
    pub label: String,
}

/// A "call 911" notice or a 211 referral.
pub struct NoticeView {
    pub message: String,
    pub phone: String,
    pub call: String,
    pub href: Option<String>,
    pub display: String,
}

impl NoticeView {
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

pub struct ActionView {
    pub label: String,
    pub href: String,
}

pub fn actions(actions: &[Action]) -> Vec<ActionView> {
    actions
        .iter()
        .map(|a| ActionView {
            label: a.label.clone(),
            href: links::safe(&a.url),
        })
        .collect()
}

pub struct AnswerView {
    pub title: String,
    pub summary: String,
    pub href: String,
    pub lang: String,
    pub dir: &'static str,
    pub actions: Vec<ActionView>,
    pub bureau: String,
    pub bureau_href: Option<String>,
    pub phone: Option<String>,
    /// The same answer in the reader's language, when it is in another.
    pub in_reader: Option<LangLink>,
}

impl AnswerView {
    pub fn new(a: &Answer, ui: &str, config: &Config) -> AnswerView {
        AnswerView {
            title: a.title.clone(),
            summary: a.summary.clone(),
            href: links::article(&a.url, ui),
            lang: a.lang.clone(),
            dir: dir_of(&a.lang),
            actions: actions(&a.actions),
            bureau: a.bureau.name.clone(),
            bureau_href: bureau_href(config, &a.bureau),
            phone: a.phone.clone(),
            in_reader: None,
        }
    }
}

pub struct HitView {
    pub href: String,
    pub title: String,
    pub display: String,
    pub section: Option<String>,
    /// Escaped text with `<mark>` only, from the engine.
    pub snippet: String,
    pub bureau: String,
    pub kind: String,
    pub updated: Option<String>,
    pub lang: String,
    pub dir: &'static str,
    pub pinned: bool,
}

impl HitView {
    pub fn new(h: &Hit, t: &Strings, ui: &str) -> HitView {
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
            bureau: h.bureau.name.clone(),
            kind: kind_label(h.kind, t).to_owned(),
            updated: h.updated.clone(),
            lang: h.lang.clone(),
            dir: dir_of(&h.lang),
            pinned: h.pinned,
        }
    }
}

pub struct PageLink {
    pub href: String,
    pub label: String,
    pub aria: String,
    pub current: bool,
    pub rel: &'static str,
}

pub struct FacetGroup {
    pub key: &'static str,
    pub heading: String,
    pub items: Vec<FacetItem>,
}

pub struct FacetItem {
    pub label: String,
    pub href: String,
    pub current: bool,
    pub count: Option<usize>,
    pub lang: Option<&'static str>,
}

pub fn kind_label(kind: Kind, t: &Strings) -> &str {
    match kind {
        Kind::Article => &t.kind_article,
        Kind::Page => &t.kind_page,
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
