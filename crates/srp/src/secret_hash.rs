//! `SECRET_HASH` (spec §7).

use crate::encoding::b64_encode;
use crate::hash::hmac_sha256;

/// `SECRET_HASH = base64(HMAC-SHA256(key = client secret, message = username || client id))`
/// (spec §7).
///
/// `username` must be exactly the `USERNAME` sent in the same request: the typed name in
/// `InitiateAuth`, `USER_ID_FOR_SRP` in the `PASSWORD_VERIFIER` answer, the canonical username
/// on refresh. Recompute it for every request (pitfalls 5 and 6 of spec §9).
///
/// ```
/// use cognito_flow_srp::secret_hash;
///
/// assert_eq!(
///     secret_hash("testuser", "1example23456789", "1example23456789secretabcdefghijklmnop"),
///     "l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8="
/// );
/// ```
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    b64_encode(&hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    ))
}
