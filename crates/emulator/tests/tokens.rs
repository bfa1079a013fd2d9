//! Tokens over HTTP (spec §3.12–3.15, §3.23, §5.12, §8.8): the JWKS, refresh through
//! `InitiateAuth`/`AdminInitiateAuth` and `GetTokensFromRefreshToken`, rotation, `RevokeToken`,
//! global sign-out and `GetUser`.

mod support;

use base64::Engine as _;
use rsa::traits::SignatureScheme as _;
use serde_json::{Value, json};
use sha2::Digest as _;
use support::{Env, merge};

const PASSWORD: &str = "Corr3ct-Horse!";
const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A pool (extra members for `CreateUserPool`), a client allowing password sign-in and refresh
/// (extra members for `CreateUserPoolClient`) and the confirmed user `alice`. Returns (pool id,
/// client id, client secret, alice's canonical username).
async fn setup(
    env: &Env,
    pool_extra: Value,
    client_extra: Value,
) -> (String, String, Option<String>, String) {
    let pool = env.pool(pool_extra).await;
    let mut client =
        json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
    merge(&mut client, client_extra);
    let (client_id, secret) = env.client(&pool, client).await;
    let created = env
        .user(
            &pool,
            "alice@example.com",
            PASSWORD,
            json!({"email": "alice@example.com", "email_verified": "true", "name": "Alice"}),
        )
        .await;
    let username = created["User"]["Username"]
        .as_str()
        .expect("username")
        .to_owned();
    (pool, client_id, secret, username)
}

fn secret_hash(username: &str, client_id: &str, secret: Option<&str>) -> Option<String> {
    secret.map(|s| cognito_flow_srp::secret_hash(username, client_id, s))
}

/// `InitiateAuth` with `USER_PASSWORD_AUTH`; returns the `AuthenticationResult`.
async fn sign_in(env: &Env, client_id: &str, username: &str, secret: Option<&str>) -> Value {
    let mut params = json!({"USERNAME": username, "PASSWORD": PASSWORD});
    if let Some(h) = secret_hash(username, client_id, secret) {
        params["SECRET_HASH"] = json!(h);
    }
    let out = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id, "AuthParameters": params}),
        )
        .await
        .ok();
    out["AuthenticationResult"].clone()
}

fn token<'a>(result: &'a Value, name: &str) -> &'a str {
    result[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} in {result:?}"))
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("payload");
    serde_json::from_slice(&B64URL.decode(payload).expect("base64url")).expect("claims")
}

fn header(jwt: &str) -> Value {
    let h = jwt.split('.').next().expect("header");
    serde_json::from_slice(&B64URL.decode(h).expect("base64url")).expect("header JSON")
}

/// Verifies an RS256 JWT against a JWKS with the `rsa` crate alone (not the emulator's code).
fn verify_with_jwks(jwt: &str, jwks: &Value) {
    let h = header(jwt);
    assert_eq!(h["alg"], "RS256");
    let jwk = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == h["kid"])
        .expect("the token's kid is in the JWKS");
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["alg"], "RS256");
    assert_eq!(jwk["use"], "sig");
    let int = |name: &str| {
        let text = jwk[name].as_str().expect(name);
        assert!(
            !text.contains('=') && !text.contains('+') && !text.contains('/'),
            "{name} is base64url"
        );
        rsa::BoxedUint::from_be_slice_vartime(&B64URL.decode(text).expect("base64url"))
    };
    let public = rsa::RsaPublicKey::new(int("n"), int("e")).expect("RSA public key");
    let (input, signature) = jwt.rsplit_once('.').expect("signature");
    let digest = sha2::Sha256::digest(input.as_bytes());
    rsa::Pkcs1v15Sign::new::<sha2::Sha256>()
        .verify(
            &public,
            &digest,
            &B64URL.decode(signature).expect("signature"),
        )
        .expect("signature verifies");
}

