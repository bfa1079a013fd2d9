//! Users: the `Admin*` user operations, `ListUsers`, sign-up and confirmation, and password
//! reset (spec §3.18–3.22, §8.5, §8.12).
//!
//! Passwords are stored only as an SRP salt and verifier (spec §6.6). Codes sent by e-mail or
//! SMS land in the outbox: sign-up confirmation codes (6 digits, valid 24 hours) and reset codes
//! (6 digits, valid 1 hour). After five wrong answers a code is invalidated
//! (`TooManyFailedAttemptsException`).

use std::collections::BTreeMap;

use cognito_flow_srp::{Salt, Verifier};
use cognito_flow_wire::{
    Attribute, CodeDeliveryDetails, ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse,
    ConfirmSignUpRequest, ConfirmSignUpResponse, DeliveryMedium, ForgotPasswordRequest,
    ForgotPasswordResponse, ResendConfirmationCodeRequest, ResendConfirmationCodeResponse,
    SensitiveString, SignUpRequest, SignUpResponse,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::setup::{STANDARD_ATTRIBUTES, page, validation};
use crate::ops::{self, Ctx};
use crate::outbox::{Medium, Purpose};
use crate::state::{Lockout, PasswordRecord, Pool, SentCode, State, User};

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "AdminCreateUser",
    "AdminSetUserPassword",
    "AdminGetUser",
    "AdminDeleteUser",
    "AdminDisableUser",
    "AdminEnableUser",
    "AdminUpdateUserAttributes",
    "AdminConfirmSignUp",
    "AdminResetUserPassword",
    "ListUsers",
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "ForgotPassword",
    "ConfirmForgotPassword",
];

pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "AdminCreateUser" => ops::run(body, |req| admin_create_user(inner, req)),
        "AdminSetUserPassword" => ops::run(body, |req| admin_set_user_password(inner, req)),
        "AdminGetUser" => ops::run(body, |req| admin_get_user(inner, req)),
        "AdminDeleteUser" => ops::run(body, |req| admin_delete_user(inner, req)),
        "AdminDisableUser" => ops::run(body, |req| admin_set_enabled(inner, req, false)),
        "AdminEnableUser" => ops::run(body, |req| admin_set_enabled(inner, req, true)),
        "AdminUpdateUserAttributes" => {
            ops::run(body, |req| admin_update_user_attributes(inner, req))
        }
        "AdminConfirmSignUp" => ops::run(body, |req| admin_confirm_sign_up(inner, req)),
        "AdminResetUserPassword" => ops::run(body, |req| admin_reset_user_password(inner, req)),
        "ListUsers" => ops::run(body, |req| list_users(inner, req)),
        "SignUp" => ops::run(body, |req| sign_up(inner, req)),
        "ConfirmSignUp" => ops::run(body, |req| confirm_sign_up(inner, req)),
        "ResendConfirmationCode" => ops::run(body, |req| resend_confirmation_code(inner, req)),
        "ForgotPassword" => ops::run(body, |req| forgot_password(inner, req)),
        "ConfirmForgotPassword" => ops::run(body, |req| confirm_forgot_password(inner, req)),
        _ => None,
    }
}

/// Sign-up confirmation codes are valid for 24 hours (spec §8.12).
const CONFIRMATION_CODE_MILLIS: i64 = 24 * 3600 * 1000;
/// Forgot-password codes are valid for 1 hour (spec §8.12).
const RESET_CODE_MILLIS: i64 = 3600 * 1000;
/// Wrong answers after which a confirmation or reset code is invalidated.
const MAX_CODE_FAILURES: u32 = 5;
const CODE_LENGTH: usize = 6;

fn internal() -> ApiError {
    ApiError::new("InternalErrorException", "Internal error")
}

fn millis_to_secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// `UsernameType`: 1–128 characters, no white space or control characters.
fn check_username(username: &str) -> ApiResult<()> {
    let len = username.chars().count();
    if len == 0 || len > 128 {
        return Err(validation(
            "username",
            None,
            "Member must have length less than or equal to 128 and greater than or equal to 1",
        ));
    }
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(validation(
            "username",
            None,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

fn looks_like_email(v: &str) -> bool {
    v.split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'))
}

fn looks_like_phone(v: &str) -> bool {
    v.strip_prefix('+')
        .is_some_and(|d| !d.is_empty() && d.len() <= 15 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Attributes from the request, checked against the pool's schema. `sub` cannot be written.
fn attributes_in(
    pool: &Pool,
    attrs: Option<Vec<Attribute>>,
) -> ApiResult<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for attr in attrs.unwrap_or_default() {
        let name = attr.name.clone();
        let known =
            STANDARD_ATTRIBUTES.contains(&name.as_str()) || pool.custom_attributes.contains(&name);
        if !known {
            return Err(ApiError::invalid_parameter(format!(
                "Attributes did not conform to the schema: {name}: Attribute does not exist in the schema."
            )));
        }
        if name == "sub" {
            return Err(ApiError::invalid_parameter(
                "Attributes did not conform to the schema: sub: Attribute cannot be updated. \
                 (changing an immutable attribute)",
            ));
        }
        let value = attr
            .value
            .as_ref()
            .map(|v| v.expose_secret().to_owned())
            .unwrap_or_default();
        if name == "email" && !value.is_empty() && !looks_like_email(&value) {
            return Err(ApiError::invalid_parameter("Invalid email address format."));
        }
        if name == "phone_number" && !value.is_empty() && !looks_like_phone(&value) {
            return Err(ApiError::invalid_parameter("Invalid phone number format."));
        }
        if name.ends_with("_verified") && value != "true" && value != "false" {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid value for {name}: it must be true or false."
            )));
        }
        out.insert(name, value);
    }
    Ok(out)
}

/// The user a typed username (or alias, or `sub`) stands for.
fn resolve(pool: &Pool, typed: &str) -> ApiResult<String> {
    pool.resolve_username(typed)
        .ok_or_else(ApiError::user_not_found)
}

fn user_mut<'a>(state: &'a mut State, pool_id: &str, typed: &str) -> ApiResult<&'a mut User> {
    let pool = ops::pool_mut(state, pool_id)?;
    let username = resolve(pool, typed)?;
    pool.users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)
}

