//! Byte and text encodings of spec §6.2, §6.3 and §6.7: hex in and out, Java
//! `BigInteger.toByteArray()` ("PAD"), and signed hex as Java's `BigInteger.toString(16)`.
//!
//! Everything here is total: malformed input is an [`SrpError`], never a panic.

use crate::error::SrpError;
use crate::group::N_BYTES;

/// Longest hex text accepted for a value that must fit in `N` (leading zeros included), so a
/// hostile 1 MB `SRP_B` is refused after a length check instead of being scanned.
const MAX_HEX_INPUT: usize = 4 * N_BYTES;

/// Lowercase hex of `bytes`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Minimal lowercase hex of the non-negative integer in `bytes` (big-endian): no leading zeros,
/// `"0"` for zero. This is Java's `BigInteger.toString(16)` and what the reference clients send
/// as `SRP_A` and the service as `SRP_B`.
pub(crate) fn hex_minimal(bytes: &[u8]) -> String {
    let hex = hex_lower(strip_leading_zeros(bytes));
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Parses unsigned hex (either case, leading zeros tolerated) into big-endian magnitude bytes
/// without leading zero bytes. Refuses empty text, non-hex characters and values longer than
/// `N` (384 bytes).
pub(crate) fn parse_hex_unsigned(name: &'static str, text: &str) -> Result<Vec<u8>, SrpError> {
    if text.is_empty() {
        return Err(SrpError::Empty { name });
    }
    if text.len() > MAX_HEX_INPUT {
        return Err(SrpError::TooLong { name });
    }
    let raw = text.as_bytes();
    if raw.iter().any(|c| nibble(*c).is_none()) {
        return Err(SrpError::NotHex { name });
    }
    let digits = {
        let first = raw.iter().position(|c| *c != b'0').unwrap_or(raw.len());
        &raw[first..]
    };
    if digits.len() > 2 * N_BYTES {
        return Err(SrpError::TooLong { name });
    }
    let mut out = vec![0u8; digits.len().div_ceil(2)];
    // Fill from the right so an odd number of digits gets an implicit leading zero.
    for (i, c) in digits.iter().rev().enumerate() {
        let v = nibble(*c).unwrap_or(0);
        let idx = out.len() - 1 - i / 2;
        if i % 2 == 0 {
            out[idx] |= v;
        } else {
            out[idx] |= v << 4;
        }
    }
    Ok(out)
}

/// A signed integer as sign + big-endian magnitude (no leading zero bytes; zero is empty).
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Signed {
    pub(crate) negative: bool,
    pub(crate) magnitude: Vec<u8>,
}

/// Parses signed hex as Java's `new BigInteger(text, 16)` accepts it from the service: an
/// optional leading `-`, then unsigned hex (spec §6.2; `SALT` can be negative).
pub(crate) fn parse_hex_signed(name: &'static str, text: &str) -> Result<Signed, SrpError> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = strip_leading_zeros(&parse_hex_unsigned(name, digits)?).to_vec();
    Ok(Signed {
        negative: negative && !magnitude.is_empty(),
        magnitude,
    })
}

#[cfg(any(feature = "server", test))]
/// Java's `BigInteger.toString(16)` of a signed value: `-` then the minimal hex of the
/// magnitude when negative.
pub(crate) fn signed_hex(value: &Signed) -> String {
    let hex = hex_minimal(&value.magnitude);
    if value.negative {
        format!("-{hex}")
    } else {
        hex
    }
}

#[cfg(any(feature = "server", test))]
/// Interprets big-endian bytes as a two's-complement signed integer, as Java's
/// `new BigInteger(byte[])` does.
pub(crate) fn signed_from_twos_complement(bytes: &[u8]) -> Signed {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    if !negative {
        return Signed {
            negative: false,
            magnitude: strip_leading_zeros(bytes).to_vec(),
        };
    }
    // magnitude = two's complement of the bytes: invert and add one.
    let mut mag: Vec<u8> = bytes.iter().map(|b| !b).collect();
    add_one(&mut mag);
    Signed {
        negative: true,
        magnitude: strip_leading_zeros(&mag).to_vec(),
    }
}

fn add_one(bytes: &mut [u8]) {
    for b in bytes.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            return;
        }
    }
}

