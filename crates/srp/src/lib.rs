//! Amazon Cognito's SRP-6a variant, byte-exact and constant-time.
//!
//! Cognito signs users in with SRP over the RFC 3526 3072-bit group, a Java `BigInteger` byte
//! encoding, a signed `SALT`, an HKDF-derived key and an HMAC "password claim" over a
//! hand-formatted `TIMESTAMP`. Getting any one of these slightly wrong fails only for a
//! fraction of users (a negative salt, a day of the month below 10, a value whose top bit is
//! set), which is why this crate exists and is tested against the reference clients' own
//! output. Section numbers (§) refer to the protocol specification in the repository
//! (`shared/spec/cognito-auth-protocol.md`).
//!
//! The crate is pure: no I/O, and no clock or random-number read inside a computation — callers
//! pass the private ephemeral and the timestamp. Convenience constructors that use the OS
//! generator ([`SrpClient::random`]) or clock ([`Timestamp::now`]) are provided.
//!
//! # Sign-in, client side
//!
//! ```
//! use cognito_flow_srp::{PrivateEphemeral, ServerChallenge, SrpClient, Timestamp};
//!
//! // 1. InitiateAuth(USER_SRP_AUTH) with SRP_A.
//! let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32])?);
//! let srp_a: &str = client.srp_a();
//!
//! // 2. The PASSWORD_VERIFIER challenge parameters, as the service sent them (spec §6.10).
//! # let srp_b = concat!(
//! #   "b7a31717c684b51c46958810a2e9c2736088092aff47978433f2bb673d34d4b2c53a3fe3f581f4d804a73451cff4d379",
//! #   "1ba43f029123d8885e79ad2464b447c58d3b335069309efbe0ce499b8420356e2986aebf74dcfa21ad62cfd647a15a27",
//! #   "953161a56f2b122f7a8e9c733dacf2f17c0d5a193db6f8a280294e400792eb2def5ea54b1a4e584673491b7c943366d0",
//! #   "b0ae91d49f62d29064937a49f8fecf9ccc7d89c72b1602abb25609038978f2d1449ac4f14a3d899c0a38755d5bc8c263",
//! #   "c596c3e38b4ea53c7428c4c2b269a7d0635de509c601441849c8cd4a312dc52a13960c8a725886365c49a45801f6a940",
//! #   "c4bde458231f7ee8a26b2f9e08d4dcbb0d64f20eb600c3d1d6507564e08fc7ff34b9a901c3b7b4edfb471296574550e9",
//! #   "1367de857b75597b2689af525e768ec977dd44fd51dc69247ad2554b9c35863f7fdf8db116da35fd14186baeded8744a",
//! #   "e45b29becbc7a0e77731e09aae40f80271373f7288c3f7340669e7ce0b772655c6a130af41936974227b69cacab9c91b");
//! let challenge = ServerChallenge::parse(
//!     "-6f01caa57a1b2c3d4e5f60718293a4b5",                // SALT (may be negative)
//!     srp_b,                                              // SRP_B
//!     "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",     // SECRET_BLOCK
//! )?;
//!
//! // 3. RespondToAuthChallenge(PASSWORD_VERIFIER).
//! let claim = client.password_claim(
//!     "us-east-1_AbCdEf123",                   // the user pool id
//!     "testuser",                              // USER_ID_FOR_SRP, never the alias typed
//!     "Passw0rd!",
//!     &challenge,
//!     &Timestamp::from_unix_seconds(1_709_622_249),
//! )?;
//! assert_eq!(claim.signature(), "sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA=");
//! assert_eq!(claim.timestamp().as_str(), "Tue Mar 5 07:04:09 UTC 2024");
//! # Ok::<(), cognito_flow_srp::SrpError>(())
//! ```
//!
//! # What is here
//!
//! | Item | Spec | Purpose |
//! |---|---|---|
//! | [`SrpClient`], [`PrivateEphemeral`] | §6.4 | `SRP_A`; the `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER` answers |
//! | [`ServerChallenge`] | §6.2, §6.4 | validated `SALT`, `SRP_B`, `SECRET_BLOCK` |
//! | [`PasswordClaim`] | §6.4 | `PASSWORD_CLAIM_SIGNATURE`, `TIMESTAMP`, `PASSWORD_CLAIM_SECRET_BLOCK` |
//! | [`Timestamp`] | §6.5 | the `TIMESTAMP` text, formatted and parsed |
//! | [`DeviceVerifier`], [`DevicePassword`] | §6.9 | `ConfirmDevice`'s `DeviceSecretVerifierConfig` |
//! | [`secret_hash`] | §7 | `SECRET_HASH` |
//! | `Salt`, `Verifier`, `SrpServer` (feature `server`) | §6.6 | the server side, for the emulator |
//!
//! # Security
//!
//! * Exponentiations with a secret exponent (`a`, `b`, `x`, `a + u·x`) run in constant time:
//!   crypto-bigint's Montgomery arithmetic, and a fixed-base table for `g` whose rows are
//!   scanned in full with constant-time selection. Their running time depends only on public
//!   lengths (of the private ephemeral, and 256 bits for `x`). The byte encoding of the shared
//!   secret `S` before hashing strips leading zero bytes, as Cognito's Java service does, so
//!   hashing time may differ by one SHA-256 block in 1/256 of exchanges; that is part of the
//!   protocol.
//! * The client refuses `B ≡ 0 (mod N)`, `B ≥ N` and `u = 0`; the server refuses
//!   `A ≡ 0 (mod N)` and `A ≥ N`. Malformed parameters are typed errors ([`SrpError`]), never
//!   panics, and oversized ones are refused after a length check.
//! * Secrets (`a`, `b`, `x`, `S`, derived keys, verifiers, device passwords) are zeroized on
//!   drop where this crate holds them, and no `Debug` output shows them. Temporaries inside
//!   crypto-bigint's exponentiation are not zeroized by that crate.
//!
//! # Features
//!
//! * `getrandom` (default): constructors that draw from the OS random number generator.
//! * `server`: [`Salt`], [`Verifier`] and [`SrpServer`].
#![forbid(unsafe_code)]
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod client;
mod device;
mod encoding;
mod ephemeral;
mod error;
mod group;
mod hash;
mod secret_hash;
#[cfg(feature = "server")]
mod server;
mod timestamp;

pub use client::{PasswordClaim, ServerChallenge, SrpClient};
pub use device::{DevicePassword, DeviceVerifier};
pub use ephemeral::{MAX_EPHEMERAL_BYTES, PrivateEphemeral};
pub use error::SrpError;
pub use secret_hash::secret_hash;
#[cfg(feature = "server")]
pub use server::{Salt, SrpServer, Verifier};
pub use timestamp::Timestamp;

/// Builds the precomputed fixed-base tables now instead of on the first exponentiation.
///
/// The first SRP computation in a process builds a table of powers of `g` (about 7,000 modular
/// multiplications, some tens of milliseconds). Call this at start-up to keep that off the
/// first sign-in's latency; calling it again does nothing.
///
/// ```
/// cognito_flow_srp::warm_up();
/// ```
pub fn warm_up() {
    group::warm_up();
}
