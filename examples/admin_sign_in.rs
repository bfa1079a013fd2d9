//! A server-side sign-in through the admin API (`AdminInitiateAuth`, SigV4-signed), with a
//! temporary password: `ADMIN_USER_PASSWORD_AUTH` → `NEW_PASSWORD_REQUIRED` → signed in.
//! The state answers through `AdminRespondToAuthChallenge` by itself.
//!
//! Run: `cargo run -p cognito-flow-examples --example admin_sign_in`.

use std::error::Error;

use cognito_flow::{
    AdminClient, AwsCredentials, AwsSecretAccessKey, Client, NewPassword, Next, Password,
};
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
    let pool = call("CreateUserPool", json!({"PoolName": "admin-example"}))?["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let app = call(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "backend",
        "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )?;
    let client_id = app["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "bob", "MessageAction": "SUPPRESS",
        "TemporaryPassword": "Temp-pass1!"}),
    )?;

    // Admin calls need AWS credentials (the emulator accepts any well-formed signature unless
    // started with --credentials); `AwsCredentials::from_env()` reads the standard variables.
    let client = Client::builder()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .endpoint_url(emulator.endpoint())
        .build()?;
    let admin = AdminClient::new(
        client,
        AwsCredentials::new(
            "AKIDEXAMPLE",
            AwsSecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ),
    );

    println!("AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH");
    let next = admin
        .admin_password_auth("bob", Password::new("Temp-pass1!"))
        .await?;
    let Next::NewPasswordRequired(step) = next else {
        return Err("expected NEW_PASSWORD_REQUIRED".into());
    };
    println!(
        "NEW_PASSWORD_REQUIRED (required attributes: {:?})",
        step.required_attributes()
    );
    let next = step
        .respond(NewPassword::new(Password::new("N3w-password!")))
        .await?;
    let signed_in = next.into_signed_in().ok_or("expected tokens")?;
    println!("signed in as {}", signed_in.username());
    Ok(())
}
