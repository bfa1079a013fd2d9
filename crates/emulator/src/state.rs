//! The emulator's data: pools, app clients, users, devices, tokens, and the short-lived
//! sign-in state (sessions, SRP exchanges). Plain data; the operations live in `ops`.

use std::collections::{BTreeMap, HashMap};

use cognito_flow_srp::SrpServer;
use serde::{Deserialize, Serialize};

use crate::keys::PoolKeys;

/// Everything the emulator holds, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) pools: BTreeMap<String, Pool>,
    /// App-client id → pool id.
    pub(crate) client_index: HashMap<String, String>,
    /// Challenge `Session` strings in flight.
    pub(crate) sessions: HashMap<String, AuthSession>,
    /// Sessions already answered, until their expiry: a second use is told apart from an
    /// unknown Session ("session can only be used once").
    pub(crate) used_sessions: HashMap<String, i64>,
    /// `SECRET_BLOCK` (the base64 text) → the SRP exchange it stands for.
    pub(crate) srp: HashMap<String, SrpExchange>,
    /// Refresh token → its record.
    pub(crate) refresh_tokens: HashMap<String, RefreshRecord>,
    /// Messages that would have been sent by SMS or e-mail.
    pub(crate) outbox: Vec<crate::outbox::Message>,
    /// The data directory's log, when the state is persisted (`--data-dir`).
    pub(crate) store: Option<std::sync::Arc<crate::store::Store>>,
}

/// `MfaConfiguration` of a pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub(crate) enum MfaMode {
    #[default]
    #[serde(rename = "OFF")]
    Off,
    #[serde(rename = "ON")]
    On,
    #[serde(rename = "OPTIONAL")]
    Optional,
}

impl MfaMode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Off => "OFF",
            Self::On => "ON",
            Self::Optional => "OPTIONAL",
        }
    }
}

/// `Policies.PasswordPolicy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PasswordPolicy {
    pub(crate) minimum_length: u32,
    pub(crate) require_uppercase: bool,
    pub(crate) require_lowercase: bool,
    pub(crate) require_numbers: bool,
    pub(crate) require_symbols: bool,
    pub(crate) temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

/// `DeviceConfiguration`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub(crate) struct DeviceConfig {
    pub(crate) challenge_required_on_new_device: bool,
    pub(crate) device_only_remembered_on_user_prompt: bool,
}

/// A user pool.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Pool {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) created: i64,
    pub(crate) last_modified: i64,
    pub(crate) password_policy: PasswordPolicy,
    pub(crate) mfa: MfaMode,
    pub(crate) sms_mfa_enabled: bool,
    pub(crate) software_token_mfa_enabled: bool,
    pub(crate) email_mfa_enabled: bool,
    /// `UsernameAttributes`: `email` and/or `phone_number` used as the username.
    pub(crate) username_attributes: Vec<String>,
    /// `AliasAttributes`: `email`, `phone_number`, `preferred_username`.
    pub(crate) alias_attributes: Vec<String>,
    pub(crate) auto_verified_attributes: Vec<String>,
    pub(crate) device_config: Option<DeviceConfig>,
    /// Custom attributes declared in the schema (`custom:` prefix included).
    pub(crate) custom_attributes: Vec<String>,
    /// `UserPoolTier`.
    pub(crate) tier: String,
    /// Whether `DeletionProtection` is `ACTIVE`.
    pub(crate) deletion_protection: bool,
    /// Standard attributes the schema marks `Required` (sign-up and `AdminCreateUser` must
    /// set them).
    #[serde(default)]
    pub(crate) required_attributes: Vec<String>,
    /// `AdminCreateUserConfig.AllowAdminCreateUserOnly`: `SignUp` is refused.
    #[serde(default)]
    pub(crate) allow_admin_create_user_only: bool,
    /// `LambdaConfig`: the pool's triggers (see `ops::triggers`).
    #[serde(default)]
    pub(crate) lambda_config: LambdaConfig,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: the USER_AUTH first factors
    /// (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`; Cognito's default `[PASSWORD]`).
    #[serde(default = "default_first_auth_factors")]
    pub(crate) allowed_first_auth_factors: Vec<String>,
    /// `WebAuthnConfiguration` (`SetUserPoolMfaConfig`): passkeys.
    #[serde(default)]
    pub(crate) web_authn: WebAuthnConfig,
    pub(crate) clients: BTreeMap<String, AppClient>,
    /// Users by canonical username.
    pub(crate) users: BTreeMap<String, User>,
    #[serde(skip)]
    pub(crate) keys: PoolKeys,
}

