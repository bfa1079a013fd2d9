//! Sealed states (feature `sealed-state`): a sign-in step that waits for a person, sealed
//! into an opaque string so a stateless back end can hand it to the next request and
//! restore it there, in this process or another.
//!
//! The public items are [`Sealable`] (the sealed trait with `seal`), [`SealingKey`],
//! [`SealedState`], and `unseal` / `unseal_as` on [`Client`] and `AdminClient`. The
//! format and the threat model are documented on [`Sealable`].

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::{AeadInOut, KeyInit, Tag, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

#[cfg(feature = "admin")]
use crate::AdminClient;
use crate::Client;
use crate::challenge::{
    Api, ChallengeCtx, CustomChallenge, EmailOtp, Metadata, MfaSetup, NewPasswordRequired,
    SelectMfaType, SmsMfa, SoftwareTokenMfa, TotpSetup, UnknownChallenge,
};
use crate::error::{Error, ErrorKind};
use crate::next::Next;
use crate::secret::{Session, TotpSecret};

/// What every sealed string starts with: the envelope's format and version.
const PREFIX: &str = "cfs1.";
/// The version of the encrypted contents' layout.
const FORMAT_VERSION: u8 = 1;
/// XChaCha20-Poly1305's nonce.
const NONCE_LEN: usize = 24;
/// Poly1305's tag.
const TAG_LEN: usize = 16;
/// Longer input is refused before decoding (a real sealed state is a few kilobytes).
const MAX_SEALED_LEN: usize = 64 * 1024;
/// Cognito's longest challenge-session validity (`AuthSessionValidity` is 3–15 minutes).
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(15 * 60);
/// The first member of the associated data: separates this use of the key from any other.
const AAD_DOMAIN: &str = "cognito-flow sealed state v1";

/// The key states are sealed with: 32 secret bytes your application provides, plus the
/// largest age a sealed state may have when it is unsealed.
///
/// Every back-end instance that unseals must hold the same key. Keep it in your secret store,
/// never in source code; changing it invalidates the sign-ins in progress (at most a quarter
/// of an hour of them: Cognito's challenge sessions expire anyway). The bytes are wiped
/// from memory when the key is dropped (the `[u8; 32]` you pass in is yours to wipe), and
/// `Debug` does not show them.
///
/// The max age defaults to 15 minutes, the longest a Cognito challenge Session lives; older
/// states are refused with [`ErrorKind::SessionExpired`] without asking Cognito.
///
/// ```
/// use std::time::Duration;
/// use cognito_flow::SealingKey;
///
/// # fn main() -> Result<(), cognito_flow::Error> {
/// let key = SealingKey::generate()?.with_max_age(Duration::from_secs(5 * 60));
/// assert_eq!(key.max_age(), Duration::from_secs(300));
/// assert_eq!(format!("{key:?}"), "SealingKey { max_age: 300s, .. }");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SealingKey {
    key: Zeroizing<[u8; 32]>,
    max_age: Duration,
}

impl SealingKey {
    /// A key from 32 bytes, e.g. decoded from your secret store. Use uniformly random bytes
    /// (as [`SealingKey::generate`] makes), not a password.
    ///
    /// ```
    /// let key = cognito_flow::SealingKey::from_bytes([7; 32]);
    /// ```
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            key: Zeroizing::new(bytes),
            max_age: DEFAULT_MAX_AGE,
        }
    }

    /// A new random key from the operating system's generator. Only useful when a single
    /// process both seals and unseals (tests, one-instance servers): other instances cannot
    /// share it, and it is gone at restart.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidSealedState`] if the system's random number generator fails.
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// let key = cognito_flow::SealingKey::generate()?;
    /// # Ok(()) }
    /// ```
    pub fn generate() -> Result<Self, Error> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        random(&mut *bytes)?;
        Ok(Self {
            key: bytes,
            max_age: DEFAULT_MAX_AGE,
        })
    }

    /// Sets the largest age a sealed state may have when unsealed (default 15 minutes).
    /// The age is measured with the unsealing client's clock from the sealing client's.
    ///
    /// ```
    /// use std::time::Duration;
    /// let key = cognito_flow::SealingKey::from_bytes([7; 32]).with_max_age(Duration::from_secs(180));
    /// assert_eq!(key.max_age(), Duration::from_secs(180));
    /// ```
    #[must_use]
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The largest age a sealed state may have when unsealed.
    ///
    /// ```
    /// use std::time::Duration;
    /// let key = cognito_flow::SealingKey::from_bytes([7; 32]);
    /// assert_eq!(key.max_age(), Duration::from_secs(15 * 60));
    /// ```
    #[must_use]
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    fn cipher(&self) -> Result<XChaCha20Poly1305, Error> {
        XChaCha20Poly1305::new_from_slice(&self.key[..])
            .map_err(|_| invalid("the sealing key has the wrong length"))
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}

/// A sealed state: `cfs1.` followed by URL-safe base64 (no padding), so it fits a JSON
/// string, a form field, a header or a cookie as it is. Made by [`Sealable::seal`], opened by
/// [`Client::unseal`].
///
/// **It is secret.** It is encrypted, but whoever holds it can have your back end resume the
/// sign-in with it (the person still needs the code or password the step asks for). Store it
/// server-side, or hand it to the browser only over TLS (an `HttpOnly`, `Secure` cookie, or a
/// response body); never put it in a URL or a log. `Debug` prints `SealedState(<redacted>)`,
/// and the string is wiped from memory on drop.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let step = doc_support::step!(sandbox, SoftwareTokenMfa); // tess: TOTP
/// # let key = cognito_flow::SealingKey::generate()?;
/// use cognito_flow::Sealable;
///
/// let sealed = step.seal(&key)?;
/// assert!(sealed.expose_secret().starts_with("cfs1."));
/// assert_eq!(format!("{sealed:?}"), "SealedState(<redacted>)");
/// # Ok(()) }
/// ```
pub struct SealedState(Zeroizing<String>);

impl SealedState {
    /// The sealed string, to hand to the next request.
    ///
    /// # Security Warning
    ///
    /// See the type's documentation: store it server-side or send it only over TLS, and do
    /// not log it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// # let key = cognito_flow::SealingKey::generate()?;
    /// use cognito_flow::Sealable;
    ///
    /// let sealed = step.seal(&key)?;
    /// // Into the response body (over TLS), for the browser to send back with the code.
    /// let body = format!(r#"{{"state":"{}"}}"#, sealed.expose_secret());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for SealedState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealedState(<redacted>)")
    }
}

