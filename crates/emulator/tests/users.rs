//! User operations over HTTP: the `Admin*` user calls, `ListUsers`, sign-up and confirmation,
//! and password reset.

mod support;

use cognito_flow_emulator::Purpose;
use serde_json::{Value, json};
use support::{Env, FAKE_SIGV4};

const PASSWORD: &str = "Passw0rd!";

fn attr<'a>(user: &'a Value, key: &str, name: &str) -> Option<&'a str> {
    user[key]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)?
        .get("Value")?
        .as_str()
}

async fn get_user(env: &Env, pool: &str, username: &str) -> Value {
    env.call(
        "AdminGetUser",
        json!({"UserPoolId": pool, "Username": username}),
    )
    .await
    .ok()
}

fn secret_hash(username: &str, client_id: &str, secret: &str) -> String {
    cognito_flow_srp::secret_hash(username, client_id, secret)
}

// ---------------------------------------------------------------------------------------------
// AdminCreateUser
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn admin_create_user_invites_with_a_temporary_password() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let out = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "alice",
                   "UserAttributes": [{"Name": "email", "Value": "alice@example.com"},
                                      {"Name": "name", "Value": "Alice"}]}),
        )
        .await
        .ok();
    let user = &out["User"];
    assert_eq!(user["Username"], "alice");
    assert_eq!(user["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(user["Enabled"], true);
    assert_eq!(user["UserCreateDate"].as_f64(), Some(1_709_622_249.0));
    assert_eq!(attr(user, "Attributes", "name"), Some("Alice"));
    let sub = attr(user, "Attributes", "sub").unwrap_or_default();
    assert_eq!(sub.len(), 36);

    let messages = env.emulator.outbox_for("alice");
    assert_eq!(messages.len(), 1);
    let invitation = &messages[0];
    assert_eq!(invitation.purpose, Purpose::TemporaryPassword);
    assert_eq!(invitation.destination, "alice@example.com");
    // The generated temporary password satisfies the default policy.
    let temp = invitation.code.clone();
    assert!(temp.len() >= 8);
    assert!(temp.chars().any(|c| c.is_ascii_uppercase()));
    assert!(temp.chars().any(|c| c.is_ascii_digit()));
    // The response never carries it.
    assert!(!out.to_string().contains(&temp));

    let got = get_user(&env, &pool, "alice").await;
    assert_eq!(got["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(attr(&got, "UserAttributes", "sub"), Some(sub));
    assert!(got.get("UserMFASettingList").is_none());
}

#[tokio::test]
async fn admin_create_user_message_actions_and_mediums() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "quiet", "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": "q@example.com"}]}),
    )
    .await
    .ok();
    assert!(env.emulator.outbox_for("quiet").is_empty());

    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "texted", "DesiredDeliveryMediums": ["SMS"],
               "TemporaryPassword": "Temp0rary!",
               "UserAttributes": [{"Name": "email", "Value": "t@example.com"},
                                  {"Name": "phone_number", "Value": "+15555550100"}]}),
    )
    .await
    .ok();
    let sent = env.emulator.outbox_for("texted");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].destination, "+15555550100");
    assert_eq!(sent[0].code, "Temp0rary!");

    // RESEND: a new temporary password for a user still in FORCE_CHANGE_PASSWORD.
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "texted", "MessageAction": "RESEND",
               "DesiredDeliveryMediums": ["EMAIL"]}),
    )
    .await
    .ok();
    let sent = env.emulator.outbox_for("texted");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].destination, "t@example.com");
    assert_ne!(sent[1].code, "Temp0rary!");
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "ghost", "MessageAction": "RESEND"}),
    )
    .await
    .err("UserNotFoundException");
    env.user(&pool, "settled", PASSWORD, json!({})).await;
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "settled", "MessageAction": "RESEND"}),
    )
    .await
    .err("UnsupportedUserStateException");
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "x", "MessageAction": "SHOUT"}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn admin_create_user_refuses_bad_input() {
    let env = Env::start().await;
    let pool = env
        .pool(json!({"Schema": [{"Name": "tenant"}, {"Name": "email", "Required": true}]}))
        .await;
    let ok_attrs = json!([{"Name": "email", "Value": "a@example.com"}]);
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "a", "MessageAction": "SUPPRESS", "UserAttributes": ok_attrs}),
    )
    .await
    .ok();
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "a", "MessageAction": "SUPPRESS", "UserAttributes": ok_attrs}),
    )
    .await
    .err("UsernameExistsException");
    let msg = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "b", "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": "b@example.com"},
                                      {"Name": "custom:unknown", "Value": "1"}]}),
        )
        .await
        .err("InvalidParameterException");
    assert!(msg.contains("custom:unknown"), "{msg}");
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "c", "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": "c@example.com"},
                                  {"Name": "custom:tenant", "Value": "acme"}]}),
    )
    .await
    .ok();
    let msg = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "d", "MessageAction": "SUPPRESS"}),
        )
        .await
        .err("InvalidParameterException");
    assert!(msg.contains("email"), "{msg}");
    for bad in [
        json!({"Name": "sub", "Value": "x"}),
        json!({"Name": "email", "Value": "not-an-email"}),
        json!({"Name": "phone_number", "Value": "555-0100"}),
        json!({"Name": "email_verified", "Value": "yes"}),
    ] {
        env.call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "e", "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": "e@example.com"}, bad]}),
        )
        .await
        .err("InvalidParameterException");
    }
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "has space", "MessageAction": "SUPPRESS",
               "UserAttributes": ok_attrs}),
    )
    .await
    .err("InvalidParameterException");
    let msg = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "f", "TemporaryPassword": "short",
                   "UserAttributes": [{"Name": "email", "Value": "f@example.com"}]}),
        )
        .await
        .err("InvalidPasswordException");
    assert!(!msg.contains("short"));
    env.call("AdminCreateUser", json!({"UserPoolId": pool}))
        .await
        .err("InvalidParameterException");
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": "us-east-1_Nope1", "Username": "g"}),
    )
    .await
    .err("ResourceNotFoundException");
}

