//! Integration tests of the indexer, one module per feature.

mod check;
mod index;
mod referrals;
