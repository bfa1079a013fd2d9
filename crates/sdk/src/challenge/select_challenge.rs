//! `SELECT_CHALLENGE` (spec §5.2, §5.5): choice-based sign-in (`USER_AUTH`) asks which first
//! factor to use.

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::debug_state;
use super::password_challenge::send_srp_a;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::error::Error;
use crate::next::Next;
use crate::secret::Password;

/// A first factor of choice-based sign-in.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// use cognito_flow::AuthFactor;
///
/// let offered: Vec<AuthFactor> = step.offers().iter().map(|o| o.factor()).collect();
/// assert!(offered.contains(&AuthFactor::WebAuthn) && offered.contains(&AuthFactor::EmailOtp));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthFactor {
    /// `PASSWORD`: the password, sent to Cognito over TLS.
    Password,
    /// `PASSWORD_SRP`: the password, proved with SRP (never sent).
    PasswordSrp,
    /// `EMAIL_OTP`: a code sent by e-mail.
    EmailOtp,
    /// `SMS_OTP`: a code sent by text message.
    SmsOtp,
    /// `WEB_AUTHN`: a passkey.
    WebAuthn,
}

impl AuthFactor {
    /// Cognito's name of the factor.
    ///
    /// ```
    /// assert_eq!(cognito_flow::AuthFactor::WebAuthn.as_str(), "WEB_AUTHN");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::WebAuthn => "WEB_AUTHN",
        }
    }

    pub(crate) fn from_challenge(name: &ChallengeName) -> Option<Self> {
        match name {
            ChallengeName::Password => Some(Self::Password),
            ChallengeName::PasswordSrp => Some(Self::PasswordSrp),
            ChallengeName::EmailOtp => Some(Self::EmailOtp),
            ChallengeName::SmsOtp => Some(Self::SmsOtp),
            ChallengeName::WebAuthn => Some(Self::WebAuthn),
            _ => None,
        }
    }
}

/// A factor a [`SelectChallenge`] offered. Only that state hands these out
/// ([`SelectChallenge::offer`], [`SelectChallenge::offers`]), so an answer naming a factor
/// that was not offered cannot be built.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// use cognito_flow::AuthFactor;
///
/// for offer in step.offers() {
///     match offer.factor() {
///         AuthFactor::WebAuthn => println!("[Sign in with a passkey]"),
///         AuthFactor::EmailOtp => println!("[E-mail me a code]"),
///         AuthFactor::SmsOtp => println!("[Text me a code]"),
///         AuthFactor::Password | AuthFactor::PasswordSrp => println!("[Use my password]"),
///         _ => {}
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactorOffer {
    factor: AuthFactor,
    offer: u64,
}

impl FactorOffer {
    /// The factor.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// use cognito_flow::AuthFactor;
    ///
    /// let offer = step.offer(AuthFactor::SmsOtp).expect("pat has a verified phone number");
    /// assert_eq!(offer.factor(), AuthFactor::SmsOtp);
    /// # Ok(()) }
    /// ```
    pub fn factor(self) -> AuthFactor {
        self.factor
    }

    /// Chooses the factor; Cognito then asks for it in its own challenge (two-step form):
    /// `PASSWORD` → [`Next::Password`], `PASSWORD_SRP` → [`Next::PasswordSrp`], `EMAIL_OTP` /
    /// `SMS_OTP` → the code is sent, `WEB_AUTHN` → [`Next::WebAuthn`] with the request options.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// use cognito_flow::{AuthFactor, MfaCode, Next};
    ///
    /// let answer = step.offer(AuthFactor::EmailOtp).expect("offered").select();
    /// let Next::EmailOtp(otp) = step.respond(answer).await? else { panic!("expected EMAIL_OTP") };
    /// # let code_from_email = sandbox.last_code("pat");
    /// assert!(otp.respond(MfaCode::new(code_from_email)).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn select(self) -> FactorAnswer {
        FactorAnswer {
            offer: self,
            password: None,
        }
    }

    /// Chooses `PASSWORD` or `PASSWORD_SRP` and answers it at once (the inline form of spec
    /// §5.5): `PASSWORD` sends the password with the choice; `PASSWORD_SRP` sends `SRP_A` with
    /// the choice and answers `PASSWORD_VERIFIER` with the password. For any other factor
    /// this is the same as [`select`](Self::select) and the password is dropped.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// use cognito_flow::{AuthFactor, Password};
    ///
    /// // One round trip less: the choice and the SRP proof of the password together.
    /// let answer = step
    ///     .offer(AuthFactor::PasswordSrp)
    ///     .expect("offered")
    ///     .with_password(Password::new("Corr3ct-horse!"));
    /// assert!(step.respond(answer).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn with_password(self, password: Password) -> FactorAnswer {
        let keep = matches!(self.factor, AuthFactor::Password | AuthFactor::PasswordSrp);
        FactorAnswer {
            offer: self,
            password: keep.then_some(password),
        }
    }
}

