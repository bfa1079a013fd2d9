//! `SMS_MFA` (spec §5.2, §5.9).

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::{CodeDelivery, debug_state, delivery};
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::next::Next;
use crate::secret::MfaCode;

/// `SMS_MFA`: Cognito sent a code by text message; answer with it.
///
/// * Answer: [`MfaCode`] (`SMS_MFA_CODE`).
/// * Next: [`Next::SignedIn`], or [`Next::DeviceSrpAuth`] for a remembered device.
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
/// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
/// use cognito_flow::MfaCode;
///
/// println!("code sent to {:?}", step.delivery().destination);
/// # let code_from_user = sandbox.last_code("sam");
/// let next = step.respond(MfaCode::new(code_from_user)).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct SmsMfa {
    ctx: ChallengeCtx,
}

impl SmsMfa {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// Where the code was sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// let delivery = step.delivery();
    /// assert_eq!(delivery.medium.as_deref(), Some("SMS"));
    /// println!("enter the code sent to {}", delivery.destination.as_deref().unwrap_or("your phone"));
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
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// assert_eq!(step.username(), "sam");
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
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// use cognito_flow::MfaCode;
    ///
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("step", "sms");
    /// # let code_from_user = sandbox.last_code("sam");
    /// let next = step.respond(MfaCode::new(code_from_user)).await?;
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
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// use cognito_flow::{ErrorKind, MfaCode};
    ///
    /// let err = step.respond(MfaCode::new("000000")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    /// let step = err.into_state().expect("a wrong code keeps the state");
    /// # let code_from_user = sandbox.last_code("sam");
    /// let next = step.respond(MfaCode::new(code_from_user)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, code: MfaCode) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::SMS_MFA_CODE, code.expose_secret());
        answer_or_return(self.ctx, ChallengeName::SmsMfa, extra, Self::new).await
    }
}

impl fmt::Debug for SmsMfa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "SmsMfa", &self.ctx)
    }
}
