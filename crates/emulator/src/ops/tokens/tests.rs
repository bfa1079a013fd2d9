//! Unit tests of the token operations, on a state built by hand.

use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

use super::*;
use crate::state::{DeviceRecord, Lockout, Pool, UserMfa};
use crate::{Clock, Emulator, EmulatorConfig};

const POOL: &str = "us-east-1_TokTest01";
const OTHER_POOL: &str = "us-east-1_TokTest02";
/// Plain client: access tokens 30 min, ID tokens 2 h, refresh 30 days.
const APP: &str = "app0000000000000000000000a";
const OTHER: &str = "app0000000000000000000000b";
const SECRET_APP: &str = "app0000000000000000000000s";
const ROTATING: &str = "app0000000000000000000000r";
const NO_REVOKE: &str = "app0000000000000000000000n";
const SECRET: &str = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcde";
const START: i64 = 1_709_622_249_000;
const ALICE_SUB: &str = "4f1e2d3c-0000-4000-8000-00000000a11c";
const DEVICE: &str = "us-east-1_0f1e2d3c-4b5a-4697-8887-766554433221";
const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

// Fixtures go through serde so that fields added to the state with `#[serde(default)]`
// do not break these tests.
fn pool_fixture(id: &str) -> Pool {
    let pool = json!({
        "id": id, "name": "tokens", "created": START, "last_modified": START,
        "password_policy": {"minimum_length": 8, "require_uppercase": true,
            "require_lowercase": true, "require_numbers": true, "require_symbols": true,
            "temporary_password_validity_days": 7},
        "mfa": "OFF", "sms_mfa_enabled": false, "software_token_mfa_enabled": false,
        "email_mfa_enabled": false, "username_attributes": [], "alias_attributes": ["email"],
        "auto_verified_attributes": [], "custom_attributes": ["custom:tier"],
        "tier": "ESSENTIALS", "deletion_protection": false, "clients": {}, "users": {}
    });
    serde_json::from_value(pool).expect("pool fixture")
}

fn client_fixture(id: &str) -> AppClient {
    let client = json!({
        "id": id, "name": "app", "explicit_auth_flows":
            ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "prevent_user_existence_errors": true, "auth_session_validity_minutes": 3,
        "access_token_validity_secs": 1800, "id_token_validity_secs": 7200,
        "refresh_token_validity_secs": 30 * 86_400, "enable_token_revocation": true,
        "refresh_token_rotation": false, "rotation_grace_secs": 0, "read_attributes": [],
        "write_attributes": [], "created": START, "last_modified": START
    });
    serde_json::from_value(client).expect("client fixture")
}

fn user_fixture(username: &str, sub: &str, attributes: Value) -> User {
    let mut attributes = attributes;
    attributes["sub"] = json!(sub);
    let user = json!({
        "username": username, "sub": sub, "attributes": attributes, "status": "CONFIRMED",
        "enabled": true, "created": START, "last_modified": START,
        "mfa": serde_json::to_value(UserMfa::default()).expect("mfa"),
        "lockout": serde_json::to_value(Lockout::default()).expect("lockout"),
        "devices": {}, "tokens_valid_after": 0, "revoked_origin_jtis": [], "groups": []
    });
    serde_json::from_value(user).expect("user fixture")
}

struct Fx {
    emulator: Emulator,
}

impl Fx {
    fn new() -> Self {
        Self::with_config(EmulatorConfig::default())
    }

    fn with_config(config: EmulatorConfig) -> Self {
        let emulator = Emulator::with_seed(config, Clock::manual(START), Some(7));
        {
            let mut state = emulator.inner.state();
            for pool_id in [POOL, OTHER_POOL] {
                let mut pool = pool_fixture(pool_id);
                let clients: &[&str] = if pool_id == POOL {
                    &[APP, OTHER, SECRET_APP, ROTATING, NO_REVOKE]
                } else {
                    &[APP]
                };
                for id in clients {
                    let mut client = client_fixture(id);
                    match *id {
                        SECRET_APP => client.secret = Some(SECRET.to_owned()),
                        ROTATING => {
                            client.refresh_token_rotation = true;
                            client.rotation_grace_secs = 10;
                        }
                        NO_REVOKE => client.enable_token_revocation = false,
                        _ => {}
                    }
                    // The same client id in two pools would be ambiguous.
                    let id = if pool_id == POOL {
                        (*id).to_owned()
                    } else {
                        format!("{id}2")
                    };
                    client.id = id.clone();
                    state.client_index.insert(id.clone(), pool_id.to_owned());
                    pool.clients.insert(id, client);
                }
                let mut alice = user_fixture(
                    "alice",
                    ALICE_SUB,
                    json!({"email": "alice@example.com", "email_verified": "true",
                           "phone_number": "+15555550100", "phone_number_verified": "false",
                           "name": "Alice", "custom:tier": "gold"}),
                );
                alice.groups = vec!["admins".to_owned()];
                alice.devices.insert(
                    DEVICE.to_owned(),
                    DeviceRecord {
                        key: DEVICE.to_owned(),
                        group_key: "-group".to_owned(),
                        name: None,
                        salt: Some("c2FsdA==".to_owned()),
                        verifier: Some("dmVyaWZpZXI=".to_owned()),
                        remembered: true,
                        created: START,
                        last_modified: START,
                        last_authenticated: START,
                    },
                );
                let bob = user_fixture(
                    "bob",
                    "0b0b0b0b-0000-4000-8000-000000000b0b",
                    json!({"email": "bob@example.com", "email_verified": "true"}),
                );
                pool.users.insert("alice".to_owned(), alice);
                pool.users.insert("bob".to_owned(), bob);
                state.pools.insert(pool_id.to_owned(), pool);
            }
        }
        Self { emulator }
    }

