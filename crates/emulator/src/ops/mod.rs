//! Operations, one module per area. Each module lists the operations it serves and dispatches
//! them; [`dispatch`] asks each in turn.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::outbox::{Medium, Message, Purpose};
use crate::state::{AppClient, PasswordPolicy, Pool, State};

pub(crate) mod auth;
pub(crate) mod devices;
pub(crate) mod mfa;
pub(crate) mod setup;
pub(crate) mod signing;
pub(crate) mod tokens;
pub(crate) mod triggers;
pub(crate) mod user_auth;
pub(crate) mod users;
pub(crate) mod webauthn;

/// What the HTTP front established about a request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ctx {
    /// A SigV4 `Authorization` header was present and accepted (or the call is in-process).
    /// Operations do not consult it yet: the front refuses unsigned admin calls itself.
    #[allow(dead_code)]
    pub(crate) admin_verified: bool,
}

type Dispatcher = fn(&Inner, &Ctx, &str, &[u8]) -> Option<ApiResult<Vec<u8>>>;

const MODULES: &[(&[&str], Dispatcher)] = &[
    (auth::OPERATIONS, auth::dispatch),
    (mfa::OPERATIONS, mfa::dispatch),
    (setup::OPERATIONS, setup::dispatch),
    (users::OPERATIONS, users::dispatch),
    (tokens::OPERATIONS, tokens::dispatch),
    (devices::OPERATIONS, devices::dispatch),
    (webauthn::OPERATIONS, webauthn::dispatch),
];

/// Whether any module serves `operation`.
pub(crate) fn is_known(operation: &str) -> bool {
    MODULES.iter().any(|(ops, _)| ops.contains(&operation))
}

/// Runs `operation` on its JSON `body`, then saves what it changed to the data directory (if
/// any) before the answer goes out — failed operations included (lockout counters).
pub(crate) fn dispatch(
    inner: &Inner,
    ctx: &Ctx,
    operation: &str,
    body: &[u8],
) -> ApiResult<Vec<u8>> {
    let result = dispatch_unsaved(inner, ctx, operation, body);
    crate::store::persist(inner, operation)?;
    result
}

fn dispatch_unsaved(inner: &Inner, ctx: &Ctx, operation: &str, body: &[u8]) -> ApiResult<Vec<u8>> {
    for (ops, run) in MODULES {
        if ops.contains(&operation)
            && let Some(result) = run(inner, ctx, operation, body)
        {
            return result;
        }
    }
    Err(ApiError::new(
        "UnknownOperationException",
        "The requested operation is not recognized by the service.",
    ))
}

/// Decodes a request body: malformed JSON or a wrong type is a `SerializationException`, a
/// missing required member an `InvalidParameterException` (as AWS JSON services answer).
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        match text.strip_prefix("missing field `") {
            Some(rest) => {
                let member = rest.split('`').next().unwrap_or("");
                ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
                    lower_camel(member)
                ))
            }
            // serde's message names the position and expected type, never a value's content
            // beyond what was malformed; keep only the category to stay secret-free.
            None => ApiError::serialization(match e.classify() {
                serde_json::error::Category::Data => "Start of structure or map found where not expected, or a member has the wrong type.",
                _ => "The request body is not valid JSON.",
            }),
        }
    })
}

fn lower_camel(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Encodes a response body.
pub(crate) fn encode<T: Serialize>(value: &T) -> ApiResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(|_| ApiError::new("InternalErrorException", "Internal error"))
}

/// Runs `f` on the decoded request and encodes its answer.
pub(crate) fn run<Req: DeserializeOwned, Resp: Serialize>(
    body: &[u8],
    f: impl FnOnce(Req) -> ApiResult<Resp>,
) -> Option<ApiResult<Vec<u8>>> {
    Some(decode::<Req>(body).and_then(f).and_then(|r| encode(&r)))
}

/// The pool, or `ResourceNotFoundException`.
pub(crate) fn pool<'a>(state: &'a State, pool_id: &str) -> ApiResult<&'a Pool> {
    state
        .pools
        .get(pool_id)
        .ok_or_else(|| ApiError::pool_not_found(pool_id))
}

