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
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.passwordless());
/// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
/// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
/// let registration = client.start_webauthn_registration(&access_token).await?;
/// // `navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })`
/// let options: serde_json::Value = serde_json::from_str(registration.creation_options_json())?;
/// assert_eq!(options["rp"]["id"], "example.com");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PasskeyRegistration {
    /// `CredentialCreationOptions` as JSON text (`PublicKeyCredentialCreationOptionsJSON`).
    pub creation_options_json: String,
}

impl PasskeyRegistration {
    /// The creation options as JSON text.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// let registration = client.start_webauthn_registration(&access_token).await?;
    /// assert!(registration.creation_options_json().contains("\"challenge\""));
    /// # Ok(()) }
    /// ```
    pub fn creation_options_json(&self) -> &str {
        &self.creation_options_json
    }
}

/// A registered passkey, as `ListWebAuthnCredentials` describes it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.passwordless());
/// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
/// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
/// for passkey in client.list_webauthn_credentials(&access_token).await? {
///     println!("{} ({}) for {}", passkey.name, passkey.credential_id, passkey.relying_party_id);
/// }
/// # Ok(()) }
/// ```
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
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.passwordless());
/// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
/// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
/// let factors = client.get_user_auth_factors(&access_token).await?;
/// assert_eq!(factors.username, "pat");
/// assert!(factors.configured.iter().any(|f| f == "WEB_AUTHN"));
/// # Ok(()) }
/// ```
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
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// let registration = client.start_webauthn_registration(&access_token).await?;
    /// // … the browser creates the credential from registration.creation_options_json() …
    /// # let registration_response_json = sandbox.new_passkey(registration.creation_options_json());
    /// client.complete_webauthn_registration(&access_token, &registration_response_json).await?;
    /// assert_eq!(client.list_webauthn_credentials(&access_token).await?.len(), 2);
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// use cognito_flow::ErrorKind;
    ///
    /// let registration = client.start_webauthn_registration(&access_token).await?;
    /// # let registration_response_json = sandbox.new_passkey(registration.creation_options_json());
    /// client.complete_webauthn_registration(&access_token, &registration_response_json).await?;
    ///
    /// // Not JSON: refused before anything is sent.
    /// let err = client.complete_webauthn_registration(&access_token, "not json").await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// let passkeys = client.list_webauthn_credentials(&access_token).await?;
    /// assert_eq!(passkeys.len(), 1);
    /// assert_eq!(passkeys[0].relying_party_id, "example.com");
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// let passkeys = client.list_webauthn_credentials(&access_token).await?;
    /// client.delete_webauthn_credential(&access_token, &passkeys[0].credential_id).await?;
    /// assert!(client.list_webauthn_credentials(&access_token).await?.is_empty());
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.passwordless());
    /// # let next = client.sign_in("pat", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let access_token = next.into_signed_in().expect("signed in").into_tokens().access_token;
    /// let factors = client.get_user_auth_factors(&access_token).await?;
    /// for factor in &factors.configured {
    ///     println!("{factor}"); // PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN…
    /// }
    /// assert!(factors.configured.iter().any(|f| f == "PASSWORD"));
    /// # Ok(()) }
    /// ```
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
