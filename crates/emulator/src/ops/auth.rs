//! Sign-in: `InitiateAuth`, `AdminInitiateAuth`, `RespondToAuthChallenge` and
//! `AdminRespondToAuthChallenge` (spec §3.1–3.4, §5, §6.6, §8).
//!
//! Every check is real: SRP claims are verified against the stored verifier, Sessions are
//! single-use, expire and are bound to pool, client, user and challenge, `SECRET_HASH` is
//! recomputed over the `USERNAME` of each request, and password failures count toward the
//! lockout of spec §8.4.
//!
//! # Devices (spec §5.10, §6.8, §8.10)
//!
//! On a pool without `DeviceConfiguration`, `DEVICE_KEY` is ignored. On a pool with one:
//!
//! * a sign-in that presents no device ends with a new, unconfirmed device and
//!   `NewDeviceMetadata`; the tokens carry its key;
//! * a `DEVICE_KEY` that is not a device of the user is `ResourceNotFoundException` "Device
//!   does not exist." — for USER_SRP_AUTH at the `PASSWORD_VERIFIER` answer (after the
//!   password is proved), where the exchange survives without the device so the same answer
//!   can be sent again without `DEVICE_KEY`, as `amazon-cognito-identity-js` does; for the
//!   password flows at `InitiateAuth`, after the password;
//! * an unconfirmed device of the user: MFA as usual, tokens with its key, no new device;
//! * a confirmed device: `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER` (device SRP) before
//!   the tokens, right after the password when the device is remembered and the pool has
//!   `ChallengeRequiredOnNewDevice` (MFA suppressed), else after MFA. A `DEVICE_KEY` other
//!   than the Session's is `InvalidParameterException` "Invalid device key given."; a wrong
//!   device proof, `SECRET_BLOCK` or out-of-window `TIMESTAMP` is `NotAuthorizedException`
//!   "Incorrect username or password." and uses the Session up.
//!
//! # Triggers
//!
//! `CUSTOM_AUTH` lives in `custom` (DefineAuthChallenge, CreateAuthChallenge,
//! VerifyAuthChallengeResponse). Every `InitiateAuth`/`AdminInitiateAuth` sign-in calls the
//! pool's PreAuthentication trigger, if any, after the user is found and before anything is
//! verified; PostAuthentication and PreTokenGeneration run when the tokens are issued
//! (`ops::tokens`). See `ops::triggers`.
//!
//! Big-number work runs without the state lock: each operation reads what it needs, computes,
//! then takes the lock again to commit (and re-checks what may have changed meanwhile).

use std::collections::BTreeMap;

use cognito_flow_srp::{PrivateEphemeral, Salt, SrpError, SrpServer, Timestamp, Verifier};
use cognito_flow_wire::{
    AdminInitiateAuthRequest, AdminInitiateAuthResponse, AdminRespondToAuthChallengeRequest,
    AdminRespondToAuthChallengeResponse, AuthFlow, AuthenticationResult, ChallengeName,
    InitiateAuthRequest, InitiateAuthResponse, RespondToAuthChallengeRequest,
    RespondToAuthChallengeResponse, SensitiveMap, keys,
};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::triggers::{self, Caller};
use crate::ops::{self, Ctx};
use crate::outbox::{Medium, Purpose};
use crate::state::{
    AppClient, AuthSession, CustomAuth, DeviceSrp, PasswordRecord, Pool, SrpExchange, State, User,
    UserAuthStep,
};
use crate::totp;

mod custom;

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "InitiateAuth",
    "AdminInitiateAuth",
    "RespondToAuthChallenge",
    "AdminRespondToAuthChallenge",
];

pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "InitiateAuth" => ops::run(body, |r: InitiateAuthRequest| {
            let params = r.auth_parameters.unwrap_or_default();
            let out = initiate(
                inner,
                None,
                r.client_id.expose_secret(),
                &r.auth_flow,
                &params,
                &r.client_metadata.unwrap_or_default(),
            )?;
            Ok(into_initiate(inner, out))
        }),
        "AdminInitiateAuth" => ops::run(body, |r: AdminInitiateAuthRequest| {
            let params = r.auth_parameters.unwrap_or_default();
            let out = initiate(
                inner,
                Some(&r.user_pool_id),
                r.client_id.expose_secret(),
                &r.auth_flow,
                &params,
                &r.client_metadata.unwrap_or_default(),
            )?;
            Ok(into_admin_initiate(inner, out))
        }),
        "RespondToAuthChallenge" => ops::run(body, |r: RespondToAuthChallengeRequest| {
            let responses = r.challenge_responses.unwrap_or_default();
            let session = r.session.as_ref().map(|s| s.expose_secret().to_owned());
            let out = respond(
                inner,
                None,
                r.client_id.expose_secret(),
                &r.challenge_name,
                session.as_deref(),
                &responses,
                &r.client_metadata.unwrap_or_default(),
            )?;
            Ok(into_respond(inner, out))
        }),
        "AdminRespondToAuthChallenge" => ops::run(body, |r: AdminRespondToAuthChallengeRequest| {
            let responses = r.challenge_responses.unwrap_or_default();
            let session = r.session.as_ref().map(|s| s.expose_secret().to_owned());
            let out = respond(
                inner,
                Some(&r.user_pool_id),
                r.client_id.expose_secret(),
                &r.challenge_name,
                session.as_deref(),
                &responses,
                &r.client_metadata.unwrap_or_default(),
            )?;
            Ok(into_admin_respond(inner, out))
        }),
        _ => None,
    }
}

/// What a sign-in step answers: a challenge or tokens.
#[derive(Debug, Default)]
pub(crate) struct Step {
    pub(crate) challenge_name: Option<ChallengeName>,
    pub(crate) session: Option<String>,
    pub(crate) parameters: BTreeMap<String, String>,
    pub(crate) result: Option<AuthenticationResult>,
}

impl Step {
    fn tokens(result: AuthenticationResult) -> Self {
        Self {
            result: Some(result),
            ..Self::default()
        }
    }
}

macro_rules! convert_step {
    ($name:ident, $ty:ty) => {
        fn $name(inner: &Inner, step: Step) -> $ty {
            let mut out = <$ty>::default();
            out.available_challenges = ops::user_auth::available_challenges(inner, &step);
            out.challenge_name = step.challenge_name;
            out.session = step.session.map(Into::into);
            out.challenge_parameters = Some(step.parameters);
            out.authentication_result = step.result;
            out
        }
    };
}
convert_step!(into_initiate, InitiateAuthResponse);
convert_step!(into_admin_initiate, AdminInitiateAuthResponse);
convert_step!(into_respond, RespondToAuthChallengeResponse);
convert_step!(into_admin_respond, AdminRespondToAuthChallengeResponse);

pub(crate) fn param<'a>(params: &'a SensitiveMap, key: &str) -> ApiResult<&'a str> {
    params
        .secret(key)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing(key))
}

