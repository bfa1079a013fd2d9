//! Sign-up and password reset (spec §3.18–3.22).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{AnalyticsMetadata, Attribute, CodeDeliveryDetails, SensitiveString, UserContextData};

/// `SignUpRequest` (spec §3.18).
///
/// ```
/// use cognito_flow_wire::{Attribute, SignUpRequest};
///
/// let mut request = SignUpRequest::new("client-id", "alice");
/// request.password = Some("Passw0rd!".into());
/// request.user_attributes = Some(vec![Attribute::with_value("email", "alice@example.com")]);
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["UserAttributes"][0]["Name"], "email");
/// assert!(!format!("{request:?}").contains("Passw0rd!"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SignUpRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `SecretHash`: over `Username`, when the client has a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SensitiveString>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `Password` (optional for passwordless pools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<SensitiveString>,
    /// `UserAttributes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<Attribute>>,
    /// `ValidationData`: for the pre sign-up trigger only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<Attribute>>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl SignUpRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::SignUpRequest;
    ///
    /// assert!(SignUpRequest::new("c", "u").password.is_none());
    /// ```
    pub fn new(
        client_id: impl Into<SensitiveString>,
        username: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            secret_hash: None,
            username: username.into(),
            password: None,
            user_attributes: None,
            validation_data: None,
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
        }
    }
}

/// `SignUpResponse` (spec §3.18).
///
/// ```
/// use cognito_flow_wire::{decode_response, SignUpResponse};
///
/// let response: SignUpResponse = decode_response(
///     br#"{"UserConfirmed":false,"UserSub":"5f3e1c2a-0000-4000-8000-000000000000"}"#).unwrap();
/// assert!(!response.user_confirmed);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SignUpResponse {
    /// `UserConfirmed` (required).
    pub user_confirmed: bool,
    /// `CodeDeliveryDetails`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// `UserSub` (required).
    pub user_sub: String,
    /// `Session`: pass to `ConfirmSignUp` for auto sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

impl SignUpResponse {
    /// A response with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::SignUpResponse;
    ///
    /// assert_eq!(SignUpResponse::new(true, "sub").user_sub, "sub");
    /// ```
    pub fn new(user_confirmed: bool, user_sub: impl Into<String>) -> Self {
        Self {
            user_confirmed,
            code_delivery_details: None,
            user_sub: user_sub.into(),
            session: None,
        }
    }
}

/// `ConfirmSignUpRequest` (spec §3.19).
///
/// The confirmation code is not `sensitive` in the model; it is redacted here anyway (it confirms
/// an account).
///
/// ```
/// use cognito_flow_wire::ConfirmSignUpRequest;
///
/// let request = ConfirmSignUpRequest::new("client-id", "alice", "123456");
/// assert_eq!(serde_json::to_value(&request).unwrap()["ConfirmationCode"], "123456");
/// assert!(!format!("{request:?}").contains("123456"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmSignUpRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `SecretHash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SensitiveString>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `ConfirmationCode` (required).
    pub confirmation_code: SensitiveString,
    /// `ForceAliasCreation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
    /// `Session`: from `SignUp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

impl ConfirmSignUpRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ConfirmSignUpRequest;
    ///
    /// assert!(ConfirmSignUpRequest::new("c", "u", "1").session.is_none());
    /// ```
    pub fn new(
        client_id: impl Into<SensitiveString>,
        username: impl Into<SensitiveString>,
        confirmation_code: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            secret_hash: None,
            username: username.into(),
            confirmation_code: confirmation_code.into(),
            force_alias_creation: None,
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
            session: None,
        }
    }
}

/// `ConfirmSignUpResponse` (spec §3.19).
///
/// ```
/// use cognito_flow_wire::{decode_response, ConfirmSignUpResponse};
///
/// let response: ConfirmSignUpResponse = decode_response(br#"{"Session":"AYABeC1session-xxxxxxxx"}"#).unwrap();
/// assert!(response.session.is_some());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmSignUpResponse {
    /// `Session`: pass to `InitiateAuth(USER_AUTH)` to sign in without a second code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