    fn inner(&self) -> &Inner {
        &self.emulator.inner
    }

    fn advance(&self, secs: u64) {
        self.emulator.clock().advance(Duration::from_secs(secs));
    }

    fn now_secs(&self) -> i64 {
        self.emulator.clock().now_secs()
    }

    fn state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.inner().state())
    }

    /// Tokens for a sign-in now: (access, id, refresh).
    fn sign_in_at(&self, pool: &str, client: &str, user: &str, device: Option<&str>) -> Tokens {
        let auth_time = self.now_secs();
        let result = self
            .state(|s| issue(self.inner(), s, pool, client, user, auth_time, device))
            .expect("issue");
        Tokens::of(&result)
    }

    fn sign_in(&self, client: &str, user: &str) -> Tokens {
        self.sign_in_at(POOL, client, user, None)
    }

    fn refresh(&self, client: &str, params: &[(&str, &str)]) -> ApiResult<AuthenticationResult> {
        let params: SensitiveMap = params.iter().copied().collect();
        self.state(|s| refresh_auth(self.inner(), s, POOL, client, &params))
    }

    fn call(&self, op: &str, body: Value) -> ApiResult<Value> {
        self.emulator
            .call(op, &body.to_string())
            .map(|out| serde_json::from_str(&out).expect("JSON response"))
    }

    fn get_user(&self, access: &str) -> ApiResult<Value> {
        self.call("GetUser", json!({"AccessToken": access}))
    }

    fn authorize(&self, token: &str) -> ApiResult<(String, String, Value)> {
        self.state(|s| authorize_access_token(self.inner(), s, token))
    }
}

#[derive(Debug)]
struct Tokens {
    access: String,
    id: String,
    refresh: Option<String>,
}

impl Tokens {
    fn of(result: &AuthenticationResult) -> Self {
        let text = |t: &Option<cognito_flow_wire::SensitiveString>| {
            t.as_ref().map(|t| t.expose_secret().to_owned())
        };
        Self {
            access: text(&result.access_token).expect("access token"),
            id: text(&result.id_token).expect("id token"),
            refresh: text(&result.refresh_token),
        }
    }

    fn refresh(&self) -> &str {
        self.refresh.as_deref().expect("refresh token")
    }
}

fn claims(token: &str) -> Value {
    jwt::unverified_claims(token).expect("claims")
}

#[track_caller]
fn fails<T: std::fmt::Debug>(result: ApiResult<T>, code: &str, message: &str) {
    match result {
        Ok(v) => panic!("expected {code} ({message}), got {v:?}"),
        Err(e) => {
            assert_eq!((e.code(), e.message()), (code, message));
        }
    }
}

const NOT_AUTHORIZED: &str = "NotAuthorizedException";

