//! Seeding: typed helpers to create pools, app clients and users, and seed files (JSON or TOML)
//! that describe them.
//!
//! Everything goes through the same operation code as the API (`CreateUserPool`,
//! `SetUserPoolMfaConfig`, `CreateUserPoolClient`, `AdminCreateUser`, `AdminSetUserPassword`),
//! so a seeded pool behaves exactly like one built with API calls. Two things the API cannot do
//! are done directly: fixed pool and client ids and secrets (so a test configuration can
//! hard-code them), and a verified TOTP authenticator with a known secret.
//!
//! The seed-file format is documented on [`Emulator::load_seed`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::ops::setup::{self, FixedClient};
use crate::{Emulator, store};

/// A pool's `MfaConfiguration`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum PoolMfa {
    /// `OFF` (default).
    #[default]
    #[serde(rename = "OFF")]
    Off,
    /// `ON`: every user must pass a second factor.
    #[serde(rename = "ON")]
    On,
    /// `OPTIONAL`: users with a factor enabled must pass it.
    #[serde(rename = "OPTIONAL")]
    Optional,
}

impl PoolMfa {
    fn as_str(self) -> &'static str {
        match self {
            Self::Off => "OFF",
            Self::On => "ON",
            Self::Optional => "OPTIONAL",
        }
    }
}

/// An MFA factor, as `UserMFASettingList` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum MfaFactor {
    /// `SMS_MFA`: a code by text message to `phone_number`.
    #[serde(rename = "SMS_MFA")]
    Sms,
    /// `SOFTWARE_TOKEN_MFA`: TOTP from an authenticator app.
    #[serde(rename = "SOFTWARE_TOKEN_MFA")]
    SoftwareToken,
    /// `EMAIL_OTP`: a code by e-mail.
    #[serde(rename = "EMAIL_OTP")]
    Email,
}

/// `Policies.PasswordPolicy`. The default is Cognito's: 8 characters, upper and lower case,
/// numbers and symbols required, temporary passwords valid 7 days.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PasswordPolicySpec {
    /// `MinimumLength` (6–99).
    pub minimum_length: u32,
    /// `RequireUppercase`.
    pub require_uppercase: bool,
    /// `RequireLowercase`.
    pub require_lowercase: bool,
    /// `RequireNumbers`.
    pub require_numbers: bool,
    /// `RequireSymbols`.
    pub require_symbols: bool,
    /// `TemporaryPasswordValidityDays` (0–365).
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicySpec {
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

/// `DeviceConfiguration`: device tracking (spec §8.10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct DeviceConfiguration {
    /// `ChallengeRequiredOnNewDevice`: remembered devices suppress MFA.
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: the user must opt in (`UpdateDeviceStatus`).
    pub device_only_remembered_on_user_prompt: bool,
}

/// `WebAuthnConfiguration` (`SetUserPoolMfaConfig`): passkeys for a relying party.
///
/// ```
/// use cognito_flow_emulator::{PoolSpec, WebAuthnSpec};
///
/// let pool = PoolSpec::new("passkeys")
///     .first_auth_factors(["PASSWORD", "WEB_AUTHN"])
///     .web_authn(WebAuthnSpec::new("example.com").user_verification_required());
/// assert_eq!(pool.web_authn.unwrap().user_verification.as_deref(), Some("required"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct WebAuthnSpec {
    /// `RelyingPartyId` (required for passkeys).
    pub relying_party_id: String,
    /// `UserVerification`: `required` or `preferred` (Cognito's default).
    pub user_verification: Option<String>,
    /// `FactorConfiguration`: `SINGLE_FACTOR` (default) or
    /// `MULTI_FACTOR_WITH_USER_VERIFICATION`.
    pub factor_configuration: Option<String>,
}

impl WebAuthnSpec {
    /// Passkeys for relying party `relying_party_id`, user verification preferred.
    pub fn new(relying_party_id: impl Into<String>) -> Self {
        Self {
            relying_party_id: relying_party_id.into(),
            ..Self::default()
        }
    }

    /// `UserVerification=required`.
    pub fn user_verification_required(mut self) -> Self {
        self.user_verification = Some("required".to_owned());
        self
    }

    /// `FactorConfiguration=MULTI_FACTOR_WITH_USER_VERIFICATION`: a passkey with user
    /// verification satisfies MFA.
    pub fn multi_factor(mut self) -> Self {
        self.factor_configuration = Some("MULTI_FACTOR_WITH_USER_VERIFICATION".to_owned());
        self
    }

    fn to_api(&self) -> Value {
        let mut out = json!({"RelyingPartyId": self.relying_party_id});
        if let Some(uv) = &self.user_verification {
            out["UserVerification"] = json!(uv);
        }
        if let Some(f) = &self.factor_configuration {
            out["FactorConfiguration"] = json!(f);
        }
        out
    }
}

