//! Keys of the `AuthParameters` / `ChallengeParameters` / `ChallengeResponses` maps, and the
//! challenge parameters whose string value is itself JSON (spec §5.1).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::json_out::{self, JsonObject};
use crate::{ChallengeName, DecodeError, Document, SensitiveMap, UserVerificationRequirement};

/// Key names inside `AuthParameters`, `ChallengeParameters` and `ChallengeResponses` (spec §4.1, §5.2).
///
/// ```
/// use cognito_flow_wire::{keys, SensitiveMap};
///
/// let mut answers = SensitiveMap::new();
/// answers
///     .insert(keys::USERNAME, "alice")
///     .insert(keys::PASSWORD_CLAIM_SIGNATURE, "sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA=")
///     .insert(keys::PASSWORD_CLAIM_SECRET_BLOCK, "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=")
///     .insert(keys::TIMESTAMP, "Tue Mar 5 07:04:09 UTC 2024");
/// assert_eq!(answers.len(), 4);
/// assert_eq!(keys::REQUIRED_ATTRIBUTES, "requiredAttributes");
/// ```
pub mod keys {
    /// `USERNAME`: in `AuthParameters`, `ChallengeParameters` and every `ChallengeResponses`.
    pub const USERNAME: &str = "USERNAME";
    /// `PASSWORD`: `USER_PASSWORD_AUTH` / `ADMIN_USER_PASSWORD_AUTH`, and `USER_AUTH`'s `PASSWORD` factor.
    pub const PASSWORD: &str = "PASSWORD";
    /// `SRP_A`: the client's SRP public value (hex).
    pub const SRP_A: &str = "SRP_A";
    /// `SECRET_HASH`: HMAC over username and client ID (clients with a secret).
    pub const SECRET_HASH: &str = "SECRET_HASH";
    /// `DEVICE_KEY`: a remembered device's key.
    pub const DEVICE_KEY: &str = "DEVICE_KEY";
    /// `REFRESH_TOKEN`: `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`.
    pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
    /// `CHALLENGE_NAME`: `CUSTOM_AUTH` starting with SRP (`"SRP_A"`).
    pub const CHALLENGE_NAME: &str = "CHALLENGE_NAME";
    /// `PREFERRED_CHALLENGE`: `USER_AUTH` preferred first factor.
    pub const PREFERRED_CHALLENGE: &str = "PREFERRED_CHALLENGE";
    /// `TARGET_ACR_VALUES`: `USER_AUTH` step-up.
    pub const TARGET_ACR_VALUES: &str = "TARGET_ACR_VALUES";
    /// `ACCESS_TOKEN`: `USER_AUTH` step-up.
    pub const ACCESS_TOKEN: &str = "ACCESS_TOKEN";
    /// `MAX_AGE`: `USER_AUTH` step-up.
    pub const MAX_AGE: &str = "MAX_AGE";
    /// `SALT`: SRP salt (signed hex, may start with `-`).
    pub const SALT: &str = "SALT";
    /// `SRP_B`: the service's SRP public value (hex).
    pub const SRP_B: &str = "SRP_B";
    /// `SECRET_BLOCK`: opaque base64 SRP state.
    pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
    /// `USER_ID_FOR_SRP`: the canonical username for SRP.
    pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
    /// `PASSWORD_CLAIM_SIGNATURE`: base64 HMAC proof.
    pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
    /// `PASSWORD_CLAIM_SECRET_BLOCK`: `SECRET_BLOCK` echoed verbatim.
    pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
    /// `TIMESTAMP`: `EEE MMM d HH:mm:ss UTC yyyy`.
    pub const TIMESTAMP: &str = "TIMESTAMP";
    /// `NEW_PASSWORD`: answer to `NEW_PASSWORD_REQUIRED`.
    pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
    /// `SMS_MFA_CODE`: answer to `SMS_MFA`.
    pub const SMS_MFA_CODE: &str = "SMS_MFA_CODE";
    /// `EMAIL_OTP_CODE`: answer to `EMAIL_OTP`.
    pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
    /// `SMS_OTP_CODE`: answer to `SMS_OTP`.
    pub const SMS_OTP_CODE: &str = "SMS_OTP_CODE";
    /// `SOFTWARE_TOKEN_MFA_CODE`: answer to `SOFTWARE_TOKEN_MFA`.
    pub const SOFTWARE_TOKEN_MFA_CODE: &str = "SOFTWARE_TOKEN_MFA_CODE";
    /// `ANSWER`: answer to `SELECT_MFA_TYPE`, `SELECT_CHALLENGE`, `CUSTOM_CHALLENGE`.
    pub const ANSWER: &str = "ANSWER";
    /// `EMAIL`: answer to `MFA_SETUP` when setting up e-mail MFA.
    pub const EMAIL: &str = "EMAIL";
    /// `MFAS_CAN_SETUP`: JSON array of challenge names (`MFA_SETUP`).
    pub const MFAS_CAN_SETUP: &str = "MFAS_CAN_SETUP";
    /// `MFAS_CAN_CHOOSE`: JSON array of challenge names (`SELECT_MFA_TYPE`).
    pub const MFAS_CAN_CHOOSE: &str = "MFAS_CAN_CHOOSE";
    /// `CODE_DELIVERY_DELIVERY_MEDIUM`: `SMS` or `EMAIL`.
    pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
    /// `CODE_DELIVERY_DESTINATION`: masked phone number or address.
    pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
    /// `requiredAttributes`: JSON array of `userAttributes.<name>` (`NEW_PASSWORD_REQUIRED`).
    pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
    /// `userAttributes`: JSON object of the user's current attributes (`NEW_PASSWORD_REQUIRED`).
    pub const USER_ATTRIBUTES: &str = "userAttributes";
    /// `userAttributes.`: prefix of attribute answers in `ChallengeResponses`
    /// (`userAttributes.name`).
    pub const USER_ATTRIBUTE_PREFIX: &str = "userAttributes.";
    /// `CREDENTIAL_REQUEST_OPTIONS`: JSON WebAuthn request options (`WEB_AUTHN`).
    pub const CREDENTIAL_REQUEST_OPTIONS: &str = "CREDENTIAL_REQUEST_OPTIONS";
    /// `CREDENTIAL`: JSON WebAuthn assertion (answer to `WEB_AUTHN`).
    pub const CREDENTIAL: &str = "CREDENTIAL";
}