/// `ForgotPasswordRequest` (spec §3.20).
///
/// ```
/// use cognito_flow_wire::ForgotPasswordRequest;
///
/// let request = ForgotPasswordRequest::new("client-id", "alice");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"ClientId":"client-id","Username":"alice"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ForgotPasswordRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `SecretHash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SensitiveString>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl ForgotPasswordRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ForgotPasswordRequest;
    ///
    /// assert!(ForgotPasswordRequest::new("c", "u").secret_hash.is_none());
    /// ```
    pub fn new(
        client_id: impl Into<SensitiveString>,
        username: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            secret_hash: None,
            user_context_data: None,
            username: username.into(),
            analytics_metadata: None,
            client_metadata: None,
        }
    }
}

/// `ForgotPasswordResponse` (spec §3.20).
///
/// ```
/// use cognito_flow_wire::{decode_response, ForgotPasswordResponse};
///
/// let response: ForgotPasswordResponse = decode_response(
///     br#"{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL"}}"#).unwrap();
/// assert!(response.code_delivery_details.is_some());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ForgotPasswordResponse {
    /// `CodeDeliveryDetails`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// `ConfirmForgotPasswordRequest` (spec §3.21).
///
/// ```
/// use cognito_flow_wire::ConfirmForgotPasswordRequest;
///
/// let request = ConfirmForgotPasswordRequest::new("client-id", "alice", "123456", "n3w-Passw0rd!");
/// assert_eq!(serde_json::to_value(&request).unwrap()["Password"], "n3w-Passw0rd!");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmForgotPasswordRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `SecretHash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SensitiveString>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `ConfirmationCode` (required; redacted although the model does not mark it sensitive).
    pub confirmation_code: SensitiveString,
    /// `Password` (required): the new password.
    pub password: SensitiveString,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl ConfirmForgotPasswordRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ConfirmForgotPasswordRequest;
    ///
    /// assert!(ConfirmForgotPasswordRequest::new("c", "u", "1", "p").secret_hash.is_none());
    /// ```
    pub fn new(
        client_id: impl Into<SensitiveString>,
        username: impl Into<SensitiveString>,
        confirmation_code: impl Into<SensitiveString>,
        password: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            secret_hash: None,
            username: username.into(),
            confirmation_code: confirmation_code.into(),
            password: password.into(),
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
        }
    }
}

/// `ConfirmForgotPasswordResponse` (spec §3.21): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, ConfirmForgotPasswordResponse};
///
/// let _: ConfirmForgotPasswordResponse = decode_response(b"{}").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConfirmForgotPasswordResponse {}

/// `ResendConfirmationCodeRequest` (spec §3.22).
///
/// ```
/// use cognito_flow_wire::ResendConfirmationCodeRequest;
///
/// let mut request = ResendConfirmationCodeRequest::new("client-id", "alice");
/// request.secret_hash = Some("l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8=".into());
/// assert!(serde_json::to_value(&request).unwrap()["SecretHash"].is_string());
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ResendConfirmationCodeRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `SecretHash`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SensitiveString>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `Username` (required).
    pub username: SensitiveString,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl ResendConfirmationCodeRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::ResendConfirmationCodeRequest;
    ///
    /// assert!(ResendConfirmationCodeRequest::new("c", "u").client_metadata.is_none());
    /// ```
    pub fn new(
        client_id: impl Into<SensitiveString>,
        username: impl Into<SensitiveString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            secret_hash: None,
            user_context_data: None,
            username: username.into(),
            analytics_metadata: None,
            client_metadata: None,
        }
    }
}

/// `ResendConfirmationCodeResponse` (spec §3.22).
///
/// ```
/// use cognito_flow_wire::{decode_response, DeliveryMedium, ResendConfirmationCodeResponse};
///
/// let response: ResendConfirmationCodeResponse =
///     decode_response(br#"{"CodeDeliveryDetails":{"DeliveryMedium":"SMS"}}"#).unwrap();
/// assert_eq!(response.code_delivery_details.unwrap().delivery_medium, Some(DeliveryMedium::Sms));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ResendConfirmationCodeResponse {
    /// `CodeDeliveryDetails`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

impl_request!(SignUpRequest => SignUp, SignUpResponse);
impl_request!(ConfirmSignUpRequest => ConfirmSignUp, ConfirmSignUpResponse);
impl_request!(ForgotPasswordRequest => ForgotPassword, ForgotPasswordResponse);
impl_request!(
    ConfirmForgotPasswordRequest => ConfirmForgotPassword,
    ConfirmForgotPasswordResponse
);
impl_request!(
    ResendConfirmationCodeRequest => ResendConfirmationCode,
    ResendConfirmationCodeResponse
);
