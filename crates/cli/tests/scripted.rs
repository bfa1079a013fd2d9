//! `sign-in` as a script runs it: flags, environment, `--password-stdin`, no terminal.

use serde_json::json;

use crate::support::{PASSWORD, POOL, World};

fn totp_pool() -> serde_json::Value {
    json!({
        "mfa": "OPTIONAL",
        "mfa_factors": ["SOFTWARE_TOKEN_MFA", "SMS_MFA"],
        "users": [
            {"username": "alice", "password": PASSWORD, "attributes": {"email": "alice@example.com"}},
            {"username": "tom", "password": PASSWORD, "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": "SOFTWARE_TOKEN_MFA"}},
            {"username": "sam", "password": PASSWORD,
             "attributes": {"phone_number": "+15555550123"}, "phone_number_verified": true,
             "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA", "SMS_MFA"]}},
        ]
    })
}

#[test]
fn srp_sign_in_prints_the_tokens_as_json() {
    let world = World::start(totp_pool());
    let out = world.sign_in("alice", &[]);
    for key in ["access_token", "id_token", "refresh_token"] {
        assert_eq!(
            out[key].as_str().map(|t| t.split('.').count()),
            Some(if key == "refresh_token" { 5 } else { 3 }),
            "{key}: {out}"
        );
    }
    assert_eq!(out["token_type"], "Bearer");
    assert_eq!(out["username"], "alice");
    assert!(
        out["expires_in"].as_u64().is_some_and(|s| s > 3000),
        "{out}"
    );
    assert!(out["expires_at"].as_u64().is_some(), "{out}");
}

