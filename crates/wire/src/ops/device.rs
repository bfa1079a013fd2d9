//! Remembered devices (spec §3.7–3.11, §3.26, §3.27, and their `Admin*` twins).

use serde::{Deserialize, Serialize};

use crate::{
    Device, DeviceRememberedStatus, DeviceSecretVerifierConfig, NoOutput, SensitiveString,
};

/// `ConfirmDeviceRequest` (spec §3.7): register the device a sign-in's `NewDeviceMetadata` named.
///
/// ```
/// use cognito_flow_wire::{ConfirmDeviceRequest, DeviceSecretVerifierConfig};
///
/// let mut request = ConfirmDeviceRequest::new("eyJ.access.token", "us-east-1_0f1e2d3c");
/// request.device_secret_verifier_config = Some(DeviceSecretVerifierConfig::new("dmVy", "c2FsdA=="));
/// request.device_name = Some("laptop".into());
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["DeviceSecretVerifierConfig"]["Salt"], "c2FsdA==");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmDeviceRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `DeviceKey` (required).
    pub device_key: String,
    /// `DeviceSecretVerifierConfig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfig>,
    /// `DeviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

impl ConfirmDeviceRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ConfirmDeviceRequest;
    ///
    /// assert_eq!(ConfirmDeviceRequest::new("t", "us-east-1_ab").device_key, "us-east-1_ab");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>, device_key: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            device_key: device_key.into(),
            device_secret_verifier_config: None,
            device_name: None,
        }
    }
}

/// `ConfirmDeviceResponse` (spec §3.7).
///
/// ```
/// use cognito_flow_wire::{decode_response, ConfirmDeviceResponse};
///
/// let response: ConfirmDeviceResponse = decode_response(br#"{"UserConfirmationNecessary":true}"#).unwrap();
/// assert_eq!(response.user_confirmation_necessary, Some(true));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmDeviceResponse {
    /// `UserConfirmationNecessary`: `true` means ask the user, then call `UpdateDeviceStatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_confirmation_necessary: Option<bool>,
}

/// `UpdateDeviceStatusRequest` (spec §3.8).
///
/// ```
/// use cognito_flow_wire::{DeviceRememberedStatus, UpdateDeviceStatusRequest};
///
/// let mut request = UpdateDeviceStatusRequest::new("eyJ.access.token", "us-east-1_0f1e");
/// request.device_remembered_status = Some(DeviceRememberedStatus::Remembered);
/// assert_eq!(serde_json::to_value(&request).unwrap()["DeviceRememberedStatus"], "remembered");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateDeviceStatusRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `DeviceKey` (required).
    pub device_key: String,
    /// `DeviceRememberedStatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

impl UpdateDeviceStatusRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::UpdateDeviceStatusRequest;
    ///
    /// assert!(UpdateDeviceStatusRequest::new("t", "k").device_remembered_status.is_none());
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>, device_key: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            device_key: device_key.into(),
            device_remembered_status: None,
        }
    }
}

/// `UpdateDeviceStatusResponse` (spec §3.8): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, UpdateDeviceStatusResponse};
///
/// let _: UpdateDeviceStatusResponse = decode_response(b"{}").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateDeviceStatusResponse {}

/// `AdminUpdateDeviceStatusRequest` (spec §3.9).
///
/// ```
/// use cognito_flow_wire::{AdminUpdateDeviceStatusRequest, DeviceRememberedStatus};
///
/// let mut request = AdminUpdateDeviceStatusRequest::new("us-east-1_AbC", "alice", "us-east-1_0f1e");
/// request.device_remembered_status = Some(DeviceRememberedStatus::NotRemembered);
/// assert_eq!(serde_json::to_value(&request).unwrap()["Username"], "alice");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminUpdateDeviceStatusRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `DeviceKey` (required).
    pub device_key: String,
    /// `DeviceRememberedStatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

impl AdminUpdateDeviceStatusRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::AdminUpdateDeviceStatusRequest;
    ///
    /// assert_eq!(AdminUpdateDeviceStatusRequest::new("p", "u", "k").device_key, "k");
    /// ```
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<SensitiveString>,
        device_key: impl Into<String>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            device_key: device_key.into(),
            device_remembered_status: None,
        }
    }
}