/// The app client of a request, checked against the pool id of an admin request.
fn find_client(
    state: &State,
    admin_pool: Option<&str>,
    client_id: &str,
) -> ApiResult<(String, AppClient)> {
    if let Some(pool_id) = admin_pool {
        ops::pool(state, pool_id)?;
    }
    let (pool, client) = ops::client(state, client_id)?;
    if admin_pool.is_some_and(|p| p != pool.id) {
        return Err(ApiError::client_not_found());
    }
    Ok((pool.id.clone(), client.clone()))
}

/// `ALLOW_*` names (and legacy names) that enable a flow (spec §4.1).
fn flow_enabled(client: &AppClient, flow: &AuthFlow) -> bool {
    let any = |names: &[&str]| names.iter().any(|n| client.allows(n));
    match flow {
        AuthFlow::UserSrpAuth => any(&["ALLOW_USER_SRP_AUTH"]),
        AuthFlow::UserPasswordAuth => any(&["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"]),
        AuthFlow::AdminUserPasswordAuth | AuthFlow::AdminNoSrpAuth => {
            any(&["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
        }
        AuthFlow::CustomAuth => any(&["ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]),
        AuthFlow::RefreshTokenAuth | AuthFlow::RefreshToken => {
            // Legacy-only clients can always refresh.
            any(&["ALLOW_REFRESH_TOKEN_AUTH"])
                || !client
                    .explicit_auth_flows
                    .iter()
                    .any(|f| f.starts_with("ALLOW_"))
        }
        AuthFlow::UserAuth => any(&["ALLOW_USER_AUTH"]),
        _ => false,
    }
}

/// `InitiateAuth` / `AdminInitiateAuth`.
fn initiate(
    inner: &Inner,
    admin_pool: Option<&str>,
    client_id: &str,
    flow: &AuthFlow,
    params: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<Step> {
    let admin = admin_pool.is_some();
    let valid_here = match flow {
        AuthFlow::UserSrpAuth
        | AuthFlow::CustomAuth
        | AuthFlow::RefreshTokenAuth
        | AuthFlow::RefreshToken
        | AuthFlow::UserAuth => true,
        AuthFlow::UserPasswordAuth => !admin,
        AuthFlow::AdminUserPasswordAuth | AuthFlow::AdminNoSrpAuth => admin,
        _ => false,
    };
    if let AuthFlow::Unknown(raw) = flow {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH]",
            raw.as_str()
        )));
    }
    if !valid_here {
        return Err(ApiError::invalid_parameter(
            "Initiate Auth method not supported.",
        ));
    }
    let (pool_id, client) = {
        let state = inner.state();
        find_client(&state, admin_pool, client_id)?
    };
    if !flow_enabled(&client, flow) {
        return Err(ApiError::invalid_parameter(format!(
            "{} flow not enabled for this client",
            flow.as_str()
        )));
    }
    match flow {
        AuthFlow::UserSrpAuth => {
            start_srp(inner, &pool_id, &client, params, client_metadata, admin)
        }
        AuthFlow::UserPasswordAuth | AuthFlow::AdminUserPasswordAuth | AuthFlow::AdminNoSrpAuth => {
            password_auth(inner, &pool_id, &client, params, client_metadata, admin)
        }
        AuthFlow::RefreshTokenAuth | AuthFlow::RefreshToken => {
            let mut state = inner.state();
            let result =
                ops::tokens::refresh_auth(inner, &mut state, &pool_id, &client.id, params)?;
            Ok(Step::tokens(result))
        }
        AuthFlow::CustomAuth => {
            custom::start(inner, &pool_id, &client, params, client_metadata, admin)
        }
        AuthFlow::UserAuth => {
            ops::user_auth::start(inner, &pool_id, &client, params, client_metadata, admin)
        }
        _ => Err(ApiError::invalid_parameter(format!(
            "{} is not supported by this emulator yet",
            flow.as_str()
        ))),
    }
}

/// The user behind `typed`, checked for being usable (spec §8.6), or the error Cognito gives.
/// `Ok(None)` means "unknown user, and the client prevents user-existence errors".
pub(crate) fn usable_user<'a>(
    pool: &'a Pool,
    client: &AppClient,
    typed: &str,
) -> ApiResult<Option<&'a User>> {
    let Some(user) = pool
        .resolve_username(typed)
        .and_then(|u| pool.users.get(&u))
    else {
        return if client.prevent_user_existence_errors {
            Ok(None)
        } else {
            Err(ApiError::user_not_found())
        };
    };
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    match user.status.as_str() {
        "UNCONFIRMED" => Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        )),
        "RESET_REQUIRED" => Err(ApiError::new(
            "PasswordResetRequiredException",
            "Password reset required for the user",
        )),
        _ => Ok(Some(user)),
    }
}

/// Refuses a locked-out user without counting the attempt (spec §8.4).
pub(crate) fn check_lockout(inner: &Inner, user: &User) -> ApiResult<()> {
    if inner.now() < user.lockout.locked_until {
        return Err(ApiError::not_authorized("Password attempts exceeded"));
    }
    Ok(())
}

/// Counts a password attempt: failures lock the user for 2^(n−5) seconds from the fifth on,
/// capped at 15 minutes; 15 quiet minutes reset the count; a success resets it [U].
pub(crate) fn record_password_attempt(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    username: &str,
    ok: bool,
) {
    let now = inner.now();
    let Some(user) = state
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(username))
    else {
        return;
    };
    let l = &mut user.lockout;
    if ok {
        l.failures = 0;
        l.locked_until = 0;
    } else {
        if l.failures > 0 && now - l.last_attempt >= 15 * 60_000 {
            l.failures = 0;
        }
        l.failures += 1;
        if l.failures >= 5 {
            let secs = 1i64 << (l.failures - 5).min(10);
            l.locked_until = now + secs.min(900) * 1000;
        }
    }
    l.last_attempt = now;
}

fn srp_error(e: SrpError) -> ApiError {
    match e {
        SrpError::InvalidClientEphemeral => {
            ApiError::invalid_parameter("Invalid SRP_A: not a valid public value")
        }
        SrpError::InvalidTimestamp => ApiError::invalid_parameter(
            "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
        ),
        SrpError::Empty { name }
        | SrpError::NotHex { name }
        | SrpError::NotBase64 { name }
        | SrpError::TooLong { name } => ApiError::invalid_parameter(format!("Invalid {name}")),
        _ => ApiError::incorrect_credentials(),
    }
}

/// A fresh private ephemeral `b` (32 bytes) from the emulator's generator.
fn server_ephemeral(inner: &Inner) -> ApiResult<PrivateEphemeral> {
    let mut bytes = inner.random.bytes::<32>();
    bytes[0] |= 0x80; // full length: the exponentiation time depends only on it
    PrivateEphemeral::from_be_bytes(&bytes)
        .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))
}

