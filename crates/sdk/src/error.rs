//! The SDK's error type, its kinds, and the one table that classifies Cognito error codes.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::transport::{TransportError, TransportErrorKind};

/// The error returned by every fallible SDK call.
///
/// It is opaque on purpose (like `std::io::Error` or `reqwest::Error`): branch on
/// [`kind()`](Error::kind), read the raw service [`code()`](Error::code) for anything this
/// version does not model, and use [`source()`](std::error::Error::source) for the underlying
/// transport or decoding error.
///
/// `Display` says what failed (the operation, then the service's code and message, or a short
/// description of the local failure) and never repeats the source. Service messages are shown
/// as Cognito sent them; the SDK never puts a password, code, token, session or secret into an
/// error.
///
/// `Error` is `Send + Sync + 'static` (usable with `anyhow`) and deliberately not `Clone`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{ErrorKind, Password};
///
/// match client.sign_in("alice", Password::new("wrong password")).await {
///     Ok(next) => println!("next: {:?}", next.challenge_name()),
///     Err(e) if e.kind() == ErrorKind::NotAuthorized => println!("wrong username or password"),
///     Err(e) => return Err(e.into()),
/// }
/// # Ok(()) }
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
    retry_class: RetryClass,
    retryable: bool,
    delivery: Delivery,
    detail: Detail,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// What is known about whether the request reached the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// The request surely did not reach the service: not built (configuration, encoding,
    /// signing) or refused before a connection existed. A single-use `Session` in it is
    /// still valid.
    NotSent,
    /// The request may or may not have reached the service.
    MaybeSent,
    /// The service answered.
    Received,
}

