//! The client side of Cognito's SRP (spec §6.4): `A`, then the `PASSWORD_VERIFIER` answer.

use core::fmt;

use crypto_bigint::{U256, U3072};
use zeroize::Zeroizing;

use crate::encoding;
use crate::ephemeral::PrivateEphemeral;
use crate::error::SrpError;
use crate::group::{self, Combined, Fe};
use crate::hash::{derive_key, hmac_sha256, sha256};
use crate::timestamp::Timestamp;

/// The pool name of a user pool id: the part after the first `_`
/// (`us-east-1_AbCdEf123` → `AbCdEf123`, pitfall 7 of spec §9).
pub(crate) fn pool_name(user_pool_id: &str) -> Result<&str, SrpError> {
    match user_pool_id.split_once('_') {
        Some((region, name)) if !region.is_empty() && !name.is_empty() => Ok(name),
        _ => Err(SrpError::InvalidPoolId),
    }
}

/// The parameters of a `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) challenge that enter
/// the SRP computation, validated: `SALT` (signed hex), `SRP_B` (hex) and `SECRET_BLOCK`
/// (base64).
///
/// Parsing refuses everything a hostile or broken server could send to make the client leak or
/// misbehave: `B ≡ 0 (mod N)`, `B ≥ N`, values longer than `N`, non-hex, non-base64 and empty
/// parameters.
///
/// ```
/// use cognito_flow_srp::{ServerChallenge, SrpError};
///
/// // B = N is refused: it would make the shared secret independent of the password.
/// let n = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
/// assert_eq!(ServerChallenge::parse("-6f01", n, "AQID").unwrap_err(), SrpError::InvalidServerEphemeral);
/// assert_eq!(ServerChallenge::parse("-6f01", "0", "AQID").unwrap_err(), SrpError::InvalidServerEphemeral);
/// assert_eq!(ServerChallenge::parse("-6f01", "ab", "%%").unwrap_err(), SrpError::NotBase64 { name: "SECRET_BLOCK" });
/// assert!(ServerChallenge::parse("-6f01", "ab", "AQID").is_ok());
/// ```
pub struct ServerChallenge {
    pad_salt: Vec<u8>,
    b_pub: U3072,
    pad_b: Vec<u8>,
    secret_block: String,
    secret_block_bytes: Vec<u8>,
}

impl ServerChallenge {
    /// Validates the challenge parameters `SALT`, `SRP_B` and `SECRET_BLOCK` exactly as the
    /// service sent them.
    ///
    /// # Errors
    ///
    /// [`SrpError::Empty`], [`SrpError::NotHex`], [`SrpError::TooLong`] or
    /// [`SrpError::NotBase64`] naming the parameter; [`SrpError::InvalidServerEphemeral`] when
    /// `B ≡ 0 (mod N)` or `B ≥ N`.
    pub fn parse(salt: &str, srp_b: &str, secret_block: &str) -> Result<Self, SrpError> {
        let salt = encoding::parse_hex_signed("SALT", salt)?;
        let b_bytes = encoding::parse_hex_unsigned("SRP_B", srp_b)?;
        let b_pub = group::uint_from_be(&b_bytes).ok_or(SrpError::TooLong { name: "SRP_B" })?;
        if group::is_invalid_public(&b_pub) {
            return Err(SrpError::InvalidServerEphemeral);
        }
        let secret_block_bytes = encoding::b64_decode("SECRET_BLOCK", secret_block)?;
        Ok(Self {
            pad_salt: encoding::java_bytes(&salt),
            pad_b: encoding::pad_unsigned(&b_bytes),
            b_pub,
            secret_block: secret_block.to_owned(),
            secret_block_bytes,
        })
    }
}

impl fmt::Debug for ServerChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerChallenge").finish_non_exhaustive()
    }
}

