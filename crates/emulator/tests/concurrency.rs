//! Many sign-ins at once never corrupt state: parallel SRP and password sign-ins of many
//! users, concurrent wrong passwords against one user's lockout counter, and one Session
//! answered concurrently by many requests (exactly one wins).

mod support;

use std::sync::Arc;

use cognito_flow_srp::{ServerChallenge, SrpClient, Timestamp};
use serde_json::json;
use support::Env;

const PASSWORD: &str = "Corr3ct-horse!";

async fn setup(env: &Env) -> (String, String) {
    let pool = env.pool(json!({})).await;
    let (client, _) = env
        .client(&pool, json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
        .await;
    (pool, client)
}

async fn srp_sign_in(env: &Env, pool: &str, client_id: &str, user: &str) -> bool {
    let client = SrpClient::random().unwrap();
    let init = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
            "AuthParameters": {"USERNAME": user, "SRP_A": client.srp_a()}}),
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
    let now = Timestamp::from_unix_seconds(env.clock.now_secs());
    let claim = client
        .password_claim(pool, user, PASSWORD, &ch, &now)
        .unwrap();
    let reply = env
        .call("RespondToAuthChallenge", json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
            "ChallengeResponses": {"USERNAME": user, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp().as_str()}}))
        .await;
    reply.status == 200 && reply.body["AuthenticationResult"]["AccessToken"].is_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ins_of_many_users_all_succeed() {
    let env = Arc::new(Env::start().await);
    let (pool, client) = setup(&env).await;
    let users: Vec<String> = (0..24).map(|i| format!("user{i}")).collect();
    for u in &users {
        env.user(&pool, u, PASSWORD, json!({})).await;
    }
    let mut tasks = Vec::new();
    for (i, u) in users.iter().cloned().enumerate() {
        let (env, pool, client) = (Arc::clone(&env), pool.clone(), client.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                srp_sign_in(&env, &pool, &client, &u).await
            } else {
                env.call(
                    "InitiateAuth",
                    json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                    "AuthParameters": {"USERNAME": u, "PASSWORD": PASSWORD}}),
                )
                .await
                .status
                    == 200
            }
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap(), "every sign-in succeeds");
    }
    // The state is intact: every user can still sign in, and ListUsers sees them all.
    let listed = env
        .call("ListUsers", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(listed["Users"].as_array().map(Vec::len), Some(24));
    assert!(srp_sign_in(&env, &pool, &client, "user3").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_wrong_passwords_count_exactly() {
    let env = Arc::new(Env::start().await);
    let (pool, client) = setup(&env).await;
    env.user(&pool, "target", PASSWORD, json!({})).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (env, client) = (Arc::clone(&env), client.clone());
        tasks.push(tokio::spawn(async move {
            env.call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                "AuthParameters": {"USERNAME": "target", "PASSWORD": "Wrong-pass1!"}}),
            )
            .await
            .err("NotAuthorizedException")
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), "Incorrect username or password.");
    }
    // Four failures recorded, not fewer: the fifth locks, the sixth is refused as locked.
    env.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
        "AuthParameters": {"USERNAME": "target", "PASSWORD": "Wrong-pass1!"}}),
    )
    .await
    .err("NotAuthorizedException");
    let msg = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": {"USERNAME": "target", "PASSWORD": PASSWORD}}),
        )
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "Password attempts exceeded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_session_answered_many_times_at_once_succeeds_once() {
    let env = Arc::new(Env::start().await);
    let (pool, client) = setup(&env).await;
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "temp", "MessageAction": "SUPPRESS",
        "TemporaryPassword": "Temp-pass1!"}),
    )
    .await
    .ok();
    let ch = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": {"USERNAME": "temp", "PASSWORD": "Temp-pass1!"}}),
        )
        .await
        .ok();
    let session = ch["Session"].clone();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (env, client, session) = (Arc::clone(&env), client.clone(), session.clone());
        tasks.push(tokio::spawn(async move {
            env.call("RespondToAuthChallenge", json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": client,
                "Session": session, "ChallengeResponses": {"USERNAME": "temp", "NEW_PASSWORD": format!("N3w-password!{i}")}}))
                .await
                .status
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == 200 {
            ok += 1;
        }
    }
    assert_eq!(ok, 1, "a single-use Session is answered exactly once");
}
