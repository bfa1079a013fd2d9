//! The server side of Cognito's SRP (spec §6.6), for the emulator: stored verifiers, `B`, and
//! checking a client's `PASSWORD_CLAIM_SIGNATURE`.

use core::fmt;

use crypto_bigint::{U256, U3072};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::client::{claim_signature, pool_name, private_key, scrambler};
use crate::encoding::{self, Signed};
use crate::ephemeral::PrivateEphemeral;
use crate::error::SrpError;
use crate::group::{self, Fe, N_BYTES};
use crate::hash::derive_key;
use crate::timestamp::Timestamp;

/// A user's (or device's) SRP salt: a signed integer, as Java's `BigInteger` holds it.
///
/// Cognito builds salts from random bytes read as **signed**, so about half of them print with
/// a leading `-` in the `SALT` parameter (spec §6.2). [`Salt::from_bytes`] reproduces that.
///
/// ```
/// use cognito_flow_srp::Salt;
///
/// let salt = Salt::from_bytes(&[0x90, 0xfe, 0x35, 0x5a])?;
/// assert_eq!(salt.to_hex(), "-6f01caa6");
/// assert_eq!(Salt::parse_hex("-6f01caa6")?.to_hex(), "-6f01caa6");
/// # Ok::<(), cognito_flow_srp::SrpError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Salt(Signed);

impl Salt {
    /// Reads `bytes` as a big-endian two's-complement integer (Java's `new BigInteger(bytes)`).
    ///
    /// # Errors
    ///
    /// [`SrpError::Empty`] for no bytes, [`SrpError::TooLong`] for more than 384.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SrpError> {
        if bytes.is_empty() {
            return Err(SrpError::Empty { name: "SALT" });
        }
        if bytes.len() > N_BYTES {
            return Err(SrpError::TooLong { name: "SALT" });
        }
        Ok(Self(encoding::signed_from_twos_complement(bytes)))
    }

    /// Parses a `SALT` as the service prints it (signed hex).
    ///
    /// # Errors
    ///
    /// [`SrpError::Empty`], [`SrpError::NotHex`] or [`SrpError::TooLong`].
    pub fn parse_hex(text: &str) -> Result<Self, SrpError> {
        encoding::parse_hex_signed("SALT", text).map(Self)
    }

    /// 16 random bytes from the operating system, read as signed.
    ///
    /// # Errors
    ///
    /// [`SrpError::Rng`] if the OS generator fails.
    ///
    /// ```
    /// let salt = cognito_flow_srp::Salt::random()?;
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn random() -> Result<Self, SrpError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| SrpError::Rng)?;
        Self::from_bytes(&bytes)
    }

    /// The `SALT` challenge parameter: Java's `BigInteger.toString(16)` (minimal lowercase hex,
    /// `-` when negative).
    pub fn to_hex(&self) -> String {
        encoding::signed_hex(&self.0)
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Salt").field(&self.to_hex()).finish()
    }
}

/// What a server stores for a password (or a device): the salt and `v = g^x mod N`.
///
/// The verifier is sensitive (it allows an offline guessing attack on the password): it is
/// zeroized on drop and not shown by `Debug`.
///
/// ```
/// use cognito_flow_srp::{Salt, Verifier};
///
/// let v = Verifier::new("us-east-1_AbCdEf123", "testuser", "Passw0rd!",
///                       Salt::parse_hex("-6f01caa57a1b2c3d4e5f60718293a4b5")?)?;
/// let stored = (v.salt().to_hex(), v.verifier_hex());
/// let back = Verifier::from_hex(&stored.0, &stored.1)?;
/// assert_eq!(back.verifier_hex(), v.verifier_hex());
/// assert_eq!(format!("{v:?}"), "Verifier { salt: Salt(\"-6f01caa57a1b2c3d4e5f60718293a4b5\"), .. }");
/// # Ok::<(), cognito_flow_srp::SrpError>(())
/// ```
pub struct Verifier {
    salt: Salt,
    v: Zeroizing<U3072>,
}

