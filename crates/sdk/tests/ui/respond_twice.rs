// E0382: a state is answered once. `respond` takes `self`, so a second answer to the same
// `SMS_MFA` uses a moved value.

use cognito_flow::{MfaCode, SmsMfa};

async fn answer_twice(step: SmsMfa) {
    let _ = step.respond(MfaCode::new("123456")).await;
    let _ = step.respond(MfaCode::new("654321")).await;
}

fn main() {
    let _ = answer_twice;
}