/// The canonical username of a new user from what was typed, filling the username attribute
/// for pools that sign in with e-mail or phone (spec §5.1: the canonical username is then the
/// `sub`). Checks that the username is free.
fn new_identity(
    pool: &Pool,
    typed: &str,
    sub: &str,
    attrs: &mut BTreeMap<String, String>,
    exists_message: &str,
) -> ApiResult<String> {
    let by_email = pool.username_attributes.iter().any(|a| a == "email");
    let by_phone = pool.username_attributes.iter().any(|a| a == "phone_number");
    if by_email || by_phone {
        let attr = if by_email && looks_like_email(typed) {
            "email"
        } else if by_phone && looks_like_phone(typed) {
            "phone_number"
        } else {
            return Err(ApiError::invalid_parameter(match (by_email, by_phone) {
                (true, true) => "Username should be either an email or a phone number.",
                (true, false) => "Username should be an email.",
                _ => "Username should be a phone number.",
            }));
        };
        if pool
            .users
            .values()
            .any(|u| u.attributes.get(attr).is_some_and(|v| v == typed))
        {
            return Err(ApiError::new(
                "UsernameExistsException",
                format!("An account with the given {attr} already exists."),
            ));
        }
        attrs.insert(attr.to_owned(), typed.to_owned());
        return Ok(sub.to_owned());
    }
    if pool.alias_attributes.iter().any(|a| a == "email") && looks_like_email(typed) {
        return Err(ApiError::invalid_parameter(
            "Username cannot be of email format, since user pool is configured for email alias.",
        ));
    }
    if pool.alias_attributes.iter().any(|a| a == "phone_number") && looks_like_phone(typed) {
        return Err(ApiError::invalid_parameter(
            "Username cannot be of phone number format, since user pool is configured for phone_number alias.",
        ));
    }
    if pool.users.contains_key(typed) {
        return Err(ApiError::new("UsernameExistsException", exists_message));
    }
    Ok(typed.to_owned())
}

/// Refuses a verified alias (`email`, `phone_number`) that another user of an alias pool
/// already has verified, unless `force` moves it (the other user's copy becomes unverified).
fn claim_aliases(
    pool: &mut Pool,
    username: &str,
    attrs: &BTreeMap<String, String>,
    force: bool,
) -> ApiResult<()> {
    for attr in ["email", "phone_number"] {
        if !pool.alias_attributes.iter().any(|a| a == attr) {
            continue;
        }
        let verified = attrs
            .get(&format!("{attr}_verified"))
            .is_some_and(|v| v == "true");
        let Some(value) = attrs.get(attr).filter(|_| verified) else {
            continue;
        };
        let holders: Vec<String> = pool
            .users
            .values()
            .filter(|u| {
                u.username != username
                    && u.attributes.get(attr) == Some(value)
                    && u.attribute_verified(attr)
            })
            .map(|u| u.username.clone())
            .collect();
        if holders.is_empty() {
            continue;
        }
        if !force {
            return Err(ApiError::new(
                "AliasExistsException",
                format!("An account with the given {attr} already exists."),
            ));
        }
        for holder in holders {
            if let Some(u) = pool.users.get_mut(&holder) {
                u.attributes
                    .insert(format!("{attr}_verified"), "false".to_owned());
            }
        }
    }
    Ok(())
}

fn check_required(pool: &Pool, attrs: &BTreeMap<String, String>) -> ApiResult<()> {
    for required in &pool.required_attributes {
        if attrs.get(required).is_none_or(String::is_empty) {
            return Err(ApiError::invalid_parameter(format!(
                "Attributes did not conform to the schema: {required}: The attribute {required} is required"
            )));
        }
    }
    Ok(())
}

/// The SRP salt and verifier of `password` for `username` in `pool_id` (spec §6.2, §6.6): 16
/// bytes from the emulator's generator read as signed, so about half the salts are negative.
pub(crate) fn password_record(
    inner: &Inner,
    pool_id: &str,
    username: &str,
    password: &str,
    temporary_days: Option<u32>,
) -> ApiResult<PasswordRecord> {
    let salt = Salt::from_bytes(&inner.random.bytes::<16>()).map_err(|_| internal())?;
    let verifier = Verifier::new(pool_id, username, password, salt).map_err(|_| internal())?;
    Ok(PasswordRecord {
        salt: verifier.salt().to_hex(),
        verifier: verifier.verifier_hex(),
        temporary_expires_at: temporary_days.map(|d| inner.now() + i64::from(d) * 86_400_000),
    })
}

