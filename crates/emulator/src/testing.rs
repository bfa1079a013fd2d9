//! Test support (feature `test-authenticator`): a software passkey authenticator.
//!
//! [`SoftwareAuthenticator`] plays the part of `navigator.credentials.create()` and `.get()`
//! for tests of passkey clients: it answers `StartWebAuthnRegistration`'s
//! `CredentialCreationOptions` with a `RegistrationResponseJSON` (attestation `none`, an ES256
//! key on P-256) and a `WEB_AUTHN` challenge's `CREDENTIAL_REQUEST_OPTIONS` with an
//! `AuthenticationResponseJSON`, signed for real. Use it against this emulator or any relying
//! party; never as a real authenticator (its key lives in memory, unprotected).
//!
//! ```
//! use cognito_flow_emulator::testing::SoftwareAuthenticator;
//!
//! let mut authenticator = SoftwareAuthenticator::new()?;
//! let registration = authenticator.create(
//!     r#"{"challenge":"Y2hhbGxlbmdlLWJ5dGVz","rp":{"id":"example.com","name":"Example"},
//!         "user":{"id":"dXNlcg","name":"alice","displayName":"Alice"},
//!         "pubKeyCredParams":[{"type":"public-key","alg":-7}]}"#,
//!     "https://example.com",
//! )?;
//! assert!(registration.contains(r#""type":"public-key""#));
//!
//! let assertion = authenticator.get(
//!     r#"{"challenge":"bmV4dC1jaGFsbGVuZ2U","rpId":"example.com"}"#,
//!     "https://example.com",
//!     true,
//! )?;
//! assert!(assertion.contains(r#""signature""#));
//! assert_eq!(authenticator.sign_count(), 1);
//! # Ok::<(), cognito_flow_emulator::testing::AuthenticatorError>(())
//! ```

use core::fmt;

use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// An ES256 passkey in memory, with its credential ID, user handle and signature counter.
///
/// It holds one credential: [`create`](Self::create) registers it (a second `create` replaces
/// the user handle and relying party it remembers), [`get`](Self::get) signs assertions with
/// it, the counter rising by one each time. `Debug` never shows the private key.
pub struct SoftwareAuthenticator {
    key: SigningKey,
    credential_id: Vec<u8>,
    sign_count: u32,
    user_handle: Option<Vec<u8>>,
    user_verifying: bool,
}

impl fmt::Debug for SoftwareAuthenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoftwareAuthenticator")
            .field("credential_id", &self.credential_id())
            .field("sign_count", &self.sign_count)
            .finish_non_exhaustive()
    }
}

/// Why the [`SoftwareAuthenticator`] could not answer: options it cannot read or satisfy, as
/// a browser would refuse them (`NotAllowedError`, `NotSupportedError`, ...).
#[derive(Debug)]
pub struct AuthenticatorError {
    what: &'static str,
}

impl AuthenticatorError {
    fn new(what: &'static str) -> Self {
        Self { what }
    }
}

impl fmt::Display for AuthenticatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "software authenticator: {}", self.what)
    }
}

impl std::error::Error for AuthenticatorError {}

/// Authenticator-data flags (WebAuthn §6.1): user present, user verified, attested data.
const FLAG_UP: u8 = 0x01;
const FLAG_UV: u8 = 0x04;
const FLAG_AT: u8 = 0x40;

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    ENGINE.decode(text).ok()
}

fn random<const N: usize>() -> Result<[u8; N], AuthenticatorError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|_| AuthenticatorError::new("the operating system gave no randomness"))?;
    Ok(out)
}

fn text<'a>(
    value: &'a Value,
    pointer: &str,
    what: &'static str,
) -> Result<&'a str, AuthenticatorError> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or(AuthenticatorError::new(what))
}

impl SoftwareAuthenticator {
    /// A new authenticator with a random P-256 key and a random 16-byte credential ID.
    ///
    /// # Errors
    ///
    /// [`AuthenticatorError`] if the operating system's random generator fails.
    ///
    /// ```
    /// use cognito_flow_emulator::testing::SoftwareAuthenticator;
    ///
    /// let authenticator = SoftwareAuthenticator::new()?;
    /// assert_eq!(authenticator.sign_count(), 0);
    /// # Ok::<(), cognito_flow_emulator::testing::AuthenticatorError>(())
    /// ```
    pub fn new() -> Result<Self, AuthenticatorError> {
        let id = random::<16>()?;
        Self::with_id(id.to_vec())
    }

