//! Remembered devices: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice`, `GetDevice`,
//! `ListDevices` and the `Admin*` twins (spec §3.7–3.11, §3.26, §3.27, §6.9, §8.10). The
//! sign-in side — `NewDeviceMetadata`, `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER` — lives in
//! `auth.rs`; it creates devices with [`create`].
//!
//! # Behaviour where Cognito's is not documented
//!
//! * A device exists from the sign-in that returned its `NewDeviceMetadata`; until
//!   `ConfirmDevice` stores its verifier it is *unconfirmed*: `GetDevice`, `UpdateDeviceStatus`
//!   and `ForgetDevice` reach it, `ListDevices` does not list it, and it never suppresses MFA.
//! * `ConfirmDevice` needs `DeviceSecretVerifierConfig` with both members
//!   (`InvalidParameterException` otherwise); a second `ConfirmDevice` of the same device is
//!   `DeviceKeyExistsException` "Device key already exists.".
//! * `UpdateDeviceStatus` without `DeviceRememberedStatus` changes nothing.
//! * `Limit` 0 or absent lists up to 60 devices; the `PaginationToken` is the key of the next
//!   device.
//!
//! # Error messages
//!
//! | Situation | Code | Message |
//! |---|---|---|
//! | `DeviceKey` not shaped `{region}_{hex}` | `InvalidParameterException` | `Invalid device key given.` |
//! | `DeviceKey` not a device of the user | `ResourceNotFoundException` | `Device does not exist.` |
//! | `AccessToken` missing (`ForgetDevice`, `GetDevice`) | `InvalidParameterException` | `Missing required parameter AccessToken` |
//! | verifier config missing, not base64, or a verifier of 0 or ≥ N | `InvalidParameterException` | `Invalid DeviceSecretVerifierConfig: <member>` |
//! | device already confirmed | `DeviceKeyExistsException` | `Device key already exists.` |
//!
//! No message contains a token, a verifier or a salt.

use cognito_flow_srp::{SrpError, Verifier};
use cognito_flow_wire::{
    AdminForgetDeviceRequest, AdminGetDeviceRequest, AdminGetDeviceResponse,
    AdminListDevicesRequest, AdminListDevicesResponse, AdminUpdateDeviceStatusRequest,
    AdminUpdateDeviceStatusResponse, Attribute, ConfirmDeviceRequest, ConfirmDeviceResponse,
    Device, DeviceRememberedStatus, ForgetDeviceRequest, GetDeviceRequest, GetDeviceResponse,
    ListDevicesRequest, ListDevicesResponse, NewDeviceMetadata, SensitiveString, Timestamp,
    UpdateDeviceStatusRequest, UpdateDeviceStatusResponse,
};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::{self, Ctx, run};
use crate::state::{DeviceRecord, State};

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "ForgetDevice",
    "GetDevice",
    "ListDevices",
    "AdminGetDevice",
    "AdminListDevices",
    "AdminUpdateDeviceStatus",
    "AdminForgetDevice",
];

