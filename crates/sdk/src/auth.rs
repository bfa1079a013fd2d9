//! Sign-in entry points (spec §4.1, §5.3–5.6, §5.12): `InitiateAuth` on [`Client`] and
//! `AdminInitiateAuth` on [`AdminClient`]. Admin-only flows exist only on `AdminClient`, so
//! calling them without AWS credentials does not compile.

use cognito_flow_srp::SrpClient;
use cognito_flow_wire::{
    AuthFlow, ChallengeName, GetTokensFromRefreshTokenRequest, SensitiveMap, keys,
};

#[cfg(feature = "admin")]
use crate::AdminClient;
use crate::Client;
use crate::account::{ConfirmSignUp, ResetPassword};
use crate::challenge::{Api, ChallengeCtx, Metadata, PasswordVerifier};
use crate::device::RememberedDevice;
use crate::error::Error;
use crate::error::ErrorKind;
use crate::next::Next;
use crate::secret::{Password, RefreshToken};
use crate::signed_in::Tokens;

/// The first factor asked for up front in choice-based sign-in (`USER_AUTH` with
/// `PREFERRED_CHALLENGE`, spec §5.5). When the user does not have it, Cognito answers with
/// [`Next::SelectChallenge`] instead.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.passwordless());
/// use cognito_flow::{FirstFactor, MfaCode, Next};
///
/// // Passwordless: ask for an e-mailed code straight away.
/// let next = client.sign_in_request("pat").user_auth(Some(FirstFactor::EmailOtp)).await?;
/// let Next::EmailOtp(step) = next else { panic!("pat has a verified e-mail address") };
/// # let code_from_email = sandbox.last_code("pat");
/// assert!(step.respond(MfaCode::new(code_from_email)).await?.is_signed_in());
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum FirstFactor {
    /// `PASSWORD`, sent with the request.
    Password(Password),
    /// `PASSWORD_SRP`: the SDK sends `SRP_A` and answers `PASSWORD_VERIFIER` with the password.
    PasswordSrp(Password),
    /// `EMAIL_OTP`: Cognito sends a code by e-mail.
    EmailOtp,
    /// `SMS_OTP`: Cognito sends a code by text message.
    SmsOtp,
    /// `WEB_AUTHN`: a passkey.
    WebAuthn,
}

/// What every entry point starts from.
struct Start<'a> {
    api: Api,
    username: String,
    metadata: Metadata,
    device: Option<&'a RememberedDevice>,
}

