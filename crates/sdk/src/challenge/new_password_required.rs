//! `NEW_PASSWORD_REQUIRED` (spec §5.2, §5.7).

use std::collections::BTreeMap;
use std::fmt;

use cognito_flow_wire::{
    ChallengeName, SensitiveMap, decode_required_attributes, decode_user_attributes, keys,
};

use super::code::debug_state;
use super::{ChallengeCtx, Metadata, RespondError, answer_or_return};
use crate::error::Error;
use crate::next::Next;
use crate::secret::Password;

/// The answer to [`NewPasswordRequired`]: the new password, and values for attributes.
///
/// ```
/// use cognito_flow::{NewPassword, Password};
///
/// let answer = NewPassword::new(Password::new("N3w-password!"))
///     .attribute("name", "Alice Example");
/// ```
#[derive(Debug)]
#[must_use]
pub struct NewPassword {
    password: Password,
    attributes: BTreeMap<String, Password>,
}

impl NewPassword {
    /// The new password.
    ///
    /// ```
    /// use cognito_flow::{NewPassword, Password};
    ///
    /// let answer = NewPassword::new(Password::new("N3w-password!"));
    /// ```
    pub fn new(password: Password) -> Self {
        Self {
            password,
            attributes: BTreeMap::new(),
        }
    }

    /// A value for a user attribute (without the `userAttributes.` prefix). Give one for
    /// every [`NewPasswordRequired::required_attributes`]; other writable attributes may be
    /// set too. Attribute values are personal data and kept like secrets.
    ///
    /// ```
    /// use cognito_flow::{NewPassword, Password};
    ///
    /// let answer = NewPassword::new(Password::new("N3w-password!"))
    ///     .attribute("given_name", "Alice")
    ///     .attribute("family_name", "Example");
    /// ```
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.insert(name.into(), Password::new(value));
        self
    }
}

/// `NEW_PASSWORD_REQUIRED`: the user signed in with a temporary password and must choose a
/// new one (and fill in required attributes the pool does not have yet).
///
/// * Answer: [`NewPassword`] (`NEW_PASSWORD`, `userAttributes.*`).
/// * Next: [`Next::SignedIn`] or an MFA challenge.
///
/// # Errors
///
/// A password the pool's policy refuses fails with
/// [`ErrorKind::InvalidPassword`](crate::ErrorKind::InvalidPassword) and hands the state
/// back; so does an answer missing a required attribute, refused before sending
/// ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
/// use cognito_flow::{NewPassword, Password};
///
/// let mut answer = NewPassword::new(Password::new("N3w-password!"));
/// for attr in step.required_attributes() {
///     answer = answer.attribute(attr.as_str(), "value the user typed");
/// }
/// let next = step.respond(answer).await?;
/// assert!(next.is_signed_in());
/// # Ok(()) }
/// ```
#[must_use = "a challenge does nothing until you answer it"]
pub struct NewPasswordRequired {
    ctx: ChallengeCtx,
    required: Vec<String>,
}

impl NewPasswordRequired {
    pub(crate) fn new(ctx: ChallengeCtx) -> Result<Self, Error> {
        let required = match ctx.parameters.get(keys::REQUIRED_ATTRIBUTES) {
            Some(raw) => decode_required_attributes(raw)
                .map_err(|e| Error::protocol_with_source("requiredAttributes is malformed", e))?
                .iter()
                .map(|a| a.name().to_owned())
                .collect(),
            None => Vec::new(),
        };
        Ok(Self { ctx, required })
    }

    /// The context, for sealing (feature `sealed-state`).
    #[cfg(feature = "sealed-state")]
    pub(crate) fn ctx(&self) -> &ChallengeCtx {
        &self.ctx
    }

    /// Attributes the answer must give (the `userAttributes.` prefix stripped).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
    /// for name in step.required_attributes() {
    ///     println!("ask the user for {name}");
    /// }
    /// assert!(step.required_attributes().is_empty()); // this pool requires none
    /// # Ok(()) }
    /// ```
    pub fn required_attributes(&self) -> &[String] {
        &self.required
    }

    /// The user's current attributes (`userAttributes`), e.g. to prefill a form. Values are
    /// personal data: handle them with care.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
    /// let current = step.current_attributes();
    /// let name = current.get("name").map_or("", String::as_str); // prefill the form
    /// # Ok(()) }
    /// ```
    pub fn current_attributes(&self) -> BTreeMap<String, String> {
        self.ctx
            .parameters
            .get(keys::USER_ATTRIBUTES)
            .and_then(|raw| decode_user_attributes(raw).ok())
            .map(|m| m.expose_secret().clone())
            .unwrap_or_default()
    }

    /// The canonical username.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
    /// assert_eq!(step.username(), "temp");
    /// # Ok(()) }
    /// ```
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Metadata sent with the answer.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
    /// let mut step = step;
    /// let metadata = step.metadata_mut();
    /// *metadata = metadata.clone().client_metadata("flow", "first sign-in");
    /// # Ok(()) }
    /// ```
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.ctx.metadata
    }

    /// Sets the new password.
    ///
    /// # Errors
    ///
    /// See the type's documentation.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, NewPasswordRequired); // temp: temporary password
    /// use cognito_flow::{ErrorKind, NewPassword, Password};
    ///
    /// // The pool's policy refuses it: the state comes back, ask for another password.
    /// let err = step.respond(NewPassword::new(Password::new("password"))).await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPassword);
    /// let step = err.into_state().expect("a refused password keeps the state");
    /// let next = step.respond(NewPassword::new(Password::new("N3w-password!"))).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub async fn respond(self, answer: NewPassword) -> Result<Next, RespondError<Self>> {
        if self
            .required
            .iter()
            .any(|r| !answer.attributes.contains_key(r))
        {
            return Err(RespondError::new(
                Error::invalid_input("a required attribute has no value"),
                Some(self),
            ));
        }
        let mut extra = SensitiveMap::new();
        extra.insert(keys::NEW_PASSWORD, answer.password.expose_secret());
        for (name, value) in &answer.attributes {
            extra.insert(
                format!("{}{name}", keys::USER_ATTRIBUTE_PREFIX),
                value.expose_secret(),
            );
        }
        let required = self.required;
        answer_or_return(
            self.ctx,
            ChallengeName::NewPasswordRequired,
            extra,
            move |ctx| Self { ctx, required },
        )
        .await
    }
}

impl fmt::Debug for NewPasswordRequired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_state(f, "NewPasswordRequired", &self.ctx)
    }
}
