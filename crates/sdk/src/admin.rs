//! [`AdminClient`]: `Admin*` operations, signed with AWS SigV4 (feature `admin`).
//!
//! Signing uses the `aws-sigv4` crate (signing name `cognito-idp`, region = the pool's
//! region), never a signer of our own. The `Authorization` and `X-Amz-Security-Token`
//! headers it adds are redacted in `Debug` and marked sensitive for the HTTP client.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use cognito_flow_wire::{AdminUserGlobalSignOutRequest, Operation};

use crate::dispatch::SignRequest;
use crate::secret::{AwsSecretAccessKey, AwsSessionToken};
use crate::transport::HttpRequest;
use crate::{Client, Error};

/// The SigV4 signing name of Cognito user pools (the endpoint prefix; spec §1.4).
const SIGNING_NAME: &str = "cognito-idp";

/// Static AWS credentials for [`AdminClient`]: an access key pair and, for temporary
/// credentials, a session token.
///
/// `Debug` shows the access key id (it is not secret) and redacts the rest.
///
/// ```
/// use cognito_flow::{AwsCredentials, AwsSecretAccessKey};
///
/// let credentials = AwsCredentials::new(
///     "AKIAIOSFODNN7EXAMPLE",
///     AwsSecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
/// );
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"AwsCredentials { access_key_id: "AKIAIOSFODNN7EXAMPLE", secret_access_key: AwsSecretAccessKey(<redacted>), session_token: None }"#,
/// );
/// ```
#[derive(Clone)]
pub struct AwsCredentials {
    access_key_id: String,
    secret_access_key: AwsSecretAccessKey,
    session_token: Option<AwsSessionToken>,
}

impl AwsCredentials {
    /// Long-term credentials: an access key id and its secret.
    ///
    /// ```
    /// use cognito_flow::{AwsCredentials, AwsSecretAccessKey};
    ///
    /// let credentials = AwsCredentials::new(
    ///     "AKIAIOSFODNN7EXAMPLE",
    ///     AwsSecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    /// );
    /// assert_eq!(credentials.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
    /// ```
    pub fn new(access_key_id: impl Into<String>, secret_access_key: AwsSecretAccessKey) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key,
            session_token: None,
        }
    }

    /// Adds the session token of temporary (STS) credentials.
    ///
    /// ```
    /// use cognito_flow::{AwsCredentials, AwsSecretAccessKey, AwsSessionToken};
    ///
    /// // Temporary credentials, e.g. from AWS STS AssumeRole.
    /// let credentials = AwsCredentials::new(
    ///     "ASIAIOSFODNN7EXAMPLE",
    ///     AwsSecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    /// )
    /// .with_session_token(AwsSessionToken::new("IQoJb3JpZ2luX2VjEXAMPLE"));
    /// assert!(format!("{credentials:?}").contains("AwsSessionToken(<redacted>)"));
    /// ```
    #[must_use]
    pub fn with_session_token(mut self, session_token: AwsSessionToken) -> Self {
        self.session_token = Some(session_token);
        self
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, `AWS_SESSION_TOKEN`.
    ///
    /// `AWS_REGION` is deliberately not read: the signing region is always the user pool's
    /// region, taken from its id.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) if the key id or the secret
    /// is missing or empty.
    ///
    /// ```no_run
    /// // Not run: it reads the process environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY),
    /// // which a doc test cannot set safely.
    /// # fn demo() -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::AwsCredentials;
    ///
    /// let credentials = AwsCredentials::from_env()?;
    /// println!("signing with {}", credentials.access_key_id());
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let access_key_id = var("AWS_ACCESS_KEY_ID")
            .ok_or_else(|| Error::credentials("AWS_ACCESS_KEY_ID is not set"))?;
        let secret = var("AWS_SECRET_ACCESS_KEY")
            .ok_or_else(|| Error::credentials("AWS_SECRET_ACCESS_KEY is not set"))?;
        let mut credentials = Self::new(access_key_id, AwsSecretAccessKey::new(secret));
        if let Some(token) = var("AWS_SESSION_TOKEN") {
            credentials = credentials.with_session_token(AwsSessionToken::new(token));
        }
        Ok(credentials)
    }

    /// The access key id (`AKIA…`/`ASIA…`).
    ///
    /// ```
    /// use cognito_flow::{AwsCredentials, AwsSecretAccessKey};
    ///
    /// let credentials = AwsCredentials::new("AKIAIOSFODNN7EXAMPLE", AwsSecretAccessKey::new("secret"));
    /// assert_eq!(credentials.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
    /// ```
    #[must_use]
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// A [`Client`] plus AWS credentials: sends the SigV4-signed `Admin*` operations.
///
/// Admin-only entry points exist only on this type, so calling them without credentials
/// does not compile. Cheap to clone. Use it from trusted back ends only: the IAM identity
/// needs `cognito-idp:<Operation>` permissions on the pool.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let (pool_id, client_id, endpoint) = (sandbox.pool_id(), sandbox.client_id(), sandbox.endpoint());
/// # let (access_key_id, secret_access_key) = (doc_support::ACCESS_KEY_ID, doc_support::SECRET_ACCESS_KEY);
/// use cognito_flow::{AdminClient, AwsCredentials, AwsSecretAccessKey, Client, Password};
///
/// let client = Client::builder()
///     .user_pool_id(pool_id)
///     .client_id(client_id)
///     .endpoint_url(endpoint)
///     .build()?;
/// // Or `AdminClient::from_env(client)?` with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.
/// let credentials = AwsCredentials::new(access_key_id, AwsSecretAccessKey::new(secret_access_key));
/// let admin = AdminClient::new(client, credentials);
///
/// let next = admin.admin_password_auth("alice", Password::new("Corr3ct-horse!")).await?;
/// assert!(next.is_signed_in());
/// admin.admin_user_global_sign_out("alice").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AdminClient {
    client: Client,
    signer: Arc<SigV4Signer>,
}

