//! Nothing personal reaches the disk.

use insights::{Sort, redact};

use crate::{Log, city, on, t0, times};

#[test]
fn questions_are_stored_redacted_and_no_personal_data_is_in_the_file() {
    let mut log = Log::default();
    let personal = [
        "call me at 503-555-0142 about the pothole",
        "email ana.lopez@gmail.com pothole",
        "pothole in front of 1234 SE Main St",
        "my card 4111 1111 1111 1111 was charged",
        "ssn 123-45-6789 tax",
        "mi casa en calle Principal 456 bache",
    ];
    for q in personal {
        log.searches(times(3, q, "en", t0()));
    }
    drop(log.writer);
    let listed = log.store.questions(&on(t0()), Sort::Count, 50).unwrap();
    let texts: Vec<&str> = listed.iter().map(|q| q.query.as_str()).collect();
    for q in personal {
        assert!(texts.contains(&redact(q, &city()).as_str()), "{texts:?}");
    }
    let mut bytes = std::fs::read(log.store.path()).unwrap();
    let wal = log.store.path().with_extension("db-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    let raw = String::from_utf8_lossy(&bytes);
    for secret in [
        "555-0142",
        "ana.lopez",
        "1234 SE Main",
        "4111 1111",
        "123-45-6789",
        "Principal 456",
    ] {
        assert!(!raw.contains(secret), "{secret} is in the database file");
    }
    assert!(raw.contains("[phone]") && raw.contains("[address]"));
}

#[test]
fn the_export_never_holds_personal_data_or_a_formula() {
    let mut log = Log::default();
    log.searches(times(
        3,
        "=HYPERLINK(\"http://x\") ana@example.org",
        "en",
        t0(),
    ));
    log.searches(times(3, "@SUM(A1) pothole", "en", t0()));
    log.searches(times(3, "-2+3 recycling", "en", t0()));
    let mut out = Vec::new();
    log.store.export_csv(&on(t0()), &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert!(!csv.contains("ana@example.org"), "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let queries: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert_eq!(queries.len(), 3, "{csv}");
    for q in &queries {
        assert!(q.starts_with('\''), "{q} would run as a formula");
    }
    assert!(
        queries.contains(&"'=HYPERLINK(\"http://x\") [email]".to_owned()),
        "{queries:?}"
    );
}

#[test]
fn an_event_has_no_field_for_the_person() {
    // The stored columns of a search: none names an address, cookie, agent or account.
    let log = Log::default();
    let conn = rusqlite::Connection::open(log.store.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('searches')")
        .unwrap();
    let columns: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for forbidden in ["ip", "cookie", "agent", "user", "account", "session"] {
        assert!(
            !columns.iter().any(|c| c.contains(forbidden)),
            "{columns:?}"
        );
    }
}