    /// An authenticator with a new random key that claims the credential ID `credential_id`
    /// (base64url): what an attacker who copied a credential ID but not its key would hold.
    /// Its assertions must be refused.
    ///
    /// # Errors
    ///
    /// [`AuthenticatorError`] if `credential_id` is not base64url or the random generator
    /// fails.
    ///
    /// ```
    /// use cognito_flow_emulator::testing::SoftwareAuthenticator;
    ///
    /// let real = SoftwareAuthenticator::new()?;
    /// let forged = SoftwareAuthenticator::with_credential_id(&real.credential_id())?;
    /// assert_eq!(forged.credential_id(), real.credential_id());
    /// # Ok::<(), cognito_flow_emulator::testing::AuthenticatorError>(())
    /// ```
    pub fn with_credential_id(credential_id: &str) -> Result<Self, AuthenticatorError> {
        let id = b64url_decode(credential_id)
            .filter(|id| !id.is_empty())
            .ok_or(AuthenticatorError::new(
                "the credential ID is not base64url",
            ))?;
        Self::with_id(id)
    }

    fn with_id(credential_id: Vec<u8>) -> Result<Self, AuthenticatorError> {
        // A random scalar is valid unless it is zero or not below the group order: retry.
        for _ in 0..16 {
            if let Ok(key) = SigningKey::from_slice(&random::<32>()?) {
                return Ok(Self {
                    key,
                    credential_id,
                    sign_count: 0,
                    user_handle: None,
                    user_verifying: true,
                });
            }
        }
        Err(AuthenticatorError::new("no valid P-256 key could be drawn"))
    }

    /// Whether [`create`](Self::create) reports the user as verified (the UV flag; default
    /// true, as a platform authenticator with a PIN or biometrics).
    ///
    /// ```
    /// use cognito_flow_emulator::testing::SoftwareAuthenticator;
    ///
    /// let authenticator = SoftwareAuthenticator::new()?.user_verifying(false);
    /// # Ok::<(), cognito_flow_emulator::testing::AuthenticatorError>(())
    /// ```
    #[must_use]
    pub fn user_verifying(mut self, verifies: bool) -> Self {
        self.user_verifying = verifies;
        self
    }

    /// The credential ID, base64url without padding (`id` / `rawId` of its answers).
    pub fn credential_id(&self) -> String {
        b64url(&self.credential_id)
    }

    /// The signature counter: 0 after registration, then the value of the last assertion.
    pub fn sign_count(&self) -> u32 {
        self.sign_count
    }

    /// Sets the signature counter; the next assertion carries `count + 1`. Setting it back
    /// makes the authenticator look cloned.
    ///
    /// ```
    /// use cognito_flow_emulator::testing::SoftwareAuthenticator;
    ///
    /// let mut authenticator = SoftwareAuthenticator::new()?;
    /// authenticator.set_sign_count(41);
    /// assert_eq!(authenticator.sign_count(), 41);
    /// # Ok::<(), cognito_flow_emulator::testing::AuthenticatorError>(())
    /// ```
    pub fn set_sign_count(&mut self, count: u32) {
        self.sign_count = count;
    }

    /// `navigator.credentials.create()`: answers `PublicKeyCredentialCreationOptionsJSON`
    /// (`StartWebAuthnRegistration`'s `CredentialCreationOptions`) for `origin` with the
    /// `RegistrationResponseJSON` to send as `CompleteWebAuthnRegistration`'s `Credential`.
    ///
    /// Attestation `none`; authenticator data with the SHA-256 of `rp.id`, the UP, UV (see
    /// [`user_verifying`](Self::user_verifying)) and AT flags, the counter, a zero AAGUID, the
    /// credential ID and the COSE key (EC2, P-256, ES256).
    ///
    /// # Errors
    ///
    /// [`AuthenticatorError`] if the options are not JSON, lack `challenge`, `rp.id` or
    /// `user.id`, do not offer ES256 (`alg: -7`) in `pubKeyCredParams`, or exclude this
    /// credential.
    pub fn create(
        &mut self,
        creation_options_json: &str,
        origin: &str,
    ) -> Result<String, AuthenticatorError> {
        let options: Value = serde_json::from_str(creation_options_json)
            .map_err(|_| AuthenticatorError::new("the creation options are not JSON"))?;
        let challenge = text(
            &options,
            "/challenge",
            "the creation options have no challenge",
        )?;
        let rp_id = text(&options, "/rp/id", "the creation options have no rp.id")?;
        let user_id = text(&options, "/user/id", "the creation options have no user.id")?;
        let user_handle =
            b64url_decode(user_id).ok_or(AuthenticatorError::new("user.id is not base64url"))?;
        let es256 = options
            .get("pubKeyCredParams")
            .and_then(Value::as_array)
            .is_some_and(|p| {
                p.iter()
                    .any(|p| p.get("alg").and_then(Value::as_i64) == Some(-7))
            });
        if !es256 {
            return Err(AuthenticatorError::new(
                "ES256 is not among pubKeyCredParams",
            ));
        }
        let mine = self.credential_id();
        let excluded = options
            .get("excludeCredentials")
            .and_then(Value::as_array)
            .is_some_and(|l| {
                l.iter()
                    .any(|c| c.get("id").and_then(Value::as_str) == Some(&mine))
            });
        if excluded {
            return Err(AuthenticatorError::new(
                "the credential is already registered (excludeCredentials)",
            ));
        }

        let client_data = json!({
            "type": "webauthn.create",
            "challenge": challenge,
            "origin": origin,
            "crossOrigin": false,
        })
        .to_string();
        let point = self.key.verifying_key().to_sec1_point(false);
        let (Some(x), Some(y)) = (point.x(), point.y()) else {
            return Err(AuthenticatorError::new("the public key has no coordinates"));
        };
        use ciborium::Value as C;
        let cose = C::Map(vec![
            (C::Integer(1.into()), C::Integer(2.into())),
            (C::Integer(3.into()), C::Integer((-7).into())),
            (C::Integer((-1).into()), C::Integer(1.into())),
            (C::Integer((-2).into()), C::Bytes(x.to_vec())),
            (C::Integer((-3).into()), C::Bytes(y.to_vec())),
        ]);
        let mut flags = FLAG_UP | FLAG_AT;
        if self.user_verifying {
            flags |= FLAG_UV;
        }
        let mut auth_data = self.authenticator_data(rp_id, flags);
        auth_data.extend_from_slice(&[0u8; 16]); // AAGUID: none
        let id_len = u16::try_from(self.credential_id.len())
            .map_err(|_| AuthenticatorError::new("the credential ID is too long"))?;
        auth_data.extend_from_slice(&id_len.to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        ciborium::into_writer(&cose, &mut auth_data)
            .map_err(|_| AuthenticatorError::new("the COSE key could not be encoded"))?;
        let attestation = C::Map(vec![
            (C::Text("fmt".into()), C::Text("none".into())),
            (C::Text("attStmt".into()), C::Map(Vec::new())),
            (C::Text("authData".into()), C::Bytes(auth_data.clone())),
        ]);
        let mut attestation_object = Vec::new();
        ciborium::into_writer(&attestation, &mut attestation_object)
            .map_err(|_| AuthenticatorError::new("the attestation could not be encoded"))?;
        self.user_handle = Some(user_handle);
        Ok(json!({
            "id": mine,
            "rawId": mine,
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data.as_bytes()),
                "attestationObject": b64url(&attestation_object),
                "authenticatorData": b64url(&auth_data),
                "transports": ["internal"],
                "publicKeyAlgorithm": -7,
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        })
        .to_string())
    }

