// E0599: `ADMIN_USER_PASSWORD_AUTH` exists only on `AdminClient` (AWS credentials, SigV4);
// a public `Client` has neither the shorthand nor the request-builder method.

use cognito_flow::{Client, Password};

async fn without_credentials(client: Client) {
    let _ = client
        .admin_password_auth("alice", Password::new("correct horse"))
        .await;
    let _ = client
        .sign_in_request("alice")
        .admin_password(Password::new("correct horse"))
        .await;
}

fn main() {
    let _ = without_credentials;
}
