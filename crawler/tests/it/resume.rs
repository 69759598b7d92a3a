//! Kill and resume: a crawl killed (SIGKILL) in the middle loses at most the page in flight; the
//! next run resumes the same frontier and does not fetch again what was stored.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use config::Config;

use crate::support::*;

const CONFIG_VAR: &str = "CRAWLER_TEST_CHILD_CONFIG";
const DATA_VAR: &str = "CRAWLER_TEST_CHILD_DATA";

/// The crawl the parent test kills: this test binary, run again with only this test.
#[tokio::test]
#[ignore = "run as a child process by killed_crawl_resumes_without_refetching"]
async fn crawl_in_child_process() {
    let (Ok(config), Ok(data)) = (std::env::var(CONFIG_VAR), std::env::var(DATA_VAR)) else {
        return;
    };
    crawl(Config::load(config.as_ref()).unwrap(), data.as_ref()).await;
}

#[tokio::test]
async fn killed_crawl_resumes_without_refetching() {
    let paths: Vec<String> = (0..30).map(|i| format!("/p{i}")).collect();
    let server = serve(
        Router::new()
            .route(
                "/",
                get(move || {
                    let p = paths.clone();
                    async move { links("Home", &p.iter().map(String::as_str).collect::<Vec<_>>()) }
                }),
            )
            .route(
                "/{page}",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    page("Page", "<p>Text.</p>")
                }),
            ),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (config_path, data) = (dir.path().join("firststop.toml"), dir.path().join("data"));
    std::fs::write(&config_path, config_toml(&[site(&server, "")], "")).unwrap();

    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "resume::crawl_in_child_process",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env(CONFIG_VAR, &config_path)
        .env(DATA_VAR, &data)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.log.wait_for_pages(12).await;
    child.kill().await.unwrap();
    let killed_after = server.log.pages().len();
    let stored_before = store(&data).all_pages().unwrap().len();
    assert!(
        stored_before >= killed_after - 1 && stored_before < 31,
        "killed mid-crawl: {stored_before} stored after {killed_after} requests"
    );

    assert!(
        data.join(pagestore::LOCK_FILE_NAME).exists(),
        "the killed crawl left its lock file behind"
    );
    let report = crawl(Config::load(&config_path).unwrap(), &data).await;
    assert!(report.resumed, "and its lock did not stop the next crawl");
    assert_eq!(
        store(&data).all_pages().unwrap().len(),
        31,
        "every page stored in the end"
    );
    let pages = server.log.pages();
    let fetched_twice = pages
        .iter()
        .filter(|h| pages.iter().filter(|o| o.path == h.path).count() > 1)
        .count()
        / 2;
    assert!(
        fetched_twice <= 1,
        "at most the page in flight is fetched again ({fetched_twice})"
    );
    assert_eq!(pages.len(), 31 + fetched_twice);
}
