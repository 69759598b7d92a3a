//! The editors' API (`CONTRACT.md`, "Editors") through `app()`: each error of the contract,
//! nothing written for another bureau, history and revert, unpublish, rules for admins only, and
//! the preview equal to the page served.

use axum::http::StatusCode;
use searchindex::IndexDir;

use crate::staff_support::{Answer, Staffed, call, get_as, staffed};
use crate::support::{enc, get, search, urls};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn put(s: &Staffed, token: &str, uri: &str, text: &str, if_match: Option<&str>) -> Answer {
    let auth = bearer(token);
    let mut headers = vec![("authorization", auth.as_str())];
    if let Some(tag) = if_match {
        headers.push(("if-match", tag));
    }
    call(&s.app, "PUT", uri, text, &headers).await
}

async fn send_as(s: &Staffed, method: &str, token: &str, uri: &str, body: &str) -> Answer {
    let auth = bearer(token);
    call(&s.app, method, uri, body, &[("authorization", &auth)]).await
}

/// The title of the answer card, else of the first result.
fn first_title(r: &engine::SearchResponse) -> String {
    r.answer
        .as_ref()
        .map(|a| a.title.clone())
        .or_else(|| r.results.first().map(|h| h.title.clone()))
        .unwrap_or_default()
}

fn article(title: &str, summary: &str, keyword: &str, body: &str) -> String {
    format!(
        "+++\ntitle = {title:?}\nsummary = {summary:?}\nbureau = \"pbot\"\nkeywords = [{keyword:?}]\n+++\n{body}\n"
    )
}

/// Everything a write could touch: the content files (path and text), the index's commit, and
/// the history database's revisions as the admin sees them.
fn snapshot(s: &Staffed) -> (Vec<(String, String)>, Option<searchindex::IndexStamp>) {
    let mut files = Vec::new();
    let root = s.city.path("content");
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    files.sort();
    (files, IndexDir::new(&s.city.data()).stamp())
}

#[tokio::test]
async fn every_refusal_of_the_api_is_json() {
    let s = staffed();
    let big = "x".repeat(3 * 1024 * 1024);
    let auth = bearer(&s.ed);
    for (method, uri, body) in [
        (
            "PUT",
            "/api/editor/articles/pbot/report-pothole",
            big.as_str(),
        ),
        (
            "POST",
            "/api/editor/articles/pbot/report-pothole/revert?rev=abc",
            "",
        ),
        ("PATCH", "/api/editor/articles/pbot/report-pothole", ""),
        ("GET", "/api/search?q=pothole&limit=abc", ""),
    ] {
        let answer = call(&s.app, method, uri, body, &[("authorization", &auth)]).await;
        assert!(
            answer.status.is_client_error(),
            "{method} {uri}: {}",
            answer.status
        );
        assert!(
            answer.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{method} {uri}: {}",
            answer.body
        );
    }
}