/// A sign-in step that can be sealed into a [`SealedState`] and restored later with
/// [`Client::unseal`] (or `AdminClient::unseal`), in another request or process: the piece a
/// stateless back end needs between "Cognito asked for a code" and "the person typed it".
///
/// Implemented for exactly the steps that wait for a person, and for [`Next`] (which fails at
/// run time for the variants that cannot be sealed):
///
/// | type | Cognito challenge |
/// |---|---|
/// | [`NewPasswordRequired`] | `NEW_PASSWORD_REQUIRED` |
/// | [`MfaSetup`] | `MFA_SETUP` |
/// | [`TotpSetup`] | `MFA_SETUP`, after `AssociateSoftwareToken` (restore it with [`Client::unseal_as`]) |
/// | [`SelectMfaType`] | `SELECT_MFA_TYPE` |
/// | [`SmsMfa`] | `SMS_MFA` |
/// | [`EmailOtp`] | `EMAIL_OTP` |
/// | [`SoftwareTokenMfa`] | `SOFTWARE_TOKEN_MFA` |
/// | [`CustomChallenge`] | `CUSTOM_CHALLENGE` |
/// | [`UnknownChallenge`] | any other |
///
/// The trait is sealed: it cannot be implemented outside this crate. In particular
/// [`PasswordVerifier`](crate::PasswordVerifier) and
/// [`DevicePasswordVerifier`](crate::DevicePasswordVerifier) do not implement it: they hold
/// the SRP secret ephemeral `a`, which must never leave the process, so sealing one does not
/// compile ([`DeviceSrpAuth`](crate::DeviceSrpAuth) needs the remembered device and is
/// answered by [`Client::sign_in`] itself, so it is not sealable either). The trybuild cases
/// in `crates/sdk/tests/ui/sealed/` pin these errors; the example below only illustrates:
///
/// ```compile_fail
/// # async fn demo(client: cognito_flow::Client, key: cognito_flow::SealingKey) -> Result<(), cognito_flow::Error> {
/// use cognito_flow::Sealable;
/// let verifier = client.initiate_srp("alice").await?;
/// let sealed = verifier.seal(&key)?; // error[E0599]: `PasswordVerifier` is not `Sealable`
/// # Ok(()) }
/// ```
///
/// Sealing does not consume the state: the sealed copy and the state answer the same
/// single-use Session, so answer only one of them. A state can be unsealed more than once
/// until Cognito's Session is used or expires (the SDK cannot prevent that; Cognito's
/// single-use Session and attempt limits bound it).
///
/// # What the sealed string holds
///
/// `cfs1.` + base64url(nonce ‖ ciphertext ‖ tag), with XChaCha20-Poly1305 under the
/// [`SealingKey`], a random 24-byte nonce per seal, and as associated data (authenticated,
/// not stored) the user pool id, the app client id and the API (public or admin). Encrypted
/// inside, format version 1:
///
/// * the format version and which state type it is;
/// * when it was sealed (Unix seconds, from the sealing client's clock), for the max age;
/// * the Cognito challenge name;
/// * the canonical username (`USERNAME` / `USER_ID_FOR_SRP`);
/// * Cognito's challenge **Session** (secret: it lets the sign-in continue);
/// * the challenge parameters as Cognito sent them: masked code destinations,
///   `MFAS_CAN_CHOOSE` / `MFAS_CAN_SETUP`, `requiredAttributes`, and for
///   `NEW_PASSWORD_REQUIRED` the user's current attributes (**personal data**: e-mail, phone
///   number, …), a custom challenge's public parameters;
/// * the [`Metadata`] sent with the answer (`ClientMetadata`, the Pinpoint endpoint id, the
///   advanced-security `EncodedData` and IP address);
/// * the remembered device's key, if the sign-in presented one (not its password);
/// * for [`TotpSetup`] only: the new authenticator's **TOTP secret**. Whoever can open the
///   string can compute the user's codes once the authenticator is verified; this is why the
///   key must stay secret.
///
/// Derived fields are recomputed on unseal from the parameters: `SelectMfaType`'s offered
/// choices (and its offer id, from the Session and username, so an [`MfaChoice`](crate::MfaChoice)
/// taken before sealing is still accepted in the same build), `MfaSetup`'s factors and
/// `NewPasswordRequired`'s required attributes.
///
/// Never inside: the password, the SRP secret `a`, tokens, the app client secret, a device
/// password, AWS credentials.
///
/// # Threat model
///
/// * *Confidentiality and integrity*: without the key nobody can read the contents or
///   change a bit of them; a change, a truncation, another key, or a state sealed for
///   another user pool, app client or API (public vs admin) is refused with
///   [`ErrorKind::InvalidSealedState`], never a panic. The length of the string does show
///   roughly how long the contents are.
/// * *Bearer*: the string is not bound to a browser or your own session. Anyone who holds
///   it can submit it to your back end and try codes; bind it to your own session (store it
///   server-side under a random id, or in an `HttpOnly`, `Secure`, `SameSite` cookie) and
///   send it only over TLS.
/// * *Age*: states older than [`SealingKey::max_age`] are refused with
///   [`ErrorKind::SessionExpired`]; Cognito refuses its Session after 3–15 minutes anyway.
/// * *Not covered*: a compromised server (it has the key), and replay of a string within its
///   Session's life.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox);
/// # let key = cognito_flow::SealingKey::generate()?;
/// use cognito_flow::{Next, Password, Sealable, TotpCode};
///
/// // Request 1: sign in; Cognito asks for the authenticator's code.
/// let sealed = match client.sign_in("tess", Password::new("Corr3ct-horse!")).await? {
///     Next::SoftwareTokenMfa(step) => step.seal(&key)?,
///     _ => return Ok(()),
/// };
/// // ... hand `sealed.expose_secret()` to the browser; it comes back with the code ...
/// # let code_from_app = sandbox.totp_code("tess");
///
/// // Request 2, maybe in another process: restore the step and answer it.
/// # let mut answered = false;
/// if let Next::SoftwareTokenMfa(step) = client.unseal(&key, sealed.expose_secret())? {
///     let next = step.respond(TotpCode::new(code_from_app)).await?;
///     assert!(next.is_signed_in());
///     # answered = true;
/// }
/// # assert!(answered);
/// # Ok(()) }
/// ```
pub trait Sealable: private::Sealed {
    /// Seals this step under `key`. See the trait's documentation for what the string holds.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] for a [`Next`] variant that cannot be sealed
    /// (`SignedIn`, `DeviceSrpAuth`, …); [`ErrorKind::InvalidSealedState`] if the system's
    /// random number generator fails.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let step = doc_support::step!(sandbox, SmsMfa); // sam: SMS MFA
    /// # let key = cognito_flow::SealingKey::generate()?;
    /// use cognito_flow::Sealable;
    ///
    /// let sealed = step.seal(&key)?;
    /// // The step is not consumed, but it answers the same single-use Session: keep one of the two.
    /// drop(step);
    /// # Ok(()) }
    /// ```
    fn seal(&self, key: &SealingKey) -> Result<SealedState, Error> {
        seal(&self.parts()?, key)
    }
}