/// Decodes `MFAS_CAN_SETUP` (`"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"`): the factors an `MFA_SETUP`
/// challenge lets the user set up.
///
/// # Errors
///
/// [`DecodeError`] if the value is not a JSON array of strings.
///
/// ```
/// use cognito_flow_wire::{decode_mfas_can_setup, ChallengeName};
///
/// let factors = decode_mfas_can_setup(r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#).unwrap();
/// assert_eq!(factors, [ChallengeName::SmsMfa, ChallengeName::SoftwareTokenMfa]);
/// ```
pub fn decode_mfas_can_setup(value: &str) -> Result<Vec<ChallengeName>, DecodeError> {
    decode_param(keys::MFAS_CAN_SETUP, value)
}

/// Encodes `MFAS_CAN_SETUP` (the inverse of [`decode_mfas_can_setup`]).
///
/// ```
/// use cognito_flow_wire::{encode_mfas_can_setup, ChallengeName};
///
/// let value = encode_mfas_can_setup(&[ChallengeName::SoftwareTokenMfa, ChallengeName::EmailOtp]);
/// assert_eq!(value, r#"["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#);
/// ```
pub fn encode_mfas_can_setup(factors: &[ChallengeName]) -> String {
    encode_names(factors)
}

/// Decodes `MFAS_CAN_CHOOSE`: the factors a `SELECT_MFA_TYPE` challenge offers.
///
/// # Errors
///
/// [`DecodeError`] if the value is not a JSON array of strings.
///
/// ```
/// use cognito_flow_wire::{decode_mfas_can_choose, ChallengeName};
///
/// let factors = decode_mfas_can_choose(r#"["SMS_MFA","EMAIL_OTP"]"#).unwrap();
/// assert_eq!(factors, [ChallengeName::SmsMfa, ChallengeName::EmailOtp]);
/// assert!(decode_mfas_can_choose("SMS_MFA").is_err());
/// ```
pub fn decode_mfas_can_choose(value: &str) -> Result<Vec<ChallengeName>, DecodeError> {
    decode_param(keys::MFAS_CAN_CHOOSE, value)
}

