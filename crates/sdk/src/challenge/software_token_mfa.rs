//! `SOFTWARE_TOKEN_MFA` (spec §5.2, §5.9, §8.9).

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::debug_state;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::error::Error;
use crate::next::Next;
use crate::secret::TotpCode;

/// `SOFTWARE_TOKEN_MFA`: the user's authenticator app shows a six-digit code; answer with it.
///
/// * Answer: [`TotpCode`] (`SOFTWARE_TOKEN_MFA_CODE`). An SMS or e-mail [`MfaCode`](crate::MfaCode)
///   does not compile here.
/// * Next: [`Next::SignedIn`], or [`Next::DeviceSrpAuth`] for a remembered device.
///
/// # Errors
///
/// A wrong code ([`ErrorKind::CodeMismatch`](crate::ErrorKind::CodeMismatch)) or a code
/// already used in its 30-second window ([`ErrorKind::ExpiredCode`](crate::ErrorKind::ExpiredCode))
/// hands the state back; a code that is not six digits is refused before sending
/// ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter), state back).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
/// use cognito_flow::TotpCode;
///
/// # let code_from_app = sandbox.totp_code("tess");
/// let next = step.respond(TotpCode::new(code_from_app)).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct SoftwareTokenMfa {
    ctx: ChallengeCtx,
}

impl SoftwareTokenMfa {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// assert_eq!(step.username(), "tess");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::TotpCode;
    ///
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("step", "totp");
    /// # let code_from_app = sandbox.totp_code("tess");
    /// let next = step.respond(TotpCode::new(code_from_app)).await?;
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the authenticator's current code.
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
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{ErrorKind, Next, Password, TotpCode};
    ///
    /// # let code_from_app = sandbox.totp_code("tess");
    /// let Next::SoftwareTokenMfa(step) = client.sign_in("tess", Password::new("Corr3ct-horse!")).await?
    /// else {
    ///     panic!("tess has an authenticator app");
    /// };
    /// step.respond(TotpCode::new(code_from_app.as_str())).await?;
    ///
    /// // The same code again, in the same 30-second window: refused, the state comes back.
    /// let Next::SoftwareTokenMfa(step) = client.sign_in("tess", Password::new("Corr3ct-horse!")).await?
    /// else {
    ///     panic!("tess has an authenticator app");
    /// };
    /// let err = step.respond(TotpCode::new(code_from_app)).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::ExpiredCode);
    /// let step = err.into_state().expect("wait for the next code");
    /// # sandbox.advance(30);
    /// # let next_code = sandbox.totp_code("tess");
    /// assert!(step.respond(TotpCode::new(next_code)).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, code: TotpCode) -> Result<Next, RespondError<Self>> {
        if !is_totp(code.expose_secret()) {
            return Err(RespondError::new(
                Error::invalid_input("a TOTP code is exactly six digits"),
                Some(self),
            ));
        }
        let mut extra = SensitiveMap::new();
        extra.insert(keys::SOFTWARE_TOKEN_MFA_CODE, code.expose_secret());
        answer_or_return(self.ctx, ChallengeName::SoftwareTokenMfa, extra, Self::new).await
    }
}

/// Six ASCII digits (`SoftwareTokenMFAUserCodeType`, spec §2).
pub(crate) fn is_totp(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Debug for SoftwareTokenMfa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "SoftwareTokenMfa", &self.ctx)
    }
}
