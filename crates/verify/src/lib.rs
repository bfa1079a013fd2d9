//! Verify Amazon Cognito ID and access tokens in application back ends.
//!
//! A [`TokenVerifier`] checks a token the way a resource server must (spec §8.8): RS256
//! only, the signature against the user pool's JWKS (fetched from
//! `{iss}/.well-known/jwks.json`, cached, refetched on an unknown `kid` at most once per
//! interval), `exp`/`nbf`/`iat` with a leeway, `iss`, `token_use`, the app client (`aud` of
//! ID tokens, `client_id` of access tokens), and optionally groups and scopes. It returns
//! typed [`Claims`], or an [`Error`] whose [`ErrorKind`] says which check failed. Section
//! numbers (§) refer to the protocol specification (`shared/spec/cognito-auth-protocol.md`).
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
//! # let client = cognito_flow::Client::builder().user_pool_id(&pool_id).client_id(&client_id)
//! #     .endpoint_url(emulator.endpoint()).build()?;
//! # let cognito_flow::Next::SignedIn(signed_in) = client.sign_in("alice", cognito_flow::Password::new("Corr3ct-horse!")).await?
//! #     else { return Err("not signed in".into()) };
//! # let token = signed_in.tokens().access_token.expose_secret().to_owned();
//! # let id_token = signed_in.tokens().id_token.expose_secret().to_owned();
//! use cognito_flow_verify::{ErrorKind, TokenUse, TokenVerifier};
//!
//! let verifier = TokenVerifier::builder()
//!     // On AWS: .pool("us-east-1_AbCdEf123") — the issuer is derived from the id's region.
//!     .pool_with_issuer(&pool_id, format!("{}/{pool_id}", emulator.endpoint()))
//!     .client_id(&client_id)
//!     .token_use(TokenUse::Access)
//!     .build()?;
//!
//! let claims = verifier.verify(&token).await?;
//! println!("{} is signed in (groups {:?})", claims.sub(), claims.groups());
//!
//! // The access token's header and claims under another token's signature:
//! let (signed, _) = token.rsplit_once('.').ok_or("not a JWT")?;
//! let (_, other_signature) = id_token.rsplit_once('.').ok_or("not a JWT")?;
//! let forged = format!("{signed}.{other_signature}");
//! assert_eq!(verifier.verify(&forged).await.unwrap_err().kind(), ErrorKind::BadSignature);
//! # Ok(()) }
//! ```
//!
//! # Why a crate of its own
//!
//! A back end that only *receives* tokens needs none of the sign-in stack: no SRP big-number
//! arithmetic, no challenge states, no SigV4, no wire types. This crate depends on neither
//! `cognito-flow` nor `cognito-flow-srp` nor `cognito-flow-wire` (a JWT's claims are not part
//! of the JSON 1.1 wire format): only `ring`, `serde_json`, `base64`, `tokio`'s `sync`
//! module, and, for the built-in JWKS fetcher, the same reqwest + rustls stack the SDK
//! uses. An application that does both can use both crates; they share that stack.
//!
//! # Why ring for RSA
//!
//! Signature verification uses `ring` (`RSA_PKCS1_2048_8192_SHA256`) rather than the
//! RustCrypto `rsa` crate the emulator signs with:
//!
//! * ring is a stable release (0.17) and the verifier rustls itself relies on; `rsa` 0.10 is
//!   still a release candidate, pinned exactly (`=0.10.0-rc.N`) in the emulator, which a
//!   published library should not force on its users.
//! * ring is already built for the default TLS provider (`rustls-ring`), so it costs
//!   nothing extra in the default configuration.
//! * It is 2.6–2.7× faster for this job (a verifier runs on every request): an RSA-2048
//!   PKCS#1 v1.5 check took 20–24 µs with ring against 54–63 µs with `rsa` in the same runs
//!   (`cargo bench -p cognito-flow-verify --bench verify`; `docs/performance.md`, "Token
//!   verification"). It also enforces the 2048-bit minimum modulus by itself.
//!
//! Only public-key operations happen here, so the constant-time concerns that matter for
//! signing (RUSTSEC-2023-0071 in `rsa`) do not apply either way.
//!
//! # Keys: cache, penalty box, offline
//!
//! * Keys are fetched on the first token of a pool (or at start-up with
//!   [`TokenVerifier::fetch_jwks`]) and kept. A token whose `kid` is not in the cached set
//!   causes one refetch (key rotation), **at most once per
//!   [refetch interval](TokenVerifierBuilder::jwks_refetch_interval) per pool** (60 s by
//!   default), however many such tokens arrive: made-up `kid`s cannot make the verifier
//!   hammer the JWKS endpoint. Concurrent requests wait for the one fetch in flight.
//! * The JWKS URL is derived from the configured issuer, never from the token (no `jku`,
//!   `x5u` or `jwk` header is ever followed).
//! * [`TokenVerifierBuilder::jwks_json`] and [`TokenVerifier::load_jwks_json`] load keys you
//!   obtained yourself; [`TokenVerifier::verify_offline`] verifies synchronously with the
//!   loaded keys and never does I/O. [`TokenVerifierBuilder::offline`] never fetches.
//! * Fetching goes through the small [`JwksFetcher`] trait; the built-in [`HttpFetcher`]
//!   (feature `reqwest-rustls`) is reqwest over rustls with the platform trust store.
//!
//! # Secrets
//!
//! Tokens are borrowed (`&str`), never stored, and never appear in an error, in `Debug` or
//! in a response; error messages contain nothing read from a token. [`Claims`]' `Debug`
//! omits attribute values (personal data), and the verifier's omits the client ids.
//!
//! # Features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `reqwest-rustls` | yes | [`HttpFetcher`]: reqwest (HTTP/1.1) + rustls + the OS trust store |
//! | `rustls-ring` | yes | rustls with the `ring` provider |
//! | `rustls-aws-lc-rs` | no | rustls with the `aws-lc-rs` provider (wins over `ring` if both are on; signatures are still checked with ring) |
//! | `axum` | no | [`Claims`] as an axum extractor; [`Error`] as a 401/403/503 response with `WWW-Authenticate` (RFC 6750) |
//!
//! # Layout
//!
//! | module | contents |
//! |---|---|
//! | `verifier` | [`TokenVerifier`], [`TokenVerifierBuilder`]: the checks, the key cache and penalty box |
//! | `claims` | [`Claims`], [`TokenUse`] |
//! | `jwt` | splitting and decoding a compact JWS, the header checks |
//! | `jwks` | parsing a JWKS into RS256 keys; RSA verification with ring |
//! | `fetch` | [`JwksFetcher`], [`FetchError`], [`HttpFetcher`] |
//! | `error` | [`Error`], [`ErrorKind`] |
//! | `axum` | the extractor and `IntoResponse` (feature `axum`) |

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations, unreachable_pub)]
#![warn(clippy::exhaustive_enums, clippy::exhaustive_structs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[cfg(feature = "axum")]
mod axum;
mod claims;
mod error;
mod fetch;
mod jwks;
mod jwt;
mod verifier;

pub use crate::claims::{Claims, TokenUse};
pub use crate::error::{Error, ErrorKind};
#[cfg(feature = "reqwest-rustls")]
pub use crate::fetch::http::HttpFetcher;
pub use crate::fetch::{FetchError, FetchFuture, JwksFetcher};
pub use crate::jwt::MAX_TOKEN_LEN;
pub use crate::verifier::{
    DEFAULT_JWKS_REFETCH_INTERVAL, DEFAULT_LEEWAY, TokenVerifier, TokenVerifierBuilder,
};
