//! A resource server that accepts Cognito access tokens: `GET /me` takes the verified
//! [`Claims`] as a handler parameter (feature `axum` of `cognito-flow-verify`), `GET /admin`
//! also requires a group.
//!
//! ```text
//! GET /me     Authorization: Bearer <access token>   200 {"sub": "...", "username": "alice", ...}
//! GET /me     (no token)                             401 WWW-Authenticate: Bearer
//! GET /me     Authorization: Bearer <tampered>       401 WWW-Authenticate: Bearer error="invalid_token", ...
//! GET /me     Authorization: Bearer <ID token>       401 (an access token is required)
//! GET /admin  Authorization: Bearer <access token>   403 WWW-Authenticate: Bearer error="insufficient_scope", ...
//! ```
//!
//! Run it with `cargo run -p cognito-flow-examples --example verified_backend`: it starts its
//! own Cognito emulator, signs a user in with the SDK, serves the back end on 127.0.0.1, calls
//! it with and without the token, printing each answer, and exits 0. Nothing else to start.
//!
//! On AWS the verifier is `TokenVerifier::builder().pool("us-east-1_AbCdEf123")` — the issuer
//! and the JWKS URL follow from the pool id; the emulator signs with its own URL as the issuer,
//! hence `pool_with_issuer` here. Tokens are printed only as their first characters.

use std::error::Error as StdError;

use axum::extract::FromRef;
use axum::routing::get;
use axum::{Json, Router};
use cognito_flow::{Client, Next, Password};
use cognito_flow_emulator::Emulator;
use cognito_flow_verify::{Claims, Error, TokenUse, TokenVerifier};
use serde_json::{Value, json};

const USERNAME: &str = "alice";
const PASSWORD: &str = "Corr3ct-horse!";

type BoxError = Box<dyn StdError + Send + Sync>;

// ---------------------------------------------------------------------------------------
// The back end.

/// What every handler shares; the verifier is one part of it.
#[derive(Clone)]
struct App {
    verifier: TokenVerifier,
}

/// How the `Claims` extractor finds the verifier in the state.
impl FromRef<App> for TokenVerifier {
    fn from_ref(app: &App) -> Self {
        app.verifier.clone()
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/me", get(me))
        .route("/admin", get(admin))
        .with_state(app)
}

/// Any signed-in user. A request without a valid access token never gets here.
async fn me(claims: Claims) -> Json<Value> {
    Json(json!({
        "sub": claims.sub(),
        "username": claims.username(),
        "scopes": claims.scopes(),
        "groups": claims.groups(),
    }))
}

/// Members of `admin` only: a per-route check whose error answers 403.
async fn admin(claims: Claims) -> Result<&'static str, Error> {
    claims.require_group("admin")?;
    Ok("welcome, admin")
}

// ---------------------------------------------------------------------------------------
// The self-check: an emulator, the back end, and a client calling it.

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Cognito: an emulator with a pool, an app client and a user.
    let emulator = Emulator::builder().start().await?;
    let pools = emulator.load_seed(
        &json!({"pools": [{
            "name": "verified-backend-example",
            "clients": [{"name": "web",
                         "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
            "users": [{"username": USERNAME, "password": PASSWORD}]
        }]})
        .to_string(),
    )?;
    let pool = pools.first().ok_or("the seed created no pool")?;
    let app_client = pool.clients.first().ok_or("the seed created no client")?;
    println!("emulator   {} (pool {})", emulator.endpoint(), pool.id);

    // The user signs in (in a real system: a browser or app, with the SDK or Amplify).
    let client = Client::builder()
        .user_pool_id(&pool.id)
        .client_id(&app_client.id)
        .endpoint_url(emulator.endpoint())
        .build()?;
    let Next::SignedIn(signed_in) = client.sign_in(USERNAME, Password::new(PASSWORD)).await? else {
        return Err("expected to be signed in".into());
    };
    let tokens = signed_in.into_tokens();
    let access = tokens.access_token.expose_secret().to_owned();
    let id = tokens.id_token.expose_secret().to_owned();
    println!("signed in  {USERNAME}, access token {}…", &access[..12]);

    // The back end: a verifier for the pool's access tokens, fetched keys cached.
    let verifier = TokenVerifier::builder()
        .pool_with_issuer(&pool.id, format!("{}/{}", emulator.endpoint(), pool.id))
        .client_id(&app_client.id)
        .token_use(TokenUse::Access)
        .build()?;
    verifier.fetch_jwks().await?; // fail at start-up, not on the first request
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, router(App { verifier }))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    println!("back end   {base}");

    // The caller. (The SDK turns on reqwest's `rustls-no-provider`, so a reqwest client of
    // our own needs a process-wide crypto provider.)
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().build()?;
    let tampered = tamper(&access);
    // (path, which token, the token, the status expected)
    let checks = [
        ("/me", "the access token", Some(&access), 200),
        ("/me", "no token", None, 401),
        ("/me", "a tampered token", Some(&tampered), 401),
        ("/me", "the ID token", Some(&id), 401),
        ("/admin", "the access token", Some(&access), 403),
    ];
    let mut failed = false;
    for (path, what, token, expected) in checks {
        let mut request = http.get(format!("{base}{path}"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(|v| format!("  [WWW-Authenticate: {v}]"))
            .unwrap_or_default();
        let body = response.text().await?;
        println!("GET {path:<6} with {what:<16} -> {status} {body}{challenge}");
        if status != expected {
            println!("  expected {expected}");
            failed = true;
        }
    }

    let _ = stop.send(());
    server.await??;
    if failed {
        return Err("a check failed".into());
    }
    Ok(())
}

/// The token with one character of its signature changed.
fn tamper(token: &str) -> String {
    let i = token.rfind('.').map_or(0, |dot| dot + 20);
    let replacement = if token.get(i..=i) == Some("A") {
        "B"
    } else {
        "A"
    };
    let mut forged = token.to_owned();
    forged.replace_range(i..=i, replacement);
    forged
}
