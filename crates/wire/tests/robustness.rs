//! Hostile and malformed input: every decoder returns a value or a `DecodeError` (or `None` for the
//! error envelope), never panics, never overflows the stack, and never quotes the input back.

use std::error::Error;

use cognito_flow_wire::{self as wire, ChallengeName, DecodeError};

/// The error and its whole `source()` chain, as a user would see it in an `anyhow` report, plus
/// `Debug`.
fn report(err: &DecodeError) -> String {
    let mut text = format!("{err} / {err:?}");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(" / {s}"));
        source = s.source();
    }
    text
}

fn decode_err<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> String {
    match wire::decode_response::<T>(body) {
        Ok(v) => panic!("decoded {:?} into {v:?}", String::from_utf8_lossy(body)),
        Err(e) => report(&e),
    }
}

#[test]
fn not_json_is_an_error() {
    for body in [
        &b"<html><body>502 Bad Gateway</body></html>"[..],
        b"{",
        b"nul",
        b"{\"Session\":",
        b"\xff\xfe\x00garbage",
        b"{\"Session\":\"\xff\"}",
        b"{} trailing",
        b"[]",
        b"\"string\"",
    ] {
        let err = decode_err::<wire::InitiateAuthResponse>(body);
        assert!(
            err.starts_with("failed to decode InitiateAuthResponse from JSON"),
            "{err}"
        );
    }
}

