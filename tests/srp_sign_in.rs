//! USER_SRP_AUTH and USER_PASSWORD_AUTH end to end.

use cognito_flow::{ErrorKind, Next, Password};
use serde_json::json;

use crate::support::{PASSWORD, Setup, World, assert_send, signed_in};

#[tokio::test]
async fn srp_sign_in_returns_tokens_with_claims() {
    let world = World::start(Setup::default()).await;
    world.user("alice", json!({"email": "alice@example.com"}));
    let client = world.client();
    let fut = client.sign_in("alice", Password::new(PASSWORD));
    assert_send(&fut);
    let signed = signed_in(fut.await.unwrap());
    assert_eq!(signed.username(), "alice");
    let claims = signed.tokens().id_claims().unwrap();
    assert_eq!(claims.string("cognito:username"), Some("alice"));
    assert_eq!(claims.string("email"), Some("alice@example.com"));
    assert_eq!(claims.string("token_use"), Some("id"));
    assert_eq!(claims.string("aud"), Some(world.client_id.as_str()));
    assert!(signed.tokens().refresh_token.is_some());
    assert_eq!(signed.tokens().username().unwrap(), "alice");
}

#[tokio::test]
async fn the_low_level_srp_flow_exposes_password_verifier() {
    let world = World::start(Setup::default()).await;
    world.user("bob", json!({}));
    let client = world.client();
    let verifier = client.initiate_srp("bob").await.unwrap();
    assert_send(&verifier);
    assert_eq!(verifier.user_id_for_srp(), "bob");
    let next = verifier.respond(Password::new(PASSWORD)).await.unwrap();
    assert!(next.is_signed_in());
}

#[tokio::test]
async fn a_wrong_password_is_not_authorized_and_ends_the_attempt() {
    let world = World::start(Setup::default()).await;
    world.user("carol", json!({}));
    let verifier = world.client().initiate_srp("carol").await.unwrap();
    let err = verifier
        .respond(Password::new("nope-Nope1!"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    assert!(
        !err.has_state(),
        "a wrong password does not hand the verifier back"
    );
    assert_eq!(err.error().code(), Some("NotAuthorizedException"));
}

#[tokio::test]
async fn client_secret_and_alias_sign_in() {
    let world = World::start(Setup {
        pool: json!({"AliasAttributes": ["email"]}),
        client: json!({"GenerateSecret": true}),
        ..Setup::default()
    })
    .await;
    world.user(
        "dave",
        json!({"email": "dave@example.com", "email_verified": "true"}),
    );
    let client = world.client();
    // By alias: SECRET_HASH over the alias, then over USER_ID_FOR_SRP (spec §7).
    let signed = signed_in(
        client
            .sign_in("dave@example.com", Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(signed.username(), "dave");
    let signed = signed_in(
        client
            .initiate_password_auth("dave@example.com", Password::new(PASSWORD))
            .await
            .unwrap(),
    );
    assert_eq!(signed.tokens().username().unwrap(), "dave");
}

#[tokio::test]
async fn unknown_users_and_disabled_flows_are_typed_errors() {
    let world = World::start(Setup {
        client: json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        ..Setup::default()
    })
    .await;
    let client = world.client();
    let err = client
        .sign_in("ghost", Password::new(PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UserNotFound);
    world.user("erin", json!({}));
    let err = client
        .initiate_password_auth("erin", Password::new(PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    assert!(matches!(
        client.sign_in("erin", Password::new(PASSWORD)).await,
        Ok(Next::SignedIn(_))
    ));
}
