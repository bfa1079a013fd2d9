//! Passkeys (spec §3.16, §3.17, §3.25, §5.11): `StartWebAuthnRegistration`,
//! `CompleteWebAuthnRegistration`, `ListWebAuthnCredentials`, `DeleteWebAuthnCredential`,
//! `GetUserAuthFactors`, and the verification of the assertion that answers a `WEB_AUTHN`
//! challenge ([`verify_assertion`], used by `ops::user_auth`).
//!
//! Everything is checked for real, as a relying party must (W3C WebAuthn Level 3, §7):
//! `clientDataJSON` (type, the single-use challenge, origin), the authenticator data (SHA-256
//! of the relying-party ID, the user-present and user-verified flags, the attested credential
//! and its COSE key), the ES256 signature over `authenticatorData || SHA-256(clientDataJSON)`
//! with the stored public key, and the signature counter.
//!
//! # Pool settings
//!
//! Passkeys are enabled when the pool's `Policies.SignInPolicy.AllowedFirstAuthFactors`
//! contains `WEB_AUTHN` (else `WebAuthnNotEnabledException`), and need
//! `SetUserPoolMfaConfig`'s `WebAuthnConfiguration.RelyingPartyId` (else
//! `WebAuthnConfigurationMissingException`: the emulator has no pool domains to fall back
//! on). `UserVerification=required` makes the UV flag mandatory at registration and sign-in.
//!
//! Allowed origins: `https://{RelyingPartyId}` and `https://*.{RelyingPartyId}` on any port,
//! `http://localhost` on any port when the relying party is `localhost`, and every origin in
//! [`EmulatorConfig::webauthn_origins`](crate::EmulatorConfig).
//!
//! # Registration
//!
//! `StartWebAuthnRegistration` answers `PublicKeyCredentialCreationOptionsJSON` with a fresh
//! 32-byte challenge, `rp {id, name}` (both the relying-party ID), `user {id: base64url of the
//! user's sub, name, displayName}`, ES256 only (`alg: -7`), a 180-second `timeout`, the user's
//! passkeys as `excludeCredentials`, `authenticatorSelection {requireResidentKey: true,
//! residentKey: "required", userVerification}` and `attestation: "none"`. The challenge is
//! remembered for the user (one at a time, the latest wins) until the timeout.
//!
//! `CompleteWebAuthnRegistration` takes that challenge whatever the outcome (a failed
//! completion needs a new start) and accepts `RegistrationResponseJSON` with attestation
//! format `none` and an ES256 P-256 key. At most 20 passkeys per user.
//!
//! | Failure | Error |
//! |---|---|
//! | no challenge pending, it expired, or `clientDataJSON.challenge` is not it | `WebAuthnChallengeNotFoundException` |
//! | started with an access token of another app client | `WebAuthnClientMismatchException` |
//! | origin not allowed | `WebAuthnOriginNotAllowedException` |
//! | `rpIdHash` is not SHA-256 of the relying-party ID | `WebAuthnRelyingPartyMismatchException` |
//! | attestation format other than `none`, a key other than ES256/P-256, UP missing, UV missing where required | `WebAuthnCredentialNotSupportedException` |
//! | malformed JSON, base64url or CBOR, `type` not `public-key`/`webauthn.create`, no attested credential, `id`/`rawId` not the attested ID, a credential ID already registered | `InvalidParameterException` |
//! | 20 passkeys already | `LimitExceededException` |
//!
//! # Sign-in
//!
//! The `WEB_AUTHN` challenge's `CREDENTIAL_REQUEST_OPTIONS` carry a fresh 32-byte challenge,
//! `rpId`, `timeout: 180000`, the user's passkeys as `allowCredentials` and
//! `userVerification`. The answer's `CREDENTIAL` (`AuthenticationResponseJSON`) must name one
//! of those passkeys and pass every check above with `type: "webauthn.get"`; `userHandle`, when
//! present, must be the user's handle; a signature counter that is not zero must be greater
//! than the stored one (otherwise the authenticator may have been cloned). The model gives
//! `RespondToAuthChallenge` no `WebAuthn*Exception`, so a refused assertion is
//! `NotAuthorizedException` "Incorrect username or password." (the reason is logged at
//! `debug`), and an answer that does not parse is `InvalidParameterException`.
//!
//! # `GetUserAuthFactors`
//!
//! `ConfiguredUserAuthFactors`: `PASSWORD` (the user has a password), `EMAIL_OTP` (e-mail MFA
//! enabled, or a verified e-mail and `EMAIL_OTP` among the pool's first factors), `SMS_OTP`
//! (likewise with SMS and the phone number), `WEB_AUTHN` (a registered passkey),
//! `SOFTWARE_TOKEN` (a verified authenticator app enabled for MFA); plus
//! `UserMFASettingList` and `PreferredMfaSetting` as `GetUser` reports them.

