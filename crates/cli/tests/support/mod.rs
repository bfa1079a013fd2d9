//! A fresh emulator per test (in this process), seeded with a pool, and the `cognito-flow`
//! binary run against it — with pipes (scripts) or in a pseudo-terminal (a person).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use cognito_flow_emulator::{Emulator, RunningEmulator};
use serde_json::{Value, json};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_cognito-flow");
/// Every seeded user's password.
pub(crate) const PASSWORD: &str = "Corr3ct-horse!";
/// The seeded pool's id and app client id.
pub(crate) const POOL: &str = "us-east-1_CliTest01";
pub(crate) const CLIENT: &str = "cliclient0000000000000001";

/// A running emulator, its runtime, and a private `XDG_CONFIG_HOME`.
pub(crate) struct World {
    // Dropped before the runtime that serves it.
    emulator: RunningEmulator,
    _runtime: tokio::runtime::Runtime,
    pub(crate) config_home: PathBuf,
}

impl World {
    /// An emulator with one pool: `pool` is merged over the defaults (one app client that
    /// allows SRP, password, admin password and refresh; no users).
    pub(crate) fn start(pool: Value) -> World {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let emulator = runtime
            .block_on(Emulator::builder().start())
            .expect("the emulator starts");
        let mut spec = json!({
            "id": POOL,
            "name": "cli",
            "clients": [{"id": CLIENT, "name": "cli", "explicit_auth_flows": [
                "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
        });
        if let (Some(base), Value::Object(extra)) = (spec.as_object_mut(), pool) {
            base.extend(extra);
        }
        emulator
            .load_seed(&json!({ "pools": [spec] }).to_string())
            .expect("the seed applies");
        let config_home = temp_dir("config");
        World {
            emulator,
            _runtime: runtime,
            config_home,
        }
    }

    /// The emulator.
    pub(crate) fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// The current TOTP code of a user's authenticator.
    pub(crate) fn totp(&self, username: &str) -> String {
        self.emulator
            .totp_code(POOL, username)
            .expect("a TOTP user")
    }

    /// Calls an operation in-process; the response as JSON.
    pub(crate) fn call(&self, operation: &str, body: Value) -> Value {
        let out = self
            .emulator
            .call(operation, &body.to_string())
            .unwrap_or_else(|e| panic!("{operation}: {e}"));
        serde_json::from_str(&out).unwrap_or(Value::Null)
    }

    /// `cognito-flow ARGS` with a clean environment pointing at the emulator.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command.args(args);
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy().into_owned();
            if name.starts_with("COGNITO_FLOW_") || name.starts_with("AWS_") {
                command.env_remove(&name);
            }
        }
        command
            .env("COGNITO_FLOW_ENDPOINT", self.emulator.endpoint())
            .env("COGNITO_FLOW_USER_POOL_ID", POOL)
            .env("COGNITO_FLOW_CLIENT_ID", CLIENT)
            .env("XDG_CONFIG_HOME", &self.config_home)
            .env("HOME", &self.config_home)
            .env("NO_COLOR", "1");
        command
    }

    /// Runs `cognito-flow ARGS` with `stdin` piped in.
    pub(crate) fn run(&self, args: &[&str], stdin: &str) -> Run {
        run(self.command(args), stdin)
    }

    /// `sign-in --username USER --password-stdin EXTRA…`, which must succeed; its JSON.
    pub(crate) fn sign_in(&self, username: &str, extra: &[&str]) -> Value {
        let mut args = vec!["sign-in", "--username", username, "--password-stdin"];
        args.extend_from_slice(extra);
        let run = self.run(&args, &format!("{PASSWORD}\n"));
        run.assert_code(0);
        run.json()
    }

    /// The remembered-devices file.
    pub(crate) fn devices_file(&self) -> PathBuf {
        self.config_home.join("cognito-flow").join("devices.json")
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.config_home);
    }
}

/// A finished run.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    #[track_caller]
    pub(crate) fn assert_code(&self, code: i32) {
        assert_eq!(
            self.status.code(),
            Some(code),
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
    }

    /// Standard output as JSON.
    #[track_caller]
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// The error line: standard error must be exactly one line starting `cognito-flow: `.
    #[track_caller]
    pub(crate) fn error_line(&self) -> &str {
        let line = self.stderr.trim_end();
        assert!(
            !line.contains('\n') && line.starts_with("cognito-flow: "),
            "not one error line: {:?}",
            self.stderr
        );
        line
    }
}

