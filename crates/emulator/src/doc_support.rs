//! A ready-made emulator for documentation examples (feature `doc-support`).
//!
//! [`sandbox`] starts an emulator on a manual clock and fills it with user pools, app clients
//! and users in known states, so an example of a Cognito client can start from "the user
//! signed in and Cognito asks for an SMS code" in a few hidden lines. The `cognito-flow` SDK
//! enables the feature for its doc tests only (a dev-dependency); nothing here is meant for
//! production use.
//!
//! This crate does not depend on the SDK, so the helpers that build SDK values are macros,
//! expanded in the example's crate (where `cognito_flow` is a dependency):
//!
//! * `doc_support::client!(pool)`: a `cognito_flow::Client` for the main pool (`client!(sandbox)`)
//!   or another [`DocPool`] (`client!(sandbox.devices())`), on the emulator's endpoint and
//!   clock, with the client secret when the app client has one;
//! * `doc_support::admin!(pool)`: a `cognito_flow::AdminClient` around it, with example
//!   credentials ([`ACCESS_KEY_ID`]) the emulator accepts;
//! * `doc_support::step!(sandbox, Variant)`: signs in the user whose sign-in stops at
//!   `cognito_flow::Next::Variant` ([`Sandbox::step_user`]) through a public client and
//!   returns the step, e.g. `step!(sandbox, SmsMfa)` is `sam`'s `SmsMfa` (inside `async`).
//!   SRP sign-in (`sign_in`) for most; `user_auth` for `SelectChallenge`, `SmsOtp` and
//!   `WebAuthn`; `custom` for `CustomChallenge`.
//!
//! ```rust,ignore
//! // (Needs the cognito-flow crate, which this crate does not depend on: the SDK's examples
//! // run these.)
//! use cognito_flow_emulator::doc_support;
//! let sandbox = doc_support::sandbox().await;
//! let client = doc_support::client!(sandbox);
//! let admin = doc_support::admin!(sandbox.confidential());
//! let step = doc_support::step!(sandbox, SoftwareTokenMfa);
//! ```
//!
//! # Pools, clients and users
//!
//! Every password is [`PASSWORD`], except `temp`'s temporary [`TEMPORARY_PASSWORD`].
//!
//! | pool ([`DocPool`]) | settings | users |
//! |---|---|---|
//! | main ([`Sandbox::pool_id`] …, and [`Sandbox::confidential`]: the same pool through an app client with a secret) | MFA `OPTIONAL`: TOTP, SMS and e-mail; e-mail addresses verified by code at sign-up | `alice` (no MFA, verified e-mail), `tess` (TOTP), `sam` (SMS), `emma` (e-mail MFA), `sela` (SMS and TOTP, none preferred: `SELECT_MFA_TYPE`), `temp` (`FORCE_CHANGE_PASSWORD`), `uma` (signed up, not confirmed), `rita` (`RESET_REQUIRED`) |
//! | [`Sandbox::mfa_required`] | MFA `ON`: TOTP and e-mail | `newbie` (no factor yet: `MFA_SETUP`; has an e-mail address) |
//! | [`Sandbox::devices`] | device tracking, remembered devices skip MFA | `dora` (no MFA; [`Sandbox::remembered_device`] confirms a device for her) |
//! | [`Sandbox::passwordless`] | choice-based sign-in (`USER_AUTH`): password, e-mail and SMS codes, passkeys (relying party `example.com`) | `pat` (verified e-mail and phone number, a passkey: [`Sandbox::passkey_assertion`] signs with it) |
//! | [`Sandbox::custom_auth`] | custom authentication: a quiz served by [`sandbox`]'s own trigger webhook ("What is 6 × 7?", answer `42`; one wrong answer gets the question again, a second fails the sign-in; with SRP first, the password comes before the question) | `quinn` |
//!
//! Each app client allows `USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`,
//! `CUSTOM_AUTH`, `USER_AUTH` and refresh.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let sandbox = cognito_flow_emulator::doc_support::sandbox().await;
//! assert!(sandbox.endpoint().starts_with("http://127.0.0.1:"));
//! assert!(sandbox.confidential().client_secret().is_some());
//! assert_eq!(sandbox.last_code("uma").len(), 6); // the sign-up confirmation code
//! # }
//! ```

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::testing::SoftwareAuthenticator;
use crate::{
    ClientSpec, Clock, DeviceConfiguration, Emulator, MfaFactor, PoolMfa, PoolSpec,
    RunningEmulator, UserSpec,
};