#[tokio::test]
async fn without_credentials_every_editor_endpoint_is_401() {
    let s = staffed();
    for (method, uri) in [
        ("GET", "/api/editor/articles"),
        ("GET", "/api/editor/articles/pbot/report-pothole"),
        ("PUT", "/api/editor/articles/pbot/report-pothole"),
        ("DELETE", "/api/editor/articles/pbot/report-pothole"),
        ("GET", "/api/editor/articles/pbot/report-pothole/history"),
        (
            "POST",
            "/api/editor/articles/pbot/report-pothole/revert?rev=1",
        ),
        ("POST", "/api/editor/preview"),
        ("GET", "/api/editor/rules/synonyms"),
        ("PUT", "/api/editor/rules/synonyms"),
    ] {
        let answer = call(&s.app, method, uri, "x", &[]).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(answer.json()["error"]["code"], "unauthorized");
        let bad = call(
            &s.app,
            method,
            uri,
            "x",
            &[("authorization", "Bearer fst_nope")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    // An insights reader is signed in but no editor.
    let answer = get_as(&s.app, "/api/editor/articles", &s.iris).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_editor_writes_nothing_for_another_bureau() {
    let s = staffed();
    let before = snapshot(&s);
    let live = get_as(&s.app, "/api/editor/articles/civic/report-graffiti", &s.ada).await;
    let etag = live.json()["etag"].as_str().unwrap().to_owned();
    let graffiti = live.json()["source"]
        .as_str()
        .unwrap()
        .replace("Report graffiti", "Gone");
    let new = article("Civic thing", "Short.", "thing", "Body.").replace("pbot", "civic");
    let attempts = [
        put(
            &s,
            &s.ed,
            "/api/editor/articles/civic/report-graffiti",
            &graffiti,
            Some(&etag),
        )
        .await,
        put(
            &s,
            &s.ed,
            "/api/editor/articles/civic/report-graffiti",
            &graffiti,
            Some("*"),
        )
        .await,
        put(
            &s,
            &s.ed,
            "/api/editor/articles/civic/new-civic-thing",
            &new,
            None,
        )
        .await,
        put(
            &s,
            &s.ed,
            "/api/editor/articles/civic/report-graffiti?lang=es",
            &graffiti,
            None,
        )
        .await,
        send_as(
            &s,
            "DELETE",
            &s.ed,
            "/api/editor/articles/civic/report-graffiti",
            "",
        )
        .await,
        send_as(
            &s,
            "POST",
            &s.ed,
            "/api/editor/articles/civic/report-graffiti/revert?rev=1",
            "",
        )
        .await,
        get_as(&s.app, "/api/editor/articles/civic/report-graffiti", &s.ed).await,
        get_as(
            &s.app,
            "/api/editor/articles/civic/report-graffiti/history",
            &s.ed,
        )
        .await,
        // A bureau that does not exist is not theirs either: 403 before any lookup.
        put(&s, &s.ed, "/api/editor/articles/nowhere/x", &new, None).await,
    ];
    for a in &attempts {
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
        assert_eq!(a.json()["error"]["code"], "forbidden");
    }
    // A pbot article whose front matter names civic is refused by the checks, not written.
    let sneaky = article("Sneaky", "Short.", "x", "Body.")
        .replace("bureau = \"pbot\"", "bureau = \"civic\"");
    let a = put(&s, &s.ed, "/api/editor/articles/pbot/sneaky", &sneaky, None).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(snapshot(&s), before, "files and index unchanged");
    let history = get_as(
        &s.app,
        "/api/editor/articles/civic/report-graffiti/history",
        &s.ada,
    )
    .await;
    assert_eq!(history.json().as_array().unwrap().len(), 1);
    // Their own bureau's list holds only pbot.
    let list = get_as(&s.app, "/api/editor/articles", &s.ed).await.json();
    let bureaus: Vec<&str> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["bureau"].as_str().unwrap())
        .collect();
    assert!(
        !bureaus.is_empty() && bureaus.iter().all(|b| *b == "pbot"),
        "{bureaus:?}"
    );
}

#[tokio::test]
async fn a_new_article_is_created_found_and_updated_with_its_etag() {
    let s = staffed();
    let uri = "/api/editor/articles/pbot/fix-streetlight";
    let v1 = article(
        "Report a broken streetlight",
        "Report a streetlight that is out online or call 311.",
        "lamp post dark",
        "Streetlights are repaired by the transportation bureau.",
    );
    // If-Match on an article that does not exist yet says so, and writes nothing.
    let ghost = put(&s, &s.ed, uri, &v1, Some("\"0123456789abcdef\"")).await;
    assert_eq!(
        ghost.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        ghost.body
    );
    assert!(ghost.body.contains("no such file"), "{}", ghost.body);
    assert!(!s.city.path("content/pbot/fix-streetlight.md").exists());
    // A slug too long for a file name is the editor's mistake: 400, not a failure of the server.
    let long = format!("/api/editor/articles/pbot/{}", "a".repeat(250));
    let refused = put(&s, &s.ed, &long, &v1, None).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("at most 200"), "{}", refused.body);

    let created = put(&s, &s.ed, uri, &v1, None).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let etag1 = created.json()["etag"].as_str().unwrap().to_owned();
    assert_eq!(created.header("etag"), etag1);
    assert_eq!(
        std::fs::read_to_string(s.city.path("content/pbot/fix-streetlight.md")).unwrap(),
        v1
    );
    // Served by search at once, without a restart.
    let (status, _, page) = get(&s.app, "/articles/fix-streetlight").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let found = search(&s.app, &format!("q={}", enc("broken streetlight"))).await;
    assert_eq!(first_title(&found), "Report a broken streetlight");
    let read = get_as(&s.app, uri, &s.ed).await;
    assert_eq!(read.json()["source"], v1.as_str());
    assert_eq!(read.json()["etag"], etag1.as_str());

    let v2 = v1.replace("broken streetlight", "dark streetlight");
    let no_match = put(&s, &s.ed, uri, &v2, None).await;
    assert_eq!(
        no_match.status,
        StatusCode::PRECONDITION_REQUIRED,
        "{}",
        no_match.body
    );
    let updated = put(&s, &s.ed, uri, &v2, Some(&etag1)).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    let etag2 = updated.json()["etag"].as_str().unwrap().to_owned();
    assert_ne!(etag1, etag2);

    // A second editor still holding the first version gets 412, and nothing changes.
    let before = snapshot(&s);
    let v3 = v1.replace("broken streetlight", "streetlight out");
    let stale = put(&s, &s.ed, uri, &v3, Some(&etag1)).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(stale.json()["error"]["code"], "precondition_failed");
    assert_eq!(snapshot(&s), before);

    let titles = search(&s.app, &format!("q={}", enc("dark streetlight"))).await;
    assert_eq!(first_title(&titles), "Report a dark streetlight");
    // The audit log names who did it, for admins only.
    assert_eq!(
        get_as(&s.app, "/api/editor/audit", &s.ed).await.status,
        StatusCode::FORBIDDEN
    );
    let log = get_as(&s.app, "/api/editor/audit?limit=20", &s.ada)
        .await
        .json();
    let saves: Vec<&serde_json::Value> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["actor"] == "ed"
                && r["action"] == "article.save"
                && r["target"] == "pbot/fix-streetlight.md"
        })
        .collect();
    assert_eq!(saves.len(), 2, "{log}");
    assert_eq!(saves[0]["detail"], "rev 2");
}

