//! Sign-in flows over HTTP with a plain client: SRP (real claims), passwords, new password,
//! MFA (TOTP setup, TOTP, SMS, selection), sessions, lockout, user-existence errors.

mod support;

use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp, secret_hash};
use serde_json::{Value, json};
use support::{Env, Reply};

const PASSWORD: &str = "Corr3ct-horse!";
const ALL_FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

struct App {
    pool: String,
    client: String,
    secret: Option<String>,
}

async fn app(env: &Env, pool_extra: Value, client_extra: Value) -> App {
    let pool = env.pool(pool_extra).await;
    let mut c = json!({"ExplicitAuthFlows": ALL_FLOWS});
    support::merge(&mut c, client_extra);
    let (client, secret) = env.client(&pool, c).await;
    App {
        pool,
        client,
        secret,
    }
}

impl App {
    fn hash(&self, username: &str) -> Option<String> {
        self.secret
            .as_deref()
            .map(|s| secret_hash(username, &self.client, s))
    }

    fn with_hash(&self, mut params: Value, username: &str) -> Value {
        if let Some(h) = self.hash(username) {
            params["SECRET_HASH"] = json!(h);
        }
        params
    }
}

fn now(env: &Env) -> Timestamp {
    Timestamp::from_unix_seconds(env.clock.now_secs())
}

/// InitiateAuth(USER_SRP_AUTH) → PASSWORD_VERIFIER answered with a real claim.
async fn srp(env: &Env, app: &App, typed: &str, password: &str) -> Reply {
    let client = SrpClient::random().unwrap();
    let init = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
                   "AuthParameters": app.with_hash(json!({"USERNAME": typed, "SRP_A": client.srp_a()}), typed)}),
        )
        .await
        .ok();
    assert_eq!(init["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(
        init.get("Session").is_none(),
        "USER_SRP_AUTH returns no Session"
    );
    let p = &init["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    assert_eq!(p["USERNAME"], p["USER_ID_FOR_SRP"]);
    let challenge = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .password_claim(&app.pool, user_id, password, &challenge, &now(env))
        .unwrap();
    env.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client,
               "ChallengeResponses": app.with_hash(json!({
                   "USERNAME": user_id,
                   "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
                   "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
                   "TIMESTAMP": claim.timestamp().as_str(),
               }), user_id)}),
    )
    .await
}

async fn password(env: &Env, app: &App, typed: &str, password: &str) -> Reply {
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
               "AuthParameters": app.with_hash(json!({"USERNAME": typed, "PASSWORD": password}), typed)}),
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

fn assert_tokens(body: &Value) {
    let r = &body["AuthenticationResult"];
    for t in ["AccessToken", "IdToken", "RefreshToken"] {
        assert!(r[t].as_str().is_some_and(|s| s.len() > 20), "{t} in {body}");
    }
    assert_eq!(r["TokenType"], "Bearer");
    assert_eq!(r["ExpiresIn"], 3600);
    assert!(body.get("ChallengeName").is_none());
}

#[tokio::test]
async fn srp_sign_in_works_for_negative_and_positive_salts() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    let mut negative = 0;
    for i in 0..8 {
        let name = format!("user{i}");
        env.user(&app.pool, &name, PASSWORD, json!({})).await;
        let client = SrpClient::random().unwrap();
        let init = env
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
                "AuthParameters": {"USERNAME": name, "SRP_A": client.srp_a()}}),
            )
            .await
            .ok();
        if init["ChallengeParameters"]["SALT"]
            .as_str()
            .unwrap()
            .starts_with('-')
        {
            negative += 1;
        }
        assert_tokens(&srp(&env, &app, &name, PASSWORD).await.ok());
    }
    assert!(
        negative > 0 && negative < 8,
        "salts are signed like Cognito's: {negative}/8 negative"
    );
}

