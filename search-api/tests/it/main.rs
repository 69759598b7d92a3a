//! Integration tests of the search API through `app()` with `oneshot`, one module per feature.

mod staff_support;
mod support;
mod web_support;

mod api;
mod bad_input;
mod bridge;
mod editor;
mod editorial;
mod explain;
mod ranking;
mod search_log;

mod accessibility;
mod agent;
mod errors;
mod every_language;
mod languages;
mod notices;
mod pages;
mod safety;
mod staff;
mod understanding;