fn new_user(
    inner: &Inner,
    username: String,
    sub: String,
    mut attributes: BTreeMap<String, String>,
    status: &str,
) -> User {
    let now = inner.now();
    attributes.insert("sub".to_owned(), sub.clone());
    User {
        username,
        sub,
        attributes,
        status: status.to_owned(),
        enabled: true,
        created: now,
        last_modified: now,
        password: None,
        mfa: Default::default(),
        lockout: Lockout::default(),
        confirmation_code: None,
        reset_code: None,
        devices: BTreeMap::new(),
        tokens_valid_after: 0,
        revoked_origin_jtis: Vec::new(),
        groups: Vec::new(),
        webauthn: Default::default(),
    }
}

fn attribute_list(user: &User, only: Option<&[String]>) -> Vec<Value> {
    user.attributes
        .iter()
        .filter(|(name, _)| only.is_none_or(|o| o.contains(name)))
        .map(|(name, value)| json!({"Name": name, "Value": value}))
        .collect()
}

/// `UserMFASettingList` and `PreferredMfaSetting` of a user.
pub(crate) fn mfa_settings(user: &User) -> (Vec<&'static str>, Option<&'static str>) {
    let m = &user.mfa;
    let mut list = Vec::new();
    if m.sms_enabled {
        list.push("SMS_MFA");
    }
    if m.software_token_enabled {
        list.push("SOFTWARE_TOKEN_MFA");
    }
    if m.email_enabled {
        list.push("EMAIL_OTP");
    }
    let preferred = if m.software_token_preferred {
        Some("SOFTWARE_TOKEN_MFA")
    } else if m.sms_preferred {
        Some("SMS_MFA")
    } else if m.email_preferred {
        Some("EMAIL_OTP")
    } else {
        None
    };
    (list, preferred)
}

/// `UserType` (ListUsers, AdminCreateUser).
fn user_type(user: &User, only: Option<&[String]>) -> Value {
    let mut out = json!({
        "Username": user.username,
        "Attributes": attribute_list(user, only),
        "UserCreateDate": millis_to_secs(user.created),
        "UserLastModifiedDate": millis_to_secs(user.last_modified),
        "Enabled": user.enabled,
        "UserStatus": user.status,
    });
    if user.mfa.sms_enabled {
        out["MFAOptions"] = json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]);
    }
    out
}

fn delivery(medium: Medium, attribute: &str, destination: &str) -> CodeDeliveryDetails {
    let mut d = CodeDeliveryDetails::default();
    d.destination = Some(ops::mask(destination));
    d.delivery_medium = Some(match medium {
        Medium::Sms => DeliveryMedium::Sms,
        Medium::Email => DeliveryMedium::Email,
    });
    d.attribute_name = Some(attribute.to_owned());
    d
}

/// What `PreventUserExistenceErrors = ENABLED` answers for an unknown user: a plausible,
/// deterministic delivery (spec §8.5).
fn simulated_delivery(typed: &str) -> CodeDeliveryDetails {
    let address = if looks_like_email(typed) {
        typed.to_owned()
    } else {
        format!("{typed}@example.com")
    };
    delivery(Medium::Email, "email", &address)
}

/// Where a sign-up confirmation code goes: the auto-verified attribute the user has (phone
/// first, as Cognito does when both are auto-verified).
fn confirmation_destination(pool: &Pool, user: &User) -> Option<(Medium, &'static str, String)> {
    let auto = |a: &str| pool.auto_verified_attributes.iter().any(|x| x == a);
    let has = |a: &str| user.attributes.get(a).filter(|v| !v.is_empty()).cloned();
    if auto("phone_number")
        && let Some(phone) = has("phone_number")
    {
        return Some((Medium::Sms, "phone_number", phone));
    }
    if auto("email")
        && let Some(email) = has("email")
    {
        return Some((Medium::Email, "email", email));
    }
    None
}

/// Where a reset code goes: a verified phone number, else a verified e-mail address (the
/// recovery order of pools without `AccountRecoverySetting`).
fn recovery_destination(user: &User) -> ApiResult<(Medium, &'static str, String)> {
    let verified = |a: &str| {
        user.attributes
            .get(a)
            .filter(|v| !v.is_empty() && user.attribute_verified(a))
            .cloned()
    };
    if let Some(phone) = verified("phone_number") {
        return Ok((Medium::Sms, "phone_number", phone));
    }
    if let Some(email) = verified("email") {
        return Ok((Medium::Email, "email", email));
    }
    Err(ApiError::invalid_parameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    ))
}

fn new_code(inner: &Inner, validity_millis: i64) -> SentCode {
    SentCode {
        code: inner.random.digits(CODE_LENGTH),
        expires_at: inner.now() + validity_millis,
        failed_attempts: 0,
    }
}

/// Checks an answer against a sent code; counts failures and drops the code after too many.
fn check_code(inner: &Inner, slot: &mut Option<SentCode>, given: &str) -> ApiResult<()> {
    let Some(sent) = slot.as_mut() else {
        return Err(ApiError::expired_code(
            "Invalid code provided, please request a code again.",
        ));
    };
    if inner.now() > sent.expires_at {
        *slot = None;
        return Err(ApiError::expired_code(
            "Invalid code provided, please request a code again.",
        ));
    }
    if crate::totp::constant_time_eq(sent.code.as_bytes(), given.as_bytes()) {
        *slot = None;
        return Ok(());
    }
    sent.failed_attempts += 1;
    if sent.failed_attempts >= MAX_CODE_FAILURES {
        *slot = None;
        return Err(ApiError::new(
            "TooManyFailedAttemptsException",
            "Too many failed attempts. Request a new code.",
        ));
    }
    Err(ApiError::new(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    ))
}

