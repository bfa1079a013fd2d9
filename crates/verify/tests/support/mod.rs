//! Test keys and tokens: RS256 tokens signed with fixed RSA-2048 test keys (so `exp`, `nbf`,
//! `kid` and everything else can be set freely), their JWKS, and fetchers that count.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use cognito_flow_verify::{FetchError, FetchFuture, JwksFetcher};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

pub const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Test-only RSA-2048 keys (PKCS#8 DER, made with `openssl genpkey`).
const KEY_A: &[u8] = include_bytes!("test-key-a.pk8");
const KEY_B: &[u8] = include_bytes!("test-key-b.pk8");

pub const POOL: &str = "us-east-1_TestPool1";
pub const OTHER_POOL: &str = "eu-west-1_TestPool2";
pub const CLIENT: &str = "testclient0123456789";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1";
pub const OTHER_ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool2";

/// A signing key and the `kid` it is published under.
pub struct TestKey {
    pair: RsaKeyPair,
    pub kid: String,
}

impl TestKey {
    pub fn a() -> Self {
        Self::new(KEY_A, "kid-a")
    }

    pub fn b() -> Self {
        Self::new(KEY_B, "kid-b")
    }

    pub fn new(der: &[u8], kid: &str) -> Self {
        Self {
            pair: RsaKeyPair::from_pkcs8(der).expect("test key"),
            kid: kid.to_owned(),
        }
    }

    /// The key as a JWK, as Cognito publishes it.
    pub fn jwk(&self) -> Value {
        let c: RsaPublicKeyComponents<Vec<u8>> = self.pair.public().into();
        json!({"alg": "RS256", "e": B64URL.encode(&c.e), "kid": self.kid, "kty": "RSA",
               "n": B64URL.encode(&c.n), "use": "sig"})
    }

    /// The DER `RSAPublicKey`: the "secret" of the HS256 confusion attack.
    pub fn public_der(&self) -> Vec<u8> {
        self.pair.public().as_ref().to_vec()
    }

    /// An RS256 token with this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with_header(&json!({"kid": self.kid, "alg": "RS256"}), claims)
    }

    /// An RS256 signature by this key over any header and claims.
    pub fn sign_with_header(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
        let mut sig = vec![0u8; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                input.as_bytes(),
                &mut sig,
            )
            .expect("sign");
        format!("{input}.{}", B64URL.encode(sig))
    }
}

/// `{"keys": [...]}`.
pub fn jwks(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Claims of a Cognito access token of [`POOL`] for [`CLIENT`], valid for an hour.
pub fn access_claims() -> Value {
    let now = now();
    json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "cognito:groups": ["staff"],
        "iss": ISSUER, "client_id": CLIENT, "origin_jti": "o-1", "event_id": "e-1",
        "token_use": "access", "scope": "aws.cognito.signin.user.admin orders:read",
        "auth_time": now - 10, "exp": now + 3600, "iat": now - 10, "jti": "j-1",
        "username": "alice", "version": 2, "device_key": "us-east-1_d-1"
    })
}

/// Claims of a Cognito ID token of [`POOL`] for [`CLIENT`], valid for an hour.
pub fn id_claims() -> Value {
    let now = now();
    json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "cognito:groups": ["staff"],
        "email_verified": true, "iss": ISSUER, "cognito:username": "alice",
        "origin_jti": "o-1", "aud": CLIENT, "event_id": "e-1", "token_use": "id",
        "auth_time": now - 10, "exp": now + 3600, "iat": now - 10, "jti": "j-2",
        "email": "alice@example.com", "custom:tier": "gold"
    })
}

/// `base` with `changes` merged in (a `null` removes the claim).
pub fn with(mut base: Value, changes: Value) -> Value {
    if let (Some(b), Value::Object(c)) = (base.as_object_mut(), changes) {
        for (k, v) in c {
            if v.is_null() {
                b.remove(&k);
            } else {
                b.insert(k, v);
            }
        }
    }
    base
}

/// Serves JWKS documents from memory by URL and counts fetches. Clones share everything.
#[derive(Clone, Debug, Default)]
pub struct MemoryFetcher {
    docs: Arc<Mutex<HashMap<String, String>>>,
    calls: Arc<AtomicUsize>,
    fail: Arc<Mutex<bool>>,
}

impl MemoryFetcher {
    pub fn serving(issuer: &str, jwks: String) -> Self {
        let f = Self::default();
        f.set(issuer, jwks);
        f
    }

    pub fn set(&self, issuer: &str, jwks: String) {
        self.docs
            .lock()
            .unwrap()
            .insert(format!("{issuer}/.well-known/jwks.json"), jwks);
    }

    pub fn fail(&self, fail: bool) {
        *self.fail.lock().unwrap() = fail;
    }

    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl JwksFetcher for MemoryFetcher {
    fn fetch<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = if *self.fail.lock().unwrap() {
            Err(FetchError::new("HTTP status 503"))
        } else {
            self.docs
                .lock()
                .unwrap()
                .get(url)
                .map(|d| d.clone().into_bytes())
                .ok_or_else(|| FetchError::new("HTTP status 404"))
        };
        Box::pin(async move {
            // A little latency, so concurrent callers really overlap.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            result
        })
    }
}

/// Wraps another fetcher (the real HTTP one) and counts its calls.
#[derive(Debug)]
pub struct Counting<F> {
    pub inner: F,
    pub calls: Arc<AtomicUsize>,
}

impl<F: JwksFetcher> JwksFetcher for Counting<F> {
    fn fetch<'a>(&'a self, url: &'a str) -> FetchFuture<'a> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.fetch(url)
    }
}

/// A random `kid`, different every call.
pub fn random_kid() -> String {
    let mut bytes = [0u8; 16];
    ring::rand::SecureRandom::fill(&SystemRandom::new(), &mut bytes).unwrap();
    B64URL.encode(bytes)
}