/// `LambdaConfig`: a pool's triggers. Each is an `http://` webhook URL (on loopback, or on a
/// host in [`EmulatorConfig::trigger_allowed_hosts`](crate::EmulatorConfig)) or a Lambda ARN
/// that [`EmulatorConfig::lambda_endpoints`](crate::EmulatorConfig) (`--trigger ARN=URL`) maps
/// to one. The webhook receives Cognito's trigger event and answers it modified, as a Lambda
/// function would (see the crate docs, "Lambda triggers").
///
/// ```
/// use cognito_flow_emulator::{LambdaConfigSpec, PoolSpec};
///
/// let pool = PoolSpec::new("passwordless").lambda_config(
///     LambdaConfigSpec::new()
///         .custom_auth("http://127.0.0.1:3000/auth")
///         .pre_token_generation("arn:aws:lambda:us-east-1:123456789012:function:claims"),
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct LambdaConfigSpec {
    /// `PreAuthentication`: may refuse a sign-in before anything is verified.
    pub pre_authentication: Option<String>,
    /// `PostAuthentication`: may refuse a sign-in that succeeded, before its tokens.
    pub post_authentication: Option<String>,
    /// `DefineAuthChallenge` (custom authentication).
    pub define_auth_challenge: Option<String>,
    /// `CreateAuthChallenge` (custom authentication).
    pub create_auth_challenge: Option<String>,
    /// `VerifyAuthChallengeResponse` (custom authentication).
    pub verify_auth_challenge_response: Option<String>,
    /// `PreTokenGeneration`: adds, overrides and suppresses token claims.
    pub pre_token_generation: Option<String>,
    /// `PreTokenGenerationConfig.LambdaVersion`: `V1_0` (ID token; the default), `V2_0` or
    /// `V3_0` (both tokens and scopes).
    pub pre_token_generation_version: Option<String>,
}

impl LambdaConfigSpec {
    /// No triggers.
    pub fn new() -> Self {
        Self::default()
    }

    /// DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse, all at
    /// `target` (the event's `triggerSource` tells them apart).
    pub fn custom_auth(self, target: impl Into<String>) -> Self {
        let target = target.into();
        self.define_auth_challenge(target.clone())
            .create_auth_challenge(target.clone())
            .verify_auth_challenge_response(target)
    }

    /// `PreAuthentication`.
    pub fn pre_authentication(mut self, target: impl Into<String>) -> Self {
        self.pre_authentication = Some(target.into());
        self
    }

    /// `PostAuthentication`.
    pub fn post_authentication(mut self, target: impl Into<String>) -> Self {
        self.post_authentication = Some(target.into());
        self
    }

    /// `DefineAuthChallenge`.
    pub fn define_auth_challenge(mut self, target: impl Into<String>) -> Self {
        self.define_auth_challenge = Some(target.into());
        self
    }

    /// `CreateAuthChallenge`.
    pub fn create_auth_challenge(mut self, target: impl Into<String>) -> Self {
        self.create_auth_challenge = Some(target.into());
        self
    }

    /// `VerifyAuthChallengeResponse`.
    pub fn verify_auth_challenge_response(mut self, target: impl Into<String>) -> Self {
        self.verify_auth_challenge_response = Some(target.into());
        self
    }

    /// `PreTokenGeneration` (event version `V1_0` unless set with
    /// [`pre_token_generation_version`](Self::pre_token_generation_version)).
    pub fn pre_token_generation(mut self, target: impl Into<String>) -> Self {
        self.pre_token_generation = Some(target.into());
        self
    }

    /// `PreTokenGenerationConfig.LambdaVersion`: `V1_0`, `V2_0` or `V3_0`.
    pub fn pre_token_generation_version(mut self, version: impl Into<String>) -> Self {
        self.pre_token_generation_version = Some(version.into());
        self
    }

    /// `LambdaConfig` as `CreateUserPool` takes it.
    fn to_api(&self) -> Value {
        let mut out = serde_json::Map::new();
        let members = [
            ("PreAuthentication", &self.pre_authentication),
            ("PostAuthentication", &self.post_authentication),
            ("DefineAuthChallenge", &self.define_auth_challenge),
            ("CreateAuthChallenge", &self.create_auth_challenge),
            (
                "VerifyAuthChallengeResponse",
                &self.verify_auth_challenge_response,
            ),
            ("PreTokenGeneration", &self.pre_token_generation),
        ];
        for (name, value) in members {
            if let Some(v) = value {
                out.insert(name.to_owned(), json!(v));
            }
        }
        if let (Some(target), Some(version)) = (
            &self.pre_token_generation,
            &self.pre_token_generation_version,
        ) {
            out.insert(
                "PreTokenGenerationConfig".to_owned(),
                json!({"LambdaArn": target, "LambdaVersion": version}),
            );
        }
        Value::Object(out)
    }
}

/// A user pool to create, with its app clients and users.
///
/// ```
/// use cognito_flow_emulator::{ClientSpec, MfaFactor, PoolMfa, PoolSpec, UserSpec};
///
/// let spec = PoolSpec::new("app")
///     .mfa(PoolMfa::Optional, [MfaFactor::SoftwareToken])
///     .username_attributes(["email"])
///     .client(ClientSpec::new("web"))
///     .user(UserSpec::new("alice@example.com").password("Passw0rd!"));
/// ```
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PoolSpec {
    /// A fixed pool id (`us-east-1_Example01`); random when `None`.
    pub id: Option<String>,
    /// `PoolName`.
    pub name: String,
    /// `MfaConfiguration`.
    pub mfa: PoolMfa,
    /// The factors the pool offers (`SetUserPoolMfaConfig`).
    pub mfa_factors: Vec<MfaFactor>,
    /// `Policies.PasswordPolicy`.
    pub password_policy: PasswordPolicySpec,
    /// `UsernameAttributes`: `email` and/or `phone_number`.
    pub username_attributes: Vec<String>,
    /// `AliasAttributes`: `email`, `phone_number`, `preferred_username`.
    pub alias_attributes: Vec<String>,
    /// `AutoVerifiedAttributes`: `email`, `phone_number`.
    pub auto_verified_attributes: Vec<String>,
    /// Custom attributes, without the `custom:` prefix.
    pub custom_attributes: Vec<String>,
    /// `DeviceConfiguration`; `None` turns device tracking off.
    pub device_configuration: Option<DeviceConfiguration>,
    /// `LambdaConfig`: the pool's triggers (none).
    pub lambda_config: LambdaConfigSpec,
    /// `UserPoolTier`: `LITE`, `ESSENTIALS` or `PLUS` (`ESSENTIALS`).
    pub user_pool_tier: Option<String>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: the `USER_AUTH` first factors
    /// (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`); empty means Cognito's `[PASSWORD]`.
    pub allowed_first_auth_factors: Vec<String>,
    /// `WebAuthnConfiguration`: passkeys (none).
    pub web_authn: Option<WebAuthnSpec>,
    /// App clients to create in the pool.
    pub clients: Vec<ClientSpec>,
    /// Users to create in the pool.
    pub users: Vec<UserSpec>,
}

