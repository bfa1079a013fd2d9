//! Printing tokens: one JSON object, shell assignments, or a single token.

use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use cognito_flow::Tokens;
use serde_json::{Map, Value, json};

use crate::args::{OutputArgs, OutputFormat, TokenKind};
use crate::exit::{Exit, fail};
use crate::jwt::TokenHint;

/// Seconds since the Unix epoch (0 before it).
fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The JSON object of `tokens`: the OAuth 2.0 token-response names, plus when the access
/// token expires, the canonical username and the device key (when the tokens belong to a
/// remembered device).
pub(crate) fn tokens_json(tokens: &Tokens) -> Value {
    let hint = TokenHint::of(tokens.access_token.expose_secret());
    let now = SystemTime::now();
    let mut out = Map::new();
    out.insert(
        "access_token".into(),
        tokens.access_token.expose_secret().into(),
    );
    out.insert("id_token".into(), tokens.id_token.expose_secret().into());
    if let Some(refresh) = &tokens.refresh_token {
        out.insert("refresh_token".into(), refresh.expose_secret().into());
    }
    out.insert("token_type".into(), "Bearer".into());
    let expires_in = tokens
        .expires_at
        .duration_since(now)
        .map_or(0, |d| d.as_secs());
    out.insert("expires_in".into(), json!(expires_in));
    out.insert("expires_at".into(), json!(unix(tokens.expires_at)));
    if let Some(username) = hint.username {
        out.insert("username".into(), username.into());
    }
    if let Some(device_key) = hint.device_key {
        out.insert("device_key".into(), device_key.into());
    }
    Value::Object(out)
}

/// Prints `tokens` to standard output as the flags ask.
pub(crate) fn print_tokens(tokens: &Tokens, output: &OutputArgs) -> anyhow::Result<()> {
    let text = match output.print {
        Some(TokenKind::Access) => tokens.access_token.expose_secret().to_owned(),
        Some(TokenKind::Id) => tokens.id_token.expose_secret().to_owned(),
        Some(TokenKind::Refresh) => match &tokens.refresh_token {
            Some(t) => t.expose_secret().to_owned(),
            None => {
                return Err(fail(
                    Exit::Refused,
                    "Cognito returned no refresh token this time (a refresh keeps the old one)",
                ));
            }
        },
        None => match output.output {
            OutputFormat::Json => serde_json::to_string_pretty(&tokens_json(tokens))
                .context("formatting the tokens")?,
            OutputFormat::Env => env_lines(&tokens_json(tokens)),
        },
    };
    print_line(&text)
}

/// `COGNITO_ACCESS_TOKEN=…` lines. JWTs and Cognito's refresh tokens are base64url and dots,
/// safe unquoted; anything else is single-quoted.
fn env_lines(value: &Value) -> String {
    let mut lines = Vec::new();
    if let Some(object) = value.as_object() {
        for (key, v) in object {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let safe = text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
            let text = if safe {
                text
            } else {
                format!("'{}'", text.replace('\'', r"'\''"))
            };
            lines.push(format!("COGNITO_{}={text}", key.to_ascii_uppercase()));
        }
    }
    lines.join("\n")
}

/// Writes `text` and a newline to standard output.
pub(crate) fn print_line(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_lines_quote_what_is_not_token_safe() {
        let text =
            env_lines(&json!({"id_token": "a.b-c_d", "username": "o'brien", "expires_in": 3600}));
        assert_eq!(
            text,
            "COGNITO_EXPIRES_IN=3600\nCOGNITO_ID_TOKEN=a.b-c_d\nCOGNITO_USERNAME='o'\\''brien'"
        );
    }
}
