//! One crawl per page store: a second crawl on the same data directory refuses with a one-line
//! error naming the running one; a finished or killed crawl leaves nothing in the way.

use axum::Router;
use axum::routing::get;
use crawler::{Crawler, Error, Progress};

use crate::support::*;

#[tokio::test]
async fn a_second_crawl_on_the_same_data_refuses_and_names_the_first() {
    let server =
        serve(Router::new().route("/", get(|| async { page("Home", "<p>Hi.</p>") }))).await;
    let data = tempfile::tempdir().unwrap();
    let first = Crawler::new(config(&[&server], ""), data.path(), Progress::Quiet).unwrap();
    let err = Crawler::new(config(&[&server], ""), data.path(), Progress::Quiet)
        .err()
        .expect("the second crawl refuses");
    let message = err.to_string();
    assert!(matches!(err, Error::AlreadyRunning { .. }), "{err:?}");
    assert!(
        message.starts_with("another crawl is running on ")
            && message.contains(&format!("pid {}", std::process::id()))
            && message.contains("started 20"),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(server.log.hits().is_empty(), "nothing was requested");

    first.run().await.unwrap();
    let other = tempfile::tempdir().unwrap();
    Crawler::new(config(&[&server], ""), other.path(), Progress::Quiet)
        .expect("another data directory is free")
        .run()
        .await
        .unwrap();
    crawl(config(&[&server], ""), data.path()).await;
}
