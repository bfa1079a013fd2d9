//! Tokens signed with our own test keys and served JWKS, so every claim can be set: the
//! valid cases, every forgery and failed check with its error kind, the penalty box.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use cognito_flow_verify::{ErrorKind, TokenUse, TokenVerifier, TokenVerifierBuilder};
use serde_json::{Value, json};
use support::*;

/// A verifier for [`POOL`]/[`CLIENT`] whose fetcher serves key A's JWKS.
fn setup() -> (TokenVerifierBuilder, MemoryFetcher) {
    let fetcher = MemoryFetcher::serving(ISSUER, jwks(&[TestKey::a().jwk()]));
    let builder = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .fetcher(fetcher.clone());
    (builder, fetcher)
}

fn verifier() -> (TokenVerifier, MemoryFetcher) {
    let (b, f) = setup();
    (b.build().unwrap(), f)
}

async fn kind(v: &TokenVerifier, token: &str) -> Option<ErrorKind> {
    let err = v.verify(token).await.err()?;
    // Never echo the token, or any part of it, in an error.
    for part in token.split('.').filter(|p| p.len() > 3) {
        assert!(!err.to_string().contains(part), "{err}");
        assert!(!format!("{err:?}").contains(part), "{err:?}");
    }
    Some(err.kind())
}

#[tokio::test]
async fn valid_access_and_id_tokens() {
    let key = TestKey::a();
    let (v, fetcher) = verifier();
    let claims = v.verify(&key.sign(&access_claims())).await.unwrap();
    assert_eq!(claims.token_use(), TokenUse::Access);
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.client_id(), CLIENT);
    assert_eq!(claims.user_pool_id(), POOL);
    assert_eq!(claims.issuer(), ISSUER);
    assert_eq!(claims.groups(), ["staff"]);
    assert!(claims.has_scope("orders:read"));
    assert_eq!(claims.origin_jti(), Some("o-1"));
    assert_eq!(claims.event_id(), Some("e-1"));
    assert_eq!(claims.device_key(), Some("us-east-1_d-1"));
    assert_eq!(claims.jti(), Some("j-1"));
    assert!(claims.auth_time().is_some() && claims.issued_at().is_some());
    assert_eq!(fetcher.calls(), 1);

    let v = setup().0.token_use(TokenUse::Id).build().unwrap();
    let claims = v.verify(&key.sign(&id_claims())).await.unwrap();
    assert_eq!(claims.token_use(), TokenUse::Id);
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.email(), Some("alice@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(claims.custom_attribute("tier"), Some("gold"));
    assert_eq!(claims.custom_attributes().len(), 1);
    assert!(claims.scopes().is_empty());

    // aud as an array (RFC 7519) with the client among others.
    let token = key.sign(&with(id_claims(), json!({"aud": ["other", CLIENT]})));
    assert_eq!(v.verify(&token).await.unwrap().client_id(), CLIENT);
}

#[tokio::test]
async fn alg_none_and_other_algorithms_are_refused() {
    let key = TestKey::a();
    let (v, fetcher) = verifier();
    let payload = B64URL.encode(access_claims().to_string());
    for alg in [
        "none", "None", "HS256", "RS384", "RS512", "PS256", "ES256", "EdDSA",
    ] {
        let header = B64URL.encode(json!({"alg": alg, "kid": key.kid}).to_string());
        for sig in ["", "AAAA"] {
            let token = format!("{header}.{payload}.{sig}");
            assert_eq!(
                kind(&v, &token).await,
                Some(ErrorKind::UnsupportedAlgorithm),
                "{alg}"
            );
        }
    }
    // A correctly signed RS256 token whose header claims another algorithm.
    let token = key.sign_with_header(&json!({"kid": key.kid, "alg": "RS512"}), &access_claims());
    assert_eq!(
        kind(&v, &token).await,
        Some(ErrorKind::UnsupportedAlgorithm)
    );
    // Refused before any key was needed.
    assert_eq!(fetcher.calls(), 0);
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_refused() {
    let key = TestKey::a();
    let (v, _) = verifier();
    v.fetch_jwks().await.unwrap();
    let header = B64URL.encode(json!({"alg": "HS256", "kid": key.kid, "typ": "JWT"}).to_string());
    let payload = B64URL.encode(access_claims().to_string());
    let input = format!("{header}.{payload}");
    for secret in [key.public_der(), key.jwk().to_string().into_bytes()] {
        let mac = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &secret),
            input.as_bytes(),
        );
        let token = format!("{input}.{}", B64URL.encode(mac.as_ref()));
        assert_eq!(
            kind(&v, &token).await,
            Some(ErrorKind::UnsupportedAlgorithm)
        );
        assert_eq!(
            v.verify_offline(&token).unwrap_err().kind(),
            ErrorKind::UnsupportedAlgorithm
        );
    }
}

