// E0599: `SignedIn` is the end of a sign-in, not a challenge: there is nothing to answer.

use cognito_flow::{MfaCode, SignedIn};

async fn answer_the_end(signed_in: SignedIn) {
    let _ = signed_in.respond(MfaCode::new("123456")).await;
}

fn main() {
    let _ = answer_the_end;
}
