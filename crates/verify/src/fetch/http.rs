//! The built-in fetcher: reqwest (HTTP/1.1) over rustls with the platform trust store, set
//! up the way the SDK sets up its transport (`crates/sdk/src/transport/reqwest_rustls.rs`):
//! reqwest is built with `rustls-no-provider` and handed a finished `rustls::ClientConfig`
//! with the chosen crypto provider, so building it never panics for want of a provider. No
//! reqwest type leaves this module.

use std::sync::Arc;
use std::time::Duration;

use super::{FetchError, FetchFuture, JwksFetcher};
use crate::error::Error;

/// The default bound on a JWKS response body. Cognito's JWKS is well under 2 KiB.
const DEFAULT_MAX_BODY: usize = 64 * 1024;
/// The default time for one fetch, connecting included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The connect timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// [`JwksFetcher`] over HTTPS with reqwest and rustls (feature `reqwest-rustls`): HTTP/1.1,
/// no redirects, no retries, the operating system's trust store, a 10 s time limit and a
/// 64 KiB body limit. The verifier builds one when no fetcher is given; build one yourself
/// to change the limits or to wrap it (to count or log fetches).
///
/// ```
/// use std::time::Duration;
/// use cognito_flow_verify::{HttpFetcher, TokenVerifier};
///
/// let fetcher = HttpFetcher::new()?.timeout(Duration::from_secs(3));
/// let verifier = TokenVerifier::builder()
///     .pool("eu-west-1_AbCdEf123")
///     .client_id("1example23456789")
///     .fetcher(fetcher)
///     .build()?;
/// # let _ = verifier;
/// # Ok::<(), cognito_flow_verify::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    client: reqwest::Client,
    timeout: Duration,
    max_body: usize,
}

impl HttpFetcher {
    /// A fetcher with the defaults.
    ///
    /// ```
    /// let fetcher = cognito_flow_verify::HttpFetcher::new()?;
    /// # let _ = fetcher;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) if TLS cannot be set up (no crypto
    /// provider, no usable trust store).
    pub fn new() -> Result<Self, Error> {
        let tls = tls_config()?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| {
                Error::with_source(
                    crate::ErrorKind::Config,
                    "could not build the HTTP client",
                    e,
                )
            })?;
        Ok(Self {
            client,
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
        })
    }

    /// The time one fetch may take, connecting included (default 10 s).
    ///
    /// ```
    /// # use std::time::Duration;
    /// let fetcher = cognito_flow_verify::HttpFetcher::new()?.timeout(Duration::from_secs(2));
    /// # let _ = fetcher;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes (default 64 KiB).
    ///
    /// ```
    /// let fetcher = cognito_flow_verify::HttpFetcher::new()?.max_body_bytes(16 * 1024);
    /// # let _ = fetcher;
    /// # Ok::<(), cognito_flow_verify::Error>(())
    /// ```
    #[must_use]
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body = max;
        self
    }

    async fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let mut response = self
            .client
            .get(url)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| FetchError::with_source("the JWKS request failed", e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::new(format!(
                "the JWKS endpoint answered HTTP {}",
                status.as_u16()
            )));
        }
        let too_large = || FetchError::new("the JWKS response is too large");
        if response
            .content_length()
            .is_some_and(|len| len > self.max_body as u64)
        {
            return Err(too_large());
        }
        // Read incrementally so a lying or absent Content-Length cannot make us buffer more
        // than the limit.
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::with_source("could not read the JWKS response", e))?
        {
            if body.len() + chunk.len() > self.max_body {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

impl JwksFetcher for HttpFetcher {
    fn fetch<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        Box::pin(self.get(url))
    }
}

/// The TLS configuration: the chosen crypto provider and the platform verifier.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let provider = crypto_provider()?;
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(rustls_platform_verifier::BuilderVerifierExt::with_platform_verifier)
        .map(|b| b.with_no_client_auth())
        .map_err(|e| Error::with_source(crate::ErrorKind::Config, "could not set up TLS", e))
}

fn crypto_provider() -> Result<Arc<rustls::crypto::CryptoProvider>, Error> {
    #[cfg(feature = "rustls-aws-lc-rs")]
    {
        Ok(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
    }
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc-rs")))]
    {
        Ok(Arc::new(rustls::crypto::ring::default_provider()))
    }
    #[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs")))]
    {
        rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .ok_or_else(|| {
                Error::config(
                    "no rustls crypto provider: enable the `rustls-ring` or `rustls-aws-lc-rs` \
                     feature, or install a process-wide default provider",
                )
            })
    }
}