impl Start<'_> {
    /// `USERNAME`, `SECRET_HASH` over it, `DEVICE_KEY`.
    fn parameters(&self) -> SensitiveMap {
        let mut p = SensitiveMap::new();
        p.insert(keys::USERNAME, self.username.as_str());
        if let Some(h) = self.api.secret_hash(&self.username) {
            p.insert(keys::SECRET_HASH, h);
        }
        if let Some(d) = self.device {
            p.insert(keys::DEVICE_KEY, d.device_key());
        }
        p
    }

    fn ctx(&self, parameters: std::collections::BTreeMap<String, String>) -> ChallengeCtx {
        ChallengeCtx {
            api: self.api.clone(),
            username: self.username.clone(),
            session: None,
            metadata: self.metadata.clone(),
            device_key: self.device.map(|d| d.device_key().to_owned()),
            parameters,
        }
    }

    /// `USER_SRP_AUTH` (or `CUSTOM_AUTH` with `CHALLENGE_NAME=SRP_A`): always answered with
    /// `PASSWORD_VERIFIER`.
    async fn srp(&self, custom: bool) -> Result<PasswordVerifier, Error> {
        let srp = SrpClient::random().map_err(Error::srp)?;
        let mut p = self.parameters();
        p.insert(keys::SRP_A, srp.srp_a());
        let flow = if custom {
            // Both members are needed, or the flow never reaches PASSWORD_VERIFIER (spec §9
            // pitfall 12).
            p.insert(keys::CHALLENGE_NAME, "SRP_A");
            AuthFlow::CustomAuth
        } else {
            AuthFlow::UserSrpAuth
        };
        let step = self.api.initiate(flow, p, &self.metadata).await?;
        if step.challenge_name != Some(ChallengeName::PasswordVerifier) {
            return Err(Error::protocol(
                "the SRP flow was not answered with PASSWORD_VERIFIER",
            ));
        }
        let mut ctx = self.ctx(step.parameters);
        ctx.session = step.session;
        Ok(PasswordVerifier::new(ctx, srp))
    }

    /// Turns the two errors Amplify calls steps into steps: `UserNotConfirmed` →
    /// [`ConfirmSignUp`], `PasswordResetRequired` → [`ResetPassword`].
    fn step_from_error(api: &Api, username: &str, error: Error) -> Result<Next, Error> {
        let client = api.client().clone();
        match error.kind() {
            ErrorKind::UserNotConfirmed => Ok(Next::ConfirmSignUp(ConfirmSignUp::new(
                client,
                username.to_owned(),
            ))),
            ErrorKind::PasswordResetRequired => Ok(Next::ResetPassword(ResetPassword::new(
                client,
                username.to_owned(),
            ))),
            _ => Err(error),
        }
    }

    async fn password(self, flow: AuthFlow, password: &Password) -> Result<Next, Error> {
        let mut p = self.parameters();
        p.insert(keys::PASSWORD, password.expose_secret());
        match self.api.initiate(flow, p, &self.metadata).await {
            Ok(step) => self.ctx(Default::default()).next(step),
            Err(e) => Self::step_from_error(&self.api, &self.username, e),
        }
    }

    async fn custom(self) -> Result<Next, Error> {
        let p = self.parameters();
        match self
            .api
            .initiate(AuthFlow::CustomAuth, p, &self.metadata)
            .await
        {
            Ok(step) => self.ctx(Default::default()).next(step),
            Err(e) => Self::step_from_error(&self.api, &self.username, e),
        }
    }

    /// SRP, then the steps that need no person: `PASSWORD_VERIFIER` and the device steps.
    /// A remembered device Cognito no longer knows (`ResourceNotFoundException`) is left
    /// out and the sign-in retried without it, as the reference clients do (spec §5.10);
    /// the result then carries a new device to confirm.
    async fn sign_in(mut self, password: Password) -> Result<Next, Error> {
        // Cognito reports an unknown DEVICE_KEY at InitiateAuth or at the PASSWORD_VERIFIER
        // answer; either way the sign-in starts over without the device (spec §5.10).
        let forgotten = |e: &Error| e.kind() == ErrorKind::ResourceNotFound;
        let next = match self.srp_then_password(password.clone()).await {
            Err(e) if forgotten(&e) && self.device.is_some() => {
                self.device = None;
                self.srp_then_password(password).await
            }
            other => other,
        }?;
        match (next, self.device) {
            (Next::DeviceSrpAuth(step), Some(device)) => {
                let verifier = step.respond(device).await?;
                Ok(verifier.respond(device).await?)
            }
            (next, _) => Ok(next),
        }
    }

    /// `USER_AUTH` (choice-based sign-in), with a preferred first factor or without.
    async fn user_auth(self, preferred: Option<FirstFactor>) -> Result<Next, Error> {
        let mut p = self.parameters();
        let mut srp = None;
        let mut password_srp = None;
        match &preferred {
            None => {}
            Some(FirstFactor::Password(pw)) => {
                p.insert(keys::PREFERRED_CHALLENGE, "PASSWORD");
                p.insert(keys::PASSWORD, pw.expose_secret());
            }
            Some(FirstFactor::PasswordSrp(pw)) => {
                let client = SrpClient::random().map_err(Error::srp)?;
                p.insert(keys::PREFERRED_CHALLENGE, "PASSWORD_SRP");
                p.insert(keys::SRP_A, client.srp_a());
                srp = Some(client);
                password_srp = Some(pw.clone());
            }
            Some(FirstFactor::EmailOtp) => {
                p.insert(keys::PREFERRED_CHALLENGE, "EMAIL_OTP");
            }
            Some(FirstFactor::SmsOtp) => {
                p.insert(keys::PREFERRED_CHALLENGE, "SMS_OTP");
            }
            Some(FirstFactor::WebAuthn) => {
                p.insert(keys::PREFERRED_CHALLENGE, "WEB_AUTHN");
            }
        }
        let step = match self
            .api
            .initiate(AuthFlow::UserAuth, p, &self.metadata)
            .await
        {
            Ok(step) => step,
            Err(e) => return Self::step_from_error(&self.api, &self.username, e),
        };
        match (step.challenge_name.clone(), srp, password_srp) {
            (Some(ChallengeName::PasswordVerifier), Some(client), Some(password)) => {
                let mut ctx = self.ctx(step.parameters);
                ctx.session = step.session;
                Ok(PasswordVerifier::new(ctx, client).respond(password).await?)
            }
            _ => self.ctx(Default::default()).next(step),
        }
    }

    /// `USER_SRP_AUTH` and the `PASSWORD_VERIFIER` answer; the account errors become steps.
    async fn srp_then_password(&self, password: Password) -> Result<Next, Error> {
        match self.srp(false).await {
            Ok(verifier) => Ok(verifier.respond(password).await?),
            Err(e) => Self::step_from_error(&self.api, &self.username, e),
        }
    }
}

