//! Tokens (spec §8.8): issuing RS256 ID and access tokens with Cognito's claims, opaque
//! refresh tokens with a server-side record, refresh (§5.12, §3.12), revocation (§3.13),
//! global sign-out (§3.14, §3.15), `GetUser` (§3.23), and the access-token check every
//! access-token-authorized operation uses ([`authorize_access_token`]).
//!
//! # Error messages
//!
//! Cognito documents few of these texts (spec §8.7 marks most `[U]`); the emulator answers:
//!
//! | Situation | Code | Message |
//! |---|---|---|
//! | `REFRESH_TOKEN` missing (`InitiateAuth`) | `InvalidParameterException` | `Missing required parameter REFRESH_TOKEN` |
//! | refresh token unknown, of another pool or client, or `DEVICE_KEY` missing/different/unconfirmed | `NotAuthorizedException` | `Invalid Refresh Token` |
//! | refresh token past its validity | `NotAuthorizedException` | `Refresh Token has expired` |
//! | refresh token revoked (`RevokeToken`, `GlobalSignOut`, `AdminUserGlobalSignOut`) | `NotAuthorizedException` | `Refresh Token has been revoked` |
//! | rotated-out refresh token used after the grace period | `RefreshTokenReuseException` | `Refresh Token has already been used` |
//! | `REFRESH_TOKEN_AUTH` on a client with rotation | `InvalidParameterException` | `Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken` |
//! | the refresh token's user was deleted | `UserNotFoundException` | `User does not exist.` |
//! | the user is disabled | `NotAuthorizedException` | `User is disabled.` |
//! | access token malformed, not RS256, unknown `kid`, bad signature, not an access token, user gone | `NotAuthorizedException` | `Invalid Access Token` |
//! | access token past `exp` | `NotAuthorizedException` | `Access Token has expired` |
//! | access token from before a global sign-out, or of a revoked refresh token | `NotAuthorizedException` | `Access Token has been revoked` |
//! | access token without `aws.cognito.signin.user.admin` | `NotAuthorizedException` | `Access Token does not have required scopes` |
//! | `GetTokensFromRefreshToken`: client secret wrong or missing | `NotAuthorizedException` | `Client <id> is configured with secret but the client secret is wrong or missing` |
//! | `RevokeToken`: unknown client | `UnauthorizedException` | `User pool client does not exist.` |
//! | `RevokeToken`: client secret wrong or missing | `UnauthorizedException` | `Client <id> is configured with secret but the client secret is wrong or missing` |
//! | `RevokeToken`: token of another client | `UnauthorizedException` | `Refresh Token was not issued to this client` |
//! | `RevokeToken`: an ID or access token | `UnsupportedTokenTypeException` | `Only refresh tokens can be revoked` |
//! | `RevokeToken`: revocation disabled on the client | `UnsupportedOperationException` | `Token revocation is not enabled for this client` |
//!
//! `RevokeToken` with a token the emulator never issued (not JWT-shaped) succeeds, as RFC 7009
//! asks of revocation endpoints. No message ever contains a token or a secret.

use base64::Engine as _;
use cognito_flow_wire::{
    AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse, Attribute, AuthenticationResult,
    DeliveryMedium, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse,
    GetUserRequest, GetUserResponse, GlobalSignOutRequest, GlobalSignOutResponse, MfaOption,
    RevokeTokenRequest, RevokeTokenResponse, SensitiveMap, keys,
};
use serde_json::{Map, Value, json};

use crate::Inner;
use crate::config::IssuerStyle;
use crate::error::{ApiError, ApiResult};
use crate::keys::{self as jwt, TokenUse};
use crate::ops::triggers::TokenSource;
use crate::ops::{self, Ctx, run};
use crate::state::{AppClient, RefreshRecord, State, User};

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "GetTokensFromRefreshToken",
    "RevokeToken",
    "GlobalSignOut",
    "AdminUserGlobalSignOut",
    "GetUser",
];

