//! The error envelope of the AWS JSON 1.1 protocol (spec §1.5).

use serde_json::{Map, Value};

use crate::json_out::JsonObject;

/// A modelled service error: its code (`NotAuthorizedException`), message, and for
/// `InvalidParameterException` the optional `reasonCode`.
///
/// Decoding follows spec §1.5 (and the Smithy awsJson1_1 rules it mirrors): the body's `__type` or
/// `code` first, else the `x-amzn-ErrorType` header; a code is cut at its first `:` and then keeps
/// only what follows its last `#`, so `com.amazonaws.cognito#NotAuthorizedException` and
/// `NotAuthorizedException:` both give `NotAuthorizedException`. Dispatch on [`code`](Self::code), never
/// on the message or the HTTP status.
///
/// ```
/// use cognito_flow_wire::ErrorEnvelope;
///
/// let body = br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
/// let error = ErrorEnvelope::decode(None, None, body).unwrap();
/// assert_eq!(error.code(), "NotAuthorizedException");
/// assert_eq!(error.message(), Some("Incorrect username or password."));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEnvelope {
    code: String,
    message: Option<String>,
    reason_code: Option<String>,
}

impl ErrorEnvelope {
    /// Decodes an error response from its `x-amzn-ErrorType` and `x-amzn-ErrorMessage` headers (if
    /// present) and its body. Returns `None` when neither the body nor the header gives a code: the
    /// caller then classifies the failure by HTTP status.
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// // From the headers when the body has no code (here: not even JSON).
    /// let error = ErrorEnvelope::decode(
    ///     Some("InvalidParameterException:"),
    ///     Some("Missing required parameter Session"),
    ///     b"<html>Bad Request</html>",
    /// ).unwrap();
    /// assert_eq!(error.code(), "InvalidParameterException");
    /// assert_eq!(error.message(), Some("Missing required parameter Session"));
    ///
    /// assert_eq!(ErrorEnvelope::decode(None, None, b"{}"), None);
    /// ```
    pub fn decode(
        error_type_header: Option<&str>,
        error_message_header: Option<&str>,
        body: &[u8],
    ) -> Option<ErrorEnvelope> {
        let body: Option<Map<String, Value>> = serde_json::from_slice(body).ok();
        let body_str = |key: &str| {
            body.as_ref()
                .and_then(|map| map.get(key))
                .and_then(Value::as_str)
        };

        let code = ["__type", "code"]
            .into_iter()
            .find_map(|key| body_str(key).and_then(sanitize_code))
            .or_else(|| error_type_header.and_then(sanitize_code))?;
        let message = ["message", "Message"]
            .into_iter()
            .find_map(body_str)
            .or(error_message_header)
            .map(str::to_owned);
        let reason_code = body_str("reasonCode").map(str::to_owned);
        Some(Self {
            code: code.to_owned(),
            message,
            reason_code,
        })
    }

    /// An envelope with just a code, for the emulator to send.
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let error = ErrorEnvelope::new("TooManyRequestsException");
    /// assert_eq!(error.message(), None);
    /// ```
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: None,
            reason_code: None,
        }
    }

    /// Sets the message.
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let error = ErrorEnvelope::new("NotAuthorizedException").with_message("User is disabled.");
    /// assert_eq!(error.message(), Some("User is disabled."));
    /// ```
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the `reasonCode` (used by `InvalidParameterException`).
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let error = ErrorEnvelope::new("InvalidParameterException").with_reason_code("INVALID_EMAIL");
    /// assert_eq!(error.reason_code(), Some("INVALID_EMAIL"));
    /// ```
    #[must_use]
    pub fn with_reason_code(mut self, reason_code: impl Into<String>) -> Self {
        self.reason_code = Some(reason_code.into());
        self
    }

    /// The error code, without namespace or suffix (`NotAuthorizedException`).
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let body = br#"{"__type":"com.amazonaws.cognito#CodeMismatchException"}"#;
    /// assert_eq!(ErrorEnvelope::decode(None, None, body).unwrap().code(), "CodeMismatchException");
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human-readable message, if any. Do not branch on it.
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let body = br#"{"__type":"ExpiredCodeException","Message":"Invalid code provided"}"#;
    /// assert_eq!(ErrorEnvelope::decode(None, None, body).unwrap().message(), Some("Invalid code provided"));
    /// ```
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The `reasonCode` member, if any.
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let body = br#"{"__type":"InvalidParameterException","reasonCode":"INVALID_PHONE_NUMBER"}"#;
    /// let error = ErrorEnvelope::decode(None, None, body).unwrap();
    /// assert_eq!(error.reason_code(), Some("INVALID_PHONE_NUMBER"));
    /// ```
    pub fn reason_code(&self) -> Option<&str> {
        self.reason_code.as_deref()
    }

    /// The JSON body the service sends: `{"__type":"X","message":"..."}` (members left out when
    /// absent; `reasonCode` last when present).
    ///
    /// ```
    /// use cognito_flow_wire::ErrorEnvelope;
    ///
    /// let error = ErrorEnvelope::new("NotAuthorizedException").with_message("Incorrect username or password.");
    /// assert_eq!(
    ///     error.to_json(),
    ///     br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    /// );
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        let mut obj = JsonObject::new();
        obj.string("__type", &self.code);
        if let Some(message) = &self.message {
            obj.string("message", message);
        }
        if let Some(reason_code) = &self.reason_code {
            obj.string("reasonCode", reason_code);
        }
        obj.finish().into_bytes()
    }
}

