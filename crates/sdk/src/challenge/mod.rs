//! One module per Cognito challenge, and what they share: the context a state carries
//! between requests ([`ChallengeCtx`]), how an answer is sent through the right API (public
//! or admin), and which failures hand the state back ([`RespondError`]).

mod code;
mod custom_challenge;
mod device;
mod email_otp;
mod mfa_setup;
mod new_password_required;
mod password_challenge;
mod password_verifier;
mod select_challenge;
mod select_mfa_type;
mod sms_mfa;
mod sms_otp;
mod software_token_mfa;
mod unknown;
mod web_authn;

use std::collections::BTreeMap;
use std::fmt;

#[cfg(feature = "admin")]
use cognito_flow_wire::{AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest};
use cognito_flow_wire::{
    AnalyticsMetadata, AuthFlow, ChallengeName, InitiateAuthRequest, RespondToAuthChallengeRequest,
    SensitiveMap, UserContextData, keys,
};

pub use code::CodeDelivery;
pub use custom_challenge::{CustomAnswer, CustomChallenge};
pub use device::{DevicePasswordVerifier, DeviceSrpAuth};
pub use email_otp::EmailOtp;
pub use mfa_setup::{MfaSetup, TotpSetup};
pub use new_password_required::{NewPassword, NewPasswordRequired};
pub use password_challenge::{PasswordChallenge, PasswordSrpChallenge};
pub use password_verifier::PasswordVerifier;
pub use select_challenge::{AuthFactor, FactorAnswer, FactorOffer, SelectChallenge};
pub use select_mfa_type::{MfaChoice, MfaFactor, SelectMfaType};
pub use sms_mfa::SmsMfa;
pub use sms_otp::SmsOtp;
pub use software_token_mfa::SoftwareTokenMfa;
pub use unknown::UnknownChallenge;
pub use web_authn::{WebAuthn, WebAuthnCredential};

#[cfg(feature = "admin")]
use crate::AdminClient;
use crate::Client;
use crate::error::{Delivery, Error, ErrorKind};
use crate::next::Next;
use crate::secret::Session;

/// Extra data Cognito passes to Lambda triggers and to advanced security, sent with a sign-in
/// request and every answer after it (spec §2).
///
/// ```
/// use cognito_flow::Metadata;
///
/// let metadata = Metadata::new()
///     .client_metadata("campaign", "spring")
///     .analytics_endpoint_id("pinpoint-endpoint-1")
///     .user_context_encoded_data("AmazonCognitoAdvancedSecurityData...");
/// assert_eq!(metadata.client_metadata_map().get("campaign").map(String::as_str), Some("spring"));
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Metadata {
    pub(crate) client_metadata: BTreeMap<String, String>,
    pub(crate) analytics_endpoint_id: Option<String>,
    pub(crate) encoded_data: Option<String>,
    pub(crate) ip_address: Option<String>,
}

impl Metadata {
    /// No metadata.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{Metadata, Password};
    ///
    /// let next = client
    ///     .sign_in_request("alice")
    ///     .metadata(Metadata::new()) // the same as no metadata
    ///     .sign_in(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a `ClientMetadata` entry (passed to Lambda triggers, never stored).
    ///
    /// ```
    /// let metadata = cognito_flow::Metadata::new()
    ///     .client_metadata("campaign", "spring")
    ///     .client_metadata("locale", "de-CH");
    /// assert_eq!(metadata.client_metadata_map().len(), 2);
    /// ```
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }

    /// Sets the Amazon Pinpoint endpoint id (`AnalyticsMetadata.AnalyticsEndpointId`).
    ///
    /// ```
    /// let metadata = cognito_flow::Metadata::new().analytics_endpoint_id("pinpoint-endpoint-1");
    /// ```
    pub fn analytics_endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.analytics_endpoint_id = Some(id.into());
        self
    }

    /// Sets `UserContextData.EncodedData`, the output of Cognito's advanced-security
    /// data-collection library. (Admin calls send it as `ContextData.EncodedData` only when
    /// the rest of `ContextData` is known, which this SDK does not collect; it is dropped
    /// there.)
    ///
    /// ```
    /// // The string Cognito's advanced-security library collected in the browser or app.
    /// let metadata = cognito_flow::Metadata::new().user_context_encoded_data("AmazonCognitoAdvancedSecurityData...");
    /// ```
    pub fn user_context_encoded_data(mut self, data: impl Into<String>) -> Self {
        self.encoded_data = Some(data.into());
        self
    }

    /// Sets `UserContextData.IpAddress`, the end user's IP address (honoured only for app
    /// clients with `EnablePropagateAdditionalUserContextData`).
    ///
    /// ```
    /// // The address your back end saw the user's request come from.
    /// let metadata = cognito_flow::Metadata::new().user_context_ip_address("203.0.113.7");
    /// ```
    pub fn user_context_ip_address(mut self, ip: impl Into<String>) -> Self {
        self.ip_address = Some(ip.into());
        self
    }

    /// The `ClientMetadata` entries.
    ///
    /// ```
    /// let metadata = cognito_flow::Metadata::new().client_metadata("campaign", "spring");
    /// for (key, value) in metadata.client_metadata_map() {
    ///     println!("{key} = {value}");
    /// }
    /// ```
    pub fn client_metadata_map(&self) -> &BTreeMap<String, String> {
        &self.client_metadata
    }

    fn wire_client_metadata(&self) -> Option<BTreeMap<String, String>> {
        (!self.client_metadata.is_empty()).then(|| self.client_metadata.clone())
    }

    fn wire_analytics(&self) -> Option<AnalyticsMetadata> {
        self.analytics_endpoint_id.as_ref().map(|id| {
            let mut a = AnalyticsMetadata::default();
            a.analytics_endpoint_id = Some(id.clone());
            a
        })
    }

    fn wire_user_context(&self) -> Option<UserContextData> {
        if self.encoded_data.is_none() && self.ip_address.is_none() {
            return None;
        }
        let mut u = UserContextData::default();
        u.encoded_data = self.encoded_data.clone().map(Into::into);
        u.ip_address = self.ip_address.clone().map(Into::into);
        Some(u)
    }
}

