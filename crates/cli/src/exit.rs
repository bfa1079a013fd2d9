//! Exit codes, and the one-line error report: what happened and what to do.

use std::fmt;

use cognito_flow::ErrorKind;

/// Why the command failed; each reason has its own exit code (documented in `docs/cli.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 1: Cognito refused: wrong password or code, expired session, revoked token, …
    Refused = 1,
    /// 2: the command line or the configuration is wrong (clap uses 2 too).
    Usage = 2,
    /// 3: a challenge needs an answer, and there is no terminal to ask on.
    NeedsInput = 3,
    /// 4: the service or the network failed (unreachable, timeout, throttled, 5xx, …).
    Service = 4,
    /// 5: a local file could not be read or written (devices file, secret file).
    Local = 5,
}

/// An error that knows its exit code. Its message is the whole line shown to the user.
#[derive(Debug)]
pub(crate) struct Failure {
    exit: Exit,
    message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// An [`anyhow::Error`] that exits with `exit`.
pub(crate) fn fail(exit: Exit, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Failure {
        exit,
        message: message.into(),
    })
}

/// The exit code of an SDK error kind.
fn exit_of(kind: ErrorKind) -> Exit {
    match kind {
        ErrorKind::NotAuthorized
        | ErrorKind::SessionExpired
        | ErrorKind::CodeMismatch
        | ErrorKind::ExpiredCode
        | ErrorKind::UserNotFound
        | ErrorKind::UserNotConfirmed
        | ErrorKind::PasswordResetRequired
        | ErrorKind::InvalidPassword
        | ErrorKind::MfaMethodNotFound
        | ErrorKind::TooManyFailedAttempts
        | ErrorKind::Unauthorized
        | ErrorKind::RefreshTokenReuse
        | ErrorKind::Credentials => Exit::Refused,
        ErrorKind::InvalidParameter
        | ErrorKind::ResourceNotFound
        | ErrorKind::Unsupported
        | ErrorKind::Config => Exit::Usage,
        _ => Exit::Service,
    }
}

/// What to do about an SDK error kind.
fn advice(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotAuthorized => "check the username and password, or the token",
        ErrorKind::SessionExpired => "the sign-in session expired or was used up: sign in again",
        ErrorKind::CodeMismatch => "the code was wrong: sign in again with the current code",
        ErrorKind::ExpiredCode => {
            "the code expired or was already used: sign in again with a new code"
        }
        ErrorKind::UserNotFound => "check the username",
        ErrorKind::UserNotConfirmed => "confirm the user's sign-up first",
        ErrorKind::PasswordResetRequired => "reset the password first (forgot-password flow)",
        ErrorKind::InvalidPassword => "choose a password that meets the pool's password policy",
        ErrorKind::InvalidParameter => {
            "check the flags; the app client may not allow this auth flow"
        }
        ErrorKind::ResourceNotFound => "check --user-pool-id, --client-id and --endpoint",
        ErrorKind::Unsupported => "the app client or the pool does not enable this operation",
        ErrorKind::Config => "check --user-pool-id, --client-id, --region and --endpoint",
        ErrorKind::Credentials => {
            "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
        }
        ErrorKind::RefreshTokenReuse => "this refresh token was rotated out: sign in again",
        ErrorKind::TooManyRequests | ErrorKind::LimitExceeded => "wait a while and try again",
        ErrorKind::Transport => {
            "could not reach Cognito: check --endpoint or --region and the network"
        }
        ErrorKind::Timeout => "Cognito did not answer in time: try again",
        _ => return None,
    })
}

/// The exit code and the one-line message for a failed command.
pub(crate) fn report(error: &anyhow::Error) -> (Exit, String) {
    // `{:#}` is the whole chain on one line: "context: cause: cause".
    let mut message = format!("{error:#}");
    for cause in error.chain() {
        if let Some(failure) = cause.downcast_ref::<Failure>() {
            return (failure.exit, one_line(&message));
        }
        if let Some(sdk) = cause.downcast_ref::<cognito_flow::Error>() {
            if let Some(advice) = advice(sdk.kind()) {
                message.push_str(" (");
                message.push_str(advice);
                message.push(')');
            }
            return (exit_of(sdk.kind()), one_line(&message));
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return (Exit::Local, one_line(&message));
        }
    }
    (Exit::Refused, one_line(&message))
}

/// Keeps a message on one line (service messages may hold line breaks).
fn one_line(message: &str) -> String {
    message
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn failures_keep_their_code_through_context() {
        let e = Err::<(), _>(fail(Exit::NeedsInput, "pass --totp-code"))
            .context("signing in")
            .unwrap_err();
        let (exit, line) = report(&e);
        assert_eq!(exit, Exit::NeedsInput);
        assert_eq!(line, "signing in: pass --totp-code");
    }

    #[test]
    fn io_errors_are_local_and_messages_one_line() {
        let e = anyhow::Error::new(std::io::Error::other("disk\nfull")).context("writing x");
        assert_eq!(report(&e), (Exit::Local, "writing x: disk full".to_owned()));
    }
}
