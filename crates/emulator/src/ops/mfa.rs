//! MFA setup and preferences: `AssociateSoftwareToken`, `VerifySoftwareToken` (with a
//! Session during `MFA_SETUP`, or with an access token), `SetUserMFAPreference`,
//! `AdminSetUserMFAPreference` (spec §3.5, §3.6, §3.24, §5.8, §8.9).

use cognito_flow_wire::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, EmailMfaSettings,
    SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse, SmsMfaSettings,
    SoftwareTokenMfaSettings, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
    VerifySoftwareTokenStatus,
};
use serde::{Deserialize, Serialize};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::auth::{SessionCarry, check_session, consume_session, new_session};
use crate::ops::{self, Ctx};
use crate::state::{State, UserMfa};
use crate::totp;

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "AdminSetUserMFAPreference",
];

pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "AssociateSoftwareToken" => {
            ops::run(body, |r: AssociateSoftwareTokenRequest| associate(inner, r))
        }
        "VerifySoftwareToken" => ops::run(body, |r: VerifySoftwareTokenRequest| verify(inner, r)),
        "SetUserMFAPreference" => ops::run(body, |r: SetUserMFAPreferenceRequest| {
            let mut state = inner.state();
            let (pool_id, username, _) =
                ops::tokens::authorize_access_token(inner, &state, r.access_token.expose_secret())?;
            set_preference(
                &mut state,
                &pool_id,
                &username,
                r.sms_mfa_settings.as_ref(),
                r.software_token_mfa_settings.as_ref(),
                r.email_mfa_settings.as_ref(),
            )?;
            Ok(SetUserMFAPreferenceResponse::default())
        }),
        "AdminSetUserMFAPreference" => ops::run(body, |r: AdminSetUserMfaPreference| {
            let mut state = inner.state();
            let pool = ops::pool(&state, &r.user_pool_id)?;
            let username = pool
                .resolve_username(&r.username)
                .ok_or_else(ApiError::user_not_found)?;
            set_preference(
                &mut state,
                &r.user_pool_id,
                &username,
                r.sms_mfa_settings.as_ref(),
                r.software_token_mfa_settings.as_ref(),
                r.email_mfa_settings.as_ref(),
            )?;
            Ok(serde_json::Map::new())
        }),
        _ => None,
    }
}

/// `AdminSetUserMFAPreference` request (the wire crate's type has the SDK's sensitivity
/// wrappers; the emulator only needs the members).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AdminSetUserMfaPreference {
    user_pool_id: String,
    username: String,
    #[serde(rename = "SMSMfaSettings")]
    sms_mfa_settings: Option<SmsMfaSettings>,
    software_token_mfa_settings: Option<SoftwareTokenMfaSettings>,
    email_mfa_settings: Option<EmailMfaSettings>,
}

/// Who is setting up TOTP: a sign-in Session in `MFA_SETUP`, or a signed-in user.
enum Principal {
    Session {
        id: String,
        pool_id: String,
        username: String,
    },
    User {
        pool_id: String,
        username: String,
    },
}

fn exactly_one(access_token: Option<&str>, session: Option<&str>) -> ApiResult<()> {
    match (access_token, session) {
        (Some(_), Some(_)) | (None, None) => Err(ApiError::invalid_parameter(
            "Exactly one of AccessToken and Session must be given",
        )),
        _ => Ok(()),
    }
}

fn session_principal(
    inner: &Inner,
    state: &State,
    session: &str,
    need_associated: bool,
) -> ApiResult<Principal> {
    let Some(s) = state.sessions.get(session) else {
        return Err(if state.used_sessions.contains_key(session) {
            ApiError::session_used()
        } else {
            ApiError::invalid_session()
        });
    };
    // The Session must belong to an MFA_SETUP challenge at the right stage (spec §5.8).
    check_session(inner, state, Some(session), &s.client_id, "MFA_SETUP")?;
    if s.totp_verified || s.totp_associated != need_associated {
        return Err(ApiError::invalid_session());
    }
    if !s.offered.iter().any(|f| f == "SOFTWARE_TOKEN_MFA") {
        return Err(ApiError::new(
            "SoftwareTokenMFANotFoundException",
            "Software Token MFA has not been enabled by the userPool",
        ));
    }
    Ok(Principal::Session {
        id: session.to_owned(),
        pool_id: s.pool_id.clone(),
        username: s.username.clone(),
    })
}