    /// `navigator.credentials.get()`: answers `PublicKeyCredentialRequestOptionsJSON` (a
    /// `WEB_AUTHN` challenge's `CREDENTIAL_REQUEST_OPTIONS`) for `origin` with the
    /// `AuthenticationResponseJSON` to send as the `CREDENTIAL` answer. The counter rises by
    /// one; the UV flag is set when `user_verified`; the signature is ES256 over
    /// `authenticatorData || SHA-256(clientDataJSON)`, DER-encoded.
    ///
    /// # Errors
    ///
    /// [`AuthenticatorError`] if the options are not JSON, lack `challenge` or `rpId`, or list
    /// `allowCredentials` without this credential.
    pub fn get(
        &mut self,
        request_options_json: &str,
        origin: &str,
        user_verified: bool,
    ) -> Result<String, AuthenticatorError> {
        let options: Value = serde_json::from_str(request_options_json)
            .map_err(|_| AuthenticatorError::new("the request options are not JSON"))?;
        let challenge = text(
            &options,
            "/challenge",
            "the request options have no challenge",
        )?;
        let rp_id = text(&options, "/rpId", "the request options have no rpId")?;
        let mine = self.credential_id();
        if let Some(allowed) = options.get("allowCredentials").and_then(Value::as_array) {
            let listed = allowed
                .iter()
                .any(|c| c.get("id").and_then(Value::as_str) == Some(&mine));
            if !allowed.is_empty() && !listed {
                return Err(AuthenticatorError::new(
                    "the credential is not in allowCredentials",
                ));
            }
        }
        self.sign_count = self.sign_count.saturating_add(1);
        let mut flags = FLAG_UP;
        if user_verified {
            flags |= FLAG_UV;
        }
        let auth_data = self.authenticator_data(rp_id, flags);
        let client_data = json!({
            "type": "webauthn.get",
            "challenge": challenge,
            "origin": origin,
            "crossOrigin": false,
        })
        .to_string();
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&Sha256::digest(client_data.as_bytes()));
        let signature: Signature = self.key.sign(&signed);
        let mut response = json!({
            "clientDataJSON": b64url(client_data.as_bytes()),
            "authenticatorData": b64url(&auth_data),
            "signature": b64url(signature.to_der().as_bytes()),
        });
        if let Some(handle) = &self.user_handle {
            response["userHandle"] = json!(b64url(handle));
        }
        Ok(json!({
            "id": mine,
            "rawId": mine,
            "type": "public-key",
            "response": response,
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        })
        .to_string())
    }

    /// `rpIdHash || flags || signCount`.
    fn authenticator_data(&self, rp_id: &str, flags: u8) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend_from_slice(&self.sign_count.to_be_bytes());
        data
    }
}