#[tokio::test]
async fn problems_come_back_with_their_lines_and_nothing_is_written() {
    let s = staffed();
    let before = snapshot(&s);
    let long = "x".repeat(301);
    let text = format!(
        "+++\ntitle = \"Streetlights\"\nsummary = \"{long}\"\nbureau = \"pbot\"\nstatus = \"live\"\nactions = [ {{ label = \"Go\", url = \"javascript:alert(1)\" }} ]\n+++\nBody.\n"
    );
    let a = put(
        &s,
        &s.ed,
        "/api/editor/articles/pbot/streetlights",
        &text,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let json = a.json();
    assert_eq!(json["error"]["code"], "failed_checks");
    let problems: Vec<(u64, String)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        problems
            .iter()
            .any(|(l, m)| *l == 3 && m.contains("301 characters")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(l, m)| *l == 5 && m.contains("status")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(l, m)| *l == 6 && m.contains("javascript:")),
        "{problems:?}"
    );

    let broken = "+++\ntitle = \"Streetlights\"\nsummary = \"ok\"\n";
    let a = put(
        &s,
        &s.ed,
        "/api/editor/articles/pbot/streetlights",
        broken,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["problems"][0]["line"], 1);

    // A slug another bureau already uses breaks a rule of the content folder.
    let taken = article("Graffiti", "Summary.", "tags", "Text.");
    let a = put(
        &s,
        &s.ed,
        "/api/editor/articles/pbot/report-graffiti",
        &taken,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("duplicate slug"), "{}", a.body);
    assert_eq!(snapshot(&s), before);
}