/// The password of every sandbox user (but `temp`).
pub const PASSWORD: &str = "Corr3ct-horse!";

/// `temp`'s temporary password: signing in with it asks for a new one.
pub const TEMPORARY_PASSWORD: &str = "Temp-pass1!";

/// An access key id for admin clients: the emulator accepts any well-formed signature.
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";

/// The secret access key that goes with [`ACCESS_KEY_ID`].
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// The relying party of the passwordless pool's passkeys.
pub const RELYING_PARTY: &str = "example.com";

/// The web origin the sandbox's passkeys sign for (`https://` + [`RELYING_PARTY`]).
pub const ORIGIN: &str = "https://example.com";

/// The app-client flows of every sandbox client.
const FLOWS: [&str; 6] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// One app client of a sandbox pool: what a Cognito client needs to reach it.
#[derive(Clone)]
pub struct DocPool {
    pool_id: String,
    client_id: String,
    client_secret: Option<String>,
    endpoint: String,
    clock: Clock,
}

impl std::fmt::Debug for DocPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocPool")
            .field("pool_id", &self.pool_id)
            .field("endpoint", &self.endpoint)
            .field("has_client_secret", &self.client_secret.is_some())
            .finish_non_exhaustive()
    }
}

impl DocPool {
    /// The user pool id (`us-east-1_…`).
    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The app client secret, for the confidential client only.
    pub fn client_secret(&self) -> Option<&str> {
        self.client_secret.as_deref()
    }

    /// The emulator's URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The emulator's (manual) clock as a time source for a client.
    pub fn time_source(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
        let clock = self.clock.clone();
        move || UNIX_EPOCH + Duration::from_millis(u64::try_from(clock.now_millis()).unwrap_or(0))
    }
}

/// A running emulator with the pools and users listed in the [module documentation](self).
/// Dropping it stops the emulator.
#[derive(Debug)]
pub struct Sandbox {
    emulator: RunningEmulator,
    clock: Clock,
    main: DocPool,
    confidential: DocPool,
    mfa_required: DocPool,
    devices: DocPool,
    passwordless: DocPool,
    custom_auth: DocPool,
    /// `pat`'s passkey.
    passkey: Mutex<SoftwareAuthenticator>,
    /// The custom-auth trigger webhook.
    _quiz: Quiz,
}

