//! Every refusal has its own typed error and changes nothing: hostile server values on the
//! client side, hostile client values on the server side, malformed text everywhere.

use cognito_flow_srp::{
    DeviceVerifier, PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpError, SrpServer,
    Timestamp, Verifier,
};

const N: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
/// N + 1 (N ends in ...FFFF, so the carry ripples: N+1 = ...CAFFFFFFFFFFFFFFFF + 1).
const N_PLUS_ONE_TAIL: &str = "43DB5BFCE0FD108E4B82D120A93AD2CB0000000000000000";
const SALT: &str = "-6f01caa57a1b2c3d4e5f60718293a4b5";
const BLOCK: &str = "AQID";

fn n_plus_one() -> String {
    format!(
        "{}{}",
        &N[..N.len() - N_PLUS_ONE_TAIL.len()],
        N_PLUS_ONE_TAIL
    )
}

fn parse_b(b: &str) -> Result<ServerChallenge, SrpError> {
    ServerChallenge::parse(SALT, b, BLOCK)
}

#[test]
fn malicious_server_ephemerals_are_refused() {
    use SrpError::InvalidServerEphemeral as Bad;
    assert_eq!(parse_b("0").unwrap_err(), Bad, "B = 0");
    assert_eq!(parse_b("0000").unwrap_err(), Bad, "B = 0 with zeros");
    assert_eq!(parse_b(N).unwrap_err(), Bad, "B = N");
    assert_eq!(
        parse_b(&N.to_lowercase()).unwrap_err(),
        Bad,
        "B = N lower case"
    );
    assert_eq!(parse_b(&n_plus_one()).unwrap_err(), Bad, "B = N + 1");
    assert_eq!(
        parse_b(&"f".repeat(768)).unwrap_err(),
        Bad,
        "B = 2^3072 - 1"
    );
    // 2N needs 3073 bits: longer than the group.
    let two_n = format!("1{}", "0".repeat(768));
    assert_eq!(
        parse_b(&two_n).unwrap_err(),
        SrpError::TooLong { name: "SRP_B" }
    );
    // B = 1 and B = N - 1 are in range and accepted (u and S are then fixed values, which is
    // what Cognito's clients do too; only 0 mod N is fatal to the protocol).
    assert!(parse_b("1").is_ok());
}

#[test]
fn malformed_server_parameters_are_typed() {
    let cases: [(&str, &str, &str, SrpError); 9] = [
        ("", "ab", BLOCK, SrpError::Empty { name: "SALT" }),
        ("-", "ab", BLOCK, SrpError::Empty { name: "SALT" }),
        ("xyz", "ab", BLOCK, SrpError::NotHex { name: "SALT" }),
        (SALT, "", BLOCK, SrpError::Empty { name: "SRP_B" }),
        (SALT, "0xab", BLOCK, SrpError::NotHex { name: "SRP_B" }),
        (SALT, "-ab", BLOCK, SrpError::NotHex { name: "SRP_B" }),
        (
            SALT,
            "ab",
            "",
            SrpError::Empty {
                name: "SECRET_BLOCK",
            },
        ),
        (
            SALT,
            "ab",
            "AQI$",
            SrpError::NotBase64 {
                name: "SECRET_BLOCK",
            },
        ),
        (
            &"1".repeat(769),
            "ab",
            BLOCK,
            SrpError::TooLong { name: "SALT" },
        ),
    ];
    for (salt, b, block, want) in cases {
        assert_eq!(
            ServerChallenge::parse(salt, b, block).unwrap_err(),
            want,
            "{salt:.10} {b:.10} {block:.10}"
        );
    }
}

#[test]
fn a_one_megabyte_srp_b_is_refused_by_length() {
    let huge = "7".repeat(1 << 20);
    assert_eq!(
        parse_b(&huge).unwrap_err(),
        SrpError::TooLong { name: "SRP_B" }
    );
    let huge_zeros = format!("{}1", "0".repeat(1 << 20));
    assert_eq!(
        parse_b(&huge_zeros).unwrap_err(),
        SrpError::TooLong { name: "SRP_B" }
    );
}

#[test]
fn private_ephemerals_are_checked() {
    use SrpError::InvalidPrivateEphemeral as Bad;
    assert_eq!(PrivateEphemeral::from_be_bytes(&[]).unwrap_err(), Bad);
    assert_eq!(PrivateEphemeral::from_be_bytes(&[0; 128]).unwrap_err(), Bad);
    assert_eq!(PrivateEphemeral::from_be_bytes(&[1; 129]).unwrap_err(), Bad);
    assert!(PrivateEphemeral::from_be_bytes(&[0, 0, 1]).is_ok());
}

#[test]
fn pool_ids_without_a_name_are_refused() {
    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[3; 32]).unwrap());
    let challenge = parse_b("abcdef").unwrap();
    let t = Timestamp::from_unix_seconds(0);
    for pool in ["", "us-east-1", "us-east-1_", "_AbC"] {
        assert_eq!(
            client
                .password_claim(pool, "u", "p", &challenge, &t)
                .unwrap_err(),
            SrpError::InvalidPoolId
        );
        assert_eq!(
            Verifier::new(pool, "u", "p", Salt::from_bytes(&[1]).unwrap()).unwrap_err(),
            SrpError::InvalidPoolId
        );
    }
}

fn verifier() -> Verifier {
    Verifier::new(
        "us-east-1_Pool",
        "alice",
        "pw",
        Salt::from_bytes(&[0x80, 1]).unwrap(),
    )
    .unwrap()
}

