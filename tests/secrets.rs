//! Secret-leak tests (STYLE §6, §7): the exact `Debug` of every secret-bearing type and of
//! every sign-in state, and the `Debug`/`Display` of the errors, never show a secret; and a
//! full sign-in under a capturing TRACE subscriber logs none, on the SDK's side or the
//! emulator's.
//!
//! Secrets the test does not choose (Sessions, tokens, the TOTP secret) are learned from the
//! wire: the SDK talks to the emulator through a recording TCP proxy ([`Tap`]), and every
//! secret-valued JSON member that crossed it becomes a canary.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, UNIX_EPOCH};

use cognito_flow::{
    AdminClient, AwsCredentials, AwsSecretAccessKey, AwsSessionToken, Client, ClientSecret,
    ConfirmationCode, CustomAnswer, ErrorKind, HttpRequest, HttpResponse, MfaCode, MfaFactor,
    NewPassword, Next, Password, RememberedDevice, ResponseFuture, SignedIn, TotpCode, TotpSecret,
    Transport,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{Setup, World, signed_in};

// ---------------------------------------------------------------------------------------
// Canaries.

/// Values that must never appear in any `Debug`, `Display` or log output.
#[derive(Default)]
struct Canaries(Vec<String>);

impl Canaries {
    fn add(&mut self, secret: impl Into<String>) {
        let secret = secret.into();
        assert!(
            secret.len() >= 6,
            "a canary too short to be unique: {secret:?}"
        );
        if !self.0.contains(&secret) {
            self.0.push(secret);
        }
    }

    /// Every secret that crossed the tap so far.
    fn add_wire(&mut self, tap: &Tap) {
        for secret in tap.secrets() {
            self.add(secret);
        }
    }

    /// Asserts that `text` (the output of formatting `what`) holds no canary.
    #[track_caller]
    fn assert_absent(&self, what: &str, text: &str) {
        for canary in &self.0 {
            assert!(
                !contains(text, canary),
                "{what} shows the secret {canary:?}:\n{text}"
            );
        }
    }

    /// Checks `{:?}` and `{:#?}`; returns `{:?}` for an exact comparison.
    #[track_caller]
    fn debug(&self, what: &str, value: &impl fmt::Debug) -> String {
        let plain = format!("{value:?}");
        self.assert_absent(what, &plain);
        self.assert_absent(what, &format!("{value:#?}"));
        plain
    }

    /// Checks the `Debug` and the `Display` of an error and of every error in its source
    /// chain; returns its `Display`.
    #[track_caller]
    fn error(&self, what: &str, error: &(dyn std::error::Error + 'static)) -> String {
        let display = error.to_string();
        self.assert_absent(what, &display);
        self.debug(what, &error);
        let mut source = error.source();
        while let Some(e) = source {
            self.assert_absent(what, &e.to_string());
            self.debug(what, &e);
            source = e.source();
        }
        display
    }
}

/// Whether `text` contains `canary`. A numeric canary (a one-time code) counts only as a
/// whole number, so that `123456` is not found inside `latency_ms=0.41234567`.
fn contains(text: &str, canary: &str) -> bool {
    if !canary.bytes().all(|b| b.is_ascii_digit()) {
        return text.contains(canary);
    }
    let bytes = text.as_bytes();
    text.match_indices(canary).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + canary.len()).copied();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

// ---------------------------------------------------------------------------------------
// The tap: a recording TCP proxy in front of the emulator.

/// JSON members whose values are secret, in requests or responses.
const SECRET_MEMBERS: &[&str] = &[
    "Session",
    "SecretCode",
    "AccessToken",
    "IdToken",
    "RefreshToken",
    "UserCode",
    "SECRET_HASH",
    "SECRET_BLOCK",
    "PASSWORD_CLAIM_SECRET_BLOCK",
    "PASSWORD_CLAIM_SIGNATURE",
    "PASSWORD",
    "NEW_PASSWORD",
    "SMS_MFA_CODE",
    "EMAIL_OTP_CODE",
    "SOFTWARE_TOKEN_MFA_CODE",
];

/// The bytes that went one way through one connection.
type Recording = Arc<Mutex<Vec<u8>>>;

/// Forwards TCP connections to the emulator and keeps every byte, both ways.
struct Tap {
    endpoint: String,
    streams: Arc<Mutex<Vec<Recording>>>,
}

impl Tap {
    async fn start(upstream: &str) -> Tap {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let streams: Arc<Mutex<Vec<Recording>>> = Arc::default();
        let record = Arc::clone(&streams);
        tokio::spawn(async move {
            while let Ok((down, _)) = listener.accept().await {
                let Ok(up) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                let (down_read, down_write) = down.into_split();
                let (up_read, up_write) = up.into_split();
                let mut streams = record.lock().unwrap_or_else(PoisonError::into_inner);
                for (from, to) in [(down_read, up_write), (up_read, down_write)] {
                    let log = Recording::default();
                    streams.push(Arc::clone(&log));
                    tokio::spawn(pipe(from, to, log));
                }
            }
        });
        Tap { endpoint, streams }
    }

    /// The values of [`SECRET_MEMBERS`] in everything that crossed the tap.
    fn secrets(&self) -> Vec<String> {
        SECRET_MEMBERS.iter().flat_map(|m| self.values(m)).collect()
    }

    /// The string values of JSON member `member` in everything that crossed the tap.
    fn values(&self, member: &str) -> Vec<String> {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::new();
        for stream in streams.iter() {
            let bytes = stream.lock().unwrap_or_else(PoisonError::into_inner);
            out.extend(string_members(&String::from_utf8_lossy(&bytes), member));
        }
        out
    }
}

async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, log: Recording) {
    let mut buf = vec![0; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(&buf[..n]);
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// The string values of JSON member `name` anywhere in `text` (HTTP messages with JSON
/// bodies, the JSON written compactly or not).
fn string_members(text: &str, name: &str) -> Vec<String> {
    let key = format!("\"{name}\"");
    let mut out = Vec::new();
    for (at, _) in text.match_indices(&key) {
        let rest = text[at + key.len()..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('"') else {
            continue;
        };
        if let Some(end) = rest.find('"') {
            let value = &rest[..end];
            if value.len() >= 6 {
                out.push(value.to_owned());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Set-up.

/// A client for `world`'s app client that goes through `tap`.
fn tapped_client(world: &World, tap: &Tap) -> Client {
    let clock = world.clock.clone();
    let mut b = Client::builder()
        .user_pool_id(&world.pool_id)
        .client_id(&world.client_id)
        .endpoint_url(&tap.endpoint)
        .time_source(move || UNIX_EPOCH + Duration::from_millis(clock.now_millis() as u64));
    if let Some(s) = &world.client_secret {
        b = b.client_secret(ClientSecret::new(s));
    }
    b.build().unwrap()
}

/// MFA required, with SMS, TOTP and e-mail; an app client with a secret.
fn mfa_world() -> Setup {
    Setup {
        client: json!({"GenerateSecret": true}),
        mfa: Some(json!({"MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}},
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "EmailMfaConfiguration": {}})),
        ..Setup::default()
    }
}

/// Creates `username` with `attributes` and a permanent `password`.
fn user(world: &World, username: &str, password: &str, attributes: Value) {
    let attributes: Vec<Value> = attributes
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| json!({"Name": k, "Value": v}))
        .collect();
    world.call(
        "AdminCreateUser",
        json!({"UserPoolId": world.pool_id, "Username": username,
        "MessageAction": "SUPPRESS", "UserAttributes": attributes}),
    );
    world.call(
        "AdminSetUserPassword",
        json!({"UserPoolId": world.pool_id, "Username": username,
        "Password": password, "Permanent": true}),
    );
}

// ---------------------------------------------------------------------------------------
// Answers and devices: exact Debug, no emulator needed.

#[test]
fn answers_and_devices_print_no_secret() {
    let mut canaries = Canaries::default();
    for secret in [
        "device-password-canary-3f9a",
        "new-password-canary-77d1",
        "attribute-canary-0b4e",
        "custom-answer-canary-c2a8",
    ] {
        canaries.add(secret);
    }

    let device = RememberedDevice::new(
        "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "-Ab12Cd34",
        "device-password-canary-3f9a",
    );
    assert_eq!(
        canaries.debug("RememberedDevice", &device),
        "RememberedDevice { device_key: \"us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\", \
         device_group_key: \"-Ab12Cd34\", .. }"
    );

    let answer = NewPassword::new(Password::new("new-password-canary-77d1"))
        .attribute("name", "attribute-canary-0b4e");
    assert_eq!(
        canaries.debug("NewPassword", &answer),
        "NewPassword { password: Password(<redacted>), attributes: {\"name\": Password(<redacted>)} }"
    );

    let answer = CustomAnswer::new("custom-answer-canary-c2a8");
    assert_eq!(
        canaries.debug("CustomAnswer", &answer),
        "CustomAnswer(Password(<redacted>))"
    );

    // The secret newtypes not covered by the SDK's own unit test.
    const CODE: &str = "code-canary-55e1";
    canaries.add(CODE);
    assert_eq!(
        canaries.debug("TotpCode", &TotpCode::new(CODE)),
        "TotpCode(<redacted>)"
    );
    assert_eq!(
        canaries.debug("TotpSecret", &TotpSecret::new(CODE)),
        "TotpSecret(<redacted>)"
    );
    assert_eq!(
        canaries.debug("ConfirmationCode", &ConfirmationCode::new(CODE)),
        "ConfirmationCode(<redacted>)"
    );

    // Admin credentials, alone and inside an `AdminClient` (with a client secret).
    const AWS_SECRET: &str = "aws-secret-canary-wJalrXUtnFEMI";
    const AWS_SESSION: &str = "aws-session-canary-FwoGZXIvYXdz";
    const CLIENT_SECRET: &str = "client-secret-canary-6d0c";
    for secret in [AWS_SECRET, AWS_SESSION, CLIENT_SECRET] {
        canaries.add(secret);
    }
    let credentials = AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new(AWS_SECRET))
        .with_session_token(AwsSessionToken::new(AWS_SESSION));
    assert_eq!(
        canaries.debug("AwsCredentials", &credentials),
        "AwsCredentials { access_key_id: \"AKIDEXAMPLE\", \
         secret_access_key: AwsSecretAccessKey(<redacted>), \
         session_token: Some(AwsSessionToken(<redacted>)) }"
    );
    let client = Client::builder()
        .user_pool_id("us-east-1_AbCdEf123")
        .client_id("1example23456789")
        .client_secret(ClientSecret::new(CLIENT_SECRET))
        .build()
        .unwrap();
    let admin = AdminClient::new(client, credentials);
    assert_eq!(
        canaries.debug("AdminClient", &admin),
        "AdminClient { client: Client { user_pool_id: \"us-east-1_AbCdEf123\", \
         region: \"us-east-1\", endpoint_url: \"https://cognito-idp.us-east-1.amazonaws.com/\", \
         has_client_secret: true, .. }, access_key_id: \"AKIDEXAMPLE\", .. }"
    );
}

// ---------------------------------------------------------------------------------------
// Every state the emulator can produce, the tokens and the errors.

#[tokio::test]
async fn states_tokens_and_errors_print_no_secret() {
    const TEMPORARY: &str = "Temp-canary-5d21!";
    const NEW_PASSWORD: &str = "New-canary-a9f0!";
    const SAM_PASSWORD: &str = "Sam-canary-61bc!";
    const EVE_PASSWORD: &str = "Eve-canary-e4d7!";
    const NAME: &str = "Nora Canary-2c7f";
    const NORA_EMAIL: &str = "nora.canary-4a1e@example.com";
    const EVE_EMAIL: &str = "eve.canary-8b3d@example.com";
    const PHONE: &str = "+15555550123";
    const WRONG_CODE: &str = "987650";

    let world = World::start(mfa_world()).await;
    let tap = Tap::start(world.emulator.endpoint()).await;
    let client = tapped_client(&world, &tap);
    let mut canaries = Canaries::default();
    for secret in [
        TEMPORARY,
        NEW_PASSWORD,
        SAM_PASSWORD,
        EVE_PASSWORD,
        NAME,
        NORA_EMAIL,
        EVE_EMAIL,
        PHONE,
        WRONG_CODE,
    ] {
        canaries.add(secret);
    }
    canaries.add(world.client_secret.clone().unwrap());
    assert_eq!(
        canaries.debug("Client", &client),
        format!(
            "Client {{ user_pool_id: {:?}, region: \"us-east-1\", endpoint_url: {:?}, \
             has_client_secret: true, .. }}",
            world.pool_id, tap.endpoint,
        )
    );

    // nora: temporary password → PASSWORD_VERIFIER → NEW_PASSWORD_REQUIRED → MFA_SETUP (TOTP).
    world.call(
        "AdminCreateUser",
        json!({"UserPoolId": world.pool_id, "Username": "nora", "MessageAction": "SUPPRESS",
        "TemporaryPassword": TEMPORARY,
        "UserAttributes": [{"Name": "email", "Value": NORA_EMAIL}]}),
    );
    let verifier = client.initiate_srp("nora").await.unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("PasswordVerifier", &verifier),
        "PasswordVerifier { user_id_for_srp: \"nora\", .. }"
    );
    let next = verifier.respond(Password::new(TEMPORARY)).await.unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "NewPasswordRequired(NewPasswordRequired { username: \"nora\", .. })"
    );
    let Next::NewPasswordRequired(step) = next else {
        unreachable!()
    };
    let next = step
        .respond(NewPassword::new(Password::new(NEW_PASSWORD)).attribute("name", NAME))
        .await
        .unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "MfaSetup(MfaSetup { username: \"nora\", .. })"
    );
    let Next::MfaSetup(setup) = next else {
        unreachable!()
    };
    let totp = setup.associate_totp().await.unwrap();
    canaries.add_wire(&tap);
    canaries.add(totp.secret().expose_secret());
    canaries.add(totp.otpauth_uri("Example", "nora").expose_secret());
    assert_eq!(
        canaries.debug("TotpSetup", &totp),
        "TotpSetup { username: \"nora\", .. }"
    );
    assert_eq!(
        canaries.debug("TotpSecret", totp.secret()),
        "TotpSecret(<redacted>)"
    );
    let err = totp
        .verify(TotpCode::new(WRONG_CODE), Some("phone"))
        .await
        .unwrap_err();
    canaries.add_wire(&tap);
    canaries.debug("RespondError<TotpSetup>", &err);
    canaries.error("RespondError<TotpSetup>", &err);
    let totp = err.into_state().unwrap();
    let code = world
        .emulator()
        .totp_code_for_secret(totp.secret().expose_secret())
        .unwrap();
    canaries.add(&code);
    let signed = signed_in(totp.verify(TotpCode::new(&code), None).await.unwrap());
    canaries.add_wire(&tap);
    check_signed_in(&mut canaries, &signed, "nora");

    // sam: SMS_MFA (a wrong code, then the right one), then SELECT_MFA_TYPE and
    // SOFTWARE_TOKEN_MFA once he has an authenticator too.
    user(&world, "sam", SAM_PASSWORD, json!({"phone_number": PHONE}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "sam", "SMSMfaSettings": {"Enabled": true}}),
    );
    let next = client
        .sign_in("sam", Password::new(SAM_PASSWORD))
        .await
        .unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "SmsMfa(SmsMfa { username: \"sam\", .. })"
    );
    let Next::SmsMfa(step) = next else {
        unreachable!()
    };
    let err = step.respond(MfaCode::new(WRONG_CODE)).await.unwrap_err();
    canaries.add_wire(&tap);
    let request_id = err.error().request_id().unwrap().to_owned();
    assert_eq!(
        canaries.debug("RespondError<SmsMfa>", &err),
        format!(
            "RespondError {{ error: Error {{ kind: CodeMismatch, \
             operation: \"RespondToAuthChallenge\", code: \"CodeMismatchException\", \
             message: \"Invalid code or auth state for the user.\", request_id: {request_id:?}, \
             status: 400, retry_class: None, detail: Service }}, state_returned: true }}"
        )
    );
    assert_eq!(
        canaries.error("RespondError<SmsMfa>", &err),
        "the challenge answer failed"
    );
    assert_eq!(
        canaries.error("Error", err.error()),
        "RespondToAuthChallenge: CodeMismatchException: Invalid code or auth state for the user."
    );
    let step = err.into_state().unwrap();
    let code = world.emulator().last_code("sam").unwrap();
    canaries.add(&code);
    let signed = signed_in(step.respond(MfaCode::new(&code)).await.unwrap());
    canaries.add_wire(&tap);
    check_signed_in(&mut canaries, &signed, "sam");

    let access = signed.tokens().access_token.expose_secret().to_owned();
    let secret = world.call("AssociateSoftwareToken", json!({"AccessToken": access}))["SecretCode"]
        .as_str()
        .unwrap()
        .to_owned();
    canaries.add(&secret);
    let code = world.emulator().totp_code_for_secret(&secret).unwrap();
    world.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
    );
    world.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
        "SMSMfaSettings": {"Enabled": true}, "SoftwareTokenMfaSettings": {"Enabled": true}}),
    );
    world.advance(30);
    let next = client
        .sign_in("sam", Password::new(SAM_PASSWORD))
        .await
        .unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "SelectMfaType(SelectMfaType { username: \"sam\", .. })"
    );
    let Next::SelectMfaType(select) = next else {
        unreachable!()
    };
    let choice = select.choose(MfaFactor::Totp).unwrap();
    canaries.debug("MfaChoice", &choice);
    let next = select.respond(choice).await.unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "SoftwareTokenMfa(SoftwareTokenMfa { username: \"sam\", .. })"
    );
    let Next::SoftwareTokenMfa(step) = next else {
        unreachable!()
    };
    let code = world.emulator().totp_code(&world.pool_id, "sam").unwrap();
    canaries.add(&code);
    let signed = signed_in(step.respond(TotpCode::new(&code)).await.unwrap());
    canaries.add_wire(&tap);
    check_signed_in(&mut canaries, &signed, "sam");

    // eve: MFA_SETUP answered with an e-mail address → EMAIL_OTP.
    user(&world, "eve", EVE_PASSWORD, json!({}));
    let Next::MfaSetup(setup) = client
        .sign_in("eve", Password::new(EVE_PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected MFA_SETUP");
    };
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("MfaSetup", &setup),
        "MfaSetup { username: \"eve\", .. }"
    );
    let next = setup.set_up_email(EVE_EMAIL).await.unwrap();
    canaries.add_wire(&tap);
    assert_eq!(
        canaries.debug("Next", &next),
        "EmailOtp(EmailOtp { username: \"eve\", .. })"
    );
    let Next::EmailOtp(step) = next else {
        unreachable!()
    };
    canaries.debug("CodeDelivery", &step.delivery());
    let code = world.emulator().last_code("eve").unwrap();
    canaries.add(&code);
    let signed = signed_in(step.respond(MfaCode::new(&code)).await.unwrap());
    canaries.add_wire(&tap);
    check_signed_in(&mut canaries, &signed, "eve");

    // A refresh, and the errors of a dead refresh token.
    let tokens = signed.into_tokens();
    let fresh = client.refresh(&tokens, None).await.unwrap();
    canaries.add_wire(&tap);
    canaries.debug("Tokens", &fresh);
    client.global_sign_out(&fresh.access_token).await.unwrap();
    let err = client.refresh(&fresh, None).await.unwrap_err();
    canaries.add_wire(&tap);
    canaries.debug("Error", &err);
    canaries.error("Error", &err);

    // The wire's Sessions, tokens and SRP proofs were all canaries above.
    assert!(
        tap.values("Session").len() >= 8,
        "{:?}",
        tap.values("Session")
    );
    assert!(!tap.values("PASSWORD_CLAIM_SIGNATURE").is_empty());
    assert!(canaries.0.len() > 30, "{} canaries", canaries.0.len());
}