/// A sign-in through the public API ([`Client::sign_in_request`]): optional metadata and a
/// remembered device, then one of the flows.
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
///     .metadata(Metadata::new().client_metadata("source", "web"))
///     .sign_in(Password::new("Corr3ct-horse!"))
///     .await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "nothing is sent until a flow method is called"]
pub struct SignInRequest<'a> {
    client: Client,
    username: String,
    metadata: Metadata,
    device: Option<&'a RememberedDevice>,
}

impl<'a> SignInRequest<'a> {
    /// Metadata for the first request and every answer after it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{Metadata, Password};
    ///
    /// let metadata = Metadata::new()
    ///     .client_metadata("campaign", "spring")     // passed to the pool's Lambda triggers
    ///     .user_context_ip_address("203.0.113.7");   // for advanced security
    /// let next = client
    ///     .sign_in_request("alice")
    ///     .metadata(metadata)
    ///     .password(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// Signs in with a remembered device (`DEVICE_KEY`): with MFA suppression on, Cognito
    /// asks the device to prove itself instead of asking for MFA.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let (device_key, device_group_key, device_password) = (stored.key(), stored.group_key(), stored.password());
    /// use cognito_flow::{Password, RememberedDevice};
    ///
    /// // The device confirmed at an earlier sign-in, read back from storage.
    /// let device = RememberedDevice::new(device_key, device_group_key, device_password);
    /// let next = client
    ///     .sign_in_request("dora")
    ///     .device(&device)
    ///     .sign_in(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// // `sign_in` proved the device (DEVICE_SRP_AUTH) itself; it is not new, so nothing to confirm.
    /// let signed_in = next.into_signed_in().expect("signed in");
    /// assert!(signed_in.new_device().is_none());
    /// # Ok(()) }
    /// ```
    pub fn device(mut self, device: &'a RememberedDevice) -> Self {
        self.device = Some(device);
        self
    }