#[tokio::test]
async fn srp_refuses_a_wrong_password_and_a_replayed_secret_block() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "alice", PASSWORD, json!({})).await;
    let msg = srp(&env, &app, "alice", "wrong-password")
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Incorrect username or password.");

    // Capture one good answer and send it twice.
    let client = SrpClient::random().unwrap();
    let init = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "alice", "SRP_A": client.srp_a()}}),
        )
        .await
        .ok();
    let p = &init["ChallengeParameters"];
    let ch = ServerChallenge::parse(
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
    )
    .unwrap();
    let claim = client
        .password_claim(&app.pool, "alice", PASSWORD, &ch, &now(&env))
        .unwrap();
    let answer = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client, "ChallengeResponses": {
        "USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp().as_str()}});
    assert_tokens(
        &env.call("RespondToAuthChallenge", answer.clone())
            .await
            .ok(),
    );
    env.call("RespondToAuthChallenge", answer)
        .await
        .err("NotAuthorizedException");
}

#[tokio::test]
async fn srp_checks_timestamp_format_and_skew() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "bob", PASSWORD, json!({})).await;
    for (timestamp, code) in [
        // The service re-renders the text canonically before checking the signature (spec
        // §6.5), so a claim signed over the canonical text passes with a padded day; a
        // client that signed the padded text itself fails like any wrong signature.
        ("Tue Mar 05 07:04:09 UTC 2024", None),
        (
            "Tue Mar 5 07:04:09 +05:30 2024",
            Some("InvalidParameterException"),
        ),
        // Signed correctly, but an hour away from the emulator's clock.
        (
            "Tue Mar 5 08:04:09 UTC 2024",
            Some("NotAuthorizedException"),
        ),
    ] {
        let client = SrpClient::random().unwrap();
        let init = env
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
                "AuthParameters": {"USERNAME": "bob", "SRP_A": client.srp_a()}}),
            )
            .await
            .ok();
        let p = &init["ChallengeParameters"];
        let ch = ServerChallenge::parse(
            p["SALT"].as_str().unwrap(),
            p["SRP_B"].as_str().unwrap(),
            p["SECRET_BLOCK"].as_str().unwrap(),
        )
        .unwrap();
        let signed_at = Timestamp::parse(timestamp).unwrap_or_else(|_| now(&env));
        let claim = client
            .password_claim(&app.pool, "bob", PASSWORD, &ch, &signed_at)
            .unwrap();
        let reply = env.call("RespondToAuthChallenge", json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": app.client,
            "ChallengeResponses": {"USERNAME": "bob", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": timestamp}}))
            .await;
        match code {
            Some(code) => {
                reply.err(code);
            }
            None => assert_tokens(&reply.ok()),
        }
    }
}

#[tokio::test]
async fn srp_refuses_malicious_srp_a() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "carol", PASSWORD, json!({})).await;
    let n = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
    let huge = "1".repeat(100_000);
    for a in ["0", "000", n, &huge, "xyz"] {
        env.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "carol", "SRP_A": a}}),
        )
        .await
        .err("InvalidParameterException");
    }
    // Nothing changed: a normal sign-in still works.
    assert_tokens(&srp(&env, &app, "carol", PASSWORD).await.ok());
}

#[tokio::test]
async fn client_secrets_are_enforced_per_request_username() {
    let env = Env::start().await;
    let app = app(
        &env,
        json!({"AliasAttributes": ["email"]}),
        json!({"GenerateSecret": true}),
    )
    .await;
    assert!(app.secret.is_some());
    env.user(
        &app.pool,
        "dave",
        PASSWORD,
        json!({"email": "dave@example.com", "email_verified": "true"}),
    )
    .await;
    // Signing in by alias: SECRET_HASH over the alias first, then over USER_ID_FOR_SRP.
    assert_tokens(&srp(&env, &app, "dave@example.com", PASSWORD).await.ok());
    assert_tokens(&password(&env, &app, "dave", PASSWORD).await.ok());
    // Missing or wrong hash.
    let msg = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "dave", "PASSWORD": PASSWORD}}),
        )
        .await
        .err("NotAuthorizedException");
    assert!(msg.contains("SECRET_HASH was not received"), "{msg}");
    let msg = env
        .call("InitiateAuth", json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "dave", "PASSWORD": PASSWORD, "SECRET_HASH": app.hash("dave@example.com")}}))
        .await
        .err("NotAuthorizedException");
    assert!(msg.starts_with("Unable to verify secret hash"), "{msg}");
}