impl AdminClient {
    /// Wraps `client` with the credentials its admin calls are signed with.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// # let (access_key_id, secret_access_key) = (doc_support::ACCESS_KEY_ID, doc_support::SECRET_ACCESS_KEY);
    /// use cognito_flow::{AdminClient, AwsCredentials, AwsSecretAccessKey, Password};
    ///
    /// let credentials = AwsCredentials::new(access_key_id, AwsSecretAccessKey::new(secret_access_key));
    /// let admin = AdminClient::new(client, credentials);
    /// let next = admin.admin_password_auth("alice", Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn new(client: Client, credentials: AwsCredentials) -> Self {
        let signer = SigV4Signer {
            credentials: aws_credential_types::Credentials::new(
                credentials.access_key_id,
                credentials.secret_access_key.expose_secret(),
                credentials
                    .session_token
                    .as_ref()
                    .map(|t| t.expose_secret().to_owned()),
                None,
                "cognito-flow",
            ),
            region: client.region().to_owned(),
            clock: Arc::new(SystemTime::now),
        };
        Self {
            client,
            signer: Arc::new(signer),
        }
    }

    /// [`AdminClient::new`] with [`AwsCredentials::from_env`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) if the environment has no
    /// access key.
    ///
    /// ```no_run
    /// // Not run: it reads AWS credentials from the process environment, which a doc test cannot
    /// // set safely.
    /// # fn demo() -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::{AdminClient, Client};
    ///
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// let admin = AdminClient::from_env(client)?;
    /// # Ok(()) }
    /// ```
    pub fn from_env(client: Client) -> Result<Self, Error> {
        Ok(Self::new(client, AwsCredentials::from_env()?))
    }

    /// The wrapped client, for the public operations.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// // The same app client, for the public operations.
    /// let next = admin.client().sign_in("alice", Password::new("Corr3ct-horse!")).await?;
    /// assert!(next.is_signed_in());
    /// assert_eq!(admin.client().user_pool_id(), sandbox.pool_id());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Signs a user out of every device (`AdminUserGlobalSignOut`, spec §3.15): invalidates
    /// their refresh tokens and the access tokens issued from them.
    ///
    /// `username` is the user's username or an alias the pool accepts.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UserNotFound`](crate::ErrorKind::UserNotFound),
    /// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) if AWS rejects the
    /// credentials or signature, and the transport kinds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// # let client = admin.client();
    /// # let next = client.sign_in("alice", cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("alice has no MFA").into_tokens();
    /// use cognito_flow::ErrorKind;
    ///
    /// admin.admin_user_global_sign_out("alice").await?;
    /// // alice's refresh tokens are dead now.
    /// let err = client.refresh(&tokens, None).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    /// # Ok(()) }
    /// ```
    pub async fn admin_user_global_sign_out(&self, username: &str) -> Result<(), Error> {
        let request = AdminUserGlobalSignOutRequest::new(self.client.user_pool_id(), username);
        self.client
            .send_signed(&request, &*self.signer)
            .await
            .map(drop)
    }

    /// Sends an admin operation signed with this client's credentials.
    pub(crate) async fn send<R: cognito_flow_wire::Request>(
        &self,
        request: &R,
    ) -> Result<R::Response, Error> {
        self.client.send_signed(request, &*self.signer).await
    }

    /// Replaces the signer's clock (tests: a fixed `X-Amz-Date`).
    #[cfg(all(test, any(feature = "rustls-ring", feature = "rustls-aws-lc-rs")))]
    pub(crate) fn with_clock(mut self, clock: fn() -> SystemTime) -> Self {
        let signer = SigV4Signer {
            credentials: self.signer.credentials.clone(),
            region: self.signer.region.clone(),
            clock: Arc::new(clock),
        };
        self.signer = Arc::new(signer);
        self
    }
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient")
            .field("client", &self.client)
            .field("access_key_id", &self.signer.credentials.access_key_id())
            .finish_non_exhaustive()
    }
}

