//! [`Error`]: which check refused a token, or why the verifier could not decide.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

/// Why a token was refused, or why it could not be checked.
///
/// Branch on [`kind()`](Error::kind). `Display` names the check that failed in a few words
/// and never contains the token or anything read from it (claims are attacker-controlled
/// until the signature is checked, and personal data after): only the verifier's own
/// configuration (a required group or scope) may appear. A fetch failure keeps its cause as
/// the [`source`](std::error::Error::source), which `Display` does not repeat.
///
/// `Error` is `Send + Sync + 'static` (usable with `anyhow`) and deliberately not `Clone`.
///
/// ```
/// use cognito_flow_verify::{ErrorKind, TokenVerifier};
///
/// let verifier = TokenVerifier::builder()
///     .pool("us-east-1_AbCdEf123")
///     .client_id("1example23456789")
///     .build()?;
/// let err = verifier.verify_offline("not-a-jwt").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Malformed);
/// assert_eq!(err.to_string(), "malformed token: not three base64url parts");
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
pub struct Error {
    kind: ErrorKind,
    detail: Cow<'static, str>,
    /// The group or scopes a [`ErrorKind::MissingGroup`] / [`ErrorKind::MissingScope`] is
    /// about (from the configuration, never from the token).
    required: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// Which check failed. New kinds may be added.
///
/// | kind | what | HTTP (axum extractor) |
/// |---|---|---|
/// | [`Malformed`](ErrorKind::Malformed) | not a compact JWS, bad base64url or JSON, a required claim missing or of the wrong type, a `crit` header, too long | 401 `invalid_token` |
/// | [`UnsupportedAlgorithm`](ErrorKind::UnsupportedAlgorithm) | `alg` is not `RS256` (`none`, `HS256`, …), or the key named by `kid` is not an RS256 signing key of at least 2048 bits | 401 `invalid_token` |
/// | [`UnknownKey`](ErrorKind::UnknownKey) | `kid` is not in the pool's JWKS, even after a refetch (or a refetch was not allowed yet) | 401 `invalid_token` |
/// | [`BadSignature`](ErrorKind::BadSignature) | the signature does not verify | 401 `invalid_token` |
/// | [`Expired`](ErrorKind::Expired) | `exp` is past (beyond the leeway) | 401 `invalid_token` |
/// | [`NotYetValid`](ErrorKind::NotYetValid) | `nbf` or `iat` is in the future (beyond the leeway) | 401 `invalid_token` |
/// | [`WrongIssuer`](ErrorKind::WrongIssuer) | `iss` is none of the configured pools | 401 `invalid_token` |
/// | [`WrongTokenUse`](ErrorKind::WrongTokenUse) | `token_use` is not the one accepted (an ID token where an access token is expected, …) | 401 `invalid_token` |
/// | [`WrongClient`](ErrorKind::WrongClient) | `aud` (ID token) or `client_id` (access token) is none of the configured app clients | 401 `invalid_token` |
/// | [`MissingGroup`](ErrorKind::MissingGroup) | a required group is not in `cognito:groups` | 403 `insufficient_scope` |
/// | [`MissingScope`](ErrorKind::MissingScope) | a required scope is not in `scope` | 403 `insufficient_scope` |
/// | [`JwksUnavailable`](ErrorKind::JwksUnavailable) | the pool's keys could not be fetched or parsed, or were never loaded (offline verification) | 503 |
/// | [`MissingToken`](ErrorKind::MissingToken) | the request had no `Authorization: Bearer` token | 401 |
/// | [`Config`](ErrorKind::Config) | the builder's settings are invalid | 500 |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a well-formed Cognito JWT: not three base64url parts, a header or payload that is
    /// not a JSON object, a required claim missing or of the wrong type, a `crit` header,
    /// or longer than [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN).
    Malformed,
    /// The header's `alg` is not `RS256` (`none`, `HS256`, `RS512`, `ES256`, …), or the key
    /// its `kid` names is not an RS256 signing key (the JWK's `kty`, `alg` or `use` say
    /// otherwise, or its modulus is shorter than 2048 bits).
    UnsupportedAlgorithm,
    /// The header's `kid` is not in the pool's JWKS, after a refetch, or while refetching is
    /// held back by the penalty box ([`TokenVerifierBuilder::jwks_refetch_interval`]).
    ///
    /// [`TokenVerifierBuilder::jwks_refetch_interval`]: crate::TokenVerifierBuilder::jwks_refetch_interval
    UnknownKey,
    /// The RS256 signature does not verify with the key its `kid` names: the token was
    /// altered or signed by someone else.
    BadSignature,
    /// `exp` has passed (with the leeway added).
    Expired,
    /// `nbf` or `iat` is in the future (with the leeway subtracted).
    NotYetValid,
    /// `iss` is not the issuer of any configured user pool.
    WrongIssuer,
    /// `token_use` is not accepted: an ID token where access tokens are expected, or the
    /// other way round, or neither `id` nor `access`.
    WrongTokenUse,
    /// The token was issued to another app client: an ID token's `aud` or an access
    /// token's `client_id` is none of the configured client ids.
    WrongClient,
    /// The user is not in a group the verifier (or [`Claims::require_group`]) requires.
    ///
    /// [`Claims::require_group`]: crate::Claims::require_group
    MissingGroup,
    /// The token lacks a scope the verifier (or [`Claims::require_scope`]) requires.
    ///
    /// [`Claims::require_scope`]: crate::Claims::require_scope
    MissingScope,
    /// The pool's keys are not available: fetching the JWKS failed (see the
    /// [`source`](std::error::Error::source)), it is not a valid JWKS, or (offline
    /// verification, or no fetcher) the keys were never loaded. Not the token's fault: a
    /// server answers 503, not 401.
    JwksUnavailable,
    /// The request carried no `Authorization: Bearer` token (the axum extractor).
    MissingToken,
    /// The verifier's settings are invalid (from [`TokenVerifierBuilder::build`] and
    /// [`TokenVerifier::load_jwks_json`] only).
    ///
    /// [`TokenVerifierBuilder::build`]: crate::TokenVerifierBuilder::build
    /// [`TokenVerifier::load_jwks_json`]: crate::TokenVerifier::load_jwks_json
    Config,
}