/// The answer to a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` challenge: the values of
/// `PASSWORD_CLAIM_SIGNATURE`, `TIMESTAMP` and `PASSWORD_CLAIM_SECRET_BLOCK`.
///
/// ```
/// # use cognito_flow_srp::*;
/// # let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32])?);
/// # let challenge = ServerChallenge::parse("-6f01caa57a1b2c3d4e5f60718293a4b5", "b7a31717", "AQIDBA==")?;
/// let claim = client.password_claim(
///     "us-east-1_AbCdEf123", "testuser", "Passw0rd!", &challenge,
///     &Timestamp::from_unix_seconds(1_709_622_249),
/// )?;
/// assert_eq!(claim.timestamp().as_str(), "Tue Mar 5 07:04:09 UTC 2024");
/// assert_eq!(claim.secret_block(), "AQIDBA==");
/// assert_eq!(claim.signature().len(), 44);
/// # Ok::<(), SrpError>(())
/// ```
#[derive(Clone)]
pub struct PasswordClaim {
    signature: String,
    timestamp: Timestamp,
    secret_block: String,
}

impl PasswordClaim {
    /// `PASSWORD_CLAIM_SIGNATURE`: base64 of the HMAC-SHA256 claim.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// `TIMESTAMP`: the time the claim was signed with.
    pub fn timestamp(&self) -> &Timestamp {
        &self.timestamp
    }

    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the challenge's `SECRET_BLOCK`, verbatim.
    pub fn secret_block(&self) -> &str {
        &self.secret_block
    }
}

impl fmt::Debug for PasswordClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordClaim")
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// One client SRP exchange: holds the private `a` and the public `A` (`SRP_A`).
///
/// Create one per sign-in (or per device exchange), send [`SrpClient::srp_a`] in
/// `InitiateAuth`, then answer the `PASSWORD_VERIFIER` challenge with
/// [`SrpClient::password_claim`] (or `DEVICE_PASSWORD_VERIFIER` with
/// [`SrpClient::device_claim`]).
///
/// ```
/// use cognito_flow_srp::{PrivateEphemeral, SrpClient};
///
/// let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32])?);
/// assert!(client.srp_a().starts_with("78604b754341df90"));
/// assert_eq!(format!("{client:?}"), "SrpClient { srp_a: \"78604b754341df90…\", .. }");
/// # Ok::<(), cognito_flow_srp::SrpError>(())
/// ```
pub struct SrpClient {
    a: PrivateEphemeral,
    pad_a: Vec<u8>,
    srp_a: String,
}

impl SrpClient {
    /// Computes `A = g^a mod N` in constant time. (`A ≡ 0 (mod N)` cannot happen: `N` is prime
    /// and `g^a` is never a multiple of it.)
    pub fn new(a: PrivateEphemeral) -> Self {
        let a_pub = group::pow_g(a.words(), a.bits as usize).retrieve();
        let bytes = a_pub.to_be_bytes();
        Self {
            pad_a: encoding::pad_unsigned(bytes.as_ref()),
            srp_a: encoding::hex_minimal(bytes.as_ref()),
            a,
        }
    }

    /// A client with 128 random bytes of `a` from the operating system.
    ///
    /// # Errors
    ///
    /// [`SrpError::Rng`] if the OS generator fails.
    ///
    /// ```
    /// let client = cognito_flow_srp::SrpClient::random()?;
    /// assert!(client.srp_a().len() <= 768);
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn random() -> Result<Self, SrpError> {
        Ok(Self::new(PrivateEphemeral::random()?))
    }

    /// `SRP_A`: `A` as minimal lowercase hex, as the reference clients send it.
    pub fn srp_a(&self) -> &str {
        &self.srp_a
    }

    /// Answers `PASSWORD_VERIFIER` (spec §6.4) for a user of `user_pool_id`.
    ///
    /// `user_id_for_srp` must be the challenge's `USER_ID_FOR_SRP`, never the alias the user
    /// typed (pitfall 4 of spec §9); it is also the `USERNAME` to send in the answer.
    ///
    /// # Errors
    ///
    /// [`SrpError::InvalidPoolId`] for a pool id without `_`; [`SrpError::ZeroScrambler`] when
    /// `u = 0`.
    pub fn password_claim(
        &self,
        user_pool_id: &str,
        user_id_for_srp: &str,
        password: &str,
        challenge: &ServerChallenge,
        timestamp: &Timestamp,
    ) -> Result<PasswordClaim, SrpError> {
        let realm = pool_name(user_pool_id)?;
        self.claim(realm, user_id_for_srp, password, challenge, timestamp)
    }

