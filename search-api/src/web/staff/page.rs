//! What every staff page shares: [`Staff`], the extractor that lets only the right role in, the
//! bar naming who is signed in ([`StaffBar`]), the [`layout`] with the staff stylesheet, and the
//! 403 page.

use std::marker::PhantomData;

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::i18n::{StaffStrings, staff};
use crate::auth::{CurrentUser, Rule, authenticate, cross_site};
use crate::web::assets;
use crate::web::i18n::fill;
use crate::web::links::with_query;
use crate::web::locale::Locale;
use crate::web::pages::{self, render};
use crate::web::views::{Form, Layout};
use crate::{ApiError, AppState};

/// A signed-in staff member whose role passes `R`, for a page. Rejects an anonymous reader with
/// a redirect to `/signin?next=<this page>`, the wrong role with the 403 page, and a failing
/// accounts store with the 500 page.
pub struct Staff<R: Rule> {
    /// Who is signed in.
    pub user: CurrentUser,
    /// The reader's language.
    pub locale: Locale,
    rule: PhantomData<R>,
}

impl<R: Rule> FromRequestParts<AppState> for Staff<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff<R>, Response> {
        let Ok(locale) = Locale::from_request_parts(parts, state).await;
        let user = match authenticate(parts, state).await {
            Ok(Some(user)) => user,
            Ok(None) => return Err(to_signin(parts, &locale)),
            Err(e) => return Err(pages::error(&locale, &e, Form::search(&locale, ""))),
        };
        if !R::allows(&user.account) {
            return Err(forbidden(&locale, Some(&user)));
        }
        Ok(Staff {
            user,
            locale,
            rule: PhantomData,
        })
    }
}

/// A form (`application/x-www-form-urlencoded`) posted by a signed-in staff member whose role
/// passes `R`, read as `F`. Rejected as [`Staff`] is, and with the error page (403, "invalid
/// CSRF token") when the form lacks the session's CSRF token or the request came from another
/// site ([`cross_site`]); a body axum cannot read gets axum's own rejection.
pub struct StaffForm<R: Rule, F> {
    /// Who is signed in.
    pub user: CurrentUser,
    /// The reader's language.
    pub locale: Locale,
    /// The posted fields.
    pub form: F,
    rule: PhantomData<R>,
}

/// A posted form that carries the session's CSRF token in its field `csrf`.
pub trait CsrfForm: Sized {
    /// Reads a form body (`application/x-www-form-urlencoded`); unknown fields are ignored.
    fn parse(body: &[u8]) -> Self;
    /// The submitted CSRF token (empty when the form had none).
    fn csrf(&self) -> &str;
}

/// A form of free fields, each name with its last value.
impl CsrfForm for HashMap<String, String> {
    fn parse(body: &[u8]) -> Self {
        url::form_urlencoded::parse(body).into_owned().collect()
    }

    fn csrf(&self) -> &str {
        self.get("csrf").map_or("", String::as_str)
    }
}

impl<R: Rule, F: CsrfForm> FromRequest<AppState> for StaffForm<R, F> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<StaffForm<R, F>, Response> {
        let (mut parts, body) = req.into_parts();
        let Staff { user, locale, .. } = Staff::<R>::from_request_parts(&mut parts, state).await?;
        let from_elsewhere = cross_site(&parts.headers);
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = F::parse(&body);
        if from_elsewhere || !user.check_csrf(form.csrf()) {
            let error = pages::error(&locale, &ApiError::InvalidCsrf, Form::search(&locale, ""));
            return Err(error);
        }
        Ok(StaffForm {
            user,
            locale,
            form,
            rule: PhantomData,
        })
    }
}

/// `303 See Other` to the sign-in page, which sends the reader back to this page afterwards.
fn to_signin(parts: &Parts, locale: &Locale) -> Response {
    let here = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let target = with_query("/signin", &[("next", &here), ("lang", locale.tag())]);
    redirect(&target)
}

/// `303 See Other` to `target`, a path on this site.
pub(crate) fn redirect(target: &str) -> Response {
    let location = HeaderValue::from_str(target).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

/// What the staff pages show of the signed-in user: who, and the sign-out button.
pub struct StaffBar {
    /// "Signed in as ana (insights reader)".
    pub signed_in: String,
    /// The session's CSRF token for the sign-out form (empty with a bearer token).
    pub csrf: String,
    /// Where the sign-out form posts: `/signout?lang=<ui>`.
    pub signout: String,
    /// The dashboard in the reader's language.
    pub dashboard: String,
    /// Whether the page is the dashboard itself.
    pub on_dashboard: bool,
    /// Whether the account reads insights (the dashboard link is shown).
    pub reads_insights: bool,
    /// The editors' workspace in the reader's language, for editors and admins.
    pub editor: Option<String>,
}

impl StaffBar {
    /// The bar for `user` reading in `locale`.
    pub fn new(user: &CurrentUser, locale: &Locale, on_dashboard: bool) -> StaffBar {
        let s = staff(locale.reader);
        let role = match user.account.role {
            accounts::Role::Editor => &s.role_editor,
            accounts::Role::Insights => &s.role_insights,
            accounts::Role::Admin => &s.role_admin,
        };
        StaffBar {
            signed_in: fill(
                &s.signed_in_as,
                &[("name", &user.account.name), ("role", role)],
            ),
            csrf: user.csrf().unwrap_or_default().to_owned(),
            signout: with_query("/signout", &[("lang", locale.tag())]),
            dashboard: with_query("/insights", &[("lang", locale.tag())]),
            on_dashboard,
            reads_insights: user.account.may_read_insights(),
            editor: matches!(
                user.account.role,
                accounts::Role::Editor | accounts::Role::Admin
            )
            .then(|| with_query("/editor", &[("lang", locale.tag())])),
        }
    }
}

/// The layout of a staff page at `path` (with its `query` pairs, kept by the language switcher),
/// with the staff stylesheet.
pub fn layout(locale: &Locale, title: &str, path: &str, query: &[(&str, String)]) -> Layout {
    let mut l = Layout::new(locale, title, |tag| {
        let mut pairs: Vec<(&str, &str)> = query
            .iter()
            .filter(|(k, _)| *k != "lang")
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        pairs.push(("lang", tag));
        with_query(path, &pairs)
    });
    l.extra_css = Some(assets::href("staff.css"));
    l
}

/// The 403 page (`staff/forbidden.html`).
#[derive(Template)]
#[template(path = "staff/forbidden.html")]
struct ForbiddenPage {
    l: Layout,
    s: &'static StaffStrings,
    bar: Option<StaffBar>,
}

/// The 403 page in the reader's language, with the sign-out button when someone is signed in.
pub fn forbidden(locale: &Locale, user: Option<&CurrentUser>) -> Response {
    let s = staff(locale.reader);
    let page = ForbiddenPage {
        l: layout(locale, &s.forbidden_heading, "/insights", &[]),
        s,
        bar: user.map(|u| StaffBar::new(u, locale, false)),
    };
    render(StatusCode::FORBIDDEN, &page)
}
