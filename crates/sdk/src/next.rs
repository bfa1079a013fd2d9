//! [`Next`]: what Cognito wants after a sign-in request or an answer.

use cognito_flow_wire::{ChallengeName, keys};

use crate::account::{ConfirmSignUp, ResetPassword};
use crate::challenge::{
    Api, ChallengeCtx, CustomChallenge, DeviceSrpAuth, EmailOtp, Metadata, MfaSetup,
    NewPasswordRequired, PasswordChallenge, PasswordSrpChallenge, SelectChallenge, SelectMfaType,
    SmsMfa, SmsOtp, SoftwareTokenMfa, StepResponse, UnknownChallenge, WebAuthn,
};
use crate::error::Error;
use crate::signed_in::SignedIn;

/// What Cognito wants next: returned by the sign-in entry points and by every `respond`.
///
/// Match on it and answer the challenge with its own type's `respond`; each variant holds
/// exactly the state that can answer it, so an answer of the wrong kind does not compile.
/// New challenges Cognito introduces arrive as [`Next::Unknown`] (and in later versions of
/// this crate as new variants, which is why the enum is `#[non_exhaustive]`).
///
/// | variant | Cognito challenge | answer with |
/// |---|---|---|
/// | [`SignedIn`](Next::SignedIn) | — (tokens) | nothing: done |
/// | [`NewPasswordRequired`](Next::NewPasswordRequired) | `NEW_PASSWORD_REQUIRED` | [`NewPassword`](crate::NewPassword) |
/// | [`MfaSetup`](Next::MfaSetup) | `MFA_SETUP` | [`MfaSetup::associate_totp`] → [`TotpSetup::verify`](crate::TotpSetup::verify), or [`MfaSetup::set_up_email`] |
/// | [`SelectMfaType`](Next::SelectMfaType) | `SELECT_MFA_TYPE` | an offered [`MfaChoice`](crate::MfaChoice) |
/// | [`SmsMfa`](Next::SmsMfa) | `SMS_MFA` | [`MfaCode`](crate::MfaCode) |
/// | [`EmailOtp`](Next::EmailOtp) | `EMAIL_OTP` | [`MfaCode`](crate::MfaCode) |
/// | [`SoftwareTokenMfa`](Next::SoftwareTokenMfa) | `SOFTWARE_TOKEN_MFA` | [`TotpCode`](crate::TotpCode) |
/// | [`CustomChallenge`](Next::CustomChallenge) | `CUSTOM_CHALLENGE` | [`CustomAnswer`](crate::CustomAnswer) |
/// | [`DeviceSrpAuth`](Next::DeviceSrpAuth) | `DEVICE_SRP_AUTH` | the remembered device |
/// | [`SelectChallenge`](Next::SelectChallenge) | `SELECT_CHALLENGE` | an offered [`FactorAnswer`](crate::FactorAnswer) |
/// | [`Password`](Next::Password) | `PASSWORD` | [`Password`](crate::Password) |
/// | [`PasswordSrp`](Next::PasswordSrp) | `PASSWORD_SRP` | nothing (the SDK sends `SRP_A`) → [`PasswordVerifier`](crate::PasswordVerifier) |
/// | [`SmsOtp`](Next::SmsOtp) | `SMS_OTP` | [`MfaCode`](crate::MfaCode) |
/// | [`WebAuthn`](Next::WebAuthn) | `WEB_AUTHN` | [`WebAuthnCredential`](crate::WebAuthnCredential) |
/// | [`Unknown`](Next::Unknown) | anything else | [`UnknownChallenge::respond_raw`] |
/// | [`ConfirmSignUp`](Next::ConfirmSignUp) | — (`UserNotConfirmedException`) | [`ConfirmSignUp::confirm`] with a [`ConfirmationCode`](crate::ConfirmationCode), then sign in again |
/// | [`ResetPassword`](Next::ResetPassword) | — (`PasswordResetRequiredException`) | [`ResetPassword::send_code`], then [`ResetPasswordCodeSent::confirm`](crate::ResetPasswordCodeSent::confirm), then sign in again |
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{Next, Password, TotpCode};
///
/// let mut next = client.sign_in("tess", Password::new("Corr3ct-horse!")).await?;
/// let tokens = loop {
///     next = match next {
///         Next::SignedIn(signed_in) => break signed_in.into_tokens(),
///         Next::SoftwareTokenMfa(step) => {
///             # let code_from_app = sandbox.totp_code("tess");
///             step.respond(TotpCode::new(code_from_app)).await?
///         }
///         other => panic!("this app does not handle {:?} yet", other.challenge_name()),
///     };
/// };
/// assert_eq!(tokens.username()?, "tess");
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
#[must_use = "a sign-in step does nothing until you act on it"]
pub enum Next {
    /// Signed in: tokens.
    SignedIn(SignedIn),
    /// `NEW_PASSWORD_REQUIRED`: the user signed in with a temporary password.
    NewPasswordRequired(NewPasswordRequired),
    /// `MFA_SETUP`: MFA is required and the user has no factor yet.
    MfaSetup(MfaSetup),
    /// `SELECT_MFA_TYPE`: the user has several MFA factors and no preferred one.
    SelectMfaType(SelectMfaType),
    /// `SMS_MFA`: a code was sent by SMS.
    SmsMfa(SmsMfa),
    /// `EMAIL_OTP`: a code was sent by e-mail.
    EmailOtp(EmailOtp),
    /// `SOFTWARE_TOKEN_MFA`: a code from the user's authenticator app.
    SoftwareTokenMfa(SoftwareTokenMfa),
    /// `CUSTOM_CHALLENGE`: a challenge of the pool's custom-auth Lambda triggers.
    CustomChallenge(CustomChallenge),
    /// `DEVICE_SRP_AUTH`: prove a remembered device.
    DeviceSrpAuth(DeviceSrpAuth),
    /// `SELECT_CHALLENGE`: choice-based sign-in asks which first factor to use.
    SelectChallenge(SelectChallenge),
    /// `PASSWORD`: choice-based sign-in asks for the password.
    Password(PasswordChallenge),
    /// `PASSWORD_SRP`: choice-based sign-in asks to start SRP.
    PasswordSrp(PasswordSrpChallenge),
    /// `SMS_OTP`: a sign-in code was sent by text message (passwordless first factor).
    SmsOtp(SmsOtp),
    /// `WEB_AUTHN`: sign in with a passkey.
    WebAuthn(Box<WebAuthn>),
    /// A challenge this version does not model.
    Unknown(UnknownChallenge),
    /// Not a Cognito challenge: the user has not confirmed the sign-up
    /// (`UserNotConfirmedException`).
    ConfirmSignUp(ConfirmSignUp),
    /// Not a Cognito challenge: the user's password must be reset
    /// (`PasswordResetRequiredException`).
    ResetPassword(ResetPassword),
}