impl PoolSpec {
    /// A pool named `name` with Cognito's defaults.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// A fixed pool id instead of a random one.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `MfaConfiguration` and the factors the pool offers.
    pub fn mfa(mut self, mode: PoolMfa, factors: impl IntoIterator<Item = MfaFactor>) -> Self {
        self.mfa = mode;
        self.mfa_factors = factors.into_iter().collect();
        self
    }

    /// The password policy.
    pub fn password_policy(mut self, policy: PasswordPolicySpec) -> Self {
        self.password_policy = policy;
        self
    }

    /// `UsernameAttributes` (sign in with e-mail and/or phone number).
    pub fn username_attributes<S: Into<String>>(
        mut self,
        attrs: impl IntoIterator<Item = S>,
    ) -> Self {
        self.username_attributes = attrs.into_iter().map(Into::into).collect();
        self
    }

    /// `AliasAttributes`.
    pub fn alias_attributes<S: Into<String>>(mut self, attrs: impl IntoIterator<Item = S>) -> Self {
        self.alias_attributes = attrs.into_iter().map(Into::into).collect();
        self
    }

    /// `AutoVerifiedAttributes`.
    pub fn auto_verified_attributes<S: Into<String>>(
        mut self,
        attrs: impl IntoIterator<Item = S>,
    ) -> Self {
        self.auto_verified_attributes = attrs.into_iter().map(Into::into).collect();
        self
    }

    /// `DeviceConfiguration`.
    pub fn device_configuration(mut self, config: DeviceConfiguration) -> Self {
        self.device_configuration = Some(config);
        self
    }

    /// `LambdaConfig`: the pool's triggers.
    pub fn lambda_config(mut self, config: LambdaConfigSpec) -> Self {
        self.lambda_config = config;
        self
    }

    /// `UserPoolTier` (`LITE`, `ESSENTIALS`, `PLUS`).
    pub fn tier(mut self, tier: impl Into<String>) -> Self {
        self.user_pool_tier = Some(tier.into());
        self
    }

    /// `Policies.SignInPolicy.AllowedFirstAuthFactors` (choice-based sign-in, `USER_AUTH`).
    pub fn first_auth_factors<S: Into<String>>(
        mut self,
        factors: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_first_auth_factors = factors.into_iter().map(Into::into).collect();
        self
    }

    /// `WebAuthnConfiguration`: passkeys.
    pub fn web_authn(mut self, config: WebAuthnSpec) -> Self {
        self.web_authn = Some(config);
        self
    }

    /// Adds an app client.
    pub fn client(mut self, client: ClientSpec) -> Self {
        self.clients.push(client);
        self
    }

    /// Adds a user.
    pub fn user(mut self, user: UserSpec) -> Self {
        self.users.push(user);
        self
    }
}

/// An app client to create.
///
/// ```
/// use cognito_flow_emulator::ClientSpec;
///
/// let spec = ClientSpec::new("backend")
///     .generate_secret()
///     .explicit_auth_flows(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
///     .prevent_user_existence_errors(true);
/// ```
#[derive(Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ClientSpec {
    /// A fixed client id; random when `None`.
    pub id: Option<String>,
    /// `ClientName`.
    pub name: String,
    /// A fixed client secret (24–64 of `[\w+]`).
    pub secret: Option<String>,
    /// `GenerateSecret` (ignored when `secret` is set).
    pub generate_secret: bool,
    /// `ExplicitAuthFlows`; Cognito's default when `None`.
    pub explicit_auth_flows: Option<Vec<String>>,
    /// `PreventUserExistenceErrors = ENABLED`.
    pub prevent_user_existence_errors: bool,
    /// `AuthSessionValidity` in minutes (3–15; 3 when `None`).
    pub auth_session_validity: Option<u32>,
}

impl fmt::Debug for ClientSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientSpec")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("generate_secret", &self.generate_secret)
            .field("explicit_auth_flows", &self.explicit_auth_flows)
            .field(
                "prevent_user_existence_errors",
                &self.prevent_user_existence_errors,
            )
            .field("auth_session_validity", &self.auth_session_validity)
            .finish()
    }
}

impl ClientSpec {
    /// A client named `name` without a secret, with Cognito's default flows.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// A fixed client id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// A fixed client secret.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// A generated client secret.
    pub fn generate_secret(mut self) -> Self {
        self.generate_secret = true;
        self
    }