#[test]
fn access_token_claims_are_cognitos() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let c = claims(&t.access);
    let iat = START / 1000;
    assert_eq!(c["sub"], ALICE_SUB);
    assert_eq!(c["iss"], format!("http://127.0.0.1/{POOL}"));
    assert_eq!(c["client_id"], APP);
    assert_eq!(c["token_use"], "access");
    assert_eq!(c["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(c["auth_time"].as_i64(), Some(iat));
    assert_eq!(c["iat"].as_i64(), Some(iat));
    assert_eq!(c["exp"].as_i64(), Some(iat + 1800));
    assert_eq!(c["username"], "alice");
    assert_eq!(c["version"].as_i64(), Some(2));
    assert_eq!(c["cognito:groups"], json!(["admins"]));
    for uuid in ["jti", "origin_jti", "event_id"] {
        assert_eq!(c[uuid].as_str().map(str::len), Some(36), "{uuid}");
    }
    for absent in ["aud", "cognito:username", "email", "device_key"] {
        assert!(c.get(absent).is_none(), "{absent}");
    }
    let with_device = fx.sign_in_at(POOL, APP, "alice", Some(DEVICE));
    assert_eq!(claims(&with_device.access)["device_key"], DEVICE);
    // Tokens of a client without revocation carry no origin_jti (spec §8.8).
    let plain = fx.sign_in(NO_REVOKE, "alice");
    assert!(claims(&plain.access).get("origin_jti").is_none());
    assert!(claims(&plain.id).get("origin_jti").is_none());
    assert_eq!(fx.sign_in(APP, "bob").access.split('.').count(), 3);
    assert!(
        claims(&fx.sign_in(APP, "bob").access)
            .get("cognito:groups")
            .is_none()
    );
}

#[test]
fn id_token_claims_are_cognitos() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let (a, c) = (claims(&t.access), claims(&t.id));
    let iat = START / 1000;
    assert_eq!(c["sub"], ALICE_SUB);
    assert_eq!(c["iss"], a["iss"]);
    assert_eq!(c["aud"], APP);
    assert_eq!(c["token_use"], "id");
    assert_eq!(c["cognito:username"], "alice");
    assert_eq!(c["auth_time"].as_i64(), Some(iat));
    assert_eq!(c["iat"].as_i64(), Some(iat));
    assert_eq!(c["exp"].as_i64(), Some(iat + 7200));
    assert_eq!(c["email"], "alice@example.com");
    assert_eq!(c["email_verified"], json!(true));
    assert_eq!(c["phone_number_verified"], json!(false));
    assert_eq!(c["custom:tier"], "gold");
    assert_eq!(c["name"], "Alice");
    assert_eq!(c["cognito:groups"], json!(["admins"]));
    assert_eq!(c["origin_jti"], a["origin_jti"]);
    assert_eq!(c["event_id"], a["event_id"]);
    assert_ne!(c["jti"], a["jti"]);
    for absent in ["client_id", "username", "scope", "version", "device_key"] {
        assert!(c.get(absent).is_none(), "{absent}");
    }
    // Only the client's readable attributes.
    fx.state(|s| {
        if let Some(c) = s.pools.get_mut(POOL).and_then(|p| p.clients.get_mut(OTHER)) {
            c.read_attributes = vec!["email".to_owned()];
        }
    });
    let limited = claims(&fx.sign_in(OTHER, "alice").id);
    assert_eq!(limited["email"], "alice@example.com");
    assert!(limited.get("name").is_none());
    assert!(limited.get("email_verified").is_none());
    assert_eq!(limited["sub"], ALICE_SUB);
}

#[test]
fn aws_issuer_style() {
    let fx = Fx::with_config(EmulatorConfig {
        issuer_style: IssuerStyle::Aws,
        ..EmulatorConfig::default()
    });
    let t = fx.sign_in(APP, "alice");
    let iss = format!("https://cognito-idp.us-east-1.amazonaws.com/{POOL}");
    assert_eq!(claims(&t.access)["iss"], iss);
    assert_eq!(claims(&t.id)["iss"], iss);
    // The pool is still found from the issuer.
    assert!(fx.get_user(&t.access).is_ok());
}

#[test]
fn tokens_verify_against_the_jwks_with_different_kids() {
    use rsa::traits::SignatureScheme as _;
    use sha2::Digest as _;

    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let (kid_access, kid_id) = (jwt::unverified_kid(&t.access), jwt::unverified_kid(&t.id));
    assert!(kid_access.is_some() && kid_id.is_some());
    assert_ne!(kid_access, kid_id);
    let jwks = fx
        .state(|s| s.pools.get(POOL).map(|p| p.keys.jwks(POOL)))
        .expect("jwks");
    let keys = jwks["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 2);
    for token in [&t.access, &t.id] {
        let kid = jwt::unverified_kid(token);
        let jwk = keys
            .iter()
            .find(|k| k["kid"].as_str() == kid.as_deref())
            .expect("kid in the JWKS");
        let int = |name: &str| {
            let bytes = B64URL
                .decode(jwk[name].as_str().expect(name))
                .expect("base64url");
            rsa::BoxedUint::from_be_slice_vartime(&bytes)
        };
        let public = rsa::RsaPublicKey::new(int("n"), int("e")).expect("public key");
        let (input, signature) = token.rsplit_once('.').expect("signature");
        let signature = B64URL.decode(signature).expect("signature bytes");
        let digest = sha2::Sha256::digest(input.as_bytes());
        rsa::Pkcs1v15Sign::new::<sha2::Sha256>()
            .verify(&public, &digest, &signature)
            .expect("RS256 signature verifies with the JWKS key");
    }
    // Another pool publishes other kids.
    let other = fx
        .state(|s| s.pools.get(OTHER_POOL).map(|p| p.keys.jwks(OTHER_POOL)))
        .expect("jwks");
    assert!(other["keys"].as_array().into_iter().flatten().all(|k| {
        k["kid"].as_str() != kid_access.as_deref() && k["kid"].as_str() != kid_id.as_deref()
    }));
}

#[test]
fn refresh_keeps_auth_time_and_origin_and_returns_no_refresh_token() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    fx.advance(600);
    let r = fx
        .refresh(APP, &[("REFRESH_TOKEN", t.refresh())])
        .expect("refresh");
    assert!(r.refresh_token.is_none());
    assert_eq!(r.expires_in, Some(1800));
    assert_eq!(r.token_type.as_deref(), Some("Bearer"));
    let n = Tokens::of(&r);
    let (old, new) = (claims(&t.access), claims(&n.access));
    assert_eq!(new["auth_time"], old["auth_time"]);
    assert_eq!(new["origin_jti"], old["origin_jti"]);
    assert_eq!(new["iat"].as_i64(), Some(START / 1000 + 600));
    assert_eq!(new["exp"].as_i64(), Some(START / 1000 + 600 + 1800));
    assert_ne!(new["jti"], old["jti"]);
    assert_eq!(claims(&n.id)["auth_time"], old["auth_time"]);
    assert!(fx.get_user(&n.access).is_ok());
    // The refresh token keeps working.
    assert!(fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]).is_ok());
}

