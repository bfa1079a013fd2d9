//! `InitiateAuth`, `RespondToAuthChallenge` and their `Admin*` twins (spec §3.1–3.4).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    AnalyticsMetadata, AuthFlow, AuthenticationResult, ChallengeName, ContextData, SensitiveMap,
    SensitiveString, UserContextData,
};

/// `InitiateAuthRequest` (spec §3.1): start a sign-in or refresh with an app-client ID.
///
/// ```
/// use cognito_flow_wire::{keys, AuthFlow, InitiateAuthRequest, SensitiveMap};
///
/// let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "3ck15a1ov4f0d3o57vs7ngd8ct");
/// request.auth_parameters = Some([(keys::USERNAME, "alice"), (keys::SRP_A, "7a")].into_iter().collect());
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"SRP_A":"7a","USERNAME":"alice"},"ClientId":"3ck15a1ov4f0d3o57vs7ngd8ct"}"#,
/// );
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InitiateAuthRequest {
    /// `AuthFlow` (required).
    pub auth_flow: AuthFlow,
    /// `AuthParameters`: `USERNAME`, `SRP_A`, `PASSWORD`, `REFRESH_TOKEN`, `SECRET_HASH`, ... (see [`keys`](crate::keys)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_parameters: Option<SensitiveMap>,
    /// `ClientMetadata`: passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `Session`: only for `USER_AUTH` right after `ConfirmSignUp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

impl InitiateAuthRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{AuthFlow, InitiateAuthRequest};
    ///
    /// let request = InitiateAuthRequest::new(AuthFlow::RefreshTokenAuth, "client-id");
    /// assert!(request.auth_parameters.is_none());
    /// ```
    pub fn new(auth_flow: AuthFlow, client_id: impl Into<SensitiveString>) -> Self {
        Self {
            auth_flow,
            auth_parameters: None,
            client_metadata: None,
            client_id: client_id.into(),
            analytics_metadata: None,
            user_context_data: None,
            session: None,
        }
    }
}

/// `AdminInitiateAuthRequest` (spec §3.2): start a sign-in with AWS credentials (SigV4).
///
/// ```
/// use cognito_flow_wire::{keys, AdminInitiateAuthRequest, AuthFlow};
///
/// let mut request =
///     AdminInitiateAuthRequest::new("us-east-1_AbCdEf123", "client-id", AuthFlow::AdminUserPasswordAuth);
/// request.auth_parameters = Some([(keys::USERNAME, "alice"), (keys::PASSWORD, "hunter2")].into_iter().collect());
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["UserPoolId"], "us-east-1_AbCdEf123");
/// assert_eq!(json["AuthParameters"]["PASSWORD"], "hunter2");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminInitiateAuthRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `AuthFlow` (required).
    pub auth_flow: AuthFlow,
    /// `AuthParameters`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_parameters: Option<SensitiveMap>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `ContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_data: Option<ContextData>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
}

impl AdminInitiateAuthRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{AdminInitiateAuthRequest, AuthFlow};
    ///
    /// let request = AdminInitiateAuthRequest::new("us-east-1_X", "client-id", AuthFlow::UserSrpAuth);
    /// assert_eq!(request.user_pool_id, "us-east-1_X");
    /// ```
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<SensitiveString>,
        auth_flow: AuthFlow,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            auth_flow,
            auth_parameters: None,
            client_metadata: None,
            analytics_metadata: None,
            context_data: None,
            session: None,
        }
    }
}

/// `RespondToAuthChallengeRequest` (spec §3.3): answer the challenge of the previous response.
///
/// ```
/// use cognito_flow_wire::{keys, ChallengeName, RespondToAuthChallengeRequest};
///
/// let mut request = RespondToAuthChallengeRequest::new("client-id", ChallengeName::SmsMfa);
/// request.session = Some("AYABeC1session-from-the-last-response".into());
/// request.challenge_responses =
///     Some([(keys::USERNAME, "alice"), (keys::SMS_MFA_CODE, "123456")].into_iter().collect());
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["ChallengeName"], "SMS_MFA");
/// assert!(!format!("{request:?}").contains("123456"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RespondToAuthChallengeRequest {
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `ChallengeName` (required): the challenge being answered.
    pub challenge_name: ChallengeName,
    /// `Session`: from the immediately preceding response (none for SRP `PASSWORD_VERIFIER`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
    /// `ChallengeResponses`: `USERNAME` plus the challenge's answer keys (see [`keys`](crate::keys)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_responses: Option<SensitiveMap>,
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

impl RespondToAuthChallengeRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{ChallengeName, RespondToAuthChallengeRequest};
    ///
    /// let request = RespondToAuthChallengeRequest::new("client-id", ChallengeName::PasswordVerifier);
    /// assert!(request.session.is_none());
    /// ```
    pub fn new(client_id: impl Into<SensitiveString>, challenge_name: ChallengeName) -> Self {
        Self {
            client_id: client_id.into(),
            challenge_name,
            session: None,
            challenge_responses: None,
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
        }
    }
}