/// The pool id and app-client settings of `client_id`, after the `SecretHash` check.
fn public_client(
    state: &State,
    client_id: &str,
    username: &str,
    secret_hash: Option<&SensitiveString>,
) -> ApiResult<(String, bool)> {
    let (pool, client) = ops::client(state, client_id)?;
    ops::check_secret_hash(client, username, secret_hash.map(|s| s.expose_secret()))?;
    Ok((pool.id.clone(), client.prevent_user_existence_errors))
}

fn forget_user(state: &mut State, pool_id: &str, username: &str) {
    state
        .sessions
        .retain(|_, s| !(s.pool_id == pool_id && s.username == username));
    state
        .srp
        .retain(|_, s| !(s.pool_id == pool_id && s.username.as_deref() == Some(username)));
    state
        .refresh_tokens
        .retain(|_, r| !(r.pool_id == pool_id && r.username == username));
}

// ---------------------------------------------------------------------------------------------
// Admin operations
// ---------------------------------------------------------------------------------------------

/// `AdminCreateUserRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AdminCreateUserRequest {
    pub(crate) user_pool_id: String,
    pub(crate) username: SensitiveString,
    pub(crate) user_attributes: Option<Vec<Attribute>>,
    pub(crate) temporary_password: Option<SensitiveString>,
    pub(crate) force_alias_creation: Option<bool>,
    pub(crate) message_action: Option<String>,
    pub(crate) desired_delivery_mediums: Option<Vec<String>>,
}

fn admin_create_user(inner: &Inner, req: AdminCreateUserRequest) -> ApiResult<Value> {
    let typed = req.username.expose_secret();
    check_username(typed)?;
    let action = req.message_action.as_deref();
    if let Some(a) = action
        && a != "RESEND"
        && a != "SUPPRESS"
    {
        return Err(validation(
            "messageAction",
            Some(a),
            "Member must satisfy enum value set: [RESEND, SUPPRESS]",
        ));
    }
    let mediums = req.desired_delivery_mediums.clone();
    for m in mediums.iter().flatten() {
        if m != "SMS" && m != "EMAIL" {
            return Err(validation(
                "desiredDeliveryMediums",
                None,
                "Member must satisfy constraint: [Member must satisfy enum value set: [SMS, EMAIL]]",
            ));
        }
    }
    let temporary = match &req.temporary_password {
        Some(p) => p.expose_secret().to_owned(),
        None => inner.random.temporary_password(),
    };
    let temporary = zeroize::Zeroizing::new(temporary);
    let sub = inner.random.uuid();

    let mut state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    if req.temporary_password.is_some() {
        ops::check_password_policy(&pool.password_policy, &temporary)?;
    }
    let days = pool.password_policy.temporary_password_validity_days;
    let pool_id = pool.id.clone();

    let username = if action == Some("RESEND") {
        let username = resolve(pool, typed)?;
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)?;
        if user.status != "FORCE_CHANGE_PASSWORD" {
            return Err(ApiError::new(
                "UnsupportedUserStateException",
                "Resend not possible. User status is not FORCE_CHANGE_PASSWORD.",
            ));
        }
        let record = password_record(inner, &pool_id, &username, &temporary, Some(days))?;
        let pool = ops::pool_mut(&mut state, &pool_id)?;
        let user = pool
            .users
            .get_mut(&username)
            .ok_or_else(ApiError::user_not_found)?;
        user.password = Some(record);
        user.last_modified = inner.now();
        username
    } else {
        let mut attrs = attributes_in(pool, req.user_attributes)?;
        let username = new_identity(pool, typed, &sub, &mut attrs, "User account already exists")?;
        check_required(pool, &attrs)?;
        let record = password_record(inner, &pool_id, &username, &temporary, Some(days))?;
        let pool = ops::pool_mut(&mut state, &pool_id)?;
        claim_aliases(
            pool,
            &username,
            &attrs,
            req.force_alias_creation == Some(true),
        )?;
        let mut user = new_user(inner, username.clone(), sub, attrs, "FORCE_CHANGE_PASSWORD");
        user.password = Some(record);
        pool.users.insert(username.clone(), user);
        username
    };

    let pool = ops::pool(&state, &pool_id)?;
    let user = pool
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let out = json!({ "User": user_type(user, None) });
    if action != Some("SUPPRESS") {
        let email = user
            .attributes
            .get("email")
            .filter(|v| !v.is_empty())
            .cloned();
        let phone = user
            .attributes
            .get("phone_number")
            .filter(|v| !v.is_empty())
            .cloned();
        let mut targets = Vec::new();
        match &mediums {
            Some(list) => {
                if list.iter().any(|m| m == "EMAIL") {
                    targets.extend(email.map(|e| (Medium::Email, e)));
                }
                if list.iter().any(|m| m == "SMS") {
                    targets.extend(phone.map(|p| (Medium::Sms, p)));
                }
            }
            None => targets.extend(
                email
                    .map(|e| (Medium::Email, e))
                    .or(phone.map(|p| (Medium::Sms, p))),
            ),
        }
        for (medium, destination) in targets {
            ops::send(
                inner,
                &mut state,
                &pool_id,
                &username,
                medium,
                Purpose::TemporaryPassword,
                &destination,
                &temporary,
            );
        }
    }
    Ok(out)
}

/// `AdminSetUserPasswordRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AdminSetUserPasswordRequest {
    pub(crate) user_pool_id: String,
    pub(crate) username: SensitiveString,
    pub(crate) password: SensitiveString,
    pub(crate) permanent: Option<bool>,
}

