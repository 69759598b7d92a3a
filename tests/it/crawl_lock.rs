//! One crawl per data directory, as a user meets it: a second `firststop crawl` refuses with one
//! line naming the running crawl, and runs once that one is gone.

use crate::support::{fixture_site, run, text};

#[test]
fn a_second_crawl_refuses_while_one_runs_on_the_same_data() {
    let site = fixture_site(vec![(
        "/",
        "<html lang='en'><head><title>City</title></head><body><main><p>Hi.</p></main></body></html>"
            .to_owned(),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[crawl]\nmin_delay_ms = 0\n[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[sites]]\nseeds = [\"{site}/\"]\nbureau = \"311\"\n"
    );
    std::fs::write(dir.path().join("firststop.toml"), config).unwrap();
    let args = ["crawl", "--config", "firststop.toml", "--data", "data"];

    let running = pagestore::CrawlLock::acquire(&dir.path().join("data")).unwrap();
    let out = run(dir.path(), &args);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("firststop: another crawl is running on ")
            && stderr.contains(&format!("(pid {}, started ", std::process::id())),
        "{stderr}"
    );

    drop(running);
    let out = run(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
}