/// The messages of this module (see the module docs for when each is sent).
pub(crate) mod msg {
    /// Unknown refresh token, another pool's or client's, or a device mismatch.
    pub(crate) const INVALID_REFRESH: &str = "Invalid Refresh Token";
    /// Refresh token past its validity.
    pub(crate) const REFRESH_EXPIRED: &str = "Refresh Token has expired";
    /// Refresh token revoked.
    pub(crate) const REFRESH_REVOKED: &str = "Refresh Token has been revoked";
    /// Rotated-out refresh token used after the grace period.
    pub(crate) const REFRESH_REUSED: &str = "Refresh Token has already been used";
    /// `REFRESH_TOKEN_AUTH` on a client with refresh-token rotation.
    pub(crate) const ROTATION_NEEDS_GET_TOKENS: &str =
        "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken";
    /// Malformed, unverifiable or foreign access token.
    pub(crate) const INVALID_ACCESS: &str = "Invalid Access Token";
    /// Access token past `exp`.
    pub(crate) const ACCESS_EXPIRED: &str = "Access Token has expired";
    /// Access token revoked (global sign-out, `RevokeToken`).
    pub(crate) const ACCESS_REVOKED: &str = "Access Token has been revoked";
    /// Access token without the `aws.cognito.signin.user.admin` scope.
    pub(crate) const ACCESS_SCOPES: &str = "Access Token does not have required scopes";
    /// The user is disabled.
    pub(crate) const USER_DISABLED: &str = "User is disabled.";
    /// `RevokeToken` with another client's refresh token.
    pub(crate) const NOT_THIS_CLIENT: &str = "Refresh Token was not issued to this client";
    /// `RevokeToken` with an ID or access token.
    pub(crate) const NOT_REFRESH: &str = "Only refresh tokens can be revoked";
    /// `RevokeToken` on a client without token revocation.
    pub(crate) const REVOCATION_DISABLED: &str = "Token revocation is not enabled for this client";
}

/// The scope of tokens from the user-pool API sign-in.
pub(crate) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// The JOSE header Cognito's refresh tokens start with (`{"cty":"JWT","enc":"A256GCM",
/// "alg":"RSA-OAEP"}`): they look like a JWE, and clients must treat them as opaque.
const REFRESH_HEADER: &str = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ";

/// Runs one of [`OPERATIONS`]; `None` for any other operation.
pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "GetTokensFromRefreshToken" => run(body, |r| get_tokens_from_refresh_token(inner, r)),
        "RevokeToken" => run(body, |r| revoke_token(inner, r)),
        "GlobalSignOut" => run(body, |r| global_sign_out(inner, r)),
        "AdminUserGlobalSignOut" => run(body, |r| admin_user_global_sign_out(inner, r)),
        "GetUser" => run(body, |r| get_user(inner, r)),
        _ => None,
    }
}

/// The `iss` of a pool's tokens.
pub(crate) fn issuer(inner: &Inner, pool_id: &str, region: &str) -> String {
    match inner.config.issuer_style {
        IssuerStyle::Emulator => format!("{}/{pool_id}", inner.base_url()),
        IssuerStyle::Aws => format!("https://cognito-idp.{region}.amazonaws.com/{pool_id}"),
    }
}

/// A new refresh token: JWE-shaped (five base64url parts behind Cognito's header), entirely
/// random, so it can neither be decoded nor forged; its meaning lives in the server-side
/// [`RefreshRecord`].
fn new_refresh_token(inner: &Inner) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut out = String::from(REFRESH_HEADER);
    // Encrypted key, IV, ciphertext, tag: 380 random bytes in all.
    for len in [256usize, 12, 96, 16] {
        let mut part = vec![0u8; len];
        inner.random.fill(&mut part);
        out.push('.');
        out.push_str(&b64.encode(part));
    }
    out
}