/// Runs one of [`OPERATIONS`]; `None` for any other operation.
pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "ConfirmDevice" => run(body, |r| confirm_device(inner, r)),
        "UpdateDeviceStatus" => run(body, |r: UpdateDeviceStatusRequest| {
            let mut state = inner.state();
            let (pool_id, username) = by_token(inner, &state, Some(&r.access_token))?;
            let status = r.device_remembered_status.as_ref();
            update_status(
                inner,
                &mut state,
                &pool_id,
                &username,
                &r.device_key,
                status,
            )?;
            Ok(UpdateDeviceStatusResponse::default())
        }),
        "AdminUpdateDeviceStatus" => run(body, |r: AdminUpdateDeviceStatusRequest| {
            let mut state = inner.state();
            let username = by_admin(&state, &r.user_pool_id, &r.username)?;
            let status = r.device_remembered_status.as_ref();
            update_status(
                inner,
                &mut state,
                &r.user_pool_id,
                &username,
                &r.device_key,
                status,
            )?;
            Ok(AdminUpdateDeviceStatusResponse::default())
        }),
        "ForgetDevice" => run(body, |r: ForgetDeviceRequest| {
            let mut state = inner.state();
            let (pool_id, username) = by_token(inner, &state, r.access_token.as_ref())?;
            forget(&mut state, &pool_id, &username, &r.device_key)?;
            Ok(serde_json::Map::new())
        }),
        "AdminForgetDevice" => run(body, |r: AdminForgetDeviceRequest| {
            let mut state = inner.state();
            let username = by_admin(&state, &r.user_pool_id, &r.username)?;
            forget(&mut state, &r.user_pool_id, &username, &r.device_key)?;
            Ok(serde_json::Map::new())
        }),
        "GetDevice" => run(body, |r: GetDeviceRequest| {
            let state = inner.state();
            let (pool_id, username) = by_token(inner, &state, r.access_token.as_ref())?;
            let device = device(&state, &pool_id, &username, &r.device_key)?;
            Ok(GetDeviceResponse::new(device_type(device)))
        }),
        "AdminGetDevice" => run(body, |r: AdminGetDeviceRequest| {
            let state = inner.state();
            let username = by_admin(&state, &r.user_pool_id, &r.username)?;
            let device = device(&state, &r.user_pool_id, &username, &r.device_key)?;
            Ok(AdminGetDeviceResponse::new(device_type(device)))
        }),
        "ListDevices" => run(body, |r: ListDevicesRequest| {
            let state = inner.state();
            let (pool_id, username) = by_token(inner, &state, Some(&r.access_token))?;
            let (devices, next) = list(
                &state,
                &pool_id,
                &username,
                r.limit,
                r.pagination_token.as_deref(),
            )?;
            let mut out = ListDevicesResponse::default();
            out.devices = Some(devices);
            out.pagination_token = next;
            Ok(out)
        }),
        "AdminListDevices" => run(body, |r: AdminListDevicesRequest| {
            let state = inner.state();
            let username = by_admin(&state, &r.user_pool_id, &r.username)?;
            let (devices, next) = list(
                &state,
                &r.user_pool_id,
                &username,
                r.limit,
                r.pagination_token.as_deref(),
            )?;
            let mut out = AdminListDevicesResponse::default();
            out.devices = Some(devices);
            out.pagination_token = next;
            Ok(out)
        }),
        _ => None,
    }
}

/// `ResourceNotFoundException` "Device does not exist." — an unknown or forgotten device,
/// here and in sign-in (the message the reference clients look for, spec §5.10).
pub(crate) fn not_found() -> ApiError {
    ApiError::resource_not_found("Device does not exist.")
}

const ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Starts tracking a new device for `username` (canonical) after a sign-in on a pool with
/// device tracking: key `{region}_{uuid}`, group key `-` + 9 alphanumerics, unconfirmed and
/// not remembered. Returns the `NewDeviceMetadata` to send.
///
/// # Errors
///
/// `ResourceNotFoundException` for an unknown pool, `UserNotFoundException` for an unknown
/// user.
pub(crate) fn create(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    username: &str,
) -> ApiResult<NewDeviceMetadata> {
    let pool = ops::pool_mut(state, pool_id)?;
    let key = format!("{}_{}", pool.region(), inner.random.uuid());
    let alphabet = u32::try_from(ALNUM.len()).unwrap_or(1);
    let group_key: String = std::iter::once('-')
        .chain((0..9).map(|_| {
            let i = usize::try_from(inner.random.below(alphabet)).unwrap_or(0);
            ALNUM.get(i).copied().map_or('0', char::from)
        }))
        .collect();
    let user = pool
        .users
        .get_mut(username)
        .ok_or_else(ApiError::user_not_found)?;
    let now = inner.now();
    user.devices.insert(
        key.clone(),
        DeviceRecord {
            key: key.clone(),
            group_key: group_key.clone(),
            name: None,
            salt: None,
            verifier: None,
            remembered: false,
            created: now,
            last_modified: now,
            last_authenticated: now,
        },
    );
    let mut metadata = NewDeviceMetadata::default();
    metadata.device_key = Some(key);
    metadata.device_group_key = Some(group_key);
    Ok(metadata)
}