#[tokio::test]
async fn flows_are_checked_per_operation_and_client() {
    let env = Env::start().await;
    let app = app(
        &env,
        json!({}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )
    .await;
    env.user(&app.pool, "erin", PASSWORD, json!({})).await;
    let msg = password(&env, &app, "erin", PASSWORD)
        .await
        .err("InvalidParameterException");
    assert_eq!(msg, "USER_PASSWORD_AUTH flow not enabled for this client");
    let msg = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": app.client,
            "AuthParameters": {"USERNAME": "erin", "PASSWORD": PASSWORD}}),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(msg, "Initiate Auth method not supported.");
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "NOT_A_FLOW", "ClientId": app.client}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "nosuchclient"}),
    )
    .await
    .err("ResourceNotFoundException");
    env.call("InitiateAuth", json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": app.client, "AuthParameters": {"USERNAME": "erin"}}))
        .await
        .err("InvalidParameterException");
}

#[tokio::test]
async fn admin_password_sign_in_needs_a_signature() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "frank", PASSWORD, json!({})).await;
    let body = json!({"UserPoolId": app.pool, "ClientId": app.client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "frank", "PASSWORD": PASSWORD}});
    assert_tokens(&env.call("AdminInitiateAuth", body.clone()).await.ok());
    let unsigned = env
        .raw(
            "AdminInitiateAuth",
            serde_json::to_vec(&body).unwrap(),
            false,
        )
        .await;
    assert_eq!(
        unsigned.error(),
        Some("MissingAuthenticationTokenException")
    );
    let mut wrong_pool = body.clone();
    wrong_pool["UserPoolId"] = json!("us-east-1_NoSuchPo0");
    env.call("AdminInitiateAuth", wrong_pool)
        .await
        .err("ResourceNotFoundException");
    env.call(
        "AdminInitiateAuth",
        json!({"UserPoolId": app.pool, "ClientId": app.client, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "frank", "PASSWORD": PASSWORD}}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn unknown_users_follow_prevent_user_existence_errors() {
    let env = Env::start().await;
    let legacy = app(&env, json!({}), json!({})).await;
    assert_eq!(
        password(&env, &legacy, "ghost", PASSWORD)
            .await
            .err("UserNotFoundException"),
        "User does not exist."
    );
    let client = SrpClient::random().unwrap();
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": legacy.client,
        "AuthParameters": {"USERNAME": "ghost", "SRP_A": client.srp_a()}}),
    )
    .await
    .err("UserNotFoundException");

    let (client_id, _) = env
        .client(
            &legacy.pool,
            json!({"ExplicitAuthFlows": ALL_FLOWS, "PreventUserExistenceErrors": "ENABLED"}),
        )
        .await;
    let enabled = App {
        pool: legacy.pool.clone(),
        client: client_id,
        secret: None,
    };
    assert_eq!(
        password(&env, &enabled, "ghost", PASSWORD)
            .await
            .err("NotAuthorizedException"),
        "Incorrect username or password."
    );
    // SRP: a simulated challenge, the same salt and user id every time, then a refusal.
    let mut seen = Vec::new();
    for _ in 0..2 {
        let c = SrpClient::random().unwrap();
        let init = env
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": enabled.client,
                "AuthParameters": {"USERNAME": "ghost", "SRP_A": c.srp_a()}}),
            )
            .await
            .ok();
        let p = &init["ChallengeParameters"];
        seen.push((p["SALT"].clone(), p["USER_ID_FOR_SRP"].clone()));
        assert_eq!(p["USER_ID_FOR_SRP"].as_str().unwrap().len(), 36);
    }
    assert_eq!(seen[0], seen[1]);
    srp(&env, &enabled, "ghost", PASSWORD)
        .await
        .err("NotAuthorizedException");
}