/// The local part of an error's `Display`.
#[derive(Debug)]
enum Detail {
    /// A service error with a code; Display shows the code and message.
    Service,
    /// An HTTP error status with no recognisable error code.
    HttpStatus,
    NotSent,
    SendFailed,
    TransportTimeout,
    AttemptTimeout(Duration),
    DeadlineExceeded(Duration),
    MalformedResponse,
    BodyTooLarge(usize),
    EncodeRequest,
    Signing,
    Config(Cow<'static, str>),
    Credentials(Cow<'static, str>),
    /// A response that parsed but does not make sense for the sign-in protocol.
    Protocol(&'static str),
    /// An SRP parameter or computation was refused.
    Srp(cognito_flow_srp::SrpError),
    /// An answer refused before it was sent.
    InvalidInput(&'static str),
    /// A state could not be sealed or unsealed (feature `sealed-state`).
    #[cfg_attr(not(feature = "sealed-state"), allow(dead_code))]
    Sealed(&'static str),
}

/// What kind of failure an [`Error`] is. Match on this; new kinds may be added.
///
/// Service error codes map to kinds through one table (see [`Error::code`] for the raw
/// code). Kinds marked *local* are produced by the SDK itself.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{ErrorKind, Password};
///
/// let err = client.sign_in("nobody", Password::new("Corr3ct-horse!")).await.unwrap_err();
/// let message = match err.kind() {
///     ErrorKind::NotAuthorized | ErrorKind::UserNotFound => "wrong username or password",
///     ErrorKind::TooManyRequests | ErrorKind::LimitExceeded => "try again later",
///     _ => "something went wrong",
/// };
/// assert_eq!(message, "wrong username or password");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `NotAuthorizedException`: wrong password or SRP proof, bad `SECRET_HASH`, disabled
    /// user, lockout ("Password attempts exceeded"), invalid or revoked token.
    NotAuthorized,
    /// `NotAuthorizedException` whose message starts with `Invalid session`: the single-use
    /// challenge `Session` expired or was already used. Restart the sign-in.
    ///
    /// This is the only place the SDK looks at a service message; everything else is decided
    /// by the error code.
    SessionExpired,
    /// `CodeMismatchException` (wrong MFA/OTP/TOTP code) and `EnableSoftwareTokenMFAException`
    /// (wrong TOTP code in `VerifySoftwareToken`). The user may try again.
    CodeMismatch,
    /// `ExpiredCodeException`: the code expired or a TOTP code was already used.
    ExpiredCode,
    /// `UserNotFoundException`.
    UserNotFound,
    /// `UserNotConfirmedException`: confirm the sign-up first.
    UserNotConfirmed,
    /// `PasswordResetRequiredException`: run the forgot-password flow.
    PasswordResetRequired,
    /// `InvalidPasswordException` or `PasswordHistoryPolicyViolationException`: the new
    /// password does not meet the pool's policy.
    InvalidPassword,
    /// `InvalidParameterException`: a missing or invalid member, or a flow not enabled for
    /// the app client.
    InvalidParameter,
    /// `ResourceNotFoundException`: unknown user pool, app client or device.
    ResourceNotFound,
    /// `MFAMethodNotFoundException` or `SoftwareTokenMFANotFoundException`.
    MfaMethodNotFound,
    /// Throttling (`TooManyRequestsException` and the AWS throttling codes). Retried
    /// automatically where safe; seen here once retries are exhausted.
    TooManyRequests,
    /// `LimitExceededException`: a per-user counter (e.g. code resends per hour). Never
    /// retried automatically.
    LimitExceeded,
    /// `TooManyFailedAttemptsException`.
    TooManyFailedAttempts,
    /// `CodeDeliveryFailureException`: an SMS or e-mail could not be sent.
    CodeDeliveryFailure,
    /// `AliasExistsException`.
    AliasExists,
    /// A Lambda trigger failed or rejected the request (`UnexpectedLambdaException`,
    /// `UserLambdaValidationException`, `InvalidLambdaResponseException`).
    Lambda,
    /// The user pool is misconfigured (`InvalidUserPoolConfigurationException`,
    /// `InvalidSmsRole*`, `InvalidEmailRoleAccessPolicyException`).
    PoolConfiguration,
    /// The operation or feature is not available for this client, pool, tier or region
    /// (`UnsupportedOperationException`, `UnsupportedTokenTypeException`,
    /// `OperationNotEnabledException`, `FeatureUnavailableInTierException`).
    Unsupported,
    /// `UnauthorizedException` (e.g. `RevokeToken` with a token of another client).
    Unauthorized,
    /// `ForbiddenException`: AWS WAF blocked the request.
    Forbidden,
    /// `RefreshTokenReuseException`: a rotated refresh token was reused. Sign in again.
    RefreshTokenReuse,
    /// A passkey (`WebAuthn*Exception`) error.
    WebAuthn,
    /// AWS rejected the request's IAM credentials or signature (admin calls:
    /// `AccessDeniedException`, `UnrecognizedClientException`, `InvalidSignatureException`,
    /// `ExpiredTokenException`, …), or *(local)* no usable AWS credentials were found.
    Credentials,
    /// `InternalErrorException`, or an HTTP 5xx without an error code: a service fault.
    Internal,
    /// Any other service error code; read it with [`Error::code`].
    Service,
    /// *(local)* The request could not be sent or the connection failed while waiting for
    /// the response. See [`std::error::Error::source`].
    Transport,
    /// *(local)* No response within the per-attempt timeout or the operation deadline, or
    /// the service answered `RequestTimeout`.
    Timeout,
    /// *(local)* The response was malformed: not JSON, wrong member types, missing required
    /// members, too large, or an unexpected HTTP status.
    Protocol,
    /// *(local)* The client was configured wrongly (missing user pool id, bad region or
    /// endpoint URL, no transport).
    Config,
    /// *(local)* The SRP exchange was refused: the server sent values that would break the
    /// protocol's security (`SRP_B ≡ 0 mod N`, `u = 0`) or that are not well-formed.
    Srp,
    /// *(local)* A sealed state (feature `sealed-state`) could not be opened: it is not a
    /// sealed state of this format, it was truncated or altered, it was sealed with another
    /// key, for another user pool, app client or API (public vs admin), or it holds another
    /// kind of step than the one asked for. Also a state that could not be sealed (the
    /// system's random number generator failed). Start the sign-in again.
    InvalidSealedState,
}

/// How an error relates to automatic retries (the smithy/botocore retry classes).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
/// use cognito_flow::RetryClass;
///
/// // A wrong password is final: resending it fails the same way.
/// assert_eq!(err.retry_class(), RetryClass::None);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// The service throttled the request (`TooManyRequestsException`, `Throttling`,
    /// `ThrottlingException`, `RequestLimitExceeded`).
    Throttling,
    /// A transient fault: `InternalErrorException`, `RequestTimeout*`, HTTP 500/502/503/504
    /// without a more specific code, or a transport failure or timeout.
    Transient,
    /// Not retryable: resending the same request will fail the same way.
    None,
}

/// One row per error code: code, kind, retry class. Codes not listed are
/// [`ErrorKind::Service`] / [`RetryClass::None`]. Spec §1.6 plus the AWS JSON protocol's
/// common throttling, timeout and IAM codes.
///
/// Deliberate difference from botocore: `LimitExceededException` is *not* a throttling code
/// here; in Cognito it is a per-user counter that a retry cannot fix.
const ERROR_CODES: &[(&str, ErrorKind, RetryClass)] = {
    use ErrorKind as K;
    use RetryClass as R;
    &[
        // Spec §1.6, in table order.
        ("NotAuthorizedException", K::NotAuthorized, R::None),
        ("UserNotFoundException", K::UserNotFound, R::None),
        ("UserNotConfirmedException", K::UserNotConfirmed, R::None),
        (
            "PasswordResetRequiredException",
            K::PasswordResetRequired,
            R::None,
        ),
        ("CodeMismatchException", K::CodeMismatch, R::None),
        ("ExpiredCodeException", K::ExpiredCode, R::None),
        ("InvalidParameterException", K::InvalidParameter, R::None),
        ("InvalidPasswordException", K::InvalidPassword, R::None),
        (
            "PasswordHistoryPolicyViolationException",
            K::InvalidPassword,
            R::None,
        ),
        ("ResourceNotFoundException", K::ResourceNotFound, R::None),
        ("MFAMethodNotFoundException", K::MfaMethodNotFound, R::None),
        (
            "SoftwareTokenMFANotFoundException",
            K::MfaMethodNotFound,
            R::None,
        ),
        ("EnableSoftwareTokenMFAException", K::CodeMismatch, R::None),
        (
            "TooManyRequestsException",
            K::TooManyRequests,
            R::Throttling,
        ),
        ("LimitExceededException", K::LimitExceeded, R::None),
        (
            "TooManyFailedAttemptsException",
            K::TooManyFailedAttempts,
            R::None,
        ),
        (
            "CodeDeliveryFailureException",
            K::CodeDeliveryFailure,
            R::None,
        ),
        ("AliasExistsException", K::AliasExists, R::None),
        ("UnexpectedLambdaException", K::Lambda, R::None),
        ("UserLambdaValidationException", K::Lambda, R::None),
        ("InvalidLambdaResponseException", K::Lambda, R::None),
        (
            "InvalidUserPoolConfigurationException",
            K::PoolConfiguration,
            R::None,
        ),
        (
            "InvalidSmsRoleAccessPolicyException",
            K::PoolConfiguration,
            R::None,
        ),
        (
            "InvalidSmsRoleTrustRelationshipException",
            K::PoolConfiguration,
            R::None,
        ),
        (
            "InvalidEmailRoleAccessPolicyException",
            K::PoolConfiguration,
            R::None,
        ),
        ("UnsupportedOperationException", K::Unsupported, R::None),
        ("UnsupportedTokenTypeException", K::Unsupported, R::None),
        ("UnauthorizedException", K::Unauthorized, R::None),
        ("RefreshTokenReuseException", K::RefreshTokenReuse, R::None),
        ("FeatureUnavailableInTierException", K::Unsupported, R::None),
        ("OperationNotEnabledException", K::Unsupported, R::None),
        ("ForbiddenException", K::Forbidden, R::None),
        ("WebAuthnNotEnabledException", K::WebAuthn, R::None),
        (
            "WebAuthnConfigurationMissingException",
            K::WebAuthn,
            R::None,
        ),
        ("WebAuthnChallengeNotFoundException", K::WebAuthn, R::None),
        (
            "WebAuthnRelyingPartyMismatchException",
            K::WebAuthn,
            R::None,
        ),
        ("WebAuthnClientMismatchException", K::WebAuthn, R::None),
        ("WebAuthnOriginNotAllowedException", K::WebAuthn, R::None),
        (
            "WebAuthnCredentialNotSupportedException",
            K::WebAuthn,
            R::None,
        ),
        ("InternalErrorException", K::Internal, R::Transient),
        // Spec §1.6 retry policy: the AWS throttling and request-timeout codes.
        ("Throttling", K::TooManyRequests, R::Throttling),
        ("ThrottlingException", K::TooManyRequests, R::Throttling),
        ("RequestLimitExceeded", K::TooManyRequests, R::Throttling),
        ("RequestTimeout", K::Timeout, R::Transient),
        ("RequestTimeoutException", K::Timeout, R::Transient),
        // AWS JSON protocol errors for SigV4-signed (admin) calls.
        ("AccessDeniedException", K::Credentials, R::None),
        ("UnrecognizedClientException", K::Credentials, R::None),
        ("InvalidSignatureException", K::Credentials, R::None),
        ("SignatureDoesNotMatch", K::Credentials, R::None),
        ("IncompleteSignature", K::Credentials, R::None),
        (
            "MissingAuthenticationTokenException",
            K::Credentials,
            R::None,
        ),
        ("InvalidClientTokenId", K::Credentials, R::None),
        ("ExpiredTokenException", K::Credentials, R::None),
    ]
};

/// Classifies a service error code (already stripped of any `namespace#` prefix).
pub(crate) fn classify(code: &str) -> (ErrorKind, RetryClass) {
    ERROR_CODES.iter().find(|(c, _, _)| *c == code).map_or(
        (ErrorKind::Service, RetryClass::None),
        |&(_, kind, class)| (kind, class),
    )
}

/// HTTP statuses that botocore's standard mode treats as transient.
pub(crate) fn is_transient_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

impl Error {
    fn new(kind: ErrorKind, detail: Detail) -> Self {
        Self(Box::new(Inner {
            kind,
            operation: None,
            code: None,
            message: None,
            request_id: None,
            status: None,
            retry_class: RetryClass::None,
            retryable: false,
            delivery: Delivery::NotSent,
            detail,
            source: None,
        }))
    }

    /// A response that decoded but breaks the sign-in protocol (a challenge without a
    /// Session, tokens that are not JWTs, ...).
    pub(crate) fn protocol(what: &'static str) -> Self {
        let mut e = Self::new(ErrorKind::Protocol, Detail::Protocol(what));
        e.0.delivery = Delivery::Received;
        e
    }

    /// [`Error::protocol`] with the decoding error behind it.
    pub(crate) fn protocol_with_source(
        what: &'static str,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self::protocol(what).with_source(source)
    }

    /// An SRP refusal (hostile or malformed challenge values), before anything was sent.
    pub(crate) fn srp(e: cognito_flow_srp::SrpError) -> Self {
        Self::new(ErrorKind::Srp, Detail::Srp(e))
    }

    /// An answer refused locally, before it was sent.
    pub(crate) fn invalid_input(what: &'static str) -> Self {
        Self::new(ErrorKind::InvalidParameter, Detail::InvalidInput(what))
    }

    /// A code the service did not accept, reported without an error code (e.g.
    /// `VerifySoftwareToken` answering `Status=ERROR`).
    pub(crate) fn code_mismatch_local(what: &'static str) -> Self {
        let mut e = Self::new(ErrorKind::CodeMismatch, Detail::Protocol(what));
        e.0.delivery = Delivery::Received;
        e
    }

    /// A state could not be sealed or unsealed (feature `sealed-state`); `kind` is usually
    /// [`ErrorKind::InvalidSealedState`].
    #[cfg_attr(not(feature = "sealed-state"), allow(dead_code))]
    pub(crate) fn sealed(kind: ErrorKind, what: &'static str) -> Self {
        Self::new(kind, Detail::Sealed(what))
    }

    /// A configuration error found while building a client.
    pub(crate) fn config(what: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Config, Detail::Config(what.into()))
    }

    /// A configuration error with an underlying cause (e.g. the TLS setup failed).
    #[cfg_attr(not(feature = "reqwest-rustls"), allow(dead_code))]
    pub(crate) fn config_with_source(
        what: impl Into<Cow<'static, str>>,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self::config(what).with_source(source)
    }

    /// Missing or unusable AWS credentials (admin calls).
    #[cfg_attr(not(feature = "admin"), allow(dead_code))]
    pub(crate) fn credentials(what: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Credentials, Detail::Credentials(what.into()))
    }

    /// SigV4 signing failed (never includes the credentials).
    #[cfg_attr(not(feature = "admin"), allow(dead_code))]
    pub(crate) fn signing(
        operation: &'static str,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self::new(ErrorKind::Credentials, Detail::Signing)
            .with_operation(operation)
            .with_source(source)
    }

    /// The request body could not be serialised.
    pub(crate) fn encode(
        operation: &'static str,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self::new(ErrorKind::Protocol, Detail::EncodeRequest)
            .with_operation(operation)
            .with_source(source)
    }

    /// An error reported by the transport; `limit` is the response body limit it was given.
    pub(crate) fn transport(
        operation: &'static str,
        source: Box<dyn TransportError>,
        limit: usize,
    ) -> Self {
        let (kind, detail, delivery, retry_class) = match source.kind() {
            TransportErrorKind::NotSent => (
                ErrorKind::Transport,
                Detail::NotSent,
                Delivery::NotSent,
                RetryClass::Transient,
            ),
            TransportErrorKind::Timeout => (
                ErrorKind::Timeout,
                Detail::TransportTimeout,
                Delivery::MaybeSent,
                RetryClass::Transient,
            ),
            TransportErrorKind::ResponseTooLarge => (
                ErrorKind::Protocol,
                Detail::BodyTooLarge(limit),
                Delivery::Received,
                RetryClass::None,
            ),
            TransportErrorKind::Other => (
                ErrorKind::Transport,
                Detail::SendFailed,
                Delivery::MaybeSent,
                RetryClass::Transient,
            ),
        };
        let source: Box<dyn StdError + Send + Sync> = source;
        let mut e = Self::new(kind, detail).with_operation(operation);
        e.0.delivery = delivery;
        e.0.retry_class = retry_class;
        e.0.source = Some(source);
        e
    }

    /// No response within the per-attempt timeout.
    pub(crate) fn attempt_timeout(operation: &'static str, after: Duration) -> Self {
        let mut e =
            Self::new(ErrorKind::Timeout, Detail::AttemptTimeout(after)).with_operation(operation);
        e.0.delivery = Delivery::MaybeSent;
        e.0.retry_class = RetryClass::Transient;
        e
    }

    /// The operation deadline passed before a response arrived.
    pub(crate) fn deadline_exceeded(operation: &'static str, deadline: Duration) -> Self {
        let mut e = Self::new(ErrorKind::Timeout, Detail::DeadlineExceeded(deadline))
            .with_operation(operation);
        e.0.delivery = Delivery::MaybeSent;
        e.0.retry_class = RetryClass::Transient;
        e
    }

    /// A response body over the configured limit.
    pub(crate) fn body_too_large(
        operation: &'static str,
        status: Option<u16>,
        limit: usize,
    ) -> Self {
        let mut e =
            Self::new(ErrorKind::Protocol, Detail::BodyTooLarge(limit)).with_operation(operation);
        e.0.delivery = Delivery::Received;
        e.0.status = status;
        e
    }

    /// A response that could not be decoded.
    pub(crate) fn malformed(
        operation: &'static str,
        status: u16,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        let mut e =
            Self::new(ErrorKind::Protocol, Detail::MalformedResponse).with_operation(operation);
        e.0.delivery = Delivery::Received;
        e.0.status = Some(status);
        e.0.source = source;
        e
    }

    /// A service error with a code (from `__type` or `x-amzn-ErrorType`).
    pub(crate) fn service(
        operation: &'static str,
        status: u16,
        code: &str,
        message: Option<&str>,
    ) -> Self {
        let (mut kind, mut retry_class) = classify(code);
        if kind == ErrorKind::NotAuthorized
            && message.is_some_and(|m| m.starts_with("Invalid session"))
        {
            kind = ErrorKind::SessionExpired;
        }
        // An unknown code on a transient status is a transient fault (botocore standard mode);
        // known codes keep their class.
        if kind == ErrorKind::Service && is_transient_status(status) {
            retry_class = RetryClass::Transient;
        }
        let mut e = Self::new(kind, Detail::Service).with_operation(operation);
        e.0.delivery = Delivery::Received;
        e.0.status = Some(status);
        e.0.code = Some(code.to_owned());
        e.0.message = message.map(str::to_owned);
        e.0.retry_class = retry_class;
        e
    }

    /// An HTTP error status without a recognisable error code.
    pub(crate) fn http_status(operation: &'static str, status: u16) -> Self {
        let kind = match status {
            400..=499 => ErrorKind::Service,
            500..=599 => ErrorKind::Internal,
            _ => ErrorKind::Protocol,
        };
        let mut e = Self::new(kind, Detail::HttpStatus).with_operation(operation);
        e.0.delivery = Delivery::Received;
        e.0.status = Some(status);
        if is_transient_status(status) {
            e.0.retry_class = RetryClass::Transient;
        }
        e
    }

    fn with_operation(mut self, operation: &'static str) -> Self {
        self.0.operation = Some(operation);
        self
    }

    fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<&str>) -> Self {
        self.0.request_id = request_id.map(str::to_owned);
        self
    }

