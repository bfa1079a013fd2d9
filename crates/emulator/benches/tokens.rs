#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]
//! What one password sign-in costs inside the emulator, without HTTP, for
//! `scripts/bench-emulator` (which runs it beside its load test and writes the figures into
//! docs/performance.md). Run with `cargo bench -p cognito-flow-emulator --bench tokens`.
//!
//! * `emulator/rs256_pair`: signing an access token and an ID token, as `PoolKeys::sign` in
//!   `src/keys.rs` does it — the same crate and calls (`rsa`'s `SigningKey<Sha256>` over an
//!   RSA-2048 key, `Signer::sign`, base64url of the JSON header and claims) — on claims shaped
//!   like the emulator's. `keys.rs` is private to the crate, so its steps are repeated here
//!   rather than called.
//! * `emulator/rs256_one`: one of those signatures, over the access token's signing input.
//! * `emulator/verifier`: `Verifier::new`, the password check of `USER_PASSWORD_AUTH` (the
//!   emulator recomputes the SRP verifier `g^x` from the typed password and the stored salt).
//! * `emulator/user_password_auth`: the whole `InitiateAuth` `USER_PASSWORD_AUTH` operation
//!   through `Emulator::call` (JSON in, checks, verifier, refresh token, two RS256 tokens,
//!   JSON out), no HTTP.
//! * `emulator/srp_server`: the server's part of an SRP sign-in through `Emulator::call`:
//!   `InitiateAuth` `USER_SRP_AUTH` plus `RespondToAuthChallenge` `PASSWORD_VERIFIER`, timed
//!   without the client's computation (done by `cognito-flow-srp`'s client between the calls).

use std::hint::black_box;
use std::time::{Duration, Instant};

use base64::Engine as _;
use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
use cognito_flow_srp::{Salt, ServerChallenge, SrpClient, Timestamp, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};
use sha2::Sha256;

const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
const USER: &str = "bench-user";
const PASSWORD: &str = "Passw0rd!";

/// `PoolKeys::sign`'s steps.
fn sign(key: &SigningKey<Sha256>, kid: &str, claims: &Value) -> String {
    let header = json!({"kid": kid, "alg": "RS256"});
    let signing_input = format!(
        "{}.{}",
        B64URL.encode(serde_json::to_vec(&header).unwrap()),
        B64URL.encode(serde_json::to_vec(claims).unwrap())
    );
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", B64URL.encode(signature.to_bytes()))
}

fn key(seed: u8) -> SigningKey<Sha256> {
    let mut rng = ChaCha20Rng::from_seed([seed; 32]);
    SigningKey::new(RsaPrivateKey::new(&mut rng, 2048).expect("RSA-2048 key"))
}

/// Claims of the sizes the emulator issues (spec §8.8).
fn claims() -> (Value, Value) {
    let iss = "http://127.0.0.1:40123/us-east-1_Ab12Cd34E";
    let sub = "5f0e2c1a-9b7d-4e3f-8a6b-1c2d3e4f5a6b";
    let client_id = "3n4b5c6d7e8f9g0h1i2j3k4l5m";
    let access = json!({
        "sub": sub, "iss": iss, "client_id": client_id,
        "origin_jti": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
        "event_id": "1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": 1_767_225_600,
        "exp": 1_767_229_200, "iat": 1_767_225_600,
        "jti": "2d3e4f5a-6b7c-8d9e-0f1a-2b3c4d5e6f7a", "username": USER, "version": 2,
    });
    let id = json!({
        "email": "bench@example.com", "email_verified": true, "sub": sub, "iss": iss,
        "cognito:username": USER, "origin_jti": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
        "aud": client_id, "event_id": "1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f",
        "token_use": "id", "auth_time": 1_767_225_600, "exp": 1_767_229_200,
        "iat": 1_767_225_600, "jti": "3e4f5a6b-7c8d-9e0f-1a2b-3c4d5e6f7a8b",
    });
    (access, id)
}

