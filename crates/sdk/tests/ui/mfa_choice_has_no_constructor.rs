// E0599: `MfaChoice` has no public constructor (nor `From<MfaFactor>`); the only way to get
// one is `SelectMfaType::choices` or `SelectMfaType::choose`, which return offered factors.

use cognito_flow::{MfaChoice, MfaFactor};

fn made_up() -> MfaChoice {
    MfaChoice::new(MfaFactor::Email)
}

fn main() {
    let _ = made_up;
}