/// Encodes `MFAS_CAN_CHOOSE` (the inverse of [`decode_mfas_can_choose`]).
///
/// ```
/// use cognito_flow_wire::{encode_mfas_can_choose, ChallengeName};
///
/// assert_eq!(encode_mfas_can_choose(&[ChallengeName::SmsMfa]), r#"["SMS_MFA"]"#);
/// ```
pub fn encode_mfas_can_choose(factors: &[ChallengeName]) -> String {
    encode_names(factors)
}

/// One entry of `requiredAttributes`: an attribute the user must provide to answer
/// `NEW_PASSWORD_REQUIRED`.
///
/// The wire form is `userAttributes.<name>`; [`name`](Self::name) strips the prefix for display and
/// [`response_key`](Self::response_key) keeps it for the `ChallengeResponses` key. An entry that
/// arrives without the prefix is given it.
///
/// ```
/// use cognito_flow_wire::RequiredAttribute;
///
/// let attr = RequiredAttribute::new("given_name");
/// assert_eq!(attr.name(), "given_name");
/// assert_eq!(attr.response_key(), "userAttributes.given_name");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequiredAttribute {
    key: String,
}

impl RequiredAttribute {
    /// A required attribute named `name` (with or without the `userAttributes.` prefix).
    ///
    /// ```
    /// use cognito_flow_wire::RequiredAttribute;
    ///
    /// assert_eq!(RequiredAttribute::new("userAttributes.email"), RequiredAttribute::new("email"));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let key = if name.starts_with(keys::USER_ATTRIBUTE_PREFIX) {
            name
        } else {
            format!("{}{name}", keys::USER_ATTRIBUTE_PREFIX)
        };
        Self { key }
    }

    /// The attribute name without the prefix (`email`).
    ///
    /// ```
    /// use cognito_flow_wire::RequiredAttribute;
    ///
    /// assert_eq!(RequiredAttribute::new("userAttributes.name").name(), "name");
    /// ```
    pub fn name(&self) -> &str {
        self.key
            .strip_prefix(keys::USER_ATTRIBUTE_PREFIX)
            .unwrap_or(&self.key)
    }

    /// The `ChallengeResponses` key that answers it (`userAttributes.email`).
    ///
    /// ```
    /// use cognito_flow_wire::RequiredAttribute;
    ///
    /// assert_eq!(RequiredAttribute::new("name").response_key(), "userAttributes.name");
    /// ```
    pub fn response_key(&self) -> &str {
        &self.key
    }
}

/// Decodes `requiredAttributes` (`"[\"userAttributes.name\"]"`, often `"[]"`).
///
/// # Errors
///
/// [`DecodeError`] if the value is not a JSON array of strings.
///
/// ```
/// use cognito_flow_wire::decode_required_attributes;
///
/// let attrs = decode_required_attributes(r#"["userAttributes.name","userAttributes.email"]"#).unwrap();
/// let names: Vec<_> = attrs.iter().map(|a| a.name()).collect();
/// assert_eq!(names, ["name", "email"]);
/// assert!(decode_required_attributes("[]").unwrap().is_empty());
/// ```
pub fn decode_required_attributes(value: &str) -> Result<Vec<RequiredAttribute>, DecodeError> {
    let names: Vec<String> = decode_param(keys::REQUIRED_ATTRIBUTES, value)?;
    Ok(names.into_iter().map(RequiredAttribute::new).collect())
}

