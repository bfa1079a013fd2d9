//! NEW_PASSWORD_REQUIRED: a policy failure hands the state back.

use cognito_flow::{ErrorKind, NewPassword, Next, Password};

use crate::support::{Setup, World, signed_in};

#[tokio::test]
async fn a_refused_new_password_can_be_retried_on_the_same_state() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("hank");
    let client = world.client();
    let Next::NewPasswordRequired(step) =
        client.sign_in("hank", Password::new(temp)).await.unwrap()
    else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    assert!(step.required_attributes().is_empty());
    let err = step
        .respond(NewPassword::new(Password::new("short")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPassword);
    let step = err.into_state().expect("the state comes back");
    let signed = signed_in(
        step.respond(NewPassword::new(Password::new("N3w-password!")).attribute("name", "Hank"))
            .await
            .unwrap(),
    );
    let claims = signed.tokens().id_claims().unwrap();
    assert_eq!(claims.string("name"), Some("Hank"));
    // The new password works; the temporary one does not.
    assert!(
        client
            .sign_in("hank", Password::new("N3w-password!"))
            .await
            .unwrap()
            .is_signed_in()
    );
    assert_eq!(
        client
            .sign_in("hank", Password::new(temp))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotAuthorized
    );
}