impl ErrorKind {
    /// A few words for `Display`.
    fn describe(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed token",
            ErrorKind::UnsupportedAlgorithm => "unsupported algorithm",
            ErrorKind::UnknownKey => "unknown signing key",
            ErrorKind::BadSignature => "bad signature",
            ErrorKind::Expired => "token expired",
            ErrorKind::NotYetValid => "token not yet valid",
            ErrorKind::WrongIssuer => "wrong issuer",
            ErrorKind::WrongTokenUse => "wrong token use",
            ErrorKind::WrongClient => "wrong app client",
            ErrorKind::MissingGroup => "missing group",
            ErrorKind::MissingScope => "missing scope",
            ErrorKind::JwksUnavailable => "signing keys unavailable",
            ErrorKind::MissingToken => "no bearer token",
            ErrorKind::Config => "invalid verifier configuration",
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            required: None,
            source: None,
        }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        detail: &'static str,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self {
            source: Some(Box::new(source)),
            ..Self::new(kind, detail)
        }
    }

    pub(crate) fn malformed(detail: &'static str) -> Self {
        Self::new(ErrorKind::Malformed, detail)
    }

    pub(crate) fn config(detail: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Config, detail)
    }

    pub(crate) fn missing_group(group: &str) -> Self {
        Self {
            required: Some(group.to_owned()),
            ..Self::new(
                ErrorKind::MissingGroup,
                format!("the user is not in group `{group}`"),
            )
        }
    }

    pub(crate) fn missing_scope(scope: &str) -> Self {
        Self {
            required: Some(scope.to_owned()),
            ..Self::new(
                ErrorKind::MissingScope,
                format!("the token lacks scope `{scope}`"),
            )
        }
    }

    /// Which check failed.
    ///
    /// ```
    /// # use cognito_flow_verify::{ErrorKind, TokenVerifier};
    /// # let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
    /// match verifier.verify_offline("a.b.c") {
    ///     Err(e) if e.kind() == ErrorKind::JwksUnavailable => { /* answer 503, retry later */ }
    ///     Err(e) => { /* answer 401 */ let _ = e; }
    ///     Ok(claims) => { let _ = claims; }
    /// }
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The group or scope a [`ErrorKind::MissingGroup`] or [`ErrorKind::MissingScope`] is
    /// about (as configured, never read from the token); `None` for other kinds.
    ///
    /// ```
    /// # use cognito_flow_verify::{ErrorKind, TokenVerifier};
    /// # let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
    /// let err = verifier.verify_offline("x").unwrap_err();
    /// assert_eq!(err.required(), None);
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn required(&self) -> Option<&str> {
        self.required.as_deref()
    }

    /// Whether the token itself was refused (as opposed to [`ErrorKind::JwksUnavailable`],
    /// [`ErrorKind::Config`] or [`ErrorKind::MissingToken`]): a server answers 401 or 403.
    ///
    /// ```
    /// # use cognito_flow_verify::TokenVerifier;
    /// # let verifier = TokenVerifier::builder().pool("us-east-1_AbCdEf123").client_id("c").build()?;
    /// assert!(verifier.verify_offline("x").unwrap_err().is_token_refused());
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn is_token_refused(&self) -> bool {
        !matches!(
            self.kind,
            ErrorKind::JwksUnavailable | ErrorKind::Config | ErrorKind::MissingToken
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.detail.is_empty() {
            f.write_str(self.kind.describe())
        } else {
            write!(f, "{}: {}", self.kind.describe(), self.detail)
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .field("source", &self.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_check_and_not_the_source() {
        let e = Error::with_source(
            ErrorKind::JwksUnavailable,
            "could not fetch the JWKS",
            std::io::Error::other("connection refused"),
        );
        assert_eq!(
            e.to_string(),
            "signing keys unavailable: could not fetch the JWKS"
        );
        assert!(e.source().is_some());
        assert!(!e.is_token_refused());
        assert_eq!(
            Error::new(ErrorKind::Expired, "").to_string(),
            "token expired"
        );
    }

    #[test]
    fn errors_are_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }
}
