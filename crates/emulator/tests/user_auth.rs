//! Choice-based sign-in (`USER_AUTH`) over HTTP with a plain client: `SELECT_CHALLENGE`, the
//! password and SRP factors, e-mail and SMS one-time codes as first factors, and passkeys
//! (registration, sign-in, forged assertions) driven by the software authenticator.

mod support;

use cognito_flow_emulator::testing::SoftwareAuthenticator;
use cognito_flow_emulator::{Medium, Purpose};
use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp, secret_hash};
use serde_json::{Value, json};
use support::{Env, Reply};

const PASSWORD: &str = "Corr3ct-horse!";
const RP_ID: &str = "example.com";
const ORIGIN: &str = "https://example.com";
const ALL_FACTORS: &[&str] = &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];

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

/// A pool with the given first factors (passkeys for `example.com`), a client with
/// `ALLOW_USER_AUTH` (plus `client_extra`), and alice: password, verified e-mail and phone.
async fn app(env: &Env, factors: &[&str], client_extra: Value) -> App {
    let pool = env
        .pool(json!({"Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": factors}}}))
        .await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool, "MfaConfiguration": "OFF",
               "WebAuthnConfiguration": {"RelyingPartyId": RP_ID, "UserVerification": "preferred"}}),
    )
    .await
    .ok();
    let mut c = json!({"ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
    support::merge(&mut c, client_extra);
    let (client, secret) = env.client(&pool, c).await;
    env.user(
        &pool,
        "alice",
        PASSWORD,
        json!({"email": "alice@example.com", "email_verified": "true",
               "phone_number": "+15555550100", "phone_number_verified": "true"}),
    )
    .await;
    App {
        pool,
        client,
        secret,
    }
}

async fn initiate(env: &Env, app: &App, params: Value) -> Reply {
    let typed = params["USERNAME"].as_str().unwrap_or_default().to_owned();
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": app.client,
               "AuthParameters": app.with_hash(params, &typed)}),
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
        json!({"ChallengeName": name, "ClientId": app.client, "Session": session,
               "ChallengeResponses": responses}),
    )
    .await
}

fn assert_tokens(body: &Value) {
    let r = &body["AuthenticationResult"];
    for t in ["AccessToken", "IdToken", "RefreshToken"] {
        assert!(r[t].as_str().is_some_and(|s| s.len() > 20), "{t} in {body}");
    }
    assert!(body.get("ChallengeName").is_none(), "{body}");
}

fn available(body: &Value) -> Vec<&str> {
    body["AvailableChallenges"]
        .as_array()
        .unwrap_or_else(|| panic!("AvailableChallenges in {body}"))
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

/// Answers a `PASSWORD_VERIFIER` with a real claim.
async fn answer_verifier(
    env: &Env,
    app: &App,
    srp: &SrpClient,
    body: &Value,
    password: &str,
) -> Reply {
    assert_eq!(body["ChallengeName"], "PASSWORD_VERIFIER", "{body}");
    let p = &body["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = srp
        .password_claim(
            &app.pool,
            user_id,
            password,
            &challenge,
            &Timestamp::from_unix_seconds(env.clock.now_secs()),
        )
        .unwrap();
    let mut request = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client,
        "ChallengeResponses": app.with_hash(json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp().as_str(),
        }), user_id)});
    if let Some(session) = body.get("Session") {
        request["Session"] = session.clone();
    }
    env.call("RespondToAuthChallenge", request).await
}

/// The newest sign-in code sent to `username`.
fn sign_in_code(env: &Env, username: &str, medium: Medium) -> String {
    let message = env
        .emulator
        .outbox_for(username)
        .into_iter()
        .rev()
        .find(|m| m.purpose == Purpose::SignInCode)
        .expect("a sign-in code was sent");
    assert_eq!(message.medium, medium);
    message.code
}

