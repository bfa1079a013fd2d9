//! Lambda triggers as HTTP webhooks.
//!
//! A pool's `LambdaConfig` names each trigger by an `http://` URL, or by a Lambda ARN that
//! [`EmulatorConfig::lambda_endpoints`](crate::EmulatorConfig) maps to one. The emulator POSTs
//! the trigger event — the JSON document Cognito gives a Lambda function (`version`,
//! `triggerSource`, `region`, `userPoolId`, `userName`, `callerContext`, `request`,
//! `response`) — and reads the event back, modified in `response`, as a Lambda function
//! returns it. One URL may serve every trigger: the event's `triggerSource` tells them apart.
//!
//! # What a webhook answers
//!
//! | Answer | Result |
//! |---|---|
//! | 2xx, the event as JSON (its `response` filled in) | the trigger's decision |
//! | any status, a JSON object with a string `errorMessage` (a Lambda function error, as Lambda's `Invoke` reports it) | `UserLambdaValidationException` "`<Trigger>` failed with error `<errorMessage>`." |
//! | no answer within [`EmulatorConfig::trigger_timeout`](crate::EmulatorConfig) | `UnexpectedLambdaException` "`<Trigger>` invocation failed due to error Socket timeout while invoking Lambda function." |
//! | connection refused, another status, not HTTP | `UnexpectedLambdaException` "`<Trigger>` invocation failed due to error …" |
//! | 2xx, not JSON | `InvalidLambdaResponseException` "Invalid lambda function output : Invalid JSON" |
//! | 2xx, JSON without a `response` object, or with members of the wrong type | `InvalidLambdaResponseException` "Unrecognizable lambda output" |
//!
//! # Where the emulator calls
//!
//! Only `http://` URLs on loopback (`127.0.0.0/8`, `::1`, `localhost`) or on a host listed in
//! [`EmulatorConfig::trigger_allowed_hosts`](crate::EmulatorConfig): `CreateUserPool` and
//! `UpdateUserPool` refuse any other URL, and the call itself checks again. The client is a
//! small blocking HTTP/1.1 client on a `std` socket with connect, write and read deadlines:
//! operations run synchronously (on tokio's blocking pool behind the HTTP front, or on the
//! caller's thread through [`Emulator::call`](crate::Emulator::call)), where an async client
//! would need `block_on`, which panics inside a runtime.
//!
//! PostAuthentication and PreTokenGeneration run while tokens are issued, with the emulator's
//! state locked: their webhooks must not call the emulator back (the call would wait for the
//! trigger timeout).
//!
//! Nothing of an event or an answer is logged: one debug line per call names the trigger, the
//! outcome and the latency.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs as _};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::setup::validation;
use crate::state::{LambdaConfig, Pool, State, User};

/// A trigger the emulator invokes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    PreAuthentication,
    PostAuthentication,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
    PreTokenGeneration,
}

impl Trigger {
    /// The `LambdaConfig` member, also the name in Cognito's error messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::PreAuthentication => "PreAuthentication",
            Self::PostAuthentication => "PostAuthentication",
            Self::DefineAuthChallenge => "DefineAuthChallenge",
            Self::CreateAuthChallenge => "CreateAuthChallenge",
            Self::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            Self::PreTokenGeneration => "PreTokenGeneration",
        }
    }

    /// The configured target (URL or ARN), if any.
    pub(crate) fn target(self, config: &LambdaConfig) -> Option<&str> {
        match self {
            Self::PreAuthentication => config.pre_authentication.as_deref(),
            Self::PostAuthentication => config.post_authentication.as_deref(),
            Self::DefineAuthChallenge => config.define_auth_challenge.as_deref(),
            Self::CreateAuthChallenge => config.create_auth_challenge.as_deref(),
            Self::VerifyAuthChallengeResponse => config.verify_auth_challenge_response.as_deref(),
            Self::PreTokenGeneration => config.pre_token_generation.as_deref(),
        }
        .filter(|t| !t.is_empty())
    }

    fn slot(self, config: &mut LambdaConfig) -> &mut Option<String> {
        match self {
            Self::PreAuthentication => &mut config.pre_authentication,
            Self::PostAuthentication => &mut config.post_authentication,
            Self::DefineAuthChallenge => &mut config.define_auth_challenge,
            Self::CreateAuthChallenge => &mut config.create_auth_challenge,
            Self::VerifyAuthChallengeResponse => &mut config.verify_auth_challenge_response,
            Self::PreTokenGeneration => &mut config.pre_token_generation,
        }
    }

    const ALL: [Self; 6] = [
        Self::PreAuthentication,
        Self::PostAuthentication,
        Self::DefineAuthChallenge,
        Self::CreateAuthChallenge,
        Self::VerifyAuthChallengeResponse,
        Self::PreTokenGeneration,
    ];
}

