//! Tokens given to the CLI: reading them (flag, environment, standard input — the token
//! alone or the JSON `sign-in` prints) and decoding JWT claims **without verification**.

use std::io::{IsTerminal as _, Read as _};

use anyhow::Context as _;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::exit::{Exit, fail};

/// A JWT's claims, decoded without checking the signature.
///
/// # Errors
///
/// A usage error if `token` is not a JWT with a JSON object payload.
pub(crate) fn decode_claims(token: &str) -> anyhow::Result<Map<String, Value>> {
    let not_jwt = || {
        fail(
            Exit::Usage,
            "the token is not a JWT (three base64url parts separated by dots)",
        )
    };
    let mut parts = token.trim().split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(not_jwt());
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| not_jwt())?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(claims)) => Ok(claims),
        _ => Err(not_jwt()),
    }
}

/// What a token says about where it came from: used to fill in settings the user did not
/// give. Never trusted for anything else (the endpoint, in particular, never comes from it).
#[derive(Debug, Default, Clone)]
pub(crate) struct TokenHint {
    /// From `iss` (`…/us-east-1_AbCdEf123`).
    pub(crate) user_pool_id: Option<String>,
    /// `client_id` (access token) or `aud` (ID token).
    pub(crate) client_id: Option<String>,
    /// `username` (access token) or `cognito:username` (ID token).
    pub(crate) username: Option<String>,
    /// `device_key` (access token of a remembered device).
    pub(crate) device_key: Option<String>,
}

impl TokenHint {
    /// The hint of a token; an undecodable token gives an empty hint.
    pub(crate) fn of(token: &str) -> Self {
        let Ok(claims) = decode_claims(token) else {
            return Self::default();
        };
        let string = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
        Self {
            user_pool_id: string("iss")
                .and_then(|iss| iss.rsplit('/').next().map(str::to_owned))
                .filter(|id| id.contains('_')),
            client_id: string("client_id").or_else(|| string("aud")),
            username: string("username").or_else(|| string("cognito:username")),
            device_key: string("device_key"),
        }
    }
}

/// Tokens read from standard input.
#[derive(Debug, Default)]
pub(crate) struct TokenInput {
    /// `access_token` of a JSON input.
    pub(crate) access_token: Option<String>,
    /// `id_token` of a JSON input.
    pub(crate) id_token: Option<String>,
    /// `refresh_token` of a JSON input.
    pub(crate) refresh_token: Option<String>,
    /// `device_key` of a JSON input.
    pub(crate) device_key: Option<String>,
    /// `username` of a JSON input.
    pub(crate) username: Option<String>,
    /// A bare token.
    pub(crate) raw: Option<String>,
}

impl TokenInput {
    /// Parses what was read: a JSON object (the `sign-in` output, or Cognito's
    /// `AuthenticationResult`), or a bare token.
    pub(crate) fn parse(text: &str) -> anyhow::Result<Self> {
        let text = text.trim();
        if !text.starts_with('{') {
            return Ok(Self {
                raw: (!text.is_empty()).then(|| text.to_owned()),
                ..Self::default()
            });
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            fail(
                Exit::Usage,
                format!("standard input is not valid JSON: {e}"),
            )
        })?;
        // `aws cognito-idp initiate-auth` prints {"AuthenticationResult": {...}}.
        let object = value
            .get("AuthenticationResult")
            .unwrap_or(&value)
            .as_object()
            .cloned()
            .unwrap_or_default();
        let field = |snake: &str, pascal: &str| {
            object
                .get(snake)
                .or_else(|| object.get(pascal))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Ok(Self {
            access_token: field("access_token", "AccessToken"),
            id_token: field("id_token", "IdToken"),
            refresh_token: field("refresh_token", "RefreshToken"),
            device_key: field("device_key", "DeviceKey"),
            username: field("username", "Username"),
            raw: None,
        })
    }

    /// Reads standard input when it is not a terminal; `None` on a terminal (nothing was
    /// piped in, and waiting for typing would look like a hang).
    pub(crate) fn from_stdin() -> anyhow::Result<Option<Self>> {
        let mut stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Ok(None);
        }
        let mut text = String::new();
        stdin
            .read_to_string(&mut text)
            .context("reading standard input")?;
        Self::parse(&text).map(Some)
    }
}

/// The error for a token that was given nowhere.
pub(crate) fn missing_token(what: &str, flag: &str, env: &str) -> anyhow::Error {
    fail(
        Exit::NeedsInput,
        format!(
            "no {what}: pass {flag}, set {env}, or pipe it (or the JSON printed by `cognito-flow sign-in`) to standard input"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("eyJhbGciOiJub25lIn0.{}.sig", b64.encode(payload))
    }

    #[test]
    fn hints_come_from_the_claims() {
        let token = jwt(
            r#"{"iss":"http://127.0.0.1:9229/us-east-1_Abc","client_id":"app","username":"u1","device_key":"us-east-1_d"}"#,
        );
        let hint = TokenHint::of(&token);
        assert_eq!(hint.user_pool_id.as_deref(), Some("us-east-1_Abc"));
        assert_eq!(hint.client_id.as_deref(), Some("app"));
        assert_eq!(hint.username.as_deref(), Some("u1"));
        assert_eq!(hint.device_key.as_deref(), Some("us-east-1_d"));
        assert!(TokenHint::of("not a token").user_pool_id.is_none());
    }

    #[test]
    fn input_is_json_or_a_bare_token() {
        let json = TokenInput::parse(r#"{"refresh_token":"r","access_token":"a"}"#).unwrap();
        assert_eq!(json.refresh_token.as_deref(), Some("r"));
        assert_eq!(json.access_token.as_deref(), Some("a"));
        let aws = TokenInput::parse(r#"{"AuthenticationResult":{"IdToken":"i"}}"#).unwrap();
        assert_eq!(aws.id_token.as_deref(), Some("i"));
        let raw = TokenInput::parse("  abc.def.ghi\n").unwrap();
        assert_eq!(raw.raw.as_deref(), Some("abc.def.ghi"));
        assert!(decode_claims("abc").is_err());
    }
}