    /// `ExplicitAuthFlows`.
    pub fn explicit_auth_flows<S: Into<String>>(
        mut self,
        flows: impl IntoIterator<Item = S>,
    ) -> Self {
        self.explicit_auth_flows = Some(flows.into_iter().map(Into::into).collect());
        self
    }

    /// `PreventUserExistenceErrors`: `ENABLED` when true, `LEGACY` when false.
    pub fn prevent_user_existence_errors(mut self, enabled: bool) -> Self {
        self.prevent_user_existence_errors = enabled;
        self
    }
}

/// A user's MFA settings.
#[derive(Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct UserMfaSpec {
    /// The factors enabled for the user. SMS needs `phone_number`, e-mail needs `email`.
    pub enabled: Vec<MfaFactor>,
    /// The preferred factor (must be enabled).
    pub preferred: Option<MfaFactor>,
    /// The base32 secret of the user's verified authenticator; generated when
    /// `SOFTWARE_TOKEN_MFA` is enabled without one.
    pub totp_secret: Option<String>,
}

impl fmt::Debug for UserMfaSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserMfaSpec")
            .field("enabled", &self.enabled)
            .field("preferred", &self.preferred)
            .field(
                "totp_secret",
                &self.totp_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A user to create.
///
/// ```
/// use cognito_flow_emulator::{MfaFactor, UserSpec};
///
/// let alice = UserSpec::new("alice")
///     .password("Passw0rd!")
///     .attribute("email", "alice@example.com")
///     .email_verified()
///     .totp(None)
///     .preferred_mfa(MfaFactor::SoftwareToken);
/// assert!(!format!("{alice:?}").contains("Passw0rd!"));
/// ```
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct UserSpec {
    /// The username as typed to `AdminCreateUser` (an e-mail address or phone number in pools
    /// with `UsernameAttributes`).
    pub username: String,
    /// The password; `None` sends an invitation with a temporary password to the outbox.
    pub password: Option<String>,
    /// `password` is temporary: the user must choose a new one (`FORCE_CHANGE_PASSWORD`).
    pub temporary: bool,
    /// Attributes (name → value).
    pub attributes: BTreeMap<String, String>,
    /// `email_verified = true`.
    pub email_verified: bool,
    /// `phone_number_verified = true`.
    pub phone_number_verified: bool,
    /// `Enabled` (default true).
    pub enabled: bool,
    /// MFA settings.
    pub mfa: UserMfaSpec,
}

impl Default for UserSpec {
    fn default() -> Self {
        Self {
            username: String::new(),
            password: None,
            temporary: false,
            attributes: BTreeMap::new(),
            email_verified: false,
            phone_number_verified: false,
            enabled: true,
            mfa: UserMfaSpec::default(),
        }
    }
}

impl fmt::Debug for UserSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserSpec")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("temporary", &self.temporary)
            .field("attributes", &self.attributes.keys().collect::<Vec<_>>())
            .field("email_verified", &self.email_verified)
            .field("phone_number_verified", &self.phone_number_verified)
            .field("enabled", &self.enabled)
            .field("mfa", &self.mfa)
            .finish()
    }
}

impl UserSpec {
    /// A user called `username`, without a password yet.
    pub fn new(username: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            ..Self::default()
        }
    }

    /// A permanent password (status `CONFIRMED`).
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self.temporary = false;
        self
    }

    /// A temporary password (status `FORCE_CHANGE_PASSWORD`: `NEW_PASSWORD_REQUIRED` at sign-in).
    pub fn temporary_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self.temporary = true;
        self
    }

    /// Sets an attribute.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }

    /// Marks `email` verified.
    pub fn email_verified(mut self) -> Self {
        self.email_verified = true;
        self
    }

    /// Marks `phone_number` verified.
    pub fn phone_number_verified(mut self) -> Self {
        self.phone_number_verified = true;
        self
    }

    /// Enables an MFA factor (for TOTP use [`UserSpec::totp`]).
    pub fn mfa(mut self, factor: MfaFactor) -> Self {
        if !self.mfa.enabled.contains(&factor) {
            self.mfa.enabled.push(factor);
        }
        self
    }

    /// Enables TOTP with a verified authenticator: `secret` (base32), or a generated one.
    pub fn totp(mut self, secret: Option<&str>) -> Self {
        self = self.mfa(MfaFactor::SoftwareToken);
        self.mfa.totp_secret = secret.map(str::to_owned);
        self
    }

    /// The preferred MFA factor (enables it too).
    pub fn preferred_mfa(mut self, factor: MfaFactor) -> Self {
        self = self.mfa(factor);
        self.mfa.preferred = Some(factor);
        self
    }
}

/// A pool created by [`Emulator::create_pool`] or a seed file.
#[derive(Debug)]
#[non_exhaustive]
pub struct SeededPool {
    /// The pool id.
    pub id: String,
    /// `PoolName`.
    pub name: String,
    /// Its app clients, in the order given.
    pub clients: Vec<SeededClient>,
    /// Its users, in the order given.
    pub users: Vec<SeededUser>,
}

/// An app client created by a seed.
#[non_exhaustive]
pub struct SeededClient {
    /// The client id.
    pub id: String,
    /// `ClientName`.
    pub name: String,
    secret: Option<String>,
}

impl SeededClient {
    /// The client secret, if the client has one.
    ///
    /// # Security Warning
    ///
    /// A real secret in a real pool; here a test value. Do not log it.
    pub fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }
}

