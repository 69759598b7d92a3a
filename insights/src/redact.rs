//! Personal data out of a question before it is written anywhere: emails, phone numbers (other
//! than the City's own), SSNs, payment card numbers, street addresses and long digit runs are
//! replaced by `[email]`, `[phone]`, `[ssn]`, `[card]`, `[address]` and `[number]`.
//!
//! The rules run in that order on the NFKC form of the question (so full-width digits are
//! digits), each on what the earlier ones left. Where a rule is unsure it errs towards
//! redacting: a question that loses a few words still counts; a stored phone number cannot be
//! taken back. What each rule catches, with examples in the city's languages, is in the tests.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use regex::{Match, Regex};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// A question after [`redact`]: the only form in which a question can enter an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Redacted(String);

impl Redacted {
    /// Redacts `question` (see [`redact`]).
    pub fn new(question: &str, allowlist: &PhoneAllowlist) -> Redacted {
        Redacted(redact(question, allowlist))
    }

    /// The redacted text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The City's own published phone numbers, which residents search for and which stay in
/// questions (311's `503-823-4000`, a bureau's line). Matched in any spelling: digits are
/// compared with a leading North American `1` dropped, and a 7-digit local spelling
/// (`823-4000`) matches the number it ends.
#[derive(Debug, Clone, Default)]
pub struct PhoneAllowlist {
    numbers: HashSet<String>,
}

impl PhoneAllowlist {
    /// An allowlist of `numbers`, in any spelling (`503-823-4000`, `+1 (503) 823-4000`,
    /// `tel:+1-503-823-4000`). Entries without at least 7 digits are ignored.
    pub fn new<I, S>(numbers: I) -> PhoneAllowlist
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let numbers = numbers
            .into_iter()
            .map(|n| national_digits(n.as_ref()))
            .filter(|d| d.len() >= 7)
            .collect();
        PhoneAllowlist { numbers }
    }

    /// Whether `spelled` is one of the City's numbers.
    pub fn allows(&self, spelled: &str) -> bool {
        let digits = national_digits(spelled);
        self.numbers.contains(&digits)
            || (digits.len() == 7 && self.numbers.iter().any(|n| n.ends_with(&digits)))
    }
}

/// ASCII digits of a phone number, without a North American country code `1` before 10 digits.
fn national_digits(spelled: &str) -> String {
    let digits: String = spelled.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('1') {
        Some(rest) if rest.len() == 10 => rest.to_owned(),
        _ => digits,
    }
}

/// `question` with personal data replaced by placeholders; see the module documentation.
///
/// ```
/// use insights::{redact, PhoneAllowlist};
/// let city = PhoneAllowlist::new(["503-823-4000"]);
/// assert_eq!(
///     redact("call me at (503) 555-0142 or ana@example.org", &city),
///     "call me at [phone] or [email]"
/// );
/// assert_eq!(redact("is 311 503-823-4000 open", &city), "is 311 503-823-4000 open");
/// assert_eq!(redact("pothole at 1234 SE Main St", &city), "pothole at [address]");
/// ```
pub fn redact(question: &str, allowlist: &PhoneAllowlist) -> String {
    let text: String = question.nfkc().collect();
    let text = EMAIL.replace_all(&text, "[email]");
    let text = replace(&text, &CARD, card);
    let text = replace(&text, &SSN, |t, m| bounded(t, m, "[ssn]"));
    let mut text = text;
    for phone in PHONES.iter() {
        text = replace(&text, phone, |t, m| phone_number(t, m, allowlist));
    }
    // The other languages' street words first: `1234 SE Calle Main` is one address, not
    // `1234 SE Calle` and a street name left over.
    for address in ADDRESSES.iter() {
        text = replace(&text, address, |_, _| Verdict::Replace("[address]"));
    }
    let text = replace(&text, &HOUSE, street);
    let text = replace(&text, &CROSSING, crossing);
    replace(&text, &LONG_NUMBER, |_, m| {
        if allowlist.allows(m.as_str()) {
            Verdict::Keep
        } else {
            Verdict::Replace("[number]")
        }
    })
}