/// Exact `Debug` of `SignedIn`, `Tokens` and `Claims`; the tokens become canaries first.
#[track_caller]
fn check_signed_in(canaries: &mut Canaries, signed: &SignedIn, username: &str) {
    let tokens = signed.tokens();
    canaries.add(tokens.access_token.expose_secret());
    canaries.add(tokens.id_token.expose_secret());
    canaries.add(tokens.refresh_token.as_ref().unwrap().expose_secret());
    let tokens_debug = format!(
        "Tokens {{ access_token: AccessToken(<redacted>), id_token: IdToken(<redacted>), \
         refresh_token: Some(RefreshToken(<redacted>)), expires_at: {:?} }}",
        tokens.expires_at
    );
    assert_eq!(canaries.debug("Tokens", tokens), tokens_debug);
    assert_eq!(
        canaries.debug("SignedIn", signed),
        format!("SignedIn {{ username: {username:?}, tokens: {tokens_debug}, new_device: None }}")
    );
    // String claims are personal data or identifiers: none may show.
    let claims = tokens.id_claims().unwrap();
    let access_claims = tokens.access_claims().unwrap();
    for c in [&claims, &access_claims] {
        for name in c.names() {
            if let Some(value) = c.string(name).filter(|v| v.len() >= 6) {
                // Not secret: the issuer names the user pool, which `Client`'s Debug shows;
                // `token_use` and `scope` are fixed words.
                if !["iss", "token_use", "scope"].contains(&name) {
                    canaries.add(value);
                }
            }
        }
    }
    let names: Vec<&str> = claims.names().collect();
    assert_eq!(
        canaries.debug("Claims", &claims),
        format!("Claims {{ names: {names:?} }}")
    );
    canaries.debug("Claims", &access_claims);
}