    /// Answers `DEVICE_PASSWORD_VERIFIER` (spec §6.8): the same computation with the device
    /// group key in place of the pool name, the device key in place of the user and the
    /// device's random password in place of the user's.
    ///
    /// # Errors
    ///
    /// [`SrpError::ZeroScrambler`] when `u = 0`.
    ///
    /// ```
    /// # use cognito_flow_srp::*;
    /// let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32])?);
    /// let challenge = ServerChallenge::parse("00c0ffee", "b7a31717", "AQIDBA==")?;
    /// let claim = client.device_claim(
    ///     "-Ab12Cd34", "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "device-password",
    ///     &challenge, &Timestamp::from_unix_seconds(1_709_622_249),
    /// )?;
    /// assert_eq!(claim.signature().len(), 44);
    /// # Ok::<(), SrpError>(())
    /// ```
    pub fn device_claim(
        &self,
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        challenge: &ServerChallenge,
        timestamp: &Timestamp,
    ) -> Result<PasswordClaim, SrpError> {
        self.claim(
            device_group_key,
            device_key,
            device_password,
            challenge,
            timestamp,
        )
    }

    fn claim(
        &self,
        realm: &str,
        user: &str,
        password: &str,
        challenge: &ServerChallenge,
        timestamp: &Timestamp,
    ) -> Result<PasswordClaim, SrpError> {
        let u = scrambler(&self.pad_a, &challenge.pad_b)?;
        let x = private_key(&challenge.pad_salt, realm, user, password);
        let x_int = Zeroizing::new(U256::from_be_slice(x.as_ref()));
        let u_int = U256::from_be_slice(&u);

        // S = (B − k·g^x)^(a + u·x) mod N, all in Montgomery form.
        let gx = Zeroizing::new(group::pow_g(x_int.as_words(), 256));
        let base = Zeroizing::new(Fe::new(&challenge.b_pub).sub(&group::k().mul(&gx)));
        let ux = Zeroizing::new(
            u_int
                .resize::<{ Combined::LIMBS }>()
                .wrapping_mul(&x_int.resize::<{ Combined::LIMBS }>()),
        );
        let exponent = Zeroizing::new(
            self.a
                .value
                .resize::<{ Combined::LIMBS }>()
                .wrapping_add(&ux),
        );
        // The bound depends only on public lengths: |a| and the 512 bits of u·x.
        let bound = self.a.bits.max(512) + 1;
        let s = Zeroizing::new(base.pow_bounded_exp(&exponent, bound).retrieve());

        let pad_s = Zeroizing::new(encoding::pad_unsigned(s.to_be_bytes().as_ref()));
        let key = derive_key(&encoding::pad_unsigned(&u), &pad_s);
        let signature =
            claim_signature(&key, realm, user, &challenge.secret_block_bytes, timestamp);
        Ok(PasswordClaim {
            signature: encoding::b64_encode(&signature),
            timestamp: timestamp.clone(),
            secret_block: challenge.secret_block.clone(),
        })
    }
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A is public; a prefix is enough to tell exchanges apart in logs.
        let prefix: String = self.srp_a.chars().take(16).collect();
        f.debug_struct("SrpClient")
            .field("srp_a", &format_args!("\"{prefix}…\""))
            .finish_non_exhaustive()
    }
}

/// `u = H(PAD(A) || PAD(B))`, refused when zero.
pub(crate) fn scrambler(pad_a: &[u8], pad_b: &[u8]) -> Result<[u8; 32], SrpError> {
    nonzero_scrambler(sha256(&[pad_a, pad_b]))
}

fn nonzero_scrambler(u: [u8; 32]) -> Result<[u8; 32], SrpError> {
    if u.iter().all(|b| *b == 0) {
        return Err(SrpError::ZeroScrambler);
    }
    Ok(u)
}

/// `x = H(PAD(salt) || H(realm || user || ":" || password))` (spec §6.4, §6.8).
pub(crate) fn private_key(
    pad_salt: &[u8],
    realm: &str,
    user: &str,
    password: &str,
) -> Zeroizing<[u8; 32]> {
    let inner = Zeroizing::new(sha256(&[
        realm.as_bytes(),
        user.as_bytes(),
        b":",
        password.as_bytes(),
    ]));
    Zeroizing::new(sha256(&[pad_salt, inner.as_ref()]))
}

