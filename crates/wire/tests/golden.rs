//! Golden bodies taken from the protocol spec's examples (`tests/fixtures/golden/*.json`): each is
//! decoded into its typed value, checked field by field, re-encoded, and compared with the file as a
//! JSON value. Because the SDK and the emulator share these types, a symmetric mistake (both sides
//! using a wrong member name) would pass every round trip between them; these fixtures, written from
//! AWS's documented wire format rather than from our types, catch it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use cognito_flow_wire::{self as wire, ChallengeName, keys};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every fixture file; `every_fixture_is_used` keeps this list and the directory in step.
const FIXTURES: &[&str] = &[
    "associate_software_token_request.json",
    "associate_software_token_response.json",
    "confirm_device_request.json",
    "error_not_authorized.json",
    "get_device_response.json",
    "initiate_auth_request_user_srp.json",
    "initiate_auth_response_password_verifier.json",
    "initiate_auth_response_select_challenge.json",
    "respond_to_auth_challenge_request_mfa_setup.json",
    "respond_to_auth_challenge_request_new_password_required.json",
    "respond_to_auth_challenge_request_password_verifier.json",
    "respond_to_auth_challenge_response_mfa_setup.json",
    "respond_to_auth_challenge_response_new_password_required.json",
    "respond_to_auth_challenge_response_tokens_new_device.json",
    "respond_to_auth_challenge_response_web_authn.json",
    "revoke_token_response.json",
    "start_web_authn_registration_response.json",
    "verify_software_token_request.json",
    "verify_software_token_response.json",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

fn read(name: &str) -> Vec<u8> {
    assert!(FIXTURES.contains(&name), "{name} is missing from FIXTURES");
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// JSON numbers compared by value: AWS writes timestamps as `1.7060457E9`, we write `1706045700`.
fn normalize(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect())
        }
        other => other,
    }
}

/// Decodes a golden body, re-encodes it, and checks the two are the same JSON.
fn golden<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let body = read(name);
    let value: T = wire::decode_response(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
    let expected: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&body).expect("fixture is JSON")
    };
    let again = serde_json::to_value(&value).expect("re-encodes");
    assert_eq!(
        normalize(again),
        normalize(expected),
        "{name}: re-encoded body differs"
    );
    value
}

/// A JSON-valued challenge parameter re-encoded by our encoder must be the same JSON.
fn same_json(ours: &str, theirs: &str) {
    let ours: Value = serde_json::from_str(ours).expect("our encoding is JSON");
    let theirs: Value = serde_json::from_str(theirs).expect("fixture value is JSON");
    assert_eq!(ours, theirs);
}

#[test]
fn initiate_auth_user_srp_request() {
    let request: wire::InitiateAuthRequest = golden("initiate_auth_request_user_srp.json");
    assert_eq!(request.auth_flow, wire::AuthFlow::UserSrpAuth);
    assert_eq!(request.client_id.expose_secret(), "1example23456789");
    let params = request.auth_parameters.expect("AuthParameters");
    assert_eq!(params.secret(keys::USERNAME), Some("testuser"));
    assert_eq!(params.secret(keys::SRP_A).map(str::len), Some(768));
    assert_eq!(
        params.secret(keys::SECRET_HASH),
        Some("l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8=")
    );
    assert!(request.session.is_none());
    // Decoding as a request (the emulator's side) gives the same thing.
    let again: wire::InitiateAuthRequest =
        wire::decode_request(&read("initiate_auth_request_user_srp.json")).expect("request");
    assert_eq!(again.auth_flow, wire::AuthFlow::UserSrpAuth);
}

#[test]
fn error_envelope_body() {
    let body = read("error_not_authorized.json");
    let error = wire::ErrorEnvelope::decode(
        Some("NotAuthorizedException:"),
        Some("Incorrect username or password."),
        &body,
    )
    .expect("envelope");
    assert_eq!(error.code(), "NotAuthorizedException");
    assert_eq!(error.message(), Some("Incorrect username or password."));
    assert_eq!(error.reason_code(), None);
    let ours: Value = serde_json::from_slice(&error.to_json()).expect("JSON");
    let theirs: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(ours, theirs);
}

#[test]
fn password_verifier_challenge() {
    let response: wire::InitiateAuthResponse =
        golden("initiate_auth_response_password_verifier.json");
    assert_eq!(
        response.challenge_name,
        Some(ChallengeName::PasswordVerifier)
    );
    assert!(
        response.session.is_none(),
        "USER_SRP_AUTH returns no Session"
    );
    let params = response.challenge_parameters.expect("ChallengeParameters");
    assert_eq!(params[keys::SALT], "8ce8291892390f6b53a245933faf6164");
    assert_eq!(params[keys::SRP_B].len(), 768);
    assert_eq!(
        params[keys::SECRET_BLOCK],
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
    );
    assert_eq!(params[keys::USERNAME], "alice@example.com");
    assert_eq!(params[keys::USER_ID_FOR_SRP], "alice@example.com");

    let answer: wire::RespondToAuthChallengeRequest =
        golden("respond_to_auth_challenge_request_password_verifier.json");
    assert_eq!(answer.challenge_name, ChallengeName::PasswordVerifier);
    assert!(answer.session.is_none());
    let responses = answer.challenge_responses.expect("ChallengeResponses");
    assert_eq!(
        responses.secret(keys::PASSWORD_CLAIM_SIGNATURE),
        Some("sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA=")
    );
    assert_eq!(
        responses.secret(keys::TIMESTAMP),
        Some("Tue Mar 5 07:04:09 UTC 2024")
    );
    assert_eq!(
        responses.secret(keys::PASSWORD_CLAIM_SECRET_BLOCK),
        Some("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=")
    );
}