use base64::Engine as _;
use cognito_flow_wire::{
    AuthFactorType, CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse,
    DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse, Document,
    GetUserAuthFactorsRequest, GetUserAuthFactorsResponse, ListWebAuthnCredentialsRequest,
    ListWebAuthnCredentialsResponse, StartWebAuthnRegistrationRequest,
    StartWebAuthnRegistrationResponse, Timestamp, WebAuthnCredentialDescription,
};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::{self, Ctx};
use crate::state::{PasskeyRecord, PendingRegistration, Pool, User};

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
    "GetUserAuthFactors",
];

/// `timeout` of the creation and request options, and how long their challenges live (ms).
pub(crate) const CEREMONY_TIMEOUT_MILLIS: i64 = 180_000;

/// Passkeys one user may register.
const MAX_PASSKEYS: usize = 20;

/// COSE algorithm identifier of ES256 (ECDSA P-256 with SHA-256).
const ES256: i64 = -7;

/// Authenticator-data flags (WebAuthn §6.1).
const FLAG_UP: u8 = 0x01;
const FLAG_UV: u8 = 0x04;
const FLAG_AT: u8 = 0x40;
const FLAG_ED: u8 = 0x80;

pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "StartWebAuthnRegistration" => ops::run(body, |r| start_registration(inner, r)),
        "CompleteWebAuthnRegistration" => ops::run(body, |r| complete_registration(inner, r)),
        "ListWebAuthnCredentials" => ops::run(body, |r| list(inner, r)),
        "DeleteWebAuthnCredential" => ops::run(body, |r| delete(inner, r)),
        "GetUserAuthFactors" => ops::run(body, |r| auth_factors(inner, r)),
        _ => None,
    }
}

/// base64url, without padding (what WebAuthn's JSON forms use).
pub(crate) fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url with or without padding.
pub(crate) fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    ENGINE.decode(text).ok()
}

/// The user handle of `user`: base64url of its `sub`.
pub(crate) fn user_handle(user: &User) -> String {
    b64url(user.sub.as_bytes())
}

/// A fresh 32-byte challenge, base64url.
pub(crate) fn new_challenge(inner: &Inner) -> String {
    b64url(&inner.random.bytes::<32>())
}

/// Whether the pool lets passkeys be used (`WEB_AUTHN` among its first factors).
fn enabled(pool: &Pool) -> bool {
    pool.tier != "LITE"
        && pool
            .allowed_first_auth_factors
            .iter()
            .any(|f| f == "WEB_AUTHN")
}

/// The pool's relying-party ID, once passkeys are enabled and configured.
fn relying_party(pool: &Pool) -> ApiResult<String> {
    if !enabled(pool) {
        return Err(ApiError::new(
            "WebAuthnNotEnabledException",
            "Passkey sign-in is not enabled for this user pool: add WEB_AUTHN to Policies.SignInPolicy.AllowedFirstAuthFactors.",
        ));
    }
    pool.web_authn.relying_party_id.clone().ok_or_else(|| {
        ApiError::new(
            "WebAuthnConfigurationMissingException",
            "The user pool has no WebAuthnConfiguration.RelyingPartyId.",
        )
    })
}

/// The user's passkeys for relying party `rp_id`.
pub(crate) fn passkeys_for<'a>(
    user: &'a User,
    rp_id: &'a str,
) -> impl Iterator<Item = &'a PasskeyRecord> {
    user.webauthn
        .credentials
        .iter()
        .filter(move |c| c.relying_party_id == rp_id)
}

/// Whether `user` can sign in with a passkey in `pool` now.
pub(crate) fn has_usable_passkey(pool: &Pool, user: &User) -> bool {
    enabled(pool)
        && pool
            .web_authn
            .relying_party_id
            .as_deref()
            .is_some_and(|rp| passkeys_for(user, rp).next().is_some())
}

/// `PublicKeyCredentialDescriptorJSON` of a stored passkey.
fn descriptor(c: &PasskeyRecord) -> Value {
    let mut d = json!({"type": "public-key", "id": c.id});
    if !c.transports.is_empty() {
        d["transports"] = json!(c.transports);
    }
    d
}

