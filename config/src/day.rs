//! Calendar days as the city writes them: ISO 8601 `YYYY-MM-DD`, in UTC. One home for reading
//! and writing them (through the `time` crate), for article `updated` dates, best-bet start and
//! end dates, crawled publication dates and the dates the API returns.

use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// `YYYY-MM-DD`.
const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// Reads `YYYY-MM-DD` (surrounding spaces allowed); `None` for anything else, including
/// impossible days such as `2026-02-30`.
pub fn parse(s: &str) -> Option<Date> {
    Date::parse(s.trim(), FORMAT).ok()
}

/// Reads the day at the start of a timestamp such as `2024-05-01T09:30:00-07:00` (the first ten
/// characters); `None` when they are not a day.
pub fn parse_leading(s: &str) -> Option<Date> {
    parse(s.trim_start().get(..10)?)
}

/// A TOML local date (`updated = 2026-11-01`) as a [`Date`]; `None` when it carries a time or an
/// offset, or is not a real day.
pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let d = value.date?;
    let month = time::Month::try_from(d.month).ok()?;
    Date::from_calendar_date(i32::from(d.year), month, d.day).ok()
}

/// Writes `date` as `YYYY-MM-DD`.
pub fn format(date: Date) -> String {
    date.format(FORMAT)
        .expect("a calendar day always formats as YYYY-MM-DD")
}

/// Today in UTC.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// The UTC day of a Unix timestamp in seconds; `None` outside the range `time` supports.
pub fn from_unix(seconds: i64) -> Option<Date> {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(OffsetDateTime::date)
}

/// Seconds since the Unix epoch at the start (00:00 UTC) of `date`.
pub fn unix_start(date: Date) -> i64 {
    date.midnight().assume_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_iso_days() {
        let d = parse("2026-11-01").unwrap();
        assert_eq!(format(d), "2026-11-01");
        assert_eq!(
            parse(" 2026-03-09 ").map(format).as_deref(),
            Some("2026-03-09")
        );
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("11/01/2026"), None);
    }

    #[test]
    fn reads_the_day_of_a_timestamp() {
        assert_eq!(
            parse_leading("2024-05-01T09:30:00-07:00")
                .map(format)
                .as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(parse_leading("May 1"), None);
    }

    #[test]
    fn toml_dates_without_time() {
        let v: toml::Table = toml::from_str("a = 2026-11-01\nb = 2026-11-01T10:00:00").unwrap();
        let get = |k: &str| match &v[k] {
            toml::Value::Datetime(d) => from_toml(d),
            _ => None,
        };
        assert_eq!(get("a").map(format).as_deref(), Some("2026-11-01"));
        assert_eq!(get("b"), None);
    }

    #[test]
    fn unix_seconds_round_trip_by_day() {
        let d = parse("2026-11-30").unwrap();
        assert_eq!(from_unix(unix_start(d)), Some(d));
        assert_eq!(from_unix(unix_start(d) + 86_399), Some(d));
    }
}
