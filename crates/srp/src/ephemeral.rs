//! Private ephemerals (`a` on the client, `b` on the server).

use core::fmt;

use zeroize::Zeroizing;

use crate::encoding::{left_pad, strip_leading_zeros};
use crate::error::SrpError;
use crate::group::{EPHEMERAL_BITS, Ephemeral};

/// Largest private ephemeral accepted, in bytes. The reference clients draw 128 random bytes.
pub const MAX_EPHEMERAL_BYTES: usize = EPHEMERAL_BITS / 8;

/// A private SRP ephemeral: the client's `a` or the server's `b`.
///
/// It is secret: it is zeroized on drop and its `Debug` output shows nothing of it. Its
/// length in bytes is treated as public (the exponentiations take time proportional to it);
/// its value is not.
///
/// ```
/// use cognito_flow_srp::PrivateEphemeral;
///
/// let a = PrivateEphemeral::from_be_bytes(&[0xa1; 32]).unwrap();
/// assert_eq!(format!("{a:?}"), "PrivateEphemeral(<redacted>)");
/// ```
pub struct PrivateEphemeral {
    pub(crate) value: Zeroizing<Ephemeral>,
    /// Bit length bound used for constant-time exponentiation: 8 × the byte length given.
    pub(crate) bits: u32,
}

impl PrivateEphemeral {
    /// Uses caller-supplied random bytes (big-endian), 1 to 128 bytes. Use 128 bytes from a
    /// cryptographically secure generator, as the reference clients do.
    ///
    /// # Errors
    ///
    /// [`SrpError::InvalidPrivateEphemeral`] when `bytes` is empty, longer than 128 bytes or
    /// all zeros.
    ///
    /// ```
    /// # use cognito_flow_srp::{PrivateEphemeral, SrpError};
    /// assert!(PrivateEphemeral::from_be_bytes(&[7; 128]).is_ok());
    /// assert_eq!(
    ///     PrivateEphemeral::from_be_bytes(&[0; 16]).unwrap_err(),
    ///     SrpError::InvalidPrivateEphemeral
    /// );
    /// ```
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self, SrpError> {
        if bytes.is_empty() || bytes.len() > MAX_EPHEMERAL_BYTES {
            return Err(SrpError::InvalidPrivateEphemeral);
        }
        if strip_leading_zeros(bytes).is_empty() {
            return Err(SrpError::InvalidPrivateEphemeral);
        }
        let buf = Zeroizing::new(
            left_pad::<MAX_EPHEMERAL_BYTES>(bytes).ok_or(SrpError::InvalidPrivateEphemeral)?,
        );
        let bits = u32::try_from(bytes.len() * 8).map_err(|_| SrpError::InvalidPrivateEphemeral)?;
        Ok(Self {
            value: Zeroizing::new(Ephemeral::from_be_slice(buf.as_ref())),
            bits,
        })
    }

    /// 128 bytes from the operating system's random number generator.
    ///
    /// # Errors
    ///
    /// [`SrpError::Rng`] if the OS generator fails.
    ///
    /// ```
    /// # use cognito_flow_srp::PrivateEphemeral;
    /// let a = PrivateEphemeral::random()?;
    /// # Ok::<(), cognito_flow_srp::SrpError>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn random() -> Result<Self, SrpError> {
        let mut buf = Zeroizing::new([0u8; MAX_EPHEMERAL_BYTES]);
        loop {
            getrandom::fill(buf.as_mut()).map_err(|_| SrpError::Rng)?;
            // All zeros has probability 2^-1024; draw again rather than fail.
            if let Ok(e) = Self::from_be_bytes(buf.as_ref()) {
                return Ok(e);
            }
        }
    }

    pub(crate) fn words(&self) -> &[crypto_bigint::Word] {
        self.value.as_words()
    }
}

impl fmt::Debug for PrivateEphemeral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateEphemeral(<redacted>)")
    }
}
