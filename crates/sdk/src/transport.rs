//! The HTTP transport seam: one small object-safe trait, our own request and response
//! types, and a transport error trait with a common kind (the embedded-hal pattern).
//!
//! The SDK builds every request (URL, headers, body, SigV4 signature) itself and hands a
//! finished [`HttpRequest`] to a [`Transport`], which only moves bytes. The default
//! transport (feature `reqwest-rustls`) is built by [`ClientBuilder::build`]; plug your own
//! with [`ClientBuilder::transport`].
//!
//! [`ClientBuilder::build`]: crate::ClientBuilder::build
//! [`ClientBuilder::transport`]: crate::ClientBuilder::transport

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "reqwest-rustls")]
pub(crate) mod reqwest_rustls;

/// Headers whose values are credentials: redacted in `Debug`, marked sensitive by the
/// default transport so they never reach logs.
const SENSITIVE_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];

/// Whether a header value must never be logged.
fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// The future returned by [`Transport::send`].
///
/// ```
/// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
///
/// #[derive(Debug)]
/// struct Inspect;
///
/// impl Transport for Inspect {
///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
///         // Any future that is `Send` works; box it.
///         let _ = request;
///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_flow::Error> {
/// let client = Client::builder()
///     .user_pool_id("us-east-1_AbCdEf123")
///     .client_id("1example23456789")
///     .transport(Inspect)
///     .build()?;
/// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
/// # Ok(()) }
/// ```
pub type ResponseFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, Box<dyn TransportError>>> + Send + 'a>>;

/// Sends one HTTP request and returns the response. Implement this to use your own HTTP
/// stack (a proxy-aware client, a test double, another runtime's client).
///
/// The trait is object-safe (the client stores an `Arc<dyn Transport>`, so `Client` has no
/// type parameter) and therefore returns a boxed future: one allocation per HTTP request,
/// which is noise next to the network round trip.
///
/// # Contract
///
/// * Send [`HttpRequest::method`] to [`HttpRequest::url`] with exactly the given headers and
///   body; do not follow redirects and do not retry (the SDK retries, and knows which
///   requests must never be resent).
/// * Read at most [`HttpRequest::max_response_body`] bytes of body; if the body is longer,
///   stop reading and fail with [`TransportErrorKind::ResponseTooLarge`].
/// * Report failures through a [`TransportError`] whose [`kind`](TransportError::kind) says
///   whether the request was surely not sent.
/// * Timeouts: the SDK enforces the per-attempt timeout and the operation deadline itself
///   by dropping the future; a transport only needs its own connect timeout.
///
/// # Examples
///
/// ```
/// use cognito_flow::{HttpRequest, HttpResponse, ResponseFuture, Transport};
///
/// /// Answers every request with `{}`.
/// #[derive(Debug)]
/// struct Canned;
///
/// impl Transport for Canned {
///     fn send(&self, _request: HttpRequest) -> ResponseFuture<'_> {
///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
///     }
/// }
/// ```
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use cognito_flow::{HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// /// Records the operation of every request, then answers `{}`.
    /// #[derive(Debug, Default)]
    /// struct Recorder(Arc<Mutex<Vec<String>>>);
    ///
    /// impl Transport for Recorder {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         let target = request.headers().find(|(n, _)| *n == "x-amz-target").map(|(_, v)| v);
    ///         self.0.lock().unwrap().push(target.unwrap_or("?").to_owned());
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    /// ```
    fn send(&self, request: HttpRequest) -> ResponseFuture<'_>;
}

/// An error from a [`Transport`]. Any error type can be one; it only has to say which
/// [`TransportErrorKind`] it is.
///
/// ```
/// use cognito_flow::{TransportError, TransportErrorKind};
///
/// /// A connection failure of a home-made transport.
/// #[derive(Debug)]
/// struct Refused;
///
/// impl std::fmt::Display for Refused {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("connection refused")
///     }
/// }
///
/// impl std::error::Error for Refused {}
///
/// impl TransportError for Refused {
///     fn kind(&self) -> TransportErrorKind {
///         TransportErrorKind::NotSent // nothing reached the service: safe to resend
///     }
/// }
///
/// let error: Box<dyn TransportError> = Box::new(Refused);
/// assert_eq!(error.kind(), TransportErrorKind::NotSent);
/// ```
pub trait TransportError: StdError + Send + Sync + 'static {
    /// How far the request got.
    ///
    /// ```
    /// use cognito_flow::{TransportError, TransportErrorKind};
    ///
    /// fn may_have_reached_the_service(error: &dyn TransportError) -> bool {
    ///     error.kind() != TransportErrorKind::NotSent
    /// }
    /// ```
    fn kind(&self) -> TransportErrorKind;
}

