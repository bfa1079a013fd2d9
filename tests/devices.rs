//! Remembered devices end to end: confirm, remember, skip MFA, refresh with DEVICE_KEY,
//! forget, and a device Cognito no longer knows.

use cognito_flow::{ErrorKind, MfaCode, Next, Password, RememberedDevice};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

fn sms_pool(device_config: serde_json::Value, client: serde_json::Value) -> Setup {
    Setup {
        pool: json!({"DeviceConfiguration": device_config}),
        client,
        mfa: Some(json!({"MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}})),
    }
}

async fn sms_sign_in(world: &World, next: Next) -> cognito_flow::SignedIn {
    let Next::SmsMfa(step) = next else {
        panic!("expected SMS_MFA, got {:?}", next.challenge_name());
    };
    let code = world.emulator().last_code("olga").unwrap();
    signed_in(step.respond(MfaCode::new(code)).await.unwrap())
}

#[tokio::test]
async fn a_remembered_device_skips_mfa_and_refreshes() {
    let world = World::start(sms_pool(
        json!({"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false}),
        json!({"GenerateSecret": true}),
    ))
    .await;
    world.user("olga", json!({"phone_number": "+15555550111"}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "olga",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let client = world.client();

    // First sign-in: MFA, and a new device to confirm.
    let first = sms_sign_in(
        &world,
        client
            .sign_in("olga", Password::new(PASSWORD))
            .await
            .unwrap(),
    )
    .await;
    let new = first.new_device().expect("NewDeviceMetadata").clone();
    let device = first
        .remember_device(Some("laptop"))
        .await
        .unwrap()
        .expect("a device");
    assert_eq!(device.device_key(), new.device_key);
    // Stored and read back, as an app would.
    let stored = serde_json::to_string(&device).unwrap();
    let device: RememberedDevice = serde_json::from_str(&stored).unwrap();

    // Second sign-in with the device: DEVICE_SRP_AUTH + DEVICE_PASSWORD_VERIFIER answered by
    // sign_in, no MFA code asked, no new device.
    let codes_before = world.emulator().outbox_for("olga").len();
    let second = signed_in(
        client
            .sign_in_request("olga")
            .device(&device)
            .sign_in(Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(
        world.emulator().outbox_for("olga").len(),
        codes_before,
        "no MFA code was sent"
    );
    assert!(second.new_device().is_none());
    assert_eq!(
        second
            .tokens()
            .access_claims()
            .unwrap()
            .string("device_key"),
        Some(device.device_key())
    );

    // Refresh needs the device key on a tracking pool.
    let fresh = client
        .refresh(second.tokens(), Some(&device))
        .await
        .unwrap();
    assert_ne!(
        fresh.access_token.expose_secret(),
        second.tokens().access_token.expose_secret()
    );
    assert_eq!(
        client
            .refresh(second.tokens(), None)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotAuthorized
    );

    // The device is listed, then forgotten; a sign-in with it starts over without it.
    let listed = client
        .list_devices(&second.tokens().access_token)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name.as_deref(), Some("laptop"));
    assert_eq!(listed[0].remembered, Some(true));
    client
        .forget_device(&second.tokens().access_token, device.device_key())
        .await
        .unwrap();
    let next = client
        .sign_in_request("olga")
        .device(&device)
        .sign_in(Password::new(PASSWORD))
        .await
        .unwrap();
    let third = sms_sign_in(&world, next).await;
    assert!(
        third.new_device().is_some(),
        "a forgotten device is replaced by a new one"
    );
}

#[tokio::test]
async fn without_suppression_mfa_comes_first_then_the_device_step() {
    let world = World::start(sms_pool(
        json!({"ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": true}),
        json!({}),
    ))
    .await;
    world.user("olga", json!({"phone_number": "+15555550112"}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "olga",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let client = world.client();
    let first = sms_sign_in(
        &world,
        client
            .sign_in("olga", Password::new(PASSWORD))
            .await
            .unwrap(),
    )
    .await;
    // Opt-in pool: Cognito waits for the user's decision.
    let confirmed = first.confirm_device(Some("phone")).await.unwrap().unwrap();
    assert!(confirmed.user_confirmation_necessary);
    let info = client
        .get_device(&first.tokens().access_token, confirmed.device.device_key())
        .await
        .unwrap();
    assert_eq!(info.remembered, Some(false));
    client
        .update_device_status(
            &first.tokens().access_token,
            confirmed.device.device_key(),
            true,
        )
        .await
        .unwrap();
    let device = confirmed.device;

    let next = client
        .sign_in_request("olga")
        .device(&device)
        .sign_in(Password::new(PASSWORD))
        .await
        .unwrap();
    let Next::SmsMfa(step) = next else {
        panic!("MFA first without suppression")
    };
    let code = world.emulator().last_code("olga").unwrap();
    let Next::DeviceSrpAuth(device_step) = step.respond(MfaCode::new(code)).await.unwrap() else {
        panic!("then the device step");
    };
    let verifier = device_step.respond(&device).await.unwrap();
    let done = signed_in(verifier.respond(&device).await.unwrap());
    assert!(done.new_device().is_none());
}

#[tokio::test]
async fn a_wrong_device_password_is_refused() {
    let world = World::start(sms_pool(
        json!({"ChallengeRequiredOnNewDevice": true}),
        json!({}),
    ))
    .await;
    world.user("olga", json!({"phone_number": "+15555550113"}));
    world.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": world.pool_id, "Username": "olga",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let client = world.client();
    let first = sms_sign_in(
        &world,
        client
            .sign_in("olga", Password::new(PASSWORD))
            .await
            .unwrap(),
    )
    .await;
    let device = first.remember_device(None).await.unwrap().unwrap();
    let impostor = RememberedDevice::new(
        device.device_key(),
        device.device_group_key(),
        "not-the-device-password",
    );
    let err = client
        .sign_in_request("olga")
        .device(&impostor)
        .sign_in(Password::new(PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
}
