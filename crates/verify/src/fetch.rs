//! Getting a JWKS document: the small [`JwksFetcher`] trait, its error, and the built-in
//! HTTP implementation (feature `reqwest-rustls`).

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "reqwest-rustls")]
pub(crate) mod http;

/// The future returned by [`JwksFetcher::fetch`]: the document's bytes.
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;

/// Fetches a JWKS document. The verifier calls it with `{issuer}/.well-known/jwks.json` of a
/// configured pool, never with a URL taken from a token, and at most once per pool per
/// refetch interval.
///
/// Implement it to use another HTTP client, add a proxy, count or log fetches, or serve
/// keys from a file. The built-in [`HttpFetcher`](crate::HttpFetcher) (feature
/// `reqwest-rustls`) is used when none is given.
///
/// # Contract
///
/// * `GET` the URL; succeed only with the body of a 2xx response.
/// * Bound the time and the size of what you read (the built-in fetcher: 10 s, 64 KiB).
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use cognito_flow_verify::{FetchFuture, JwksFetcher};
///
/// /// Serves one JWKS from memory and counts the calls.
/// #[derive(Debug, Default)]
/// struct Fixed { jwks: String, calls: AtomicUsize }
///
/// impl JwksFetcher for Fixed {
///     fn fetch<'a>(&'a self, _url: &'a str) -> FetchFuture<'a> {
///         self.calls.fetch_add(1, Ordering::Relaxed);
///         Box::pin(async move { Ok(self.jwks.clone().into_bytes()) })
///     }
/// }
/// ```
pub trait JwksFetcher: fmt::Debug + Send + Sync + 'static {
    /// Fetches the document at `url`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let emulator = cognito_flow_emulator::Emulator::builder().start().await?;
    /// # let pool: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPool", r#"{"PoolName":"doc"}"#)?)?;
    /// # let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default();
    /// use cognito_flow_verify::{HttpFetcher, JwksFetcher};
    ///
    /// let url = format!("{}/{pool_id}/.well-known/jwks.json", emulator.endpoint());
    /// let jwks = HttpFetcher::new()?.fetch(&url).await?;
    /// assert!(jwks.starts_with(b"{"));
    /// # Ok(()) }
    /// ```
    fn fetch<'a>(&'a self, url: &'a str) -> FetchFuture<'a>;
}

/// Why a [`JwksFetcher`] could not fetch a document. Reported to callers as
/// [`ErrorKind::JwksUnavailable`](crate::ErrorKind::JwksUnavailable) with this as the
/// source.
///
/// ```
/// use cognito_flow_verify::FetchError;
///
/// let e = FetchError::new("HTTP status 503");
/// assert_eq!(e.to_string(), "HTTP status 503");
/// let io = FetchError::with_source("could not read the file", std::io::Error::other("gone"));
/// assert!(std::error::Error::source(&io).is_some());
/// ```
#[derive(Debug)]
pub struct FetchError {
    what: Cow<'static, str>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl FetchError {
    /// An error with a short description (which must not contain secrets).
    ///
    /// ```
    /// let e = cognito_flow_verify::FetchError::new(format!("HTTP status {}", 502));
    /// assert_eq!(e.to_string(), "HTTP status 502");
    /// ```
    #[must_use]
    pub fn new(what: impl Into<Cow<'static, str>>) -> Self {
        Self {
            what: what.into(),
            source: None,
        }
    }

    /// An error with a short description and its cause.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let e = cognito_flow_verify::FetchError::with_source("read failed", std::io::Error::other("eof"));
    /// assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("eof"));
    /// ```
    #[must_use]
    pub fn with_source(
        what: impl Into<Cow<'static, str>>,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self {
            what: what.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl StdError for FetchError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}
