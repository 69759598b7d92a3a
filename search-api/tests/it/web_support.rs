//! Helpers for the page tests: a GET with headers, and the answer parsed as HTML.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use tower::ServiceExt;

/// One response, its body parsed.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// Bytes on the wire (compressed, when it was).
    pub len: usize,
    pub html: Html,
}

pub async fn page(app: &Router, uri: &str) -> Page {
    page_with(app, uri, &[]).await
}

pub async fn page_with(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Page {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&bytes).into_owned();
    Page {
        status,
        headers,
        len: bytes.len(),
        html: Html::parse_document(&body),
        body,
    }
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }

    /// The text of every element matching `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap();
        self.html
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, css: &str) -> String {
        self.texts(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {css} in\n{}", self.body))
    }

    /// Attribute `name` of every element matching `css`.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap();
        self.html
            .select(&selector)
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    pub fn attr(&self, css: &str, name: &str) -> String {
        self.attrs(css, name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {css}[{name}] in\n{}", self.body))
    }

    /// The href of the first link under `css` whose text contains `text`.
    pub fn link(&self, css: &str, text: &str) -> String {
        let selector = Selector::parse(&format!("{css} a")).unwrap();
        self.html
            .select(&selector)
            .find(|a| a.text().collect::<String>().contains(text))
            .and_then(|a| a.value().attr("href").map(str::to_owned))
            .unwrap_or_else(|| panic!("no link {text:?} under {css} in\n{}", self.body))
    }

    /// `<html lang dir>`.
    pub fn lang_dir(&self) -> (String, String) {
        (self.attr("html", "lang"), self.attr("html", "dir"))
    }

    /// Whether the element matching `a` comes before the one matching `b` in the document.
    pub fn before(&self, a: &str, b: &str) -> bool {
        let at = |css: &str| {
            let selector = Selector::parse(css).unwrap();
            let id = self
                .html
                .select(&selector)
                .next()
                .unwrap_or_else(|| panic!("no {css}"))
                .id();
            self.html.tree.nodes().position(|n| n.id() == id).unwrap()
        };
        at(a) < at(b)
    }
}
