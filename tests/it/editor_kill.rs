//! SIGKILL a `firststop serve` in the middle of a burst of publishes through the editors' API:
//! after a restart every article file is one whole version that was sent (the old one or a new
//! one), the index serves exactly what the files say, and the history ends with the live text,
//! its revisions numbered without a gap.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{copy_dir, http_get, repo, run, serve, text};

const SLUGS: usize = 4;

/// A PUT with a bearer token (and `If-Match: *`, any live version, unless `new`); the status, or
/// `None` when the connection broke (the server was killed).
fn put(base: &str, token: &str, path: &str, body: &str, new: bool) -> Option<u16> {
    let host = base.strip_prefix("http://")?;
    let mut stream = TcpStream::connect(host).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(
        stream,
        "PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n{}Content-Type: text/markdown\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if new { "" } else { "If-Match: *\r\n" },
        body.len()
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    text(&raw).split_whitespace().nth(1)?.parse().ok()
}

fn version(slug: &str, n: usize) -> String {
    format!(
        "+++\ntitle = \"Kill test {slug} version {n}\"\nsummary = \"Version {n} of {slug}.\"\nbureau = \"pbot\"\nkeywords = [\"kill test\"]\n+++\n{}\n",
        format!("Paragraph {n} of {slug}. ").repeat(200)
    )
}

fn start(dir: &Path) -> crate::support::Server {
    serve(
        dir,
        &[
            "serve",
            "--config",
            "firststop.toml",
            "--data",
            "data",
            "--addr",
            "127.0.0.1:0",
        ],
    )
}

#[test]
fn a_killed_server_leaves_every_article_whole_indexed_and_in_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("firststop.toml"),
        dir.path().join("firststop.toml"),
    )
    .unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let cli = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--config", "firststop.toml", "--data", "data"]);
        let out = run(dir.path(), &all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    cli(&["index"]);
    cli(&[
        "accounts", "add", "ed", "--role", "editor", "--bureau", "pbot",
    ]);
    let token = cli(&["accounts", "token", "ed"]).trim().to_owned();
    let slugs: Vec<String> = (0..SLUGS).map(|i| format!("kill-test-{i}")).collect();
    // Every version ever sent, per slug.
    let sent: Arc<Mutex<Vec<Vec<String>>>> = Arc::new(Mutex::new(vec![Vec::new(); SLUGS]));

    // Each round kills the server once the burst has published a few versions, a little later in
    // the second round so the kill lands at another point of a publish.
    for (round, extra_ms) in [(0, 0u64), (1, 150)] {
        let mut server = start(dir.path());
        let base = server.base.clone();
        if round == 0 {
            for (i, slug) in slugs.iter().enumerate() {
                let text = version(slug, 1);
                let path = format!("/api/editor/articles/pbot/{slug}");
                assert_eq!(put(&base, &token, &path, &text, true), Some(201));
                sent.lock().unwrap()[i].push(text);
            }
        }
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let (base, token, slugs, sent, stop, done) = (
                    base.clone(),
                    token.clone(),
                    slugs.clone(),
                    sent.clone(),
                    stop.clone(),
                    done.clone(),
                );
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::SeqCst) {
                        let i = (n + w) % SLUGS;
                        let text = version(&slugs[i], round * 100_000 + w * 10_000 + n);
                        sent.lock().unwrap()[i].push(text.clone());
                        let path = format!("/api/editor/articles/pbot/{}", slugs[i]);
                        match put(&base, &token, &path, &text, false) {
                            Some(200 | 201) => {
                                done.fetch_add(1, Ordering::SeqCst);
                            }
                            Some(status) => panic!("publish answered {status}"),
                            None => break,
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while done.load(Ordering::SeqCst) < 4 {
            assert!(
                std::time::Instant::now() < deadline,
                "the burst did not publish"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(extra_ms));
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
        for w in writers {
            w.join().unwrap();
        }

        // After a restart: whole files, the index agrees, the history ends with what is live.
        let server = start(dir.path());
        let sent = sent.lock().unwrap();
        let history = editor::store::History::open(&dir.path().join("data")).unwrap();
        let mut published = 0;
        for (i, slug) in slugs.iter().enumerate() {
            let path = dir.path().join(format!("content/pbot/{slug}.md"));
            let Ok(live) = std::fs::read_to_string(&path) else {
                assert!(
                    history
                        .revisions(&format!("pbot/{slug}.md"))
                        .unwrap()
                        .is_empty(),
                    "{slug}: no file, so never published"
                );
                continue;
            };
            published += 1;
            assert!(
                sent[i].contains(&live),
                "round {round}: {slug} is not a version sent"
            );
            let title = live.lines().nth(1).unwrap();
            let title = title.trim_start_matches("title = \"").trim_end_matches('"');
            let (status, page) = http_get(&format!("{}/articles/{slug}", server.base));
            assert_eq!(status, 200, "{slug}");
            assert!(
                page.contains(title),
                "round {round}: the index serves another {slug} than the file"
            );
            let revisions = history.revisions(&format!("pbot/{slug}.md")).unwrap();
            let numbers: Vec<i64> = revisions.iter().map(|r| r.rev).collect();
            let expected: Vec<i64> = (1..=revisions.len() as i64).collect();
            assert_eq!(numbers, expected, "{slug}: revisions without a gap");
            assert_eq!(
                revisions.last().unwrap().source,
                live,
                "{slug}: history ends with the live text"
            );
            assert!(
                revisions.iter().all(|r| r.author == "ed"),
                "{slug}: every revision by its editor"
            );
        }
        assert_eq!(published, SLUGS, "round {round}: every article survived");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("content/pbot"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".md"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        let check = run(
            dir.path(),
            &[
                "check",
                "--config",
                "firststop.toml",
                "--content",
                "content",
            ],
        );
        assert!(check.status.success(), "{}", text(&check.stdout));
        drop(server);
    }
}
