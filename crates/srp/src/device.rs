//! Device confirmation (spec §6.9): the random device password and the
//! `DeviceSecretVerifierConfig` that `ConfirmDevice` registers.

use core::fmt;

use zeroize::Zeroizing;

use crate::client::private_key;
use crate::encoding;
use crate::group;

/// A remembered device's random password: base64 of 40 random bytes (56 characters).
///
/// It is the device's long-term secret: store it with the device key and group key, and never
/// log it. Zeroized on drop; `Debug` shows nothing of it.
///
/// ```
/// use cognito_flow_srp::DevicePassword;
///
/// let p = DevicePassword::from_random_bytes(&[7; 40]);
/// assert_eq!(format!("{p:?}"), "DevicePassword(<redacted>)");
/// assert_eq!(p.expose_secret().len(), 56);
/// ```
pub struct DevicePassword(Zeroizing<String>);

impl DevicePassword {
    /// The password made from 40 caller-supplied random bytes.
    pub fn from_random_bytes(bytes: &[u8; 40]) -> Self {
        Self(Zeroizing::new(encoding::b64_encode(bytes)))
    }

    /// A password read back from storage.
    ///
    /// ```
    /// # use cognito_flow_srp::DevicePassword;
    /// let p = DevicePassword::new("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw==");
    /// ```
    pub fn new(password: impl Into<String>) -> Self {
        Self(Zeroizing::new(password.into()))
    }

    /// The password text.
    ///
    /// # Security Warning
    ///
    /// This is the device's secret. Pass it only to storage you trust and to
    /// [`SrpClient::device_claim`](crate::SrpClient::device_claim); never log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DevicePassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DevicePassword(<redacted>)")
    }
}

/// A device's new secret and the `DeviceSecretVerifierConfig` to send in `ConfirmDevice`
/// (spec §6.9).
///
/// ```
/// use cognito_flow_srp::DeviceVerifier;
///
/// let mut password = [0u8; 40];
/// for (i, b) in password.iter_mut().enumerate() { *b = i as u8; }
/// let salt: [u8; 16] = [0xc0, 0xff, 0xee, 0x00, 0x11, 0x22, 0x33, 0x44,
///                       0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc];
/// let v = DeviceVerifier::from_random_bytes(
///     "-Ab12Cd34", "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", &password, &salt,
/// );
/// assert_eq!(v.salt(), "AMD/7gARIjNEVWZ3iJmqu8w=");
/// assert!(v.password_verifier().starts_with("FPIH/88+sKqn3zb0YydenItsCllEqYe4zX+g6ITN"));
/// ```
pub struct DeviceVerifier {
    password: DevicePassword,
    salt: String,
    password_verifier: String,
}

impl DeviceVerifier {
    /// Builds the verifier from caller-supplied randomness: 40 bytes for the device password
    /// and 16 bytes of salt (read as a non-negative integer).
    pub fn from_random_bytes(
        device_group_key: &str,
        device_key: &str,
        password_bytes: &[u8; 40],
        salt_bytes: &[u8; 16],
    ) -> Self {
        let password = DevicePassword::from_random_bytes(password_bytes);
        let pad_salt = encoding::pad_unsigned(salt_bytes);
        let x = private_key(
            &pad_salt,
            device_group_key,
            device_key,
            password.expose_secret(),
        );
        let x_int = Zeroizing::new(crypto_bigint::U256::from_be_slice(x.as_ref()));
        let v = group::pow_g(x_int.as_words(), 256).retrieve();
        Self {
            password,
            salt: encoding::b64_encode(&pad_salt),
            password_verifier: encoding::b64_encode(&encoding::pad_unsigned(
                v.to_be_bytes().as_ref(),
            )),
        }
    }

    /// A verifier with a fresh random password and salt from the operating system.
    ///
    /// # Errors
    ///
    /// [`SrpError::Rng`](crate::SrpError::Rng) if the OS generator fails.
    ///
    /// ```
    /// let v = cognito_flow_srp::DeviceVerifier::random("group", "us-east-1_0f1e2d3c")?;
    /// assert_eq!(v.password().expose_secret().len(), 56);
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn random(device_group_key: &str, device_key: &str) -> Result<Self, crate::SrpError> {
        let mut password = Zeroizing::new([0u8; 40]);
        let mut salt = [0u8; 16];
        getrandom::fill(password.as_mut()).map_err(|_| crate::SrpError::Rng)?;
        getrandom::fill(&mut salt).map_err(|_| crate::SrpError::Rng)?;
        Ok(Self::from_random_bytes(
            device_group_key,
            device_key,
            &password,
            &salt,
        ))
    }

    /// The device's password, to store with its key and group key.
    pub fn password(&self) -> &DevicePassword {
        &self.password
    }

    /// Consumes the verifier, keeping the password to store.
    ///
    /// ```
    /// # let v = cognito_flow_srp::DeviceVerifier::from_random_bytes("g", "k", &[1; 40], &[2; 16]);
    /// let password = v.into_password();
    /// ```
    pub fn into_password(self) -> DevicePassword {
        self.password
    }

    /// `DeviceSecretVerifierConfig.Salt`: base64 of `PAD(salt)`.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of `PAD(g^x mod N)`.
    pub fn password_verifier(&self) -> &str {
        &self.password_verifier
    }
}

impl fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceVerifier")
            .field("salt", &self.salt)
            .finish_non_exhaustive()
    }
}