#[tokio::test]
async fn a_jwk_that_is_not_rs256_is_refused() {
    let key = TestKey::a();
    for (change, what) in [
        (json!({"alg": "RS512"}), "alg"),
        (json!({"use": "enc"}), "use"),
        (json!({"kty": "oct", "k": "c2VjcmV0"}), "kty"),
    ] {
        let jwk = with(key.jwk(), change);
        let v = TokenVerifier::builder()
            .pool(POOL)
            .client_id(CLIENT)
            .fetcher(MemoryFetcher::serving(ISSUER, jwks(&[jwk])))
            .build()
            .unwrap();
        assert_eq!(
            kind(&v, &key.sign(&access_claims())).await,
            Some(ErrorKind::UnsupportedAlgorithm),
            "{what}"
        );
    }
}

#[tokio::test]
async fn tampered_and_foreign_signatures_are_refused() {
    let key = TestKey::a();
    let (v, _) = verifier();
    let token = key.sign(&access_claims());
    let (input, sig) = token.rsplit_once('.').unwrap();
    let (header, _) = input.split_once('.').unwrap();

    // Payload changed, signature kept.
    let evil = B64URL.encode(with(access_claims(), json!({"username": "mallory"})).to_string());
    assert_eq!(
        kind(&v, &format!("{header}.{evil}.{sig}")).await,
        Some(ErrorKind::BadSignature)
    );
    // One bit of the signature flipped.
    let mut raw = B64URL.decode(sig).unwrap();
    raw[17] ^= 1;
    let flipped = format!("{input}.{}", B64URL.encode(&raw));
    assert_eq!(kind(&v, &flipped).await, Some(ErrorKind::BadSignature));
    // Truncated or empty signature.
    assert_eq!(
        kind(&v, &format!("{input}.{}", &sig[..40])).await,
        Some(ErrorKind::BadSignature)
    );
    assert_eq!(
        kind(&v, &format!("{input}.")).await,
        Some(ErrorKind::BadSignature)
    );
    // Signed by another key under key A's kid.
    let other = TestKey::new(include_bytes!("support/test-key-b.pk8"), &key.kid);
    assert_eq!(
        kind(&v, &other.sign(&access_claims())).await,
        Some(ErrorKind::BadSignature)
    );
    // The original still verifies.
    assert!(v.verify(&token).await.is_ok());
}

#[tokio::test]
async fn malformed_tokens_are_refused() {
    let key = TestKey::a();
    let (v, _) = verifier();
    for token in ["", "x", "a.b", "a.b.c.d", "....", "Bearer x.y.z"] {
        assert_eq!(
            kind(&v, token).await,
            Some(ErrorKind::Malformed),
            "{token:?}"
        );
    }
    let good = key.sign(&access_claims());
    assert_eq!(
        kind(&v, &format!(" {good}")).await,
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        kind(&v, &format!("{good}.")).await,
        Some(ErrorKind::Malformed)
    );
    // Missing or ill-typed claims, correctly signed.
    for change in [
        json!({"exp": null}),
        json!({"exp": "tomorrow"}),
        json!({"sub": null}),
        json!({"sub": 7}),
        json!({"client_id": null}),
        json!({"iss": null}),
        json!({"cognito:groups": [1]}),
        json!({"scope": ["a"]}),
    ] {
        let token = key.sign(&with(access_claims(), change.clone()));
        assert_eq!(
            kind(&v, &token).await,
            Some(ErrorKind::Malformed),
            "{change}"
        );
    }
    let token = key.sign_with_header(
        &json!({"kid": key.kid, "alg": "RS256", "crit": ["exp"]}),
        &access_claims(),
    );
    assert_eq!(kind(&v, &token).await, Some(ErrorKind::Malformed));
    let token = key.sign_with_header(&json!({"alg": "RS256"}), &access_claims());
    assert_eq!(kind(&v, &token).await, Some(ErrorKind::Malformed));
}

