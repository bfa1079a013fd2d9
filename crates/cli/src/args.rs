//! The command line (clap derive). Environment variables are read by hand in `settings`
//! (clap's `env` feature is left out), so each flag's help names its variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sign in to Amazon Cognito user pools from a terminal or a script.
///
/// Tokens go to standard output (JSON by default), prompts and messages to standard error.
/// Exit codes: 0 ok, 1 Cognito refused (wrong password or code, revoked token), 2 usage or
/// configuration, 3 a challenge needs an answer and standard input is not a terminal,
/// 4 service or network error, 5 local file error.
#[derive(Debug, Parser)]
#[command(name = "cognito-flow", version, about, long_about)]
pub(crate) struct Cli {
    /// Log the CLI's steps to standard error (challenge names and operations, never secrets).
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// The command.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Sign in (SRP by default), answering Cognito's challenges; print the tokens.
    SignIn(SignInArgs),
    /// Get new ID and access tokens with a refresh token (GetTokensFromRefreshToken).
    Refresh(RefreshArgs),
    /// Revoke a refresh token (RevokeToken), or sign out everywhere with --global.
    SignOut(SignOutArgs),
    /// Print a token's claims as JSON, decoded but NOT verified.
    Whoami(WhoamiArgs),
    /// List or forget the user's remembered devices.
    Devices(DevicesArgs),
    /// Run a local Cognito emulator in this process (as `cognito-emulator` does).
    #[cfg(feature = "emulator")]
    Emulator(EmulatorArgs),
}

/// Where the user pool is and which app client to use.
#[derive(Debug, Args)]
#[command(next_help_heading = "User pool")]
pub(crate) struct PoolArgs {
    /// User pool id, e.g. us-east-1_AbCdEf123 [env: COGNITO_FLOW_USER_POOL_ID]
    #[arg(long, value_name = "ID")]
    pub(crate) user_pool_id: Option<String>,
    /// App client id [env: COGNITO_FLOW_CLIENT_ID]
    #[arg(long, value_name = "ID")]
    pub(crate) client_id: Option<String>,
    /// Read the app client's secret from this file [env: COGNITO_FLOW_CLIENT_SECRET holds the
    /// secret itself]
    #[arg(long, value_name = "FILE")]
    pub(crate) client_secret_file: Option<PathBuf>,
    /// The app client's secret. Discouraged (process list, shell history): a warning is
    /// printed; prefer COGNITO_FLOW_CLIENT_SECRET or --client-secret-file
    #[arg(long, value_name = "SECRET")]
    pub(crate) client_secret: Option<String>,
    /// Region; must match the pool id's [env: COGNITO_FLOW_REGION, then AWS_REGION]
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Send requests to this URL instead of Cognito's regional endpoint, e.g. a local
    /// emulator [env: COGNITO_FLOW_ENDPOINT]
    #[arg(long, value_name = "URL")]
    pub(crate) endpoint: Option<String>,
}

/// How the tokens are printed.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub(crate) struct OutputArgs {
    /// Output format of the tokens.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub(crate) output: OutputFormat,
    /// Print only this token (and a newline), for `$(...)`, curl and jq.
    #[arg(long, value_enum, value_name = "TOKEN", conflicts_with = "output")]
    pub(crate) print: Option<TokenKind>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// One JSON object: access_token, id_token, refresh_token, token_type, expires_in,
    /// expires_at, username, device_key.
    Json,
    /// Shell assignments (COGNITO_ACCESS_TOKEN=…), for `eval` or an env file.
    Env,
}

/// One of the tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TokenKind {
    /// The ID token (who the user is).
    #[value(name = "id-token")]
    Id,
    /// The access token (for APIs).
    #[value(name = "access-token")]
    Access,
    /// The refresh token.
    #[value(name = "refresh-token")]
    Refresh,
}

/// Sign-in flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Flow {
    /// USER_SRP_AUTH: the password never leaves this machine (default).
    Srp,
    /// USER_PASSWORD_AUTH (ADMIN_USER_PASSWORD_AUTH with --admin): the password is sent over TLS.
    Password,
    /// CUSTOM_AUTH: the pool's custom-auth triggers ask the questions; no password.
    Custom,
    /// CUSTOM_AUTH starting with SRP (password first, then custom challenges).
    CustomSrp,
    /// USER_AUTH (passwordless, passkeys): not supported yet, refused.
    UserAuth,
}