/// `CREDENTIAL_REQUEST_OPTIONS` for `user` (spec §5.11): the options as JSON text and the
/// challenge they carry. `None` if passkeys are not usable for the user.
pub(crate) fn request_options(
    inner: &Inner,
    pool: &Pool,
    user: &User,
    require_user_verification: bool,
) -> Option<(String, String)> {
    let rp_id = pool.web_authn.relying_party_id.as_deref()?;
    let allow: Vec<Value> = passkeys_for(user, rp_id).map(descriptor).collect();
    if allow.is_empty() {
        return None;
    }
    let challenge = new_challenge(inner);
    let options = json!({
        "challenge": challenge,
        "timeout": CEREMONY_TIMEOUT_MILLIS,
        "rpId": rp_id,
        "allowCredentials": allow,
        "userVerification": if require_user_verification { "required" } else { "preferred" },
    });
    Some((options.to_string(), challenge))
}

// ---------------------------------------------------------------------------------------------
// Parsing what authenticators send
// ---------------------------------------------------------------------------------------------

/// Why a passkey was refused: kept apart so registration and sign-in map them to their own
/// errors. The texts never contain key material, challenges or signatures.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not parseable or not shaped as WebAuthn says.
    Malformed(&'static str),
    /// The challenge is not the one issued.
    Challenge,
    /// The origin is not allowed.
    Origin,
    /// `rpIdHash` is not SHA-256 of the relying-party ID.
    RelyingParty,
    /// An authenticator or key this emulator (as Cognito) does not accept.
    NotSupported(&'static str),
    /// A failed check of an otherwise well-formed answer.
    Refused(&'static str),
}

/// `clientDataJSON` (WebAuthn §5.8.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientData {
    #[serde(rename = "type")]
    type_: String,
    challenge: String,
    origin: String,
}

/// Decodes `clientDataJSON` and checks its type, challenge and origin.
fn check_client_data(
    raw: &[u8],
    expected_type: &str,
    challenge: &str,
    rp_id: &str,
    extra_origins: &[String],
) -> Result<(), Refusal> {
    let data: ClientData =
        serde_json::from_slice(raw).map_err(|_| Refusal::Malformed("clientDataJSON"))?;
    if data.type_ != expected_type {
        return Err(Refusal::Malformed("clientDataJSON.type"));
    }
    // Challenges are compared as bytes: padding or not, the same challenge.
    let sent = b64url_decode(&data.challenge).ok_or(Refusal::Challenge)?;
    let issued = b64url_decode(challenge).ok_or(Refusal::Challenge)?;
    if !crate::totp::constant_time_eq(&sent, &issued) {
        return Err(Refusal::Challenge);
    }
    if !origin_allowed(&data.origin, rp_id, extra_origins) {
        return Err(Refusal::Origin);
    }
    Ok(())
}

/// Whether `origin` may use relying party `rp_id` (see the module docs).
pub(crate) fn origin_allowed(origin: &str, rp_id: &str, extra_origins: &[String]) -> bool {
    if extra_origins.iter().any(|o| o == origin) {
        return true;
    }
    // `host` or `host:port`; an origin has no path.
    let host_of = |rest: &str| -> Option<String> {
        let host = match rest.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => h,
            Some(_) => return None,
            None => rest,
        };
        (!host.is_empty() && !host.contains('/')).then(|| host.to_ascii_lowercase())
    };
    let rp = rp_id.to_ascii_lowercase();
    if let Some(rest) = origin.strip_prefix("https://") {
        return host_of(rest).is_some_and(|h| h == rp || h.ends_with(&format!(".{rp}")));
    }
    if let Some(rest) = origin.strip_prefix("http://") {
        return rp == "localhost" && host_of(rest).is_some_and(|h| h == "localhost");
    }
    false
}

/// Authenticator data (WebAuthn §6.1).
#[derive(Debug)]
struct AuthenticatorData {
    rp_id_hash: [u8; 32],
    flags: u8,
    sign_count: u32,
    attested: Option<AttestedCredential>,
}

/// Attested credential data (WebAuthn §6.5.2).
#[derive(Debug)]
struct AttestedCredential {
    id: Vec<u8>,
    /// The key as an uncompressed SEC1 point.
    public_key: Vec<u8>,
}