/// Encodes `requiredAttributes` (the inverse of [`decode_required_attributes`]).
///
/// ```
/// use cognito_flow_wire::{encode_required_attributes, RequiredAttribute};
///
/// let value = encode_required_attributes(&[RequiredAttribute::new("name")]);
/// assert_eq!(value, r#"["userAttributes.name"]"#);
/// ```
pub fn encode_required_attributes(attributes: &[RequiredAttribute]) -> String {
    json_out::array(
        attributes
            .iter()
            .map(|a| json_out::quoted(a.response_key())),
    )
}

/// Decodes `userAttributes`: the user's current attributes as a JSON object. Attribute values are
/// `sensitive` in the model, so the result is a [`SensitiveMap`]. Values that are not strings (the
/// service sends strings, `"email_verified":"true"`) are kept as their JSON text.
///
/// # Errors
///
/// [`DecodeError`] if the value is not a JSON object.
///
/// ```
/// use cognito_flow_wire::decode_user_attributes;
///
/// let attrs = decode_user_attributes(r#"{"email":"alice@example.com","email_verified":"true"}"#).unwrap();
/// assert_eq!(attrs.secret("email"), Some("alice@example.com"));
/// ```
pub fn decode_user_attributes(value: &str) -> Result<SensitiveMap, DecodeError> {
    let map: Map<String, Value> = decode_param(keys::USER_ATTRIBUTES, value)?;
    Ok(map
        .into_iter()
        .map(|(name, value)| match value {
            Value::String(text) => (name, text),
            other => (name, other.to_string()),
        })
        .collect())
}

/// Encodes `userAttributes` (the inverse of [`decode_user_attributes`]).
///
/// ```
/// use cognito_flow_wire::{encode_user_attributes, SensitiveMap};
///
/// let attrs: SensitiveMap = [("email", "alice@example.com")].into_iter().collect();
/// assert_eq!(encode_user_attributes(&attrs), r#"{"email":"alice@example.com"}"#);
/// ```
pub fn encode_user_attributes(attributes: &SensitiveMap) -> String {
    let mut obj = JsonObject::new();
    for (name, value) in attributes.expose_secret() {
        obj.string(name, value);
    }
    obj.finish()
}

/// WebAuthn `PublicKeyCredentialRequestOptionsJSON`: the `CREDENTIAL_REQUEST_OPTIONS` of a `WEB_AUTHN`
/// challenge (spec §5.11). Members this type does not name are kept in [`extra`](Self::extra) and
/// written back by [`encode_credential_request_options`].
///
/// ```
/// use cognito_flow_wire::{decode_credential_request_options, UserVerificationRequirement};
///
/// let options = decode_credential_request_options(
///     r#"{"challenge":"Y2hhbGxlbmdl","rpId":"example.com","timeout":180000,
///         "allowCredentials":[{"type":"public-key","id":"Y3JlZA","transports":["internal"]}],
///         "userVerification":"required"}"#,
/// ).unwrap();
/// assert_eq!(options.rp_id.as_deref(), Some("example.com"));
/// assert_eq!(options.allow_credentials.unwrap()[0].id, "Y3JlZA");
/// assert_eq!(options.user_verification, Some(UserVerificationRequirement::Required));
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CredentialRequestOptions {
    /// `challenge` (required): base64url.
    pub challenge: String,
    /// `rpId`: the relying party.
    pub rp_id: Option<String>,
    /// `timeout`: milliseconds.
    pub timeout: Option<u64>,
    /// `allowCredentials`: the user's registered passkeys.
    pub allow_credentials: Option<Vec<CredentialDescriptor>>,
    /// `userVerification`.
    pub user_verification: Option<UserVerificationRequirement>,
    /// Every other member (`hints`, `extensions`, ...), unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Document>,
}

