//! The admin API: ADMIN_USER_PASSWORD_AUTH and SRP through AdminInitiateAuth, answered
//! through AdminRespondToAuthChallenge.

use cognito_flow::{NewPassword, Next, Password};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

#[tokio::test]
async fn admin_password_auth_signs_in() {
    let world = World::start(Setup::default()).await;
    world.user("frank", json!({}));
    let admin = world.admin();
    let signed = signed_in(
        admin
            .admin_password_auth("frank", Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "frank");
    let signed = signed_in(
        admin
            .sign_in("frank", Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(signed.tokens().username().unwrap(), "frank");
}

#[tokio::test]
async fn admin_challenges_answer_through_the_admin_api() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("gina");
    let admin = world.admin();
    let Next::NewPasswordRequired(step) = admin
        .admin_password_auth("gina", Password::new(temp))
        .await
        .unwrap()
    else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    // The state answers through AdminRespondToAuthChallenge; the public client would need
    // ALLOW_ADMIN_USER_PASSWORD_AUTH-independent flows, the admin one does not.
    let signed = signed_in(
        step.respond(NewPassword::new(Password::new("N3w-password!")))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "gina");
}
