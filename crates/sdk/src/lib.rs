//! Amazon Cognito user-pool sign-in where every challenge is its own type.
//!
//! Cognito signs users in through a chain of challenges (`PASSWORD_VERIFIER`, `SMS_MFA`,
//! `SOFTWARE_TOKEN_MFA`, `NEW_PASSWORD_REQUIRED`, …). Here each challenge is a type with one
//! `respond(self, answer)` that takes a *typed* answer and consumes the state: answering twice,
//! answering `SMS_MFA` with an authenticator code, or calling an admin-only flow without AWS
//! credentials does not compile. Section numbers (§) refer to the protocol specification the
//! code follows (`shared/spec/cognito-auth-protocol.md`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = cognito_flow_emulator::Emulator::builder().start().await?;
//! # let pool: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPool", r#"{"PoolName":"doc"}"#)?)?;
//! # let pool_id = pool["UserPool"]["Id"].as_str().unwrap_or_default().to_owned();
//! # let app: serde_json::Value = serde_json::from_str(&emulator.call("CreateUserPoolClient",
//! #     &format!(r#"{{"UserPoolId":"{pool_id}","ClientName":"doc"}}"#))?)?;
//! # let client_id = app["UserPoolClient"]["ClientId"].as_str().unwrap_or_default().to_owned();
//! # emulator.call("AdminCreateUser", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","MessageAction":"SUPPRESS"}}"#))?;
//! # emulator.call("AdminSetUserPassword", &format!(r#"{{"UserPoolId":"{pool_id}","Username":"alice","Password":"Corr3ct-horse!","Permanent":true}}"#))?;
//! use cognito_flow::{Client, MfaCode, Next, Password, TotpCode};
//!
//! let client = Client::builder()
//!     .user_pool_id(&pool_id)              // "us-east-1_AbCdEf123": the region comes from it
//!     .client_id(&client_id)
//!     .endpoint_url(emulator.endpoint())   // only for a local emulator or a proxy
//!     .build()?;
//!
//! match client.sign_in("alice", Password::new("Corr3ct-horse!")).await? {
//!     Next::SignedIn(signed_in) => {
//!         let claims = signed_in.tokens().id_claims()?;
//!         assert_eq!(claims.string("cognito:username"), Some("alice"));
//!     }
//!     Next::SoftwareTokenMfa(step) => { step.respond(TotpCode::new("123456")).await?; }
//!     Next::SmsMfa(step) => { step.respond(MfaCode::new("123456")).await?; }
//!     other => println!("Cognito asks for {:?}", other.challenge_name()),
//! }
//! # Ok(()) }
//! ```
//!
//! # Challenges
//!
//! | Cognito challenge | type | answer | possible next |
//! |---|---|---|---|
//! | `PASSWORD_VERIFIER` | [`PasswordVerifier`] | [`Password`] (SRP proof computed locally) | any [`Next`] |
//! | `NEW_PASSWORD_REQUIRED` | [`NewPasswordRequired`] | [`NewPassword`] | [`Next::SignedIn`], MFA |
//! | `MFA_SETUP` | [`MfaSetup`] | [`MfaSetup::associate_totp`] → [`TotpSetup::verify`] with a [`TotpCode`], or [`MfaSetup::set_up_email`] | [`Next::SignedIn`], [`Next::EmailOtp`] |
//! | `SELECT_MFA_TYPE` | [`SelectMfaType`] | an offered [`MfaChoice`] | [`Next::SmsMfa`], [`Next::EmailOtp`], [`Next::SoftwareTokenMfa`] |
//! | `SMS_MFA` | [`SmsMfa`] | [`MfaCode`] | [`Next::SignedIn`], [`Next::DeviceSrpAuth`] |
//! | `EMAIL_OTP` | [`EmailOtp`] | [`MfaCode`] | [`Next::SignedIn`], [`Next::DeviceSrpAuth`] |
//! | `SOFTWARE_TOKEN_MFA` | [`SoftwareTokenMfa`] | [`TotpCode`] | [`Next::SignedIn`], [`Next::DeviceSrpAuth`] |
//! | `CUSTOM_CHALLENGE` | [`CustomChallenge`] | [`CustomAnswer`] | any [`Next`] |
//! | `DEVICE_SRP_AUTH` | [`DeviceSrpAuth`] | the [`RememberedDevice`] | [`DevicePasswordVerifier`] |
//! | `DEVICE_PASSWORD_VERIFIER` | [`DevicePasswordVerifier`] | the [`RememberedDevice`] | [`Next::SignedIn`] |
//! | anything newer | [`UnknownChallenge`] | a raw map ([`UnknownChallenge::respond_raw`]) | any [`Next`] |
//!
//! Two errors become steps rather than dead ends: `UserNotConfirmedException` →
//! [`Next::ConfirmSignUp`], `PasswordResetRequiredException` → [`Next::ResetPassword`].
//! A failure that leaves the challenge answerable (a wrong code, a refused new password, a
//! request that never left the process) hands the state back through [`RespondError`].
//! `docs/flows.md` in the repository has the state diagram and a guide per challenge.
//!
//! # Around the flow
//!
//! * [`Client`] sends the public operations of an app client; [`AdminClient`] (feature
//!   `admin`) adds AWS credentials, signs `Admin*` operations with SigV4, and its states
//!   answer through `AdminRespondToAuthChallenge` by themselves.
//! * `SECRET_HASH` is computed for every request over the right username (spec §7); refresh
//!   uses the canonical username from the access token.
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
//! | `auth` | the entry points: [`Client::sign_in`], [`SignInRequest`], [`AdminSignInRequest`], refresh |
//! | `challenge` | one module per challenge, [`RespondError`], [`Metadata`] |
//! | `next` | [`Next`] |
//! | `signed_in` | [`SignedIn`], [`Tokens`], [`Claims`] |
//! | `account` | sign-up, [`ConfirmSignUp`], [`ResetPassword`] |
//! | `device` | [`RememberedDevice`], device confirmation and management |
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
mod passkey;
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
pub use crate::auth::FirstFactor;
pub use crate::auth::SignInRequest;
pub use crate::challenge::{
    AuthFactor, FactorAnswer, FactorOffer, PasswordChallenge, PasswordSrpChallenge,
    SelectChallenge, SmsOtp, WebAuthn, WebAuthnCredential,
};
pub use crate::challenge::{
    CodeDelivery, CustomAnswer, CustomChallenge, DevicePasswordVerifier, DeviceSrpAuth, EmailOtp,
    Metadata, MfaChoice, MfaFactor, MfaSetup, NewPassword, NewPasswordRequired, PasswordVerifier,
    RespondError, SelectMfaType, SmsMfa, SoftwareTokenMfa, TotpSetup, UnknownChallenge,
};
pub use crate::client::{Client, ClientBuilder};
pub use crate::device::{ConfirmedDevice, DeviceInfo, RememberedDevice};
pub use crate::error::{Error, ErrorKind, RetryClass};
pub use crate::next::Next;
pub use crate::passkey::{PasskeyInfo, PasskeyRegistration, UserAuthFactors};
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
pub use cognito_flow_wire::{
    CredentialDescriptor, CredentialRequestOptions, UserVerificationRequirement,
};

/// The repository README's code blocks, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