/// The user a password step is for (spec §8.6 checks, lockout), after the PreAuthentication
/// trigger agreed. `None` is an unknown user under `PreventUserExistenceErrors`.
fn user_for_password_step(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    typed: &str,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<Option<User>> {
    let (user, lambda) = {
        let state = inner.state();
        let pool = ops::pool(&state, pool_id)?;
        let user = usable_user(pool, client, typed)?.cloned();
        if let Some(user) = &user {
            check_lockout(inner, user)?;
        }
        (user, pool.lambda_config.clone())
    };
    triggers::pre_authentication(
        inner,
        &lambda,
        Caller {
            pool_id,
            client_id: &client.id,
            user_name: user.as_ref().map_or(typed, |u| u.username.as_str()),
        },
        user.as_ref(),
        client_metadata,
    )?;
    Ok(user)
}

/// `USER_SRP_AUTH` step 1 (spec §5.3, §6.6).
pub(crate) fn start_srp(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    params: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<Step> {
    let typed = param(params, keys::USERNAME)?;
    let srp_a = param(params, keys::SRP_A)?;
    ops::check_secret_hash(client, typed, params.secret(keys::SECRET_HASH))?;

    // Phase 1, locked: who is it.
    let user = user_for_password_step(inner, pool_id, client, typed, client_metadata)?;
    srp_challenge(
        inner,
        pool_id,
        client,
        typed,
        srp_a,
        user.as_ref(),
        params.secret(keys::DEVICE_KEY),
        admin,
        None,
    )
}

/// `PASSWORD_VERIFIER` for `user` (`None`: an unknown user, simulated): B, and the exchange
/// remembered under its `SECRET_BLOCK`. For a custom sign-in (`custom`) the challenge comes
/// with a Session that carries it, and the answer must bring that Session back.
#[allow(clippy::too_many_arguments)]
pub(crate) fn srp_challenge(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    typed: &str,
    srp_a: &str,
    user: Option<&User>,
    device_key: Option<&str>,
    admin: bool,
    custom: Option<Box<CustomAuth>>,
) -> ApiResult<Step> {
    let (username, user_id_for_srp, verifier) = match user {
        Some(user) => {
            let verifier = user
                .password
                .as_ref()
                .map(|p| Verifier::from_hex(&p.salt, &p.verifier))
                .transpose()
                .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?;
            (Some(user.username.clone()), user.username.clone(), verifier)
        }
        None => (None, String::new(), None),
    };

    // Phase 2, unlocked: B. An unknown user (with PreventUserExistenceErrors) gets a
    // deterministic fake salt and USER_ID_FOR_SRP and a real-looking B (spec §6.6 step 5).
    let (user_id_for_srp, verifier) = match (username.as_ref(), verifier) {
        (Some(_), Some(v)) => (user_id_for_srp, v),
        _ => {
            let (fake_id, fake_salt) = fake_identity(pool_id, typed)?;
            let password = inner.random.opaque("", 24);
            let v = Verifier::new(pool_id, &fake_id, &password, fake_salt).map_err(srp_error)?;
            (
                if username.is_some() {
                    user_id_for_srp
                } else {
                    fake_id
                },
                v,
            )
        }
    };
    let server = SrpServer::new(&verifier, srp_a, server_ephemeral(inner)?).map_err(srp_error)?;
    // Opaque to the client; shaped like the service's (which starts 0x02 0x05 0x78, "AgV4").
    let mut block = vec![0u8; 192];
    inner.random.fill(&mut block);
    block[..3].copy_from_slice(&[0x02, 0x05, 0x78]);
    let secret_block = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&block)
    };

    let mut parameters = BTreeMap::new();
    parameters.insert(keys::SALT.to_owned(), verifier.salt().to_hex());
    parameters.insert(keys::SRP_B.to_owned(), server.srp_b().to_owned());
    parameters.insert(keys::SECRET_BLOCK.to_owned(), secret_block.clone());
    parameters.insert(keys::USERNAME.to_owned(), user_id_for_srp.clone());
    parameters.insert(keys::USER_ID_FOR_SRP.to_owned(), user_id_for_srp.clone());

    // Phase 3, locked: remember the exchange under its SECRET_BLOCK.
    let mut state = inner.state();
    let now = inner.now();
    state.srp.retain(|_, x| x.expires_at > now);
    let custom_session = custom.map(|custom| {
        new_session(
            inner,
            &mut state,
            pool_id,
            &client.id,
            username.as_deref().unwrap_or(typed),
            ChallengeName::PasswordVerifier.as_str(),
            client.session_validity_millis(),
            SessionCarry {
                device_key: device_key.map(str::to_owned),
                admin,
                custom: Some(custom),
                ..SessionCarry::default()
            },
        )
    });
    state.srp.insert(
        secret_block,
        SrpExchange {
            pool_id: pool_id.to_owned(),
            client_id: client.id.clone(),
            username,
            user_id_for_srp,
            server: Some(Box::new(server)),
            secret_block_bytes: block,
            expires_at: now + client.session_validity_millis(),
            device_key: device_key.map(str::to_owned),
            admin,
            custom_session: custom_session.clone(),
        },
    );
    Ok(Step {
        challenge_name: Some(ChallengeName::PasswordVerifier),
        session: custom_session,
        parameters,
        result: None,
    })
}

/// The deterministic fake identity of an unknown user: a UUID-shaped `USER_ID_FOR_SRP` and a
/// salt, the same for the same (pool, username).
fn fake_identity(pool_id: &str, typed: &str) -> ApiResult<(String, Salt)> {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(format!("fake-user\0{pool_id}\0{typed}").as_bytes());
    let mut u = [0u8; 16];
    u.copy_from_slice(&h[..16]);
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
    let hex: String = u.iter().map(|b| format!("{b:02x}")).collect();
    let id = format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    );
    let salt = Salt::from_bytes(&h[16..32]).map_err(srp_error)?;
    Ok((id, salt))
}