/// The minimal two's-complement big-endian bytes of a signed value: Java's
/// `BigInteger.toByteArray()`, called `padHex` / `PAD` in the reference clients (spec §6.2).
pub(crate) fn java_bytes(value: &Signed) -> Vec<u8> {
    let mag = strip_leading_zeros(&value.magnitude);
    if mag.is_empty() {
        return vec![0];
    }
    if !value.negative {
        let mut out = Vec::with_capacity(mag.len() + 1);
        if mag[0] & 0x80 != 0 {
            out.push(0);
        }
        out.extend_from_slice(mag);
        return out;
    }
    // Negative: the smallest width whose sign bit can hold -mag. -mag fits in len bytes when
    // mag <= 2^(8·len−1), i.e. mag[0] < 0x80, or mag is exactly 0x80 00 … 00.
    let fits = mag[0] < 0x80 || (mag[0] == 0x80 && mag[1..].iter().all(|b| *b == 0));
    let mut out = Vec::with_capacity(mag.len() + 1);
    if !fits {
        out.push(0);
    }
    out.extend_from_slice(mag);
    for b in out.iter_mut() {
        *b = !*b;
    }
    add_one(&mut out);
    out
}

/// The minimal two's-complement bytes of a non-negative big-endian integer (`PAD` of spec §6.2).
pub(crate) fn pad_unsigned(bytes: &[u8]) -> Vec<u8> {
    java_bytes(&Signed {
        negative: false,
        magnitude: strip_leading_zeros(bytes).to_vec(),
    })
}

pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// Right-aligns `bytes` (leading zeros ignored) in an array of `LEN` bytes; `None` if it does
/// not fit.
pub(crate) fn left_pad<const LEN: usize>(bytes: &[u8]) -> Option<[u8; LEN]> {
    let bytes = strip_leading_zeros(bytes);
    let mut out = [0u8; LEN];
    let start = LEN.checked_sub(bytes.len())?;
    out[start..].copy_from_slice(bytes);
    Some(out)
}

