//! The standard small city served with staff accounts and the search log: requests with a
//! bearer token or a session cookie, form posts, and the log lines of a request captured.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accounts::{Accounts, NewAccount, Role};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use insights::RecorderOptions;
use search_api::{SearchLog, app};
use time::OffsetDateTime;
use tower::ServiceExt;

use crate::support::{City, standard};

/// The standard city with three staff members and a search log that writes at once.
pub struct Staffed {
    pub city: City,
    pub app: Router,
    pub log: Arc<SearchLog>,
    pub accounts: Arc<Accounts>,
    /// Bearer tokens of `iris` (insights), `ed` (editor of pbot) and `ada` (admin).
    pub iris: String,
    pub ed: String,
    pub ada: String,
    /// `iris`'s password.
    pub iris_password: String,
    /// `ed`'s password.
    pub ed_password: String,
}

pub fn staffed() -> Staffed {
    staffed_with(standard(), "")
}

/// `city` with `insights` (the body of an `[insights]` table) added to its config.
pub fn staffed_with(city: City, insights: &str) -> Staffed {
    if !insights.is_empty() {
        let path = city.path("firststop.toml");
        let config = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{config}\n[insights]\n{insights}\n")).unwrap();
    }
    city.index();
    let accounts = Arc::new(Accounts::open(&city.data()).unwrap());
    let now = OffsetDateTime::now_utc();
    let known = |b: &str| ["pbot", "bps", "311", "civic", "water"].contains(&b);
    let add = |name: &str, role: Role, bureaus: &[&str]| {
        let new = NewAccount {
            name,
            role,
            bureaus,
        };
        let (_, password) = accounts.add(&new, known, "test", now).unwrap();
        let token = accounts.new_token(name, "test", now).unwrap();
        (
            token.secret.expose().to_owned(),
            password.expose().to_owned(),
        )
    };
    let (iris, iris_password) = add("iris", Role::Insights, &[]);
    let (ed, ed_password) = add("ed", Role::Editor, &["pbot"]);
    let (ada, _) = add("ada", Role::Admin, &[]);
    let options = RecorderOptions {
        batch_interval: Duration::from_millis(5),
        ..RecorderOptions::default()
    };
    let log = Arc::new(SearchLog::open(&city.data(), &city.config(), options).unwrap());
    let workspace = Arc::new(
        editor::Workspace::open(Arc::new(city.config()), &city.data(), &city.path("content"))
            .unwrap(),
    );
    let state = city
        .state()
        .with_accounts(accounts.clone())
        .with_search_log(log.clone())
        .with_editor(workspace, &city.data());
    Staffed {
        app: app(state),
        city,
        log,
        accounts,
        iris,
        ed,
        ada,
        iris_password,
        ed_password,
    }
}

/// A response, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }

    /// Every `Set-Cookie` value.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    /// The value the response sets for cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies().iter().find_map(|c| {
            c.split(';')
                .next()
                .and_then(|pair| pair.strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        })
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends `request`.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET `uri` with extra `headers`.
pub async fn get_with(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// GET `uri` with a bearer token.
pub async fn get_as(app: &Router, uri: &str, token: &str) -> Answer {
    get_with(app, uri, &[("authorization", &format!("Bearer {token}"))]).await
}

/// A request with `method`, `body` and extra `headers`.
pub async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::from(body.to_owned())).unwrap()).await
}

/// POST `uri` with a form body (pairs encoded here) and extra `headers`.
pub async fn post_form(
    app: &Router,
    uri: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Answer {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

impl Staffed {
    /// A session cookie header for `name`, signed in directly.
    pub fn session(&self, name: &str, password: &str) -> (String, String) {
        let session = self
            .accounts
            .sign_in(name, password, OffsetDateTime::now_utc())
            .unwrap();
        (
            format!("firststop_session={}", session.cookie.expose()),
            session.csrf,
        )
    }

    /// Writes what the recorder holds.
    pub fn flush(&self) {
        self.log.flush();
    }
}

/// Log lines written while the guard lives (on this thread, and on the blocking pool for the
/// requests it handles), at every level.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures every log line of this thread (and the work it hands to the blocking pool) until
/// the guard is dropped.
pub fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    // tracing decides once per log line, process-wide, whether anyone wants it, asking the
    // subscriber of whichever thread reaches the line first. A test thread with no subscriber
    // would answer "never" for every thread, this one included. A process-wide subscriber that
    // wants every line and writes nothing keeps that answer "always"; the thread's own
    // subscriber below still receives its lines.
    static LISTEN_EVERYWHERE: std::sync::Once = std::sync::Once::new();
    LISTEN_EVERYWHERE.call_once(|| {
        // Fails only if another global subscriber was set first, which serves as well.
        let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry());
    });
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // Lines already decided before the global subscriber existed are asked again.
    tracing::callsite::rebuild_interest_cache();
    (captured, guard)
}