    fn start(self) -> Start<'a> {
        Start {
            api: Api::Public(self.client),
            username: self.username,
            metadata: self.metadata,
            device: self.device,
        }
    }

    /// The high-level sign-in: SRP with `password`, answering every step that needs no
    /// person (`PASSWORD_VERIFIER`, the device steps). Returns tokens or the first step that
    /// needs the user.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized) for a wrong password,
    /// [`ErrorKind::UserNotFound`](crate::ErrorKind::UserNotFound) (pools that reveal it),
    /// [`ErrorKind::UserNotConfirmed`](crate::ErrorKind::UserNotConfirmed),
    /// [`ErrorKind::PasswordResetRequired`](crate::ErrorKind::PasswordResetRequired), transport
    /// and protocol errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{Next, Password};
    ///
    /// let next = client
    ///     .sign_in_request("tess")
    ///     .sign_in(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// // The password step is done; tess's authenticator app is next.
    /// assert!(matches!(next, Next::SoftwareTokenMfa(_)));
    /// # Ok(()) }
    /// ```
    pub async fn sign_in(self, password: Password) -> Result<Next, Error> {
        self.start().sign_in(password).await
    }

    /// `USER_SRP_AUTH`: returns the `PASSWORD_VERIFIER` state to answer with the password.
    ///
    /// # Errors
    ///
    /// As [`sign_in`](Self::sign_in), before the password is involved.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let verifier = client.sign_in_request("alice").srp().await?;
    /// assert_eq!(verifier.user_id_for_srp(), "alice");
    /// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(false).await
    }

    /// `USER_PASSWORD_AUTH`: the password goes to Cognito (over TLS) in one round trip.
    ///
    /// # Errors
    ///
    /// As [`sign_in`](Self::sign_in); [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if the app client does not allow the flow.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{ErrorKind, Password};
    ///
    /// let next = client
    ///     .sign_in_request("alice")
    ///     .password(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    ///
    /// let err = client
    ///     .sign_in_request("alice")
    ///     .password(Password::new("wrong password"))
    ///     .await
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// # Ok(()) }
    /// ```
    pub async fn password(self, password: Password) -> Result<Next, Error> {
        self.start()
            .password(AuthFlow::UserPasswordAuth, &password)
            .await
    }

    /// `CUSTOM_AUTH`, starting with the pool's custom challenge.
    ///
    /// # Errors
    ///
    /// Cognito's error (e.g. no custom-auth triggers configured).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.custom_auth());
    /// use cognito_flow::{CustomAnswer, Next};
    ///
    /// let Next::CustomChallenge(step) = client.sign_in_request("quinn").custom().await? else {
    ///     panic!("the pool's triggers ask a question");
    /// };
    /// println!("{}", step.parameters()["question"]); // What is 6 × 7?
    /// let next = step.respond(CustomAnswer::new("42")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn custom(self) -> Result<Next, Error> {
        self.start().custom().await
    }

    /// `USER_AUTH`, choice-based sign-in (passwordless and passkeys; the app client needs
    /// `ALLOW_USER_AUTH` and the pool the Essentials tier). Without a preferred factor Cognito
    /// answers [`Next::SelectChallenge`] with the factors the user can use.
    ///
    /// # Errors
    ///
    /// Cognito's error (`FeatureUnavailableInTierException` is
    /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported)).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// use cognito_flow::{FirstFactor, MfaCode, Next};
    ///
    /// # let mut answered = false;
    /// match client.sign_in_request("pat").user_auth(Some(FirstFactor::EmailOtp)).await? {
    ///     Next::EmailOtp(step) => {
    ///         // Ask for the code.
    ///         # let code_from_email = sandbox.last_code("pat");
    ///         let next = step.respond(MfaCode::new(code_from_email)).await?;
    ///         assert!(next.is_signed_in());
    ///         # answered = true;
    ///     }
    ///     Next::SelectChallenge(step) => { /* e-mail not available: offer the others */ }
    ///     _ => {}
    /// }
    /// # assert!(answered);
    /// # Ok(()) }
    /// ```
    pub async fn user_auth(self, preferred: Option<FirstFactor>) -> Result<Next, Error> {
        self.start().user_auth(preferred).await
    }

    /// `CUSTOM_AUTH` with SRP first (`CHALLENGE_NAME=SRP_A`): returns `PASSWORD_VERIFIER`;
    /// the custom challenges follow its answer.
    ///
    /// # Errors
    ///
    /// Cognito's error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.custom_auth());
    /// use cognito_flow::{CustomAnswer, Next, Password};
    ///
    /// // The password first (SRP), then the pool's own challenge.
    /// let verifier = client.sign_in_request("quinn").custom_with_srp().await?;
    /// let Next::CustomChallenge(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("the pool's triggers ask a question after the password");
    /// };
    /// assert!(step.respond(CustomAnswer::new("42")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn custom_with_srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(true).await
    }
}