/// Standard base64 with padding.
pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard base64 (padding optional); URL-safe input is accepted too, as Amplify does
/// for `SECRET_BLOCK` (spec §6.4).
pub(crate) fn b64_decode(name: &'static str, text: &str) -> Result<Vec<u8>, SrpError> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const CFG: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, CFG);
    const URL: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, CFG);
    if text.is_empty() {
        return Err(SrpError::Empty { name });
    }
    STD.decode(text)
        .or_else(|_| URL.decode(text))
        .map_err(|_| SrpError::NotBase64 { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad_of(v: i64) -> String {
        let negative = v < 0;
        let magnitude = strip_leading_zeros(&v.unsigned_abs().to_be_bytes()).to_vec();
        hex_lower(&java_bytes(&Signed {
            negative,
            magnitude,
        }))
    }

    #[test]
    fn java_byte_rule_examples_of_spec_6_2() {
        for (v, want) in [
            (20, "14"),
            (236, "00ec"),
            (200, "00c8"),
            (128, "0080"),
            (-20, "ec"),
            (-56, "c8"),
            (-128, "80"),
            (-200, "ff38"),
            (-236, "ff14"),
            (0x9001, "009001"),
            (-28671, "9001"),
            (0, "00"),
            (-1, "ff"),
            (-255, "ff01"),
            (-256, "ff00"),
            (-32768, "8000"),
            (-32769, "ff7fff"),
        ] {
            assert_eq!(pad_of(v), want, "PAD({v})");
        }
    }

    #[test]
    fn twos_complement_round_trips() {
        for v in [
            -32769i64, -32768, -200, -128, -1, 0, 1, 127, 128, 255, 256, 40000,
        ] {
            let bytes = hex_lower(&java_bytes(&Signed {
                negative: v < 0,
                magnitude: strip_leading_zeros(&v.unsigned_abs().to_be_bytes()).to_vec(),
            }));
            let raw = parse_hex_unsigned("t", &bytes).map(|b| {
                // keep the leading 00 that parse strips: re-pad to the printed width
                let mut full = vec![0u8; bytes.len() / 2 - b.len()];
                full.extend(b);
                full
            });
            let back = signed_from_twos_complement(&raw.unwrap_or_default());
            assert_eq!(back.negative, v < 0, "{v}");
            assert_eq!(
                back.magnitude,
                strip_leading_zeros(&v.unsigned_abs().to_be_bytes())
            );
        }
    }

    #[test]
    fn signed_hex_parses_and_prints_like_java() {
        let s = parse_hex_signed("SALT", "-6f01caa57a1b2c3d4e5f60718293a4b5").ok();
        let s = s.as_ref().map(|s| (s.negative, hex_lower(&java_bytes(s))));
        assert_eq!(
            s,
            Some((true, "90fe355a85e4d3c2b1a09f8e7d6c5b4b".to_owned()))
        );
        let zero = parse_hex_signed("SALT", "-0").ok();
        assert_eq!(zero.map(|z| signed_hex(&z)), Some("0".to_owned()));
        let v = signed_from_twos_complement(&[0x90, 0xfe]);
        assert_eq!(signed_hex(&v), "-6f02");
    }

    #[test]
    fn hex_errors_are_typed() {
        assert_eq!(
            parse_hex_unsigned("SRP_B", ""),
            Err(SrpError::Empty { name: "SRP_B" })
        );
        assert_eq!(
            parse_hex_unsigned("SRP_B", "12g4"),
            Err(SrpError::NotHex { name: "SRP_B" })
        );
        assert_eq!(
            parse_hex_unsigned("SRP_B", "-12"),
            Err(SrpError::NotHex { name: "SRP_B" })
        );
        assert_eq!(
            parse_hex_unsigned("SRP_B", " 12"),
            Err(SrpError::NotHex { name: "SRP_B" })
        );
        let long = "1".repeat(769);
        assert_eq!(
            parse_hex_unsigned("SRP_B", &long),
            Err(SrpError::TooLong { name: "SRP_B" })
        );
        let huge = "0".repeat(1 << 20);
        assert_eq!(
            parse_hex_unsigned("SRP_B", &huge),
            Err(SrpError::TooLong { name: "SRP_B" })
        );
        // Leading zeros are tolerated within the input bound.
        let padded = format!("{}{}", "0".repeat(100), "f".repeat(768));
        assert_eq!(
            parse_hex_unsigned("SRP_B", &padded).map(|v| v.len()),
            Ok(384)
        );
        assert_eq!(parse_hex_unsigned("SRP_B", "ABC"), Ok(vec![0x0a, 0xbc]));
        assert_eq!(parse_hex_unsigned("SRP_B", "000"), Ok(vec![]));
        assert_eq!(
            parse_hex_signed("SALT", "-").err(),
            Some(SrpError::Empty { name: "SALT" })
        );
        assert_eq!(
            parse_hex_signed("SALT", "--1").err(),
            Some(SrpError::NotHex { name: "SALT" })
        );
    }

    /// padHex outputs of amazon-cognito-identity-js (tests/data/vectors.json).
    #[test]
    fn pad_hex_reference_vectors() {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/vectors.json")).unwrap();
        let cases = data["pad_hex"].as_array().unwrap();
        assert!(cases.len() >= 50);
        for case in cases {
            let value = case["value"].as_str().unwrap();
            let padded = case["padded"].as_str().unwrap();
            if value.trim_start_matches('-').trim_start_matches('0').len() > 2 * N_BYTES {
                // Longer than N: outside what any SRP parameter may be, refused by length.
                assert_eq!(
                    parse_hex_signed("value", value),
                    Err(SrpError::TooLong { name: "value" })
                );
                continue;
            }
            let parsed = parse_hex_signed("value", value).unwrap();
            assert_eq!(hex_lower(&java_bytes(&parsed)), padded, "padHex({value})");
        }
    }

    #[test]
    fn minimal_hex() {
        assert_eq!(hex_minimal(&[0, 0, 0x0a, 0xbc]), "abc");
        assert_eq!(hex_minimal(&[]), "0");
        assert_eq!(hex_minimal(&[0]), "0");
    }

    #[test]
    fn base64_accepts_standard_and_url_safe() {
        assert_eq!(b64_decode("SECRET_BLOCK", "+/8="), Ok(vec![0xfb, 0xff]));
        assert_eq!(b64_decode("SECRET_BLOCK", "-_8"), Ok(vec![0xfb, 0xff]));
        assert_eq!(
            b64_decode("SECRET_BLOCK", "not base64!"),
            Err(SrpError::NotBase64 {
                name: "SECRET_BLOCK"
            })
        );
        assert_eq!(
            b64_decode("SECRET_BLOCK", ""),
            Err(SrpError::Empty {
                name: "SECRET_BLOCK"
            })
        );
    }
}