/// `AdminRespondToAuthChallengeRequest` (spec §3.4): answer a challenge with AWS credentials (SigV4).
///
/// ```
/// use cognito_flow_wire::{AdminRespondToAuthChallengeRequest, ChallengeName};
///
/// let request = AdminRespondToAuthChallengeRequest::new(
///     "us-east-1_AbCdEf123", "client-id", ChallengeName::NewPasswordRequired);
/// let json = serde_json::to_value(&request).unwrap();
/// assert_eq!(json["ChallengeName"], "NEW_PASSWORD_REQUIRED");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminRespondToAuthChallengeRequest {
    /// `UserPoolId` (required).
    pub user_pool_id: String,
    /// `ClientId` (required).
    pub client_id: SensitiveString,
    /// `ChallengeName` (required).
    pub challenge_name: ChallengeName,
    /// `ChallengeResponses`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_responses: Option<SensitiveMap>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SensitiveString>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `ContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_data: Option<ContextData>,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl AdminRespondToAuthChallengeRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{AdminRespondToAuthChallengeRequest, ChallengeName};
    ///
    /// let request = AdminRespondToAuthChallengeRequest::new("us-east-1_X", "id", ChallengeName::SmsMfa);
    /// assert!(request.challenge_responses.is_none());
    /// ```
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<SensitiveString>,
        challenge_name: ChallengeName,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            challenge_name,
            challenge_responses: None,
            session: None,
            analytics_metadata: None,
            context_data: None,
            client_metadata: None,
        }
    }
}

/// The four sign-in responses have the same members; the model keeps them as separate shapes, and so
/// do we (a later model change to one must not silently change the others).
macro_rules! auth_response {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// Branch on `challenge_name`: `Some` means another challenge (with `challenge_parameters`,
        /// usually a `session`, and for `SELECT_CHALLENGE` the `available_challenges`); `None` means
        /// signed in, with `authentication_result`. `ChallengeParameters` may be `{}` on success.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct $name {
            /// `ChallengeName`: the next challenge, if any.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub challenge_name: Option<ChallengeName>,
            /// `Session`: pass to the next `RespondToAuthChallenge`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub session: Option<SensitiveString>,
            /// `ChallengeParameters` (see [`keys`](crate::keys); JSON-valued ones decode with the
            /// `decode_*` functions).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub challenge_parameters: Option<BTreeMap<String, String>>,
            /// `AuthenticationResult`: the tokens, once signed in.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub authentication_result: Option<AuthenticationResult>,
            /// `AvailableChallenges`: the choices of a `SELECT_CHALLENGE`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub available_challenges: Option<Vec<ChallengeName>>,
        }
    };
}

auth_response! {
    /// `InitiateAuthResponse` (spec §3.1).
    ///
    /// ```
    /// use cognito_flow_wire::{decode_response, keys, ChallengeName, InitiateAuthResponse};
    ///
    /// let body = br#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"-6f01","SRP_B":"b7a3"}}"#;
    /// let response: InitiateAuthResponse = decode_response(body).unwrap();
    /// assert_eq!(response.challenge_name, Some(ChallengeName::PasswordVerifier));
    /// assert_eq!(response.challenge_parameters.unwrap()[keys::SALT], "-6f01");
    /// ```
    InitiateAuthResponse
}

auth_response! {
    /// `AdminInitiateAuthResponse` (spec §3.2).
    ///
    /// ```
    /// use cognito_flow_wire::{decode_response, AdminInitiateAuthResponse};
    ///
    /// let response: AdminInitiateAuthResponse =
    ///     decode_response(br#"{"AuthenticationResult":{"IdToken":"x.y.z"},"ChallengeParameters":{}}"#).unwrap();
    /// assert!(response.challenge_name.is_none());
    /// ```
    AdminInitiateAuthResponse
}

auth_response! {
    /// `RespondToAuthChallengeResponse` (spec §3.3).
    ///
    /// ```
    /// use cognito_flow_wire::{decode_response, ChallengeName, RespondToAuthChallengeResponse};
    ///
    /// let body = br#"{"ChallengeName":"SELECT_CHALLENGE","Session":"AYABeC1session-xxxxxxxx","AvailableChallenges":["PASSWORD","WEB_AUTHN"]}"#;
    /// let response: RespondToAuthChallengeResponse = decode_response(body).unwrap();
    /// assert_eq!(response.available_challenges.unwrap(), [ChallengeName::Password, ChallengeName::WebAuthn]);
    /// ```
    RespondToAuthChallengeResponse
}

auth_response! {
    /// `AdminRespondToAuthChallengeResponse` (spec §3.4).
    ///
    /// ```
    /// use cognito_flow_wire::{decode_response, AdminRespondToAuthChallengeResponse};
    ///
    /// let response: AdminRespondToAuthChallengeResponse = decode_response(b"{}").unwrap();
    /// assert!(response.authentication_result.is_none());
    /// ```
    AdminRespondToAuthChallengeResponse
}

impl_request!(InitiateAuthRequest => InitiateAuth, InitiateAuthResponse);
impl_request!(AdminInitiateAuthRequest => AdminInitiateAuth, AdminInitiateAuthResponse);
impl_request!(RespondToAuthChallengeRequest => RespondToAuthChallenge, RespondToAuthChallengeResponse);
impl_request!(
    AdminRespondToAuthChallengeRequest => AdminRespondToAuthChallenge,
    AdminRespondToAuthChallengeResponse
);