#[test]
fn refresh_needs_its_parameter_and_a_known_token() {
    let fx = Fx::new();
    fails(
        fx.refresh(APP, &[]),
        "InvalidParameterException",
        "Missing required parameter REFRESH_TOKEN",
    );
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", "nope")]),
        NOT_AUTHORIZED,
        "Invalid Refresh Token",
    );
    // An access token is not a refresh token.
    let t = fx.sign_in(APP, "alice");
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", &t.access)]),
        NOT_AUTHORIZED,
        "Invalid Refresh Token",
    );
    // Opaque and unguessable: JWE-shaped, random, different every time.
    let refresh = t.refresh();
    assert!(refresh.starts_with("eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ."));
    assert_eq!(refresh.split('.').count(), 5);
    assert!(refresh.len() > 500);
    assert_ne!(fx.sign_in(APP, "alice").refresh(), refresh);
}

#[test]
fn refresh_is_bound_to_its_client() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    fails(
        fx.refresh(OTHER, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "Invalid Refresh Token",
    );
    // ... and to its pool.
    let elsewhere = fx.sign_in_at(OTHER_POOL, &format!("{APP}2"), "alice", None);
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", elsewhere.refresh())]),
        NOT_AUTHORIZED,
        "Invalid Refresh Token",
    );
    fails(
        fx.call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": OTHER, "RefreshToken": t.refresh()}),
        ),
        NOT_AUTHORIZED,
        "Invalid Refresh Token",
    );
}

#[test]
fn refresh_is_refused_after_revoke_token() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let other_session = fx.sign_in(APP, "alice");
    let refreshed = Tokens::of(
        &fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())])
            .expect("refresh"),
    );
    let out = fx.call(
        "RevokeToken",
        json!({"ClientId": APP, "Token": t.refresh()}),
    );
    assert_eq!(out, Ok(json!({})));
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has been revoked",
    );
    // Every access token minted from it is revoked too ...
    for access in [&t.access, &refreshed.access] {
        fails(
            fx.get_user(access),
            NOT_AUTHORIZED,
            "Access Token has been revoked",
        );
    }
    // ... and nothing else.
    assert!(fx.get_user(&other_session.access).is_ok());
    assert!(
        fx.refresh(APP, &[("REFRESH_TOKEN", other_session.refresh())])
            .is_ok()
    );
    // Revoking again is harmless.
    assert!(
        fx.call(
            "RevokeToken",
            json!({"ClientId": APP, "Token": t.refresh()})
        )
        .is_ok()
    );
}

#[test]
fn revoke_token_checks_client_type_and_settings() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let revoke = |client: &str, token: &str| {
        fx.call("RevokeToken", json!({"ClientId": client, "Token": token}))
    };
    fails(
        revoke(OTHER, t.refresh()),
        "UnauthorizedException",
        "Refresh Token was not issued to this client",
    );
    fails(
        revoke(APP, &t.access),
        "UnsupportedTokenTypeException",
        "Only refresh tokens can be revoked",
    );
    fails(
        revoke(APP, &t.id),
        "UnsupportedTokenTypeException",
        "Only refresh tokens can be revoked",
    );
    fails(
        revoke("unknownclient000000000000", t.refresh()),
        "UnauthorizedException",
        "User pool client does not exist.",
    );
    let plain = fx.sign_in(NO_REVOKE, "alice");
    fails(
        revoke(NO_REVOKE, plain.refresh()),
        "UnsupportedOperationException",
        "Token revocation is not enabled for this client",
    );
    // Never issued here: success, as RFC 7009 asks.
    assert_eq!(revoke(APP, "bm90LWEtdG9rZW4"), Ok(json!({})));
    // A client with a secret needs it, raw.
    let s = fx.sign_in(SECRET_APP, "alice");
    let message = format!(
        "Client {SECRET_APP} is configured with secret but the client secret is wrong or missing"
    );
    fails(
        revoke(SECRET_APP, s.refresh()),
        "UnauthorizedException",
        &message,
    );
    fails(
        fx.call(
            "RevokeToken",
            json!({"ClientId": SECRET_APP, "Token": s.refresh(), "ClientSecret": "x".repeat(51)}),
        ),
        "UnauthorizedException",
        &message,
    );
    let ok = fx.call(
        "RevokeToken",
        json!({"ClientId": SECRET_APP, "Token": s.refresh(), "ClientSecret": SECRET,
               "RevokeAssociatedSessions": "NONE"}),
    );
    assert_eq!(ok, Ok(json!({})));
    // Still usable: none of the refused calls revoked anything.
    assert!(fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]).is_ok());
    fails(
        fx.call("RevokeToken", json!({"ClientId": APP})),
        "InvalidParameterException",
        "1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null",
    );
}