/// The common parameters of an event: the pool, the app client, the user.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller<'a> {
    pub(crate) pool_id: &'a str,
    pub(crate) client_id: &'a str,
    /// The canonical username, or the name as typed for an unknown user.
    pub(crate) user_name: &'a str,
}

/// `InvalidLambdaResponseException` for an answer of the wrong shape.
pub(crate) fn unrecognizable() -> ApiError {
    ApiError::new(
        "InvalidLambdaResponseException",
        "Unrecognizable lambda output",
    )
}

/// `InvalidUserPoolConfigurationException` for a custom-auth trigger that is not configured.
pub(crate) fn not_configured() -> ApiError {
    ApiError::new(
        "InvalidUserPoolConfigurationException",
        "Custom auth lambda trigger is not configured for the user pool.",
    )
}

fn unexpected(trigger: Trigger, reason: &str) -> ApiError {
    ApiError::new(
        "UnexpectedLambdaException",
        format!(
            "{} invocation failed due to error {reason}.",
            trigger.name()
        ),
    )
}

/// Invokes `trigger` at `target` with an event made of `caller`, `source`, `version`,
/// `request` and `response`; returns the `response` object of the event the webhook sent back.
#[allow(clippy::too_many_arguments)]
pub(crate) fn invoke(
    inner: &Inner,
    target: &str,
    trigger: Trigger,
    source: &str,
    version: &str,
    caller: Caller<'_>,
    request: Value,
    response: Value,
) -> ApiResult<Map<String, Value>> {
    let region = caller
        .pool_id
        .split_once('_')
        .map_or("us-east-1", |(r, _)| r);
    let event = json!({
        "version": version,
        "triggerSource": source,
        "region": region,
        "userPoolId": caller.pool_id,
        "userName": caller.user_name,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": caller.client_id,
        },
        "request": request,
        "response": response,
    });
    let started = Instant::now();
    let result = call(inner, target, trigger, &event);
    tracing::debug!(
        target: "cognito_emulator",
        trigger = trigger.name(),
        source,
        outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.code(),
        },
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "trigger"
    );
    result
}

fn call(
    inner: &Inner,
    target: &str,
    trigger: Trigger,
    event: &Value,
) -> ApiResult<Map<String, Value>> {
    let url = resolve(inner, target).map_err(|reason| unexpected(trigger, &reason))?;
    let body = serde_json::to_vec(event)
        .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?;
    let (status, answer) = post(&url, &body, inner.config.trigger_timeout)
        .map_err(|f| unexpected(trigger, &f.reason()))?;
    let parsed: Option<Value> = serde_json::from_slice(&answer).ok();
    if let Some(message) = parsed
        .as_ref()
        .and_then(|v| v.get("errorMessage"))
        .and_then(Value::as_str)
    {
        let message: String = message.chars().take(2048).collect();
        return Err(ApiError::new(
            "UserLambdaValidationException",
            format!("{} failed with error {message}.", trigger.name()),
        ));
    }
    if !(200..300).contains(&status) {
        return Err(unexpected(
            trigger,
            &format!("HTTP status {status} from the trigger webhook"),
        ));
    }
    let Some(parsed) = parsed else {
        return Err(ApiError::new(
            "InvalidLambdaResponseException",
            "Invalid lambda function output : Invalid JSON",
        ));
    };
    match parsed {
        Value::Object(mut event) => match event.remove("response") {
            Some(Value::Object(response)) => Ok(response),
            _ => Err(unrecognizable()),
        },
        _ => Err(unrecognizable()),
    }
}

// ---------------------------------------------------------------------------------------------
// The triggers around every sign-in
// ---------------------------------------------------------------------------------------------

/// A user's attributes as triggers see them: every attribute, `sub`, and
/// `cognito:user_status`.
pub(crate) fn user_attributes(user: &User) -> Value {
    let mut out: Map<String, Value> = user
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    out.insert("sub".into(), json!(user.sub));
    out.insert("cognito:user_status".into(), json!(user.status));
    Value::Object(out)
}

