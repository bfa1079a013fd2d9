//! Structures shared by several operations (spec §2).

use serde::{Deserialize, Serialize};

use crate::{DeliveryMedium, SensitiveString, Timestamp};

/// `AnalyticsMetadataType`: the Amazon Pinpoint endpoint for sign-in analytics.
///
/// ```
/// use cognito_flow_wire::AnalyticsMetadata;
///
/// let mut meta = AnalyticsMetadata::default();
/// meta.analytics_endpoint_id = Some("endpoint-1".into());
/// assert_eq!(serde_json::to_string(&meta).unwrap(), r#"{"AnalyticsEndpointId":"endpoint-1"}"#);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AnalyticsMetadata {
    /// `AnalyticsEndpointId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

/// `UserContextDataType`: device and network data for threat protection on public operations.
/// The whole structure is `sensitive` in the model, so both members are redacted.
///
/// ```
/// use cognito_flow_wire::UserContextData;
///
/// let mut data = UserContextData::default();
/// data.encoded_data = Some("eyJ...".into());
/// assert_eq!(format!("{data:?}"), "UserContextData { ip_address: None, encoded_data: Some(<redacted>) }");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserContextData {
    /// `IpAddress`: the user's source IP (honoured only for clients with a secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<SensitiveString>,
    /// `EncodedData`: output of the Cognito advanced-security data collection library.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<SensitiveString>,
}

/// `ContextDataType`: server-collected request context for the `Admin*` sign-in operations.
///
/// ```
/// use cognito_flow_wire::{ContextData, HttpHeader};
///
/// let data = ContextData::new("192.0.2.1", "app.example.com", "/login",
///     vec![HttpHeader::new("user-agent", "demo/1.0")]);
/// let json = serde_json::to_value(&data).unwrap();
/// assert_eq!(json["HttpHeaders"][0]["headerName"], "user-agent");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ContextData {
    /// `IpAddress` (required).
    pub ip_address: String,
    /// `ServerName` (required).
    pub server_name: String,
    /// `ServerPath` (required).
    pub server_path: String,
    /// `HttpHeaders` (required).
    pub http_headers: Vec<HttpHeader>,
    /// `EncodedData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<String>,
}

impl ContextData {
    /// Context data with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ContextData;
    ///
    /// let data = ContextData::new("192.0.2.1", "app.example.com", "/login", Vec::new());
    /// assert!(data.encoded_data.is_none());
    /// ```
    pub fn new(
        ip_address: impl Into<String>,
        server_name: impl Into<String>,
        server_path: impl Into<String>,
        http_headers: Vec<HttpHeader>,
    ) -> Self {
        Self {
            ip_address: ip_address.into(),
            server_name: server_name.into(),
            server_path: server_path.into(),
            http_headers,
            encoded_data: None,
        }
    }
}

/// `HttpHeader`: one header of [`ContextData`]. Its members are lower camel case on the wire
/// (`headerName`, `headerValue`), unlike the rest of the API.
///
/// ```
/// use cognito_flow_wire::HttpHeader;
///
/// let header = HttpHeader::new("accept", "*/*");
/// assert_eq!(serde_json::to_string(&header).unwrap(), r#"{"headerName":"accept","headerValue":"*/*"}"#);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HttpHeader {
    /// `headerName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    /// `headerValue`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_value: Option<String>,
}

impl HttpHeader {
    /// A header with both members set.
    ///
    /// ```
    /// use cognito_flow_wire::HttpHeader;
    ///
    /// assert_eq!(HttpHeader::new("host", "example.com").header_name.as_deref(), Some("host"));
    /// ```
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            header_name: Some(name.into()),
            header_value: Some(value.into()),
        }
    }
}

/// `AuthenticationResultType`: the tokens of a completed sign-in or refresh.
///
/// Refresh responses usually carry no `RefreshToken` (keep the old one). `NewDeviceMetadata` is
/// present when device tracking wants the client to confirm a new device.
///
/// ```
/// use cognito_flow_wire::{decode_response, InitiateAuthResponse};
///
/// let body = br#"{"AuthenticationResult":{"AccessToken":"a.b.c","ExpiresIn":3600,"TokenType":"Bearer"}}"#;
/// let response: InitiateAuthResponse = decode_response(body).unwrap();
/// let result = response.authentication_result.unwrap();
/// assert_eq!(result.expires_in, Some(3600));
/// assert_eq!(result.access_token.unwrap().expose_secret(), "a.b.c");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AuthenticationResult {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SensitiveString>,
    /// `ExpiresIn`: the access token's lifetime in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i32>,
    /// `TokenType` (`Bearer`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// `RefreshToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<SensitiveString>,
    /// `IdToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<SensitiveString>,
    /// `NewDeviceMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `NewDeviceMetadataType`: the key and group of a device the service has just started tracking.