#[test]
fn wrong_member_types_are_errors() {
    for body in [
        r#"{"Session":42}"#,
        r#"{"ChallengeName":5}"#,
        r#"{"ChallengeParameters":["SALT"]}"#,
        r#"{"ChallengeParameters":{"SALT":1}}"#,
        r#"{"AvailableChallenges":"SMS_MFA"}"#,
        r#"{"AuthenticationResult":"token"}"#,
        r#"{"AuthenticationResult":{"ExpiresIn":"3600"}}"#,
        r#"{"AuthenticationResult":{"ExpiresIn":3600.5}}"#,
        r#"{"AuthenticationResult":{"ExpiresIn":99999999999}}"#,
        r#"{"AuthenticationResult":{"NewDeviceMetadata":[]}}"#,
    ] {
        decode_err::<wire::InitiateAuthResponse>(body.as_bytes());
    }
    decode_err::<wire::GetDeviceResponse>(br#"{"Device":{"DeviceCreateDate":"2024-01-23"}}"#);
    decode_err::<wire::GetDeviceResponse>(br#"{"Device":{"DeviceCreateDate":1e400}}"#);
    decode_err::<wire::SignUpResponse>(br#"{"UserConfirmed":"false","UserSub":"x"}"#);
}

#[test]
fn missing_required_members_are_errors() {
    let err = decode_err::<wire::GetUserResponse>(br#"{"UserAttributes":[]}"#);
    assert!(err.contains("missing field `Username`"), "{err}");
    let err = decode_err::<wire::GetUserResponse>(
        br#"{"Username":"alice","UserAttributes":[{"Value":"x"}]}"#,
    );
    assert!(err.contains("missing field `Name`"), "{err}");
    decode_err::<wire::GetDeviceResponse>(b"{}");
    decode_err::<wire::GetDeviceResponse>(b"");
    decode_err::<wire::StartWebAuthnRegistrationResponse>(b"{}");
    let missing =
        wire::decode_request::<wire::RespondToAuthChallengeRequest>(br#"{"ClientId":"c"}"#);
    let err = missing.map(|_| ()).expect_err("ChallengeName is required");
    assert!(report(&err).contains("missing field `ChallengeName`"));
}

#[test]
fn null_optional_members_are_absent() {
    let response: wire::InitiateAuthResponse =
        wire::decode_response(br#"{"Session":null,"ChallengeName":null}"#).expect("nulls");
    assert!(response.session.is_none() && response.challenge_name.is_none());
}

#[test]
fn unknown_challenge_name_is_kept_verbatim() {
    let body = br#"{"ChallengeName":"PASSKEY_STEP_UP","Session":"AYABeC1session-xxxxxxxx","AvailableChallenges":["SMS_MFA","FACE_ID"]}"#;
    let response: wire::RespondToAuthChallengeResponse =
        wire::decode_response(body).expect("decodes");
    let name = response.challenge_name.expect("name");
    assert!(matches!(&name, ChallengeName::Unknown(raw) if raw.as_str() == "PASSKEY_STEP_UP"));
    assert_eq!(name.as_str(), "PASSKEY_STEP_UP");
    let available = response.available_challenges.expect("available");
    assert_eq!(available[0], ChallengeName::SmsMfa);
    assert_eq!(available[1].as_str(), "FACE_ID");
    let again = serde_json::to_string(&available).expect("encodes");
    assert_eq!(again, r#"["SMS_MFA","FACE_ID"]"#);
}

#[test]
fn unknown_members_are_ignored_at_every_depth() {
    let body = br#"{"Future":{"a":[1,2,{"b":null}]},"AuthenticationResult":{"AccessToken":"a.b.c",
        "NewDeviceMetadata":{"DeviceKey":"k","Extra":true},"MoreStuff":1.5},"ChallengeParameters":{}}"#;
    let response: wire::InitiateAuthResponse = wire::decode_response(body).expect("decodes");
    let result = response.authentication_result.expect("result");
    assert_eq!(
        result
            .new_device_metadata
            .expect("meta")
            .device_key
            .as_deref(),
        Some("k")
    );
    let req: wire::GetUserRequest =
        wire::decode_request(br#"{"AccessToken":"t","Unknown":"x"}"#).expect("request");
    assert_eq!(req.access_token.expose_secret(), "t");
}

#[test]
fn a_one_megabyte_string_decodes() {
    let big = "A".repeat(1 << 20);
    let body = format!(r#"{{"Session":"{big}","ChallengeParameters":{{"SRP_B":"{big}"}}}}"#);
    let response: wire::InitiateAuthResponse =
        wire::decode_response(body.as_bytes()).expect("decodes");
    assert_eq!(
        response.session.expect("session").expose_secret().len(),
        1 << 20
    );
    assert_eq!(
        response.challenge_parameters.expect("params")["SRP_B"].len(),
        1 << 20
    );

    // With escapes, and inside a JSON-encoded challenge parameter.
    let escaped = "\\u0041".repeat(1 << 18);
    let body = format!(r#"{{"Session":"{escaped}"}}"#);
    let response: wire::InitiateAuthResponse =
        wire::decode_response(body.as_bytes()).expect("decodes");
    assert_eq!(
        response.session.expect("session").expose_secret().len(),
        1 << 18
    );
    let names = format!(r#"["{big}"]"#);
    let decoded = wire::decode_mfas_can_setup(&names).expect("decodes");
    assert_eq!(decoded[0].as_str().len(), 1 << 20);
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = nested(100_000);
    // Into a document member: serde_json's recursion limit turns it into an error.
    let body = format!(r#"{{"CredentialCreationOptions":{deep}}}"#);
    let err = decode_err::<wire::StartWebAuthnRegistrationResponse>(body.as_bytes());
    assert!(err.contains("recursion limit exceeded"), "{err}");
    assert!(wire::Document::from_json(&deep).is_err());

    // Into an ignored unknown member: an error or a clean parse, never a crash.
    let body = format!(r#"{{"Unknown":{deep},"Session":"AYABeC1session-xxxxxxxx"}}"#);
    let _ = wire::decode_response::<wire::InitiateAuthResponse>(body.as_bytes());

    // Into a map, a list and a flattened pass-through member.
    let body = format!(r#"{{"ChallengeParameters":{{"a":{deep}}}}}"#);
    decode_err::<wire::InitiateAuthResponse>(body.as_bytes());
    let objects = format!("{}{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let body = format!(r#"{{"AuthenticationResult":{objects}}}"#);
    let _ = wire::decode_response::<wire::InitiateAuthResponse>(body.as_bytes());
    let options = format!(r#"{{"challenge":"c","extensions":{deep}}}"#);
    assert!(wire::decode_credential_request_options(&options).is_err());
    assert!(wire::decode_user_attributes(&deep).is_err());

    // The error envelope falls back to the headers.
    let envelope =
        wire::ErrorEnvelope::decode(Some("InternalErrorException:"), None, deep.as_bytes());
    assert_eq!(
        envelope.map(|e| e.code().to_owned()).as_deref(),
        Some("InternalErrorException")
    );
}

#[test]
fn errors_never_quote_the_input() {
    let secret = "hunter2-S3CRET";
    for body in [
        format!(r#"{{"AuthenticationResult":{{"ExpiresIn":"{secret}"}}}}"#),
        format!(r#"{{"AvailableChallenges":"{secret}"}}"#),
        format!(r#"{{"ChallengeParameters":{{"SALT":["{secret}"]}}}}"#),
        format!(r#"{{"Session":["{secret}"]}}"#),
        format!(r#"{{"{secret}":1,"Session":5}}"#),
        format!(r#"{{"ChallengeName":{{"{secret}":1}}}}"#),
    ] {
        let err = decode_err::<wire::InitiateAuthResponse>(body.as_bytes());
        assert!(!err.contains(secret), "{err}");
    }
    let numeric = decode_err::<wire::InitiateAuthResponse>(br#"{"Session":987654321}"#);
    assert!(!numeric.contains("987654321"), "{numeric}");
    let code = wire::decode_request::<wire::VerifySoftwareTokenRequest>(br#"{"UserCode":123456}"#)
        .map(|_| ())
        .expect_err("number for a string");
    assert!(!report(&code).contains("123456"), "{}", report(&code));
    for param in [
        format!(r#"[{{"{secret}":1}}]"#),
        format!(r#"["{secret}", 7]"#),
        format!(r#""{secret}""#),
    ] {
        let err = wire::decode_mfas_can_choose(&param).expect_err("not a list of names");
        assert!(!report(&err).contains(secret), "{}", report(&err));
    }
}

/// Every single-byte corruption of the golden bodies: decoders may fail, but must not panic.
#[test]
fn corrupted_golden_bodies_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden");
    let mut bodies: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("golden dir")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .collect();
    bodies.sort();
    let mut tried = 0_usize;
    for body in &bodies {
        for i in 0..body.len() {
            for byte in [b'"', b'{', b']', b'0', b'\\', 0xff] {
                let mut corrupt = body.clone();
                corrupt[i] = byte;
                let _ = wire::decode_response::<wire::InitiateAuthResponse>(&corrupt);
                let _ = wire::decode_response::<wire::RespondToAuthChallengeRequest>(&corrupt);
                let _ = wire::decode_response::<wire::GetDeviceResponse>(&corrupt);
                let _ = wire::decode_response::<wire::StartWebAuthnRegistrationResponse>(&corrupt);
                let _ = wire::ErrorEnvelope::decode(None, None, &corrupt);
                if let Ok(text) = std::str::from_utf8(&corrupt) {
                    let _ = wire::decode_credential_request_options(text);
                    let _ = wire::decode_user_attributes(text);
                    let _ = wire::decode_required_attributes(text);
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 10_000, "{tried}");
}
