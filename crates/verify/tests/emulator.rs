//! Against the local emulator over HTTP: users signed in with the SDK, the emulator's JWKS
//! fetched by the built-in `HttpFetcher`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_flow::{Client, Next, Password, Tokens};
use cognito_flow_emulator::{Emulator, RunningEmulator};
use cognito_flow_verify::{ErrorKind, HttpFetcher, TokenUse, TokenVerifier, TokenVerifierBuilder};
use serde_json::{Value, json};
use support::{Counting, TestKey, random_kid};

const PASSWORD: &str = "Corr3ct-horse!";

struct World {
    emulator: RunningEmulator,
    pool_id: String,
    client_id: String,
}

fn call(emulator: &Emulator, op: &str, body: Value) -> Value {
    let out = emulator
        .call(op, &body.to_string())
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    serde_json::from_str(&out).unwrap_or(Value::Null)
}

impl World {
    async fn start() -> World {
        let emulator = Emulator::builder().start().await.unwrap();
        let pool = call(&emulator, "CreateUserPool", json!({"PoolName": "verify"}));
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        let client = call(
            &emulator,
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "api", "EnableTokenRevocation": true}),
        );
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .to_owned();
        call(
            &emulator,
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "alice", "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": "alice@example.com"},
                                      {"Name": "email_verified", "Value": "true"}]}),
        );
        call(
            &emulator,
            "AdminSetUserPassword",
            json!({"UserPoolId": pool_id, "Username": "alice", "Password": PASSWORD, "Permanent": true}),
        );
        World {
            emulator,
            pool_id,
            client_id,
        }
    }

    fn issuer(&self) -> String {
        format!("{}/{}", self.emulator.endpoint(), self.pool_id)
    }

    /// Signs alice in with SRP through the SDK.
    async fn sign_in(&self) -> Tokens {
        let client = Client::builder()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .endpoint_url(self.emulator.endpoint())
            .build()
            .unwrap();
        match client
            .sign_in("alice", Password::new(PASSWORD))
            .await
            .unwrap()
        {
            Next::SignedIn(s) => s.into_tokens(),
            other => panic!("{other:?}"),
        }
    }

    fn verifier(&self) -> TokenVerifierBuilder {
        TokenVerifier::builder()
            .pool_with_issuer(&self.pool_id, self.issuer())
            .client_id(&self.client_id)
    }
}

