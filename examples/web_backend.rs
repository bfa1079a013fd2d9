//! A stateless login back end: `POST /login` signs in with SRP, and when Cognito asks for
//! the authenticator's code, answers with the sign-in step *sealed* into an opaque string
//! (feature `sealed-state`) instead of keeping it in server memory. `POST /login/mfa` brings
//! the string back with the code; any instance holding the same [`SealingKey`] can unseal it
//! and finish the sign-in.
//!
//! ```text
//! POST /login      {"username": "...", "password": "..."}
//!   200 {"id_token": "..."}                                     signed in
//!   200 {"step": "SOFTWARE_TOKEN_MFA", "state": "cfs1...."}     a code is needed
//! POST /login/mfa  {"state": "cfs1....", "code": "123456"}
//!   200 {"id_token": "..."}
//!   4xx {"error": "CodeMismatch", "state": "cfs1...."}          wrong code: try again
//!   4xx {"error": "SessionExpired"}                             start again
//! ```
//!
//! Run it with `cargo run -p cognito-flow-examples --example web_backend`: it starts its own
//! Cognito emulator (a pool with TOTP MFA and a user whose authenticator secret it knows),
//! serves the back end on 127.0.0.1, then plays the browser and the authenticator app over
//! HTTP through both requests, printing each step, and exits 0. Nothing else to start.
//!
//! The sealed string is secret (it carries Cognito's Session): it only travels over TLS in a
//! real deployment, and is never logged. This example prints only its first characters.

use std::error::Error as StdError;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use cognito_flow::{
    Client, ErrorKind, Next, Password, Sealable, SealedState, SealingKey, SoftwareTokenMfa,
    TotpCode,
};
use cognito_flow_emulator::Emulator;
use serde::Deserialize;
use serde_json::{Value, json};

const USERNAME: &str = "alice";
const PASSWORD: &str = "Corr3ct-horse!";
/// The user's authenticator secret: the example plays the authenticator app with it.
const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

type BoxError = Box<dyn StdError + Send + Sync>;

// ---------------------------------------------------------------------------------------
// The back end.

/// What every handler shares. No sign-in state: that travels sealed, with the client.
#[derive(Clone)]
struct App {
    client: Client,
    /// In production: 32 bytes from your secret store, the same on every instance.
    key: Arc<SealingKey>,
}

#[derive(Deserialize)]
struct LoginRequest {
    username: String,
    password: String,
}

#[derive(Deserialize)]
struct MfaRequest {
    state: String,
    code: String,
}

fn router(app: App) -> Router {
    Router::new()
        .route("/login", post(login))
        .route("/login/mfa", post(login_mfa))
        .with_state(app)
}

async fn login(State(app): State<App>, Json(body): Json<LoginRequest>) -> Response {
    match app
        .client
        .sign_in(&body.username, Password::new(body.password))
        .await
    {
        Ok(next) => step(&app, next),
        Err(e) => error(e.kind(), None),
    }
}

async fn login_mfa(State(app): State<App>, Json(body): Json<MfaRequest>) -> Response {
    // Altered, expired, or sealed for another app client: refused before Cognito is asked.
    let state: SoftwareTokenMfa = match app.client.unseal_as(&app.key, &body.state) {
        Ok(state) => state,
        Err(e) => return error(e.kind(), None),
    };
    match state.respond(TotpCode::new(body.code)).await {
        Ok(next) => step(&app, next),
        Err(e) => {
            // A wrong code hands the state back: seal it again for the next try.
            let kind = e.kind();
            let resealed = e.into_state().and_then(|s| s.seal(&app.key).ok());
            error(kind, resealed)
        }
    }
}

/// Tokens, or the next step sealed.
fn step(app: &App, next: Next) -> Response {
    if let Next::SignedIn(signed) = next {
        let tokens = signed.into_tokens();
        return Json(json!({"id_token": tokens.id_token.expose_secret()})).into_response();
    }
    let name = next.challenge_name().unwrap_or("UNKNOWN").to_owned();
    match next.seal(&app.key) {
        Ok(sealed) => Json(json!({"step": name, "state": sealed.expose_secret()})).into_response(),
        // A step that needs no person (cannot happen with this pool).
        Err(e) => error(e.kind(), None),
    }
}