/// A second factor, for --mfa-choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Factor {
    /// A code by text message (SMS_MFA).
    Sms,
    /// A code from an authenticator app (SOFTWARE_TOKEN_MFA).
    Totp,
    /// A code by e-mail (EMAIL_OTP).
    Email,
}

/// `cognito-flow sign-in`.
#[derive(Debug, Args)]
pub(crate) struct SignInArgs {
    /// Username (or an alias the pool accepts) [env: COGNITO_FLOW_USERNAME]; asked for on a
    /// terminal when missing
    #[arg(short, long)]
    pub(crate) username: Option<String>,
    /// Read the password from standard input (everything up to EOF, one trailing newline
    /// removed) instead of asking on the terminal
    #[arg(long)]
    pub(crate) password_stdin: bool,
    /// Sign-in flow.
    #[arg(long, value_enum, default_value_t = Flow::Srp)]
    pub(crate) flow: Flow,
    /// Sign in through AdminInitiateAuth with AWS credentials from the environment
    /// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
    #[arg(long)]
    pub(crate) admin: bool,
    /// Never prompt, even on a terminal: a challenge without an answer given by a flag
    /// fails with exit code 3
    #[arg(long)]
    pub(crate) no_input: bool,
    /// The pool and app client.
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
    /// The output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
    /// Answers given in advance.
    #[command(flatten)]
    pub(crate) answers: AnswerArgs,
    /// Remembered devices.
    #[command(flatten)]
    pub(crate) device: DeviceArgs,
}

/// Answers to challenges, for scripts (a terminal is asked otherwise).
#[derive(Debug, Args)]
#[command(next_help_heading = "Challenge answers (for scripts; asked on a terminal otherwise)")]
pub(crate) struct AnswerArgs {
    /// Code sent by SMS or e-mail (SMS_MFA, EMAIL_OTP)
    #[arg(long, value_name = "CODE")]
    pub(crate) mfa_code: Option<String>,
    /// Code from the authenticator app (SOFTWARE_TOKEN_MFA)
    #[arg(long, value_name = "CODE")]
    pub(crate) totp_code: Option<String>,
    /// Second factor to use (SELECT_MFA_TYPE), or to set up (MFA_SETUP, on a terminal)
    #[arg(long, value_enum, value_name = "FACTOR")]
    pub(crate) mfa_choice: Option<Factor>,
    /// New password (NEW_PASSWORD_REQUIRED). Discouraged (process list): a warning is
    /// printed; prefer --new-password-file or COGNITO_FLOW_NEW_PASSWORD
    #[arg(long, value_name = "PASSWORD")]
    pub(crate) new_password: Option<String>,
    /// Read the new password (NEW_PASSWORD_REQUIRED) from this file [env:
    /// COGNITO_FLOW_NEW_PASSWORD holds the password itself]
    #[arg(long, value_name = "FILE")]
    pub(crate) new_password_file: Option<PathBuf>,
    /// A user attribute for NEW_PASSWORD_REQUIRED (required attributes); repeat as needed
    #[arg(long = "attribute", value_name = "NAME=VALUE")]
    pub(crate) attributes: Vec<String>,
    /// Answer to a CUSTOM_CHALLENGE; repeat for each round, in order
    #[arg(long, value_name = "ANSWER")]
    pub(crate) custom_answer: Vec<String>,
    /// Issuer shown by the authenticator app when setting up TOTP (MFA_SETUP)
    #[arg(long, value_name = "NAME", default_value = "Cognito")]
    pub(crate) totp_issuer: String,
}

/// Remembered-device options of `sign-in`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Devices")]
pub(crate) struct DeviceArgs {
    /// Confirm and remember this device after signing in (pools that track devices), stored
    /// in $XDG_CONFIG_HOME/cognito-flow/devices.json; later sign-ins use it (MFA may be skipped)
    #[arg(long)]
    pub(crate) remember_device: bool,
    /// Name of the device when remembering it
    #[arg(long, value_name = "NAME", default_value = "cognito-flow CLI")]
    pub(crate) device_name: String,
    /// Do not use a remembered device for this sign-in
    #[arg(long, conflicts_with = "remember_device")]
    pub(crate) no_device: bool,
}