fn admin_set_user_password(inner: &Inner, req: AdminSetUserPasswordRequest) -> ApiResult<Value> {
    let mut state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    let username = resolve(pool, req.username.expose_secret())?;
    ops::check_password_policy(&pool.password_policy, req.password.expose_secret())?;
    let permanent = req.permanent == Some(true);
    let days = (!permanent).then_some(pool.password_policy.temporary_password_validity_days);
    let record = password_record(
        inner,
        &req.user_pool_id,
        &username,
        req.password.expose_secret(),
        days,
    )?;
    let now = inner.now();
    let user = user_mut(&mut state, &req.user_pool_id, &username)?;
    user.password = Some(record);
    user.status = if permanent {
        "CONFIRMED"
    } else {
        "FORCE_CHANGE_PASSWORD"
    }
    .to_owned();
    user.lockout = Lockout::default();
    user.reset_code = None;
    user.last_modified = now;
    Ok(json!({}))
}

/// A request naming one user.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserRequest {
    pub(crate) user_pool_id: String,
    pub(crate) username: SensitiveString,
}

fn admin_get_user(inner: &Inner, req: UserRequest) -> ApiResult<Value> {
    let state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    let username = resolve(pool, req.username.expose_secret())?;
    let user = pool
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let mut out = json!({
        "Username": user.username,
        "UserAttributes": attribute_list(user, None),
        "UserCreateDate": millis_to_secs(user.created),
        "UserLastModifiedDate": millis_to_secs(user.last_modified),
        "Enabled": user.enabled,
        "UserStatus": user.status,
    });
    let (list, preferred) = mfa_settings(user);
    if user.mfa.sms_enabled {
        out["MFAOptions"] = json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]);
    }
    if !list.is_empty() {
        out["UserMFASettingList"] = json!(list);
    }
    if let Some(p) = preferred {
        out["PreferredMfaSetting"] = json!(p);
    }
    Ok(out)
}

fn admin_delete_user(inner: &Inner, req: UserRequest) -> ApiResult<Value> {
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    let username = resolve(pool, req.username.expose_secret())?;
    pool.users.remove(&username);
    forget_user(&mut state, &req.user_pool_id, &username);
    Ok(json!({}))
}

/// `AdminDisableUser` also revokes the user's tokens, as Cognito does.
fn admin_set_enabled(inner: &Inner, req: UserRequest, enabled: bool) -> ApiResult<Value> {
    let now = inner.now();
    let mut state = inner.state();
    let user = user_mut(&mut state, &req.user_pool_id, req.username.expose_secret())?;
    if user.enabled != enabled {
        user.enabled = enabled;
        user.last_modified = now;
    }
    if !enabled {
        user.tokens_valid_after = now;
    }
    Ok(json!({}))
}

/// `AdminUpdateUserAttributesRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AdminUpdateUserAttributesRequest {
    pub(crate) user_pool_id: String,
    pub(crate) username: SensitiveString,
    pub(crate) user_attributes: Vec<Attribute>,
}

fn admin_update_user_attributes(
    inner: &Inner,
    req: AdminUpdateUserAttributesRequest,
) -> ApiResult<Value> {
    let now = inner.now();
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    let username = resolve(pool, req.username.expose_secret())?;
    let updates = attributes_in(pool, Some(req.user_attributes))?;
    let user = pool
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    let mut attrs = user.attributes.clone();
    for (name, value) in &updates {
        for attr in ["email", "phone_number"] {
            let verified = format!("{attr}_verified");
            if name == attr && attrs.get(attr) != Some(value) && !updates.contains_key(&verified) {
                attrs.insert(verified, "false".to_owned());
            }
        }
        if value.is_empty() && !name.ends_with("_verified") {
            attrs.remove(name);
        } else {
            attrs.insert(name.clone(), value.clone());
        }
    }
    for attr in ["email", "phone_number"] {
        let is_username_attr = pool.username_attributes.iter().any(|a| a == attr);
        if let Some(value) = updates.get(attr).filter(|_| is_username_attr) {
            let taken = pool
                .users
                .values()
                .any(|u| u.username != username && u.attributes.get(attr) == Some(value));
            if taken {
                return Err(ApiError::new(
                    "AliasExistsException",
                    format!("An account with the given {attr} already exists."),
                ));
            }
        }
    }
    claim_aliases(pool, &username, &attrs, false)?;
    let user = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    user.attributes = attrs;
    user.last_modified = now;
    Ok(json!({}))
}

fn admin_confirm_sign_up(inner: &Inner, req: UserRequest) -> ApiResult<Value> {
    let now = inner.now();
    let mut state = inner.state();
    let user = user_mut(&mut state, &req.user_pool_id, req.username.expose_secret())?;
    if user.status != "UNCONFIRMED" {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status
        )));
    }
    user.status = "CONFIRMED".to_owned();
    user.confirmation_code = None;
    user.last_modified = now;
    Ok(json!({}))
}

