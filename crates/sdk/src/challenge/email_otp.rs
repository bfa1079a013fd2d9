//! `EMAIL_OTP` (spec §5.2, §5.9).

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::{CodeDelivery, delivered_code_challenge};
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

delivered_code_challenge!(
    EmailOtp,
    ChallengeName::EmailOtp,
    keys::EMAIL_OTP_CODE,
    "the e-mail"
);
