//! RFC 6238 TOTP as authenticator apps do it: HMAC-SHA1, 6 digits, 30-second steps, T0 = 0
//! (spec §8.9).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Decodes RFC 4648 base32 (upper or lower case, padding optional).
pub(crate) fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        acc = (acc << 5) | u64::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The 6-digit code of `secret` (base32) for the 30-second step `step`.
pub(crate) fn code_at_step(secret: &str, step: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!("{:06}", bin % 1_000_000))
}

/// The step of a Unix time in milliseconds.
pub(crate) fn step_of(millis: i64) -> i64 {
    millis.div_euclid(30_000)
}

/// The step (previous, current or next, spec §8.9) whose code equals `code`, if any.
pub(crate) fn matching_step(secret: &str, code: &str, now_millis: i64) -> Option<i64> {
    let now = step_of(now_millis);
    [now, now - 1, now + 1].into_iter().find(|s| {
        code_at_step(secret, *s).is_some_and(|c| constant_time_eq(c.as_bytes(), code.as_bytes()))
    })
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (base32 below), truncated to
    /// six digits.
    #[test]
    fn rfc_6238_vectors() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        for (t, want) in [
            (59i64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at_step(secret, t / 30).as_deref(), Some(want), "t={t}");
        }
    }

    #[test]
    fn neighbouring_steps_are_accepted() {
        let secret = "JBSWY3DPEHPK3PXP";
        let now = 1_700_000_000_000;
        let prev = code_at_step(secret, step_of(now) - 1).unwrap_or_default();
        assert_eq!(matching_step(secret, &prev, now), Some(step_of(now) - 1));
        let far = code_at_step(secret, step_of(now) - 2).unwrap_or_default();
        if far != prev && Some(&far) != code_at_step(secret, step_of(now)).as_ref() {
            assert_eq!(matching_step(secret, &far, now), None);
        }
        assert_eq!(base32_decode("MZXW6==="), Some(b"foo".to_vec()));
        assert_eq!(base32_decode("M1"), None);
    }
}
