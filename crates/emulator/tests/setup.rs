//! Pool and app-client management over HTTP, the protocol's error paths, and SigV4.

mod support;

use std::time::SystemTime;

use cognito_flow_emulator::EmulatorConfig;
use serde_json::{Value, json};
use support::{Env, FAKE_SIGV4};

// ---------------------------------------------------------------------------------------------
// CreateUserPool / DescribeUserPool
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_pool_has_cognitos_defaults() {
    let env = Env::start().await;
    let out = env
        .call("CreateUserPool", json!({"PoolName": "defaults"}))
        .await
        .ok();
    let pool = &out["UserPool"];
    let id = pool["Id"].as_str().unwrap_or_default();
    let (region, rest) = id.split_once('_').unwrap_or_default();
    assert_eq!(region, "us-east-1");
    assert_eq!(rest.len(), 9);
    assert!(rest.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(pool["Name"], "defaults");
    assert_eq!(
        pool["Arn"],
        format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}")
    );
    assert_eq!(pool["MfaConfiguration"], "OFF");
    assert_eq!(pool["UserPoolTier"], "ESSENTIALS");
    assert_eq!(pool["DeletionProtection"], "INACTIVE");
    assert_eq!(pool["EstimatedNumberOfUsers"], 0);
    assert_eq!(
        pool["Policies"]["PasswordPolicy"],
        json!({"MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
               "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7})
    );
    // Epoch seconds as numbers: the manual clock's start.
    assert_eq!(pool["CreationDate"].as_f64(), Some(1_709_622_249.0));
    assert_eq!(pool["LastModifiedDate"], pool["CreationDate"]);
    assert!(pool.get("UsernameAttributes").is_none());
    assert!(pool.get("DeviceConfiguration").is_none());
    let schema = pool["SchemaAttributes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        schema
            .iter()
            .any(|a| a["Name"] == "sub" && a["Mutable"] == false)
    );
    assert!(
        schema
            .iter()
            .any(|a| a["Name"] == "email_verified" && a["AttributeDataType"] == "Boolean")
    );
}

#[tokio::test]
async fn create_user_pool_keeps_every_setting() {
    let env = Env::start().await;
    let request = json!({
        "PoolName": "full",
        "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": true,
                                        "RequireSymbols": false, "TemporaryPasswordValidityDays": 3}},
        "MfaConfiguration": "OPTIONAL",
        "UsernameAttributes": ["email"],
        "AutoVerifiedAttributes": ["email"],
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true},
        "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": true},
                   {"Name": "email", "Required": true}],
        "UserPoolTier": "PLUS",
        "DeletionProtection": "ACTIVE",
        "SomeFutureMember": {"ignored": true},
    });
    let created = env.call("CreateUserPool", request).await.ok();
    let id = created["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let described = env
        .call("DescribeUserPool", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(created, described);
    let pool = &described["UserPool"];
    assert_eq!(
        pool["Policies"]["PasswordPolicy"],
        json!({"MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": false,
               "RequireNumbers": false, "RequireSymbols": false, "TemporaryPasswordValidityDays": 3})
    );
    assert_eq!(pool["MfaConfiguration"], "OPTIONAL");
    assert_eq!(pool["UsernameAttributes"], json!(["email"]));
    assert_eq!(pool["AutoVerifiedAttributes"], json!(["email"]));
    assert_eq!(
        pool["DeviceConfiguration"],
        json!({"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true})
    );
    assert_eq!(pool["UserPoolTier"], "PLUS");
    assert_eq!(pool["DeletionProtection"], "ACTIVE");
    let schema = pool["SchemaAttributes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(schema.iter().any(|a| a["Name"] == "custom:tenant"));
    assert!(
        schema
            .iter()
            .any(|a| a["Name"] == "email" && a["Required"] == true)
    );
}

#[tokio::test]
async fn create_user_pool_validates_its_input() {
    let env = Env::start().await;
    let msg = env
        .call("CreateUserPool", json!({}))
        .await
        .err("InvalidParameterException");
    assert_eq!(
        msg,
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null"
    );
    let msg = env
        .call(
            "CreateUserPool",
            json!({"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLength": 5}}}),
        )
        .await
        .err("InvalidParameterException");
    assert!(
        msg.starts_with(
            "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength'"
        ),
        "{msg}"
    );
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "MfaConfiguration": "SOMETIMES"}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "UsernameAttributes": ["email"], "AliasAttributes": ["email"]}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "UsernameAttributes": ["nickname"]}),
    )
    .await
    .err("InvalidParameterException");
    env.call("CreateUserPool", json!({"PoolName": "bad/name"}))
        .await
        .err("InvalidParameterException");
    env.call(
        "CreateUserPool",
        json!({"PoolName": "p", "UserPoolTier": "GOLD"}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn unknown_pools_are_resource_not_found() {
    let env = Env::start().await;
    let msg = env
        .call(
            "DescribeUserPool",
            json!({"UserPoolId": "us-east-1_Nope12345"}),
        )
        .await
        .err("ResourceNotFoundException");
    assert!(msg.contains("us-east-1_Nope12345"));
    for op in [
        "DeleteUserPool",
        "GetUserPoolMfaConfig",
        "ListUserPoolClients",
    ] {
        env.call(op, json!({"UserPoolId": "us-east-1_Nope12345"}))
            .await
            .err("ResourceNotFoundException");
    }
}

// ---------------------------------------------------------------------------------------------
// UpdateUserPool / DeleteUserPool / ListUserPools
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_user_pool_resets_what_it_leaves_out() {
    let env = Env::start().await;
    let id = env
        .pool(json!({"PoolName": "before", "AutoVerifiedAttributes": ["email"], "MfaConfiguration": "OFF",
                     "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true}}))
        .await;
    env.advance(60);
    env.call(
        "UpdateUserPool",
        json!({"UserPoolId": id, "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireNumbers": true}}}),
    )
    .await
    .ok();
    let pool = env
        .call("DescribeUserPool", json!({"UserPoolId": id}))
        .await
        .ok()["UserPool"]
        .clone();
    assert_eq!(pool["Name"], "before");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 10);
    assert_eq!(
        pool["Policies"]["PasswordPolicy"]["RequireUppercase"],
        false
    );
    assert_eq!(pool["AutoVerifiedAttributes"], json!([]));
    assert!(pool.get("DeviceConfiguration").is_none());
    assert_eq!(pool["LastModifiedDate"].as_f64(), Some(1_709_622_309.0));
    assert_eq!(pool["CreationDate"].as_f64(), Some(1_709_622_249.0));

    env.call(
        "UpdateUserPool",
        json!({"UserPoolId": id, "PoolName": "after", "MfaConfiguration": "NEVER"}),
    )
    .await
    .err("InvalidParameterException");
    env.call("UpdateUserPool", json!({"UserPoolId": "us-east-1_Nope1"}))
        .await
        .err("ResourceNotFoundException");
}

#[tokio::test]
async fn delete_user_pool_honours_deletion_protection_and_drops_clients() {
    let env = Env::start().await;
    let id = env.pool(json!({"DeletionProtection": "ACTIVE"})).await;
    let (client_id, _) = env.client(&id, json!({})).await;
    let msg = env
        .call("DeleteUserPool", json!({"UserPoolId": id}))
        .await
        .err("InvalidParameterException");
    assert!(msg.contains("deletion protection"), "{msg}");
    env.call(
        "UpdateUserPool",
        json!({"UserPoolId": id, "DeletionProtection": "INACTIVE"}),
    )
    .await
    .ok();
    assert_eq!(
        env.call("DeleteUserPool", json!({"UserPoolId": id}))
            .await
            .ok(),
        json!({})
    );
    env.call("DescribeUserPool", json!({"UserPoolId": id}))
        .await
        .err("ResourceNotFoundException");
    // The client went with its pool: a public call with its id finds nothing.
    env.call(
        "SignUp",
        json!({"ClientId": client_id, "Username": "x", "Password": "Passw0rd!"}),
    )
    .await
    .err("ResourceNotFoundException");
}

#[tokio::test]
async fn list_user_pools_pages() {
    let env = Env::start().await;
    let msg = env
        .call("ListUserPools", json!({}))
        .await
        .err("InvalidParameterException");
    assert!(msg.contains("'maxResults'"), "{msg}");
    env.call("ListUserPools", json!({"MaxResults": 61}))
        .await
        .err("InvalidParameterException");
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        ids.push(env.pool(json!({"PoolName": name})).await);
    }
    ids.sort();
    let first = env
        .call("ListUserPools", json!({"MaxResults": 2}))
        .await
        .ok();
    let page1: Vec<String> = first["UserPools"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["Id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(page1, ids[..2]);
    assert!(first["UserPools"][0]["CreationDate"].is_number());
    let token = first["NextToken"].as_str().unwrap_or_default().to_owned();
    let second = env
        .call(
            "ListUserPools",
            json!({"MaxResults": 2, "NextToken": token}),
        )
        .await
        .ok();
    assert_eq!(second["UserPools"][0]["Id"], ids[2].as_str());
    assert!(second.get("NextToken").is_none());
    env.call(
        "ListUserPools",
        json!({"MaxResults": 2, "NextToken": "garbage"}),
    )
    .await
    .err("InvalidParameterException");
}

// ---------------------------------------------------------------------------------------------
// SetUserPoolMfaConfig / GetUserPoolMfaConfig
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn mfa_config_round_trips() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let empty = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(
        empty,
        json!({"SoftwareTokenMfaConfiguration": {"Enabled": false}, "MfaConfiguration": "OFF"})
    );
    let set = env
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": id, "SoftwareTokenMfaConfiguration": {"Enabled": true},
                   "SmsMfaConfiguration": {"SmsAuthenticationMessage": "{####}"},
                   "MfaConfiguration": "OPTIONAL"}),
        )
        .await
        .ok();
    let got = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(set, got);
    assert_eq!(got["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    assert!(got.get("SmsMfaConfiguration").is_some());
    assert!(got.get("EmailMfaConfiguration").is_none());
    assert_eq!(got["MfaConfiguration"], "OPTIONAL");
    let pool = env
        .call("DescribeUserPool", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(pool["UserPool"]["MfaConfiguration"], "OPTIONAL");

    // Email MFA: present means enabled.
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": id, "EmailMfaConfiguration": {}, "MfaConfiguration": "ON"}),
    )
    .await
    .ok();
    let got = env
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": id}))
        .await
        .ok();
    assert!(got.get("EmailMfaConfiguration").is_some());
    assert!(got.get("SmsMfaConfiguration").is_none());
    assert_eq!(got["SoftwareTokenMfaConfiguration"]["Enabled"], false);
}

#[tokio::test]
async fn mfa_config_refuses_impossible_settings() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": id, "MfaConfiguration": "ON"}),
    )
    .await
    .err("InvalidParameterException");
    let lite = env.pool(json!({"UserPoolTier": "LITE"})).await;
    env.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": lite, "EmailMfaConfiguration": {}, "MfaConfiguration": "OPTIONAL"}),
    )
    .await
    .err("FeatureUnavailableInTierException");
}