/// Starts an emulator on a manual clock (set to the real time, moved only by
/// [`Sandbox::advance`]) and creates the sandbox's pools and users.
///
/// # Panics
///
/// If the emulator cannot start or refuses a setting (a bug of this module).
pub async fn sandbox() -> Sandbox {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let clock = Clock::manual(now);
    let emulator = Emulator::builder()
        .clock(clock.clone())
        .start()
        .await
        .expect("the emulator starts");
    let endpoint = emulator.endpoint().to_owned();
    let doc_pool = |pool_id: &str, client: &crate::SeededClient| DocPool {
        pool_id: pool_id.to_owned(),
        client_id: client.id.clone(),
        client_secret: client.secret().map(str::to_owned),
        endpoint: endpoint.clone(),
        clock: clock.clone(),
    };
    let app = || ClientSpec::new("app").explicit_auth_flows(FLOWS);
    let user = |name: &str| UserSpec::new(name).password(PASSWORD);

    let main = emulator
        .create_pool(
            PoolSpec::new("doc")
                .auto_verified_attributes(["email"])
                .mfa(
                    PoolMfa::Optional,
                    [MfaFactor::SoftwareToken, MfaFactor::Sms, MfaFactor::Email],
                )
                .client(app())
                .client(app().generate_secret())
                .user(
                    user("alice")
                        .attribute("email", "alice@example.com")
                        .email_verified(),
                )
                .user(user("tess").preferred_mfa(MfaFactor::SoftwareToken))
                .user(
                    user("sam")
                        .attribute("phone_number", "+15555550100")
                        .phone_number_verified()
                        .preferred_mfa(MfaFactor::Sms),
                )
                .user(
                    user("emma")
                        .attribute("email", "emma@example.com")
                        .email_verified()
                        .preferred_mfa(MfaFactor::Email),
                )
                .user(
                    user("sela")
                        .attribute("phone_number", "+15555550101")
                        .phone_number_verified()
                        .mfa(MfaFactor::Sms)
                        .totp(None),
                )
                .user(UserSpec::new("temp").temporary_password(TEMPORARY_PASSWORD))
                .user(
                    user("rita")
                        .attribute("email", "rita@example.com")
                        .email_verified(),
                ),
        )
        .expect("the main pool");
    let confidential = doc_pool(&main.id, &main.clients[1]);
    let main_pool = doc_pool(&main.id, &main.clients[0]);
    call(
        &emulator,
        "SignUp",
        json!({"ClientId": main_pool.client_id, "Username": "uma", "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": "uma@example.com"}]}),
    );
    call(
        &emulator,
        "AdminResetUserPassword",
        json!({"UserPoolId": main.id, "Username": "rita"}),
    );

    let required = emulator
        .create_pool(
            PoolSpec::new("doc-mfa-required")
                .mfa(PoolMfa::On, [MfaFactor::SoftwareToken, MfaFactor::Email])
                .client(app())
                .user(
                    user("newbie")
                        .attribute("email", "newbie@example.com")
                        .email_verified(),
                ),
        )
        .expect("the MFA-required pool");
    let mfa_required = doc_pool(&required.id, &required.clients[0]);

    let devices = DeviceConfiguration {
        challenge_required_on_new_device: true,
        device_only_remembered_on_user_prompt: false,
    };
    let devices = emulator
        .create_pool(
            PoolSpec::new("doc-devices")
                .device_configuration(devices)
                .client(app())
                .user(user("dora")),
        )
        .expect("the device pool");
    let devices = doc_pool(&devices.id, &devices.clients[0]);

    // Choice-based sign-in, with a passkey for pat.
    let out = call(
        &emulator,
        "CreateUserPool",
        json!({"PoolName": "doc-passwordless", "AutoVerifiedAttributes": ["email"],
            "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors":
                ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]}}}),
    );
    let id = out["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    call(
        &emulator,
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": id, "MfaConfiguration": "OFF",
            "WebAuthnConfiguration": {"RelyingPartyId": RELYING_PARTY,
                "UserVerification": "preferred"}}),
    );
    let client = emulator
        .create_client(&id, app())
        .expect("the passwordless client");
    let passwordless = doc_pool(&id, &client);
    emulator
        .create_user(
            &id,
            user("pat")
                .attribute("email", "pat@example.com")
                .email_verified()
                .attribute("phone_number", "+15555550102")
                .phone_number_verified(),
        )
        .expect("pat");
    let mut passkey = SoftwareAuthenticator::new().expect("a passkey");
    let access_token = admin_sign_in(&emulator, &passwordless, "pat");
    let out = call(
        &emulator,
        "StartWebAuthnRegistration",
        json!({"AccessToken": access_token}),
    );
    let registration = passkey
        .create(&out["CredentialCreationOptions"].to_string(), ORIGIN)
        .expect("the passkey registers");
    let registration: Value = serde_json::from_str(&registration).unwrap_or(Value::Null);
    call(
        &emulator,
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": access_token, "Credential": registration}),
    );

    // Custom authentication: the quiz webhook.
    let quiz = Quiz::start();
    let out = call(
        &emulator,
        "CreateUserPool",
        json!({"PoolName": "doc-custom", "LambdaConfig": {"DefineAuthChallenge": quiz.url,
            "CreateAuthChallenge": quiz.url, "VerifyAuthChallengeResponse": quiz.url}}),
    );
    let id = out["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let client = emulator
        .create_client(&id, app())
        .expect("the custom-auth client");
    let custom_auth = doc_pool(&id, &client);
    emulator.create_user(&id, user("quinn")).expect("quinn");

    Sandbox {
        emulator,
        clock,
        main: main_pool,
        confidential,
        mfa_required,
        devices,
        passwordless,
        custom_auth,
        passkey: Mutex::new(passkey),
        _quiz: quiz,
    }
}

/// Signs `username` in in-process (`ADMIN_USER_PASSWORD_AUTH`); returns the access token.
fn admin_sign_in(emulator: &Emulator, pool: &DocPool, username: &str) -> String {
    let out = call(
        emulator,
        "AdminInitiateAuth",
        json!({"UserPoolId": pool.pool_id, "ClientId": pool.client_id,
            "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
    );
    out["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The custom-auth triggers of the `doc-custom` pool: a blocking HTTP/1.1 webhook on
/// 127.0.0.1, on a thread of its own (so it answers whatever runtime the example uses). It
/// stops when the sandbox is dropped.
#[derive(Debug)]
struct Quiz {
    url: String,
    stop: Arc<AtomicBool>,
}

impl Quiz {
    fn start() -> Quiz {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the quiz");
        let addr = listener.local_addr().expect("the quiz's address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    answer_trigger(stream);
                }
            }
        });
        Quiz {
            url: format!("http://{addr}/triggers"),
            stop,
        }
    }
}

impl Drop for Quiz {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        if let Some(addr) = self
            .url
            .strip_prefix("http://")
            .and_then(|u| u.split('/').next())
        {
            let _ = TcpStream::connect(addr);
        }
    }
}

