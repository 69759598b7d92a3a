//! What is recorded: one event per search answered and one per result clicked. Nothing about
//! the person who asked: no IP address, cookie, user agent or account is ever part of an event.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use crate::error::{InternalError, UserError};
use crate::redact::Redacted;

/// Where a search came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The HTML search page (`/search`).
    Web,
    /// The 311 agents' view (`/agent`).
    Agent,
    /// The JSON API (`/api/search`).
    Api,
}

impl Channel {
    /// Every channel, in their stored order.
    pub const ALL: [Channel; 3] = [Channel::Web, Channel::Agent, Channel::Api];

    /// `web`, `agent` or `api`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Agent => "agent",
            Channel::Api => "api",
        }
    }

    pub(crate) fn code(self) -> i64 {
        match self {
            Channel::Web => 0,
            Channel::Agent => 1,
            Channel::Api => 2,
        }
    }

    pub(crate) fn from_code(code: i64) -> Channel {
        match code {
            1 => Channel::Agent,
            2 => Channel::Api,
            _ => Channel::Web,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = UserError;

    fn from_str(s: &str) -> Result<Channel, UserError> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UserError::InvalidChannel {
                value: s.to_owned(),
            })
    }
}

/// A random id given to one search, carried by its result links so a click can be tied to the
/// search and checked against what it showed. 128 random bits, written as 32 hex digits; it says
/// nothing about who searched and cannot be guessed from another.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SearchId(pub(crate) [u8; 16]);

impl SearchId {
    /// A new random id.
    ///
    /// # Errors
    /// [`InternalError::Random`] when the operating system's random source fails.
    pub fn new() -> Result<SearchId, InternalError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| InternalError::Random(e.to_string()))?;
        Ok(SearchId(bytes))
    }

    /// The 16 bytes, as stored.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for SearchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for SearchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchId({self})")
    }
}

impl FromStr for SearchId {
    type Err = UserError;

    /// Parses 32 hex digits (either case).
    fn from_str(s: &str) -> Result<SearchId, UserError> {
        if s.len() != 32 || !s.is_ascii() {
            return Err(UserError::InvalidSearchId);
        }
        let mut bytes = [0u8; 16];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
                .map_err(|_| UserError::InvalidSearchId)?;
        }
        Ok(SearchId(bytes))
    }
}

impl Serialize for SearchId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One search as answered: what the log keeps of it.
#[derive(Debug, Clone)]
pub struct SearchEvent {
    /// The id its result links carry.
    pub id: SearchId,
    /// When it was answered (stored in UTC, to the millisecond).
    pub at: OffsetDateTime,
    /// Where it came from.
    pub channel: Channel,
    /// The question, redacted ([`Redacted`] can only be made by redacting).
    pub question: Redacted,
    /// The language the question was answered in (a city tag: `en`, `zh-hans`).
    pub lang: String,
    /// How many results matched (the response's `total`); 0 without an answer card is a
    /// zero-result search.
    pub results: u64,
    /// The answer card shown, by a stable id (its article URL), if any.
    pub answer: Option<String>,
    /// The URL of the first result, if any.
    pub top_url: Option<String>,
    /// The bureau of the answer card, else of the first result, if any.
    pub bureau: Option<String>,
    /// The notices shown above the results (`911`, `211`...), by id.
    pub notices: Vec<String>,
    /// The search's own time (`took_ms` of the response), in milliseconds.
    pub took_ms: f64,
    /// The URLs the page showed, in order (answer card first, if any); a click's `position` is
    /// its 1-based index in this list.
    pub shown: Vec<String>,
}

/// One click on a shown result, from the click redirect.
#[derive(Debug, Clone)]
pub struct ClickEvent {
    /// The search whose page was clicked.
    pub search: SearchId,
    /// When (UTC).
    pub at: OffsetDateTime,
    /// The 1-based position of the URL in the search's `shown` list.
    pub position: u32,
    /// The URL clicked.
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ids_are_random_and_round_trip_as_hex() {
        let id = SearchId::new().unwrap();
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(text.parse::<SearchId>().unwrap(), id);
        assert_eq!(text.to_uppercase().parse::<SearchId>().unwrap(), id);
        assert_ne!(SearchId::new().unwrap(), id);
        for bad in ["", "xyz", &"g".repeat(32), &"a".repeat(31), &"é".repeat(16)] {
            assert!(bad.parse::<SearchId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn channels_parse_from_their_names() {
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>().unwrap(), channel);
            assert_eq!(Channel::from_code(channel.code()), channel);
        }
        assert!("email".parse::<Channel>().is_err());
    }
}
