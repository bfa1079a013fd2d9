//! Refresh: REFRESH_TOKEN_AUTH keeps the refresh token; SECRET_HASH over the canonical
//! username even after an alias sign-in.

use cognito_flow::{ErrorKind, Password};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, signed_in};

#[tokio::test]
async fn refresh_after_an_alias_sign_in_with_a_client_secret() {
    let world = World::start(Setup {
        pool: json!({"AliasAttributes": ["email"]}),
        client: json!({"GenerateSecret": true}),
        ..Setup::default()
    })
    .await;
    world.user(
        "lee",
        json!({"email": "lee@example.com", "email_verified": "true"}),
    );
    let client = world.client();
    let tokens = signed_in(
        client
            .sign_in("lee@example.com", Password::new(PASSWORD))
            .await
            .unwrap(),
    )
    .into_tokens();
    world.advance(60);
    let fresh = client.refresh(&tokens, None).await.unwrap();
    assert_eq!(
        fresh
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned()),
        tokens
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned()),
        "REFRESH_TOKEN_AUTH returns no refresh token: the old one is kept"
    );
    assert_ne!(
        fresh.access_token.expose_secret(),
        tokens.access_token.expose_secret()
    );
    let claims = fresh.id_claims().unwrap();
    assert_eq!(
        claims.number("auth_time"),
        tokens.id_claims().unwrap().number("auth_time")
    );

    // After a global sign-out the refresh token is dead.
    client.global_sign_out(&fresh.access_token).await.unwrap();
    assert_eq!(
        client.refresh(&fresh, None).await.unwrap_err().kind(),
        ErrorKind::NotAuthorized
    );
}