async fn access_token(env: &Env, app: &App) -> String {
    let body = initiate(
        env,
        app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    body["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Registers a passkey for alice with `authenticator`.
async fn register(env: &Env, app: &App, authenticator: &mut SoftwareAuthenticator) -> Value {
    let token = access_token(env, app).await;
    let options = env
        .call("StartWebAuthnRegistration", json!({"AccessToken": token}))
        .await
        .ok()["CredentialCreationOptions"]
        .clone();
    let credential = authenticator.create(&options.to_string(), ORIGIN).unwrap();
    let credential: Value = serde_json::from_str(&credential).unwrap();
    env.call(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": token, "Credential": credential}),
    )
    .await
    .ok();
    options
}

/// InitiateAuth preferring WEB_AUTHN: the Session and the parsed request options.
async fn passkey_challenge(env: &Env, app: &App) -> (Value, Value) {
    let body = initiate(
        env,
        app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "WEB_AUTHN", "{body}");
    let options: Value = serde_json::from_str(
        body["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    (body["Session"].clone(), options)
}

async fn answer_passkey(env: &Env, app: &App, session: &Value, credential: &str) -> Reply {
    respond(
        env,
        app,
        "WEB_AUTHN",
        session,
        "alice",
        json!({"CREDENTIAL": credential}),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Choosing a factor
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn select_challenge_offers_what_pool_and_user_allow() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert_eq!(body["ChallengeName"], "SELECT_CHALLENGE");
    assert!(body["Session"].as_str().is_some_and(|s| s.len() >= 20));
    assert_eq!(body["ChallengeParameters"], json!({}));
    // No passkey yet.
    assert_eq!(
        available(&body),
        ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "SMS_OTP"]
    );

    // An unverified phone is no factor; a pool of passwords only offers passwords.
    env.user(
        &app.pool,
        "bob",
        PASSWORD,
        json!({"email": "bob@example.com", "email_verified": "true", "phone_number": "+15555550101"}),
    )
    .await;
    let body = initiate(&env, &app, json!({"USERNAME": "bob"})).await.ok();
    assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"]);
    let passwords = app_with_factors(&env, &["PASSWORD"]).await;
    let body = initiate(&env, &passwords, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD"]);
}

async fn app_with_factors(env: &Env, factors: &[&str]) -> App {
    app(env, factors, json!({})).await
}

#[tokio::test]
async fn user_auth_needs_the_essentials_tier_and_the_client_flow() {
    let env = Env::start().await;
    let pool = env.pool(json!({"UserPoolTier": "LITE"})).await;
    let (client, _) = env
        .client(&pool, json!({"ExplicitAuthFlows": ["ALLOW_USER_AUTH"]}))
        .await;
    env.user(&pool, "alice", PASSWORD, json!({})).await;
    let lite = App {
        pool,
        client,
        secret: None,
    };
    initiate(&env, &lite, json!({"USERNAME": "alice"}))
        .await
        .err("FeatureUnavailableInTierException");
    // Passwordless factors cannot even be configured on LITE.
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "UserPoolTier": "LITE",
               "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}}}),
    )
    .await
    .err("FeatureUnavailableInTierException");

    let app = app(
        &env,
        ALL_FACTORS,
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}),
    )
    .await;
    let message = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .err("InvalidParameterException");
    assert_eq!(message, "USER_AUTH flow not enabled for this client");
}

#[tokio::test]
async fn an_unavailable_preferred_factor_falls_back_to_select_challenge() {
    let env = Env::start().await;
    let app = app(&env, &["PASSWORD", "EMAIL_OTP"], json!({})).await;
    for preferred in ["WEB_AUTHN", "SMS_OTP", "SOFTWARE_TOKEN", "NONSENSE"] {
        let body = initiate(
            &env,
            &app,
            json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": preferred}),
        )
        .await
        .ok();
        assert_eq!(body["ChallengeName"], "SELECT_CHALLENGE", "{preferred}");
        assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"]);
    }
    assert!(env.emulator.outbox_for("alice").is_empty());
}

#[tokio::test]
async fn the_answer_must_be_one_of_the_available_challenges() {
    let env = Env::start().await;
    let app = app(&env, &["PASSWORD", "EMAIL_OTP"], json!({})).await;
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let session = &body["Session"];
    respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        session,
        "alice",
        json!({"ANSWER": "SMS_OTP"}),
    )
    .await
    .err("InvalidParameterException");
    respond(&env, &app, "SELECT_CHALLENGE", session, "alice", json!({}))
        .await
        .err("InvalidParameterException");
    // Another user's name, a Session for another challenge: refused.
    respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        session,
        "mallory",
        json!({"ANSWER": "PASSWORD"}),
    )
    .await
    .err("NotAuthorizedException");
    respond(
        &env,
        &app,
        "PASSWORD",
        session,
        "alice",
        json!({"PASSWORD": PASSWORD}),
    )
    .await
    .err("InvalidParameterException");
    // The Session survived the malformed answers.
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        session,
        "alice",
        json!({"ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    assert_tokens(&body);
}

// ---------------------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn password_with_and_without_a_preference() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({"GenerateSecret": true})).await;
    assert!(app.secret.is_some());

    // Preferred, with the password: one round trip.
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    assert_tokens(&body);
    initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "wrong-Passw0rd!"}),
    )
    .await
    .err("NotAuthorizedException");

    // Preferred without the password: the PASSWORD challenge.
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "PASSWORD");
    let body = respond(
        &env,
        &app,
        "PASSWORD",
        &body["Session"],
        "alice",
        json!({"PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    assert_tokens(&body);

    // SELECT_CHALLENGE, inline.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    assert_tokens(&body);

    // SELECT_CHALLENGE, two steps; a wrong password uses the Session up.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "PASSWORD");
    let session = body["Session"].clone();
    respond(
        &env,
        &app,
        "PASSWORD",
        &session,
        "alice",
        json!({"PASSWORD": "wrong-Passw0rd!"}),
    )
    .await
    .err("NotAuthorizedException");
    let message = respond(
        &env,
        &app,
        "PASSWORD",
        &session,
        "alice",
        json!({"PASSWORD": PASSWORD}),
    )
    .await
    .err("NotAuthorizedException");
    assert!(message.contains("only be used once"), "{message}");
    // The SELECT_CHALLENGE Session was used too.
    respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD"}),
    )
    .await
    .err("NotAuthorizedException");
    // The SECRET_HASH is checked on answers.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    env.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": app.client, "Session": select["Session"],
               "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}}),
    )
    .await
    .err("NotAuthorizedException");
}