/// Which API a sign-in runs through. A state remembers it, so its answer goes to
/// `RespondToAuthChallenge` or `AdminRespondToAuthChallenge` without the caller choosing.
#[derive(Clone, Debug)]
pub(crate) enum Api {
    Public(Client),
    #[cfg(feature = "admin")]
    Admin(AdminClient),
}

impl Api {
    pub(crate) fn client(&self) -> &Client {
        match self {
            Self::Public(c) => c,
            #[cfg(feature = "admin")]
            Self::Admin(a) => a.client(),
        }
    }

    /// `SECRET_HASH` over `username`, when the app client has a secret (spec §7).
    pub(crate) fn secret_hash(&self, username: &str) -> Option<String> {
        self.client().secret_hash(username)
    }

    /// `InitiateAuth` or `AdminInitiateAuth`.
    pub(crate) async fn initiate(
        &self,
        flow: AuthFlow,
        parameters: SensitiveMap,
        metadata: &Metadata,
    ) -> Result<StepResponse, Error> {
        match self {
            Self::Public(client) => {
                let mut r = InitiateAuthRequest::new(flow, client.client_id());
                r.auth_parameters = Some(parameters);
                r.client_metadata = metadata.wire_client_metadata();
                r.analytics_metadata = metadata.wire_analytics();
                r.user_context_data = metadata.wire_user_context();
                let out = client.send(&r).await?;
                Ok(step_response!(out))
            }
            #[cfg(feature = "admin")]
            Self::Admin(admin) => {
                let client = admin.client();
                let mut r =
                    AdminInitiateAuthRequest::new(client.user_pool_id(), client.client_id(), flow);
                r.auth_parameters = Some(parameters);
                r.client_metadata = metadata.wire_client_metadata();
                r.analytics_metadata = metadata.wire_analytics();
                let out = admin.send(&r).await?;
                Ok(step_response!(out))
            }
        }
    }

    /// `RespondToAuthChallenge` or `AdminRespondToAuthChallenge`.
    pub(crate) async fn respond(
        &self,
        challenge: ChallengeName,
        session: Option<&Session>,
        responses: SensitiveMap,
        metadata: &Metadata,
    ) -> Result<StepResponse, Error> {
        match self {
            Self::Public(client) => {
                let mut r = RespondToAuthChallengeRequest::new(client.client_id(), challenge);
                r.session = session.map(|s| s.expose_secret().into());
                r.challenge_responses = Some(responses);
                r.client_metadata = metadata.wire_client_metadata();
                r.analytics_metadata = metadata.wire_analytics();
                r.user_context_data = metadata.wire_user_context();
                let out = client.send(&r).await?;
                Ok(step_response!(out))
            }
            #[cfg(feature = "admin")]
            Self::Admin(admin) => {
                let client = admin.client();
                let mut r = AdminRespondToAuthChallengeRequest::new(
                    client.user_pool_id(),
                    client.client_id(),
                    challenge,
                );
                r.session = session.map(|s| s.expose_secret().into());
                r.challenge_responses = Some(responses);
                r.client_metadata = metadata.wire_client_metadata();
                r.analytics_metadata = metadata.wire_analytics();
                let out = admin.send(&r).await?;
                Ok(step_response!(out))
            }
        }
    }
}