/// The answer to a [`SelectChallenge`], built from a [`FactorOffer`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// use cognito_flow::{AuthFactor, Password};
///
/// let answer = step.offer(AuthFactor::Password).expect("offered").with_password(Password::new("Corr3ct-horse!"));
/// assert!(step.respond(answer).await?.is_signed_in());
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use]
pub struct FactorAnswer {
    offer: FactorOffer,
    password: Option<Password>,
}

/// `SELECT_CHALLENGE`: choice-based sign-in asks which first factor to use; the choices are
/// Cognito's `AvailableChallenges` (what the pool allows and the user has).
///
/// * Answer: a [`FactorAnswer`] from [`offer`](Self::offer) (`ANSWER`, plus `PASSWORD` or
///   `SRP_A` inline).
/// * Next: the chosen factor's challenge, [`Next::SignedIn`], or MFA after a password.
///
/// # Errors
///
/// An answer built from another `SelectChallenge` is refused before sending
/// ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter), state back). A wrong
/// inline password ends the attempt.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// # let password_the_user_typed = doc_support::PASSWORD;
/// use cognito_flow::{AuthFactor, Next, Password, WebAuthnCredential};
///
/// let answer = match step.offer(AuthFactor::WebAuthn) {
///     Some(passkey) => passkey.select(),
///     None => step
///         .offer(AuthFactor::PasswordSrp)
///         .expect("offered")
///         .with_password(Password::new(password_the_user_typed)),
/// };
/// let next = match step.respond(answer).await? {
///     Next::WebAuthn(passkey) => {
///         // The browser signs `passkey.request_options_json()` with the user's passkey.
///         # let browser_json = sandbox.passkey_assertion(passkey.request_options_json());
///         passkey.respond(WebAuthnCredential::from_json(&browser_json)?).await?
///     }
///     other => other,
/// };
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct SelectChallenge {
    ctx: ChallengeCtx,
    offers: Vec<FactorOffer>,
    offer: u64,
}

impl SelectChallenge {
    pub(crate) fn new(ctx: ChallengeCtx, available: &[ChallengeName]) -> Self {
        let offer = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            ctx.session.as_ref().map(|s| s.expose_secret()).hash(&mut h);
            h.finish()
        };
        let offers = available
            .iter()
            .filter_map(AuthFactor::from_challenge)
            .map(|factor| FactorOffer { factor, offer })
            .collect();
        Self { ctx, offers, offer }
    }

    /// Every factor offered.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// let names: Vec<&str> = step.offers().iter().map(|o| o.factor().as_str()).collect();
    /// assert_eq!(names, ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]);
    /// # Ok(()) }
    /// ```
    pub fn offers(&self) -> &[FactorOffer] {
        &self.offers
    }

    /// The offer of `factor`, if it was offered.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// use cognito_flow::AuthFactor;
    ///
    /// if let Some(offer) = step.offer(AuthFactor::WebAuthn) {
    ///     println!("offer a passkey sign-in first");
    ///     assert_eq!(offer.factor(), AuthFactor::WebAuthn);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn offer(&self, factor: AuthFactor) -> Option<FactorOffer> {
        self.offers.iter().copied().find(|o| o.factor == factor)
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// assert_eq!(step.username(), "pat");
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
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("screen", "choose-factor");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Sends the choice.
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
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// use cognito_flow::{AuthFactor, Next, WebAuthnCredential};
    ///
    /// let answer = step.offer(AuthFactor::WebAuthn).expect("pat has a passkey").select();
    /// let Next::WebAuthn(passkey) = step.respond(answer).await? else { panic!("expected WEB_AUTHN") };
    /// // Hand `passkey.request_options_json()` to the browser; it answers with the assertion.
    /// # let browser_json = sandbox.passkey_assertion(passkey.request_options_json());
    /// let credential = WebAuthnCredential::from_json(&browser_json)?;
    /// assert!(passkey.respond(credential).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, answer: FactorAnswer) -> Result<Next, RespondError<Self>> {
        if answer.offer.offer != self.offer || !self.offers.contains(&answer.offer) {
            return Err(RespondError::new(
                Error::invalid_input("this factor was not offered by this challenge"),
                Some(self),
            ));
        }
        let (offers, offer) = (self.offers, self.offer);
        let rebuild = move |ctx| Self { ctx, offers, offer };
        let factor = answer.offer.factor;
        match (factor, answer.password) {
            (AuthFactor::PasswordSrp, Some(password)) => {
                let verifier = match send_srp_a(
                    self.ctx,
                    ChallengeName::SelectChallenge,
                    Some(factor.as_str()),
                )
                .await
                {
                    Ok(v) => v,
                    Err((error, ctx)) => return Err(RespondError::new(error, ctx.map(rebuild))),
                };
                verifier
                    .respond(password)
                    .await
                    .map_err(|e| RespondError::new(e.into_error(), None))
            }
            (_, password) => {
                let mut extra = SensitiveMap::new();
                extra.insert(keys::ANSWER, factor.as_str());
                if let Some(p) = &password {
                    extra.insert(keys::PASSWORD, p.expose_secret());
                }
                answer_or_return(self.ctx, ChallengeName::SelectChallenge, extra, rebuild).await
            }
        }
    }
}

impl fmt::Debug for SelectChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "SelectChallenge", &self.ctx)
    }
}