#[tokio::test]
async fn emulator_tokens_verify_over_http() {
    let world = World::start().await;
    let tokens = world.sign_in().await;
    let access = tokens.access_token.expose_secret();
    let id = tokens.id_token.expose_secret();

    let calls = Arc::new(AtomicUsize::new(0));
    let v = world
        .verifier()
        .fetcher(Counting {
            inner: HttpFetcher::new().unwrap(),
            calls: Arc::clone(&calls),
        })
        .require_scopes(["aws.cognito.signin.user.admin"])
        .build()
        .unwrap();
    let claims = v.verify(access).await.unwrap();
    assert_eq!(claims.token_use(), TokenUse::Access);
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.client_id(), world.client_id);
    assert_eq!(claims.issuer(), world.issuer());
    assert!(claims.origin_jti().is_some() && claims.event_id().is_some());
    assert!(claims.expires_at() > SystemTime::now());
    // The ID token where an access token is expected.
    assert_eq!(
        v.verify(id).await.unwrap_err().kind(),
        ErrorKind::WrongTokenUse
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the JWKS is cached");

    let ids = world.verifier().token_use(TokenUse::Id).build().unwrap();
    let claims = ids.verify(id).await.unwrap();
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.email(), Some("alice@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(claims.sub(), v.verify(access).await.unwrap().sub());
    assert_eq!(
        ids.verify(access).await.unwrap_err().kind(),
        ErrorKind::WrongTokenUse
    );

    // Another app client of the same pool.
    let other = TokenVerifier::builder()
        .pool_with_issuer(&world.pool_id, world.issuer())
        .client_id("someotherclient")
        .any_token_use()
        .build()
        .unwrap();
    assert_eq!(
        other.verify(access).await.unwrap_err().kind(),
        ErrorKind::WrongClient
    );
    assert_eq!(
        other.verify(id).await.unwrap_err().kind(),
        ErrorKind::WrongClient
    );

    // The same pool id on AWS: the emulator's issuer is not AWS's.
    let aws = TokenVerifier::builder()
        .pool(&world.pool_id)
        .client_id(&world.client_id)
        .build()
        .unwrap();
    assert_eq!(
        aws.verify(access).await.unwrap_err().kind(),
        ErrorKind::WrongIssuer
    );

    // Tampered.
    let tampered = format!("{}A", access);
    assert_eq!(
        v.verify(&tampered).await.unwrap_err().kind(),
        ErrorKind::BadSignature
    );

    // Later than the token's exp (an hour), by the verifier's clock.
    let later = world
        .verifier()
        .time_source(|| SystemTime::now() + Duration::from_secs(2 * 3600))
        .build()
        .unwrap();
    assert_eq!(
        later.verify(access).await.unwrap_err().kind(),
        ErrorKind::Expired
    );
    let earlier = world
        .verifier()
        .time_source(|| UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .build()
        .unwrap();
    assert_eq!(
        earlier.verify(access).await.unwrap_err().kind(),
        ErrorKind::NotYetValid
    );
}

#[tokio::test]
async fn forged_kids_fetch_the_emulator_jwks_at_most_once() {
    let world = World::start().await;
    let tokens = world.sign_in().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let v = world
        .verifier()
        .fetcher(Counting {
            inner: HttpFetcher::new().unwrap(),
            calls: Arc::clone(&calls),
        })
        .build()
        .unwrap();

    // Made-up kids, our own key, the emulator's issuer and client.
    let key = TestKey::a();
    let mut claims: Value = json!({});
    let access = tokens.access_claims().unwrap();
    for name in ["sub", "iss", "client_id", "token_use", "scope", "username"] {
        claims[name] = json!(access.string(name));
    }
    claims["exp"] = json!(access.number("exp"));
    claims["iat"] = json!(access.number("iat"));
    for _ in 0..100 {
        let token = key.sign_with_header(&json!({"kid": random_kid(), "alg": "RS256"}), &claims);
        assert_eq!(
            v.verify(&token).await.unwrap_err().kind(),
            ErrorKind::UnknownKey
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The emulator's own key still works, from the cache.
    assert!(v.verify(tokens.access_token.expose_secret()).await.is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Our key under the emulator's kid: a bad signature.
    let kid = {
        use base64::Engine as _;
        let header = tokens
            .access_token
            .expose_secret()
            .split('.')
            .next()
            .unwrap()
            .to_owned();
        let header: Value =
            serde_json::from_slice(&support::B64URL.decode(header).unwrap()).unwrap();
        header["kid"].as_str().unwrap().to_owned()
    };
    let token = key.sign_with_header(&json!({"kid": kid, "alg": "RS256"}), &claims);
    assert_eq!(
        v.verify(&token).await.unwrap_err().kind(),
        ErrorKind::BadSignature
    );
}

#[tokio::test]
async fn unreachable_jwks_is_unavailable_not_refused() {
    let world = World::start().await;
    let tokens = world.sign_in().await;
    let endpoint = world.emulator.endpoint().to_owned();
    let v = world.verifier().build().unwrap();
    world.emulator.shutdown().await.unwrap();
    let err = v
        .verify(tokens.access_token.expose_secret())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::JwksUnavailable, "{endpoint}: {err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn rotated_keys_are_fetched_on_the_unknown_kid() {
    let world = World::start().await;
    let before = world.sign_in().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let interval = Duration::from_millis(300);
    let v = world
        .verifier()
        .fetcher(Counting {
            inner: HttpFetcher::new().unwrap(),
            calls: Arc::clone(&calls),
        })
        .jwks_refetch_interval(interval)
        .build()
        .unwrap();
    assert!(v.verify(before.access_token.expose_secret()).await.is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // New keys: the next sign-in's tokens carry new kids.
    let emulator = world.emulator.emulator().clone();
    let pool_id = world.pool_id.clone();
    tokio::task::spawn_blocking(move || emulator.rotate_keys(&pool_id))
        .await
        .unwrap()
        .unwrap();
    let after = world.sign_in().await;
    let kid = |t: &str| t.split('.').next().unwrap().to_owned();
    assert_ne!(
        kid(before.access_token.expose_secret()),
        kid(after.access_token.expose_secret())
    );

    // Inside the penalty box the new kid is unknown, and nothing is fetched.
    let err = v
        .verify(after.access_token.expose_secret())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownKey);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // After it, the unknown kid causes one refetch, which brings the new key.
    tokio::time::sleep(interval + Duration::from_millis(50)).await;
    let claims = v.verify(after.access_token.expose_secret()).await.unwrap();
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // The ID token's new key came with the same fetch; the old tokens still verify (the old
    // keys stay published until they are no longer needed).
    let ids = world.verifier().token_use(TokenUse::Id).fetcher(Counting {
        inner: HttpFetcher::new().unwrap(),
        calls: Arc::clone(&calls),
    });
    let ids = ids.build().unwrap();
    assert!(ids.verify(after.id_token.expose_secret()).await.is_ok());
    assert!(ids.verify(before.id_token.expose_secret()).await.is_ok());
    assert!(v.verify(before.access_token.expose_secret()).await.is_ok());
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "one fetch for the second verifier"
    );

    // The emulator itself still accepts the old access token (GetUser).
    let out = world
        .emulator
        .call(
            "GetUser",
            &json!({"AccessToken": before.access_token.expose_secret()}).to_string(),
        )
        .unwrap();
    assert!(out.contains("alice"));
}
