//! `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER` (spec §5.10, §6.8): proving a remembered
//! device with its own SRP exchange.

use std::fmt;

use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp};
use cognito_flow_wire::{ChallengeName, keys};

use super::code::debug_state;
use super::{ChallengeCtx, RespondError, answer_or_return, claim_answer};
use crate::device::RememberedDevice;
use crate::error::Error;
use crate::next::Next;

/// `DEVICE_SRP_AUTH`: Cognito asks the remembered device to prove itself.
///
/// * Answer: the [`RememberedDevice`] the sign-in presented (`DEVICE_KEY`, `SRP_A`).
/// * Next: always [`DevicePasswordVerifier`] (so `respond` returns it directly).
///
/// [`Client::sign_in`](crate::Client::sign_in) answers both device steps itself.
///
/// # Errors
///
/// Cognito's error; only an unsent request hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.devices());
/// # let stored = sandbox.remembered_device();
/// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
/// use cognito_flow::{Next, Password};
///
/// // Step by step (`Client::sign_in` with `.device(&device)` does all of this itself).
/// let verifier = client.sign_in_request("dora").device(&device).srp().await?;
/// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
/// let Next::DeviceSrpAuth(step) = next else { panic!("expected DEVICE_SRP_AUTH") };
/// let device_verifier = step.respond(&device).await?;
/// let next = device_verifier.respond(&device).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct DeviceSrpAuth {
    ctx: ChallengeCtx,
}

impl DeviceSrpAuth {
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
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// use cognito_flow::{Next, Password};
    ///
    /// let verifier = client.sign_in_request("dora").device(&device).srp().await?;
    /// let Next::DeviceSrpAuth(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("expected DEVICE_SRP_AUTH");
    /// };
    /// assert_eq!(step.username(), "dora");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Starts the device's SRP exchange.
    ///
    /// # Errors
    ///
    /// See the type's documentation; [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if
    /// Cognito answers anything but `DEVICE_PASSWORD_VERIFIER`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// use cognito_flow::{Next, Password};
    ///
    /// let verifier = client.sign_in_request("dora").device(&device).srp().await?;
    /// let Next::DeviceSrpAuth(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("expected DEVICE_SRP_AUTH");
    /// };
    /// let device_verifier = step.respond(&device).await?; // sends the device's SRP_A
    /// assert!(device_verifier.respond(&device).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(
        mut self,
        device: &RememberedDevice,
    ) -> Result<DevicePasswordVerifier, RespondError<Self>> {
        let srp = match SrpClient::random() {
            Ok(s) => s,
            Err(e) => return Err(RespondError::new(Error::srp(e), Some(self))),
        };
        self.ctx.device_key = Some(device.device_key().to_owned());
        let mut responses = self.ctx.base_responses();
        responses.insert(keys::SRP_A, srp.srp_a());
        let result = self
            .ctx
            .api
            .respond(
                ChallengeName::DeviceSrpAuth,
                self.ctx.session.as_ref(),
                responses,
                &self.ctx.metadata,
            )
            .await;
        match result {
            Ok(step) if step.challenge_name == Some(ChallengeName::DevicePasswordVerifier) => {
                let Some(session) = step.session else {
                    return Err(RespondError::new(
                        Error::protocol("DEVICE_PASSWORD_VERIFIER came without a Session"),
                        None,
                    ));
                };
                self.ctx.session = Some(session);
                self.ctx.parameters = step.parameters;
                if let Some(u) = self
                    .ctx
                    .parameters
                    .get(keys::USERNAME)
                    .filter(|u| !u.is_empty())
                {
                    self.ctx.username = u.clone();
                }
                Ok(DevicePasswordVerifier { ctx: self.ctx, srp })
            }
            Ok(_) => Err(RespondError::new(
                Error::protocol("DEVICE_SRP_AUTH was not answered with DEVICE_PASSWORD_VERIFIER"),
                None,
            )),
            Err(error) => {
                let keep = super::keeps_state(&ChallengeName::DeviceSrpAuth, &error);
                Err(RespondError::new(error, keep.then_some(self)))
            }
        }
    }
}

impl fmt::Debug for DeviceSrpAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "DeviceSrpAuth", &self.ctx)
    }
}

/// `DEVICE_PASSWORD_VERIFIER`: the second half of the device's SRP exchange.
///
/// * Answer: the same [`RememberedDevice`] (its password signs the proof; it is never sent).
/// * Next: [`Next::SignedIn`].
///
/// # Errors
///
/// Cognito's error; only an unsent request hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.devices());
/// # let stored = sandbox.remembered_device();
/// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
/// use cognito_flow::{Next, Password};
///
/// let verifier = client.sign_in_request("dora").device(&device).srp().await?;
/// let Next::DeviceSrpAuth(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
///     panic!("expected DEVICE_SRP_AUTH");
/// };
/// let device_verifier = step.respond(&device).await?;
/// let next = device_verifier.respond(&device).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct DevicePasswordVerifier {
    ctx: ChallengeCtx,
    srp: SrpClient,
}

impl DevicePasswordVerifier {
    /// Signs the device proof and sends it.
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
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// use cognito_flow::{Next, Password};
    ///
    /// let verifier = client.sign_in_request("dora").device(&device).srp().await?;
    /// let Next::DeviceSrpAuth(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("expected DEVICE_SRP_AUTH");
    /// };
    /// let device_verifier = step.respond(&device).await?;
    /// // The device password signs the proof; it is never sent.
    /// let signed_in = device_verifier.respond(&device).await?.into_signed_in().expect("signed in");
    /// assert_eq!(signed_in.tokens().access_claims()?.string("device_key"), Some(device.device_key()));
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, device: &RememberedDevice) -> Result<Next, RespondError<Self>> {
        let param = |k: &str| self.ctx.parameters.get(k).map(String::as_str).unwrap_or("");
        let challenge = match ServerChallenge::parse(
            param(keys::SALT),
            param(keys::SRP_B),
            param(keys::SECRET_BLOCK),
        ) {
            Ok(c) => c,
            Err(e) => return Err(RespondError::new(Error::srp(e), None)),
        };
        let claim = match self.srp.device_claim(
            device.device_group_key(),
            device.device_key(),
            device.password().expose_secret(),
            &challenge,
            &Timestamp::from_unix_seconds(self.ctx.api.client().now_unix_seconds()),
        ) {
            Ok(c) => c,
            Err(e) => return Err(RespondError::new(Error::srp(e), None)),
        };
        let srp = self.srp;
        answer_or_return(
            self.ctx,
            ChallengeName::DevicePasswordVerifier,
            claim_answer(&claim),
            move |ctx| Self { ctx, srp },
        )
        .await
    }
}

impl fmt::Debug for DevicePasswordVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "DevicePasswordVerifier", &self.ctx)
    }
}