impl Client {
    /// Starts a sign-in of `username` (the name the user typed: username, e-mail or phone
    /// where the pool allows them) with options; see [`SignInRequest`].
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
    ///     .metadata(Metadata::new().client_metadata("source", "mobile"))
    ///     .sign_in(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn sign_in_request(&self, username: impl Into<String>) -> SignInRequest<'static> {
        SignInRequest {
            client: self.clone(),
            username: username.into(),
            metadata: Metadata::new(),
            device: None,
        }
    }

    /// Signs in with SRP, answering every step that needs no person; returns tokens or the
    /// first step that needs the user. Shorthand for
    /// `sign_in_request(username).sign_in(password)`.
    ///
    /// # Errors
    ///
    /// See [`SignInRequest::sign_in`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{Next, Password};
    ///
    /// match client.sign_in("alice", Password::new("Corr3ct-horse!")).await? {
    ///     Next::SignedIn(s) => println!("signed in until {:?}", s.tokens().expires_at),
    ///     other => println!("Cognito asks for {:?}", other.challenge_name()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn sign_in(
        &self,
        username: impl Into<String>,
        password: Password,
    ) -> Result<Next, Error> {
        self.sign_in_request(username).sign_in(password).await
    }

    /// `USER_SRP_AUTH`; shorthand for `sign_in_request(username).srp()`.
    ///
    /// # Errors
    ///
    /// See [`SignInRequest::srp`].
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
    /// // The password never leaves the process: it signs the SRP proof.
    /// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn initiate_srp(
        &self,
        username: impl Into<String>,
    ) -> Result<PasswordVerifier, Error> {
        self.sign_in_request(username).srp().await
    }

    /// `USER_PASSWORD_AUTH`; shorthand for `sign_in_request(username).password(password)`.
    ///
    /// # Errors
    ///
    /// See [`SignInRequest::password`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{Next, Password};
    ///
    /// match client.initiate_password_auth("sam", Password::new("Corr3ct-horse!")).await? {
    ///     Next::SmsMfa(step) => println!("code sent to {:?}", step.delivery().destination),
    ///     other => println!("next: {:?}", other.challenge_name()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn initiate_password_auth(
        &self,
        username: impl Into<String>,
        password: Password,
    ) -> Result<Next, Error> {
        self.sign_in_request(username).password(password).await
    }

    /// Refreshes `tokens` with `REFRESH_TOKEN_AUTH`. `SECRET_HASH` (for clients with a secret)
    /// is computed over the canonical username from the access token — not the alias used to
    /// sign in (spec §7, §9 pitfall 6). The old refresh token is kept (Cognito returns none).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized) for an expired, revoked
    /// or foreign refresh token; [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) if
    /// `tokens` has no refresh token.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let next = client.sign_in("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// let fresh = client.refresh(&tokens, None).await?;
    /// // Cognito returns no new refresh token here: the old one is carried over.
    /// assert!(fresh.refresh_token.is_some());
    /// assert_eq!(fresh.username()?, "alice");
    /// # Ok(()) }
    /// ```
    pub async fn refresh(
        &self,
        tokens: &Tokens,
        device: Option<&RememberedDevice>,
    ) -> Result<Tokens, Error> {
        refresh(Api::Public(self.clone()), tokens, device).await
    }

    /// `GetTokensFromRefreshToken` (spec §3.12): the newer refresh operation, with the raw
    /// client secret and refresh-token rotation (a new refresh token comes back when the
    /// client rotates them).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized),
    /// [`ErrorKind::RefreshTokenReuse`](crate::ErrorKind::RefreshTokenReuse) for a rotated
    /// token reused after its grace period.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let next = client.sign_in("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// let refresh_token = tokens.refresh_token.as_ref().expect("a sign-in returns one");
    /// let fresh = client.get_tokens_from_refresh_token(refresh_token, None).await?;
    /// // Without rotation on the app client, the same refresh token stays valid.
    /// assert!(fresh.refresh_token.is_some());
    /// assert_eq!(fresh.username()?, "alice");
    /// # Ok(()) }
    /// ```
    pub async fn get_tokens_from_refresh_token(
        &self,
        refresh_token: &RefreshToken,
        device: Option<&RememberedDevice>,
    ) -> Result<Tokens, Error> {
        let mut request =
            GetTokensFromRefreshTokenRequest::new(refresh_token.expose_secret(), self.client_id());
        request.client_secret = self.client_secret_raw().map(Into::into);
        request.device_key = device.map(|d| d.device_key().to_owned());
        let out = self.send(&request).await?;
        let result = out
            .authentication_result
            .ok_or_else(|| Error::protocol("GetTokensFromRefreshToken answered without tokens"))?;
        let tokens = Tokens::from_result(result, self.now())?;
        Ok(if tokens.refresh_token.is_none() {
            let mut t = tokens;
            t.refresh_token = Some(refresh_token.clone());
            t
        } else {
            tokens
        })
    }
}

