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
/// ```no_run
/// # async fn demo(step: cognito_flow::SmsOtp) -> Result<(), cognito_flow::Error> {
/// use cognito_flow::MfaCode;
/// println!("code sent to {:?}", step.delivery().destination);
/// let next = step.respond(MfaCode::new("123456")).await?;
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
    pub fn delivery(&self) -> CodeDelivery {
        delivery(&self.ctx)
    }

    /// The canonical username.
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer (inherited from the previous step).
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the code from the text message.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
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
