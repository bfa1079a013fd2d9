//! The quickstart: a local Cognito user pool (the embedded emulator) with TOTP MFA required,
//! and a user who signs in twice —
//!
//! 1. SRP → `MFA_SETUP` (associate an authenticator, verify its first code) → signed in;
//! 2. SRP → `SOFTWARE_TOKEN_MFA` (the authenticator's code) → signed in.
//!
//! Run: `cargo run -p cognito-flow-examples --example quickstart`. No AWS account, no network.
//! Here the example plays the authenticator app too; in a real app the user types the codes.

use std::error::Error;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_flow::{Client, Next, Password, TotpCode};
use cognito_flow_emulator::{Clock, Emulator};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A local Cognito on 127.0.0.1 (a free port), on a clock the example can move.
    let clock = Clock::manual(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64);
    let emulator = Emulator::builder().clock(clock.clone()).start().await?;
    println!("emulator      {}", emulator.endpoint());

    // A user pool that requires TOTP MFA, an app client, and a user — the same calls a setup
    // script would make with boto3 or the AWS CLI.
    let call = |op: &str, body: Value| -> Result<Value, Box<dyn Error>> {
        Ok(serde_json::from_str(
            &emulator.call(op, &body.to_string())?,
        )?)
    };
    let pool = call("CreateUserPool", json!({"PoolName": "quickstart"}))?["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool, "MfaConfiguration": "ON",
        "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )?;
    let app = call(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "quickstart"}),
    )?;
    let client_id = app["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "alice", "MessageAction": "SUPPRESS"}),
    )?;
    call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "alice",
        "Password": "Corr3ct-horse!", "Permanent": true}),
    )?;
    println!("user pool     {pool} (TOTP MFA required), user alice");

    // The SDK, pointed at the emulator.
    let sdk_clock = clock.clone();
    let client = Client::builder()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .endpoint_url(emulator.endpoint())
        .time_source(move || UNIX_EPOCH + Duration::from_millis(sdk_clock.now_millis() as u64))
        .build()?;

    // First sign-in: Cognito wants MFA set up.
    println!("\n1st sign-in   USER_SRP_AUTH → PASSWORD_VERIFIER (answered by the SDK)");
    let Next::MfaSetup(setup) = client
        .sign_in("alice", Password::new("Corr3ct-horse!"))
        .await?
    else {
        return Err("expected MFA_SETUP".into());
    };
    println!(
        "              MFA_SETUP, can set up {:?}",
        setup.can_set_up()
    );
    let totp = setup.associate_totp().await?;
    println!(
        "              AssociateSoftwareToken → scan {}",
        redact(totp.otpauth_uri("Quickstart", "alice").expose_secret())
    );
    let code = emulator
        .totp_code_for_secret(totp.secret().expose_secret())
        .ok_or("no code")?;
    println!("              VerifySoftwareToken with the app's first code");
    let Next::SignedIn(signed_in) = totp.verify(TotpCode::new(code), Some("my phone")).await?
    else {
        return Err("expected tokens".into());
    };
    let claims = signed_in.tokens().id_claims()?;
    println!(
        "              signed in as {} (sub {})",
        claims.string("cognito:username").unwrap_or("?"),
        claims.sub().unwrap_or("?")
    );

    // Thirty seconds later (the authenticator shows a new code), sign in again.
    clock.advance(Duration::from_secs(30));
    println!("\n2nd sign-in   USER_SRP_AUTH → PASSWORD_VERIFIER (answered by the SDK)");
    let Next::SoftwareTokenMfa(step) = client
        .sign_in("alice", Password::new("Corr3ct-horse!"))
        .await?
    else {
        return Err("expected SOFTWARE_TOKEN_MFA".into());
    };
    println!("              SOFTWARE_TOKEN_MFA");
    let code = emulator.totp_code(&pool, "alice").ok_or("no code")?;
    let next = step.respond(TotpCode::new(code)).await?;
    let signed_in = next.into_signed_in().ok_or("expected tokens")?;
    let expires_in = signed_in
        .tokens()
        .expires_at
        .duration_since(UNIX_EPOCH)?
        .as_secs() as i64
        - clock.now_secs();
    println!("              signed in; access token valid for {expires_in} s");
    println!("\ndone");
    Ok(())
}

/// Shows the shape of the otpauth URI without printing the secret in full.
fn redact(uri: &str) -> String {
    match uri.split_once("secret=") {
        Some((head, tail)) => format!("{head}secret={}…", &tail[..4.min(tail.len())]),
        None => uri.to_owned(),
    }
}