/// PreAuthentication (`PreAuthentication_Authentication`), before a sign-in verifies anything.
/// `user` is `None` for an unknown user of a client with `PreventUserExistenceErrors`
/// (`userNotFound: true`). The client metadata goes in `validationData`.
pub(crate) fn pre_authentication(
    inner: &Inner,
    lambda: &LambdaConfig,
    caller: Caller<'_>,
    user: Option<&User>,
    client_metadata: &BTreeMap<String, String>,
) -> ApiResult<()> {
    let Some(target) = Trigger::PreAuthentication.target(lambda) else {
        return Ok(());
    };
    let mut request = json!({
        "userAttributes": user.map_or_else(|| json!({}), user_attributes),
        "validationData": client_metadata,
    });
    if user.is_none() {
        request["userNotFound"] = json!(true);
    }
    invoke(
        inner,
        target,
        Trigger::PreAuthentication,
        "PreAuthentication_Authentication",
        "1",
        caller,
        request,
        json!({}),
    )?;
    Ok(())
}

/// PostAuthentication (`PostAuthentication_Authentication`), once a sign-in has succeeded and
/// before its tokens are issued. `newDeviceUsed` is true when the sign-in's device is not
/// confirmed yet.
pub(crate) fn post_authentication(
    inner: &Inner,
    state: &State,
    pool_id: &str,
    client_id: &str,
    username: &str,
    device_key: Option<&str>,
) -> ApiResult<()> {
    let Some(pool) = state.pools.get(pool_id) else {
        return Ok(());
    };
    let (Some(target), Some(user)) = (
        Trigger::PostAuthentication.target(&pool.lambda_config),
        pool.users.get(username),
    ) else {
        return Ok(());
    };
    let new_device = device_key
        .and_then(|k| user.devices.get(k))
        .is_some_and(|d| d.verifier.is_none());
    invoke(
        inner,
        target,
        Trigger::PostAuthentication,
        "PostAuthentication_Authentication",
        "1",
        Caller {
            pool_id,
            client_id,
            user_name: username,
        },
        json!({
            "userAttributes": user_attributes(user),
            "newDeviceUsed": new_device,
            "clientMetadata": {},
        }),
        json!({}),
    )?;
    Ok(())
}

/// Why tokens are minted (PreTokenGeneration's `triggerSource`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenSource {
    /// `TokenGeneration_Authentication`: a sign-in.
    Authentication,
    /// `TokenGeneration_RefreshTokens`: a refresh.
    RefreshTokens,
}

/// Claims no trigger may add, override or suppress (Cognito ignores them).
const RESERVED_CLAIMS: &[&str] = &[
    "acr",
    "amr",
    "at_hash",
    "aud",
    "auth_time",
    "azp",
    "client_id",
    "cognito:groups",
    "cognito:preferred_role",
    "cognito:roles",
    "cognito:username",
    "device_key",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "scope",
    "sub",
    "token_use",
    "username",
    "version",
];

