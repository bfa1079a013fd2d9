// E0382: `PasswordVerifier::respond` consumes the state; reading it afterwards uses a moved
// value.

use cognito_flow::{Password, PasswordVerifier};

async fn after(verifier: PasswordVerifier) {
    let _ = verifier.respond(Password::new("correct horse")).await;
    println!("{}", verifier.user_id_for_srp());
}

fn main() {
    let _ = after;
}