#[tokio::test]
async fn time_checks_with_leeway() {
    let key = TestKey::a();
    let (v, _) = verifier(); // default leeway 5 s
    let now = now();
    let t = |c: Value| key.sign(&with(access_claims(), c));

    assert_eq!(
        kind(&v, &t(json!({"exp": now - 60}))).await,
        Some(ErrorKind::Expired)
    );
    assert_eq!(
        kind(&v, &t(json!({"exp": now - 1}))).await,
        None,
        "within the leeway"
    );
    assert_eq!(
        kind(&v, &t(json!({"nbf": now + 60}))).await,
        Some(ErrorKind::NotYetValid)
    );
    assert_eq!(
        kind(&v, &t(json!({"nbf": now + 1}))).await,
        None,
        "within the leeway"
    );
    assert_eq!(
        kind(&v, &t(json!({"iat": now + 60}))).await,
        Some(ErrorKind::NotYetValid)
    );
    assert_eq!(
        kind(&v, &t(json!({"exp": (now + 100) as f64 + 0.5}))).await,
        None
    );

    let strict = setup().0.leeway(Duration::ZERO).build().unwrap();
    assert_eq!(
        kind(&strict, &t(json!({"exp": now - 1}))).await,
        Some(ErrorKind::Expired)
    );
    let lax = setup().0.leeway(Duration::from_secs(120)).build().unwrap();
    assert_eq!(kind(&lax, &t(json!({"exp": now - 60}))).await, None);

    // An injected clock: the same token, an hour and a bit later.
    let later = setup()
        .0
        .time_source(move || UNIX_EPOCH + Duration::from_secs((now + 3700) as u64))
        .build()
        .unwrap();
    assert_eq!(kind(&later, &t(json!({}))).await, Some(ErrorKind::Expired));
}

#[tokio::test]
async fn wrong_issuer_never_fetches() {
    let key = TestKey::a();
    let (v, fetcher) = verifier();
    for iss in [
        OTHER_ISSUER,
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1/",
        "https://evil.example/us-east-1_TestPool1",
    ] {
        let token = key.sign(&with(access_claims(), json!({"iss": iss})));
        assert_eq!(
            kind(&v, &token).await,
            Some(ErrorKind::WrongIssuer),
            "{iss}"
        );
    }
    assert_eq!(fetcher.calls(), 0);
}

#[tokio::test]
async fn token_use_and_client_checks() {
    let key = TestKey::a();
    let (access_only, _) = verifier();
    let id_only = setup().0.token_use(TokenUse::Id).build().unwrap();
    let any = setup().0.any_token_use().build().unwrap();
    let id = key.sign(&id_claims());
    let access = key.sign(&access_claims());

    // An ID token where an access token is expected, and the other way round.
    assert_eq!(
        kind(&access_only, &id).await,
        Some(ErrorKind::WrongTokenUse)
    );
    assert_eq!(
        kind(&id_only, &access).await,
        Some(ErrorKind::WrongTokenUse)
    );
    assert_eq!(kind(&any, &id).await, None);
    assert_eq!(kind(&any, &access).await, None);
    for token_use in [json!("refresh"), json!(null), json!(1)] {
        let token = key.sign(&with(access_claims(), json!({"token_use": token_use})));
        assert_eq!(kind(&any, &token).await, Some(ErrorKind::WrongTokenUse));
    }

    // Another app client.
    let token = key.sign(&with(access_claims(), json!({"client_id": "someoneelse"})));
    assert_eq!(kind(&any, &token).await, Some(ErrorKind::WrongClient));
    let token = key.sign(&with(id_claims(), json!({"aud": "someoneelse"})));
    assert_eq!(kind(&any, &token).await, Some(ErrorKind::WrongClient));
    let token = key.sign(&with(id_claims(), json!({"aud": ["a", "b"]})));
    assert_eq!(kind(&any, &token).await, Some(ErrorKind::WrongClient));
    // An ID token's aud is not enough for an access token: its client_id counts.
    let token = key.sign(&with(
        access_claims(),
        json!({"client_id": "x", "aud": CLIENT}),
    ));
    assert_eq!(kind(&any, &token).await, Some(ErrorKind::WrongClient));

    // Several clients.
    let two = setup().0.client_id("second").build().unwrap();
    let token = key.sign(&with(access_claims(), json!({"client_id": "second"})));
    assert_eq!(two.verify(&token).await.unwrap().client_id(), "second");
}

