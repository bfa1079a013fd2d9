//! `GetUser` (spec §3.23).

use serde::{Deserialize, Serialize};

use crate::{Attribute, MfaOption, SensitiveString};

/// `GetUserRequest` (spec §3.23).
///
/// ```
/// use cognito_flow_wire::GetUserRequest;
///
/// let request = GetUserRequest::new("eyJ.access.token");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"AccessToken":"eyJ.access.token"}"#);
/// assert_eq!(format!("{request:?}"), "GetUserRequest { access_token: <redacted> }");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
}

impl GetUserRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::GetUserRequest;
    ///
    /// assert_eq!(GetUserRequest::new("t").access_token.expose_secret(), "t");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
        }
    }
}

/// `GetUserResponse` (spec §3.23).
///
/// ```
/// use cognito_flow_wire::{decode_response, GetUserResponse};
///
/// let response: GetUserResponse = decode_response(br#"{"Username":"alice",
///     "UserAttributes":[{"Name":"email","Value":"alice@example.com"}],
///     "UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#).unwrap();
/// assert_eq!(response.user_attributes[0].name, "email");
/// assert_eq!(response.user_mfa_setting_list.unwrap(), ["SOFTWARE_TOKEN_MFA"]);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserResponse {
    /// `Username` (required): the canonical username (use it for refresh `SECRET_HASH`).
    pub username: SensitiveString,
    /// `UserAttributes` (required).
    pub user_attributes: Vec<Attribute>,
    /// `MFAOptions`: legacy SMS settings.
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MfaOption>>,
    /// `PreferredMfaSetting`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// `UserMFASettingList` (`SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`).
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

impl GetUserResponse {
    /// A response with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{Attribute, GetUserResponse};
    ///
    /// let response = GetUserResponse::new("alice", vec![Attribute::with_value("sub", "5f3e")]);
    /// assert_eq!(response.user_attributes.len(), 1);
    /// ```
    pub fn new(username: impl Into<SensitiveString>, user_attributes: Vec<Attribute>) -> Self {
        Self {
            username: username.into(),
            user_attributes,
            mfa_options: None,
            preferred_mfa_setting: None,
            user_mfa_setting_list: None,
        }
    }
}

impl_request!(GetUserRequest => GetUser, GetUserResponse);
