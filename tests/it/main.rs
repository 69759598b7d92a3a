//! End-to-end tests of the `firststop` binary: the commands as a user runs them.

mod support;

mod accounts_cli;
mod check;
mod crawl_lock;
mod editor_kill;
mod explain;
mod index_kill;
mod pipeline;
mod search_log;
