//! Crawler (being built).