/// Builds a [`StepResponse`] from any of the four responses of the sign-in operations, which
/// share their members but not a type.
macro_rules! step_response {
    ($out:expr) => {{
        let out = $out;
        StepResponse {
            challenge_name: out.challenge_name,
            session: out.session.map(|s| Session::new(s.expose_secret())),
            parameters: out.challenge_parameters.unwrap_or_default(),
            result: out.authentication_result,
            available: out.available_challenges.unwrap_or_default(),
        }
    }};
}
use step_response;

/// What `InitiateAuth` and `RespondToAuthChallenge` (and their admin twins) answer.
#[derive(Debug)]
pub(crate) struct StepResponse {
    pub(crate) challenge_name: Option<ChallengeName>,
    pub(crate) session: Option<Session>,
    pub(crate) parameters: BTreeMap<String, String>,
    pub(crate) result: Option<cognito_flow_wire::AuthenticationResult>,
    /// `AvailableChallenges` (with `SELECT_CHALLENGE`).
    pub(crate) available: Vec<ChallengeName>,
}

/// What every state carries from one request to the next.
pub(crate) struct ChallengeCtx {
    pub(crate) api: Api,
    /// The canonical username: the `USERNAME` of every answer (spec §5.14).
    pub(crate) username: String,
    /// The Session of the challenge being answered (none for SRP's `PASSWORD_VERIFIER`).
    pub(crate) session: Option<Session>,
    pub(crate) metadata: Metadata,
    /// The remembered device the sign-in presented, if any.
    pub(crate) device_key: Option<String>,
    /// The challenge's parameters as received.
    pub(crate) parameters: BTreeMap<String, String>,
}

impl fmt::Debug for ChallengeCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The Session is secret and the parameters may hold personal data: neither is shown.
        f.debug_struct("ChallengeCtx")
            .field("username", &self.username)
            .field("admin", &!matches!(self.api, Api::Public(_)))
            .finish_non_exhaustive()
    }
}

impl ChallengeCtx {
    /// `USERNAME`, `SECRET_HASH` (over that username) and `DEVICE_KEY`: the members every
    /// answer carries (spec §5.1).
    pub(crate) fn base_responses(&self) -> SensitiveMap {
        let mut m = SensitiveMap::new();
        m.insert(keys::USERNAME, self.username.as_str());
        if let Some(h) = self.api.secret_hash(&self.username) {
            m.insert(keys::SECRET_HASH, h);
        }
        if let Some(k) = &self.device_key {
            m.insert(keys::DEVICE_KEY, k.as_str());
        }
        m
    }

    /// Sends the answer to `challenge` and turns the response into the next state. When the
    /// request failed the context comes back with the error, for [`RespondError`]; when the
    /// response could not be understood it does not (the Session may be spent).
    pub(crate) async fn answer(
        self,
        challenge: ChallengeName,
        extra: SensitiveMap,
    ) -> Result<Next, (Error, Option<Self>)> {
        let mut responses = self.base_responses();
        for key in extra.keys().map(str::to_owned).collect::<Vec<_>>() {
            if let Some(v) = extra.secret(&key) {
                responses.insert(key.as_str(), v);
            }
        }
        match self
            .api
            .respond(challenge, self.session.as_ref(), responses, &self.metadata)
            .await
        {
            Ok(step) => self.next(step).map_err(|e| (e, None)),
            Err(e) => Err((e, Some(self))),
        }
    }

    /// The next state from a response to this context's request.
    pub(crate) fn next(self, step: StepResponse) -> Result<Next, Error> {
        Next::from_step(
            self.api,
            self.username,
            self.metadata,
            self.device_key,
            step,
        )
    }
}

/// A failed `respond`: the error, and — when the challenge can still be answered — the state
/// itself, so the caller can try again without starting over (spec §8.3).
///
/// Which failures give the state back is decided in one place (`keeps_state`): a wrong
/// SMS/e-mail/TOTP code, a TOTP code already used, a new password the policy refuses, an
/// answer refused before it was sent, and a request that surely never left this process.
/// Everything else (a used or expired Session, a wrong password) means starting over.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
/// # let (mistyped, correct) = ("000000".to_owned(), sandbox.last_code("sam"));
/// use cognito_flow::{ErrorKind, MfaCode};
///
/// let mut step = step;
/// let mut typed = [mistyped, correct].into_iter(); // what the user types, attempt by attempt
/// let next = loop {
///     let code = typed.next().expect("the user gave up");
///     match step.respond(MfaCode::new(code)).await {
///         Ok(next) => break next, // signed in, or the next challenge
///         Err(e) if e.kind() == ErrorKind::CodeMismatch => {
///             println!("wrong code, try again");
///             step = e.into_state().expect("a wrong code keeps the state");
///         }
///         Err(e) => return Err(e.into()),
///     }
/// };
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
pub struct RespondError<S> {
    error: Error,
    state: Option<S>,
}

