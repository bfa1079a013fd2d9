//! Behaviour that Cognito does not document (spec §11) and limits of the emulator itself:
//! every value is configurable, and the defaults are the ones the spec recommends.

use std::collections::BTreeMap;
use std::time::Duration;

/// How the `iss` claim of issued tokens is formed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuerStyle {
    /// The emulator's own base URL + `/{userPoolId}` (default): verifiers find the JWKS at
    /// `{iss}/.well-known/jwks.json` on the emulator, as they do on AWS.
    Emulator,
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, as AWS issues it (the JWKS
    /// is then not reachable at that address).
    Aws,
}

/// Emulator settings. Start from [`EmulatorConfig::default`] and change what a test needs.
///
/// ```
/// use std::time::Duration;
/// use cognito_flow_emulator::EmulatorConfig;
///
/// let mut config = EmulatorConfig::default();
/// config.max_code_attempts = 5;
/// config.timestamp_skew = Duration::from_secs(60);
/// assert_eq!(config.max_body_bytes, 1 << 20);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// Region used for new pools' ids (`us-east-1`).
    pub region: String,
    /// Wrong answers to an SMS/e-mail/TOTP code challenge accepted on one Session before the
    /// Session is invalidated (spec §8.3, §11: undetermined; default 3).
    pub max_code_attempts: u32,
    /// Accepted difference between a client's `TIMESTAMP` and the emulator's clock (spec §8.2,
    /// §11: undetermined; default ±15 minutes).
    pub timestamp_skew: Duration,
    /// Length of e-mail/SMS codes for MFA (default 6).
    pub mfa_code_length: usize,
    /// Length of sign-in OTP codes of the passwordless flows (default 8; spec §11).
    pub otp_code_length: usize,
    /// Largest request body accepted, in bytes (default 1 MiB).
    pub max_body_bytes: usize,
    /// How `iss` is formed.
    pub issuer_style: IssuerStyle,
    /// Access key id → secret access key: when non-empty, `Admin*` and setup calls must be
    /// SigV4-signed with one of these (verified for real); when empty any well-formed
    /// `Authorization` header is accepted, as other emulators do.
    pub credentials: Vec<(String, String)>,
    /// Refuse setup and `Admin*` calls that carry no `Authorization` header (default true).
    pub require_authorization_header: bool,
    /// Lambda function ARN → webhook URL (`http://127.0.0.1:PORT/path`): a pool's
    /// `LambdaConfig` may name a trigger by either; an ARN is called at the URL it maps to
    /// (binary: `--trigger ARN=URL`). See the crate docs, "Lambda triggers".
    pub lambda_endpoints: BTreeMap<String, String>,
    /// How long a trigger webhook may take to answer, connection included, before the
    /// sign-in fails with `UnexpectedLambdaException` (default 5 s, the limit Cognito gives
    /// its triggers).
    pub trigger_timeout: Duration,
    /// Host names or IP addresses, other than loopback, that trigger webhooks may live on
    /// (default none: only `127.0.0.0/8`, `::1` and `localhost` are ever called).
    pub trigger_allowed_hosts: Vec<String>,
    /// Origins a passkey's `clientDataJSON` may name besides those of the pool's relying
    /// party (`https://{RelyingPartyId}` and its subdomains, any port; `http://localhost` on
    /// any port when the relying party is `localhost`): exact strings such as
    /// `http://127.0.0.1:5173` or `android:apk-key-hash:...` (default none).
    pub webauthn_origins: Vec<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            max_code_attempts: 3,
            timestamp_skew: Duration::from_secs(15 * 60),
            mfa_code_length: 6,
            otp_code_length: 8,
            max_body_bytes: 1 << 20,
            issuer_style: IssuerStyle::Emulator,
            credentials: Vec::new(),
            require_authorization_header: true,
            lambda_endpoints: BTreeMap::new(),
            trigger_timeout: Duration::from_secs(5),
            trigger_allowed_hosts: Vec::new(),
            webauthn_origins: Vec::new(),
        }
    }
}