/// The pool, mutable, or `ResourceNotFoundException`.
pub(crate) fn pool_mut<'a>(state: &'a mut State, pool_id: &str) -> ApiResult<&'a mut Pool> {
    state
        .pools
        .get_mut(pool_id)
        .ok_or_else(|| ApiError::pool_not_found(pool_id))
}

/// The pool id and app client of `client_id`, or `ResourceNotFoundException`.
pub(crate) fn client<'a>(
    state: &'a State,
    client_id: &str,
) -> ApiResult<(&'a Pool, &'a AppClient)> {
    let pool_id = state
        .client_index
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?;
    let pool = pool(state, pool_id)?;
    let client = pool
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)?;
    Ok((pool, client))
}

/// Checks `SECRET_HASH` (spec §7): required exactly when the client has a secret, computed
/// over `username` as sent.
pub(crate) fn check_secret_hash(
    client: &AppClient,
    username: &str,
    given: Option<&str>,
) -> ApiResult<()> {
    let Some(secret) = client.secret.as_deref() else {
        return Ok(());
    };
    let Some(given) = given else {
        return Err(ApiError::not_authorized(format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            client.id
        )));
    };
    let expected = cognito_flow_srp::secret_hash(username, &client.id, secret);
    if crate::totp::constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

/// Checks a raw `ClientSecret` (GetTokensFromRefreshToken, RevokeToken).
pub(crate) fn check_client_secret(client: &AppClient, given: Option<&str>) -> ApiResult<()> {
    match (client.secret.as_deref(), given) {
        (None, _) => Ok(()),
        (Some(secret), Some(given))
            if crate::totp::constant_time_eq(secret.as_bytes(), given.as_bytes()) =>
        {
            Ok(())
        }
        (Some(_), _) => Err(ApiError::not_authorized(format!(
            "Client {} is configured with secret but the client secret is wrong or missing",
            client.id
        ))),
    }
}

/// Checks a new password against the pool's policy (`InvalidPasswordException`).
pub(crate) fn check_password_policy(policy: &PasswordPolicy, password: &str) -> ApiResult<()> {
    let fail = |why: &str| {
        Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password does not conform to policy: {why}"),
        ))
    };
    if password.chars().count() < policy.minimum_length as usize {
        return fail("Password not long enough");
    }
    if password.chars().count() > 256
        || password.chars().any(char::is_whitespace) && password.trim() != password
    {
        return fail("Password must not begin or end with a space");
    }
    if policy.require_uppercase && !password.chars().any(char::is_uppercase) {
        return fail("Password must have uppercase characters");
    }
    if policy.require_lowercase && !password.chars().any(char::is_lowercase) {
        return fail("Password must have lowercase characters");
    }
    if policy.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if policy.require_symbols
        && !password
            .chars()
            .any(|c| "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-".contains(c))
    {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// Masks a destination as Cognito does in `CodeDeliveryDetails`: `a***@e***`, `+*******1234`.
pub(crate) fn mask(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***", first(local), first(domain))
    } else {
        let digits: Vec<char> = destination.chars().collect();
        let keep = digits.len().saturating_sub(4);
        digits
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 && *c == '+' {
                    '+'
                } else if i < keep {
                    '*'
                } else {
                    *c
                }
            })
            .collect()
    }
}

/// Records a message in the outbox.
#[allow(clippy::too_many_arguments)]
pub(crate) fn send(
    inner: &Inner,
    state: &mut State,
    pool_id: &str,
    username: &str,
    medium: Medium,
    purpose: Purpose,
    destination: &str,
    code: &str,
) {
    let what = match purpose {
        Purpose::MfaCode => "Your authentication code is",
        Purpose::SignInCode => "Your sign-in code is",
        Purpose::ConfirmationCode => "Your confirmation code is",
        Purpose::ResetCode => "Your password reset code is",
        Purpose::TemporaryPassword => "Your username is {username} and temporary password is",
        Purpose::VerificationCode => "Your verification code is",
    };
    let message = format!("{} {code}", what.replace("{username}", username));
    state.outbox.push(Message {
        user_pool_id: pool_id.to_owned(),
        username: username.to_owned(),
        medium,
        purpose,
        destination: destination.to_owned(),
        code: code.to_owned(),
        message,
        sent_at: inner.now(),
    });
}