/// `AdminUpdateDeviceStatusResponse` (spec §3.9): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, AdminUpdateDeviceStatusResponse};
///
/// let _: AdminUpdateDeviceStatusResponse = decode_response(b"").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminUpdateDeviceStatusResponse {}

/// `ForgetDeviceRequest` (spec §3.10). The operation has no output: its response is [`NoOutput`].
///
/// ```
/// use cognito_flow_wire::ForgetDeviceRequest;
///
/// let mut request = ForgetDeviceRequest::new("us-east-1_0f1e");
/// request.access_token = Some("eyJ.access.token".into());
/// assert_eq!(serde_json::to_string(&request).unwrap(),
///     r#"{"AccessToken":"eyJ.access.token","DeviceKey":"us-east-1_0f1e"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ForgetDeviceRequest {
    /// `AccessToken` (optional in the model, required by the service for this public operation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SensitiveString>,
    /// `DeviceKey` (required).
    pub device_key: String,
}

impl ForgetDeviceRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::ForgetDeviceRequest;
    ///
    /// assert!(ForgetDeviceRequest::new("k").access_token.is_none());
    /// ```
    pub fn new(device_key: impl Into<String>) -> Self {
        Self {
            access_token: None,
            device_key: device_key.into(),
        }
    }
}

/// `AdminForgetDeviceRequest` (spec §3.11). No output: its response is [`NoOutput`].
///
/// ```
/// use cognito_flow_wire::AdminForgetDeviceRequest;
///
/// let request = AdminForgetDeviceRequest::new("us-east-1_AbC", "alice", "us-east-1_0f1e");
/// assert_eq!(serde_json::to_value(&request).unwrap()["DeviceKey"], "us-east-1_0f1e");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminForgetDeviceRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `DeviceKey` (required).
    pub device_key: String,
}

impl AdminForgetDeviceRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::AdminForgetDeviceRequest;
    ///
    /// assert_eq!(AdminForgetDeviceRequest::new("p", "u", "k").user_pool_id, "p");
    /// ```
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<SensitiveString>,
        device_key: impl Into<String>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            device_key: device_key.into(),
        }
    }
}

/// `GetDeviceRequest` (spec §3.26).
///
/// ```
/// use cognito_flow_wire::GetDeviceRequest;
///
/// let mut request = GetDeviceRequest::new("us-east-1_0f1e");
/// request.access_token = Some("eyJ.access.token".into());
/// assert_eq!(serde_json::to_value(&request).unwrap()["DeviceKey"], "us-east-1_0f1e");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetDeviceRequest {
    /// `DeviceKey` (required).
    pub device_key: String,
    /// `AccessToken` (optional in the model, required by the service for this public operation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SensitiveString>,
}

impl GetDeviceRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::GetDeviceRequest;
    ///
    /// assert_eq!(GetDeviceRequest::new("k").device_key, "k");
    /// ```
    pub fn new(device_key: impl Into<String>) -> Self {
        Self {
            device_key: device_key.into(),
            access_token: None,
        }
    }
}

/// `GetDeviceResponse` (spec §3.26).
///
/// ```
/// use cognito_flow_wire::{decode_response, GetDeviceResponse};
///
/// let response: GetDeviceResponse =
///     decode_response(br#"{"Device":{"DeviceKey":"us-east-1_0f1e"}}"#).unwrap();
/// assert_eq!(response.device.device_key.as_deref(), Some("us-east-1_0f1e"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetDeviceResponse {
    /// `Device` (required).
    pub device: Device,
}

impl GetDeviceResponse {
    /// A response with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::{Device, GetDeviceResponse};
    ///
    /// assert!(GetDeviceResponse::new(Device::default()).device.device_key.is_none());
    /// ```
    pub fn new(device: Device) -> Self {
        Self { device }
    }
}

/// `ListDevicesRequest` (spec §3.27).
///
/// ```
/// use cognito_flow_wire::ListDevicesRequest;
///
/// let mut request = ListDevicesRequest::new("eyJ.access.token");
/// request.limit = Some(10);
/// assert_eq!(serde_json::to_value(&request).unwrap()["Limit"], 10);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListDevicesRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `Limit` (0–60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// `PaginationToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl ListDevicesRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::ListDevicesRequest;
    ///
    /// assert!(ListDevicesRequest::new("t").limit.is_none());
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
            limit: None,
            pagination_token: None,
        }
    }
}

