//! Who is asking: the signed-in staff member behind a request, from a bearer token (the APIs) or
//! the session cookie (the pages, and the APIs a signed-in page links to), and what their role
//! allows. The insights dashboard uses it today; the editors' workspace reuses it.
//!
//! - [`CurrentUser`] is an extractor: 401 without valid credentials. [`Authorized`] adds a
//!   [`Rule`] on the role: 403 when it does not allow the request. Both answer the JSON errors of
//!   `CONTRACT.md`; the pages wrap [`authenticate`] to redirect to `/signin` instead.
//! - Cookies: the session cookie is `HttpOnly; SameSite=Strict; Path=/`, and `Secure` when the
//!   request reached us over https, which a TLS-terminating proxy says with
//!   `X-Forwarded-Proto: https` or `Forwarded: proto=https` ([`is_https`]). `firststop serve`
//!   itself speaks plain HTTP, so a direct request gets no `Secure`.
//! - CSRF: every state-changing request made with the session cookie must carry the session's
//!   token (a form field, or the `x-csrf-token` header for scripts), and is refused when the
//!   browser says it came from another site (`Sec-Fetch-Site: cross-site`, or an `Origin` other
//!   than the request's host). Bearer tokens are not sent by browsers on their own, so requests
//!   made with one need no CSRF token.

use std::marker::PhantomData;

use accounts::{Account, Session};
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use cookie::{Cookie, SameSite};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::searchlog::blocking;
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "firststop_session";
/// The header a script sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Who it is.
    pub account: Account,
    /// The session, when signed in with the cookie (none with a bearer token).
    pub session: Option<Session>,
}

impl CurrentUser {
    /// The session's CSRF token, to put in the forms of a page; `None` with a bearer token.
    pub fn csrf(&self) -> Option<&str> {
        self.session.as_ref().map(Session::csrf)
    }

    /// Whether `submitted` is this session's CSRF token (compared in constant time). Always true
    /// for a bearer token, which a browser never sends on its own.
    pub fn check_csrf(&self, submitted: &str) -> bool {
        self.session
            .as_ref()
            .is_none_or(|s| s.check_csrf(submitted))
    }

    /// This user, if the role allows what `rule` guards.
    ///
    /// # Errors
    /// [`ApiError::Forbidden`].
    pub fn require<R: Rule>(self) -> Result<CurrentUser, ApiError> {
        if R::allows(&self.account) {
            Ok(self)
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// What a role must allow for a group of endpoints.
pub trait Rule: Send + Sync + 'static {
    /// Whether `account` may.
    fn allows(account: &Account) -> bool;
}

/// Reading the insights dashboard and API: roles `insights` and `admin`.
#[derive(Debug)]
pub struct ReadInsights;

impl Rule for ReadInsights {
    fn allows(account: &Account) -> bool {
        account.may_read_insights()
    }
}

/// Administration: role `admin`.
#[derive(Debug)]
pub struct Admin;

impl Rule for Admin {
    fn allows(account: &Account) -> bool {
        account.is_admin()
    }
}

/// Any signed-in account (editors check their bureau per request with
/// [`Account::may_edit`]).
#[derive(Debug)]
pub struct AnyAccount;

impl Rule for AnyAccount {
    fn allows(_: &Account) -> bool {
        true
    }
}

/// A signed-in user whose role passes `R`: 401 without credentials, 403 for the wrong role.
#[derive(Debug)]
pub struct Authorized<R: Rule>(pub CurrentUser, PhantomData<R>);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    /// # Errors
    /// [`ApiError::Unauthorized`] without valid credentials; [`ApiError::InvalidCsrf`] for a
    /// state-changing request with the session cookie but without its token in `x-csrf-token`
    /// or from another site; [`ApiError::Internal`] when the accounts store fails.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CurrentUser, ApiError> {
        let user = authenticate(parts, state)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if !is_safe(&parts.method) && user.session.is_some() {
            let token = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if cross_site(&parts.headers) || !user.check_csrf(token) {
                return Err(ApiError::InvalidCsrf);
            }
        }
        Ok(user)
    }
}

impl<R: Rule> FromRequestParts<AppState> for Authorized<R> {
    type Rejection = ApiError;

    /// # Errors
    /// As [`CurrentUser`], and [`ApiError::Forbidden`] when `R` does not allow the role.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Authorized<R>, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        Ok(Authorized(user.require::<R>()?, PhantomData))
    }
}

