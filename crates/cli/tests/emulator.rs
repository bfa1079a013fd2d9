//! `cognito-flow emulator --seed FILE`, then `cognito-flow sign-in` against it: the two
//! commands of the getting-started guide.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{BIN, run};

#[test]
fn the_emulator_subcommand_serves_a_seeded_pool() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../emulator/examples/seed.json");
    let mut child = Command::new(BIN)
        .args(["emulator", "--port", "0", "--seed"])
        .arg(&seed)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the emulator starts");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let hints = std::thread::spawn(move || {
        // The hint lines come first. Reading stops there and the pipe closes: the emulator
        // must keep serving when its log cannot be written.
        let mut text = String::new();
        let mut reader = BufReader::new(stderr);
        while !text.contains("cognito-flow sign-in") {
            match reader.read_line(&mut text) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        text
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a listening line");
    let endpoint = line
        .trim()
        .strip_prefix("cognito-flow emulator listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();

    let mut command = Command::new(BIN);
    command
        .args(["sign-in", "--username", "alice", "--password-stdin"])
        .env("COGNITO_FLOW_ENDPOINT", &endpoint)
        .env("COGNITO_FLOW_USER_POOL_ID", "us-east-1_Example01")
        .env("COGNITO_FLOW_CLIENT_ID", "examplewebclient0000000001")
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("cognito-flow-cli-emulator-test"),
        );
    let out = run(command, "Passw0rd1\n");
    // Only the child this test started, by its handle.
    let _ = child.kill();
    let _ = child.wait();
    out.assert_code(0);
    assert_eq!(out.json()["username"], "alice");
    let hints = hints.join().unwrap_or_default();
    assert!(hints.contains("us-east-1_Example01"), "{hints}");
    assert!(
        hints.contains("cognito-flow sign-in --username alice"),
        "{hints}"
    );
}
