//! The SRP group Cognito uses (spec §6.1): the RFC 3526 3072-bit MODP prime `N`, `g = 2` and
//! `k = H(PAD(N) || PAD(g))`, plus constant-time fixed-base exponentiation of `g`.
//!
//! All arithmetic modulo `N` happens in Montgomery form ([`Fe`]) through crypto-bigint's
//! `ConstMontyForm`, whose multiplication, squaring and exponentiation run in constant time.

use std::sync::OnceLock;

use crypto_bigint::ctutils::CtLt;
use crypto_bigint::modular::ConstMontyForm;
use crypto_bigint::{Choice, CtAssign, CtEq, U256, U1024, U1280, U3072, Word};

use crate::encoding;

/// `N` as big-endian hex, 768 digits (spec §6.1).
pub(crate) const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// `k = H(PAD(N) || PAD(g))` (spec §6.1). A unit test recomputes it from `N` and `g`.
pub(crate) const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

/// Size of `N` in bytes.
pub(crate) const N_BYTES: usize = 384;

mod modulus {
    #![allow(unreachable_pub)]
    crypto_bigint::const_monty_params!(
        GroupModulus,
        crypto_bigint::U3072,
        super::N_HEX,
        "The 3072-bit MODP prime of RFC 3526, Cognito's SRP modulus."
    );
}
use modulus::GroupModulus;

/// An element of Z/NZ in Montgomery form.
pub(crate) type Fe = ConstMontyForm<GroupModulus, { U3072::LIMBS }>;

/// `N` as an integer.
pub(crate) const N: U3072 = U3072::from_be_hex(N_HEX);

/// Bits of the largest private ephemeral (128 bytes, as the reference clients draw).
pub(crate) const EPHEMERAL_BITS: usize = 1024;
/// A private ephemeral exponent (`a` or `b`).
pub(crate) type Ephemeral = U1024;

/// The client's combined exponent `a + u·x`: `a < 2^1024` and `u·x < 2^512`, so 1025 bits fit.
pub(crate) type Combined = U1280;

/// Bits of the fixed-base window.
const WINDOW: usize = 5;
const ENTRIES: usize = 1 << WINDOW;
/// The table covers exponents up to this many bits (the largest ephemeral).
const TABLE_BITS: usize = EPHEMERAL_BITS;
const WINDOWS: usize = TABLE_BITS.div_ceil(WINDOW);

/// Precomputed values shared by every computation: `k` in Montgomery form and the fixed-base
/// table `rows[i][j] = g^(j · 2^(WINDOW·i))`.
struct Precomputed {
    k: Fe,
    rows: Vec<[Fe; ENTRIES]>,
}

static PRECOMPUTED: OnceLock<Precomputed> = OnceLock::new();

fn precomputed() -> &'static Precomputed {
    PRECOMPUTED.get_or_init(|| {
        let mut rows = Vec::with_capacity(WINDOWS);
        // g^(2^(WINDOW·i)) for the current row i.
        let mut base = Fe::new(&U3072::from_u64(2));
        for _ in 0..WINDOWS {
            let mut row = [Fe::ONE; ENTRIES];
            row[1] = base;
            for j in 2..ENTRIES {
                row[j] = row[j - 1].mul(&base);
            }
            // base^(2^WINDOW) = base^(ENTRIES-1) · base
            base = row[ENTRIES - 1].mul(&base);
            rows.push(row);
        }
        let k = Fe::new(&U256::from_be_hex(K_HEX).resize());
        Precomputed { k, rows }
    })
}

/// Builds the precomputed tables now rather than on first use (about 7,000 modular
/// multiplications, a few tens of milliseconds, once per process).
pub(crate) fn warm_up() {
    let _ = precomputed();
}

/// `k` in Montgomery form.
pub(crate) fn k() -> &'static Fe {
    &precomputed().k
}