#[tokio::test]
async fn groups_and_scopes() {
    let key = TestKey::a();
    let token = key.sign(&access_claims());
    let v = |b: TokenVerifierBuilder| b.build().unwrap();
    assert_eq!(
        kind(&v(setup().0.require_groups(["staff"])), &token).await,
        None
    );
    let err = v(setup().0.require_groups(["staff", "admin"]))
        .verify(&token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingGroup);
    assert_eq!(err.required(), Some("admin"));
    assert_eq!(
        err.to_string(),
        "missing group: the user is not in group `admin`"
    );
    assert_eq!(
        kind(&v(setup().0.require_scopes(["orders:read"])), &token).await,
        None
    );
    let err = v(setup().0.require_scopes(["orders:read", "orders:write"]))
        .verify(&token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingScope);
    assert_eq!(err.required(), Some("orders:write"));
    // No groups at all.
    let token = key.sign(&with(access_claims(), json!({"cognito:groups": null})));
    assert_eq!(
        kind(&v(setup().0.require_groups(["staff"])), &token).await,
        Some(ErrorKind::MissingGroup)
    );
    // Per route.
    let claims = v(setup().0)
        .verify(&key.sign(&access_claims()))
        .await
        .unwrap();
    assert!(claims.require_scope("orders:read").is_ok());
    assert_eq!(
        claims.require_scope("orders:write").unwrap_err().kind(),
        ErrorKind::MissingScope
    );
}

#[tokio::test]
async fn unknown_kids_cause_at_most_one_fetch_per_interval() {
    let key = TestKey::a();
    let (v, fetcher) = verifier();
    let forged =
        |kid: String| key.sign_with_header(&json!({"kid": kid, "alg": "RS256"}), &access_claims());

    // Cold cache: the first unknown kid fetches, the next 99 are held back.
    for _ in 0..100 {
        assert_eq!(
            kind(&v, &forged(random_kid())).await,
            Some(ErrorKind::UnknownKey)
        );
    }
    assert_eq!(fetcher.calls(), 1);
    // Known keys still verify, without fetching.
    assert!(v.verify(&key.sign(&access_claims())).await.is_ok());
    assert_eq!(fetcher.calls(), 1);

    // Warm cache, concurrent requests: still no fetch inside the interval.
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let v = v.clone();
            let token = forged(random_kid());
            tokio::spawn(async move { v.verify(&token).await.err().map(|e| e.kind()) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), Some(ErrorKind::UnknownKey));
    }
    assert_eq!(fetcher.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_penalty_box_opens_after_the_interval() {
    let key = TestKey::a();
    let fetcher = MemoryFetcher::serving(ISSUER, jwks(&[TestKey::a().jwk()]));
    let interval = Duration::from_millis(300);
    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .fetcher(fetcher.clone())
        .jwks_refetch_interval(interval)
        .build()
        .unwrap();
    let forged = || {
        key.sign_with_header(
            &json!({"kid": random_kid(), "alg": "RS256"}),
            &access_claims(),
        )
    };
    // Concurrent unknown kids on a cold cache: one fetch, the others wait for it.
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let v = v.clone();
            let token = forged();
            tokio::spawn(async move { v.verify(&token).await.err().map(|e| e.kind()) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), Some(ErrorKind::UnknownKey));
    }
    assert_eq!(fetcher.calls(), 1);

    let started = std::time::Instant::now();
    let mut rounds = 0;
    while started.elapsed() < interval * 3 + Duration::from_millis(100) {
        let _ = v.verify(&forged()).await;
        rounds += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(rounds > 20);
    // One fetch per elapsed interval, at most (the first one above plus 3).
    let calls = fetcher.calls();
    assert!((2..=4).contains(&calls), "{calls} fetches");
}

#[tokio::test]
async fn rotation_is_picked_up_on_an_unknown_kid() {
    let (a, b) = (TestKey::a(), TestKey::b());
    let fetcher = MemoryFetcher::serving(ISSUER, jwks(&[a.jwk()]));
    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .fetcher(fetcher.clone())
        .jwks_refetch_interval(Duration::ZERO)
        .build()
        .unwrap();
    assert!(v.verify(&a.sign(&access_claims())).await.is_ok());
    // Key B is published beside A: B's token causes one refetch; A's tokens still verify.
    fetcher.set(ISSUER, jwks(&[a.jwk(), b.jwk()]));
    assert!(v.verify(&b.sign(&access_claims())).await.is_ok());
    assert!(v.verify(&a.sign(&access_claims())).await.is_ok());
    assert_eq!(fetcher.calls(), 2);
}

#[tokio::test]
async fn jwks_unavailable() {
    let key = TestKey::a();
    let (v, fetcher) = verifier();
    fetcher.fail(true);
    let token = key.sign(&access_claims());
    let err = v.verify(&token).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::JwksUnavailable);
    assert!(!err.is_token_refused());
    assert!(std::error::Error::source(&err).is_some());
    // Held back by the penalty box: no second fetch, still unavailable.
    assert_eq!(kind(&v, &token).await, Some(ErrorKind::JwksUnavailable));
    assert_eq!(fetcher.calls(), 1);
    // An explicit fetch is not held back.
    fetcher.fail(false);
    v.fetch_jwks().await.unwrap();
    assert!(v.verify(&token).await.is_ok());

    // Not a JWKS.
    let bad = MemoryFetcher::serving(ISSUER, "<html>".to_owned());
    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .fetcher(bad)
        .build()
        .unwrap();
    assert_eq!(kind(&v, &token).await, Some(ErrorKind::JwksUnavailable));
}