/// A typed error: the kind's name, and the re-sealed state when the step can be retried.
fn error(kind: ErrorKind, state: Option<SealedState>) -> Response {
    let status = match kind {
        ErrorKind::CodeMismatch | ErrorKind::ExpiredCode | ErrorKind::InvalidParameter => {
            StatusCode::BAD_REQUEST
        }
        ErrorKind::NotAuthorized | ErrorKind::UserNotFound => StatusCode::UNAUTHORIZED,
        ErrorKind::SessionExpired | ErrorKind::InvalidSealedState => StatusCode::GONE,
        ErrorKind::TooManyRequests | ErrorKind::TooManyFailedAttempts => {
            StatusCode::TOO_MANY_REQUESTS
        }
        _ => StatusCode::BAD_GATEWAY,
    };
    let mut body = json!({"error": format!("{kind:?}")});
    if let Some(state) = state {
        body["state"] = Value::from(state.expose_secret());
    }
    (status, Json(body)).into_response()
}

// ---------------------------------------------------------------------------------------
// The self-check: an emulator, the back end, and a client driving both requests.

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Cognito: an emulator with a pool that requires TOTP and a user with a known secret.
    let emulator = Emulator::builder().start().await?;
    let pools = emulator.load_seed(
        &json!({"pools": [{
            "name": "web-backend-example",
            "mfa": "ON",
            "mfa_factors": ["SOFTWARE_TOKEN_MFA"],
            "clients": [{"name": "web",
                         "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
            "users": [{"username": USERNAME, "password": PASSWORD,
                       "mfa": {"enabled": ["SOFTWARE_TOKEN_MFA"],
                               "preferred": "SOFTWARE_TOKEN_MFA",
                               "totp_secret": TOTP_SECRET}}]
        }]})
        .to_string(),
    )?;
    let pool = pools.first().ok_or("the seed created no pool")?;
    let app_client = pool.clients.first().ok_or("the seed created no client")?;
    println!("emulator   {} (pool {})", emulator.endpoint(), pool.id);

    // The back end.
    let client = Client::builder()
        .user_pool_id(&pool.id)
        .client_id(&app_client.id)
        .endpoint_url(emulator.endpoint())
        .build()?;
    let app = App {
        client,
        key: Arc::new(SealingKey::generate()?),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    println!("back end   {base}");

    // The browser. (The SDK turns on reqwest's `rustls-no-provider`, so a reqwest client of
    // our own needs a process-wide crypto provider; the SDK's own client brings its own.)
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().build()?;
    let (status, body) = send_json(
        &http,
        &format!("{base}/login"),
        json!({"username": USERNAME, "password": PASSWORD}),
    )
    .await?;
    println!("POST /login              -> {status} {}", summary(&body));
    if body["step"] != "SOFTWARE_TOKEN_MFA" {
        return Err(format!("expected the SOFTWARE_TOKEN_MFA step, got {body}").into());
    }
    let state = body["state"].as_str().ok_or("no state")?.to_owned();

    // A mistyped code: the error comes with the state sealed again.
    let (status, body) = send_json(
        &http,
        &format!("{base}/login/mfa"),
        json!({"state": state, "code": "000000"}),
    )
    .await?;
    println!("POST /login/mfa (bad)    -> {status} {}", summary(&body));
    if body["error"] != "CodeMismatch" {
        return Err(format!("expected CodeMismatch, got {body}").into());
    }
    let state = body["state"]
        .as_str()
        .ok_or("no state to retry with")?
        .to_owned();

    // The authenticator app's current code.
    let code = emulator
        .totp_code_for_secret(TOTP_SECRET)
        .ok_or("bad TOTP secret")?;
    let (status, body) = send_json(
        &http,
        &format!("{base}/login/mfa"),
        json!({"state": state, "code": code}),
    )
    .await?;
    println!("POST /login/mfa          -> {status} {}", summary(&body));
    if !status.is_success() || !body["id_token"].is_string() {
        return Err(format!("expected tokens, got {body}").into());
    }

    // The state is spent: replaying the string reaches Cognito, which refuses its Session.
    let (status, body) = send_json(
        &http,
        &format!("{base}/login/mfa"),
        json!({"state": state, "code": code}),
    )
    .await?;
    println!("POST /login/mfa (replay) -> {status} {}", summary(&body));
    if status.is_success() {
        return Err("a replayed state signed in again".into());
    }

    let _ = stop.send(());
    server.await??;
    emulator.shutdown().await?;
    println!("signed in with a sealed state: ok");
    Ok(())
}

async fn send_json(
    http: &reqwest::Client,
    url: &str,
    body: Value,
) -> Result<(reqwest::StatusCode, Value), BoxError> {
    let response = http.post(url).json(&body).send().await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

/// The body with secrets shortened: a sealed state or a token is shown by its first
/// characters only.
fn summary(body: &Value) -> String {
    let mut shown = body.clone();
    if let Some(map) = shown.as_object_mut() {
        for key in ["state", "id_token"] {
            if let Some(Value::String(s)) = map.get_mut(key) {
                let head: String = s.chars().take(12).collect();
                *s = format!("{head}… ({} chars)", s.len());
            }
        }
    }
    shown.to_string()
}
