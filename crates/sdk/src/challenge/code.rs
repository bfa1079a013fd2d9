//! What the code challenges share: where the code went, and sending it.

use cognito_flow_wire::keys;

use super::ChallengeCtx;

/// Where Cognito sent a code (`CODE_DELIVERY_DESTINATION`, `CODE_DELIVERY_DELIVERY_MEDIUM`).
///
/// The destination is masked by Cognito, e.g. `+*******1234` or `a***@e***`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeDelivery {
    /// The masked phone number or address.
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    pub medium: Option<String>,
}

pub(crate) fn delivery(ctx: &ChallengeCtx) -> CodeDelivery {
    CodeDelivery {
        destination: ctx.parameters.get(keys::CODE_DELIVERY_DESTINATION).cloned(),
        medium: ctx
            .parameters
            .get(keys::CODE_DELIVERY_DELIVERY_MEDIUM)
            .cloned(),
    }
}

/// Writes the shared `Debug` of a state: its name and username, never the Session.
pub(crate) fn debug_state(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    ctx: &ChallengeCtx,
) -> std::fmt::Result {
    f.debug_struct(name)
        .field("username", &ctx.username)
        .finish_non_exhaustive()
}

/// The methods and `Debug` of a challenge answered with a code Cognito sent (`SMS_MFA`,
/// `EMAIL_OTP`): the two differ only in the challenge name and the answer's key.
macro_rules! delivered_code_challenge {
    ($ty:ident, $challenge:expr, $key:expr, $source:literal) => {
        impl $ty {
            pub(crate) fn new(ctx: ChallengeCtx) -> Self {
                Self { ctx }
            }

            /// The context, for sealing (feature `sealed-state`).
            #[cfg(feature = "sealed-state")]
            pub(crate) fn ctx(&self) -> &ChallengeCtx {
                &self.ctx
            }

            /// Where the code was sent.
            pub fn delivery(&self) -> CodeDelivery {
                super::code::delivery(&self.ctx)
            }

            /// The canonical username.
            pub fn username(&self) -> &str {
                &self.ctx.username
            }

            /// Metadata sent with the answer (inherited from the previous step).
            pub fn metadata_mut(&mut self) -> &mut Metadata {
                &mut self.ctx.metadata
            }

            #[doc = concat!("Answers with the code from ", $source, ".")]
            ///
            /// # Errors
            ///
            /// See the type's documentation.
            pub async fn respond(self, code: MfaCode) -> Result<Next, RespondError<Self>> {
                let mut extra = SensitiveMap::new();
                extra.insert($key, code.expose_secret());
                answer_or_return(self.ctx, $challenge, extra, Self::new).await
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                super::code::debug_state(f, stringify!($ty), &self.ctx)
            }
        }
    };
}
pub(crate) use delivered_code_challenge;
