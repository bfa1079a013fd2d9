//! Settings from flags and environment variables, and the SDK client built from them.

use std::path::Path;

use anyhow::Context as _;
use cognito_flow::{Client, ClientSecret};

use crate::args::PoolArgs;
use crate::exit::{Exit, fail};
use crate::jwt::TokenHint;

/// An environment variable, `None` when unset or empty.
pub(crate) fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// A flag's value, else an environment variable's.
pub(crate) fn flag_or_env(flag: &Option<String>, name: &str) -> Option<String> {
    flag.clone().filter(|v| !v.is_empty()).or_else(|| env(name))
}

/// Prints the warning for a secret given as a flag value.
pub(crate) fn warn_secret_flag(flag: &str, instead: &str) {
    eprintln!(
        "cognito-flow: warning: {flag} puts a secret in the process list and the shell history; use {instead} instead"
    );
}

/// Reads a secret from a file: the whole file, one trailing newline removed.
pub(crate) fn read_secret_file(path: &Path, what: &str) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the {what} from {}", path.display()))?;
    let text = strip_newline(text);
    if text.is_empty() {
        return Err(fail(
            Exit::Usage,
            format!("the {what} file {} is empty", path.display()),
        ));
    }
    Ok(text)
}

/// Removes one trailing `\n` or `\r\n`.
pub(crate) fn strip_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

impl PoolArgs {
    /// The user pool id: flag, environment, or the token's issuer.
    pub(crate) fn user_pool_id(&self, hint: Option<&TokenHint>) -> anyhow::Result<String> {
        flag_or_env(&self.user_pool_id, "COGNITO_FLOW_USER_POOL_ID")
            .or_else(|| hint.and_then(|h| h.user_pool_id.clone()))
            .ok_or_else(|| {
                fail(
                    Exit::Usage,
                    "no user pool id: pass --user-pool-id or set COGNITO_FLOW_USER_POOL_ID",
                )
            })
    }

    /// Builds the SDK client. `hint` (claims of a token the user gave) fills in the pool and
    /// app client when neither a flag nor the environment does; the endpoint never comes
    /// from a token.
    pub(crate) fn client(&self, hint: Option<&TokenHint>) -> anyhow::Result<Client> {
        let user_pool_id = self.user_pool_id(hint)?;
        let client_id = flag_or_env(&self.client_id, "COGNITO_FLOW_CLIENT_ID")
            .or_else(|| hint.and_then(|h| h.client_id.clone()))
            .ok_or_else(|| {
                fail(
                    Exit::Usage,
                    "no app client id: pass --client-id or set COGNITO_FLOW_CLIENT_ID",
                )
            })?;
        let mut builder = Client::builder()
            .user_pool_id(&user_pool_id)
            .client_id(client_id);
        if let Some(secret) = self.client_secret()? {
            builder = builder.client_secret(secret);
        }
        if let Some(region) = self.region(&user_pool_id) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = flag_or_env(&self.endpoint, "COGNITO_FLOW_ENDPOINT") {
            builder = builder.endpoint_url(endpoint);
        }
        let client = builder.build().context("configuring the Cognito client")?;
        tracing::debug!(
            user_pool_id = client.user_pool_id(),
            endpoint = client.endpoint_url(),
            "client configured"
        );
        Ok(client)
    }

    /// The client secret: the flag (with a warning), the file, or the environment.
    fn client_secret(&self) -> anyhow::Result<Option<ClientSecret>> {
        if let Some(secret) = &self.client_secret {
            warn_secret_flag(
                "--client-secret",
                "COGNITO_FLOW_CLIENT_SECRET or --client-secret-file",
            );
            return Ok(Some(ClientSecret::new(secret.as_str())));
        }
        if let Some(path) = &self.client_secret_file {
            return Ok(Some(ClientSecret::new(read_secret_file(
                path,
                "client secret",
            )?)));
        }
        Ok(env("COGNITO_FLOW_CLIENT_SECRET").map(ClientSecret::new))
    }

    /// The region to check the pool id against. `--region` and `COGNITO_FLOW_REGION` are
    /// strict (a mismatch is an error); `AWS_REGION` is often set for other services, so it
    /// is only used when it agrees with the pool id (which names the region anyway).
    fn region(&self, user_pool_id: &str) -> Option<String> {
        if let Some(region) = flag_or_env(&self.region, "COGNITO_FLOW_REGION") {
            return Some(region);
        }
        let aws = env("AWS_REGION")?;
        let pool_region = user_pool_id.split_once('_').map(|(r, _)| r);
        if pool_region == Some(aws.as_str()) {
            Some(aws)
        } else {
            tracing::debug!("AWS_REGION differs from the pool id's region: ignored");
            None
        }
    }
}