#[test]
fn global_sign_out_revokes_everything_of_the_user_only() {
    let fx = Fx::new();
    let first = fx.sign_in(APP, "alice");
    let second = fx.sign_in(OTHER, "alice");
    let bob = fx.sign_in(APP, "bob");
    fx.advance(5);
    assert_eq!(
        fx.call("GlobalSignOut", json!({"AccessToken": first.access})),
        Ok(json!({}))
    );
    for t in [&first, &second] {
        fails(
            fx.get_user(&t.access),
            NOT_AUTHORIZED,
            "Access Token has been revoked",
        );
    }
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", first.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has been revoked",
    );
    fails(
        fx.refresh(OTHER, &[("REFRESH_TOKEN", second.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has been revoked",
    );
    fails(
        fx.call("GlobalSignOut", json!({"AccessToken": first.access})),
        NOT_AUTHORIZED,
        "Access Token has been revoked",
    );
    assert!(fx.get_user(&bob.access).is_ok());
    assert!(fx.refresh(APP, &[("REFRESH_TOKEN", bob.refresh())]).is_ok());
    // Signing in again right away (same second) works.
    let again = fx.sign_in(APP, "alice");
    assert!(fx.get_user(&again.access).is_ok());
    assert!(
        fx.refresh(APP, &[("REFRESH_TOKEN", again.refresh())])
            .is_ok()
    );
}

#[test]
fn global_sign_out_in_the_same_second_still_revokes() {
    // The manual clock stands still: the tokens share the sign-out's second.
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    assert!(
        fx.call("GlobalSignOut", json!({"AccessToken": t.access}))
            .is_ok()
    );
    fails(
        fx.get_user(&t.access),
        NOT_AUTHORIZED,
        "Access Token has been revoked",
    );
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has been revoked",
    );
}

#[test]
fn admin_user_global_sign_out_accepts_aliases() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    fx.advance(1);
    let out = fx.call(
        "AdminUserGlobalSignOut",
        json!({"UserPoolId": POOL, "Username": "alice@example.com"}),
    );
    assert_eq!(out, Ok(json!({})));
    fails(
        fx.get_user(&t.access),
        NOT_AUTHORIZED,
        "Access Token has been revoked",
    );
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has been revoked",
    );
    fails(
        fx.call(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": POOL, "Username": "carol"}),
        ),
        "UserNotFoundException",
        "User does not exist.",
    );
    fails(
        fx.call(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": "us-east-1_Missing00", "Username": "alice"}),
        ),
        "ResourceNotFoundException",
        "User pool us-east-1_Missing00 does not exist.",
    );
    let by_sub = fx.sign_in(APP, "alice");
    fx.advance(1);
    assert!(
        fx.call(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": POOL, "Username": ALICE_SUB})
        )
        .is_ok()
    );
    fails(
        fx.get_user(&by_sub.access),
        NOT_AUTHORIZED,
        "Access Token has been revoked",
    );
}

#[test]
fn expired_tokens_are_refused() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    fx.advance(1799);
    assert!(fx.get_user(&t.access).is_ok());
    fx.advance(1);
    fails(
        fx.get_user(&t.access),
        NOT_AUTHORIZED,
        "Access Token has expired",
    );
    // The refresh token lives 30 days.
    fx.advance(30 * 86_400 - 1800 - 1);
    let fresh = Tokens::of(
        &fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())])
            .expect("refresh"),
    );
    assert!(fx.get_user(&fresh.access).is_ok());
    fx.advance(1);
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "Refresh Token has expired",
    );
}

#[test]
fn device_bound_refresh_tokens_need_their_confirmed_device() {
    let fx = Fx::new();
    let t = fx.sign_in_at(POOL, APP, "alice", Some(DEVICE));
    let token = t.refresh();
    let invalid = "Invalid Refresh Token";
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", token)]),
        NOT_AUTHORIZED,
        invalid,
    );
    fails(
        fx.refresh(
            APP,
            &[
                ("REFRESH_TOKEN", token),
                ("DEVICE_KEY", "us-east-1_00000000-0000"),
            ],
        ),
        NOT_AUTHORIZED,
        invalid,
    );
    let r = fx
        .refresh(APP, &[("REFRESH_TOKEN", token), ("DEVICE_KEY", DEVICE)])
        .expect("refresh with the device");
    assert_eq!(claims(&Tokens::of(&r).access)["device_key"], DEVICE);
    let body = json!({"ClientId": APP, "RefreshToken": token, "DeviceKey": DEVICE});
    assert!(fx.call("GetTokensFromRefreshToken", body.clone()).is_ok());
    fails(
        fx.call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": APP, "RefreshToken": token}),
        ),
        NOT_AUTHORIZED,
        invalid,
    );
    // A forgotten device takes its tokens with it.
    fx.state(|s| {
        s.pools
            .get_mut(POOL)
            .and_then(|p| p.users.get_mut("alice"))
            .map(|u| u.devices.clear())
    });
    fails(
        fx.call("GetTokensFromRefreshToken", body),
        NOT_AUTHORIZED,
        invalid,
    );
    // Tokens issued without a device need none.
    let plain = fx.sign_in(APP, "alice");
    assert!(
        fx.refresh(APP, &[("REFRESH_TOKEN", plain.refresh())])
            .is_ok()
    );
}