///
/// ```
/// use cognito_flow_wire::NewDeviceMetadata;
///
/// let meta: NewDeviceMetadata =
///     serde_json::from_str(r#"{"DeviceKey":"us-east-1_0f1e","DeviceGroupKey":"-Ab12Cd34"}"#).unwrap();
/// assert_eq!(meta.device_group_key.as_deref(), Some("-Ab12Cd34"));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewDeviceMetadata {
    /// `DeviceKey` (`{region}_{uuid}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `DeviceGroupKey`: the SRP "pool name" for device authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_group_key: Option<String>,
}

/// `DeviceSecretVerifierConfigType`: the device's SRP verifier and salt, both base64 (spec §6.9).
///
/// ```
/// use cognito_flow_wire::DeviceSecretVerifierConfig;
///
/// let config = DeviceSecretVerifierConfig::new("FPIH/88+", "AMD/7gARIjNEVWZ3iJmqu8w=");
/// assert_eq!(config.salt.as_deref(), Some("AMD/7gARIjNEVWZ3iJmqu8w="));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceSecretVerifierConfig {
    /// `PasswordVerifier`: base64 of `PAD(v)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_verifier: Option<String>,
    /// `Salt`: base64 of `PAD(salt)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

impl DeviceSecretVerifierConfig {
    /// A configuration with both members set.
    ///
    /// ```
    /// use cognito_flow_wire::DeviceSecretVerifierConfig;
    ///
    /// let config = DeviceSecretVerifierConfig::new("dmVyaWZpZXI=", "c2FsdA==");
    /// assert!(config.password_verifier.is_some());
    /// ```
    pub fn new(password_verifier: impl Into<String>, salt: impl Into<String>) -> Self {
        Self {
            password_verifier: Some(password_verifier.into()),
            salt: Some(salt.into()),
        }
    }
}

/// `CodeDeliveryDetailsType`: where a confirmation or reset code went.
///
/// ```
/// use cognito_flow_wire::{CodeDeliveryDetails, DeliveryMedium};
///
/// let details: CodeDeliveryDetails = serde_json::from_str(
///     r#"{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}"#).unwrap();
/// assert_eq!(details.delivery_medium, Some(DeliveryMedium::Email));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CodeDeliveryDetails {
    /// `Destination`, masked (`+*******1234`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// `DeliveryMedium`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMedium>,
    /// `AttributeName` (`email`, `phone_number`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `AttributeType`: a user or device attribute. Values are `sensitive` in the model.
///
/// ```
/// use cognito_flow_wire::Attribute;
///
/// let attr = Attribute::with_value("email", "alice@example.com");
/// assert_eq!(serde_json::to_string(&attr).unwrap(), r#"{"Name":"email","Value":"alice@example.com"}"#);
/// assert_eq!(format!("{attr:?}"), r#"Attribute { name: "email", value: Some(<redacted>) }"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Attribute {
    /// `Name` (required).
    pub name: String,
    /// `Value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<SensitiveString>,
}

impl Attribute {
    /// An attribute without a value.
    ///
    /// ```
    /// use cognito_flow_wire::Attribute;
    ///
    /// assert!(Attribute::new("nickname").value.is_none());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: None,
        }
    }

    /// An attribute with a value.
    ///
    /// ```
    /// use cognito_flow_wire::Attribute;
    ///
    /// let attr = Attribute::with_value("name", "Alice");
    /// assert_eq!(attr.value.unwrap().expose_secret(), "Alice");
    /// ```
    pub fn with_value(name: impl Into<String>, value: impl Into<SensitiveString>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// `DeviceType`: a tracked device.
///
/// ```
/// use cognito_flow_wire::Device;
///
/// let device: Device = serde_json::from_str(
///     r#"{"DeviceKey":"us-east-1_0f1e","DeviceCreateDate":1706045623.393}"#).unwrap();
/// assert_eq!(device.device_create_date.unwrap().as_epoch_seconds_f64(), 1706045623.393);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Device {
    /// `DeviceKey`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `DeviceAttributes` (`device_name`, `last_ip_used`, `device_status`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_attributes: Option<Vec<Attribute>>,
    /// `DeviceCreateDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_create_date: Option<Timestamp>,
    /// `DeviceLastModifiedDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_last_modified_date: Option<Timestamp>,
    /// `DeviceLastAuthenticatedDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_last_authenticated_date: Option<Timestamp>,
}