impl Verifier {
    /// The verifier of `password` for `username` (the canonical username, which is what
    /// `USER_ID_FOR_SRP` will carry) in the pool `user_pool_id`.
    ///
    /// # Errors
    ///
    /// [`SrpError::InvalidPoolId`] for a pool id without `_`.
    pub fn new(
        user_pool_id: &str,
        username: &str,
        password: &str,
        salt: Salt,
    ) -> Result<Self, SrpError> {
        Ok(Self::compute(
            pool_name(user_pool_id)?,
            username,
            password,
            salt,
        ))
    }

    /// The verifier of a device password (device group key in the pool-name position, device
    /// key in the user position, spec §6.8).
    ///
    /// ```
    /// # use cognito_flow_srp::{Salt, Verifier};
    /// let v = Verifier::for_device("group", "us-east-1_0f1e", "secret", Salt::from_bytes(&[1, 2])?);
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    pub fn for_device(
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        salt: Salt,
    ) -> Self {
        Self::compute(device_group_key, device_key, device_password, salt)
    }

    fn compute(realm: &str, user: &str, password: &str, salt: Salt) -> Self {
        let x = private_key(&encoding::java_bytes(&salt.0), realm, user, password);
        let x_int = Zeroizing::new(U256::from_be_slice(x.as_ref()));
        let v = Zeroizing::new(group::pow_g(x_int.as_words(), 256).retrieve());
        Self { salt, v }
    }

    /// The verifier a client registered with `ConfirmDevice`: base64 `Salt` and
    /// `PasswordVerifier` of its `DeviceSecretVerifierConfig` (spec §6.9).
    ///
    /// # Errors
    ///
    /// [`SrpError::NotBase64`] / [`SrpError::Empty`] / [`SrpError::TooLong`] naming `Salt` or
    /// `PasswordVerifier`; [`SrpError::InvalidClientEphemeral`] when the verifier is `0` or not
    /// below `N`.
    ///
    /// ```
    /// # use cognito_flow_srp::{DeviceVerifier, Verifier};
    /// let d = DeviceVerifier::from_random_bytes("group", "us-east-1_0f1e", &[3; 40], &[4; 16]);
    /// let v = Verifier::from_device_config(d.salt(), d.password_verifier())?;
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    pub fn from_device_config(salt: &str, password_verifier: &str) -> Result<Self, SrpError> {
        let salt_bytes = encoding::b64_decode("Salt", salt)?;
        let salt = Salt::from_bytes(&salt_bytes).map_err(|e| match e {
            SrpError::TooLong { .. } => SrpError::TooLong { name: "Salt" },
            other => other,
        })?;
        let v_bytes = encoding::b64_decode("PasswordVerifier", password_verifier)?;
        Self::from_parts(salt, &v_bytes, "PasswordVerifier")
    }

    /// Restores a stored verifier from [`Salt::to_hex`] and [`Verifier::verifier_hex`].
    ///
    /// # Errors
    ///
    /// As [`Salt::parse_hex`] for the salt; [`SrpError::NotHex`] and friends naming
    /// `verifier`; [`SrpError::InvalidClientEphemeral`] when the verifier is `0` or `≥ N`.
    pub fn from_hex(salt: &str, verifier: &str) -> Result<Self, SrpError> {
        let salt = Salt::parse_hex(salt)?;
        let v_bytes = encoding::parse_hex_unsigned("verifier", verifier)?;
        Self::from_parts(salt, &v_bytes, "verifier")
    }

    fn from_parts(salt: Salt, v_bytes: &[u8], name: &'static str) -> Result<Self, SrpError> {
        let v = group::uint_from_be(v_bytes).ok_or(SrpError::TooLong { name })?;
        if group::is_invalid_public(&v) {
            return Err(SrpError::InvalidClientEphemeral);
        }
        Ok(Self {
            salt,
            v: Zeroizing::new(v),
        })
    }

    /// The salt, whose [`Salt::to_hex`] is the `SALT` challenge parameter.
    pub fn salt(&self) -> &Salt {
        &self.salt
    }