#[tokio::test]
async fn five_failures_lock_the_user_with_a_doubling_lockout() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "gina", PASSWORD, json!({})).await;
    for _ in 0..5 {
        let msg = password(&env, &app, "gina", "Wrong-pass1!")
            .await
            .err("NotAuthorizedException");
        assert_eq!(msg, "Incorrect username or password.");
    }
    // Locked for 1 s: even the right password is refused, and that does not extend the lock.
    assert_eq!(
        password(&env, &app, "gina", PASSWORD)
            .await
            .err("NotAuthorizedException"),
        "Password attempts exceeded"
    );
    env.advance(1);
    // Sixth failure: locked for 2 s.
    password(&env, &app, "gina", "Wrong-pass1!")
        .await
        .err("NotAuthorizedException");
    env.advance(1);
    assert_eq!(
        password(&env, &app, "gina", PASSWORD)
            .await
            .err("NotAuthorizedException"),
        "Password attempts exceeded"
    );
    env.advance(1);
    assert_tokens(&password(&env, &app, "gina", PASSWORD).await.ok());
}

async fn temp_user(env: &Env, app: &App, name: &str) -> String {
    env.call("AdminCreateUser", json!({"UserPoolId": app.pool, "Username": name, "TemporaryPassword": "Temp-pass1!",
        "MessageAction": "SUPPRESS", "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}]}))
        .await
        .ok();
    "Temp-pass1!".to_owned()
}

#[tokio::test]
async fn new_password_required_keeps_the_session_on_a_policy_failure() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    let temp = temp_user(&env, &app, "hank").await;
    let ch = srp(&env, &app, "hank", &temp).await.ok();
    assert_eq!(ch["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let p = &ch["ChallengeParameters"];
    assert_eq!(p["requiredAttributes"], "[]");
    let attrs: Value = serde_json::from_str(p["userAttributes"].as_str().unwrap()).unwrap();
    assert_eq!(attrs["email"], "hank@example.com");
    let session = ch["Session"].clone();

    let msg = respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "hank",
        json!({"NEW_PASSWORD": "short"}),
    )
    .await
    .err("InvalidPasswordException");
    assert!(
        msg.starts_with("Password does not conform to policy"),
        "{msg}"
    );
    respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "hank",
        json!({"NEW_PASSWORD": "N3w-password!", "userAttributes.email_verified": "true"}),
    )
    .await
    .err("NotAuthorizedException");
    let done = respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "hank",
        json!({"NEW_PASSWORD": "N3w-password!", "userAttributes.name": "Hank"}),
    )
    .await
    .ok();
    assert_tokens(&done);
    let again = respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "hank",
        json!({"NEW_PASSWORD": "N3w-password!"}),
    )
    .await
    .err("NotAuthorizedException");
    assert_eq!(
        again,
        "Invalid session for the user, session can only be used once."
    );
    assert_tokens(&srp(&env, &app, "hank", "N3w-password!").await.ok());
    srp(&env, &app, "hank", &temp)
        .await
        .err("NotAuthorizedException");
}

#[tokio::test]
async fn sessions_expire_and_are_bound_to_their_client_and_challenge() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    let temp = temp_user(&env, &app, "ivy").await;
    let ch = password(&env, &app, "ivy", &temp).await.ok();
    let session = ch["Session"].clone();
    let (other, _) = env
        .client(&app.pool, json!({"ExplicitAuthFlows": ALL_FLOWS}))
        .await;
    let other = App {
        pool: app.pool.clone(),
        client: other,
        secret: None,
    };
    respond(
        &env,
        &other,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "ivy",
        json!({"NEW_PASSWORD": "N3w-password!"}),
    )
    .await
    .err("NotAuthorizedException");
    respond(
        &env,
        &app,
        "SMS_MFA",
        &session,
        "ivy",
        json!({"SMS_MFA_CODE": "123456"}),
    )
    .await
    .err("InvalidParameterException");
    respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "someone-else",
        json!({"NEW_PASSWORD": "N3w-password!"}),
    )
    .await
    .err("NotAuthorizedException");
    respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &json!("not-a-real-session-string-at-all"),
        "ivy",
        json!({"NEW_PASSWORD": "N3w-password!"}),
    )
    .await
    .err("NotAuthorizedException");
    env.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": app.client,
        "ChallengeResponses": {"USERNAME": "ivy", "NEW_PASSWORD": "N3w-password!"}}),
    )
    .await
    .err("InvalidParameterException");
    // Default AuthSessionValidity: 3 minutes.
    env.advance(181);
    let msg = respond(
        &env,
        &app,
        "NEW_PASSWORD_REQUIRED",
        &session,
        "ivy",
        json!({"NEW_PASSWORD": "N3w-password!"}),
    )
    .await
    .err("NotAuthorizedException");
    assert!(msg.contains("expired"), "{msg}");
}

