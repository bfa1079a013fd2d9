//! Errors as Cognito sends them: a `__type` code, a message and an HTTP status (spec §1.5,
//! §8.7). Messages never contain a secret.

use core::fmt;

/// An error response: Cognito's error code, its message and the HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    code: &'static str,
    message: String,
}

impl ApiError {
    /// An error with an explicit code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The error code, e.g. `NotAuthorizedException`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status: 400 for every modelled client error, 500 for `InternalErrorException`,
    /// 403 for `ForbiddenException`, 401 for `UnauthorizedException` (spec §1.5, §11), and
    /// 404/413 for the protocol-level errors of this emulator's HTTP front.
    pub fn status(&self) -> u16 {
        match self.code {
            "InternalErrorException" => 500,
            "ForbiddenException" => 403,
            "UnauthorizedException" => 401,
            "UnknownOperationException" => 400,
            _ => 400,
        }
    }

    pub(crate) fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }
    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }
    pub(crate) fn missing(name: &str) -> Self {
        Self::invalid_parameter(format!("Missing required parameter {name}"))
    }
    pub(crate) fn resource_not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }
    pub(crate) fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }
    pub(crate) fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }
    pub(crate) fn invalid_session() -> Self {
        Self::not_authorized("Invalid session for the user.")
    }
    pub(crate) fn session_used() -> Self {
        Self::not_authorized("Invalid session for the user, session can only be used once.")
    }
    pub(crate) fn session_expired() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
    pub(crate) fn code_mismatch() -> Self {
        Self::new(
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        )
    }
    pub(crate) fn expired_code(message: impl Into<String>) -> Self {
        Self::new("ExpiredCodeException", message)
    }
    pub(crate) fn pool_not_found(pool_id: &str) -> Self {
        Self::resource_not_found(format!("User pool {pool_id} does not exist."))
    }
    pub(crate) fn client_not_found() -> Self {
        Self::resource_not_found("User pool client does not exist.")
    }
    pub(crate) fn serialization(message: impl Into<String>) -> Self {
        Self::new("SerializationException", message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// The result of an operation handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;