#[tokio::test]
async fn jwks_over_http_verifies_the_tokens() {
    let env = Env::start().await;
    let (pool, client, _, username) = setup(&env, json!({}), json!({})).await;
    let result = sign_in(&env, &client, "alice@example.com", None).await;
    let (id, access) = (token(&result, "IdToken"), token(&result, "AccessToken"));

    // The issuer is the emulator itself, so `{iss}/.well-known/jwks.json` is the JWKS.
    let iss = format!("{}/{pool}", env.emulator.endpoint());
    assert_eq!(claims(id)["iss"], iss);
    assert_eq!(claims(access)["iss"], iss);
    let resp = env
        .http
        .get(format!("{iss}/.well-known/jwks.json"))
        .send()
        .await
        .expect("JWKS request");
    assert_eq!(resp.status().as_u16(), 200);
    let jwks: Value = resp.json().await.expect("JWKS JSON");
    assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(2));
    assert_ne!(header(id)["kid"], header(access)["kid"]);
    verify_with_jwks(id, &jwks);
    verify_with_jwks(access, &jwks);

    let c = claims(id);
    assert_eq!(c["token_use"], "id");
    assert_eq!(c["aud"], client);
    assert_eq!(c["cognito:username"], username);
    assert_eq!(c["email_verified"], json!(true));
    let a = claims(access);
    assert_eq!(a["token_use"], "access");
    assert_eq!(a["client_id"], client);
    assert_eq!(a["username"], username);
    assert_eq!(a["exp"].as_i64(), a["iat"].as_i64().map(|i| i + 3600));
    assert_eq!(result["ExpiresIn"], 3600);
    assert_eq!(result["TokenType"], "Bearer");

    let missing = env
        .http
        .get(format!(
            "{}/us-east-1_Missing00/.well-known/jwks.json",
            env.emulator.endpoint()
        ))
        .send()
        .await
        .expect("JWKS request");
    assert_eq!(missing.status().as_u16(), 404);
}

#[tokio::test]
async fn refresh_token_auth_keeps_auth_time_and_uses_the_canonical_username() {
    let env = Env::start().await;
    // E-mail as username: the canonical username is the sub, and SECRET_HASH on refresh is
    // computed over it, not over the e-mail the user typed (spec §7).
    let (pool, client, secret, username) = setup(
        &env,
        json!({"UsernameAttributes": ["email"]}),
        json!({"GenerateSecret": true}),
    )
    .await;
    let secret = secret.expect("client secret");
    assert_ne!(username, "alice@example.com");
    let first = sign_in(&env, &client, "alice@example.com", Some(&secret)).await;
    let refresh = token(&first, "RefreshToken").to_owned();
    env.advance(120);

    let refresh_with = |name: &str| {
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": {
            "REFRESH_TOKEN": refresh, "SECRET_HASH": secret_hash(name, &client, Some(&secret))}})
    };
    let message = env
        .call("InitiateAuth", refresh_with("alice@example.com"))
        .await
        .err("NotAuthorizedException");
    assert_eq!(
        message,
        format!("Unable to verify secret hash for client {client}")
    );
    let out = env.call("InitiateAuth", refresh_with(&username)).await.ok();
    let result = &out["AuthenticationResult"];
    assert!(result.get("RefreshToken").is_none());
    let (old, new) = (
        claims(token(&first, "AccessToken")),
        claims(token(result, "AccessToken")),
    );
    assert_eq!(new["auth_time"], old["auth_time"]);
    assert_eq!(new["iat"].as_i64(), old["iat"].as_i64().map(|i| i + 120));
    assert_eq!(
        claims(token(result, "IdToken"))["auth_time"],
        old["auth_time"]
    );

    // The same through AdminInitiateAuth, with the legacy flow name.
    let mut admin = refresh_with(&username);
    admin["AuthFlow"] = json!("REFRESH_TOKEN");
    admin["UserPoolId"] = json!(pool);
    let out = env.call("AdminInitiateAuth", admin).await.ok();
    assert!(out["AuthenticationResult"]["AccessToken"].is_string());

    let missing = env
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": {}}),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(missing, "Missing required parameter REFRESH_TOKEN");
}

#[tokio::test]
async fn get_user_and_global_sign_out() {
    let env = Env::start().await;
    let (pool, client, _, username) = setup(&env, json!({}), json!({})).await;
    let first = sign_in(&env, &client, "alice@example.com", None).await;
    let access = token(&first, "AccessToken");

    let user = env
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .ok();
    assert_eq!(user["Username"], username);
    let attrs = user["UserAttributes"].as_array().expect("attributes");
    let value = |name: &str| {
        attrs
            .iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(value("email"), Some(json!("alice@example.com")));
    assert_eq!(value("sub"), Some(claims(access)["sub"].clone()));

    env.advance(1);
    let out = env
        .call("GlobalSignOut", json!({"AccessToken": access}))
        .await
        .ok();
    assert_eq!(out, json!({}));
    let reply = env.call("GetUser", json!({"AccessToken": access})).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.error_type_header.as_deref(),
        Some("NotAuthorizedException:")
    );
    assert_eq!(
        reply.err("NotAuthorizedException"),
        "Access Token has been revoked"
    );
    let refresh = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
        "AuthParameters": {"REFRESH_TOKEN": token(&first, "RefreshToken")}});
    let message = env
        .call("InitiateAuth", refresh)
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Refresh Token has been revoked");

    // Signing in again works at once; the admin sign-out (by alias) ends that session too.
    let second = sign_in(&env, &client, "alice@example.com", None).await;
    let access = token(&second, "AccessToken");
    assert!(
        env.call("GetUser", json!({"AccessToken": access}))
            .await
            .status
            == 200
    );
    env.advance(1);
    let out = env
        .call(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": pool, "Username": "alice@example.com"}),
        )
        .await
        .ok();
    assert_eq!(out, json!({}));
    let message = env
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Access Token has been revoked");

    let message = env
        .call("GetUser", json!({"AccessToken": "not.a.token"}))
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Invalid Access Token");
    env.advance(3600);
    let third = sign_in(&env, &client, "alice@example.com", None).await;
    env.advance(3600);
    let message = env
        .call(
            "GetUser",
            json!({"AccessToken": token(&third, "AccessToken")}),
        )
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Access Token has expired");
}