/// The common classification of transport failures.
///
/// ```
/// use std::io;
/// use cognito_flow::TransportErrorKind;
///
/// /// How a transport built on `std::io` might classify its errors.
/// fn classify(error: &io::Error, request_written: bool) -> TransportErrorKind {
///     match error.kind() {
///         io::ErrorKind::ConnectionRefused => TransportErrorKind::NotSent,
///         io::ErrorKind::TimedOut if !request_written => TransportErrorKind::NotSent,
///         io::ErrorKind::TimedOut => TransportErrorKind::Timeout,
///         _ => TransportErrorKind::Other,
///     }
/// }
/// assert_eq!(
///     classify(&io::Error::from(io::ErrorKind::ConnectionRefused), false),
///     TransportErrorKind::NotSent
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request was surely not sent: DNS failure, connection refused, connect timeout,
    /// TLS handshake failure. Resending is always safe.
    NotSent,
    /// The request timed out after it may have been sent.
    Timeout,
    /// A response arrived, but its body is larger than
    /// [`HttpRequest::max_response_body`]. The service received the request.
    ResponseTooLarge,
    /// Anything else. The request may have been sent (connection reset, broken pipe,
    /// truncated response).
    Other,
}

/// One HTTP request, ready to send. Built by the SDK.
///
/// ```
/// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
///
/// #[derive(Debug)]
/// struct Inspect;
///
/// impl Transport for Inspect {
///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
///         assert_eq!(request.method(), "POST");
///         assert_eq!(request.url(), "https://cognito-idp.us-east-1.amazonaws.com/");
///         let target = request.headers().find(|(name, _)| *name == "x-amz-target").map(|(_, v)| v);
///         assert_eq!(target, Some("AWSCognitoIdentityProviderService.GlobalSignOut"));
///         assert!(request.body().starts_with(b"{"));
///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_flow::Error> {
/// let client = Client::builder()
///     .user_pool_id("us-east-1_AbCdEf123")
///     .client_id("1example23456789")
///     .transport(Inspect)
///     .build()?;
/// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
/// # Ok(()) }
/// ```
#[non_exhaustive]
pub struct HttpRequest {
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) max_response_body: usize,
}

impl HttpRequest {
    pub(crate) fn post(
        url: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        max_response_body: usize,
    ) -> Self {
        Self {
            url: url.to_owned(),
            headers,
            body,
            max_response_body,
        }
    }