/// Issues ID, access and refresh tokens for a completed sign-in of `username` (canonical)
/// through `client_id` (spec §8.8). `auth_time` is when the user authenticated (seconds); it
/// is kept by every refresh of these tokens. Records the refresh token server-side.
///
/// # Errors
///
/// `ResourceNotFoundException` for an unknown pool or client, `UserNotFoundException` for an
/// unknown user, `InternalErrorException` if the signing keys could not be generated.
pub(crate) fn issue(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    auth_time: i64,
    device_key: Option<&str>,
) -> ApiResult<AuthenticationResult> {
    // The sign-in succeeded: the pool's PostAuthentication trigger may still refuse it.
    ops::triggers::post_authentication(inner, state, pool_id, client_id, username, device_key)?;
    let now_ms = inner.now();
    let origin_jti = inner.random.uuid();
    let (access, id, refresh_validity, expires_in) = mint(
        inner,
        state,
        pool_id,
        client_id,
        username,
        auth_time,
        device_key,
        &origin_jti,
        TokenSource::Authentication,
    )?;
    let refresh = new_refresh_token(inner);
    state.refresh_tokens.insert(
        refresh.clone(),
        RefreshRecord {
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
            username: username.to_owned(),
            origin_jti,
            device_key: device_key.map(str::to_owned),
            auth_time,
            issued_at: now_ms,
            expires_at: now_ms.saturating_add(refresh_validity.saturating_mul(1000)),
            revoked: false,
            replaced_at: None,
        },
    );
    let mut result = token_result(access, id, expires_in);
    result.refresh_token = Some(refresh.into());
    Ok(result)
}

fn token_result(access: String, id: String, expires_in: i32) -> AuthenticationResult {
    let mut result = AuthenticationResult::default();
    result.access_token = Some(access.into());
    result.id_token = Some(id.into());
    result.expires_in = Some(expires_in);
    result.token_type = Some("Bearer".to_owned());
    result
}

/// Mints an access and an ID token (spec §8.8 claims); returns them with the client's refresh
/// validity and the access token's lifetime, in seconds.
///
/// `origin_jti` is written into both tokens when the client has token revocation enabled (as
/// Cognito does); the server keeps it in the refresh record either way. The pool's
/// PreTokenGeneration trigger, if any, customizes the claims (`source` is why).
#[allow(clippy::too_many_arguments)]
pub(crate) fn mint(
    inner: &Inner,
    state: &State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    auth_time: i64,
    device_key: Option<&str>,
    origin_jti: &str,
    source: TokenSource,
) -> ApiResult<(String, String, i64, i32)> {
    let now = inner.clock.now_secs();
    let pool = ops::pool(state, pool_id)?;
    let iss = issuer(inner, pool_id, pool.region());
    let client = pool
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?;
    let user = pool
        .users
        .get(username)
        .ok_or_else(ApiError::user_not_found)?;
    let event_id = inner.random.uuid();

    let mut access = Map::new();
    access.insert("sub".into(), json!(user.sub));
    if !user.groups.is_empty() {
        access.insert("cognito:groups".into(), json!(user.groups));
    }
    access.insert("iss".into(), json!(iss));
    access.insert("client_id".into(), json!(client_id));
    if client.enable_token_revocation {
        access.insert("origin_jti".into(), json!(origin_jti));
    }
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(ADMIN_SCOPE));
    access.insert("auth_time".into(), json!(auth_time));
    access.insert("exp".into(), json!(now + client.access_token_validity_secs));
    access.insert("iat".into(), json!(now));
    access.insert("jti".into(), json!(inner.random.uuid()));
    access.insert("username".into(), json!(user.username));
    access.insert("version".into(), json!(2));
    if let Some(key) = device_key {
        access.insert("device_key".into(), json!(key));
    }

    let mut id = Map::new();
    // Readable attributes first, so no attribute can shadow a registered claim.
    for (name, value) in &user.attributes {
        if name == "sub" || !attribute_readable(client, name) {
            continue;
        }
        let v = match value.as_str() {
            "true" if name.ends_with("_verified") => json!(true),
            "false" if name.ends_with("_verified") => json!(false),
            _ => json!(value),
        };
        id.insert(name.clone(), v);
    }
    id.insert("sub".into(), json!(user.sub));
    if !user.groups.is_empty() {
        id.insert("cognito:groups".into(), json!(user.groups));
    }
    id.insert("iss".into(), json!(iss));
    id.insert("cognito:username".into(), json!(user.username));
    if client.enable_token_revocation {
        id.insert("origin_jti".into(), json!(origin_jti));
    }
    id.insert("aud".into(), json!(client_id));
    id.insert("event_id".into(), json!(event_id));
    id.insert("token_use".into(), json!("id"));
    id.insert("auth_time".into(), json!(auth_time));
    id.insert("exp".into(), json!(now + client.id_token_validity_secs));
    id.insert("iat".into(), json!(now));
    id.insert("jti".into(), json!(inner.random.uuid()));
    ops::triggers::pre_token_generation(
        inner,
        pool,
        client_id,
        user,
        source,
        &mut id,
        &mut access,
    )?;

    let internal = || ApiError::new("InternalErrorException", "Internal error signing tokens");
    let access_jwt = pool
        .keys
        .sign(pool_id, TokenUse::Access, &Value::Object(access))
        .ok_or_else(internal)?;
    let id_jwt = pool
        .keys
        .sign(pool_id, TokenUse::Id, &Value::Object(id))
        .ok_or_else(internal)?;
    let expires_in = i32::try_from(client.access_token_validity_secs).unwrap_or(i32::MAX);
    Ok((
        access_jwt,
        id_jwt,
        client.refresh_token_validity_secs,
        expires_in,
    ))
}

