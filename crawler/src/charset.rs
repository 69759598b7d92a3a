//! Bytes to text: the character encoding a page declares (byte-order mark, `Content-Type` header,
//! `<meta charset>` or `http-equiv`), decoded with `encoding_rs`; UTF-8 when nothing is declared.

use encoding_rs::{Encoding, UTF_8};

/// How far into the body `<meta charset>` is looked for (the HTML spec says 1024 bytes; pages with
/// long comments or scripts first are common, so a little more).
const PRESCAN_BYTES: usize = 4096;

/// Decodes an HTML body. A byte-order mark wins (as the HTML spec says), then the header's
/// `charset`, then a `<meta>` declaration in the first bytes, then UTF-8. Malformed sequences
/// become U+FFFD rather than failing the page.
pub fn decode_html(body: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(body)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_param).and_then(label))
        .or_else(|| meta_charset(&body[..body.len().min(PRESCAN_BYTES)]))
        .unwrap_or(UTF_8);
    // `decode` sniffs the BOM again and strips it.
    let (text, used, _had_errors) = encoding.decode(body);
    (text.into_owned(), used)
}

/// Text of a non-HTML document (robots.txt, sitemaps): BOM, then the header's charset, then UTF-8.
pub fn decode_text(body: &[u8], content_type: Option<&str>) -> String {
    let encoding = content_type
        .and_then(charset_param)
        .and_then(label)
        .unwrap_or(UTF_8);
    encoding.decode(body).0.into_owned()
}

fn label(name: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(name.trim().as_bytes())?;
    // A page cannot really be UTF-16 if an ASCII-compatible declaration was readable (HTML spec).
    Some(
        if encoding == encoding_rs::UTF_16BE || encoding == encoding_rs::UTF_16LE {
            UTF_8
        } else {
            encoding
        },
    )
}

/// `charset=...` in a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The encoding named by the first `<meta charset=...>` or
/// `<meta http-equiv=content-type content="...; charset=...">` in `prefix`.
fn meta_charset(prefix: &[u8]) -> Option<&'static Encoding> {
    let lower: String = String::from_utf8_lossy(prefix).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
        let tag = &rest[start..tag_end];
        if let Some(pos) = tag.find("charset") {
            let after = tag[pos + "charset".len()..].trim_start();
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                let end = value
                    .find(|c: char| matches!(c, '"' | '\'' | ';' | '/' | '>') || c.is_whitespace());
                if let Some(encoding) = label(&value[..end.unwrap_or(value.len())]) {
                    return Some(encoding);
                }
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_windows_1252_named_in_the_header() {
        let body = b"<p>Caf\xe9 \x93quoted\x94 \x96 dash</p>";
        let (text, enc) = decode_html(body, Some("text/html; charset=windows-1252"));
        assert_eq!(enc.name(), "windows-1252");
        assert_eq!(
            text,
            "<p>Caf\u{e9} \u{201c}quoted\u{201d} \u{2013} dash</p>"
        );
    }

    #[test]
    fn iso_8859_1_means_windows_1252() {
        let (text, _) = decode_html(b"\x93x\x94", Some("text/html; charset=\"ISO-8859-1\""));
        assert_eq!(text, "\u{201c}x\u{201d}");
    }

    #[test]
    fn finds_meta_charset_when_the_header_says_nothing() {
        let body = b"<html><head><META CHARSET='windows-1252'><title>Caf\xe9</title>";
        let (text, enc) = decode_html(body, Some("text/html"));
        assert_eq!(enc.name(), "windows-1252");
        assert!(text.contains("Caf\u{e9}"));
    }

    #[test]
    fn finds_http_equiv_content_type() {
        let body =
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\" /><p>"
                .as_bytes();
        let mut bytes = body.to_vec();
        bytes.extend_from_slice(b"\x93\xfa\x96\x7b"); // 日本 in Shift_JIS
        let (text, enc) = decode_html(&bytes, None);
        assert_eq!(enc.name(), "Shift_JIS");
        assert!(text.ends_with("日本"));
    }

    #[test]
    fn header_wins_over_meta() {
        let body = b"<meta charset=\"iso-8859-5\"><p>\xd0\x96</p>";
        let (text, _) = decode_html(body, Some("text/html; charset=utf-8"));
        assert!(text.contains("Ж"));
    }

    #[test]
    fn byte_order_mark_wins_over_everything() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("<p>Ж</p>".as_bytes());
        let (text, enc) = decode_html(&body, Some("text/html; charset=windows-1252"));
        assert_eq!(enc.name(), "UTF-8");
        assert_eq!(text, "<p>Ж</p>");
    }

    #[test]
    fn defaults_to_utf8_and_survives_bad_bytes() {
        let (text, enc) = decode_html(b"<p>ok \xff</p>", None);
        assert_eq!(enc.name(), "UTF-8");
        assert_eq!(text, "<p>ok \u{fffd}</p>");
    }

    #[test]
    fn unknown_labels_fall_through() {
        let (_, enc) = decode_html(
            b"<meta charset=\"klingon\">",
            Some("text/html; charset=nonsense"),
        );
        assert_eq!(enc.name(), "UTF-8");
    }
}