fn admin_reset_user_password(inner: &Inner, req: UserRequest) -> ApiResult<Value> {
    let now = inner.now();
    let mut state = inner.state();
    let pool_id = req.user_pool_id.clone();
    let user = user_mut(&mut state, &pool_id, req.username.expose_secret())?;
    if user.status == "FORCE_CHANGE_PASSWORD" {
        return Err(ApiError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    let (medium, _, destination) = recovery_destination(user)?;
    let code = new_code(inner, RESET_CODE_MILLIS);
    let text = code.code.clone();
    user.status = "RESET_REQUIRED".to_owned();
    user.reset_code = Some(code);
    user.last_modified = now;
    let username = user.username.clone();
    ops::send(
        inner,
        &mut state,
        &pool_id,
        &username,
        medium,
        Purpose::ResetCode,
        &destination,
        &text,
    );
    Ok(json!({}))
}

/// `ListUsersRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ListUsersRequest {
    pub(crate) user_pool_id: String,
    pub(crate) attributes_to_get: Option<Vec<String>>,
    pub(crate) limit: Option<i64>,
    pub(crate) pagination_token: Option<String>,
    pub(crate) filter: Option<String>,
}

/// A `ListUsers` filter: `attr = "value"` or `attr ^= "prefix"`.
#[derive(Debug, PartialEq, Eq)]
struct Filter {
    attribute: String,
    prefix: bool,
    value: String,
}

const FILTER_ATTRIBUTES: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

impl Filter {
    fn parse(text: &str) -> ApiResult<Option<Self>> {
        let bad = || ApiError::invalid_parameter("Error while parsing filter.");
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // The operator is the first `=` (`^=` when a `^` precedes it); values may contain both.
        let eq = text.find('=').ok_or_else(bad)?;
        let (attribute, prefix) = match text[..eq].strip_suffix('^') {
            Some(a) => (a, true),
            None => (&text[..eq], false),
        };
        let rest = &text[eq + 1..];
        let attribute = attribute.trim();
        let attribute = attribute
            .strip_prefix('"')
            .and_then(|a| a.strip_suffix('"'))
            .unwrap_or(attribute);
        let value = rest
            .trim()
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(bad)?;
        if !FILTER_ATTRIBUTES.contains(&attribute) {
            return Err(bad());
        }
        Ok(Some(Self {
            attribute: attribute.to_owned(),
            prefix,
            value: value.replace("\\\"", "\""),
        }))
    }

    fn matches(&self, user: &User) -> bool {
        let actual: Option<&str> = match self.attribute.as_str() {
            "username" => Some(&user.username),
            "cognito:user_status" => Some(&user.status),
            "status" => Some(if user.enabled { "Enabled" } else { "Disabled" }),
            "sub" => Some(&user.sub),
            other => user.attributes.get(other).map(String::as_str),
        };
        actual.is_some_and(|a| {
            if self.prefix {
                a.starts_with(&self.value)
            } else {
                a == self.value
            }
        })
    }
}

fn list_users(inner: &Inner, req: ListUsersRequest) -> ApiResult<Value> {
    let limit = req.limit.unwrap_or(60);
    if !(0..=60).contains(&limit) {
        return Err(validation(
            "limit",
            Some(&limit.to_string()),
            "Member must have value less than or equal to 60",
        ));
    }
    let limit = if limit == 0 { 60 } else { limit };
    let filter = match req.filter.as_deref() {
        Some(f) => Filter::parse(f)?,
        None => None,
    };
    let state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    if let Some(names) = &req.attributes_to_get {
        for name in names {
            if !STANDARD_ATTRIBUTES.contains(&name.as_str())
                && !pool.custom_attributes.contains(name)
            {
                return Err(ApiError::invalid_parameter(format!(
                    "One or more requested attributes do not exist: {name}"
                )));
            }
        }
    }
    let matching = pool
        .users
        .values()
        .filter(|u| filter.as_ref().is_none_or(|f| f.matches(u)))
        .map(|u| u.username.as_str());
    let (page, next) = page(matching, req.pagination_token.as_deref(), limit)?;
    let users: Vec<Value> = page
        .iter()
        .filter_map(|name| pool.users.get(*name))
        .map(|u| user_type(u, req.attributes_to_get.as_deref()))
        .collect();
    let mut out = json!({ "Users": users });
    if let Some(next) = next {
        out["PaginationToken"] = json!(next);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Public operations: sign-up and password reset
// ---------------------------------------------------------------------------------------------

fn sign_up(inner: &Inner, req: SignUpRequest) -> ApiResult<SignUpResponse> {
    let typed = req.username.expose_secret();
    check_username(typed)?;
    let sub = inner.random.uuid();
    let mut state = inner.state();
    let (pool_id, _) = public_client(
        &state,
        req.client_id.expose_secret(),
        typed,
        req.secret_hash.as_ref(),
    )?;
    let (pool, client) = ops::client(&state, req.client_id.expose_secret())?;
    if pool.allow_admin_create_user_only {
        return Err(ApiError::not_authorized(
            "SignUp is not permitted for this user pool",
        ));
    }
    let mut attrs = attributes_in(pool, req.user_attributes)?;
    if !client.write_attributes.is_empty()
        && attrs.keys().any(|a| !client.write_attributes.contains(a))
    {
        return Err(ApiError::not_authorized(
            "A client attempted to write unauthorized attribute",
        ));
    }
    // Cognito verifies attributes itself: a sign-up cannot claim them verified.
    attrs.retain(|name, _| !name.ends_with("_verified"));
    let username = new_identity(pool, typed, &sub, &mut attrs, "User already exists")?;
    check_required(pool, &attrs)?;
    let record = match &req.password {
        Some(p) => {
            ops::check_password_policy(&pool.password_policy, p.expose_secret())?;
            Some(password_record(
                inner,
                &pool_id,
                &username,
                p.expose_secret(),
                None,
            )?)
        }
        None => None,
    };
    let mut user = new_user(inner, username.clone(), sub.clone(), attrs, "UNCONFIRMED");
    user.password = record;
    let destination = confirmation_destination(pool, &user);
    let mut response = SignUpResponse::new(false, sub);
    if let Some((medium, attribute, to)) = &destination {
        let code = new_code(inner, CONFIRMATION_CODE_MILLIS);
        let text = code.code.clone();
        user.confirmation_code = Some(code);
        response.code_delivery_details = Some(delivery(*medium, attribute, to));
        ops::pool_mut(&mut state, &pool_id)?
            .users
            .insert(username.clone(), user);
        ops::send(
            inner,
            &mut state,
            &pool_id,
            &username,
            *medium,
            Purpose::ConfirmationCode,
            to,
            &text,
        );
    } else {
        ops::pool_mut(&mut state, &pool_id)?
            .users
            .insert(username, user);
    }
    Ok(response)
}

fn confirm_sign_up(inner: &Inner, req: ConfirmSignUpRequest) -> ApiResult<ConfirmSignUpResponse> {
    let typed = req.username.expose_secret();
    let now = inner.now();
    let mut state = inner.state();
    let (pool_id, prevent) = public_client(
        &state,
        req.client_id.expose_secret(),
        typed,
        req.secret_hash.as_ref(),
    )?;
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let Some(username) = pool.resolve_username(typed) else {
        return Err(if prevent {
            ApiError::code_mismatch()
        } else {
            ApiError::user_not_found()
        });
    };
    let verify = {
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)?;
        if user.status != "UNCONFIRMED" {
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status
            )));
        }
        confirmation_destination(pool, user).map(|(_, attr, _)| attr)
    };
    let user = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    if user.confirmation_code.is_none() {
        return Err(ApiError::code_mismatch());
    }
    check_code(
        inner,
        &mut user.confirmation_code,
        req.confirmation_code.expose_secret(),
    )?;
    user.status = "CONFIRMED".to_owned();
    if let Some(attr) = verify {
        user.attributes
            .insert(format!("{attr}_verified"), "true".to_owned());
    }
    user.last_modified = now;
    Ok(ConfirmSignUpResponse::default())
}