/// PreTokenGeneration: lets the pool's trigger add, override and suppress claims of the ID
/// token (`V1_0`) or of both tokens (`V2_0`/`V3_0`, with scopes), and override the groups.
/// Claims in [`RESERVED_CLAIMS`] are left as they are. Runs just before the tokens are signed.
pub(crate) fn pre_token_generation(
    inner: &Inner,
    pool: &Pool,
    client_id: &str,
    user: &User,
    source: TokenSource,
    id: &mut Map<String, Value>,
    access: &mut Map<String, Value>,
) -> ApiResult<()> {
    let config = &pool.lambda_config;
    let Some(target) = Trigger::PreTokenGeneration.target(config) else {
        return Ok(());
    };
    let version = match config.pre_token_generation_version.as_deref() {
        Some("V2_0") => "2",
        Some("V3_0") => "3",
        _ => "1",
    };
    let groups: Vec<&String> = user.groups.iter().collect();
    let mut request = json!({
        "userAttributes": user_attributes(user),
        "groupConfiguration": {
            "groupsToOverride": groups,
            "iamRolesToOverride": [],
            "preferredRole": null,
        },
        "clientMetadata": {},
    });
    let details = if version == "1" {
        "claimsOverrideDetails"
    } else {
        if let Some(scope) = access.get("scope").and_then(Value::as_str) {
            request["scopes"] = json!(scope.split(' ').collect::<Vec<_>>());
        }
        "claimsAndScopeOverrideDetails"
    };
    let source_name = match source {
        TokenSource::Authentication => "TokenGeneration_Authentication",
        TokenSource::RefreshTokens => "TokenGeneration_RefreshTokens",
    };
    let mut response = Map::new();
    response.insert(details.into(), Value::Null);
    let mut answer = invoke(
        inner,
        target,
        Trigger::PreTokenGeneration,
        source_name,
        version,
        Caller {
            pool_id: &pool.id,
            client_id,
            user_name: &user.username,
        },
        request,
        Value::Object(response),
    )?;
    let details = match answer.remove(details) {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(d)) => d,
        Some(_) => return Err(unrecognizable()),
    };
    if version == "1" {
        apply_claims(&details, id, true)?;
    } else {
        if let Some(d) = object_member(&details, "idTokenGeneration")? {
            apply_claims(d, id, false)?;
        }
        if let Some(d) = object_member(&details, "accessTokenGeneration")? {
            apply_claims(d, access, false)?;
            apply_scopes(d, access)?;
        }
    }
    if let Some(groups) = object_member(&details, "groupOverrideDetails")? {
        apply_groups(groups, id, access)?;
    }
    Ok(())
}

fn object_member<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> ApiResult<Option<&'a Map<String, Value>>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(unrecognizable()),
    }
}

/// A member that must be a list of strings (absent or null: `None`).
pub(crate) fn string_list(map: &Map<String, Value>, key: &str) -> ApiResult<Option<Vec<String>>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(unrecognizable))
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(unrecognizable()),
    }
}

/// `claimsToAddOrOverride` then `claimsToSuppress`; `V1_0` allows string values only.
fn apply_claims(
    details: &Map<String, Value>,
    claims: &mut Map<String, Value>,
    strings_only: bool,
) -> ApiResult<()> {
    let free = |name: &str| !RESERVED_CLAIMS.contains(&name);
    match details.get("claimsToAddOrOverride") {
        None | Some(Value::Null) => {}
        Some(Value::Object(add)) => {
            for (name, value) in add {
                if strings_only && !value.is_string() {
                    return Err(unrecognizable());
                }
                if free(name) {
                    claims.insert(name.clone(), value.clone());
                }
            }
        }
        Some(_) => return Err(unrecognizable()),
    }
    for name in string_list(details, "claimsToSuppress")?.unwrap_or_default() {
        if free(&name) {
            claims.remove(&name);
        }
    }
    Ok(())
}

