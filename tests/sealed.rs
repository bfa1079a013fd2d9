//! Sealed states (feature `sealed-state`): a step sealed by one client is restored by a new
//! one — as a stateless back end does between two HTTP requests — and answered.

use std::time::{Duration, UNIX_EPOCH};

use cognito_flow::{
    Client, ErrorKind, NewPassword, Next, Password, Sealable, SealedState, SealingKey, TotpCode,
    TotpSetup,
};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

fn totp_world() -> Setup {
    Setup {
        mfa: Some(
            json!({"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        ),
        ..Setup::default()
    }
}

fn key() -> SealingKey {
    SealingKey::from_bytes(*b"an example 32-byte sealing key!!")
}

/// Signs `username` up for TOTP through MFA_SETUP; the set-up is sealed and restored on
/// the way (after `AssociateSoftwareToken`, the step that waits for a person to scan the
/// QR code). Returns the authenticator's secret.
async fn enrol_totp(world: &World, username: &str) -> String {
    let sealed = {
        let client = world.client();
        let Next::MfaSetup(setup) = client
            .sign_in(username, Password::new(PASSWORD))
            .await
            .unwrap()
        else {
            panic!("expected MFA_SETUP");
        };
        setup.seal(&key()).unwrap()
    };
    let sealed = {
        let Next::MfaSetup(setup) = world
            .client()
            .unseal(&key(), sealed.expose_secret())
            .unwrap()
        else {
            panic!("expected MFA_SETUP back");
        };
        let totp = setup.associate_totp().await.unwrap();
        totp.seal(&key()).unwrap()
    };
    // A TotpSetup is not a `Next` variant: restored by type.
    assert_eq!(
        world
            .client()
            .unseal(&key(), sealed.expose_secret())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSealedState
    );
    let totp: TotpSetup = world
        .client()
        .unseal_as(&key(), sealed.expose_secret())
        .unwrap();
    let secret = totp.secret().expose_secret().to_owned();
    let code = world.emulator().totp_code_for_secret(&secret).unwrap();
    let signed = signed_in(
        totp.verify(TotpCode::new(code), Some("phone"))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), username);
    world.advance(30);
    secret
}

/// Signs in and seals the SOFTWARE_TOKEN_MFA step; the client and the step are dropped.
async fn sealed_totp_step(world: &World, username: &str) -> SealedState {
    let client = world.client();
    let next = client
        .sign_in(username, Password::new(PASSWORD))
        .await
        .unwrap();
    assert_eq!(next.challenge_name(), Some("SOFTWARE_TOKEN_MFA"));
    next.seal(&key()).unwrap()
}

#[tokio::test]
async fn software_token_mfa_sealed_then_answered_by_a_new_client() {
    let world = World::start(totp_world()).await;
    world.user("ivy", json!({}));
    let secret = enrol_totp(&world, "ivy").await;

    let sealed = sealed_totp_step(&world, "ivy").await;
    assert!(sealed.expose_secret().starts_with("cfs1."));

    // "Request 2": a new client, a wrong code; the state comes back and is sealed again.
    let resealed = {
        let Next::SoftwareTokenMfa(step) = world
            .client()
            .unseal(&key(), sealed.expose_secret())
            .unwrap()
        else {
            panic!("expected SOFTWARE_TOKEN_MFA");
        };
        assert_eq!(step.username(), "ivy");
        let err = step.respond(TotpCode::new("000000")).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CodeMismatch);
        err.into_state().unwrap().seal(&key()).unwrap()
    };

    // "Request 3": another new client, the right code.
    let step: cognito_flow::SoftwareTokenMfa = world
        .client()
        .unseal_as(&key(), resealed.expose_secret())
        .unwrap();
    let code = world.emulator().totp_code_for_secret(&secret).unwrap();
    let signed = signed_in(step.respond(TotpCode::new(code)).await.unwrap());
    assert_eq!(signed.username(), "ivy");
    assert!(signed.tokens().id_claims().is_ok());

    // The Session inside is spent: the old sealed string still opens, but Cognito refuses it.
    let Next::SoftwareTokenMfa(step) = world
        .client()
        .unseal(&key(), sealed.expose_secret())
        .unwrap()
    else {
        panic!("expected SOFTWARE_TOKEN_MFA");
    };
    world.advance(30);
    let code = world.emulator().totp_code_for_secret(&secret).unwrap();
    let err = step.respond(TotpCode::new(code)).await.unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::SessionExpired | ErrorKind::NotAuthorized
        ),
        "{:?}",
        err.error()
    );
}

