//! The known-answer vectors of spec §6.10 and §7, end to end through the public API, on both
//! the client and the server side.

use cognito_flow_srp::{
    DeviceVerifier, PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpServer, Timestamp,
    Verifier, secret_hash,
};

const POOL: &str = "us-east-1_AbCdEf123";
const SALT: &str = "-6f01caa57a1b2c3d4e5f60718293a4b5";
const SECRET_BLOCK: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
const SIGNATURE: &str = "sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA=";
const A: &str = concat!(
    "78604b754341df90d89b6b6f863685f06670aa11b23e06bd273c7d699d8589b9217b0bd9c6779c5bf67889259965c46f",
    "9e1d688ee977d8606ddc9ffe5ce6403c8d9598e8e9dc3bfc9e12e19b586dbc85f4ecce8211f350f2364d0fd24c3c0dee",
    "d7783d90f121c7c6f2ee7064e63d88d8fd1b0a7b3dfbe9bcd92db247c7c76b2a50d49ab4f6a68165f0192a088475da95",
    "3aefeb4ee1fedc8f5488e01e89bfc8b3a2d0f1fd1f28829422c6999579ac84ec676994449cca9ba82311b40894153a00",
    "c8ba843bfb528e18d9cc6b0a532f305b5d250469983c989c2a332f7ae252845fb7d4188656f1c87ed94115108304dc5a",
    "2926fa7bd95d0e6a074cb9f3bc120275bef33f509482a5a9854935c830f6753e6d5d38be77d24819a1eb4286d228c127",
    "0d68e7aa5db7d33acc638600bfba76af6f6293c055ababd1b8f57b6e72b67f6c3253cd0053c37dda63d7bb0a1267397d",
    "78413e0c272f2789ddc707116ad8e2fa198848aacba9111264499e264060cbb03c3b25f4c3bf323a8128a67cc4688292",
);
const B: &str = concat!(
    "b7a31717c684b51c46958810a2e9c2736088092aff47978433f2bb673d34d4b2c53a3fe3f581f4d804a73451cff4d379",
    "1ba43f029123d8885e79ad2464b447c58d3b335069309efbe0ce499b8420356e2986aebf74dcfa21ad62cfd647a15a27",
    "953161a56f2b122f7a8e9c733dacf2f17c0d5a193db6f8a280294e400792eb2def5ea54b1a4e584673491b7c943366d0",
    "b0ae91d49f62d29064937a49f8fecf9ccc7d89c72b1602abb25609038978f2d1449ac4f14a3d899c0a38755d5bc8c263",
    "c596c3e38b4ea53c7428c4c2b269a7d0635de509c601441849c8cd4a312dc52a13960c8a725886365c49a45801f6a940",
    "c4bde458231f7ee8a26b2f9e08d4dcbb0d64f20eb600c3d1d6507564e08fc7ff34b9a901c3b7b4edfb471296574550e9",
    "1367de857b75597b2689af525e768ec977dd44fd51dc69247ad2554b9c35863f7fdf8db116da35fd14186baeded8744a",
    "e45b29becbc7a0e77731e09aae40f80271373f7288c3f7340669e7ce0b772655c6a130af41936974227b69cacab9c91b",
);

fn spec_time() -> Timestamp {
    Timestamp::from_unix_seconds(1_709_622_249)
}

#[test]
fn client_reproduces_spec_user_vector() {
    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32]).unwrap());
    assert_eq!(client.srp_a(), A);
    let challenge = ServerChallenge::parse(SALT, B, SECRET_BLOCK).unwrap();
    let claim = client
        .password_claim(POOL, "testuser", "Passw0rd!", &challenge, &spec_time())
        .unwrap();
    assert_eq!(claim.signature(), SIGNATURE);
    assert_eq!(claim.timestamp().as_str(), "Tue Mar 5 07:04:09 UTC 2024");
    assert_eq!(claim.secret_block(), SECRET_BLOCK);
}

#[test]
fn uppercase_and_zero_padded_srp_b_give_the_same_claim() {
    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32]).unwrap());
    let padded = format!("0000{}", B.to_uppercase());
    let challenge = ServerChallenge::parse(SALT, &padded, SECRET_BLOCK).unwrap();
    let claim = client
        .password_claim(POOL, "testuser", "Passw0rd!", &challenge, &spec_time())
        .unwrap();
    assert_eq!(claim.signature(), SIGNATURE);
}

#[test]
fn server_reproduces_spec_b_and_accepts_the_spec_claim() {
    let verifier = Verifier::new(
        POOL,
        "testuser",
        "Passw0rd!",
        Salt::parse_hex(SALT).unwrap(),
    )
    .unwrap();
    assert_eq!(verifier.salt().to_hex(), SALT);
    let server = SrpServer::new(
        &verifier,
        A,
        PrivateEphemeral::from_be_bytes(&[0xb2; 32]).unwrap(),
    )
    .unwrap();
    assert_eq!(server.srp_b(), B);
    let block: Vec<u8> = (1..=32).collect();
    server
        .verify_password_claim(POOL, "testuser", &block, &spec_time(), SIGNATURE)
        .unwrap();
    // One second later the message differs.
    let later = Timestamp::from_unix_seconds(1_709_622_250);
    assert!(
        server
            .verify_password_claim(POOL, "testuser", &block, &later, SIGNATURE)
            .is_err()
    );
}

#[test]
fn device_verifier_of_spec_6_10() {
    let password: [u8; 40] = core::array::from_fn(|i| i as u8);
    let salt = [
        0xc0, 0xff, 0xee, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
        0xcc,
    ];
    let v = DeviceVerifier::from_random_bytes(
        "-Ab12Cd34",
        "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        &password,
        &salt,
    );
    assert_eq!(
        v.password().expose_secret(),
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw=="
    );
    assert_eq!(v.salt(), "AMD/7gARIjNEVWZ3iJmqu8w=");
    assert_eq!(v.password_verifier().len(), 512);
    assert!(
        v.password_verifier()
            .starts_with("FPIH/88+sKqn3zb0YydenItsCllEqYe4zX+g6ITN")
    );
    use sha2_check::sha256_hex;
    assert_eq!(
        sha256_hex(v.password_verifier().as_bytes()),
        "88d8a21dc78b99a92d6025dcd90035fdcb5e7dd4162cb38d1ceab3b1365eb571"
    );
}

#[test]
fn secret_hash_of_spec_7() {
    assert_eq!(
        secret_hash(
            "testuser",
            "1example23456789",
            "1example23456789secretabcdefghijklmnop"
        ),
        "l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8="
    );
}

/// A tiny SHA-256 for the one check above, through the crate's own dependency graph would be
/// cheating; std has none, so use the `sha2` crate the workspace already builds.
mod sha2_check {
    pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::Digest;
        let d = sha2::Sha256::digest(bytes);
        d.iter().map(|b| format!("{b:02x}")).collect()
    }
}