/// `scopesToAdd` and `scopesToSuppress` of a `V2_0` access-token answer.
fn apply_scopes(details: &Map<String, Value>, access: &mut Map<String, Value>) -> ApiResult<()> {
    let add = string_list(details, "scopesToAdd")?.unwrap_or_default();
    let suppress = string_list(details, "scopesToSuppress")?.unwrap_or_default();
    if add.is_empty() && suppress.is_empty() {
        return Ok(());
    }
    let mut scopes: Vec<String> = access
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or("")
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    for s in add {
        if !s.is_empty() && !s.contains(' ') && !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    scopes.retain(|s| !suppress.contains(s));
    if scopes.is_empty() {
        access.remove("scope");
    } else {
        access.insert("scope".into(), json!(scopes.join(" ")));
    }
    Ok(())
}

/// `groupOverrideDetails`: `cognito:groups` in both tokens, `cognito:roles` and
/// `cognito:preferred_role` in the ID token.
fn apply_groups(
    details: &Map<String, Value>,
    id: &mut Map<String, Value>,
    access: &mut Map<String, Value>,
) -> ApiResult<()> {
    if let Some(groups) = string_list(details, "groupsToOverride")? {
        for claims in [&mut *id, &mut *access] {
            if groups.is_empty() {
                claims.remove("cognito:groups");
            } else {
                claims.insert("cognito:groups".into(), json!(groups));
            }
        }
    }
    if let Some(roles) = string_list(details, "iamRolesToOverride")? {
        if roles.is_empty() {
            id.remove("cognito:roles");
        } else {
            id.insert("cognito:roles".into(), json!(roles));
        }
    }
    match details.get("preferredRole") {
        None | Some(Value::Null) => {}
        Some(Value::String(role)) => {
            id.insert("cognito:preferred_role".into(), json!(role));
        }
        Some(_) => return Err(unrecognizable()),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// LambdaConfig in the API
// ---------------------------------------------------------------------------------------------

/// `LambdaConfig` of `CreateUserPool` / `UpdateUserPool`: the supported triggers are checked
/// (an ARN, or an `http://` URL the emulator may call), the others kept as given.
pub(crate) fn lambda_config_from_api(
    inner: &Inner,
    value: Option<Value>,
) -> ApiResult<LambdaConfig> {
    let mut config = LambdaConfig::default();
    let members = match value {
        None | Some(Value::Null) => return Ok(config),
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(ApiError::serialization(
                "Start of structure or map found where not expected, or a member has the wrong type.",
            ));
        }
    };
    let wrong_type = || {
        ApiError::serialization(
            "Start of structure or map found where not expected, or a member has the wrong type.",
        )
    };
    let mut versioned = None;
    for (name, value) in members {
        if let Some(trigger) = Trigger::ALL.into_iter().find(|t| t.name() == name) {
            let target = value.as_str().ok_or_else(wrong_type)?;
            check_target(inner, &name, target)?;
            *trigger.slot(&mut config) = Some(target.to_owned());
        } else if name == "PreTokenGenerationConfig" {
            let c = value.as_object().ok_or_else(wrong_type)?;
            let arn = c.get("LambdaArn").and_then(Value::as_str).ok_or_else(|| {
                validation(
                    "lambdaConfig.preTokenGenerationConfig.lambdaArn",
                    None,
                    "Member must not be null",
                )
            })?;
            let version = c
                .get("LambdaVersion")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    validation(
                        "lambdaConfig.preTokenGenerationConfig.lambdaVersion",
                        None,
                        "Member must not be null",
                    )
                })?;
            if !["V1_0", "V2_0", "V3_0"].contains(&version) {
                return Err(validation(
                    "lambdaConfig.preTokenGenerationConfig.lambdaVersion",
                    Some(version),
                    "Member must satisfy enum value set: [V1_0, V2_0, V3_0]",
                ));
            }
            check_target(inner, "PreTokenGenerationConfig.LambdaArn", arn)?;
            versioned = Some((arn.to_owned(), version.to_owned()));
        } else {
            config.other.insert(name, value);
        }
    }
    // The two members name the same function (the model says so); the config wins, whatever
    // the order of the members.
    if let Some((arn, version)) = versioned {
        config.pre_token_generation = Some(arn);
        config.pre_token_generation_version = Some(version);
    }
    Ok(config)
}

/// `LambdaConfig` as `DescribeUserPool` and `ListUserPools` show it.
pub(crate) fn lambda_config_to_api(config: &LambdaConfig) -> Value {
    let mut out: Map<String, Value> = config
        .other
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for trigger in Trigger::ALL {
        if let Some(target) = trigger.target(config) {
            out.insert(trigger.name().into(), json!(target));
        }
    }
    if let (Some(arn), Some(version)) = (
        config.pre_token_generation.as_deref(),
        config.pre_token_generation_version.as_deref(),
    ) {
        out.insert(
            "PreTokenGenerationConfig".into(),
            json!({"LambdaArn": arn, "LambdaVersion": version}),
        );
    }
    Value::Object(out)
}

/// A trigger target of the API: an ARN (called through `lambda_endpoints`), or an `http://`
/// URL on a host the emulator may call.
fn check_target(inner: &Inner, member: &str, target: &str) -> ApiResult<()> {
    if target.starts_with("arn:") {
        if (20..=2048).contains(&target.len()) {
            return Ok(());
        }
        return Err(validation(
            &format!("lambdaConfig.{}", lower_camel(member)),
            Some(target),
            "Member must have length less than or equal to 2048 and greater than or equal to 20",
        ));
    }
    if target.starts_with("http://") || target.starts_with("https://") {
        return parse_url(target)
            .and_then(|url| check_host(inner, &url))
            .map_err(|why| ApiError::invalid_parameter(format!("LambdaConfig.{member}: {why}")));
    }
    Err(validation(
        &format!("lambdaConfig.{}", lower_camel(member)),
        Some(target),
        "Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)? (or, in this emulator, an http:// webhook URL)",
    ))
}