/// Whether the client may read `name` (an empty `ReadAttributes` means all attributes).
fn attribute_readable(client: &AppClient, name: &str) -> bool {
    client.read_attributes.is_empty() || client.read_attributes.iter().any(|a| a == name)
}

/// How the caller of a refresh proved it holds the client.
enum Proof<'a> {
    /// `InitiateAuth`/`AdminInitiateAuth`: `SECRET_HASH` over the canonical username (spec §7).
    SecretHash(Option<&'a str>),
    /// `GetTokensFromRefreshToken`: the raw client secret, already checked.
    ClientSecret,
}

/// `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN` inside `InitiateAuth` and `AdminInitiateAuth` (spec
/// §5.12). The caller has checked that the client exists and allows `ALLOW_REFRESH_TOKEN_AUTH`.
///
/// Checks `REFRESH_TOKEN`, the token's record (this pool and client, not revoked, not
/// expired, not rotated out), `SECRET_HASH` over the canonical username when the client has a
/// secret, the user (still there, enabled, not signed out globally since), and `DEVICE_KEY`
/// when the token was issued to a device. Returns new ID and access tokens (same
/// `origin_jti`, same `auth_time`) and no refresh token.
///
/// # Errors
///
/// See the module docs; `InvalidParameterException` on a client with refresh-token rotation,
/// which must refresh with `GetTokensFromRefreshToken`.
pub(crate) fn refresh_auth(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    auth_parameters: &SensitiveMap,
) -> ApiResult<AuthenticationResult> {
    let token = auth_parameters
        .secret(keys::REFRESH_TOKEN)
        .ok_or_else(|| ApiError::missing(keys::REFRESH_TOKEN))?;
    let rotation = ops::pool(state, pool_id)?
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?
        .refresh_token_rotation;
    if rotation {
        return Err(ApiError::invalid_parameter(msg::ROTATION_NEEDS_GET_TOKENS));
    }
    refresh(
        inner,
        state,
        pool_id,
        client_id,
        token,
        auth_parameters.secret(keys::DEVICE_KEY),
        Proof::SecretHash(auth_parameters.secret(keys::SECRET_HASH)),
    )
}

