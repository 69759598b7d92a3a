//! Search API (being built).
