//! `WEB_AUTHN` (spec §5.2, §5.11): sign in with a passkey.

use std::fmt;

use cognito_flow_wire::{
    ChallengeName, CredentialRequestOptions, SensitiveMap, decode_credential_request_options, keys,
};
use serde::{Deserialize, Serialize};

use super::code::debug_state;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::error::Error;
use crate::next::Next;

/// A passkey assertion: WebAuthn's `AuthenticationResponseJSON`, as a browser's
/// `PublicKeyCredential.toJSON()` or an authenticator library produces it (binary members
/// base64url).
///
/// ```
/// use cognito_flow::WebAuthnCredential;
///
/// let credential = WebAuthnCredential::from_json(r#"{
///   "id": "AQID", "rawId": "AQID", "type": "public-key",
///   "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "MEUC"},
///   "clientExtensionResults": {}
/// }"#).unwrap();
/// assert_eq!(credential.id(), "AQID");
/// assert_eq!(format!("{credential:?}"), "WebAuthnCredential { id: \"AQID\", .. }");
/// ```
#[derive(Clone)]
pub struct WebAuthnCredential {
    id: String,
    json: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationResponseJson {
    id: String,
    raw_id: String,
    #[serde(rename = "type")]
    kind: String,
    response: AssertionResponseJson,
    #[serde(default)]
    client_extension_results: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authenticator_attachment: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssertionResponseJson {
    #[serde(rename = "clientDataJSON")]
    client_data_json: String,
    authenticator_data: String,
    signature: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_handle: Option<String>,
}

impl WebAuthnCredential {
    /// Reads an `AuthenticationResponseJSON` document.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if it is not one
    /// (missing members, `type` other than `public-key`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// use cognito_flow::WebAuthnCredential;
    ///
    /// // What `PublicKeyCredential.toJSON()` gave in the browser.
    /// # let browser_json = sandbox.passkey_assertion(step.request_options_json());
    /// let credential = WebAuthnCredential::from_json(&browser_json)?;
    /// assert!(step.respond(credential).await?.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let parsed: AuthenticationResponseJson = serde_json::from_str(json)
            .map_err(|_| Error::invalid_input("not a WebAuthn AuthenticationResponseJSON"))?;
        if parsed.kind != "public-key" || parsed.id.is_empty() {
            return Err(Error::invalid_input(
                "a passkey credential has type public-key and an id",
            ));
        }
        let json = serde_json::to_string(&parsed)
            .map_err(|_| Error::invalid_input("not a WebAuthn AuthenticationResponseJSON"))?;
        Ok(Self {
            id: parsed.id,
            json,
        })
    }

    /// Builds the document from its parts (all base64url, as WebAuthn's JSON encoding has
    /// them): the credential id, `clientDataJSON`, `authenticatorData`, `signature` and the
    /// optional `userHandle`.
    ///
    /// ```
    /// let c = cognito_flow::WebAuthnCredential::from_parts("AQID", "e30", "AAAA", "MEUC", None);
    /// assert_eq!(c.id(), "AQID");
    /// ```
    pub fn from_parts(
        credential_id: &str,
        client_data_json: &str,
        authenticator_data: &str,
        signature: &str,
        user_handle: Option<&str>,
    ) -> Self {
        let doc = AuthenticationResponseJson {
            id: credential_id.to_owned(),
            raw_id: credential_id.to_owned(),
            kind: "public-key".to_owned(),
            response: AssertionResponseJson {
                client_data_json: client_data_json.to_owned(),
                authenticator_data: authenticator_data.to_owned(),
                signature: signature.to_owned(),
                user_handle: user_handle.map(str::to_owned),
            },
            client_extension_results: serde_json::Map::new(),
            authenticator_attachment: None,
        };
        let json = serde_json::to_string(&doc).unwrap_or_default();
        Self {
            id: credential_id.to_owned(),
            json,
        }
    }

    /// The credential id (base64url).
    ///
    /// ```
    /// let c = cognito_flow::WebAuthnCredential::from_parts("AQID", "e30", "AAAA", "MEUC", None);
    /// assert_eq!(c.id(), "AQID");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The document, as sent in `CREDENTIAL`.
    ///
    /// ```
    /// let c = cognito_flow::WebAuthnCredential::from_parts("AQID", "e30", "AAAA", "MEUC", Some("dXNlcg"));
    /// let json: serde_json::Value = serde_json::from_str(c.to_json())?;
    /// assert_eq!(json["type"], "public-key");
    /// assert_eq!(json["response"]["userHandle"], "dXNlcg");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_json(&self) -> &str {
        &self.json
    }
}

