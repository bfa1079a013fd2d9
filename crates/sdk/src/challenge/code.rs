//! What the code challenges share: where the code went, and sending it.

use cognito_flow_wire::keys;

use super::ChallengeCtx;

/// Where Cognito sent a code (`CODE_DELIVERY_DESTINATION`, `CODE_DELIVERY_DELIVERY_MEDIUM`).
///
/// The destination is masked by Cognito, e.g. `+*******1234` or `a***@e***`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
/// let delivery = step.delivery();
/// assert_eq!(delivery.medium.as_deref(), Some("SMS"));
/// assert!(delivery.destination.is_some_and(|d| d.ends_with("0100"))); // masked: +*******0100
/// # Ok(()) }
/// ```
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
