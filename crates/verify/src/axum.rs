//! The axum integration (feature `axum`): [`Claims`] as an extractor, [`Error`] as a
//! response (RFC 6750 §3).

use axum_core::extract::{FromRef, FromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};

use crate::claims::Claims;
use crate::error::{Error, ErrorKind};
use crate::verifier::TokenVerifier;

/// A handler parameter of type [`Claims`] verifies the request's `Authorization: Bearer`
/// token with the [`TokenVerifier`] in the router's state (the state itself, or any state
/// from which it can be taken: implement `FromRef<YourState> for TokenVerifier`, or derive
/// it with axum's `FromRef` macro). A refused request gets the [`Error`] as its response
/// (see [`Error`'s `IntoResponse`](#impl-IntoResponse-for-Error)).
///
/// ```
/// use axum::{Router, routing::get, extract::FromRef};
/// use cognito_flow_verify::{Claims, Error, TokenVerifier};
///
/// #[derive(Clone)]
/// struct App { verifier: TokenVerifier /* , db: Pool, … */ }
///
/// impl FromRef<App> for TokenVerifier {
///     fn from_ref(app: &App) -> Self { app.verifier.clone() }
/// }
///
/// async fn me(claims: Claims) -> String {
///     format!("hello {}", claims.username().unwrap_or("?"))
/// }
///
/// async fn admin(claims: Claims) -> Result<&'static str, Error> {
///     claims.require_group("admin")?;          // 403 insufficient_scope otherwise
///     Ok("welcome, admin")
/// }
///
/// let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
/// let app: Router = Router::new()
///     .route("/me", get(me))
///     .route("/admin", get(admin))
///     .with_state(App { verifier });
/// # let _ = app;
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
impl<S> FromRequestParts<S> for Claims
where
    TokenVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts)?;
        TokenVerifier::from_ref(state).verify(token).await
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(parts: &Parts) -> Result<&str, Error> {
    let missing = || Error::new(ErrorKind::MissingToken, "");
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| Error::malformed("the Authorization header is not ASCII"))?;
    let (scheme, token) = value.split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(missing());
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(missing());
    }
    Ok(token)
}

/// The response for a refused request (RFC 6750 §3):
///
/// | kind | status | `WWW-Authenticate` |
/// |---|---|---|
/// | [`MissingToken`](ErrorKind::MissingToken) | 401 | `Bearer` |
/// | [`MissingGroup`](ErrorKind::MissingGroup) | 403 | `Bearer error="insufficient_scope", error_description="…"` |
/// | [`MissingScope`](ErrorKind::MissingScope) | 403 | `Bearer error="insufficient_scope", error_description="…", scope="…"` |
/// | [`JwksUnavailable`](ErrorKind::JwksUnavailable) | 503 | — |
/// | [`Config`](ErrorKind::Config) | 500 | — |
/// | any other kind | 401 | `Bearer error="invalid_token", error_description="…"` |
///
/// The body is the error's `Display` as plain text (never the token).
///
/// ```
/// use axum_core::response::IntoResponse;
/// # use cognito_flow_verify::TokenVerifier;
/// # let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
/// let response = verifier.verify_offline("garbage").unwrap_err().into_response();
/// assert_eq!(response.status(), 401);
/// assert_eq!(
///     response.headers()["www-authenticate"],
///     r#"Bearer error="invalid_token", error_description="malformed token""#
/// );
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let kind = self.kind();
        let (status, challenge) = match kind {
            ErrorKind::MissingToken => (StatusCode::UNAUTHORIZED, Some("Bearer".to_owned())),
            ErrorKind::MissingGroup | ErrorKind::MissingScope => {
                let mut c = format!(
                    r#"Bearer error="insufficient_scope", error_description="{}""#,
                    describe(kind)
                );
                if kind == ErrorKind::MissingScope
                    && let Some(scope) = self.required().filter(|s| is_quotable(s))
                {
                    c.push_str(&format!(r#", scope="{scope}""#));
                }
                (StatusCode::FORBIDDEN, Some(c))
            }
            ErrorKind::JwksUnavailable => (StatusCode::SERVICE_UNAVAILABLE, None),
            ErrorKind::Config => (StatusCode::INTERNAL_SERVER_ERROR, None),
            _ => (
                StatusCode::UNAUTHORIZED,
                Some(format!(
                    r#"Bearer error="invalid_token", error_description="{}""#,
                    describe(kind)
                )),
            ),
        };
        let mut response = (status, self.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if let Some(value) = challenge.and_then(|c| HeaderValue::try_from(c).ok()) {
            headers.insert(WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// RFC 6750 `error_description`: printable ASCII without `"` and `\`. Our own fixed text.
fn describe(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Malformed => "malformed token",
        ErrorKind::UnsupportedAlgorithm => "unsupported algorithm",
        ErrorKind::UnknownKey => "unknown signing key",
        ErrorKind::BadSignature => "bad signature",
        ErrorKind::Expired => "the token expired",
        ErrorKind::NotYetValid => "the token is not yet valid",
        ErrorKind::WrongIssuer => "wrong issuer",
        ErrorKind::WrongTokenUse => "wrong token use",
        ErrorKind::WrongClient => "wrong app client",
        ErrorKind::MissingGroup => "a required group is missing",
        ErrorKind::MissingScope => "a required scope is missing",
        _ => "invalid token",
    }
}

/// Whether a scope can be put inside a quoted-string as RFC 6750 §3 allows (`%x21 / %x23-5B
/// / %x5D-7E`).
fn is_quotable(s: &str) -> bool {
    s.bytes()
        .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(auth: Option<&str>) -> Parts {
        let mut b = http::Request::builder();
        if let Some(a) = auth {
            b = b.header(AUTHORIZATION, a);
        }
        b.body(())
            .map(|r| r.into_parts().0)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn bearer_header_parsing() {
        assert_eq!(bearer_token(&parts(Some("Bearer abc"))).ok(), Some("abc"));
        assert_eq!(bearer_token(&parts(Some("bearer  abc "))).ok(), Some("abc"));
        for h in [
            None,
            Some("Basic dXNlcjpwYXNz"),
            Some("Bearer"),
            Some("Bearer   "),
        ] {
            assert_eq!(
                bearer_token(&parts(h)).err().map(|e| e.kind()),
                Some(ErrorKind::MissingToken),
                "{h:?}"
            );
        }
    }

    #[test]
    fn responses() {
        let r = Error::new(ErrorKind::MissingToken, "").into_response();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()[WWW_AUTHENTICATE], "Bearer");
        let r = Error::missing_scope("orders:write").into_response();
        assert_eq!(r.status(), 403);
        assert_eq!(
            r.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="insufficient_scope", error_description="a required scope is missing", scope="orders:write""#
        );
        let r = Error::missing_group("admin").into_response();
        assert_eq!(r.status(), 403);
        let r = Error::new(ErrorKind::JwksUnavailable, "").into_response();
        assert_eq!(r.status(), 503);
        assert!(r.headers().get(WWW_AUTHENTICATE).is_none());
        let r = Error::new(ErrorKind::Expired, "").into_response();
        assert_eq!(r.status(), 401);
        assert_eq!(
            r.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="invalid_token", error_description="the token expired""#
        );
    }
}