fn resend_confirmation_code(
    inner: &Inner,
    req: ResendConfirmationCodeRequest,
) -> ApiResult<ResendConfirmationCodeResponse> {
    let typed = req.username.expose_secret();
    let mut state = inner.state();
    let (pool_id, prevent) = public_client(
        &state,
        req.client_id.expose_secret(),
        typed,
        req.secret_hash.as_ref(),
    )?;
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let mut response = ResendConfirmationCodeResponse::default();
    let Some(username) = pool.resolve_username(typed) else {
        if prevent {
            response.code_delivery_details = Some(simulated_delivery(typed));
            return Ok(response);
        }
        return Err(ApiError::user_not_found());
    };
    let user = pool
        .users
        .get(&username)
        .ok_or_else(ApiError::user_not_found)?;
    if user.status != "UNCONFIRMED" {
        return Err(ApiError::invalid_parameter("User is already confirmed."));
    }
    let Some((medium, attribute, to)) = confirmation_destination(pool, user) else {
        return Err(ApiError::invalid_parameter(
            "Cannot resend codes. Auto verification not turned on.",
        ));
    };
    let code = new_code(inner, CONFIRMATION_CODE_MILLIS);
    let text = code.code.clone();
    if let Some(user) = pool.users.get_mut(&username) {
        user.confirmation_code = Some(code);
    }
    response.code_delivery_details = Some(delivery(medium, attribute, &to));
    ops::send(
        inner,
        &mut state,
        &pool_id,
        &username,
        medium,
        Purpose::ConfirmationCode,
        &to,
        &text,
    );
    Ok(response)
}