    /// The verifier as minimal hex, for storage.
    ///
    /// # Security Warning
    ///
    /// A verifier lets whoever holds it test password guesses offline. Store it as you would a
    /// password hash.
    pub fn verifier_hex(&self) -> String {
        encoding::hex_minimal(self.v.to_be_bytes().as_ref())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("salt", &self.salt)
            .finish_non_exhaustive()
    }
}

/// One server SRP exchange: the client's `A`, the server's private `b` and public `B`.
///
/// Created when `InitiateAuth` brings `SRP_A`; kept until the `PASSWORD_VERIFIER` answer
/// arrives, which [`SrpServer::verify_password_claim`] checks.
///
/// ```
/// use cognito_flow_srp::*;
///
/// let pool = "us-east-1_AbCdEf123";
/// let verifier = Verifier::new(pool, "testuser", "Passw0rd!", Salt::from_bytes(&[0x90; 16])?)?;
/// let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[0xa1; 128])?);
/// let server = SrpServer::new(&verifier, client.srp_a(), PrivateEphemeral::from_be_bytes(&[0xb2; 32])?)?;
///
/// let challenge = ServerChallenge::parse(&verifier.salt().to_hex(), server.srp_b(), "AQIDBA==")?;
/// let when = Timestamp::from_unix_seconds(1_709_622_249);
/// let claim = client.password_claim(pool, "testuser", "Passw0rd!", &challenge, &when)?;
/// server.verify_password_claim(pool, "testuser", &[1, 2, 3, 4], &when, claim.signature())?;
///
/// let wrong = client.password_claim(pool, "testuser", "wrong", &challenge, &when)?;
/// assert_eq!(
///     server.verify_password_claim(pool, "testuser", &[1, 2, 3, 4], &when, wrong.signature()),
///     Err(SrpError::ClaimMismatch)
/// );
/// # Ok::<(), SrpError>(())
/// ```
pub struct SrpServer {
    b: PrivateEphemeral,
    a_pub: U3072,
    pad_a: Vec<u8>,
    pad_b: Vec<u8>,
    srp_b: String,
    v: Zeroizing<U3072>,
}

impl SrpServer {
    /// Validates the client's `SRP_A` and computes `B = (k·v + g^b) mod N`.
    ///
    /// # Errors
    ///
    /// [`SrpError::Empty`], [`SrpError::NotHex`] or [`SrpError::TooLong`] naming `SRP_A`;
    /// [`SrpError::InvalidClientEphemeral`] when `A ≡ 0 (mod N)` or `A ≥ N`;
    /// [`SrpError::InvalidServerEphemeral`] in the negligible case `B ≡ 0 (mod N)` (draw
    /// another `b`).
    pub fn new(verifier: &Verifier, srp_a: &str, b: PrivateEphemeral) -> Result<Self, SrpError> {
        let a_bytes = encoding::parse_hex_unsigned("SRP_A", srp_a)?;
        let a_pub = group::uint_from_be(&a_bytes).ok_or(SrpError::TooLong { name: "SRP_A" })?;
        if group::is_invalid_public(&a_pub) {
            return Err(SrpError::InvalidClientEphemeral);
        }
        let gb = group::pow_g(b.words(), b.bits as usize);
        let b_pub = group::k().mul(&Fe::new(&verifier.v)).add(&gb).retrieve();
        if group::is_invalid_public(&b_pub) {
            return Err(SrpError::InvalidServerEphemeral);
        }
        let b_be = b_pub.to_be_bytes();
        Ok(Self {
            b,
            a_pub,
            pad_a: encoding::pad_unsigned(&a_bytes),
            pad_b: encoding::pad_unsigned(b_be.as_ref()),
            srp_b: encoding::hex_minimal(b_be.as_ref()),
            v: Zeroizing::new(*verifier.v),
        })
    }

    /// `SRP_B`: `B` as minimal lowercase hex.
    pub fn srp_b(&self) -> &str {
        &self.srp_b
    }