async fn refresh(
    api: Api,
    tokens: &Tokens,
    device: Option<&RememberedDevice>,
) -> Result<Tokens, Error> {
    let refresh_token = tokens
        .refresh_token
        .as_ref()
        .ok_or_else(|| Error::protocol("these tokens have no refresh token"))?;
    let mut p = SensitiveMap::new();
    p.insert(keys::REFRESH_TOKEN, refresh_token.expose_secret());
    if api.client().has_client_secret() {
        let username = tokens.username()?;
        if let Some(h) = api.secret_hash(&username) {
            p.insert(keys::SECRET_HASH, h);
        }
    }
    if let Some(d) = device {
        p.insert(keys::DEVICE_KEY, d.device_key());
    }
    let step = api
        .initiate(AuthFlow::RefreshTokenAuth, p, &Metadata::new())
        .await?;
    let result = step
        .result
        .ok_or_else(|| Error::protocol("REFRESH_TOKEN_AUTH answered without tokens"))?;
    Ok(Tokens::from_result(result, api.client().now())?.merge_refresh(tokens))
}

/// A sign-in through the admin API ([`AdminClient::sign_in_request`]): answers go through
/// `AdminRespondToAuthChallenge`, signed with the admin's AWS credentials.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let admin = doc_support::admin!(sandbox);
/// use cognito_flow::{Metadata, Password};
///
/// let next = admin
///     .sign_in_request("alice")
///     .metadata(Metadata::new().client_metadata("source", "back office"))
///     .admin_password(Password::new("Corr3ct-horse!"))
///     .await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[cfg(feature = "admin")]
#[derive(Debug)]
#[must_use = "nothing is sent until a flow method is called"]
pub struct AdminSignInRequest<'a> {
    admin: AdminClient,
    username: String,
    metadata: Metadata,
    device: Option<&'a RememberedDevice>,
}

#[cfg(feature = "admin")]
impl<'a> AdminSignInRequest<'a> {
    /// Metadata for the first request and every answer after it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::{Metadata, Password};
    ///
    /// let next = admin
    ///     .sign_in_request("alice")
    ///     .metadata(Metadata::new().client_metadata("campaign", "spring"))
    ///     .sign_in(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// Signs in with a remembered device.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let (device_key, device_group_key, device_password) = (stored.key(), stored.group_key(), stored.password());
    /// use cognito_flow::{Password, RememberedDevice};
    ///
    /// let device = RememberedDevice::new(device_key, device_group_key, device_password);
    /// let next = admin
    ///     .sign_in_request("dora")
    ///     .device(&device)
    ///     .admin_password(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// // Cognito asks the remembered device to prove itself; answer with it.
    /// let cognito_flow::Next::DeviceSrpAuth(step) = next else { panic!("expected DEVICE_SRP_AUTH") };
    /// let verifier = step.respond(&device).await?;
    /// assert!(verifier.respond(&device).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn device(mut self, device: &'a RememberedDevice) -> Self {
        self.device = Some(device);
        self
    }

    fn start(self) -> Start<'a> {
        Start {
            api: Api::Admin(self.admin),
            username: self.username,
            metadata: self.metadata,
            device: self.device,
        }
    }

    /// SRP through `AdminInitiateAuth`, answering the steps that need no person.
    ///
    /// # Errors
    ///
    /// As [`SignInRequest::sign_in`], plus [`ErrorKind::Credentials`](crate::ErrorKind::Credentials).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::{Next, Password};
    ///
    /// // SRP through AdminInitiateAuth: the answers go to AdminRespondToAuthChallenge.
    /// let next = admin.sign_in_request("alice").sign_in(Password::new("Corr3ct-horse!")).await?;
    /// assert!(matches!(next, Next::SignedIn(_)));
    /// # Ok(()) }
    /// ```
    pub async fn sign_in(self, password: Password) -> Result<Next, Error> {
        self.start().sign_in(password).await
    }

    /// `USER_SRP_AUTH` through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// As [`SignInRequest::srp`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let verifier = admin.sign_in_request("alice").srp().await?;
    /// let next = verifier.respond(Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(false).await
    }

    /// `ADMIN_USER_PASSWORD_AUTH`: the server-side password flow (the app client needs
    /// `ALLOW_ADMIN_USER_PASSWORD_AUTH`). Only on the admin API.
    ///
    /// # Errors
    ///
    /// As [`SignInRequest::password`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::{MfaCode, Next, Password};
    ///
    /// let next = admin
    ///     .sign_in_request("sam")
    ///     .admin_password(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// let Next::SmsMfa(step) = next else { panic!("sam has SMS MFA") };
    /// # let code_from_user = sandbox.last_code("sam");
    /// // The answer goes through AdminRespondToAuthChallenge, signed with the AWS credentials.
    /// let next = step.respond(MfaCode::new(code_from_user)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn admin_password(self, password: Password) -> Result<Next, Error> {
        self.start()
            .password(AuthFlow::AdminUserPasswordAuth, &password)
            .await
    }

    /// `CUSTOM_AUTH` through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// Cognito's error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.custom_auth());
    /// use cognito_flow::{CustomAnswer, Next};
    ///
    /// let Next::CustomChallenge(step) = admin.sign_in_request("quinn").custom().await? else {
    ///     panic!("the pool's triggers ask a question");
    /// };
    /// // Answered through AdminRespondToAuthChallenge.
    /// assert!(step.respond(CustomAnswer::new("42")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn custom(self) -> Result<Next, Error> {
        self.start().custom().await
    }

    /// `CUSTOM_AUTH` with SRP first, through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// Cognito's error.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.custom_auth());
    /// use cognito_flow::{CustomAnswer, Next, Password};
    ///
    /// let verifier = admin.sign_in_request("quinn").custom_with_srp().await?;
    /// let Next::CustomChallenge(step) = verifier.respond(Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("the pool's triggers ask a question after the password");
    /// };
    /// assert!(step.respond(CustomAnswer::new("42")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn custom_with_srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(true).await
    }
}