fn forgot_password(inner: &Inner, req: ForgotPasswordRequest) -> ApiResult<ForgotPasswordResponse> {
    let typed = req.username.expose_secret();
    let mut state = inner.state();
    let (pool_id, prevent) = public_client(
        &state,
        req.client_id.expose_secret(),
        typed,
        req.secret_hash.as_ref(),
    )?;
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let mut response = ForgotPasswordResponse::default();
    let user = pool
        .resolve_username(typed)
        .and_then(|u| pool.users.get(&u));
    let user = match user {
        Some(u) if u.enabled => u,
        Some(_) if !prevent => return Err(ApiError::not_authorized("User is disabled.")),
        None if !prevent => return Err(ApiError::user_not_found()),
        _ => {
            response.code_delivery_details = Some(simulated_delivery(typed));
            return Ok(response);
        }
    };
    if user.status == "FORCE_CHANGE_PASSWORD" {
        return Err(ApiError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    let (medium, attribute, to) = recovery_destination(user)?;
    let username = user.username.clone();
    let code = new_code(inner, RESET_CODE_MILLIS);
    let text = code.code.clone();
    if let Some(user) = pool.users.get_mut(&username) {
        user.reset_code = Some(code);
    }
    response.code_delivery_details = Some(delivery(medium, attribute, &to));
    ops::send(
        inner,
        &mut state,
        &pool_id,
        &username,
        medium,
        Purpose::ResetCode,
        &to,
        &text,
    );
    Ok(response)
}

fn confirm_forgot_password(
    inner: &Inner,
    req: ConfirmForgotPasswordRequest,
) -> ApiResult<ConfirmForgotPasswordResponse> {
    let typed = req.username.expose_secret();
    let now = inner.now();
    let mut state = inner.state();
    let (pool_id, prevent) = public_client(
        &state,
        req.client_id.expose_secret(),
        typed,
        req.secret_hash.as_ref(),
    )?;
    let pool = ops::pool_mut(&mut state, &pool_id)?;
    let user = pool
        .resolve_username(typed)
        .and_then(|u| pool.users.get(&u));
    let username = match user {
        Some(u) if u.enabled => u.username.clone(),
        Some(_) if !prevent => return Err(ApiError::not_authorized("User is disabled.")),
        None if !prevent => return Err(ApiError::user_not_found()),
        _ => return Err(ApiError::code_mismatch()),
    };
    let policy = pool.password_policy.clone();
    let user = pool
        .users
        .get_mut(&username)
        .ok_or_else(ApiError::user_not_found)?;
    // Check the policy before the code so a rejected password does not use the code up.
    ops::check_password_policy(&policy, req.password.expose_secret())?;
    check_code(
        inner,
        &mut user.reset_code,
        req.confirmation_code.expose_secret(),
    )?;
    let record = password_record(
        inner,
        &pool_id,
        &username,
        req.password.expose_secret(),
        None,
    )?;
    let user = user_mut(&mut state, &pool_id, &username)?;
    user.password = Some(record);
    user.status = "CONFIRMED".to_owned();
    user.lockout = Lockout::default();
    user.last_modified = now;
    Ok(ConfirmForgotPasswordResponse::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        let f = Filter::parse(r#"email ^= "ali""#).ok().flatten();
        assert_eq!(
            f,
            Some(Filter {
                attribute: "email".into(),
                prefix: true,
                value: "ali".into()
            })
        );
        let f = Filter::parse(r#""username"="bob""#).ok().flatten();
        assert_eq!(
            f.map(|f| (f.attribute, f.prefix)),
            Some(("username".into(), false))
        );
        assert!(Filter::parse("email").is_err());
        assert!(Filter::parse(r#"custom:x = "1""#).is_err());
        assert!(Filter::parse(r#"email = bob"#).is_err());
        assert!(matches!(Filter::parse("  "), Ok(None)));
        let f = Filter::parse(r#"name = "a^=b=c""#).ok().flatten();
        assert_eq!(
            f.map(|f| (f.prefix, f.value)),
            Some((false, "a^=b=c".into()))
        );
    }

    /// The stored salt and verifier answer a real SRP exchange for the password, and about
    /// half the salts are negative (spec §6.2).
    #[test]
    fn passwords_are_stored_as_srp_verifiers() {
        use cognito_flow_srp::{
            PrivateEphemeral, ServerChallenge, SrpClient, SrpServer, Timestamp,
        };

        let emulator = crate::Emulator::builder()
            .seed(7)
            .clock(crate::Clock::manual(1_000))
            .build();
        let call = |op: &str, body: Value| {
            emulator
                .call(op, &body.to_string())
                .unwrap_or_else(|e| panic!("{op}: {e}"))
        };
        let out: Value = serde_json::from_str(&call("CreateUserPool", json!({"PoolName": "p"})))
            .unwrap_or_default();
        let pool = out["UserPool"]["Id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for i in 0..40 {
            call(
                "AdminCreateUser",
                json!({"UserPoolId": pool, "Username": format!("u{i}"), "MessageAction": "SUPPRESS"}),
            );
        }
        call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": "u0", "Password": "Passw0rd!", "Permanent": true}),
        );
        let (records, negative) = {
            let state = emulator.inner.state();
            let users = &state.pools[&pool].users;
            let negative = users
                .values()
                .filter_map(|u| u.password.as_ref())
                .filter(|p| p.salt.starts_with('-'))
                .count();
            (users["u0"].password.clone(), negative)
        };
        assert!(
            (8..=32).contains(&negative),
            "{negative} of 40 salts negative"
        );
        let record = records.unwrap_or_else(|| panic!("a password record"));
        assert_eq!(record.temporary_expires_at, None);

        let verifier =
            Verifier::from_hex(&record.salt, &record.verifier).unwrap_or_else(|e| panic!("{e}"));
        let client = SrpClient::new(
            PrivateEphemeral::from_be_bytes(&[0x5a; 64]).unwrap_or_else(|e| panic!("{e}")),
        );
        let server = SrpServer::new(
            &verifier,
            client.srp_a(),
            PrivateEphemeral::from_be_bytes(&[0x3c; 32]).unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let challenge = ServerChallenge::parse(&record.salt, server.srp_b(), "AAEC")
            .unwrap_or_else(|e| panic!("{e}"));
        let when = Timestamp::from_unix_seconds(1_709_622_249);
        let claim = client
            .password_claim(&pool, "u0", "Passw0rd!", &challenge, &when)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            server
                .verify_password_claim(&pool, "u0", &[0, 1, 2], &when, claim.signature())
                .is_ok()
        );
        let wrong = client
            .password_claim(&pool, "u0", "Passw0rd?", &challenge, &when)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            server
                .verify_password_claim(&pool, "u0", &[0, 1, 2], &when, wrong.signature())
                .is_err()
        );
        // Temporary passwords carry their expiry (7 days by default).
        let state = emulator.inner.state();
        let temp = state.pools[&pool].users["u1"]
            .password
            .as_ref()
            .and_then(|p| p.temporary_expires_at);
        assert_eq!(temp, Some(emulator.inner.now() + 7 * 86_400_000));
    }

    #[test]
    fn shapes_of_emails_and_phones() {
        assert!(looks_like_email("a@b.c"));
        assert!(!looks_like_email("a@"));
        assert!(looks_like_phone("+15555550100"));
        assert!(!looks_like_phone("15555550100"));
    }
}
