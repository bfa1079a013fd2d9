//! `EMAIL_OTP` (spec §5.2, §5.9).

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::{CodeDelivery, debug_state, delivery};
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::next::Next;
use crate::secret::MfaCode;

/// `EMAIL_OTP`: Cognito sent a code by e-mail (e-mail MFA, or a passwordless first factor); answer with it.
///
/// * Answer: [`MfaCode`] (`EMAIL_OTP_CODE`).
/// * Next: [`Next::SignedIn`], or [`Next::DeviceSrpAuth`] for a remembered device.
///
/// # Errors
///
/// A wrong code fails with [`ErrorKind::CodeMismatch`](crate::ErrorKind::CodeMismatch) and
/// hands the state back ([`RespondError::into_state`]); after too many wrong codes Cognito
/// invalidates the Session ([`ErrorKind::SessionExpired`](crate::ErrorKind::SessionExpired)).
///
/// ```no_run
/// # async fn demo(step: cognito_flow::EmailOtp) -> Result<(), cognito_flow::Error> {
/// use cognito_flow::MfaCode;
/// println!("code sent to {:?}", step.delivery().destination);
/// let next = step.respond(MfaCode::new("123456")).await?;
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct EmailOtp {
    ctx: ChallengeCtx,
}

impl EmailOtp {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
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

    /// Answers with the code from the e-mail.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
    pub async fn respond(self, code: MfaCode) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::EMAIL_OTP_CODE, code.expose_secret());
        answer_or_return(self.ctx, ChallengeName::EmailOtp, extra, Self::new).await
    }
}

impl fmt::Debug for EmailOtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "EmailOtp", &self.ctx)
    }
}