#[tokio::test]
async fn new_password_required_sealed_then_answered_by_a_new_client() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("hank");
    let sealed = {
        let client = world.client();
        let Next::NewPasswordRequired(step) =
            client.sign_in("hank", Password::new(temp)).await.unwrap()
        else {
            panic!("expected NEW_PASSWORD_REQUIRED");
        };
        step.seal(&key()).unwrap()
    };
    let Next::NewPasswordRequired(step) = world
        .client()
        .unseal(&key(), sealed.expose_secret())
        .unwrap()
    else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    assert!(step.required_attributes().is_empty());
    let signed = signed_in(
        step.respond(NewPassword::new(Password::new("N3w-password!")))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "hank");
    assert!(
        world
            .client()
            .sign_in("hank", Password::new("N3w-password!"))
            .await
            .unwrap()
            .is_signed_in()
    );
}

#[tokio::test]
async fn a_state_older_than_the_max_age_is_refused() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("olga");
    let Next::NewPasswordRequired(step) = world
        .client()
        .sign_in("olga", Password::new(temp))
        .await
        .unwrap()
    else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    let sealed = step.seal(&key()).unwrap();
    let key = key().with_max_age(Duration::from_secs(120));
    world.advance(60);
    assert!(world.client().unseal(&key, sealed.expose_secret()).is_ok());
    world.advance(61);
    let err = world
        .client()
        .unseal(&key, sealed.expose_secret())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
}

#[tokio::test]
async fn a_state_sealed_for_another_app_client_or_api_is_refused() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("pete");
    let sealed = {
        let Next::NewPasswordRequired(step) = world
            .client()
            .sign_in("pete", Password::new(temp))
            .await
            .unwrap()
        else {
            panic!("expected NEW_PASSWORD_REQUIRED");
        };
        step.seal(&key()).unwrap()
    };

    // A second app client of the same pool, same key.
    let out = world.call(
        "CreateUserPoolClient",
        json!({"UserPoolId": world.pool_id, "ClientName": "other",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let other_id = out["UserPoolClient"]["ClientId"].as_str().unwrap();
    assert_ne!(other_id, world.client_id);
    let clock = world.clock.clone();
    let other = Client::builder()
        .user_pool_id(&world.pool_id)
        .client_id(other_id)
        .endpoint_url(world.emulator.endpoint())
        .time_source(move || UNIX_EPOCH + Duration::from_millis(clock.now_millis() as u64))
        .build()
        .unwrap();
    let err = other.unseal(&key(), sealed.expose_secret()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSealedState);

    // The admin API of the same app client, and another key.
    let err = world
        .admin()
        .unseal(&key(), sealed.expose_secret())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSealedState);
    let err = world
        .client()
        .unseal(&SealingKey::generate().unwrap(), sealed.expose_secret())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSealedState);

    // The right client still can.
    assert!(
        world
            .client()
            .unseal(&key(), sealed.expose_secret())
            .is_ok()
    );
}

#[tokio::test]
async fn an_admin_sign_in_is_restored_by_the_admin_client() {
    let world = World::start(Setup::default()).await;
    let temp = world.temporary_user("gina");
    let sealed = {
        let Next::NewPasswordRequired(step) = world
            .admin()
            .admin_password_auth("gina", Password::new(temp))
            .await
            .unwrap()
        else {
            panic!("expected NEW_PASSWORD_REQUIRED");
        };
        step.seal(&key()).unwrap()
    };
    let err = world
        .client()
        .unseal(&key(), sealed.expose_secret())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSealedState);
    let Next::NewPasswordRequired(step) = world
        .admin()
        .unseal(&key(), sealed.expose_secret())
        .unwrap()
    else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    let signed = signed_in(
        step.respond(NewPassword::new(Password::new("N3w-password!")))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "gina");
}