/// The user behind the request's credentials, if any: the bearer token when there is an
/// `Authorization` header (a wrong one is not replaced by the cookie), else the session cookie.
/// A live session counts as activity. Checked on the blocking pool.
///
/// # Errors
/// [`ApiError::Internal`] when the accounts store fails (logged).
pub async fn authenticate(
    parts: &Parts,
    state: &AppState,
) -> Result<Option<CurrentUser>, ApiError> {
    let Some(accounts) = state.accounts.clone() else {
        return Ok(None);
    };
    if let Some(header) = parts.headers.get(AUTHORIZATION) {
        let Some(token) = header
            .to_str()
            .ok()
            .and_then(|h| h.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned())
        else {
            return Ok(None);
        };
        let account =
            blocking(move || accounts.authenticate_token(&token, OffsetDateTime::now_utc()))
                .await??;
        return Ok(account.map(|account| CurrentUser {
            account,
            session: None,
        }));
    }
    let Some(cookie) = cookie_value(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = blocking(move || accounts.session(&cookie, OffsetDateTime::now_utc())).await??;
    Ok(session.map(|session| CurrentUser {
        account: session.account.clone(),
        session: Some(session),
    }))
}

/// GET, HEAD and OPTIONS change nothing.
pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the browser says the request came from another site. `Sec-Fetch-Site` decides when
/// present (`cross-site` is refused); otherwise an `Origin` whose host and port differ from the
/// request's (`X-Forwarded-Host` when a proxy in front rewrote `Host`), or `Origin: null`, is.
/// Requests without either header (scripts, old browsers) are not refused here; the CSRF token
/// is still required.
pub fn cross_site(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site.eq_ignore_ascii_case("cross-site");
    }
    let Some(origin) = header(ORIGIN.as_str()) else {
        return false;
    };
    let host = header("x-forwarded-host")
        .and_then(|h| h.split(',').next())
        .or_else(|| header(HOST.as_str()))
        .map(str::trim);
    let authority = url::Url::parse(origin).ok().and_then(|o| {
        Some(match o.port() {
            Some(port) => format!("{}:{port}", o.host_str()?),
            None => o.host_str()?.to_owned(),
        })
    });
    match (authority, host) {
        (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host),
        // `Origin: null` (a sandboxed frame, a file) or one that names no host.
        _ => true,
    }
}

/// Whether the request reached us over https, as a proxy in front says: `X-Forwarded-Proto:
/// https` (its first value) or a `Forwarded` header (RFC 7239) with `proto=https`.
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|first| {
            first.split(';').any(|pair| {
                pair.split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("proto")
                        && v.trim().trim_matches('"').eq_ignore_ascii_case("https")
                })
            })
        });
    forwarded_proto || forwarded
}

/// The value of cookie `name` in the request's `Cookie` headers, if set.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` value for a cookie only this site's pages send back: `HttpOnly;
/// SameSite=Strict; Path=/`, `Secure` when `https`, kept for `max_age` (zero removes it).
pub fn set_cookie(name: &str, value: &str, max_age: time::Duration, https: bool) -> HeaderValue {
    let cookie = Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(https)
        .max_age(max_age)
        .build();
    HeaderValue::from_str(&cookie.to_string())
        .unwrap_or_else(|_| HeaderValue::from_static("firststop_invalid=; Max-Age=0; Path=/"))
}

/// The role rule of the editors' workspace: editors (for their bureaus, checked per request)
/// and admins.
#[derive(Debug)]
pub struct EditArticles;

impl Rule for EditArticles {
    fn allows(account: &Account) -> bool {
        matches!(account.role, accounts::Role::Editor | accounts::Role::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn https_is_what_the_proxy_in_front_says() {
        assert!(is_https(&headers(&[("x-forwarded-proto", "https")])));
        assert!(is_https(&headers(&[("x-forwarded-proto", "HTTPS, http")])));
        assert!(is_https(&headers(&[(
            "forwarded",
            "for=192.0.2.60;proto=https;by=203.0.113.43"
        )])));
        assert!(!is_https(&headers(&[("x-forwarded-proto", "http")])));
        assert!(!is_https(&headers(&[])));
    }

    #[test]
    fn requests_from_other_sites_are_told_apart() {
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "city.example")
        ])));
        assert!(cross_site(&headers(&[("origin", "null"), ("host", "x")])));
        assert!(!cross_site(&headers(&[
            ("origin", "https://www.portland.gov"),
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "www.portland.gov")
        ])));
        assert!(!cross_site(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!cross_site(&headers(&[])));
    }

    #[test]
    fn session_cookies_are_strict_http_only_and_secure_over_https() {
        let plain = set_cookie("s", "abc", time::Duration::hours(1), false);
        let plain = plain.to_str().unwrap();
        for part in [
            "s=abc",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
            "Max-Age=3600",
        ] {
            assert!(plain.contains(part), "{plain}");
        }
        assert!(!plain.contains("Secure"), "{plain}");
        let secure = set_cookie("s", "abc", time::Duration::hours(1), true);
        assert!(secure.to_str().unwrap().contains("Secure"));
        let cookies = headers(&[("cookie", "a=1; firststop_session=xyz; b=2")]);
        assert_eq!(
            cookie_value(&cookies, SESSION_COOKIE).as_deref(),
            Some("xyz")
        );
        assert_eq!(cookie_value(&cookies, "c"), None);
    }
}
