//! A faithful local Amazon Cognito user pool, for tests and offline development.
//!
//! It speaks Cognito's own JSON 1.1 protocol on one `POST /` endpoint, so the AWS SDKs, boto3,
//! the AWS CLI (with `--endpoint-url`) and cognito-flow talk to it unchanged — and it checks
//! what the free emulators skip: real SRP (`PASSWORD_CLAIM_SIGNATURE`, `SECRET_BLOCK`,
//! `TIMESTAMP`), real TOTP, single-use expiring Sessions bound to pool, client, user and
//! challenge, `SECRET_HASH`, `ExplicitAuthFlows`, lockout, `PreventUserExistenceErrors`, and
//! RS256 tokens with a JWKS. Section numbers (§) refer to the protocol specification
//! (`shared/spec/cognito-auth-protocol.md`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cognito_flow_emulator::Emulator;
//!
//! let emulator = Emulator::builder().start().await?;   // 127.0.0.1, a free port
//! println!("Cognito at {}", emulator.endpoint());
//! # Ok(()) }
//! ```
//!
//! # Undetermined behaviour
//!
//! Where Cognito's behaviour is not documented (spec §11), [`EmulatorConfig`] makes it a
//! setting and documents the default.
//!
//! # Choice-based sign-in and passkeys
//!
//! `USER_AUTH` (spec §5.5) needs a client with `ALLOW_USER_AUTH` and a pool in the Essentials
//! or Plus tier. The first factors are the pool's `Policies.SignInPolicy.AllowedFirstAuthFactors`
//! (`CreateUserPool`/`UpdateUserPool`, [`PoolSpec::first_auth_factors`]) that the user has:
//! a password (`PASSWORD_SRP`, `PASSWORD`), a verified e-mail address (`EMAIL_OTP`) or phone
//! number (`SMS_OTP`), a passkey (`WEB_AUTHN`). Without a usable `PREFERRED_CHALLENGE` the
//! answer is `SELECT_CHALLENGE` with `AvailableChallenges`. Sign-in codes go to the outbox
//! ([`Purpose::SignInCode`], [`EmulatorConfig::otp_code_length`] digits) and are followed by no
//! MFA; with MFA `ON` only the password factors are offered, and passkeys when
//! `WebAuthnConfiguration.FactorConfiguration` is `MULTI_FACTOR_WITH_USER_VERIFICATION`
//! (they must then verify the user).
//!
//! Passkeys need `WEB_AUTHN` among the first factors and `SetUserPoolMfaConfig`'s
//! `WebAuthnConfiguration.RelyingPartyId` ([`WebAuthnSpec`]); they are registered with
//! `StartWebAuthnRegistration`/`CompleteWebAuthnRegistration` (attestation `none`, ES256) and
//! every assertion is verified for real: client data, relying-party hash, UP/UV flags, the
//! ES256 signature and a rising signature counter. Origins accepted: `https://` the relying
//! party or a subdomain of it, `http://localhost` for the relying party `localhost`, and
//! [`EmulatorConfig::webauthn_origins`]. With the `test-authenticator` feature,
//! `testing::SoftwareAuthenticator` plays the browser's part in tests.
//!
//! # Lambda triggers
//!
//! Triggers are HTTP webhooks that receive and return Cognito's own Lambda trigger events, so
//! a handler written for Lambda runs behind any small HTTP server. A pool's `LambdaConfig`
//! (`CreateUserPool`, `UpdateUserPool`, a seed file's `lambda_config`,
//! [`LambdaConfigSpec`]) names each trigger by
//!
//! * an `http://` URL, called directly — `"DefineAuthChallenge": "http://127.0.0.1:3000/auth"`;
//! * or a Lambda ARN, as infrastructure code writes it, called at the URL that
//!   [`EmulatorConfig::lambda_endpoints`] maps it to (binary: `--trigger ARN=URL`, repeatable).
//!
//! The emulator POSTs the event (`version`, `triggerSource`, `region`, `userPoolId`,
//! `userName`, `callerContext`, `request`, `response`) and reads back the event with its
//! `response` filled in. A JSON answer with an `errorMessage` is the function throwing
//! (`UserLambdaValidationException` "`<Trigger>` failed with error `<errorMessage>`."); no
//! answer within [`EmulatorConfig::trigger_timeout`] (default 5 s), a refused connection or a
//! non-2xx status is `UnexpectedLambdaException`; an answer that is not the event is
//! `InvalidLambdaResponseException`. Only loopback URLs, and hosts listed in
//! [`EmulatorConfig::trigger_allowed_hosts`] (`--trigger-allow-host`), are ever called.
//!
//! | Trigger | Invoked | `triggerSource` |
//! |---|---|---|
//! | `PreAuthentication` | every `InitiateAuth`/`AdminInitiateAuth` sign-in, before the password or custom challenge is verified (`userNotFound` for unknown users of clients with `PreventUserExistenceErrors`) | `PreAuthentication_Authentication` |
//! | `DefineAuthChallenge`, `CreateAuthChallenge`, `VerifyAuthChallengeResponse` | `CUSTOM_AUTH` (spec §5.6), with or without SRP first | `…_Authentication` |
//! | `PostAuthentication` | a sign-in succeeded, before its tokens | `PostAuthentication_Authentication` |
//! | `PreTokenGeneration` (`V1_0`: ID token; `V2_0`/`V3_0`: both tokens and scopes) | tokens are minted: sign-in, refresh | `TokenGeneration_Authentication`, `TokenGeneration_RefreshTokens` |
//!
//! Other `LambdaConfig` members (`PreSignUp`, `CustomMessage`, `UserMigration`, …) are stored
//! and described but never invoked. PostAuthentication and PreTokenGeneration are called while
//! tokens are issued, with the emulator's state locked: their webhooks must not call the
//! emulator back. Their events carry an empty `clientMetadata`.