/// The shared refresh: validates the record and mints new tokens; rotates the refresh token
/// when called from `GetTokensFromRefreshToken` on a client with rotation.
fn refresh(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    token: &str,
    device_key: Option<&str>,
    proof: Proof<'_>,
) -> ApiResult<AuthenticationResult> {
    let now = inner.now();
    let invalid = || ApiError::not_authorized(msg::INVALID_REFRESH);
    let record = state
        .refresh_tokens
        .get(token)
        .filter(|r| r.pool_id == pool_id && r.client_id == client_id)
        .cloned()
        .ok_or_else(invalid)?;
    let pool = ops::pool(state, pool_id)?;
    let client = pool
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?;
    if let Proof::SecretHash(given) = proof {
        ops::check_secret_hash(client, &record.username, given)?;
    }
    if record.revoked {
        return Err(ApiError::not_authorized(msg::REFRESH_REVOKED));
    }
    if now >= record.expires_at {
        return Err(ApiError::not_authorized(msg::REFRESH_EXPIRED));
    }
    let grace_ms = client.rotation_grace_secs.saturating_mul(1000);
    if record
        .replaced_at
        .is_some_and(|replaced_at| now >= replaced_at.saturating_add(grace_ms))
    {
        return Err(ApiError::new(
            "RefreshTokenReuseException",
            msg::REFRESH_REUSED,
        ));
    }
    let user = pool
        .users
        .get(&record.username)
        // A user deleted and created again under the same name is someone else.
        .filter(|u| u.created <= record.issued_at)
        .ok_or_else(ApiError::user_not_found)?;
    if record.issued_at < user.tokens_valid_after
        || user.revoked_origin_jtis.contains(&record.origin_jti)
    {
        return Err(ApiError::not_authorized(msg::REFRESH_REVOKED));
    }
    if !user.enabled {
        return Err(ApiError::not_authorized(msg::USER_DISABLED));
    }
    if let Some(bound) = record.device_key.as_deref() {
        // Spec §5.12: the confirmed device's key must come with the token.
        let confirmed = user
            .devices
            .get(bound)
            .is_some_and(|d| d.verifier.is_some());
        if device_key != Some(bound) || !confirmed {
            return Err(invalid());
        }
    }
    let rotate = matches!(proof, Proof::ClientSecret) && client.refresh_token_rotation;

    let (access, id, refresh_validity, expires_in) = mint(
        inner,
        state,
        pool_id,
        client_id,
        &record.username,
        record.auth_time,
        record.device_key.as_deref(),
        &record.origin_jti,
        TokenSource::RefreshTokens,
    )?;
    let mut result = token_result(access, id, expires_in);
    if rotate {
        let successor = new_refresh_token(inner);
        state.refresh_tokens.insert(
            successor.clone(),
            RefreshRecord {
                issued_at: now,
                expires_at: now.saturating_add(refresh_validity.saturating_mul(1000)),
                revoked: false,
                replaced_at: None,
                ..record
            },
        );
        if let Some(old) = state.refresh_tokens.get_mut(token) {
            old.replaced_at.get_or_insert(now);
        }
        result.refresh_token = Some(successor.into());
    }
    Ok(result)
}

fn get_tokens_from_refresh_token(
    inner: &Inner,
    request: GetTokensFromRefreshTokenRequest,
) -> ApiResult<GetTokensFromRefreshTokenResponse> {
    let mut state = inner.state();
    let client_id = request.client_id.expose_secret();
    let (pool, client) = ops::client(&state, client_id)?;
    ops::check_client_secret(
        client,
        request.client_secret.as_ref().map(|s| s.expose_secret()),
    )?;
    let pool_id = pool.id.clone();
    let result = refresh(
        inner,
        &mut state,
        &pool_id,
        client_id,
        request.refresh_token.expose_secret(),
        request.device_key.as_deref(),
        Proof::ClientSecret,
    )?;
    let mut response = GetTokensFromRefreshTokenResponse::default();
    response.authentication_result = Some(result);
    Ok(response)
}

