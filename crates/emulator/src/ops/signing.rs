//! SigV4 on `Admin*` and setup calls (spec §1.4). Public operations need no signature.
//!
//! Without configured credentials ([`EmulatorConfig::credentials`](crate::EmulatorConfig)
//! empty) any well-formed `Authorization` header is accepted, as other emulators do. With
//! credentials, the signature is verified for real: the canonical request is rebuilt from the
//! method (`POST`), the path (`/`), the signed headers as received and the SHA-256 of the body,
//! signed with the secret of the access key named in `Credential=`, and compared in constant
//! time. The request time (`X-Amz-Date`) is not compared with the emulator's clock, which a test
//! may have moved.

use axum::http::HeaderMap;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::Inner;
use crate::error::{ApiError, ApiResult};

/// Operations a public app client may call without AWS credentials (spec §1.3).
const PUBLIC: &[&str] = &[
    "InitiateAuth",
    "RespondToAuthChallenge",
    "SignUp",
    "ConfirmSignUp",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ResendConfirmationCode",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "ForgetDevice",
    "GetDevice",
    "ListDevices",
    "GlobalSignOut",
    "GetUser",
    "SetUserMFAPreference",
    "GetUserAuthFactors",
    "ChangePassword",
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
    "UpdateUserAttributes",
    "VerifyUserAttribute",
    "GetUserAttributeVerificationCode",
    "DeleteUser",
    "GetTokensFromRefreshToken",
    "RevokeToken",
];

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const SERVICE: &str = "cognito-idp";

/// Whether `operation` must be SigV4-signed.
pub(crate) fn is_signed(operation: &str) -> bool {
    !PUBLIC.contains(&operation)
}

/// Checks the `Authorization` header of a signed operation. Returns whether the request
/// carried an accepted signature (false for public operations).
pub(crate) fn check(
    inner: &Inner,
    headers: &HeaderMap,
    operation: &str,
    body: &[u8],
) -> ApiResult<bool> {
    if !is_signed(operation) {
        return Ok(false);
    }
    let Some(auth) = headers.get("authorization") else {
        if inner.config.require_authorization_header {
            return Err(ApiError::new(
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            ));
        }
        return Ok(false);
    };
    let auth = auth.to_str().map_err(|_| incomplete())?;
    let parsed = Authorization::parse(auth).ok_or_else(incomplete)?;
    if inner.config.credentials.is_empty() {
        return Ok(true);
    }
    verify(&inner.config.credentials, &parsed, headers, body)?;
    Ok(true)
}

fn incomplete() -> ApiError {
    ApiError::new(
        "IncompleteSignatureException",
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'.",
    )
}

fn invalid_signature() -> ApiError {
    ApiError::new(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check \
         your AWS Secret Access Key and signing method. Consult the service documentation for \
         details.",
    )
}

/// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
#[derive(Debug, PartialEq, Eq)]
struct Authorization<'a> {
    access_key: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(header: &'a str) -> Option<Self> {
        let rest = header.strip_prefix(ALGORITHM)?;
        if !rest.starts_with(' ') {
            return None;
        }
        let (mut credential, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (name, value) = part.trim().split_once('=')?;
            match name {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed = Some(value),
                "Signature" => signature = Some(value),
                _ => {}
            }
        }
        let mut scope = credential?.split('/');
        let (access_key, date, region, service, terminator) = (
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
        );
        if scope.next().is_some()
            || terminator != "aws4_request"
            || access_key.is_empty()
            || date.len() != 8
            || !date.bytes().all(|b| b.is_ascii_digit())
            || region.is_empty()
        {
            return None;
        }
        let signed_headers: Vec<&str> = signed?.split(';').collect();
        let signature = signature?;
        if signed_headers.iter().any(|h| h.is_empty())
            || signature.len() != 64
            || !signature.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return None;
        }
        Some(Self {
            access_key,
            date,
            region,
            service,
            signed_headers,
            signature,
        })
    }
}

fn verify(
    credentials: &[(String, String)],
    auth: &Authorization<'_>,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<()> {
    let secret = credentials
        .iter()
        .find(|(key, _)| key == auth.access_key)
        .map(|(_, secret)| secret.as_str())
        .ok_or_else(|| {
            ApiError::new(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        })?;
    if auth.service != SERVICE {
        return Err(ApiError::new(
            "InvalidSignatureException",
            format!("Credential should be scoped to correct service: '{SERVICE}'. "),
        ));
    }
    if !auth.signed_headers.contains(&"host") {
        return Err(invalid_signature());
    }
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            )
        })?;
    if !amz_date.starts_with(auth.date) {
        return Err(invalid_signature());
    }

    let mut canonical = String::from("POST\n/\n\n");
    for name in &auth.signed_headers {
        let values: Vec<String> = headers
            .get_all(*name)
            .iter()
            .map(|v| canonical_value(v.as_bytes()))
            .collect();
        if values.is_empty() {
            return Err(invalid_signature());
        }
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&auth.signed_headers.join(";"));
    canonical.push('\n');
    canonical.push_str(&hex(&Sha256::digest(body)));

    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), auth.date.as_bytes());
    let k_region = hmac(&k_date, auth.region.as_bytes());
    let k_service = hmac(&k_region, auth.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let expected = hex(&hmac(&k_signing, string_to_sign.as_bytes()));
    let given = auth.signature.to_ascii_lowercase();
    if crate::totp::constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        Ok(())
    } else {
        Err(invalid_signature())
    }
}

/// A header value as SigV4 canonicalizes it: trimmed, inner runs of spaces collapsed.
fn canonical_value(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; the error branch cannot happen.
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_authorization_headers() {
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20240305/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let parsed = Authorization::parse(header).unwrap_or_else(|| panic!("parses"));
        assert_eq!(parsed.access_key, "AKID");
        assert_eq!(parsed.date, "20240305");
        assert_eq!(parsed.region, "us-east-1");
        assert_eq!(
            parsed.signed_headers,
            ["content-type", "host", "x-amz-date"]
        );
        for bad in [
            "AWS4-HMAC-SHA256 Credential=AKID/20240305/us-east-1/cognito-idp/aws4_request",
            "Bearer abc",
            "AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKID/20240305/us-east-1/cognito-idp/x, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(Authorization::parse(bad), None, "{bad}");
        }
    }

    /// The AWS SigV4 test suite's `get-vanilla` signing key derivation.
    #[test]
    fn signing_key_matches_aws_example() {
        let k_date = hmac(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", b"20150830");
        let k_region = hmac(&k_date, b"us-east-1");
        let k_service = hmac(&k_region, b"iam");
        let k_signing = hmac(&k_service, b"aws4_request");
        assert_eq!(
            hex(&k_signing),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }

    #[test]
    fn header_values_are_trimmed_and_collapsed() {
        assert_eq!(canonical_value(b"  a   b  c "), "a b c");
    }
}