mod clock;
mod config;
#[cfg(feature = "doc-support")]
pub mod doc_support;
mod error;
mod keys;
mod ops;
mod outbox;
mod random;
mod seed;
mod server;
mod state;
mod store;
#[cfg(feature = "test-authenticator")]
pub mod testing;
mod totp;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

pub use clock::Clock;
pub use config::{EmulatorConfig, IssuerStyle};
pub use error::ApiError;
pub use outbox::{Medium, Message, Purpose};
pub use seed::{
    ClientSpec, DeviceConfiguration, LambdaConfigSpec, MfaFactor, PasswordPolicySpec, PoolMfa,
    PoolSpec, SeedError, SeededClient, SeededPool, SeededUser, UserMfaSpec, UserSpec, WebAuthnSpec,
};

use random::Random;
use state::State;

/// An emulated Cognito service: its state, clock and settings. Cheap to clone (an `Arc`).
///
/// Start one on a port with [`Emulator::builder`], or serve it on a listener of your own with
/// [`Emulator::serve`].
#[derive(Clone, Debug)]
pub struct Emulator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    state: Mutex<State>,
    pub(crate) config: EmulatorConfig,
    pub(crate) clock: Clock,
    pub(crate) random: Random,
    /// `http://127.0.0.1:PORT`, once bound (the `iss` of tokens).
    base_url: RwLock<String>,
}

impl Inner {
    /// The state, locked. Poisoning is ignored: every mutation leaves the state consistent
    /// before anything that could panic.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn base_url(&self) -> String {
        self.base_url
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    pub(crate) fn now(&self) -> i64 {
        self.clock.now_millis()
    }
}

impl Emulator {
    /// A builder: settings, clock, random seed, address.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// An emulator with these settings and clock, not yet serving.
    ///
    /// ```
    /// use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// ```
    pub fn new(config: EmulatorConfig, clock: Clock) -> Self {
        Self::with_seed(config, clock, None)
    }

    fn with_seed(config: EmulatorConfig, clock: Clock, seed: Option<u64>) -> Self {
        Self {
            inner: Arc::new(Inner {
                state: Mutex::new(State::default()),
                config,
                clock,
                random: Random::new(seed),
                base_url: RwLock::new("http://127.0.0.1".to_owned()),
            }),
        }
    }

    /// The emulator's clock (move a manual clock with [`Clock::advance`]).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Every message sent so far (oldest first).
    pub fn outbox(&self) -> Vec<Message> {
        self.inner.state().outbox.clone()
    }

    /// The messages sent to one user (oldest first).
    pub fn outbox_for(&self, username: &str) -> Vec<Message> {
        self.inner
            .state()
            .outbox
            .iter()
            .filter(|m| m.username == username)
            .cloned()
            .collect()
    }

    /// The newest code sent to `username`, if any.
    pub fn last_code(&self, username: &str) -> Option<String> {
        self.outbox_for(username).last().map(|m| m.code.clone())
    }

    /// The current TOTP code of a user's verified authenticator (`None` if the user has none).
    pub fn totp_code(&self, user_pool_id: &str, username: &str) -> Option<String> {
        self.totp_code_at(user_pool_id, username, self.inner.now())
    }

    /// The TOTP code a user's authenticator shows at `millis`.
    pub fn totp_code_at(&self, user_pool_id: &str, username: &str, millis: i64) -> Option<String> {
        let state = self.inner.state();
        let pool = state.pools.get(user_pool_id)?;
        let user = pool.users.get(&pool.resolve_username(username)?)?;
        let secret = user
            .mfa
            .totp_secret
            .as_deref()
            .or(user.mfa.pending_totp_secret.as_deref())?;
        totp::code_at_step(secret, totp::step_of(millis))
    }

    /// The TOTP code for a base32 secret at the emulator's current time (what an
    /// authenticator app would show after scanning it).
    pub fn totp_code_for_secret(&self, secret: &str) -> Option<String> {
        totp::code_at_step(secret, totp::step_of(self.inner.now()))
    }

