// E0308: `SelectMfaType::respond` takes an offered `MfaChoice`, not a bare `MfaFactor`.

use cognito_flow::{MfaFactor, SelectMfaType};

async fn bare_factor(step: SelectMfaType) {
    let _ = step.respond(MfaFactor::Totp).await;
}

fn main() {
    let _ = bare_factor;
}