/// What to do with one match of a rule.
enum Verdict {
    /// Replace the match with this placeholder.
    Replace(&'static str),
    /// Leave the match as it is and go on after it.
    Keep,
    /// Not this match: look again from the next character.
    Retry,
}

/// Applies `judge` to each leftmost match of `re` in `text`. Unlike `Regex::replace_all`, a
/// rejected match is retried one character later, so a near miss does not hide a real match
/// that overlaps it.
fn replace(text: &str, re: &Regex, mut judge: impl FnMut(&str, &Match<'_>) -> Verdict) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(m) = re.find_at(text, from) {
        match judge(text, &m) {
            Verdict::Replace(placeholder) => {
                out.push_str(&text[copied..m.start()]);
                out.push_str(placeholder);
                copied = m.end();
                from = m.end().max(m.start() + 1);
            }
            Verdict::Keep => from = m.end().max(m.start() + 1),
            Verdict::Retry => {
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if from > text.len() {
            break;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether a match stands alone: no ASCII digit right before or after it.
fn stands_alone(text: &str, m: &Match<'_>) -> bool {
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit() || c == '+')
        && !after.is_some_and(|c| c.is_ascii_digit())
}

fn bounded(text: &str, m: &Match<'_>, placeholder: &'static str) -> Verdict {
    if stands_alone(text, m) {
        Verdict::Replace(placeholder)
    } else {
        Verdict::Retry
    }
}

/// Luhn's checksum, which every payment card number satisfies.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn card(text: &str, m: &Match<'_>) -> Verdict {
    if !stands_alone(text, m) {
        return Verdict::Retry;
    }
    let digits: Vec<u32> = m.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
    let grouped = m.as_str().contains([' ', '-']);
    if (13..=19).contains(&digits.len()) && luhn(&digits) {
        Verdict::Replace("[card]")
    } else if grouped {
        // Card-shaped groups that fail the checksum are still an account number of some kind.
        Verdict::Replace("[number]")
    } else {
        // A plain run: the long-number rule takes it.
        Verdict::Keep
    }
}

fn phone_number(text: &str, m: &Match<'_>, allowlist: &PhoneAllowlist) -> Verdict {
    if !stands_alone(text, m) {
        return Verdict::Retry;
    }
    let spelled = m.as_str();
    let digits = spelled.chars().filter(char::is_ascii_digit).count();
    let international = spelled.starts_with('+') || spelled.starts_with("00");
    let plausible = if international {
        (8..=17).contains(&digits)
    } else {
        (7..=13).contains(&digits)
    };
    if !plausible {
        Verdict::Retry
    } else if allowlist.allows(spelled) {
        Verdict::Keep
    } else {
        Verdict::Replace("[phone]")
    }
}

/// Words that are never part of a street name; they mean a number and a street word merely
/// share a sentence (`bus 72 on 82nd Ave`).
const NOT_STREET_NAMES: &[&str] = &[
    "a", "about", "an", "and", "are", "at", "by", "can", "do", "does", "for", "from", "how", "i",
    "in", "is", "it", "my", "near", "of", "on", "or", "our", "the", "their", "this", "to", "what",
    "when", "where", "why", "with", "you", "your", "con", "de", "el", "en", "la", "las", "los",
    "mi", "para", "por", "un", "una",
];

fn has_common_word(words: &str) -> bool {
    words
        .split(|c: char| c.is_whitespace() || c == ',')
        .any(|w| NOT_STREET_NAMES.contains(&w.to_lowercase().as_str()))
}

/// A house number and a street: refused when a "name" word is a common word.
fn street(text: &str, m: &Match<'_>) -> Verdict {
    let caps = HOUSE.captures_at(text, m.start());
    let names = caps
        .as_ref()
        .and_then(|c| c.name("names"))
        .map_or("", |n| n.as_str());
    if !stands_alone(text, m) || has_common_word(names) {
        Verdict::Retry
    } else {
        Verdict::Replace("[address]")
    }
}

/// Two streets and a conjunction: an address when a street suffix, a direction with an ordinal
/// (`SE 50th`), or a numbered street of two digits or more beside a named one (`82nd and
/// Glisan`) says these are streets, and no name is a common word.
fn crossing(text: &str, m: &Match<'_>) -> Verdict {
    let Some(caps) = CROSSING.captures_at(text, m.start()) else {
        return Verdict::Retry;
    };
    let has = |name: &str| caps.name(name).is_some();
    let numbered = |name: &str| {
        caps.name(name)
            .is_some_and(|o| o.as_str().chars().take_while(char::is_ascii_digit).count() >= 2)
    };
    let streets = has("s1")
        || has("s2")
        || ((has("d1") || has("d2")) && (has("o1") || has("o2")))
        || (numbered("o1") && has("n2"))
        || (has("n1") && numbered("o2"));
    let names = [caps.name("n1"), caps.name("n2")]
        .into_iter()
        .flatten()
        .any(|n| has_common_word(n.as_str()));
    if streets && !names {
        Verdict::Replace("[address]")
    } else {
        Verdict::Retry
    }
}

/// Portland's directional prefixes (`N`, `NE`, `SE`...), longest first for leftmost-first
/// matching.
const DIRECTION: &str = r"(?:northeast|northwest|southeast|southwest|north|south|east|west|[ns]\.\s?[ew]\.?|ne|nw|se|sw|n|s|e|w)\.?";
/// Common USPS street suffixes and their abbreviations.
const SUFFIX: &str = r"(?:street|st|avenue|ave|av|boulevard|blvd|road|rd|drive|dr|lane|ln|court|ct|place|pl|way|parkway|pkwy|highway|hwy|terrace|ter|circle|cir|loop|square|sq|trail|trl|crescent|cres)\.?";
const ORDINAL: &str = r"\d{1,3}(?:st|nd|rd|th)";
const NAME: &str = r"[\p{L}\d][\p{L}\d'’\-]*";
/// Street words of the city's other languages: Spanish, Vietnamese, Russian, Ukrainian,
/// Somali, Romanian.
const STREET_WORD: &str = r"(?:(?:calle|avenida|camino|carretera|bulevar|paseo|calzada|đường|phố|улиц[а-яё]*|проспект[а-яё]*|переул[а-яё]*|бульвар[а-яё]*|шоссе|вулиц[а-яіїє]*|провул[а-яіїє]*|waddada|wadada|jidka|strada|bulevardul|calea|aleea)\b|(?:av|avda|ул|вул|пр-т|str|bd)\.)";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.\w{2,}").expect("email pattern")
});
static CARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{5}|[0-9]{4}(?:[ \-][0-9]{4}){2,3}(?:[ \-][0-9]{1,3})?|[0-9]{13,19}")
        .expect("card pattern")
});
static SSN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}").expect("ssn pattern")
});
/// International (`+` or `00`), North American, trunk-prefixed local (`028 3823 4567`,
/// `8 (495) 123-45-67`), and 7-digit local spellings, tried in this order.
static PHONES: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"(?:\+|00)[1-9][0-9]{0,2}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,5})){1,6}",
        r"(?:\+?1[ .\-]?)?(?:\([0-9]{3}\)|[0-9]{3})[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}",
        r"(?:8 ?)?\(0?[0-9]{2,5}\) ?[0-9]{2,4}(?:[ .\-]?[0-9]{2,4}){1,3}|0[0-9]{1,4}[ .\-][0-9]{2,4}(?:[ .\-][0-9]{2,4}){1,3}",
        r"[0-9]{3}[.\-][0-9]{4}|[0-9]{3}-[0-9]{2}-[0-9]{2}",
    ]
    .map(|p| Regex::new(p).expect("phone pattern"))
});
/// `1234 SE Main St`, `1234 Main Street Apt 5, Portland OR 97214`, `1234 SE 82nd`, `6 SW 3rd`,
/// `4800 N.E. Fremont`. A one-digit number needs a street suffix or a numbered street.
static HOUSE: LazyLock<Regex> = LazyLock::new(|| {
    let unit = r"(?:\s*,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[a-z0-9\-]{1,6}\b)?";
    let city =
        r"(?:\s*,?\s*portland(?:\s*,?\s*(?:or|oregon)\b)?)?(?:\s*,?\s*[0-9]{5}(?:-[0-9]{4})?\b)?";
    Regex::new(&format!(
        r"(?i)\b(?:[0-9]{{1,6}}[a-z]?\s+(?:(?:{DIRECTION}\s+)?(?P<names>(?:{NAME}\s+){{1,3}}){SUFFIX}(?:\s+{DIRECTION})?|{DIRECTION}\s+{ORDINAL})|[0-9]{{2,6}}[a-z]?\s+{DIRECTION}\s+{NAME})\b{unit}{city}"
    ))
    .expect("house pattern")
});
/// `NE 82nd Ave and Glisan`, `SE 50th & Division`, `Main St y 5th`.
static CROSSING: LazyLock<Regex> = LazyLock::new(|| {
    let street = |i: u8| {
        format!(
            r"(?:(?P<d{i}>{DIRECTION})\s+)?(?:(?P<o{i}>{ORDINAL})|(?P<n{i}>{NAME}))(?:\s+(?P<s{i}>{SUFFIX}))?"
        )
    };
    Regex::new(&format!(
        r"(?i)\b{}\s*(?:\band\b|&|\by\b|\bvà\b|\bи\b|\bі\b|\bта\b|\biyo\b)\s*{}\b",
        street(1),
        street(2)
    ))
    .expect("crossing pattern")
});
/// Addresses in the other languages' own word order and in Chinese.
static ADDRESSES: LazyLock<[Regex; 5]> = LazyLock::new(|| {
    [
        // 1234 calle Main, 1234 SE Avenida Sandy Blvd, 1234 đường SE Main, 12 улица Ленина
        format!(r"(?i)\b[0-9]{{1,6}}[a-z]?\s+(?:{DIRECTION}\s+)?{STREET_WORD}\s+(?:{DIRECTION}\s+)?{NAME}(?:\s+{SUFFIX}\b)?"),
        // SE Main St 1234号: the street before the number, as an address is written in Chinese
        format!(r"(?i)(?:{DIRECTION}\s+)?(?:{NAME}\s+){{1,3}}{SUFFIX}\s*[0-9]{{1,6}}\s*[号號]"),
        // calle Principal 123, улица Ленина, д. 5, waddada Main 1234
        format!(r"(?i){STREET_WORD}\s+(?:{NAME}[\s,]+){{1,4}}(?:(?:д|дом|số|no|nr|núm|#)\.?\s*)?[0-9]{{1,6}}[a-z]?\b"),
        // số nhà 12, nhà số 12
        r"(?i)\b(?:số nhà|nhà số)\s*[0-9]{1,6}".to_owned(),
        // 主街1234号, Main街 12号
        r"(?:\p{Han}{1,3}|[A-Za-z0-9]{1,20}\s*)(?:街|路|大道|巷)\s*[0-9]{1,6}\s*[号號]?".to_owned(),
    ]
    .map(|p| Regex::new(&p).expect("address pattern"))
});
static LONG_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{6,}").expect("number pattern"));

#[cfg(test)]
mod tests;