impl fmt::Debug for SeededClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeededClient")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A user created by a seed.
#[non_exhaustive]
pub struct SeededUser {
    /// The canonical username (the `sub` in pools with `UsernameAttributes`).
    pub username: String,
    /// The `sub`.
    pub sub: String,
    totp_secret: Option<String>,
}

impl SeededUser {
    /// The base32 secret of the user's authenticator, when TOTP was enabled.
    ///
    /// # Security Warning
    ///
    /// Anyone with it can produce the user's codes. Do not log it.
    pub fn totp_secret(&self) -> Option<&str> {
        self.totp_secret.as_deref()
    }
}

impl fmt::Debug for SeededUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeededUser")
            .field("username", &self.username)
            .field("sub", &self.sub)
            .field(
                "totp_secret",
                &self.totp_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Why a seed file could not be applied.
#[derive(Debug)]
#[non_exhaustive]
pub enum SeedError {
    /// The file is not valid JSON/TOML or does not match the seed format.
    Parse {
        /// 1-based line, when known.
        line: usize,
        /// 1-based column, when known.
        column: usize,
        /// What is wrong (never a value from the file: values may be secrets).
        message: String,
    },
    /// An operation refused a pool, client or user of the seed (the source says which and why).
    Api(ApiError),
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse {
                line,
                column,
                message,
            } => write!(
                f,
                "invalid seed file at line {line}, column {column}: {message}"
            ),
            Self::Api(_) => f.write_str("the seed could not be applied"),
        }
    }
}

impl std::error::Error for SeedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(e) => Some(e),
            Self::Parse { .. } => None,
        }
    }
}

impl From<ApiError> for SeedError {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SeedFile {
    pools: Vec<PoolSpec>,
}

/// Keeps serde's message only when it cannot carry a value from the file.
fn safe_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    if let Some(rest) = first.strip_prefix("unknown variant") {
        // `unknown variant `VALUE`, expected one of ...`: the value goes, the choices stay.
        let expected = rest.split_once(", ").map_or("", |(_, e)| e);
        let expected = expected.split(" at line").next().unwrap_or(expected);
        format!("unknown value, {expected}")
    } else if first.starts_with("unknown field")
        || first.starts_with("missing field")
        || first.starts_with("duplicate field")
    {
        // Field and variant names come from the format, or are what the author mistyped in a
        // key position; values never appear in these messages.
        first.split(" at line").next().unwrap_or(first).to_owned()
    } else if first.starts_with("invalid type") {
        "a value has the wrong type".to_owned()
    } else {
        "syntax error".to_owned()
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn parse_seed(text: &str) -> Result<SeedFile, SeedError> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| SeedError::Parse {
            line: e.line(),
            column: e.column(),
            message: safe_message(&e.to_string()),
        })
    } else {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((0, 0), |span| line_column(text, span.start));
            SeedError::Parse {
                line,
                column,
                message: safe_message(e.message()),
            }
        })
    }
}

/// An [`ApiError`] with what was being created in front of its message.
fn context(what: &str, e: ApiError) -> ApiError {
    ApiError::new(e.code(), format!("{what}: {}", e.message()))
}

fn parse_out(out: &str) -> Result<Value, ApiError> {
    serde_json::from_str(out).map_err(|_| ApiError::new("InternalErrorException", "Internal error"))
}