/// SigV4 header signing with `aws-sigv4`.
struct SigV4Signer {
    credentials: aws_credential_types::Credentials,
    region: String,
    clock: Arc<dyn Fn() -> SystemTime + Send + Sync>,
}

impl SignRequest for SigV4Signer {
    fn sign(&self, operation: Operation, request: &mut HttpRequest) -> Result<(), Error> {
        let name = operation.name();
        let identity = self.credentials.clone().into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(SIGNING_NAME)
            .time((self.clock)())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| Error::signing(name, e))?
            .into();
        let signable = SignableRequest::new(
            request.method(),
            request.url(),
            request.headers(),
            SignableBody::Bytes(request.body()),
        )
        .map_err(|e| Error::signing(name, e))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| Error::signing(name, e))?
            .into_parts();
        let (headers, _query) = instructions.into_parts();
        for header in headers {
            request.push_header(header.name(), header.value());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn credentials_from_env_lookup() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let c = AwsCredentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", "token"),
        ]));
        let c = c.ok();
        assert_eq!(
            c.as_ref().map(AwsCredentials::access_key_id),
            Some("AKIDEXAMPLE")
        );
        assert_eq!(
            c.as_ref()
                .and_then(|c| c.session_token.as_ref())
                .map(AwsSessionToken::expose_secret),
            Some("token")
        );

        let e = AwsCredentials::from_lookup(env(&[("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")])).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::Credentials));
        let e = AwsCredentials::from_lookup(env(&[
            ("AWS_ACCESS_KEY_ID", ""),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
        ]))
        .err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::Credentials));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new("canary-secret"))
            .with_session_token(AwsSessionToken::new("canary-token"));
        let debug = format!("{c:?}");
        assert!(!debug.contains("canary"), "{debug}");
        assert!(debug.contains("AwsSessionToken(<redacted>)"), "{debug}");
    }
}