impl Next {
    /// Cognito's name of the challenge, or `None` when signed in or for the account steps
    /// ([`Next::ConfirmSignUp`], [`Next::ResetPassword`]), which are errors turned into steps.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let next = client.sign_in("sam", Password::new("Corr3ct-horse!")).await?;
    /// if let Some(name) = next.challenge_name() {
    ///     println!("Cognito asks for {name}");
    /// }
    /// assert_eq!(next.challenge_name(), Some("SMS_MFA"));
    /// # Ok(()) }
    /// ```
    pub fn challenge_name(&self) -> Option<&str> {
        Some(match self {
            Self::SignedIn(_) | Self::ConfirmSignUp(_) | Self::ResetPassword(_) => return None,
            Self::NewPasswordRequired(_) => "NEW_PASSWORD_REQUIRED",
            Self::MfaSetup(_) => "MFA_SETUP",
            Self::SelectMfaType(_) => "SELECT_MFA_TYPE",
            Self::SmsMfa(_) => "SMS_MFA",
            Self::EmailOtp(_) => "EMAIL_OTP",
            Self::SoftwareTokenMfa(_) => "SOFTWARE_TOKEN_MFA",
            Self::CustomChallenge(_) => "CUSTOM_CHALLENGE",
            Self::DeviceSrpAuth(_) => "DEVICE_SRP_AUTH",
            Self::SelectChallenge(_) => "SELECT_CHALLENGE",
            Self::Password(_) => "PASSWORD",
            Self::PasswordSrp(_) => "PASSWORD_SRP",
            Self::SmsOtp(_) => "SMS_OTP",
            Self::WebAuthn(_) => "WEB_AUTHN",
            Self::Unknown(u) => u.challenge_name(),
        })
    }

