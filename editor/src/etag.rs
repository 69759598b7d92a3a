//! Versions of a file and the preconditions of a change: a strong etag of the exact text, and
//! `If-Match` compared strongly (RFC 9110, section 13.1.1), `*` matching any version.

use sha2::{Digest, Sha256};

use crate::Error;

/// The etag of a text: the first 16 hex digits of its SHA-256, quoted.
pub fn etag(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// An etag as compared: without a weak prefix, quotes or spaces.
fn strip_etag(tag: &str) -> &str {
    tag.trim().trim_start_matches("W/").trim_matches('"')
}

/// Whether a change that started from `if_match` may replace `current`.
pub(crate) fn precondition(current: Option<&str>, if_match: Option<&str>) -> Result<(), Error> {
    let if_match = if_match.map(str::trim).filter(|m| !m.is_empty());
    match (current, if_match) {
        (Some(text), None) => Err(Error::PreconditionRequired {
            current: text.to_owned(),
            etag: etag(text),
        }),
        (Some(_), Some("*")) | (None, None) => Ok(()),
        (Some(text), Some(m)) => {
            let live = etag(text);
            let matches = m.split(',').any(|t| strip_etag(t) == strip_etag(&live));
            if matches {
                Ok(())
            } else {
                Err(Error::Stale {
                    current: Some(text.to_owned()),
                    etag: Some(live),
                })
            }
        }
        (None, Some(_)) => Err(Error::Stale {
            current: None,
            etag: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_strong_and_compared_without_quotes() {
        let tag = etag("text");
        assert_eq!(tag.len(), 18);
        assert!(precondition(Some("text"), Some(&tag)).is_ok());
        assert!(precondition(Some("text"), Some(tag.trim_matches('"'))).is_ok());
        assert!(precondition(Some("text"), Some("*")).is_ok());
        assert!(matches!(
            precondition(Some("text"), Some("\"0000\"")),
            Err(Error::Stale { .. })
        ));
        assert!(matches!(
            precondition(Some("text"), None),
            Err(Error::PreconditionRequired { .. })
        ));
        assert!(precondition(None, None).is_ok());
        assert!(matches!(
            precondition(None, Some(&tag)),
            Err(Error::Stale { current: None, .. })
        ));
    }
}
