//! Choice-based sign-in (USER_AUTH) end to end: SELECT_CHALLENGE, OTP first factors, the
//! password factors inline and two-step, and passkeys registered and used with a software
//! authenticator.

use cognito_flow::{
    AuthFactor, ErrorKind, FirstFactor, MfaCode, Next, Password, WebAuthnCredential,
};
use cognito_flow_emulator::testing::SoftwareAuthenticator;
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

const ORIGIN: &str = "https://example.com";

async fn world() -> World {
    let world = World::start(Setup {
        pool: json!({"Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]}}}),
        client: json!({"ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        mfa: Some(json!({"MfaConfiguration": "OFF",
            "WebAuthnConfiguration": {"RelyingPartyId": "example.com", "UserVerification": "preferred"}})),
    })
    .await;
    world.user(
        "pia",
        json!({"email": "pia@example.com", "email_verified": "true"}),
    );
    world
}

#[tokio::test]
async fn select_challenge_offers_what_the_user_has_and_email_otp_signs_in() {
    let world = world().await;
    let client = world.client();
    let Next::SelectChallenge(select) =
        client.sign_in_request("pia").user_auth(None).await.unwrap()
    else {
        panic!("expected SELECT_CHALLENGE");
    };
    let offered: Vec<AuthFactor> = select.offers().iter().map(|o| o.factor()).collect();
    assert!(offered.contains(&AuthFactor::EmailOtp));
    assert!(offered.contains(&AuthFactor::PasswordSrp));
    assert!(
        !offered.contains(&AuthFactor::WebAuthn),
        "no passkey registered yet"
    );
    let answer = select_email(&select);
    let Next::EmailOtp(step) = select.respond(answer).await.unwrap() else {
        panic!("expected EMAIL_OTP");
    };
    let err = step.respond(MfaCode::new("00000000")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    let step = err.into_state().unwrap();
    let code = world.emulator().last_code("pia").unwrap();
    assert_eq!(code.len(), 8);
    assert!(
        step.respond(MfaCode::new(code))
            .await
            .unwrap()
            .is_signed_in()
    );
}

async fn select_again(client: &cognito_flow::Client) -> cognito_flow::SelectChallenge {
    match client.sign_in_request("pia").user_auth(None).await.unwrap() {
        Next::SelectChallenge(s) => s,
        _ => panic!("expected SELECT_CHALLENGE"),
    }
}

fn select_email(select: &cognito_flow::SelectChallenge) -> cognito_flow::FactorAnswer {
    select.offer(AuthFactor::EmailOtp).unwrap().select()
}

#[tokio::test]
async fn a_factor_answer_from_another_challenge_is_refused_locally() {
    let world = world().await;
    let client = world.client();
    let first = select_again(&client).await;
    let second = select_again(&client).await;
    let err = second.respond(select_email(&first)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    assert!(err.has_state());
}

#[tokio::test]
async fn password_factors_inline_two_step_and_preferred() {
    let world = world().await;
    let client = world.client();
    // Inline PASSWORD_SRP: SRP_A with the choice, PASSWORD_VERIFIER answered by the SDK.
    let select = select_again(&client).await;
    let answer = select
        .offer(AuthFactor::PasswordSrp)
        .unwrap()
        .with_password(Password::new(PASSWORD));
    assert!(select.respond(answer).await.unwrap().is_signed_in());
    // Two-step PASSWORD.
    let select = select_again(&client).await;
    let answer = select.offer(AuthFactor::Password).unwrap().select();
    let Next::Password(step) = select.respond(answer).await.unwrap() else {
        panic!("expected PASSWORD");
    };
    assert!(
        step.respond(Password::new(PASSWORD))
            .await
            .unwrap()
            .is_signed_in()
    );
    // Preferred factors up front.
    let next = client
        .sign_in_request("pia")
        .user_auth(Some(FirstFactor::PasswordSrp(Password::new(PASSWORD))))
        .await
        .unwrap();
    assert!(next.is_signed_in());
    let next = client
        .sign_in_request("pia")
        .user_auth(Some(FirstFactor::Password(Password::new(PASSWORD))))
        .await
        .unwrap();
    assert!(next.is_signed_in());
    // A preferred factor the user lacks falls back to the choice.
    let next = client
        .sign_in_request("pia")
        .user_auth(Some(FirstFactor::WebAuthn))
        .await
        .unwrap();
    assert!(matches!(next, Next::SelectChallenge(_)));
}

#[tokio::test]
async fn register_a_passkey_then_sign_in_with_it() {
    let world = world().await;
    let client = world.client();
    let tokens = signed_in(
        client
            .sign_in("pia", Password::new(PASSWORD))
            .await
            .unwrap(),
    )
    .into_tokens();
    let registration = client
        .start_webauthn_registration(&tokens.access_token)
        .await
        .unwrap();
    let mut authenticator = SoftwareAuthenticator::new().unwrap();
    let response = authenticator
        .create(registration.creation_options_json(), ORIGIN)
        .unwrap();
    client
        .complete_webauthn_registration(&tokens.access_token, &response)
        .await
        .unwrap();
    let listed = client
        .list_webauthn_credentials(&tokens.access_token)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].credential_id, authenticator.credential_id());
    let factors = client
        .get_user_auth_factors(&tokens.access_token)
        .await
        .unwrap();
    assert!(factors.configured.iter().any(|f| f == "WEB_AUTHN"));

    for round in 1..=2u32 {
        let Next::WebAuthn(step) = client
            .sign_in_request("pia")
            .user_auth(Some(FirstFactor::WebAuthn))
            .await
            .unwrap()
        else {
            panic!("expected WEB_AUTHN");
        };
        assert_eq!(step.request_options().rp_id.as_deref(), Some("example.com"));
        let assertion = authenticator
            .get(step.request_options_json(), ORIGIN, true)
            .unwrap();
        let credential = WebAuthnCredential::from_json(&assertion).unwrap();
        assert!(step.respond(credential).await.unwrap().is_signed_in());
        assert_eq!(
            authenticator.sign_count(),
            round,
            "the sign count rises with each assertion"
        );
    }

    // A forged assertion (another key claiming the credential id) is refused.
    let Next::WebAuthn(step) = client
        .sign_in_request("pia")
        .user_auth(Some(FirstFactor::WebAuthn))
        .await
        .unwrap()
    else {
        panic!("expected WEB_AUTHN");
    };
    let mut forger =
        SoftwareAuthenticator::with_credential_id(&authenticator.credential_id()).unwrap();
    forger.set_sign_count(100);
    let forged = forger
        .get(step.request_options_json(), ORIGIN, true)
        .unwrap();
    let err = step
        .respond(WebAuthnCredential::from_json(&forged).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);

    client
        .delete_webauthn_credential(&tokens.access_token, &authenticator.credential_id())
        .await
        .unwrap();
    assert!(
        client
            .list_webauthn_credentials(&tokens.access_token)
            .await
            .unwrap()
            .is_empty()
    );
}