    /// The tokens, if signed in.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let next = client.sign_in("alice", Password::new("Corr3ct-horse!")).await?;
    /// let signed_in = next.into_signed_in().expect("alice has no MFA");
    /// assert_eq!(signed_in.username(), "alice");
    /// # Ok(()) }
    /// ```
    pub fn into_signed_in(self) -> Option<SignedIn> {
        match self {
            Self::SignedIn(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is [`Next::SignedIn`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// assert!(client.sign_in("alice", Password::new("Corr3ct-horse!")).await?.is_signed_in());
    /// assert!(!client.sign_in("sam", Password::new("Corr3ct-horse!")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn(_))
    }

    /// Builds the next state from a response.
    pub(crate) fn from_step(
        api: Api,
        username: String,
        metadata: Metadata,
        device_key: Option<String>,
        step: StepResponse,
    ) -> Result<Next, Error> {
        let Some(name) = step.challenge_name else {
            let result = step.result.ok_or_else(|| {
                Error::protocol("the response has neither a challenge nor tokens")
            })?;
            return SignedIn::from_result(api, username, result).map(Next::SignedIn);
        };
        // The canonical username comes back in USERNAME (spec §5.1, §5.14).
        let username = step
            .parameters
            .get(keys::USERNAME)
            .filter(|u| !u.is_empty())
            .cloned()
            .unwrap_or(username);
        let available = step.available;
        let needs_session = !matches!(name, ChallengeName::PasswordVerifier);
        if needs_session && step.session.is_none() {
            return Err(Error::protocol("the challenge came without a Session"));
        }
        let ctx = ChallengeCtx {
            api,
            username,
            session: step.session,
            metadata,
            device_key,
            parameters: step.parameters,
        };
        Ok(match name {
            ChallengeName::NewPasswordRequired => {
                Next::NewPasswordRequired(NewPasswordRequired::new(ctx)?)
            }
            ChallengeName::MfaSetup => Next::MfaSetup(MfaSetup::new(ctx)?),
            ChallengeName::SelectMfaType => Next::SelectMfaType(SelectMfaType::new(ctx)?),
            ChallengeName::SmsMfa => Next::SmsMfa(SmsMfa::new(ctx)),
            ChallengeName::EmailOtp => Next::EmailOtp(EmailOtp::new(ctx)),
            ChallengeName::SoftwareTokenMfa => Next::SoftwareTokenMfa(SoftwareTokenMfa::new(ctx)),
            ChallengeName::CustomChallenge => Next::CustomChallenge(CustomChallenge::new(ctx)),
            ChallengeName::DeviceSrpAuth => Next::DeviceSrpAuth(DeviceSrpAuth::new(ctx)),
            ChallengeName::SelectChallenge => {
                Next::SelectChallenge(SelectChallenge::new(ctx, &available))
            }
            ChallengeName::Password => Next::Password(PasswordChallenge::new(ctx)),
            ChallengeName::PasswordSrp => Next::PasswordSrp(PasswordSrpChallenge::new(ctx)),
            ChallengeName::SmsOtp => Next::SmsOtp(SmsOtp::new(ctx)),
            ChallengeName::WebAuthn => Next::WebAuthn(Box::new(WebAuthn::new(ctx)?)),
            other => Next::Unknown(UnknownChallenge::new(ctx, other.as_str().to_owned())),
        })
    }
}
