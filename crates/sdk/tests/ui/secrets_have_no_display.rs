// E0277: secret newtypes have no `Display`, so a secret cannot slip into a log line or an
// error message through `{}`; reading one takes an explicit `expose_secret()`.

use cognito_flow::{MfaCode, Password, Session};

fn log_line(password: &Password, code: &MfaCode, session: &Session) -> String {
    format!("{password} {code} {session}")
}

fn main() {
    let _ = log_line;
}
