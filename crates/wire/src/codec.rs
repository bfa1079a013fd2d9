//! Decoding whole request and response bodies.

use serde::de::DeserializeOwned;

use crate::{DecodeError, Request};

/// Decodes a successful (HTTP 200) response body.
///
/// An empty or all-whitespace body counts as `{}`: operations without output, and some with an empty
/// output structure (`RevokeToken`), answer with no body at all. Members the type does not know are
/// ignored, so new members in the service's responses do not break decoding.
///
/// # Errors
///
/// [`DecodeError`] if the body is not JSON, or a member is missing or of the wrong type. The error
/// never quotes the body.
///
/// ```
/// use cognito_flow_wire::{decode_response, RevokeTokenResponse, VerifySoftwareTokenResponse};
///
/// let _: RevokeTokenResponse = decode_response(b"").unwrap();
/// let reply: VerifySoftwareTokenResponse =
///     decode_response(br#"{"Status":"SUCCESS","NewMember":[1,2,3]}"#).unwrap();
/// assert!(reply.status.is_some());
/// assert!(decode_response::<VerifySoftwareTokenResponse>(b"<html>").is_err());
/// ```
pub fn decode_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    decode_body(body)
}

/// Decodes a request body, for the emulator. Like [`decode_response`], an empty body counts as `{}`
/// and unknown members are ignored.
///
/// # Errors
///
/// [`DecodeError`] if the body is not JSON, or a required member is missing or a member has the wrong
/// type (the emulator answers `InvalidParameterException` / `SerializationException`).
///
/// ```
/// use cognito_flow_wire::{decode_request, AuthFlow, InitiateAuthRequest};
///
/// let request: InitiateAuthRequest =
///     decode_request(br#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc"}"#).unwrap();
/// assert_eq!(request.auth_flow, AuthFlow::UserSrpAuth);
/// let err = decode_request::<InitiateAuthRequest>(br#"{"AuthFlow":"USER_SRP_AUTH"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "failed to decode InitiateAuthRequest from JSON");
/// ```
pub fn decode_request<R: Request + DeserializeOwned>(body: &[u8]) -> Result<R, DecodeError> {
    decode_body(body)
}

fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| DecodeError::body(std::any::type_name::<T>(), e))
}