impl fmt::Debug for WebAuthnCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebAuthnCredential")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// `WEB_AUTHN`: sign in with a passkey. Hand [`request_options_json`](Self::request_options_json)
/// to the browser (`PublicKeyCredential.parseRequestOptionsFromJSON`) or to an authenticator
/// library, and answer with the assertion it returns.
///
/// * Answer: [`WebAuthnCredential`] (`CREDENTIAL`).
/// * Next: [`Next::SignedIn`] (or MFA, depending on the pool).
///
/// # Errors
///
/// A refused assertion ends the attempt (the challenge inside the options is single-use);
/// only an unsent request hands the state back.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
/// println!("relying party: {:?}", step.request_options().rp_id);
/// # let browser_json = sandbox.passkey_assertion(step.request_options_json());
/// let credential = cognito_flow::WebAuthnCredential::from_json(&browser_json)?;
/// let next = step.respond(credential).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct WebAuthn {
    ctx: ChallengeCtx,
    options: CredentialRequestOptions,
}

impl WebAuthn {
    pub(crate) fn new(ctx: ChallengeCtx) -> Result<Self, Error> {
        let raw = ctx
            .parameters
            .get(keys::CREDENTIAL_REQUEST_OPTIONS)
            .ok_or_else(|| Error::protocol("WEB_AUTHN came without CREDENTIAL_REQUEST_OPTIONS"))?;
        let options = decode_credential_request_options(raw).map_err(|e| {
            Error::protocol_with_source("CREDENTIAL_REQUEST_OPTIONS is malformed", e)
        })?;
        Ok(Self { ctx, options })
    }

    /// The parsed `PublicKeyCredentialRequestOptionsJSON`: challenge, relying party,
    /// allowed credentials, user verification, timeout.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// let options = step.request_options();
    /// assert_eq!(options.rp_id.as_deref(), Some("example.com"));
    /// # Ok(()) }
    /// ```
    pub fn request_options(&self) -> &CredentialRequestOptions {
        &self.options
    }

    /// The options exactly as Cognito sent them, for the browser.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// // For `PublicKeyCredential.parseRequestOptionsFromJSON(...)` in the browser.
    /// let options: serde_json::Value = serde_json::from_str(step.request_options_json())?;
    /// assert!(options["challenge"].is_string());
    /// # Ok(()) }
    /// ```
    pub fn request_options_json(&self) -> &str {
        self.ctx
            .parameters
            .get(keys::CREDENTIAL_REQUEST_OPTIONS)
            .map_or("{}", String::as_str)
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// assert_eq!(step.username(), "pat");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("authenticator", "platform");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Answers with the passkey's assertion.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, WebAuthn); // pat: passkey first factor
    /// use cognito_flow::WebAuthnCredential;
    ///
    /// # let browser_json = sandbox.passkey_assertion(step.request_options_json());
    /// let credential = WebAuthnCredential::from_json(&browser_json)?;
    /// let signed_in = step.respond(credential).await?.into_signed_in().expect("no MFA after a passkey");
    /// assert_eq!(signed_in.username(), "pat");
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, credential: WebAuthnCredential) -> Result<Next, RespondError<Self>> {
        let mut extra = SensitiveMap::new();
        extra.insert(keys::CREDENTIAL, credential.json.as_str());
        let options = self.options;
        answer_or_return(self.ctx, ChallengeName::WebAuthn, extra, move |ctx| Self {
            ctx,
            options,
        })
        .await
    }
}

impl fmt::Debug for WebAuthn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "WebAuthn", &self.ctx)
    }
}