fn revoke_token(inner: &Inner, request: RevokeTokenRequest) -> ApiResult<RevokeTokenResponse> {
    let unauthorized = |message: &str| ApiError::new("UnauthorizedException", message);
    let mut state = inner.state();
    let client_id = request.client_id.expose_secret();
    let (pool, client) = ops::client(&state, client_id).map_err(|e| unauthorized(e.message()))?;
    ops::check_client_secret(
        client,
        request.client_secret.as_ref().map(|s| s.expose_secret()),
    )
    .map_err(|e| unauthorized(e.message()))?;
    if !client.enable_token_revocation {
        return Err(ApiError::new(
            "UnsupportedOperationException",
            msg::REVOCATION_DISABLED,
        ));
    }
    let pool_id = pool.id.clone();
    let token = request.token.expose_secret();
    let Some(record) = state.refresh_tokens.get(token) else {
        // An ID or access token (a JWS) is the wrong type; anything else was never issued
        // here, and RFC 7009 answers success for it.
        if jwt::is_jws(token) {
            return Err(ApiError::new(
                "UnsupportedTokenTypeException",
                msg::NOT_REFRESH,
            ));
        }
        return Ok(RevokeTokenResponse::default());
    };
    if record.pool_id != pool_id || record.client_id != client_id {
        return Err(unauthorized(msg::NOT_THIS_CLIENT));
    }
    let (username, origin_jti) = (record.username.clone(), record.origin_jti.clone());
    // The token, the tokens it was rotated into or out of, and every access/ID token minted
    // from them (they share the origin_jti).
    for r in state.refresh_tokens.values_mut() {
        if r.pool_id == pool_id && r.origin_jti == origin_jti {
            r.revoked = true;
        }
    }
    if let Some(user) = state
        .pools
        .get_mut(&pool_id)
        .and_then(|p| p.users.get_mut(&username))
    {
        revoke_origin(user, origin_jti);
    }
    Ok(RevokeTokenResponse::default())
}

fn revoke_origin(user: &mut User, origin_jti: String) {
    if !user.revoked_origin_jtis.contains(&origin_jti) {
        user.revoked_origin_jtis.push(origin_jti);
    }
}

/// Signs a user out everywhere (spec §3.14): every refresh token of the user is revoked, and
/// access tokens issued before now are refused.
///
/// `tokens_valid_after` is set to the start of the current second, because `iat` has
/// whole-second precision: tokens issued later in this same second stay valid, and the
/// tokens issued earlier in it are caught through their revoked `origin_jti`. (Access tokens
/// of a client without token revocation carry no `origin_jti`: one issued in the very second
/// of the sign-out, before it, stays usable until it expires.)
pub(crate) fn sign_out_everywhere(inner: &Inner, state: &mut State, pool_id: &str, username: &str) {
    let now = inner.now();
    let mut origins = Vec::new();
    for r in state.refresh_tokens.values_mut() {
        if r.pool_id == pool_id && r.username == username {
            r.revoked = true;
            origins.push(r.origin_jti.clone());
        }
    }
    if let Some(user) = state
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(username))
    {
        user.tokens_valid_after = user.tokens_valid_after.max(now.div_euclid(1000) * 1000);
        for origin in origins {
            revoke_origin(user, origin);
        }
    }
}

fn global_sign_out(
    inner: &Inner,
    request: GlobalSignOutRequest,
) -> ApiResult<GlobalSignOutResponse> {
    let mut state = inner.state();
    let (pool_id, username, _) =
        authorize_access_token(inner, &state, request.access_token.expose_secret())?;
    sign_out_everywhere(inner, &mut state, &pool_id, &username);
    Ok(GlobalSignOutResponse::default())
}

fn admin_user_global_sign_out(
    inner: &Inner,
    request: AdminUserGlobalSignOutRequest,
) -> ApiResult<AdminUserGlobalSignOutResponse> {
    let mut state = inner.state();
    let pool = ops::pool(&state, &request.user_pool_id)?;
    let username = pool
        .resolve_username(request.username.expose_secret())
        .ok_or_else(ApiError::user_not_found)?;
    sign_out_everywhere(inner, &mut state, &request.user_pool_id, &username);
    Ok(AdminUserGlobalSignOutResponse::default())
}