// ---------------------------------------------------------------------------------------
// States the emulator does not produce: a scripted transport with canary Sessions.

/// Answers each request with the next scripted `(status, body)`.
#[derive(Debug)]
struct Script(Mutex<VecDeque<(u16, String)>>);

impl Transport for Script {
    fn send(&self, _request: HttpRequest) -> ResponseFuture<'_> {
        let (status, body) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .expect("the script is used up");
        Box::pin(async move {
            Ok(HttpResponse::new(
                status,
                vec![
                    (
                        "content-type".to_owned(),
                        "application/x-amz-json-1.1".to_owned(),
                    ),
                    (
                        "x-amzn-requestid".to_owned(),
                        "0f1e2d3c-0000-4000-8000-000000000000".to_owned(),
                    ),
                ],
                body.into_bytes(),
            ))
        })
    }
}

#[tokio::test]
async fn scripted_states_print_no_secret() {
    const CLIENT_SECRET: &str = "client-secret-canary-1e5f9a";
    const QUESTION: &str = "question-canary-7c3d";
    const ANSWER: &str = "answer-canary-40ab";
    const SECRET_BLOCK: &str = "secret-block-canary-9e21";
    const RAW_ANSWER: &str = "raw-answer-canary-d6f3";
    let sessions: Vec<String> = (1..=4)
        .map(|i| format!("session-canary-{i}-b7e0"))
        .collect();
    let mut canaries = Canaries::default();
    for secret in [CLIENT_SECRET, QUESTION, ANSWER, SECRET_BLOCK, RAW_ANSWER] {
        canaries.add(secret);
    }
    for session in &sessions {
        canaries.add(session);
    }
    let device = RememberedDevice::new(
        "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "-Ab12Cd34",
        "device-password-canary-3f9a",
    );
    canaries.add("device-password-canary-3f9a");

    let step = |name: &str, session: &str, parameters: Value| {
        (
            200,
            json!({"ChallengeName": name, "Session": session, "ChallengeParameters": parameters})
                .to_string(),
        )
    };
    let script = Script(Mutex::new(VecDeque::from([
        step(
            "CUSTOM_CHALLENGE",
            &sessions[0],
            json!({"USERNAME": "dora", "question": QUESTION}),
        ),
        step("DEVICE_SRP_AUTH", &sessions[1], json!({"USERNAME": "dora"})),
        step(
            "DEVICE_PASSWORD_VERIFIER",
            &sessions[2],
            json!({"USERNAME": "dora", "SALT": "a1b2", "SRP_B": "00", "SECRET_BLOCK": SECRET_BLOCK}),
        ),
        step(
            "A_CHALLENGE_FROM_THE_FUTURE",
            &sessions[3],
            json!({"USERNAME": "dora", "hint": QUESTION}),
        ),
        (
            400,
            json!({"__type": "NotAuthorizedException", "message": "Invalid session for the user."})
                .to_string(),
        ),
    ])));
    let client = Client::builder()
        .user_pool_id("us-east-1_AbCdEf123")
        .client_id("1example23456789")
        .client_secret(ClientSecret::new(CLIENT_SECRET))
        .transport(script)
        .build()
        .unwrap();

    let next = client.sign_in_request("dora").custom().await.unwrap();
    assert_eq!(
        canaries.debug("Next", &next),
        "CustomChallenge(CustomChallenge { username: \"dora\", .. })"
    );
    let Next::CustomChallenge(custom) = next else {
        unreachable!()
    };
    let next = custom.respond(CustomAnswer::new(ANSWER)).await.unwrap();
    assert_eq!(
        canaries.debug("Next", &next),
        "DeviceSrpAuth(DeviceSrpAuth { username: \"dora\", .. })"
    );
    let Next::DeviceSrpAuth(device_srp) = next else {
        unreachable!()
    };
    let verifier = device_srp.respond(&device).await.unwrap();
    assert_eq!(
        canaries.debug("DevicePasswordVerifier", &verifier),
        "DevicePasswordVerifier { username: \"dora\", .. }"
    );
    // SRP_B = 0 is refused before anything is sent.
    let err = verifier.respond(&device).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Srp);
    canaries.error("RespondError<DevicePasswordVerifier>", &err);

    let next = client.sign_in_request("dora").custom().await.unwrap();
    assert_eq!(
        canaries.debug("Next", &next),
        "Unknown(UnknownChallenge { username: \"dora\", .. })"
    );
    let Next::Unknown(unknown) = next else {
        unreachable!()
    };
    let answer = HashMap::from([("ANSWER".to_owned(), RAW_ANSWER.to_owned())]);
    let err = unknown.respond_raw(answer).await.unwrap_err();
    assert_eq!(
        canaries.error("RespondError<UnknownChallenge>", &err),
        "the challenge answer failed"
    );
    assert_eq!(
        canaries.error("Error", err.error()),
        "RespondToAuthChallenge: NotAuthorizedException: Invalid session for the user."
    );
}

