//! The exact `Debug` output of secret-bearing requests and responses (smithy's `sensitive-it.rs`
//! idea): passwords, sessions, codes, tokens, client IDs and usernames never appear.

use cognito_flow_wire::{
    self as wire, AuthFlow, AuthenticationResult, ChallengeName, InitiateAuthRequest,
    RespondToAuthChallengeRequest, RespondToAuthChallengeResponse, keys,
};

const PASSWORD: &str = "Canary-Passw0rd!";
const SESSION: &str = "AYABeCanarySessionValue0123456789";

#[test]
fn respond_with_new_password_and_session() {
    let mut request =
        RespondToAuthChallengeRequest::new("canaryclientid", ChallengeName::NewPasswordRequired);
    request.session = Some(SESSION.into());
    request.challenge_responses = Some(
        [
            (keys::USERNAME, "canary-user"),
            (keys::NEW_PASSWORD, PASSWORD),
        ]
        .into_iter()
        .collect(),
    );
    assert_eq!(
        format!("{request:?}"),
        "RespondToAuthChallengeRequest { client_id: <redacted>, \
         challenge_name: NewPasswordRequired, session: Some(<redacted>), \
         challenge_responses: Some(<redacted>), analytics_metadata: None, \
         user_context_data: None, client_metadata: None }"
    );
    let pretty = format!("{request:#?}");
    for canary in [PASSWORD, SESSION, "canary-user", "canaryclientid"] {
        assert!(!pretty.contains(canary), "{pretty}");
    }
    // The wire body, of course, carries them.
    let body = serde_json::to_string(&request).expect("encodes");
    assert!(body.contains(PASSWORD) && body.contains(SESSION));
}

#[test]
fn initiate_with_password_and_session() {
    let mut request = InitiateAuthRequest::new(AuthFlow::UserAuth, "canaryclientid");
    request.auth_parameters = Some(
        [
            (keys::USERNAME, "canary-user"),
            (keys::PREFERRED_CHALLENGE, "PASSWORD"),
            (keys::PASSWORD, PASSWORD),
        ]
        .into_iter()
        .collect(),
    );
    request.session = Some(SESSION.into());
    request.client_metadata = Some([("source".to_owned(), "test".to_owned())].into());
    assert_eq!(
        format!("{request:?}"),
        "InitiateAuthRequest { auth_flow: UserAuth, auth_parameters: Some(<redacted>), \
         client_metadata: Some({\"source\": \"test\"}), client_id: <redacted>, \
         analytics_metadata: None, user_context_data: None, session: Some(<redacted>) }"
    );
}

#[test]
fn confirm_forgot_password() {
    let request = wire::ConfirmForgotPasswordRequest::new(
        "canaryclientid",
        "canary-user",
        "913524",
        PASSWORD,
    );
    assert_eq!(
        format!("{request:?}"),
        "ConfirmForgotPasswordRequest { client_id: <redacted>, secret_hash: None, \
         username: <redacted>, confirmation_code: <redacted>, password: <redacted>, \
         analytics_metadata: None, user_context_data: None, client_metadata: None }"
    );
}

#[test]
fn tokens_in_a_response() {
    let mut result = AuthenticationResult::default();
    result.access_token = Some("eyJcanary.access".into());
    result.id_token = Some("eyJcanary.id".into());
    result.refresh_token = Some("eyJcanary.refresh".into());
    result.expires_in = Some(3600);
    result.token_type = Some("Bearer".into());
    let mut response = RespondToAuthChallengeResponse::default();
    response.authentication_result = Some(result);
    response.session = Some(SESSION.into());
    assert_eq!(
        format!("{response:?}"),
        "RespondToAuthChallengeResponse { challenge_name: None, session: Some(<redacted>), \
         challenge_parameters: None, authentication_result: Some(AuthenticationResult { \
         access_token: Some(<redacted>), expires_in: Some(3600), token_type: Some(\"Bearer\"), \
         refresh_token: Some(<redacted>), id_token: Some(<redacted>), new_device_metadata: None }), \
         available_challenges: None }"
    );
}

#[test]
fn decode_errors_of_secret_bodies_are_redacted_too() {
    let body = format!(r#"{{"ClientId":"c","ChallengeName":"SMS_MFA","Session":["{SESSION}"]}}"#);
    let err = wire::decode_request::<RespondToAuthChallengeRequest>(body.as_bytes())
        .map(|_| ())
        .expect_err("Session must be a string");
    let text = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!text.contains(SESSION), "{text}");
}
