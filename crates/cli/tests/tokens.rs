//! `whoami`, `refresh` and `sign-out`, fed the JSON `sign-in` prints (as a pipe would).

use serde_json::json;

use crate::support::{PASSWORD, World};

fn world() -> World {
    World::start(json!({
        "users": [{"username": "alice", "password": PASSWORD, "attributes": {"email": "alice@example.com"}}]
    }))
}

#[test]
fn whoami_decodes_without_verifying() {
    let world = world();
    let tokens = world.sign_in("alice", &[]);
    let json = tokens.to_string();

    // The ID token from the sign-in JSON on standard input.
    let run = world.run(&["whoami"], &json);
    run.assert_code(0);
    let claims = run.json();
    assert_eq!(claims["cognito:username"], "alice");
    assert_eq!(claims["email"], "alice@example.com");
    assert_eq!(claims["token_use"], "id");
    assert!(run.stderr.contains("NOT verified"), "{}", run.stderr);

    // The access token, by argument.
    let access = tokens["access_token"].as_str().expect("access token");
    let run = world.run(&["whoami", access], "");
    run.assert_code(0);
    assert_eq!(run.json()["token_use"], "access");
    let run = world.run(&["whoami", "--token-use", "access"], &json);
    assert_eq!(run.json()["token_use"], "access");

    let run = world.run(&["whoami", "not-a-token"], "");
    run.assert_code(2);
    assert!(run.error_line().contains("not a JWT"), "{}", run.stderr);
}

#[test]
fn refresh_reads_the_sign_in_json_and_prints_new_tokens() {
    let world = world();
    let tokens = world.sign_in("alice", &[]);
    // No pool or client given: they come from the access token in the input.
    let mut command = world.command(&["refresh"]);
    command
        .env_remove("COGNITO_FLOW_USER_POOL_ID")
        .env_remove("COGNITO_FLOW_CLIENT_ID");
    let run = crate::support::run(command, &tokens.to_string());
    run.assert_code(0);
    let fresh = run.json();
    assert_eq!(fresh["username"], "alice");
    assert_eq!(fresh["refresh_token"], tokens["refresh_token"], "kept");
    assert!(
        fresh["access_token"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );

    // A bare refresh token from the environment, one token printed.
    let mut command = world.command(&["refresh", "--print", "access-token"]);
    command.env(
        "COGNITO_FLOW_REFRESH_TOKEN",
        tokens["refresh_token"].as_str().expect("refresh token"),
    );
    let run = crate::support::run(command, "");
    run.assert_code(0);
    assert_eq!(run.stdout.trim_end().split('.').count(), 3);

    // Nothing given and nothing piped in (an empty pipe).
    let run = world.run(&["refresh"], "");
    run.assert_code(3);
    assert!(
        run.error_line().contains("--refresh-token"),
        "{}",
        run.stderr
    );
}

#[test]
fn sign_out_revokes_the_refresh_token() {
    let world = world();
    let tokens = world.sign_in("alice", &[]).to_string();
    let run = world.run(&["sign-out"], &tokens);
    run.assert_code(0);
    assert!(run.stdout.is_empty());
    let run = world.run(&["refresh"], &tokens);
    run.assert_code(1);
    assert!(
        run.error_line().contains("NotAuthorizedException"),
        "{}",
        run.stderr
    );
}

#[test]
fn global_sign_out_ends_every_session() {
    let world = world();
    let first = world.sign_in("alice", &[]).to_string();
    let second = world.sign_in("alice", &[]).to_string();
    world.run(&["sign-out", "--global"], &first).assert_code(0);
    // The other session's refresh token is revoked too, and the access token is refused.
    world.run(&["refresh"], &second).assert_code(1);
    world.run(&["devices", "list"], &first).assert_code(1);
}
