//! Property tests: for random users, passwords, salts and ephemerals, the client's claim
//! verifies on the server side, and a wrong password, user or secret block never does.

use cognito_flow_srp::{
    DeviceVerifier, PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpServer, Timestamp,
    Verifier,
};
use proptest::prelude::*;

const POOL: &str = "eu-west-2_Prop3rty";

fn config() -> ProptestConfig {
    // Each case does five 3072-bit exponentiations; 48 cases per property keep the suite fast.
    ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn claims_verify_and_wrong_inputs_never_do(
        user in "[\\p{L}\\p{N}@._+-]{1,40}",
        password in "\\PC{1,64}",
        other_password in "\\PC{1,64}",
        salt in proptest::collection::vec(any::<u8>(), 1..=32),
        a in proptest::collection::vec(any::<u8>(), 1..=128),
        b in proptest::collection::vec(any::<u8>(), 16..=64),
        block in proptest::collection::vec(any::<u8>(), 1..=96),
        unix in 0i64..4_102_444_800,
    ) {
        prop_assume!(a.iter().any(|x| *x != 0) && b.iter().any(|x| *x != 0));
        let verifier = Verifier::new(POOL, &user, &password, Salt::from_bytes(&salt).unwrap()).unwrap();
        let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&a).unwrap());
        let server = SrpServer::new(&verifier, client.srp_a(), PrivateEphemeral::from_be_bytes(&b).unwrap()).unwrap();
        let block_b64 = base64_encode(&block);
        let challenge = ServerChallenge::parse(&verifier.salt().to_hex(), server.srp_b(), &block_b64).unwrap();
        let t = Timestamp::from_unix_seconds(unix);

        let claim = client.password_claim(POOL, &user, &password, &challenge, &t).unwrap();
        prop_assert_eq!(claim.secret_block(), block_b64.as_str());
        prop_assert!(server.verify_password_claim(POOL, &user, &block, &t, claim.signature()).is_ok());

        // The server re-renders the client's timestamp text before checking it.
        let parsed = Timestamp::parse(claim.timestamp().as_str()).unwrap();
        prop_assert!(server.verify_password_claim(POOL, &user, &block, &parsed, claim.signature()).is_ok());

        if other_password != password {
            let wrong = client.password_claim(POOL, &user, &other_password, &challenge, &t).unwrap();
            prop_assert!(server.verify_password_claim(POOL, &user, &block, &t, wrong.signature()).is_err());
        }
        let other_user = format!("{user}x");
        prop_assert!(server.verify_password_claim(POOL, &other_user, &block, &t, claim.signature()).is_err());
        let mut other_block = block.clone();
        other_block[0] ^= 1;
        prop_assert!(server.verify_password_claim(POOL, &user, &other_block, &t, claim.signature()).is_err());
    }

    #[test]
    fn device_claims_verify_against_the_registered_verifier(
        group in "[A-Za-z0-9-]{1,20}",
        device in "[a-z]{2}-[a-z]{4}-[1-9]_[0-9a-f-]{8,36}",
        password in any::<[u8; 40]>(),
        salt in any::<[u8; 16]>(),
        a in proptest::collection::vec(1u8..=255, 1..=128),
        block in proptest::collection::vec(any::<u8>(), 1..=64),
    ) {
        let registered = DeviceVerifier::from_random_bytes(&group, &device, &password, &salt);
        let verifier = Verifier::from_device_config(registered.salt(), registered.password_verifier()).unwrap();
        // The server's SALT parameter for a device is positive (clients PAD a non-negative salt).
        prop_assert!(!verifier.salt().to_hex().starts_with('-'));
        let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&a).unwrap());
        let server = SrpServer::new(&verifier, client.srp_a(), PrivateEphemeral::from_be_bytes(&[7; 32]).unwrap()).unwrap();
        let challenge = ServerChallenge::parse(&verifier.salt().to_hex(), server.srp_b(), &base64_encode(&block)).unwrap();
        let t = Timestamp::from_unix_seconds(1_800_000_000);
        let claim = client.device_claim(&group, &device, registered.password().expose_secret(), &challenge, &t).unwrap();
        prop_assert!(server.verify_device_claim(&group, &device, &block, &t, claim.signature()).is_ok());
        let wrong = client.device_claim(&group, &device, "not the password", &challenge, &t).unwrap();
        prop_assert!(server.verify_device_claim(&group, &device, &block, &t, wrong.signature()).is_err());
    }

    #[test]
    fn salts_print_and_parse_like_java(bytes in proptest::collection::vec(any::<u8>(), 1..=48)) {
        let salt = Salt::from_bytes(&bytes).unwrap();
        let hex = salt.to_hex();
        // Negative exactly when the top bit of the first byte is set (Java's signed reading).
        prop_assert_eq!(hex.starts_with('-'), bytes[0] & 0x80 != 0);
        prop_assert!(!hex.trim_start_matches('-').starts_with('0') || hex == "0");
        prop_assert_eq!(Salt::parse_hex(&hex).unwrap(), salt);
    }

    #[test]
    fn timestamps_round_trip(unix in -2_208_988_800i64..253_402_300_799) {
        let t = Timestamp::from_unix_seconds(unix);
        let parsed = Timestamp::parse(t.as_str()).unwrap();
        prop_assert_eq!(parsed.unix_seconds(), unix);
        prop_assert_eq!(parsed, t);
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
