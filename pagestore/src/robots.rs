//! robots.txt copies kept between crawls, one per origin, so a crawl started within a day of the
//! last one does not ask again: RFC 9309 §2.4 lets a crawler cache robots.txt for up to 24 hours.

use rusqlite::{Connection, OptionalExtension, params};

/// One origin's robots.txt as last fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotsCopy {
    /// `scheme://host[:port]` the file belongs to (`https://www.portland.gov`).
    pub origin: String,
    /// When it was fetched, in unix seconds.
    pub fetched: i64,
    /// HTTP status of the final answer, after redirects: 2xx with the file, 4xx for no file.
    pub status: u16,
    /// The bytes the crawler parsed (at most its size cap); empty for a 4xx.
    pub body: Vec<u8>,
}

pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS robots (
             origin TEXT PRIMARY KEY,
             fetched INTEGER NOT NULL,
             status INTEGER NOT NULL,
             body BLOB NOT NULL
         );",
    )
}

pub(crate) fn get(conn: &Connection, origin: &str) -> rusqlite::Result<Option<RobotsCopy>> {
    conn.query_row(
        "SELECT origin, fetched, status, body FROM robots WHERE origin = ?1",
        [origin],
        |r| {
            Ok(RobotsCopy {
                origin: r.get(0)?,
                fetched: r.get(1)?,
                status: r.get(2)?,
                body: r.get(3)?,
            })
        },
    )
    .optional()
}

pub(crate) fn put(conn: &Connection, copy: &RobotsCopy) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO robots (origin, fetched, status, body) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(origin) DO UPDATE SET fetched = ?2, status = ?3, body = ?4",
        params![copy.origin, copy.fetched, copy.status, copy.body],
    )
    .map(drop)
}
