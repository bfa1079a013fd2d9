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
    /// ```no_run
    /// # async fn demo(client: cognito_flow::Client) -> Result<(), cognito_flow::Error> {
    /// use cognito_flow::{ConfirmationCode, Password};
    /// let outcome = client
    ///     .sign_up("alice", Password::new("Corr3ct-horse!"), &[("email", "alice@example.com")])
    ///     .await?;
    /// if let Some(confirm) = outcome.confirm {
    ///     confirm.confirm(ConfirmationCode::new("123456")).await?;
    /// }
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
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Where the confirmation code went, when known.
    pub fn delivery(&self) -> Option<&CodeDelivery> {
        self.delivery.as_ref()
    }

    /// `ResendConfirmationCode`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LimitExceeded`] after too many resends, transport errors.
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
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `ForgotPassword`: Cognito sends a reset code.
    ///
    /// # Errors
    ///
    /// Cognito's error; an unsent request hands the step back.
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
#[must_use = "the password is not reset until the code is confirmed"]
pub struct ResetPasswordCodeSent {
    client: Client,
    username: String,
    delivery: Option<CodeDelivery>,
}

impl ResetPasswordCodeSent {
    /// Where the code went.
    pub fn delivery(&self) -> Option<&CodeDelivery> {
        self.delivery.as_ref()
    }

    /// `ConfirmForgotPassword`: the code and the new password.
    ///
    /// # Errors
    ///
    /// A wrong or expired code, or a password the policy refuses, hands the step back.
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