impl CredentialRequestOptions {
    /// Options with just a challenge.
    ///
    /// ```
    /// use cognito_flow_wire::{encode_credential_request_options, CredentialRequestOptions};
    ///
    /// let mut options = CredentialRequestOptions::new("Y2hhbGxlbmdl");
    /// options.rp_id = Some("example.com".into());
    /// assert_eq!(encode_credential_request_options(&options),
    ///     r#"{"challenge":"Y2hhbGxlbmdl","rpId":"example.com"}"#);
    /// ```
    pub fn new(challenge: impl Into<String>) -> Self {
        Self {
            challenge: challenge.into(),
            rp_id: None,
            timeout: None,
            allow_credentials: None,
            user_verification: None,
            extra: BTreeMap::new(),
        }
    }
}

/// WebAuthn `PublicKeyCredentialDescriptorJSON`: one entry of `allowCredentials`.
///
/// ```
/// use cognito_flow_wire::CredentialDescriptor;
///
/// let descriptor = CredentialDescriptor::new("Y3JlZA");
/// assert_eq!(descriptor.type_, "public-key");
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CredentialDescriptor {
    /// `type` (`public-key`).
    #[serde(rename = "type")]
    pub type_: String,
    /// `id`: the credential ID, base64url.
    pub id: String,
    /// `transports` (`internal`, `hybrid`, `usb`, ...).
    pub transports: Option<Vec<String>>,
    /// Every other member, unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Document>,
}

impl CredentialDescriptor {
    /// A `public-key` descriptor for credential `id`.
    ///
    /// ```
    /// use cognito_flow_wire::CredentialDescriptor;
    ///
    /// assert!(CredentialDescriptor::new("Y3JlZA").transports.is_none());
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            type_: "public-key".to_owned(),
            id: id.into(),
            transports: None,
            extra: BTreeMap::new(),
        }
    }

    fn to_json(&self) -> String {
        let mut obj = JsonObject::new();
        obj.string("type", &self.type_).string("id", &self.id);
        if let Some(transports) = &self.transports {
            obj.raw("transports", &string_array(transports));
        }
        write_extra(&mut obj, &self.extra, &["type", "id", "transports"]);
        obj.finish()
    }
}

/// Decodes `CREDENTIAL_REQUEST_OPTIONS`.
///
/// # Errors
///
/// [`DecodeError`] if the value is not a JSON object with a string `challenge` and well-typed members.
///
/// ```
/// use cognito_flow_wire::decode_credential_request_options;
///
/// let options = decode_credential_request_options(r#"{"challenge":"abc","hints":["client-device"]}"#).unwrap();
/// assert_eq!(options.extra["hints"].to_json(), r#"["client-device"]"#);
/// assert!(decode_credential_request_options(r#"{"rpId":"example.com"}"#).is_err());
/// ```
pub fn decode_credential_request_options(
    value: &str,
) -> Result<CredentialRequestOptions, DecodeError> {
    decode_param(keys::CREDENTIAL_REQUEST_OPTIONS, value)
}

/// Encodes `CREDENTIAL_REQUEST_OPTIONS` (the inverse of [`decode_credential_request_options`]).
/// Named members come first, in WebAuthn order, then [`extra`](CredentialRequestOptions::extra)
/// members whose names do not clash with them.
///
/// ```
/// use cognito_flow_wire::{
///     encode_credential_request_options, CredentialDescriptor, CredentialRequestOptions,
///     UserVerificationRequirement,
/// };
///
/// let mut options = CredentialRequestOptions::new("Y2hhbGxlbmdl");
/// options.timeout = Some(180000);
/// options.allow_credentials = Some(vec![CredentialDescriptor::new("Y3JlZA")]);
/// options.user_verification = Some(UserVerificationRequirement::Preferred);
/// assert_eq!(
///     encode_credential_request_options(&options),
///     r#"{"challenge":"Y2hhbGxlbmdl","timeout":180000,"allowCredentials":[{"type":"public-key","id":"Y3JlZA"}],"userVerification":"preferred"}"#,
/// );
/// ```
pub fn encode_credential_request_options(options: &CredentialRequestOptions) -> String {
    let mut obj = JsonObject::new();
    obj.string("challenge", &options.challenge);
    if let Some(timeout) = options.timeout {
        obj.raw("timeout", &timeout.to_string());
    }
    if let Some(rp_id) = &options.rp_id {
        obj.string("rpId", rp_id);
    }
    if let Some(credentials) = &options.allow_credentials {
        obj.raw(
            "allowCredentials",
            &json_out::array(credentials.iter().map(CredentialDescriptor::to_json)),
        );
    }
    if let Some(uv) = &options.user_verification {
        obj.string("userVerification", uv.as_str());
    }
    write_extra(
        &mut obj,
        &options.extra,
        &[
            "challenge",
            "timeout",
            "rpId",
            "allowCredentials",
            "userVerification",
        ],
    );
    obj.finish()
}

