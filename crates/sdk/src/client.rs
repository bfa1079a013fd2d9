//! [`Client`] (public app-client calls) and its runtime-checked [`ClientBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cognito_flow_wire::{GlobalSignOutRequest, Request, RevokeTokenRequest};

use crate::Error;
use crate::dispatch::{Dispatcher, SignRequest};
use crate::endpoint;
use crate::retry::{Backoff, RetryConfig, RetryQuota};
use crate::secret::{AccessToken, ClientSecret, RefreshToken};
use crate::transport::Transport;

/// Default connect timeout of the built-in transport.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Default time one HTTP attempt may take, response body included.
const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time one operation may take, all attempts and back-off included.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(30);
/// Default response body limit.
const DEFAULT_MAX_RESPONSE_BODY: usize = 1024 * 1024;

/// A Cognito user-pool app client: sends the public (unsigned) operations.
///
/// Cheap to clone (an `Arc` inside) and `Send + Sync`: build one per app client and share it.
/// It holds the connection pool, the endpoint, the timeouts and the client-wide retry budget.
/// For `Admin*` operations, wrap it in an [`AdminClient`](crate::AdminClient) (feature
/// `admin`).
///
/// The SDK needs a Tokio runtime with the time driver enabled (it times attempts and
/// back-off with `tokio::time`; the default transport runs on Tokio too).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let (pool_id, client_id, endpoint) = (sandbox.pool_id(), sandbox.client_id(), sandbox.endpoint());
/// use cognito_flow::{Client, Password};
///
/// // One client per app client, shared by every sign-in (cheap to clone, Send + Sync).
/// let client = Client::builder()
///     .user_pool_id(pool_id)    // "us-east-1_AbCdEf123": the region comes from it
///     .client_id(client_id)
///     .endpoint_url(endpoint)   // only for a local emulator or a proxy
///     .build()?;
/// let next = client.sign_in("alice", Password::new("Corr3ct-horse!")).await?;
/// let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
/// // Signing out: revoke the refresh token.
/// if let Some(refresh_token) = &tokens.refresh_token {
///     client.revoke_token(refresh_token).await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    user_pool_id: String,
    client_id: String,
    client_secret: Option<ClientSecret>,
    region: String,
    dispatcher: Dispatcher,
    clock: Clock,
}

/// A source of the current time.
type Clock = Arc<dyn Fn() -> std::time::SystemTime + Send + Sync>;

