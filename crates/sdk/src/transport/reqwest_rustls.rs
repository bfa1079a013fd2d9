//! The default transport: reqwest (HTTP/1.1) over rustls with the platform trust store.
//!
//! reqwest is built with `rustls-no-provider`; this module picks the crypto provider
//! (`rustls-aws-lc-rs` if enabled, else `rustls-ring`, else a process-wide default installed
//! by the application) and hands reqwest a finished `rustls::ClientConfig`, so building a
//! client never panics for want of a provider. No reqwest type leaves this module.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{
    HttpRequest, HttpResponse, ResponseFuture, Transport, TransportError, TransportErrorKind,
};
use crate::Error;

/// [`Transport`] on a shared `reqwest::Client` (connection pool inside).
#[derive(Debug)]
pub(crate) struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Builds the client: HTTP/1.1 only, no redirects, no reqwest-level retries, the given
    /// connect timeout.
    pub(crate) fn new(connect_timeout: Duration) -> Result<Self, Error> {
        let tls = tls_config()?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .connect_timeout(connect_timeout)
            .build()
            .map_err(|e| Error::config_with_source("could not build the HTTP client", e))?;
        Ok(Self { client })
    }

    async fn send_inner(&self, request: HttpRequest) -> Result<HttpResponse, ReqwestError> {
        let HttpRequest {
            url,
            headers,
            body,
            max_response_body,
        } = request;
        let mut map = HeaderMap::with_capacity(headers.len());
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(ReqwestError::header)?;
            let mut value = HeaderValue::try_from(value).map_err(ReqwestError::header)?;
            if super::is_sensitive_header(name.as_str()) {
                value.set_sensitive(true);
            }
            map.append(name, value);
        }
        let mut response = self
            .client
            .post(url)
            .headers(map)
            .body(body)
            .send()
            .await
            .map_err(ReqwestError::from_reqwest)?;

        let status = response.status().as_u16();
        let limit = max_response_body;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(ReqwestError::too_large());
        }
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        // Read incrementally so a lying or absent Content-Length cannot make us buffer more
        // than `limit` bytes.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(ReqwestError::from_reqwest)? {
            if body.len() + chunk.len() > limit {
                return Err(ReqwestError::too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse::new(status, headers, body))
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
        Box::pin(async move {
            self.send_inner(request)
                .await
                .map_err(|e| Box::new(e) as Box<dyn TransportError>)
        })
    }
}

/// Chooses the rustls crypto provider and builds the TLS configuration with the platform
/// verifier (the operating system's trust store).
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let provider = crypto_provider()?;
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(rustls_platform_verifier::BuilderVerifierExt::with_platform_verifier)
        .map(|b| b.with_no_client_auth())
        .map_err(|e| Error::config_with_source("could not set up TLS", e))
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

/// The transport error of the default transport. Its source is the HTTP client's error.
#[derive(Debug)]
struct ReqwestError {
    kind: TransportErrorKind,
    what: &'static str,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl ReqwestError {
    fn from_reqwest(e: reqwest::Error) -> Self {
        // A connect error (DNS, refused, connect timeout, TLS handshake) happens before any
        // byte of the request is written: surely not sent. Check it before `is_timeout`,
        // which is also true for connect timeouts.
        let (kind, what) = if e.is_connect() {
            (TransportErrorKind::NotSent, "could not connect")
        } else if e.is_timeout() {
            (TransportErrorKind::Timeout, "timed out")
        } else if e.is_body() || e.is_decode() {
            (
                TransportErrorKind::Other,
                "could not read the response body",
            )
        } else {
            (TransportErrorKind::Other, "HTTP request failed")
        };
        Self {
            kind,
            what,
            source: Some(Box::new(e)),
        }
    }

    fn header(e: impl StdError + Send + Sync + 'static) -> Self {
        Self {
            kind: TransportErrorKind::NotSent,
            what: "invalid header",
            source: Some(Box::new(e)),
        }
    }

    fn too_large() -> Self {
        Self {
            kind: TransportErrorKind::ResponseTooLarge,
            what: "response body too large",
            source: None,
        }
    }
}

impl fmt::Display for ReqwestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

impl StdError for ReqwestError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

impl TransportError for ReqwestError {
    fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}
