//! Non-string scalars of the JSON 1.1 protocol: timestamps and documents.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::DecodeError;

/// A JSON 1.1 timestamp (`DateType`): seconds since the Unix epoch, sent as a JSON number that may be
/// fractional (`1706045623.393`).
///
/// Integral values serialize as JSON integers, others as floats, so a timestamp re-encodes as it came.
///
/// ```
/// use cognito_flow_wire::Timestamp;
///
/// let t: Timestamp = serde_json::from_str("1706045623.5").unwrap();
/// assert_eq!(t.as_epoch_seconds_f64(), 1706045623.5);
/// assert_eq!(serde_json::to_string(&Timestamp::from_epoch_seconds(1700000000)).unwrap(), "1700000000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Timestamp(f64);

/// Integral timestamps up to this magnitude are exact in an `f64` and print as integers.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0; // 2^53

impl Timestamp {
    /// A timestamp at a whole number of seconds since the epoch.
    ///
    /// ```
    /// use cognito_flow_wire::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_epoch_seconds(60).as_epoch_seconds_f64(), 60.0);
    /// ```
    #[allow(clippy::cast_precision_loss)] // exact for every realistic date (|secs| < 2^53)
    pub const fn from_epoch_seconds(secs: i64) -> Self {
        Self(secs as f64)
    }

    /// A timestamp at a possibly fractional number of seconds; `None` for NaN or an infinity, which JSON
    /// cannot carry.
    ///
    /// ```
    /// use cognito_flow_wire::Timestamp;
    ///
    /// assert!(Timestamp::from_epoch_seconds_f64(1.5).is_some());
    /// assert!(Timestamp::from_epoch_seconds_f64(f64::NAN).is_none());
    /// ```
    pub fn from_epoch_seconds_f64(secs: f64) -> Option<Self> {
        secs.is_finite().then_some(Self(secs))
    }

    /// Seconds since the epoch.
    ///
    /// ```
    /// use cognito_flow_wire::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_epoch_seconds(-1).as_epoch_seconds_f64(), -1.0);
    /// ```
    pub const fn as_epoch_seconds_f64(self) -> f64 {
        self.0
    }

    /// The timestamp as a [`SystemTime`], or `None` if it is out of `SystemTime`'s range.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use cognito_flow_wire::Timestamp;
    ///
    /// let t = Timestamp::from_epoch_seconds_f64(1.25).unwrap();
    /// assert_eq!(t.to_system_time(), Some(UNIX_EPOCH + Duration::from_millis(1250)));
    /// ```
    pub fn to_system_time(self) -> Option<SystemTime> {
        let magnitude = Duration::try_from_secs_f64(self.0.abs()).ok()?;
        if self.0 >= 0.0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() <= MAX_EXACT {
            #[allow(clippy::cast_possible_truncation)] // integral and within ±2^53
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let secs = f64::deserialize(deserializer)?;
        Self::from_epoch_seconds_f64(secs)
            .ok_or_else(|| serde::de::Error::custom("timestamp is not a finite number"))
    }
}

/// A Smithy document: arbitrary JSON embedded in a request or response as JSON (not as a string).
/// Used for `StartWebAuthnRegistration.CredentialCreationOptions` and
/// `CompleteWebAuthnRegistration.Credential`.
///
/// This is a newtype rather than a public `serde_json::Value` so that serde_json stays out of the
/// crate's public API (a serde_json major release would otherwise be a breaking change here too).
/// Read it as text with [`to_json`](Self::to_json) or as any `Deserialize` type with
/// [`deserialize_into`](Self::deserialize_into).
///
/// ```
/// use cognito_flow_wire::Document;
///
/// let doc = Document::from_json(r#"{"challenge":"abc","rp":{"id":"example.com"}}"#).unwrap();
/// assert_eq!(doc.to_json(), r#"{"challenge":"abc","rp":{"id":"example.com"}}"#);
/// ```
#[derive(Clone, PartialEq)]
pub struct Document(serde_json::Value);

impl Document {
    /// Parses JSON text into a document.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if `json` is not valid JSON.
    ///
    /// ```
    /// use cognito_flow_wire::Document;
    ///
    /// assert!(Document::from_json("[1, 2, 3]").is_ok());
    /// assert!(Document::from_json("{oops").is_err());
    /// ```
    pub fn from_json(json: &str) -> Result<Self, DecodeError> {
        serde_json::from_str(json)
            .map(Self)
            .map_err(DecodeError::document)
    }

    /// The document as compact JSON text.
    ///
    /// ```
    /// use cognito_flow_wire::Document;
    ///
    /// let doc = Document::from_json(r#"{ "a" : [ true ] }"#).unwrap();
    /// assert_eq!(doc.to_json(), r#"{"a":[true]}"#);
    /// ```
    pub fn to_json(&self) -> String {
        self.0.to_string()
    }

    /// Deserializes the document into a typed value (for example a WebAuthn library's
    /// `PublicKeyCredentialCreationOptions`).
    ///
    /// # Errors
    ///
    /// [`DecodeError`] if the document does not have the shape `T` expects.
    ///
    /// ```
    /// use cognito_flow_wire::Document;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Options { challenge: String }
    ///
    /// let doc = Document::from_json(r#"{"challenge":"abc","timeout":60000}"#).unwrap();
    /// let options: Options = doc.deserialize_into().unwrap();
    /// assert_eq!(options.challenge, "abc");
    /// ```
    pub fn deserialize_into<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        T::deserialize(&self.0).map_err(DecodeError::document)
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Document")
            .field(&format_args!("{}", self.0))
            .finish()
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_json_form() -> Result<(), serde_json::Error> {
        for text in ["1700000000", "1706045623.393", "-5", "0", "1.5e-3"] {
            let t: Timestamp = serde_json::from_str(text)?;
            let expected: serde_json::Value = serde_json::from_str(text)?;
            assert_eq!(serde_json::to_value(t)?, expected, "{text}");
        }
        assert!(serde_json::from_str::<Timestamp>("\"1700000000\"").is_err());
        Ok(())
    }

    #[test]
    fn negative_timestamps_convert() {
        let t = Timestamp::from_epoch_seconds(-10);
        assert_eq!(
            t.to_system_time(),
            UNIX_EPOCH.checked_sub(Duration::from_secs(10))
        );
    }

    #[test]
    fn document_debug_shows_json() -> Result<(), DecodeError> {
        let doc = Document::from_json(r#"{"a":1}"#)?;
        assert_eq!(format!("{doc:?}"), r#"Document({"a":1})"#);
        Ok(())
    }
}