/// Runs `command` with `stdin` piped in.
pub(crate) fn run(mut command: Command, stdin: &str) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("the binary ends");
    let _ = writer.join();
    Run {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh temporary directory.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "cognito-flow-cli-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Quotes `s` for `sh`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `script(1)` from util-linux, which runs a command in a new pseudo-terminal: how the
/// interactive tests type at the CLI as a person would.
pub(crate) fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The CLI running in a pseudo-terminal: everything it writes (standard output and error,
/// and the echo of what is typed) arrives on one stream.
pub(crate) struct Terminal {
    child: Child,
    input: Option<std::process::ChildStdin>,
    screen: Arc<(Mutex<Vec<u8>>, Condvar)>,
    /// How much of the screen `expect` has consumed.
    seen: usize,
}

impl Terminal {
    /// Starts `cognito-flow ARGS` in a pseudo-terminal, with `world`'s environment.
    pub(crate) fn start(world: &World, args: &[&str]) -> Terminal {
        let mut line = shell_quote(BIN);
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(arg));
        }
        let template = world.command(&[]);
        let mut command = Command::new("script");
        // -q: no banner, -e: the command's exit code, -f: flush at once, -c: the command;
        // the typescript file is thrown away.
        command.args(["-q", "-e", "-f", "-c", &line, "/dev/null"]);
        for (name, value) in template.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command.env("TERM", "dumb");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("script starts");
        let input = child.stdin.take();
        let mut output = child.stdout.take().expect("stdout");
        let screen = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                let n = output.read(&mut buf).unwrap_or(0);
                let (lock, ready) = &*sink;
                let mut screen = lock.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    // A NUL marks the end of the output.
                    screen.push(0);
                    ready.notify_all();
                    return;
                }
                screen.extend_from_slice(&buf[..n]);
                ready.notify_all();
            }
        });
        Terminal {
            child,
            input,
            screen,
            seen: 0,
        }
    }

    /// Everything written so far.
    pub(crate) fn screen(&self) -> String {
        let (lock, _) = &*self.screen;
        let screen = lock.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&screen).into_owned()
    }

    /// Waits until `text` appears after what was already expected; returns what came
    /// before it (since the last expectation).
    #[track_caller]
    pub(crate) fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let (lock, ready) = &*self.screen;
        let mut screen = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let fresh = String::from_utf8_lossy(&screen[self.seen..]).into_owned();
            if let Some(at) = fresh.find(text) {
                let before = fresh[..at].to_owned();
                self.seen += fresh[..at + text.len()].len();
                return before;
            }
            let now = Instant::now();
            if now >= deadline || screen.last() == Some(&0) {
                panic!(
                    "{text:?} did not appear; the terminal shows:\n{}",
                    String::from_utf8_lossy(&screen)
                );
            }
            screen = ready
                .wait_timeout(screen, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Types a line (and Enter).
    pub(crate) fn type_line(&mut self, text: &str) {
        let input = self.input.as_mut().expect("the terminal is open");
        input
            .write_all(format!("{text}\r").as_bytes())
            .and_then(|()| input.flush())
            .expect("typing");
    }

    /// Waits for the program to end; its exit code and everything it wrote.
    pub(crate) fn finish(mut self) -> (Option<i32>, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("waiting") {
                drop(self.input.take());
                // Let the reader drain the rest.
                let (lock, ready) = &*self.screen;
                let mut screen = lock.lock().unwrap_or_else(|e| e.into_inner());
                let until = Instant::now() + Duration::from_secs(10);
                while screen.last() != Some(&0) && Instant::now() < until {
                    screen = ready
                        .wait_timeout(screen, Duration::from_millis(100))
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                drop(screen);
                return (status.code(), self.screen());
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!(
                    "the program did not end; the terminal shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // Only the child this test started, by its handle.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The mode bits of a file.
#[cfg(unix)]
pub(crate) fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}
