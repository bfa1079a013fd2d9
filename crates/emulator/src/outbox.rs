//! What Cognito would have sent by SMS or e-mail: MFA codes, OTPs, confirmation and reset
//! codes, temporary passwords. Readable from the library and at `GET /_emulator/outbox`.

use serde::Serialize;

/// How a message was (not) sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Medium {
    /// A text message to `phone_number`.
    #[serde(rename = "SMS")]
    Sms,
    /// An e-mail to `email`.
    #[serde(rename = "EMAIL")]
    Email,
}

/// Why a message was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Purpose {
    /// An SMS or e-mail MFA code.
    MfaCode,
    /// A passwordless sign-in code (`EMAIL_OTP`/`SMS_OTP` as a first factor).
    SignInCode,
    /// A sign-up confirmation code.
    ConfirmationCode,
    /// A `ForgotPassword` code.
    ResetCode,
    /// An `AdminCreateUser` invitation with a temporary password.
    TemporaryPassword,
    /// An attribute verification code.
    VerificationCode,
}

/// One message in the outbox.
///
/// ```
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use cognito_flow_emulator::Emulator;
/// let emulator = Emulator::builder().start().await?;
/// assert!(emulator.outbox().is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Message {
    /// The pool.
    pub user_pool_id: String,
    /// The canonical username.
    pub username: String,
    /// SMS or e-mail.
    pub medium: Medium,
    /// Why it was sent.
    pub purpose: Purpose,
    /// The phone number or address (unmasked: this is the test's view).
    pub destination: String,
    /// The code or temporary password.
    pub code: String,
    /// The text a user would have read.
    pub message: String,
    /// When, in milliseconds since the Unix epoch.
    pub sent_at: i64,
}