impl Pool {
    /// The part of the id after `_` (the SRP "pool name").
    pub(crate) fn region(&self) -> &str {
        self.id.split_once('_').map_or("us-east-1", |(r, _)| r)
    }

    /// Resolves what a user typed (username, alias or `sub`) to the canonical username.
    pub(crate) fn resolve_username(&self, typed: &str) -> Option<String> {
        if self.users.contains_key(typed) {
            return Some(typed.to_owned());
        }
        let lookup: Vec<&str> = self
            .username_attributes
            .iter()
            .chain(self.alias_attributes.iter())
            .map(String::as_str)
            .collect();
        self.users
            .values()
            .find(|u| {
                u.sub == typed
                    || lookup.iter().any(|attr| {
                        u.attributes.get(*attr).is_some_and(|v| v == typed)
                            && (*attr == "preferred_username"
                                || self.username_attributes.iter().any(|a| a == attr)
                                || u.attribute_verified(attr))
                    })
            })
            .map(|u| u.username.clone())
    }
}

/// Cognito's default `AllowedFirstAuthFactors`: passwords only.
pub(crate) fn default_first_auth_factors() -> Vec<String> {
    vec!["PASSWORD".to_owned()]
}

/// `WebAuthnConfiguration` of a pool (`SetUserPoolMfaConfig`, `GetUserPoolMfaConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct WebAuthnConfig {
    /// `RelyingPartyId`: without one (and the emulator has no pool domains) passkeys cannot
    /// be registered (`WebAuthnConfigurationMissingException`).
    pub(crate) relying_party_id: Option<String>,
    /// `UserVerification`: `required` or `preferred` (Cognito's default).
    pub(crate) user_verification: String,
    /// `FactorConfiguration`: `SINGLE_FACTOR` (default) or
    /// `MULTI_FACTOR_WITH_USER_VERIFICATION`.
    pub(crate) factor_configuration: String,
}

impl Default for WebAuthnConfig {
    fn default() -> Self {
        Self {
            relying_party_id: None,
            user_verification: "preferred".to_owned(),
            factor_configuration: "SINGLE_FACTOR".to_owned(),
        }
    }
}

impl WebAuthnConfig {
    /// Whether assertions and registrations must carry the UV flag.
    pub(crate) fn user_verification_required(&self) -> bool {
        self.user_verification == "required"
    }

    /// Whether a passkey with user verification counts as MFA.
    pub(crate) fn multi_factor(&self) -> bool {
        self.factor_configuration == "MULTI_FACTOR_WITH_USER_VERIFICATION"
    }
}

/// `LambdaConfig` of a pool: each trigger as the API was given it, an `http://` webhook URL or
/// a Lambda ARN that [`EmulatorConfig::lambda_endpoints`](crate::EmulatorConfig) maps to one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct LambdaConfig {
    pub(crate) pre_authentication: Option<String>,
    pub(crate) post_authentication: Option<String>,
    pub(crate) define_auth_challenge: Option<String>,
    pub(crate) create_auth_challenge: Option<String>,
    pub(crate) verify_auth_challenge_response: Option<String>,
    pub(crate) pre_token_generation: Option<String>,
    /// `PreTokenGenerationConfig.LambdaVersion` (`V1_0`, `V2_0`, `V3_0`), when it was given.
    pub(crate) pre_token_generation_version: Option<String>,
    /// Members stored and described as given but never invoked (`PreSignUp`,
    /// `CustomMessage`, `UserMigration`, ...).
    pub(crate) other: BTreeMap<String, serde_json::Value>,
}

