//! Device tracking over HTTP with a plain client (spec §3.7–3.11, §3.26–3.27, §5.10, §5.12,
//! §6.8, §6.9, §8.10): `NewDeviceMetadata`, `ConfirmDevice` with a real verifier, device SRP
//! (`DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`) with real claims, MFA suppression, the
//! user opt-in, forgetting, the device operations and their `Admin*` twins, and refresh.

mod support;

use base64::Engine as _;
use cognito_flow_srp::{DeviceVerifier, ServerChallenge, SrpClient, Timestamp, secret_hash};
use serde_json::{Value, json};
use support::{Env, Reply};

const PASSWORD: &str = "Corr3ct-horse!";
const PHONE: &str = "+15555550123";

struct App {
    pool: String,
    client: String,
    secret: Option<String>,
}

impl App {
    fn with_hash(&self, mut params: Value, username: &str) -> Value {
        if let Some(s) = &self.secret {
            params["SECRET_HASH"] = json!(secret_hash(username, &self.client, s));
        }
        params
    }
}

/// A pool with `DeviceConfiguration` = `devices` (none when `Value::Null`), MFA `mfa` with
/// SMS, and an app client allowing SRP, password and refresh flows.
async fn app(env: &Env, devices: Value, mfa: &str, client_extra: Value) -> App {
    let mut pool_extra = json!({});
    if !devices.is_null() {
        pool_extra["DeviceConfiguration"] = devices;
    }
    let pool = env.pool(pool_extra).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool, "MfaConfiguration": mfa,
        "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}}),
    )
    .await
    .ok();
    let mut c = json!({"ExplicitAuthFlows": [
        "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH"]});
    support::merge(&mut c, client_extra);
    let (client, secret) = env.client(&pool, c).await;
    App {
        pool,
        client,
        secret,
    }
}

/// `DeviceConfiguration` members.
fn config(suppress_mfa: bool, opt_in: bool) -> Value {
    json!({"ChallengeRequiredOnNewDevice": suppress_mfa, "DeviceOnlyRememberedOnUserPrompt": opt_in})
}

/// A user with a phone and SMS MFA enabled (used only where the pool asks for MFA).
async fn sms_user(env: &Env, app: &App, name: &str) {
    env.user(&app.pool, name, PASSWORD, json!({"phone_number": PHONE}))
        .await;
    env.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": app.pool, "Username": name,
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .ok();
}

fn now(env: &Env) -> Timestamp {
    Timestamp::from_unix_seconds(env.clock.now_secs())
}

/// USER_SRP_AUTH and its PASSWORD_VERIFIER answer (real claim), with `DEVICE_KEY` in both
/// requests when given.
async fn srp(env: &Env, app: &App, user: &str, password: &str, device: Option<&str>) -> Reply {
    let client = SrpClient::random().unwrap();
    let mut params = app.with_hash(json!({"USERNAME": user, "SRP_A": client.srp_a()}), user);
    if let Some(d) = device {
        params["DEVICE_KEY"] = json!(d);
    }
    let init = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client, "AuthParameters": params}),
        )
        .await
        .ok();
    let p = &init["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .password_claim(&app.pool, user_id, password, &challenge, &now(env))
        .unwrap();
    let mut answer = app.with_hash(
        json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp().as_str(),
        }),
        user_id,
    );
    if let Some(d) = device {
        answer["DEVICE_KEY"] = json!(d);
    }
    env.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client, "ChallengeResponses": answer}),
    )
    .await
}

async fn respond(
    env: &Env,
    app: &App,
    name: &str,
    session: &Value,
    username: &str,
    extra: Value,
) -> Reply {
    let mut responses = app.with_hash(json!({"USERNAME": username}), username);
    support::merge(&mut responses, extra);
    env.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": name, "ClientId": app.client, "Session": session, "ChallengeResponses": responses}),
    )
    .await
}

