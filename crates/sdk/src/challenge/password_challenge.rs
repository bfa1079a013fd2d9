//! `PASSWORD` and `PASSWORD_SRP` (spec §5.2, §5.5): the password factors of choice-based
//! sign-in (`USER_AUTH`) when the choice was made without the password.
//!
//! (Named `PasswordChallenge` rather than `Password` because [`Password`] is the secret type
//! of the answer.)

use std::fmt;

use cognito_flow_srp::SrpClient;
use cognito_flow_wire::{ChallengeName, SensitiveMap, keys};

use super::code::debug_state;
use super::{
    ChallengeCtx, Metadata, PasswordVerifier, RespondError, answer_or_return, keeps_state,
};
use crate::error::Error;
use crate::next::Next;
use crate::secret::Password;

/// `PASSWORD`: choice-based sign-in asks for the password (sent to Cognito over TLS).
///
/// * Answer: [`Password`] (`PASSWORD`).
/// * Next: [`Next::SignedIn`] or an MFA challenge.
///
/// # Errors
///
/// A wrong password is [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized) and ends
/// the attempt; only an unsent request hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// use cognito_flow::{AuthFactor, Next, Password};
///
/// // The user picked "password" at SELECT_CHALLENGE without typing it yet.
/// let choice = step.offer(AuthFactor::Password).expect("offered").select();
/// let Next::Password(step) = step.respond(choice).await? else { panic!("expected PASSWORD") };
/// let next = step.respond(Password::new("Corr3ct-horse!")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct PasswordChallenge {
    ctx: ChallengeCtx,
}

impl PasswordChallenge {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// # let choice = step.offer(cognito_flow::AuthFactor::Password).expect("offered").select();
    /// # let cognito_flow::Next::Password(step) = step.respond(choice).await? else { unreachable!() };
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
    /// # let choice = step.offer(cognito_flow::AuthFactor::Password).expect("offered").select();
    /// # let cognito_flow::Next::Password(step) = step.respond(choice).await? else { unreachable!() };
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().user_context_ip_address("203.0.113.7");
    /// assert!(step.respond(cognito_flow::Password::new("Corr3ct-horse!")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the password.
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
    /// # let choice = step.offer(cognito_flow::AuthFactor::Password).expect("offered").select();
    /// # let cognito_flow::Next::Password(step) = step.respond(choice).await? else { unreachable!() };
    /// use cognito_flow::{ErrorKind, Password};
    ///
    /// let err = step.respond(Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// assert!(!err.has_state()); // start the sign-in again
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, password: Password) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::PASSWORD, password.expose_secret());
        answer_or_return(self.ctx, ChallengeName::Password, extra, Self::new).await
    }
}

impl fmt::Debug for PasswordChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "PasswordChallenge", &self.ctx)
    }
}

/// `PASSWORD_SRP`: choice-based sign-in asks to start SRP.
///
/// * Answer: nothing from the user — the SDK sends `SRP_A`.
/// * Next: always [`PasswordVerifier`] (so `respond` returns it directly); answer that with
///   the password.
///
/// # Errors
///
/// Cognito's error; only an unsent request hands the state back;
/// [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if Cognito answers anything but
/// `PASSWORD_VERIFIER`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
/// use cognito_flow::{AuthFactor, Next, Password};
///
/// let choice = step.offer(AuthFactor::PasswordSrp).expect("offered").select();
/// let Next::PasswordSrp(step) = step.respond(choice).await? else { panic!("expected PASSWORD_SRP") };
/// let verifier = step.respond().await?;
/// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct PasswordSrpChallenge {
    ctx: ChallengeCtx,
}

impl PasswordSrpChallenge {
    pub(crate) fn new(ctx: ChallengeCtx) -> Self {
        Self { ctx }
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SelectChallenge); // pat: choice-based sign-in
    /// # let choice = step.offer(cognito_flow::AuthFactor::PasswordSrp).expect("offered").select();
    /// # let cognito_flow::Next::PasswordSrp(step) = step.respond(choice).await? else { unreachable!() };
    /// assert_eq!(step.username(), "pat");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Sends `SRP_A`; Cognito answers `PASSWORD_VERIFIER`.
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
    /// # let choice = step.offer(cognito_flow::AuthFactor::PasswordSrp).expect("offered").select();
    /// # let cognito_flow::Next::PasswordSrp(step) = step.respond(choice).await? else { unreachable!() };
    /// let verifier = step.respond().await?; // sends SRP_A
    /// assert_eq!(verifier.user_id_for_srp(), "pat");
    /// # Ok(()) }
    /// ```
    pub async fn respond(self) -> Result<PasswordVerifier, RespondError<Self>> {
        send_srp_a(self.ctx, ChallengeName::PasswordSrp, None)
            .await
            .map_err(|(error, ctx)| RespondError::new(error, ctx.map(Self::new)))
    }
}

impl fmt::Debug for PasswordSrpChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "PasswordSrpChallenge", &self.ctx)
    }
}

/// Answers `challenge` with a fresh `SRP_A` (plus `ANSWER` when given, for
/// `SELECT_CHALLENGE`) and expects `PASSWORD_VERIFIER` back. On a send failure that keeps the
/// state, the context comes back.
pub(crate) async fn send_srp_a(
    mut ctx: ChallengeCtx,
    challenge: ChallengeName,
    answer: Option<&str>,
) -> Result<PasswordVerifier, (Error, Option<ChallengeCtx>)> {
    let srp = match SrpClient::random() {
        Ok(s) => s,
        Err(e) => return Err((Error::srp(e), Some(ctx))),
    };
    let mut responses = ctx.base_responses();
    responses.insert(keys::SRP_A, srp.srp_a());
    if let Some(a) = answer {
        responses.insert(keys::ANSWER, a);
    }
    let result = ctx
        .api
        .respond(
            challenge.clone(),
            ctx.session.as_ref(),
            responses,
            &ctx.metadata,
        )
        .await;
    match result {
        Ok(step) if step.challenge_name == Some(ChallengeName::PasswordVerifier) => {
            if let Some(u) = step
                .parameters
                .get(keys::USERNAME)
                .filter(|u| !u.is_empty())
            {
                ctx.username = u.clone();
            }
            ctx.session = step.session;
            ctx.parameters = step.parameters;
            Ok(PasswordVerifier::new(ctx, srp))
        }
        Ok(_) => Err((
            Error::protocol("SRP_A was not answered with PASSWORD_VERIFIER"),
            None,
        )),
        Err(error) => {
            let keep = keeps_state(&challenge, &error);
            Err((error, keep.then_some(ctx)))
        }
    }
}