/// An app client.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AppClient {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) secret: Option<String>,
    pub(crate) explicit_auth_flows: Vec<String>,
    /// `PreventUserExistenceErrors = ENABLED`.
    pub(crate) prevent_user_existence_errors: bool,
    /// `AuthSessionValidity`, minutes (3–15, default 3).
    pub(crate) auth_session_validity_minutes: u32,
    pub(crate) access_token_validity_secs: i64,
    pub(crate) id_token_validity_secs: i64,
    pub(crate) refresh_token_validity_secs: i64,
    pub(crate) enable_token_revocation: bool,
    /// `RefreshTokenRotation.Feature = ENABLED` and its grace period.
    pub(crate) refresh_token_rotation: bool,
    pub(crate) rotation_grace_secs: i64,
    pub(crate) read_attributes: Vec<String>,
    pub(crate) write_attributes: Vec<String>,
    pub(crate) created: i64,
    pub(crate) last_modified: i64,
    /// `TokenValidityUnits` as given (`seconds`, `minutes`, `hours`, `days`), so `Describe`
    /// answers in the caller's units: access, ID, refresh.
    #[serde(default)]
    pub(crate) token_validity_units: TokenValidityUnits,
}

/// `TokenValidityUnits` of an app client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TokenValidityUnits {
    pub(crate) access_token: String,
    pub(crate) id_token: String,
    pub(crate) refresh_token: String,
}

impl Default for TokenValidityUnits {
    fn default() -> Self {
        Self {
            access_token: "minutes".to_owned(),
            id_token: "minutes".to_owned(),
            refresh_token: "days".to_owned(),
        }
    }
}

impl AppClient {
    /// Whether `ALLOW_<flow>` (or the legacy name) is enabled.
    pub(crate) fn allows(&self, allow_name: &str) -> bool {
        self.explicit_auth_flows.iter().any(|f| f == allow_name)
    }

    pub(crate) fn session_validity_millis(&self) -> i64 {
        i64::from(self.auth_session_validity_minutes.clamp(3, 15)) * 60_000
    }
}

/// A stored password: SRP salt and verifier (never the password itself).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PasswordRecord {
    pub(crate) salt: String,
    pub(crate) verifier: String,
    /// When a temporary password stops working (ms), for `FORCE_CHANGE_PASSWORD` users.
    pub(crate) temporary_expires_at: Option<i64>,
}

/// A code sent by SMS or e-mail, with its expiry.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SentCode {
    pub(crate) code: String,
    pub(crate) expires_at: i64,
    pub(crate) failed_attempts: u32,
}

/// A user's MFA settings.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct UserMfa {
    pub(crate) sms_enabled: bool,
    pub(crate) sms_preferred: bool,
    pub(crate) software_token_enabled: bool,
    pub(crate) software_token_preferred: bool,
    pub(crate) email_enabled: bool,
    pub(crate) email_preferred: bool,
    /// The verified TOTP secret (base32).
    pub(crate) totp_secret: Option<String>,
    /// A secret from `AssociateSoftwareToken` not yet verified.
    pub(crate) pending_totp_secret: Option<String>,
    /// The last accepted 30-second step, so a code cannot be used twice.
    pub(crate) last_totp_step: Option<i64>,
}

/// Password-attempt accounting (spec §8.4).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Lockout {
    pub(crate) failures: u32,
    pub(crate) locked_until: i64,
    pub(crate) last_attempt: i64,
}

/// A device known for a user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DeviceRecord {
    pub(crate) key: String,
    pub(crate) group_key: String,
    pub(crate) name: Option<String>,
    /// `DeviceSecretVerifierConfig` once confirmed.
    pub(crate) salt: Option<String>,
    pub(crate) verifier: Option<String>,
    pub(crate) remembered: bool,
    pub(crate) created: i64,
    pub(crate) last_modified: i64,
    pub(crate) last_authenticated: i64,
}