/// Answers an SMS_MFA challenge with the code just sent.
async fn sms_code(env: &Env, app: &App, ch: &Value, user: &str) -> Value {
    assert_eq!(ch["ChallengeName"], "SMS_MFA", "{ch}");
    let code = env.emulator.last_code(user).unwrap();
    respond(
        env,
        app,
        "SMS_MFA",
        &ch["Session"],
        user,
        json!({"SMS_MFA_CODE": code}),
    )
    .await
    .ok()
}

/// A device as a client keeps it.
struct Remembered {
    key: String,
    group: String,
    password: String,
}

fn new_device(result: &Value) -> (String, String) {
    let meta = &result["AuthenticationResult"]["NewDeviceMetadata"];
    (
        meta["DeviceKey"].as_str().expect("DeviceKey").to_owned(),
        meta["DeviceGroupKey"]
            .as_str()
            .expect("DeviceGroupKey")
            .to_owned(),
    )
}

fn access(result: &Value) -> String {
    result["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn refresh_token(result: &Value) -> String {
    result["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// ConfirmDevice with a fresh verifier for the device a sign-in returned; returns the
/// response and the device.
async fn confirm(env: &Env, signed_in: &Value, name: &str) -> (Value, Remembered) {
    let (key, group) = new_device(signed_in);
    let verifier = DeviceVerifier::random(&group, &key).unwrap();
    let out = env
        .call(
            "ConfirmDevice",
            json!({"AccessToken": access(signed_in), "DeviceKey": key, "DeviceName": name,
            "DeviceSecretVerifierConfig": {"PasswordVerifier": verifier.password_verifier(), "Salt": verifier.salt()}}),
        )
        .await
        .ok();
    let password = verifier.password().expose_secret().to_owned();
    (
        out,
        Remembered {
            key,
            group,
            password,
        },
    )
}

/// Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER with `password` as the device's.
async fn device_auth_with(
    env: &Env,
    app: &App,
    ch: &Value,
    user: &str,
    device: &Remembered,
    password: &str,
) -> Reply {
    assert_eq!(ch["ChallengeName"], "DEVICE_SRP_AUTH", "{ch}");
    assert_eq!(ch["ChallengeParameters"]["USERNAME"], user);
    let client = SrpClient::random().unwrap();
    let verifier_ch = respond(
        env,
        app,
        "DEVICE_SRP_AUTH",
        &ch["Session"],
        user,
        json!({"DEVICE_KEY": device.key, "SRP_A": client.srp_a()}),
    )
    .await
    .ok();
    assert_eq!(verifier_ch["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    assert_ne!(verifier_ch["Session"], ch["Session"]);
    let p = &verifier_ch["ChallengeParameters"];
    assert_eq!(p["USERNAME"], user);
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .device_claim(&device.group, &device.key, password, &challenge, &now(env))
        .unwrap();
    respond(
        env,
        app,
        "DEVICE_PASSWORD_VERIFIER",
        &verifier_ch["Session"],
        user,
        json!({
            "DEVICE_KEY": device.key,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp().as_str(),
        }),
    )
    .await
}

async fn device_auth(env: &Env, app: &App, ch: &Value, user: &str, device: &Remembered) -> Value {
    device_auth_with(env, app, ch, user, device, &device.password)
        .await
        .ok()
}

/// Tokens with the device's key and no new device.
#[track_caller]
fn assert_device_tokens(body: &Value, key: &str) {
    let r = &body["AuthenticationResult"];
    assert!(r["RefreshToken"].as_str().is_some(), "{body}");
    assert!(r.get("NewDeviceMetadata").is_none(), "{body}");
    assert_eq!(
        claims(r["AccessToken"].as_str().unwrap())["device_key"],
        key
    );
}

async fn refresh(env: &Env, app: &App, token: &str, device: Option<&str>) -> Reply {
    let mut params = json!({"REFRESH_TOKEN": token});
    if let Some(d) = device {
        params["DEVICE_KEY"] = json!(d);
    }
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": app.client, "AuthParameters": params}),
    )
    .await
}

async fn get_device(env: &Env, token: &str, key: &str) -> Value {
    env.call("GetDevice", json!({"AccessToken": token, "DeviceKey": key}))
        .await
        .ok()
}

fn attribute<'a>(device: &'a Value, name: &str) -> Option<&'a str> {
    device["DeviceAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)?["Value"]
        .as_str()
}

#[tokio::test]
async fn pools_without_device_tracking_ignore_devices() {
    let env = Env::start().await;
    let app = app(&env, Value::Null, "OFF", json!({})).await;
    env.user(&app.pool, "ann", PASSWORD, json!({})).await;
    let out = srp(&env, &app, "ann", PASSWORD, None).await.ok();
    let r = &out["AuthenticationResult"];
    assert!(r.get("NewDeviceMetadata").is_none(), "{out}");
    assert!(
        claims(r["AccessToken"].as_str().unwrap())
            .get("device_key")
            .is_none()
    );
    // A DEVICE_KEY, known or not, changes nothing.
    let unknown = "us-east-1_00000000-0000-4000-8000-000000000000";
    let out = srp(&env, &app, "ann", PASSWORD, Some(unknown)).await.ok();
    assert!(
        out["AuthenticationResult"]
            .get("NewDeviceMetadata")
            .is_none()
    );
    let token = refresh_token(&out);
    refresh(&env, &app, &token, None).await.ok();
}

#[tokio::test]
async fn new_devices_are_confirmed_then_authenticated_by_device_srp() {
    let env = Env::start().await;
    let app = app(&env, config(false, false), "OFF", json!({})).await;
    env.user(&app.pool, "bob", PASSWORD, json!({})).await;

    let first = srp(&env, &app, "bob", PASSWORD, None).await.ok();
    let (key, group) = new_device(&first);
    let (region, uuid) = key.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert_eq!(uuid.len(), 36);
    assert_eq!(group.len(), 10);
    assert!(group.starts_with('-') && group[1..].chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(claims(&access(&first))["device_key"], key.as_str());

    // Refresh is bound to the device, which must be confirmed first (spec §5.12).
    let token = refresh_token(&first);
    let msg = refresh(&env, &app, &token, Some(&key))
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Invalid Refresh Token");

    let (out, device) = confirm(&env, &first, "laptop").await;
    assert_eq!(out["UserConfirmationNecessary"], false);
    let got = env
        .call(
            "GetDevice",
            json!({"AccessToken": access(&first), "DeviceKey": key}),
        )
        .await
        .ok();
    let d = &got["Device"];
    assert_eq!(d["DeviceKey"], key.as_str());
    assert_eq!(attribute(d, "device_status"), Some("valid"));
    assert_eq!(attribute(d, "device_name"), Some("laptop"));
    assert_eq!(
        attribute(d, "dev:device_remembered_status"),
        Some("remembered")
    );
    assert_eq!(d["DeviceCreateDate"], 1_709_622_249);
    assert!(d["DeviceLastModifiedDate"].is_number());
    assert!(d["DeviceLastAuthenticatedDate"].is_number());

    // A second confirmation, a bad verifier, unknown and malformed keys.
    let verifier = DeviceVerifier::random(&group, &key).unwrap();
    let config = json!({"PasswordVerifier": verifier.password_verifier(), "Salt": verifier.salt()});
    env.call(
        "ConfirmDevice",
        json!({"AccessToken": access(&first), "DeviceKey": key, "DeviceSecretVerifierConfig": config}),
    )
    .await
    .err("DeviceKeyExistsException");
    let other = srp(&env, &app, "bob", PASSWORD, None).await.ok();
    let (other_key, _) = new_device(&other);
    for bad in [
        json!({"PasswordVerifier": "not base64!", "Salt": verifier.salt()}),
        json!({"PasswordVerifier": "AA==", "Salt": verifier.salt()}),
        json!({"Salt": verifier.salt()}),
    ] {
        env.call(
            "ConfirmDevice",
            json!({"AccessToken": access(&other), "DeviceKey": other_key, "DeviceSecretVerifierConfig": bad}),
        )
        .await
        .err("InvalidParameterException");
    }
    let msg = env
        .call(
            "ConfirmDevice",
            json!({"AccessToken": access(&other), "DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000",
            "DeviceSecretVerifierConfig": config}),
        )
        .await
        .err("ResourceNotFoundException");
    assert_eq!(msg, "Device does not exist.");
    let msg = env
        .call(
            "GetDevice",
            json!({"AccessToken": access(&other), "DeviceKey": "not a key"}),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(msg, "Invalid device key given.");
    env.call("GetDevice", json!({"DeviceKey": key}))
        .await
        .err("InvalidParameterException");

    // The refresh token now works with its device only.
    refresh(&env, &app, &token, Some(&key)).await.ok();
    let msg = refresh(&env, &app, &token, None)
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Invalid Refresh Token");
    let out = env
        .call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": app.client, "RefreshToken": token, "DeviceKey": key}),
        )
        .await
        .ok();
    assert_eq!(
        claims(out["AuthenticationResult"]["AccessToken"].as_str().unwrap())["device_key"],
        key.as_str()
    );

    // The next sign-in proves the device (MFA is off: DEVICE_SRP_AUTH follows the password).
    env.advance(60);
    let ch = srp(&env, &app, "bob", PASSWORD, Some(&key)).await.ok();
    let signed_in = device_auth(&env, &app, &ch, "bob", &device).await;
    assert_device_tokens(&signed_in, &key);
    let got = env
        .call(
            "GetDevice",
            json!({"AccessToken": access(&signed_in), "DeviceKey": key}),
        )
        .await
        .ok();
    assert_eq!(got["Device"]["DeviceLastAuthenticatedDate"], 1_709_622_309);
    // Unconfirmed devices are not listed.
    let list = env
        .call("ListDevices", json!({"AccessToken": access(&signed_in)}))
        .await
        .ok();
    let keys: Vec<&str> = list["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["DeviceKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, [key.as_str()]);
    assert!(list.get("PaginationToken").is_none());
}

#[tokio::test]
async fn a_remembered_device_suppresses_mfa() {
    let env = Env::start().await;
    let app = app(&env, config(true, false), "ON", json!({})).await;
    sms_user(&env, &app, "cat").await;

    let ch = srp(&env, &app, "cat", PASSWORD, None).await.ok();
    let first = sms_code(&env, &app, &ch, "cat").await;
    let (_, device) = confirm(&env, &first, "phone").await;
    let sent = env.emulator.outbox_for("cat").len();

    let ch = srp(&env, &app, "cat", PASSWORD, Some(&device.key))
        .await
        .ok();
    assert_eq!(ch["ChallengeName"], "DEVICE_SRP_AUTH");
    assert_eq!(
        env.emulator.outbox_for("cat").len(),
        sent,
        "no MFA code is sent"
    );
    let signed_in = device_auth(&env, &app, &ch, "cat", &device).await;
    assert_device_tokens(&signed_in, &device.key);
    refresh(&env, &app, &refresh_token(&signed_in), Some(&device.key))
        .await
        .ok();

    // USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH with the device key: the same.
    let ch = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "cat", "PASSWORD": PASSWORD, "DEVICE_KEY": device.key}}),
        )
        .await
        .ok();
    assert_device_tokens(
        &device_auth(&env, &app, &ch, "cat", &device).await,
        &device.key,
    );
    let ch = env
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": app.pool, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "cat", "PASSWORD": PASSWORD, "DEVICE_KEY": device.key}}),
        )
        .await
        .ok();
    assert_eq!(ch["ChallengeName"], "DEVICE_SRP_AUTH");
    let client = SrpClient::random().unwrap();
    let next = env
        .call(
            "AdminRespondToAuthChallenge",
            json!({"UserPoolId": app.pool, "ClientId": app.client, "ChallengeName": "DEVICE_SRP_AUTH",
            "Session": ch["Session"], "ChallengeResponses": {"USERNAME": "cat", "DEVICE_KEY": device.key, "SRP_A": client.srp_a()}}),
        )
        .await
        .ok();
    let p = &next["ChallengeParameters"];
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .device_claim(
            &device.group,
            &device.key,
            &device.password,
            &challenge,
            &now(&env),
        )
        .unwrap();
    let done = env
        .call(
            "AdminRespondToAuthChallenge",
            json!({"UserPoolId": app.pool, "ClientId": app.client, "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
            "Session": next["Session"], "ChallengeResponses": {"USERNAME": "cat", "DEVICE_KEY": device.key,
                "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(), "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
                "TIMESTAMP": claim.timestamp().as_str()}}),
        )
        .await
        .ok();
    assert_device_tokens(&done, &device.key);
}

