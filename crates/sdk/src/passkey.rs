//! Passkeys of a signed-in user (spec §3.16–3.17, §3.25): registration, listing, deletion,
//! and the user's configured factors.

use std::time::SystemTime;

use cognito_flow_wire::{
    CompleteWebAuthnRegistrationRequest, DeleteWebAuthnCredentialRequest, Document,
    GetUserAuthFactorsRequest, ListWebAuthnCredentialsRequest, StartWebAuthnRegistrationRequest,
};

use crate::Client;
use crate::error::Error;
use crate::secret::AccessToken;

/// A passkey registration started with [`Client::start_webauthn_registration`]: give
/// [`creation_options_json`](Self::creation_options_json) to the browser
/// (`PublicKeyCredential.parseCreationOptionsFromJSON`) or an authenticator, then pass its
/// `RegistrationResponseJSON` to [`Client::complete_webauthn_registration`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PasskeyRegistration {
    /// `CredentialCreationOptions` as JSON text (`PublicKeyCredentialCreationOptionsJSON`).
    pub creation_options_json: String,
}

impl PasskeyRegistration {
    /// The creation options as JSON text.
    pub fn creation_options_json(&self) -> &str {
        &self.creation_options_json
    }
}

/// A registered passkey, as `ListWebAuthnCredentials` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PasskeyInfo {
    /// The credential id (base64url).
    pub credential_id: String,
    /// Its name.
    pub name: String,
    /// The relying party it belongs to.
    pub relying_party_id: String,
    /// `platform` or `cross-platform`, when known.
    pub authenticator_attachment: Option<String>,
    /// When it was registered.
    pub created_at: Option<SystemTime>,
}

/// What `GetUserAuthFactors` says about a user.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserAuthFactors {
    /// The canonical username.
    pub username: String,
    /// First factors and MFA the user has configured (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`,
    /// `WEB_AUTHN`, `SOFTWARE_TOKEN`).
    pub configured: Vec<String>,
    /// The preferred MFA factor, if any.
    pub preferred_mfa: Option<String>,
    /// The enabled MFA factors.
    pub mfa: Vec<String>,
}

impl Client {
    /// `StartWebAuthnRegistration`: the options to create a passkey with.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::WebAuthn`](crate::ErrorKind::WebAuthn) when passkeys are not configured,
    /// [`ErrorKind::NotAuthorized`](crate::ErrorKind::NotAuthorized), transport errors.
    ///
    /// ```no_run
    /// # async fn demo(client: cognito_flow::Client, access: cognito_flow::AccessToken) -> Result<(), cognito_flow::Error> {
    /// let registration = client.start_webauthn_registration(&access).await?;
    /// // … the browser creates the credential from registration.creation_options_json() …
    /// # let registration_response_json = "{}";
    /// client.complete_webauthn_registration(&access, registration_response_json).await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_webauthn_registration(
        &self,
        access_token: &AccessToken,
    ) -> Result<PasskeyRegistration, Error> {
        let out = self
            .send(&StartWebAuthnRegistrationRequest::new(
                access_token.expose_secret(),
            ))
            .await?;
        Ok(PasskeyRegistration {
            creation_options_json: out.credential_creation_options.to_json(),
        })
    }

    /// `CompleteWebAuthnRegistration` with the authenticator's `RegistrationResponseJSON`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `registration_response_json` is not JSON; Cognito's `WebAuthn*Exception`s
    /// ([`ErrorKind::WebAuthn`](crate::ErrorKind::WebAuthn)); transport errors.
    pub async fn complete_webauthn_registration(
        &self,
        access_token: &AccessToken,
        registration_response_json: &str,
    ) -> Result<(), Error> {
        let credential = Document::from_json(registration_response_json)
            .map_err(|_| Error::invalid_input("the registration response is not JSON"))?;
        self.send(&CompleteWebAuthnRegistrationRequest::new(
            access_token.expose_secret(),
            credential,
        ))
        .await
        .map(drop)
    }

    /// `ListWebAuthnCredentials`, every page.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    pub async fn list_webauthn_credentials(
        &self,
        access_token: &AccessToken,
    ) -> Result<Vec<PasskeyInfo>, Error> {
        let mut out = Vec::new();
        let mut next = None;
        loop {
            let mut request = ListWebAuthnCredentialsRequest::new(access_token.expose_secret());
            request.next_token = next.take();
            let page = self.send(&request).await?;
            out.extend(page.credentials.into_iter().map(|c| PasskeyInfo {
                credential_id: c.credential_id,
                name: c.friendly_credential_name,
                relying_party_id: c.relying_party_id,
                authenticator_attachment: c.authenticator_attachment,
                created_at: c.created_at.to_system_time(),
            }));
            match page.next_token {
                Some(t) if !t.is_empty() => next = Some(t),
                _ => return Ok(out),
            }
        }
    }

    /// `DeleteWebAuthnCredential`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    pub async fn delete_webauthn_credential(
        &self,
        access_token: &AccessToken,
        credential_id: &str,
    ) -> Result<(), Error> {
        self.send(&DeleteWebAuthnCredentialRequest::new(
            access_token.expose_secret(),
            credential_id,
        ))
        .await
        .map(drop)
    }

    /// `GetUserAuthFactors`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    pub async fn get_user_auth_factors(
        &self,
        access_token: &AccessToken,
    ) -> Result<UserAuthFactors, Error> {
        let out = self
            .send(&GetUserAuthFactorsRequest::new(
                access_token.expose_secret(),
            ))
            .await?;
        Ok(UserAuthFactors {
            username: out.username.expose_secret().to_owned(),
            configured: out
                .configured_user_auth_factors
                .unwrap_or_default()
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            preferred_mfa: out.preferred_mfa_setting,
            mfa: out.user_mfa_setting_list.unwrap_or_default(),
        })
    }
}
