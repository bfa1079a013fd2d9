//! `cognito-emulator`: a local Amazon Cognito user pool, speaking Cognito's JSON 1.1 protocol
//! on one port.
//!
//! ```text
//! cognito-emulator --port 9229 --seed seed.json --data-dir ./state
//! cognito-emulator --trigger arn:aws:lambda:us-east-1:123456789012:function:define=http://127.0.0.1:3000/define
//! ```
//!
//! It prints `cognito-emulator listening on http://HOST:PORT` on standard output once it
//! accepts connections (with `--port 0`, the port the system chose), logs one line per request
//! on standard error, and stops cleanly on SIGINT or SIGTERM.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Parser, ValueEnum};
use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig, IssuerStyle};

/// A local Amazon Cognito user pool for tests and offline development.
#[derive(Parser)]
#[command(name = "cognito-emulator", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0: a free port, printed at start-up).
    #[arg(long, default_value_t = 9229)]
    port: u16,
    /// Seed file (JSON or TOML) with pools, app clients and users to create at start-up. With
    /// --data-dir it is applied only when the directory holds no state yet.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Keep the state in this directory: every change is on disk before its response is sent.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// AWS credentials that signed (Admin*, setup) calls must use, verified for real. May be
    /// repeated. Without it, any well-formed signature is accepted.
    #[arg(long = "credentials", value_name = "KEY:SECRET", value_parser = parse_credentials)]
    credentials: Vec<Credentials>,
    /// Region of new pools' ids.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// The `iss` of issued tokens: this emulator's URL (JWKS reachable) or AWS's form.
    #[arg(long, value_enum, default_value_t = Issuer::Emulator)]
    issuer: Issuer,
    /// Log level: error, warn, info (one line per request), debug, trace.
    #[arg(long, default_value = "info")]
    log_level: tracing::Level,
    /// A Lambda trigger's webhook: a pool whose LambdaConfig names the function ARN gets its
    /// trigger events POSTed to the http:// URL. May be repeated. (LambdaConfig may also name
    /// a URL directly.)
    #[arg(long = "trigger", value_name = "ARN=URL", value_parser = parse_trigger)]
    triggers: Vec<TriggerEndpoint>,
    /// How long a trigger webhook may take to answer, in milliseconds.
    #[arg(long, value_name = "MILLIS", default_value_t = 5000)]
    trigger_timeout_ms: u64,
    /// A host other than loopback that trigger webhooks may live on. May be repeated.
    #[arg(long = "trigger-allow-host", value_name = "HOST")]
    trigger_allow_hosts: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Issuer {
    /// `http://HOST:PORT/{userPoolId}`.
    Emulator,
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
    Aws,
}

/// An access key and its secret (the secret is never printed).
#[derive(Clone)]
struct Credentials(String, String);

fn parse_credentials(text: &str) -> Result<Credentials, String> {
    match text.split_once(':') {
        Some((key, secret)) if !key.is_empty() && !secret.is_empty() => {
            Ok(Credentials(key.to_owned(), secret.to_owned()))
        }
        _ => Err("expected ACCESS_KEY_ID:SECRET_ACCESS_KEY".to_owned()),
    }
}

/// A Lambda ARN and the webhook URL that stands for it.
#[derive(Clone)]
struct TriggerEndpoint(String, String);

fn parse_trigger(text: &str) -> Result<TriggerEndpoint, String> {
    // ARNs may contain `=`: split where the URL starts.
    let Some(at) = text.find("=http://").or_else(|| text.find("=https://")) else {
        return Err("expected ARN=http://HOST:PORT/PATH".to_owned());
    };
    let (arn, url) = (&text[..at], &text[at + 1..]);
    if !arn.starts_with("arn:") {
        return Err("the function must be named by its ARN (arn:aws:lambda:...)".to_owned());
    }
    if !url.starts_with("http://") {
        return Err("the emulator calls plain http:// webhooks only".to_owned());
    }
    Ok(TriggerEndpoint(arn.to_owned(), url.to_owned()))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_max_level(args.log_level)
        .with_writer(std::io::stderr)
        // A closed stderr must not turn every request into a panic (tracing reports write
        // errors with eprintln!, which panics when stderr is gone).
        .log_internal_errors(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(run(args));
    // Do not wait for the key warm-up if it is still running.
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

async fn run(args: Args) -> anyhow::Result<()> {
    let mut config = EmulatorConfig::default();
    config.region = args.region;
    config.issuer_style = match args.issuer {
        Issuer::Emulator => IssuerStyle::Emulator,
        Issuer::Aws => IssuerStyle::Aws,
    };
    config.credentials = args
        .credentials
        .into_iter()
        .map(|Credentials(key, secret)| (key, secret))
        .collect();
    config.lambda_endpoints = args
        .triggers
        .into_iter()
        .map(|TriggerEndpoint(arn, url)| (arn, url))
        .collect();
    config.trigger_timeout = Duration::from_millis(args.trigger_timeout_ms);
    config.trigger_allowed_hosts = args.trigger_allow_hosts;
    let emulator = Emulator::builder()
        .config(config)
        .clock(Clock::system())
        .build();

    let mut seed_now = args.seed.is_some();
    if let Some(dir) = &args.data_dir {
        let had_state = emulator
            .open_data_dir(dir)
            .with_context(|| format!("opening the data directory {}", dir.display()))?;
        if had_state && seed_now {
            tracing::info!("the data directory holds state: the seed file is not applied");
            seed_now = false;
        }
    }
    if let (Some(path), true) = (&args.seed, seed_now) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the seed file {}", path.display()))?;
        let pools = emulator
            .load_seed(&text)
            .with_context(|| format!("applying the seed file {}", path.display()))?;
        for pool in &pools {
            let clients: Vec<&str> = pool.clients.iter().map(|c| c.id.as_str()).collect();
            tracing::info!(
                pool = %pool.id,
                clients = ?clients,
                users = pool.users.len(),
                "seeded"
            );
        }
    }

    let listener = std::net::TcpListener::bind(SocketAddr::new(args.host, args.port))
        .with_context(|| format!("binding {}:{}", args.host, args.port))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        writeln!(out, "cognito-emulator listening on http://{addr}")?;
        out.flush()?;
    }

    // Token-signing keys take a moment to generate: do it now, off the request path.
    let warm = emulator.clone();
    tokio::task::spawn_blocking(move || warm.warm_up());

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(emulator.serve(listener, async {
        let _ = stopped.await;
    }));
    tokio::select! {
        result = &mut server => {
            result.context("the server task failed")?.context("serving")?;
            bail!("the server stopped unexpectedly");
        }
        () = shutdown_signal() => {}
    }
    tracing::info!("shutting down");
    let _ = stop.send(());
    match tokio::time::timeout(Duration::from_secs(10), server).await {
        Ok(result) => result
            .context("the server task failed")?
            .context("serving")?,
        Err(_) => tracing::warn!("connections still open after 10 s; exiting anyway"),
    }
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
