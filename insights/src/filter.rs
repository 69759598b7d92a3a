//! What a report looks at: a range of UTC days and optional language, bureau and channel.

use time::{Date, Duration};

use crate::error::UserError;
use crate::event::Channel;

time::serde::format_description!(pub(crate) ymd, Date, "[year]-[month]-[day]");

/// Parses a `YYYY-MM-DD` date (UTC day).
///
/// # Errors
/// [`UserError::InvalidDate`].
pub fn parse_date(text: &str) -> Result<Date, UserError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|_| UserError::InvalidDate {
        value: text.to_owned(),
    })
}

/// The searches a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// First day, included (UTC).
    pub from: Date,
    /// Last day, included (UTC).
    pub to: Date,
    /// Only questions answered in this language (a city tag such as `es`).
    pub lang: Option<String>,
    /// Only searches whose answer or first result belongs to this bureau.
    pub bureau: Option<String>,
    /// Only searches from this channel.
    pub channel: Option<Channel>,
}

impl Filter {
    /// All searches from `from` to `to`, both included.
    ///
    /// # Errors
    /// [`UserError::InvalidRange`] when `to` is before `from`.
    pub fn new(from: Date, to: Date) -> Result<Filter, UserError> {
        if to < from {
            return Err(UserError::InvalidRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        Ok(Filter {
            from,
            to,
            lang: None,
            bureau: None,
            channel: None,
        })
    }

    /// The `days` days that end with `today` (at least one).
    pub fn last_days(days: u32, today: Date) -> Filter {
        let back = Duration::days(i64::from(days.max(1)) - 1);
        Filter {
            from: today.checked_sub(back).unwrap_or(Date::MIN),
            to: today,
            lang: None,
            bureau: None,
            channel: None,
        }
    }

    /// From query-string values: `from` and `to` as `YYYY-MM-DD`, each optional; without
    /// `to` the range ends `today`, without `from` it covers `default_days` days to `to`.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`], [`UserError::InvalidRange`].
    pub fn from_query(
        from: Option<&str>,
        to: Option<&str>,
        today: Date,
        default_days: u32,
    ) -> Result<Filter, UserError> {
        let to = match to.filter(|s| !s.is_empty()) {
            Some(text) => parse_date(text)?,
            None => today,
        };
        match from.filter(|s| !s.is_empty()) {
            Some(text) => Filter::new(parse_date(text)?, to),
            None => Ok(Filter::last_days(default_days, to)),
        }
    }

    /// The same filter with a language.
    pub fn lang(mut self, lang: impl Into<String>) -> Filter {
        self.lang = Some(lang.into());
        self
    }

    /// The same filter with a bureau.
    pub fn bureau(mut self, bureau: impl Into<String>) -> Filter {
        self.bureau = Some(bureau.into());
        self
    }

    /// The same filter with a channel.
    pub fn channel(mut self, channel: Channel) -> Filter {
        self.channel = Some(channel);
        self
    }

    /// How many days the range covers.
    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_are_year_month_day() {
        assert_eq!(parse_date("2026-03-02").unwrap(), date!(2026 - 03 - 02));
        for bad in ["2026-3-2", "03/02/2026", "2026-02-30", "", "yesterday"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_range_from_the_query_string_defaults_to_days_before_today() {
        let today = date!(2026 - 03 - 02);
        let f = Filter::from_query(None, None, today, 30).unwrap();
        assert_eq!((f.from, f.to, f.days()), (date!(2026 - 02 - 01), today, 30));
        let f = Filter::from_query(Some("2026-01-01"), Some("2026-01-31"), today, 30).unwrap();
        assert_eq!(f.days(), 31);
        assert!(Filter::from_query(Some("2026-02-01"), Some("2026-01-01"), today, 30).is_err());
        assert!(Filter::from_query(Some("soon"), None, today, 30).is_err());
    }
}
