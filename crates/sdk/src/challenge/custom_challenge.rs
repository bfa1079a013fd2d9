//! `CUSTOM_CHALLENGE` (spec §5.6).

use std::collections::BTreeMap;
use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::debug_state;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::next::Next;
use crate::secret::Password;

/// The answer to a [`CustomChallenge`] (`ANSWER`), whatever the pool's
/// VerifyAuthChallengeResponse trigger expects. Kept like a secret.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
/// use cognito_flow::CustomAnswer;
///
/// let answer = CustomAnswer::new("42"); // what the user typed
/// assert_eq!(format!("{answer:?}"), "CustomAnswer(Password(<redacted>))");
/// assert!(step.respond(answer).await?.is_signed_in());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct CustomAnswer(Password);

impl CustomAnswer {
    /// The answer text.
    ///
    /// ```
    /// let answer = cognito_flow::CustomAnswer::new("42");
    /// ```
    pub fn new(answer: impl Into<String>) -> Self {
        Self(Password::new(answer))
    }
}

/// `CUSTOM_CHALLENGE`: a challenge of the pool's custom-auth Lambda triggers.
///
/// * Answer: [`CustomAnswer`] (`ANSWER`).
/// * Next: another [`Next::CustomChallenge`] (with a new Session), [`Next::SignedIn`], or a
///   built-in challenge chosen by DefineAuthChallenge.
///
/// # Errors
///
/// A wrong answer either produces another challenge (success of `respond`) or fails the
/// sign-in ([`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized)); the old Session
/// is dead either way (spec §9 pitfall 9), so only an unsent request hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
/// use cognito_flow::CustomAnswer;
///
/// println!("question: {:?}", step.parameters().get("question"));
/// let next = step.respond(CustomAnswer::new("42")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct CustomChallenge {
    ctx: ChallengeCtx,
}

impl CustomChallenge {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// The trigger's public challenge parameters (plus `USERNAME`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
    /// assert_eq!(step.parameters().get("question").map(String::as_str), Some("What is 6 × 7?"));
    /// assert!(!step.parameters().contains_key("answer")); // private parameters stay with the triggers
    /// # Ok(()) }
    /// ```
    pub fn parameters(&self) -> &BTreeMap<String, String> {
        &self.ctx.parameters
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
    /// assert_eq!(step.username(), "quinn");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer (passed to the triggers).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
    /// use cognito_flow::CustomAnswer;
    ///
    /// let mut step = step;
    /// // ClientMetadata reaches the VerifyAuthChallengeResponse trigger with the answer.
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("channel", "kiosk");
    /// assert!(step.respond(CustomAnswer::new("42")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Sends the answer.
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
    /// # let step = doc_support::step!(sandbox, CustomChallenge); // quinn: custom auth
    /// use cognito_flow::{CustomAnswer, Next};
    ///
    /// // A wrong answer is a success of `respond`: the triggers ask again, with a new Session.
    /// let Next::CustomChallenge(again) = step.respond(CustomAnswer::new("41")).await? else {
    ///     panic!("the quiz asks again after one wrong answer");
    /// };
    /// assert!(again.respond(CustomAnswer::new("42")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, answer: CustomAnswer) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::ANSWER, answer.0.expose_secret());
        answer_or_return(self.ctx, ChallengeName::CustomChallenge, extra, Self::new).await
    }
}

impl fmt::Debug for CustomChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "CustomChallenge", &self.ctx)
    }
}