fn associate(
    inner: &Inner,
    r: AssociateSoftwareTokenRequest,
) -> ApiResult<AssociateSoftwareTokenResponse> {
    let access = r.access_token.as_ref().map(|t| t.expose_secret());
    let session = r.session.as_ref().map(|s| s.expose_secret());
    exactly_one(access, session)?;
    let mut state = inner.state();
    let principal = match (access, session) {
        (Some(token), _) => {
            let (pool_id, username, _) = ops::tokens::authorize_access_token(inner, &state, token)?;
            if !ops::pool(&state, &pool_id)?.software_token_mfa_enabled {
                return Err(ApiError::new(
                    "SoftwareTokenMFANotFoundException",
                    "Software Token MFA has not been enabled by the userPool",
                ));
            }
            Principal::User { pool_id, username }
        }
        (None, Some(s)) => session_principal(inner, &state, s, false)?,
        (None, None) => return Err(ApiError::missing("AccessToken")),
    };
    let secret = inner.random.base32(32);
    let mut out = AssociateSoftwareTokenResponse::default();
    out.secret_code = Some(secret.clone().into());
    match principal {
        Principal::User { pool_id, username } => {
            user_mfa(&mut state, &pool_id, &username)?.pending_totp_secret = Some(secret);
        }
        Principal::Session {
            id,
            pool_id,
            username,
        } => {
            user_mfa(&mut state, &pool_id, &username)?.pending_totp_secret = Some(secret);
            let old = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
            let next = next_setup_session(inner, &mut state, &old, true, false)?;
            out.session = Some(next.into());
        }
    }
    Ok(out)
}

fn verify(inner: &Inner, r: VerifySoftwareTokenRequest) -> ApiResult<VerifySoftwareTokenResponse> {
    let access = r.access_token.as_ref().map(|t| t.expose_secret());
    let session = r.session.as_ref().map(|s| s.expose_secret());
    exactly_one(access, session)?;
    let code = r.user_code.expose_secret();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+ and have length 6",
        ));
    }
    let mut state = inner.state();
    let principal = match (access, session) {
        (Some(token), _) => {
            let (pool_id, username, _) = ops::tokens::authorize_access_token(inner, &state, token)?;
            Principal::User { pool_id, username }
        }
        (None, Some(s)) => session_principal(inner, &state, s, true)?,
        (None, None) => return Err(ApiError::missing("AccessToken")),
    };
    let (pool_id, username) = match &principal {
        Principal::User { pool_id, username }
        | Principal::Session {
            pool_id, username, ..
        } => (pool_id.clone(), username.clone()),
    };
    let pending = user_mfa(&mut state, &pool_id, &username)?
        .pending_totp_secret
        .clone();
    let Some(secret) = pending else {
        return Err(ApiError::invalid_parameter(
            "No software token has been associated with the user",
        ));
    };
    let Some(step) = totp::matching_step(&secret, code, inner.now()) else {
        if let Principal::Session { id, .. } = &principal {
            count_wrong_setup_code(inner, &mut state, id);
        }
        return Err(ApiError::new(
            "EnableSoftwareTokenMFAException",
            "Code mismatch",
        ));
    };
    let mfa = user_mfa(&mut state, &pool_id, &username)?;
    mfa.totp_secret = Some(secret);
    mfa.pending_totp_secret = None;
    mfa.last_totp_step = Some(step);
    let mut out = VerifySoftwareTokenResponse::default();
    out.status = Some(VerifySoftwareTokenStatus::Success);
    if let Principal::Session { id, .. } = principal {
        // Verifying during MFA_SETUP enables TOTP for the user (spec §5.8).
        mfa.software_token_enabled = true;
        let old = consume_session(&mut state, &id).ok_or_else(ApiError::invalid_session)?;
        let next = next_setup_session(inner, &mut state, &old, true, true)?;
        out.session = Some(next.into());
    }
    Ok(out)
}

