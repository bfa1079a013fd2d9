//! Static checks: the auto traits the public types promise (STYLE §5, §6).
//!
//! Every sign-in state can sit across an `.await`, move between threads and live in shared
//! application state (axum `State`, a session store), so it is `Send + Sync + 'static`; so are
//! the clients, the tokens and the errors, which also box into
//! `Box<dyn std::error::Error + Send + Sync>` for `anyhow`-style callers. The futures of the
//! entry points and of every answer are `Send`, so they run on a multi-threaded runtime and
//! in `tokio::spawn`.
//!
//! The checks are type checks: this file not compiling is the failure. The functions taking
//! a state are never called (a state comes only from a live sign-in); the tests reference
//! them so that they are compiled without dead-code warnings. That states are *not* `Clone`
//! is a compile-fail case in `tests/ui/states_are_not_clone.rs`.

use std::collections::HashMap;
use std::error::Error as StdError;

use cognito_flow::{
    AccessToken, Claims, Client, ClientBuilder, ClientSecret, ConfirmSignUp, CustomAnswer,
    CustomChallenge, DevicePasswordVerifier, DeviceSrpAuth, EmailOtp, Error, IdToken, Metadata,
    MfaChoice, MfaCode, MfaSetup, NewPassword, NewPasswordRequired, Next, Password,
    PasswordVerifier, RefreshToken, RememberedDevice, ResetPassword, ResetPasswordCodeSent,
    RespondError, SelectMfaType, Session, SignInRequest, SignedIn, SmsMfa, SoftwareTokenMfa,
    Tokens, TotpCode, TotpSetup, UnknownChallenge,
};
#[cfg(feature = "admin")]
use cognito_flow::{AdminClient, AdminSignInRequest, AwsCredentials};

fn assert_send_sync<T: Send + Sync + 'static>() {}

fn assert_send<T: Send>(_: &T) {}

/// Asserts `Send + Sync + 'static` for each state and for its `RespondError`.
macro_rules! states_are_send_sync {
    ($($state:ty),+ $(,)?) => {
        $(
            assert_send_sync::<$state>();
            assert_send_sync::<RespondError<$state>>();
        )+
    };
}

#[test]
fn states_are_send_sync_static() {
    assert_send_sync::<Next>();
    states_are_send_sync!(
        PasswordVerifier,
        NewPasswordRequired,
        MfaSetup,
        TotpSetup,
        SelectMfaType,
        SmsMfa,
        EmailOtp,
        SoftwareTokenMfa,
        CustomChallenge,
        DeviceSrpAuth,
        DevicePasswordVerifier,
        UnknownChallenge,
        ConfirmSignUp,
        ResetPassword,
        ResetPasswordCodeSent,
    );
    assert_send_sync::<SignedIn>();
}

#[test]
fn clients_tokens_and_answers_are_send_sync_static() {
    assert_send_sync::<Client>();
    assert_send_sync::<ClientBuilder>();
    assert_send_sync::<SignInRequest<'static>>();
    #[cfg(feature = "admin")]
    {
        assert_send_sync::<AdminClient>();
        assert_send_sync::<AdminSignInRequest<'static>>();
        assert_send_sync::<AwsCredentials>();
    }
    assert_send_sync::<Tokens>();
    assert_send_sync::<Claims>();
    assert_send_sync::<AccessToken>();
    assert_send_sync::<IdToken>();
    assert_send_sync::<RefreshToken>();
    assert_send_sync::<Session>();
    assert_send_sync::<ClientSecret>();
    assert_send_sync::<Password>();
    assert_send_sync::<MfaCode>();
    assert_send_sync::<TotpCode>();
    assert_send_sync::<NewPassword>();
    assert_send_sync::<CustomAnswer>();
    assert_send_sync::<MfaChoice>();
    assert_send_sync::<Metadata>();
    assert_send_sync::<RememberedDevice>();
}

#[test]
fn errors_are_send_sync_static_and_box_into_dyn_error() {
    assert_send_sync::<Error>();
    assert_send_sync::<RespondError<SmsMfa>>();

    // A real error: a client without a user pool id does not build.
    let error = Client::builder()
        .client_id("1example23456789")
        .build()
        .unwrap_err();
    let expected = error.to_string();
    let boxed: Box<dyn StdError + Send + Sync> = Box::new(error);
    assert_eq!(boxed.to_string(), expected);
    assert!(boxed.downcast_ref::<Error>().is_some());

    // `?` converts both error types into the boxed trait object.
    fn question_mark(error: Error) -> Result<(), Box<dyn StdError + Send + Sync + 'static>> {
        Err(error)?
    }
    let error = Client::builder()
        .client_id("1example23456789")
        .build()
        .unwrap_err();
    assert!(question_mark(error).is_err());
    let _: fn(RespondError<SmsMfa>) -> Box<dyn StdError + Send + Sync + 'static> = |e| e.into();
}

/// The futures of the entry points and of every answer are `Send`: built, never polled.
#[allow(clippy::too_many_arguments)] // one parameter per state: that is the check
fn futures_are_send(
    client: &Client,
    verifier: PasswordVerifier,
    new_password: NewPasswordRequired,
    setup: MfaSetup,
    email_setup: MfaSetup,
    totp: TotpSetup,
    select: SelectMfaType,
    choice: MfaChoice,
    sms: SmsMfa,
    email: EmailOtp,
    software_token: SoftwareTokenMfa,
    custom: CustomChallenge,
    device_srp: DeviceSrpAuth,
    device_verifier: DevicePasswordVerifier,
    unknown: UnknownChallenge,
    tokens: &Tokens,
    device: &RememberedDevice,
) {
    assert_send(&client.sign_in("alice", Password::new("correct horse")));
    assert_send(&client.initiate_srp("alice"));
    assert_send(&client.initiate_password_auth("alice", Password::new("correct horse")));
    assert_send(
        &client
            .sign_in_request("alice")
            .device(device)
            .sign_in(Password::new("p")),
    );
    assert_send(&client.refresh(tokens, Some(device)));
    assert_send(&verifier.respond(Password::new("correct horse")));
    assert_send(&new_password.respond(NewPassword::new(Password::new("N3w-password!"))));
    assert_send(&setup.associate_totp());
    assert_send(&email_setup.set_up_email("alice@example.com"));
    assert_send(&totp.verify(TotpCode::new("123456"), Some("phone")));
    assert_send(&select.respond(choice));
    assert_send(&sms.respond(MfaCode::new("123456")));
    assert_send(&email.respond(MfaCode::new("123456")));
    assert_send(&software_token.respond(TotpCode::new("123456")));
    assert_send(&custom.respond(CustomAnswer::new("42")));
    assert_send(&device_srp.respond(device));
    assert_send(&device_verifier.respond(device));
    assert_send(&unknown.respond_raw(HashMap::new()));
}

#[cfg(feature = "admin")]
fn admin_futures_are_send(admin: &AdminClient, tokens: &Tokens) {
    assert_send(&admin.sign_in("alice", Password::new("correct horse")));
    assert_send(&admin.admin_password_auth("alice", Password::new("correct horse")));
    assert_send(&admin.sign_in_request("alice").srp());
    assert_send(&admin.refresh(tokens, None));
}

#[test]
fn futures_are_send_compiles() {
    // The check is that the functions above type-check.
    let _ = futures_are_send;
    #[cfg(feature = "admin")]
    let _ = admin_futures_are_send;
}