    /// Calls an operation in-process, as if its JSON `body` had arrived with
    /// `X-Amz-Target: AWSCognitoIdentityProviderService.<operation>` (signature checks are
    /// skipped: this is the test's own hand). Returns the response body.
    ///
    /// # Errors
    ///
    /// The [`ApiError`] Cognito would have answered with.
    ///
    /// ```
    /// # use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let out = emulator.call("CreateUserPool", r#"{"PoolName":"test"}"#).unwrap();
    /// assert!(out.contains("\"Id\":\"us-east-1_"));
    /// ```
    pub fn call(&self, operation: &str, body: &str) -> Result<String, ApiError> {
        let ctx = ops::Ctx {
            admin_verified: true,
        };
        ops::dispatch(&self.inner, &ctx, operation, body.as_bytes())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Generates the token-signing keys now instead of at the first sign-in.
    pub fn warm_up(&self) {
        keys::warm_up();
        cognito_flow_srp::warm_up();
    }

    /// Rotates a user pool's token-signing keys: two new RSA-2048 key pairs (ID and access
    /// tokens) sign from now on, under new `kid`s, and the previous keys stay in the pool's
    /// JWKS beside them, so tokens issued before the rotation keep verifying until they
    /// expire. Verifiers see an unknown `kid` on the first new token and refetch the JWKS.
    ///
    /// Generating the keys takes a fraction of a second and blocks the calling thread (from
    /// async code, call it through `tokio::task::spawn_blocking`); the state is locked only to
    /// install them.
    ///
    /// # Errors
    ///
    /// `ResourceNotFoundException` for an unknown pool, `InternalErrorException` if the keys
    /// could not be generated.
    ///
    /// ```
    /// # use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let out = emulator.call("CreateUserPool", r#"{"PoolName":"rotating"}"#)?;
    /// let pool: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    /// let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default();
    /// emulator.rotate_keys(pool_id)?;
    /// assert!(emulator.rotate_keys("us-east-1_Missing").is_err());
    /// # Ok::<(), cognito_flow_emulator::ApiError>(())
    /// ```
    pub fn rotate_keys(&self, user_pool_id: &str) -> Result<(), ApiError> {
        let internal = || ApiError::new("InternalErrorException", "Could not generate keys");
        ops::pool(&self.inner.state(), user_pool_id)?;
        let pairs = keys::generate_pairs().ok_or_else(internal)?;
        let mut state = self.inner.state();
        ops::pool_mut(&mut state, user_pool_id)?
            .keys
            .rotate(user_pool_id, &pairs)
            .ok_or_else(internal)
    }

    /// Serves this emulator on `listener` until `shutdown` completes.
    ///
    /// # Errors
    ///
    /// I/O errors of the listener.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::system());
    /// emulator.serve(listener, std::future::pending()).await
    /// # }
    /// ```
    pub async fn serve(
        self,
        listener: std::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let addr = listener.local_addr()?;
        self.set_base_url(addr);
        server::serve(self.inner, listener, shutdown).await
    }

    fn set_base_url(&self, addr: SocketAddr) {
        let url = format!("http://{addr}");
        match self.inner.base_url.write() {
            Ok(mut g) => *g = url,
            Err(e) => *e.into_inner() = url,
        }
    }
}

/// Builds and starts an [`Emulator`].
#[derive(Debug, Default)]
pub struct EmulatorBuilder {
    config: EmulatorConfig,
    clock: Option<Clock>,
    seed: Option<u64>,
    addr: Option<SocketAddr>,
}

impl EmulatorBuilder {
    /// Settings (default: [`EmulatorConfig::default`]).
    pub fn config(mut self, config: EmulatorConfig) -> Self {
        self.config = config;
        self
    }

    /// The clock (default: the system clock).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// A fixed random seed: ids, salts, secrets and codes repeat from run to run.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// An emulator that is not serving (for [`Emulator::serve`] or [`Emulator::call`]).
    pub fn build(self) -> Emulator {
        Emulator::with_seed(self.config, self.clock.unwrap_or_default(), self.seed)
    }

    /// Binds and serves in a background task.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start(self) -> std::io::Result<RunningEmulator> {
        let addr = self
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let emulator = self.build();
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        emulator.set_base_url(local);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let inner = Arc::clone(&emulator.inner);
        let task = tokio::spawn(async move {
            server::serve(inner, listener, async {
                let _ = rx.await;
            })
            .await
        });
        Ok(RunningEmulator {
            endpoint: format!("http://{local}"),
            emulator,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// An emulator serving in the background. Dereferences to [`Emulator`]; dropping it stops
/// the server.
#[derive(Debug)]
pub struct RunningEmulator {
    emulator: Emulator,
    endpoint: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl RunningEmulator {
    /// The base URL, e.g. `http://127.0.0.1:41235`: the endpoint to give a Cognito client.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The emulator (state, clock, outbox).
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops serving and waits for the server task.
    ///
    /// # Errors
    ///
    /// The server's I/O error, or a panic of the server task reported as an error.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl std::ops::Deref for RunningEmulator {
    type Target = Emulator;
    fn deref(&self) -> &Emulator {
        &self.emulator
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