#[test]
fn print_gives_one_token_and_env_gives_assignments() {
    let world = World::start(totp_pool());
    let input = format!("{PASSWORD}\n");
    let run = world.run(
        &[
            "sign-in",
            "-u",
            "alice",
            "--password-stdin",
            "--print",
            "id-token",
        ],
        &input,
    );
    run.assert_code(0);
    let token = run.stdout.trim_end();
    assert_eq!(run.stdout.lines().count(), 1);
    assert_eq!(token.split('.').count(), 3, "{token}");

    let run = world.run(
        &[
            "sign-in",
            "-u",
            "alice",
            "--password-stdin",
            "--output",
            "env",
        ],
        &input,
    );
    run.assert_code(0);
    assert!(
        run.stdout.contains("COGNITO_ACCESS_TOKEN=eyJ"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("COGNITO_USERNAME=alice"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_totp_user_signs_in_with_totp_code() {
    let world = World::start(totp_pool());
    let code = world.totp("tom");
    let out = world.sign_in("tom", &["--totp-code", &code]);
    assert_eq!(out["username"], "tom");
}

#[test]
fn a_missing_answer_without_a_terminal_exits_3_naming_the_flag() {
    let world = World::start(totp_pool());
    let run = world.run(
        &["sign-in", "-u", "tom", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(3);
    let line = run.error_line();
    assert!(line.contains("SOFTWARE_TOKEN_MFA"), "{line}");
    assert!(line.contains("--totp-code"), "{line}");
    assert!(run.stdout.is_empty());

    // No password and nothing to ask on.
    let run = world.run(&["sign-in", "-u", "alice"], "");
    run.assert_code(3);
    assert!(
        run.error_line().contains("--password-stdin"),
        "{}",
        run.stderr
    );

    // SELECT_MFA_TYPE names --mfa-choice and what is offered.
    let run = world.run(
        &["sign-in", "-u", "sam", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(3);
    let line = run.error_line();
    assert!(
        line.contains("SELECT_MFA_TYPE") && line.contains("--mfa-choice"),
        "{line}"
    );
    assert!(line.contains("sms") && line.contains("totp"), "{line}");
}

#[test]
fn mfa_choice_and_code_answer_select_mfa_type() {
    let world = World::start(totp_pool());
    let code = world.totp("sam");
    let out = world.sign_in("sam", &["--mfa-choice", "totp", "--totp-code", &code]);
    assert_eq!(out["username"], "sam");
}

#[test]
fn a_wrong_code_from_a_flag_exits_1() {
    let world = World::start(totp_pool());
    let right = world.totp("tom");
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let run = world.run(
        &[
            "sign-in",
            "-u",
            "tom",
            "--password-stdin",
            "--totp-code",
            wrong,
        ],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(1);
    let line = run.error_line();
    assert!(
        line.contains("SOFTWARE_TOKEN_MFA") && line.contains("CodeMismatch"),
        "{line}"
    );
}

#[test]
fn a_wrong_password_exits_1_and_usage_errors_exit_2() {
    let world = World::start(totp_pool());
    let run = world.run(
        &["sign-in", "-u", "alice", "--password-stdin"],
        "Wr0ng-pass!\n",
    );
    run.assert_code(1);
    assert!(
        run.error_line().contains("NotAuthorizedException"),
        "{}",
        run.stderr
    );

    let run = world.run(
        &[
            "sign-in",
            "-u",
            "alice",
            "--password-stdin",
            "--flow",
            "user-auth",
        ],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(2);
    let line = run.error_line();
    assert!(
        line.contains("USER_AUTH") && line.contains("not supported yet"),
        "{line}"
    );

    let run = world.run(&["sign-in", "--no-such-flag"], "");
    run.assert_code(2);

    let mut command = world.command(&["sign-in", "-u", "alice", "--password-stdin"]);
    command.env_remove("COGNITO_FLOW_USER_POOL_ID");
    let run = crate::support::run(command, "x\n");
    run.assert_code(2);
    assert!(
        run.error_line().contains("--user-pool-id"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreachable_endpoint_exits_4() {
    let world = World::start(totp_pool());
    // A port nothing listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = world.run(
        &[
            "sign-in",
            "-u",
            "alice",
            "--password-stdin",
            "--endpoint",
            &endpoint,
        ],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(4);
    assert!(
        run.error_line().contains("could not reach Cognito"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_temporary_password_is_replaced_from_a_file() {
    let world = World::start(json!({
        "users": [{"username": "nina", "password": "Temp-pass1!", "temporary": true}]
    }));
    let dir = crate::support::temp_dir("newpw");
    let file = dir.join("new-password");
    std::fs::write(&file, "N3w-password!\n").expect("write");
    let run = world.run(
        &["sign-in", "-u", "nina", "--password-stdin"],
        "Temp-pass1!\n",
    );
    run.assert_code(3);
    assert!(
        run.error_line().contains("NEW_PASSWORD_REQUIRED"),
        "{}",
        run.stderr
    );
    assert!(
        run.error_line().contains("--new-password-file"),
        "{}",
        run.stderr
    );

    let run = world.run(
        &[
            "sign-in",
            "-u",
            "nina",
            "--password-stdin",
            "--new-password-file",
            file.to_str().expect("utf-8 path"),
        ],
        "Temp-pass1!\n",
    );
    run.assert_code(0);
    // The new password works.
    let run = world.run(
        &["sign-in", "-u", "nina", "--password-stdin"],
        "N3w-password!\n",
    );
    run.assert_code(0);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_client_secret_comes_from_the_environment_a_file_or_a_warned_flag() {
    let world = World::start(json!({
        "clients": [{"id": "secretclient0000000000001", "name": "server",
            "secret": "clientsecret0000000000000000000000000000000000001",
            "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
        "users": [{"username": "alice", "password": PASSWORD}]
    }));
    let secret = "clientsecret0000000000000000000000000000000000001";
    let input = format!("{PASSWORD}\n");
    let args = [
        "sign-in",
        "-u",
        "alice",
        "--password-stdin",
        "--client-id",
        "secretclient0000000000001",
    ];
    // Without the secret, Cognito refuses (no SECRET_HASH).
    world.run(&args, &input).assert_code(1);

    let mut command = world.command(&args);
    command.env("COGNITO_FLOW_CLIENT_SECRET", secret);
    let run = crate::support::run(command, &input);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let dir = crate::support::temp_dir("secret");
    let file = dir.join("secret");
    std::fs::write(&file, format!("{secret}\n")).expect("write");
    let mut with_file = args.to_vec();
    with_file.extend(["--flow", "password", "--client-secret-file"]);
    with_file.push(file.to_str().expect("utf-8 path"));
    world.run(&with_file, &input).assert_code(0);

    let mut with_flag = args.to_vec();
    with_flag.extend(["--client-secret", secret]);
    let run = world.run(&with_flag, &input);
    run.assert_code(0);
    assert!(
        run.stderr.contains("warning: --client-secret"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(secret));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn admin_sign_in_uses_aws_credentials_from_the_environment() {
    let world = World::start(totp_pool());
    let args = [
        "sign-in",
        "-u",
        "alice",
        "--password-stdin",
        "--admin",
        "--flow",
        "password",
    ];
    let input = format!("{PASSWORD}\n");
    let run = world.run(&args, &input);
    run.assert_code(2);
    assert!(
        run.error_line().contains("AWS_ACCESS_KEY_ID"),
        "{}",
        run.stderr
    );

    let mut command = world.command(&args);
    command.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env(
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let run = crate::support::run(command, &input);
    run.assert_code(0);
    assert_eq!(run.json()["username"], "alice");

    // SRP through AdminInitiateAuth, MFA answered through AdminRespondToAuthChallenge.
    let code = world.totp("tom");
    let mut command = world.command(&[
        "sign-in",
        "-u",
        "tom",
        "--password-stdin",
        "--admin",
        "--totp-code",
        &code,
    ]);
    command.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").env(
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    crate::support::run(command, &input).assert_code(0);
    let _ = POOL;
}

#[test]
fn verbose_logs_challenge_names_but_no_secrets() {
    let world = World::start(totp_pool());
    let code = world.totp("tom");
    let run = world.run(
        &[
            "--verbose",
            "sign-in",
            "-u",
            "tom",
            "--password-stdin",
            "--totp-code",
            &code,
        ],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(0);
    assert!(run.stderr.contains("SOFTWARE_TOKEN_MFA"), "{}", run.stderr);
    let tokens = run.json();
    for secret in [
        PASSWORD,
        code.as_str(),
        tokens["access_token"].as_str().unwrap_or("?"),
        tokens["refresh_token"].as_str().unwrap_or("?"),
    ] {
        assert!(
            !run.stderr.contains(secret),
            "a secret in the log: {}",
            run.stderr
        );
    }
}
