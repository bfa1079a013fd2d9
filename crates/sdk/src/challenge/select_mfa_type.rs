//! `SELECT_MFA_TYPE` (spec §5.2, §5.9, §8.11).

use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, decode_mfas_can_choose, keys};

use super::code::debug_state;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::error::Error;
use crate::next::Next;

/// An MFA factor.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
/// use cognito_flow::MfaFactor;
///
/// let offered: Vec<MfaFactor> = step.choices().iter().map(|c| c.factor()).collect();
/// assert_eq!(offered, [MfaFactor::Sms, MfaFactor::Totp]);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MfaFactor {
    /// A code by text message (`SMS_MFA`).
    Sms,
    /// A code from an authenticator app (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// A code by e-mail (`EMAIL_OTP`).
    Email,
}

impl MfaFactor {
    /// Cognito's name of the factor.
    ///
    /// ```
    /// assert_eq!(cognito_flow::MfaFactor::Totp.as_str(), "SOFTWARE_TOKEN_MFA");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "SMS_MFA",
            Self::Totp => "SOFTWARE_TOKEN_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        match name {
            "SMS_MFA" => Some(Self::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(Self::Totp),
            // The model's prose says EMAIL_MFA; the service and Amplify say EMAIL_OTP (§4.2).
            "EMAIL_OTP" | "EMAIL_MFA" => Some(Self::Email),
            _ => None,
        }
    }
}

/// One factor a [`SelectMfaType`] offered. It can only be obtained from that state
/// ([`SelectMfaType::choices`] or [`SelectMfaType::choose`]), so an answer naming a factor
/// that was not offered cannot be built.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
/// use cognito_flow::MfaFactor;
///
/// for choice in step.choices() {
///     match choice.factor() {
///         MfaFactor::Sms => println!("a text message"),
///         MfaFactor::Totp => println!("your authenticator app"),
///         MfaFactor::Email => println!("an e-mail"),
///         _ => println!("{}", choice.factor().as_str()),
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MfaChoice {
    factor: MfaFactor,
    /// Which state offered it: a choice from another state is refused.
    offer: u64,
}

impl MfaChoice {
    /// The factor.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// use cognito_flow::MfaFactor;
    ///
    /// let choice = step.choose(MfaFactor::Sms).expect("offered");
    /// assert_eq!(choice.factor(), MfaFactor::Sms);
    /// # Ok(()) }
    /// ```
    pub fn factor(self) -> MfaFactor {
        self.factor
    }
}

/// `SELECT_MFA_TYPE`: the user has several MFA factors and none is preferred; pick one.
///
/// * Answer: an [`MfaChoice`] from [`choices`](Self::choices) (`ANSWER`).
/// * Next: the chosen factor's challenge — [`Next::SmsMfa`], [`Next::EmailOtp`] (the code is
///   sent now) or [`Next::SoftwareTokenMfa`].
///
/// # Errors
///
/// A choice taken from another `SelectMfaType` is refused before sending
/// ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter), state back).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
/// use cognito_flow::{MfaFactor, Next, TotpCode};
///
/// let choice = step.choose(MfaFactor::Totp).or_else(|| step.choices().first().copied());
/// let choice = choice.expect("at least one factor is offered");
/// let next = step.respond(choice).await?;
/// let Next::SoftwareTokenMfa(totp) = next else { panic!("expected SOFTWARE_TOKEN_MFA") };
/// # let code_from_app = sandbox.totp_code("sela");
/// assert!(totp.respond(TotpCode::new(code_from_app)).await?.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct SelectMfaType {
    ctx: ChallengeCtx,
    choices: Vec<MfaChoice>,
    offer: u64,
}

impl SelectMfaType {
    pub(crate) fn new(ctx: ChallengeCtx) -> Result<Self, Error> {
        let raw = ctx
            .parameters
            .get(keys::MFAS_CAN_CHOOSE)
            .map(String::as_str)
            .unwrap_or("[]");
        let names = decode_mfas_can_choose(raw)
            .map_err(|e| Error::protocol_with_source("MFAS_CAN_CHOOSE is malformed", e))?;
        let offer = offer_id(&ctx);
        let choices = names
            .iter()
            .filter_map(|n| MfaFactor::from_name(n.as_str()))
            .map(|factor| MfaChoice { factor, offer })
            .collect();
        Ok(Self {
            ctx,
            choices,
            offer,
        })
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// The factors offered (`MFAS_CAN_CHOOSE`), as answers.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// let names: Vec<&str> = step.choices().iter().map(|c| c.factor().as_str()).collect();
    /// assert_eq!(names, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    /// # Ok(()) }
    /// ```
    pub fn choices(&self) -> &[MfaChoice] {
        &self.choices
    }

    /// The answer for `factor`, if it was offered.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// use cognito_flow::MfaFactor;
    ///
    /// assert!(step.choose(MfaFactor::Sms).is_some());
    /// assert!(step.choose(MfaFactor::Email).is_none()); // sela has no e-mail MFA
    /// # Ok(()) }
    /// ```
    pub fn choose(&self, factor: MfaFactor) -> Option<MfaChoice> {
        self.choices.iter().copied().find(|c| c.factor == factor)
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// assert_eq!(step.username(), "sela");
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
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("device", "kiosk");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the chosen factor.
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
    /// # let step = doc_support::step!(sandbox, SelectMfaType); // sela: SMS and TOTP, none preferred
    /// use cognito_flow::{MfaCode, MfaFactor, Next};
    ///
    /// let sms = step.choose(MfaFactor::Sms).expect("offered");
    /// // The code is sent now.
    /// let Next::SmsMfa(sms_step) = step.respond(sms).await? else { panic!("expected SMS_MFA") };
    /// # let code_from_user = sandbox.last_code("sela");
    /// assert!(sms_step.respond(MfaCode::new(code_from_user)).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, choice: MfaChoice) -> Result<Next, RespondError<Self>> {
        if choice.offer != self.offer || !self.choices.contains(&choice) {
            return Err(RespondError::new(
                Error::invalid_input("this MFA choice was not offered by this challenge"),
                Some(self),
            ));
        }
        let choices = self.choices;
        let offer = self.offer;
        let mut extra = SensitiveMap::new();
        extra.insert(keys::ANSWER, choice.factor.as_str());
        answer_or_return(self.ctx, ChallengeName::SelectMfaType, extra, move |ctx| {
            Self {
                ctx,
                choices,
                offer,
            }
        })
        .await
    }
}

/// An identifier of one challenge instance, from its Session (not secret: a hash prefix).
fn offer_id(ctx: &ChallengeCtx) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ctx.session.as_ref().map(|s| s.expose_secret()).hash(&mut h);
    ctx.username.hash(&mut h);
    h.finish()
}

impl fmt::Debug for SelectMfaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "SelectMfaType", &self.ctx)
    }
}