/// `HMAC(K, realm || user || SECRET_BLOCK bytes || TIMESTAMP)`.
pub(crate) fn claim_signature(
    key: &[u8; 16],
    realm: &str,
    user: &str,
    secret_block: &[u8],
    timestamp: &Timestamp,
) -> [u8; 32] {
    hmac_sha256(
        key,
        &[
            realm.as_bytes(),
            user.as_bytes(),
            secret_block,
            timestamp.as_str().as_bytes(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_scrambler_is_refused() {
        assert_eq!(nonzero_scrambler([0; 32]), Err(SrpError::ZeroScrambler));
        let mut one = [0; 32];
        one[31] = 1;
        assert_eq!(nonzero_scrambler(one), Ok(one));
    }

    #[test]
    fn pool_name_is_the_part_after_the_first_underscore() {
        assert_eq!(pool_name("us-east-1_AbCdEf123"), Ok("AbCdEf123"));
        assert_eq!(pool_name("a_b_c"), Ok("b_c"));
        for bad in ["", "nounderscore", "_AbC", "us-east-1_"] {
            assert_eq!(pool_name(bad), Err(SrpError::InvalidPoolId), "{bad:?}");
        }
    }

    /// The intermediate values of spec §6.10.
    #[test]
    fn intermediates_of_spec_6_10() {
        let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 32]).unwrap());
        let salt = encoding::parse_hex_signed("SALT", "-6f01caa57a1b2c3d4e5f60718293a4b5").unwrap();
        assert_eq!(
            encoding::hex_lower(&encoding::java_bytes(&salt)),
            "90fe355a85e4d3c2b1a09f8e7d6c5b4b"
        );
        let x = private_key(
            &encoding::java_bytes(&salt),
            "AbCdEf123",
            "testuser",
            "Passw0rd!",
        );
        assert_eq!(
            encoding::hex_lower(x.as_ref()),
            "adf31f6927d5baa4202cb965c9ba4239f88d3440a37edce967d2e1041bac653e"
        );
        let b = concat!(
            "b7a31717c684b51c46958810a2e9c2736088092aff47978433f2bb673d34d4b2c53a3fe3f581f4d804a73451cff4d379",
            "1ba43f029123d8885e79ad2464b447c58d3b335069309efbe0ce499b8420356e2986aebf74dcfa21ad62cfd647a15a27",
            "953161a56f2b122f7a8e9c733dacf2f17c0d5a193db6f8a280294e400792eb2def5ea54b1a4e584673491b7c943366d0",
            "b0ae91d49f62d29064937a49f8fecf9ccc7d89c72b1602abb25609038978f2d1449ac4f14a3d899c0a38755d5bc8c263",
            "c596c3e38b4ea53c7428c4c2b269a7d0635de509c601441849c8cd4a312dc52a13960c8a725886365c49a45801f6a940",
            "c4bde458231f7ee8a26b2f9e08d4dcbb0d64f20eb600c3d1d6507564e08fc7ff34b9a901c3b7b4edfb471296574550e9",
            "1367de857b75597b2689af525e768ec977dd44fd51dc69247ad2554b9c35863f7fdf8db116da35fd14186baeded8744a",
            "e45b29becbc7a0e77731e09aae40f80271373f7288c3f7340669e7ce0b772655c6a130af41936974227b69cacab9c91b"
        );
        let challenge =
            ServerChallenge::parse("-6f01caa57a1b2c3d4e5f60718293a4b5", b, "AQID").unwrap();
        // B has its top bit set: PAD adds a 00 byte.
        assert_eq!(challenge.pad_b.len(), 385);
        assert_eq!(challenge.pad_b[0], 0);
        let u = scrambler(&client.pad_a, &challenge.pad_b).unwrap();
        assert_eq!(
            encoding::hex_lower(&u),
            "ef793e28ba0b624ddafef049bdb1d044cb08c1e24a6fdeccdcb88dcbf0dca013"
        );
    }
}