#[test]
fn refresh_secret_hash_is_over_the_canonical_username() {
    let fx = Fx::new();
    let t = fx.sign_in(SECRET_APP, "alice");
    let token = t.refresh();
    let over = |name: &str| cognito_flow_srp::secret_hash(name, SECRET_APP, SECRET);
    fails(
        fx.refresh(SECRET_APP, &[("REFRESH_TOKEN", token)]),
        NOT_AUTHORIZED,
        &format!("Client {SECRET_APP} is configured with secret but SECRET_HASH was not received"),
    );
    fails(
        fx.refresh(
            SECRET_APP,
            &[
                ("REFRESH_TOKEN", token),
                ("SECRET_HASH", &over("alice@example.com")),
            ],
        ),
        NOT_AUTHORIZED,
        &format!("Unable to verify secret hash for client {SECRET_APP}"),
    );
    assert!(
        fx.refresh(
            SECRET_APP,
            &[("REFRESH_TOKEN", token), ("SECRET_HASH", &over("alice"))]
        )
        .is_ok()
    );
}

#[test]
fn get_tokens_from_refresh_token_checks_the_raw_client_secret() {
    let fx = Fx::new();
    let t = fx.sign_in(SECRET_APP, "alice");
    let body = |secret: Option<&str>| {
        let mut b = json!({"ClientId": SECRET_APP, "RefreshToken": t.refresh()});
        if let Some(s) = secret {
            b["ClientSecret"] = json!(s);
        }
        b
    };
    let message = format!(
        "Client {SECRET_APP} is configured with secret but the client secret is wrong or missing"
    );
    fails(
        fx.call("GetTokensFromRefreshToken", body(None)),
        NOT_AUTHORIZED,
        &message,
    );
    fails(
        fx.call("GetTokensFromRefreshToken", body(Some(&"y".repeat(51)))),
        NOT_AUTHORIZED,
        &message,
    );
    let out = fx
        .call("GetTokensFromRefreshToken", body(Some(SECRET)))
        .expect("refresh");
    let result = &out["AuthenticationResult"];
    assert!(result["AccessToken"].is_string() && result["IdToken"].is_string());
    assert_eq!(result["ExpiresIn"], 1800);
    assert_eq!(result["TokenType"], "Bearer");
    // No rotation on this client: no new refresh token.
    assert!(result.get("RefreshToken").is_none());
    fails(
        fx.call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": "nobody00000000000000000000", "RefreshToken": "x"}),
        ),
        "ResourceNotFoundException",
        "User pool client does not exist.",
    );
}

#[test]
fn rotation_issues_new_refresh_tokens_with_a_grace_period() {
    let fx = Fx::new();
    let t = fx.sign_in(ROTATING, "alice");
    let rotate = |token: &str| {
        fx.call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": ROTATING, "RefreshToken": token}),
        )
    };
    let first = rotate(t.refresh()).expect("rotation");
    let r2 = first["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .expect("new refresh token");
    assert_ne!(r2, t.refresh());
    let access = first["AuthenticationResult"]["AccessToken"]
        .as_str()
        .expect("access");
    assert_eq!(claims(access)["auth_time"].as_i64(), Some(START / 1000));
    // The old token works again within the 10-second grace period ...
    fx.advance(9);
    assert!(rotate(t.refresh()).is_ok());
    // ... and not after it.
    fx.advance(1);
    fails(
        rotate(t.refresh()),
        "RefreshTokenReuseException",
        "Refresh Token has already been used",
    );
    // The new token carries the session on, with a fresh validity.
    fx.advance(29 * 86_400);
    let third = rotate(r2).expect("rotation of the new token");
    let r3 = third["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .expect("r3");
    fx.advance(2 * 86_400);
    assert!(rotate(r3).is_ok());
    // REFRESH_TOKEN_AUTH is not for rotating clients.
    fails(
        fx.refresh(ROTATING, &[("REFRESH_TOKEN", r3)]),
        "InvalidParameterException",
        "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken",
    );
    // Revoking any token of the chain ends the session.
    assert!(
        fx.call("RevokeToken", json!({"ClientId": ROTATING, "Token": r3}))
            .is_ok()
    );
    fails(rotate(r2), NOT_AUTHORIZED, "Refresh Token has been revoked");
}

#[test]
fn rotation_without_grace_invalidates_at_once() {
    let fx = Fx::new();
    fx.state(|s| {
        if let Some(c) = s
            .pools
            .get_mut(POOL)
            .and_then(|p| p.clients.get_mut(ROTATING))
        {
            c.rotation_grace_secs = 0;
        }
    });
    let t = fx.sign_in(ROTATING, "alice");
    let body = json!({"ClientId": ROTATING, "RefreshToken": t.refresh()});
    assert!(fx.call("GetTokensFromRefreshToken", body.clone()).is_ok());
    fails(
        fx.call("GetTokensFromRefreshToken", body),
        "RefreshTokenReuseException",
        "Refresh Token has already been used",
    );
}

#[test]
fn disabled_and_deleted_users() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let set_enabled = |on: bool| {
        fx.state(|s| {
            if let Some(u) = s.pools.get_mut(POOL).and_then(|p| p.users.get_mut("alice")) {
                u.enabled = on;
            }
        })
    };
    set_enabled(false);
    fails(fx.get_user(&t.access), NOT_AUTHORIZED, "User is disabled.");
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        NOT_AUTHORIZED,
        "User is disabled.",
    );
    set_enabled(true);
    assert!(fx.get_user(&t.access).is_ok());
    // Deleted, then created again under the same name: someone else.
    fx.state(|s| {
        let pool = s.pools.get_mut(POOL).expect("pool");
        pool.users.remove("alice");
    });
    fails(
        fx.get_user(&t.access),
        NOT_AUTHORIZED,
        "Invalid Access Token",
    );
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        "UserNotFoundException",
        "User does not exist.",
    );
    fx.advance(1);
    let now = fx.inner().now();
    fx.state(|s| {
        let mut again = user_fixture("alice", "99999999-0000-4000-8000-000000000999", json!({}));
        again.created = now;
        s.pools
            .get_mut(POOL)
            .map(|p| p.users.insert("alice".to_owned(), again))
    });
    fails(
        fx.get_user(&t.access),
        NOT_AUTHORIZED,
        "Invalid Access Token",
    );
    fails(
        fx.refresh(APP, &[("REFRESH_TOKEN", t.refresh())]),
        "UserNotFoundException",
        "User does not exist.",
    );
}

