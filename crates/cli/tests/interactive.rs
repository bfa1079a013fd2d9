//! A person at a terminal: the CLI runs in a pseudo-terminal made by `script(1)` (util-linux),
//! and the test reads the prompts and types the answers. Skipped, with a message, where
//! `script` is missing.

use serde_json::{Value, json};

use crate::support::{PASSWORD, Terminal, World, script_available};

fn skip() -> bool {
    if script_available() {
        return false;
    }
    eprintln!("skipped: script(1) from util-linux is not installed");
    true
}

/// The JSON object in the terminal's output (after the last prompt).
fn tokens_in(screen: &str) -> Value {
    let start = screen
        .find("{\r\n")
        .or_else(|| screen.find("{\n"))
        .expect("JSON output");
    let end = screen.rfind('}').expect("JSON output");
    serde_json::from_str(&screen[start..=end].replace("\r\n", "\n"))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {screen}"))
}

#[test]
fn a_person_types_the_password_and_retries_a_wrong_code() {
    if skip() {
        return;
    }
    let world = World::start(json!({
        "mfa": "OPTIONAL",
        "mfa_factors": ["SOFTWARE_TOKEN_MFA"],
        "users": [{"username": "tom", "password": PASSWORD,
            "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA"], "preferred": "SOFTWARE_TOKEN_MFA"}}]
    }));
    let mut terminal = Terminal::start(&world, &["sign-in"]);
    terminal.expect("Username: ");
    terminal.type_line("tom");
    terminal.expect("Password for tom: ");
    terminal.type_line(PASSWORD);
    terminal.expect("Authenticator code: ");
    let right = world.totp("tom");
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    terminal.type_line(wrong);
    terminal.expect("SOFTWARE_TOKEN_MFA: wrong code; try again");
    terminal.expect("Authenticator code: ");
    terminal.type_line(&world.totp("tom"));
    let (code, screen) = terminal.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        !screen.contains(PASSWORD),
        "the password was echoed: {screen}"
    );
    assert_eq!(tokens_in(&screen)["username"], "tom");
}

#[test]
fn a_person_sets_up_an_authenticator_from_the_qr_code() {
    if skip() {
        return;
    }
    let world = World::start(json!({
        "mfa": "ON",
        "mfa_factors": ["SOFTWARE_TOKEN_MFA"],
        "users": [{"username": "una", "password": PASSWORD}]
    }));
    let mut terminal = Terminal::start(
        &world,
        &["sign-in", "--username", "una", "--totp-issuer", "Example"],
    );
    terminal.expect("Password for una: ");
    terminal.type_line(PASSWORD);
    terminal.expect("scan this QR code");
    let qr = terminal.expect("Secret: ");
    assert!(
        qr.contains('\u{2580}') || qr.contains('\u{2584}'),
        "no QR code: {qr}"
    );
    let secret_line = terminal.expect("Code shown by the app: ");
    let secret = secret_line.trim();
    assert!(
        !secret.is_empty() && secret.chars().all(|c| c.is_ascii_alphanumeric()),
        "{secret:?}"
    );
    let code = world
        .emulator()
        .totp_code_for_secret(secret)
        .expect("a base32 secret");
    terminal.type_line(&code);
    let (exit, screen) = terminal.finish();
    assert_eq!(exit, Some(0), "{screen}");
    assert_eq!(tokens_in(&screen)["username"], "una");
}

#[test]
fn a_person_chooses_a_new_password_again_after_a_refused_one() {
    if skip() {
        return;
    }
    let world = World::start(json!({
        "users": [{"username": "nina", "password": "Temp-pass1!", "temporary": true}]
    }));
    let mut terminal = Terminal::start(&world, &["sign-in", "-u", "nina"]);
    terminal.expect("Password for nina: ");
    terminal.type_line("Temp-pass1!");
    terminal.expect("New password: ");
    terminal.type_line("short");
    terminal.expect("Repeat the new password: ");
    terminal.type_line("short");
    // The pool's policy refuses it; the CLI asks again on the same session.
    terminal.expect("NEW_PASSWORD_REQUIRED: ");
    terminal.expect("try again");
    terminal.expect("New password: ");
    terminal.type_line("N3w-password!");
    terminal.expect("Repeat the new password: ");
    terminal.type_line("N3w-password!");
    let (exit, screen) = terminal.finish();
    assert_eq!(exit, Some(0), "{screen}");
    assert!(!screen.contains("N3w-password!"), "echoed: {screen}");
    assert_eq!(tokens_in(&screen)["username"], "nina");
}
