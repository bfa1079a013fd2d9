//! MFA: TOTP set-up and sign-in, SMS codes, factor selection; wrong codes retried through
//! the returned state.

use cognito_flow::{ErrorKind, MfaCode, MfaFactor, Next, Password, TotpCode};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, assert_send, signed_in};

fn totp_world() -> Setup {
    Setup {
        mfa: Some(
            json!({"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        ),
        ..Setup::default()
    }
}

#[tokio::test]
async fn totp_setup_then_totp_sign_in() {
    let world = World::start(totp_world()).await;
    world.user("ivy", json!({}));
    let client = world.client();
    let Next::MfaSetup(setup) = client
        .sign_in("ivy", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected MFA_SETUP");
    };
    assert_eq!(setup.can_set_up(), &[MfaFactor::Totp]);
    let totp = setup.associate_totp().await.unwrap();
    let uri = totp.otpauth_uri("Example", "ivy");
    assert!(
        uri.expose_secret()
            .starts_with("otpauth://totp/Example:ivy?secret=")
    );
    let err = totp
        .verify(TotpCode::new("000000"), Some("phone"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    let totp = err.into_state().expect("a wrong code keeps the setup");
    let code = world
        .emulator()
        .totp_code_for_secret(totp.secret().expose_secret())
        .unwrap();
    let signed = signed_in(
        totp.verify(TotpCode::new(code), Some("phone"))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "ivy");

    // Next sign-in, one TOTP step later: SOFTWARE_TOKEN_MFA; a wrong code, then the right
    // one through the returned state.
    world.advance(30);
    let Next::SoftwareTokenMfa(step) = client
        .sign_in("ivy", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected SOFTWARE_TOKEN_MFA");
    };
    assert_send(&step);
    let err = step.respond(TotpCode::new("123456")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    let step = err.into_state().unwrap();
    let err = step.respond(TotpCode::new("12345")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidParameter, "refused locally");
    let step = err.into_state().unwrap();
    let code = world.emulator().totp_code(&world.pool_id, "ivy").unwrap();
    assert!(
        step.respond(TotpCode::new(code))
            .await
            .unwrap()
            .is_signed_in()
    );
}

#[tokio::test]
async fn sms_mfa_and_factor_selection() {
    let world = World::start(Setup {
        mfa: Some(json!({"MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}},
            "SoftwareTokenMfaConfiguration": {"Enabled": true}})),
        ..Setup::default()
    })
    .await;
    world.user("jill", json!({"phone_number": "+15555550100"}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "jill",
        "SMSMfaSettings": {"Enabled": true}}),
    );
    let client = world.client();
    let Next::SmsMfa(step) = client
        .sign_in("jill", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected SMS_MFA");
    };
    assert_eq!(step.delivery().destination.as_deref(), Some("+*******0100"));
    let err = step.respond(MfaCode::new("000000")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    let step = err.into_state().unwrap();
    let code = world.emulator().last_code("jill").unwrap();
    assert!(
        step.respond(MfaCode::new(code))
            .await
            .unwrap()
            .is_signed_in()
    );

    // Give her an authenticator too (with her access token), no preference: the next
    // sign-in asks her to choose.
    let Next::SmsMfa(step) = client
        .sign_in("jill", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected SMS_MFA");
    };
    let code = world.emulator().last_code("jill").unwrap();
    let signed = signed_in(step.respond(MfaCode::new(code)).await.unwrap());
    let access = signed.tokens().access_token.expose_secret().to_owned();
    let secret = world.call("AssociateSoftwareToken", json!({"AccessToken": access}))["SecretCode"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = world.emulator().totp_code_for_secret(&secret).unwrap();
    world.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
    );
    world.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
        "SMSMfaSettings": {"Enabled": true}, "SoftwareTokenMfaSettings": {"Enabled": true}}),
    );
    world.advance(30);

    let Next::SelectMfaType(select) = client
        .sign_in("jill", Password::new(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("expected SELECT_MFA_TYPE");
    };
    let offered: Vec<MfaFactor> = select.choices().iter().map(|c| c.factor()).collect();
    assert_eq!(offered, [MfaFactor::Sms, MfaFactor::Totp]);
    assert!(
        select.choose(MfaFactor::Email).is_none(),
        "e-mail was not offered"
    );
    let choice = select.choose(MfaFactor::Totp).unwrap();
    let Next::SoftwareTokenMfa(step) = select.respond(choice).await.unwrap() else {
        panic!("expected SOFTWARE_TOKEN_MFA");
    };
    let code = world.emulator().totp_code(&world.pool_id, "jill").unwrap();
    assert!(
        step.respond(TotpCode::new(code))
            .await
            .unwrap()
            .is_signed_in()
    );
}
