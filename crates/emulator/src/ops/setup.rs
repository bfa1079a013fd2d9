//! Pool and app-client management: `CreateUserPool`, `DescribeUserPool`, `UpdateUserPool`,
//! `DeleteUserPool`, `ListUserPools`, `SetUserPoolMfaConfig`, `GetUserPoolMfaConfig`, and the
//! `*UserPoolClient` operations.
//!
//! Request members are named as the AWS model spells them; members the emulator does not model
//! are ignored. As on AWS, `UpdateUserPool` and `UpdateUserPoolClient` reset every member the
//! request leaves out to its default (names, usernames/alias attributes, secrets and ids stay).

use serde::Deserialize;
use serde_json::{Value, json};

use crate::Inner;
use crate::error::{ApiError, ApiResult};
use crate::ops::{self, Ctx};
use crate::state::{
    AppClient, DeviceConfig, MfaMode, PasswordPolicy, Pool, State, TokenValidityUnits,
};

/// The operations this module serves.
pub(crate) const OPERATIONS: &[&str] = &[
    "CreateUserPool",
    "DescribeUserPool",
    "UpdateUserPool",
    "DeleteUserPool",
    "ListUserPools",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "CreateUserPoolClient",
    "DescribeUserPoolClient",
    "UpdateUserPoolClient",
    "DeleteUserPoolClient",
    "ListUserPoolClients",
];

pub(crate) fn dispatch(
    inner: &Inner,
    _ctx: &Ctx,
    op: &str,
    body: &[u8],
) -> Option<ApiResult<Vec<u8>>> {
    match op {
        "CreateUserPool" => ops::run(body, |req| create_user_pool(inner, req, None)),
        "DescribeUserPool" => ops::run(body, |req| describe_user_pool(inner, req)),
        "UpdateUserPool" => ops::run(body, |req| update_user_pool(inner, req)),
        "DeleteUserPool" => ops::run(body, |req| delete_user_pool(inner, req)),
        "ListUserPools" => ops::run(body, |req| list_user_pools(inner, req)),
        "SetUserPoolMfaConfig" => ops::run(body, |req| set_mfa_config(inner, req)),
        "GetUserPoolMfaConfig" => ops::run(body, |req| get_mfa_config(inner, req)),
        "CreateUserPoolClient" => ops::run(body, |req| create_client(inner, req, None)),
        "DescribeUserPoolClient" => ops::run(body, |req| describe_client(inner, req)),
        "UpdateUserPoolClient" => ops::run(body, |req| update_client(inner, req)),
        "DeleteUserPoolClient" => ops::run(body, |req| delete_client(inner, req)),
        "ListUserPoolClients" => ops::run(body, |req| list_clients(inner, req)),
        _ => None,
    }
}

/// Cognito's standard attributes (every pool has them).
pub(crate) const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];

/// The AWS JSON validation message: `1 validation error detected: Value 'v' at 'member'
/// failed to satisfy constraint: ...`. `value` is left out for sensitive members.
pub(crate) fn validation(member: &str, value: Option<&str>, constraint: &str) -> ApiError {
    let value = value.map_or_else(String::new, |v| format!(" '{v}'"));
    ApiError::invalid_parameter(format!(
        "1 validation error detected: Value{value} at '{member}' failed to satisfy constraint: {constraint}"
    ))
}

fn check_range(member: &str, value: i64, min: i64, max: i64) -> ApiResult<()> {
    if value < min {
        return Err(validation(
            member,
            Some(&value.to_string()),
            &format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if value > max {
        return Err(validation(
            member,
            Some(&value.to_string()),
            &format!("Member must have value less than or equal to {max}"),
        ));
    }
    Ok(())
}

fn check_enum(member: &str, value: &str, allowed: &[&str]) -> ApiResult<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(validation(
            member,
            Some(value),
            &format!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            ),
        ))
    }
}

/// `PoolName`, `ClientName`: 1–128 of `[\w\s+=,.@-]+`.
fn check_name(member: &str, name: &str) -> ApiResult<()> {
    let ok_char =
        |c: char| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c);
    if name.is_empty() || name.chars().count() > 128 {
        return Err(validation(
            member,
            Some(name),
            "Member must have length less than or equal to 128 and greater than or equal to 1",
        ));
    }
    if !name.chars().all(ok_char) {
        return Err(validation(
            member,
            Some(name),
            "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
        ));
    }
    Ok(())
}

fn millis_to_secs(ms: i64) -> f64 {
    // Timestamps are epoch seconds, fractional (spec §1.2).
    ms as f64 / 1000.0
}

