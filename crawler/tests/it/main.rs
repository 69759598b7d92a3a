//! The crawler against a fixture web of its own (axum on 127.0.0.1:0): one module per rule.

mod support;

mod canonical;
mod charset;
mod dead_links;
mod extraction;
mod hygiene;
mod limits;
mod lock;
mod non_html;
mod politeness;
mod recrawl;
mod redirects;
mod refresh;
mod resume;
mod robots;
mod robots_meta;
mod setup;
mod sitemaps;
mod traps;
