//! Amazon Cognito user-pool sign-in SDK.
//!
//! This release contains the transport layer: the part that sends one Cognito operation
//! over HTTP correctly. The typed sign-in flow (one state per challenge) is built on it.
//!
//! * [`Client`] sends the public operations of an app client; [`AdminClient`] (feature
//!   `admin`) adds AWS credentials and signs `Admin*` operations with SigV4.
//! * The endpoint comes from the user pool id's region (or an override for an emulator or
//!   a proxy); every request is `POST /` with `Content-Type: application/x-amz-json-1.1`,
//!   `X-Amz-Target`, `User-Agent: cognito-flow/<version>` and `Cache-Control: no-store`.
//! * Retries follow botocore's standard mode ([`RetryConfig`]), except that a request
//!   carrying a single-use challenge `Session` is never resent once it may have reached the
//!   service.
//! * Errors are one opaque [`Error`] with an [`ErrorKind`], the raw service code and a
//!   [`RetryClass`].
//! * Secrets ([`Password`], [`Session`], tokens, [`ClientSecret`], …) are zeroized newtypes
//!   whose `Debug` prints `Password(<redacted>)` and that have no `Display`.
//! * HTTP goes through the small [`Transport`] trait; the default implementation is reqwest
//!   over rustls (feature `reqwest-rustls`).
//!
//! ```no_run
//! use cognito_flow::{AccessToken, Client};
//!
//! # async fn example() -> Result<(), cognito_flow::Error> {
//! let client = Client::builder()
//!     .user_pool_id("us-east-1_AbCdEf123")
//!     .client_id("1example23456789")
//!     .build()?;
//! client.global_sign_out(&AccessToken::new("eyJraWQiOiJ...")).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `reqwest-rustls` | yes | the built-in transport: reqwest (HTTP/1.1) + rustls + the OS trust store |
//! | `rustls-ring` | yes | rustls with the `ring` provider |
//! | `rustls-aws-lc-rs` | no | rustls with the `aws-lc-rs` provider (wins over `ring` if both are on) |
//! | `admin` | yes | [`AdminClient`]: SigV4 with `aws-sigv4` |
//! | `sealed-state` | no | `Sealable`, `SealingKey`, `Client::unseal`: seal a step into an encrypted string for stateless back ends |
//!
//! Without `reqwest-rustls`, pass your own transport to [`ClientBuilder::transport`].
//!
//! # Layout
//!
//! | module | contents |
//! |---|---|
//! | `client` | [`Client`], [`ClientBuilder`] |
//! | `admin` | [`AdminClient`], [`AwsCredentials`] |
//! | `transport` | [`Transport`], [`HttpRequest`], [`HttpResponse`], [`TransportError`] |
//! | `retry` | [`RetryConfig`], the retry budget, which operations may be resent |
//! | `error` | [`Error`], [`ErrorKind`], [`RetryClass`], the error-code table |
//! | `secret` | the secret newtypes |
//! | `sealed` | `Sealable`, `SealingKey`, `SealedState`, `Client::unseal` (feature `sealed-state`) |

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations, unreachable_pub)]
#![warn(clippy::exhaustive_enums, clippy::exhaustive_structs)]

mod account;
#[cfg(feature = "admin")]
mod admin;
mod auth;
mod challenge;
mod client;
mod device;
mod dispatch;
mod endpoint;
mod error;
mod next;
mod retry;
#[cfg(feature = "sealed-state")]
mod sealed;
mod secret;
mod signed_in;
mod transport;

#[cfg(test)]
mod tests;

pub use crate::account::{ConfirmSignUp, ResetPassword, ResetPasswordCodeSent, SignUpOutcome};
#[cfg(feature = "admin")]
pub use crate::admin::{AdminClient, AwsCredentials};
#[cfg(feature = "admin")]
pub use crate::auth::AdminSignInRequest;
pub use crate::auth::SignInRequest;
pub use crate::challenge::{
    CodeDelivery, CustomAnswer, CustomChallenge, DevicePasswordVerifier, DeviceSrpAuth, EmailOtp,
    Metadata, MfaChoice, MfaFactor, MfaSetup, NewPassword, NewPasswordRequired, PasswordVerifier,
    RespondError, SelectMfaType, SmsMfa, SoftwareTokenMfa, TotpSetup, UnknownChallenge,
};
pub use crate::client::{Client, ClientBuilder};
pub use crate::device::{ConfirmedDevice, DeviceInfo, RememberedDevice};
pub use crate::error::{Error, ErrorKind, RetryClass};
pub use crate::next::Next;
pub use crate::retry::RetryConfig;
#[cfg(feature = "sealed-state")]
pub use crate::sealed::{Sealable, SealedState, SealingKey};
pub use crate::secret::{
    AccessToken, AwsSecretAccessKey, AwsSessionToken, ClientSecret, ConfirmationCode, DeviceSecret,
    IdToken, MfaCode, Password, RefreshToken, SecretBlock, Session, TotpCode, TotpSecret,
};
pub use crate::signed_in::{Claims, NewDevice, SignedIn, Tokens};
pub use crate::transport::{
    HttpRequest, HttpResponse, ResponseFuture, Transport, TransportError, TransportErrorKind,
};

/// The repository README's code blocks, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