/// A JWS with `header` and `claims`, signed with `sign` over the signing input.
fn jws(header: &Value, claims: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(claims.to_string())
    );
    let signature = sign(input.as_bytes());
    format!("{input}.{}", B64URL.encode(signature))
}

#[test]
fn forged_access_tokens_are_refused() {
    use hmac::{KeyInit as _, Mac as _};

    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let good = claims(&t.access);
    let kid = jwt::unverified_kid(&t.access).expect("kid");
    let invalid = "Invalid Access Token";
    let mut parts = t.access.split('.');
    let (h, _, s) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );

    // Tampered payload, original signature.
    let mut mallory = good.clone();
    mallory["username"] = json!("bob");
    mallory["sub"] = json!("0b0b0b0b-0000-4000-8000-000000000b0b");
    let tampered = format!("{h}.{}.{s}", B64URL.encode(mallory.to_string()));
    // Extended expiry, original signature.
    let mut longer = good.clone();
    longer["exp"] = json!(good["exp"].as_i64().unwrap_or(0) + 86_400);
    let extended = format!("{h}.{}.{s}", B64URL.encode(longer.to_string()));
    // alg none, no signature.
    let none = jws(&json!({"alg": "none", "kid": kid}), &good, |_| Vec::new());
    let none_trailing = format!("{}.", none.trim_end_matches('.'));
    // HS256 keyed with the public modulus (algorithm confusion).
    let jwks = fx
        .state(|s| s.pools.get(POOL).map(|p| p.keys.jwks(POOL)))
        .expect("jwks");
    let n = jwks["keys"][0]["n"].as_str().unwrap_or("").to_owned();
    let hs256 = jws(&json!({"alg": "HS256", "kid": kid}), &good, |input| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(n.as_bytes()).expect("key");
        mac.update(input);
        mac.finalize().into_bytes().to_vec()
    });
    // The ID token's signature under the access key's kid; and the ID token itself.
    let id_kid = jwt::unverified_kid(&t.id).expect("id kid");
    let mut id_parts = t.id.split('.');
    let (_, id_p, id_s) = (
        id_parts.next(),
        id_parts.next().unwrap_or(""),
        id_parts.next().unwrap_or(""),
    );
    let access_header = B64URL.encode(json!({"kid": kid, "alg": "RS256"}).to_string());
    let wrong_kid = format!("{access_header}.{id_p}.{id_s}");
    let unknown_kid_header = B64URL.encode(json!({"kid": "bm8=", "alg": "RS256"}).to_string());
    let unknown_kid = format!(
        "{unknown_kid_header}.{}.{s}",
        t.access.split('.').nth(1).unwrap_or("")
    );
    assert_ne!(kid, id_kid);
    // A token of another pool, its iss rewritten to this pool.
    let foreign = fx.sign_in_at(OTHER_POOL, &format!("{APP}2"), "alice", None);
    let mut moved = claims(&foreign.access);
    moved["iss"] = good["iss"].clone();
    let mut fparts = foreign.access.split('.');
    let (fh, _, fs) = (
        fparts.next().unwrap_or(""),
        fparts.next(),
        fparts.next().unwrap_or(""),
    );
    let moved = format!("{fh}.{}.{fs}", B64URL.encode(moved.to_string()));

    for (what, token) in [
        ("tampered payload", tampered.as_str()),
        ("extended expiry", extended.as_str()),
        ("alg none", none.as_str()),
        ("alg none, trailing dot", none_trailing.as_str()),
        ("HS256", hs256.as_str()),
        ("ID signature under the access kid", wrong_kid.as_str()),
        ("unknown kid", unknown_kid.as_str()),
        ("ID token", t.id.as_str()),
        ("another pool's token moved here", moved.as_str()),
        ("garbage", "not-a-token"),
        ("empty", ""),
        ("four parts", &format!("{}.x", t.access)),
        ("refresh token", t.refresh()),
    ] {
        match fx.authorize(token) {
            Ok(_) => panic!("{what}: accepted"),
            Err(e) => {
                assert_eq!((e.code(), e.message()), (NOT_AUTHORIZED, invalid), "{what}");
            }
        }
        fails(fx.get_user(token), NOT_AUTHORIZED, invalid);
    }
    // The genuine tokens still work, the foreign one in its own pool.
    let (pool, user, c) = fx.authorize(&t.access).expect("genuine");
    assert_eq!((pool.as_str(), user.as_str()), (POOL, "alice"));
    assert_eq!(c, good);
    assert_eq!(
        fx.authorize(&foreign.access).map(|a| a.0),
        Ok(OTHER_POOL.to_owned())
    );
}

