//! `MFA_SETUP` and its sub-steps (spec §5.8): associate a TOTP authenticator, verify it,
//! then answer; or give an e-mail address for e-mail MFA.

use std::fmt;

use cognito_flow_wire::{
    AssociateSoftwareTokenRequest, ChallengeName, SensitiveMap, VerifySoftwareTokenRequest,
    VerifySoftwareTokenStatus, decode_mfas_can_setup, keys,
};

use super::code::debug_state;
use super::select_mfa_type::MfaFactor;
use super::software_token_mfa::is_totp;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return, keeps_state};
use crate::error::Error;
use crate::next::Next;
use crate::secret::{Session, TotpCode, TotpSecret};

/// `MFA_SETUP`: MFA is required and the user has no factor yet.
///
/// Not answered directly: pick a sub-step.
/// * [`associate_totp`](Self::associate_totp) → [`TotpSetup`] (show its secret or
///   [`otpauth_uri`](TotpSetup::otpauth_uri) as a QR code) → [`TotpSetup::verify`] with the
///   app's first code → [`Next::SignedIn`].
/// * [`set_up_email`](Self::set_up_email) (when [`can_set_up`](Self::can_set_up) has
///   [`MfaFactor::Email`]) → [`Next::EmailOtp`].
/// * SMS cannot be set up in-band: an administrator adds a phone number (spec §5.8).
///
/// # Errors
///
/// Only a request that surely was not sent hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
/// use cognito_flow::{MfaFactor, TotpCode};
///
/// assert!(step.can_set_up().contains(&MfaFactor::Totp));
/// let setup = step.associate_totp().await?;
/// println!("scan {}", setup.otpauth_uri("Example", "newbie").expose_secret());
/// # let code_from_app = sandbox.totp_code_for_secret(setup.secret().expose_secret());
/// let next = setup.verify(TotpCode::new(code_from_app), Some("phone")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct MfaSetup {
    ctx: ChallengeCtx,
    can_set_up: Vec<MfaFactor>,
}

impl MfaSetup {
    pub(crate) fn new(ctx: ChallengeCtx) -> Result<Self, Error> {
        let raw = ctx
            .parameters
            .get(keys::MFAS_CAN_SETUP)
            .map(String::as_str)
            .unwrap_or("[]");
        let names = decode_mfas_can_setup(raw)
            .map_err(|e| Error::protocol_with_source("MFAS_CAN_SETUP is malformed", e))?;
        let can_set_up = names
            .iter()
            .filter_map(|n| MfaFactor::from_name(n.as_str()))
            .collect();
        Ok(Self { ctx, can_set_up })
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// The factors that can be set up (`MFAS_CAN_SETUP`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// use cognito_flow::MfaFactor;
    ///
    /// // This pool offers authenticator apps and e-mail codes.
    /// assert_eq!(step.can_set_up(), &[MfaFactor::Totp, MfaFactor::Email]);
    /// # Ok(()) }
    /// ```
    pub fn can_set_up(&self) -> &[MfaFactor] {
        &self.can_set_up
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// assert_eq!(step.username(), "newbie");
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
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("enrolment", "first sign-in");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// `AssociateSoftwareToken` with the challenge's Session: Cognito creates a TOTP secret.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MfaMethodNotFound`](crate::ErrorKind::MfaMethodNotFound) if the pool does
    /// not allow TOTP; transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// let setup = step.associate_totp().await?;
    /// // Show the secret as a QR code (or as text to type in).
    /// let qr_payload = setup.otpauth_uri("Example Corp", "newbie");
    /// assert!(qr_payload.expose_secret().starts_with("otpauth://totp/"));
    /// # Ok(()) }
    /// ```
    pub async fn associate_totp(mut self) -> Result<TotpSetup, RespondError<Self>> {
        let mut request = AssociateSoftwareTokenRequest::default();
        request.session = self.ctx.session.as_ref().map(|s| s.expose_secret().into());
        let result = self.ctx.api.client().send(&request).await;
        match result {
            Ok(out) => {
                let (Some(secret), Some(session)) = (out.secret_code, out.session) else {
                    return Err(RespondError::new(
                        Error::protocol(
                            "AssociateSoftwareToken answered without SecretCode and Session",
                        ),
                        None,
                    ));
                };
                self.ctx.session = Some(Session::new(session.expose_secret()));
                Ok(TotpSetup {
                    ctx: self.ctx,
                    secret: TotpSecret::new(secret.expose_secret()),
                })
            }
            Err(error) => {
                let keep = keeps_state(&ChallengeName::MfaSetup, &error)
                    && error.kind() != crate::ErrorKind::CodeMismatch;
                Err(RespondError::new(error, keep.then_some(self)))
            }
        }
    }

    /// Sets up e-mail MFA with `email` (`MFA_SETUP` answered with `EMAIL`): Cognito sends a
    /// code there and asks for it.
    ///
    /// # Errors
    ///
    /// Cognito's error if e-mail MFA is not available.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// use cognito_flow::{MfaCode, Next};
    ///
    /// let next = step.set_up_email("newbie@example.com").await?;
    /// let Next::EmailOtp(otp) = next else { panic!("expected EMAIL_OTP") };
    /// # let code_from_email = sandbox.last_code("newbie");
    /// let next = otp.respond(MfaCode::new(code_from_email)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn set_up_email(self, email: impl Into<String>) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::EMAIL, email.into());
        let can_set_up = self.can_set_up;
        answer_or_return(self.ctx, ChallengeName::MfaSetup, extra, move |ctx| Self {
            ctx,
            can_set_up,
        })
        .await
    }
}

impl fmt::Debug for MfaSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "MfaSetup", &self.ctx)
    }
}

