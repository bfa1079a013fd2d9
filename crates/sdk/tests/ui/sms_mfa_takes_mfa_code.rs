// E0308: `SmsMfa::respond` takes an `MfaCode`; neither an authenticator code (`TotpCode`)
// nor a `Password` is accepted in its place.

use cognito_flow::{Password, SmsMfa, TotpCode};

async fn authenticator_code(step: SmsMfa) {
    let _ = step.respond(TotpCode::new("123456")).await;
}

async fn password(step: SmsMfa) {
    let _ = step.respond(Password::new("correct horse")).await;
}

fn main() {
    let _ = authenticator_code;
    let _ = password;
}