mod private {
    /// The private half of [`Sealable`](super::Sealable): what a state puts in, and how it
    /// comes back out.
    pub trait Sealed: Sized {
        /// What to seal.
        fn parts(&self) -> Result<super::Parts<'_>, crate::Error>;
        /// This type from an opened sealed state.
        fn from_restored(restored: super::Restored) -> Result<Self, crate::Error>;
    }
}

/// Which state type a sealed state holds (stored as one byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    NewPasswordRequired = 1,
    MfaSetup = 2,
    TotpSetup = 3,
    SelectMfaType = 4,
    SmsMfa = 5,
    EmailOtp = 6,
    SoftwareTokenMfa = 7,
    CustomChallenge = 8,
    Unknown = 9,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Self> {
        Some(match b {
            1 => Self::NewPasswordRequired,
            2 => Self::MfaSetup,
            3 => Self::TotpSetup,
            4 => Self::SelectMfaType,
            5 => Self::SmsMfa,
            6 => Self::EmailOtp,
            7 => Self::SoftwareTokenMfa,
            8 => Self::CustomChallenge,
            9 => Self::Unknown,
            _ => return None,
        })
    }

    /// The challenge name of a modelled kind.
    fn challenge_name(self) -> Option<&'static str> {
        Some(match self {
            Self::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            Self::MfaSetup | Self::TotpSetup => "MFA_SETUP",
            Self::SelectMfaType => "SELECT_MFA_TYPE",
            Self::SmsMfa => "SMS_MFA",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Self::CustomChallenge => "CUSTOM_CHALLENGE",
            Self::Unknown => return None,
        })
    }
}

/// What a state puts into a sealed state.
#[derive(Debug)]
pub struct Parts<'a> {
    kind: Kind,
    /// Cognito's challenge name (an unknown challenge's own).
    name: &'a str,
    ctx: &'a ChallengeCtx,
    totp_secret: Option<&'a TotpSecret>,
}

impl<'a> Parts<'a> {
    fn new(kind: Kind, ctx: &'a ChallengeCtx) -> Self {
        Self {
            kind,
            name: kind.challenge_name().unwrap_or_default(),
            ctx,
            totp_secret: None,
        }
    }
}

/// An opened sealed state: a [`Next`], or a [`TotpSetup`] (not a `Next` variant).
#[derive(Debug)]
pub enum Restored {
    Next(Next),
    TotpSetup(TotpSetup),
}

fn invalid(what: &'static str) -> Error {
    Error::sealed(ErrorKind::InvalidSealedState, what)
}

fn wrong_kind() -> Error {
    invalid("it holds another kind of step than the one asked for")
}

fn random(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|_| invalid("the system random number generator failed"))
}

macro_rules! sealable_next_variant {
    ($ty:ident, $kind:ident) => {
        impl Sealable for $ty {}

        impl private::Sealed for $ty {
            fn parts(&self) -> Result<Parts<'_>, Error> {
                Ok(Parts::new(Kind::$kind, self.ctx()))
            }

            fn from_restored(restored: Restored) -> Result<Self, Error> {
                match restored {
                    Restored::Next(Next::$ty(state)) => Ok(state),
                    _ => Err(wrong_kind()),
                }
            }
        }
    };
}

sealable_next_variant!(NewPasswordRequired, NewPasswordRequired);
sealable_next_variant!(MfaSetup, MfaSetup);
sealable_next_variant!(SelectMfaType, SelectMfaType);
sealable_next_variant!(SmsMfa, SmsMfa);
sealable_next_variant!(EmailOtp, EmailOtp);
sealable_next_variant!(SoftwareTokenMfa, SoftwareTokenMfa);
sealable_next_variant!(CustomChallenge, CustomChallenge);

impl Sealable for UnknownChallenge {}

impl private::Sealed for UnknownChallenge {
    fn parts(&self) -> Result<Parts<'_>, Error> {
        let mut parts = Parts::new(Kind::Unknown, self.ctx());
        parts.name = self.challenge_name();
        Ok(parts)
    }

    fn from_restored(restored: Restored) -> Result<Self, Error> {
        match restored {
            Restored::Next(Next::Unknown(state)) => Ok(state),
            _ => Err(wrong_kind()),
        }
    }
}

impl Sealable for TotpSetup {}

impl private::Sealed for TotpSetup {
    fn parts(&self) -> Result<Parts<'_>, Error> {
        let mut parts = Parts::new(Kind::TotpSetup, self.ctx());
        parts.totp_secret = Some(self.secret());
        Ok(parts)
    }

    fn from_restored(restored: Restored) -> Result<Self, Error> {
        match restored {
            Restored::TotpSetup(state) => Ok(state),
            Restored::Next(_) => Err(wrong_kind()),
        }
    }
}

impl Sealable for Next {}

