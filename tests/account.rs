//! Sign-up and the account steps a sign-in turns errors into.

use cognito_flow::{ConfirmationCode, ErrorKind, Next, Password};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

#[tokio::test]
async fn sign_up_confirm_then_sign_in() {
    let world = World::start(Setup {
        pool: json!({"AutoVerifiedAttributes": ["email"]}),
        client: json!({"GenerateSecret": true}),
        ..Setup::default()
    })
    .await;
    let client = world.client();
    let outcome = client
        .sign_up(
            "mia",
            Password::new(PASSWORD),
            &[("email", "mia@example.com")],
        )
        .await
        .unwrap();
    assert_eq!(outcome.user_sub.len(), 36);
    let confirm = outcome.confirm.expect("not confirmed yet");
    assert_eq!(
        confirm.delivery().and_then(|d| d.medium.as_deref()),
        Some("EMAIL")
    );

    // Signing in before confirming is a step, not a dead end.
    let Next::ConfirmSignUp(step) = client
        .sign_in("mia", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected the confirm-sign-up step");
    };
    assert_eq!(step.username(), "mia");

    let err = confirm
        .confirm(ConfirmationCode::new("000000"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    let confirm = err.into_state().expect("a wrong code keeps the step");
    let code = world.emulator().last_code("mia").unwrap();
    confirm.confirm(ConfirmationCode::new(code)).await.unwrap();
    drop(step);
    let signed = signed_in(
        client
            .sign_in("mia", Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(
        signed
            .tokens()
            .id_claims()
            .unwrap()
            .boolean("email_verified"),
        Some(true)
    );
}

#[tokio::test]
async fn a_reset_required_user_resets_then_signs_in() {
    let world = World::start(Setup::default()).await;
    world.user(
        "noah",
        json!({"email": "noah@example.com", "email_verified": "true"}),
    );
    world.call(
        "AdminResetUserPassword",
        json!({"UserPoolId": world.pool_id, "Username": "noah"}),
    );
    let client = world.client();
    let Next::ResetPassword(step) = client
        .sign_in("noah", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected the reset-password step");
    };
    let sent = step.send_code().await.unwrap();
    let code = world.emulator().last_code("noah").unwrap();
    let err = sent
        .confirm(ConfirmationCode::new(code.clone()), Password::new("weak"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPassword);
    let sent = err.into_state().unwrap();
    sent.confirm(
        ConfirmationCode::new(code),
        Password::new("Rese7-password!"),
    )
    .await
    .unwrap();
    assert!(
        client
            .sign_in("noah", Password::new("Rese7-password!"))
            .await
            .unwrap()
            .is_signed_in()
    );
}
