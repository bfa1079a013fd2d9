// E0308: there is no conversion from an `MfaFactor` to an `MfaChoice` either: the only
// `From` impl `MfaChoice::from` finds is the reflexive `From<MfaChoice>`.

use cognito_flow::{MfaChoice, MfaFactor};

fn converted() -> MfaChoice {
    MfaChoice::from(MfaFactor::Email)
}

fn main() {
    let _ = converted;
}