#[tokio::test]
async fn email_as_username_uses_the_sub() {
    let env = Env::start().await;
    let pool = env.pool(json!({"UsernameAttributes": ["email"]})).await;
    let out = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "Jo@Example.com", "MessageAction": "SUPPRESS"}),
        )
        .await
        .ok();
    let username = out["User"]["Username"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        Some(username.as_str()),
        attr(&out["User"], "Attributes", "sub")
    );
    assert_eq!(
        attr(&out["User"], "Attributes", "email"),
        Some("Jo@Example.com")
    );
    // The e-mail address, the sub and the canonical username all find the user.
    for typed in ["Jo@Example.com", username.as_str()] {
        assert_eq!(
            get_user(&env, &pool, typed).await["Username"],
            username.as_str()
        );
    }
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "Jo@Example.com", "MessageAction": "SUPPRESS"}),
    )
    .await
    .err("UsernameExistsException");
    let msg = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "jo", "MessageAction": "SUPPRESS"}),
        )
        .await
        .err("InvalidParameterException");
    assert_eq!(msg, "Username should be an email.");

    let phone_pool = env
        .pool(json!({"UsernameAttributes": ["phone_number", "email"]}))
        .await;
    let out = env
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": phone_pool, "Username": "+15555550100", "MessageAction": "SUPPRESS"}),
        )
        .await
        .ok();
    assert_eq!(
        attr(&out["User"], "Attributes", "phone_number"),
        Some("+15555550100")
    );
}

#[tokio::test]
async fn alias_pools_guard_their_aliases() {
    let env = Env::start().await;
    let pool = env
        .pool(json!({"AliasAttributes": ["email", "preferred_username"]}))
        .await;
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "a@example.com", "MessageAction": "SUPPRESS"}),
    )
    .await
    .err("InvalidParameterException");
    let verified = |email: &str| json!([{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]);
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "first", "MessageAction": "SUPPRESS",
               "UserAttributes": verified("shared@example.com")}),
    )
    .await
    .ok();
    assert_eq!(
        get_user(&env, &pool, "shared@example.com").await["Username"],
        "first"
    );
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "second", "MessageAction": "SUPPRESS",
               "UserAttributes": verified("shared@example.com")}),
    )
    .await
    .err("AliasExistsException");
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "second", "MessageAction": "SUPPRESS",
               "ForceAliasCreation": true, "UserAttributes": verified("shared@example.com")}),
    )
    .await
    .ok();
    assert_eq!(
        get_user(&env, &pool, "shared@example.com").await["Username"],
        "second"
    );
    let first = get_user(&env, &pool, "first").await;
    assert_eq!(
        attr(&first, "UserAttributes", "email_verified"),
        Some("false")
    );
}

