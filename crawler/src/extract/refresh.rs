//! `<meta http-equiv="refresh">` and the `Refresh` header: the HTML Standard's "shared
//! declarative refresh steps" (§4.2.5.3), which browsers apply to both.

use url::Url;

/// A refresh: after `seconds`, the browser loads `url` (the page itself when none is given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    /// The delay, in whole seconds (a fraction is ignored, as browsers do).
    pub seconds: u64,
    /// Where to go, resolved against the page's base URL.
    pub url: Url,
}

/// Parses a refresh value (`5`, `0; url=/new/`, `0;URL='page.html'`) for a page whose base URL
/// is `base`. `None` when the value is malformed, as browsers then do nothing.
///
/// ```
/// use crawler::extract::refresh::parse;
/// let base = url::Url::parse("https://www.portland.gov/old/").unwrap();
/// let r = parse("0;URL=/new/", &base).unwrap();
/// assert_eq!((r.seconds, r.url.as_str()), (0, "https://www.portland.gov/new/"));
/// ```
pub fn parse(value: &str, base: &Url) -> Option<Refresh> {
    let input = value.trim_start_matches(is_space);
    let digits = input.len() - input.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (time, rest) = input.split_at(digits);
    if time.is_empty() && !rest.starts_with('.') {
        return None;
    }
    let seconds = if time.is_empty() {
        0
    } else {
        time.parse::<u64>().unwrap_or(u64::MAX)
    };
    let mut rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if !rest.is_empty() {
        if !rest.starts_with([';', ',']) && !rest.starts_with(is_space) {
            return None;
        }
        rest = rest.trim_start_matches(is_space);
        rest = rest.strip_prefix([';', ',']).unwrap_or(rest);
        rest = rest.trim_start_matches(is_space);
    }
    if rest.is_empty() {
        return Some(Refresh {
            seconds,
            url: base.clone(),
        });
    }
    let url = base.join(url_string(rest)).ok()?;
    Some(Refresh { seconds, url })
}

/// The URL part of a refresh value: what follows `url=` (spaces allowed around `=`, quotes
/// removed); the whole rest when it does not start with `url` and `=` (quotes removed unless it
/// starts with `u`).
fn url_string(rest: &str) -> &str {
    if !rest.starts_with(['u', 'U']) {
        return strip_quotes(rest);
    }
    let after = match rest.get(1..3) {
        Some(rl) if rl.eq_ignore_ascii_case("rl") => &rest[3..],
        _ => return rest,
    };
    let Some(value) = after.trim_start_matches(is_space).strip_prefix('=') else {
        return rest;
    };
    strip_quotes(value.trim_start_matches(is_space))
}

/// A value opened by `'` or `"` ends at the same quote (or at the end).
fn strip_quotes(s: &str) -> &str {
    match s.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            let inner = &s[1..];
            inner.find(quote).map_or(inner, |end| &inner[..end])
        }
        _ => s,
    }
}

fn is_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refresh(value: &str) -> Option<(u64, String)> {
        let base = Url::parse("https://city.test/dir/page").unwrap();
        parse(value, &base).map(|r| (r.seconds, r.url.to_string()))
    }

    #[test]
    fn reads_the_delay_and_the_target() {
        assert_eq!(
            refresh("0;URL=/new/"),
            Some((0, "https://city.test/new/".into()))
        );
        assert_eq!(
            refresh("  5 ; url = 'other.html' "),
            Some((5, "https://city.test/dir/other.html".into()))
        );
        assert_eq!(
            refresh("3, url=\"/x\"y\""),
            Some((3, "https://city.test/x".into()))
        );
        assert_eq!(
            refresh("0; /bare"),
            Some((0, "https://city.test/bare".into()))
        );
        assert_eq!(
            refresh("1.5; URL=/half"),
            Some((1, "https://city.test/half".into()))
        );
        assert_eq!(
            refresh(".5;url=/dot"),
            Some((0, "https://city.test/dot".into()))
        );
        assert_eq!(
            refresh("0; u=/not-url"),
            Some((0, "https://city.test/dir/u=/not-url".into()))
        );
    }

    #[test]
    fn a_delay_alone_reloads_the_page() {
        assert_eq!(
            refresh("300"),
            Some((300, "https://city.test/dir/page".into()))
        );
        assert_eq!(
            refresh("300;"),
            Some((300, "https://city.test/dir/page".into()))
        );
    }

    #[test]
    fn malformed_values_do_nothing() {
        assert_eq!(refresh(""), None);
        assert_eq!(refresh("soon; url=/x"), None);
        assert_eq!(refresh("5x; url=/x"), None);
    }
}