/// Reads one trigger event (`Content-Length` framed), answers it, closes the connection.
fn answer_trigger(mut stream: TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let body = loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if buf.len() >= end + 4 + length {
            break buf[end + 4..end + 4 + length].to_vec();
        }
    };
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let out = quiz(event).to_string();
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{out}",
        out.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

/// "What is 6 × 7?": right → tokens; wrong → the question again; wrong twice → failure. With
/// SRP first (`SRP_A`), `PASSWORD_VERIFIER` comes before the question.
fn quiz(mut event: Value) -> Value {
    let session = event["request"]["session"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let custom = |ok: bool| {
        session
            .iter()
            .filter(|c| c["challengeName"] == "CUSTOM_CHALLENGE" && c["challengeResult"] == ok)
            .count()
    };
    let source = event["triggerSource"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let request = event["request"].clone();
    let response = &mut event["response"];
    match source.as_str() {
        "DefineAuthChallenge_Authentication" => {
            if session
                .last()
                .is_some_and(|c| c["challengeName"] == "SRP_A")
            {
                response["challengeName"] = json!("PASSWORD_VERIFIER");
            } else if custom(true) > 0 {
                response["issueTokens"] = json!(true);
            } else if custom(false) >= 2 {
                response["failAuthentication"] = json!(true);
            } else {
                response["challengeName"] = json!("CUSTOM_CHALLENGE");
            }
        }
        "CreateAuthChallenge_Authentication" => {
            response["publicChallengeParameters"] = json!({"question": "What is 6 × 7?"});
            response["privateChallengeParameters"] = json!({"answer": "42"});
        }
        "VerifyAuthChallengeResponse_Authentication" => {
            response["answerCorrect"] = json!(
                request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]
            );
        }
        _ => {}
    }
    event
}

/// Calls an operation in-process; panics on an error (a bug of this module).
fn call(emulator: &Emulator, operation: &str, body: Value) -> Value {
    let out = emulator
        .call(operation, &body.to_string())
        .unwrap_or_else(|e| panic!("doc_support: {operation} failed: {e}"));
    serde_json::from_str(&out).unwrap_or(Value::Null)
}

/// A device confirmed and remembered for `dora` in the device pool
/// ([`Sandbox::remembered_device`]).
#[derive(Clone)]
pub struct DocDevice {
    key: String,
    group_key: String,
    password: String,
}

impl DocDevice {
    /// `DeviceKey`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// `DeviceGroupKey`.
    pub fn group_key(&self) -> &str {
        &self.group_key
    }

    /// The device's random password (a test value).
    pub fn password(&self) -> &str {
        &self.password
    }
}

impl std::fmt::Debug for DocDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocDevice")
            .field("key", &self.key)
            .field("group_key", &self.group_key)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// The emulator (state, clock, outbox, [`Emulator::call`]).
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// The main pool's id.
    pub fn pool_id(&self) -> &str {
        self.main.pool_id()
    }

    /// The main pool's public app client (no secret).
    pub fn client_id(&self) -> &str {
        self.main.client_id()
    }

    /// `None`: the main client has no secret (see [`Sandbox::confidential`]).
    pub fn client_secret(&self) -> Option<&str> {
        self.main.client_secret()
    }

    /// The emulator's URL.
    pub fn endpoint(&self) -> &str {
        self.main.endpoint()
    }

    /// The emulator's clock as a time source for a client.
    pub fn time_source(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
        self.main.time_source()
    }

    /// The main pool through its public app client.
    pub fn main(&self) -> &DocPool {
        &self.main
    }

    /// The main pool through an app client with a secret.
    pub fn confidential(&self) -> &DocPool {
        &self.confidential
    }

    /// The pool with MFA `ON` (TOTP and e-mail), where `newbie` must set up a factor.
    pub fn mfa_required(&self) -> &DocPool {
        &self.mfa_required
    }

    /// The pool that tracks devices, with `dora`.
    pub fn devices(&self) -> &DocPool {
        &self.devices
    }

    /// The pool of choice-based sign-in (`USER_AUTH`), with `pat`.
    pub fn passwordless(&self) -> &DocPool {
        &self.passwordless
    }

    /// The pool whose custom-auth triggers ask "What is 6 × 7?", with `quinn`.
    pub fn custom_auth(&self) -> &DocPool {
        &self.custom_auth
    }

    /// What `pat`'s browser answers to a `WEB_AUTHN` challenge: the
    /// `AuthenticationResponseJSON` of `pat`'s passkey for these request options (user
    /// verified, origin [`ORIGIN`]).
    ///
    /// # Panics
    ///
    /// If the options are not a `WEB_AUTHN` challenge's for `pat`'s passkey.
    pub fn passkey_assertion(&self, request_options_json: &str) -> String {
        self.passkey
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(request_options_json, ORIGIN, true)
            .expect("doc_support: pat's passkey answers")
    }

    /// What a browser answers to `StartWebAuthnRegistration`'s creation options: the
    /// `RegistrationResponseJSON` of a new passkey (origin [`ORIGIN`]).
    ///
    /// # Panics
    ///
    /// If the options are not creation options.
    pub fn new_passkey(&self, creation_options_json: &str) -> String {
        SoftwareAuthenticator::new()
            .and_then(|mut a| a.create(creation_options_json, ORIGIN))
            .expect("doc_support: a new passkey")
    }

    /// Moves the clock forward, e.g. 30 seconds to the next TOTP code.
    pub fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    /// The newest code sent to `username` (SMS or e-mail MFA code, confirmation or reset
    /// code).
    ///
    /// # Panics
    ///
    /// If nothing was sent to the user.
    pub fn last_code(&self, username: &str) -> String {
        self.emulator
            .last_code(username)
            .unwrap_or_else(|| panic!("doc_support: no code was sent to {username}"))
    }

    /// The current code of `username`'s authenticator app (any sandbox pool).
    ///
    /// # Panics
    ///
    /// If the user has no authenticator.
    pub fn totp_code(&self, username: &str) -> String {
        [&self.main, &self.mfa_required, &self.devices]
            .iter()
            .find_map(|p| self.emulator.totp_code(p.pool_id(), username))
            .unwrap_or_else(|| panic!("doc_support: {username} has no authenticator"))
    }

    /// The current code of an authenticator app set up with this base32 secret.
    ///
    /// # Panics
    ///
    /// If the secret is not base32.
    pub fn totp_code_for_secret(&self, secret: &str) -> String {
        self.emulator
            .totp_code_for_secret(secret)
            .expect("doc_support: a base32 secret")
    }

    /// Signs `dora` in (in-process, `ADMIN_USER_PASSWORD_AUTH`), confirms the new device with
    /// a fresh device password and returns it: a device Cognito remembers, as an app would
    /// have stored it. Each call confirms another device.
    ///
    /// # Panics
    ///
    /// On an emulator error (a bug of this module).
    pub fn remembered_device(&self) -> DocDevice {
        let pool = &self.devices;
        let out = call(
            &self.emulator,
            "AdminInitiateAuth",
            json!({"UserPoolId": pool.pool_id, "ClientId": pool.client_id,
                "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": "dora", "PASSWORD": PASSWORD}}),
        );
        let result = &out["AuthenticationResult"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let key = text(&result["NewDeviceMetadata"]["DeviceKey"]);
        let group_key = text(&result["NewDeviceMetadata"]["DeviceGroupKey"]);
        let verifier = cognito_flow_srp::DeviceVerifier::random(&group_key, &key)
            .expect("doc_support: a device verifier");
        call(
            &self.emulator,
            "ConfirmDevice",
            json!({"AccessToken": text(&result["AccessToken"]), "DeviceKey": key,
                "DeviceName": "doc laptop",
                "DeviceSecretVerifierConfig": {"PasswordVerifier": verifier.password_verifier(),
                    "Salt": verifier.salt()}}),
        );
        DocDevice {
            key,
            group_key,
            password: verifier.password().expose_secret().to_owned(),
        }
    }

    /// The pool, user and password whose sign-in stops at the SDK step named `step` (a
    /// variant of `cognito_flow::Next`): used by the `doc_support::step!` macro.
    ///
    /// # Panics
    ///
    /// For a step the sandbox has no user for.
    ///
    /// The last member says how the sign-in starts: `"srp"` (`sign_in` with the password),
    /// `"user_auth"` (no preferred factor), `"user_auth:SMS_OTP"` / `"user_auth:WEB_AUTHN"`
    /// (that preferred factor) or `"custom"`.
    pub fn step_user(&self, step: &str) -> (&DocPool, &'static str, &'static str, &'static str) {
        let srp = |pool, user, password| (pool, user, password, "srp");
        match step {
            "SignedIn" => srp(&self.main, "alice", PASSWORD),
            "SoftwareTokenMfa" => srp(&self.main, "tess", PASSWORD),
            "SmsMfa" => srp(&self.main, "sam", PASSWORD),
            "EmailOtp" => srp(&self.main, "emma", PASSWORD),
            "SelectMfaType" => srp(&self.main, "sela", PASSWORD),
            "NewPasswordRequired" => srp(&self.main, "temp", TEMPORARY_PASSWORD),
            "ConfirmSignUp" => srp(&self.main, "uma", PASSWORD),
            "ResetPassword" => srp(&self.main, "rita", PASSWORD),
            "MfaSetup" => srp(&self.mfa_required, "newbie", PASSWORD),
            "SelectChallenge" => (&self.passwordless, "pat", PASSWORD, "user_auth"),
            "SmsOtp" => (&self.passwordless, "pat", PASSWORD, "user_auth:SMS_OTP"),
            "WebAuthn" => (&self.passwordless, "pat", PASSWORD, "user_auth:WEB_AUTHN"),
            "CustomChallenge" => (&self.custom_auth, "quinn", PASSWORD, "custom"),
            other => panic!("doc_support: no sandbox user stops at {other}"),
        }
    }
}

