// E0599: `PasswordVerifier` holds the SRP secret ephemeral `a`, which must never leave the
// process: it is not `Sealable` (feature `sealed-state`), so it has no `seal`.

use cognito_flow::{PasswordVerifier, Sealable, SealingKey};

fn park(verifier: &PasswordVerifier, key: &SealingKey) {
    let _ = verifier.seal(key);
}

fn main() {
    let _ = park;
}
