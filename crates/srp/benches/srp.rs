#![allow(missing_docs)]
//! Speed of one Cognito SRP login, client and server side (issue: "Speed — a benchmark, not a
//! timed test"). Run with `cargo bench -p cognito-flow-srp`; `scripts/bench-srp` runs it beside
//! the peers (GMP, pycognito, aws-cognito-srp) and writes the comparison to
//! docs/performance.md.
//!
//! `a` is 128 random bytes, as the reference clients draw it; the server's `b` is 32 bytes.

use std::hint::black_box;

use cognito_flow_srp::{
    PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpServer, Timestamp, Verifier,
};
use criterion::{Criterion, criterion_group, criterion_main};

const POOL: &str = "us-east-1_AbCdEf123";
const USER: &str = "testuser";
const PASSWORD: &str = "Passw0rd!";
const SECRET_BLOCK: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

/// Deterministic "random" bytes (splitmix64), so every run measures the same inputs.
fn bytes<const N: usize>(seed: u64) -> [u8; N] {
    let mut state = seed;
    core::array::from_fn(|_| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as u8
    })
}

fn bench(c: &mut Criterion) {
    cognito_flow_srp::warm_up();
    let salt = Salt::from_bytes(&bytes::<16>(1)).expect("salt");
    let salt_hex = salt.to_hex();
    let verifier = Verifier::new(POOL, USER, PASSWORD, salt).expect("verifier");
    let a_bytes = bytes::<128>(2);
    let b_bytes = bytes::<32>(3);
    let when = Timestamp::from_unix_seconds(1_709_622_249);
    let block: Vec<u8> = (1..=32).collect();

    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&a_bytes).expect("a"));
    let server = SrpServer::new(
        &verifier,
        client.srp_a(),
        PrivateEphemeral::from_be_bytes(&b_bytes).expect("b"),
    )
    .expect("server");
    let srp_b = server.srp_b().to_owned();
    let claim = client
        .password_claim(
            POOL,
            USER,
            PASSWORD,
            &ServerChallenge::parse(&salt_hex, &srp_b, SECRET_BLOCK).expect("challenge"),
            &when,
        )
        .expect("claim");
    let srp_a = client.srp_a().to_owned();

    let mut group = c.benchmark_group("srp");
    group.bench_function("client_a", |b| {
        b.iter(|| {
            let client =
                SrpClient::new(PrivateEphemeral::from_be_bytes(black_box(&a_bytes)).expect("a"));
            black_box(client.srp_a().len())
        })
    });
    group.bench_function("client_login", |b| {
        b.iter(|| {
            let client =
                SrpClient::new(PrivateEphemeral::from_be_bytes(black_box(&a_bytes)).expect("a"));
            let challenge =
                ServerChallenge::parse(&salt_hex, black_box(&srp_b), SECRET_BLOCK).expect("ch");
            let claim = client
                .password_claim(POOL, USER, black_box(PASSWORD), &challenge, &when)
                .expect("claim");
            black_box(claim.signature().len())
        })
    });
    group.bench_function("server_login", |b| {
        b.iter(|| {
            let server = SrpServer::new(
                &verifier,
                black_box(&srp_a),
                PrivateEphemeral::from_be_bytes(&b_bytes).expect("b"),
            )
            .expect("server");
            server
                .verify_password_claim(POOL, USER, &block, &when, black_box(claim.signature()))
                .expect("verify");
        })
    });
    group.bench_function("verifier", |b| {
        b.iter(|| {
            Verifier::new(
                POOL,
                USER,
                black_box(PASSWORD),
                Salt::from_bytes(&[9; 16]).expect("s"),
            )
            .expect("v")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
