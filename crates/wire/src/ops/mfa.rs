//! TOTP setup and MFA preferences (spec §3.5, §3.6, §3.24, §3.25).

use serde::{Deserialize, Serialize};

use crate::{
    AuthFactorType, EmailMfaSettings, SensitiveString, SmsMfaSettings, SoftwareTokenMfaSettings,
    VerifySoftwareTokenStatus, WebAuthnMfaSettings,
};

/// `AssociateSoftwareTokenRequest` (spec §3.5): get a TOTP secret, with either an access token or
/// the `Session` of an `MFA_SETUP` challenge (not both).
///
/// ```
/// use cognito_flow_wire::AssociateSoftwareTokenRequest;
///
/// let mut request = AssociateSoftwareTokenRequest::default();
/// request.session = Some("AYABeC1session-S0-xxxxxxxx".into());
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"Session":"AYABeC1session-S0-xxxxxxxx"}"#);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AssociateSoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SensitiveString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

/// `AssociateSoftwareTokenResponse` (spec §3.5): the base32 TOTP secret, and with a session request
/// a new `Session` for `VerifySoftwareToken`.
///
/// ```
/// use cognito_flow_wire::{decode_response, AssociateSoftwareTokenResponse};
///
/// let response: AssociateSoftwareTokenResponse =
///     decode_response(br#"{"SecretCode":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}"#).unwrap();
/// assert_eq!(response.secret_code.unwrap().expose_secret().len(), 32);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AssociateSoftwareTokenResponse {
    /// `SecretCode`: the base32 TOTP seed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_code: Option<SensitiveString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

/// `VerifySoftwareTokenRequest` (spec §3.6): prove the authenticator app has the secret.
///
/// ```
/// use cognito_flow_wire::VerifySoftwareTokenRequest;
///
/// let mut request = VerifySoftwareTokenRequest::new("123456");
/// request.friendly_device_name = Some("phone".into());
/// assert_eq!(format!("{request:?}"),
///     r#"VerifySoftwareTokenRequest { access_token: None, session: None, user_code: <redacted>, friendly_device_name: Some("phone") }"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifySoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SensitiveString>,
    /// `Session`: the one `AssociateSoftwareToken` returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
    /// `UserCode` (required): the 6-digit TOTP code.
    pub user_code: SensitiveString,
    /// `FriendlyDeviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

impl VerifySoftwareTokenRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::VerifySoftwareTokenRequest;
    ///
    /// assert_eq!(VerifySoftwareTokenRequest::new("000000").user_code.expose_secret(), "000000");
    /// ```
    pub fn new(user_code: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: None,
            session: None,
            user_code: user_code.into(),
            friendly_device_name: None,
        }
    }
}

/// `VerifySoftwareTokenResponse` (spec §3.6).
///
/// ```
/// use cognito_flow_wire::{decode_response, VerifySoftwareTokenResponse, VerifySoftwareTokenStatus};
///
/// let response: VerifySoftwareTokenResponse =
///     decode_response(br#"{"Status":"SUCCESS","Session":"AYABeC1session-S2-xxxxxxxx"}"#).unwrap();
/// assert_eq!(response.status, Some(VerifySoftwareTokenStatus::Success));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifySoftwareTokenResponse {
    /// `Status`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VerifySoftwareTokenStatus>,
    /// `Session`: answers the pending `MFA_SETUP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

/// `SetUserMFAPreferenceRequest` (spec §3.24).
///
/// ```
/// use cognito_flow_wire::{SetUserMFAPreferenceRequest, SmsMfaSettings};
///
/// let mut request = SetUserMFAPreferenceRequest::new("eyJ.access.token");
/// request.sms_mfa_settings = Some(SmsMfaSettings::new(true, true));
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["SMSMfaSettings"]["PreferredMfa"], true);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SetUserMFAPreferenceRequest {
    /// `SMSMfaSettings`.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<SmsMfaSettings>,
    /// `SoftwareTokenMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<SoftwareTokenMfaSettings>,
    /// `EmailMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<EmailMfaSettings>,
    /// `WebAuthnMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettings>,
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
}

impl SetUserMFAPreferenceRequest {
    /// A request with its required member (and no settings changed).
    ///
    /// ```
    /// use cognito_flow_wire::SetUserMFAPreferenceRequest;
    ///
    /// assert!(SetUserMFAPreferenceRequest::new("token").email_mfa_settings.is_none());
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            sms_mfa_settings: None,
            software_token_mfa_settings: None,
            email_mfa_settings: None,
            web_authn_mfa_settings: None,
            access_token: access_token.into(),
        }
    }
}