#[tokio::test]
async fn without_suppression_mfa_comes_before_the_device() {
    let env = Env::start().await;
    let app = app(&env, config(false, false), "ON", json!({})).await;
    sms_user(&env, &app, "dan").await;
    let ch = srp(&env, &app, "dan", PASSWORD, None).await.ok();
    let first = sms_code(&env, &app, &ch, "dan").await;
    let (_, device) = confirm(&env, &first, "desktop").await;

    let ch = srp(&env, &app, "dan", PASSWORD, Some(&device.key))
        .await
        .ok();
    let after_mfa = sms_code(&env, &app, &ch, "dan").await;
    let signed_in = device_auth(&env, &app, &after_mfa, "dan", &device).await;
    assert_device_tokens(&signed_in, &device.key);
}

#[tokio::test]
async fn a_wrong_device_proof_ends_the_sign_in() {
    let env = Env::start().await;
    let app = app(&env, config(true, false), "OFF", json!({})).await;
    env.user(&app.pool, "eve", PASSWORD, json!({})).await;
    let first = srp(&env, &app, "eve", PASSWORD, None).await.ok();
    let (_, device) = confirm(&env, &first, "tablet").await;

    let ch = srp(&env, &app, "eve", PASSWORD, Some(&device.key))
        .await
        .ok();
    let msg = device_auth_with(&env, &app, &ch, "eve", &device, "not-the-device-password")
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Incorrect username or password.");

    // Another device key than the Session's, a missing SRP_A; then a wrong SECRET_BLOCK, which
    // uses the Session up.
    let ch = srp(&env, &app, "eve", PASSWORD, Some(&device.key))
        .await
        .ok();
    let session = &ch["Session"];
    let other = "us-east-1_00000000-0000-4000-8000-000000000000";
    let client = SrpClient::random().unwrap();
    respond(
        &env,
        &app,
        "DEVICE_SRP_AUTH",
        session,
        "eve",
        json!({"DEVICE_KEY": other, "SRP_A": client.srp_a()}),
    )
    .await
    .err("InvalidParameterException");
    respond(
        &env,
        &app,
        "DEVICE_SRP_AUTH",
        session,
        "eve",
        json!({"DEVICE_KEY": device.key}),
    )
    .await
    .err("InvalidParameterException");
    respond(
        &env,
        &app,
        "DEVICE_PASSWORD_VERIFIER",
        session,
        "eve",
        json!({"DEVICE_KEY": device.key}),
    )
    .await
    .err("InvalidParameterException");
    let next = respond(
        &env,
        &app,
        "DEVICE_SRP_AUTH",
        session,
        "eve",
        json!({"DEVICE_KEY": device.key, "SRP_A": client.srp_a()}),
    )
    .await
    .ok();
    let p = &next["ChallengeParameters"];
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .device_claim(
            &device.group,
            &device.key,
            &device.password,
            &challenge,
            &now(&env),
        )
        .unwrap();
    let answer = json!({"DEVICE_KEY": device.key, "PASSWORD_CLAIM_SECRET_BLOCK": "AgV4AAAA",
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp().as_str()});
    respond(
        &env,
        &app,
        "DEVICE_PASSWORD_VERIFIER",
        &next["Session"],
        "eve",
        answer,
    )
    .await
    .err("NotAuthorizedException");
    let good = json!({"DEVICE_KEY": device.key, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp().as_str()});
    let msg = respond(
        &env,
        &app,
        "DEVICE_PASSWORD_VERIFIER",
        &next["Session"],
        "eve",
        good,
    )
    .await
    .err("NotAuthorizedException");
    assert!(msg.contains("only be used once"), "{msg}");
    // The used DEVICE_SRP_AUTH Session is gone too.
    respond(
        &env,
        &app,
        "DEVICE_SRP_AUTH",
        session,
        "eve",
        json!({"DEVICE_KEY": device.key, "SRP_A": client.srp_a()}),
    )
    .await
    .err("NotAuthorizedException");
}