// ---------------------------------------------------------------------------------------------
// App clients
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_user_pool_client_has_cognitos_defaults() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let out = env
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": id, "ClientName": "web"}),
        )
        .await
        .ok();
    let c = &out["UserPoolClient"];
    let client_id = c["ClientId"].as_str().unwrap_or_default();
    assert_eq!(client_id.len(), 26);
    assert!(
        client_id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
    );
    assert_eq!(c["UserPoolId"], id.as_str());
    assert_eq!(c["ClientName"], "web");
    assert!(c.get("ClientSecret").is_none());
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!([
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_CUSTOM_AUTH"
        ])
    );
    assert_eq!(c["PreventUserExistenceErrors"], "LEGACY");
    assert_eq!(c["AuthSessionValidity"], 3);
    assert_eq!(c["EnableTokenRevocation"], true);
    assert_eq!(c["AccessTokenValidity"], 60);
    assert_eq!(c["IdTokenValidity"], 60);
    assert_eq!(c["RefreshTokenValidity"], 30);
    assert_eq!(
        c["TokenValidityUnits"],
        json!({"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"})
    );
    assert!(c.get("RefreshTokenRotation").is_none());
}

#[tokio::test]
async fn client_secrets_are_generated_and_described() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let (client_id, secret) = env.client(&id, json!({"GenerateSecret": true})).await;
    let secret = secret.unwrap_or_default();
    assert_eq!(secret.len(), 51);
    let described = env
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": id, "ClientId": client_id}),
        )
        .await
        .ok();
    assert_eq!(described["UserPoolClient"]["ClientSecret"], secret.as_str());
}