#[test]
fn mfa_setup_chain() {
    let challenge: wire::RespondToAuthChallengeResponse =
        golden("respond_to_auth_challenge_response_mfa_setup.json");
    assert_eq!(challenge.challenge_name, Some(ChallengeName::MfaSetup));
    let s0 = challenge.session.expect("S0");
    let params = challenge.challenge_parameters.expect("parameters");
    let can_setup =
        wire::decode_mfas_can_setup(&params[keys::MFAS_CAN_SETUP]).expect("MFAS_CAN_SETUP");
    assert_eq!(
        can_setup,
        [ChallengeName::SmsMfa, ChallengeName::SoftwareTokenMfa]
    );
    same_json(
        &wire::encode_mfas_can_setup(&can_setup),
        &params[keys::MFAS_CAN_SETUP],
    );

    let associate: wire::AssociateSoftwareTokenRequest =
        golden("associate_software_token_request.json");
    assert_eq!(
        associate.session.expect("session").expose_secret(),
        s0.expose_secret()
    );
    assert!(associate.access_token.is_none());

    let secret: wire::AssociateSoftwareTokenResponse =
        golden("associate_software_token_response.json");
    assert_eq!(
        secret.secret_code.expect("SecretCode").expose_secret(),
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    );
    let s1 = secret.session.expect("S1");

    let verify: wire::VerifySoftwareTokenRequest = golden("verify_software_token_request.json");
    assert_eq!(
        verify.session.expect("session").expose_secret(),
        s1.expose_secret()
    );
    assert_eq!(verify.user_code.expose_secret(), "123456");
    assert_eq!(verify.friendly_device_name.as_deref(), Some("My phone"));

    let verified: wire::VerifySoftwareTokenResponse = golden("verify_software_token_response.json");
    assert_eq!(
        verified.status,
        Some(wire::VerifySoftwareTokenStatus::Success)
    );
    let s2 = verified.session.expect("S2");

    let finish: wire::RespondToAuthChallengeRequest =
        golden("respond_to_auth_challenge_request_mfa_setup.json");
    assert_eq!(finish.challenge_name, ChallengeName::MfaSetup);
    assert_eq!(
        finish.session.expect("session").expose_secret(),
        s2.expose_secret()
    );
    let responses = finish.challenge_responses.expect("responses");
    assert_eq!(responses.keys().collect::<Vec<_>>(), [keys::USERNAME]);
}

#[test]
fn new_password_required() {
    let challenge: wire::RespondToAuthChallengeResponse =
        golden("respond_to_auth_challenge_response_new_password_required.json");
    assert_eq!(
        challenge.challenge_name,
        Some(ChallengeName::NewPasswordRequired)
    );
    let params = challenge.challenge_parameters.expect("parameters");
    assert_eq!(params[keys::USER_ID_FOR_SRP], "testuser");

    let required =
        wire::decode_required_attributes(&params[keys::REQUIRED_ATTRIBUTES]).expect("required");
    assert_eq!(required.len(), 1);
    assert_eq!(required[0].name(), "name");
    assert_eq!(required[0].response_key(), "userAttributes.name");
    same_json(
        &wire::encode_required_attributes(&required),
        &params[keys::REQUIRED_ATTRIBUTES],
    );

    let current =
        wire::decode_user_attributes(&params[keys::USER_ATTRIBUTES]).expect("userAttributes");
    assert_eq!(current.secret("email"), Some("testuser@example.com"));
    assert_eq!(current.secret("email_verified"), Some("true"));
    same_json(
        &wire::encode_user_attributes(&current),
        &params[keys::USER_ATTRIBUTES],
    );

    let answer: wire::RespondToAuthChallengeRequest =
        golden("respond_to_auth_challenge_request_new_password_required.json");
    let responses = answer.challenge_responses.expect("responses");
    assert_eq!(responses.secret(keys::NEW_PASSWORD), Some("N3w-Passw0rd!"));
    assert_eq!(
        responses.secret(required[0].response_key()),
        Some("Test User")
    );
    assert_eq!(
        answer.session.expect("session").expose_secret(),
        challenge.session.expect("session").expose_secret()
    );
}

