use encoding_rs::{Encoding, KOI8_R, UTF_8, WINDOWS_1251, WINDOWS_1252};
use scraper::Html;

use super::*;

/// `(data, expected)` cases in html5lib-tests' `#data`/`#encoding` format.
fn cases(file: &str) -> Vec<(String, String)> {
    file.split("#data\n")
        .skip(1)
        .map(|case| {
            let (data, expected) = case.split_once("\n#encoding\n").expect("#encoding line");
            (data.to_owned(), expected.trim().to_owned())
        })
        .collect()
}

fn name(encoding: Option<&'static Encoding>) -> &'static str {
    encoding.map_or("none", Encoding::name)
}

#[test]
fn the_prescan_finds_what_the_standard_finds() {
    let file = include_str!("../tests/fixtures/encoding/prescan.dat");
    let cases = cases(file);
    assert!(cases.len() > 40, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for (data, expected) in &cases {
        let expected = match expected.as_str() {
            "none" => None,
            label => Some(Encoding::for_label(label.as_bytes()).expect("known label")),
        };
        let found = prescan(data.as_bytes());
        if found != expected {
            wrong.push(format!(
                "{data:?}: {} instead of {}",
                name(found),
                name(expected)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_prescan_reads_only_the_first_kilobyte() {
    let comment = format!("<!--{}-->", "x".repeat(PRESCAN_BYTES));
    let page = format!("{comment}<meta charset=\"koi8-r\">");
    assert_eq!(sniff(page.as_bytes(), None).source, Source::Guess);
    let short = format!("<!--{}-->", "x".repeat(900));
    let page = format!("{short}<meta charset=\"koi8-r\">");
    assert_eq!(sniff(page.as_bytes(), None).encoding, KOI8_R);
}

/// Decodes like the crawler: sniff, then the tree builder's first declaration.
fn decoded_encoding(body: &[u8]) -> &'static str {
    let decoded = decode_html(body, None);
    let doc = Html::parse_document(&decoded.text);
    let current = decoded.sniffed.encoding;
    match declared_in_tree(&doc) {
        Some(declared) if decoded.sniffed.confidence == Confidence::Tentative => {
            change_the_encoding(current, declared)
                .unwrap_or(current)
                .name()
        }
        _ => current.name(),
    }
}

#[test]
fn a_declaration_past_the_prescan_is_seen_by_the_tree_builder() {
    let long = format!("<!--{}-->", "x".repeat(4 * PRESCAN_BYTES));
    let cases: Vec<(String, &str)> = vec![
        (format!("{long}<meta charset=\"koi8-r\">"), "KOI8-R"),
        (
            format!(
                "<title>t</title>{long}<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            ),
            "windows-1251",
        ),
        (format!("<p>{long}</p><meta charset=\"koi8-r\">"), "KOI8-R"),
        // Ignored declarations leave the guess, which is UTF-8 for these ASCII pages.
        (format!("{long}<!-- <meta charset=\"koi8-r\"> -->"), "UTF-8"),
        (
            format!("{long}<meta content=\"text/html; charset=koi8-r\">"),
            "UTF-8",
        ),
        (
            format!("{long}<noscript><meta charset=\"koi8-r\"></noscript>"),
            "UTF-8",
        ),
        // A <meta> breaks out of SVG and is an HTML element again.
        (
            format!("{long}<svg><meta charset=\"koi8-r\"></svg>"),
            "KOI8-R",
        ),
        (
            format!("{long}<template><meta charset=\"koi8-r\"></template>"),
            "UTF-8",
        ),
        (format!("{long}<meta charset=\"utf-16\">"), "UTF-8"),
        (
            format!("<meta charset=\"windows-1251\">{long}<meta charset=\"koi8-r\">"),
            "windows-1251",
        ),
    ];
    for (page, expected) in cases {
        assert_eq!(
            decoded_encoding(page.as_bytes()),
            expected,
            "{}",
            &page[page.len() - 60..]
        );
    }
}

#[test]
fn without_a_declaration_the_bytes_are_guessed() {
    assert_eq!(
        decoded_encoding("<p>Привет, Портленд</p>".as_bytes()),
        "UTF-8"
    );
    assert_eq!(
        decoded_encoding(b"<p>plain ASCII</p>"),
        "UTF-8",
        "ASCII decodes alike in both"
    );
    let (cp1252, _, _) = WINDOWS_1252.encode("<p>Caf\u{e9} \u{201c}Sunnyside\u{201d} \u{2013} neighborhood association\u{2019}s meeting notes</p>");
    assert_eq!(decoded_encoding(&cp1252), "windows-1252");
    let (cp1251, _, _) =
        WINDOWS_1251.encode("<p>Заявка на разрешение на парковку для жителей района</p>");
    assert_eq!(decoded_encoding(&cp1251), "windows-1251");
}

#[test]
fn a_byte_order_mark_and_the_header_are_certain() {
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend_from_slice("<meta charset=koi8-r><p>Ж</p>".as_bytes());
    let decoded = decode_html(&body, Some("text/html; charset=windows-1252"));
    assert_eq!(
        (
            decoded.sniffed.encoding,
            decoded.sniffed.confidence,
            decoded.text.as_str()
        ),
        (UTF_8, Confidence::Certain, "<meta charset=koi8-r><p>Ж</p>")
    );
    let decoded = decode_html(
        b"<meta charset=koi8-r><p>\x93x\x94</p>",
        Some("text/html; charset=\"ISO-8859-1\""),
    );
    assert_eq!(decoded.sniffed.encoding, WINDOWS_1252);
    assert_eq!(decoded.sniffed.source, Source::Header);
    assert_eq!(
        decoded.text,
        "<meta charset=koi8-r><p>\u{201c}x\u{201d}</p>"
    );
}

#[test]
fn unknown_labels_fall_through() {
    let sniffed = sniff(
        b"<meta charset=\"klingon\"><p>x</p>",
        Some("text/html; charset=nonsense"),
    );
    assert_eq!((sniffed.encoding, sniffed.source), (UTF_8, Source::Guess));
}

#[test]
fn extracts_the_charset_of_a_content_attribute() {
    let extract = |s: &str| name(extract_from_meta_content(s.as_bytes()));
    assert_eq!(extract("text/html; charset=koi8-r"), "KOI8-R");
    assert_eq!(extract("text/html; CHARSET = \"koi8-r\" ; x"), "KOI8-R");
    assert_eq!(extract("charset=koi8-r;x"), "KOI8-R");
    assert_eq!(extract("charset='koi8-r"), "none");
    assert_eq!(extract("charset koi8-r"), "none");
    assert_eq!(extract("text/html"), "none");
}