impl Client {
    /// Starts configuring a client.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The user pool id (`us-east-1_AbCdEf123`).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(client.user_pool_id(), "us-east-1_AbCdEf123");
    /// # }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn user_pool_id(&self) -> &str {
        &self.inner.user_pool_id
    }

    /// The app client id.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(client.client_id(), "1example23456789");
    /// # }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The user pool's region (the part of the pool id before `_`).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("ap-southeast-2_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(client.region(), "ap-southeast-2");
    /// # }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The URL requests are sent to.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use cognito_flow::Client;
    ///
    /// let regional = Client::builder()
    ///     .user_pool_id("eu-central-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(regional.endpoint_url(), "https://cognito-idp.eu-central-1.amazonaws.com/");
    ///
    /// let local = Client::builder()
    ///     .user_pool_id("eu-central-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .endpoint_url("http://127.0.0.1:9229/")
    ///     .build()?;
    /// assert_eq!(local.endpoint_url(), "http://127.0.0.1:9229/");
    /// # }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn endpoint_url(&self) -> &str {
        &self.inner.dispatcher.url
    }

    /// Revokes a refresh token and every access and ID token issued from it
    /// (`RevokeToken`, spec §3.13). Sends the app client's secret, if it has one, as the raw
    /// `ClientSecret` member (not a `SECRET_HASH`).
    ///
    /// Token revocation must be enabled on the app client (the default for clients created
    /// since 2021). Safe to retry; the SDK does so on throttling and transient faults.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) if revocation is off or the
    /// token is not a refresh token, [`ErrorKind::Unauthorized`](crate::ErrorKind::Unauthorized)
    /// if it belongs to another client, and the transport kinds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let next = client.sign_in("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// use cognito_flow::ErrorKind;
    ///
    /// let refresh_token = tokens.refresh_token.as_ref().expect("a sign-in returns one");
    /// client.revoke_token(refresh_token).await?;
    /// // The refresh token is dead now.
    /// let err = client.refresh(&tokens, None).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// # Ok(()) }
    /// ```
    pub async fn revoke_token(&self, refresh_token: &RefreshToken) -> Result<(), Error> {
        let mut request = RevokeTokenRequest::new(refresh_token.expose_secret(), self.client_id());
        request.client_secret = self
            .inner
            .client_secret
            .as_ref()
            .map(|s| s.expose_secret().into());
        self.send(&request).await.map(drop)
    }

    /// Signs the user out of every device: invalidates all their refresh tokens and makes
    /// their access tokens unusable for user-pool calls (`GlobalSignOut`, spec §3.14).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized) for an invalid, expired
    /// or revoked access token, and the transport kinds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let next = client.sign_in("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// use cognito_flow::ErrorKind;
    ///
    /// client.global_sign_out(&tokens.access_token).await?;
    /// // Every refresh token of the user is dead now.
    /// let err = client.refresh(&tokens, None).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// # Ok(()) }
    /// ```
    pub async fn global_sign_out(&self, access_token: &AccessToken) -> Result<(), Error> {
        let request = GlobalSignOutRequest::new(access_token.expose_secret());
        self.send(&request).await.map(drop)
    }

    /// Sends an unsigned operation.
    pub(crate) async fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        self.inner.dispatcher.send(request, None).await
    }

    /// Sends an operation signed by `signer` (admin calls).
    #[cfg_attr(not(feature = "admin"), allow(dead_code))]
    pub(crate) async fn send_signed<R: Request>(
        &self,
        request: &R,
        signer: &dyn SignRequest,
    ) -> Result<R::Response, Error> {
        self.inner.dispatcher.send(request, Some(signer)).await
    }

    /// Whether the app client has a secret.
    pub(crate) fn has_client_secret(&self) -> bool {
        self.inner.client_secret.is_some()
    }

    /// The raw client secret (`GetTokensFromRefreshToken`, `RevokeToken`).
    pub(crate) fn client_secret_raw(&self) -> Option<&str> {
        self.inner.client_secret.as_ref().map(|s| s.expose_secret())
    }

    /// Now, from the client's clock (the system clock unless a test set another): used for
    /// SRP's `TIMESTAMP` and token expiry times.
    pub(crate) fn now(&self) -> std::time::SystemTime {
        (self.inner.clock)()
    }

    /// [`Client::now`] in whole seconds since the Unix epoch.
    pub(crate) fn now_unix_seconds(&self) -> i64 {
        match self.now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }

    /// The client-wide retry budget.
    #[cfg(test)]
    pub(crate) fn retry_quota(&self) -> &RetryQuota {
        &self.inner.dispatcher.quota
    }

    /// `SECRET_HASH` for `username` if the app client has a secret (spec §7): pass exactly
    /// the `USERNAME` sent in the same request.
    pub(crate) fn secret_hash(&self, username: &str) -> Option<String> {
        self.inner.client_secret.as_ref().map(|secret| {
            cognito_flow_srp::secret_hash(username, self.client_id(), secret.expose_secret())
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The client id is `sensitive` in the service model: not printed.
        f.debug_struct("Client")
            .field("user_pool_id", &self.inner.user_pool_id)
            .field("region", &self.inner.region)
            .field("endpoint_url", &self.inner.dispatcher.url)
            .field("has_client_secret", &self.inner.client_secret.is_some())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Every setting is checked by [`build`](ClientBuilder::build).
///
/// Required: [`user_pool_id`](Self::user_pool_id) and [`client_id`](Self::client_id).
///
/// | setting | default |
/// |---|---|
/// | endpoint | `https://cognito-idp.{region}.amazonaws.com/` (`.amazonaws.com.cn` for `cn-*`), region from the pool id |
/// | [`connect_timeout`](Self::connect_timeout) | 3 s |
/// | [`attempt_timeout`](Self::attempt_timeout) | 10 s |
/// | [`operation_timeout`](Self::operation_timeout) | 30 s |
/// | [`max_response_body`](Self::max_response_body) | 1 MiB |
/// | [`retry`](Self::retry) | [`RetryConfig::standard`] |
/// | [`transport`](Self::transport) | reqwest + rustls (feature `reqwest-rustls`) |
///
/// ```
/// use std::time::Duration;
/// use cognito_flow::{Client, ClientSecret, RetryConfig};
///
/// # fn main() -> Result<(), cognito_flow::Error> {
/// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
/// let client = Client::builder()
///     .user_pool_id("eu-west-1_AbCdEf123")
///     .client_id("1example23456789")
///     .client_secret(ClientSecret::new("1example23456789secretabcdefghijklmnop"))
///     .attempt_timeout(Duration::from_secs(5))
///     .retry(RetryConfig::default().with_max_attempts(2))
///     .build()?;
/// assert_eq!(client.region(), "eu-west-1");
/// assert_eq!(client.endpoint_url(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// # }
/// # Ok(())
/// # }
/// ```
#[must_use = "a builder does nothing until you call `build`"]
pub struct ClientBuilder {
    user_pool_id: Option<String>,
    client_id: Option<String>,
    client_secret: Option<ClientSecret>,
    region: Option<String>,
    endpoint_url: Option<String>,
    fips: bool,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    max_response_body: usize,
    retry: RetryConfig,
    transport: Option<Arc<dyn Transport>>,
    backoff: Option<Backoff>,
    clock: Option<Clock>,
}

impl ClientBuilder {
    fn new() -> Self {
        Self {
            user_pool_id: None,
            client_id: None,
            client_secret: None,
            region: None,
            endpoint_url: None,
            fips: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            retry: RetryConfig::standard(),
            transport: None,
            backoff: None,
            clock: None,
        }
    }

    /// The user pool id, `<region>_<id>` (required). The region is taken from it.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("eu-west-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(client.region(), "eu-west-1");
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn user_pool_id(mut self, user_pool_id: impl Into<String>) -> Self {
        self.user_pool_id = Some(user_pool_id.into());
        self
    }

    /// The app client id (required).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("eu-west-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// assert_eq!(client.client_id(), "1example23456789");
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The app client's secret, for confidential (server-side) app clients only. The SDK then
    /// sends `SECRET_HASH` / `ClientSecret` where the protocol asks for them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let pool = sandbox.confidential();
    /// # let (pool_id, client_id, endpoint) = (pool.pool_id(), pool.client_id(), pool.endpoint());
    /// # let secret_from_your_secret_store = pool.client_secret().unwrap_or_default();
    /// use cognito_flow::{Client, ClientSecret, Password};
    ///
    /// let client = Client::builder()
    ///     .user_pool_id(pool_id)
    ///     .client_id(client_id)
    ///     .client_secret(ClientSecret::new(secret_from_your_secret_store))
    ///     .endpoint_url(endpoint)
    ///     .build()?;
    /// // SECRET_HASH is computed for every request: nothing else changes.
    /// let next = client.sign_in("alice", Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn client_secret(mut self, client_secret: ClientSecret) -> Self {
        self.client_secret = Some(client_secret);
        self
    }

    /// States the region explicitly. It must match the user pool id's region (a pool lives in
    /// exactly one region); without it, the region comes from the pool id.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use cognito_flow::{Client, ErrorKind};
    ///
    /// let client = Client::builder()
    ///     .user_pool_id("eu-west-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .region("eu-west-1")
    ///     .build()?;
    /// assert_eq!(client.region(), "eu-west-1");
    ///
    /// // A region the pool does not live in is refused.
    /// let err = Client::builder()
    ///     .user_pool_id("eu-west-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .region("us-east-1")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Config);
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this URL instead of the regional endpoint, verbatim: a local
    /// emulator, a proxy, a VPC endpoint. SigV4 still signs for the pool's region.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let (pool_id, client_id, emulator_url) = (sandbox.pool_id(), sandbox.client_id(), sandbox.endpoint());
    /// use cognito_flow::{Client, Password};
    ///
    /// // A local Cognito emulator, e.g. `cognito-emulator` listening on 127.0.0.1.
    /// let client = Client::builder()
    ///     .user_pool_id(pool_id)
    ///     .client_id(client_id)
    ///     .endpoint_url(emulator_url)
    ///     .build()?;
    /// assert_eq!(client.endpoint_url(), emulator_url);
    /// assert!(client.sign_in("alice", Password::new("Corr3ct-horse!")).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses the FIPS endpoint `https://cognito-idp-fips.{region}.amazonaws.com/` (only some
    /// regions have one). Cannot be combined with [`endpoint_url`](Self::endpoint_url).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .fips(true)
    ///     .build()?;
    /// assert_eq!(client.endpoint_url(), "https://cognito-idp-fips.us-east-1.amazonaws.com/");
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn fips(mut self, fips: bool) -> Self {
        self.fips = fips;
        self
    }

    /// How long the built-in transport waits for a TCP + TLS connection (default 3 s). A
    /// connect timeout means the request was not sent, so it is always retried. Ignored with
    /// a custom [`transport`](Self::transport).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use std::time::Duration;
    ///
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .connect_timeout(Duration::from_secs(1))
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one HTTP attempt may take, from sending to the end of the response body
    /// (default 10 s).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use std::time::Duration;
    ///
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .attempt_timeout(Duration::from_secs(5))
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// How long one operation may take in total, all attempts and back-off included
    /// (default 30 s).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use std::time::Duration;
    ///
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .attempt_timeout(Duration::from_secs(4))
    ///     .operation_timeout(Duration::from_secs(12)) // at most three 4-second attempts
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes (default 1 MiB). A larger body fails the
    /// call with [`ErrorKind::Protocol`](crate::ErrorKind::Protocol) without being buffered.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .max_response_body(256 * 1024)
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The automatic retry policy (default [`RetryConfig::standard`]).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use cognito_flow::{Client, RetryConfig};
    ///
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .retry(RetryConfig::standard().with_max_attempts(5))
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sends requests through your own [`Transport`] instead of the built-in one.
    ///
    /// ```
    /// use cognito_flow::{Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// /// Answers every request with an empty JSON object (a test double).
    /// #[derive(Debug)]
    /// struct Canned;
    ///
    /// impl Transport for Canned {
    ///     fn send(&self, _request: HttpRequest) -> ResponseFuture<'_> {
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Canned)
    ///     .build()?;
    /// # Ok::<(), cognito_flow::Error>(())
    /// ```
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The clock used for SRP's `TIMESTAMP` and for token expiry times (default: the system
    /// clock). Useful against an emulator running on a test clock, or on a machine whose
    /// clock is known to be off.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// let client = cognito_flow::Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .time_source(|| SystemTime::now() + Duration::from_secs(30))
    ///     .build()?;
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn time_source(
        mut self,
        now: impl Fn() -> std::time::SystemTime + Send + Sync + 'static,
    ) -> Self {
        self.clock = Some(Arc::new(now));
        self
    }

    /// Replaces the back-off sleeper and jitter (tests: no real sleeping, fixed jitter).
    #[cfg(test)]
    pub(crate) fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = Some(backoff);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) if the user pool id or client id is
    /// missing or malformed, the region or endpoint URL is invalid, a timeout or the body
    /// limit is zero, or no transport is available (the `reqwest-rustls` feature is off and
    /// none was given), or the built-in transport cannot be set up.
    ///
    /// ```
    /// use cognito_flow::{Client, ErrorKind};
    ///
    /// let err = Client::builder().client_id("1example23456789").build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Config); // no user pool id
    ///
    /// let err = Client::builder()
    ///     .user_pool_id("not-a-pool-id")
    ///     .client_id("1example23456789")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Config);
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let user_pool_id = self
            .user_pool_id
            .ok_or_else(|| Error::config("a user pool id is required"))?;
        let client_id = self
            .client_id
            .filter(|id| !id.is_empty())
            .ok_or_else(|| Error::config("a client id is required"))?;
        if self.connect_timeout.is_zero()
            || self.attempt_timeout.is_zero()
            || self.operation_timeout.is_zero()
        {
            return Err(Error::config("timeouts must be greater than zero"));
        }
        if self.max_response_body == 0 {
            return Err(Error::config(
                "the response body limit must be greater than zero",
            ));
        }
        let endpoint = endpoint::resolve(
            &user_pool_id,
            self.region.as_deref(),
            self.endpoint_url.as_deref(),
            self.fips,
        )?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport(self.connect_timeout)?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                user_pool_id,
                client_id,
                client_secret: self.client_secret,
                region: endpoint.region,
                clock: self
                    .clock
                    .unwrap_or_else(|| Arc::new(std::time::SystemTime::now)),
                dispatcher: Dispatcher {
                    url: endpoint.url,
                    transport,
                    attempt_timeout: self.attempt_timeout,
                    operation_timeout: self.operation_timeout,
                    max_response_body: self.max_response_body,
                    retry: self.retry,
                    quota: RetryQuota::new(),
                    backoff: self.backoff.unwrap_or_else(Backoff::tokio),
                },
            }),
        })
    }
}

#[cfg(feature = "reqwest-rustls")]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, Error> {
    crate::transport::reqwest_rustls::ReqwestTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
}

#[cfg(not(feature = "reqwest-rustls"))]
fn default_transport(_connect_timeout: Duration) -> Result<Arc<dyn Transport>, Error> {
    Err(Error::config(
        "no HTTP transport: enable the `reqwest-rustls` feature or call `ClientBuilder::transport`",
    ))
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("user_pool_id", &self.user_pool_id)
            .field("has_client_secret", &self.client_secret.is_some())
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("fips", &self.fips)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_body", &self.max_response_body)
            .field("retry", &self.retry)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}