#[tokio::test]
async fn password_failures_count_toward_the_lockout() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    for _ in 0..5 {
        initiate(
            &env,
            &app,
            json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "wrong-Passw0rd!"}),
        )
        .await
        .err("NotAuthorizedException");
    }
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let message = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .err("NotAuthorizedException");
    assert_eq!(message, "Password attempts exceeded");
    // One-time codes do not depend on the password.
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "EMAIL_OTP");
}

#[tokio::test]
async fn password_srp_with_and_without_a_preference() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;

    let srp = SrpClient::random().unwrap();
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": srp.srp_a()}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "PASSWORD_VERIFIER");
    assert_tokens(
        &answer_verifier(&env, &app, &srp, &body, PASSWORD)
            .await
            .ok(),
    );

    // Inline in SELECT_CHALLENGE.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let srp = SrpClient::random().unwrap();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD_SRP", "SRP_A": srp.srp_a()}),
    )
    .await
    .ok();
    assert_tokens(
        &answer_verifier(&env, &app, &srp, &body, PASSWORD)
            .await
            .ok(),
    );

    // Two steps: PASSWORD_SRP, then SRP_A; a wrong password is refused at the verifier.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "PASSWORD_SRP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "PASSWORD_SRP");
    let srp = SrpClient::random().unwrap();
    let verifier = respond(
        &env,
        &app,
        "PASSWORD_SRP",
        &body["Session"],
        "alice",
        json!({"SRP_A": srp.srp_a()}),
    )
    .await
    .ok();
    answer_verifier(&env, &app, &srp, &verifier, "wrong-Passw0rd!")
        .await
        .err("NotAuthorizedException");

    // Preferred without SRP_A: the PASSWORD_SRP challenge.
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "PASSWORD_SRP");
    let srp = SrpClient::random().unwrap();
    let verifier = respond(
        &env,
        &app,
        "PASSWORD_SRP",
        &body["Session"],
        "alice",
        json!({"SRP_A": srp.srp_a()}),
    )
    .await
    .ok();
    assert_tokens(
        &answer_verifier(&env, &app, &srp, &verifier, PASSWORD)
            .await
            .ok(),
    );
}

#[tokio::test]
async fn a_password_first_factor_is_followed_by_mfa_and_a_code_is_not() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": app.pool, "MfaConfiguration": "OPTIONAL", "SmsMfaConfiguration": {}}),
    )
    .await
    .ok();
    env.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": app.pool, "Username": "alice",
               "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .ok();
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "SMS_MFA");

    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    )
    .await
    .ok();
    let code = sign_in_code(&env, "alice", Medium::Email);
    let body = respond(
        &env,
        &app,
        "EMAIL_OTP",
        &body["Session"],
        "alice",
        json!({"EMAIL_OTP_CODE": code}),
    )
    .await
    .ok();
    assert_tokens(&body);
}

