//! Clicks without JavaScript: while searches are recorded, the pages' result links (the answer
//! card, its web actions, the results) lead through `GET /go?s=<search>&i=<position>&u=<url>`,
//! which records the click and answers `303 See Other` to the URL. It follows only a URL the
//! search showed at that place, so it can never be used as an open redirect; anything else gets
//! a "link not available" page and nothing is recorded. Phone and mail links stay direct.

use axum::extract::{RawQuery, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use insights::SearchId;
use url::form_urlencoded;

use super::links;
use super::locale::Locale;
use super::pages;
use super::staff::i18n::staff;
use super::views::{AnswerView, Form, HitView};
use crate::AppState;
use crate::searchlog::{self, Click};
use engine::response::SearchResponse;

/// How a page's result links reach their URLs: through `/go` for a recorded search, else direct.
pub struct ClickLinks {
    search: Option<SearchId>,
    shown: Vec<String>,
    ui: &'static str,
}

impl ClickLinks {
    /// The links of a page that showed `shown` ([`searchlog::shown`]) for the recorded search
    /// `search` (`None`: nothing is recorded, every link is direct), for an interface in `ui`.
    pub fn new(search: Option<SearchId>, shown: Vec<String>, ui: &'static str) -> ClickLinks {
        ClickLinks { search, shown, ui }
    }

    /// The link to the URL at `position` (1-based) of the shown list: `/go?...` while recording,
    /// else `direct` (also when `direct` was refused as unsafe, `#`).
    pub fn at(&self, position: usize, direct: String) -> String {
        let url = position
            .checked_sub(1)
            .and_then(|i| self.shown.get(i))
            .filter(|u| searchlog::is_web(u));
        match (self.search, url) {
            (Some(search), Some(url)) if direct != "#" => {
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("s", &search.to_string())
                    .append_pair("i", &position.to_string())
                    .append_pair("u", url)
                    .append_pair("lang", self.ui)
                    .finish();
                format!("/go?{query}")
            }
            _ => direct,
        }
    }

    /// Points the answer card's title and web actions, then the results, at their places in the
    /// shown list, in the order [`searchlog::shown`] lists them.
    pub fn apply(
        &self,
        response: &SearchResponse,
        answer: Option<&mut AnswerView>,
        hits: &mut [HitView],
    ) {
        let mut position = 0;
        if let (Some(view), Some(answer)) = (answer, &response.answer) {
            position += 1;
            view.href = self.at(position, std::mem::take(&mut view.href));
            for (action, view) in answer.actions.iter().zip(view.actions.iter_mut()) {
                if searchlog::is_web(&action.url) {
                    position += 1;
                    view.href = self.at(position, std::mem::take(&mut view.href));
                }
            }
        }
        for hit in hits {
            position += 1;
            hit.href = self.at(position, std::mem::take(&mut hit.href));
        }
    }
}

/// `GET /go?s=&i=&u=&lang=`: records the click and redirects to `u` when search `s` showed it;
/// otherwise the "link not available" page (404), with nothing recorded.
pub async fn go(
    State(state): State<AppState>,
    locale: Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let (mut search, mut position, mut url) = (None, None, None);
    for (key, value) in form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "s" => search = value.parse::<SearchId>().ok(),
            "i" => position = value.parse::<u32>().ok().filter(|&i| i >= 1),
            "u" => url = Some(value.into_owned()),
            _ => {}
        }
    }
    let (Some(search), Some(position), Some(url)) = (search, position, url) else {
        return refused(&locale);
    };
    let target = if url.starts_with('/') {
        links::article(&url, locale.tag())
    } else {
        links::safe(&url)
    };
    let Some(location) = location(&target) else {
        return refused(&locale);
    };
    match state.search_log.click(search, position, &url).await {
        Ok(Click::Follow) => (
            StatusCode::SEE_OTHER,
            [
                (LOCATION, location),
                (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Ok(Click::Refuse) => refused(&locale),
        Err(e) => pages::error(&locale, &e, Form::search(&locale, "")),
    }
}

/// `target` as a `Location` value: an http(s) URL or a path on this site, ASCII (percent-encoded
/// as the URL Standard serializes it); `None` for anything else.
fn location(target: &str) -> Option<HeaderValue> {
    let text = if target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\")
    {
        let parsed = url::Url::parse("http://localhost/")
            .ok()?
            .join(target)
            .ok()?;
        parsed[url::Position::BeforePath..].to_owned()
    } else {
        let parsed = url::Url::parse(target).ok()?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return None;
        }
        parsed.to_string()
    };
    HeaderValue::from_str(&text).ok()
}

/// The page for a link that is not one of its search's results.
fn refused(locale: &Locale) -> Response {
    let s = staff(locale.reader);
    pages::message(
        locale,
        StatusCode::NOT_FOUND,
        &s.link_refused_heading,
        &s.link_refused_text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_only_to_web_addresses_in_ascii() {
        assert_eq!(
            location("https://www.portland.gov/ño?x=1").unwrap(),
            "https://www.portland.gov/%C3%B1o?x=1"
        );
        assert_eq!(
            location("/articles/report-pothole?lang=es").unwrap(),
            "/articles/report-pothole?lang=es"
        );
        assert!(location("#").is_none());
        assert!(location("//evil.example/").is_none());
        assert!(location("javascript:alert(1)").is_none());
        assert!(location("tel:+1-503-823-4000").is_none());
    }

    #[test]
    fn links_go_through_the_redirect_only_while_recording() {
        let id = SearchId::new().unwrap();
        let shown = vec![
            "/articles/report-pothole".to_owned(),
            "https://city.example/transportation/report-a-pothole".to_owned(),
        ];
        let recording = ClickLinks::new(Some(id), shown.clone(), "es");
        let link = recording.at(
            2,
            "https://city.example/transportation/report-a-pothole".into(),
        );
        assert_eq!(
            link,
            format!(
                "/go?s={id}&i=2&u=https%3A%2F%2Fcity.example%2Ftransportation%2Freport-a-pothole&lang=es"
            )
        );
        assert_eq!(recording.at(3, "/x".into()), "/x", "not shown: direct");
        assert_eq!(recording.at(1, "#".into()), "#", "unsafe stays refused");
        let off = ClickLinks::new(None, shown, "es");
        assert_eq!(
            off.at(1, "/articles/report-pothole".into()),
            "/articles/report-pothole"
        );
    }
}