impl private::Sealed for Next {
    fn parts(&self) -> Result<Parts<'_>, Error> {
        match self {
            Self::NewPasswordRequired(s) => s.parts(),
            Self::MfaSetup(s) => s.parts(),
            Self::SelectMfaType(s) => s.parts(),
            Self::SmsMfa(s) => s.parts(),
            Self::EmailOtp(s) => s.parts(),
            Self::SoftwareTokenMfa(s) => s.parts(),
            Self::CustomChallenge(s) => s.parts(),
            Self::Unknown(s) => s.parts(),
            _ => Err(Error::sealed(
                ErrorKind::InvalidParameter,
                "only a step that waits for a person can be sealed",
            )),
        }
    }

    fn from_restored(restored: Restored) -> Result<Self, Error> {
        match restored {
            Restored::Next(next) => Ok(next),
            Restored::TotpSetup(_) => Err(invalid(
                "it holds a TotpSetup, which is not a Next: unseal it with unseal_as::<TotpSetup>",
            )),
        }
    }
}

impl Client {
    /// Restores a sealed [`Next`] step (see [`Sealable`]) for this app client.
    ///
    /// # Errors
    ///
    /// * [`ErrorKind::InvalidSealedState`]: not a sealed state, truncated or altered, sealed
    ///   with another key, for another user pool or app client, through the admin API, or a
    ///   [`TotpSetup`] (use [`Client::unseal_as`]).
    /// * [`ErrorKind::SessionExpired`]: older than the key's [`max_age`](SealingKey::max_age).
    ///
    /// ```
    /// # fn main() -> Result<(), cognito_flow::Error> {
    /// # #[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))] {
    /// use cognito_flow::{Client, ErrorKind, SealingKey};
    ///
    /// let client = Client::builder()
    ///     .user_pool_id("us-east-1_AbCdEf123")
    ///     .client_id("1example23456789")
    ///     .build()?;
    /// let key = SealingKey::from_bytes([7; 32]);
    /// let err = client.unseal(&key, "cfs1.bm90LWEtc2VhbGVkLXN0YXRl").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidSealedState);
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn unseal(&self, key: &SealingKey, sealed: &str) -> Result<Next, Error> {
        self.unseal_as(key, sealed)
    }

    /// Restores a sealed step of a known type: a [`TotpSetup`], or one state such as
    /// [`SoftwareTokenMfa`] (or [`Next`], like [`Client::unseal`]).
    ///
    /// # Errors
    ///
    /// As [`Client::unseal`]; [`ErrorKind::InvalidSealedState`] also when the sealed state is
    /// another type than `S`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let key = cognito_flow::SealingKey::generate()?;
    /// # let step = doc_support::step!(sandbox, MfaSetup); // newbie: MFA required, none set up
    /// # let client = doc_support::client!(sandbox.mfa_required());
    /// use cognito_flow::{Sealable, TotpCode, TotpSetup};
    ///
    /// // Request 1: MFA_SETUP; associate an authenticator and show its secret.
    /// let setup = step.associate_totp().await?;
    /// let sealed = setup.seal(&key)?;
    /// # let code_from_app = sandbox.totp_code_for_secret(setup.secret().expose_secret());
    /// # drop(setup);
    ///
    /// // Request 2: the user typed the app's first code.
    /// let setup: TotpSetup = client.unseal_as(&key, sealed.expose_secret())?;
    /// let next = setup.verify(TotpCode::new(code_from_app), Some("phone")).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn unseal_as<S: Sealable>(&self, key: &SealingKey, sealed: &str) -> Result<S, Error> {
        S::from_restored(open(Api::Public(self.clone()), key, sealed)?)
    }
}

#[cfg(feature = "admin")]
impl AdminClient {
    /// Restores a [`Next`] step sealed from an admin sign-in (see [`Sealable`]).
    ///
    /// # Errors
    ///
    /// As [`Client::unseal`]; a state sealed from a public (non-admin) sign-in is
    /// [`ErrorKind::InvalidSealedState`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// # let key = cognito_flow::SealingKey::generate()?;
    /// use cognito_flow::{MfaCode, Next, Password, Sealable};
    ///
    /// let Next::SmsMfa(step) = admin.admin_password_auth("sam", Password::new("Corr3ct-horse!")).await?
    /// else {
    ///     panic!("sam has SMS MFA");
    /// };
    /// let sealed = step.seal(&key)?;
    /// # drop(step);
    /// # let code_from_user = sandbox.last_code("sam");
    ///
    /// // Later, with the code:
    /// # let mut answered = false;
    /// if let Next::SmsMfa(step) = admin.unseal(&key, sealed.expose_secret())? {
    ///     let next = step.respond(MfaCode::new(code_from_user)).await?;
    ///     assert!(next.is_signed_in());
    ///     # answered = true;
    /// }
    /// # assert!(answered);
    /// # Ok(()) }
    /// ```
    pub fn unseal(&self, key: &SealingKey, sealed: &str) -> Result<Next, Error> {
        self.unseal_as(key, sealed)
    }

    /// Restores a step of a known type sealed from an admin sign-in.
    ///
    /// # Errors
    ///
    /// As [`AdminClient::unseal`]; [`ErrorKind::InvalidSealedState`] also when the sealed
    /// state is another type than `S`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox);
    /// # let key = cognito_flow::SealingKey::generate()?;
    /// use cognito_flow::{Next, Password, Sealable, SoftwareTokenMfa, TotpCode};
    ///
    /// let next = admin.admin_password_auth("tess", Password::new("Corr3ct-horse!")).await?;
    /// let sealed = next.seal(&key)?; // a `Next` seals the step it holds
    /// # let code_from_app = sandbox.totp_code("tess");
    ///
    /// let step: SoftwareTokenMfa = admin.unseal_as(&key, sealed.expose_secret())?;
    /// let next = step.respond(TotpCode::new(code_from_app)).await?;
    /// assert!(next.is_signed_in());
    /// # Ok(()) }
    /// ```
    pub fn unseal_as<S: Sealable>(&self, key: &SealingKey, sealed: &str) -> Result<S, Error> {
        S::from_restored(open(Api::Admin(self.clone()), key, sealed)?)
    }
}

// ---------------------------------------------------------------------------------------
// The format.

/// Appends (or, without an output, only counts) the length-prefixed encoding.
struct Writer<'a> {
    out: Option<&'a mut Vec<u8>>,
    len: usize,
}

impl<'a> Writer<'a> {
    fn counting() -> Self {
        Self { out: None, len: 0 }
    }