/// A TOTP authenticator being set up during `MFA_SETUP`: show the secret, then
/// [`verify`](Self::verify) the first code the app shows.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
/// use cognito_flow::TotpCode;
///
/// let setup = step.associate_totp().await?;
/// // Show the secret, then ask for the first code the app displays.
/// println!("secret: {}", setup.secret().expose_secret());
/// # let code_from_app = sandbox.totp_code_for_secret(setup.secret().expose_secret());
/// let next = setup.verify(TotpCode::new(code_from_app), Some("phone")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "the authenticator is not set up until verified"]
pub struct TotpSetup {
    ctx: ChallengeCtx,
    secret: TotpSecret,
}

impl TotpSetup {
    /// A set-up restored from a sealed state (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn from_sealed(ctx: ChallengeCtx, secret: TotpSecret) -> Self {
        Self { ctx, secret }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// The base32 secret to type into an authenticator app.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// let setup = step.associate_totp().await?;
    /// let secret = setup.secret().expose_secret();
    /// assert!(secret.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
    /// # Ok(()) }
    /// ```
    pub fn secret(&self) -> &TotpSecret {
        &self.secret
    }

    /// The `otpauth://totp/…` URI to show as a QR code. `issuer` names your service,
    /// `account` the user. It contains the secret.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// let setup = step.associate_totp().await?;
    /// let uri = setup.otpauth_uri("Example Corp", "alice@example.com");
    /// assert!(uri.expose_secret().starts_with("otpauth://totp/Example%20Corp:alice%40example.com?secret="));
    /// # Ok(()) }
    /// ```
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> TotpSecret {
        TotpSecret::new(format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}",
            percent(issuer),
            percent(account),
            self.secret.expose_secret(),
            percent(issuer)
        ))
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// let setup = step.associate_totp().await?;
    /// assert_eq!(setup.username(), "newbie");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// `VerifySoftwareToken` with the app's code, then answers `MFA_SETUP`.
    /// `friendly_device_name` labels the authenticator in the user's MFA settings.
    ///
    /// # Errors
    ///
    /// A wrong code ([`ErrorKind::CodeMismatch`](crate::ErrorKind::CodeMismatch)) hands this
    /// state back so the user can type the next code.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let setup = step.associate_totp().await?;
    /// let err = setup.verify(TotpCode::new("000000"), None).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    /// let setup = err.into_state().expect("a wrong code keeps the set-up");
    /// # let code_from_app = sandbox.totp_code_for_secret(setup.secret().expose_secret());
    /// let next = setup.verify(TotpCode::new(code_from_app), Some("work phone")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn verify(
        mut self,
        code: TotpCode,
        friendly_device_name: Option<&str>,
    ) -> Result<Next, RespondError<Self>> {
        if !is_totp(code.expose_secret()) {
            return Err(RespondError::new(
                Error::invalid_input("a TOTP code is exactly six digits"),
                Some(self),
            ));
        }
        let mut request = VerifySoftwareTokenRequest::new(code.expose_secret());
        request.session = self.ctx.session.as_ref().map(|s| s.expose_secret().into());
        request.friendly_device_name = friendly_device_name.map(str::to_owned);
        let out = match self.ctx.api.client().send(&request).await {
            Ok(out) => out,
            Err(error) => {
                let keep = keeps_state(&ChallengeName::MfaSetup, &error);
                return Err(RespondError::new(error, keep.then_some(self)));
            }
        };
        if out.status != Some(VerifySoftwareTokenStatus::Success) {
            return Err(RespondError::new(
                Error::code_mismatch_local("VerifySoftwareToken did not succeed"),
                Some(self),
            ));
        }
        let Some(session) = out.session else {
            return Err(RespondError::new(
                Error::protocol("VerifySoftwareToken answered without a Session"),
                None,
            ));
        };
        self.ctx.session = Some(Session::new(session.expose_secret()));
        match self
            .ctx
            .answer(ChallengeName::MfaSetup, SensitiveMap::new())
            .await
        {
            Ok(next) => Ok(next),
            Err((error, _)) => Err(RespondError::new(error, None)),
        }
    }
}

impl fmt::Debug for TotpSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "TotpSetup", &self.ctx)
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