    /// Records whether the retry policy allows resending this request (set by the
    /// dispatcher, which knows the operation).
    pub(crate) fn set_retryable(&mut self, retryable: bool) {
        self.0.retryable = retryable;
    }

    /// Whether the request may have reached the service: the sign-in states hand the state
    /// back to the caller only for [`Delivery::NotSent`].
    pub(crate) fn delivery(&self) -> Delivery {
        self.0.delivery
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.kind(), cognito_flow::ErrorKind::NotAuthorized);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The raw Cognito error code (`NotAuthorizedException`, …) without any namespace
    /// prefix, if the service returned one.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.code(), Some("NotAuthorizedException"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The service's error message, if it sent one. Meant for people; do not parse it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// // For logs and people, not for matching: use `kind()` or `code()`.
    /// println!("Cognito says: {}", err.message().unwrap_or("(no message)"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The `x-amzn-RequestId` of the response, for AWS support cases.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// if let Some(id) = err.request_id() {
    ///     println!("request id for AWS support: {id}");
    /// }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The HTTP status of the response, if one was received.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.status(), Some(400));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The Cognito operation that failed (`"RevokeToken"`, …), if any.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.operation(), Some("InitiateAuth"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// The retry class of this error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.retry_class(), cognito_flow::RetryClass::None);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn retry_class(&self) -> RetryClass {
        self.0.retry_class
    }

    /// Whether sending the same request again may succeed, by the SDK's retry policy.
    ///
    /// This is `false` for requests that carry a single-use challenge `Session`
    /// (`RespondToAuthChallenge`, `AdminRespondToAuthChallenge`, `VerifySoftwareToken`,
    /// `AssociateSoftwareToken`) once they may have reached the service, whatever the retry
    /// class: the session may already be consumed. The SDK retries such errors itself, within
    /// the configured attempts, the client's retry budget and the operation deadline, so by
    /// the time you see one those are used up.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let err = client.initiate_password_auth("alice", cognito_flow::Password::new("wrong password")).await.unwrap_err();
    /// assert!(!err.is_retryable());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.0.retryable
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        if let Some(op) = inner.operation {
            write!(f, "{op}: ")?;
        }
        match &inner.detail {
            Detail::Service => {
                f.write_str(inner.code.as_deref().unwrap_or("service error"))?;
                if let Some(message) = &inner.message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            Detail::HttpStatus => match inner.status {
                Some(status) => write!(f, "HTTP {status} without an error code"),
                None => f.write_str("HTTP error without an error code"),
            },
            Detail::NotSent => f.write_str("the request could not be sent"),
            Detail::SendFailed => {
                f.write_str("the connection failed while the request was in flight")
            }
            Detail::TransportTimeout => f.write_str("the transport timed out"),
            Detail::AttemptTimeout(after) => write!(f, "no response within {after:?}"),
            Detail::DeadlineExceeded(deadline) => {
                write!(f, "operation deadline of {deadline:?} exceeded")
            }
            Detail::MalformedResponse => match inner.status {
                Some(status) => write!(f, "malformed response (HTTP {status})"),
                None => f.write_str("malformed response"),
            },
            Detail::BodyTooLarge(limit) => {
                write!(f, "response body larger than the {limit}-byte limit")
            }
            Detail::EncodeRequest => f.write_str("could not encode the request"),
            Detail::Signing => f.write_str("could not sign the request"),
            Detail::Config(what) => write!(f, "invalid client configuration: {what}"),
            Detail::Credentials(what) => write!(f, "AWS credentials: {what}"),
            Detail::Protocol(what) => write!(f, "unexpected response: {what}"),
            Detail::Srp(e) => write!(f, "SRP: {e}"),
            Detail::InvalidInput(what) => write!(f, "answer refused before sending: {what}"),
            Detail::Sealed(what) => write!(f, "sealed state: {what}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        let mut d = f.debug_struct("Error");
        d.field("kind", &inner.kind);
        if let Some(op) = inner.operation {
            d.field("operation", &op);
        }
        if let Some(code) = &inner.code {
            d.field("code", code);
        }
        if let Some(message) = &inner.message {
            d.field("message", message);
        }
        if let Some(request_id) = &inner.request_id {
            d.field("request_id", request_id);
        }
        if let Some(status) = inner.status {
            d.field("status", &status);
        }
        d.field("retry_class", &inner.retry_class);
        d.field("detail", &inner.detail);
        if let Some(source) = &inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.0.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error code named in spec §1.6 (the `WebAuthn*` and `InvalidSmsRole*` families
    /// expanded from the model).
    const SPEC_1_6_CODES: &[&str] = &[
        "NotAuthorizedException",
        "UserNotFoundException",
        "UserNotConfirmedException",
        "PasswordResetRequiredException",
        "CodeMismatchException",
        "ExpiredCodeException",
        "InvalidParameterException",
        "InvalidPasswordException",
        "PasswordHistoryPolicyViolationException",
        "ResourceNotFoundException",
        "MFAMethodNotFoundException",
        "SoftwareTokenMFANotFoundException",
        "EnableSoftwareTokenMFAException",
        "TooManyRequestsException",
        "LimitExceededException",
        "TooManyFailedAttemptsException",
        "CodeDeliveryFailureException",
        "AliasExistsException",
        "UnexpectedLambdaException",
        "UserLambdaValidationException",
        "InvalidLambdaResponseException",
        "InvalidUserPoolConfigurationException",
        "InvalidSmsRoleAccessPolicyException",
        "InvalidSmsRoleTrustRelationshipException",
        "InvalidEmailRoleAccessPolicyException",
        "UnsupportedOperationException",
        "UnsupportedTokenTypeException",
        "UnauthorizedException",
        "RefreshTokenReuseException",
        "FeatureUnavailableInTierException",
        "OperationNotEnabledException",
        "ForbiddenException",
        "WebAuthnNotEnabledException",
        "WebAuthnConfigurationMissingException",
        "WebAuthnChallengeNotFoundException",
        "WebAuthnRelyingPartyMismatchException",
        "WebAuthnClientMismatchException",
        "WebAuthnOriginNotAllowedException",
        "WebAuthnCredentialNotSupportedException",
        "InternalErrorException",
    ];

    #[test]
    fn every_spec_code_is_mapped() {
        for code in SPEC_1_6_CODES {
            assert_ne!(
                classify(code).0,
                ErrorKind::Service,
                "{code} is not in the table"
            );
        }
    }

    #[test]
    fn table_has_no_duplicate_codes() {
        for (i, (code, _, _)) in ERROR_CODES.iter().enumerate() {
            assert!(
                ERROR_CODES[i + 1..].iter().all(|(c, _, _)| c != code),
                "{code} appears twice"
            );
        }
    }

    #[test]
    fn retry_classes_follow_spec_1_6() {
        for code in [
            "TooManyRequestsException",
            "Throttling",
            "ThrottlingException",
            "RequestLimitExceeded",
        ] {
            assert_eq!(
                classify(code),
                (ErrorKind::TooManyRequests, RetryClass::Throttling)
            );
        }
        assert_eq!(
            classify("InternalErrorException"),
            (ErrorKind::Internal, RetryClass::Transient)
        );
        assert_eq!(
            classify("LimitExceededException"),
            (ErrorKind::LimitExceeded, RetryClass::None)
        );
        // Everything else in §1.6 is "no".
        for code in SPEC_1_6_CODES {
            if !matches!(*code, "TooManyRequestsException" | "InternalErrorException") {
                assert_eq!(classify(code).1, RetryClass::None, "{code}");
            }
        }
        assert_eq!(
            classify("SomethingNew"),
            (ErrorKind::Service, RetryClass::None)
        );
    }

    #[test]
    fn session_expired_is_the_only_message_sniff() {
        let e = Error::service(
            "RespondToAuthChallenge",
            400,
            "NotAuthorizedException",
            Some("Invalid session for the user, session can only be used once."),
        );
        assert_eq!(e.kind(), ErrorKind::SessionExpired);
        assert_eq!(e.code(), Some("NotAuthorizedException"));
        let e = Error::service(
            "InitiateAuth",
            400,
            "NotAuthorizedException",
            Some("Incorrect username or password."),
        );
        assert_eq!(e.kind(), ErrorKind::NotAuthorized);
        // Another code with the same message is not a session error.
        let e = Error::service("X", 400, "CodeMismatchException", Some("Invalid session"));
        assert_eq!(e.kind(), ErrorKind::CodeMismatch);
    }

    #[test]
    fn transient_status_upgrades_only_unknown_codes() {
        let e = Error::service("X", 503, "ServiceUnavailable", None);
        assert_eq!(
            (e.kind(), e.retry_class()),
            (ErrorKind::Service, RetryClass::Transient)
        );
        let e = Error::service("X", 500, "LimitExceededException", None);
        assert_eq!(e.retry_class(), RetryClass::None);
        let e = Error::http_status("X", 502);
        assert_eq!(
            (e.kind(), e.retry_class()),
            (ErrorKind::Internal, RetryClass::Transient)
        );
        let e = Error::http_status("X", 501);
        assert_eq!(
            (e.kind(), e.retry_class()),
            (ErrorKind::Internal, RetryClass::None)
        );
        let e = Error::http_status("X", 403);
        assert_eq!(
            (e.kind(), e.retry_class()),
            (ErrorKind::Service, RetryClass::None)
        );
    }

    #[test]
    fn display_names_the_operation_and_code_without_the_source() {
        let e = Error::service(
            "RevokeToken",
            400,
            "UnsupportedOperationException",
            Some("Token revocation is not enabled"),
        )
        .with_request_id(Some("req-1"));
        assert_eq!(
            e.to_string(),
            "RevokeToken: UnsupportedOperationException: Token revocation is not enabled"
        );
        assert_eq!(e.request_id(), Some("req-1"));
        assert!(e.source().is_none());

        let e = Error::malformed("GlobalSignOut", 200, Some("bad json".into()));
        assert_eq!(
            e.to_string(),
            "GlobalSignOut: malformed response (HTTP 200)"
        );
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("bad json")
        );

        let e = Error::config("client id is required");
        assert_eq!(
            e.to_string(),
            "invalid client configuration: client id is required"
        );
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + StdError>() {}
        assert_bounds::<Error>();
    }
}
