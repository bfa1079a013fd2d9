//! Passkey registration and management (spec §3.16, §3.17, §5.11).

use serde::{Deserialize, Serialize};

use crate::{Document, SensitiveString, WebAuthnCredentialDescription};

/// `StartWebAuthnRegistrationRequest` (spec §3.16).
///
/// ```
/// use cognito_flow_wire::StartWebAuthnRegistrationRequest;
///
/// let request = StartWebAuthnRegistrationRequest::new("eyJ.access.token");
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"AccessToken":"eyJ.access.token"}"#);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct StartWebAuthnRegistrationRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
}

impl StartWebAuthnRegistrationRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::StartWebAuthnRegistrationRequest;
    ///
    /// let _ = StartWebAuthnRegistrationRequest::new("t");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
        }
    }
}

/// `StartWebAuthnRegistrationResponse` (spec §3.16): `PublicKeyCredentialCreationOptionsJSON` as a
/// JSON document (embedded JSON, not a string).
///
/// ```
/// use cognito_flow_wire::{decode_response, StartWebAuthnRegistrationResponse};
///
/// let response: StartWebAuthnRegistrationResponse = decode_response(
///     br#"{"CredentialCreationOptions":{"challenge":"Y2hhbGxlbmdl","rp":{"id":"example.com","name":"Example"}}}"#,
/// ).unwrap();
/// assert!(response.credential_creation_options.to_json().contains(r#""rp":{"id":"example.com""#));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct StartWebAuthnRegistrationResponse {
    /// `CredentialCreationOptions` (required).
    pub credential_creation_options: Document,
}

impl StartWebAuthnRegistrationResponse {
    /// A response with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::{Document, StartWebAuthnRegistrationResponse};
    ///
    /// let options = Document::from_json(r#"{"challenge":"Y2hhbGxlbmdl"}"#).unwrap();
    /// let _ = StartWebAuthnRegistrationResponse::new(options);
    /// ```
    pub fn new(credential_creation_options: Document) -> Self {
        Self {
            credential_creation_options,
        }
    }
}

/// `CompleteWebAuthnRegistrationRequest` (spec §3.17): the authenticator's
/// `RegistrationResponseJSON` as a JSON document.
///
/// ```
/// use cognito_flow_wire::{CompleteWebAuthnRegistrationRequest, Document};
///
/// let credential = Document::from_json(r#"{"id":"abc","type":"public-key","response":{}}"#).unwrap();
/// let request = CompleteWebAuthnRegistrationRequest::new("eyJ.access.token", credential);
/// assert_eq!(serde_json::to_value(&request).unwrap()["Credential"]["type"], "public-key");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CompleteWebAuthnRegistrationRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `Credential` (required).
    pub credential: Document,
}

impl CompleteWebAuthnRegistrationRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::{CompleteWebAuthnRegistrationRequest, Document};
    ///
    /// let _ = CompleteWebAuthnRegistrationRequest::new("t", Document::from_json("{}").unwrap());
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>, credential: Document) -> Self {
        Self {
            access_token: access_token.into(),
            credential,
        }
    }
}

/// `CompleteWebAuthnRegistrationResponse` (spec §3.17): empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, CompleteWebAuthnRegistrationResponse};
///
/// let _: CompleteWebAuthnRegistrationResponse = decode_response(b"{}").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CompleteWebAuthnRegistrationResponse {}

/// `ListWebAuthnCredentialsRequest`.
///
/// ```
/// use cognito_flow_wire::ListWebAuthnCredentialsRequest;
///
/// let mut request = ListWebAuthnCredentialsRequest::new("eyJ.access.token");
/// request.max_results = Some(20);
/// assert_eq!(serde_json::to_value(&request).unwrap()["MaxResults"], 20);
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListWebAuthnCredentialsRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `NextToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `MaxResults` (0–20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
}

impl ListWebAuthnCredentialsRequest {
    /// A request with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::ListWebAuthnCredentialsRequest;
    ///
    /// assert!(ListWebAuthnCredentialsRequest::new("t").next_token.is_none());
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>) -> Self {
        Self {
            access_token: access_token.into(),
            next_token: None,
            max_results: None,
        }
    }
}

/// `ListWebAuthnCredentialsResponse`.
///
/// ```
/// use cognito_flow_wire::{decode_response, ListWebAuthnCredentialsResponse};
///
/// let response: ListWebAuthnCredentialsResponse = decode_response(br#"{"Credentials":[{
///     "CredentialId":"c1","FriendlyCredentialName":"laptop","RelyingPartyId":"example.com",
///     "AuthenticatorTransports":["internal"],"CreatedAt":1700000000}]}"#).unwrap();
/// assert_eq!(response.credentials[0].credential_id, "c1");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListWebAuthnCredentialsResponse {
    /// `Credentials` (required).
    pub credentials: Vec<WebAuthnCredentialDescription>,
    /// `NextToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListWebAuthnCredentialsResponse {
    /// A response with its required member.
    ///
    /// ```
    /// use cognito_flow_wire::ListWebAuthnCredentialsResponse;
    ///
    /// assert!(ListWebAuthnCredentialsResponse::new(Vec::new()).credentials.is_empty());
    /// ```
    pub fn new(credentials: Vec<WebAuthnCredentialDescription>) -> Self {
        Self {
            credentials,
            next_token: None,
        }
    }
}

/// `DeleteWebAuthnCredentialRequest`.
///
/// ```
/// use cognito_flow_wire::DeleteWebAuthnCredentialRequest;
///
/// let request = DeleteWebAuthnCredentialRequest::new("eyJ.access.token", "c1");
/// assert_eq!(serde_json::to_value(&request).unwrap()["CredentialId"], "c1");
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeleteWebAuthnCredentialRequest {
    /// `AccessToken` (required).
    pub access_token: SensitiveString,
    /// `CredentialId` (required).
    pub credential_id: String,
}

impl DeleteWebAuthnCredentialRequest {
    /// A request with its required members.
    ///
    /// ```
    /// use cognito_flow_wire::DeleteWebAuthnCredentialRequest;
    ///
    /// assert_eq!(DeleteWebAuthnCredentialRequest::new("t", "c").credential_id, "c");
    /// ```
    pub fn new(access_token: impl Into<SensitiveString>, credential_id: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            credential_id: credential_id.into(),
        }
    }
}

/// `DeleteWebAuthnCredentialResponse`: empty.
///
/// ```
/// use cognito_flow_wire::{decode_response, DeleteWebAuthnCredentialResponse};
///
/// let _: DeleteWebAuthnCredentialResponse = decode_response(b"").unwrap();
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeleteWebAuthnCredentialResponse {}

impl_request!(
    StartWebAuthnRegistrationRequest => StartWebAuthnRegistration,
    StartWebAuthnRegistrationResponse
);
impl_request!(
    CompleteWebAuthnRegistrationRequest => CompleteWebAuthnRegistration,
    CompleteWebAuthnRegistrationResponse
);
impl_request!(
    ListWebAuthnCredentialsRequest => ListWebAuthnCredentials,
    ListWebAuthnCredentialsResponse
);
impl_request!(
    DeleteWebAuthnCredentialRequest => DeleteWebAuthnCredential,
    DeleteWebAuthnCredentialResponse
);