/// A wrong code during MFA_SETUP counts toward the Session's attempt limit.
fn count_wrong_setup_code(inner: &Inner, state: &mut State, id: &str) {
    let exhausted = state.sessions.get_mut(id).is_some_and(|s| {
        s.wrong_attempts += 1;
        s.wrong_attempts >= inner.config.max_code_attempts
    });
    if exhausted {
        consume_session(state, id);
    }
}

/// The next Session of the MFA_SETUP chain S0 → S1 → S2.
fn next_setup_session(
    inner: &Inner,
    state: &mut State,
    old: &crate::state::AuthSession,
    associated: bool,
    verified: bool,
) -> ApiResult<String> {
    let validity = ops::client(state, &old.client_id)?
        .1
        .session_validity_millis();
    let id = new_session(
        inner,
        state,
        &old.pool_id,
        &old.client_id,
        &old.username,
        "MFA_SETUP",
        validity,
        SessionCarry {
            device_key: old.device_key.clone(),
            auth_time: Some(old.auth_time),
            offered: old.offered.clone(),
            admin: old.admin,
            ..SessionCarry::default()
        },
    );
    if let Some(s) = state.sessions.get_mut(&id) {
        s.totp_associated = associated;
        s.totp_verified = verified;
    }
    Ok(id)
}

fn user_mfa<'a>(state: &'a mut State, pool_id: &str, username: &str) -> ApiResult<&'a mut UserMfa> {
    state
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(username))
        .map(|u| &mut u.mfa)
        .ok_or_else(ApiError::user_not_found)
}

/// Applies MFA settings: at most one factor preferred; TOTP only once verified (spec §3.24).
fn set_preference(
    state: &mut State,
    pool_id: &str,
    username: &str,
    sms: Option<&SmsMfaSettings>,
    totp: Option<&SoftwareTokenMfaSettings>,
    email: Option<&EmailMfaSettings>,
) -> ApiResult<()> {
    let preferred_count = [
        sms.and_then(|s| s.preferred_mfa),
        totp.and_then(|s| s.preferred_mfa),
        email.and_then(|s| s.preferred_mfa),
    ]
    .iter()
    .filter(|p| **p == Some(true))
    .count();
    if preferred_count > 1 {
        return Err(ApiError::invalid_parameter(
            "Only one MFA method can be preferred",
        ));
    }
    let mfa = user_mfa(state, pool_id, username)?;
    if totp.and_then(|s| s.enabled) == Some(true) && mfa.totp_secret.is_none() {
        return Err(ApiError::invalid_parameter(
            "User has not verified software token mfa",
        ));
    }
    if preferred_count == 1 {
        mfa.sms_preferred = false;
        mfa.software_token_preferred = false;
        mfa.email_preferred = false;
    }
    if let Some(s) = sms {
        if let Some(e) = s.enabled {
            mfa.sms_enabled = e;
        }
        if let Some(p) = s.preferred_mfa {
            mfa.sms_preferred = p && mfa.sms_enabled;
        }
    }
    if let Some(s) = totp {
        if let Some(e) = s.enabled {
            mfa.software_token_enabled = e;
        }
        if let Some(p) = s.preferred_mfa {
            mfa.software_token_preferred = p && mfa.software_token_enabled;
        }
    }
    if let Some(s) = email {
        if let Some(e) = s.enabled {
            mfa.email_enabled = e;
        }
        if let Some(p) = s.preferred_mfa {
            mfa.email_preferred = p && mfa.email_enabled;
        }
    }
    Ok(())
}