    /// The HTTP method: always `POST` for Cognito.
    ///
    /// ```
    /// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// #[derive(Debug)]
    /// struct Inspect;
    ///
    /// impl Transport for Inspect {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         assert_eq!(request.method(), "POST");
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow::Error> {
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Inspect)
    ///     .build()?;
    /// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn method(&self) -> &'static str {
        "POST"
    }

    /// The full URL to send the request to.
    ///
    /// ```
    /// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// #[derive(Debug)]
    /// struct Inspect;
    ///
    /// impl Transport for Inspect {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         assert_eq!(request.url(), "https://cognito-idp.us-east-1.amazonaws.com/");
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow::Error> {
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Inspect)
    ///     .build()?;
    /// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers to send, in order, names in lower case. `Host` and `Content-Length` are
    /// left to the transport.
    ///
    /// ```
    /// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// #[derive(Debug)]
    /// struct Inspect;
    ///
    /// impl Transport for Inspect {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         for (name, value) in request.headers() {
    ///             let shown = if HttpRequest::is_sensitive_header(name) { "<redacted>" } else { value };
    ///             println!("{name}: {shown}");
    ///         }
    ///         assert!(request.headers().any(|(name, _)| name == "content-type"));
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow::Error> {
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Inspect)
    ///     .build()?;
    /// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
    /// # Ok(()) }
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Whether a header carries credentials (`Authorization`, `X-Amz-Security-Token`) and
    /// must never be logged. Transports that log headers must check this.
    ///
    /// ```
    /// use cognito_flow::HttpRequest;
    ///
    /// assert!(HttpRequest::is_sensitive_header("Authorization"));
    /// assert!(HttpRequest::is_sensitive_header("x-amz-security-token"));
    /// assert!(!HttpRequest::is_sensitive_header("x-amz-target"));
    /// ```
    #[must_use]
    pub fn is_sensitive_header(name: &str) -> bool {
        is_sensitive_header(name)
    }

    /// The request body (JSON). It may contain tokens and passwords: never log it.
    ///
    /// ```
    /// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// #[derive(Debug)]
    /// struct Inspect;
    ///
    /// impl Transport for Inspect {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         let json: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    ///         assert!(json.get("AccessToken").is_some()); // a secret: never log a body
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow::Error> {
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Inspect)
    ///     .build()?;
    /// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The largest response body, in bytes, the SDK accepts for this request.
    ///
    /// ```
    /// use cognito_flow::{AccessToken, Client, HttpRequest, HttpResponse, ResponseFuture, Transport};
    ///
    /// #[derive(Debug)]
    /// struct Inspect;
    ///
    /// impl Transport for Inspect {
    ///     fn send(&self, request: HttpRequest) -> ResponseFuture<'_> {
    ///         // The default limit: 1 MiB.
    ///         assert_eq!(request.max_response_body(), 1024 * 1024);
    ///         Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_flow::Error> {
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .transport(Inspect)
    ///     .build()?;
    /// client.global_sign_out(&AccessToken::new("eyJraWQiOi...")).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    #[cfg_attr(not(feature = "admin"), allow(dead_code))]
    pub(crate) fn push_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(n, v)| {
                        let v = if is_sensitive_header(n) {
                            "<redacted>"
                        } else {
                            v.as_str()
                        };
                        (n, v)
                    }))
                    .finish()
            }
        }
        f.debug_struct("HttpRequest")
            .field("method", &self.method())
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// One HTTP response, as returned by a [`Transport`].
///
/// ```
/// use cognito_flow::HttpResponse;
///
/// let response = HttpResponse::new(
///     400,
///     vec![("Content-Type".to_owned(), "application/x-amz-json-1.1".to_owned())],
///     br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#.to_vec(),
/// );
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.header("content-type"), Some("application/x-amz-json-1.1"));
/// ```
#[non_exhaustive]
pub struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpResponse {
    /// Creates a response from its status, headers (any case) and complete body.
    ///
    /// ```
    /// let response = cognito_flow::HttpResponse::new(200, Vec::new(), b"{}".to_vec());
    /// assert_eq!(response.body(), b"{}");
    /// ```
    #[must_use]
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    ///
    /// ```
    /// let response = cognito_flow::HttpResponse::new(503, Vec::new(), Vec::new());
    /// assert_eq!(response.status(), 503);
    /// ```
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of a header, looked up case-insensitively.
    ///
    /// ```
    /// let response = cognito_flow::HttpResponse::new(
    ///     200,
    ///     vec![("X-Amzn-RequestId".to_owned(), "5b3e9a".to_owned())],
    ///     b"{}".to_vec(),
    /// );
    /// assert_eq!(response.header("x-amzn-requestid"), Some("5b3e9a"));
    /// assert_eq!(response.header("retry-after"), None);
    /// ```
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The response body.
    ///
    /// ```
    /// let response = cognito_flow::HttpResponse::new(200, Vec::new(), b"{}".to_vec());
    /// assert_eq!(response.body(), b"{}");
    /// ```
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_debug_redacts_credentials_and_body() {
        let mut r = HttpRequest::post(
            "https://cognito-idp.us-east-1.amazonaws.com/",
            vec![("x-amz-target".into(), "T".into())],
            b"{\"AccessToken\":\"canary\"}".to_vec(),
            10,
        );
        r.push_header("Authorization", "AWS4-HMAC-SHA256 Credential=canary");
        r.push_header("X-Amz-Security-Token", "canary");
        let debug = format!("{r:?}");
        assert!(!debug.contains("canary"), "{debug}");
        assert!(
            debug.contains("\"authorization\": \"<redacted>\""),
            "{debug}"
        );
        assert!(debug.contains("<24 bytes>"), "{debug}");
    }

    #[test]
    fn response_header_lookup_is_case_insensitive() {
        let r = HttpResponse::new(
            200,
            vec![("X-Amzn-RequestId".into(), "abc".into())],
            Vec::new(),
        );
        assert_eq!(r.header("x-amzn-requestid"), Some("abc"));
        assert_eq!(r.header("missing"), None);
    }

    #[test]
    fn transport_is_object_safe() {
        fn _takes(_: &dyn Transport) {}
    }
}