#[tokio::test]
async fn client_settings_are_kept_and_validated() {
    let env = Env::start().await;
    let id = env.pool(json!({"Schema": [{"Name": "tenant"}]})).await;
    let out = env
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": id, "ClientName": "app",
                   "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                   "PreventUserExistenceErrors": "ENABLED",
                   "AuthSessionValidity": 15,
                   "AccessTokenValidity": 2, "IdTokenValidity": 30, "RefreshTokenValidity": 90,
                   "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"},
                   "EnableTokenRevocation": false,
                   "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
                   "ReadAttributes": ["email", "custom:tenant"],
                   "WriteAttributes": ["email"]}),
        )
        .await
        .ok();
    let c = &out["UserPoolClient"];
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    );
    assert_eq!(c["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(c["AuthSessionValidity"], 15);
    assert_eq!(c["AccessTokenValidity"], 2);
    assert_eq!(c["IdTokenValidity"], 30);
    assert_eq!(c["RefreshTokenValidity"], 90);
    assert_eq!(
        c["TokenValidityUnits"],
        json!({"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"})
    );
    assert_eq!(c["EnableTokenRevocation"], false);
    assert_eq!(
        c["RefreshTokenRotation"],
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 10})
    );
    assert_eq!(c["ReadAttributes"], json!(["email", "custom:tenant"]));
    assert_eq!(c["WriteAttributes"], json!(["email"]));

    let bad: &[Value] = &[
        json!({"AuthSessionValidity": 16}),
        json!({"AuthSessionValidity": 2}),
        json!({"ExplicitAuthFlows": ["ALLOW_EVERYTHING"]}),
        json!({"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]}),
        json!({"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
        json!({"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}}),
        json!({"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}}),
        json!({"RefreshTokenValidity": 3651}),
        json!({"TokenValidityUnits": {"AccessToken": "fortnights"}}),
        json!({"PreventUserExistenceErrors": "SOMETIMES"}),
        json!({"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 61}}),
        json!({"ReadAttributes": ["custom:unknown"]}),
        json!({"WriteAttributes": ["sub"]}),
        json!({"ClientName": ""}),
    ];
    for extra in bad {
        let mut body = json!({"UserPoolId": id, "ClientName": "bad"});
        support::merge(&mut body, extra.clone());
        env.call("CreateUserPoolClient", body)
            .await
            .err("InvalidParameterException");
    }
    env.call("CreateUserPoolClient", json!({"UserPoolId": id}))
        .await
        .err("InvalidParameterException");
    env.call(
        "CreateUserPoolClient",
        json!({"UserPoolId": "us-east-1_Nope1", "ClientName": "x"}),
    )
    .await
    .err("ResourceNotFoundException");
}

#[tokio::test]
async fn legacy_flows_and_zero_refresh_validity() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let out = env
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": id, "ClientName": "old", "ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH"],
                   "RefreshTokenValidity": 0}),
        )
        .await
        .ok();
    let flows = out["UserPoolClient"]["ExplicitAuthFlows"].clone();
    for flow in [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    ] {
        assert!(
            flows.as_array().into_iter().flatten().any(|f| f == flow),
            "{flows}"
        );
    }
    assert_eq!(out["UserPoolClient"]["RefreshTokenValidity"], 30);
}

#[tokio::test]
async fn update_user_pool_client_resets_what_it_leaves_out() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let (client_id, secret) = env
        .client(
            &id,
            json!({"GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
                   "PreventUserExistenceErrors": "ENABLED", "AuthSessionValidity": 10}),
        )
        .await;
    env.advance(5);
    let out = env
        .call(
            "UpdateUserPoolClient",
            json!({"UserPoolId": id, "ClientId": client_id, "AccessTokenValidity": 5,
                   "TokenValidityUnits": {"AccessToken": "minutes"}}),
        )
        .await
        .ok();
    let c = &out["UserPoolClient"];
    assert_eq!(c["ClientName"], "app");
    assert_eq!(c["ClientSecret"], secret.as_deref().unwrap_or_default());
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!([
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_CUSTOM_AUTH"
        ])
    );
    assert_eq!(c["PreventUserExistenceErrors"], "LEGACY");
    assert_eq!(c["AuthSessionValidity"], 3);
    assert_eq!(c["AccessTokenValidity"], 5);
    assert!(c["LastModifiedDate"].as_f64() > c["CreationDate"].as_f64());
    let described = env
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": id, "ClientId": client_id}),
        )
        .await
        .ok();
    assert_eq!(&described["UserPoolClient"], c);

    env.call(
        "UpdateUserPoolClient",
        json!({"UserPoolId": id, "ClientId": "nope", "ClientName": "x"}),
    )
    .await
    .err("ResourceNotFoundException");
    env.call("UpdateUserPoolClient", json!({"UserPoolId": id}))
        .await
        .err("InvalidParameterException");
}

#[tokio::test]
async fn clients_are_listed_paged_and_deleted() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let other = env.pool(json!({})).await;
    let mut ids = Vec::new();
    for name in ["one", "two", "three"] {
        ids.push(env.client(&id, json!({"ClientName": name})).await.0);
    }
    ids.sort();
    let page = env
        .call(
            "ListUserPoolClients",
            json!({"UserPoolId": id, "MaxResults": 2}),
        )
        .await
        .ok();
    assert_eq!(page["UserPoolClients"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["UserPoolClients"][0]["ClientId"], ids[0].as_str());
    assert_eq!(page["UserPoolClients"][0]["UserPoolId"], id.as_str());
    assert!(page["UserPoolClients"][0]["ClientName"].is_string());
    let next = env
        .call(
            "ListUserPoolClients",
            json!({"UserPoolId": id, "MaxResults": 2, "NextToken": page["NextToken"]}),
        )
        .await
        .ok();
    assert_eq!(next["UserPoolClients"][0]["ClientId"], ids[2].as_str());
    assert!(next.get("NextToken").is_none());

    // A client is only found in its own pool.
    env.call(
        "DescribeUserPoolClient",
        json!({"UserPoolId": other, "ClientId": ids[0]}),
    )
    .await
    .err("ResourceNotFoundException");
    env.call(
        "DeleteUserPoolClient",
        json!({"UserPoolId": other, "ClientId": ids[0]}),
    )
    .await
    .err("ResourceNotFoundException");
    assert_eq!(
        env.call(
            "DeleteUserPoolClient",
            json!({"UserPoolId": id, "ClientId": ids[0]})
        )
        .await
        .ok(),
        json!({})
    );
    env.call(
        "DescribeUserPoolClient",
        json!({"UserPoolId": id, "ClientId": ids[0]}),
    )
    .await
    .err("ResourceNotFoundException");
    let all = env
        .call("ListUserPoolClients", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(all["UserPoolClients"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn concurrent_setup_calls_do_not_corrupt_state() {
    let env = Env::start().await;
    let id = env.pool(json!({})).await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let http = env.http.clone();
        let endpoint = env.emulator.endpoint().to_owned();
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            http.post(endpoint)
                .header(
                    "x-amz-target",
                    "AWSCognitoIdentityProviderService.CreateUserPoolClient",
                )
                .header("authorization", FAKE_SIGV4)
                .body(json!({"UserPoolId": id, "ClientName": format!("c{i}")}).to_string())
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for task in tasks {
        assert_eq!(task.await.ok().and_then(Result::ok), Some(200));
    }
    let all = env
        .call("ListUserPoolClients", json!({"UserPoolId": id}))
        .await
        .ok();
    assert_eq!(all["UserPoolClients"].as_array().map(Vec::len), Some(30));
}

// ---------------------------------------------------------------------------------------------
// The protocol's error paths
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_bodies_are_serialization_exceptions() {
    let env = Env::start().await;
    let reply = env
        .raw("CreateUserPool", b"{\"PoolName\": ".to_vec(), true)
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error(), Some("SerializationException"));
    assert_eq!(
        reply.error_type_header.as_deref(),
        Some("SerializationException:")
    );
    env.raw("CreateUserPool", br#"{"PoolName": 5}"#.to_vec(), true)
        .await
        .err("SerializationException");
    env.raw("CreateUserPool", b"[]".to_vec(), true)
        .await
        .err("SerializationException");
    // An empty body is `{}`: the required member is then missing.
    env.raw("CreateUserPool", Vec::new(), true)
        .await
        .err("InvalidParameterException");
}

#[tokio::test]
async fn unknown_operations_and_targets() {
    let env = Env::start().await;
    let reply = env.raw("TeleportUser", b"{}".to_vec(), true).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error(), Some("UnknownOperationException"));
    let resp = env
        .http
        .post(env.emulator.endpoint())
        .header("x-amz-target", "SomeOtherService.CreateUserPool")
        .body("{}")
        .send()
        .await
        .expect("reaches the emulator");
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["__type"], "UnknownOperationException");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let mut config = EmulatorConfig::default();
    config.max_body_bytes = 256;
    let env = Env::with_config(config).await;
    let big = json!({"PoolName": "x".repeat(300)})
        .to_string()
        .into_bytes();
    let msg = env
        .raw("CreateUserPool", big, true)
        .await
        .err("InvalidParameterException");
    assert!(msg.contains("256"), "{msg}");
    env.call("CreateUserPool", json!({"PoolName": "small"}))
        .await
        .ok();
}

#[tokio::test]
async fn admin_calls_need_an_authorization_header() {
    let env = Env::start().await;
    let reply = env
        .raw("CreateUserPool", br#"{"PoolName":"p"}"#.to_vec(), false)
        .await;
    assert_eq!(reply.error(), Some("MissingAuthenticationTokenException"));
    let resp = env
        .http
        .post(env.emulator.endpoint())
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.CreateUserPool",
        )
        .header("authorization", "Bearer something")
        .body(r#"{"PoolName":"p"}"#)
        .send()
        .await
        .expect("reaches the emulator");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["__type"], "IncompleteSignatureException");

    let mut config = EmulatorConfig::default();
    config.require_authorization_header = false;
    let lenient = Env::with_config(config).await;
    lenient
        .raw("CreateUserPool", br#"{"PoolName":"p"}"#.to_vec(), false)
        .await
        .ok();
}

// ---------------------------------------------------------------------------------------------
// SigV4 verification with configured credentials
// ---------------------------------------------------------------------------------------------

const KEY: &str = "AKIDEMULATORTEST";
const SECRET: &str = "emulator/test+secret/key0123456789abcdef";

async fn signed_env() -> Env {
    let mut config = EmulatorConfig::default();
    config.credentials = vec![(KEY.to_owned(), SECRET.to_owned())];
    Env::with_config(config).await
}

/// Signs a request the way the AWS SDKs do (aws-sigv4), then sends it, optionally with a
/// different body than the one signed.
async fn send_signed(
    env: &Env,
    operation: &str,
    body: &str,
    key: &str,
    secret: &str,
    sent_body: Option<&str>,
) -> (u16, Value) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    use aws_sigv4::sign::v4;

    let credentials = aws_credential_types::Credentials::new(key, secret, None, None, "test");
    let identity = credentials.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("cognito-idp")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing params")
        .into();
    let url = env.emulator.endpoint().to_owned();
    let target = format!("AWSCognitoIdentityProviderService.{operation}");
    let headers = [
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amz-target", target.as_str()),
    ];
    let signable = SignableRequest::new(
        "POST",
        &url,
        headers.iter().copied(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("signed").into_parts();
    let (signing_headers, _) = instructions.into_parts();
    let mut req = env
        .http
        .post(&url)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", &target)
        .body(sent_body.unwrap_or(body).to_owned());
    for h in signing_headers {
        req = req.header(h.name(), h.value());
    }
    let resp = req.send().await.expect("reaches the emulator");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.expect("json");
    (status, body)
}

#[tokio::test]
async fn sigv4_signatures_are_verified() {
    let env = signed_env().await;
    let (status, body) = send_signed(
        &env,
        "CreateUserPool",
        r#"{"PoolName":"signed"}"#,
        KEY,
        SECRET,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["UserPool"]["Name"], "signed");

    let (status, body) = send_signed(
        &env,
        "CreateUserPool",
        r#"{"PoolName":"x"}"#,
        KEY,
        "wrong-secret",
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidSignatureException");
    assert!(body["message"].as_str().unwrap_or_default().starts_with(
        "The request signature we calculated does not match the signature you provided."
    ));
    assert!(
        !body["message"]
            .as_str()
            .unwrap_or_default()
            .contains(SECRET)
    );

    let (_, body) = send_signed(
        &env,
        "CreateUserPool",
        r#"{"PoolName":"x"}"#,
        "AKIDUNKNOWN",
        SECRET,
        None,
    )
    .await;
    assert_eq!(body["__type"], "UnrecognizedClientException");
    assert_eq!(
        body["message"],
        "The security token included in the request is invalid."
    );

    // The body is covered by the signature.
    let (_, body) = send_signed(
        &env,
        "CreateUserPool",
        r#"{"PoolName":"x"}"#,
        KEY,
        SECRET,
        Some(r#"{"PoolName":"y"}"#),
    )
    .await;
    assert_eq!(body["__type"], "InvalidSignatureException");
}

#[tokio::test]
async fn sigv4_missing_and_malformed_headers() {
    let env = signed_env().await;
    env.raw("CreateUserPool", br#"{"PoolName":"p"}"#.to_vec(), false)
        .await
        .err("MissingAuthenticationTokenException");
    // The fake header of the other tests is well formed, but its signature is wrong.
    env.raw("CreateUserPool", br#"{"PoolName":"p"}"#.to_vec(), true)
        .await
        .err("UnrecognizedClientException");
    for header in [
        "AWS4-HMAC-SHA256 Credential=AKIDEMULATORTEST/20240305/us-east-1/cognito-idp/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKIDEMULATORTEST, SignedHeaders=host, Signature=00",
        "Basic dXNlcjpwYXNz",
    ] {
        let resp = env
            .http
            .post(env.emulator.endpoint())
            .header(
                "x-amz-target",
                "AWSCognitoIdentityProviderService.CreateUserPool",
            )
            .header("x-amz-date", "20240305T070409Z")
            .header("authorization", header)
            .body(r#"{"PoolName":"p"}"#)
            .send()
            .await
            .expect("reaches the emulator");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["__type"], "IncompleteSignatureException", "{header}");
    }
}

#[tokio::test]
async fn public_operations_need_no_signature_even_with_credentials() {
    let env = signed_env().await;
    let (_, pool) = send_signed(
        &env,
        "CreateUserPool",
        r#"{"PoolName":"p","AutoVerifiedAttributes":["email"]}"#,
        KEY,
        SECRET,
        None,
    )
    .await;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (_, client) = send_signed(
        &env,
        "CreateUserPoolClient",
        &json!({"UserPoolId": pool_id, "ClientName": "web"}).to_string(),
        KEY,
        SECRET,
        None,
    )
    .await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default();
    env.call(
        "SignUp",
        json!({"ClientId": client_id, "Username": "pat", "Password": "Passw0rd!",
               "UserAttributes": [{"Name": "email", "Value": "pat@example.com"}]}),
    )
    .await
    .ok();
}
