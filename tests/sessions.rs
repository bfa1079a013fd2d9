//! Sessions expire: an answer after AuthSessionValidity is SessionExpired.

use cognito_flow::{ErrorKind, MfaCode, Next, Password};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World};

#[tokio::test]
async fn an_expired_session_means_starting_over() {
    let world = World::start(Setup {
        mfa: Some(json!({"MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}})),
        ..Setup::default()
    })
    .await;
    world.user("kim", json!({"phone_number": "+15555550101"}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "kim",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let client = world.client();
    let Next::SmsMfa(step) = client
        .sign_in("kim", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected SMS_MFA");
    };
    let code = world.emulator().last_code("kim").unwrap();
    world.advance(181);
    let err = step.respond(MfaCode::new(code)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
    assert!(!err.has_state());
}

#[tokio::test]
async fn lockout_after_five_wrong_passwords_is_not_authorized_until_it_expires() {
    let world = World::start(Setup::default()).await;
    world.user("lou", json!({}));
    let client = world.client();
    for _ in 0..5 {
        let err = client
            .sign_in("lou", Password::new("Wrong-pass1!"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    }
    let err = client
        .sign_in("lou", Password::new(PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    assert_eq!(err.message(), Some("Password attempts exceeded"));
    world.advance(2);
    assert!(
        client
            .sign_in("lou", Password::new(PASSWORD))
            .await
            .unwrap()
            .is_signed_in()
    );
}
