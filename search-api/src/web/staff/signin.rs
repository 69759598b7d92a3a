//! `/signin` and `/signout`: a name and password for a session cookie, and back.
//!
//! The sign-in form is protected against login CSRF with a signed double-submit token
//! ([`accounts::secret::FormKey`]): the same token in a short-lived `firststop_signin` cookie
//! (`HttpOnly; SameSite=Strict`) and in the form, signed by a key only this server process
//! holds and valid for [`FORM_LIFETIME`]. A POST whose two differ, whose token the server did
//! not sign or is too old, or that the browser says came from another site, is refused before
//! any password is checked. Sign-out posts the session's own CSRF token.

use std::sync::LazyLock;

use accounts::secret::FormKey;
use accounts::{MAX_SESSION_AGE, UserError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use time::OffsetDateTime;
use url::form_urlencoded;

use super::i18n::{StaffStrings, staff};
use super::page::{layout, redirect};
use crate::AppState;
use crate::auth::{SESSION_COOKIE, authenticate, cookie_value, cross_site, is_https, set_cookie};
use crate::searchlog::blocking;
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::render;
use crate::web::views::Layout;

/// The sign-in form's double-submit cookie.
const SIGNIN_COOKIE: &str = "firststop_signin";
/// How long a sign-in form stays usable.
const FORM_LIFETIME: time::Duration = time::Duration::hours(2);
/// The key that signs the sign-in forms of this process; `None` when the operating system gave
/// no randomness (the form is then unavailable, a 500).
static FORM_KEY: LazyLock<Option<FormKey>> = LazyLock::new(|| match FormKey::generate() {
    Ok(key) => Some(key),
    Err(e) => {
        tracing::error!(error = %e, "no key for the sign-in forms");
        None
    }
});

/// The longest `next` address kept.
const MAX_NEXT: usize = 2000;

/// The sign-in page (`staff/signin.html`).
#[derive(Template)]
#[template(path = "staff/signin.html")]
struct SignInPage {
    l: Layout,
    s: &'static StaffStrings,
    action: String,
    csrf: String,
    next: String,
    name: String,
    message: Option<String>,
}

/// `next` if it is a page of this site to return to after signing in: a path (not `//host`), not
/// the sign-in or sign-out pages, without control characters, at most [`MAX_NEXT`] bytes.
fn safe_next(next: &str) -> Option<&str> {
    let path = next.split(['?', '#']).next().unwrap_or_default();
    (next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= MAX_NEXT
        && !next.chars().any(char::is_control)
        && !matches!(path, "/signin" | "/signout"))
    .then_some(next)
}

/// Where a user goes after signing in without a `next`: the dashboard for insights readers and
/// admins, the editors' workspace for editors.
fn landing(account: &accounts::Account, locale: &Locale) -> String {
    if account.may_read_insights() {
        with_query("/insights", &[("lang", locale.tag())])
    } else {
        with_query("/editor", &[("lang", locale.tag())])
    }
}

/// The form with `name` filled in and `message` above it, under `status`, with a fresh token set
/// in its cookie.
fn page(
    locale: &Locale,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    name: &str,
    message: Option<String>,
) -> Response {
    let s = staff(locale.reader);
    let issued = FORM_KEY
        .as_ref()
        .map(|key| key.issue(OffsetDateTime::now_utc()));
    let Some(Ok(csrf)) = issued else {
        tracing::error!("no token for the sign-in form");
        return crate::web::pages::message(
            locale,
            StatusCode::INTERNAL_SERVER_ERROR,
            &s.signin_title,
            &s.signin_unavailable,
        );
    };
    let view = SignInPage {
        l: layout(
            locale,
            &s.signin_title,
            "/signin",
            &[("next", next.to_owned())],
        ),
        s,
        action: with_query("/signin", &[("lang", locale.tag())]),
        next: next.to_owned(),
        name: name.to_owned(),
        message,
        csrf: csrf.clone(),
    };
    let mut response = render(status, &view);
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(SIGNIN_COOKIE, &csrf, FORM_LIFETIME, is_https(headers)),
    );
    response
}

/// `GET /signin?next=`: the form; someone already signed in goes on to `next` at once.
pub async fn form(State(state): State<AppState>, mut parts: Parts) -> Response {
    let Ok(locale) = Locale::from_request_parts(&mut parts, &state).await;
    let next = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let next = safe_next(&next).unwrap_or_default().to_owned();
    if let Ok(Some(user)) = authenticate(&parts, &state).await {
        let target = if next.is_empty() {
            landing(&user.account, &locale)
        } else {
            next
        };
        return redirect(&target);
    }
    page(&locale, &parts.headers, StatusCode::OK, &next, "", None)
}

