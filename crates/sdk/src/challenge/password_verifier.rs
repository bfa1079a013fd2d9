//! `PASSWORD_VERIFIER` (spec §5.3, §6.4): the second half of SRP.

use std::fmt;

use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp};
use cognito_flow_wire::{ChallengeName, keys};

use super::{ChallengeCtx, Metadata, RespondError, answer_or_return, claim_answer};
use crate::error::Error;
use crate::next::Next;
use crate::secret::Password;

/// `PASSWORD_VERIFIER`: Cognito's answer to `USER_SRP_AUTH` (always, so the SRP entry points
/// return this type directly). Answer with the password: it is used to compute the SRP proof
/// locally and never sent.
///
/// * Answer: [`Password`].
/// * Next: [`Next::SignedIn`], [`Next::NewPasswordRequired`], an MFA challenge,
///   [`Next::DeviceSrpAuth`], or [`Next::CustomChallenge`] (custom auth with SRP first).
///
/// The proof is signed with `USER_ID_FOR_SRP` (never the alias typed), a `TIMESTAMP` from the
/// client's clock, and `SECRET_HASH` recomputed over `USER_ID_FOR_SRP` (spec §9 pitfalls 1–8).
///
/// # Errors
///
/// A wrong password is [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized) and ends
/// the attempt (start again). A hostile or broken challenge (`SRP_B ≡ 0 mod N`, non-hex
/// values, …) is [`ErrorKind::Srp`](crate::ErrorKind::Srp) before anything is sent. Only a
/// request that surely was not sent hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::Password;
///
/// let verifier = client.initiate_srp("alice").await?;
/// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct PasswordVerifier {
    ctx: ChallengeCtx,
    srp: SrpClient,
}

impl PasswordVerifier {
    pub(crate) fn new(ctx: ChallengeCtx, srp: SrpClient) -> Self {
        Self { ctx, srp }
    }

    /// `USER_ID_FOR_SRP`: the canonical username Cognito resolved the sign-in name to.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// let verifier = client.initiate_srp("alice").await?;
    /// assert_eq!(verifier.user_id_for_srp(), "alice");
    /// # Ok(()) }
    /// ```
    pub fn user_id_for_srp(&self) -> &str {
        self.ctx
            .parameters
            .get(keys::USER_ID_FOR_SRP)
            .map_or(self.ctx.username.as_str(), String::as_str)
    }

    /// Metadata sent with the answer.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let mut verifier = client.initiate_srp("alice").await?;
    /// let metadata = verifier.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("source", "web");
    /// assert!(verifier.respond(Password::new("Corr3ct-horse!")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Computes the SRP proof with `password` and sends it.
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
    /// use cognito_flow::{ErrorKind, Password};
    ///
    /// let verifier = client.initiate_srp("alice").await?;
    /// let err = verifier.respond(Password::new("wrong password")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// assert!(!err.has_state()); // start the sign-in again
    /// # Ok(()) }
    /// ```
    pub async fn respond(mut self, password: Password) -> Result<Next, RespondError<Self>> {
        let user_id = self.user_id_for_srp().to_owned();
        let param = |k: &str| self.ctx.parameters.get(k).map(String::as_str).unwrap_or("");
        let challenge = match ServerChallenge::parse(
            param(keys::SALT),
            param(keys::SRP_B),
            param(keys::SECRET_BLOCK),
        ) {
            Ok(c) => c,
            Err(e) => return Err(RespondError::new(Error::srp(e), None)),
        };
        let claim = match self.srp.password_claim(
            self.ctx.api.client().user_pool_id(),
            &user_id,
            password.expose_secret(),
            &challenge,
            &Timestamp::from_unix_seconds(self.ctx.api.client().now_unix_seconds()),
        ) {
            Ok(c) => c,
            Err(e) => return Err(RespondError::new(Error::srp(e), None)),
        };
        // USERNAME and SECRET_HASH go over USER_ID_FOR_SRP (spec §7).
        self.ctx.username = user_id;
        let srp = self.srp;
        answer_or_return(
            self.ctx,
            ChallengeName::PasswordVerifier,
            claim_answer(&claim),
            move |ctx| Self { ctx, srp },
        )
        .await
    }
}

impl fmt::Debug for PasswordVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordVerifier")
            .field("user_id_for_srp", &self.user_id_for_srp())
            .finish_non_exhaustive()
    }
}
