//! The whole pipeline as a user runs it: crawl a site, index it with articles, serve, search;
//! and `firststop up` on a fresh copy of the repository.

use crate::support::{copy_dir, fixture_site, http_get, repo, run, serve, text};

#[test]
fn crawl_index_serve_and_search() {
    let site = fixture_site(vec![
        ("/robots.txt", "User-agent: *\nDisallow: /private\n".to_owned()),
        ("/", "<html lang='en'><head><title>City</title></head><body><main><h1>City</h1><a href='/parks/report-a-broken-swing'>Swings</a> <a href='/private/secret'>x</a></main></body></html>".to_owned()),
        ("/parks/report-a-broken-swing", "<html lang='en'><head><title>Report a broken swing</title></head><body><nav>Menu</nav><main><h1>Report a broken swing</h1><p>Tell the parks bureau about a broken swing or slide at a playground.</p></main></body></html>".to_owned()),
        ("/private/secret", "<html><body>secret zebra</body></html>".to_owned()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[crawl]\nmin_delay_ms = 0\n[[bureaus]]\nid = \"311\"\nname = \"PDX 311\"\n[[bureaus]]\nid = \"parks\"\nname = \"Portland Parks & Recreation\"\n[[sites]]\nseeds = [\"{site}/\"]\nbureau = \"311\"\nsections = {{ \"/parks\" = \"parks\" }}\n"
    );
    std::fs::write(dir.path().join("firststop.toml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();

    let out = run(
        dir.path(),
        &["crawl", "--config", "firststop.toml", "--data", "data"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        dir.path(),
        &[
            "index",
            "--config",
            "firststop.toml",
            "--data",
            "data",
            "--content",
            "content",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = run(
        dir.path(),
        &[
            "search",
            "--config",
            "firststop.toml",
            "--data",
            "data",
            "--json",
            "swing",
            "broken",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["results"][0]["url"],
        format!("{site}/parks/report-a-broken-swing")
    );
    assert_eq!(json["results"][0]["bureau"]["id"], "parks");

    let server = serve(
        dir.path(),
        &[
            "serve",
            "--config",
            "firststop.toml",
            "--data",
            "data",
            "--addr",
            "127.0.0.1:0",
        ],
    );
    let (status, body) = http_get(&format!("{}/api/search?q=zebra", server.base));
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        json["total"], 0,
        "pages disallowed by robots.txt are never fetched: {body}"
    );
}

#[test]
fn up_serves_the_repository_content_on_a_fresh_copy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("firststop.toml"),
        dir.path().join("firststop.toml"),
    )
    .unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let server = serve(dir.path(), &["up", "--addr", "127.0.0.1:0"]);
    let (status, body) = http_get(&format!("{}/healthz", server.base));
    assert_eq!(status, 200, "{body}");
    let (status, body) = http_get(&format!("{}/api/search?q=pothole", server.base));
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["answer"]["bureau"]["id"], "pbot", "{body}");
    let (status, _) = http_get(&format!("{}/", server.base));
    assert_eq!(status, 200);
}
