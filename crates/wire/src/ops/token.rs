//! Refresh, revocation and sign-out (spec §3.12–3.15).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{AuthenticationResult, RevokeAssociatedSessions, SensitiveString};

/// `GetTokensFromRefreshTokenRequest` (spec §3.12): refresh with the raw client secret (not
/// `SECRET_HASH`), with refresh-token rotation support.
///
/// ```
/// use cognito_flow_wire::GetTokensFromRefreshTokenRequest;
///
/// let mut request = GetTokensFromRefreshTokenRequest::new("eyJjdHki.refresh", "client-id");
/// request.device_key = Some("us-east-1_0f1e".into());
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["RefreshToken"], "eyJjdHki.refresh");
/// assert!(!format!("{request:?}").contains("eyJjdHki"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetTokensFromRefreshTokenRequest {
    /// `RefreshToken` (required).
    pub refresh_token: SensitiveString,
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `ClientSecret`: the raw secret, when the client has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SensitiveString>,
    /// `DeviceKey`: the confirmed device, when device tracking is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl GetTokensFromRefreshTokenRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::GetTokensFromRefreshTokenRequest;
    ///
    /// assert!(GetTokensFromRefreshTokenRequest::new("r", "c").client_secret.is_none());
    /// ```
    pub fn new(
        refresh_token: impl Into<SensitiveString>,
        client_id: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            refresh_token: refresh_token.into(),
            client_id: client_id.into(),
            client_secret: None,
            device_key: None,
            client_metadata: None,
        }
    }
}

/// `GetTokensFromRefreshTokenResponse` (spec §3.12).
///
/// ```
/// use cognito_flow_wire::{decode_response, GetTokensFromRefreshTokenResponse};
///
/// let response: GetTokensFromRefreshTokenResponse =
///     decode_response(br#"{"AuthenticationResult":{"AccessToken":"a.b.c","ExpiresIn":3600}}"#).unwrap();
/// assert!(response.authentication_result.unwrap().refresh_token.is_none());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetTokensFromRefreshTokenResponse {
    /// `AuthenticationResult`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
}

/// `RevokeTokenRequest` (spec §3.13): revoke a refresh token and the tokens minted from it.
///
/// ```
/// use cognito_flow_wire::{RevokeAssociatedSessions, RevokeTokenRequest};
///
/// let mut request = RevokeTokenRequest::new("eyJjdHki.refresh", "client-id");
/// request.revoke_associated_sessions = Some(RevokeAssociatedSessions::Linked);
/// assert_eq!(serde_json::to_value(&request).unwrap()["RevokeAssociatedSessions"], "LINKED");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RevokeTokenRequest {
    /// `Token` (required): a refresh token.
    pub token: SensitiveString,
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `ClientSecret`: the raw secret, when the client has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SensitiveString>,
    /// `RevokeAssociatedSessions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke_associated_sessions: Option<RevokeAssociatedSessions>,
}

impl RevokeTokenRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::RevokeTokenRequest;
    ///
    /// assert!(RevokeTokenRequest::new("t", "c").revoke_associated_sessions.is_none());
    /// ```
    pub fn new(token: impl Into<SensitiveString>, client_id: impl Into<SensitiveString>) -> Self {
        Self {
            token: token.into(),
            client_id: client_id.into(),
            client_secret: None,
            revoke_associated_sessions: None,
        }
    }
}

/// `RevokeTokenResponse` (spec §3.13): empty; the service sends an empty HTTP body.
///
/// ```
/// use cognito_flow_wire::{decode_response, RevokeTokenResponse};
///
/// let _: RevokeTokenResponse = decode_response(b"").unwrap();
/// assert_eq!(serde_json::to_string(&RevokeTokenResponse::default()).unwrap(), "{}");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RevokeTokenResponse {}

/// `GlobalSignOutRequest` (spec §3.14): invalidate all of the user's refresh tokens.
///
/// ```
/// use cognito_flow_wire::GlobalSignOutRequest;
///
/// let request = GlobalSignOutRequest::new("eyJ.access.token");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"AccessToken":"eyJ.access.token"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GlobalSignOutRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
}

impl GlobalSignOutRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::GlobalSignOutRequest;
    ///
    /// assert_eq!(GlobalSignOutRequest::new("t").access_token.expose_secret(), "t");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
        }
    }
}

/// `GlobalSignOutResponse` (spec §3.14): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, GlobalSignOutResponse};
///
/// let _: GlobalSignOutResponse = decode_response(b" \n").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GlobalSignOutResponse {}

/// `AdminUserGlobalSignOutRequest` (spec §3.15).
///
/// ```
/// use cognito_flow_wire::AdminUserGlobalSignOutRequest;
///
/// let request = AdminUserGlobalSignOutRequest::new("us-east-1_AbC", "alice");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"UserPoolId":"us-east-1_AbC","Username":"alice"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminUserGlobalSignOutRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `Username` (required).
    pub username: SensitiveString,
}

impl AdminUserGlobalSignOutRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::AdminUserGlobalSignOutRequest;
    ///
    /// assert_eq!(AdminUserGlobalSignOutRequest::new("p", "u").user_pool_id, "p");
    /// ```
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<SensitiveString>) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
        }
    }
}

/// `AdminUserGlobalSignOutResponse` (spec §3.15): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, AdminUserGlobalSignOutResponse};
///
/// let _: AdminUserGlobalSignOutResponse = decode_response(b"{}").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminUserGlobalSignOutResponse {}

impl_request!(
    GetTokensFromRefreshTokenRequest => GetTokensFromRefreshToken,
    GetTokensFromRefreshTokenResponse
);
impl_request!(RevokeTokenRequest => RevokeToken, RevokeTokenResponse);
impl_request!(GlobalSignOutRequest => GlobalSignOut, GlobalSignOutResponse);
impl_request!(
    AdminUserGlobalSignOutRequest => AdminUserGlobalSignOut,
    AdminUserGlobalSignOutResponse
);