/// The pool and canonical username of an access token (spec §1.3).
fn by_token(
    inner: &Inner,
    state: &State,
    token: Option<&SensitiveString>,
) -> ApiResult<(String, String)> {
    let token = token.ok_or_else(|| ApiError::missing("AccessToken"))?;
    let (pool_id, username, _) =
        ops::tokens::authorize_access_token(inner, state, token.expose_secret())?;
    Ok((pool_id, username))
}

/// The canonical username of an `Admin*` request's `Username` (a username, alias or `sub`).
fn by_admin(state: &State, pool_id: &str, username: &SensitiveString) -> ApiResult<String> {
    ops::pool(state, pool_id)?
        .resolve_username(username.expose_secret())
        .ok_or_else(ApiError::user_not_found)
}

/// `DeviceKeyType`: 1–55 characters matching `[\w-]+_[0-9a-f-]+`.
fn check_key(key: &str) -> ApiResult<()> {
    let shaped = key.len() <= 55
        && key.rsplit_once('_').is_some_and(|(head, tail)| {
            !head.is_empty()
                && !tail.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && tail
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'-'))
        });
    if shaped {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter("Invalid device key given."))
    }
}

fn device<'a>(
    state: &'a State,
    pool_id: &str,
    username: &str,
    key: &str,
) -> ApiResult<&'a DeviceRecord> {
    check_key(key)?;
    ops::pool(state, pool_id)?
        .users
        .get(username)
        .ok_or_else(ApiError::user_not_found)?
        .devices
        .get(key)
        .ok_or_else(not_found)
}

fn device_mut<'a>(
    state: &'a mut State,
    pool_id: &str,
    username: &str,
    key: &str,
) -> ApiResult<&'a mut DeviceRecord> {
    check_key(key)?;
    ops::pool_mut(state, pool_id)?
        .users
        .get_mut(username)
        .ok_or_else(ApiError::user_not_found)?
        .devices
        .get_mut(key)
        .ok_or_else(not_found)
}

/// `ConfirmDevice` (spec §3.7, §6.9): stores the device's SRP verifier and name; the device is
/// remembered at once unless the pool asks the user first (`DeviceOnlyRememberedOnUserPrompt`).
fn confirm_device(inner: &Inner, r: ConfirmDeviceRequest) -> ApiResult<ConfirmDeviceResponse> {
    let mut state = inner.state();
    let (pool_id, username) = by_token(inner, &state, Some(&r.access_token))?;
    if let Some(name) = &r.device_name {
        let len = name.chars().count();
        if len == 0 || len > 1024 {
            return Err(ApiError::invalid_parameter(
                "1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length less than or equal to 1024 and greater than or equal to 1",
            ));
        }
    }
    let prompt = ops::pool(&state, &pool_id)?
        .device_config
        .is_some_and(|c| c.device_only_remembered_on_user_prompt);
    let device = device_mut(&mut state, &pool_id, &username, &r.device_key)?;
    if device.verifier.is_some() {
        return Err(ApiError::new(
            "DeviceKeyExistsException",
            "Device key already exists.",
        ));
    }
    let config = r.device_secret_verifier_config.unwrap_or_default();
    let invalid = |member: &str| {
        ApiError::invalid_parameter(format!("Invalid DeviceSecretVerifierConfig: {member}"))
    };
    let salt = config.salt.as_deref().ok_or_else(|| invalid("Salt"))?;
    let password_verifier = config
        .password_verifier
        .as_deref()
        .ok_or_else(|| invalid("PasswordVerifier"))?;
    let verifier = Verifier::from_device_config(salt, password_verifier).map_err(|e| match e {
        SrpError::NotBase64 { name } | SrpError::Empty { name } | SrpError::TooLong { name } => {
            invalid(name)
        }
        _ => invalid("PasswordVerifier"),
    })?;
    let now = inner.now();
    device.salt = Some(verifier.salt().to_hex());
    device.verifier = Some(verifier.verifier_hex());
    if r.device_name.is_some() {
        device.name = r.device_name;
    }
    device.remembered = !prompt;
    device.last_modified = now;
    let mut out = ConfirmDeviceResponse::default();
    out.user_confirmation_necessary = Some(prompt);
    Ok(out)
}

