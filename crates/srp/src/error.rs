//! The one error type of this crate.

use core::fmt;

/// Why an SRP computation was refused.
///
/// Every variant names what was wrong without repeating any value: SRP inputs and outputs are
/// either secret or attacker-controlled.
///
/// ```
/// use cognito_flow_srp::{ServerChallenge, SrpError};
///
/// let err = ServerChallenge::parse("-0f", "xyz", "AAAA").unwrap_err();
/// assert_eq!(err, SrpError::NotHex { name: "SRP_B" });
/// assert_eq!(err.to_string(), "SRP_B is not hexadecimal");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpError {
    /// A required parameter is empty.
    Empty {
        /// The parameter's wire name, such as `SRP_B`.
        name: &'static str,
    },
    /// A hex parameter contains a character that is not a hex digit.
    NotHex {
        /// The parameter's wire name.
        name: &'static str,
    },
    /// A base64 parameter is not valid base64.
    NotBase64 {
        /// The parameter's wire name.
        name: &'static str,
    },
    /// A parameter is longer than the group allows (more than 384 bytes for a number).
    TooLong {
        /// The parameter's wire name.
        name: &'static str,
    },
    /// The server's public ephemeral `B` is `≡ 0 (mod N)` or not below `N`: continuing would let
    /// the server learn the session key without knowing the password.
    InvalidServerEphemeral,
    /// The client's public ephemeral `A` is `≡ 0 (mod N)` or not below `N` (server side).
    InvalidClientEphemeral,
    /// The scrambling parameter `u = H(PAD(A) || PAD(B))` is zero.
    ZeroScrambler,
    /// The private ephemeral given is empty, all zeros, or longer than 128 bytes.
    InvalidPrivateEphemeral,
    /// A user pool id without the `_` that separates region and pool name.
    InvalidPoolId,
    /// A `TIMESTAMP` that is not `EEE MMM d HH:mm:ss UTC yyyy` in English (spec §6.5).
    InvalidTimestamp,
    /// The operating system's random number generator failed.
    Rng,
    /// Server side: the client's `PASSWORD_CLAIM_SIGNATURE` does not prove the password.
    ClaimMismatch,
}

impl fmt::Display for SrpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { name } => write!(f, "{name} is empty"),
            Self::NotHex { name } => write!(f, "{name} is not hexadecimal"),
            Self::NotBase64 { name } => write!(f, "{name} is not base64"),
            Self::TooLong { name } => write!(f, "{name} is longer than the SRP group allows"),
            Self::InvalidServerEphemeral => {
                f.write_str("the server's SRP_B is not a valid public value")
            }
            Self::InvalidClientEphemeral => {
                f.write_str("the client's SRP_A is not a valid public value")
            }
            Self::ZeroScrambler => f.write_str("the SRP scrambling parameter u is zero"),
            Self::InvalidPrivateEphemeral => {
                f.write_str("the private SRP ephemeral must be 1 to 128 bytes and not zero")
            }
            Self::InvalidPoolId => f.write_str("a user pool id has the form <region>_<name>"),
            Self::InvalidTimestamp => {
                f.write_str("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english")
            }
            Self::Rng => f.write_str("the system random number generator failed"),
            Self::ClaimMismatch => f.write_str("the password claim signature does not verify"),
        }
    }
}

impl std::error::Error for SrpError {}
