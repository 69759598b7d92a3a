//! The `[insights]` table of `firststop.toml`, as typed values.

/// How the search log is kept. Defaults are CONTRACT.md's: on, 395 days (13 months, so a month
/// can be compared with the same month a year before), questions listed from 3 askings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsightsSettings {
    /// Whether searches are recorded at all.
    pub enabled: bool,
    /// Events older than this many days (UTC days, today included) are deleted.
    pub retention_days: u32,
    /// Questions asked fewer times than this (within the range looked at) count in totals but
    /// are never listed, exported or shown in detail: a rare question can tell one person's
    /// story.
    pub min_count: u32,
}

impl Default for InsightsSettings {
    fn default() -> InsightsSettings {
        InsightsSettings {
            enabled: true,
            retention_days: 395,
            min_count: 3,
        }
    }
}
