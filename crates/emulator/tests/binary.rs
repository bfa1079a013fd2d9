//! The `cognito-emulator` binary: start-up, seed file, signals, and a data directory that
//! survives `kill -9` (users, pools, refresh tokens and their revocation).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_cognito-emulator");
const FAKE_SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240305/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

fn example_seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.json")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "cognito-emulator-bin-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A running `cognito-emulator` process and its endpoint. Killed on drop.
struct Process {
    child: Child,
    endpoint: String,
    http: reqwest::Client,
}

impl Process {
    /// Starts the binary on a free port with `args` and waits for its "listening" line.
    fn start(args: &[&str], log: &Path) -> Process {
        let stderr = std::fs::File::create(log).expect("log file");
        let mut child = Command::new(BIN)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "no listening line; log: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
        };
        let endpoint = line
            .trim()
            .strip_prefix("cognito-emulator listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "unexpected first line {line:?}; log: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                )
            })
            .to_owned();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Process {
            child,
            endpoint,
            http,
        }
    }

    async fn call(&self, operation: &str, body: Value) -> (u16, Value) {
        let resp = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("authorization", FAKE_SIGV4)
            .body(body.to_string())
            .send()
            .await
            .expect("the emulator answers");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("body");
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn ok(&self, operation: &str, body: Value) -> Value {
        let (status, body) = self.call(operation, body).await;
        assert_eq!(status, 200, "{operation}: {body}");
        body
    }

    /// Sends SIGTERM and waits (at most 30 s) for the exit code.
    fn terminate(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// SIGKILL: no chance to flush or clean up.
    fn kill_9(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn serves_a_seed_and_stops_on_sigterm() {
    let dir = temp_dir("sigterm");
    let seed = example_seed();
    let process = Process::start(
        &["--seed", seed.to_str().unwrap_or_default()],
        &dir.join("log"),
    );
    assert!(
        process.endpoint.starts_with("http://127.0.0.1:"),
        "{}",
        process.endpoint
    );
    let health = process
        .http
        .get(format!("{}/_emulator/health", process.endpoint))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status().as_u16(), 200);
    let pool = process
        .ok(
            "DescribeUserPool",
            json!({"UserPoolId": "us-east-1_Example01"}),
        )
        .await;
    assert_eq!(pool["UserPool"]["Name"], "example");
    let client = process
        .ok(
            "DescribeUserPoolClient",
            json!({"UserPoolId": "us-east-1_Example01", "ClientId": "exampleserverclient0000001"}),
        )
        .await;
    assert_eq!(
        client["UserPoolClient"]["ClientSecret"],
        "exampleserversecret000000000000000000000000000000001"
    );
    let (status, body) = process.call("NoSuchOperation", json!({})).await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (400, Some("UnknownOperationException"))
    );

    assert_eq!(process.terminate(), Some(0));
    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
    assert!(log.contains("operation=DescribeUserPool"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains("exampleserversecret"), "{log}");
    assert!(!log.contains("Passw0rd1"), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_data_directory_survives_kill_9() {
    let dir = temp_dir("kill9");
    let data = dir.join("data");
    let data_arg = data.to_str().unwrap_or_default().to_owned();
    let seed = example_seed();
    let seed_arg = seed.to_str().unwrap_or_default().to_owned();
    let args = ["--data-dir", data_arg.as_str(), "--seed", seed_arg.as_str()];

    let first = Process::start(&args, &dir.join("log1"));
    let created = first
        .ok("CreateUserPool", json!({"PoolName": "durable"}))
        .await;
    let pool = created["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let client = first
        .ok(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool, "ClientName": "c",
                   "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    first
        .ok(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "dora", "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": "dora@example.com"}]}),
        )
        .await;
    first
        .ok(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": "dora", "Password": "Passw0rd!", "Permanent": true}),
        )
        .await;

    // Two sign-ins: one refresh token is revoked, the other is not.
    let sign_in = json!({"UserPoolId": pool, "ClientId": client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                         "AuthParameters": {"USERNAME": "dora", "PASSWORD": "Passw0rd!"}});
    let refresh_token = |auth: &Value| {
        auth["AuthenticationResult"]["RefreshToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let revoked = refresh_token(&first.ok("AdminInitiateAuth", sign_in.clone()).await);
    let kept = refresh_token(&first.ok("AdminInitiateAuth", sign_in.clone()).await);
    first
        .ok(
            "RevokeToken",
            json!({"Token": revoked, "ClientId": client_id}),
        )
        .await;
    first.kill_9();

    // Restart on the same directory with the same arguments: the seed is not applied twice.
    let second = Process::start(&args, &dir.join("log2"));
    let user = second
        .ok(
            "AdminGetUser",
            json!({"UserPoolId": pool, "Username": "dora"}),
        )
        .await;
    assert_eq!(user["UserStatus"], "CONFIRMED");
    let pools = second.ok("ListUserPools", json!({"MaxResults": 60})).await;
    assert_eq!(pools["UserPools"].as_array().map(Vec::len), Some(3));
    second
        .ok(
            "DescribeUserPool",
            json!({"UserPoolId": "us-east-1_Example01"}),
        )
        .await;
    let refresh = |token: &str| {
        json!({"UserPoolId": pool, "ClientId": client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
               "AuthParameters": {"REFRESH_TOKEN": token}})
    };
    let (_, body) = second.call("AdminInitiateAuth", refresh(&revoked)).await;
    assert_eq!(body["__type"], "NotAuthorizedException", "{body}");
    let refreshed = second.ok("AdminInitiateAuth", refresh(&kept)).await;
    assert!(
        refreshed["AuthenticationResult"]["AccessToken"].is_string(),
        "{refreshed}"
    );
    // The stored password verifier still signs the user in.
    let auth = second.ok("AdminInitiateAuth", sign_in).await;
    assert!(
        auth["AuthenticationResult"]["AccessToken"].is_string(),
        "{auth}"
    );
    assert_eq!(second.terminate(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn credentials_make_signatures_count() {
    let dir = temp_dir("credentials");
    let process = Process::start(
        &["--credentials", "AKIDBINARY:binary-secret"],
        &dir.join("log"),
    );
    let (status, body) = process
        .call("ListUserPools", json!({"MaxResults": 1}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "UnrecognizedClientException");
    assert_eq!(process.terminate(), Some(0));
    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
    assert!(!log.contains("binary-secret"), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_with_usage() {
    let out = Command::new(BIN)
        .args(["--credentials", "no-colon"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KEY:SECRET"));
    let help = Command::new(BIN).arg("--help").output().expect("runs");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--host",
        "--port",
        "--seed",
        "--data-dir",
        "--credentials",
        "--region",
        "--issuer",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    let missing = Command::new(BIN)
        .args(["--port", "0", "--seed", "/nonexistent/seed.json"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
}
