//! Remembering a device: the first sign-in asks for an SMS code and returns a new device; the
//! app confirms and remembers it (`ConfirmDevice` with an SRP verifier made on this machine)
//! and stores it; the next sign-in with that device proves it with device SRP
//! (`DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`, answered by `sign_in`) and skips MFA.
//!
//! Run: `cargo run -p cognito-flow-examples --example remember_device`.

use std::error::Error;

use cognito_flow::{Client, MfaCode, Next, Password, RememberedDevice};
use cognito_flow_emulator::Emulator;
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let emulator = Emulator::builder().start().await?;
    let call = |op: &str, body: Value| -> Result<Value, Box<dyn Error>> {
        Ok(serde_json::from_str(
            &emulator.call(op, &body.to_string())?,
        )?)
    };
    // A pool with SMS MFA required and "remembered devices suppress MFA".
    let pool = call("CreateUserPool", json!({"PoolName": "devices",
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false}}))?
        ["UserPool"]["Id"].as_str().unwrap_or_default().to_owned();
    call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool, "MfaConfiguration": "ON",
        "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}}),
    )?;
    let app = call(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "app"}),
    )?;
    let client_id = app["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "carol", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "phone_number", "Value": "+15555550199"}]}),
    )?;
    call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "carol",
        "Password": "Corr3ct-horse!", "Permanent": true}),
    )?;
    call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool, "Username": "carol",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )?;

    let client = Client::builder()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .endpoint_url(emulator.endpoint())
        .build()?;

    println!("1st sign-in   SRP → SMS_MFA");
    let Next::SmsMfa(step) = client
        .sign_in("carol", Password::new("Corr3ct-horse!"))
        .await?
    else {
        return Err("expected SMS_MFA".into());
    };
    let code = emulator.last_code("carol").ok_or("no code")?; // what the user reads on the phone
    let signed_in = step
        .respond(MfaCode::new(code))
        .await?
        .into_signed_in()
        .ok_or("expected tokens")?;
    let device = signed_in
        .remember_device(Some("carol's laptop"))
        .await?
        .ok_or("no new device")?;
    println!(
        "              signed in; device {} confirmed and remembered",
        device.device_key()
    );

    // What the app keeps (the device password is a secret: store it like one).
    let stored = serde_json::to_string(&device)?;
    let device: RememberedDevice = serde_json::from_str(&stored)?;

    let codes_before = emulator.outbox_for("carol").len();
    println!("\n2nd sign-in   SRP + the remembered device → DEVICE_SRP_AUTH (answered by the SDK)");
    let next = client
        .sign_in_request("carol")
        .device(&device)
        .sign_in(Password::new("Corr3ct-horse!"))
        .await?;
    let signed_in = next.into_signed_in().ok_or("expected tokens without MFA")?;
    let skipped = emulator.outbox_for("carol").len() == codes_before;
    println!(
        "              signed in as {}; MFA skipped: {skipped}",
        signed_in.username()
    );
    if !skipped {
        return Err("an MFA code was sent".into());
    }
    Ok(())
}