/// `cognito-flow refresh`.
#[derive(Debug, Args)]
pub(crate) struct RefreshArgs {
    /// Refresh token [env: COGNITO_FLOW_REFRESH_TOKEN]; otherwise read from standard input,
    /// either the token alone or the JSON printed by `sign-in`
    #[arg(long, value_name = "TOKEN")]
    pub(crate) refresh_token: Option<String>,
    /// An access token of the same session [env: COGNITO_FLOW_ACCESS_TOKEN]: gives the pool,
    /// app client, username and device key when they are not given
    #[arg(long, value_name = "TOKEN")]
    pub(crate) access_token: Option<String>,
    /// Username, to find the device remembered for this user (its key is sent with the
    /// refresh) [env: COGNITO_FLOW_USERNAME]
    #[arg(short, long)]
    pub(crate) username: Option<String>,
    /// Device key to send (DeviceKey), when the tokens were issued to a remembered device
    #[arg(long, value_name = "KEY")]
    pub(crate) device_key: Option<String>,
    /// The pool and app client (taken from the access token in the input when not given).
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
    /// The output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `cognito-flow sign-out`.
#[derive(Debug, Args)]
pub(crate) struct SignOutArgs {
    /// Sign out of every device (GlobalSignOut with the access token) instead of revoking
    /// one refresh token
    #[arg(long)]
    pub(crate) global: bool,
    /// Refresh token to revoke [env: COGNITO_FLOW_REFRESH_TOKEN]; otherwise read from
    /// standard input (the token alone or the JSON printed by `sign-in`)
    #[arg(long, value_name = "TOKEN")]
    pub(crate) refresh_token: Option<String>,
    /// Access token, for --global [env: COGNITO_FLOW_ACCESS_TOKEN]; otherwise read from
    /// standard input
    #[arg(long, value_name = "TOKEN")]
    pub(crate) access_token: Option<String>,
    /// The pool and app client (taken from the access token in the input when not given).
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
}

/// Which token of a `sign-in` JSON to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Which {
    /// id_token.
    Id,
    /// access_token.
    Access,
}

/// `cognito-flow whoami`.
#[derive(Debug, Args)]
pub(crate) struct WhoamiArgs {
    /// The token (a JWT); otherwise read from standard input, the token alone or the JSON
    /// printed by `sign-in`
    #[arg(value_name = "TOKEN")]
    pub(crate) token: Option<String>,
    /// Which token to read from a `sign-in` JSON
    #[arg(long, value_enum, default_value_t = Which::Id)]
    pub(crate) token_use: Which,
}

/// `cognito-flow devices`.
#[derive(Debug, Args)]
pub(crate) struct DevicesArgs {
    /// The action.
    #[command(subcommand)]
    pub(crate) action: DevicesAction,
}

/// `devices list` / `devices forget`.
#[derive(Debug, Subcommand)]
pub(crate) enum DevicesAction {
    /// List the user's devices as JSON (ListDevices)
    List(DevicesCommon),
    /// Forget a device (ForgetDevice): by default the one remembered on this machine
    Forget {
        /// The device to forget (see `devices list`)
        #[arg(long, value_name = "KEY")]
        device_key: Option<String>,
        /// The access token and pool.
        #[command(flatten)]
        common: DevicesCommon,
    },
}

/// What every `devices` action needs.
#[derive(Debug, Args)]
pub(crate) struct DevicesCommon {
    /// Access token [env: COGNITO_FLOW_ACCESS_TOKEN]; otherwise read from standard input
    /// (the token alone or the JSON printed by `sign-in`)
    #[arg(long, value_name = "TOKEN")]
    pub(crate) access_token: Option<String>,
    /// The pool and app client (taken from the access token when not given).
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
}

/// `cognito-flow emulator`: the flags of `cognito-emulator` that make sense here.
#[cfg(feature = "emulator")]
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: std::net::IpAddr,
    /// Port to listen on (0: a free port, printed at start-up)
    #[arg(long, default_value_t = 9229)]
    pub(crate) port: u16,
    /// Seed file (JSON or TOML) with pools, app clients and users to create at start-up;
    /// with --data-dir, applied only when the directory holds no state yet
    #[arg(long, value_name = "FILE")]
    pub(crate) seed: Option<PathBuf>,
    /// Keep the state in this directory (survives restarts)
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Region of new pools' ids
    #[arg(long, default_value = "us-east-1")]
    pub(crate) region: String,
    /// Log level of the emulator: error, warn, info (one line per request), debug, trace
    #[arg(long, default_value = "info")]
    pub(crate) log_level: tracing::Level,
}