#[test]
fn access_tokens_are_found_by_kid_when_iss_names_no_pool() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    // Tokens minted before the base URL was known, or copied from elsewhere, may carry an
    // `iss` naming no pool: the kid still finds it (the signature covers the claims, so
    // only the emulator itself could have written that iss).
    let mut c = claims(&t.access);
    c["iss"] = json!("http://elsewhere.invalid/");
    let token = fx
        .state(|s| {
            s.pools
                .get(POOL)
                .and_then(|p| p.keys.sign(POOL, TokenUse::Access, &c))
        })
        .expect("signed");
    assert_eq!(fx.authorize(&token).map(|a| a.1), Ok("alice".to_owned()));
}

#[test]
fn access_tokens_need_the_admin_scope() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let mut c = claims(&t.access);
    c["scope"] = json!("openid profile");
    let token = fx
        .state(|s| {
            s.pools
                .get(POOL)
                .and_then(|p| p.keys.sign(POOL, TokenUse::Access, &c))
        })
        .expect("signed");
    fails(
        fx.get_user(&token),
        NOT_AUTHORIZED,
        "Access Token does not have required scopes",
    );
}

#[test]
fn get_user_answers_username_attributes_and_mfa() {
    let fx = Fx::new();
    let t = fx.sign_in(APP, "alice");
    let out = fx.get_user(&t.access).expect("GetUser");
    assert_eq!(out["Username"], "alice");
    let attrs = out["UserAttributes"].as_array().expect("attributes");
    let get = |name: &str| {
        attrs
            .iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(get("sub"), Some(json!(ALICE_SUB)));
    assert_eq!(get("email"), Some(json!("alice@example.com")));
    assert_eq!(get("email_verified"), Some(json!("true")));
    assert_eq!(get("custom:tier"), Some(json!("gold")));
    assert_eq!(attrs.len(), 7);
    for absent in ["UserMFASettingList", "PreferredMfaSetting", "MFAOptions"] {
        assert!(out.get(absent).is_none(), "{absent}");
    }
    fx.state(|s| {
        if let Some(u) = s.pools.get_mut(POOL).and_then(|p| p.users.get_mut("alice")) {
            u.mfa.sms_enabled = true;
            u.mfa.software_token_enabled = true;
            u.mfa.software_token_preferred = true;
        }
    });
    let out = fx.get_user(&t.access).expect("GetUser");
    assert_eq!(
        out["UserMFASettingList"],
        json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])
    );
    assert_eq!(out["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(
        out["MFAOptions"],
        json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    );
    fails(
        fx.call("GetUser", json!({})),
        "InvalidParameterException",
        "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
    );
}

#[test]
fn errors_never_echo_tokens_or_secrets() {
    let fx = Fx::new();
    let t = fx.sign_in(SECRET_APP, "alice");
    let canary = "eyJjYW5hcnkiOiJ0b2tlbiJ9.eyJjYW5hcnkiOnRydWV9.c2lnbmF0dXJl";
    let calls = [
        ("GetUser", json!({"AccessToken": canary})),
        ("GlobalSignOut", json!({"AccessToken": canary})),
        (
            "GetTokensFromRefreshToken",
            json!({"ClientId": SECRET_APP, "RefreshToken": canary, "ClientSecret": SECRET}),
        ),
        (
            "GetTokensFromRefreshToken",
            json!({"ClientId": SECRET_APP, "RefreshToken": t.refresh(), "ClientSecret": "wrong-secret-wrong-secret"}),
        ),
        (
            "RevokeToken",
            json!({"ClientId": SECRET_APP, "Token": canary, "ClientSecret": SECRET}),
        ),
        (
            "RevokeToken",
            json!({"ClientId": SECRET_APP, "Token": t.refresh(), "ClientSecret": "wrong-secret-wrong-secret"}),
        ),
    ];
    for (op, body) in calls {
        let e = fx.call(op, body).expect_err(op);
        for secret in [canary, t.refresh(), SECRET, "wrong-secret"] {
            assert!(!e.message().contains(secret), "{op}: {}", e.message());
        }
    }
}
