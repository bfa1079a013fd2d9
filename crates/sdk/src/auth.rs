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
/// ```no_run
/// # async fn demo(client: cognito_flow::Client) -> Result<(), cognito_flow::Error> {
/// use cognito_flow::{Metadata, Password};
/// let next = client
///     .sign_in_request("alice")
///     .metadata(Metadata::new().client_metadata("source", "web"))
///     .sign_in(Password::new("correct horse"))
///     .await?;
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
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// Signs in with a remembered device (`DEVICE_KEY`): with MFA suppression on, Cognito
    /// asks the device to prove itself instead of asking for MFA.
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
    pub async fn sign_in(self, password: Password) -> Result<Next, Error> {
        self.start().sign_in(password).await
    }

    /// `USER_SRP_AUTH`: returns the `PASSWORD_VERIFIER` state to answer with the password.
    ///
    /// # Errors
    ///
    /// As [`sign_in`](Self::sign_in), before the password is involved.
    pub async fn srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(false).await
    }

    /// `USER_PASSWORD_AUTH`: the password goes to Cognito (over TLS) in one round trip.
    ///
    /// # Errors
    ///
    /// As [`sign_in`](Self::sign_in); [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if the app client does not allow the flow.
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
    /// ```no_run
    /// # async fn demo(client: cognito_flow::Client) -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::{FirstFactor, Next};
    /// match client.sign_in_request("alice").user_auth(Some(FirstFactor::EmailOtp)).await? {
    ///     Next::EmailOtp(step) => { /* ask for the code */ }
    ///     Next::SelectChallenge(step) => { /* e-mail not available: offer the others */ }
    ///     _ => {}
    /// }
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
    pub async fn custom_with_srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(true).await
    }
}

impl Client {
    /// Starts a sign-in of `username` (the name the user typed: username, e-mail or phone
    /// where the pool allows them) with options; see [`SignInRequest`].
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
    /// ```no_run
    /// # async fn demo(client: cognito_flow::Client) -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::{Next, Password};
    /// match client.sign_in("alice", Password::new("correct horse")).await? {
    ///     Next::SignedIn(s) => println!("signed in: {:?}", s.tokens().expires_at),
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
    /// ```no_run
    /// # async fn demo(client: cognito_flow::Client, tokens: cognito_flow::Tokens) -> Result<(), cognito_flow::Error> {
    /// let fresh = client.refresh(&tokens, None).await?;
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
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// Signs in with a remembered device.
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
    pub async fn sign_in(self, password: Password) -> Result<Next, Error> {
        self.start().sign_in(password).await
    }

    /// `USER_SRP_AUTH` through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// As [`SignInRequest::srp`].
    pub async fn srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(false).await
    }

    /// `ADMIN_USER_PASSWORD_AUTH`: the server-side password flow (the app client needs
    /// `ALLOW_ADMIN_USER_PASSWORD_AUTH`). Only on the admin API.
    ///
    /// # Errors
    ///
    /// As [`SignInRequest::password`].
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
    pub async fn custom(self) -> Result<Next, Error> {
        self.start().custom().await
    }

    /// `CUSTOM_AUTH` with SRP first, through `AdminInitiateAuth`.
    ///
    /// # Errors
    ///
    /// Cognito's error.
    pub async fn custom_with_srp(self) -> Result<PasswordVerifier, Error> {
        self.start().srp(true).await
    }
}

#[cfg(feature = "admin")]
impl AdminClient {
    /// Starts an admin sign-in of `username`; see [`AdminSignInRequest`].
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
    /// ```no_run
    /// # async fn demo(admin: cognito_flow::AdminClient) -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::Password;
    /// let next = admin.admin_password_auth("alice", Password::new("correct horse")).await?;
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
    pub async fn refresh(
        &self,
        tokens: &Tokens,
        device: Option<&RememberedDevice>,
    ) -> Result<Tokens, Error> {
        refresh(Api::Admin(self.clone()), tokens, device).await
    }
}