#[tokio::test]
async fn get_tokens_from_refresh_token_rotates_with_grace() {
    let env = Env::start().await;
    let (_, client, secret, _) = setup(
        &env,
        json!({}),
        json!({"GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
               "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 5}}),
    )
    .await;
    let secret = secret.expect("client secret");
    let first = sign_in(&env, &client, "alice@example.com", Some(&secret)).await;
    let r1 = token(&first, "RefreshToken").to_owned();
    let rotate = |refresh: &str, secret: Option<&str>| {
        let mut body = json!({"ClientId": client, "RefreshToken": refresh});
        if let Some(s) = secret {
            body["ClientSecret"] = json!(s);
        }
        env.call("GetTokensFromRefreshToken", body)
    };

    let message = rotate(&r1, None).await.err("NotAuthorizedException");
    assert!(message.contains("configured with secret"), "{message}");
    assert!(!message.contains(&secret));
    let out = rotate(&r1, Some(&secret)).await.ok();
    let r2 = token(&out["AuthenticationResult"], "RefreshToken").to_owned();
    assert_ne!(r2, r1);
    env.advance(4);
    assert_eq!(rotate(&r1, Some(&secret)).await.status, 200);
    env.advance(1);
    let reuse = rotate(&r1, Some(&secret))
        .await
        .err("RefreshTokenReuseException");
    assert_eq!(reuse, "Refresh Token has already been used");
    let out = rotate(&r2, Some(&secret)).await.ok();
    assert!(out["AuthenticationResult"]["RefreshToken"].is_string());

    // RevokeToken: the raw secret, then the chain is dead.
    let revoke = json!({"ClientId": client, "Token": r2, "ClientSecret": secret});
    assert_eq!(env.call("RevokeToken", revoke).await.ok(), json!({}));
    let message = rotate(&r2, Some(&secret))
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Refresh Token has been revoked");
}

#[tokio::test]
async fn revoke_token_over_http() {
    let env = Env::start().await;
    let (pool, client, _, _) = setup(&env, json!({}), json!({})).await;
    let (other, _) = env
        .client(
            &pool,
            json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await;
    let (no_revoke, _) = env
        .client(
            &pool,
            json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                              "EnableTokenRevocation": false}),
        )
        .await;
    let first = sign_in(&env, &client, "alice@example.com", None).await;
    let refresh = token(&first, "RefreshToken");
    let access = token(&first, "AccessToken");
    assert!(claims(access)["origin_jti"].is_string());

    let reply = env
        .call("RevokeToken", json!({"ClientId": other, "Token": refresh}))
        .await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.err("UnauthorizedException"),
        "Refresh Token was not issued to this client"
    );
    let message = env
        .call("RevokeToken", json!({"ClientId": client, "Token": access}))
        .await
        .err("UnsupportedTokenTypeException");
    assert_eq!(message, "Only refresh tokens can be revoked");
    let plain = sign_in(&env, &no_revoke, "alice@example.com", None).await;
    assert!(
        claims(token(&plain, "AccessToken"))
            .get("origin_jti")
            .is_none()
    );
    let message = env
        .call(
            "RevokeToken",
            json!({"ClientId": no_revoke, "Token": token(&plain, "RefreshToken")}),
        )
        .await
        .err("UnsupportedOperationException");
    assert_eq!(message, "Token revocation is not enabled for this client");

    let reply = env
        .call("RevokeToken", json!({"ClientId": client, "Token": refresh}))
        .await;
    assert_eq!(reply.ok(), json!({}));
    let message = env
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Access Token has been revoked");
    let refresh_body = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
        "AuthParameters": {"REFRESH_TOKEN": refresh}});
    let message = env
        .call("InitiateAuth", refresh_body)
        .await
        .err("NotAuthorizedException");
    assert_eq!(message, "Refresh Token has been revoked");
    // The other session of the same client is untouched.
    let plain_user = env
        .call(
            "GetUser",
            json!({"AccessToken": token(&plain, "AccessToken")}),
        )
        .await;
    assert_eq!(plain_user.status, 200);
}