/// A user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct User {
    pub(crate) username: String,
    pub(crate) sub: String,
    pub(crate) attributes: BTreeMap<String, String>,
    /// `UserStatus` as Cognito spells it (`CONFIRMED`, `FORCE_CHANGE_PASSWORD`, ...).
    pub(crate) status: String,
    pub(crate) enabled: bool,
    pub(crate) created: i64,
    pub(crate) last_modified: i64,
    pub(crate) password: Option<PasswordRecord>,
    pub(crate) mfa: UserMfa,
    pub(crate) lockout: Lockout,
    pub(crate) confirmation_code: Option<SentCode>,
    pub(crate) reset_code: Option<SentCode>,
    pub(crate) devices: BTreeMap<String, DeviceRecord>,
    /// Tokens issued before this instant (ms) are refused (`GlobalSignOut`).
    pub(crate) tokens_valid_after: i64,
    /// Revoked `origin_jti`s of access/ID tokens (`RevokeToken`).
    pub(crate) revoked_origin_jtis: Vec<String>,
    pub(crate) groups: Vec<String>,
    /// Registered passkeys and a registration in progress (`ops::webauthn`).
    #[serde(default)]
    pub(crate) webauthn: UserWebAuthn,
}

/// A user's passkeys.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct UserWebAuthn {
    pub(crate) credentials: Vec<PasskeyRecord>,
    /// The challenge of the last `StartWebAuthnRegistration`, until it is completed or expires.
    pub(crate) pending: Option<PendingRegistration>,
}

/// A registered passkey (public data only: the private key never leaves the authenticator).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PasskeyRecord {
    /// The credential ID, base64url without padding.
    pub(crate) id: String,
    /// The ES256 public key as an uncompressed SEC1 point, base64url without padding.
    pub(crate) public_key: String,
    /// The authenticator's signature counter at the last use (0: the authenticator keeps none).
    pub(crate) sign_count: u32,
    pub(crate) name: String,
    pub(crate) relying_party_id: String,
    pub(crate) transports: Vec<String>,
    pub(crate) attachment: Option<String>,
    pub(crate) created: i64,
}

/// A `StartWebAuthnRegistration` challenge waiting for `CompleteWebAuthnRegistration`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PendingRegistration {
    /// base64url, without padding.
    pub(crate) challenge: String,
    /// The app client of the access token that started it.
    pub(crate) client_id: String,
    pub(crate) expires_at: i64,
}

impl User {
    pub(crate) fn attribute_verified(&self, attr: &str) -> bool {
        self.attributes
            .get(&format!("{attr}_verified"))
            .is_some_and(|v| v == "true")
    }
}

/// What a challenge `Session` stands for.
#[derive(Debug)]
pub(crate) struct AuthSession {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) username: String,
    /// The challenge this Session may answer.
    pub(crate) challenge: String,
    pub(crate) expires_at: i64,
    pub(crate) wrong_attempts: u32,
    /// A code sent for this challenge (SMS_MFA, EMAIL_OTP, SMS_OTP).
    pub(crate) code: Option<String>,
    /// The `DEVICE_KEY` the sign-in presented.
    pub(crate) device_key: Option<String>,
    /// When the user first proved a factor (the tokens' `auth_time`), seconds.
    pub(crate) auth_time: i64,
    /// MFA_SETUP: `AssociateSoftwareToken` was called with this Session's predecessor
    /// (Session S1 of spec §5.8).
    pub(crate) totp_associated: bool,
    /// MFA_SETUP: the TOTP association has been verified (Session S2 of spec §5.8).
    pub(crate) totp_verified: bool,
    /// The factors offered (MFAS_CAN_CHOOSE / MFAS_CAN_SETUP), for validating the answer.
    pub(crate) offered: Vec<String>,
    /// Whether the sign-in went through the `Admin*` API.
    pub(crate) admin: bool,
    /// DEVICE_PASSWORD_VERIFIER: the device SRP exchange the DEVICE_SRP_AUTH answer began.
    pub(crate) device_srp: Option<Box<DeviceSrp>>,
    /// CUSTOM_AUTH: the sign-in's challenge history and the pending challenge's private
    /// parameters (CUSTOM_CHALLENGE, and PASSWORD_VERIFIER of custom auth with SRP first).
    pub(crate) custom: Option<Box<CustomAuth>>,
    /// USER_AUTH (`ops::user_auth`): set on the Sessions of SELECT_CHALLENGE, PASSWORD,
    /// PASSWORD_SRP, WEB_AUTHN and the first-factor EMAIL_OTP/SMS_OTP challenges.
    pub(crate) user_auth: Option<Box<UserAuthStep>>,
}