// ---------------------------------------------------------------------------------------------
// One-time codes
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn email_otp_first_factor_retries_on_the_same_session() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "EMAIL_OTP");
    let p = &body["ChallengeParameters"];
    assert_eq!(p["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(p["CODE_DELIVERY_DESTINATION"], "a***@e***");
    let code = sign_in_code(&env, "alice", Medium::Email);
    assert_eq!(code.len(), 8, "sign-in codes have 8 digits by default");
    assert!(code.chars().all(|c| c.is_ascii_digit()));

    let session = &body["Session"];
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    respond(
        &env,
        &app,
        "EMAIL_OTP",
        session,
        "alice",
        json!({"EMAIL_OTP_CODE": wrong}),
    )
    .await
    .err("CodeMismatchException");
    let body = respond(
        &env,
        &app,
        "EMAIL_OTP",
        session,
        "alice",
        json!({"EMAIL_OTP_CODE": code}),
    )
    .await
    .ok();
    assert_tokens(&body);

    // Through SELECT_CHALLENGE.
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "EMAIL_OTP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "EMAIL_OTP");
    let code = sign_in_code(&env, "alice", Medium::Email);
    assert_tokens(
        &respond(
            &env,
            &app,
            "EMAIL_OTP",
            &body["Session"],
            "alice",
            json!({"EMAIL_OTP_CODE": code}),
        )
        .await
        .ok(),
    );
}

#[tokio::test]
async fn sms_otp_first_factor_and_exhausted_attempts() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let body = initiate(
        &env,
        &app,
        json!({"USERNAME": "alice", "PREFERRED_CHALLENGE": "SMS_OTP"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "SMS_OTP");
    assert_eq!(
        body["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "SMS"
    );
    assert_eq!(
        body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+*******0100"
    );
    let code = sign_in_code(&env, "alice", Medium::Sms);
    let body = respond(
        &env,
        &app,
        "SMS_OTP",
        &body["Session"],
        "alice",
        json!({"SMS_OTP_CODE": code}),
    )
    .await
    .ok();
    assert_tokens(&body);

    // Three wrong codes end the Session (EmulatorConfig::max_code_attempts).
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "SMS_OTP"}),
    )
    .await
    .ok();
    let session = &body["Session"];
    let code = sign_in_code(&env, "alice", Medium::Sms);
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    for _ in 0..3 {
        respond(
            &env,
            &app,
            "SMS_OTP",
            session,
            "alice",
            json!({"SMS_OTP_CODE": wrong}),
        )
        .await
        .err("CodeMismatchException");
    }
    respond(
        &env,
        &app,
        "SMS_OTP",
        session,
        "alice",
        json!({"SMS_OTP_CODE": code}),
    )
    .await
    .err("NotAuthorizedException");
}

