//! `cognito-flow`: sign in to Amazon Cognito user pools from a terminal or a script, and run a
//! local Cognito emulator.
//!
//! A thin layer over the `cognito-flow` SDK (ripgrep's binary pattern: `anyhow` and `clap` at
//! the top, private modules below). `docs/cli.md` is the reference: commands, flags,
//! environment variables and exit codes.
//!
//! | module | what |
//! |---|---|
//! | `args` | the command line |
//! | `settings` | flags and environment variables → the SDK `Client` |
//! | `sign_in` | `sign-in`: the flows and the challenge conversation |
//! | `prompt` | asking the person at the terminal |
//! | `tokens` | `refresh`, `sign-out`, `whoami` |
//! | `devices` | the remembered-devices file and `devices list|forget` |
//! | `jwt` | tokens read from flags or standard input; claims decoded without verification |
//! | `output` | printing tokens |
//! | `qr` | QR codes in the terminal |
//! | `emulator` | `emulator` (feature `emulator`) |
//! | `exit` | exit codes and the one-line error report |

mod args;
mod devices;
#[cfg(feature = "emulator")]
mod emulator;
mod exit;
mod jwt;
mod output;
mod prompt;
mod qr;
mod settings;
mod sign_in;
mod tokens;

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let (exit, line) = exit::report(&error);
            prompt::say(&format!("cognito-flow: {line}"));
            ExitCode::from(exit as u8)
        }
    }
}

/// Logs go to standard error: with `--verbose`, the CLI's own steps only (target
/// `cognito_flow`; the SDK itself does not log, and the HTTP stack's debug lines are left
/// out); for `emulator`, the emulator's log at its `--log-level`. A log line that cannot be
/// written (standard error closed) is dropped rather than reported, which would panic.
fn init_logging(cli: &Cli) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;

    let (level, only_cli) = match &cli.command {
        #[cfg(feature = "emulator")]
        Command::Emulator(args) if !cli.verbose => (args.log_level, false),
        #[cfg(feature = "emulator")]
        Command::Emulator(_) => (tracing::Level::DEBUG, false),
        _ if cli.verbose => (tracing::Level::DEBUG, true),
        _ => return,
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .log_internal_errors(false)
        .finish();
    let installed = if only_cli {
        let targets = Targets::new().with_target("cognito_flow", level);
        tracing::subscriber::set_global_default(subscriber.with(targets))
    } else {
        tracing::subscriber::set_global_default(subscriber)
    };
    if installed.is_err() {
        prompt::say("cognito-flow: warning: logging could not be set up");
    }
}

/// Runs the command on a Tokio runtime.
fn run(cli: Cli) -> anyhow::Result<()> {
    let mut builder = match &cli.command {
        #[cfg(feature = "emulator")]
        Command::Emulator(_) => tokio::runtime::Builder::new_multi_thread(),
        _ => tokio::runtime::Builder::new_current_thread(),
    };
    let runtime = builder
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(async move {
        match cli.command {
            Command::SignIn(args) => sign_in::run(args).await,
            Command::Refresh(args) => tokens::refresh(args).await,
            Command::SignOut(args) => tokens::sign_out(args).await,
            Command::Whoami(args) => tokens::whoami(args),
            Command::Devices(args) => devices::run(args).await,
            #[cfg(feature = "emulator")]
            Command::Emulator(args) => emulator::run(args).await,
        }
    });
    // Do not wait for background work (the emulator's key warm-up, idle connections).
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    result
}