/// `USER_PASSWORD_AUTH` / `ADMIN_USER_PASSWORD_AUTH` (spec §5.4).
pub(crate) fn password_auth(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    params: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<Step> {
    let typed = param(params, keys::USERNAME)?;
    let password = param(params, keys::PASSWORD)?;
    ops::check_secret_hash(client, typed, params.secret(keys::SECRET_HASH))?;
    let user = user_for_password_step(inner, pool_id, client, typed, client_metadata)?;
    let Some(user) = user else {
        return Err(ApiError::incorrect_credentials());
    };
    let (username, record) = (user.username, user.password);
    let ok = record
        .as_ref()
        .is_some_and(|r| password_matches(pool_id, &username, password, r));
    let mut state = inner.state();
    record_password_attempt(inner, &mut state, pool_id, &username, ok);
    if !ok {
        return Err(ApiError::incorrect_credentials());
    }
    if record
        .and_then(|r| r.temporary_expires_at)
        .is_some_and(|t| inner.now() > t)
    {
        return Err(ApiError::not_authorized(
            "Temporary password has expired and must be reset by an administrator.",
        ));
    }
    let device_key = params.secret(keys::DEVICE_KEY).map(str::to_owned);
    after_password(
        inner, &mut state, pool_id, &client.id, &username, device_key, admin,
    )
}

/// Whether `password` is the stored password: recompute the verifier with the stored salt.
pub(crate) fn password_matches(
    pool_id: &str,
    username: &str,
    password: &str,
    record: &PasswordRecord,
) -> bool {
    let Ok(salt) = Salt::parse_hex(&record.salt) else {
        return false;
    };
    match Verifier::new(pool_id, username, password, salt) {
        Ok(v) => totp::constant_time_eq(v.verifier_hex().as_bytes(), record.verifier.as_bytes()),
        Err(_) => false,
    }
}

/// A new opaque, single-use Session for `challenge`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_session(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    challenge: &str,
    validity_millis: i64,
    carry: SessionCarry,
) -> String {
    let now = inner.now();
    state.sessions.retain(|_, s| s.expires_at > now);
    state.used_sessions.retain(|_, exp| *exp > now);
    let id = inner.random.opaque("AYABe", 480);
    state.sessions.insert(
        id.clone(),
        AuthSession {
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
            username: username.to_owned(),
            challenge: challenge.to_owned(),
            expires_at: now + validity_millis,
            wrong_attempts: 0,
            code: carry.code,
            device_key: carry.device_key,
            auth_time: carry.auth_time.unwrap_or(now / 1000),
            totp_associated: false,
            totp_verified: false,
            offered: carry.offered,
            admin: carry.admin,
            device_srp: carry.device_srp,
            custom: carry.custom,
            user_auth: carry.user_auth,
        },
    );
    id
}

/// What a new Session carries over from the step before.
#[derive(Debug, Default)]
pub(crate) struct SessionCarry {
    pub(crate) code: Option<String>,
    pub(crate) device_key: Option<String>,
    pub(crate) auth_time: Option<i64>,
    pub(crate) offered: Vec<String>,
    pub(crate) admin: bool,
    pub(crate) device_srp: Option<Box<DeviceSrp>>,
    pub(crate) custom: Option<Box<CustomAuth>>,
    pub(crate) user_auth: Option<Box<UserAuthStep>>,
}

/// Takes a Session for answering `challenge` from `client_id`: unknown, used, expired or
/// foreign Sessions are refused (spec §8.1). The Session stays in place; the caller removes
/// it with [`consume_session`] once the answer is accepted (a malformed answer changes
/// nothing).
pub(crate) fn check_session(
    inner: &Inner,
    state: &State,
    session: Option<&str>,
    client_id: &str,
    challenge: &str,
) -> ApiResult<String> {
    let Some(id) = session else {
        return Err(ApiError::missing("Session"));
    };
    let Some(s) = state.sessions.get(id) else {
        return Err(if state.used_sessions.contains_key(id) {
            ApiError::session_used()
        } else {
            ApiError::invalid_session()
        });
    };
    if s.expires_at <= inner.now() {
        return Err(ApiError::session_expired());
    }
    if s.client_id != client_id {
        return Err(ApiError::invalid_session());
    }
    if s.challenge != challenge {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid session for the challenge: the session is for {}",
            s.challenge
        )));
    }
    Ok(id.to_owned())
}

/// Removes a Session after its answer was accepted; it is remembered as used until it would
/// have expired.
pub(crate) fn consume_session(state: &mut State, id: &str) -> Option<AuthSession> {
    let s = state.sessions.remove(id)?;
    state.used_sessions.insert(id.to_owned(), s.expires_at);
    Some(s)
}

/// MFA factors a user can use now, in the order Cognito lists them.
fn usable_factors(pool: &Pool, user: &User) -> Vec<&'static str> {
    let mut out = Vec::new();
    let phone = user.attributes.contains_key("phone_number");
    let email = user.attributes.contains_key("email");
    if pool.sms_mfa_enabled && phone && user.mfa.sms_enabled {
        out.push("SMS_MFA");
    }
    if user.mfa.software_token_enabled && user.mfa.totp_secret.is_some() {
        out.push("SOFTWARE_TOKEN_MFA");
    }
    if pool.email_mfa_enabled && email && user.mfa.email_enabled {
        out.push("EMAIL_OTP");
    }
    out
}