    /// Checks a `PASSWORD_VERIFIER` answer for a user of `user_pool_id`. `username` is the
    /// canonical username the verifier was made for; `secret_block` the decoded bytes of the
    /// `SECRET_BLOCK` this exchange issued; `timestamp` the client's `TIMESTAMP` as parsed by
    /// [`Timestamp::parse`] (its canonical form is what is checked). The comparison runs in
    /// constant time.
    ///
    /// # Errors
    ///
    /// [`SrpError::ClaimMismatch`] when the signature does not prove the password (including a
    /// signature of the wrong length); [`SrpError::NotBase64`] naming
    /// `PASSWORD_CLAIM_SIGNATURE`; [`SrpError::InvalidPoolId`]; [`SrpError::ZeroScrambler`].
    pub fn verify_password_claim(
        &self,
        user_pool_id: &str,
        username: &str,
        secret_block: &[u8],
        timestamp: &Timestamp,
        signature: &str,
    ) -> Result<(), SrpError> {
        self.verify(
            pool_name(user_pool_id)?,
            username,
            secret_block,
            timestamp,
            signature,
        )
    }

    /// Checks a `DEVICE_PASSWORD_VERIFIER` answer (device group key and device key in place of
    /// pool name and username).
    ///
    /// # Errors
    ///
    /// As [`SrpServer::verify_password_claim`].
    ///
    /// ```
    /// # use cognito_flow_srp::*;
    /// let d = DeviceVerifier::from_random_bytes("grp", "us-east-1_0f1e", &[3; 40], &[4; 16]);
    /// let verifier = Verifier::from_device_config(d.salt(), d.password_verifier())?;
    /// let client = SrpClient::new(PrivateEphemeral::from_be_bytes(&[5; 128])?);
    /// let server = SrpServer::new(&verifier, client.srp_a(), PrivateEphemeral::from_be_bytes(&[6; 32])?)?;
    /// let challenge = ServerChallenge::parse(&verifier.salt().to_hex(), server.srp_b(), "AAEC")?;
    /// let when = Timestamp::from_unix_seconds(1_700_000_000);
    /// let claim = client.device_claim("grp", "us-east-1_0f1e", d.password().expose_secret(), &challenge, &when)?;
    /// server.verify_device_claim("grp", "us-east-1_0f1e", &[0, 1, 2], &when, claim.signature())?;
    /// # Ok::<(), SrpError>(())
    /// ```
    pub fn verify_device_claim(
        &self,
        device_group_key: &str,
        device_key: &str,
        secret_block: &[u8],
        timestamp: &Timestamp,
        signature: &str,
    ) -> Result<(), SrpError> {
        self.verify(
            device_group_key,
            device_key,
            secret_block,
            timestamp,
            signature,
        )
    }

    fn verify(
        &self,
        realm: &str,
        user: &str,
        secret_block: &[u8],
        timestamp: &Timestamp,
        signature: &str,
    ) -> Result<(), SrpError> {
        let given = encoding::b64_decode("PASSWORD_CLAIM_SIGNATURE", signature)?;
        let u = scrambler(&self.pad_a, &self.pad_b)?;
        let u_int = U256::from_be_slice(&u);
        // S = (A · v^u)^b mod N. u is public, so v^u may take variable time in u.
        let vu = Zeroizing::new(Fe::new(&self.v).pow_vartime(&u_int));
        let base = Zeroizing::new(Fe::new(&self.a_pub).mul(&vu));
        let s = Zeroizing::new(base.pow_bounded_exp(&*self.b.value, self.b.bits).retrieve());
        let pad_s = Zeroizing::new(encoding::pad_unsigned(s.to_be_bytes().as_ref()));
        let key = derive_key(&encoding::pad_unsigned(&u), &pad_s);
        let expected = claim_signature(&key, realm, user, secret_block, timestamp);
        if given.len() == expected.len() && bool::from(given.as_slice().ct_eq(&expected)) {
            Ok(())
        } else {
            Err(SrpError::ClaimMismatch)
        }
    }
}

impl fmt::Debug for SrpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix: String = self.srp_b.chars().take(16).collect();
        f.debug_struct("SrpServer")
            .field("srp_b", &format_args!("\"{prefix}…\""))
            .finish_non_exhaustive()
    }
}
