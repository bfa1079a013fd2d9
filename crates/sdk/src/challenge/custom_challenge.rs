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
/// ```no_run
/// # async fn demo(step: cognito_flow::CustomChallenge) -> Result<(), cognito_flow::Error> {
/// use cognito_flow::CustomAnswer;
/// println!("question: {:?}", step.parameters().get("question"));
/// let next = step.respond(CustomAnswer::new("42")).await?;
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
    pub fn parameters(&self) -> &BTreeMap<String, String> {
        &self.ctx.parameters
    }

    /// The canonical username.
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer (passed to the triggers).
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Sends the answer.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
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