impl AuthenticatorData {
    fn parse(bytes: &[u8]) -> Result<Self, Refusal> {
        let malformed = || Refusal::Malformed("authenticatorData");
        let rp_id_hash: [u8; 32] = bytes
            .get(..32)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(malformed)?;
        let flags = *bytes.get(32).ok_or_else(malformed)?;
        let count: [u8; 4] = bytes
            .get(33..37)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(malformed)?;
        let mut rest = &bytes[37..];
        let attested = if flags & FLAG_AT != 0 {
            let (credential, after) = AttestedCredential::parse(rest)?;
            rest = after;
            Some(credential)
        } else {
            None
        };
        if flags & FLAG_ED != 0 {
            // Extension outputs: one CBOR map, and nothing after it.
            let mut reader = rest;
            let _: ciborium::Value = ciborium::from_reader(&mut reader).map_err(|_| malformed())?;
            rest = reader;
        }
        if !rest.is_empty() {
            return Err(malformed());
        }
        Ok(Self {
            rp_id_hash,
            flags,
            sign_count: u32::from_be_bytes(count),
            attested,
        })
    }

    fn check_rp(&self, rp_id: &str) -> Result<(), Refusal> {
        let expected = Sha256::digest(rp_id.as_bytes());
        if crate::totp::constant_time_eq(&self.rp_id_hash, &expected) {
            Ok(())
        } else {
            Err(Refusal::RelyingParty)
        }
    }
}

impl AttestedCredential {
    /// Parses `aaguid || credentialIdLength || credentialId || credentialPublicKey` and returns
    /// what follows it.
    fn parse(bytes: &[u8]) -> Result<(Self, &[u8]), Refusal> {
        let malformed = || Refusal::Malformed("attestedCredentialData");
        let len = bytes.get(16..18).ok_or_else(malformed)?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len == 0 || len > 1023 {
            return Err(malformed());
        }
        let id = bytes.get(18..18 + len).ok_or_else(malformed)?.to_vec();
        let mut reader = &bytes[18 + len..];
        let key: ciborium::Value = ciborium::from_reader(&mut reader).map_err(|_| malformed())?;
        let public_key = cose_es256_point(&key)?;
        Ok((Self { id, public_key }, reader))
    }
}

/// The uncompressed SEC1 point of a COSE_Key that must be EC2 / P-256 / ES256 (RFC 9053).
fn cose_es256_point(key: &ciborium::Value) -> Result<Vec<u8>, Refusal> {
    let ciborium::Value::Map(entries) = key else {
        return Err(Refusal::Malformed("credentialPublicKey"));
    };
    let get = |label: i64| {
        entries.iter().find_map(|(k, v)| match k {
            ciborium::Value::Integer(i) if i128::from(*i) == i128::from(label) => Some(v),
            _ => None,
        })
    };
    let int = |label: i64| match get(label) {
        Some(ciborium::Value::Integer(i)) => i64::try_from(i128::from(*i)).ok(),
        _ => None,
    };
    let coordinate = |label: i64| match get(label) {
        Some(ciborium::Value::Bytes(b)) if b.len() == 32 => Some(b.as_slice()),
        _ => None,
    };
    // kty 2 (EC2), alg -7 (ES256), crv 1 (P-256).
    if int(1) != Some(2) || int(3) != Some(ES256) || int(-1) != Some(1) {
        return Err(Refusal::NotSupported(
            "only ES256 passkeys on P-256 are supported",
        ));
    }
    let (Some(x), Some(y)) = (coordinate(-2), coordinate(-3)) else {
        return Err(Refusal::NotSupported("the P-256 key is malformed"));
    };
    let mut point = Vec::with_capacity(65);
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    VerifyingKey::from_sec1_bytes(&point)
        .map_err(|_| Refusal::NotSupported("the P-256 key is not a point of the curve"))?;
    Ok(point)
}

/// The `response` of `RegistrationResponseJSON` / `AuthenticationResponseJSON`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResponseJson {
    #[serde(rename = "clientDataJSON")]
    client_data_json: String,
    attestation_object: Option<String>,
    authenticator_data: Option<String>,
    signature: Option<String>,
    user_handle: Option<String>,
    transports: Option<Vec<String>>,
}

/// `RegistrationResponseJSON` / `AuthenticationResponseJSON` (WebAuthn §5.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialJson {
    id: String,
    raw_id: String,
    #[serde(rename = "type")]
    type_: String,
    response: ResponseJson,
    authenticator_attachment: Option<String>,
}

impl CredentialJson {
    fn parse(value: &Value) -> Result<Self, Refusal> {
        let c = Self::deserialize(value).map_err(|_| Refusal::Malformed("credential"))?;
        if c.type_ != "public-key" {
            return Err(Refusal::Malformed("credential.type"));
        }
        // `id` and `rawId` name the same bytes.
        let raw = b64url_decode(&c.raw_id).ok_or(Refusal::Malformed("credential.rawId"))?;
        if b64url_decode(&c.id).as_deref() != Some(raw.as_slice()) {
            return Err(Refusal::Malformed("credential.id"));
        }
        Ok(c)
    }