#[tokio::test]
async fn unknown_users_follow_prevent_user_existence_errors() {
    let env = Env::start().await;
    let legacy = app(&env, ALL_FACTORS, json!({})).await;
    initiate(&env, &legacy, json!({"USERNAME": "nobody"}))
        .await
        .err("UserNotFoundException");

    let app = app(
        &env,
        ALL_FACTORS,
        json!({"PreventUserExistenceErrors": "ENABLED"}),
    )
    .await;
    let body = initiate(&env, &app, json!({"USERNAME": "nobody"}))
        .await
        .ok();
    assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD"]);
    respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &body["Session"],
        "nobody",
        json!({"ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .err("NotAuthorizedException");
    // SRP: a simulated verifier, then the same refusal as a wrong password.
    let body = initiate(&env, &app, json!({"USERNAME": "nobody"}))
        .await
        .ok();
    let srp = SrpClient::random().unwrap();
    let verifier = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &body["Session"],
        "nobody",
        json!({"ANSWER": "PASSWORD_SRP", "SRP_A": srp.srp_a()}),
    )
    .await
    .ok();
    answer_verifier(&env, &app, &srp, &verifier, PASSWORD)
        .await
        .err("NotAuthorizedException");
    initiate(
        &env,
        &app,
        json!({"USERNAME": "nobody", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .err("NotAuthorizedException");
}

#[tokio::test]
async fn admin_initiate_auth_runs_user_auth_too() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let body = env
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": app.pool, "ClientId": app.client, "AuthFlow": "USER_AUTH",
                   "AuthParameters": {"USERNAME": "alice"}}),
        )
        .await
        .ok();
    assert_eq!(body["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(available(&body).len(), 4);
    let body = env
        .call(
            "AdminRespondToAuthChallenge",
            json!({"UserPoolId": app.pool, "ClientId": app.client, "ChallengeName": "SELECT_CHALLENGE",
                   "Session": body["Session"],
                   "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}}),
        )
        .await
        .ok();
    assert_tokens(&body);
}

// ---------------------------------------------------------------------------------------------
// Passkeys
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn pool_settings_are_described() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let pool = env
        .call("DescribeUserPool", json!({"UserPoolId": app.pool}))
        .await
        .ok();
    assert_eq!(
        pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(ALL_FACTORS)
    );
    let mfa = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": app.pool}))
        .await
        .ok();
    assert_eq!(
        mfa["WebAuthnConfiguration"],
        json!({"RelyingPartyId": RP_ID, "UserVerification": "preferred", "FactorConfiguration": "SINGLE_FACTOR"})
    );
    // Defaults: passwords only.
    let plain = env.pool(json!({})).await;
    let pool = env
        .call("DescribeUserPool", json!({"UserPoolId": plain}))
        .await
        .ok();
    assert_eq!(
        pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD"])
    );
    env.call(
        "UpdateUserPool",
        json!({"UserPoolId": plain, "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["TOTP"]}}}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn passkey_registration_then_sign_in_with_a_rising_counter() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let mut authenticator = SoftwareAuthenticator::new().unwrap();
    let options = register(&env, &app, &mut authenticator).await;

    // The creation options.
    let sub = env
        .call(
            "AdminGetUser",
            json!({"UserPoolId": app.pool, "Username": "alice"}),
        )
        .await
        .ok()["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "sub")
        .unwrap()["Value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(options["rp"]["id"], RP_ID);
    assert_eq!(options["user"]["name"], "alice@example.com");
    assert_eq!(
        options["user"]["id"],
        base64url(sub.as_bytes()),
        "user.id is base64url of the sub"
    );
    assert_eq!(
        options["pubKeyCredParams"],
        json!([{"type": "public-key", "alg": -7}])
    );
    assert_eq!(options["attestation"], "none");
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "preferred"
    );
    assert_eq!(options["timeout"], 180000);
    assert_eq!(options["excludeCredentials"], json!([]));
    assert!(options["challenge"].as_str().is_some_and(|c| c.len() == 43));

    // Listed, counted as a factor, excluded from the next registration.
    let token = access_token(&env, &app).await;
    let list = env
        .call("ListWebAuthnCredentials", json!({"AccessToken": token}))
        .await
        .ok();
    let credentials = list["Credentials"].as_array().unwrap();
    assert_eq!(credentials.len(), 1);
    assert_eq!(
        credentials[0]["CredentialId"],
        authenticator.credential_id()
    );
    assert_eq!(credentials[0]["RelyingPartyId"], RP_ID);
    assert_eq!(
        credentials[0]["AuthenticatorTransports"],
        json!(["internal"])
    );
    assert_eq!(credentials[0]["AuthenticatorAttachment"], "platform");
    let factors = env
        .call("GetUserAuthFactors", json!({"AccessToken": token}))
        .await
        .ok();
    assert_eq!(factors["Username"], "alice");
    assert_eq!(
        factors["ConfiguredUserAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
    );
    let again = env
        .call("StartWebAuthnRegistration", json!({"AccessToken": token}))
        .await
        .ok();
    assert_eq!(
        again["CredentialCreationOptions"]["excludeCredentials"][0]["id"],
        authenticator.credential_id()
    );

    // Offered, and signed in with.
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert_eq!(
        available(&body),
        [
            "PASSWORD_SRP",
            "PASSWORD",
            "EMAIL_OTP",
            "SMS_OTP",
            "WEB_AUTHN"
        ]
    );
    let (session, request) = passkey_challenge(&env, &app).await;
    assert_eq!(request["rpId"], RP_ID);
    assert_eq!(request["timeout"], 180000);
    assert_eq!(request["userVerification"], "preferred");
    assert_eq!(
        request["allowCredentials"],
        json!([{"type": "public-key", "id": authenticator.credential_id(), "transports": ["internal"]}])
    );
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    assert_tokens(&answer_passkey(&env, &app, &session, &credential).await.ok());
    assert_eq!(authenticator.sign_count(), 1);

    // Through SELECT_CHALLENGE, from a subdomain, without user verification (preferred).
    let select = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    let body = respond(
        &env,
        &app,
        "SELECT_CHALLENGE",
        &select["Session"],
        "alice",
        json!({"ANSWER": "WEB_AUTHN"}),
    )
    .await
    .ok();
    assert_eq!(body["ChallengeName"], "WEB_AUTHN");
    let request = body["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
        .as_str()
        .unwrap();
    let credential = authenticator
        .get(request, "https://login.example.com", false)
        .unwrap();
    assert_tokens(
        &answer_passkey(&env, &app, &body["Session"], &credential)
            .await
            .ok(),
    );
    assert_eq!(authenticator.sign_count(), 2);

    // A counter that does not rise: a cloned authenticator.
    authenticator.set_sign_count(1);
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    answer_passkey(&env, &app, &session, &credential)
        .await
        .err("NotAuthorizedException");
    // Ahead of the stored one again: accepted.
    authenticator.set_sign_count(10);
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    assert_tokens(&answer_passkey(&env, &app, &session, &credential).await.ok());

    // Deleted: no longer offered.
    env.call(
        "DeleteWebAuthnCredential",
        json!({"AccessToken": token, "CredentialId": authenticator.credential_id()}),
    )
    .await
    .ok();
    env.call(
        "DeleteWebAuthnCredential",
        json!({"AccessToken": token, "CredentialId": authenticator.credential_id()}),
    )
    .await
    .err("ResourceNotFoundException");
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert!(!available(&body).contains(&"WEB_AUTHN"));
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Flips the low bit of the last byte of the base64url member `pointer` of `credential`.
fn tamper(credential: &str, pointer: &str) -> String {
    use base64::Engine as _;
    let mut value: Value = serde_json::from_str(credential).unwrap();
    let member = value.pointer_mut(pointer).unwrap();
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(member.as_str().unwrap())
        .unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    *member = json!(base64url(&bytes));
    value.to_string()
}

/// Rewrites request or creation options before the authenticator sees them: the options
/// (JSON text) and the origin to answer from.
type Forge = Box<dyn Fn(&Value) -> (String, &'static str)>;

/// Changes one member of the JSON text `options`.
fn with(options: &Value, pointer: &str, value: Value) -> String {
    let mut options = options.clone();
    *options.pointer_mut(pointer).unwrap() = value;
    options.to_string()
}

#[tokio::test]
async fn forged_assertions_are_refused() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let mut authenticator = SoftwareAuthenticator::new().unwrap();
    register(&env, &app, &mut authenticator).await;

    // Each case: a fresh WEB_AUTHN challenge, a forged answer, NotAuthorizedException.
    let mut forger =
        SoftwareAuthenticator::with_credential_id(&authenticator.credential_id()).unwrap();
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = forger.get(&request.to_string(), ORIGIN, true).unwrap();
    answer_passkey(&env, &app, &session, &credential)
        .await
        .err("NotAuthorizedException");
    // The failed answer used the Session up.
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    let message = answer_passkey(&env, &app, &session, &credential)
        .await
        .err("NotAuthorizedException");
    assert!(message.contains("only be used once"), "{message}");

    let cases: Vec<(&str, Forge)> = vec![
        (
            "another challenge",
            Box::new(|r| {
                (
                    with(
                        r,
                        "/challenge",
                        json!("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE"),
                    ),
                    ORIGIN,
                )
            }),
        ),
        (
            "another relying party",
            Box::new(|r| (with(r, "/rpId", json!("evil.example")), ORIGIN)),
        ),
        (
            "another origin",
            Box::new(|r| (r.to_string(), "https://evil.example")),
        ),
        (
            "plain http",
            Box::new(|r| (r.to_string(), "http://example.com")),
        ),
    ];
    for (case, forge) in cases {
        let (session, request) = passkey_challenge(&env, &app).await;
        let (options, origin) = forge(&request);
        let credential = authenticator.get(&options, origin, true).unwrap();
        let reply = answer_passkey(&env, &app, &session, &credential).await;
        assert_eq!(
            reply.error(),
            Some("NotAuthorizedException"),
            "{case}: {:?}",
            reply.body
        );
    }

    // Tampered authenticator data (the counter's last byte) or signature: well-formed, no
    // longer what was signed.
    for pointer in ["/response/authenticatorData", "/response/signature"] {
        let (session, request) = passkey_challenge(&env, &app).await;
        let credential = authenticator
            .get(&request.to_string(), ORIGIN, true)
            .unwrap();
        answer_passkey(&env, &app, &session, &tamper(&credential, pointer))
            .await
            .err("NotAuthorizedException");
    }

    // Replay: an assertion for one Session presented to the next.
    let (first, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    let (second, _) = passkey_challenge(&env, &app).await;
    answer_passkey(&env, &app, &second, &credential)
        .await
        .err("NotAuthorizedException");
    // ...while it still works for its own Session, once.
    assert_tokens(&answer_passkey(&env, &app, &first, &credential).await.ok());
    answer_passkey(&env, &app, &first, &credential)
        .await
        .err("NotAuthorizedException");

    // A userHandle of someone else.
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    let mut other: Value = serde_json::from_str(&credential).unwrap();
    other["response"]["userHandle"] = json!("c29tZW9uZS1lbHNl");
    answer_passkey(&env, &app, &session, &other.to_string())
        .await
        .err("NotAuthorizedException");

    // Not JSON: InvalidParameterException, and the Session stays.
    let (session, request) = passkey_challenge(&env, &app).await;
    answer_passkey(&env, &app, &session, "{not json")
        .await
        .err("InvalidParameterException");
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    assert_tokens(&answer_passkey(&env, &app, &session, &credential).await.ok());
}

#[tokio::test]
async fn user_verification_is_enforced_where_required() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": app.pool, "MfaConfiguration": "OFF",
               "WebAuthnConfiguration": {"RelyingPartyId": RP_ID, "UserVerification": "required"}}),
    )
    .await
    .ok();
    // Registration without UV: not supported.
    let token = access_token(&env, &app).await;
    let options = env
        .call("StartWebAuthnRegistration", json!({"AccessToken": token}))
        .await
        .ok()["CredentialCreationOptions"]
        .clone();
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let mut lazy = SoftwareAuthenticator::new().unwrap().user_verifying(false);
    let credential: Value =
        serde_json::from_str(&lazy.create(&options.to_string(), ORIGIN).unwrap()).unwrap();
    env.call(
        "CompleteWebAuthnRegistration",
        json!({"AccessToken": token, "Credential": credential}),
    )
    .await
    .err("WebAuthnCredentialNotSupportedException");

    let mut authenticator = SoftwareAuthenticator::new().unwrap();
    register(&env, &app, &mut authenticator).await;
    let (session, request) = passkey_challenge(&env, &app).await;
    assert_eq!(request["userVerification"], "required");
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, false)
        .unwrap();
    answer_passkey(&env, &app, &session, &credential)
        .await
        .err("NotAuthorizedException");
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    assert_tokens(&answer_passkey(&env, &app, &session, &credential).await.ok());
}

#[tokio::test]
async fn with_mfa_required_only_a_verified_passkey_replaces_the_password() {
    let env = Env::start().await;
    let app = app(&env, ALL_FACTORS, json!({})).await;
    let mut authenticator = SoftwareAuthenticator::new().unwrap();
    register(&env, &app, &mut authenticator).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": app.pool, "MfaConfiguration": "ON",
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .ok();
    // Single-factor passkeys and codes cannot satisfy required MFA.
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD"]);

    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": app.pool, "MfaConfiguration": "ON",
               "SoftwareTokenMfaConfiguration": {"Enabled": true},
               "WebAuthnConfiguration": {"RelyingPartyId": RP_ID,
                                         "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}}),
    )
    .await
    .ok();
    let body = initiate(&env, &app, json!({"USERNAME": "alice"}))
        .await
        .ok();
    assert_eq!(available(&body), ["PASSWORD_SRP", "PASSWORD", "WEB_AUTHN"]);
    let (session, request) = passkey_challenge(&env, &app).await;
    assert_eq!(request["userVerification"], "required");
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, false)
        .unwrap();
    answer_passkey(&env, &app, &session, &credential)
        .await
        .err("NotAuthorizedException");
    let (session, request) = passkey_challenge(&env, &app).await;
    let credential = authenticator
        .get(&request.to_string(), ORIGIN, true)
        .unwrap();
    assert_tokens(&answer_passkey(&env, &app, &session, &credential).await.ok());
}

#[tokio::test]
async fn registration_errors() {
    let env = Env::start().await;

    // Passkeys not among the first factors; no relying party.
    let off = app(&env, &["PASSWORD"], json!({})).await;
    let token = access_token(&env, &off).await;
    env.call("StartWebAuthnRegistration", json!({"AccessToken": token}))
        .await
        .err("WebAuthnNotEnabledException");
    let pool = env
        .pool(json!({"Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}}}))
        .await;
    let (client, _) = env
        .client(&pool, json!({"ExplicitAuthFlows": ["ALLOW_USER_AUTH"]}))
        .await;
    env.user(&pool, "alice", PASSWORD, json!({})).await;
    let no_rp = App {
        pool,
        client,
        secret: None,
    };
    let token = access_token(&env, &no_rp).await;
    env.call("StartWebAuthnRegistration", json!({"AccessToken": token}))
        .await
        .err("WebAuthnConfigurationMissingException");

    let app = app(&env, ALL_FACTORS, json!({})).await;
    let token = access_token(&env, &app).await;
    let start = |token: String| {
        let env = &env;
        async move {
            env.call("StartWebAuthnRegistration", json!({"AccessToken": token}))
                .await
                .ok()["CredentialCreationOptions"]
                .clone()
        }
    };
    let complete = |token: String, credential: String| {
        let env = &env;
        async move {
            let credential: Value = serde_json::from_str(&credential).unwrap();
            env.call(
                "CompleteWebAuthnRegistration",
                json!({"AccessToken": token, "Credential": credential}),
            )
            .await
        }
    };
    let mut authenticator = SoftwareAuthenticator::new().unwrap();

    // Nothing started; started but expired; a completion takes the challenge.
    let options = start(token.clone()).await;
    let credential = authenticator.create(&options.to_string(), ORIGIN).unwrap();
    env.advance(181);
    let token = access_token(&env, &app).await;
    complete(token.clone(), credential.clone())
        .await
        .err("WebAuthnChallengeNotFoundException");
    complete(token.clone(), credential)
        .await
        .err("WebAuthnChallengeNotFoundException");

    let cases: Vec<(&str, Forge, &str)> = vec![
        (
            "another challenge",
            Box::new(|o| {
                (
                    with(
                        o,
                        "/challenge",
                        json!("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE"),
                    ),
                    ORIGIN,
                )
            }),
            "WebAuthnChallengeNotFoundException",
        ),
        (
            "another origin",
            Box::new(|o| (o.to_string(), "https://evil.example")),
            "WebAuthnOriginNotAllowedException",
        ),
        (
            "another relying party",
            Box::new(|o| (with(o, "/rp/id", json!("evil.example")), ORIGIN)),
            "WebAuthnRelyingPartyMismatchException",
        ),
    ];
    for (case, forge, error) in cases {
        let options = start(token.clone()).await;
        let (options, origin) = forge(&options);
        let credential = authenticator.create(&options, origin).unwrap();
        let reply = complete(token.clone(), credential).await;
        assert_eq!(reply.error(), Some(error), "{case}: {:?}", reply.body);
    }

    // Malformed credentials.
    let options = start(token.clone()).await;
    let credential = authenticator.create(&options.to_string(), ORIGIN).unwrap();
    let mut broken: Value = serde_json::from_str(&credential).unwrap();
    broken["response"]["attestationObject"] = json!("AAAA");
    complete(token.clone(), broken.to_string())
        .await
        .err("InvalidParameterException");

    // Started with one app client, completed with another.
    let (other_client, _) = env
        .client(&app.pool, json!({"ExplicitAuthFlows": ["ALLOW_USER_AUTH"]}))
        .await;
    let other = App {
        pool: app.pool.clone(),
        client: other_client,
        secret: None,
    };
    let other_token = access_token(&env, &other).await;
    let options = start(token.clone()).await;
    let credential = authenticator.create(&options.to_string(), ORIGIN).unwrap();
    complete(other_token, credential)
        .await
        .err("WebAuthnClientMismatchException");

    // Registered once; not twice.
    let options = start(token.clone()).await;
    let credential = authenticator.create(&options.to_string(), ORIGIN).unwrap();
    complete(token.clone(), credential.clone()).await.ok();
    let options = start(token.clone()).await;
    let credential = authenticator
        .create(&with(&options, "/excludeCredentials", json!([])), ORIGIN)
        .unwrap();
    complete(token.clone(), credential)
        .await
        .err("InvalidParameterException");
}

#[tokio::test]
async fn seeded_pools_carry_the_sign_in_policy_and_passkey_settings() {
    let env = Env::start().await;
    let seeded = env
        .emulator
        .load_seed(
            r#"{"pools": [{"name": "seeded", "user_pool_tier": "PLUS",
                 "allowed_first_auth_factors": ["PASSWORD", "WEB_AUTHN"],
                 "web_authn": {"relying_party_id": "example.com", "user_verification": "required"}}]}"#,
        )
        .unwrap();
    let pool = &seeded[0].id;
    let described = env
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(described["UserPool"]["UserPoolTier"], "PLUS");
    assert_eq!(
        described["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "WEB_AUTHN"])
    );
    let mfa = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(mfa["MfaConfiguration"], "OFF");
    assert_eq!(
        mfa["WebAuthnConfiguration"],
        json!({"RelyingPartyId": "example.com", "UserVerification": "required", "FactorConfiguration": "SINGLE_FACTOR"})
    );

    let spec = cognito_flow_emulator::PoolSpec::new("typed")
        .first_auth_factors(["PASSWORD", "EMAIL_OTP"])
        .web_authn(cognito_flow_emulator::WebAuthnSpec::new("example.com").multi_factor());
    let typed = env.emulator.create_pool(spec).unwrap();
    let mfa = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": typed.id}))
        .await
        .ok();
    assert_eq!(
        mfa["WebAuthnConfiguration"]["FactorConfiguration"],
        "MULTI_FACTOR_WITH_USER_VERIFICATION"
    );
}