#[tokio::test]
async fn forgotten_devices_are_not_found_and_the_sign_in_retries_without() {
    let env = Env::start().await;
    let app = app(&env, config(true, false), "OFF", json!({})).await;
    env.user(&app.pool, "fay", PASSWORD, json!({})).await;
    let first = srp(&env, &app, "fay", PASSWORD, None).await.ok();
    let (_, device) = confirm(&env, &first, "old").await;
    let ch = srp(&env, &app, "fay", PASSWORD, Some(&device.key))
        .await
        .ok();
    let signed_in = device_auth(&env, &app, &ch, "fay", &device).await;
    let token = refresh_token(&signed_in);

    env.call(
        "ForgetDevice",
        json!({"AccessToken": access(&signed_in), "DeviceKey": device.key}),
    )
    .await
    .ok();
    let msg = refresh(&env, &app, &token, Some(&device.key))
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Invalid Refresh Token");
    env.call(
        "GetDevice",
        json!({"AccessToken": access(&signed_in), "DeviceKey": device.key}),
    )
    .await
    .err("ResourceNotFoundException");

    // USER_PASSWORD_AUTH: refused at InitiateAuth, after the password.
    let msg = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "fay", "PASSWORD": PASSWORD, "DEVICE_KEY": device.key}}),
        )
        .await
        .err("ResourceNotFoundException");
    assert_eq!(msg, "Device does not exist.");

    // SRP: refused at PASSWORD_VERIFIER; the same answer without DEVICE_KEY then succeeds
    // (amazon-cognito-identity-js retries so) and makes a new device.
    let client = SrpClient::random().unwrap();
    let init = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "fay", "SRP_A": client.srp_a(), "DEVICE_KEY": device.key}}),
        )
        .await
        .ok();
    let p = &init["ChallengeParameters"];
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .password_claim(&app.pool, "fay", PASSWORD, &challenge, &now(&env))
        .unwrap();
    let mut answer = json!({"USERNAME": "fay", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp().as_str(),
        "DEVICE_KEY": device.key});
    let body = |answer: &Value| json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client, "ChallengeResponses": answer});
    let msg = env
        .call("RespondToAuthChallenge", body(&answer))
        .await
        .err("ResourceNotFoundException");
    assert!(msg.to_lowercase().contains("device"), "{msg}");
    answer.as_object_mut().unwrap().remove("DEVICE_KEY");
    let retried = env.call("RespondToAuthChallenge", body(&answer)).await.ok();
    let (new_key, _) = new_device(&retried);
    assert_ne!(new_key, device.key);
    // A whole new sign-in without the key works as well.
    new_device(&srp(&env, &app, "fay", PASSWORD, None).await.ok());
}

