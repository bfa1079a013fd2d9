//! Randomness and the shapes of Cognito's identifiers.
//!
//! One generator per emulator: the OS generator by default, or ChaCha20 from a fixed seed so a
//! test scenario produces the same ids, salts and codes every run.

use std::sync::Mutex;

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng as _, SeedableRng};

/// The emulator's random source.
#[derive(Debug)]
pub(crate) struct Random(Mutex<ChaCha20Rng>);

const ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

impl Random {
    /// Seeded from the operating system, or from `seed` when given.
    pub(crate) fn new(seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(s) => ChaCha20Rng::seed_from_u64(s),
            None => {
                let mut key = [0u8; 32];
                // If the OS generator fails, fall back to time-derived entropy rather than
                // refuse to start: the emulator is a test tool, not a key store.
                if getrandom::fill(&mut key).is_err() {
                    let t = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0);
                    key[..16].copy_from_slice(&t.to_le_bytes());
                }
                ChaCha20Rng::from_seed(key)
            }
        };
        Self(Mutex::new(rng))
    }

    pub(crate) fn fill(&self, out: &mut [u8]) {
        let mut rng = self.0.lock().unwrap_or_else(|e| e.into_inner());
        rng.fill_bytes(out);
    }

    pub(crate) fn bytes<const N: usize>(&self) -> [u8; N] {
        let mut out = [0u8; N];
        self.fill(&mut out);
        out
    }

    /// A uniformly random value below `bound` (rejection sampling).
    pub(crate) fn below(&self, bound: u32) -> u32 {
        if bound <= 1 {
            return 0;
        }
        let zone = u32::MAX - (u32::MAX % bound);
        loop {
            let v = u32::from_le_bytes(self.bytes::<4>());
            if v < zone {
                return v % bound;
            }
        }
    }

    fn pick_from(&self, alphabet: &[u8], len: usize) -> String {
        let n = u32::try_from(alphabet.len()).unwrap_or(1);
        (0..len)
            .map(|_| char::from(alphabet[self.below(n) as usize]))
            .collect()
    }

    /// `us-east-1_` + 9 alphanumerics, as real pool ids.
    pub(crate) fn pool_id(&self, region: &str) -> String {
        format!("{region}_{}", self.pick_from(ALNUM, 9))
    }

    /// 26 lowercase alphanumerics, as real app-client ids.
    pub(crate) fn client_id(&self) -> String {
        self.pick_from(LOWER_ALNUM, 26)
    }

    /// 51 lowercase alphanumerics, as real app-client secrets.
    pub(crate) fn client_secret(&self) -> String {
        self.pick_from(LOWER_ALNUM, 51)
    }

    /// A random (version 4) UUID.
    pub(crate) fn uuid(&self) -> String {
        let mut b = self.bytes::<16>();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }

    /// `n` decimal digits (codes sent by SMS or e-mail).
    pub(crate) fn digits(&self, n: usize) -> String {
        self.pick_from(b"0123456789", n)
    }

    /// A base32 TOTP secret of `n` characters (32 characters = 160 bits).
    pub(crate) fn base32(&self, n: usize) -> String {
        self.pick_from(BASE32, n)
    }

    /// An opaque token: URL-safe base64 of `n` random bytes, behind `prefix`.
    pub(crate) fn opaque(&self, prefix: &str, n: usize) -> String {
        use base64::Engine as _;
        let mut buf = vec![0u8; n];
        self.fill(&mut buf);
        format!(
            "{prefix}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
        )
    }

    /// A temporary password that satisfies any password policy this emulator accepts.
    pub(crate) fn temporary_password(&self) -> String {
        format!(
            "{}{}{}{}!",
            self.pick_from(b"ABCDEFGHJKLMNPQRSTUVWXYZ", 3),
            self.pick_from(b"abcdefghijkmnopqrstuvwxyz", 4),
            self.pick_from(b"23456789", 3),
            self.pick_from(b"abcdefghijkmnopqrstuvwxyz", 2),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_cognito_shapes() {
        let r = Random::new(Some(7));
        let pool = r.pool_id("us-east-1");
        assert_eq!(pool.len(), "us-east-1_".len() + 9);
        assert!(pool.starts_with("us-east-1_"));
        assert_eq!(r.client_id().len(), 26);
        assert_eq!(r.client_secret().len(), 51);
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_eq!(r.digits(6).len(), 6);
    }

    #[test]
    fn seeded_generators_repeat() {
        assert_eq!(Random::new(Some(1)).uuid(), Random::new(Some(1)).uuid());
        assert_ne!(Random::new(Some(1)).uuid(), Random::new(Some(2)).uuid());
    }
}