#[cfg(feature = "admin")]
impl AdminClient {
    /// Starts an admin sign-in of `username`; see [`AdminSignInRequest`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let next = admin
    ///     .sign_in_request("alice")
    ///     .admin_password(Password::new("Corr3ct-horse!"))
    ///     .await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn sign_in_request(&self, username: impl Into<String>) -> AdminSignInRequest<'static> {
        AdminSignInRequest {
            admin: self.clone(),
            username: username.into(),
            metadata: Metadata::new(),
            device: None,
        }
    }

    /// `ADMIN_USER_PASSWORD_AUTH`; shorthand for `sign_in_request(username).admin_password(password)`.
    ///
    /// # Errors
    ///
    /// See [`AdminSignInRequest::admin_password`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::{Next, Password};
    ///
    /// match admin.admin_password_auth("alice", Password::new("Corr3ct-horse!")).await? {
    ///     Next::SignedIn(s) => assert_eq!(s.username(), "alice"),
    ///     other => println!("Cognito asks for {:?}", other.challenge_name()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn admin_password_auth(
        &self,
        username: impl Into<String>,
        password: Password,
    ) -> Result<Next, Error> {
        self.sign_in_request(username)
            .admin_password(password)
            .await
    }

    /// SRP sign-in through `AdminInitiateAuth`; shorthand for
    /// `sign_in_request(username).sign_in(password)`.
    ///
    /// # Errors
    ///
    /// See [`AdminSignInRequest::sign_in`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::{Next, Password, TotpCode};
    ///
    /// let Next::SoftwareTokenMfa(step) = admin.sign_in("tess", Password::new("Corr3ct-horse!")).await? else {
    ///     panic!("tess has an authenticator app");
    /// };
    /// # let code_from_app = sandbox.totp_code("tess");
    /// let next = step.respond(TotpCode::new(code_from_app)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn sign_in(
        &self,
        username: impl Into<String>,
        password: Password,
    ) -> Result<Next, Error> {
        self.sign_in_request(username).sign_in(password).await
    }

    /// Refreshes `tokens` with `REFRESH_TOKEN_AUTH` through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// See [`Client::refresh`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// # let next = admin.admin_password_auth("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// let fresh = admin.refresh(&tokens, None).await?;
    /// assert_eq!(fresh.username()?, "alice");
    /// # Ok(()) }
    /// ```
    pub async fn refresh(
        &self,
        tokens: &Tokens,
        device: Option<&RememberedDevice>,
    ) -> Result<Tokens, Error> {
        refresh(Api::Admin(self.clone()), tokens, device).await
    }
}
