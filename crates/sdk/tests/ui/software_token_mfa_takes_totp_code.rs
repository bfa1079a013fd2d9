// E0308: `SoftwareTokenMfa::respond` takes a `TotpCode`; an SMS or e-mail `MfaCode` is
// refused.

use cognito_flow::{MfaCode, SoftwareTokenMfa};

async fn sms_code(step: SoftwareTokenMfa) {
    let _ = step.respond(MfaCode::new("123456")).await;
}

fn main() {
    let _ = sms_code;
}
