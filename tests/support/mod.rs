//! A fresh emulator per test, a pool and app client in it, and SDK clients pointed at it.

use std::time::{Duration, UNIX_EPOCH};

use cognito_flow::{
    AdminClient, AwsCredentials, AwsSecretAccessKey, Client, ClientSecret, Next, SignedIn,
};
use cognito_flow_emulator::{Clock, Emulator, RunningEmulator};
use serde_json::{Value, json};

pub(crate) const PASSWORD: &str = "Corr3ct-horse!";

/// A running emulator (manual clock starting at the real time) with one pool and client.
pub(crate) struct World {
    pub(crate) emulator: RunningEmulator,
    pub(crate) clock: Clock,
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Option<String>,
}

/// Options for [`World::start`].
#[derive(Default)]
pub(crate) struct Setup {
    pub(crate) pool: Value,
    pub(crate) client: Value,
    pub(crate) mfa: Option<Value>,
}

impl World {
    pub(crate) async fn start(setup: Setup) -> World {
        let now = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let clock = Clock::manual(now);
        let emulator = Emulator::builder()
            .clock(clock.clone())
            .start()
            .await
            .unwrap();
        let mut pool = json!({"PoolName": "e2e"});
        merge(&mut pool, setup.pool);
        let out = call(&emulator, "CreateUserPool", pool);
        let pool_id = out["UserPool"]["Id"].as_str().unwrap().to_owned();
        if let Some(mut mfa) = setup.mfa {
            merge(&mut mfa, json!({"UserPoolId": pool_id}));
            call(&emulator, "SetUserPoolMfaConfig", mfa);
        }
        let mut client = json!({"UserPoolId": pool_id, "ClientName": "app", "ExplicitAuthFlows": [
            "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
        merge(&mut client, setup.client);
        let out = call(&emulator, "CreateUserPoolClient", client);
        World {
            clock,
            pool_id,
            client_id: out["UserPoolClient"]["ClientId"]
                .as_str()
                .unwrap()
                .to_owned(),
            client_secret: out["UserPoolClient"]["ClientSecret"]
                .as_str()
                .map(str::to_owned),
            emulator,
        }
    }

    /// An SDK client for the app client, on the emulator's clock.
    pub(crate) fn client(&self) -> Client {
        let clock = self.clock.clone();
        let mut b = Client::builder()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .endpoint_url(self.emulator.endpoint())
            .time_source(move || UNIX_EPOCH + Duration::from_millis(clock.now_millis() as u64));
        if let Some(s) = &self.client_secret {
            b = b.client_secret(ClientSecret::new(s));
        }
        b.build().unwrap()
    }

    /// An admin client (the emulator accepts any well-formed signature by default).
    pub(crate) fn admin(&self) -> AdminClient {
        AdminClient::new(
            self.client(),
            AwsCredentials::new(
                "AKIDEXAMPLE",
                AwsSecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            ),
        )
    }

    /// A confirmed user with a permanent password and `attributes`.
    pub(crate) fn user(&self, username: &str, attributes: Value) {
        let attrs: Vec<Value> = attributes
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| json!({"Name": k, "Value": v}))
                    .collect()
            })
            .unwrap_or_default();
        call(
            &self.emulator,
            "AdminCreateUser",
            json!({"UserPoolId": self.pool_id, "Username": username,
            "MessageAction": "SUPPRESS", "UserAttributes": attrs}),
        );
        call(
            &self.emulator,
            "AdminSetUserPassword",
            json!({"UserPoolId": self.pool_id, "Username": username,
            "Password": PASSWORD, "Permanent": true}),
        );
    }

    /// A user with a temporary password (FORCE_CHANGE_PASSWORD); returns the password.
    pub(crate) fn temporary_user(&self, username: &str) -> &'static str {
        call(
            &self.emulator,
            "AdminCreateUser",
            json!({"UserPoolId": self.pool_id, "Username": username,
            "MessageAction": "SUPPRESS", "TemporaryPassword": "Temp-pass1!"}),
        );
        "Temp-pass1!"
    }

    pub(crate) fn call(&self, operation: &str, body: Value) -> Value {
        call(&self.emulator, operation, body)
    }

    pub(crate) fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    pub(crate) fn emulator(&self) -> &Emulator {
        &self.emulator
    }
}

pub(crate) fn call(emulator: &Emulator, operation: &str, body: Value) -> Value {
    let out = emulator
        .call(operation, &body.to_string())
        .unwrap_or_else(|e| panic!("{operation}: {e}"));
    serde_json::from_str(&out).unwrap_or(Value::Null)
}

pub(crate) fn merge(base: &mut Value, extra: Value) {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

#[track_caller]
pub(crate) fn signed_in(next: Next) -> SignedIn {
    match next {
        Next::SignedIn(s) => s,
        other => panic!("expected SignedIn, got {other:?}"),
    }
}

pub(crate) fn assert_send<T: Send>(_: &T) {}