#[tokio::test]
async fn opt_in_pools_remember_a_device_only_when_asked() {
    let env = Env::start().await;
    let app = app(&env, config(true, true), "ON", json!({})).await;
    sms_user(&env, &app, "gus").await;
    let ch = srp(&env, &app, "gus", PASSWORD, None).await.ok();
    let first = sms_code(&env, &app, &ch, "gus").await;
    let (out, device) = confirm(&env, &first, "kiosk").await;
    assert_eq!(out["UserConfirmationNecessary"], true);
    let token = access(&first);
    let d = get_device(&env, &token, &device.key).await;
    assert_eq!(
        attribute(&d["Device"], "dev:device_remembered_status"),
        Some("not_remembered")
    );

    // Confirmed but not remembered: MFA first, then the device.
    let ch = srp(&env, &app, "gus", PASSWORD, Some(&device.key))
        .await
        .ok();
    let after_mfa = sms_code(&env, &app, &ch, "gus").await;
    assert_device_tokens(
        &device_auth(&env, &app, &after_mfa, "gus", &device).await,
        &device.key,
    );

    env.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": token, "DeviceKey": device.key, "DeviceRememberedStatus": "remembered"}),
    )
    .await
    .ok();
    let d = get_device(&env, &token, &device.key).await;
    assert_eq!(
        attribute(&d["Device"], "dev:device_remembered_status"),
        Some("remembered")
    );
    let ch = srp(&env, &app, "gus", PASSWORD, Some(&device.key))
        .await
        .ok();
    assert_device_tokens(
        &device_auth(&env, &app, &ch, "gus", &device).await,
        &device.key,
    );

    env.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": token, "DeviceKey": device.key, "DeviceRememberedStatus": "not_remembered"}),
    )
    .await
    .ok();
    let ch = srp(&env, &app, "gus", PASSWORD, Some(&device.key))
        .await
        .ok();
    assert_eq!(ch["ChallengeName"], "SMS_MFA");
    env.call(
        "UpdateDeviceStatus",
        json!({"AccessToken": token, "DeviceKey": device.key, "DeviceRememberedStatus": "forever"}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn an_unconfirmed_device_key_runs_mfa_and_makes_no_new_device() {
    let env = Env::start().await;
    let app = app(&env, config(true, false), "ON", json!({})).await;
    sms_user(&env, &app, "hal").await;
    let ch = srp(&env, &app, "hal", PASSWORD, None).await.ok();
    let first = sms_code(&env, &app, &ch, "hal").await;
    let (key, _) = new_device(&first);

    let ch = srp(&env, &app, "hal", PASSWORD, Some(&key)).await.ok();
    let second = sms_code(&env, &app, &ch, "hal").await;
    assert_device_tokens(&second, &key);
    // It can still be confirmed, with the newer tokens.
    let verifier = DeviceVerifier::random("any", &key).unwrap();
    env.call(
        "ConfirmDevice",
        json!({"AccessToken": access(&second), "DeviceKey": key,
        "DeviceSecretVerifierConfig": {"PasswordVerifier": verifier.password_verifier(), "Salt": verifier.salt()}}),
    )
    .await
    .ok();
}

#[tokio::test]
async fn admin_device_operations() {
    let env = Env::start().await;
    let app = app(&env, config(false, false), "OFF", json!({})).await;
    let created = env.user(&app.pool, "ivy", PASSWORD, json!({})).await;
    let sub = created["User"]["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "sub")
        .unwrap()["Value"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = srp(&env, &app, "ivy", PASSWORD, None).await.ok();
    let (_, d1) = confirm(&env, &one, "one").await;
    let two = srp(&env, &app, "ivy", PASSWORD, None).await.ok();
    let (_, d2) = confirm(&env, &two, "two").await;
    let mut keys = [d1.key.clone(), d2.key.clone()];
    keys.sort();

    // Pages of one, by username and by `sub`.
    let page1 = env
        .call(
            "AdminListDevices",
            json!({"UserPoolId": app.pool, "Username": "ivy", "Limit": 1}),
        )
        .await
        .ok();
    assert_eq!(page1["Devices"][0]["DeviceKey"], keys[0].as_str());
    let next = page1["PaginationToken"].as_str().unwrap();
    let page2 = env
        .call(
            "AdminListDevices",
            json!({"UserPoolId": app.pool, "Username": sub, "Limit": 1, "PaginationToken": next}),
        )
        .await
        .ok();
    assert_eq!(page2["Devices"][0]["DeviceKey"], keys[1].as_str());
    assert!(page2.get("PaginationToken").is_none());
    let list = env
        .call(
            "ListDevices",
            json!({"AccessToken": access(&one), "Limit": 1}),
        )
        .await
        .ok();
    assert_eq!(list["Devices"].as_array().unwrap().len(), 1);
    assert!(list["PaginationToken"].is_string());
    env.call(
        "AdminListDevices",
        json!({"UserPoolId": app.pool, "Username": "ivy", "Limit": 61}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "AdminListDevices",
        json!({"UserPoolId": app.pool, "Username": "ivy", "PaginationToken": "nope"}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "AdminListDevices",
        json!({"UserPoolId": app.pool, "Username": "nobody"}),
    )
    .await
    .err("UserNotFoundException");

    let got = env
        .call(
            "AdminGetDevice",
            json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
        )
        .await
        .ok();
    assert_eq!(attribute(&got["Device"], "device_name"), Some("one"));
    env.call(
        "AdminUpdateDeviceStatus",
        json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key, "DeviceRememberedStatus": "not_remembered"}),
    )
    .await
    .ok();
    let got = env
        .call(
            "AdminGetDevice",
            json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
        )
        .await
        .ok();
    assert_eq!(
        attribute(&got["Device"], "dev:device_remembered_status"),
        Some("not_remembered")
    );

    // Admin operations need a signature.
    let unsigned = env
        .raw(
            "AdminGetDevice",
            serde_json::to_vec(
                &json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
            )
            .unwrap(),
            false,
        )
        .await;
    assert_eq!(
        unsigned.error(),
        Some("MissingAuthenticationTokenException")
    );

    let out = env
        .call(
            "AdminForgetDevice",
            json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
        )
        .await
        .ok();
    assert_eq!(out, json!({}));
    env.call(
        "AdminGetDevice",
        json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
    )
    .await
    .err("ResourceNotFoundException");
    env.call(
        "AdminForgetDevice",
        json!({"UserPoolId": app.pool, "Username": "ivy", "DeviceKey": d1.key}),
    )
    .await
    .err("ResourceNotFoundException");
    // Another user's device is not found either.
    env.user(&app.pool, "jon", PASSWORD, json!({})).await;
    env.call(
        "AdminGetDevice",
        json!({"UserPoolId": app.pool, "Username": "jon", "DeviceKey": d2.key}),
    )
    .await
    .err("ResourceNotFoundException");
}

#[tokio::test]
async fn device_steps_carry_the_secret_hash() {
    let env = Env::start().await;
    let app = app(
        &env,
        config(true, false),
        "OFF",
        json!({"GenerateSecret": true}),
    )
    .await;
    assert!(app.secret.is_some());
    env.user(&app.pool, "kay", PASSWORD, json!({})).await;
    let first = srp(&env, &app, "kay", PASSWORD, None).await.ok();
    let (_, device) = confirm(&env, &first, "server").await;

    // Without SECRET_HASH, DEVICE_SRP_AUTH is refused (and the Session stays usable).
    let ch = srp(&env, &app, "kay", PASSWORD, Some(&device.key))
        .await
        .ok();
    let client = SrpClient::random().unwrap();
    let msg = env
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": app.client, "Session": ch["Session"],
            "ChallengeResponses": {"USERNAME": "kay", "DEVICE_KEY": device.key, "SRP_A": client.srp_a()}}),
        )
        .await
        .err("NotAuthorizedException");
    assert!(msg.contains("SECRET_HASH"), "{msg}");
    let signed_in = device_auth(&env, &app, &ch, "kay", &device).await;
    assert_device_tokens(&signed_in, &device.key);
    let h = secret_hash("kay", &app.client, app.secret.as_deref().unwrap());
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": app.client, "AuthParameters": {
            "REFRESH_TOKEN": refresh_token(&signed_in), "DEVICE_KEY": device.key, "SECRET_HASH": h}}),
    )
    .await
    .ok();
}
