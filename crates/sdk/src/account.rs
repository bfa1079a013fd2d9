//! Sign-up and the two errors a sign-in turns into steps (spec §3.18–3.22): a user who has not
//! confirmed the sign-up ([`ConfirmSignUp`]) and a user whose password must be reset
//! ([`ResetPassword`]).

use std::fmt;

use cognito_flow_wire::{
    Attribute, CodeDeliveryDetails, ConfirmForgotPasswordRequest, ConfirmSignUpRequest,
    ForgotPasswordRequest, ResendConfirmationCodeRequest, SignUpRequest,
};

use crate::Client;
use crate::challenge::{CodeDelivery, RespondError};
use crate::error::{Delivery, Error, ErrorKind};
use crate::secret::{ConfirmationCode, Password, Session};

fn delivery(details: Option<CodeDeliveryDetails>) -> Option<CodeDelivery> {
    details.map(|d| CodeDelivery {
        destination: d.destination,
        medium: d.delivery_medium.map(|m| m.as_str().to_owned()),
    })
}

/// Whether a failed account step can be tried again on the same value: a wrong or expired
/// code, a refused password, or a request that never left this process.
fn retryable(error: &Error) -> bool {
    error.delivery() == Delivery::NotSent
        || matches!(
            error.kind(),
            ErrorKind::CodeMismatch | ErrorKind::ExpiredCode | ErrorKind::InvalidPassword
        )
}

/// The result of [`Client::sign_up`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::Password;
///
/// let outcome = client
///     .sign_up("carol", Password::new("Corr3ct-horse!"), &[("email", "carol@example.com")])
///     .await?;
/// assert!(!outcome.user_sub.is_empty());
/// // This pool verifies e-mail addresses: the user must confirm with the code sent there.
/// assert!(outcome.confirm.is_some());
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct SignUpOutcome {
    /// The new user's `sub`.
    pub user_sub: String,
    /// The confirmation step, unless the pool confirmed the user already.
    pub confirm: Option<ConfirmSignUp>,
}

impl Client {
    /// `SignUp`: registers `username` with `password` and user attributes (`email`,
    /// `phone_number`, `custom:…`). `SecretHash` is computed over `username` when the app
    /// client has a secret.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPassword`] for a password the policy refuses,
    /// [`ErrorKind::InvalidParameter`], Cognito's `UsernameExistsException`
    /// ([`ErrorKind::Service`], code `UsernameExistsException`), transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{ConfirmationCode, Next, Password};
    ///
    /// let outcome = client
    ///     .sign_up("bob", Password::new("Corr3ct-horse!"), &[("email", "bob@example.com")])
    ///     .await?;
    /// # assert!(outcome.confirm.is_some());
    /// if let Some(confirm) = outcome.confirm {
    ///     println!("code sent to {:?}", confirm.delivery());
    ///     # let code_from_email = sandbox.last_code("bob");
    ///     confirm.confirm(ConfirmationCode::new(code_from_email)).await?;
    /// }
    /// let next = client.sign_in("bob", Password::new("Corr3ct-horse!")).await?;
    /// assert!(matches!(next, Next::SignedIn(_)));
    /// # Ok(()) }
    /// ```
    pub async fn sign_up(
        &self,
        username: impl Into<String>,
        password: Password,
        attributes: &[(&str, &str)],
    ) -> Result<SignUpOutcome, Error> {
        let username = username.into();
        let mut request = SignUpRequest::new(self.client_id(), username.as_str());
        request.secret_hash = self.secret_hash(&username).map(Into::into);
        request.password = Some(password.expose_secret().into());
        request.user_attributes = Some(
            attributes
                .iter()
                .map(|(name, value)| {
                    let mut a = Attribute::new(*name);
                    a.value = Some((*value).into());
                    a
                })
                .collect(),
        );
        let out = self.send(&request).await?;
        let confirm = (!out.user_confirmed).then(|| ConfirmSignUp {
            client: self.clone(),
            username,
            delivery: delivery(out.code_delivery_details),
            session: out.session.map(|s| Session::new(s.expose_secret())),
        });
        Ok(SignUpOutcome {
            user_sub: out.user_sub,
            confirm,
        })
    }

    /// `ForgotPassword`: sends `username` a code to reset the password with.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UserNotFound`] (pools that reveal it), [`ErrorKind::LimitExceeded`],
    /// transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{ConfirmationCode, Password};
    ///
    /// let sent = client.forgot_password("alice").await?;
    /// println!("reset code sent to {:?}", sent.delivery());
    /// # let code_from_email = sandbox.last_code("alice");
    /// sent.confirm(ConfirmationCode::new(code_from_email), Password::new("N3w-horse-staple!"))
    ///     .await?;
    /// let next = client.sign_in("alice", Password::new("N3w-horse-staple!")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn forgot_password(
        &self,
        username: impl Into<String>,
    ) -> Result<ResetPasswordCodeSent, Error> {
        ResetPassword::new(self.clone(), username.into())
            .send_code()
            .await
            .map_err(RespondError::into_error)
    }
}