impl Emulator {
    /// Creates a user pool with its app clients and users, as `CreateUserPool`,
    /// `SetUserPoolMfaConfig`, `CreateUserPoolClient` and `AdminCreateUser` would.
    ///
    /// # Errors
    ///
    /// The [`ApiError`] of the first call that failed, its message prefixed with the pool,
    /// client or user concerned. What was created before stays.
    ///
    /// ```
    /// use cognito_flow_emulator::{ClientSpec, Clock, Emulator, EmulatorConfig, PoolSpec, UserSpec};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let pool = emulator.create_pool(
    ///     PoolSpec::new("app")
    ///         .id("us-east-1_Test01")
    ///         .client(ClientSpec::new("web").id("webclient1"))
    ///         .user(UserSpec::new("alice").password("Passw0rd!")),
    /// )?;
    /// assert_eq!(pool.id, "us-east-1_Test01");
    /// assert_eq!(pool.clients[0].id, "webclient1");
    /// assert_eq!(pool.users[0].username, "alice");
    /// # Ok::<(), cognito_flow_emulator::ApiError>(())
    /// ```
    pub fn create_pool(&self, spec: PoolSpec) -> Result<SeededPool, ApiError> {
        let what = format!("pool {}", spec.name);
        let p = &spec.password_policy;
        let mut request = json!({
            "PoolName": spec.name,
            "Policies": {"PasswordPolicy": {
                "MinimumLength": p.minimum_length,
                "RequireUppercase": p.require_uppercase,
                "RequireLowercase": p.require_lowercase,
                "RequireNumbers": p.require_numbers,
                "RequireSymbols": p.require_symbols,
                "TemporaryPasswordValidityDays": p.temporary_password_validity_days,
            }},
            "UsernameAttributes": spec.username_attributes,
            "AliasAttributes": spec.alias_attributes,
            "AutoVerifiedAttributes": spec.auto_verified_attributes,
            "Schema": spec.custom_attributes.iter()
                .map(|name| json!({"Name": name, "AttributeDataType": "String", "Mutable": true}))
                .collect::<Vec<_>>(),
        });
        if spec.lambda_config != LambdaConfigSpec::default() {
            request["LambdaConfig"] = spec.lambda_config.to_api();
        }
        if let Some(tier) = &spec.user_pool_tier {
            request["UserPoolTier"] = json!(tier);
        }
        if !spec.allowed_first_auth_factors.is_empty() {
            request["Policies"]["SignInPolicy"] =
                json!({"AllowedFirstAuthFactors": spec.allowed_first_auth_factors});
        }
        if let Some(d) = spec.device_configuration {
            request["DeviceConfiguration"] = json!({
                "ChallengeRequiredOnNewDevice": d.challenge_required_on_new_device,
                "DeviceOnlyRememberedOnUserPrompt": d.device_only_remembered_on_user_prompt,
            });
        }
        let request = serde_json::from_value(request)
            .map_err(|_| ApiError::invalid_parameter(format!("{what}: invalid settings")))?;
        let created = setup::create_user_pool(&self.inner, request, spec.id.as_deref());
        store::persist(&self.inner, "CreateUserPool")?;
        let created = created.map_err(|e| context(&what, e))?;
        let id = created["UserPool"]["Id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();

        if spec.mfa != PoolMfa::Off || !spec.mfa_factors.is_empty() || spec.web_authn.is_some() {
            let mut request = json!({
                "UserPoolId": id,
                "MfaConfiguration": spec.mfa.as_str(),
                "SoftwareTokenMfaConfiguration": {
                    "Enabled": spec.mfa_factors.contains(&MfaFactor::SoftwareToken)
                },
            });
            if spec.mfa_factors.contains(&MfaFactor::Sms) {
                request["SmsMfaConfiguration"] = json!({});
            }
            if spec.mfa_factors.contains(&MfaFactor::Email) {
                request["EmailMfaConfiguration"] = json!({});
            }
            if let Some(web_authn) = &spec.web_authn {
                request["WebAuthnConfiguration"] = web_authn.to_api();
            }
            self.call("SetUserPoolMfaConfig", &request.to_string())
                .map_err(|e| context(&what, e))?;
        }

        let mut pool = SeededPool {
            id: id.clone(),
            name: spec.name,
            clients: Vec::new(),
            users: Vec::new(),
        };
        for client in spec.clients {
            pool.clients.push(self.create_client(&id, client)?);
        }
        for user in spec.users {
            pool.users.push(self.create_user(&id, user)?);
        }
        Ok(pool)
    }

    /// Creates an app client in `user_pool_id`, as `CreateUserPoolClient` would (with a fixed id
    /// and secret if the spec has them).
    ///
    /// # Errors
    ///
    /// The [`ApiError`] of `CreateUserPoolClient`, its message prefixed with the client.
    ///
    /// ```
    /// use cognito_flow_emulator::{ClientSpec, Clock, Emulator, EmulatorConfig, PoolSpec};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let pool = emulator.create_pool(PoolSpec::new("app"))?;
    /// let client = emulator.create_client(&pool.id, ClientSpec::new("server").generate_secret())?;
    /// assert_eq!(client.secret().map(str::len), Some(51));
    /// # Ok::<(), cognito_flow_emulator::ApiError>(())
    /// ```
    pub fn create_client(
        &self,
        user_pool_id: &str,
        spec: ClientSpec,
    ) -> Result<SeededClient, ApiError> {
        let what = format!("client {}", spec.name);
        let mut request = json!({
            "UserPoolId": user_pool_id,
            "ClientName": spec.name,
            "GenerateSecret": spec.generate_secret,
            "PreventUserExistenceErrors":
                if spec.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
        });
        if let Some(flows) = &spec.explicit_auth_flows {
            request["ExplicitAuthFlows"] = json!(flows);
        }
        if let Some(minutes) = spec.auth_session_validity {
            request["AuthSessionValidity"] = json!(minutes);
        }
        let request = serde_json::from_value(request)
            .map_err(|_| ApiError::invalid_parameter(format!("{what}: invalid settings")))?;
        let fixed = FixedClient {
            id: spec.id,
            secret: spec.secret,
        };
        let created = setup::create_client(&self.inner, request, Some(fixed));
        store::persist(&self.inner, "CreateUserPoolClient")?;
        let created = created.map_err(|e| context(&what, e))?;
        let c = &created["UserPoolClient"];
        Ok(SeededClient {
            id: c["ClientId"].as_str().unwrap_or_default().to_owned(),
            name: c["ClientName"].as_str().unwrap_or_default().to_owned(),
            secret: c["ClientSecret"].as_str().map(str::to_owned),
        })
    }

    /// Creates a user in `user_pool_id` with `AdminCreateUser` (and `AdminSetUserPassword` for a
    /// permanent password), then applies its MFA settings.
    ///
    /// # Errors
    ///
    /// The [`ApiError`] of the failing call, or `InvalidParameterException` for MFA settings the
    /// user cannot have (SMS without `phone_number`, e-mail without `email`, a preferred factor
    /// that is not enabled, a TOTP secret that is not base32), its message prefixed with the user.
    ///
    /// ```
    /// use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig, PoolSpec, UserSpec};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let pool = emulator.create_pool(PoolSpec::new("app"))?;
    /// let bob = emulator.create_user(&pool.id, UserSpec::new("bob").password("Passw0rd!").totp(None))?;
    /// let secret = bob.totp_secret().expect("generated");
    /// assert_eq!(emulator.totp_code(&pool.id, "bob"), emulator.totp_code_for_secret(secret));
    /// # Ok::<(), cognito_flow_emulator::ApiError>(())
    /// ```
    pub fn create_user(&self, user_pool_id: &str, spec: UserSpec) -> Result<SeededUser, ApiError> {
        let what = format!("user {}", spec.username);
        let mut attributes: Vec<Value> = spec
            .attributes
            .iter()
            .map(|(k, v)| json!({"Name": k, "Value": v}))
            .collect();
        if spec.email_verified {
            attributes.push(json!({"Name": "email_verified", "Value": "true"}));
        }
        if spec.phone_number_verified {
            attributes.push(json!({"Name": "phone_number_verified", "Value": "true"}));
        }
        let mut request = json!({
            "UserPoolId": user_pool_id,
            "Username": spec.username,
            "UserAttributes": attributes,
        });
        match (&spec.password, spec.temporary) {
            (Some(p), true) => {
                request["TemporaryPassword"] = json!(p);
                request["MessageAction"] = json!("SUPPRESS");
            }
            (Some(_), false) => request["MessageAction"] = json!("SUPPRESS"),
            (None, _) => {}
        }
        let out = self
            .call("AdminCreateUser", &request.to_string())
            .map_err(|e| context(&what, e))?;
        let out = parse_out(&out)?;
        let username = out["User"]["Username"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let sub = out["User"]["Attributes"]
            .as_array()
            .and_then(|attrs| attrs.iter().find(|a| a["Name"] == "sub"))
            .and_then(|a| a["Value"].as_str())
            .unwrap_or_default()
            .to_owned();
        if let (Some(password), false) = (&spec.password, spec.temporary) {
            let request = json!({
                "UserPoolId": user_pool_id,
                "Username": username,
                "Password": password,
                "Permanent": true,
            });
            self.call("AdminSetUserPassword", &request.to_string())
                .map_err(|e| context(&what, e))?;
        }
        if !spec.enabled {
            let request = json!({"UserPoolId": user_pool_id, "Username": username});
            self.call("AdminDisableUser", &request.to_string())
                .map_err(|e| context(&what, e))?;
        }
        let totp_secret = self
            .apply_user_mfa(user_pool_id, &username, &spec.mfa)
            .map_err(|e| context(&what, e))?;
        Ok(SeededUser {
            username,
            sub,
            totp_secret,
        })
    }

    /// Sets a user's MFA factors directly (no API sets a verified TOTP authenticator).
    fn apply_user_mfa(
        &self,
        user_pool_id: &str,
        username: &str,
        mfa: &UserMfaSpec,
    ) -> Result<Option<String>, ApiError> {
        if mfa.enabled.is_empty() && mfa.preferred.is_none() && mfa.totp_secret.is_none() {
            return Ok(None);
        }
        let enabled = |f: MfaFactor| mfa.enabled.contains(&f);
        if let Some(p) = mfa.preferred
            && !enabled(p)
        {
            return Err(ApiError::invalid_parameter(
                "the preferred MFA factor must be enabled",
            ));
        }
        let secret = if enabled(MfaFactor::SoftwareToken) {
            let secret = match &mfa.totp_secret {
                Some(s) => s.to_ascii_uppercase(),
                None => self.inner.random.base32(32),
            };
            let decoded = crate::totp::base32_decode(&secret);
            if secret.len() < 16 || decoded.is_none_or(|d| d.is_empty()) {
                return Err(ApiError::invalid_parameter(
                    "totp_secret must be base32, at least 16 characters",
                ));
            }
            Some(secret)
        } else {
            None
        };
        {
            let mut state = self.inner.state();
            let pool = crate::ops::pool_mut(&mut state, user_pool_id)?;
            let user = pool
                .users
                .get_mut(username)
                .ok_or_else(ApiError::user_not_found)?;
            let has = |a: &str| user.attributes.get(a).is_some_and(|v| !v.is_empty());
            if enabled(MfaFactor::Sms) && !has("phone_number") {
                return Err(ApiError::invalid_parameter(
                    "SMS MFA needs a phone_number attribute",
                ));
            }
            if enabled(MfaFactor::Email) && !has("email") {
                return Err(ApiError::invalid_parameter(
                    "e-mail MFA needs an email attribute",
                ));
            }
            let m = &mut user.mfa;
            m.sms_enabled = enabled(MfaFactor::Sms);
            m.email_enabled = enabled(MfaFactor::Email);
            m.software_token_enabled = secret.is_some();
            m.sms_preferred = mfa.preferred == Some(MfaFactor::Sms);
            m.email_preferred = mfa.preferred == Some(MfaFactor::Email);
            m.software_token_preferred = mfa.preferred == Some(MfaFactor::SoftwareToken);
            m.totp_secret.clone_from(&secret);
            m.pending_totp_secret = None;
            user.last_modified = self.inner.now();
        }
        store::persist(&self.inner, "AdminSetUserMFAPreference")?;
        Ok(secret)
    }

    /// Applies a seed file: JSON when the text starts with `{`, TOML otherwise. Pools are
    /// created in order with their clients and users. The crate ships an example,
    /// `examples/seed.json`; the binary loads one with `--seed FILE`.
    ///
    /// # Seed files
    ///
    /// A seed file lists pools; each pool lists its app clients and users. Keys are snake_case;
    /// unknown keys are refused (typos do not pass silently). JSON (the text starts with `{`) or
    /// TOML:
    ///
    /// ```json
    /// {
    ///   "pools": [{
    ///     "id": "us-east-1_Example01",
    ///     "name": "example",
    ///     "mfa": "OPTIONAL",
    ///     "mfa_factors": ["SOFTWARE_TOKEN_MFA", "SMS_MFA"],
    ///     "password_policy": {"minimum_length": 8, "require_symbols": false},
    ///     "username_attributes": ["email"],
    ///     "auto_verified_attributes": ["email"],
    ///     "device_configuration": {"challenge_required_on_new_device": true},
    ///     "lambda_config": {"pre_token_generation": "http://127.0.0.1:3000/claims"},
    ///     "clients": [{
    ///       "id": "exampleclient0000000000001",
    ///       "name": "web",
    ///       "secret": "examplesecret000000000000000000000000000000000000001",
    ///       "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    ///       "prevent_user_existence_errors": true
    ///     }],
    ///     "users": [{
    ///       "username": "alice@example.com",
    ///       "password": "Passw0rd!",
    ///       "email_verified": true,
    ///       "attributes": {"name": "Alice"},
    ///       "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": "SOFTWARE_TOKEN_MFA",
    ///               "totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
    ///     }]
    ///   }]
    /// }
    /// ```
    ///
    /// | Key | Meaning (default) |
    /// |---|---|
    /// | pool `id` | fixed pool id, `region_Alnum` (random) |
    /// | pool `name` | `PoolName` (required) |
    /// | `mfa` | `OFF`, `ON`, `OPTIONAL` (`OFF`) |
    /// | `mfa_factors` | factors the pool offers: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP` (none) |
    /// | `password_policy` | `minimum_length`, `require_uppercase`, `require_lowercase`, `require_numbers`, `require_symbols`, `temporary_password_validity_days` (Cognito's default: 8, all required, 7 days) |
    /// | `username_attributes`, `alias_attributes`, `auto_verified_attributes`, `custom_attributes` | as the API (none); custom attributes without the `custom:` prefix |
    /// | `device_configuration` | `challenge_required_on_new_device`, `device_only_remembered_on_user_prompt` (no device tracking) |
    /// | `user_pool_tier` | `LITE`, `ESSENTIALS`, `PLUS` (`ESSENTIALS`) |
    /// | `allowed_first_auth_factors` | `USER_AUTH` first factors: `PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN` (`["PASSWORD"]`) |
    /// | `web_authn` | passkeys: `relying_party_id`, `user_verification` (`required`/`preferred`), `factor_configuration` (`SINGLE_FACTOR`/`MULTI_FACTOR_WITH_USER_VERIFICATION`) (none) |
    /// | `lambda_config` | triggers: `pre_authentication`, `post_authentication`, `define_auth_challenge`, `create_auth_challenge`, `verify_auth_challenge_response`, `pre_token_generation`, each an `http://` webhook URL or a Lambda ARN mapped to one (`--trigger ARN=URL`); `pre_token_generation_version` `V1_0`/`V2_0`/`V3_0` (none) |
    /// | client `id`, `secret` | fixed client id and secret (random id; no secret) |
    /// | `generate_secret` | a random secret (false) |
    /// | `explicit_auth_flows` | `ALLOW_*` values (Cognito's default) |
    /// | `prevent_user_existence_errors` | `ENABLED` when true (`LEGACY`) |
    /// | `auth_session_validity` | minutes, 3–15 (3) |
    /// | user `username` | as typed to `AdminCreateUser` (required) |
    /// | `password` | permanent password (none: the invitation with a temporary password goes to the outbox) |
    /// | `temporary` | `password` is a temporary one: status `FORCE_CHANGE_PASSWORD` (false) |
    /// | `attributes` | name → value |
    /// | `email_verified`, `phone_number_verified` | (false) |
    /// | `enabled` | (true) |
    /// | `mfa.enabled`, `mfa.preferred` | factors enabled for the user, the preferred one (none) |
    /// | `mfa.totp_secret` | base32 secret of a verified authenticator (generated when `SOFTWARE_TOKEN_MFA` is enabled without one) |
    ///
    /// # Errors
    ///
    /// [`SeedError::Parse`] for a file that does not parse (nothing is created), or
    /// [`SeedError::Api`] for the first pool, client or user that an operation refused (what
    /// was created before stays).
    ///
    /// ```
    /// use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default(), Clock::manual(0));
    /// let seeded = emulator.load_seed(r#"
    ///     [[pools]]
    ///     id = "us-east-1_Seeded1"
    ///     name = "seeded"
    ///
    ///     [[pools.clients]]
    ///     id = "seededclient"
    ///     name = "web"
    ///
    ///     [[pools.users]]
    ///     username = "carol"
    ///     password = "Passw0rd!"
    /// "#)?;
    /// assert_eq!(seeded[0].users[0].username, "carol");
    /// # Ok::<(), cognito_flow_emulator::SeedError>(())
    /// ```
    pub fn load_seed(&self, text: &str) -> Result<Vec<SeededPool>, SeedError> {
        let file = parse_seed(text)?;
        let mut out = Vec::new();
        for pool in file.pools {
            out.push(self.create_pool(pool)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_carry_no_values() {
        let err = parse_seed(
            r#"{"pools": [{"name": "x", "users": [{"username": "u", "password": 12345678}]}]}"#,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(!err.contains("12345678"), "{err}");
        assert!(err.contains("line 1"), "{err}");
        let err = parse_seed("[[pools]]\nname = \"x\"\npasword = \"hunter2\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown field `pasword`"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }
}