fn get_user(inner: &Inner, request: GetUserRequest) -> ApiResult<GetUserResponse> {
    let state = inner.state();
    let (pool_id, username, _) =
        authorize_access_token(inner, &state, request.access_token.expose_secret())?;
    let user = ops::pool(&state, &pool_id)?
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    // All attributes, `sub` included, in the order `AdminGetUser` lists them.
    let mut attributes: Vec<Attribute> = user
        .attributes
        .iter()
        .map(|(name, value)| Attribute::with_value(name.as_str(), value.as_str()))
        .collect();
    if !user.attributes.contains_key("sub") {
        attributes.insert(0, Attribute::with_value("sub", user.sub.as_str()));
    }
    let mut response = GetUserResponse::new(user.username.as_str(), attributes);
    let (list, preferred) = ops::users::mfa_settings(user);
    if !list.is_empty() {
        response.user_mfa_setting_list = Some(list.into_iter().map(str::to_owned).collect());
    }
    response.preferred_mfa_setting = preferred.map(str::to_owned);
    if user.mfa.sms_enabled {
        // Legacy `MFAOptions` reports SMS only (spec §3.23).
        let mut option = MfaOption::default();
        option.delivery_medium = Some(DeliveryMedium::Sms);
        option.attribute_name = Some("phone_number".to_owned());
        response.mfa_options = Some(vec![option]);
    }
    Ok(response)
}

/// Checks an access token presented to a user-pool API operation (spec §1.3) and returns the
/// pool id, the canonical username and the verified claims.
///
/// The pool is found from the last path segment of `iss` (either issuer style), else by the
/// header's `kid`. The token must be an RS256 JWS signed with that pool's access-token key,
/// with `token_use` = `access`, `exp` in the future, the `aws.cognito.signin.user.admin`
/// scope, a `username` and `sub` of an existing user, `iat` not before the user's last
/// global sign-out, and an `origin_jti` that was not revoked; the user must be enabled.
///
/// # Errors
///
/// `NotAuthorizedException`, with exactly one of these messages: `Invalid Access Token`
/// (malformed, wrong algorithm, unknown `kid`, bad signature, an ID token, unknown user),
/// `Access Token has expired`, `Access Token does not have required scopes`, `Access Token
/// has been revoked`, `User is disabled.`. The token is never echoed.
pub(crate) fn authorize_access_token(
    inner: &Inner,
    state: &State,
    token: &str,
) -> ApiResult<(String, String, Value)> {
    let invalid = || ApiError::not_authorized(msg::INVALID_ACCESS);
    let kid = jwt::unverified_kid(token).ok_or_else(invalid)?;
    let from_iss = jwt::unverified_claims(token)
        .and_then(|c| {
            c.get("iss")?
                .as_str()?
                .rsplit('/')
                .next()
                .map(str::to_owned)
        })
        .filter(|id| state.pools.contains_key(id));
    let pool_id = match from_iss {
        Some(id) => id,
        None => state
            .pools
            .iter()
            .find(|(id, pool)| pool.keys.has_kid(id, &kid))
            .map(|(id, _)| id.clone())
            .ok_or_else(invalid)?,
    };
    let pool = state.pools.get(&pool_id).ok_or_else(invalid)?;
    let (token_use, claims) = pool.keys.verify(&pool_id, token).ok_or_else(invalid)?;
    if token_use != TokenUse::Access || claims.get("token_use") != Some(&json!("access")) {
        return Err(invalid());
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(invalid)?;
    if inner.clock.now_secs() >= exp {
        return Err(ApiError::not_authorized(msg::ACCESS_EXPIRED));
    }
    let scoped = claims
        .get("scope")
        .and_then(Value::as_str)
        .is_some_and(|s| s.split(' ').any(|s| s == ADMIN_SCOPE));
    if !scoped {
        return Err(ApiError::not_authorized(msg::ACCESS_SCOPES));
    }
    let username = claims
        .get("username")
        .and_then(Value::as_str)
        .ok_or_else(invalid)?;
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .ok_or_else(invalid)?;
    let user = pool
        .users
        .get(username)
        .filter(|u| u.sub == sub)
        .ok_or_else(invalid)?;
    let iat = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or_else(invalid)?;
    let revoked_origin = claims
        .get("origin_jti")
        .and_then(Value::as_str)
        .is_some_and(|o| user.revoked_origin_jtis.iter().any(|r| r == o));
    if iat.saturating_mul(1000) < user.tokens_valid_after || revoked_origin {
        return Err(ApiError::not_authorized(msg::ACCESS_REVOKED));
    }
    if !user.enabled {
        return Err(ApiError::not_authorized(msg::USER_DISABLED));
    }
    let username = username.to_owned();
    Ok((pool_id, username, claims))
}

#[cfg(test)]
mod tests;