/// `MFAOptionType`: legacy SMS MFA settings in `GetUser`.
///
/// ```
/// use cognito_flow_wire::{DeliveryMedium, MfaOption};
///
/// let option: MfaOption =
///     serde_json::from_str(r#"{"DeliveryMedium":"SMS","AttributeName":"phone_number"}"#).unwrap();
/// assert_eq!(option.delivery_medium, Some(DeliveryMedium::Sms));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MfaOption {
    /// `DeliveryMedium`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMedium>,
    /// `AttributeName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

macro_rules! mfa_settings {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct $name {
            /// `Enabled`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub enabled: Option<bool>,
            /// `PreferredMfa`: at most one factor may be preferred.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub preferred_mfa: Option<bool>,
        }

        impl $name {
            /// Settings with both members set.
            ///
            /// ```
            #[doc = concat!("use cognito_flow_wire::", stringify!($name), ";")]
            ///
            #[doc = concat!("let settings = ", stringify!($name), "::new(true, false);")]
            /// assert_eq!(serde_json::to_string(&settings).unwrap(), r#"{"Enabled":true,"PreferredMfa":false}"#);
            /// ```
            pub fn new(enabled: bool, preferred_mfa: bool) -> Self {
                Self { enabled: Some(enabled), preferred_mfa: Some(preferred_mfa) }
            }
        }
    };
}

mfa_settings! {
    /// `SMSMfaSettingsType`.
    ///
    /// ```
    /// use cognito_flow_wire::SmsMfaSettings;
    ///
    /// assert_eq!(SmsMfaSettings::default().enabled, None);
    /// ```
    SmsMfaSettings
}

mfa_settings! {
    /// `SoftwareTokenMfaSettingsType` (TOTP).
    ///
    /// ```
    /// use cognito_flow_wire::SoftwareTokenMfaSettings;
    ///
    /// assert_eq!(SoftwareTokenMfaSettings::new(true, true).preferred_mfa, Some(true));
    /// ```
    SoftwareTokenMfaSettings
}

mfa_settings! {
    /// `EmailMfaSettingsType`.
    ///
    /// ```
    /// use cognito_flow_wire::EmailMfaSettings;
    ///
    /// assert_eq!(EmailMfaSettings::new(false, false).enabled, Some(false));
    /// ```
    EmailMfaSettings
}

/// `WebAuthnMfaSettingsType`: whether passkeys with user verification count as MFA.
///
/// ```
/// use cognito_flow_wire::WebAuthnMfaSettings;
///
/// let settings = WebAuthnMfaSettings::new(true);
/// assert_eq!(serde_json::to_string(&settings).unwrap(), r#"{"Enabled":true}"#);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct WebAuthnMfaSettings {
    /// `Enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl WebAuthnMfaSettings {
    /// Settings with `Enabled` set.
    ///
    /// ```
    /// use cognito_flow_wire::WebAuthnMfaSettings;
    ///
    /// assert_eq!(WebAuthnMfaSettings::new(false).enabled, Some(false));
    /// ```
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled: Some(enabled),
        }
    }
}

/// `WebAuthnCredentialDescription`: a registered passkey (`ListWebAuthnCredentials`).
///
/// ```
/// use cognito_flow_wire::{Timestamp, WebAuthnCredentialDescription};
///
/// let credential = WebAuthnCredentialDescription::new(
///     "cred-1", "My laptop", "example.com", vec!["internal".into()],
///     Timestamp::from_epoch_seconds(1700000000));
/// assert!(credential.authenticator_attachment.is_none());
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct WebAuthnCredentialDescription {
    /// `CredentialId` (required).
    pub credential_id: String,
    /// `FriendlyCredentialName` (required).
    pub friendly_credential_name: String,
    /// `RelyingPartyId` (required).
    pub relying_party_id: String,
    /// `AuthenticatorAttachment` (`platform`, `cross-platform`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    /// `AuthenticatorTransports` (required; `usb`, `nfc`, `ble`, `internal`, `hybrid`).
    pub authenticator_transports: Vec<String>,
    /// `CreatedAt` (required).
    pub created_at: Timestamp,
}

impl WebAuthnCredentialDescription {
    /// A description with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{Timestamp, WebAuthnCredentialDescription};
    ///
    /// let c = WebAuthnCredentialDescription::new("id", "name", "example.com", Vec::new(),
    ///     Timestamp::from_epoch_seconds(0));
    /// assert_eq!(c.relying_party_id, "example.com");
    /// ```
    pub fn new(
        credential_id: impl Into<String>,
        friendly_credential_name: impl Into<String>,
        relying_party_id: impl Into<String>,
        authenticator_transports: Vec<String>,
        created_at: Timestamp,
    ) -> Self {
        Self {
            credential_id: credential_id.into(),
            friendly_credential_name: friendly_credential_name.into(),
            relying_party_id: relying_party_id.into(),
            authenticator_attachment: None,
            authenticator_transports,
            created_at,
        }
    }
}