/// `UpdateDeviceStatus` / `AdminUpdateDeviceStatus` (spec §3.8, §3.9).
fn update_status(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    username: &str,
    key: &str,
    status: Option<&DeviceRememberedStatus>,
) -> ApiResult<()> {
    let remembered = match status {
        None => None,
        Some(DeviceRememberedStatus::Remembered) => Some(true),
        Some(DeviceRememberedStatus::NotRemembered) => Some(false),
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
                other.as_str()
            )));
        }
    };
    let now = inner.now();
    let device = device_mut(state, pool_id, username, key)?;
    if let Some(remembered) = remembered {
        device.remembered = remembered;
        device.last_modified = now;
    }
    Ok(())
}

/// `ForgetDevice` / `AdminForgetDevice` (spec §3.10, §3.11): the device is gone; signing in
/// with its key is `ResourceNotFoundException` and its refresh tokens stop working.
fn forget(state: &mut State, pool_id: &str, username: &str, key: &str) -> ApiResult<()> {
    device(state, pool_id, username, key)?;
    if let Some(user) = state
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(username))
    {
        user.devices.remove(key);
    }
    Ok(())
}

/// One page of the user's confirmed devices, and the token of the next page.
fn list(
    state: &State,
    pool_id: &str,
    username: &str,
    limit: Option<i32>,
    token: Option<&str>,
) -> ApiResult<(Vec<Device>, Option<String>)> {
    let limit = limit.unwrap_or(0);
    if !(0..=60).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {}",
            if limit < 0 {
                "greater than or equal to 0"
            } else {
                "less than or equal to 60"
            }
        )));
    }
    let limit = if limit == 0 {
        60
    } else {
        usize::try_from(limit).unwrap_or(60)
    };
    let user = ops::pool(state, pool_id)?
        .users
        .get(username)
        .ok_or_else(ApiError::user_not_found)?;
    let confirmed: Vec<&DeviceRecord> = user
        .devices
        .values()
        .filter(|d| d.verifier.is_some())
        .collect();
    let start = match token {
        None => 0,
        Some(t) => confirmed
            .iter()
            .position(|d| d.key == t)
            .ok_or_else(|| ApiError::invalid_parameter("Invalid pagination token."))?,
    };
    let end = start.saturating_add(limit).min(confirmed.len());
    let next = confirmed.get(end).map(|d| d.key.clone());
    let page = confirmed
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|d| device_type(d))
        .collect();
    Ok((page, next))
}

#[allow(clippy::cast_precision_loss)] // milliseconds since 1970 are far below 2^53
fn timestamp(millis: i64) -> Option<Timestamp> {
    Timestamp::from_epoch_seconds_f64(millis as f64 / 1000.0)
}

/// `DeviceType`: key, attributes (`device_status`, `device_name`,
/// `dev:device_remembered_status`) and dates in epoch seconds.
fn device_type(d: &DeviceRecord) -> Device {
    let mut attributes = vec![Attribute::with_value("device_status", "valid")];
    if let Some(name) = &d.name {
        attributes.push(Attribute::with_value("device_name", name.as_str()));
    }
    attributes.push(Attribute::with_value(
        "dev:device_remembered_status",
        if d.remembered {
            "remembered"
        } else {
            "not_remembered"
        },
    ));
    let mut out = Device::default();
    out.device_key = Some(d.key.clone());
    out.device_attributes = Some(attributes);
    out.device_create_date = timestamp(d.created);
    out.device_last_modified_date = timestamp(d.last_modified);
    out.device_last_authenticated_date = timestamp(d.last_authenticated);
    out
}

#[cfg(test)]
mod tests {
    use super::check_key;

    #[test]
    fn device_keys_are_checked_for_shape() {
        assert!(check_key("us-east-1_0f1e2d3c-4b5a-4697-8887-766554433221").is_ok());
        assert!(check_key("eu_west_1_abc").is_ok());
        for bad in [
            "",
            "nounderscore",
            "_abc",
            "us-east-1_",
            "us-east-1_XYZ",
            "us east_abc",
        ] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
        assert!(check_key(&format!("r_{}", "a".repeat(54))).is_err());
    }
}