impl<S> RespondError<S> {
    pub(crate) fn new(error: Error, state: Option<S>) -> Self {
        Self { error, state }
    }

    /// The error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// assert_eq!(err.error().kind(), ErrorKind::CodeMismatch);
    /// println!("{}", err.error()); // Cognito's message
    /// # Ok(()) }
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// Shorthand for `error().kind()`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    /// # Ok(()) }
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.error.kind()
    }

    /// Whether the state came back (the challenge can be answered again).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// if err.has_state() {
    ///     println!("ask for the code again");
    /// }
    /// assert!(err.has_state());
    /// # Ok(()) }
    /// ```
    pub fn has_state(&self) -> bool {
        self.state.is_some()
    }

    /// The state, if it can be answered again.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// let step = err.into_state().expect("a wrong code keeps the state");
    /// # let code_from_app = sandbox.totp_code("tess");
    /// let next = step.respond(TotpCode::new(code_from_app)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn into_state(self) -> Option<S> {
        self.state
    }

    /// The error, dropping any state.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// // Give up on this sign-in: keep only the error (`?` does the same).
    /// let error: cognito_flow::Error = err.into_error();
    /// assert_eq!(error.kind(), ErrorKind::CodeMismatch);
    /// # Ok(()) }
    /// ```
    pub fn into_error(self) -> Error {
        self.error
    }

    /// Both parts.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
    /// use cognito_flow::{ErrorKind, TotpCode};
    ///
    /// let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
    /// let (error, state) = err.into_parts();
    /// assert_eq!(error.kind(), ErrorKind::CodeMismatch);
    /// assert!(state.is_some());
    /// # Ok(()) }
    /// ```
    pub fn into_parts(self) -> (Error, Option<S>) {
        (self.error, self.state)
    }
}

impl<S> fmt::Debug for RespondError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RespondError")
            .field("error", &self.error)
            .field("state_returned", &self.state.is_some())
            .finish()
    }
}

impl<S> fmt::Display for RespondError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the challenge answer failed")
    }
}

impl<S> std::error::Error for RespondError<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl<S> From<RespondError<S>> for Error {
    fn from(e: RespondError<S>) -> Self {
        e.error
    }
}

/// The one table: whether a failed answer to `challenge` leaves the challenge answerable.
pub(crate) fn keeps_state(challenge: &ChallengeName, error: &Error) -> bool {
    if error.delivery() == Delivery::NotSent {
        // Never left this process: the Session was not used.
        return true;
    }
    match error.kind() {
        ErrorKind::CodeMismatch => matches!(
            challenge,
            ChallengeName::SmsMfa
                | ChallengeName::EmailOtp
                | ChallengeName::SmsOtp
                | ChallengeName::SoftwareTokenMfa
                | ChallengeName::MfaSetup
        ),
        // A TOTP code already used: wait for the next one (spec §5.9).
        ErrorKind::ExpiredCode => matches!(
            challenge,
            ChallengeName::SoftwareTokenMfa | ChallengeName::MfaSetup
        ),
        ErrorKind::InvalidPassword => matches!(challenge, ChallengeName::NewPasswordRequired),
        _ => false,
    }
}

/// The members of an SRP proof answer (`PASSWORD_VERIFIER`, `DEVICE_PASSWORD_VERIFIER`):
/// `PASSWORD_CLAIM_SECRET_BLOCK`, `PASSWORD_CLAIM_SIGNATURE`, `TIMESTAMP` (spec §6.4).
pub(crate) fn claim_answer(claim: &cognito_flow_srp::PasswordClaim) -> SensitiveMap {
    let mut extra = SensitiveMap::new();
    extra.insert(keys::PASSWORD_CLAIM_SECRET_BLOCK, claim.secret_block());
    extra.insert(keys::PASSWORD_CLAIM_SIGNATURE, claim.signature());
    extra.insert(keys::TIMESTAMP, claim.timestamp().as_str());
    extra
}

/// Sends an answer and maps failure to [`RespondError`] with the state rebuilt by `rebuild`
/// when [`keeps_state`] says so.
pub(crate) async fn answer_or_return<S>(
    ctx: ChallengeCtx,
    challenge: ChallengeName,
    extra: SensitiveMap,
    rebuild: impl FnOnce(ChallengeCtx) -> S,
) -> Result<Next, RespondError<S>> {
    let keep_challenge = challenge.clone();
    match ctx.answer(challenge, extra).await {
        Ok(next) => Ok(next),
        Err((error, ctx)) => {
            let state = ctx
                .filter(|_| keeps_state(&keep_challenge, &error))
                .map(rebuild);
            Err(RespondError::new(error, state))
        }
    }
}
