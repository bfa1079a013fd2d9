//! `SMS_OTP` (spec §5.2, §5.5): a passwordless first factor.

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::{CodeDelivery, debug_state, delivery};
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::next::Next;
use crate::secret::MfaCode;

/// `SMS_OTP`: Cognito sent a sign-in code by text message (a passwordless first factor of `USER_AUTH`); answer with it.
///
/// * Answer: [`MfaCode`] (`SMS_OTP_CODE`).
/// * Next: [`Next::SignedIn`] (an OTP first factor is not followed by MFA, spec §5.5).
///
/// # Errors
///
/// A wrong code fails with [`ErrorKind::CodeMismatch`](crate::ErrorKind::CodeMismatch) and
/// hands the state back ([`RespondError::into_state`]); after too many wrong codes Cognito
/// invalidates the Session ([`ErrorKind::SessionExpired`](crate::ErrorKind::SessionExpired)).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SmsOtp); // pat: SMS_OTP first factor
/// use cognito_flow::MfaCode;
///
/// println!("code sent to {:?}", step.delivery().destination);
/// # let code_from_user = sandbox.last_code("pat");
/// let next = step.respond(MfaCode::new(code_from_user)).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct SmsOtp {
    ctx: ChallengeCtx,
}

impl SmsOtp {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// Where the code was sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsOtp); // pat: SMS_OTP first factor
    /// let delivery = step.delivery();
    /// assert_eq!(delivery.medium.as_deref(), Some("SMS"));
    /// # Ok(()) }
    /// ```
    pub fn delivery(&self) -> CodeDelivery {
        delivery(&self.ctx)
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsOtp); // pat: SMS_OTP first factor
    /// assert_eq!(step.username(), "pat");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer (inherited from the previous step).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsOtp); // pat: SMS_OTP first factor
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("channel", "sms");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the code from the text message.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsOtp); // pat: SMS_OTP first factor
    /// use cognito_flow::{ErrorKind, MfaCode};
    ///
    /// let err = step.respond(MfaCode::new("00000000")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    /// let step = err.into_state().expect("a wrong code keeps the state");
    /// # let code_from_user = sandbox.last_code("pat");
    /// assert!(step.respond(MfaCode::new(code_from_user)).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, code: MfaCode) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::SMS_OTP_CODE, code.expose_secret());
        answer_or_return(self.ctx, ChallengeName::SmsOtp, extra, Self::new).await
    }
}

impl fmt::Debug for SmsOtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "SmsOtp", &self.ctx)
    }
}