// ---------------------------------------------------------------------------------------------
// AdminSetUserPassword, AdminGetUser, AdminDeleteUser, AdminDisableUser/EnableUser
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn admin_set_user_password_sets_the_status() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "u", "MessageAction": "SUPPRESS"}),
    )
    .await
    .ok();
    let set = |permanent: bool| json!({"UserPoolId": pool, "Username": "u", "Password": "N3w-Passw0rd", "Permanent": permanent});
    assert_eq!(
        env.call("AdminSetUserPassword", set(true)).await.ok(),
        json!({})
    );
    assert_eq!(get_user(&env, &pool, "u").await["UserStatus"], "CONFIRMED");
    env.call("AdminSetUserPassword", set(false)).await.ok();
    assert_eq!(
        get_user(&env, &pool, "u").await["UserStatus"],
        "FORCE_CHANGE_PASSWORD"
    );

    let msg = env
        .call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": "u", "Password": "alllowercase1!", "Permanent": true}),
        )
        .await
        .err("InvalidPasswordException");
    assert_eq!(
        msg,
        "Password does not conform to policy: Password must have uppercase characters"
    );
    env.call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "nobody", "Password": PASSWORD, "Permanent": true}),
    )
    .await
    .err("UserNotFoundException");
    env.call(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "u"}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn admin_get_user_reports_mfa_settings() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    env.emulator
        .create_user(
            &pool,
            cognito_flow_emulator::UserSpec::new("mfa")
                .password(PASSWORD)
                .attribute("phone_number", "+15555550100")
                .phone_number_verified()
                .mfa(cognito_flow_emulator::MfaFactor::Sms)
                .totp(None)
                .preferred_mfa(cognito_flow_emulator::MfaFactor::SoftwareToken),
        )
        .expect("seeded");
    let got = get_user(&env, &pool, "mfa").await;
    assert_eq!(
        got["UserMFASettingList"],
        json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])
    );
    assert_eq!(got["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(
        got["MFAOptions"],
        json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    );
    assert_eq!(got["UserStatus"], "CONFIRMED");
    env.call(
        "AdminGetUser",
        json!({"UserPoolId": pool, "Username": "nobody"}),
    )
    .await
    .err("UserNotFoundException");
}

#[tokio::test]
async fn admin_delete_disable_enable() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    env.user(&pool, "d", PASSWORD, json!({})).await;
    let req = json!({"UserPoolId": pool, "Username": "d"});
    assert_eq!(
        env.call("AdminDisableUser", req.clone()).await.ok(),
        json!({})
    );
    assert_eq!(get_user(&env, &pool, "d").await["Enabled"], false);
    env.call("AdminEnableUser", req.clone()).await.ok();
    assert_eq!(get_user(&env, &pool, "d").await["Enabled"], true);
    assert_eq!(
        env.call("AdminDeleteUser", req.clone()).await.ok(),
        json!({})
    );
    env.call("AdminGetUser", req.clone())
        .await
        .err("UserNotFoundException");
    env.call("AdminDeleteUser", req.clone())
        .await
        .err("UserNotFoundException");
    env.call("AdminDisableUser", req.clone())
        .await
        .err("UserNotFoundException");
}

#[tokio::test]
async fn admin_update_user_attributes_unverifies_changed_contacts() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    env.user(
        &pool,
        "u",
        PASSWORD,
        json!({"email": "old@example.com", "email_verified": "true", "name": "Old"}),
    )
    .await;
    let update =
        |attrs: Value| json!({"UserPoolId": pool, "Username": "u", "UserAttributes": attrs});
    env.call(
        "AdminUpdateUserAttributes",
        update(json!([{"Name": "name", "Value": "New"}])),
    )
    .await
    .ok();
    let got = get_user(&env, &pool, "u").await;
    assert_eq!(attr(&got, "UserAttributes", "name"), Some("New"));
    assert_eq!(attr(&got, "UserAttributes", "email_verified"), Some("true"));

    env.call(
        "AdminUpdateUserAttributes",
        update(json!([{"Name": "email", "Value": "new@example.com"}])),
    )
    .await
    .ok();
    let got = get_user(&env, &pool, "u").await;
    assert_eq!(
        attr(&got, "UserAttributes", "email"),
        Some("new@example.com")
    );
    assert_eq!(
        attr(&got, "UserAttributes", "email_verified"),
        Some("false")
    );

    env.call(
        "AdminUpdateUserAttributes",
        update(json!([{"Name": "email", "Value": "newer@example.com"},
                      {"Name": "email_verified", "Value": "true"}])),
    )
    .await
    .ok();
    let got = get_user(&env, &pool, "u").await;
    assert_eq!(attr(&got, "UserAttributes", "email_verified"), Some("true"));

    env.call(
        "AdminUpdateUserAttributes",
        update(json!([{"Name": "sub", "Value": "x"}])),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "AdminUpdateUserAttributes",
        update(json!([{"Name": "shoe_size", "Value": "9"}])),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": pool, "Username": "u"}),
    )
    .await
    .err("InvalidParameterException");

    let by_email = env.pool(json!({"UsernameAttributes": ["email"]})).await;
    for email in ["one@example.com", "two@example.com"] {
        env.call(
            "AdminCreateUser",
            json!({"UserPoolId": by_email, "Username": email, "MessageAction": "SUPPRESS"}),
        )
        .await
        .ok();
    }
    env.call(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": by_email, "Username": "two@example.com",
               "UserAttributes": [{"Name": "email", "Value": "one@example.com"}]}),
    )
    .await
    .err("AliasExistsException");
}

