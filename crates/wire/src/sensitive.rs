//! Wire-level wrappers for members the service model marks `sensitive`.
//!
//! They (de)serialize exactly like the value they hold, print `<redacted>` under `Debug`, zeroize their
//! contents when dropped, and have no `Display` and no `PartialEq` (compare what `expose_secret` returns
//! when you must). Reading the value takes an explicit `expose_secret` call.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

const REDACTED: &str = "<redacted>";

/// A string member that must not show up in logs: a session, token, password, code, client ID, secret
/// hash, username, attribute value.
///
/// Serializes as a plain JSON string. `Debug` prints `<redacted>`; the heap buffer is zeroized on drop.
///
/// ```
/// use cognito_flow_wire::SensitiveString;
///
/// let session = SensitiveString::new("AYABeC1session-from-the-service");
/// assert_eq!(format!("{session:?}"), "<redacted>");
/// assert_eq!(session.expose_secret(), "AYABeC1session-from-the-service");
/// ```
#[derive(Clone)]
pub struct SensitiveString(String);

impl SensitiveString {
    /// Wraps a secret string.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveString;
    ///
    /// let password = SensitiveString::new(String::from("correct horse"));
    /// assert_eq!(password.expose_secret().len(), 13);
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret text.
    ///
    /// # Security Warning
    ///
    /// The returned `&str` is not redacted: do not log it, and do not copy it into a buffer that is not
    /// zeroized.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveString;
    ///
    /// assert_eq!(SensitiveString::new("123456").expose_secret(), "123456");
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Moves the secret out, leaving nothing behind to zeroize.
    ///
    /// # Security Warning
    ///
    /// The caller becomes responsible for the returned `String`: move it into a zeroizing type (for
    /// example `zeroize::Zeroizing<String>`) rather than letting it drop unzeroized.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveString;
    ///
    /// let token = SensitiveString::new("eyJraWQiOi");
    /// let raw: String = token.into_inner();
    /// assert_eq!(raw, "eyJraWQiOi");
    /// ```
    pub fn into_inner(mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

impl Drop for SensitiveString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for SensitiveString {}

impl fmt::Debug for SensitiveString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for SensitiveString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SensitiveString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Serialize for SensitiveString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SensitiveString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// A string-to-string map whose values are secret: `AuthParameters`, `ChallengeResponses`, and the
/// decoded `userAttributes` challenge parameter.
///
/// Serializes as a plain JSON object (keys in sorted order). `Debug` prints `<redacted>`; every key and
/// value is zeroized on drop.
///
/// ```
/// use cognito_flow_wire::{keys, SensitiveMap};
///
/// let mut answers = SensitiveMap::new();
/// answers.insert(keys::USERNAME, "alice");
/// answers.insert(keys::NEW_PASSWORD, "n3w-Passw0rd!");
/// assert_eq!(format!("{answers:?}"), "<redacted>");
/// assert_eq!(answers.secret(keys::NEW_PASSWORD), Some("n3w-Passw0rd!"));
/// ```
#[derive(Clone, Default)]
pub struct SensitiveMap(BTreeMap<String, String>);

impl SensitiveMap {
    /// An empty map.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveMap;
    ///
    /// assert!(SensitiveMap::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`; a value it replaces is zeroized.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let mut params = SensitiveMap::new();
    /// params.insert(keys::USERNAME, "alice").insert(keys::PASSWORD, "hunter2");
    /// assert_eq!(params.len(), 2);
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        if let Some(mut old) = self.0.insert(key.into(), value.into()) {
            old.zeroize();
        }
        self
    }

    /// Removes `key` and returns its value, still wrapped.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let mut params: SensitiveMap = [(keys::PASSWORD, "hunter2")].into_iter().collect();
    /// let password = params.remove(keys::PASSWORD).expect("present");
    /// assert_eq!(password.expose_secret(), "hunter2");
    /// assert!(params.is_empty());
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<SensitiveString> {
        self.0.remove(key).map(SensitiveString)
    }

    /// The value stored under `key`.
    ///
    /// # Security Warning
    ///
    /// The returned `&str` is not redacted: do not log it.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let params: SensitiveMap = [(keys::SRP_A, "a1b2")].into_iter().collect();
    /// assert_eq!(params.secret(keys::SRP_A), Some("a1b2"));
    /// assert_eq!(params.secret(keys::PASSWORD), None);
    /// ```
    pub fn secret(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Whether `key` is present.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let params: SensitiveMap = [(keys::DEVICE_KEY, "us-east-1_1234")].into_iter().collect();
    /// assert!(params.contains_key(keys::DEVICE_KEY));
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The keys, in sorted order. Keys are parameter names, not secrets.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let params: SensitiveMap =
    ///     [(keys::USERNAME, "alice"), (keys::ANSWER, "SMS_MFA")].into_iter().collect();
    /// assert_eq!(params.keys().collect::<Vec<_>>(), ["ANSWER", "USERNAME"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The number of entries.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveMap;
    ///
    /// assert_eq!(SensitiveMap::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the map is empty.
    ///
    /// ```
    /// use cognito_flow_wire::SensitiveMap;
    ///
    /// assert!(SensitiveMap::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The whole map.
    ///
    /// # Security Warning
    ///
    /// The returned map is not redacted: do not log it.
    ///
    /// ```
    /// use cognito_flow_wire::{keys, SensitiveMap};
    ///
    /// let params: SensitiveMap = [(keys::USERNAME, "alice")].into_iter().collect();
    /// assert_eq!(params.expose_secret().get("USERNAME").map(String::as_str), Some("alice"));
    /// ```
    pub fn expose_secret(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

impl Drop for SensitiveMap {
    fn drop(&mut self) {
        for (mut key, mut value) in std::mem::take(&mut self.0) {
            key.zeroize();
            value.zeroize();
        }
    }
}

impl ZeroizeOnDrop for SensitiveMap {}

impl fmt::Debug for SensitiveMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for SensitiveMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

impl From<BTreeMap<String, String>> for SensitiveMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(map)
    }
}

impl Serialize for SensitiveMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SensitiveMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", SensitiveString::new("p4ss")), "<redacted>");
        assert_eq!(format!("{:#?}", SensitiveString::new("p4ss")), "<redacted>");
        let map: SensitiveMap = [("PASSWORD", "p4ss")].into_iter().collect();
        assert_eq!(format!("{map:?}"), "<redacted>");
        assert_eq!(
            format!("{:?}", Some(SensitiveString::new("p4ss"))),
            "Some(<redacted>)"
        );
    }

    #[test]
    fn serde_is_transparent() -> Result<(), serde_json::Error> {
        let s: SensitiveString = serde_json::from_str(r#""abc\u0041""#)?;
        assert_eq!(s.expose_secret(), "abcA");
        assert_eq!(serde_json::to_string(&s)?, r#""abcA""#);

        let m: SensitiveMap = serde_json::from_str(r#"{"b":"2","a":"1"}"#)?;
        assert_eq!(serde_json::to_string(&m)?, r#"{"a":"1","b":"2"}"#);
        Ok(())
    }

    #[test]
    fn insert_replaces() {
        let mut m = SensitiveMap::new();
        m.insert("K", "one").insert("K", "two");
        assert_eq!(m.secret("K"), Some("two"));
        assert_eq!(m.len(), 1);
    }
}
