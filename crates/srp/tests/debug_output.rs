//! The exact `Debug` output of every type that holds or touches a secret: nothing secret is
//! ever printed.

use cognito_flow_srp::{
    DevicePassword, DeviceVerifier, PrivateEphemeral, Salt, ServerChallenge, SrpClient, SrpServer,
    Timestamp, Verifier,
};

#[test]
fn secrets_never_reach_debug() {
    let a = PrivateEphemeral::from_be_bytes(&[0xa1; 32]).unwrap();
    assert_eq!(format!("{a:?}"), "PrivateEphemeral(<redacted>)");
    assert_eq!(format!("{a:#?}"), "PrivateEphemeral(<redacted>)");

    let client = SrpClient::new(a);
    assert_eq!(
        format!("{client:?}"),
        "SrpClient { srp_a: \"78604b754341df90…\", .. }"
    );

    let challenge = ServerChallenge::parse("-6f01caa5", "b7a31717", "U0VDUkVU").unwrap();
    assert_eq!(format!("{challenge:?}"), "ServerChallenge { .. }");

    let t = Timestamp::from_unix_seconds(1_709_622_249);
    let claim = client
        .password_claim(
            "us-east-1_AbCdEf123",
            "testuser",
            "hunter2-canary",
            &challenge,
            &t,
        )
        .unwrap();
    let debug = format!("{claim:?}");
    assert_eq!(
        debug,
        "PasswordClaim { timestamp: Timestamp(\"Tue Mar 5 07:04:09 UTC 2024\"), .. }"
    );
    assert!(!debug.contains(claim.signature()));

    let pw = DevicePassword::new("device-canary");
    assert_eq!(format!("{pw:?}"), "DevicePassword(<redacted>)");

    let dv = DeviceVerifier::from_random_bytes("g", "k", &[1; 40], &[2; 16]);
    let debug = format!("{dv:?}");
    assert_eq!(
        debug,
        "DeviceVerifier { salt: \"AgICAgICAgICAgICAgICAg==\", .. }"
    );
    assert!(!debug.contains(dv.password().expose_secret()));
    assert!(!debug.contains(dv.password_verifier()));

    let salt = Salt::from_bytes(&[0x90, 0xfe]).unwrap();
    assert_eq!(format!("{salt:?}"), "Salt(\"-6f02\")");

    let v = Verifier::new("us-east-1_X", "u", "verifier-canary", salt).unwrap();
    let debug = format!("{v:?}");
    assert_eq!(debug, "Verifier { salt: Salt(\"-6f02\"), .. }");
    assert!(!debug.contains(&v.verifier_hex()[..16]));

    let server = SrpServer::new(
        &v,
        client.srp_a(),
        PrivateEphemeral::from_be_bytes(&[0xb2; 32]).unwrap(),
    )
    .unwrap();
    let debug = format!("{server:?}");
    assert!(debug.starts_with("SrpServer { srp_b: \""), "{debug}");
    assert!(debug.ends_with("…\", .. }"), "{debug}");
}