#[tokio::test]
async fn history_keeps_every_revision_and_revert_makes_one_live_again() {
    let s = staffed();
    let uri = "/api/editor/articles/pbot/report-pothole";
    let live = get_as(&s.app, uri, &s.ed).await.json();
    let v1 = live["source"].as_str().unwrap().to_owned();
    let v2 = v1.replace("Report a pothole", "Report a pothole or sinkhole");
    let saved = put(&s, &s.ed, uri, &v2, live["etag"].as_str()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["rev"], 2);

    let history = get_as(&s.app, &format!("{uri}/history"), &s.ed)
        .await
        .json();
    let revs = history.as_array().unwrap();
    assert_eq!(revs.len(), 2, "{history}");
    assert_eq!(revs[0]["author"], "(files)");
    assert_eq!(revs[1]["author"], "ed");
    assert_eq!(revs[1]["status"], "published");
    assert!(revs[1]["at"].as_str().unwrap().ends_with('Z'));

    let reverted = send_as(&s, "POST", &s.ed, &format!("{uri}/revert?rev=1"), "").await;
    assert_eq!(reverted.status, StatusCode::OK, "{}", reverted.body);
    assert_eq!(reverted.json()["rev"], 3);
    assert_eq!(
        std::fs::read_to_string(s.city.path("content/pbot/report-pothole.md")).unwrap(),
        v1
    );
    let found = search(&s.app, &format!("q={}", enc("report a pothole"))).await;
    assert_eq!(first_title(&found), "Report a pothole");
    let history = get_as(&s.app, &format!("{uri}/history"), &s.ed)
        .await
        .json();
    assert_eq!(history[2]["note"], "revert to 1");
    let missing = send_as(&s, "POST", &s.ed, &format!("{uri}/revert?rev=99"), "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// The response without `took_ms`, which is the time each call took.
fn without_timing(r: &engine::SearchResponse) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("took_ms");
    v
}

#[tokio::test]
async fn a_repeated_question_finds_an_article_published_or_unpublished_in_between() {
    let s = staffed();
    let uri = "/api/editor/articles/pbot/fix-streetlight";
    let q = format!("q={}", enc("broken streetlight"));
    let is_new = |u: &&str| u.ends_with("/articles/fix-streetlight");
    let before = search(&s.app, &q).await;
    assert!(!urls(&before).iter().any(is_new), "{:?}", urls(&before));
    // Asked again, the same answer (served from the cache of this commit).
    let again = search(&s.app, &q).await;
    assert_eq!(without_timing(&again), without_timing(&before));

    let text = article(
        "Report a broken streetlight",
        "Report a streetlight that is out online or call 311.",
        "lamp post dark",
        "Streetlights are repaired by the transportation bureau.",
    );
    let created = put(&s, &s.ed, uri, &text, None).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let after = search(&s.app, &q).await;
    assert_eq!(first_title(&after), "Report a broken streetlight");
    assert!(urls(&after).iter().any(is_new), "{:?}", urls(&after));

    let gone = send_as(&s, "DELETE", &s.ed, uri, "").await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    let unpublished = search(&s.app, &q).await;
    assert!(
        !urls(&unpublished).iter().any(is_new),
        "{:?}",
        urls(&unpublished)
    );
}

#[tokio::test]
async fn unpublishing_takes_a_page_off_and_keeps_it_in_history() {
    let s = staffed();
    let es = "/api/editor/articles/pbot/report-pothole?lang=es";
    let (status, _, _) = get(&s.app, "/es/articles/report-pothole").await;
    assert_eq!(status, StatusCode::OK);
    // The original cannot go while its translation is live.
    let refused = send_as(
        &s,
        "DELETE",
        &s.ed,
        "/api/editor/articles/pbot/report-pothole",
        "",
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);

    let gone = send_as(&s, "DELETE", &s.ed, es, "").await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert!(!s.city.path("content/pbot/report-pothole.es.md").exists());
    let (status, _, _) = get(&s.app, "/es/articles/report-pothole").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let history = get_as(
        &s.app,
        "/api/editor/articles/pbot/report-pothole/history?lang=es",
        &s.ed,
    )
    .await
    .json();
    assert_eq!(history[1]["status"], "unpublished");
    let list = get_as(&s.app, "/api/editor/articles?status=unpublished", &s.ed)
        .await
        .json();
    assert_eq!(list["articles"][0]["lang"], "es", "{list}");

    // Now the original could go, but a best bet and the home page's topics name it.
    let refused = send_as(
        &s,
        "DELETE",
        &s.ed,
        "/api/editor/articles/pbot/report-pothole",
        "",
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("best-bets.toml"), "{}", refused.body);

    let back = send_as(
        &s,
        "POST",
        &s.ed,
        "/api/editor/articles/pbot/report-pothole/revert?lang=es&rev=1",
        "",
    )
    .await;
    assert_eq!(back.status, StatusCode::CREATED, "{}", back.body);
    let (status, _, _) = get(&s.app, "/es/articles/report-pothole").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn rule_files_are_edited_by_admins_only_and_checked() {
    let s = staffed();
    let uri = "/api/editor/rules/synonyms";
    assert_eq!(
        get_as(&s.app, uri, &s.ed).await.status,
        StatusCode::FORBIDDEN
    );
    let before = snapshot(&s);
    let text = "groups = [[\"garbage\", \"trash\"], [\"streetlight\", \"lamp post\"]]\n";
    assert_eq!(
        put(&s, &s.ed, uri, text, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(snapshot(&s), before);

    let live = get_as(&s.app, uri, &s.ada).await.json();
    let etag = live["etag"].as_str().unwrap().to_owned();
    // A rule file that exists is replaced only by a change that names the version it edits.
    let blind = put(&s, &s.ada, uri, text, None).await;
    assert_eq!(
        blind.status,
        StatusCode::PRECONDITION_REQUIRED,
        "{}",
        blind.body
    );
    assert_eq!(snapshot(&s), before);

    let broken = "groups = [[\"garbage\", \"trash\"]]\n\n[[oneway]]\nfrom = \"junk car\"\nto = [\"abandoned vehicle\"]\nwhat = 1\n";
    let a = put(&s, &s.ada, uri, broken, Some(&etag)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.json()["problems"][0]["line"].as_u64().unwrap() >= 4,
        "{}",
        a.body
    );
    assert_eq!(snapshot(&s), before);

    let stale = put(&s, &s.ada, uri, text, Some("\"0000000000000000\"")).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let saved = put(&s, &s.ada, uri, text, live["etag"].as_str()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(get_as(&s.app, uri, &s.ada).await.json()["source"], text);
    assert_eq!(
        std::fs::read_to_string(s.city.path("content/synonyms.toml")).unwrap(),
        text
    );
    // Best bets must name published articles.
    let bets = "[[bet]]\nqueries = [\"x\"]\narticle = \"no-such-article\"\n";
    let bets_etag = get_as(&s.app, "/api/editor/rules/best-bets", &s.ada)
        .await
        .json()["etag"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = put(
        &s,
        &s.ada,
        "/api/editor/rules/best-bets",
        bets,
        Some(&bets_etag),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["problems"][0]["line"], 1);
    // A notice is checked against its own examples before the file is written: a pattern that
    // fires on one of its near misses is refused on that example's line.
    let before = snapshot(&s);
    let referrals = "[emergency]\nphone = \"911\"\nmessage.en = \"Call 911.\"\nphrases.en = [\"smoke\"]\npositives.en = [\"smoke pouring from the attic\"]\nnear_misses.en = [\n  \"free smoke alarm installation\",\n]\n";
    let referrals_etag = get_as(&s.app, "/api/editor/rules/referrals", &s.ada)
        .await
        .json()["etag"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = put(
        &s,
        &s.ada,
        "/api/editor/rules/referrals",
        referrals,
        Some(&referrals_etag),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["problems"][0]["line"], 7, "{}", a.body);
    assert!(
        a.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("free smoke alarm installation"),
        "{}",
        a.body
    );
    assert_eq!(snapshot(&s), before);
    let unknown = get_as(&s.app, "/api/editor/rules/passwords", &s.ada).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_preview_is_the_page_residents_get() {
    let s = staffed();
    let source = get_as(&s.app, "/api/editor/articles/pbot/report-pothole", &s.ed)
        .await
        .json()["source"]
        .as_str()
        .unwrap()
        .to_owned();
    let preview = send_as(
        &s,
        "POST",
        &s.ed,
        "/api/editor/preview?bureau=pbot&slug=report-pothole",
        &source,
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let (status, _, served) = get(&s.app, "/articles/report-pothole").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(preview.body, served);

    // A change is previewed, not published; raw HTML is sanitized as it would be when served.
    let changed = source.replace("Report a pothole\"", "Report a pothole today\"")
        + "\n<script>alert(1)</script>\n";
    let preview = send_as(
        &s,
        "POST",
        &s.ed,
        "/api/editor/preview?bureau=pbot&slug=report-pothole",
        &changed,
    )
    .await;
    assert!(preview.body.contains("Report a pothole today"));
    assert!(!preview.body.contains("<script>alert"));
    let (_, _, served) = get(&s.app, "/articles/report-pothole").await;
    assert!(!served.contains("Report a pothole today"));

    let bad = send_as(
        &s,
        "POST",
        &s.ed,
        "/api/editor/preview?bureau=pbot",
        "no front matter",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["problems"][0]["line"], 1);
    let theirs = send_as(
        &s,
        "POST",
        &s.ed,
        "/api/editor/preview?bureau=civic",
        &source,
    )
    .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_workspace_pages_show_the_bureau_and_where_an_article_ranks() {
    let s = staffed();
    let list = get_as(&s.app, "/editor?lang=en", &s.ed).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Report a pothole"), "{}", list.body);
    assert!(
        !list.body.contains("Report graffiti"),
        "another bureau's article is listed"
    );
    assert_eq!(list.header("cache-control"), "private, no-store");
    assert_eq!(
        get_as(&s.app, "/editor", &s.iris).await.status,
        StatusCode::FORBIDDEN
    );
    let theirs = get_as(&s.app, "/editor/articles/civic/report-graffiti", &s.ed).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);

    let q = enc("hole in the road\nzzyzx quagga");
    let page = get_as(
        &s.app,
        &format!("/editor/articles/pbot/report-pothole?lang=en&questions={q}"),
        &s.ed,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let rows: Vec<&str> = page.body.split("<tr>").skip(1).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("hole in the road") && r.contains("answer card")),
        "{}",
        page.body
    );
    // Why, from the ranking report: how the card was chosen, the words matched, the factors.
    let card_row = rows
        .iter()
        .find(|r| r.contains("hole in the road"))
        .unwrap();
    assert!(
        card_row.contains("Chosen as the answer card by the ranking.")
            && card_row.contains("Matched: ")
            && card_row.contains("Strongest factors: "),
        "{card_row}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("zzyzx quagga") && r.contains("not in the first 50")),
        "{}",
        page.body
    );

    // The insights to-do list's "write an answer" opens a new article with the question.
    let new = get_as(
        &s.app,
        "/editor/new?keyword=pothole%20on%20my%20street",
        &s.ed,
    )
    .await;
    assert!(
        new.body.contains(">pothole on my street</textarea>"),
        "{}",
        new.body
    );
    // The Spanish translation is edited beside its English original.
    let es = get_as(
        &s.app,
        "/editor/articles/pbot/report-pothole?translation=es",
        &s.ed,
    )
    .await;
    assert!(es.body.contains("class=\"original\""), "{}", es.body);
    assert!(es.body.contains("Reportar un bache"));
}