    fn raw_id(&self) -> Vec<u8> {
        b64url_decode(&self.raw_id).unwrap_or_default()
    }
}

fn field(value: Option<&String>, what: &'static str) -> Result<Vec<u8>, Refusal> {
    value
        .and_then(|v| b64url_decode(v))
        .ok_or(Refusal::Malformed(what))
}

// ---------------------------------------------------------------------------------------------
// Sign-in: the WEB_AUTHN answer
// ---------------------------------------------------------------------------------------------

/// What a `WEB_AUTHN` answer is checked against.
#[derive(Debug)]
pub(crate) struct AssertionCheck<'a> {
    pub(crate) rp_id: &'a str,
    pub(crate) extra_origins: &'a [String],
    /// The challenge of the `CREDENTIAL_REQUEST_OPTIONS` issued with the Session.
    pub(crate) challenge: &'a str,
    pub(crate) require_user_verification: bool,
    /// The user's handle (base64url of the sub).
    pub(crate) user_handle: &'a str,
}

/// An accepted assertion.
#[derive(Debug)]
pub(crate) struct Asserted {
    /// The passkey's credential ID (base64url).
    pub(crate) credential_id: String,
    pub(crate) sign_count: u32,
}

/// Verifies `credential` (the `CREDENTIAL` answer, `AuthenticationResponseJSON` as text)
/// against `check` and the user's `passkeys` (see the module docs).
pub(crate) fn verify_assertion(
    check: &AssertionCheck<'_>,
    credential: &str,
    passkeys: &[PasskeyRecord],
) -> Result<Asserted, Refusal> {
    let value: Value =
        serde_json::from_str(credential).map_err(|_| Refusal::Malformed("CREDENTIAL"))?;
    let c = CredentialJson::parse(&value)?;
    let client_data =
        b64url_decode(&c.response.client_data_json).ok_or(Refusal::Malformed("clientDataJSON"))?;
    let auth_data_bytes = field(c.response.authenticator_data.as_ref(), "authenticatorData")?;
    let signature = field(c.response.signature.as_ref(), "signature")?;
    let credential_id = b64url(&c.raw_id());
    let passkey = passkeys
        .iter()
        .find(|p| p.id == credential_id && p.relying_party_id == check.rp_id)
        .ok_or(Refusal::Refused(
            "the credential is not a passkey of the user",
        ))?;
    if let Some(handle) = c.response.user_handle.as_deref().filter(|h| !h.is_empty())
        && b64url_decode(handle) != b64url_decode(check.user_handle)
    {
        return Err(Refusal::Refused("userHandle is not the user's"));
    }
    check_client_data(
        &client_data,
        "webauthn.get",
        check.challenge,
        check.rp_id,
        check.extra_origins,
    )?;
    let auth_data = AuthenticatorData::parse(&auth_data_bytes)?;
    auth_data.check_rp(check.rp_id)?;
    if auth_data.flags & FLAG_UP == 0 {
        return Err(Refusal::Refused("the user was not present (UP flag)"));
    }
    if check.require_user_verification && auth_data.flags & FLAG_UV == 0 {
        return Err(Refusal::Refused("the user was not verified (UV flag)"));
    }
    let key = b64url_decode(&passkey.public_key)
        .and_then(|k| VerifyingKey::from_sec1_bytes(&k).ok())
        .ok_or(Refusal::Refused("the stored key is unusable"))?;
    let signature = Signature::from_der(&signature)
        .map_err(|_| Refusal::Refused("the signature is not DER-encoded ECDSA"))?
        .normalize_s();
    let mut signed = auth_data_bytes.clone();
    signed.extend_from_slice(&Sha256::digest(&client_data));
    key.verify(&signed, &signature)
        .map_err(|_| Refusal::Refused("the signature does not verify"))?;
    let count = auth_data.sign_count;
    if (count != 0 || passkey.sign_count != 0) && count <= passkey.sign_count {
        return Err(Refusal::Refused(
            "the signature counter did not increase (cloned authenticator?)",
        ));
    }
    Ok(Asserted {
        credential_id,
        sign_count: count,
    })
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/// The app client an access token was issued to.
fn token_client(claims: &Value) -> String {
    claims
        .get("client_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn start_registration(
    inner: &Inner,
    r: StartWebAuthnRegistrationRequest,
) -> ApiResult<StartWebAuthnRegistrationResponse> {
    let mut state = inner.state();
    let (pool_id, username, claims) =
        ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
    let now = inner.now();
    let challenge = new_challenge(inner);
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let rp_id = relying_party(pool)?;
    let user_verification = pool.web_authn.user_verification.clone();
    let user = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    if user.webauthn.credentials.len() >= MAX_PASSKEYS {
        return Err(ApiError::new(
            "LimitExceededException",
            format!("A user can register at most {MAX_PASSKEYS} passkeys."),
        ));
    }
    let name = user
        .attributes
        .get("email")
        .or_else(|| user.attributes.get("phone_number"))
        .cloned()
        .unwrap_or_else(|| user.username.clone());
    let display_name = user
        .attributes
        .get("name")
        .cloned()
        .unwrap_or_else(|| name.clone());
    let exclude: Vec<Value> = user.webauthn.credentials.iter().map(descriptor).collect();
    let options = json!({
        "challenge": challenge,
        "rp": {"id": rp_id, "name": rp_id},
        "user": {"id": user_handle(user), "name": name, "displayName": display_name},
        "pubKeyCredParams": [{"type": "public-key", "alg": ES256}],
        "timeout": CEREMONY_TIMEOUT_MILLIS,
        "excludeCredentials": exclude,
        "authenticatorSelection": {
            "requireResidentKey": true,
            "residentKey": "required",
            "userVerification": user_verification,
        },
        "attestation": "none",
    });
    user.webauthn.pending = Some(PendingRegistration {
        challenge,
        client_id: token_client(&claims),
        expires_at: now + CEREMONY_TIMEOUT_MILLIS,
    });
    let document = Document::from_json(&options.to_string())
        .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?;
    Ok(StartWebAuthnRegistrationResponse::new(document))
}

fn registration_error(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Malformed(what) => {
            ApiError::invalid_parameter(format!("The passkey credential is malformed: {what}"))
        }
        Refusal::Challenge => ApiError::new(
            "WebAuthnChallengeNotFoundException",
            "The passkey registration challenge was not found or has expired.",
        ),
        Refusal::Origin => ApiError::new(
            "WebAuthnOriginNotAllowedException",
            "The origin of the passkey registration is not allowed for this relying party.",
        ),
        Refusal::RelyingParty => ApiError::new(
            "WebAuthnRelyingPartyMismatchException",
            "The passkey was created for another relying party.",
        ),
        Refusal::NotSupported(why) | Refusal::Refused(why) => ApiError::new(
            "WebAuthnCredentialNotSupportedException",
            format!("The passkey is not supported: {why}."),
        ),
    }
}

/// Checks a `RegistrationResponseJSON` against the pending challenge; returns the passkey to
/// store (name and creation time left for the caller).
fn verify_registration(
    credential: &Value,
    challenge: &str,
    rp_id: &str,
    extra_origins: &[String],
    require_user_verification: bool,
) -> Result<PasskeyRecord, Refusal> {
    let c = CredentialJson::parse(credential)?;
    let client_data =
        b64url_decode(&c.response.client_data_json).ok_or(Refusal::Malformed("clientDataJSON"))?;
    check_client_data(
        &client_data,
        "webauthn.create",
        challenge,
        rp_id,
        extra_origins,
    )?;
    let object = field(c.response.attestation_object.as_ref(), "attestationObject")?;
    let object: ciborium::Value = ciborium::from_reader(object.as_slice())
        .map_err(|_| Refusal::Malformed("attestationObject"))?;
    let ciborium::Value::Map(entries) = object else {
        return Err(Refusal::Malformed("attestationObject"));
    };
    let get = |name: &str| {
        entries.iter().find_map(|(k, v)| match k {
            ciborium::Value::Text(t) if t == name => Some(v),
            _ => None,
        })
    };
    match (get("fmt"), get("attStmt")) {
        (Some(ciborium::Value::Text(fmt)), Some(ciborium::Value::Map(stmt)))
            if fmt == "none" && stmt.is_empty() => {}
        (Some(ciborium::Value::Text(_)), Some(ciborium::Value::Map(_))) => {
            return Err(Refusal::NotSupported(
                "only attestation format \"none\" is accepted",
            ));
        }
        _ => return Err(Refusal::Malformed("attestationObject")),
    }
    let Some(ciborium::Value::Bytes(auth_data)) = get("authData") else {
        return Err(Refusal::Malformed("attestationObject.authData"));
    };
    let auth_data = AuthenticatorData::parse(auth_data)?;
    auth_data.check_rp(rp_id)?;
    if auth_data.flags & FLAG_UP == 0 {
        return Err(Refusal::NotSupported("the user was not present (UP flag)"));
    }
    if require_user_verification && auth_data.flags & FLAG_UV == 0 {
        return Err(Refusal::NotSupported(
            "the pool requires user verification (UV flag)",
        ));
    }
    let attested = auth_data
        .attested
        .ok_or(Refusal::Malformed("attestedCredentialData"))?;
    if attested.id != c.raw_id() {
        return Err(Refusal::Malformed("credential.rawId"));
    }
    Ok(PasskeyRecord {
        id: b64url(&attested.id),
        public_key: b64url(&attested.public_key),
        sign_count: auth_data.sign_count,
        name: String::new(),
        relying_party_id: rp_id.to_owned(),
        transports: c.response.transports.clone().unwrap_or_default(),
        attachment: c.authenticator_attachment.clone(),
        created: 0,
    })
}

fn complete_registration(
    inner: &Inner,
    r: CompleteWebAuthnRegistrationRequest,
) -> ApiResult<CompleteWebAuthnRegistrationResponse> {
    let credential: Value = r
        .credential
        .deserialize_into()
        .map_err(|_| ApiError::invalid_parameter("The passkey credential is malformed."))?;
    let mut state = inner.state();
    let (pool_id, username, claims) =
        ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
    let now = inner.now();
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let rp_id = relying_party(pool)?;
    let require_uv = pool.web_authn.user_verification_required();
    let taken_elsewhere = |pool: &Pool, id: &str| {
        pool.users
            .values()
            .any(|u| u.webauthn.credentials.iter().any(|c| c.id == id))
    };
    let pending = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?
        .webauthn
        .pending
        .take()
        .filter(|p| p.expires_at > now)
        .ok_or_else(|| registration_error(Refusal::Challenge))?;
    if pending.client_id != token_client(&claims) {
        return Err(ApiError::new(
            "WebAuthnClientMismatchException",
            "The passkey registration was started by another app client.",
        ));
    }
    let mut passkey = verify_registration(
        &credential,
        &pending.challenge,
        &rp_id,
        &inner.config.webauthn_origins,
        require_uv,
    )
    .map_err(registration_error)?;
    if taken_elsewhere(pool, &passkey.id) {
        return Err(ApiError::invalid_parameter(
            "The passkey credential is already registered.",
        ));
    }
    let user = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    if user.webauthn.credentials.len() >= MAX_PASSKEYS {
        return Err(ApiError::new(
            "LimitExceededException",
            format!("A user can register at most {MAX_PASSKEYS} passkeys."),
        ));
    }
    passkey.name = format!("Passkey {}", user.webauthn.credentials.len() + 1);
    passkey.created = now;
    user.webauthn.credentials.push(passkey);
    user.last_modified = now;
    Ok(CompleteWebAuthnRegistrationResponse::default())
}

fn list(
    inner: &Inner,
    r: ListWebAuthnCredentialsRequest,
) -> ApiResult<ListWebAuthnCredentialsResponse> {
    let max = i64::from(r.max_results.unwrap_or(20));
    if !(0..=20).contains(&max) {
        return Err(ops::setup::validation(
            "maxResults",
            Some(&max.to_string()),
            "Member must have value less than or equal to 20 and greater than or equal to 0",
        ));
    }
    let state = inner.state();
    let (pool_id, username, _) =
        ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
    let user = ops::pool(&state, &pool_id)?
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let credentials = &user.webauthn.credentials;
    let (page, next) = ops::setup::page(
        credentials.iter().map(|c| c.id.as_str()),
        r.next_token.as_deref(),
        max.max(1),
    )?;
    let described = page
        .iter()
        .filter_map(|id| credentials.iter().find(|c| c.id == *id))
        .map(|c| {
            let mut d = WebAuthnCredentialDescription::new(
                c.id.as_str(),
                c.name.as_str(),
                c.relying_party_id.as_str(),
                c.transports.clone(),
                Timestamp::from_epoch_seconds(c.created / 1000),
            );
            d.authenticator_attachment = c.attachment.clone();
            d
        })
        .collect();
    let mut response = ListWebAuthnCredentialsResponse::new(described);
    response.next_token = next;
    Ok(response)
}

fn delete(
    inner: &Inner,
    r: DeleteWebAuthnCredentialRequest,
) -> ApiResult<DeleteWebAuthnCredentialResponse> {
    let mut state = inner.state();
    let (pool_id, username, _) =
        ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
    let now = inner.now();
    let user = ops::pool_mut(&mut state, &pool_id)?
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let before = user.webauthn.credentials.len();
    user.webauthn
        .credentials
        .retain(|c| c.id != r.credential_id);
    if user.webauthn.credentials.len() == before {
        return Err(ApiError::resource_not_found(
            "The passkey credential does not exist.",
        ));
    }
    user.last_modified = now;
    Ok(DeleteWebAuthnCredentialResponse::default())
}

fn auth_factors(
    inner: &Inner,
    r: GetUserAuthFactorsRequest,
) -> ApiResult<GetUserAuthFactorsResponse> {
    let state = inner.state();
    let (pool_id, username, _) =
        ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
    let pool = ops::pool(&state, &pool_id)?;
    let user = pool
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let first = |f: &str| pool.allowed_first_auth_factors.iter().any(|a| a == f);
    let has = |attr: &str| user.attributes.contains_key(attr) && user.attribute_verified(attr);
    let mut factors = Vec::new();
    if user.password.is_some() {
        factors.push(AuthFactorType::Password);
    }
    if user.mfa.email_enabled || (first("EMAIL_OTP") && has("email")) {
        factors.push(AuthFactorType::EmailOtp);
    }
    if user.mfa.sms_enabled || (first("SMS_OTP") && has("phone_number")) {
        factors.push(AuthFactorType::SmsOtp);
    }
    if !user.webauthn.credentials.is_empty() {
        factors.push(AuthFactorType::WebAuthn);
    }
    if user.mfa.software_token_enabled && user.mfa.totp_secret.is_some() {
        factors.push(AuthFactorType::SoftwareToken);
    }
    let mut response = GetUserAuthFactorsResponse::new(user.username.as_str());
    let (list, preferred) = ops::users::mfa_settings(user);
    if !list.is_empty() {
        response.user_mfa_setting_list = Some(list.into_iter().map(str::to_owned).collect());
    }
    response.preferred_mfa_setting = preferred.map(str::to_owned);
    response.configured_user_auth_factors = Some(factors);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_follow_the_relying_party() {
        let none: &[String] = &[];
        assert!(origin_allowed("https://example.com", "example.com", none));
        assert!(origin_allowed(
            "https://login.example.com:8443",
            "example.com",
            none
        ));
        assert!(!origin_allowed(
            "https://example.com.evil.test",
            "example.com",
            none
        ));
        assert!(!origin_allowed(
            "https://badexample.com",
            "example.com",
            none
        ));
        assert!(!origin_allowed("http://example.com", "example.com", none));
        assert!(origin_allowed("http://localhost:5173", "localhost", none));
        assert!(!origin_allowed(
            "http://localhost:5173",
            "example.com",
            none
        ));
        let extra = ["android:apk-key-hash:abc".to_owned()];
        assert!(origin_allowed(
            "android:apk-key-hash:abc",
            "example.com",
            &extra
        ));
    }

    #[test]
    fn authenticator_data_needs_its_fixed_part_and_nothing_after_it() {
        let mut data = vec![0u8; 37];
        data[32] = FLAG_UP;
        assert!(AuthenticatorData::parse(&data).is_ok());
        assert!(AuthenticatorData::parse(&data[..36]).is_err());
        data.push(0);
        assert!(AuthenticatorData::parse(&data).is_err());
    }

    #[test]
    fn cbor_reading_stops_at_the_end_of_the_first_item() {
        // {1: 2} followed by one stray byte.
        let bytes = [0xa1u8, 0x01, 0x02, 0xff];
        let mut reader = &bytes[..];
        let value: ciborium::Value = ciborium::from_reader(&mut reader).unwrap();
        assert!(matches!(value, ciborium::Value::Map(_)));
        assert_eq!(reader, &[0xff]);
    }

    #[test]
    fn only_es256_keys_are_accepted() {
        use ciborium::Value as V;
        let key = |alg: i64| {
            V::Map(vec![
                (V::Integer(1.into()), V::Integer(2.into())),
                (V::Integer(3.into()), V::Integer(alg.into())),
                (V::Integer((-1).into()), V::Integer(1.into())),
                (V::Integer((-2).into()), V::Bytes(vec![0; 32])),
                (V::Integer((-3).into()), V::Bytes(vec![0; 32])),
            ])
        };
        assert!(matches!(
            cose_es256_point(&key(-257)),
            Err(Refusal::NotSupported(_))
        ));
        // (0, 0) is not on the curve.
        assert!(matches!(
            cose_es256_point(&key(ES256)),
            Err(Refusal::NotSupported(_))
        ));
    }
}
