//! A challenge this version does not model.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use cognito_flow_wire::{ChallengeName, SensitiveMap};

use super::code::debug_state;
use super::{ChallengeCtx, RespondError, answer_or_return};
use crate::next::Next;

/// A challenge this version of the SDK does not model (Cognito adds challenges over time).
/// Its raw name and parameters are available, and it can be answered with a raw map — the
/// only place in the SDK where answers are strings.
///
/// ```no_run
/// // Not run: an unknown challenge is one Cognito adds after this version of the SDK, and the
/// // emulator sends only challenges the SDK models, so there is none to answer here.
/// # async fn demo(step: cognito_flow::UnknownChallenge) -> Result<(), cognito_flow::Error> {
/// use std::collections::HashMap;
/// println!("{} {:?}", step.challenge_name(), step.parameters());
/// let answer = HashMap::from([("ANSWER".to_owned(), "yes".to_owned())]);
/// let next = step.respond_raw(answer).await?;
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct UnknownChallenge {
    ctx: ChallengeCtx,
    name: String,
}

impl UnknownChallenge {
    pub(crate) fn new(ctx: ChallengeCtx, name: String) -> Self {
        Self { ctx, name }
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// Cognito's challenge name.
    ///
    /// ```no_run
    /// // Not run: every challenge the emulator sends is modelled, so it has no unknown one.
    /// # fn demo(step: &cognito_flow::UnknownChallenge) {
    /// match step.challenge_name() {
    ///     "SOME_NEW_CHALLENGE" => println!("this app knows how to answer it"),
    ///     other => println!("please update the app to sign in ({other})"),
    /// }
    /// # }
    /// ```
    pub fn challenge_name(&self) -> &str {
        &self.name
    }

    /// The challenge parameters as received.
    ///
    /// ```no_run
    /// // Not run: every challenge the emulator sends is modelled, so it has no unknown one.
    /// # fn demo(step: &cognito_flow::UnknownChallenge) {
    /// for (name, value) in step.parameters() {
    ///     println!("{name} = {value}");
    /// }
    /// # }
    /// ```
    pub fn parameters(&self) -> &BTreeMap<String, String> {
        &self.ctx.parameters
    }

    /// The canonical username.
    ///
    /// ```no_run
    /// // Not run: every challenge the emulator sends is modelled, so it has no unknown one.
    /// # fn demo(step: &cognito_flow::UnknownChallenge) {
    /// println!("{} for {}", step.challenge_name(), step.username());
    /// # }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Answers with raw `ChallengeResponses` entries; `USERNAME`, `SECRET_HASH` and
    /// `DEVICE_KEY` are added as for every challenge.
    ///
    /// # Errors
    ///
    /// Cognito's error; only an unsent request hands the state back.
    ///
    /// ```no_run
    /// // Not run: every challenge the emulator sends is modelled, so it has no unknown one.
    /// # async fn demo(step: cognito_flow::UnknownChallenge) -> Result<(), cognito_flow::Error> {
    /// use std::collections::HashMap;
    ///
    /// // USERNAME, SECRET_HASH and DEVICE_KEY are added by the SDK.
    /// let answer = HashMap::from([("ANSWER".to_owned(), "yes".to_owned())]);
    /// let next = step.respond_raw(answer).await?;
    /// # Ok(()) }
    /// ```
    pub async fn respond_raw(
        self,
        responses: HashMap<String, String>,
    ) -> Result<Next, RespondError<Self>> {
        let extra: SensitiveMap = responses.into_iter().collect();
        let name = self.name.clone();
        answer_or_return(
            self.ctx,
            ChallengeName::from(name.as_str()),
            extra,
            move |ctx| Self { ctx, name },
        )
        .await
    }
}

impl fmt::Debug for UnknownChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "UnknownChallenge", &self.ctx)
    }
}
