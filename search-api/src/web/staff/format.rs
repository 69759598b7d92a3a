//! Numbers as the reader writes them: digit groups and the decimal sign from the staff text of
//! their language (`1,234.5` in English, `1.234,5` in Spanish, `1 234,5` in Russian).

use super::i18n::StaffStrings;

/// Formats numbers for one reader.
#[derive(Clone, Copy)]
pub struct Numbers<'a> {
    decimal: &'a str,
    group: &'a str,
    none: &'a str,
}

impl<'a> Numbers<'a> {
    /// The conventions of the staff text `s`.
    pub fn new(s: &'a StaffStrings) -> Numbers<'a> {
        Numbers {
            decimal: &s.number_decimal,
            group: &s.number_group,
            none: &s.not_applicable,
        }
    }

    /// A whole number with its digits grouped by three.
    pub fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * self.group.len());
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(d);
        }
        out
    }

    /// `x` with `places` decimals (rounded), its whole part grouped.
    pub fn fixed(&self, x: f64, places: usize) -> String {
        if !x.is_finite() {
            return self.none.to_owned();
        }
        let text = format!("{:.*}", places, x.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        let whole = self.int(whole.parse().unwrap_or(0));
        if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{fraction}", self.decimal)
        }
    }

    /// A share from 0 to 1 as a percentage with one decimal: `12.5%`.
    pub fn percent(&self, share: f64) -> String {
        format!("{}%", self.fixed(share * 100.0, 1))
    }

    /// [`Numbers::percent`], or the "not applicable" sign for `None`.
    pub fn maybe_percent(&self, share: Option<f64>) -> String {
        share.map_or_else(|| self.none.to_owned(), |s| self.percent(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers<'a>(decimal: &'a str, group: &'a str) -> Numbers<'a> {
        Numbers {
            decimal,
            group,
            none: "–",
        }
    }

    #[test]
    fn groups_digits_and_places_the_decimal_sign_per_language() {
        let en = numbers(".", ",");
        assert_eq!(en.int(0), "0");
        assert_eq!(en.int(999), "999");
        assert_eq!(en.int(1000), "1,000");
        assert_eq!(en.int(1_234_567), "1,234,567");
        assert_eq!(en.fixed(1234.56, 1), "1,234.6");
        assert_eq!(en.percent(0.125), "12.5%");
        assert_eq!(en.maybe_percent(None), "–");
        let ru = numbers(",", " ");
        assert_eq!(ru.fixed(1234.56, 1), "1 234,6");
        assert_eq!(numbers(",", ".").percent(1.0), "100,0%");
        assert_eq!(en.fixed(-0.01, 1), "0.0");
        assert_eq!(en.fixed(f64::NAN, 1), "–");
    }
}