fn preferred_factor(user: &User, usable: &[&'static str]) -> Option<&'static str> {
    let preferred = if user.mfa.software_token_preferred {
        "SOFTWARE_TOKEN_MFA"
    } else if user.mfa.sms_preferred {
        "SMS_MFA"
    } else if user.mfa.email_preferred {
        "EMAIL_OTP"
    } else {
        return None;
    };
    usable.iter().copied().find(|f| *f == preferred)
}

/// What follows a verified password (spec §8.11, §5.13 "PostPassword").
pub(crate) fn after_password(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    device_key: Option<String>,
    admin: bool,
) -> ApiResult<Step> {
    let now = inner.now();
    let pool = ops::pool(state, pool_id)?;
    let client = pool
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?;
    let validity = client.session_validity_millis();
    let user = pool
        .users
        .get(username)
        .ok_or_else(ApiError::user_not_found)?
        .clone();
    let device = presented_device(pool, username, device_key.as_deref())?;
    let device_key = device.key().map(str::to_owned);
    let carry = |offered: Vec<String>| SessionCarry {
        device_key: device_key.clone(),
        auth_time: Some(now / 1000),
        offered,
        admin,
        ..SessionCarry::default()
    };

    if user.status == "FORCE_CHANGE_PASSWORD" {
        let mut parameters = BTreeMap::new();
        parameters.insert(keys::USER_ID_FOR_SRP.to_owned(), user.username.clone());
        parameters.insert(keys::REQUIRED_ATTRIBUTES.to_owned(), "[]".to_owned());
        let attrs: BTreeMap<&String, &String> = user
            .attributes
            .iter()
            .filter(|(k, _)| k.as_str() != "sub")
            .collect();
        parameters.insert(
            keys::USER_ATTRIBUTES.to_owned(),
            serde_json::to_string(&attrs).unwrap_or_else(|_| "{}".to_owned()),
        );
        let session = new_session(
            inner,
            state,
            pool_id,
            client_id,
            username,
            "NEW_PASSWORD_REQUIRED",
            validity,
            carry(Vec::new()),
        );
        return Ok(Step {
            challenge_name: Some(ChallengeName::NewPasswordRequired),
            session: Some(session),
            parameters,
            result: None,
        });
    }

    // A remembered device with MFA suppression replaces the second factor (spec §8.11 step 2).
    if let Device::Confirmed {
        key,
        suppress_mfa: true,
    } = device
    {
        return device_srp_challenge(
            inner,
            state,
            pool_id,
            client_id,
            username,
            key,
            now / 1000,
            admin,
        );
    }

    let usable = usable_factors(pool, &user);
    let mfa = pool.mfa;
    let mut setup_factors: Vec<String> = Vec::new();
    if pool.sms_mfa_enabled {
        setup_factors.push("SMS_MFA".to_owned());
    }
    if pool.software_token_mfa_enabled {
        setup_factors.push("SOFTWARE_TOKEN_MFA".to_owned());
    }
    if pool.email_mfa_enabled {
        setup_factors.push("EMAIL_OTP".to_owned());
    }

    use crate::state::MfaMode;
    if mfa == MfaMode::Off || (mfa == MfaMode::Optional && usable.is_empty()) {
        return complete(
            inner,
            state,
            pool_id,
            client_id,
            username,
            now / 1000,
            device_key,
            admin,
        );
    }
    if usable.is_empty() {
        let session = new_session(
            inner,
            state,
            pool_id,
            client_id,
            username,
            "MFA_SETUP",
            validity,
            carry(setup_factors.clone()),
        );
        let mut parameters = BTreeMap::new();
        parameters.insert(
            keys::MFAS_CAN_SETUP.to_owned(),
            serde_json::to_string(&setup_factors).unwrap_or_default(),
        );
        return Ok(Step {
            challenge_name: Some(ChallengeName::MfaSetup),
            session: Some(session),
            parameters,
            result: None,
        });
    }
    let chosen = preferred_factor(&user, &usable).or(if usable.len() == 1 {
        usable.first().copied()
    } else {
        None
    });
    match chosen {
        Some(factor) => mfa_challenge(
            inner,
            state,
            pool_id,
            client_id,
            &user,
            factor,
            carry(Vec::new()),
        ),
        None => {
            let offered: Vec<String> = usable.iter().map(|s| (*s).to_owned()).collect();
            let session = new_session(
                inner,
                state,
                pool_id,
                client_id,
                username,
                "SELECT_MFA_TYPE",
                validity,
                carry(offered.clone()),
            );
            let mut parameters = BTreeMap::new();
            parameters.insert(
                keys::MFAS_CAN_CHOOSE.to_owned(),
                serde_json::to_string(&offered).unwrap_or_default(),
            );
            Ok(Step {
                challenge_name: Some(ChallengeName::SelectMfaType),
                session: Some(session),
                parameters,
                result: None,
            })
        }
    }
}

/// Issues the challenge of one MFA factor; SMS and e-mail codes are sent now.
fn mfa_challenge(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    user: &User,
    factor: &str,
    mut carry: SessionCarry,
) -> ApiResult<Step> {
    let validity = ops::client(state, client_id)?.1.session_validity_millis();
    let mut parameters = BTreeMap::new();
    let (name, medium, attr) = match factor {
        "SMS_MFA" => (ChallengeName::SmsMfa, Some(Medium::Sms), "phone_number"),
        "EMAIL_OTP" => (ChallengeName::EmailOtp, Some(Medium::Email), "email"),
        _ => (ChallengeName::SoftwareTokenMfa, None, ""),
    };
    if let Some(medium) = medium {
        let destination = user.attributes.get(attr).cloned().unwrap_or_default();
        let code = inner.random.digits(inner.config.mfa_code_length);
        ops::send(
            inner,
            state,
            pool_id,
            &user.username,
            medium,
            Purpose::MfaCode,
            &destination,
            &code,
        );
        parameters.insert(
            keys::CODE_DELIVERY_DELIVERY_MEDIUM.to_owned(),
            if medium == Medium::Sms {
                "SMS"
            } else {
                "EMAIL"
            }
            .to_owned(),
        );
        parameters.insert(
            keys::CODE_DELIVERY_DESTINATION.to_owned(),
            ops::mask(&destination),
        );
        carry.code = Some(code);
    }
    let session = new_session(
        inner,
        state,
        pool_id,
        client_id,
        &user.username,
        name.as_str(),
        validity,
        carry,
    );
    Ok(Step {
        challenge_name: Some(name),
        session: Some(session),
        parameters,
        result: None,
    })
}

/// The `USERNAME` of a challenge answer: present, and naming the Session's user (the
/// canonical username or one of its aliases). `SECRET_HASH` is checked over it as sent.
fn answer_username<'a>(
    state: &State,
    pool_id: &str,
    expected: &str,
    responses: &'a SensitiveMap,
) -> ApiResult<&'a str> {
    let sent = param(responses, keys::USERNAME)?;
    let pool = ops::pool(state, pool_id)?;
    if pool.resolve_username(sent).as_deref() != Some(expected) {
        return Err(ApiError::invalid_session());
    }
    Ok(sent)
}

/// `RespondToAuthChallenge` / `AdminRespondToAuthChallenge`.
fn respond(
    inner: &Inner,
    admin_pool: Option<&str>,
    client_id: &str,
    challenge: &ChallengeName,
    session: Option<&str>,
    responses: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<Step> {
    let (pool_id, client) = {
        let state = inner.state();
        find_client(&state, admin_pool, client_id)?
    };
    let admin = admin_pool.is_some();
    match challenge {
        ChallengeName::PasswordVerifier => password_verifier(
            inner,
            &pool_id,
            &client,
            session,
            responses,
            client_metadata,
            admin,
        ),
        ChallengeName::SelectChallenge
        | ChallengeName::Password
        | ChallengeName::PasswordSrp
        | ChallengeName::WebAuthn => {
            ops::user_auth::answer(inner, &pool_id, &client, challenge, session, responses)
        }
        ChallengeName::CustomChallenge => custom::answer(
            inner,
            &pool_id,
            &client,
            session,
            responses,
            client_metadata,
        ),
        ChallengeName::AdminNoSrpAuth => Err(ApiError::invalid_parameter(
            "ADMIN_NO_SRP_AUTH cannot be answered with this operation.",
        )),
        ChallengeName::Unknown(raw) => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set",
            raw.as_str()
        ))),
        other => answer_challenge(inner, &pool_id, &client, other, session, responses, admin),
    }
}