// ---------------------------------------------------------------------------------------------
// User pools
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PasswordPolicyIn {
    pub(crate) minimum_length: Option<i64>,
    pub(crate) require_uppercase: Option<bool>,
    pub(crate) require_lowercase: Option<bool>,
    pub(crate) require_numbers: Option<bool>,
    pub(crate) require_symbols: Option<bool>,
    pub(crate) temporary_password_validity_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PoliciesIn {
    pub(crate) password_policy: Option<PasswordPolicyIn>,
    pub(crate) sign_in_policy: Option<SignInPolicyIn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SignInPolicyIn {
    pub(crate) allowed_first_auth_factors: Option<Vec<String>>,
}

/// `Policies.SignInPolicy.AllowedFirstAuthFactors` (default `[PASSWORD]`): 1–4 of `PASSWORD`,
/// `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`; anything beyond `PASSWORD` needs the Essentials tier.
fn first_auth_factors(policies: Option<&PoliciesIn>, tier: &str) -> ApiResult<Vec<String>> {
    let Some(factors) = policies
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|p| p.allowed_first_auth_factors.clone())
    else {
        return Ok(crate::state::default_first_auth_factors());
    };
    if factors.is_empty() || factors.len() > 4 {
        return Err(validation(
            "policies.signInPolicy.allowedFirstAuthFactors",
            None,
            "Member must have length less than or equal to 4 and greater than or equal to 1",
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for f in factors {
        check_enum(
            "policies.signInPolicy.allowedFirstAuthFactors",
            &f,
            &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"],
        )?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    if tier == "LITE" && out.iter().any(|f| f != "PASSWORD") {
        return Err(ApiError::new(
            "FeatureUnavailableInTierException",
            "Passwordless sign-in is not available in the LITE tier.",
        ));
    }
    Ok(out)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DeviceConfigIn {
    pub(crate) challenge_required_on_new_device: Option<bool>,
    pub(crate) device_only_remembered_on_user_prompt: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SchemaAttributeIn {
    pub(crate) name: Option<String>,
    pub(crate) required: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AdminCreateUserConfigIn {
    pub(crate) allow_admin_create_user_only: Option<bool>,
}

/// `CreateUserPoolRequest` (the members the emulator models).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CreateUserPoolRequest {
    pub(crate) pool_name: String,
    pub(crate) policies: Option<PoliciesIn>,
    pub(crate) mfa_configuration: Option<String>,
    pub(crate) username_attributes: Option<Vec<String>>,
    pub(crate) alias_attributes: Option<Vec<String>>,
    pub(crate) auto_verified_attributes: Option<Vec<String>>,
    pub(crate) device_configuration: Option<DeviceConfigIn>,
    pub(crate) schema: Option<Vec<SchemaAttributeIn>>,
    pub(crate) user_pool_tier: Option<String>,
    pub(crate) deletion_protection: Option<String>,
    pub(crate) sms_configuration: Option<Value>,
    pub(crate) admin_create_user_config: Option<AdminCreateUserConfigIn>,
    /// Triggers: ARNs or webhook URLs (`ops::triggers`).
    pub(crate) lambda_config: Option<Value>,
}

fn password_policy(policies: Option<PoliciesIn>) -> ApiResult<PasswordPolicy> {
    let Some(p) = policies.and_then(|p| p.password_policy) else {
        return Ok(PasswordPolicy::default());
    };
    let minimum_length = p.minimum_length.unwrap_or(8);
    check_range(
        "policies.passwordPolicy.minimumLength",
        minimum_length,
        6,
        99,
    )?;
    let days = p.temporary_password_validity_days.unwrap_or(7);
    check_range(
        "policies.passwordPolicy.temporaryPasswordValidityDays",
        days,
        0,
        365,
    )?;
    Ok(PasswordPolicy {
        minimum_length: u32::try_from(minimum_length).unwrap_or(8),
        require_uppercase: p.require_uppercase.unwrap_or(false),
        require_lowercase: p.require_lowercase.unwrap_or(false),
        require_numbers: p.require_numbers.unwrap_or(false),
        require_symbols: p.require_symbols.unwrap_or(false),
        temporary_password_validity_days: u32::try_from(days).unwrap_or(7),
    })
}

fn mfa_mode(value: Option<&str>) -> ApiResult<Option<MfaMode>> {
    match value {
        None => Ok(None),
        Some("OFF") => Ok(Some(MfaMode::Off)),
        Some("ON") => Ok(Some(MfaMode::On)),
        Some("OPTIONAL") => Ok(Some(MfaMode::Optional)),
        Some(other) => Err(validation(
            "mfaConfiguration",
            Some(other),
            "Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
        )),
    }
}

fn device_config(d: Option<DeviceConfigIn>) -> Option<DeviceConfig> {
    d.map(|d| DeviceConfig {
        challenge_required_on_new_device: d.challenge_required_on_new_device.unwrap_or(false),
        device_only_remembered_on_user_prompt: d
            .device_only_remembered_on_user_prompt
            .unwrap_or(false),
    })
}

fn deletion_protection(value: Option<&str>) -> ApiResult<bool> {
    match value {
        None | Some("INACTIVE") => Ok(false),
        Some("ACTIVE") => Ok(true),
        Some(other) => Err(validation(
            "deletionProtection",
            Some(other),
            "Member must satisfy enum value set: [ACTIVE, INACTIVE]",
        )),
    }
}

fn auto_verified(attrs: Option<Vec<String>>) -> ApiResult<Vec<String>> {
    let attrs = attrs.unwrap_or_default();
    for a in &attrs {
        check_enum("autoVerifiedAttributes", a, &["phone_number", "email"])?;
    }
    Ok(attrs)
}

/// Creates a pool; `fixed_id` (seed files) replaces the random id.
pub(crate) fn create_user_pool(
    inner: &Inner,
    req: CreateUserPoolRequest,
    fixed_id: Option<&str>,
) -> ApiResult<Value> {
    check_name("poolName", &req.pool_name)?;
    let tier = req
        .user_pool_tier
        .clone()
        .unwrap_or_else(|| "ESSENTIALS".to_owned());
    check_enum("userPoolTier", &tier, &["LITE", "ESSENTIALS", "PLUS"])?;
    let allowed_first_auth_factors = first_auth_factors(req.policies.as_ref(), &tier)?;
    let policy = password_policy(req.policies)?;
    let mfa = mfa_mode(req.mfa_configuration.as_deref())?.unwrap_or_default();
    let username_attributes = req.username_attributes.unwrap_or_default();
    for a in &username_attributes {
        check_enum("usernameAttributes", a, &["phone_number", "email"])?;
    }
    let alias_attributes = req.alias_attributes.unwrap_or_default();
    for a in &alias_attributes {
        check_enum(
            "aliasAttributes",
            a,
            &["phone_number", "email", "preferred_username"],
        )?;
    }
    if !username_attributes.is_empty() && !alias_attributes.is_empty() {
        return Err(ApiError::invalid_parameter(
            "Only one of AliasAttributes and UsernameAttributes can be set in a User Pool",
        ));
    }
    let auto_verified_attributes = auto_verified(req.auto_verified_attributes)?;
    let deletion_protection = deletion_protection(req.deletion_protection.as_deref())?;
    let lambda_config = ops::triggers::lambda_config_from_api(inner, req.lambda_config)?;

    let mut custom_attributes = Vec::new();
    let mut required_attributes = Vec::new();
    for attr in req.schema.unwrap_or_default() {
        let Some(name) = attr.name.filter(|n| !n.is_empty()) else {
            return Err(validation(
                "schema.member.name",
                None,
                "Member must not be null",
            ));
        };
        if STANDARD_ATTRIBUTES.contains(&name.as_str()) {
            if attr.required == Some(true) && !required_attributes.contains(&name) {
                required_attributes.push(name);
            }
        } else {
            let full = if name.starts_with("custom:") {
                name
            } else {
                format!("custom:{name}")
            };
            if attr.required == Some(true) {
                return Err(ApiError::invalid_parameter(
                    "Required custom attributes are not supported currently.",
                ));
            }
            if !custom_attributes.contains(&full) {
                custom_attributes.push(full);
            }
        }
    }

    let now = inner.now();
    let mut state = inner.state();
    let id = match fixed_id {
        Some(id) => {
            check_pool_id(id)?;
            if state.pools.contains_key(id) {
                return Err(ApiError::invalid_parameter(format!(
                    "User pool {id} already exists."
                )));
            }
            id.to_owned()
        }
        None => loop {
            let id = inner.random.pool_id(&inner.config.region);
            if !state.pools.contains_key(&id) {
                break id;
            }
        },
    };
    let pool = Pool {
        id: id.clone(),
        name: req.pool_name,
        created: now,
        last_modified: now,
        password_policy: policy,
        mfa,
        sms_mfa_enabled: mfa != MfaMode::Off && req.sms_configuration.is_some(),
        software_token_mfa_enabled: false,
        email_mfa_enabled: false,
        username_attributes,
        alias_attributes,
        auto_verified_attributes,
        device_config: device_config(req.device_configuration),
        custom_attributes,
        tier,
        deletion_protection,
        clients: Default::default(),
        users: Default::default(),
        keys: Default::default(),
        required_attributes,
        allow_admin_create_user_only: req
            .admin_create_user_config
            .and_then(|c| c.allow_admin_create_user_only)
            .unwrap_or(false),
        lambda_config,
        allowed_first_auth_factors,
        web_authn: Default::default(),
    };
    let out = json!({ "UserPool": pool_type(&pool) });
    state.pools.insert(id, pool);
    Ok(out)
}

/// A pool id as the model allows it: `[\w-]+_[0-9a-zA-Z]+`, at most 55 characters.
fn check_pool_id(id: &str) -> ApiResult<()> {
    let ok = id.len() <= 55
        && id.split_once('_').is_some_and(|(region, rest)| {
            !region.is_empty()
                && region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !rest.is_empty()
                && rest.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if ok {
        Ok(())
    } else {
        Err(validation(
            "userPoolId",
            Some(id),
            "Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
        ))
    }
}

fn schema_attributes(pool: &Pool) -> Vec<Value> {
    let mut out: Vec<Value> = STANDARD_ATTRIBUTES
        .iter()
        .map(|name| {
            let data_type = match *name {
                "email_verified" | "phone_number_verified" => "Boolean",
                "updated_at" => "Number",
                _ => "String",
            };
            let mut attr = json!({
                "Name": name,
                "AttributeDataType": data_type,
                "DeveloperOnlyAttribute": false,
                "Mutable": *name != "sub",
                "Required": *name == "sub" || pool.required_attributes.iter().any(|r| r == name),
            });
            if data_type == "String" {
                attr["StringAttributeConstraints"] = if *name == "sub" {
                    json!({"MinLength": "1", "MaxLength": "2048"})
                } else {
                    json!({"MinLength": "0", "MaxLength": "2048"})
                };
            }
            attr
        })
        .collect();
    out.extend(pool.custom_attributes.iter().map(|name| {
        json!({
            "Name": name,
            "AttributeDataType": "String",
            "DeveloperOnlyAttribute": false,
            "Mutable": true,
            "Required": false,
            "StringAttributeConstraints": {},
        })
    }));
    out
}

/// `UserPoolType` of a pool.
pub(crate) fn pool_type(pool: &Pool) -> Value {
    let p = &pool.password_policy;
    let mut out = json!({
        "Id": pool.id,
        "Name": pool.name,
        "Arn": format!("arn:aws:cognito-idp:{}:123456789012:userpool/{}", pool.region(), pool.id),
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": p.minimum_length,
                "RequireUppercase": p.require_uppercase,
                "RequireLowercase": p.require_lowercase,
                "RequireNumbers": p.require_numbers,
                "RequireSymbols": p.require_symbols,
                "TemporaryPasswordValidityDays": p.temporary_password_validity_days,
            },
            "SignInPolicy": {
                "AllowedFirstAuthFactors": pool.allowed_first_auth_factors,
            },
        },
        "DeletionProtection": if pool.deletion_protection { "ACTIVE" } else { "INACTIVE" },
        "LambdaConfig": ops::triggers::lambda_config_to_api(&pool.lambda_config),
        "LastModifiedDate": millis_to_secs(pool.last_modified),
        "CreationDate": millis_to_secs(pool.created),
        "SchemaAttributes": schema_attributes(pool),
        "AutoVerifiedAttributes": pool.auto_verified_attributes,
        "MfaConfiguration": pool.mfa.as_str(),
        "EstimatedNumberOfUsers": pool.users.len(),
        "UserPoolTier": pool.tier,
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": pool.allow_admin_create_user_only,
            "UnusedAccountValidityDays": p.temporary_password_validity_days,
        },
    });
    if !pool.username_attributes.is_empty() {
        out["UsernameAttributes"] = json!(pool.username_attributes);
    }
    if !pool.alias_attributes.is_empty() {
        out["AliasAttributes"] = json!(pool.alias_attributes);
    }
    if let Some(d) = &pool.device_config {
        out["DeviceConfiguration"] = json!({
            "ChallengeRequiredOnNewDevice": d.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": d.device_only_remembered_on_user_prompt,
        });
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PoolIdRequest {
    user_pool_id: String,
}

fn describe_user_pool(inner: &Inner, req: PoolIdRequest) -> ApiResult<Value> {
    let state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    Ok(json!({ "UserPool": pool_type(pool) }))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UpdateUserPoolRequest {
    user_pool_id: String,
    pool_name: Option<String>,
    policies: Option<PoliciesIn>,
    mfa_configuration: Option<String>,
    auto_verified_attributes: Option<Vec<String>>,
    device_configuration: Option<DeviceConfigIn>,
    user_pool_tier: Option<String>,
    deletion_protection: Option<String>,
    admin_create_user_config: Option<AdminCreateUserConfigIn>,
    lambda_config: Option<Value>,
}

fn update_user_pool(inner: &Inner, req: UpdateUserPoolRequest) -> ApiResult<Value> {
    if let Some(name) = &req.pool_name {
        check_name("poolName", name)?;
    }
    if let Some(tier) = &req.user_pool_tier {
        check_enum("userPoolTier", tier, &["LITE", "ESSENTIALS", "PLUS"])?;
    }
    let tier = match &req.user_pool_tier {
        Some(tier) => tier.clone(),
        None => ops::pool(&inner.state(), &req.user_pool_id)?.tier.clone(),
    };
    let allowed_first_auth_factors = first_auth_factors(req.policies.as_ref(), &tier)?;
    let policy = password_policy(req.policies)?;
    let mfa = mfa_mode(req.mfa_configuration.as_deref())?.unwrap_or_default();
    let auto_verified_attributes = auto_verified(req.auto_verified_attributes)?;
    let deletion_protection = deletion_protection(req.deletion_protection.as_deref())?;
    let lambda_config = ops::triggers::lambda_config_from_api(inner, req.lambda_config)?;
    let now = inner.now();
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    if let Some(name) = req.pool_name {
        pool.name = name;
    }
    if let Some(tier) = req.user_pool_tier {
        pool.tier = tier;
    }
    pool.password_policy = policy;
    pool.mfa = mfa;
    pool.auto_verified_attributes = auto_verified_attributes;
    pool.device_config = device_config(req.device_configuration);
    pool.deletion_protection = deletion_protection;
    pool.allow_admin_create_user_only = req
        .admin_create_user_config
        .and_then(|c| c.allow_admin_create_user_only)
        .unwrap_or(false);
    pool.lambda_config = lambda_config;
    pool.allowed_first_auth_factors = allowed_first_auth_factors;
    pool.last_modified = now;
    Ok(json!({}))
}

fn delete_user_pool(inner: &Inner, req: PoolIdRequest) -> ApiResult<Value> {
    let mut state = inner.state();
    let pool = ops::pool(&state, &req.user_pool_id)?;
    if pool.deletion_protection {
        return Err(ApiError::invalid_parameter(
            "The user pool cannot be deleted because deletion protection is activated. \
             Deletion protection must be inactivated first.",
        ));
    }
    let id = req.user_pool_id;
    state.pools.remove(&id);
    forget_pool_data(&mut state, &id, None);
    Ok(json!({}))
}

/// Drops the client index entries, sessions, SRP exchanges and refresh tokens of a pool (or of
/// one client of it).
fn forget_pool_data(state: &mut State, pool_id: &str, client_id: Option<&str>) {
    let matches = |p: &str, c: &str| p == pool_id && client_id.is_none_or(|id| id == c);
    state
        .client_index
        .retain(|c, p| !matches(p.as_str(), c.as_str()));
    state
        .sessions
        .retain(|_, s| !matches(&s.pool_id, &s.client_id));
    state.srp.retain(|_, s| !matches(&s.pool_id, &s.client_id));
    state
        .refresh_tokens
        .retain(|_, r| !matches(&r.pool_id, &r.client_id));
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ListRequest {
    user_pool_id: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

fn list_user_pools(inner: &Inner, req: ListRequest) -> ApiResult<Value> {
    let Some(max) = req.max_results else {
        return Err(validation("maxResults", None, "Member must not be null"));
    };
    check_range("maxResults", max, 1, 60)?;
    let state = inner.state();
    let (page, next) = page(
        state.pools.keys().map(String::as_str),
        req.next_token.as_deref(),
        max,
    )?;
    let pools: Vec<Value> = page
        .iter()
        .filter_map(|id| state.pools.get(*id))
        .map(|p| {
            json!({
                "Id": p.id,
                "Name": p.name,
                "LambdaConfig": ops::triggers::lambda_config_to_api(&p.lambda_config),
                "LastModifiedDate": millis_to_secs(p.last_modified),
                "CreationDate": millis_to_secs(p.created),
            })
        })
        .collect();
    let mut out = json!({ "UserPools": pools });
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}

/// One page of `keys` (sorted) starting at `token` (the first key of the page); returns the
/// page and the token of the next page.
pub(crate) fn page<'a>(
    keys: impl Iterator<Item = &'a str>,
    token: Option<&str>,
    max: i64,
) -> ApiResult<(Vec<&'a str>, Option<String>)> {
    let max = usize::try_from(max).unwrap_or(60);
    let keys: Vec<&str> = keys.collect();
    let start = match token {
        None => 0,
        Some(t) => keys
            .iter()
            .position(|k| *k == t)
            .ok_or_else(|| ApiError::invalid_parameter("Invalid pagination token."))?,
    };
    let end = (start + max).min(keys.len());
    let next = keys.get(end).map(|k| (*k).to_owned());
    Ok((keys[start..end].to_vec(), next))
}

// ---------------------------------------------------------------------------------------------
// MFA configuration
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SoftwareTokenMfaConfigIn {
    pub(crate) enabled: Option<bool>,
}

/// `SetUserPoolMfaConfigRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SetMfaConfigRequest {
    pub(crate) user_pool_id: String,
    pub(crate) sms_mfa_configuration: Option<Value>,
    pub(crate) software_token_mfa_configuration: Option<SoftwareTokenMfaConfigIn>,
    pub(crate) email_mfa_configuration: Option<Value>,
    pub(crate) mfa_configuration: Option<String>,
    pub(crate) web_authn_configuration: Option<WebAuthnConfigIn>,
}

/// `WebAuthnConfigurationType`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WebAuthnConfigIn {
    pub(crate) relying_party_id: Option<String>,
    pub(crate) user_verification: Option<String>,
    pub(crate) factor_configuration: Option<String>,
}

/// Checks a `WebAuthnConfiguration`; members left out take Cognito's defaults.
fn web_authn_config(c: WebAuthnConfigIn) -> ApiResult<crate::state::WebAuthnConfig> {
    let mut out = crate::state::WebAuthnConfig::default();
    if let Some(rp) = c.relying_party_id {
        if rp.is_empty() || rp.chars().count() > 127 {
            return Err(validation(
                "webAuthnConfiguration.relyingPartyId",
                Some(&rp),
                "Member must have length less than or equal to 127 and greater than or equal to 1",
            ));
        }
        out.relying_party_id = Some(rp);
    }
    if let Some(uv) = c.user_verification {
        check_enum(
            "webAuthnConfiguration.userVerification",
            &uv,
            &["required", "preferred"],
        )?;
        out.user_verification = uv;
    }
    if let Some(f) = c.factor_configuration {
        check_enum(
            "webAuthnConfiguration.factorConfiguration",
            &f,
            &["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"],
        )?;
        out.factor_configuration = f;
    }
    Ok(out)
}

pub(crate) fn set_mfa_config(inner: &Inner, req: SetMfaConfigRequest) -> ApiResult<Value> {
    let mode = mfa_mode(req.mfa_configuration.as_deref())?;
    let sms = req.sms_mfa_configuration.is_some();
    let totp = req
        .software_token_mfa_configuration
        .and_then(|c| c.enabled)
        .unwrap_or(false);
    let email = req.email_mfa_configuration.is_some();
    let web_authn = req
        .web_authn_configuration
        .map(web_authn_config)
        .transpose()?;
    let now = inner.now();
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    if web_authn.is_some() && pool.tier == "LITE" {
        return Err(ApiError::new(
            "FeatureUnavailableInTierException",
            "Passkeys are not available in the LITE tier.",
        ));
    }
    let mode = mode.unwrap_or(pool.mfa);
    if mode != MfaMode::Off && !(sms || totp || email) {
        return Err(ApiError::invalid_parameter(
            "Invalid MFA configuration given, can't turn off all MFAs with MfaConfiguration ON or OPTIONAL.",
        ));
    }
    if email && pool.tier == "LITE" {
        return Err(ApiError::new(
            "FeatureUnavailableInTierException",
            "Email MFA is not available in the LITE tier.",
        ));
    }
    pool.sms_mfa_enabled = sms;
    pool.software_token_mfa_enabled = totp;
    pool.email_mfa_enabled = email;
    pool.mfa = mode;
    // Left out: the passkey settings stay as they were.
    if let Some(web_authn) = web_authn {
        pool.web_authn = web_authn;
    }
    pool.last_modified = now;
    Ok(mfa_config(pool))
}

fn mfa_config(pool: &Pool) -> Value {
    let mut out = json!({
        "SoftwareTokenMfaConfiguration": { "Enabled": pool.software_token_mfa_enabled },
        "MfaConfiguration": pool.mfa.as_str(),
    });
    if pool.sms_mfa_enabled {
        out["SmsMfaConfiguration"] = json!({});
    }
    if pool.email_mfa_enabled {
        out["EmailMfaConfiguration"] = json!({});
    }
    // Described once set (SetUserPoolMfaConfig's WebAuthnConfiguration).
    let w = &pool.web_authn;
    if *w != crate::state::WebAuthnConfig::default() {
        out["WebAuthnConfiguration"] = json!({
            "UserVerification": w.user_verification,
            "FactorConfiguration": w.factor_configuration,
        });
        if let Some(rp) = &w.relying_party_id {
            out["WebAuthnConfiguration"]["RelyingPartyId"] = json!(rp);
        }
    }
    out
}

fn get_mfa_config(inner: &Inner, req: PoolIdRequest) -> ApiResult<Value> {
    let state = inner.state();
    Ok(mfa_config(ops::pool(&state, &req.user_pool_id)?))
}

// ---------------------------------------------------------------------------------------------
// App clients
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TokenValidityUnitsIn {
    pub(crate) access_token: Option<String>,
    pub(crate) id_token: Option<String>,
    pub(crate) refresh_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RefreshTokenRotationIn {
    pub(crate) feature: Option<String>,
    pub(crate) retry_grace_period_seconds: Option<i64>,
}

/// `CreateUserPoolClientRequest` / `UpdateUserPoolClientRequest` (the members the emulator
/// models).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ClientRequest {
    pub(crate) user_pool_id: String,
    pub(crate) client_id: Option<String>,
    pub(crate) client_name: Option<String>,
    pub(crate) generate_secret: Option<bool>,
    pub(crate) explicit_auth_flows: Option<Vec<String>>,
    pub(crate) prevent_user_existence_errors: Option<String>,
    pub(crate) auth_session_validity: Option<i64>,
    pub(crate) access_token_validity: Option<i64>,
    pub(crate) id_token_validity: Option<i64>,
    pub(crate) refresh_token_validity: Option<i64>,
    pub(crate) token_validity_units: Option<TokenValidityUnitsIn>,
    pub(crate) enable_token_revocation: Option<bool>,
    pub(crate) refresh_token_rotation: Option<RefreshTokenRotationIn>,
    pub(crate) read_attributes: Option<Vec<String>>,
    pub(crate) write_attributes: Option<Vec<String>>,
}

const FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_TOKEN_EXCHANGE_DELEGATION",
    "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
];

/// `ExplicitAuthFlows`: the `ALLOW_*` values as given; legacy values (which cannot be mixed
/// with `ALLOW_*`) are stored as their `ALLOW_*` equivalents, with SRP and refresh, which legacy
/// clients always allowed.
fn explicit_auth_flows(flows: Option<Vec<String>>) -> ApiResult<Vec<String>> {
    let Some(flows) = flows else {
        return Ok(vec![
            "ALLOW_REFRESH_TOKEN_AUTH".to_owned(),
            "ALLOW_USER_SRP_AUTH".to_owned(),
            "ALLOW_CUSTOM_AUTH".to_owned(),
        ]);
    };
    for f in &flows {
        if !FLOWS.contains(&f.as_str()) {
            return Err(validation(
                "explicitAuthFlows",
                Some(&format!("[{}]", flows.join(", "))),
                &format!(
                    "Member must satisfy constraint: [Member must satisfy enum value set: [{}]]",
                    FLOWS.join(", ")
                ),
            ));
        }
    }
    let legacy = flows.iter().filter(|f| !f.starts_with("ALLOW_")).count();
    if legacy == 0 {
        let mut out = Vec::new();
        for f in flows {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        return Ok(out);
    }
    if legacy != flows.len() {
        return Err(ApiError::invalid_parameter(
            "Explicit auth flows can be either legacy or new ALLOW_ values, not both.",
        ));
    }
    let mut out = Vec::new();
    for f in &flows {
        let allow = match f.as_str() {
            "ADMIN_NO_SRP_AUTH" => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "USER_PASSWORD_AUTH" => "ALLOW_USER_PASSWORD_AUTH",
            _ => "ALLOW_CUSTOM_AUTH",
        };
        out.push(allow.to_owned());
    }
    if !flows.iter().any(|f| f == "CUSTOM_AUTH_FLOW_ONLY") {
        out.push("ALLOW_USER_SRP_AUTH".to_owned());
        out.push("ALLOW_CUSTOM_AUTH".to_owned());
    }
    out.push("ALLOW_REFRESH_TOKEN_AUTH".to_owned());
    let mut dedup = Vec::new();
    for f in out {
        if !dedup.contains(&f) {
            dedup.push(f);
        }
    }
    Ok(dedup)
}

fn unit_secs(unit: &str) -> i64 {
    match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        _ => 86_400,
    }
}

/// Token lifetimes in seconds and the units to report them in (spec §8.8).
fn token_validity(req: &ClientRequest) -> ApiResult<([i64; 3], TokenValidityUnits)> {
    let units_in = req.token_validity_units.as_ref();
    let unit = |given: Option<&String>, member: &str, default: &str| -> ApiResult<String> {
        let u = given.map_or(default, String::as_str);
        check_enum(member, u, &["seconds", "minutes", "hours", "days"])?;
        Ok(u.to_owned())
    };
    let access_unit = unit(
        units_in.and_then(|u| u.access_token.as_ref()),
        "tokenValidityUnits.accessToken",
        "hours",
    )?;
    let id_unit = unit(
        units_in.and_then(|u| u.id_token.as_ref()),
        "tokenValidityUnits.idToken",
        "hours",
    )?;
    let refresh_unit = unit(
        units_in.and_then(|u| u.refresh_token.as_ref()),
        "tokenValidityUnits.refreshToken",
        "days",
    )?;
    let range_error = || ApiError::invalid_parameter("Invalid range for token validity.");
    // (value, unit): absent values take the defaults in the units Cognito reports them in.
    let pick = |value: Option<i64>, unit: String, default: (i64, &str)| match value {
        Some(v) if v != 0 => (v, unit),
        _ => (default.0, default.1.to_owned()),
    };
    let (access, access_unit) = pick(req.access_token_validity, access_unit, (60, "minutes"));
    let (id, id_unit) = pick(req.id_token_validity, id_unit, (60, "minutes"));
    let (refresh, refresh_unit) = pick(req.refresh_token_validity, refresh_unit, (30, "days"));
    let secs = [
        access.saturating_mul(unit_secs(&access_unit)),
        id.saturating_mul(unit_secs(&id_unit)),
        refresh.saturating_mul(unit_secs(&refresh_unit)),
    ];
    if !(300..=86_400).contains(&secs[0]) || !(300..=86_400).contains(&secs[1]) {
        return Err(range_error());
    }
    if !(3600..=3650 * 86_400).contains(&secs[2]) {
        return Err(range_error());
    }
    Ok((
        secs,
        TokenValidityUnits {
            access_token: access_unit,
            id_token: id_unit,
            refresh_token: refresh_unit,
        },
    ))
}

fn check_attribute_list(pool: &Pool, attrs: &[String], what: &str) -> ApiResult<()> {
    let known = |a: &String| {
        STANDARD_ATTRIBUTES.contains(&a.as_str()) || pool.custom_attributes.contains(a)
    };
    let write = what == "write";
    if attrs.iter().all(|a| known(a) && !(write && a == "sub")) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "Invalid {what} attributes specified while creating a client"
        )))
    }
}

/// The settings of a client from a create/update request.
fn client_settings(pool: &Pool, req: &ClientRequest, client: &mut AppClient) -> ApiResult<()> {
    let flows = explicit_auth_flows(req.explicit_auth_flows.clone())?;
    let prevent = match req.prevent_user_existence_errors.as_deref() {
        None | Some("LEGACY") => false,
        Some("ENABLED") => true,
        Some(other) => {
            return Err(validation(
                "preventUserExistenceErrors",
                Some(other),
                "Member must satisfy enum value set: [LEGACY, ENABLED]",
            ));
        }
    };
    let session = req.auth_session_validity.unwrap_or(3);
    check_range("authSessionValidity", session, 3, 15)?;
    let (secs, units) = token_validity(req)?;
    let (rotation, grace) = match &req.refresh_token_rotation {
        None => (false, 0),
        Some(r) => {
            let feature = r.feature.as_deref().unwrap_or("DISABLED");
            check_enum(
                "refreshTokenRotation.feature",
                feature,
                &["ENABLED", "DISABLED"],
            )?;
            let grace = r.retry_grace_period_seconds.unwrap_or(0);
            check_range("refreshTokenRotation.retryGracePeriodSeconds", grace, 0, 60)?;
            (feature == "ENABLED", grace)
        }
    };
    let read = req.read_attributes.clone().unwrap_or_default();
    check_attribute_list(pool, &read, "read")?;
    let write = req.write_attributes.clone().unwrap_or_default();
    check_attribute_list(pool, &write, "write")?;

    client.explicit_auth_flows = flows;
    client.prevent_user_existence_errors = prevent;
    client.auth_session_validity_minutes = u32::try_from(session).unwrap_or(3);
    client.access_token_validity_secs = secs[0];
    client.id_token_validity_secs = secs[1];
    client.refresh_token_validity_secs = secs[2];
    client.token_validity_units = units;
    client.enable_token_revocation = req.enable_token_revocation.unwrap_or(true);
    client.refresh_token_rotation = rotation;
    client.rotation_grace_secs = grace;
    client.read_attributes = read;
    client.write_attributes = write;
    Ok(())
}

/// Fixed identity for a seeded client.
#[derive(Debug, Default)]
pub(crate) struct FixedClient {
    pub(crate) id: Option<String>,
    pub(crate) secret: Option<String>,
}

fn check_client_token(member: &str, value: &str, min: usize, max: usize) -> ApiResult<()> {
    let ok = (min..=max).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
    if ok {
        Ok(())
    } else {
        Err(validation(
            member,
            None,
            &format!(
                "Member must have length between {min} and {max} and satisfy regular expression pattern: [\\w+]+"
            ),
        ))
    }
}

/// Creates an app client; `fixed` (seed files) sets its id and/or secret.
pub(crate) fn create_client(
    inner: &Inner,
    req: ClientRequest,
    fixed: Option<FixedClient>,
) -> ApiResult<Value> {
    let Some(name) = req.client_name.clone() else {
        return Err(validation("clientName", None, "Member must not be null"));
    };
    check_name("clientName", &name)?;
    let fixed = fixed.unwrap_or_default();
    if let Some(id) = &fixed.id {
        check_client_token("clientId", id, 1, 128)?;
    }
    if let Some(secret) = &fixed.secret {
        check_client_token("clientSecret", secret, 24, 64)?;
    }
    let now = inner.now();
    let mut state = inner.state();
    let id = match fixed.id {
        Some(id) => {
            if state.client_index.contains_key(&id) {
                return Err(ApiError::invalid_parameter(format!(
                    "App client {id} already exists."
                )));
            }
            id
        }
        None => loop {
            let id = inner.random.client_id();
            if !state.client_index.contains_key(&id) {
                break id;
            }
        },
    };
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    let secret = match fixed.secret {
        Some(s) => Some(s),
        None if req.generate_secret == Some(true) => Some(inner.random.client_secret()),
        None => None,
    };
    let mut client = AppClient {
        id: id.clone(),
        name,
        secret,
        explicit_auth_flows: Vec::new(),
        prevent_user_existence_errors: false,
        auth_session_validity_minutes: 3,
        access_token_validity_secs: 3600,
        id_token_validity_secs: 3600,
        refresh_token_validity_secs: 30 * 86_400,
        enable_token_revocation: true,
        refresh_token_rotation: false,
        rotation_grace_secs: 0,
        read_attributes: Vec::new(),
        write_attributes: Vec::new(),
        created: now,
        last_modified: now,
        token_validity_units: TokenValidityUnits::default(),
    };
    client_settings(pool, &req, &mut client)?;
    let out = json!({ "UserPoolClient": client_type(&pool.id, &client) });
    pool.clients.insert(id.clone(), client);
    let pool_id = pool.id.clone();
    state.client_index.insert(id, pool_id);
    Ok(out)
}

/// `UserPoolClientType` of a client.
pub(crate) fn client_type(pool_id: &str, c: &AppClient) -> Value {
    let units = &c.token_validity_units;
    let mut out = json!({
        "UserPoolId": pool_id,
        "ClientName": c.name,
        "ClientId": c.id,
        "LastModifiedDate": millis_to_secs(c.last_modified),
        "CreationDate": millis_to_secs(c.created),
        "RefreshTokenValidity": c.refresh_token_validity_secs / unit_secs(&units.refresh_token),
        "AccessTokenValidity": c.access_token_validity_secs / unit_secs(&units.access_token),
        "IdTokenValidity": c.id_token_validity_secs / unit_secs(&units.id_token),
        "TokenValidityUnits": {
            "AccessToken": units.access_token,
            "IdToken": units.id_token,
            "RefreshToken": units.refresh_token,
        },
        "ExplicitAuthFlows": c.explicit_auth_flows,
        "AllowedOAuthFlowsUserPoolClient": false,
        "PreventUserExistenceErrors": if c.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
        "EnableTokenRevocation": c.enable_token_revocation,
        "EnablePropagateAdditionalUserContextData": false,
        "AuthSessionValidity": c.auth_session_validity_minutes,
    });
    if let Some(secret) = &c.secret {
        out["ClientSecret"] = json!(secret);
    }
    if !c.read_attributes.is_empty() {
        out["ReadAttributes"] = json!(c.read_attributes);
    }
    if !c.write_attributes.is_empty() {
        out["WriteAttributes"] = json!(c.write_attributes);
    }
    if c.refresh_token_rotation {
        out["RefreshTokenRotation"] = json!({
            "Feature": "ENABLED",
            "RetryGracePeriodSeconds": c.rotation_grace_secs,
        });
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ClientIdRequest {
    user_pool_id: String,
    client_id: String,
}

fn pool_client<'a>(state: &'a State, pool_id: &str, client_id: &str) -> ApiResult<&'a AppClient> {
    ops::pool(state, pool_id)?
        .clients
        .get(client_id)
        .ok_or_else(ApiError::client_not_found)
}

fn describe_client(inner: &Inner, req: ClientIdRequest) -> ApiResult<Value> {
    let state = inner.state();
    let client = pool_client(&state, &req.user_pool_id, &req.client_id)?;
    Ok(json!({ "UserPoolClient": client_type(&req.user_pool_id, client) }))
}

fn update_client(inner: &Inner, req: ClientRequest) -> ApiResult<Value> {
    let Some(client_id) = req.client_id.clone() else {
        return Err(validation("clientId", None, "Member must not be null"));
    };
    if let Some(name) = &req.client_name {
        check_name("clientName", name)?;
    }
    let now = inner.now();
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    let mut client = pool
        .clients
        .get(&client_id)
        .cloned()
        .ok_or_else(ApiError::client_not_found)?;
    client_settings(pool, &req, &mut client)?;
    if let Some(name) = req.client_name {
        client.name = name;
    }
    client.last_modified = now;
    let out = json!({ "UserPoolClient": client_type(&pool.id, &client) });
    pool.clients.insert(client_id, client);
    Ok(out)
}

fn delete_client(inner: &Inner, req: ClientIdRequest) -> ApiResult<Value> {
    let mut state = inner.state();
    let pool = ops::pool_mut(&mut state, &req.user_pool_id)?;
    if pool.clients.remove(&req.client_id).is_none() {
        return Err(ApiError::client_not_found());
    }
    forget_pool_data(&mut state, &req.user_pool_id, Some(&req.client_id));
    Ok(json!({}))
}

fn list_clients(inner: &Inner, req: ListRequest) -> ApiResult<Value> {
    let Some(pool_id) = req.user_pool_id else {
        return Err(validation("userPoolId", None, "Member must not be null"));
    };
    let max = req.max_results.unwrap_or(60);
    check_range("maxResults", max, 1, 60)?;
    let state = inner.state();
    let pool = ops::pool(&state, &pool_id)?;
    let (page, next) = page(
        pool.clients.keys().map(String::as_str),
        req.next_token.as_deref(),
        max,
    )?;
    let clients: Vec<Value> = page
        .iter()
        .filter_map(|id| pool.clients.get(*id))
        .map(|c| json!({"ClientId": c.id, "UserPoolId": pool.id, "ClientName": c.name}))
        .collect();
    let mut out = json!({ "UserPoolClients": clients });
    if let Some(next) = next {
        out["NextToken"] = json!(next);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_flows_become_allow_flows() {
        let out =
            explicit_auth_flows(Some(vec!["ADMIN_NO_SRP_AUTH".to_owned()])).unwrap_or_default();
        assert!(out.contains(&"ALLOW_ADMIN_USER_PASSWORD_AUTH".to_owned()));
        assert!(out.contains(&"ALLOW_USER_SRP_AUTH".to_owned()));
        assert!(out.contains(&"ALLOW_REFRESH_TOKEN_AUTH".to_owned()));
        assert!(
            explicit_auth_flows(Some(vec![
                "ADMIN_NO_SRP_AUTH".to_owned(),
                "ALLOW_USER_SRP_AUTH".to_owned()
            ]))
            .is_err()
        );
    }

    #[test]
    fn pages_walk_the_keys() {
        let keys = ["a", "b", "c"];
        let (p, next) = page(keys.iter().copied(), None, 2).unwrap_or_default();
        assert_eq!((p, next.as_deref()), (vec!["a", "b"], Some("c")));
        let (p, next) = page(keys.iter().copied(), Some("c"), 2).unwrap_or_default();
        assert_eq!((p, next), (vec!["c"], None));
        assert!(page(keys.iter().copied(), Some("zz"), 2).is_err());
    }

    #[test]
    fn pool_ids_are_checked() {
        assert!(check_pool_id("us-east-1_Abc123").is_ok());
        assert!(check_pool_id("us-east-1Abc").is_err());
        assert!(check_pool_id("us-east-1_Ab-c").is_err());
    }
}