// ---------------------------------------------------------------------------------------
// A full sign-in under a capturing TRACE subscriber.

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// The capturing subscriber, installed on every thread of the test's runtime.
    static CAPTURING: RefCell<Option<tracing::dispatcher::DefaultGuard>> = const { RefCell::new(None) };
}

#[test]
fn a_full_sign_in_logs_no_secret() {
    const PASSWORD: &str = "Canary-pa55word-3b8e!";
    const WRONG_CODE: &str = "987650";

    // tracing caches, per call site, whether any subscriber wants its events. While a single
    // subscriber is registered it asks only the current thread's, so a call site first reached
    // on another test's thread (no subscriber) would be cached as unwanted for good and this
    // test's threads would miss it. A second, no-op subscriber, registered first and kept
    // alive, makes tracing ask every registered subscriber.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let captured = Captured::default();
    let writer = captured.clone();
    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .without_time()
            .with_writer(move || writer.clone())
            .finish(),
    );
    // `log` records (reqwest, under the SDK) become tracing events for the same subscriber.
    // The logger is process-wide; it forwards to each thread's own subscriber, so only this
    // test's threads are captured. Another test may have installed it already.
    let _ = tracing_log::LogTracer::init();
    let on_start = dispatch.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            let guard = tracing::dispatcher::set_default(&on_start);
            CAPTURING.with(|c| *c.borrow_mut() = Some(guard));
        })
        .on_thread_stop(|| CAPTURING.with(|c| drop(c.borrow_mut().take())))
        .build()
        .unwrap();
    let _guard = tracing::dispatcher::set_default(&dispatch);

    let canaries = runtime.block_on(async {
        let world = World::start(Setup {
            client: json!({"GenerateSecret": true}),
            mfa: Some(
                json!({"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            ),
            ..Setup::default()
        })
        .await;
        let tap = Tap::start(world.emulator.endpoint()).await;
        let client = tapped_client(&world, &tap);
        let mut canaries = Canaries::default();
        canaries.add(PASSWORD);
        canaries.add(WRONG_CODE);
        canaries.add(world.client_secret.clone().unwrap());
        user(&world, "zoe", PASSWORD, json!({}));

        // SRP → MFA_SETUP → TOTP (a wrong code first) → signed in → refresh.
        let Next::MfaSetup(setup) = client.sign_in("zoe", Password::new(PASSWORD)).await.unwrap()
        else {
            panic!("expected MFA_SETUP");
        };
        let totp = setup.associate_totp().await.unwrap();
        canaries.add(totp.secret().expose_secret());
        let err = totp
            .verify(TotpCode::new(WRONG_CODE), Some("phone"))
            .await
            .unwrap_err();
        let totp = err.into_state().unwrap();
        let code = world
            .emulator()
            .totp_code_for_secret(totp.secret().expose_secret())
            .unwrap();
        canaries.add(&code);
        let tokens = signed_in(totp.verify(TotpCode::new(&code), Some("phone")).await.unwrap())
            .into_tokens();
        world.advance(60);
        let fresh = client.refresh(&tokens, None).await.unwrap();
        for t in [&tokens, &fresh] {
            canaries.add(t.access_token.expose_secret());
            canaries.add(t.id_token.expose_secret());
            canaries.add(t.refresh_token.as_ref().unwrap().expose_secret());
        }
        canaries.add_wire(&tap);
        // The wire's Sessions (MFA_SETUP, AssociateSoftwareToken, VerifySoftwareToken) are
        // among the canaries.
        assert!(tap.values("Session").len() >= 3, "{:?}", tap.values("Session"));
        canaries
    });
    drop(runtime);

    let output = captured.text();
    canaries.assert_absent("the captured log", &output);
    let emulator_lines: Vec<&str> = output
        .lines()
        .filter(|l| l.contains("cognito_emulator"))
        .collect();
    for operation in [
        "InitiateAuth",
        "RespondToAuthChallenge",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
    ] {
        assert!(
            emulator_lines
                .iter()
                .any(|l| l.contains(&format!("operation={operation}"))),
            "no emulator log line for {operation}:\n{output}"
        );
    }
    // Sessions, tokens, SRP proofs, the TOTP secret and codes: the check had teeth.
    assert!(canaries.0.len() > 10, "{} canaries", canaries.0.len());
}

#[test]
fn the_checks_find_what_they_look_for() {
    assert!(contains("a Session AYAB-xyz here", "AYAB-xyz"));
    assert!(contains("code 123456.", "123456"));
    assert!(contains("123456", "123456"));
    assert!(!contains("latency_ms=0.41234567", "123456"));
    assert!(!contains("1234567", "123456"));
    let http = "POST / HTTP/1.1\r\n\r\n{\"Session\":\"s-1-abcdef\",\"X\":1}\
                HTTP/1.1 200 OK\r\n\r\n{ \"Session\" : \"s-2-abcdef\" }";
    assert_eq!(
        string_members(http, "Session"),
        ["s-1-abcdef", "s-2-abcdef"]
    );
    let mut canaries = Canaries::default();
    canaries.add("s-1-abcdef");
    let leak = std::panic::catch_unwind(|| canaries.assert_absent("text", http));
    assert!(leak.is_err(), "a leak must fail the test");
}