#[test]
fn select_challenge_lists_factors_at_top_level() {
    let response: wire::InitiateAuthResponse =
        golden("initiate_auth_response_select_challenge.json");
    assert_eq!(
        response.challenge_name,
        Some(ChallengeName::SelectChallenge)
    );
    assert_eq!(
        response.available_challenges.expect("AvailableChallenges"),
        [
            ChallengeName::PasswordSrp,
            ChallengeName::Password,
            ChallengeName::EmailOtp,
            ChallengeName::WebAuthn
        ]
    );
    assert!(response.challenge_parameters.expect("present").is_empty());
}

#[test]
fn web_authn_credential_request_options() {
    let challenge: wire::RespondToAuthChallengeResponse =
        golden("respond_to_auth_challenge_response_web_authn.json");
    assert_eq!(challenge.challenge_name, Some(ChallengeName::WebAuthn));
    let params = challenge.challenge_parameters.expect("parameters");
    let raw = &params[keys::CREDENTIAL_REQUEST_OPTIONS];
    let options = wire::decode_credential_request_options(raw).expect("options");
    assert_eq!(options.challenge, "bm9uY2UtZnJvbS10aGUtc2VydmljZQ");
    assert_eq!(options.rp_id.as_deref(), Some("example.com"));
    assert_eq!(options.timeout, Some(180_000));
    assert_eq!(
        options.user_verification,
        Some(wire::UserVerificationRequirement::Required)
    );
    let allowed = options
        .allow_credentials
        .as_deref()
        .expect("allowCredentials");
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0].type_, "public-key");
    assert_eq!(allowed[0].id, "Y3JlZGVudGlhbC1pZC0x");
    assert_eq!(
        allowed[0].transports.as_deref(),
        Some(&["internal".to_owned(), "hybrid".to_owned()][..])
    );
    assert!(options.extra.is_empty());
    // Our encoder writes WebAuthn member order, which is the fixture's: byte-identical.
    assert_eq!(wire::encode_credential_request_options(&options), *raw);
}

#[test]
fn tokens_with_new_device_metadata() {
    let response: wire::RespondToAuthChallengeResponse =
        golden("respond_to_auth_challenge_response_tokens_new_device.json");
    assert!(response.challenge_name.is_none());
    let result = response
        .authentication_result
        .expect("AuthenticationResult");
    assert_eq!(result.expires_in, Some(3600));
    assert_eq!(result.token_type.as_deref(), Some("Bearer"));
    assert!(
        result
            .access_token
            .expect("access")
            .expose_secret()
            .starts_with("eyJ")
    );
    assert!(result.id_token.is_some() && result.refresh_token.is_some());
    let device = result.new_device_metadata.expect("NewDeviceMetadata");
    assert_eq!(
        device.device_key.as_deref(),
        Some("us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")
    );
    assert_eq!(device.device_group_key.as_deref(), Some("-Ab12Cd34"));

    let confirm: wire::ConfirmDeviceRequest = golden("confirm_device_request.json");
    assert_eq!(
        Some(confirm.device_key.as_str()),
        device.device_key.as_deref()
    );
    let verifier = confirm.device_secret_verifier_config.expect("config");
    assert_eq!(verifier.salt.as_deref(), Some("AMD/7gARIjNEVWZ3iJmqu8w="));
    assert_eq!(confirm.device_name.as_deref(), Some("nodejs"));
}

#[test]
fn device_timestamps_are_epoch_seconds() {
    let response: wire::GetDeviceResponse = golden("get_device_response.json");
    let device = response.device;
    let created = device.device_create_date.expect("created");
    assert_eq!(created.as_epoch_seconds_f64(), 1_706_045_623.393);
    assert_eq!(
        device.device_last_modified_date.expect("modified"),
        wire::Timestamp::from_epoch_seconds(1_706_045_700)
    );
    assert_eq!(
        device
            .device_last_authenticated_date
            .expect("authenticated"),
        wire::Timestamp::from_epoch_seconds(1_706_045_700)
    );
    let attributes = device.device_attributes.expect("attributes");
    assert_eq!(attributes[1].name, "device_name");
    assert_eq!(
        attributes[1].value.as_ref().expect("value").expose_secret(),
        "nodejs"
    );
}

#[test]
fn web_authn_registration_options_are_a_document() {
    #[derive(serde::Deserialize)]
    struct Rp {
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct Options {
        challenge: String,
        rp: Rp,
    }
    let response: wire::StartWebAuthnRegistrationResponse =
        golden("start_web_authn_registration_response.json");
    let options: Options = response
        .credential_creation_options
        .deserialize_into()
        .expect("typed view");
    assert_eq!(options.challenge, "cmVnaXN0cmF0aW9uLWNoYWxsZW5nZQ");
    assert_eq!(options.rp.id, "example.com");
}

#[test]
fn revoke_token_empty_body() {
    let _: wire::RevokeTokenResponse = golden("revoke_token_response.json");
    assert!(read("revoke_token_response.json").is_empty());
}

#[test]
fn every_fixture_is_used() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir())
        .expect("golden dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let listed: BTreeSet<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(on_disk, listed);
}
