#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]
//! Verifications per second with a warm JWKS cache (docs/performance.md, "Token
//! verification"). Run with `cargo bench -p cognito-flow-verify --bench verify`.
//!
//! * `verify/offline_access`: [`TokenVerifier::verify_offline`] of a Cognito-shaped access
//!   token (RSA-2048 key, claims like the emulator's): parsing, RS256 signature, every claim
//!   check, typed claims.
//! * `verify/offline_id`: the same for an ID token with user attributes.
//! * `verify/async_access`: [`TokenVerifier::verify`] (the async entry point; cached keys, no
//!   I/O) driven by a current-thread tokio runtime's `block_on`.
//! * `verify/ring_rsa_only`: ring's RSASSA-PKCS1-v1_5/SHA-256 verification alone (the floor).
//! * `verify/rsa_crate_only`: the same signature with the RustCrypto `rsa` crate the emulator
//!   signs with, for the choice between the two (crate docs, "Why ring for RSA").

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use base64::Engine as _;
use cognito_flow_verify::{TokenUse, TokenVerifier};
use criterion::{Criterion, criterion_group, criterion_main};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier as _;
use support::{B64URL, CLIENT, POOL, TestKey, access_claims, id_claims, jwks};

fn bench(c: &mut Criterion) {
    let key = TestKey::a();
    let verifier = TokenVerifier::builder()
        .pool(POOL)
        .client_id(CLIENT)
        .any_token_use()
        .jwks_json(POOL, jwks(&[key.jwk()]))
        .offline()
        .build()
        .unwrap();
    let access = key.sign(&access_claims());
    let id = key.sign(&id_claims());
    assert_eq!(
        verifier.verify_offline(&access).unwrap().token_use(),
        TokenUse::Access
    );
    assert_eq!(
        verifier.verify_offline(&id).unwrap().token_use(),
        TokenUse::Id
    );
    println!(
        "access token {} bytes, ID token {} bytes",
        access.len(),
        id.len()
    );

    let mut g = c.benchmark_group("verify");
    g.bench_function("offline_access", |b| {
        b.iter(|| verifier.verify_offline(black_box(&access)).unwrap())
    });
    g.bench_function("offline_id", |b| {
        b.iter(|| verifier.verify_offline(black_box(&id)).unwrap())
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    g.bench_function("async_access", |b| {
        b.iter(|| rt.block_on(verifier.verify(black_box(&access))).unwrap())
    });

    // The signature alone.
    let jwk = key.jwk();
    let n = B64URL.decode(jwk["n"].as_str().unwrap()).unwrap();
    let e = B64URL.decode(jwk["e"].as_str().unwrap()).unwrap();
    let (input, sig) = access.rsplit_once('.').unwrap();
    let sig = B64URL.decode(sig).unwrap();
    let components = RsaPublicKeyComponents {
        n: n.clone(),
        e: e.clone(),
    };
    g.bench_function("ring_rsa_only", |b| {
        b.iter(|| {
            components
                .verify(
                    &RSA_PKCS1_2048_8192_SHA256,
                    black_box(input.as_bytes()),
                    &sig,
                )
                .unwrap()
        })
    });
    let public = rsa::RsaPublicKey::new(
        rsa::BoxedUint::from_be_slice_vartime(&n),
        rsa::BoxedUint::from_be_slice_vartime(&e),
    )
    .unwrap();
    let verifying = VerifyingKey::<rsa::sha2::Sha256>::new(public);
    let signature = Signature::try_from(sig.as_slice()).unwrap();
    g.bench_function("rsa_crate_only", |b| {
        b.iter(|| {
            verifying
                .verify(black_box(input.as_bytes()), &signature)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