/// A user who signed up but has not confirmed it (`UserNotConfirmedException` at sign-in,
/// or right after [`Client::sign_up`]): confirm with the code Cognito sent, then sign in.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{ConfirmationCode, Next, Password};
///
/// // uma signed up but never confirmed: the sign-in turns UserNotConfirmedException into a step.
/// match client.sign_in("uma", Password::new("Corr3ct-horse!")).await? {
///     Next::ConfirmSignUp(mut confirm) => {
///         confirm.resend_code().await?; // the first code may be lost
///         # let code_from_email = sandbox.last_code("uma");
///         confirm.confirm(ConfirmationCode::new(code_from_email)).await?;
///         // Confirmed: sign in again.
///         assert!(client.sign_in("uma", Password::new("Corr3ct-horse!")).await?.is_signed_in());
///     }
///     other => panic!("expected ConfirmSignUp, got {other:?}"),
/// }
/// # Ok(()) }
/// ```
#[must_use = "the user is not confirmed until `confirm` succeeds"]
pub struct ConfirmSignUp {
    client: Client,
    username: String,
    delivery: Option<CodeDelivery>,
    session: Option<Session>,
}

impl ConfirmSignUp {
    pub(crate) fn new(client: Client, username: String) -> Self {
        Self {
            client,
            username,
            delivery: None,
            session: None,
        }
    }

    /// The username as the user typed it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let confirm = doc_support::step!(sandbox, ConfirmSignUp); // uma: not confirmed
    /// assert_eq!(confirm.username(), "uma");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Where the confirmation code went, when known.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::Password;
    ///
    /// let outcome = client
    ///     .sign_up("dan", Password::new("Corr3ct-horse!"), &[("email", "dan@example.com")])
    ///     .await?;
    /// let confirm = outcome.confirm.expect("the e-mail address must be confirmed");
    /// let delivery = confirm.delivery().expect("Cognito says where the code went");
    /// assert_eq!(delivery.medium.as_deref(), Some("EMAIL"));
    /// println!("code sent to {:?}", delivery.destination); // masked: d***@e***
    /// # Ok(()) }
    /// ```
    pub fn delivery(&self) -> Option<&CodeDelivery> {
        self.delivery.as_ref()
    }

    /// `ResendConfirmationCode`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LimitExceeded`] after too many resends, transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let mut confirm = doc_support::step!(sandbox, ConfirmSignUp); // uma: not confirmed
    /// use cognito_flow::ConfirmationCode;
    ///
    /// if let Some(delivery) = confirm.resend_code().await? {
    ///     println!("a new code went to {:?}", delivery.destination);
    /// }
    /// # let code_from_email = sandbox.last_code("uma");
    /// confirm.confirm(ConfirmationCode::new(code_from_email)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn resend_code(&mut self) -> Result<Option<&CodeDelivery>, Error> {
        let mut request =
            ResendConfirmationCodeRequest::new(self.client.client_id(), self.username.as_str());
        request.secret_hash = self.client.secret_hash(&self.username).map(Into::into);
        let out = self.client.send(&request).await?;
        self.delivery = delivery(out.code_delivery_details);
        Ok(self.delivery.as_ref())
    }

    /// `ConfirmSignUp` with the code.
    ///
    /// # Errors
    ///
    /// A wrong or expired code ([`ErrorKind::CodeMismatch`], [`ErrorKind::ExpiredCode`])
    /// hands the step back.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let confirm = doc_support::step!(sandbox, ConfirmSignUp); // uma: not confirmed
    /// use cognito_flow::{ConfirmationCode, ErrorKind};
    ///
    /// // A mistyped code hands the step back.
    /// let err = confirm.confirm(ConfirmationCode::new("000000")).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::CodeMismatch);
    /// let confirm = err.into_state().expect("a wrong code keeps the step");
    /// # let code_from_email = sandbox.last_code("uma");
    /// confirm.confirm(ConfirmationCode::new(code_from_email)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn confirm(self, code: ConfirmationCode) -> Result<(), RespondError<Self>> {
        let mut request = ConfirmSignUpRequest::new(
            self.client.client_id(),
            self.username.as_str(),
            code.expose_secret(),
        );
        request.secret_hash = self.client.secret_hash(&self.username).map(Into::into);
        request.session = self.session.as_ref().map(|s| s.expose_secret().into());
        match self.client.send(&request).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let keep = retryable(&e);
                Err(RespondError::new(e, keep.then_some(self)))
            }
        }
    }
}

