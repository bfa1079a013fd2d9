//! Shared test support: an emulator on 127.0.0.1 port 0 and a plain HTTP client that speaks
//! Cognito's JSON 1.1 protocol to it (no SDK: the emulator is tested on its own).
#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig, RunningEmulator};
use serde_json::{Value, json};

/// A fake but well-formed SigV4 header: the emulator accepts any well-formed signature unless
/// configured with credentials.
pub const FAKE_SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240305/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

/// One running emulator with a manual clock and an HTTP client.
pub struct Env {
    pub emulator: RunningEmulator,
    pub http: reqwest::Client,
    pub clock: Clock,
}

/// A response: HTTP status and the JSON body (`Value::Null` for an empty body).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub error_type_header: Option<String>,
}

impl Reply {
    /// The error code (`__type`), if this is an error.
    pub fn error(&self) -> Option<&str> {
        self.body.get("__type").and_then(Value::as_str)
    }

    /// Panics unless the call succeeded; returns the body.
    #[track_caller]
    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "expected success, got {:?}", self.body);
        self.body
    }

    /// Panics unless the call failed with `code`; returns the message.
    #[track_caller]
    pub fn err(self, code: &str) -> String {
        assert_eq!(
            self.error(),
            Some(code),
            "expected {code}, got {} {:?}",
            self.status,
            self.body
        );
        self.body["message"].as_str().unwrap_or("").to_owned()
    }
}

impl Env {
    /// An emulator with default settings, a manual clock at 2024-03-05 07:04:09 UTC and a
    /// fixed seed.
    pub async fn start() -> Env {
        Self::with_config(EmulatorConfig::default()).await
    }

    pub async fn with_config(config: EmulatorConfig) -> Env {
        let clock = Clock::manual(1_709_622_249_000);
        let emulator = Emulator::builder()
            .config(config)
            .clock(clock.clone())
            .seed(42)
            .start()
            .await
            .expect("emulator starts");
        // See the note on `rustls` in Cargo.toml: harmless when no provider is needed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Env {
            emulator,
            http,
            clock,
        }
    }

    /// Calls `operation` with `body`; admin/setup operations carry a fake SigV4 header.
    pub async fn call(&self, operation: &str, body: Value) -> Reply {
        let signed = !PUBLIC.contains(&operation);
        self.raw(operation, serde_json::to_vec(&body).expect("json"), signed)
            .await
    }

    /// Sends raw bytes.
    pub async fn raw(&self, operation: &str, body: Vec<u8>, signed: bool) -> Reply {
        let mut req = self
            .http
            .post(self.emulator.endpoint())
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .body(body);
        if signed {
            req = req.header("authorization", FAKE_SIGV4);
        }
        let resp = req.send().await.expect("request reaches the emulator");
        let status = resp.status().as_u16();
        let error_type_header = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = resp.bytes().await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("JSON body")
        };
        Reply {
            status,
            body,
            error_type_header,
        }
    }

    /// Creates a pool (extra members merged into `CreateUserPool`) and returns its id.
    pub async fn pool(&self, extra: Value) -> String {
        let mut body = json!({"PoolName": "test-pool"});
        merge(&mut body, extra);
        let out = self.call("CreateUserPool", body).await.ok();
        out["UserPool"]["Id"].as_str().expect("pool id").to_owned()
    }

    /// Creates an app client (extra members merged into `CreateUserPoolClient`); returns
    /// (client id, client secret if generated).
    pub async fn client(&self, pool_id: &str, extra: Value) -> (String, Option<String>) {
        let mut body = json!({"UserPoolId": pool_id, "ClientName": "app"});
        merge(&mut body, extra);
        let out = self.call("CreateUserPoolClient", body).await.ok();
        let c = &out["UserPoolClient"];
        (
            c["ClientId"].as_str().expect("client id").to_owned(),
            c["ClientSecret"].as_str().map(str::to_owned),
        )
    }

    /// Creates a confirmed user with a permanent password (AdminCreateUser +
    /// AdminSetUserPassword Permanent=true).
    pub async fn user(
        &self,
        pool_id: &str,
        username: &str,
        password: &str,
        attributes: Value,
    ) -> Value {
        let attrs: Vec<Value> = attributes
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| json!({"Name": k, "Value": v}))
                    .collect()
            })
            .unwrap_or_default();
        let out = self
            .call(
                "AdminCreateUser",
                json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS", "UserAttributes": attrs}),
            )
            .await
            .ok();
        self.call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool_id, "Username": username, "Password": password, "Permanent": true}),
        )
        .await
        .ok();
        out
    }

    /// Moves the emulator's clock.
    pub fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }
}

/// Shallow-merges the members of `extra` into `base`.
pub fn merge(base: &mut Value, extra: Value) {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

const PUBLIC: &[&str] = &[
    "InitiateAuth",
    "RespondToAuthChallenge",
    "SignUp",
    "ConfirmSignUp",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ResendConfirmationCode",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "ForgetDevice",
    "GetDevice",
    "ListDevices",
    "GlobalSignOut",
    "GetUser",
    "SetUserMFAPreference",
    "GetUserAuthFactors",
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
    "ChangePassword",
    "GetTokensFromRefreshToken",
    "RevokeToken",
];