/// `PASSWORD_VERIFIER` (spec §6.6 step 4). `session` matters only for custom auth with SRP
/// first, whose PASSWORD_VERIFIER carries one.
fn password_verifier(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    session: Option<&str>,
    responses: &SensitiveMap,
    client_metadata: &BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<Step> {
    let sent_username = param(responses, keys::USERNAME)?;
    let block = param(responses, keys::PASSWORD_CLAIM_SECRET_BLOCK)?;
    let signature = param(responses, keys::PASSWORD_CLAIM_SIGNATURE)?;
    let timestamp_text = param(responses, keys::TIMESTAMP)?;
    let timestamp = Timestamp::parse(timestamp_text).map_err(srp_error)?;
    ops::check_secret_hash(client, sent_username, responses.secret(keys::SECRET_HASH))?;

    // Single use: the exchange leaves the table whatever the outcome.
    let exchange = inner
        .state()
        .srp
        .remove(block)
        .ok_or_else(ApiError::invalid_session)?;
    if exchange.client_id != client.id
        || exchange.pool_id != pool_id
        || exchange.expires_at <= inner.now()
    {
        return Err(ApiError::invalid_session());
    }
    if let Some(expected) = exchange.custom_session.as_deref() {
        custom::check_password_session(inner, session, expected, &client.id)?;
    }
    let Some(username) = exchange.username.clone() else {
        return Err(ApiError::incorrect_credentials());
    };
    if sent_username != exchange.user_id_for_srp {
        return Err(ApiError::incorrect_credentials());
    }
    let skew = i64::try_from(inner.config.timestamp_skew.as_millis()).unwrap_or(i64::MAX);
    let in_window = (timestamp.unix_seconds() * 1000 - inner.now()).abs() <= skew;
    {
        let state = inner.state();
        let pool = ops::pool(&state, pool_id)?;
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::incorrect_credentials)?;
        check_lockout(inner, user)?;
    }
    let verified = in_window
        && exchange.server.as_ref().is_some_and(|server| {
            server
                .verify_password_claim(
                    pool_id,
                    &username,
                    &exchange.secret_block_bytes,
                    &timestamp,
                    signature,
                )
                .is_ok()
        });
    let mut state = inner.state();
    record_password_attempt(inner, &mut state, pool_id, &username, verified);
    if !verified {
        return Err(ApiError::incorrect_credentials());
    }
    let temporary_expired = ops::pool(&state, pool_id)?
        .users
        .get(&username)
        .and_then(|u| u.password.as_ref())
        .and_then(|p| p.temporary_expires_at)
        .is_some_and(|t| inner.now() > t);
    if temporary_expired {
        return Err(ApiError::not_authorized(
            "Temporary password has expired and must be reset by an administrator.",
        ));
    }
    let device_key = responses
        .secret(keys::DEVICE_KEY)
        .map(str::to_owned)
        .or_else(|| exchange.device_key.clone());
    let known_device = presented_device(
        ops::pool(&state, pool_id)?,
        &username,
        device_key.as_deref(),
    );
    if let Err(e) = known_device {
        // An unknown device: the reference clients send the same answer again without
        // `DEVICE_KEY` (spec §5.10), so the exchange stays, minus the device.
        state.srp.insert(
            block.to_owned(),
            SrpExchange {
                device_key: None,
                ..exchange
            },
        );
        return Err(e);
    }
    if let (Some(session_id), Ok(device)) = (exchange.custom_session.as_deref(), known_device) {
        drop(state);
        return custom::password_verified(
            inner,
            pool_id,
            client,
            session_id,
            device.key().map(str::to_owned),
            client_metadata,
        );
    }
    after_password(
        inner,
        &mut state,
        pool_id,
        &client.id,
        &username,
        device_key,
        admin || exchange.admin,
    )
}