/// `POST /signin` (form: `name`, `password`, `csrf`, `next`): on success a session cookie and
/// `303` to `next`; otherwise the form again with what went wrong: 401 for a wrong name or
/// password, 429 with `Retry-After` while throttled, 403 for an expired or cross-site form.
pub async fn submit(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let mut parts = parts;
    let Ok(locale) = Locale::from_request_parts(&mut parts, &state).await;
    let s = staff(locale.reader);
    let (mut name, mut password, mut csrf, mut next) =
        (String::new(), String::new(), String::new(), String::new());
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "name" => name = value.into_owned(),
            "password" => password = value.into_owned(),
            "csrf" => csrf = value.into_owned(),
            "next" => next = value.into_owned(),
            _ => {}
        }
    }
    let next = safe_next(&next).unwrap_or_default().to_owned();
    let headers = &parts.headers;
    let expected = cookie_value(headers, SIGNIN_COOKIE).unwrap_or_default();
    let same = !expected.is_empty() && accounts::secret::same(expected.as_bytes(), csrf.as_bytes());
    let signed = FORM_KEY
        .as_ref()
        .is_some_and(|key| key.verify(&csrf, OffsetDateTime::now_utc(), FORM_LIFETIME));
    if !same || !signed || cross_site(headers) {
        let message = Some(s.signin_expired.clone());
        return page(
            &locale,
            headers,
            StatusCode::FORBIDDEN,
            &next,
            &name,
            message,
        );
    }
    let Some(accounts) = state.accounts.clone() else {
        let message = Some(s.signin_unavailable.clone());
        return page(
            &locale,
            headers,
            StatusCode::SERVICE_UNAVAILABLE,
            &next,
            &name,
            message,
        );
    };
    let typed = name.clone();
    let outcome =
        blocking(move || accounts.sign_in(&typed, &password, OffsetDateTime::now_utc())).await;
    let session = match outcome {
        Ok(Ok(session)) => session,
        Ok(Err(accounts::Error::User(UserError::Throttled { retry_after }))) => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let message = fill(&s.signin_throttled, &[("seconds", &seconds.to_string())]);
            let mut response = page(
                &locale,
                headers,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &name,
                Some(message),
            );
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
        Ok(Err(accounts::Error::User(_))) => {
            let message = Some(s.signin_wrong.clone());
            return page(
                &locale,
                headers,
                StatusCode::UNAUTHORIZED,
                &next,
                &name,
                message,
            );
        }
        Ok(Err(accounts::Error::Internal(e))) => {
            tracing::error!(error = %e, "sign-in failed");
            let message = Some(s.signin_unavailable.clone());
            return page(
                &locale,
                headers,
                StatusCode::INTERNAL_SERVER_ERROR,
                &next,
                &name,
                message,
            );
        }
        Err(_) => {
            let message = Some(s.signin_unavailable.clone());
            return page(
                &locale,
                headers,
                StatusCode::INTERNAL_SERVER_ERROR,
                &next,
                &name,
                message,
            );
        }
    };
    let target = if next.is_empty() {
        landing(&session.account, &locale)
    } else {
        next
    };
    let https = is_https(headers);
    let age = time::Duration::seconds(i64::try_from(MAX_SESSION_AGE.as_secs()).unwrap_or(0));
    let mut response = redirect(&target);
    let cookies = response.headers_mut();
    cookies.append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, session.cookie.expose(), age, https),
    );
    cookies.append(
        SET_COOKIE,
        set_cookie(SIGNIN_COOKIE, "", time::Duration::ZERO, https),
    );
    response
}

/// `POST /signout` (form: `csrf`): ends the session, removes its cookie and goes to the home
/// page. Without the session's token, or from another site, nothing is ended: the 403 page.
pub async fn sign_out(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let mut parts = parts;
    let Ok(locale) = Locale::from_request_parts(&mut parts, &state).await;
    let home = format!("/{}/", locale.tag());
    let csrf = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let user = match authenticate(&parts, &state).await {
        Ok(Some(user)) => user,
        // Nobody to sign out: already done.
        Ok(None) => return redirect(&home),
        Err(e) => {
            return crate::web::pages::error(
                &locale,
                &e,
                crate::web::views::Form::search(&locale, ""),
            );
        }
    };
    if cross_site(&parts.headers) || user.session.is_none() || !user.check_csrf(&csrf) {
        return crate::web::pages::error(
            &locale,
            &crate::ApiError::InvalidCsrf,
            crate::web::views::Form::search(&locale, ""),
        );
    }
    if let (Some(accounts), Some(cookie)) = (
        state.accounts.clone(),
        cookie_value(&parts.headers, SESSION_COOKIE),
    ) {
        let ended = blocking(move || accounts.sign_out(&cookie)).await;
        if !matches!(ended, Ok(Ok(()))) {
            tracing::warn!("sign-out could not delete the session");
        }
    }
    let mut response = redirect(&home);
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            "",
            time::Duration::ZERO,
            is_https(&parts.headers),
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_pages_are_returned_to() {
        assert_eq!(
            safe_next("/insights?from=2026-01-01"),
            Some("/insights?from=2026-01-01")
        );
        assert_eq!(
            safe_next("/editor/new?keyword=x"),
            Some("/editor/new?keyword=x")
        );
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/signin?next=/insights",
            "/signout",
            "/a\nb",
            "insights",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(MAX_NEXT))), None);
    }
}
