//! SHA-256, HMAC-SHA256 and Cognito's HKDF step (spec §6.3, §6.4).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// SHA-256 over the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// HMAC-SHA256 (RFC 2104) with a key of any length, over the concatenation of `parts`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // RFC 2104: a key longer than the block is hashed first; a shorter one is zero-padded to the
    // 64-byte block. Doing it here gives the block-sized key the `hmac` crate takes without a
    // fallible constructor.
    let mut block = Zeroizing::new([0u8; 64]);
    if key.len() > block.len() {
        block[..32].copy_from_slice(&sha256(&[key]));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Cognito's key derivation: HKDF-SHA256 with `salt = PAD(u)`, `IKM = PAD(S)`, info
/// `"Caldera Derived Key"`, 16 bytes of output (spec §6.4).
pub(crate) fn derive_key(pad_u: &[u8], pad_s: &[u8]) -> Zeroizing<[u8; 16]> {
    let prk = Zeroizing::new(hmac_sha256(pad_u, &[pad_s]));
    let okm = Zeroizing::new(hmac_sha256(prk.as_ref(), &[b"Caldera Derived Key", &[1u8]]));
    let mut key = Zeroizing::new([0u8; 16]);
    key.copy_from_slice(&okm[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex_lower;

    // RFC 4231 test cases 2 and 6 (short key; key longer than the block).
    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex_lower(&hmac_sha256(
                b"Jefe",
                &[b"what do ya want ", b"for nothing?"]
            )),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let key = [0xaau8; 131];
        assert_eq!(
            hex_lower(&hmac_sha256(
                &key,
                &[b"Test Using Larger Than Block-Size Key - Hash Key First"]
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        // A key of exactly one block is used as is.
        let key = [0x0bu8; 64];
        assert_ne!(hmac_sha256(&key, &[b"x"]), hmac_sha256(&key[..63], &[b"x"]));
    }
}