    fn to(out: &'a mut Vec<u8>) -> Self {
        Self {
            out: Some(out),
            len: 0,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        if let Some(out) = self.out.as_mut() {
            out.extend_from_slice(bytes);
        }
    }

    fn u8(&mut self, b: u8) {
        self.raw(&[b]);
    }

    fn u32(&mut self, n: usize) -> Result<(), Error> {
        let n = u32::try_from(n).map_err(|_| invalid("a value is too long to seal"))?;
        self.raw(&n.to_be_bytes());
        Ok(())
    }

    fn str(&mut self, s: &str) -> Result<(), Error> {
        self.u32(s.len())?;
        self.raw(s.as_bytes());
        Ok(())
    }

    fn opt(&mut self, s: Option<&str>) -> Result<(), Error> {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s)
            }
            None => {
                self.u8(0);
                Ok(())
            }
        }
    }

    fn map(&mut self, m: &BTreeMap<String, String>) -> Result<(), Error> {
        self.u32(m.len())?;
        for (k, v) in m {
            self.str(k)?;
            self.str(v)?;
        }
        Ok(())
    }
}

/// The plaintext, in this order.
fn encode(w: &mut Writer<'_>, parts: &Parts<'_>, issued_at: i64) -> Result<(), Error> {
    let ctx = parts.ctx;
    w.u8(FORMAT_VERSION);
    w.u8(parts.kind as u8);
    w.raw(&issued_at.to_be_bytes());
    w.str(parts.name)?;
    w.str(&ctx.username)?;
    w.opt(ctx.session.as_ref().map(Session::expose_secret))?;
    w.opt(ctx.device_key.as_deref())?;
    w.opt(parts.totp_secret.map(TotpSecret::expose_secret))?;
    w.map(&ctx.parameters)?;
    w.map(&ctx.metadata.client_metadata)?;
    w.opt(ctx.metadata.analytics_endpoint_id.as_deref())?;
    w.opt(ctx.metadata.encoded_data.as_deref())?;
    w.opt(ctx.metadata.ip_address.as_deref())?;
    Ok(())
}

/// Reads the plaintext; every malformation is an error, never a panic.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.rest.len() < n {
            return Err(malformed());
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, Error> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| malformed())?;
        usize::try_from(u32::from_be_bytes(b)).map_err(|_| malformed())
    }

    fn i64(&mut self) -> Result<i64, Error> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| malformed())?;
        Ok(i64::from_be_bytes(b))
    }

    fn str(&mut self) -> Result<String, Error> {
        let n = self.u32()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| malformed())
    }

    fn opt(&mut self) -> Result<Option<String>, Error> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(malformed()),
        }
    }

    fn map(&mut self) -> Result<BTreeMap<String, String>, Error> {
        let n = self.u32()?;
        let mut m = BTreeMap::new();
        for _ in 0..n {
            let k = self.str()?;
            let v = self.str()?;
            m.insert(k, v);
        }
        Ok(m)
    }
}

fn malformed() -> Error {
    invalid("its contents are malformed")
}

/// The decrypted contents.
struct Contents {
    kind: Kind,
    issued_at: i64,
    name: String,
    username: String,
    session: Option<Session>,
    device_key: Option<String>,
    totp_secret: Option<TotpSecret>,
    parameters: BTreeMap<String, String>,
    metadata: Metadata,
}

fn decode(plaintext: &[u8]) -> Result<Contents, Error> {
    let mut r = Reader { rest: plaintext };
    if r.u8()? != FORMAT_VERSION {
        return Err(invalid("its contents have an unknown format version"));
    }
    let kind = Kind::from_byte(r.u8()?).ok_or_else(malformed)?;
    let issued_at = r.i64()?;
    let name = r.str()?;
    let username = r.str()?;
    let session = r.opt()?.map(Session::new);
    let device_key = r.opt()?;
    let totp_secret = r.opt()?.map(TotpSecret::new);
    let parameters = r.map()?;
    let mut metadata = Metadata::new();
    metadata.client_metadata = r.map()?;
    metadata.analytics_endpoint_id = r.opt()?;
    metadata.encoded_data = r.opt()?;
    metadata.ip_address = r.opt()?;
    if !r.rest.is_empty() {
        return Err(malformed());
    }
    Ok(Contents {
        kind,
        issued_at,
        name,
        username,
        session,
        device_key,
        totp_secret,
        parameters,
        metadata,
    })
}

/// The associated data: what the state is bound to, authenticated but not stored.
fn associated_data(api: &Api) -> Result<Vec<u8>, Error> {
    let client = api.client();
    let api_name = match api {
        Api::Public(_) => "public",
        #[cfg(feature = "admin")]
        Api::Admin(_) => "admin",
    };
    let mut aad = Vec::new();
    let mut w = Writer::to(&mut aad);
    w.str(AAD_DOMAIN)?;
    w.str(api_name)?;
    w.str(client.user_pool_id())?;
    w.str(client.client_id())?;
    Ok(aad)
}

fn seal(parts: &Parts<'_>, key: &SealingKey) -> Result<SealedState, Error> {
    let api = &parts.ctx.api;
    let issued_at = api.client().now_unix_seconds();
    let mut count = Writer::counting();
    encode(&mut count, parts, issued_at)?;
    // One allocation of the final size, so no copy of the plaintext is left behind by a
    // reallocation; the buffer is wiped on drop either way.
    let mut buf = Zeroizing::new(Vec::with_capacity(NONCE_LEN + count.len + TAG_LEN));
    let mut nonce = [0u8; NONCE_LEN];
    random(&mut nonce)?;
    buf.extend_from_slice(&nonce);
    encode(&mut Writer::to(&mut buf), parts, issued_at)?;
    let tag = key
        .cipher()?
        .encrypt_inout_detached(
            &XNonce::from(nonce),
            &associated_data(api)?,
            (&mut buf[NONCE_LEN..]).into(),
        )
        .map_err(|_| invalid("the state is too large to seal"))?;
    buf.extend_from_slice(&tag);
    let mut out = String::with_capacity(PREFIX.len() + buf.len().div_ceil(3) * 4);
    out.push_str(PREFIX);
    URL_SAFE_NO_PAD.encode_string(&*buf, &mut out);
    Ok(SealedState(Zeroizing::new(out)))
}