/// Reads `WINDOW` bits of `words` (little-endian limbs) starting at bit `pos`. The position is
/// public; the value read is not, and nothing here branches on it.
fn window_at(words: &[Word], pos: usize) -> u32 {
    const BITS: usize = Word::BITS as usize;
    let word = pos / BITS;
    let shift = pos % BITS;
    let mut v = words.get(word).copied().unwrap_or(0) >> shift;
    if shift + WINDOW > BITS {
        v |= words.get(word + 1).copied().unwrap_or(0) << (BITS - shift);
    }
    // Truncation is the point: only the low WINDOW bits are kept.
    (v & (ENTRIES as Word - 1)) as u32
}

/// `g^e mod N` for a secret exponent `e` of at most `bits` bits (`bits` is public and at most
/// 1024), in constant time: every row is scanned in full and selected with `ct_assign`, and the
/// number of multiplications depends only on `bits`.
pub(crate) fn pow_g(words: &[Word], bits: usize) -> Fe {
    let rows = &precomputed().rows;
    let windows = bits.min(TABLE_BITS).div_ceil(WINDOW).max(1);
    let mut acc = Fe::ONE;
    for (i, row) in rows.iter().take(windows).enumerate() {
        let idx = window_at(words, i * WINDOW);
        let mut pick = Fe::ONE;
        for (j, entry) in row.iter().enumerate() {
            let hit: Choice = (j as u32).ct_eq(&idx);
            pick.ct_assign(entry, hit);
        }
        acc = if i == 0 { pick } else { acc.mul(&pick) };
    }
    acc
}

/// Converts a non-negative integer from big-endian bytes (at most [`N_BYTES`]) to `U3072`.
pub(crate) fn uint_from_be(bytes: &[u8]) -> Option<U3072> {
    let buf = encoding::left_pad::<N_BYTES>(bytes)?;
    Some(U3072::from_be_slice(&buf))
}

/// Whether `v ≡ 0 (mod N)` for `v < N`, or `v ≥ N`: both make a public ephemeral unusable.
pub(crate) fn is_invalid_public(v: &U3072) -> bool {
    let too_big: bool = !bool::from(v.ct_lt(&N));
    let zero: bool = v.is_zero().into();
    too_big || zero
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn k_is_hash_of_padded_n_and_g() {
        let mut h = Sha256::new();
        h.update([0u8]);
        h.update(N.to_be_bytes().as_ref());
        h.update([2u8]);
        let digest = h.finalize();
        assert_eq!(encoding::hex_lower(digest.as_ref()), K_HEX);
    }

    #[test]
    fn fixed_base_matches_generic_pow() {
        let g = Fe::new(&U3072::from_u64(2));
        for seed in [0u64, 1, 2, 31, 32, 33, 0xdead_beef, u64::MAX] {
            let mut bytes = [0u8; 128];
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = (seed.rotate_left(i as u32 * 7)
                    ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as u8;
            }
            let e = Ephemeral::from_be_slice(&bytes);
            assert_eq!(pow_g(e.as_words(), 1024).retrieve(), g.pow(&e).retrieve());
            // Only the low 256 bits.
            let low = U256::from_be_slice(&bytes[96..]);
            assert_eq!(
                pow_g(low.as_words(), 256).retrieve(),
                g.pow(&low).retrieve()
            );
        }
    }

    #[test]
    fn window_reads_across_limb_boundaries() {
        let top: Word = 1 << (Word::BITS - 1);
        let words = [top, 0b1111];
        let b = Word::BITS as usize;
        assert_eq!(window_at(&words, b - 4), 0b1_1000);
        assert_eq!(window_at(&words, b - 1), 0b1_1111);
        assert_eq!(window_at(&words, 4 * b), 0);
    }

    #[test]
    fn public_values_at_and_above_n_are_invalid() {
        assert!(is_invalid_public(&U3072::ZERO));
        assert!(is_invalid_public(&N));
        assert!(is_invalid_public(&U3072::MAX));
        assert!(!is_invalid_public(&U3072::ONE));
        assert!(!is_invalid_public(&N.wrapping_sub(&U3072::ONE)));
    }
}