// ---------------------------------------------------------------------------------------------
// ListUsers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_users_filters_and_pages() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    for (name, email) in [
        ("ann", "ann@example.com"),
        ("andy", "andy@other.org"),
        ("bob", "bob@example.com"),
    ] {
        env.user(
            &pool,
            name,
            PASSWORD,
            json!({"email": email, "given_name": name}),
        )
        .await;
    }
    env.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "new", "MessageAction": "SUPPRESS"}),
    )
    .await
    .ok();
    env.call(
        "AdminDisableUser",
        json!({"UserPoolId": pool, "Username": "bob"}),
    )
    .await
    .ok();

    let names = |out: &Value| -> Vec<String> {
        out["Users"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| u["Username"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let list = |filter: &str| json!({"UserPoolId": pool, "Filter": filter});
    let all = env
        .call("ListUsers", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(names(&all), ["andy", "ann", "bob", "new"]);
    assert_eq!(
        names(
            &env.call("ListUsers", list(r#"username = "ann""#))
                .await
                .ok()
        ),
        ["ann"]
    );
    assert_eq!(
        names(
            &env.call("ListUsers", list(r#"username ^= "an""#))
                .await
                .ok()
        ),
        ["andy", "ann"]
    );
    assert_eq!(
        names(&env.call("ListUsers", list(r#"email^="bob@""#)).await.ok()),
        ["bob"]
    );
    assert_eq!(
        names(
            &env.call("ListUsers", list(r#"given_name = "andy""#))
                .await
                .ok()
        ),
        ["andy"]
    );
    assert_eq!(
        names(
            &env.call(
                "ListUsers",
                list(r#"cognito:user_status = "FORCE_CHANGE_PASSWORD""#)
            )
            .await
            .ok()
        ),
        ["new"]
    );
    assert_eq!(
        names(
            &env.call("ListUsers", list(r#"status = "Disabled""#))
                .await
                .ok()
        ),
        ["bob"]
    );
    let ann = get_user(&env, &pool, "ann").await;
    let sub = attr(&ann, "UserAttributes", "sub")
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        names(
            &env.call("ListUsers", list(&format!(r#"sub = "{sub}""#)))
                .await
                .ok()
        ),
        ["ann"]
    );
    for bad in ["email", r#"shoe_size = "9""#, r#"email = unquoted"#] {
        env.call("ListUsers", list(bad))
            .await
            .err("InvalidParameterException");
    }

    let page = env
        .call(
            "ListUsers",
            json!({"UserPoolId": pool, "Limit": 3, "AttributesToGet": ["email"]}),
        )
        .await
        .ok();
    assert_eq!(names(&page), ["andy", "ann", "bob"]);
    assert_eq!(
        page["Users"][0]["Attributes"],
        json!([{"Name": "email", "Value": "andy@other.org"}])
    );
    let rest = env
        .call(
            "ListUsers",
            json!({"UserPoolId": pool, "Limit": 3, "PaginationToken": page["PaginationToken"]}),
        )
        .await
        .ok();
    assert_eq!(names(&rest), ["new"]);
    assert!(rest.get("PaginationToken").is_none());
    env.call("ListUsers", json!({"UserPoolId": pool, "Limit": 61}))
        .await
        .err("InvalidParameterException");
    env.call(
        "ListUsers",
        json!({"UserPoolId": pool, "AttributesToGet": ["shoe_size"]}),
    )
    .await
    .err("InvalidParameterException");
}

#[tokio::test]
async fn fifty_parallel_admin_create_user_calls() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let http = env.http.clone();
        let endpoint = env.emulator.endpoint().to_owned();
        let body = json!({"UserPoolId": pool, "Username": format!("user{i:02}"),
                          "UserAttributes": [{"Name": "email", "Value": format!("u{i}@example.com")}]});
        tasks.push(tokio::spawn(async move {
            http.post(endpoint)
                .header(
                    "x-amz-target",
                    "AWSCognitoIdentityProviderService.AdminCreateUser",
                )
                .header("authorization", FAKE_SIGV4)
                .body(body.to_string())
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for task in tasks {
        assert_eq!(task.await.ok().and_then(Result::ok), Some(200));
    }
    let mut seen = Vec::new();
    let mut token: Option<Value> = None;
    loop {
        let mut req = json!({"UserPoolId": pool});
        if let Some(t) = token.take() {
            req["PaginationToken"] = t;
        }
        let out = env.call("ListUsers", req).await.ok();
        seen.extend(out["Users"].as_array().cloned().unwrap_or_default());
        match out.get("PaginationToken") {
            Some(t) => token = Some(t.clone()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 50);
    let pool_info = env
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .ok();
    assert_eq!(pool_info["UserPool"]["EstimatedNumberOfUsers"], 50);
    assert_eq!(env.emulator.outbox().len(), 50);
}

// ---------------------------------------------------------------------------------------------
// SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp
// ---------------------------------------------------------------------------------------------

async fn sign_up_pool(env: &Env, client_extra: Value) -> (String, String, Option<String>) {
    let pool = env.pool(json!({"AutoVerifiedAttributes": ["email"]})).await;
    let (client, secret) = env.client(&pool, client_extra).await;
    (pool, client, secret)
}

fn sign_up_body(client: &str, username: &str) -> Value {
    json!({"ClientId": client, "Username": username, "Password": PASSWORD,
           "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]})
}

#[tokio::test]
async fn sign_up_sends_a_confirmation_code() {
    let env = Env::start().await;
    let (pool, client, _) = sign_up_pool(&env, json!({})).await;
    let out = env.call("SignUp", sign_up_body(&client, "sam")).await.ok();
    assert_eq!(out["UserConfirmed"], false);
    assert_eq!(out["UserSub"].as_str().map(str::len), Some(36));
    assert_eq!(
        out["CodeDeliveryDetails"],
        json!({"Destination": "s***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    let sent = env.emulator.outbox_for("sam");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].purpose, Purpose::ConfirmationCode);
    assert_eq!(sent[0].code.len(), 6);
    assert!(sent[0].code.chars().all(|c| c.is_ascii_digit()));
    let got = get_user(&env, &pool, "sam").await;
    assert_eq!(got["UserStatus"], "UNCONFIRMED");
    assert_eq!(attr(&got, "UserAttributes", "sub"), out["UserSub"].as_str());

    env.call("SignUp", sign_up_body(&client, "sam"))
        .await
        .err("UsernameExistsException");
    let msg = env
        .call(
            "SignUp",
            json!({"ClientId": client, "Username": "weak", "Password": "weakpassword"}),
        )
        .await
        .err("InvalidPasswordException");
    assert!(!msg.contains("weakpassword"));
    env.call("SignUp", sign_up_body("nosuchclient", "x"))
        .await
        .err("ResourceNotFoundException");
    env.call("SignUp", json!({"ClientId": client, "Password": PASSWORD}))
        .await
        .err("InvalidParameterException");
}

#[tokio::test]
async fn sign_up_without_auto_verification_sends_nothing() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (client, _) = env.client(&pool, json!({})).await;
    let out = env
        .call("SignUp", sign_up_body(&client, "quiet"))
        .await
        .ok();
    assert!(out.get("CodeDeliveryDetails").is_none());
    assert!(env.emulator.outbox().is_empty());
    env.call(
        "ResendConfirmationCode",
        json!({"ClientId": client, "Username": "quiet"}),
    )
    .await
    .err("InvalidParameterException");

    let phone = env
        .pool(json!({"AutoVerifiedAttributes": ["phone_number", "email"]}))
        .await;
    let (client, _) = env.client(&phone, json!({})).await;
    let out = env
        .call(
            "SignUp",
            json!({"ClientId": client, "Username": "tel", "Password": PASSWORD,
                   "UserAttributes": [{"Name": "phone_number", "Value": "+15555550123"},
                                      {"Name": "email", "Value": "tel@example.com"}]}),
        )
        .await
        .ok();
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    assert_eq!(out["CodeDeliveryDetails"]["Destination"], "+*******0123");
}

#[tokio::test]
async fn sign_up_checks_the_secret_hash_and_pool_settings() {
    let env = Env::start().await;
    let (_, client, secret) = sign_up_pool(&env, json!({"GenerateSecret": true})).await;
    let secret = secret.unwrap_or_default();
    let msg = env
        .call("SignUp", sign_up_body(&client, "h"))
        .await
        .err("NotAuthorizedException");
    assert!(msg.contains("SECRET_HASH was not received"), "{msg}");
    let mut body = sign_up_body(&client, "h");
    body["SecretHash"] = json!(secret_hash("other", &client, &secret));
    env.call("SignUp", body.clone())
        .await
        .err("NotAuthorizedException");
    body["SecretHash"] = json!(secret_hash("h", &client, &secret));
    env.call("SignUp", body).await.ok();

    let closed = env
        .pool(json!({"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true}}))
        .await;
    let (client, _) = env.client(&closed, json!({})).await;
    env.call("SignUp", sign_up_body(&client, "x"))
        .await
        .err("NotAuthorizedException");

    let pool = env.pool(json!({})).await;
    let (client, _) = env
        .client(&pool, json!({"WriteAttributes": ["email"]}))
        .await;
    let mut body = sign_up_body(&client, "w");
    body["UserAttributes"] = json!([{"Name": "name", "Value": "W"}]);
    env.call("SignUp", body).await.err("NotAuthorizedException");
}

#[tokio::test]
async fn confirm_sign_up_checks_the_code() {
    let env = Env::start().await;
    let (pool, client, _) = sign_up_pool(&env, json!({})).await;
    env.call("SignUp", sign_up_body(&client, "cat")).await.ok();
    let code = env.emulator.last_code("cat").unwrap_or_default();
    let confirm =
        |code: &str| json!({"ClientId": client, "Username": "cat", "ConfirmationCode": code});
    let wrong = if code == "000000" { "111111" } else { "000000" };
    env.call("ConfirmSignUp", confirm(wrong))
        .await
        .err("CodeMismatchException");
    assert_eq!(
        env.call("ConfirmSignUp", confirm(&code)).await.ok(),
        json!({})
    );
    let got = get_user(&env, &pool, "cat").await;
    assert_eq!(got["UserStatus"], "CONFIRMED");
    assert_eq!(attr(&got, "UserAttributes", "email_verified"), Some("true"));
    let msg = env
        .call("ConfirmSignUp", confirm(&code))
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "User cannot be confirmed. Current status is CONFIRMED");
    env.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "nobody", "ConfirmationCode": "123456"}),
    )
    .await
    .err("UserNotFoundException");
}

#[tokio::test]
async fn confirmation_codes_expire_after_a_day_and_after_five_failures() {
    let env = Env::start().await;
    let (_, client, _) = sign_up_pool(&env, json!({})).await;
    env.call("SignUp", sign_up_body(&client, "late")).await.ok();
    let code = env.emulator.last_code("late").unwrap_or_default();
    env.advance(24 * 3600 + 1);
    env.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "late", "ConfirmationCode": code}),
    )
    .await
    .err("ExpiredCodeException");
    // A new code works.
    env.call(
        "ResendConfirmationCode",
        json!({"ClientId": client, "Username": "late"}),
    )
    .await
    .ok();
    let fresh = env.emulator.last_code("late").unwrap_or_default();
    env.advance(23 * 3600);
    env.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "late", "ConfirmationCode": fresh}),
    )
    .await
    .ok();

    env.call("SignUp", sign_up_body(&client, "guess"))
        .await
        .ok();
    let code = env.emulator.last_code("guess").unwrap_or_default();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let confirm = |c: &str| json!({"ClientId": client, "Username": "guess", "ConfirmationCode": c});
    for _ in 0..4 {
        env.call("ConfirmSignUp", confirm(wrong))
            .await
            .err("CodeMismatchException");
    }
    env.call("ConfirmSignUp", confirm(wrong))
        .await
        .err("TooManyFailedAttemptsException");
    // The code is gone now, even the right one.
    env.call("ConfirmSignUp", confirm(&code))
        .await
        .err("CodeMismatchException");
}

#[tokio::test]
async fn resend_confirmation_code_replaces_the_code() {
    let env = Env::start().await;
    let (_, client, _) = sign_up_pool(&env, json!({"PreventUserExistenceErrors": "ENABLED"})).await;
    env.call("SignUp", sign_up_body(&client, "re")).await.ok();
    let first = env.emulator.last_code("re").unwrap_or_default();
    let out = env
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": client, "Username": "re"}),
        )
        .await
        .ok();
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let second = env.emulator.last_code("re").unwrap_or_default();
    assert_eq!(env.emulator.outbox_for("re").len(), 2);
    if first != second {
        env.call(
            "ConfirmSignUp",
            json!({"ClientId": client, "Username": "re", "ConfirmationCode": first}),
        )
        .await
        .err("CodeMismatchException");
    }
    env.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "re", "ConfirmationCode": second}),
    )
    .await
    .ok();
    env.call(
        "ResendConfirmationCode",
        json!({"ClientId": client, "Username": "re"}),
    )
    .await
    .err("InvalidParameterException");
    // PreventUserExistenceErrors = ENABLED: unknown users get a simulated delivery.
    let out = env
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": client, "Username": "ghost"}),
        )
        .await
        .ok();
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    env.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": "ghost", "ConfirmationCode": "123456"}),
    )
    .await
    .err("CodeMismatchException");
}

#[tokio::test]
async fn admin_confirm_sign_up() {
    let env = Env::start().await;
    let (pool, client, _) = sign_up_pool(&env, json!({})).await;
    env.call("SignUp", sign_up_body(&client, "adm")).await.ok();
    let req = json!({"UserPoolId": pool, "Username": "adm"});
    assert_eq!(
        env.call("AdminConfirmSignUp", req.clone()).await.ok(),
        json!({})
    );
    let got = get_user(&env, &pool, "adm").await;
    assert_eq!(got["UserStatus"], "CONFIRMED");
    // An admin confirmation does not verify the e-mail address.
    assert_eq!(attr(&got, "UserAttributes", "email_verified"), None);
    env.call("AdminConfirmSignUp", req)
        .await
        .err("NotAuthorizedException");
}

// ---------------------------------------------------------------------------------------------
// ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn forgot_password_round_trip() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (client, _) = env.client(&pool, json!({})).await;
    env.user(
        &pool,
        "fp",
        PASSWORD,
        json!({"email": "fp@example.com", "email_verified": "true"}),
    )
    .await;
    let out = env
        .call(
            "ForgotPassword",
            json!({"ClientId": client, "Username": "fp"}),
        )
        .await
        .ok();
    assert_eq!(
        out["CodeDeliveryDetails"],
        json!({"Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    let sent = env.emulator.outbox_for("fp");
    assert_eq!(sent.last().map(|m| m.purpose), Some(Purpose::ResetCode));
    let code = env.emulator.last_code("fp").unwrap_or_default();
    let confirm = |code: &str, password: &str| json!({"ClientId": client, "Username": "fp", "ConfirmationCode": code, "Password": password});
    let wrong = if code == "000000" { "111111" } else { "000000" };
    env.call("ConfirmForgotPassword", confirm(wrong, "N3w-Passw0rd"))
        .await
        .err("CodeMismatchException");
    let msg = env
        .call("ConfirmForgotPassword", confirm(&code, "weak"))
        .await
        .err("InvalidPasswordException");
    assert!(!msg.contains("weak"));
    // The rejected password did not use the code up.
    assert_eq!(
        env.call("ConfirmForgotPassword", confirm(&code, "N3w-Passw0rd"))
            .await
            .ok(),
        json!({})
    );
    assert_eq!(get_user(&env, &pool, "fp").await["UserStatus"], "CONFIRMED");
    // Codes are single-use.
    env.call("ConfirmForgotPassword", confirm(&code, "N3w-Passw0rd2"))
        .await
        .err("ExpiredCodeException");
}

#[tokio::test]
async fn reset_codes_expire_after_an_hour() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (client, _) = env.client(&pool, json!({})).await;
    env.user(
        &pool,
        "slow",
        PASSWORD,
        json!({"phone_number": "+15555550199", "phone_number_verified": "true"}),
    )
    .await;
    let out = env
        .call(
            "ForgotPassword",
            json!({"ClientId": client, "Username": "slow"}),
        )
        .await
        .ok();
    assert_eq!(out["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    let code = env.emulator.last_code("slow").unwrap_or_default();
    env.advance(3601);
    env.call(
        "ConfirmForgotPassword",
        json!({"ClientId": client, "Username": "slow", "ConfirmationCode": code, "Password": "N3w-Passw0rd"}),
    )
    .await
    .err("ExpiredCodeException");
}

#[tokio::test]
async fn forgot_password_refusals() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (legacy, _) = env.client(&pool, json!({})).await;
    let (enabled, _) = env
        .client(&pool, json!({"PreventUserExistenceErrors": "ENABLED"}))
        .await;
    env.user(
        &pool,
        "unverified",
        PASSWORD,
        json!({"email": "u@example.com"}),
    )
    .await;
    env.user(
        &pool,
        "off",
        PASSWORD,
        json!({"email": "o@example.com", "email_verified": "true"}),
    )
    .await;
    env.call(
        "AdminDisableUser",
        json!({"UserPoolId": pool, "Username": "off"}),
    )
    .await
    .ok();
    env.call("AdminCreateUser", json!({"UserPoolId": pool, "Username": "temp", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": "t@example.com"}, {"Name": "email_verified", "Value": "true"}]}))
        .await
        .ok();
    let forgot = |client: &str, user: &str| json!({"ClientId": client, "Username": user});

    env.call("ForgotPassword", forgot(&legacy, "unverified"))
        .await
        .err("InvalidParameterException");
    env.call("ForgotPassword", forgot(&legacy, "ghost"))
        .await
        .err("UserNotFoundException");
    let msg = env
        .call("ForgotPassword", forgot(&legacy, "off"))
        .await
        .err("NotAuthorizedException");
    assert_eq!(msg, "User is disabled.");
    env.call("ForgotPassword", forgot(&legacy, "temp"))
        .await
        .err("NotAuthorizedException");
    for user in ["ghost", "off"] {
        let out = env
            .call("ForgotPassword", forgot(&enabled, user))
            .await
            .ok();
        assert_eq!(
            out["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL",
            "{user}"
        );
    }
    let confirm = |client: &str, user: &str| json!({"ClientId": client, "Username": user, "ConfirmationCode": "123456", "Password": "N3w-Passw0rd"});
    env.call("ConfirmForgotPassword", confirm(&legacy, "ghost"))
        .await
        .err("UserNotFoundException");
    env.call("ConfirmForgotPassword", confirm(&enabled, "ghost"))
        .await
        .err("CodeMismatchException");
    // No code was ever requested.
    env.call("ConfirmForgotPassword", confirm(&legacy, "unverified"))
        .await
        .err("ExpiredCodeException");
}

#[tokio::test]
async fn admin_reset_user_password_requires_a_reset() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (client, _) = env.client(&pool, json!({})).await;
    env.user(
        &pool,
        "r",
        PASSWORD,
        json!({"email": "r@example.com", "email_verified": "true"}),
    )
    .await;
    assert_eq!(
        env.call(
            "AdminResetUserPassword",
            json!({"UserPoolId": pool, "Username": "r"})
        )
        .await
        .ok(),
        json!({})
    );
    assert_eq!(
        get_user(&env, &pool, "r").await["UserStatus"],
        "RESET_REQUIRED"
    );
    let code = env.emulator.last_code("r").unwrap_or_default();
    env.call(
        "ConfirmForgotPassword",
        json!({"ClientId": client, "Username": "r", "ConfirmationCode": code, "Password": "N3w-Passw0rd"}),
    )
    .await
    .ok();
    assert_eq!(get_user(&env, &pool, "r").await["UserStatus"], "CONFIRMED");
    env.user(&pool, "nomail", PASSWORD, json!({})).await;
    env.call(
        "AdminResetUserPassword",
        json!({"UserPoolId": pool, "Username": "nomail"}),
    )
    .await
    .err("InvalidParameterException");
    env.call(
        "AdminResetUserPassword",
        json!({"UserPoolId": pool, "Username": "ghost"}),
    )
    .await
    .err("UserNotFoundException");
}

#[tokio::test]
async fn passwords_never_appear_in_answers() {
    let env = Env::start().await;
    let pool = env.pool(json!({})).await;
    let (client, _) = env.client(&pool, json!({})).await;
    let canary = "Canary-Passw0rd-7731!";
    let created = env
        .user(&pool, "canary", canary, json!({"email": "c@example.com"}))
        .await;
    let got = get_user(&env, &pool, "canary").await;
    let listed = env
        .call("ListUsers", json!({"UserPoolId": pool}))
        .await
        .ok();
    let signed_up = env
        .call(
            "SignUp",
            json!({"ClientId": client, "Username": "canary2", "Password": canary}),
        )
        .await
        .ok();
    for body in [created, got, listed, signed_up] {
        assert!(!body.to_string().contains(canary));
    }
}
