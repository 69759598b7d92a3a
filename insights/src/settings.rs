//! The `[insights]` table of `firststop.toml`, as typed values: the type is `config`'s, where
//! the file is read and checked, so the settings have one definition.

pub use config::InsightsSettings;
