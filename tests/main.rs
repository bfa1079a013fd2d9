//! End-to-end tests: the SDK against the emulator, over HTTP on 127.0.0.1, one module per
//! flow. Every test starts its own emulator.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod account;
mod admin;
mod custom_auth;
mod devices;
mod matrix;
mod mfa;
mod new_password;
mod refresh;
mod sealed;
mod secrets;
mod sessions;
mod srp_sign_in;
mod user_auth;