/// `ListDevicesResponse` (spec §3.27).
///
/// ```
/// use cognito_flow_wire::{decode_response, ListDevicesResponse};
///
/// let response: ListDevicesResponse =
///     decode_response(br#"{"Devices":[{"DeviceKey":"k1"},{"DeviceKey":"k2"}]}"#).unwrap();
/// assert_eq!(response.devices.unwrap().len(), 2);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListDevicesResponse {
    /// `Devices`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    /// `PaginationToken`: pass back for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `AdminGetDeviceRequest`.
///
/// ```
/// use cognito_flow_wire::AdminGetDeviceRequest;
///
/// let request = AdminGetDeviceRequest::new("us-east-1_0f1e", "us-east-1_AbC", "alice");
/// assert_eq!(serde_json::to_value(&request).unwrap()["UserPoolId"], "us-east-1_AbC");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminGetDeviceRequest {
    /// `DeviceKey` (required).
    pub device_key: String,
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `Username` (required).
    pub username: SensitiveString,
}

impl AdminGetDeviceRequest {
    /// A request with its required members (in model order: device, pool, user).
    ///
    /// ```
    /// use cognito_flow_wire::AdminGetDeviceRequest;
    ///
    /// assert_eq!(AdminGetDeviceRequest::new("k", "p", "u").device_key, "k");
    /// ```
    pub fn new(
        device_key: impl Into<String>,
        user_pool_id: impl Into<String>,
        username: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            device_key: device_key.into(),
            user_pool_id: user_pool_id.into(),
            username: username.into(),
        }
    }
}

/// `AdminGetDeviceResponse`.
///
/// ```
/// use cognito_flow_wire::{decode_response, AdminGetDeviceResponse};
///
/// let response: AdminGetDeviceResponse = decode_response(br#"{"Device":{}}"#).unwrap();
/// assert!(response.device.device_attributes.is_none());
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminGetDeviceResponse {
    /// `Device` (required).
    pub device: Device,
}

impl AdminGetDeviceResponse {
    /// A response with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::{AdminGetDeviceResponse, Device};
    ///
    /// let _ = AdminGetDeviceResponse::new(Device::default());
    /// ```
    pub fn new(device: Device) -> Self {
        Self { device }
    }
}

/// `AdminListDevicesRequest`.
///
/// ```
/// use cognito_flow_wire::AdminListDevicesRequest;
///
/// let mut request = AdminListDevicesRequest::new("us-east-1_AbC", "alice");
/// request.pagination_token = Some("next".into());
/// assert_eq!(serde_json::to_value(&request).unwrap()["PaginationToken"], "next");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminListDevicesRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `Limit` (0–60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// `PaginationToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl AdminListDevicesRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::AdminListDevicesRequest;
    ///
    /// assert!(AdminListDevicesRequest::new("p", "u").limit.is_none());
    /// ```
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<SensitiveString>) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            limit: None,
            pagination_token: None,
        }
    }
}

/// `AdminListDevicesResponse`.
///
/// ```
/// use cognito_flow_wire::{decode_response, AdminListDevicesResponse};
///
/// let response: AdminListDevicesResponse = decode_response(br#"{"Devices":[]}"#).unwrap();
/// assert!(response.devices.unwrap().is_empty());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminListDevicesResponse {
    /// `Devices`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    /// `PaginationToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl_request!(ConfirmDeviceRequest => ConfirmDevice, ConfirmDeviceResponse);
impl_request!(UpdateDeviceStatusRequest => UpdateDeviceStatus, UpdateDeviceStatusResponse);
impl_request!(
    AdminUpdateDeviceStatusRequest => AdminUpdateDeviceStatus,
    AdminUpdateDeviceStatusResponse
);
impl_request!(ForgetDeviceRequest => ForgetDevice, NoOutput);
impl_request!(AdminForgetDeviceRequest => AdminForgetDevice, NoOutput);
impl_request!(GetDeviceRequest => GetDevice, GetDeviceResponse);
impl_request!(ListDevicesRequest => ListDevices, ListDevicesResponse);
impl_request!(AdminGetDeviceRequest => AdminGetDevice, AdminGetDeviceResponse);
impl_request!(AdminListDevicesRequest => AdminListDevices, AdminListDevicesResponse);
