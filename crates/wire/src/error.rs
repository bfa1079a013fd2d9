//! [`DecodeError`]: why a body, challenge parameter or document could not be decoded.

use std::error::Error;
use std::fmt;

/// A JSON body, JSON-encoded challenge parameter or JSON document could not be decoded into the
/// expected wire type.
///
/// The message names what was being decoded; [`source()`](Error::source) says why (malformed JSON,
/// a missing member, a member of the wrong type) and where (line and column). Neither ever quotes
/// the input: bodies carry passwords, codes and tokens, so values from the input are replaced by
/// their JSON kind (`string`, `integer`, ...).
///
/// ```
/// use std::error::Error as _;
/// use cognito_flow_wire::{decode_response, InitiateAuthResponse};
///
/// let err = decode_response::<InitiateAuthResponse>(br#"{"Session": 42}"#).unwrap_err();
/// assert_eq!(err.to_string(), "failed to decode InitiateAuthResponse from JSON");
/// let why = err.source().expect("has a source").to_string();
/// assert_eq!(why, "invalid type: integer, expected a string at line 1 column 14");
/// ```
#[derive(Debug)]
pub struct DecodeError {
    kind: DecodeErrorKind,
}

#[derive(Debug)]
enum DecodeErrorKind {
    /// A whole request or response body.
    Body {
        target: &'static str,
        source: JsonError,
    },
    /// One of the JSON-encoded-as-string challenge parameters (spec §5.1).
    ChallengeParameter {
        key: &'static str,
        source: JsonError,
    },
    /// A JSON document (`CredentialCreationOptions`, `Credential`) or a typed view of one.
    Document { source: JsonError },
}

impl DecodeError {
    pub(crate) fn body(target: &'static str, source: serde_json::Error) -> Self {
        Self {
            kind: DecodeErrorKind::Body {
                target: short_type_name(target),
                source: JsonError::sanitize(&source),
            },
        }
    }

    pub(crate) fn challenge_parameter(key: &'static str, source: serde_json::Error) -> Self {
        Self {
            kind: DecodeErrorKind::ChallengeParameter {
                key,
                source: JsonError::sanitize(&source),
            },
        }
    }

    pub(crate) fn document(source: serde_json::Error) -> Self {
        Self {
            kind: DecodeErrorKind::Document {
                source: JsonError::sanitize(&source),
            },
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DecodeErrorKind::Body { target, .. } => {
                write!(f, "failed to decode {target} from JSON")
            }
            DecodeErrorKind::ChallengeParameter { key, .. } => {
                write!(f, "failed to decode challenge parameter {key}")
            }
            DecodeErrorKind::Document { .. } => f.write_str("failed to decode JSON document"),
        }
    }
}

impl Error for DecodeError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            DecodeErrorKind::Body { source, .. }
            | DecodeErrorKind::ChallengeParameter { source, .. }
            | DecodeErrorKind::Document { source } => Some(source),
        }
    }
}

/// `std::any::type_name` without the module path: `cognito_flow_wire::ops::X` → `X`.
fn short_type_name(name: &'static str) -> &'static str {
    if name.contains('<') {
        return name;
    }
    name.rsplit("::").next().unwrap_or(name)
}

/// A `serde_json::Error` with every piece of the input removed.
///
/// serde's data errors quote the offending value (`invalid type: string "hunter2", expected u32`),
/// and the value may be a secret. This keeps the error's position and only the parts of its message
/// that come from our own schema (field names, the expected type).
#[derive(Debug)]
struct JsonError {
    message: String,
    line: usize,
    column: usize,
}

impl JsonError {
    fn sanitize(err: &serde_json::Error) -> Self {
        use serde_json::error::Category;

        let (line, column) = (err.line(), err.column());
        let full = err.to_string();
        let suffix = format!(" at line {line} column {column}");
        let raw = full.strip_suffix(&suffix).unwrap_or(&full);
        let message = match err.classify() {
            // serde_json's own syntax messages ("expected value", "recursion limit exceeded", ...)
            // never quote the input.
            Category::Syntax | Category::Eof => raw.to_owned(),
            Category::Io => "I/O error while reading JSON".to_owned(),
            Category::Data => sanitize_data_message(raw),
        };
        Self {
            message,
            line,
            column,
        }
    }
}

fn sanitize_data_message(raw: &str) -> String {
    // Field names come from our types, so these are safe as they are.
    if raw.starts_with("missing field `") || raw.starts_with("duplicate field `") {
        return raw.to_owned();
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = raw.strip_prefix(prefix) {
            // `{unexpected}, expected {expected}`; `expected` comes from our schema and is the last
            // ", expected " in the text even if the quoted input contains that phrase.
            if let Some(i) = rest.rfind(", expected ") {
                let found = unexpected_kind(&rest[..i]);
                let expected = &rest[i + ", expected ".len()..];
                return format!("{prefix}{found}, expected {expected}");
            }
        }
    }
    if let Some(rest) = raw.strip_prefix("invalid length ")
        && let Some(i) = rest.find(", expected ")
        && rest[..i].bytes().all(|b| b.is_ascii_digit())
    {
        return raw.to_owned();
    }
    "JSON value does not have the expected shape".to_owned()
}

/// The kind of a serde `Unexpected` rendering, without its value.
fn unexpected_kind(unexpected: &str) -> &'static str {
    const KINDS: [&str; 13] = [
        "string",
        "integer",
        "floating point",
        "boolean",
        "null",
        "unit",
        "map",
        "sequence",
        "character",
        "byte array",
        "Option value",
        "newtype struct",
        "enum",
    ];
    KINDS
        .into_iter()
        .find(|kind| unexpected.starts_with(kind))
        .unwrap_or("value")
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl Error for JsonError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_error<T: serde::de::DeserializeOwned + fmt::Debug>(json: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(v) => format!("unexpected success: {v:?}"),
            Err(e) => JsonError::sanitize(&e).to_string(),
        }
    }

    #[test]
    fn values_from_the_input_are_never_quoted() {
        let msg = data_error::<u32>(r#""hunter2""#);
        assert_eq!(msg, "invalid type: string, expected u32 at line 1 column 9");
        let msg = data_error::<String>("123456");
        assert_eq!(
            msg,
            "invalid type: integer, expected a string at line 1 column 6"
        );
        let msg = data_error::<u8>("999999");
        assert_eq!(
            msg,
            "invalid value: integer, expected u8 at line 1 column 6"
        );
        let msg = data_error::<bool>(r#""x, expected secret""#);
        assert!(!msg.contains("secret"), "{msg}");
    }

    #[test]
    fn syntax_messages_are_kept() {
        let msg = data_error::<serde_json::Value>("{");
        assert_eq!(msg, "EOF while parsing an object at line 1 column 1");
    }

    #[test]
    fn type_names_are_shortened() {
        assert_eq!(short_type_name("a::b::Foo"), "Foo");
        assert_eq!(short_type_name("Foo"), "Foo");
        assert_eq!(
            short_type_name("alloc::vec::Vec<a::B>"),
            "alloc::vec::Vec<a::B>"
        );
    }
}