impl fmt::Debug for ConfirmSignUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfirmSignUp")
            .field("username", &self.username)
            .field("delivery", &self.delivery)
            .finish_non_exhaustive()
    }
}

/// A user whose password must be reset (`PasswordResetRequiredException` at sign-in): send a
/// code, then set a new password with it, then sign in.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{ConfirmationCode, Next, Password};
///
/// // An administrator reset rita's password: the sign-in turns PasswordResetRequiredException
/// // into a step.
/// let Next::ResetPassword(reset) = client.sign_in("rita", Password::new("Corr3ct-horse!")).await?
/// else {
///     panic!("expected ResetPassword");
/// };
/// let sent = reset.send_code().await?;
/// # let code_from_email = sandbox.last_code("rita");
/// sent.confirm(ConfirmationCode::new(code_from_email), Password::new("N3w-horse-staple!"))
///     .await?;
/// let next = client.sign_in("rita", Password::new("N3w-horse-staple!")).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "the password is not reset until the code is confirmed"]
pub struct ResetPassword {
    client: Client,
    username: String,
}

impl ResetPassword {
    pub(crate) fn new(client: Client, username: String) -> Self {
        Self { client, username }
    }

    /// The username as the user typed it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let reset = doc_support::step!(sandbox, ResetPassword); // rita: reset required
    /// assert_eq!(reset.username(), "rita");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `ForgotPassword`: Cognito sends a reset code.
    ///
    /// # Errors
    ///
    /// Cognito's error; an unsent request hands the step back.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let reset = doc_support::step!(sandbox, ResetPassword); // rita: reset required
    /// let sent = reset.send_code().await?;
    /// let delivery = sent.delivery().expect("Cognito says where the code went");
    /// assert_eq!(delivery.medium.as_deref(), Some("EMAIL"));
    /// # Ok(()) }
    /// ```
    pub async fn send_code(self) -> Result<ResetPasswordCodeSent, RespondError<Self>> {
        let mut request =
            ForgotPasswordRequest::new(self.client.client_id(), self.username.as_str());
        request.secret_hash = self.client.secret_hash(&self.username).map(Into::into);
        match self.client.send(&request).await {
            Ok(out) => Ok(ResetPasswordCodeSent {
                client: self.client,
                username: self.username,
                delivery: delivery(out.code_delivery_details),
            }),
            Err(e) => {
                let keep = e.delivery() == Delivery::NotSent;
                Err(RespondError::new(e, keep.then_some(self)))
            }
        }
    }
}

impl fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPassword")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A reset code was sent: set the new password with it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// use cognito_flow::{ConfirmationCode, Password};
///
/// let sent = client.forgot_password("alice").await?;
/// # let code_from_email = sandbox.last_code("alice");
/// sent.confirm(ConfirmationCode::new(code_from_email), Password::new("N3w-horse-staple!"))
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "the password is not reset until the code is confirmed"]
pub struct ResetPasswordCodeSent {
    client: Client,
    username: String,
    delivery: Option<CodeDelivery>,
}

impl ResetPasswordCodeSent {
    /// Where the code went.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// let sent = client.forgot_password("alice").await?;
    /// if let Some(delivery) = sent.delivery() {
    ///     println!("check {:?} ({:?})", delivery.destination, delivery.medium);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delivery(&self) -> Option<&CodeDelivery> {
        self.delivery.as_ref()
    }

    /// `ConfirmForgotPassword`: the code and the new password.
    ///
    /// # Errors
    ///
    /// A wrong or expired code, or a password the policy refuses, hands the step back.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox);
    /// use cognito_flow::{ConfirmationCode, ErrorKind, Password};
    ///
    /// let sent = client.forgot_password("alice").await?;
    /// # let code_from_email = sandbox.last_code("alice");
    /// // A password the pool's policy refuses hands the step back: ask for another one.
    /// let err = sent
    ///     .confirm(ConfirmationCode::new(code_from_email.as_str()), Password::new("short"))
    ///     .await
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPassword);
    /// let sent = err.into_state().expect("the code is still valid");
    /// sent.confirm(ConfirmationCode::new(code_from_email), Password::new("N3w-horse-staple!"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn confirm(
        self,
        code: ConfirmationCode,
        new_password: Password,
    ) -> Result<(), RespondError<Self>> {
        let mut request = ConfirmForgotPasswordRequest::new(
            self.client.client_id(),
            self.username.as_str(),
            code.expose_secret(),
            new_password.expose_secret(),
        );
        request.secret_hash = self.client.secret_hash(&self.username).map(Into::into);
        match self.client.send(&request).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let keep = retryable(&e);
                Err(RespondError::new(e, keep.then_some(self)))
            }
        }
    }
}

impl fmt::Debug for ResetPasswordCodeSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPasswordCodeSent")
            .field("username", &self.username)
            .field("delivery", &self.delivery)
            .finish_non_exhaustive()
    }
}