async fn totp_pool(env: &Env, mfa: &str) -> App {
    let app = app(env, json!({}), json!({})).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": app.pool, "MfaConfiguration": mfa,
        "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .ok();
    app
}

#[tokio::test]
async fn mfa_setup_then_totp_sign_in() {
    let env = Env::start().await;
    let app = totp_pool(&env, "ON").await;
    env.user(&app.pool, "jill", PASSWORD, json!({})).await;
    let ch = srp(&env, &app, "jill", PASSWORD).await.ok();
    assert_eq!(ch["ChallengeName"], "MFA_SETUP");
    let can: Vec<String> = serde_json::from_str(
        ch["ChallengeParameters"]["MFAS_CAN_SETUP"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(can, ["SOFTWARE_TOKEN_MFA"]);
    let s0 = ch["Session"].clone();
    // The MFA_SETUP Session cannot be answered before a token is verified.
    respond(&env, &app, "MFA_SETUP", &s0, "jill", json!({}))
        .await
        .err("InvalidParameterException");

    let assoc = env
        .call("AssociateSoftwareToken", json!({"Session": s0}))
        .await
        .ok();
    let secret = assoc["SecretCode"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 16);
    let s1 = assoc["Session"].clone();
    assert_ne!(s1, s0);
    env.call(
        "VerifySoftwareToken",
        json!({"Session": s1, "UserCode": "000000"}),
    )
    .await
    .err("EnableSoftwareTokenMFAException");
    let code = env.emulator.totp_code_for_secret(&secret).unwrap();
    let verified = env
        .call(
            "VerifySoftwareToken",
            json!({"Session": s1, "UserCode": code}),
        )
        .await
        .ok();
    assert_eq!(verified["Status"], "SUCCESS");
    let s2 = verified["Session"].clone();
    assert_tokens(
        &respond(&env, &app, "MFA_SETUP", &s2, "jill", json!({}))
            .await
            .ok(),
    );

    // Next sign-in: SOFTWARE_TOKEN_MFA, in the next 30-second step.
    env.advance(30);
    let ch = srp(&env, &app, "jill", PASSWORD).await.ok();
    assert_eq!(ch["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let session = ch["Session"].clone();
    respond(
        &env,
        &app,
        "SOFTWARE_TOKEN_MFA",
        &session,
        "jill",
        json!({"SOFTWARE_TOKEN_MFA_CODE": "123456"}),
    )
    .await
    .err("CodeMismatchException");
    let code = env.emulator.totp_code(&app.pool, "jill").unwrap();
    let ok = respond(
        &env,
        &app,
        "SOFTWARE_TOKEN_MFA",
        &session,
        "jill",
        json!({"SOFTWARE_TOKEN_MFA_CODE": code}),
    )
    .await
    .ok();
    assert_tokens(&ok);
    // The same code in the same step is refused as used.
    let ch = srp(&env, &app, "jill", PASSWORD).await.ok();
    let session = ch["Session"].clone();
    let code = env.emulator.totp_code(&app.pool, "jill").unwrap();
    respond(
        &env,
        &app,
        "SOFTWARE_TOKEN_MFA",
        &session,
        "jill",
        json!({"SOFTWARE_TOKEN_MFA_CODE": code}),
    )
    .await
    .err("ExpiredCodeException");
}

#[tokio::test]
async fn wrong_codes_exhaust_the_session() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.call("SetUserPoolMfaConfig", json!({"UserPoolId": app.pool, "MfaConfiguration": "OPTIONAL",
        "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}}))
        .await
        .ok();
    env.user(
        &app.pool,
        "kim",
        PASSWORD,
        json!({"phone_number": "+15555550123"}),
    )
    .await;
    env.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": app.pool, "Username": "kim",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .ok();
    let ch = password(&env, &app, "kim", PASSWORD).await.ok();
    assert_eq!(ch["ChallengeName"], "SMS_MFA");
    assert_eq!(
        ch["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "SMS"
    );
    assert_eq!(
        ch["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+*******0123"
    );
    let code = env.emulator.last_code("kim").unwrap();
    let session = ch["Session"].clone();
    for _ in 0..3 {
        respond(
            &env,
            &app,
            "SMS_MFA",
            &session,
            "kim",
            json!({"SMS_MFA_CODE": "000000"}),
        )
        .await
        .err("CodeMismatchException");
    }
    respond(
        &env,
        &app,
        "SMS_MFA",
        &session,
        "kim",
        json!({"SMS_MFA_CODE": code}),
    )
    .await
    .err("NotAuthorizedException");
    // A fresh sign-in with the right code works; the phone number becomes verified.
    let ch = password(&env, &app, "kim", PASSWORD).await.ok();
    let code = env.emulator.last_code("kim").unwrap();
    assert_tokens(
        &respond(
            &env,
            &app,
            "SMS_MFA",
            &ch["Session"],
            "kim",
            json!({"SMS_MFA_CODE": code}),
        )
        .await
        .ok(),
    );
}

#[tokio::test]
async fn several_factors_without_a_preference_ask_to_select() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.call("SetUserPoolMfaConfig", json!({"UserPoolId": app.pool, "MfaConfiguration": "OPTIONAL",
        "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}},
        "SoftwareTokenMfaConfiguration": {"Enabled": true}}))
        .await
        .ok();
    env.user(
        &app.pool,
        "lee",
        PASSWORD,
        json!({"phone_number": "+15555550124"}),
    )
    .await;
    // TOTP through the access-token path, then both factors enabled, none preferred.
    let tokens = password(&env, &app, "lee", PASSWORD).await.ok();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    let assoc = env
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await;
    let secret = assoc.ok()["SecretCode"].as_str().unwrap().to_owned();
    let code = env.emulator.totp_code_for_secret(&secret).unwrap();
    env.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
    )
    .await
    .ok();
    env.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
        "SMSMfaSettings": {"Enabled": true}, "SoftwareTokenMfaSettings": {"Enabled": true}}),
    )
    .await
    .ok();
    let ch = password(&env, &app, "lee", PASSWORD).await.ok();
    assert_eq!(ch["ChallengeName"], "SELECT_MFA_TYPE");
    let choices: Vec<String> = serde_json::from_str(
        ch["ChallengeParameters"]["MFAS_CAN_CHOOSE"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(choices, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    respond(
        &env,
        &app,
        "SELECT_MFA_TYPE",
        &ch["Session"],
        "lee",
        json!({"ANSWER": "EMAIL_OTP"}),
    )
    .await
    .err("InvalidParameterException");
    let sms = respond(
        &env,
        &app,
        "SELECT_MFA_TYPE",
        &ch["Session"],
        "lee",
        json!({"ANSWER": "SMS_MFA"}),
    )
    .await
    .ok();
    assert_eq!(sms["ChallengeName"], "SMS_MFA");
    let code = env.emulator.last_code("lee").unwrap();
    assert_tokens(
        &respond(
            &env,
            &app,
            "SMS_MFA",
            &sms["Session"],
            "lee",
            json!({"SMS_MFA_CODE": code}),
        )
        .await
        .ok(),
    );
}

#[tokio::test]
async fn user_states_are_refused_as_cognito_does() {
    let env = Env::start().await;
    let app = app(&env, json!({}), json!({})).await;
    env.user(&app.pool, "mia", PASSWORD, json!({})).await;
    env.call(
        "AdminDisableUser",
        json!({"UserPoolId": app.pool, "Username": "mia"}),
    )
    .await
    .ok();
    assert_eq!(
        password(&env, &app, "mia", PASSWORD)
            .await
            .err("NotAuthorizedException"),
        "User is disabled."
    );
    env.call(
        "AdminEnableUser",
        json!({"UserPoolId": app.pool, "Username": "mia"}),
    )
    .await
    .ok();
    assert_tokens(&password(&env, &app, "mia", PASSWORD).await.ok());
}