/// `doc_support::client!` (see the module documentation).
#[macro_export]
#[doc(hidden)]
macro_rules! __doc_support_client {
    ($pool:expr) => {{
        let pool = &$pool;
        let builder = ::cognito_flow::Client::builder()
            .user_pool_id(pool.pool_id())
            .client_id(pool.client_id())
            .endpoint_url(pool.endpoint())
            .time_source(pool.time_source());
        match pool.client_secret() {
            Some(secret) => builder.client_secret(::cognito_flow::ClientSecret::new(secret)),
            None => builder,
        }
        .build()
        .expect("doc_support: a client")
    }};
}

/// `doc_support::admin!` (see the module documentation).
#[macro_export]
#[doc(hidden)]
macro_rules! __doc_support_admin {
    ($pool:expr) => {
        ::cognito_flow::AdminClient::new(
            $crate::doc_support::client!($pool),
            ::cognito_flow::AwsCredentials::new(
                $crate::doc_support::ACCESS_KEY_ID,
                ::cognito_flow::AwsSecretAccessKey::new($crate::doc_support::SECRET_ACCESS_KEY),
            ),
        )
    };
}

/// `doc_support::step!` (see the module documentation).
#[macro_export]
#[doc(hidden)]
macro_rules! __doc_support_step {
    ($sandbox:expr, $variant:ident) => {{
        let (pool, user, password, flow) =
            $crate::doc_support::Sandbox::step_user(&$sandbox, ::core::stringify!($variant));
        let client = $crate::doc_support::client!(pool);
        let request = client.sign_in_request(user);
        let next = match flow {
            "user_auth" => request.user_auth(::core::option::Option::None).await,
            "user_auth:SMS_OTP" => {
                request
                    .user_auth(::core::option::Option::Some(
                        ::cognito_flow::FirstFactor::SmsOtp,
                    ))
                    .await
            }
            "user_auth:WEB_AUTHN" => {
                request
                    .user_auth(::core::option::Option::Some(
                        ::cognito_flow::FirstFactor::WebAuthn,
                    ))
                    .await
            }
            "custom" => request.custom().await,
            _ => {
                request
                    .sign_in(::cognito_flow::Password::new(password))
                    .await
            }
        };
        match next {
            ::core::result::Result::Ok(::cognito_flow::Next::$variant(step)) => step,
            other => ::core::panic!(
                "doc_support: {user} should stop at {}, got {other:?}",
                ::core::stringify!($variant)
            ),
        }
    }};
}

pub use crate::__doc_support_admin as admin;
pub use crate::__doc_support_client as client;
pub use crate::__doc_support_step as step;