fn lower_camel(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Webhook addresses
// ---------------------------------------------------------------------------------------------

/// An `http://` URL, taken apart.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Url {
    /// The host as written, without the brackets of an IPv6 literal.
    host: String,
    port: u16,
    /// Path and query, at least `/`.
    path: String,
    /// The `Host` header.
    authority: String,
}

/// Parses an `http://host[:port][/path][?query]` URL (no user info, no TLS).
pub(crate) fn parse_url(text: &str) -> Result<Url, String> {
    if text.starts_with("https://") {
        return Err("the emulator calls plain http:// webhooks only".to_owned());
    }
    let Some(rest) = text.strip_prefix("http://") else {
        return Err("a webhook URL starts with http://".to_owned());
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_owned()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_owned()),
    };
    if authority.is_empty() || authority.contains('@') {
        return Err("a webhook URL needs a host (and no user info)".to_owned());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| "unclosed IPv6 literal in the webhook URL".to_owned())?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => 80,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| "invalid port in the webhook URL".to_owned())?,
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:".contains(c))
    {
        return Err("invalid host in the webhook URL".to_owned());
    }
    Ok(Url {
        host: host.to_owned(),
        port,
        path,
        authority: authority.to_owned(),
    })
}

/// Loopback, or a host the configuration allows.
fn check_host(inner: &Inner, url: &Url) -> Result<(), String> {
    let loopback = url.host.eq_ignore_ascii_case("localhost")
        || url.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let allowed = inner
        .config
        .trigger_allowed_hosts
        .iter()
        .any(|h| h.trim_matches(['[', ']']).eq_ignore_ascii_case(&url.host));
    if loopback || allowed {
        Ok(())
    } else {
        Err(format!(
            "the emulator calls only loopback webhooks and hosts allowed by its configuration \
             (trigger_allowed_hosts / --trigger-allow-host), not {}",
            url.host
        ))
    }
}

/// The webhook of a configured target: the URL itself, or the one an ARN maps to.
fn resolve(inner: &Inner, target: &str) -> Result<Url, String> {
    let text = if target.starts_with("arn:") {
        inner
            .config
            .lambda_endpoints
            .get(target)
            .ok_or_else(|| {
                format!(
                    "ResourceNotFoundException: no webhook is configured for {target} \
                     (lambda_endpoints / --trigger ARN=URL)"
                )
            })?
            .as_str()
    } else {
        target
    };
    let url = parse_url(text)?;
    check_host(inner, &url).map_err(|why| format!("AccessDeniedException: {why}"))?;
    Ok(url)
}

// ---------------------------------------------------------------------------------------------
// A small blocking HTTP/1.1 client
// ---------------------------------------------------------------------------------------------

/// The largest answer read (Lambda's synchronous payload limit).
const MAX_ANSWER_BYTES: usize = 6 << 20;

/// Why a webhook call failed before it produced an answer.
#[derive(Debug)]
enum Failure {
    Timeout,
    Io(std::io::ErrorKind),
    Protocol(&'static str),
}

impl Failure {
    fn reason(&self) -> String {
        match self {
            Self::Timeout => "Socket timeout while invoking Lambda function".to_owned(),
            Self::Io(kind) => format!("{kind:?} while invoking the trigger webhook"),
            Self::Protocol(what) => {
                format!("an unreadable answer from the trigger webhook ({what})")
            }
        }
    }

    fn from_io(e: &std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Self::Timeout,
            kind => Self::Io(kind),
        }
    }
}

fn remaining(deadline: Instant) -> Result<Duration, Failure> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or(Failure::Timeout)
}

/// POSTs `body` as JSON; returns the status and the body of the answer. The whole exchange,
/// connection included, must end within `timeout`.
fn post(url: &Url, body: &[u8], timeout: Duration) -> Result<(u16, Vec<u8>), Failure> {
    let deadline = Instant::now() + timeout;
    let addrs: Vec<SocketAddr> = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| Failure::Io(e.kind()))?
        .collect();
    let mut stream = None;
    let mut last = Failure::Io(std::io::ErrorKind::AddrNotAvailable);
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, remaining(deadline)?) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = Failure::from_io(&e),
        }
    }
    let Some(mut stream) = stream else {
        return Err(last);
    };
    let _ = stream.set_nodelay(true);

    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: cognito-flow-emulator\r\n\r\n",
        url.path,
        url.authority,
        body.len()
    );
    stream
        .set_write_timeout(Some(remaining(deadline)?))
        .map_err(|e| Failure::from_io(&e))?;
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| Failure::from_io(&e))?;

    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        stream
            .set_read_timeout(Some(remaining(deadline)?))
            .map_err(|e| Failure::from_io(&e))?;
        let eof = match stream.read(&mut chunk) {
            Ok(0) => true,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                false
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::from_io(&e)),
        };
        if buf.len() > MAX_ANSWER_BYTES {
            return Err(Failure::Protocol("the answer is too large"));
        }
        if let Some(done) = complete_response(&buf, eof)? {
            return Ok(done);
        }
        if eof {
            return Err(Failure::Protocol("the connection closed mid-answer"));
        }
    }
}