/// A USER_AUTH sign-in between two steps (spec §5.5).
#[derive(Debug, Default)]
pub(crate) struct UserAuthStep {
    /// The user is unknown (the client has `PreventUserExistenceErrors`): the Session's
    /// username is the name as typed, and no factor can succeed.
    pub(crate) user_not_found: bool,
    /// WEB_AUTHN: the `challenge` of `CREDENTIAL_REQUEST_OPTIONS` (base64url), single use with
    /// its Session.
    pub(crate) webauthn_challenge: Option<String>,
    /// WEB_AUTHN: the assertion must carry the UV flag.
    pub(crate) require_user_verification: bool,
}

/// A CUSTOM_AUTH sign-in between two steps (spec §5.6).
pub(crate) struct CustomAuth {
    /// The user is unknown (the client has `PreventUserExistenceErrors`): the triggers are
    /// told `userNotFound` and the Session's username is the name as typed.
    pub(crate) user_not_found: bool,
    /// DefineAuthChallenge's `request.session`: every challenge so far and its result.
    pub(crate) history: Vec<ChallengeResult>,
    /// CreateAuthChallenge's `privateChallengeParameters` for the pending challenge (secret:
    /// typically the expected answer).
    pub(crate) private_parameters: BTreeMap<String, String>,
    /// CreateAuthChallenge's `challengeMetadata` for the pending challenge.
    pub(crate) challenge_metadata: Option<String>,
}

impl std::fmt::Debug for CustomAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private parameters usually hold the answer: never shown.
        f.debug_struct("CustomAuth")
            .field("user_not_found", &self.user_not_found)
            .field("history", &self.history)
            .finish_non_exhaustive()
    }
}

/// One entry of DefineAuthChallenge's `request.session`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ChallengeResult {
    pub(crate) challenge_name: String,
    pub(crate) challenge_result: bool,
    pub(crate) challenge_metadata: Option<String>,
}

/// A device SRP exchange (spec §6.8) between the DEVICE_SRP_AUTH answer and the
/// DEVICE_PASSWORD_VERIFIER answer.
#[derive(Debug)]
pub(crate) struct DeviceSrp {
    pub(crate) server: SrpServer,
    /// The decoded `SECRET_BLOCK` sent with DEVICE_PASSWORD_VERIFIER.
    pub(crate) secret_block: Vec<u8>,
}

/// A USER_SRP_AUTH exchange between InitiateAuth and the PASSWORD_VERIFIER answer.
#[derive(Debug)]
pub(crate) struct SrpExchange {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    /// Canonical username, or `None` for the simulated exchange of an unknown user.
    pub(crate) username: Option<String>,
    /// What `USER_ID_FOR_SRP` said (the fake UUID for an unknown user).
    pub(crate) user_id_for_srp: String,
    pub(crate) server: Option<Box<SrpServer>>,
    pub(crate) secret_block_bytes: Vec<u8>,
    pub(crate) expires_at: i64,
    pub(crate) device_key: Option<String>,
    pub(crate) admin: bool,
    /// CUSTOM_AUTH with SRP first: the Session returned with this PASSWORD_VERIFIER, which
    /// carries the custom sign-in ([`AuthSession::custom`]) and must come with the answer.
    pub(crate) custom_session: Option<String>,
}

/// A refresh token's server-side record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct RefreshRecord {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) username: String,
    pub(crate) origin_jti: String,
    pub(crate) device_key: Option<String>,
    pub(crate) auth_time: i64,
    pub(crate) issued_at: i64,
    pub(crate) expires_at: i64,
    pub(crate) revoked: bool,
    /// Rotation: when this token was replaced (ms), for the grace period.
    pub(crate) replaced_at: Option<i64>,
}
