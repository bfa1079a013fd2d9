// E0451: an `MfaChoice` comes only from the `SelectMfaType` that offered it. Its fields are
// private, so a factor that was not offered cannot be written as a struct literal.

use cognito_flow::{MfaChoice, MfaFactor, SelectMfaType};

async fn forged(step: SelectMfaType) {
    let choice = MfaChoice {
        factor: MfaFactor::Email,
        offer: 0,
    };
    let _ = step.respond(choice).await;
}

fn main() {
    let _ = forged;
}