/// Every challenge that carries a Session.
fn answer_challenge(
    inner: &Inner,
    pool_id: &str,
    client: &AppClient,
    challenge: &ChallengeName,
    session: Option<&str>,
    responses: &SensitiveMap,
    _admin: bool,
) -> ApiResult<Step> {
    let name = challenge.as_str();
    let mut state = inner.state();
    let id = check_session(inner, &state, session, &client.id, name)?;
    let (username, session_pool) = {
        let s = state
            .sessions
            .get(&id)
            .ok_or_else(ApiError::invalid_session)?;
        (s.username.clone(), s.pool_id.clone())
    };
    if session_pool != pool_id {
        return Err(ApiError::invalid_session());
    }
    let sent = answer_username(&state, pool_id, &username, responses)?;
    ops::check_secret_hash(client, sent, responses.secret(keys::SECRET_HASH))?;

    match challenge {
        ChallengeName::SmsMfa | ChallengeName::EmailOtp | ChallengeName::SmsOtp => {
            let key = match challenge {
                ChallengeName::SmsMfa => keys::SMS_MFA_CODE,
                ChallengeName::EmailOtp => keys::EMAIL_OTP_CODE,
                _ => keys::SMS_OTP_CODE,
            };
            let code = param(responses, key)?;
            let expected = state
                .sessions
                .get(&id)
                .and_then(|s| s.code.clone())
                .unwrap_or_default();
            if !totp::constant_time_eq(code.as_bytes(), expected.as_bytes()) || expected.is_empty()
            {
                return Err(wrong_code(inner, &mut state, &id));
            }
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            // A code received proves the phone or address (spec §5.9).
            let attr = if *challenge == ChallengeName::EmailOtp {
                "email_verified"
            } else {
                "phone_number_verified"
            };
            if let Some(u) = state
                .pools
                .get_mut(pool_id)
                .and_then(|p| p.users.get_mut(&username))
            {
                u.attributes.insert(attr.to_owned(), "true".to_owned());
            }
            finish(inner, &mut state, pool_id, &client.id, &username, s)
        }
        ChallengeName::SoftwareTokenMfa => {
            let code = param(responses, keys::SOFTWARE_TOKEN_MFA_CODE)?;
            let (secret, last) = {
                let pool = ops::pool(&state, pool_id)?;
                let user = pool
                    .users
                    .get(&username)
                    .ok_or_else(ApiError::invalid_session)?;
                (
                    user.mfa.totp_secret.clone().unwrap_or_default(),
                    user.mfa.last_totp_step,
                )
            };
            let Some(step) = totp::matching_step(&secret, code, inner.now()) else {
                return Err(wrong_code(inner, &mut state, &id));
            };
            if last.is_some_and(|l| step <= l) {
                return Err(ApiError::expired_code(
                    "Your software token has already been used once.",
                ));
            }
            if let Some(u) = state
                .pools
                .get_mut(pool_id)
                .and_then(|p| p.users.get_mut(&username))
            {
                u.mfa.last_totp_step = Some(step);
            }
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            finish(inner, &mut state, pool_id, &client.id, &username, s)
        }
        ChallengeName::SelectMfaType => {
            let answer = param(responses, keys::ANSWER)?;
            let answer = if answer == "EMAIL_MFA" {
                "EMAIL_OTP"
            } else {
                answer
            };
            let offered = state
                .sessions
                .get(&id)
                .map(|s| s.offered.clone())
                .unwrap_or_default();
            if !offered.iter().any(|f| f == answer) {
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid ANSWER: must be one of {}",
                    offered.join(", ")
                )));
            }
            let factor: &'static str = match answer {
                "SMS_MFA" => "SMS_MFA",
                "EMAIL_OTP" => "EMAIL_OTP",
                _ => "SOFTWARE_TOKEN_MFA",
            };
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            let user = ops::pool(&state, pool_id)?
                .users
                .get(&username)
                .cloned()
                .ok_or_else(ApiError::invalid_session)?;
            let carry = SessionCarry {
                device_key: s.device_key,
                auth_time: Some(s.auth_time),
                admin: s.admin,
                ..SessionCarry::default()
            };
            mfa_challenge(inner, &mut state, pool_id, &client.id, &user, factor, carry)
        }
        ChallengeName::NewPasswordRequired => {
            let new_password = param(responses, keys::NEW_PASSWORD)?;
            let policy = ops::pool(&state, pool_id)?.password_policy.clone();
            ops::check_password_policy(&policy, new_password)?;
            let mut updates = BTreeMap::new();
            for key in responses.keys() {
                if let Some(attr) = key.strip_prefix("userAttributes.") {
                    if matches!(attr, "sub" | "email_verified" | "phone_number_verified") {
                        return Err(ApiError::not_authorized(
                            "A client attempted to write unauthorized attribute",
                        ));
                    }
                    updates.insert(
                        attr.to_owned(),
                        responses.secret(key).unwrap_or_default().to_owned(),
                    );
                }
            }
            // New verifier, computed without the lock.
            drop(state);
            let salt = Salt::from_bytes(&inner.random.bytes::<16>())
                .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?;
            let salt_hex = salt.to_hex();
            let verifier =
                Verifier::new(pool_id, &username, new_password, salt).map_err(srp_error)?;
            let mut state = inner.state();
            let id = check_session(inner, &state, session, &client.id, name)?;
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            let now = inner.now();
            if let Some(u) = state
                .pools
                .get_mut(pool_id)
                .and_then(|p| p.users.get_mut(&username))
            {
                u.password = Some(PasswordRecord {
                    salt: salt_hex,
                    verifier: verifier.verifier_hex(),
                    temporary_expires_at: None,
                });
                u.status = "CONFIRMED".to_owned();
                u.attributes.extend(updates);
                u.last_modified = now;
            }
            after_password(
                inner,
                &mut state,
                pool_id,
                &client.id,
                &username,
                s.device_key,
                s.admin,
            )
        }
        ChallengeName::MfaSetup => {
            let s_view = state
                .sessions
                .get(&id)
                .ok_or_else(ApiError::invalid_session)?;
            if s_view.totp_verified {
                let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
                return finish(inner, &mut state, pool_id, &client.id, &username, s);
            }
            if let Some(email) = responses.secret(keys::EMAIL) {
                if !s_view.offered.iter().any(|f| f == "EMAIL_OTP") {
                    return Err(ApiError::invalid_parameter(
                        "EMAIL_OTP cannot be set up in this user pool",
                    ));
                }
                let email = email.to_owned();
                let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
                let user = {
                    let u = state
                        .pools
                        .get_mut(pool_id)
                        .and_then(|p| p.users.get_mut(&username))
                        .ok_or_else(ApiError::invalid_session)?;
                    u.attributes.insert("email".to_owned(), email);
                    u.mfa.email_enabled = true;
                    u.clone()
                };
                let carry = SessionCarry {
                    device_key: s.device_key,
                    auth_time: Some(s.auth_time),
                    admin: s.admin,
                    ..SessionCarry::default()
                };
                return mfa_challenge(
                    inner,
                    &mut state,
                    pool_id,
                    &client.id,
                    &user,
                    "EMAIL_OTP",
                    carry,
                );
            }
            Err(ApiError::invalid_parameter(
                "MFA_SETUP needs the Session returned by VerifySoftwareToken, or EMAIL",
            ))
        }
        ChallengeName::DeviceSrpAuth => {
            let key = answered_device(&state, &id, responses)?;
            let srp_a = param(responses, keys::SRP_A)?;
            let (_, salt, verifier) = confirmed_device(&state, pool_id, &username, key)?;
            // B, computed without the lock.
            drop(state);
            let verifier = Verifier::from_hex(&salt, &verifier)
                .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?;
            let server =
                SrpServer::new(&verifier, srp_a, server_ephemeral(inner)?).map_err(srp_error)?;
            let (block, secret_block) = new_secret_block(inner);
            let mut parameters = BTreeMap::new();
            parameters.insert(keys::SALT.to_owned(), verifier.salt().to_hex());
            parameters.insert(keys::SRP_B.to_owned(), server.srp_b().to_owned());
            parameters.insert(keys::SECRET_BLOCK.to_owned(), secret_block);
            parameters.insert(keys::USERNAME.to_owned(), username.clone());

            let mut state = inner.state();
            let id = check_session(inner, &state, session, &client.id, name)?;
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            let next = new_session(
                inner,
                &mut state,
                pool_id,
                &client.id,
                &username,
                ChallengeName::DevicePasswordVerifier.as_str(),
                client.session_validity_millis(),
                SessionCarry {
                    device_key: s.device_key,
                    auth_time: Some(s.auth_time),
                    admin: s.admin,
                    device_srp: Some(Box::new(DeviceSrp {
                        server,
                        secret_block: block,
                    })),
                    ..SessionCarry::default()
                },
            );
            Ok(Step {
                challenge_name: Some(ChallengeName::DevicePasswordVerifier),
                session: Some(next),
                parameters,
                result: None,
            })
        }
        ChallengeName::DevicePasswordVerifier => {
            let key = answered_device(&state, &id, responses)?.to_owned();
            let block = param(responses, keys::PASSWORD_CLAIM_SECRET_BLOCK)?;
            let signature = param(responses, keys::PASSWORD_CLAIM_SIGNATURE)?;
            let timestamp =
                Timestamp::parse(param(responses, keys::TIMESTAMP)?).map_err(srp_error)?;
            let (group_key, _, _) = confirmed_device(&state, pool_id, &username, &key)?;
            // Single use from here: a wrong proof ends the sign-in.
            let s = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            drop(state);
            let verified = s.device_srp.as_deref().is_some_and(|srp| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(&srp.secret_block) == block
                    && timestamp_in_window(inner, &timestamp)
                    && srp
                        .server
                        .verify_device_claim(
                            &group_key,
                            &key,
                            &srp.secret_block,
                            &timestamp,
                            signature,
                        )
                        .is_ok()
            });
            if !verified {
                return Err(ApiError::incorrect_credentials());
            }
            let mut state = inner.state();
            let now = inner.now();
            let device = state
                .pools
                .get_mut(pool_id)
                .and_then(|p| p.users.get_mut(&username))
                .and_then(|u| u.devices.get_mut(&key))
                .ok_or_else(ops::devices::not_found)?;
            device.last_authenticated = now;
            let result = ops::tokens::issue(
                inner,
                &mut state,
                pool_id,
                &client.id,
                &username,
                s.auth_time,
                Some(&key),
            )?;
            Ok(Step::tokens(result))
        }
        _ => Err(ApiError::invalid_parameter(format!(
            "{name} is not supported by this emulator yet"
        ))),
    }
}

/// A wrong code: `CodeMismatchException`; after the configured number of wrong answers the
/// Session is invalidated (spec §8.3, §11).
fn wrong_code(inner: &Inner, state: &mut State, id: &str) -> ApiError {
    let max = inner.config.max_code_attempts;
    let exhausted = match state.sessions.get_mut(id) {
        Some(s) => {
            s.wrong_attempts += 1;
            s.wrong_attempts >= max
        }
        None => false,
    };
    if exhausted {
        consume_session(state, id);
    }
    ApiError::code_mismatch()
}