/// The status and body of `buf` once it holds a whole response (`None`: read on).
fn complete_response(buf: &[u8], eof: bool) -> Result<Option<(u16, Vec<u8>)>, Failure> {
    let mut start = 0;
    loop {
        let Some(end) = find(&buf[start..], b"\r\n\r\n").map(|i| start + i) else {
            return Ok(None);
        };
        let head = std::str::from_utf8(&buf[start..end])
            .map_err(|_| Failure::Protocol("the header is not text"))?;
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .filter(|l| l.starts_with("HTTP/1."))
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or(Failure::Protocol("no HTTP/1.x status line"))?;
        let body = &buf[end + 4..];
        if (100..200).contains(&status) {
            // An interim answer (100 Continue): the real one follows.
            start = end + 4;
            continue;
        }
        let mut length = None;
        let mut chunked = false;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| Failure::Protocol("a bad Content-Length"))?,
                );
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
        }
        return Ok(if chunked {
            dechunk(body)?.map(|b| (status, b))
        } else if let Some(length) = length {
            (body.len() >= length).then(|| (status, body[..length].to_vec()))
        } else if eof || status == 204 || status == 304 {
            Some((status, body.to_vec()))
        } else {
            None
        });
    }
}

/// The body of a chunked transfer, once its last chunk is in (`None`: read on).
fn dechunk(mut data: &[u8]) -> Result<Option<Vec<u8>>, Failure> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = find(data, b"\r\n") else {
            return Ok(None);
        };
        let size_text = std::str::from_utf8(&data[..line_end])
            .map_err(|_| Failure::Protocol("a bad chunk size"))?;
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| Failure::Protocol("a bad chunk size"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(Some(out));
        }
        if data.len() < size.saturating_add(2) {
            return Ok(None);
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_taken_apart() {
        let url = parse_url("http://127.0.0.1:8080/hooks/define?x=1#frag").unwrap_or_else(|e| {
            panic!("{e}");
        });
        assert_eq!(url.host, "127.0.0.1");
        assert_eq!(url.port, 8080);
        assert_eq!(url.path, "/hooks/define?x=1");
        assert_eq!(url.authority, "127.0.0.1:8080");
        let v6 = parse_url("http://[::1]:9/").map(|u| (u.host, u.port, u.path));
        assert_eq!(v6, Ok(("::1".to_owned(), 9, "/".to_owned())));
        let bare = parse_url("http://localhost?q").map(|u| (u.port, u.path));
        assert_eq!(bare, Ok((80, "/?q".to_owned())));
        assert!(parse_url("https://127.0.0.1/").is_err());
        assert!(parse_url("http://user@127.0.0.1/").is_err());
        assert!(parse_url("http://127.0.0.1:0/").is_err());
        assert!(parse_url("ftp://127.0.0.1/").is_err());
    }

    #[test]
    fn responses_are_framed() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        assert_eq!(
            complete_response(ok, false).ok().flatten(),
            Some((200, b"{}".to_vec()))
        );
        let partial = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}";
        assert_eq!(complete_response(partial, false).ok().flatten(), None);
        let chunked =
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n1;x\r\n}\r\n0\r\n\r\n";
        assert_eq!(
            complete_response(chunked, false).ok().flatten(),
            Some((200, b"{\"}".to_vec()))
        );
        let until_close = b"HTTP/1.0 500 Oops\r\n\r\nbroken";
        assert_eq!(complete_response(until_close, false).ok().flatten(), None);
        assert_eq!(
            complete_response(until_close, true).ok().flatten(),
            Some((500, b"broken".to_vec()))
        );
        assert!(complete_response(b"SSH-2.0\r\n\r\n", false).is_err());
    }
}