#[tokio::test]
async fn offline_verification() {
    let key = TestKey::a();
    let token = key.sign(&access_claims());

    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .offline()
        .build()
        .unwrap();
    assert_eq!(
        v.verify_offline(&token).unwrap_err().kind(),
        ErrorKind::JwksUnavailable
    );
    assert_eq!(kind(&v, &token).await, Some(ErrorKind::JwksUnavailable));
    v.load_jwks_json(POOL, &jwks(&[key.jwk()])).unwrap();
    assert_eq!(v.verify_offline(&token).unwrap().username(), Some("alice"));

    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .jwks_json(POOL, jwks(&[key.jwk()]))
        .offline()
        .build()
        .unwrap();
    assert!(v.verify_offline(&token).is_ok());
    let other = TestKey::b();
    assert_eq!(
        v.verify_offline(&other.sign(&access_claims()))
            .unwrap_err()
            .kind(),
        ErrorKind::UnknownKey
    );
    assert_eq!(
        kind(&v, &other.sign(&access_claims())).await,
        Some(ErrorKind::UnknownKey)
    );
}

#[tokio::test]
async fn two_pools_each_with_its_own_keys() {
    let (a, b) = (TestKey::a(), TestKey::b());
    let fetcher = MemoryFetcher::serving(ISSUER, jwks(&[a.jwk()]));
    fetcher.set(OTHER_ISSUER, jwks(&[b.jwk()]));
    let v = TokenVerifier::builder()
        .pool(POOL)
        .pool(OTHER_POOL)
        .client_id(CLIENT)
        .fetcher(fetcher.clone())
        .build()
        .unwrap();
    let other = with(access_claims(), json!({"iss": OTHER_ISSUER}));
    assert_eq!(
        v.verify(&b.sign(&other)).await.unwrap().user_pool_id(),
        OTHER_POOL
    );
    assert_eq!(
        v.verify(&a.sign(&access_claims()))
            .await
            .unwrap()
            .user_pool_id(),
        POOL
    );
    // Pool A's key cannot sign for pool B.
    assert_eq!(kind(&v, &a.sign(&other)).await, Some(ErrorKind::UnknownKey));
    assert_eq!(fetcher.calls(), 2);
}

#[test]
fn claims_debug_hides_personal_data() {
    let key = TestKey::a();
    let v = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .any_token_use()
        .jwks_json(POOL, jwks(&[key.jwk()]))
        .offline()
        .build()
        .unwrap();
    let claims = v.verify_offline(&key.sign(&id_claims())).unwrap();
    let debug = format!("{claims:?}");
    for secret in ["alice@example.com", "gold", CLIENT, "alice"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert!(debug.contains("aaaaaaaa-bbbb"), "{debug}");
}

/// The fixtures the doc examples verify (`tests/fixtures/`): a JWKS with test key A and an
/// access and an ID token signed with it, valid from 1 700 000 000 for an hour. RS256
/// signatures are deterministic, so rerunning reproduces the files byte for byte:
/// `cargo test -p cognito-flow-verify --test forged doc_fixtures -- --ignored`.
#[test]
#[ignore = "writes tests/fixtures"]
fn doc_fixtures() {
    let key = TestKey::a();
    let times = json!({"auth_time": 1_699_999_990, "iat": 1_700_000_000, "exp": 1_700_003_600});
    let access = with(
        with(access_claims(), times.clone()),
        json!({"origin_jti": "4f1c0f3a-origin", "event_id": "9d2b7e61-event", "jti": "c7e0a2d4-jti"}),
    );
    let id = with(
        with(id_claims(), times),
        json!({"phone_number": "+15555550100", "phone_number_verified": false, "name": "Alice Example",
               "cognito:roles": ["arn:aws:iam::123456789012:role/staff"],
               "cognito:preferred_role": "arn:aws:iam::123456789012:role/staff",
               "identities": [{"providerName": "Google", "providerType": "Google"}],
               "origin_jti": "4f1c0f3a-origin", "event_id": "9d2b7e61-event", "jti": "0b5d9c8e-jti"}),
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/jwks.json"), jwks(&[key.jwk()]) + "\n").unwrap();
    std::fs::write(format!("{dir}/access-token.txt"), key.sign(&access) + "\n").unwrap();
    std::fs::write(format!("{dir}/id-token.txt"), key.sign(&id) + "\n").unwrap();
}