/// `SetUserMFAPreferenceResponse` (spec §3.24): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, SetUserMFAPreferenceResponse};
///
/// let _: SetUserMFAPreferenceResponse = decode_response(b"").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetUserMFAPreferenceResponse {}

/// `AdminSetUserMFAPreferenceRequest`: set a user's MFA preferences with AWS credentials.
///
/// ```
/// use cognito_flow_wire::{AdminSetUserMFAPreferenceRequest, SoftwareTokenMfaSettings};
///
/// let mut request = AdminSetUserMFAPreferenceRequest::new("alice", "us-east-1_AbCdEf123");
/// request.software_token_mfa_settings = Some(SoftwareTokenMfaSettings::new(true, true));
/// assert_eq!(serde_json::to_value(&request).unwrap()["UserPoolId"], "us-east-1_AbCdEf123");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminSetUserMFAPreferenceRequest {
    /// `SMSMfaSettings`.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<SmsMfaSettings>,
    /// `SoftwareTokenMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<SoftwareTokenMfaSettings>,
    /// `EmailMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<EmailMfaSettings>,
    /// `WebAuthnMfaSettings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettings>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `UserPoolId` (required).
    pub user_pool_id: String,
}

impl AdminSetUserMFAPreferenceRequest {
    /// A request with its required members (in model order: username, then pool).
    ///
    /// ```
    /// use cognito_flow_wire::AdminSetUserMFAPreferenceRequest;
    ///
    /// let request = AdminSetUserMFAPreferenceRequest::new("alice", "us-east-1_X");
    /// assert_eq!(request.username.expose_secret(), "alice");
    /// ```
    pub fn new(username: impl Into<SensitiveString>, user_pool_id: impl Into<String>) -> Self {
        Self {
            sms_mfa_settings: None,
            software_token_mfa_settings: None,
            email_mfa_settings: None,
            web_authn_mfa_settings: None,
            username: username.into(),
            user_pool_id: user_pool_id.into(),
        }
    }
}

/// `AdminSetUserMFAPreferenceResponse`: empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, AdminSetUserMFAPreferenceResponse};
///
/// let _: AdminSetUserMFAPreferenceResponse = decode_response(b"{}").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminSetUserMFAPreferenceResponse {}

/// `GetUserAuthFactorsRequest` (spec §3.25).
///
/// ```
/// use cognito_flow_wire::GetUserAuthFactorsRequest;
///
/// let request = GetUserAuthFactorsRequest::new("eyJ.access.token");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"AccessToken":"eyJ.access.token"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserAuthFactorsRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
}

impl GetUserAuthFactorsRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::GetUserAuthFactorsRequest;
    ///
    /// assert_eq!(GetUserAuthFactorsRequest::new("t").access_token.expose_secret(), "t");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
        }
    }
}

/// `GetUserAuthFactorsResponse` (spec §3.25).
///
/// ```
/// use cognito_flow_wire::{decode_response, AuthFactorType, GetUserAuthFactorsResponse};
///
/// let response: GetUserAuthFactorsResponse = decode_response(
///     br#"{"Username":"alice","ConfiguredUserAuthFactors":["PASSWORD","WEB_AUTHN"]}"#).unwrap();
/// assert_eq!(response.configured_user_auth_factors.unwrap()[1], AuthFactorType::WebAuthn);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserAuthFactorsResponse {
    /// `Username` (required): the canonical username.
    pub username: SensitiveString,
    /// `PreferredMfaSetting` (`SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// `UserMFASettingList`: the enabled MFA factors.
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
    /// `ConfiguredUserAuthFactors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configured_user_auth_factors: Option<Vec<AuthFactorType>>,
}

impl GetUserAuthFactorsResponse {
    /// A response with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::GetUserAuthFactorsResponse;
    ///
    /// assert!(GetUserAuthFactorsResponse::new("alice").configured_user_auth_factors.is_none());
    /// ```
    pub fn new(username: impl Into<SensitiveString>) -> Self {
        Self {
            username: username.into(),
            preferred_mfa_setting: None,
            user_mfa_setting_list: None,
            configured_user_auth_factors: None,
        }
    }
}

impl_request!(AssociateSoftwareTokenRequest => AssociateSoftwareToken, AssociateSoftwareTokenResponse);
impl_request!(VerifySoftwareTokenRequest => VerifySoftwareToken, VerifySoftwareTokenResponse);
impl_request!(SetUserMFAPreferenceRequest => SetUserMFAPreference, SetUserMFAPreferenceResponse);
impl_request!(
    AdminSetUserMFAPreferenceRequest => AdminSetUserMFAPreference,
    AdminSetUserMFAPreferenceResponse
);
impl_request!(GetUserAuthFactorsRequest => GetUserAuthFactors, GetUserAuthFactorsResponse);