fn decode_param<T: serde::de::DeserializeOwned>(
    key: &'static str,
    value: &str,
) -> Result<T, DecodeError> {
    serde_json::from_str(value).map_err(|e| DecodeError::challenge_parameter(key, e))
}

fn encode_names(names: &[ChallengeName]) -> String {
    json_out::array(names.iter().map(|n| json_out::quoted(n.as_str())))
}

fn string_array(items: &[String]) -> String {
    json_out::array(items.iter().map(|s| json_out::quoted(s)))
}

/// Writes the pass-through members, skipping any whose name a named member already used.
fn write_extra(obj: &mut JsonObject, extra: &BTreeMap<String, Document>, named: &[&str]) {
    for (name, value) in extra {
        if !named.contains(&name.as_str()) {
            obj.raw(name, &value.to_json());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mfa_lists_keep_unknown_names() -> Result<(), DecodeError> {
        let names = decode_mfas_can_setup(r#"["SMS_MFA","HARDWARE_KEY_MFA"]"#)?;
        assert_eq!(names[0], ChallengeName::SmsMfa);
        assert_eq!(names[1].as_str(), "HARDWARE_KEY_MFA");
        assert_eq!(
            encode_mfas_can_setup(&names),
            r#"["SMS_MFA","HARDWARE_KEY_MFA"]"#
        );
        Ok(())
    }

    #[test]
    fn bad_parameters_name_the_key() {
        for (result, key) in [
            (decode_mfas_can_setup("nope").err(), "MFAS_CAN_SETUP"),
            (decode_mfas_can_choose("[1]").err(), "MFAS_CAN_CHOOSE"),
            (decode_required_attributes("{}").err(), "requiredAttributes"),
            (decode_user_attributes("[]").err(), "userAttributes"),
            (
                decode_credential_request_options("{}").err(),
                "CREDENTIAL_REQUEST_OPTIONS",
            ),
        ] {
            let message = result.map(|e| e.to_string()).unwrap_or_default();
            assert_eq!(
                message,
                format!("failed to decode challenge parameter {key}")
            );
        }
    }

    #[test]
    fn user_attribute_scalars_become_text() -> Result<(), DecodeError> {
        let attrs = decode_user_attributes(r#"{"email_verified":true,"n":3,"s":"x"}"#)?;
        assert_eq!(attrs.secret("email_verified"), Some("true"));
        assert_eq!(attrs.secret("n"), Some("3"));
        assert_eq!(attrs.secret("s"), Some("x"));
        Ok(())
    }

    #[test]
    fn required_attribute_without_prefix_gets_one() -> Result<(), DecodeError> {
        let attrs = decode_required_attributes(r#"["phone_number"]"#)?;
        assert_eq!(attrs[0].response_key(), "userAttributes.phone_number");
        assert_eq!(attrs[0].name(), "phone_number");
        Ok(())
    }

    #[test]
    fn credential_options_keep_unknown_members() -> Result<(), DecodeError> {
        let text = r#"{"challenge":"c","timeout":1,"rpId":"r","allowCredentials":[{"type":"public-key","id":"i","transports":["usb"],"x":1}],"userVerification":"discouraged","extensions":{"appid":"a"}}"#;
        let options = decode_credential_request_options(text)?;
        assert_eq!(
            options.user_verification,
            Some(UserVerificationRequirement::Discouraged)
        );
        assert_eq!(encode_credential_request_options(&options), text);
        Ok(())
    }
}
