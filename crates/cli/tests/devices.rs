//! `--remember-device`, the devices file, a second sign-in without MFA, `devices list` and
//! `devices forget`.

use serde_json::{Value, json};

use crate::support::{PASSWORD, POOL, World};

#[test]
fn a_remembered_device_skips_mfa_and_is_stored_privately() {
    let world = World::start(json!({
        "mfa": "OPTIONAL",
        "mfa_factors": ["SOFTWARE_TOKEN_MFA"],
        "device_configuration": {"challenge_required_on_new_device": true},
        "users": [{"username": "tom", "password": PASSWORD,
            "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": "SOFTWARE_TOKEN_MFA"}}]
    }));
    let code = world.totp("tom");
    let first = world.sign_in("tom", &["--totp-code", &code, "--remember-device"]);

    let file = world.devices_file();
    #[cfg(unix)]
    assert_eq!(crate::support::mode(&file), 0o600);
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("devices file")).expect("JSON");
    let device = &stored["devices"][format!("{POOL}/tom")];
    let device_key = device["device_key"]
        .as_str()
        .expect("a device key")
        .to_owned();
    assert!(device["device_password"].as_str().is_some());
    // The first tokens already belong to the new device.
    assert_eq!(first["device_key"], device_key.as_str());

    // Second sign-in: no code given and no terminal, yet no MFA asked.
    let second = world.sign_in("tom", &[]);
    assert_eq!(second["device_key"], device_key.as_str());

    // `--no-device` asks for MFA again.
    let run = world.run(
        &["sign-in", "-u", "tom", "--password-stdin", "--no-device"],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(3);

    // Refresh sends the device key (from the access token in the input).
    world.run(&["refresh"], &second.to_string()).assert_code(0);

    let run = world.run(&["devices", "list"], &second.to_string());
    run.assert_code(0);
    let list = run.json();
    let listed = list
        .as_array()
        .and_then(|l| l.iter().find(|d| d["device_key"] == device_key.as_str()))
        .unwrap_or_else(|| panic!("the device is listed: {list}"));
    assert_eq!(listed["on_this_machine"], true);
    assert_eq!(listed["name"], "cognito-flow CLI");
    assert_eq!(listed["remembered"], true);

    // Forget the device of this machine: gone from Cognito and from the file.
    let run = world.run(&["devices", "forget"], &second.to_string());
    run.assert_code(0);
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("devices file")).expect("JSON");
    assert!(
        stored["devices"].as_object().is_some_and(|d| d.is_empty()),
        "{stored}"
    );
    let list = world.run(&["devices", "list"], &second.to_string()).json();
    assert!(
        list.as_array()
            .is_some_and(|l| l.iter().all(|d| d["device_key"] != device_key.as_str())),
        "{list}"
    );
    // With no device stored, MFA is asked again.
    world
        .run(
            &["sign-in", "-u", "tom", "--password-stdin"],
            &format!("{PASSWORD}\n"),
        )
        .assert_code(3);
}

#[test]
fn remember_device_on_a_pool_without_device_tracking_warns() {
    let world = World::start(json!({"users": [{"username": "alice", "password": PASSWORD}]}));
    let run = world.run(
        &[
            "sign-in",
            "-u",
            "alice",
            "--password-stdin",
            "--remember-device",
        ],
        &format!("{PASSWORD}\n"),
    );
    run.assert_code(0);
    assert!(
        run.stderr.contains("does not track devices"),
        "{}",
        run.stderr
    );
    assert!(!world.devices_file().exists());
}