/// A pool, a public client allowing password and SRP sign-ins, one confirmed user.
fn emulator() -> (Emulator, String, String) {
    let emulator = Emulator::new(EmulatorConfig::default(), Clock::system());
    emulator.warm_up();
    let call = |op: &str, body: Value| -> Value {
        let out = emulator.call(op, &body.to_string()).expect(op);
        serde_json::from_str(&out).expect("JSON")
    };
    let pool = call("CreateUserPool", json!({"PoolName": "bench"}));
    let pool_id = pool["UserPool"]["Id"].as_str().expect("pool id").to_owned();
    let client = call(
        "CreateUserPoolClient",
        json!({
            "UserPoolId": pool_id, "ClientName": "bench",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                                  "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
    );
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .expect("client id")
        .to_owned();
    call(
        "AdminCreateUser",
        json!({
            "UserPoolId": pool_id, "Username": USER, "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": "bench@example.com"},
                               {"Name": "email_verified", "Value": "true"}],
        }),
    );
    call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": USER, "Password": PASSWORD, "Permanent": true}),
    );
    (emulator, pool_id, client_id)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("emulator");
    group.sample_size(30);

    let (id_key, access_key) = (key(1), key(2));
    let (access, id) = claims();
    let kid = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=";
    group.bench_function("rs256_pair", |b| {
        b.iter(|| {
            (
                sign(&access_key, kid, black_box(&access)),
                sign(&id_key, kid, black_box(&id)),
            )
        });
    });
    let input = format!(
        "eyJraWQiOiJ4IiwiYWxnIjoiUlMyNTYifQ.{}",
        B64URL.encode(serde_json::to_vec(&access).unwrap())
    );
    group.bench_function("rs256_one", |b| {
        b.iter(|| access_key.sign(black_box(input.as_bytes())).to_bytes());
    });

    cognito_flow_srp::warm_up();
    let salt_bytes: [u8; 16] = core::array::from_fn(|i| 0x51 ^ i as u8);
    group.bench_function("verifier", |b| {
        b.iter(|| {
            let salt = Salt::from_bytes(&salt_bytes).unwrap();
            Verifier::new("us-east-1_Ab12Cd34E", USER, black_box(PASSWORD), salt)
                .unwrap()
                .verifier_hex()
        });
    });

    let (emulator, pool_id, client_id) = emulator();
    let password_body = json!({
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
        "AuthParameters": {"USERNAME": USER, "PASSWORD": PASSWORD},
    })
    .to_string();
    let first = emulator
        .call("InitiateAuth", &password_body)
        .expect("sign-in");
    assert!(first.contains("\"IdToken\"") && first.contains("\"AccessToken\""));
    group.bench_function("user_password_auth", |b| {
        b.iter(|| {
            emulator
                .call("InitiateAuth", black_box(&password_body))
                .unwrap()
        });
    });

    group.bench_function("srp_server", |b| {
        b.iter_custom(|iters| {
            let mut server = Duration::ZERO;
            for _ in 0..iters {
                let client = SrpClient::random().unwrap();
                let body = json!({
                    "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                    "AuthParameters": {"USERNAME": USER, "SRP_A": client.srp_a()},
                })
                .to_string();
                let started = Instant::now();
                let out = emulator.call("InitiateAuth", &body).unwrap();
                server += started.elapsed();
                let out: Value = serde_json::from_str(&out).unwrap();
                let p = &out["ChallengeParameters"];
                let s = |k: &str| p[k].as_str().unwrap().to_owned();
                let challenge =
                    ServerChallenge::parse(&s("SALT"), &s("SRP_B"), &s("SECRET_BLOCK")).unwrap();
                let claim = client
                    .password_claim(
                        &pool_id,
                        &s("USER_ID_FOR_SRP"),
                        PASSWORD,
                        &challenge,
                        &Timestamp::now(),
                    )
                    .unwrap();
                let body = json!({
                    "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
                    "Session": out["Session"],
                    "ChallengeResponses": {
                        "USERNAME": s("USER_ID_FOR_SRP"),
                        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block(),
                        "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
                        "TIMESTAMP": claim.timestamp().as_str(),
                    },
                })
                .to_string();
                let started = Instant::now();
                let out = emulator.call("RespondToAuthChallenge", &body).unwrap();
                server += started.elapsed();
                assert!(
                    out.contains("\"AccessToken\""),
                    "the SRP sign-in failed: {out}"
                );
            }
            server
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