/// What follows the last MFA step of a sign-in (see [`complete`]).
fn finish(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    session: AuthSession,
) -> ApiResult<Step> {
    complete(
        inner,
        state,
        pool_id,
        client_id,
        username,
        session.auth_time,
        session.device_key,
        session.admin,
    )
}

/// A sign-in's device as the pool sees it (spec §5.10, §8.10).
#[derive(Debug, PartialEq, Eq)]
enum Device {
    /// The pool does not track devices: `DEVICE_KEY` is ignored and no device is created.
    Untracked,
    /// A tracking pool and no `DEVICE_KEY`: the sign-in ends with a new device
    /// (`NewDeviceMetadata`).
    New,
    /// A device of the user that was never confirmed: MFA runs as usual, the tokens carry its
    /// key, no new device is created.
    Unconfirmed(String),
    /// A confirmed device: `DEVICE_SRP_AUTH` proves it before the tokens. With `suppress_mfa`
    /// (remembered, and the pool's `ChallengeRequiredOnNewDevice`) it replaces MFA.
    Confirmed { key: String, suppress_mfa: bool },
}

impl Device {
    fn key(&self) -> Option<&str> {
        match self {
            Self::Untracked | Self::New => None,
            Self::Unconfirmed(key) | Self::Confirmed { key, .. } => Some(key),
        }
    }
}

/// Classifies the `DEVICE_KEY` a sign-in presented. On a tracking pool, a key that is not a
/// device of the user is `ResourceNotFoundException` "Device does not exist.", after which
/// the reference clients retry without it (spec §5.10).
fn presented_device(pool: &Pool, username: &str, key: Option<&str>) -> ApiResult<Device> {
    let Some(config) = pool.device_config else {
        return Ok(Device::Untracked);
    };
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return Ok(Device::New);
    };
    let device = pool
        .users
        .get(username)
        .and_then(|u| u.devices.get(key))
        .ok_or_else(ops::devices::not_found)?;
    Ok(if device.verifier.is_some() && device.salt.is_some() {
        Device::Confirmed {
            key: key.to_owned(),
            suppress_mfa: device.remembered && config.challenge_required_on_new_device,
        }
    } else {
        Device::Unconfirmed(key.to_owned())
    })
}

/// The end of the password and MFA steps: `DEVICE_SRP_AUTH` for a confirmed device, else
/// tokens — bound to the presented device, or to a new one (with `NewDeviceMetadata`) on a
/// pool that tracks devices.
#[allow(clippy::too_many_arguments)]
pub(crate) fn complete(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    auth_time: i64,
    device_key: Option<String>,
    admin: bool,
) -> ApiResult<Step> {
    let device = presented_device(ops::pool(state, pool_id)?, username, device_key.as_deref())?;
    let issue = |state: &mut State, key: Option<&str>| {
        ops::tokens::issue(inner, state, pool_id, client_id, username, auth_time, key)
    };
    match device {
        Device::Confirmed { key, .. } => device_srp_challenge(
            inner, state, pool_id, client_id, username, key, auth_time, admin,
        ),
        Device::Unconfirmed(key) => Ok(Step::tokens(issue(state, Some(&key))?)),
        Device::Untracked => Ok(Step::tokens(issue(state, None)?)),
        Device::New => {
            let metadata = ops::devices::create(inner, state, pool_id, username)?;
            let mut result = issue(state, metadata.device_key.as_deref())?;
            result.new_device_metadata = Some(metadata);
            Ok(Step::tokens(result))
        }
    }
}

/// `DEVICE_SRP_AUTH` for a confirmed device: a Session bound to it, no parameters but
/// `USERNAME` (spec §5.2 marks them "none relied upon").
#[allow(clippy::too_many_arguments)]
fn device_srp_challenge(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    device_key: String,
    auth_time: i64,
    admin: bool,
) -> ApiResult<Step> {
    let validity = ops::client(state, client_id)?.1.session_validity_millis();
    let session = new_session(
        inner,
        state,
        pool_id,
        client_id,
        username,
        ChallengeName::DeviceSrpAuth.as_str(),
        validity,
        SessionCarry {
            device_key: Some(device_key),
            auth_time: Some(auth_time),
            admin,
            ..SessionCarry::default()
        },
    );
    let mut parameters = BTreeMap::new();
    parameters.insert(keys::USERNAME.to_owned(), username.to_owned());
    Ok(Step {
        challenge_name: Some(ChallengeName::DeviceSrpAuth),
        session: Some(session),
        parameters,
        result: None,
    })
}

/// The `DEVICE_KEY` of a device-challenge answer: present, and the Session's device.
fn answered_device<'a>(state: &State, id: &str, responses: &'a SensitiveMap) -> ApiResult<&'a str> {
    let key = param(responses, keys::DEVICE_KEY)?;
    let expected = state
        .sessions
        .get(id)
        .and_then(|s| s.device_key.as_deref())
        .ok_or_else(ApiError::invalid_session)?;
    if key != expected {
        return Err(ApiError::invalid_parameter("Invalid device key given."));
    }
    Ok(key)
}

/// A confirmed device of the user: its group key and stored verifier (salt hex, verifier
/// hex), or `ResourceNotFoundException` if it was forgotten meanwhile.
fn confirmed_device(
    state: &State,
    pool_id: &str,
    username: &str,
    key: &str,
) -> ApiResult<(String, String, String)> {
    let device = ops::pool(state, pool_id)?
        .users
        .get(username)
        .and_then(|u| u.devices.get(key))
        .ok_or_else(ops::devices::not_found)?;
    match (&device.salt, &device.verifier) {
        (Some(salt), Some(verifier)) => {
            Ok((device.group_key.clone(), salt.clone(), verifier.clone()))
        }
        _ => Err(ops::devices::not_found()),
    }
}

/// A random `SECRET_BLOCK`: its bytes and their base64 (shaped like the service's, which
/// start 0x02 0x05 0x78, "AgV4").
fn new_secret_block(inner: &Inner) -> (Vec<u8>, String) {
    use base64::Engine as _;
    let mut block = vec![0u8; 192];
    inner.random.fill(&mut block);
    block[..3].copy_from_slice(&[0x02, 0x05, 0x78]);
    let text = base64::engine::general_purpose::STANDARD.encode(&block);
    (block, text)
}

/// Whether a client's `TIMESTAMP` is within the configured skew of the emulator's clock.
fn timestamp_in_window(inner: &Inner, timestamp: &Timestamp) -> bool {
    let skew = i64::try_from(inner.config.timestamp_skew.as_millis()).unwrap_or(i64::MAX);
    (timestamp.unix_seconds().saturating_mul(1000) - inner.now()).abs() <= skew
}
