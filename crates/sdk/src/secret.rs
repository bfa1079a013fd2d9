//! Secret newtypes: one macro, one shape.
//!
//! Every type here stores a [`zeroize::Zeroizing<String>`] (wiped on drop), prints
//! `TypeName(<redacted>)` under `Debug`, and deliberately has **no** `Display`, `Serialize`
//! or `PartialEq`: reading the value takes an explicit [`expose_secret`] call, which is easy
//! to find in review.
//!
//! [`expose_secret`]: Password::expose_secret

use std::fmt;

use zeroize::Zeroizing;

/// Defines a secret newtype around `Zeroizing<String>` with a redacting `Debug`.
macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// The value is wiped from memory when dropped. `Debug` prints
        #[doc = concat!("`", stringify!($name), "(<redacted>)`;")]
        /// there is no `Display`, `Serialize` or `PartialEq`.
        ///
        /// ```
        #[doc = concat!("let secret = cognito_flow::", stringify!($name), "::new(\"s3cr3t-value\");")]
        #[doc = concat!("assert_eq!(format!(\"{secret:?}\"), \"", stringify!($name), "(<redacted>)\");")]
        /// assert_eq!(secret.expose_secret(), "s3cr3t-value");
        /// ```
        // `Clone` is fine: a clone is zeroized on drop as well.
        #[derive(Clone)]
        pub struct $name(Zeroizing<String>);

        impl $name {
            #[doc = concat!("Wraps a secret value in a [`", stringify!($name), "`].")]
            ///
            /// ```
            #[doc = concat!("let secret = cognito_flow::", stringify!($name), "::new(String::from(\"s3cr3t-value\"));")]
            /// assert_eq!(secret.expose_secret(), "s3cr3t-value");
            /// ```
            pub fn new(value: impl Into<String>) -> Self {
                Self(Zeroizing::new(value.into()))
            }

            /// Returns the secret value.
            ///
            /// # Security Warning
            ///
            /// The returned string is the raw secret. Do not log it, print it, put it in an
            /// error message or keep a copy longer than needed; copies you make are not
            /// zeroized.
            ///
            /// ```
            #[doc = concat!("let secret = cognito_flow::", stringify!($name), "::new(\"s3cr3t-value\");")]
            /// // Hand the raw value to what needs it, e.g. a request body; never to a log.
            /// assert_eq!(secret.expose_secret().len(), 12);
            /// ```
            #[must_use]
            pub fn expose_secret(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_type!(
    /// A user's password (`PASSWORD`, `NEW_PASSWORD`, the SRP password).
    Password
);
secret_type!(
    /// A one-time code typed by the user: SMS, e-mail or TOTP MFA code, confirmation code.
    MfaCode
);
secret_type!(
    /// A code Cognito sent to confirm a sign-up or reset a password.
    ConfirmationCode
);
secret_type!(
    /// A six-digit code from an authenticator app (TOTP), for `SOFTWARE_TOKEN_MFA` and
    /// `VerifySoftwareToken`. A distinct type from [`MfaCode`], so an SMS or e-mail code cannot
    /// be passed where an authenticator code is expected.
    TotpCode
);
secret_type!(
    /// A TOTP secret (base32 `SecretCode` from `AssociateSoftwareToken`), or an `otpauth://`
    /// URI containing it.
    TotpSecret
);
secret_type!(
    /// Cognito's opaque, single-use challenge `Session` string.
    Session
);
secret_type!(
    /// A Cognito access token (JWT).
    AccessToken
);
secret_type!(
    /// A Cognito ID token (JWT).
    IdToken
);
secret_type!(
    /// A Cognito refresh token (opaque).
    RefreshToken
);
secret_type!(
    /// An app client's secret. Only confidential (server-side) app clients have one.
    ClientSecret
);
secret_type!(
    /// The random password of a remembered device (device SRP).
    DeviceSecret
);
secret_type!(
    /// The `SECRET_BLOCK` of a `PASSWORD_VERIFIER` challenge.
    SecretBlock
);
secret_type!(
    /// The secret half of an AWS access key pair (`AWS_SECRET_ACCESS_KEY`).
    AwsSecretAccessKey
);
secret_type!(
    /// An AWS session token for temporary credentials (`AWS_SESSION_TOKEN`).
    AwsSessionToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_for_every_type() {
        const CANARY: &str = "canary-6a1f9c";
        let cases: [(String, &str); 11] = [
            (
                format!("{:?}", Password::new(CANARY)),
                "Password(<redacted>)",
            ),
            (format!("{:?}", MfaCode::new(CANARY)), "MfaCode(<redacted>)"),
            (format!("{:?}", Session::new(CANARY)), "Session(<redacted>)"),
            (
                format!("{:?}", AccessToken::new(CANARY)),
                "AccessToken(<redacted>)",
            ),
            (format!("{:?}", IdToken::new(CANARY)), "IdToken(<redacted>)"),
            (
                format!("{:?}", RefreshToken::new(CANARY)),
                "RefreshToken(<redacted>)",
            ),
            (
                format!("{:?}", ClientSecret::new(CANARY)),
                "ClientSecret(<redacted>)",
            ),
            (
                format!("{:?}", DeviceSecret::new(CANARY)),
                "DeviceSecret(<redacted>)",
            ),
            (
                format!("{:?}", SecretBlock::new(CANARY)),
                "SecretBlock(<redacted>)",
            ),
            (
                format!("{:?}", AwsSecretAccessKey::new(CANARY)),
                "AwsSecretAccessKey(<redacted>)",
            ),
            (
                format!("{:?}", AwsSessionToken::new(CANARY)),
                "AwsSessionToken(<redacted>)",
            ),
        ];
        for (debug, expected) in cases {
            assert_eq!(debug, expected);
        }
        // Alternate form too.
        assert_eq!(
            format!("{:#?}", Password::new(CANARY)),
            "Password(<redacted>)"
        );
    }

    #[test]
    fn expose_secret_returns_the_value() {
        assert_eq!(Password::new("hunter2").expose_secret(), "hunter2");
        let s = String::from("abc");
        assert_eq!(Session::new(s).expose_secret(), "abc");
    }
}
