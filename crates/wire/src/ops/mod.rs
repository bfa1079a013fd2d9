//! Request and response bodies, one pair per [`Operation`](crate::Operation).
//!
//! Conventions, all checked against the service model by `tests/model_conformance.rs`:
//! members keep the model's names and order; required members are plain fields set by `new`, optional
//! ones are `Option`s left out of the JSON when `None`; members the model marks `sensitive` are
//! [`SensitiveString`](crate::SensitiveString) / [`SensitiveMap`](crate::SensitiveMap); unknown members
//! in a body are ignored. Structs are `#[non_exhaustive]` so members the model adds later are not
//! breaking changes: build them with `new` (or `Default`) and assign the optional fields.

macro_rules! impl_request {
    ($request:ident => $operation:ident, $response:ty) => {
        impl crate::Request for $request {
            const OPERATION: crate::Operation = crate::Operation::$operation;
            type Response = $response;
        }
    };
}

mod auth;
mod device;
mod mfa;
mod signup;
mod token;
mod user;
mod webauthn;

pub use auth::*;
pub use device::*;
pub use mfa::*;
pub use signup::*;
pub use token::*;
pub use user::*;
pub use webauthn::*;

use serde::{Deserialize, Serialize};

/// The response of an operation that has no output shape in the model (`ForgetDevice`,
/// `AdminForgetDevice`): HTTP 200 with an empty body or `{}`. Serializes as `{}`.
///
/// ```
/// use cognito_flow_wire::{decode_response, NoOutput};
///
/// let _: NoOutput = decode_response(b"").unwrap();
/// let _: NoOutput = decode_response(b"{}").unwrap();
/// assert_eq!(serde_json::to_string(&NoOutput::default()).unwrap(), "{}");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NoOutput {}
