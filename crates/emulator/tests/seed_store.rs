//! Seeding (typed helpers, seed files) and the data directory.

mod support;

use std::io::Write as _;
use std::path::PathBuf;

use cognito_flow_emulator::{
    ClientSpec, Clock, DeviceConfiguration, Emulator, EmulatorConfig, MfaFactor,
    PasswordPolicySpec, PoolMfa, PoolSpec, Purpose, SeedError, UserSpec,
};
use serde_json::{Value, json};
use support::Env;

const EXAMPLE: &str = include_str!("../examples/seed.json");

fn emulator() -> Emulator {
    Emulator::new(EmulatorConfig::default(), Clock::manual(1_709_622_249_000))
}

fn call(e: &Emulator, op: &str, body: Value) -> Value {
    let out = e
        .call(op, &body.to_string())
        .unwrap_or_else(|err| panic!("{op}: {err}"));
    serde_json::from_str(&out).expect("json")
}

fn attr<'a>(user: &'a Value, name: &str) -> Option<&'a str> {
    user["UserAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)?["Value"]
        .as_str()
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "cognito-emulator-test-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

// ---------------------------------------------------------------------------------------------
// The example seed file
// ---------------------------------------------------------------------------------------------

#[test]
fn the_example_seed_file_loads() {
    let e = emulator();
    let pools = e.load_seed(EXAMPLE).expect("the example seed applies");
    assert_eq!(pools.len(), 2);
    let pool = &pools[0];
    assert_eq!(pool.id, "us-east-1_Example01");
    assert_eq!(pool.clients[0].id, "examplewebclient0000000001");
    assert_eq!(pool.clients[0].secret(), None);
    assert_eq!(
        pool.clients[1].secret(),
        Some("exampleserversecret000000000000000000000000000000001")
    );
    assert!(!format!("{:?}", pool.clients[1]).contains("exampleserversecret"));

    let described = call(&e, "DescribeUserPool", json!({"UserPoolId": pool.id}));
    let p = &described["UserPool"];
    assert_eq!(p["MfaConfiguration"], "OPTIONAL");
    assert_eq!(p["AliasAttributes"], json!(["email", "preferred_username"]));
    assert_eq!(p["Policies"]["PasswordPolicy"]["RequireSymbols"], false);
    assert_eq!(
        p["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"],
        true
    );
    let mfa = call(&e, "GetUserPoolMfaConfig", json!({"UserPoolId": pool.id}));
    assert_eq!(mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    assert!(mfa.get("SmsMfaConfiguration").is_some());
    assert!(mfa.get("EmailMfaConfiguration").is_some());

    let server = call(
        &e,
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool.id, "ClientId": "exampleserverclient0000001"}),
    );
    assert_eq!(
        server["UserPoolClient"]["ExplicitAuthFlows"],
        json!(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    );
    let web = call(
        &e,
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool.id, "ClientId": "examplewebclient0000000001"}),
    );
    assert_eq!(
        web["UserPoolClient"]["PreventUserExistenceErrors"],
        "ENABLED"
    );

    let get = |name: &str| {
        call(
            &e,
            "AdminGetUser",
            json!({"UserPoolId": pool.id, "Username": name}),
        )
    };
    let alice = get("alice");
    assert_eq!(alice["UserStatus"], "CONFIRMED");
    assert_eq!(attr(&alice, "custom:tenant"), Some("acme"));
    assert_eq!(attr(&alice, "email_verified"), Some("true"));
    // alice@example.com is a verified alias.
    assert_eq!(get("alice@example.com")["Username"], "alice");
    let bob = get("bob");
    assert_eq!(
        bob["UserMFASettingList"],
        json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])
    );
    assert_eq!(bob["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(
        e.totp_code(&pool.id, "bob"),
        e.totp_code_for_secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    );
    assert!(e.totp_code(&pool.id, "bob").is_some());
    assert_eq!(get("carol")["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(get("dave")["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert!(get("dave").get("PreferredMfaSetting").is_none());
    // Seeded users with passwords get no invitation.
    assert!(e.outbox().is_empty());

    let erin = &pools[1].users[0];
    assert_eq!(erin.username, erin.sub);
    let got = call(
        &e,
        "AdminGetUser",
        json!({"UserPoolId": "us-east-1_Example02", "Username": "erin@example.com"}),
    );
    assert_eq!(got["Username"], erin.username.as_str());
}

#[test]
fn seed_files_may_be_toml() {
    let e = emulator();
    let pools = e
        .load_seed(
            r#"
            # A pool with TOTP required.
            [[pools]]
            id = "eu-west-1_Toml1"
            name = "toml"
            mfa = "ON"
            mfa_factors = ["SOFTWARE_TOKEN_MFA"]
            password_policy = { minimum_length = 6, require_symbols = false, require_uppercase = false }

            [[pools.clients]]
            name = "generated"
            generate_secret = true

            [[pools.users]]
            username = "tom"
            password = "passw0rd"
            mfa = { enabled = ["SOFTWARE_TOKEN_MFA"] }
            "#,
        )
        .expect("toml applies");
    let pool = &pools[0];
    assert_eq!(pool.id, "eu-west-1_Toml1");
    assert_eq!(pool.clients[0].id.len(), 26);
    assert_eq!(pool.clients[0].secret().map(str::len), Some(51));
    let secret = pool.users[0]
        .totp_secret()
        .expect("a generated secret")
        .to_owned();
    assert_eq!(secret.len(), 32);
    assert_eq!(
        e.totp_code(&pool.id, "tom"),
        e.totp_code_for_secret(&secret)
    );
    assert!(!format!("{:?}", pool.users[0]).contains(&secret));
}

#[test]
fn seed_errors_say_where_without_values() {
    let e = emulator();
    let err = e
        .load_seed("{\n  \"pools\": [{\"name\": \"x\", \"mfa\": \"SOMETIMES\"}]\n}")
        .expect_err("bad enum");
    assert!(matches!(err, SeedError::Parse { line: 2, .. }), "{err:?}");
    let err = e
        .load_seed(
            r#"{"pools": [{"name": "x", "users": [{"username": "u", "passwd": "Secret-1"}]}]}"#,
        )
        .expect_err("unknown key");
    let text = err.to_string();
    assert!(text.contains("unknown field `passwd`"), "{text}");
    assert!(!text.contains("Secret-1"));
    assert!(e.load_seed("pools = 3").is_err());
    assert_eq!(
        call(&e, "ListUserPools", json!({"MaxResults": 10}))["UserPools"],
        json!([])
    );

    let err = e
        .load_seed(r#"{"pools": [{"id": "us-east-1_Dup1", "name": "a"}, {"id": "us-east-1_Dup1", "name": "b"}]}"#)
        .expect_err("duplicate id");
    let SeedError::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.code(), "InvalidParameterException");
    assert!(api.message().starts_with("pool b: "), "{}", api.message());
    assert!(std::error::Error::source(&err).is_some());

    let err = e
        .load_seed(r#"{"pools": [{"name": "c", "users": [{"username": "u", "password": "Passw0rd!", "mfa": {"enabled": ["SMS_MFA"]}}]}]}"#)
        .expect_err("sms without phone");
    assert!(
        matches!(err, SeedError::Api(ref a) if a.message().contains("phone_number")),
        "{err:?}"
    );
    let err = e
        .load_seed(r#"{"pools": [{"id": "bad id", "name": "d"}]}"#)
        .expect_err("bad pool id");
    assert!(matches!(err, SeedError::Api(_)));
    let err = e
        .load_seed(r#"{"pools": [{"name": "e", "clients": [{"name": "c", "secret": "short"}]}]}"#)
        .expect_err("short secret");
    assert!(!err.to_string().contains("short"));
}

// ---------------------------------------------------------------------------------------------
// The typed helpers
// ---------------------------------------------------------------------------------------------

#[test]
fn typed_helpers_build_what_the_api_would() {
    let e = emulator();
    let mut policy = PasswordPolicySpec::default();
    policy.require_symbols = false;
    let mut devices = DeviceConfiguration::default();
    devices.device_only_remembered_on_user_prompt = true;
    let pool = e
        .create_pool(
            PoolSpec::new("typed")
                .mfa(PoolMfa::On, [MfaFactor::SoftwareToken, MfaFactor::Email])
                .password_policy(policy)
                .username_attributes(["email"])
                .auto_verified_attributes(["email"])
                .device_configuration(devices),
        )
        .expect("pool");
    let described = call(&e, "DescribeUserPool", json!({"UserPoolId": pool.id}));
    assert_eq!(described["UserPool"]["MfaConfiguration"], "ON");
    assert_eq!(
        described["UserPool"]["UsernameAttributes"],
        json!(["email"])
    );
    assert_eq!(
        described["UserPool"]["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"],
        true
    );

    let client = e
        .create_client(
            &pool.id,
            ClientSpec::new("admin")
                .id("fixedclientid")
                .secret("fixedsecret0123456789abcdef")
                .explicit_auth_flows(["ALLOW_ADMIN_USER_PASSWORD_AUTH"])
                .prevent_user_existence_errors(true),
        )
        .expect("client");
    assert_eq!(client.id, "fixedclientid");
    assert_eq!(client.secret(), Some("fixedsecret0123456789abcdef"));
    let err = e
        .create_client(&pool.id, ClientSpec::new("again").id("fixedclientid"))
        .expect_err("duplicate client id");
    assert_eq!(err.code(), "InvalidParameterException");

    let invited = e
        .create_user(&pool.id, UserSpec::new("inv@example.com"))
        .expect("invited");
    let invitation = e.outbox_for(&invited.username);
    assert_eq!(invitation.len(), 1);
    assert_eq!(invitation[0].purpose, Purpose::TemporaryPassword);

    let temp = e
        .create_user(
            &pool.id,
            UserSpec::new("tmp@example.com").temporary_password("Temp0rary1"),
        )
        .expect("temporary");
    let got = call(
        &e,
        "AdminGetUser",
        json!({"UserPoolId": pool.id, "Username": temp.username}),
    );
    assert_eq!(got["UserStatus"], "FORCE_CHANGE_PASSWORD");

    let disabled = e
        .create_user(&pool.id, {
            let mut spec = UserSpec::new("off@example.com")
                .password("Passw0rd1")
                .email_verified()
                .preferred_mfa(MfaFactor::Email);
            spec.enabled = false;
            spec
        })
        .expect("disabled");
    let got = call(
        &e,
        "AdminGetUser",
        json!({"UserPoolId": pool.id, "Username": disabled.username}),
    );
    assert_eq!(got["Enabled"], false);
    assert_eq!(got["PreferredMfaSetting"], "EMAIL_OTP");
    assert_eq!(attr(&got, "email_verified"), Some("true"));

    let err = e
        .create_user(
            &pool.id,
            UserSpec::new("bad@example.com")
                .password("Passw0rd1")
                .totp(Some("not base32!")),
        )
        .expect_err("bad secret");
    assert!(
        err.message().starts_with("user bad@example.com: "),
        "{}",
        err.message()
    );
}

// ---------------------------------------------------------------------------------------------
// The data directory
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = temp_dir("restart");
    let (pool, client, secret) = {
        let env = Env::start().await;
        assert!(!env.emulator.open_data_dir(&dir).expect("opens"));
        let pool = env.pool(json!({"MfaConfiguration": "OFF"})).await;
        let (client, secret) = env.client(&pool, json!({"GenerateSecret": true})).await;
        env.user(
            &pool,
            "kept",
            "Passw0rd!",
            json!({"email": "kept@example.com"}),
        )
        .await;
        env.user(&pool, "gone", "Passw0rd!", json!({})).await;
        env.call(
            "AdminDeleteUser",
            json!({"UserPoolId": pool, "Username": "gone"}),
        )
        .await
        .ok();
        env.emulator
            .create_user(
                &pool,
                UserSpec::new("totp")
                    .password("Passw0rd!")
                    .totp(Some("JBSWY3DPEHPK3PXP")),
            )
            .expect("totp user");
        (pool, client, secret)
    };

    let e = emulator();
    assert!(e.open_data_dir(&dir).expect("reopens"));
    let got = call(
        &e,
        "AdminGetUser",
        json!({"UserPoolId": pool, "Username": "kept"}),
    );
    assert_eq!(got["UserStatus"], "CONFIRMED");
    assert_eq!(attr(&got, "email"), Some("kept@example.com"));
    assert!(
        e.call(
            "AdminGetUser",
            &json!({"UserPoolId": pool, "Username": "gone"}).to_string()
        )
        .is_err()
    );
    let described = call(
        &e,
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": client}),
    );
    assert_eq!(
        described["UserPoolClient"]["ClientSecret"],
        secret.as_deref().unwrap_or_default()
    );
    assert_eq!(
        e.totp_code(&pool, "totp"),
        e.totp_code_for_secret("JBSWY3DPEHPK3PXP")
    );
    // The client index was rebuilt: public calls find the client.
    let sign_up = json!({"ClientId": client, "Username": "late", "Password": "Passw0rd!",
                         "SecretHash": cognito_flow_srp::secret_hash("late", &client, secret.as_deref().unwrap_or_default())});
    call(&e, "SignUp", sign_up);
    // Changes after the restart are kept too.
    call(
        &e,
        "AdminDeleteUser",
        json!({"UserPoolId": pool, "Username": "kept"}),
    );
    drop(e);
    let third = emulator();
    assert!(third.open_data_dir(&dir).expect("reopens again"));
    let users = call(&third, "ListUsers", json!({"UserPoolId": pool}));
    let names: Vec<&str> = users["Users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["Username"].as_str())
        .collect();
    assert_eq!(names, ["late", "totp"]);
    assert!(
        third.open_data_dir(&dir).is_err(),
        "a second data directory is refused"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_torn_last_write_is_dropped_and_damage_is_reported() {
    let dir = temp_dir("torn");
    let e = emulator();
    e.open_data_dir(&dir).expect("opens");
    call(&e, "CreateUserPool", json!({"PoolName": "survivor"}));
    drop(e);
    let log = dir.join("state.jsonl");
    {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&log)
            .expect("log");
        f.write_all(br#"{"put":[["pool/us-east-1_Torn1",{"id":"#)
            .expect("append");
    }
    let e = emulator();
    assert!(e.open_data_dir(&dir).expect("a torn tail is tolerated"));
    let pools = call(&e, "ListUserPools", json!({"MaxResults": 10}));
    assert_eq!(pools["UserPools"].as_array().map(Vec::len), Some(1));
    assert_eq!(pools["UserPools"][0]["Name"], "survivor");
    drop(e);

    let good = std::fs::read(&log).expect("log");
    let mut damaged = b"{not json}\n".to_vec();
    damaged.extend_from_slice(&good);
    std::fs::write(&log, damaged).expect("write");
    let err = emulator()
        .open_data_dir(&dir)
        .expect_err("damage is an error");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn concurrent_writes_all_reach_the_disk() {
    let dir = temp_dir("concurrent");
    let pool = {
        let env = Env::start().await;
        env.emulator.open_data_dir(&dir).expect("opens");
        let pool = env.pool(json!({})).await;
        let mut tasks = Vec::new();
        for i in 0..20 {
            let http = env.http.clone();
            let endpoint = env.emulator.endpoint().to_owned();
            let body = json!({"UserPoolId": pool, "Username": format!("u{i:02}"), "MessageAction": "SUPPRESS"});
            tasks.push(tokio::spawn(async move {
                http.post(endpoint)
                    .header(
                        "x-amz-target",
                        "AWSCognitoIdentityProviderService.AdminCreateUser",
                    )
                    .header("authorization", support::FAKE_SIGV4)
                    .body(body.to_string())
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            }));
        }
        for task in tasks {
            assert_eq!(task.await.ok().and_then(Result::ok), Some(200));
        }
        pool
    };
    let e = emulator();
    e.open_data_dir(&dir).expect("reopens");
    let users = call(&e, "ListUsers", json!({"UserPoolId": pool}));
    assert_eq!(users["Users"].as_array().map(Vec::len), Some(20));
    let _ = std::fs::remove_dir_all(&dir);
}