/// `a.b#Code:extra` → `Code`; `None` if nothing is left.
fn sanitize_code(raw: &str) -> Option<&str> {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let code = before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim();
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(header: Option<&str>, message: Option<&str>, body: &str) -> Option<ErrorEnvelope> {
        ErrorEnvelope::decode(header, message, body.as_bytes())
    }

    #[test]
    fn body_type_with_message() {
        let e = decode(
            None,
            None,
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        );
        assert_eq!(
            e,
            Some(
                ErrorEnvelope::new("NotAuthorizedException")
                    .with_message("Incorrect username or password.")
            )
        );
    }

    #[test]
    fn body_type_with_namespace_is_cut_after_last_hash() {
        let e = decode(
            None,
            None,
            r#"{"__type":"com.amazonaws#a.b#UserNotFoundException"}"#,
        );
        assert_eq!(
            e.as_ref().map(ErrorEnvelope::code),
            Some("UserNotFoundException")
        );
        assert_eq!(e.and_then(|e| e.message), None);
    }

    #[test]
    fn body_code_member_is_used_when_type_is_absent() {
        let e = decode(
            None,
            None,
            r#"{"code":"TooManyRequestsException","Message":"Rate exceeded"}"#,
        );
        assert_eq!(
            e,
            Some(ErrorEnvelope::new("TooManyRequestsException").with_message("Rate exceeded"))
        );
    }

    #[test]
    fn body_type_wins_over_code_and_header() {
        let e = decode(
            Some("ResourceNotFoundException:"),
            Some("from header"),
            r#"{"__type":"CodeMismatchException","code":"Other","message":"from body"}"#,
        );
        assert_eq!(
            e,
            Some(ErrorEnvelope::new("CodeMismatchException").with_message("from body"))
        );
    }

    #[test]
    fn body_code_without_message_takes_header_message() {
        let e = decode(
            None,
            Some("Invalid session for the user."),
            r#"{"__type":"NotAuthorizedException"}"#,
        );
        assert_eq!(
            e.and_then(|e| e.message),
            Some("Invalid session for the user.".into())
        );
    }

    #[test]
    fn reason_code_is_read() {
        let e = decode(
            None,
            None,
            r#"{"__type":"InvalidParameterException","message":"m","reasonCode":"INVALID_EMAIL"}"#,
        );
        assert_eq!(
            e,
            Some(
                ErrorEnvelope::new("InvalidParameterException")
                    .with_message("m")
                    .with_reason_code("INVALID_EMAIL")
            )
        );
    }

    #[test]
    fn header_when_body_is_not_json() {
        let e = decode(
            Some("NotAuthorizedException:"),
            Some("Incorrect username or password."),
            "",
        );
        assert_eq!(
            e,
            Some(
                ErrorEnvelope::new("NotAuthorizedException")
                    .with_message("Incorrect username or password.")
            )
        );
    }

    #[test]
    fn header_when_body_has_no_code() {
        let e = decode(
            Some("InternalErrorException"),
            None,
            r#"{"message":"boom"}"#,
        );
        assert_eq!(
            e,
            Some(ErrorEnvelope::new("InternalErrorException").with_message("boom"))
        );
    }

    #[test]
    fn header_text_after_colon_is_dropped() {
        let e = decode(
            Some("ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            None,
            "null",
        );
        assert_eq!(e.map(|e| e.code), Some("ValidationException".into()));
    }

    #[test]
    fn non_string_type_falls_back_to_header() {
        let e = decode(Some("LimitExceededException:"), None, r#"{"__type":42}"#);
        assert_eq!(e.map(|e| e.code), Some("LimitExceededException".into()));
    }

    #[test]
    fn none_when_neither_gives_a_code() {
        assert_eq!(
            decode(None, Some("message only"), r#"{"message":"x"}"#),
            None
        );
        assert_eq!(decode(None, None, "not json"), None);
        assert_eq!(decode(Some(":"), None, r##"{"__type":"#"}"##), None);
        assert_eq!(decode(Some("  "), None, "[]"), None);
    }

    #[test]
    fn to_json_round_trips() {
        let e = ErrorEnvelope::new("InvalidParameterException")
            .with_message("Quote \" and \\ backslash")
            .with_reason_code("R");
        let json = e.to_json();
        assert_eq!(ErrorEnvelope::decode(None, None, &json), Some(e));
        assert_eq!(
            ErrorEnvelope::new("X").to_json(),
            br#"{"__type":"X"}"#.to_vec()
        );
    }
}
