//! Known-answer tests produced by running the reference clients (amazon-cognito-identity-js
//! and pycognito) with fixed randomness and clocks: `scripts/gen-srp-vectors` wrote
//! `tests/data/vectors.json`. Every vector must be reproduced byte for byte.

use cognito_flow_srp::{
    DeviceVerifier, PrivateEphemeral, ServerChallenge, SrpClient, Timestamp, secret_hash,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    user_srp: Vec<UserSrp>,
    device_srp: Vec<DeviceSrp>,
    device_verifier: Vec<DeviceVerifierVector>,
    timestamps: Vec<TimestampVector>,
    secret_hash: Vec<SecretHash>,
}

#[derive(Deserialize)]
struct UserSrp {
    name: String,
    pool_id: String,
    user_id_for_srp: String,
    password: String,
    a: String,
    srp_a: String,
    salt: String,
    srp_b: String,
    secret_block: String,
    timestamp: String,
    epoch_seconds: i64,
    signature: String,
}

#[derive(Deserialize)]
struct DeviceSrp {
    name: String,
    device_group_key: String,
    device_key: String,
    device_password: String,
    a: String,
    srp_a: String,
    salt: String,
    srp_b: String,
    secret_block: String,
    timestamp: String,
    epoch_seconds: i64,
    signature: String,
}

#[derive(Deserialize)]
struct DeviceVerifierVector {
    device_group_key: String,
    device_key: String,
    device_password: String,
    salt_bytes: String,
    salt: String,
    password_verifier: String,
}

#[derive(Deserialize)]
struct TimestampVector {
    epoch_seconds: i64,
    timestamp: String,
}

#[derive(Deserialize)]
struct SecretHash {
    client_id: String,
    client_secret: String,
    username: String,
    secret_hash: String,
}

fn vectors() -> Vectors {
    serde_json::from_str(include_str!("data/vectors.json")).expect("vectors.json parses")
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "even-length hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn unbase64(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("base64"),
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn user_srp_vectors() {
    let v = vectors();
    assert!(v.user_srp.len() >= 100, "at least 100 user vectors");
    for t in &v.user_srp {
        let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&unhex(&t.a)).expect(&t.name));
        assert_eq!(client.srp_a(), t.srp_a, "SRP_A of {}", t.name);
        let challenge = ServerChallenge::parse(&t.salt, &t.srp_b, &t.secret_block).expect(&t.name);
        let when = Timestamp::from_unix_seconds(t.epoch_seconds);
        let claim = client
            .password_claim(
                &t.pool_id,
                &t.user_id_for_srp,
                &t.password,
                &challenge,
                &when,
            )
            .expect(&t.name);
        assert_eq!(
            claim.timestamp().as_str(),
            t.timestamp,
            "TIMESTAMP of {}",
            t.name
        );
        assert_eq!(claim.signature(), t.signature, "signature of {}", t.name);
        assert_eq!(claim.secret_block(), t.secret_block, "{}", t.name);
    }
}

#[test]
fn user_srp_vectors_cover_the_hard_cases() {
    let v = vectors();
    assert!(
        v.user_srp.iter().any(|t| t.salt.starts_with('-')),
        "negative salts"
    );
    assert!(
        v.user_srp.iter().any(|t| !t.salt.starts_with('-')
            && t.salt.len().is_multiple_of(2)
            && t.salt.as_bytes()[0] >= b'8'),
        "positive salts with the top bit set"
    );
    assert!(
        v.user_srp
            .iter()
            .any(|t| t.srp_b.len() == 768 && t.srp_b.as_bytes()[0] >= b'8')
    );
    assert!(v.user_srp.iter().any(|t| t.srp_b.len() < 768));
    assert!(
        v.user_srp
            .iter()
            .any(|t| t.srp_a.len() == 768 && t.srp_a.as_bytes()[0] >= b'8')
    );
    assert!(v.user_srp.iter().any(|t| t.password.chars().count() == 256));
    assert!(v.user_srp.iter().any(|t| !t.password.is_ascii()));
    for day in 1..=31 {
        let needle = format!(" {day} ");
        assert!(
            v.user_srp.iter().any(|t| t.timestamp.contains(&needle)),
            "day {day} of the month"
        );
    }
}

#[test]
fn device_srp_vectors() {
    let v = vectors();
    assert!(v.device_srp.len() >= 10);
    for t in &v.device_srp {
        let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&unhex(&t.a)).expect(&t.name));
        assert_eq!(client.srp_a(), t.srp_a, "SRP_A of {}", t.name);
        let challenge = ServerChallenge::parse(&t.salt, &t.srp_b, &t.secret_block).expect(&t.name);
        let when = Timestamp::from_unix_seconds(t.epoch_seconds);
        let claim = client
            .device_claim(
                &t.device_group_key,
                &t.device_key,
                &t.device_password,
                &challenge,
                &when,
            )
            .expect(&t.name);
        assert_eq!(
            claim.timestamp().as_str(),
            t.timestamp,
            "TIMESTAMP of {}",
            t.name
        );
        assert_eq!(claim.signature(), t.signature, "signature of {}", t.name);
    }
}

#[test]
fn device_verifier_vectors() {
    let v = vectors();
    assert!(v.device_verifier.len() >= 10);
    for t in &v.device_verifier {
        let password: [u8; 40] = unbase64(&t.device_password).try_into().expect("40 bytes");
        let salt: [u8; 16] = unhex(&t.salt_bytes).try_into().expect("16 bytes");
        let d =
            DeviceVerifier::from_random_bytes(&t.device_group_key, &t.device_key, &password, &salt);
        assert_eq!(d.password().expose_secret(), t.device_password);
        assert_eq!(d.salt(), t.salt, "{}", t.device_key);
        assert_eq!(
            d.password_verifier(),
            t.password_verifier,
            "{}",
            t.device_key
        );
    }
}

#[test]
fn timestamp_vectors() {
    let v = vectors();
    assert!(v.timestamps.len() >= 40);
    for t in &v.timestamps {
        let ours = Timestamp::from_unix_seconds(t.epoch_seconds);
        assert_eq!(ours.as_str(), t.timestamp);
        assert_eq!(
            Timestamp::parse(&t.timestamp).map(|p| p.unix_seconds()),
            Ok(t.epoch_seconds)
        );
    }
}

#[test]
fn secret_hash_vectors() {
    let v = vectors();
    assert!(v.secret_hash.len() >= 10);
    for t in &v.secret_hash {
        assert_eq!(
            secret_hash(&t.username, &t.client_id, &t.client_secret),
            t.secret_hash,
            "{}",
            t.username
        );
    }
}
