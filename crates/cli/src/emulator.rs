//! `cognito-flow emulator`: the local Cognito emulator (`cognito-flow-emulator`) in this
//! process, as the `cognito-emulator` binary runs it, plus a hint for the first sign-in.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig, SeededPool};

use crate::args::EmulatorArgs;
use crate::exit::{Exit, fail};
use crate::output::print_line;
use crate::prompt::say;

/// Serves until SIGINT or SIGTERM.
pub(crate) async fn run(args: EmulatorArgs) -> anyhow::Result<()> {
    let mut config = EmulatorConfig::default();
    config.region = args.region.clone();
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
    let mut pools = Vec::new();
    if let (Some(path), true) = (&args.seed, seed_now) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the seed file {}", path.display()))?;
        pools = emulator.load_seed(&text).map_err(|e| {
            fail(
                Exit::Usage,
                format!("the seed file {} was not applied: {e}", path.display()),
            )
        })?;
    }

    let listener = std::net::TcpListener::bind(SocketAddr::new(args.host, args.port))
        .with_context(|| format!("listening on {}:{}", args.host, args.port))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let endpoint = format!("http://{addr}");
    print_line(&format!("cognito-flow emulator listening on {endpoint}"))?;
    hint(&endpoint, &pools);

    // Token-signing keys take a moment to generate: do it now, off the request path.
    let warm = emulator.clone();
    tokio::task::spawn_blocking(move || warm.warm_up());

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(emulator.serve(listener, async {
        let _ = stopped.await;
    }));
    tokio::select! {
        result = &mut server => {
            result.context("the emulator task failed")?.context("serving")?;
            return Err(fail(Exit::Service, "the emulator stopped unexpectedly"));
        }
        () = shutdown_signal() => {}
    }
    tracing::info!("shutting down");
    let _ = stop.send(());
    match tokio::time::timeout(Duration::from_secs(10), server).await {
        Ok(result) => result
            .context("the emulator task failed")?
            .context("serving")?,
        Err(_) => tracing::warn!("connections still open after 10 s; exiting anyway"),
    }
    Ok(())
}

/// Tells a newcomer how to sign in to what was seeded (ids only, never secrets).
fn hint(endpoint: &str, pools: &[SeededPool]) {
    let Some(pool) = pools.first() else {
        say(&format!(
            "No seed file: create a pool with the AWS CLI (aws cognito-idp create-user-pool --endpoint-url {endpoint} ...) or restart with --seed FILE."
        ));
        return;
    };
    for pool in pools {
        let clients: Vec<&str> = pool.clients.iter().map(|c| c.id.as_str()).collect();
        let users: Vec<&str> = pool.users.iter().map(|u| u.username.as_str()).collect();
        say(&format!(
            "pool {} ({}): app clients {}; users {}",
            pool.id,
            pool.name,
            clients.join(", "),
            users.join(", ")
        ));
    }
    let client = pool.clients.iter().find(|c| c.secret().is_none());
    if let (Some(client), Some(user)) = (client, pool.users.first()) {
        say("Sign in from another terminal:");
        say(&format!(
            "  export COGNITO_FLOW_ENDPOINT={endpoint} COGNITO_FLOW_USER_POOL_ID={} COGNITO_FLOW_CLIENT_ID={}",
            pool.id, client.id
        ));
        say(&format!(
            "  cognito-flow sign-in --username {}",
            user.username
        ));
    }
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