fn b() -> PrivateEphemeral {
    PrivateEphemeral::from_be_bytes(&[0x42; 32]).unwrap()
}

#[test]
fn malicious_client_ephemerals_are_refused_by_the_server() {
    use SrpError::InvalidClientEphemeral as Bad;
    let v = verifier();
    assert_eq!(SrpServer::new(&v, "0", b()).unwrap_err(), Bad, "A = 0");
    assert_eq!(SrpServer::new(&v, N, b()).unwrap_err(), Bad, "A = N");
    assert_eq!(
        SrpServer::new(&v, &n_plus_one(), b()).unwrap_err(),
        Bad,
        "A = N + 1"
    );
    assert_eq!(
        SrpServer::new(&v, &"F".repeat(768), b()).unwrap_err(),
        Bad,
        "A > N"
    );
    assert_eq!(
        SrpServer::new(&v, &"1".repeat(1 << 20), b()).unwrap_err(),
        SrpError::TooLong { name: "SRP_A" }
    );
    assert_eq!(
        SrpServer::new(&v, "zz", b()).unwrap_err(),
        SrpError::NotHex { name: "SRP_A" }
    );
    assert_eq!(
        SrpServer::new(&v, "", b()).unwrap_err(),
        SrpError::Empty { name: "SRP_A" }
    );
}

#[test]
fn server_refuses_every_wrong_claim() {
    let pool = "us-east-1_Pool";
    let v = verifier();
    let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[9; 128]).unwrap());
    let server = SrpServer::new(&v, client.srp_a(), b()).unwrap();
    let challenge = ServerChallenge::parse(&v.salt().to_hex(), server.srp_b(), "AAECAw==").unwrap();
    let t = Timestamp::from_unix_seconds(1_700_000_000);
    let good = client
        .password_claim(pool, "alice", "pw", &challenge, &t)
        .unwrap();
    let block = [0u8, 1, 2, 3];
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, good.signature()),
        Ok(())
    );

    let mismatch = Err(SrpError::ClaimMismatch);
    // Wrong block, user, pool, time.
    assert_eq!(
        server.verify_password_claim(pool, "alice", &[0, 1, 2], &t, good.signature()),
        mismatch
    );
    assert_eq!(
        server.verify_password_claim(pool, "bob", &block, &t, good.signature()),
        mismatch
    );
    assert_eq!(
        server.verify_password_claim("us-east-1_Other", "alice", &block, &t, good.signature()),
        mismatch
    );
    let t2 = Timestamp::from_unix_seconds(1_700_000_001);
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t2, good.signature()),
        mismatch
    );
    // Wrong password.
    let wrong = client
        .password_claim(pool, "alice", "pW", &challenge, &t)
        .unwrap();
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, wrong.signature()),
        mismatch
    );
    // Signatures of the wrong length, and not base64.
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, "AAAA"),
        mismatch
    );
    let long = format!("{}AAAA", good.signature().trim_end_matches('='));
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, &long),
        mismatch
    );
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, "!!"),
        Err(SrpError::NotBase64 {
            name: "PASSWORD_CLAIM_SIGNATURE"
        })
    );
    // A truncated-then-padded signature (first 31 bytes) does not pass.
    let mut sig = good.signature().to_owned();
    sig.replace_range(40..43, "AAA");
    assert_eq!(
        server.verify_password_claim(pool, "alice", &block, &t, &sig),
        mismatch
    );
}

#[test]
fn stored_and_device_verifiers_are_validated() {
    assert_eq!(
        Verifier::from_device_config("%%", "AAAA").unwrap_err(),
        SrpError::NotBase64 { name: "Salt" }
    );
    assert_eq!(
        Verifier::from_device_config("AAAA", "%%").unwrap_err(),
        SrpError::NotBase64 {
            name: "PasswordVerifier"
        }
    );
    assert_eq!(
        Verifier::from_device_config("", "AAAA").unwrap_err(),
        SrpError::Empty { name: "Salt" }
    );
    assert_eq!(
        Verifier::from_device_config("AAAA", "AAAA").unwrap_err(),
        SrpError::InvalidClientEphemeral,
        "a zero verifier"
    );
    let d = DeviceVerifier::from_random_bytes("g", "k", &[1; 40], &[2; 16]);
    assert!(Verifier::from_device_config(d.salt(), d.password_verifier()).is_ok());
    assert_eq!(
        Verifier::from_hex("-12", "0").unwrap_err(),
        SrpError::InvalidClientEphemeral
    );
    assert_eq!(
        Verifier::from_hex("-12", "x").unwrap_err(),
        SrpError::NotHex { name: "verifier" }
    );
    assert_eq!(
        Verifier::from_hex("x", "12").unwrap_err(),
        SrpError::NotHex { name: "SALT" }
    );
    assert_eq!(
        Salt::from_bytes(&[]).unwrap_err(),
        SrpError::Empty { name: "SALT" }
    );
    assert_eq!(
        Salt::from_bytes(&[1; 385]).unwrap_err(),
        SrpError::TooLong { name: "SALT" }
    );
}

#[test]
fn errors_display_without_values() {
    assert_eq!(
        SrpError::NotHex { name: "SRP_B" }.to_string(),
        "SRP_B is not hexadecimal"
    );
    assert_eq!(
        SrpError::InvalidServerEphemeral.to_string(),
        "the server's SRP_B is not a valid public value"
    );
    assert_eq!(
        SrpError::InvalidTimestamp.to_string(),
        "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english"
    );
}