fn open(api: Api, key: &SealingKey, sealed: &str) -> Result<Restored, Error> {
    if sealed.len() > MAX_SEALED_LEN {
        return Err(invalid("it is too long"));
    }
    let body = sealed
        .strip_prefix(PREFIX)
        .ok_or_else(|| invalid("it is not a sealed state of this format"))?;
    let mut raw = Zeroizing::new(
        URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| invalid("it is not valid base64url"))?,
    );
    if raw.len() < NONCE_LEN + TAG_LEN {
        return Err(invalid("it is truncated"));
    }
    let tag_at = raw.len() - TAG_LEN;
    let (head, tag) = raw.split_at_mut(tag_at);
    let (nonce, ciphertext) = head.split_at_mut(NONCE_LEN);
    let nonce = XNonce::try_from(&*nonce).map_err(|_| invalid("it is truncated"))?;
    let tag = Tag::try_from(&*tag).map_err(|_| invalid("it is truncated"))?;
    key.cipher()?
        .decrypt_inout_detached(&nonce, &associated_data(&api)?, ciphertext.into(), &tag)
        .map_err(|_| {
            invalid(
                "it could not be opened: altered, sealed with another key, or for another user \
                 pool, app client or API",
            )
        })?;
    let contents = decode(ciphertext)?;

    let now = api.client().now_unix_seconds();
    let age = u64::try_from(now.saturating_sub(contents.issued_at)).unwrap_or(0);
    if Duration::from_secs(age) > key.max_age {
        return Err(Error::sealed(
            ErrorKind::SessionExpired,
            "it is older than the sealing key's max age",
        ));
    }
    if contents
        .kind
        .challenge_name()
        .is_some_and(|expected| contents.name != expected)
    {
        return Err(malformed());
    }
    if contents.session.is_none() {
        return Err(malformed());
    }
    let ctx = ChallengeCtx {
        api,
        username: contents.username,
        session: contents.session,
        metadata: contents.metadata,
        device_key: contents.device_key,
        parameters: contents.parameters,
    };
    Ok(match contents.kind {
        Kind::NewPasswordRequired => {
            Restored::Next(Next::NewPasswordRequired(NewPasswordRequired::new(ctx)?))
        }
        Kind::MfaSetup => Restored::Next(Next::MfaSetup(MfaSetup::new(ctx)?)),
        Kind::TotpSetup => {
            let secret = contents.totp_secret.ok_or_else(malformed)?;
            Restored::TotpSetup(TotpSetup::from_sealed(ctx, secret))
        }
        Kind::SelectMfaType => Restored::Next(Next::SelectMfaType(SelectMfaType::new(ctx)?)),
        Kind::SmsMfa => Restored::Next(Next::SmsMfa(SmsMfa::new(ctx))),
        Kind::EmailOtp => Restored::Next(Next::EmailOtp(EmailOtp::new(ctx))),
        Kind::SoftwareTokenMfa => {
            Restored::Next(Next::SoftwareTokenMfa(SoftwareTokenMfa::new(ctx)))
        }
        Kind::CustomChallenge => Restored::Next(Next::CustomChallenge(CustomChallenge::new(ctx))),
        Kind::Unknown => Restored::Next(Next::Unknown(UnknownChallenge::new(ctx, contents.name))),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::UNIX_EPOCH;

    use super::private::Sealed as _;
    use super::*;
    use crate::challenge::DeviceSrpAuth;
    use crate::{ResponseFuture, Transport, TransportError, TransportErrorKind};

    const POOL: &str = "us-east-1_AbCdEf123";
    const CLIENT_ID: &str = "1example23456789";
    const SESSION: &str = "AYABeSessionCanary-7f3c9a1e5b";
    const USERNAME: &str = "user-canary-4d2e";
    const TOTP: &str = "JBSWY3DPEHPK3PXPCANARY";

    /// Nothing in these tests reaches a network.
    #[derive(Debug)]
    struct NoNetwork;

    #[derive(Debug)]
    struct NotSent;

    impl fmt::Display for NotSent {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("no network in unit tests")
        }
    }

    impl std::error::Error for NotSent {}

    impl TransportError for NotSent {
        fn kind(&self) -> TransportErrorKind {
            TransportErrorKind::NotSent
        }
    }

    impl Transport for NoNetwork {
        fn send(&self, _request: crate::HttpRequest) -> ResponseFuture<'_> {
            Box::pin(async { Err(Box::new(NotSent) as Box<dyn TransportError>) })
        }
    }

    /// A client for `pool`/`client_id` whose clock reads `clock` (Unix seconds).
    fn client_with(pool: &str, client_id: &str, clock: &Arc<AtomicU64>) -> Client {
        let clock = Arc::clone(clock);
        Client::builder()
            .user_pool_id(pool)
            .client_id(client_id)
            .transport(NoNetwork)
            .time_source(move || UNIX_EPOCH + Duration::from_secs(clock.load(Ordering::SeqCst)))
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn clock() -> Arc<AtomicU64> {
        Arc::new(AtomicU64::new(1_700_000_000))
    }

    fn ctx(client: &Client, parameters: &[(&str, &str)]) -> ChallengeCtx {
        ChallengeCtx {
            api: Api::Public(client.clone()),
            username: USERNAME.to_owned(),
            session: Some(Session::new(SESSION)),
            metadata: Metadata::new()
                .client_metadata("campaign", "spring")
                .analytics_endpoint_id("pinpoint-1")
                .user_context_encoded_data("encoded-context")
                .user_context_ip_address("192.0.2.1"),
            device_key: Some("us-east-1_device-key".to_owned()),
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn key() -> SealingKey {
        SealingKey::from_bytes([42; 32])
    }

    fn ok<T>(r: Result<T, Error>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    #[track_caller]
    fn assert_kind<T: fmt::Debug>(r: Result<T, Error>, kind: ErrorKind) {
        match r {
            Ok(v) => panic!("expected {kind:?}, got {v:?}"),
            Err(e) => assert_eq!(e.kind(), kind, "{e}"),
        }
    }

    /// Everything a context holds comes back.
    fn assert_same_ctx(a: &ChallengeCtx, b: &ChallengeCtx) {
        assert_eq!(a.username, b.username);
        assert_eq!(
            a.session.as_ref().map(Session::expose_secret),
            b.session.as_ref().map(Session::expose_secret)
        );
        assert_eq!(a.device_key, b.device_key);
        assert_eq!(a.parameters, b.parameters);
        assert_eq!(a.metadata.client_metadata, b.metadata.client_metadata);
        assert_eq!(
            a.metadata.analytics_endpoint_id,
            b.metadata.analytics_endpoint_id
        );
        assert_eq!(a.metadata.encoded_data, b.metadata.encoded_data);
        assert_eq!(a.metadata.ip_address, b.metadata.ip_address);
        assert_eq!(
            matches!(a.api, Api::Public(_)),
            matches!(b.api, Api::Public(_))
        );
    }

    fn sealed_totp_step(client: &Client) -> (SoftwareTokenMfa, SealedState) {
        let step = SoftwareTokenMfa::new(ctx(client, &[("USERNAME", USERNAME)]));
        let sealed = ok(step.seal(&key()));
        (step, sealed)
    }

    #[test]
    fn every_sealable_state_round_trips() {
        let clock = clock();
        let client = client_with(POOL, CLIENT_ID, &clock);
        let key = key();

        let step = SoftwareTokenMfa::new(ctx(&client, &[]));
        let back: SoftwareTokenMfa =
            ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());

        let step = SmsMfa::new(ctx(
            &client,
            &[
                ("CODE_DELIVERY_DESTINATION", "+*******0100"),
                ("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS"),
            ],
        ));
        let Next::SmsMfa(back) = ok(client.unseal(&key, ok(step.seal(&key)).expose_secret()))
        else {
            panic!("expected SmsMfa");
        };
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.delivery(), step.delivery());

        let step = EmailOtp::new(ctx(&client, &[("CODE_DELIVERY_DESTINATION", "a***@e***")]));
        let back: EmailOtp = ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());

        let step = CustomChallenge::new(ctx(&client, &[("question", "6 x 7?")]));
        let back: CustomChallenge = ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.parameters(), step.parameters());

        let step = ok(NewPasswordRequired::new(ctx(
            &client,
            &[
                ("requiredAttributes", r#"["userAttributes.name"]"#),
                ("userAttributes", r#"{"email":"a@example.com"}"#),
            ],
        )));
        let back: NewPasswordRequired =
            ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.required_attributes(), ["name"]);
        assert_eq!(back.current_attributes(), step.current_attributes());

        let step = ok(MfaSetup::new(ctx(
            &client,
            &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#)],
        )));
        let back: MfaSetup = ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.can_set_up(), step.can_set_up());

        // The offered choices, and the offer id, come back equal: a choice taken before
        // sealing answers the restored state.
        let step = ok(SelectMfaType::new(ctx(
            &client,
            &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#)],
        )));
        let back: SelectMfaType = ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.choices(), step.choices());
        assert_eq!(back.choices().len(), 2);

        let step = UnknownChallenge::new(ctx(&client, &[("X", "y")]), "NEW_THING".to_owned());
        let Next::Unknown(back) = ok(client.unseal(&key, ok(step.seal(&key)).expose_secret()))
        else {
            panic!("expected Unknown");
        };
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.challenge_name(), "NEW_THING");

        let step = TotpSetup::from_sealed(ctx(&client, &[]), TotpSecret::new(TOTP));
        let back: TotpSetup = ok(client.unseal_as(&key, ok(step.seal(&key)).expose_secret()));
        assert_same_ctx(step.ctx(), back.ctx());
        assert_eq!(back.secret().expose_secret(), TOTP);

        // Through `Next` too.
        let next = Next::SoftwareTokenMfa(SoftwareTokenMfa::new(ctx(&client, &[])));
        let Next::SoftwareTokenMfa(back) =
            ok(client.unseal(&key, ok(next.seal(&key)).expose_secret()))
        else {
            panic!("expected SoftwareTokenMfa");
        };
        assert_eq!(back.username(), USERNAME);
    }

    #[test]
    fn every_seal_is_different() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (step, a) = sealed_totp_step(&client);
        let b = ok(step.seal(&key()));
        assert_ne!(
            a.expose_secret(),
            b.expose_secret(),
            "a fresh nonce per seal"
        );
        assert!(a.expose_secret().starts_with("cfs1."));
        assert!(
            a.expose_secret()[PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn the_string_holds_no_plaintext() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let step = TotpSetup::from_sealed(
            ctx(&client, &[("USERNAME", USERNAME)]),
            TotpSecret::new(TOTP),
        );
        let sealed = ok(step.seal(&key()));
        let text = sealed.expose_secret();
        let raw = ok(URL_SAFE_NO_PAD
            .decode(&text[PREFIX.len()..])
            .map_err(|_| invalid("test")));
        for canary in [
            SESSION,
            USERNAME,
            TOTP,
            "encoded-context",
            "192.0.2.1",
            POOL,
            CLIENT_ID,
        ] {
            assert!(!text.contains(canary), "{canary} in the string");
            assert!(
                !raw.windows(canary.len()).any(|w| w == canary.as_bytes()),
                "{canary} in the decoded bytes"
            );
            let b64 = URL_SAFE_NO_PAD.encode(canary);
            assert!(
                !text.contains(&b64[..b64.len() - 2]),
                "{canary} base64 in the string"
            );
        }
    }

    #[test]
    fn any_altered_bit_is_refused() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (_, sealed) = sealed_totp_step(&client);
        let raw = ok(URL_SAFE_NO_PAD
            .decode(&sealed.expose_secret()[PREFIX.len()..])
            .map_err(|_| invalid("test")));
        for i in 0..raw.len() {
            for bit in 0..8 {
                let mut altered = raw.clone();
                altered[i] ^= 1 << bit;
                let text = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&altered));
                assert_kind(client.unseal(&key(), &text), ErrorKind::InvalidSealedState);
            }
        }
    }

    #[test]
    fn truncation_and_garbage_are_refused_without_panicking() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (_, sealed) = sealed_totp_step(&client);
        let text = sealed.expose_secret();
        for end in 0..text.len() {
            assert_kind(
                client.unseal(&key(), &text[..end]),
                ErrorKind::InvalidSealedState,
            );
        }
        let long = format!("{PREFIX}{}", "A".repeat(MAX_SEALED_LEN));
        for garbage in [
            "",
            "cfs1.",
            "cfs1.!!!!",
            "cfs1.AAAA====",
            "cfs2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "eyJhbGciOiJIUzI1NiJ9.e30.x",
            &format!("{text}A"),
            &format!("{text}{text}"),
            &long,
        ] {
            assert_kind(
                client.unseal(&key(), garbage),
                ErrorKind::InvalidSealedState,
            );
        }
    }

    #[test]
    fn another_key_pool_client_or_api_is_refused() {
        let clock = clock();
        let client = client_with(POOL, CLIENT_ID, &clock);
        let (_, sealed) = sealed_totp_step(&client);
        let text = sealed.expose_secret();

        assert_kind(
            client.unseal(&SealingKey::from_bytes([43; 32]), text),
            ErrorKind::InvalidSealedState,
        );
        let other_client = client_with(POOL, "2another345678901", &clock);
        assert_kind(
            other_client.unseal(&key(), text),
            ErrorKind::InvalidSealedState,
        );
        let other_pool = client_with("us-east-1_ZzZzZz999", CLIENT_ID, &clock);
        assert_kind(
            other_pool.unseal(&key(), text),
            ErrorKind::InvalidSealedState,
        );
        #[cfg(feature = "admin")]
        {
            use crate::{AwsCredentials, AwsSecretAccessKey};
            let admin = AdminClient::new(
                client.clone(),
                AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new("secret")),
            );
            assert_kind(admin.unseal(&key(), text), ErrorKind::InvalidSealedState);
            // And the other way round.
            let mut c = ctx(&client, &[]);
            c.api = Api::Admin(admin.clone());
            let sealed = ok(SmsMfa::new(c).seal(&key()));
            assert_kind(
                client.unseal(&key(), sealed.expose_secret()),
                ErrorKind::InvalidSealedState,
            );
            let Next::SmsMfa(back) = ok(admin.unseal(&key(), sealed.expose_secret())) else {
                panic!("expected SmsMfa");
            };
            assert!(matches!(back.ctx().api, Api::Admin(_)));
        }
        // The right client still opens it.
        assert!(client.unseal(&key(), text).is_ok());
    }

    #[test]
    fn older_than_the_max_age_is_session_expired() {
        let clock = clock();
        let client = client_with(POOL, CLIENT_ID, &clock);
        let (_, sealed) = sealed_totp_step(&client);
        let text = sealed.expose_secret();
        let short = key().with_max_age(Duration::from_secs(60));

        clock.fetch_add(60, Ordering::SeqCst);
        assert!(
            client.unseal(&short, text).is_ok(),
            "exactly the max age is fine"
        );
        clock.fetch_add(1, Ordering::SeqCst);
        assert_kind(client.unseal(&short, text), ErrorKind::SessionExpired);
        assert!(
            client.unseal(&key(), text).is_ok(),
            "the default is 15 minutes"
        );
        clock.fetch_add(15 * 60, Ordering::SeqCst);
        assert_kind(client.unseal(&key(), text), ErrorKind::SessionExpired);
        // A clock behind the sealer's (skew between servers) is not an error.
        clock.fetch_sub(3600, Ordering::SeqCst);
        assert!(client.unseal(&key(), text).is_ok());
    }

    #[test]
    fn another_kind_is_refused() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (_, sealed) = sealed_totp_step(&client);
        assert_kind(
            client.unseal_as::<SmsMfa>(&key(), sealed.expose_secret()),
            ErrorKind::InvalidSealedState,
        );
        assert_kind(
            client.unseal_as::<TotpSetup>(&key(), sealed.expose_secret()),
            ErrorKind::InvalidSealedState,
        );
        let setup = TotpSetup::from_sealed(ctx(&client, &[]), TotpSecret::new(TOTP));
        let sealed = ok(setup.seal(&key()));
        assert_kind(
            client.unseal(&key(), sealed.expose_secret()),
            ErrorKind::InvalidSealedState,
        );
        assert!(
            client
                .unseal_as::<TotpSetup>(&key(), sealed.expose_secret())
                .is_ok()
        );
    }

    #[test]
    fn steps_that_need_no_person_are_not_sealable_through_next() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let next = Next::DeviceSrpAuth(DeviceSrpAuth::new(ctx(&client, &[])));
        assert_kind(next.seal(&key()), ErrorKind::InvalidParameter);
    }

    #[test]
    fn contents_layout_is_strict() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let step = SmsMfa::new(ctx(&client, &[("A", "b")]));
        let parts = ok(step.parts());
        let mut plain = Vec::new();
        ok(encode(&mut Writer::to(&mut plain), &parts, 7));
        let mut count = Writer::counting();
        ok(encode(&mut count, &parts, 7));
        assert_eq!(count.len, plain.len());
        let contents = ok(decode(&plain));
        assert_eq!(contents.kind, Kind::SmsMfa);
        assert_eq!(contents.issued_at, 7);
        assert_eq!(contents.name, "SMS_MFA");
        // Every truncation, a trailing byte and another version are refused.
        for end in 0..plain.len() {
            assert!(decode(&plain[..end]).is_err());
        }
        let mut longer = plain.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut v2 = plain.clone();
        v2[0] = 2;
        assert!(decode(&v2).is_err());
        let mut unknown_kind = plain;
        unknown_kind[1] = 200;
        assert!(decode(&unknown_kind).is_err());
    }

    #[test]
    fn debug_shows_no_secret() {
        assert_eq!(format!("{:?}", key()), "SealingKey { max_age: 900s, .. }");
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (_, sealed) = sealed_totp_step(&client);
        assert_eq!(format!("{sealed:?}"), "SealedState(<redacted>)");
        assert_eq!(format!("{sealed:#?}"), "SealedState(<redacted>)");
    }

    #[test]
    fn generated_keys_differ() {
        let client = client_with(POOL, CLIENT_ID, &clock());
        let (step, _) = sealed_totp_step(&client);
        let a = ok(SealingKey::generate());
        let b = ok(SealingKey::generate());
        let sealed = ok(step.seal(&a));
        assert!(client.unseal(&a, sealed.expose_secret()).is_ok());
        assert_kind(
            client.unseal(&b, sealed.expose_secret()),
            ErrorKind::InvalidSealedState,
        );
    }

    #[test]
    fn types_are_send_sync() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<SealingKey>();
        assert_bounds::<SealedState>();
    }
}
