//! String enums that keep values this version does not know.
//!
//! Cognito adds enum values without notice (`SMS_OTP`, `WEB_AUTHN`, `SELECT_CHALLENGE` all arrived
//! long after the API did), so every enum here has an `Unknown` variant holding the raw text. Parsing
//! never fails, and an unknown value serializes back exactly as it arrived.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enum value this version of the crate does not know, kept verbatim.
///
/// Only the crate creates these, and only for text that matches none of the enum's known values, so
/// `ChallengeName::Unknown(_)` never stands for a value that has a variant of its own.
///
/// ```
/// use cognito_flow_wire::ChallengeName;
///
/// match ChallengeName::from("FUTURE_CHALLENGE") {
///     ChallengeName::Unknown(raw) => assert_eq!(raw.as_str(), "FUTURE_CHALLENGE"),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The raw value as it appeared on the wire.
    ///
    /// ```
    /// use cognito_flow_wire::AuthFlow;
    ///
    /// if let AuthFlow::Unknown(raw) = AuthFlow::from("NEW_FLOW") {
    ///     assert_eq!(raw.as_str(), "NEW_FLOW");
    /// }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(#[$first_meta:meta])*
            $first:ident = $first_value:literal,
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[$first_meta])*
            $first,
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this version does not know, kept verbatim.
            Unknown(UnknownValue),
        }

        impl $name {
            /// Every value the service model defines, in model order.
            ///
            /// ```
            #[doc = concat!("use cognito_flow_wire::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::KNOWN[0], \"", $first_value, "\");")]
            #[doc = concat!("for value in ", stringify!($name), "::KNOWN {")]
            #[doc = concat!("    assert_eq!(", stringify!($name), "::from(*value).as_str(), *value);")]
            /// }
            /// ```
            pub const KNOWN: &'static [&'static str] = &[$first_value, $($value),*];

            /// The value as it is written on the wire.
            ///
            /// ```
            #[doc = concat!("use cognito_flow_wire::", stringify!($name), ";")]
            ///
            #[doc = concat!(
                "assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), \"",
                $first_value, "\");"
            )]
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$first => $first_value,
                    $(Self::$variant => $value,)*
                    Self::Unknown(raw) => raw.as_str(),
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    $first_value => Some(Self::$first),
                    $($value => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(UnknownValue(value.to_owned())))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::Unknown(UnknownValue(value)))
            }
        }

        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(value: &str) -> Result<Self, Infallible> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

wire_enum! {
    /// `AuthFlowType`: how `InitiateAuth` / `AdminInitiateAuth` authenticate (spec §4.1).
    ///
    /// ```
    /// use cognito_flow_wire::AuthFlow;
    ///
    /// assert_eq!(AuthFlow::UserSrpAuth.as_str(), "USER_SRP_AUTH");
    /// assert_eq!("USER_AUTH".parse(), Ok(AuthFlow::UserAuth));
    /// ```
    pub enum AuthFlow {
        /// `USER_SRP_AUTH`: SRP password verification.
        UserSrpAuth = "USER_SRP_AUTH",
        /// `REFRESH_TOKEN_AUTH`: new ID and access tokens from a refresh token.
        RefreshTokenAuth = "REFRESH_TOKEN_AUTH",
        /// `REFRESH_TOKEN`: alias of `REFRESH_TOKEN_AUTH`.
        RefreshToken = "REFRESH_TOKEN",
        /// `CUSTOM_AUTH`: Lambda-driven custom challenges.
        CustomAuth = "CUSTOM_AUTH",
        /// `ADMIN_NO_SRP_AUTH`: legacy name of `ADMIN_USER_PASSWORD_AUTH`.
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// `USER_PASSWORD_AUTH`: plain password sent to the service.
        UserPasswordAuth = "USER_PASSWORD_AUTH",
        /// `ADMIN_USER_PASSWORD_AUTH`: plain password, `AdminInitiateAuth` only.
        AdminUserPasswordAuth = "ADMIN_USER_PASSWORD_AUTH",
        /// `USER_AUTH`: choice-based sign-in (passwordless, passkeys, password).
        UserAuth = "USER_AUTH",
    }
}

wire_enum! {
    /// `ChallengeNameType`: the challenge the service asks the client to answer next (spec §4.2, §5).
    ///
    /// Also the element type of `AvailableChallenges`, `MFAS_CAN_SETUP` and `MFAS_CAN_CHOOSE`.
    ///
    /// ```
    /// use cognito_flow_wire::ChallengeName;
    ///
    /// let name: ChallengeName = serde_json::from_str(r#""PASSWORD_VERIFIER""#).unwrap();
    /// assert_eq!(name, ChallengeName::PasswordVerifier);
    /// let later: ChallengeName = serde_json::from_str(r#""QUANTUM_MFA""#).unwrap();
    /// assert_eq!(later.as_str(), "QUANTUM_MFA");
    /// assert_eq!(serde_json::to_string(&later).unwrap(), r#""QUANTUM_MFA""#);
    /// ```
    pub enum ChallengeName {
        /// `SMS_MFA`: SMS code as a second factor.
        SmsMfa = "SMS_MFA",
        /// `EMAIL_OTP`: e-mail code, as a second factor or a `USER_AUTH` first factor.
        EmailOtp = "EMAIL_OTP",
        /// `SOFTWARE_TOKEN_MFA`: TOTP code.
        SoftwareTokenMfa = "SOFTWARE_TOKEN_MFA",
        /// `SELECT_MFA_TYPE`: pick one of `MFAS_CAN_CHOOSE`.
        SelectMfaType = "SELECT_MFA_TYPE",
        /// `MFA_SETUP`: the user must set up one of `MFAS_CAN_SETUP`.
        MfaSetup = "MFA_SETUP",
        /// `PASSWORD_VERIFIER`: answer the SRP exchange.
        PasswordVerifier = "PASSWORD_VERIFIER",
        /// `CUSTOM_CHALLENGE`: a Lambda-defined challenge.
        CustomChallenge = "CUSTOM_CHALLENGE",
        /// `SELECT_CHALLENGE`: pick one of the top-level `AvailableChallenges`.
        SelectChallenge = "SELECT_CHALLENGE",
        /// `DEVICE_SRP_AUTH`: start SRP with a remembered device's secret.
        DeviceSrpAuth = "DEVICE_SRP_AUTH",
        /// `DEVICE_PASSWORD_VERIFIER`: finish the device SRP exchange.
        DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER",
        /// `ADMIN_NO_SRP_AUTH`: legacy; not answerable with `RespondToAuthChallenge`.
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// `NEW_PASSWORD_REQUIRED`: replace a temporary password.
        NewPasswordRequired = "NEW_PASSWORD_REQUIRED",
        /// `SMS_OTP`: SMS code as a `USER_AUTH` first factor.
        SmsOtp = "SMS_OTP",
        /// `PASSWORD`: `USER_AUTH` password factor chosen without a password.
        Password = "PASSWORD",
        /// `WEB_AUTHN`: answer with a passkey assertion.
        WebAuthn = "WEB_AUTHN",
        /// `PASSWORD_SRP`: `USER_AUTH` SRP factor chosen without `SRP_A`.
        PasswordSrp = "PASSWORD_SRP",
    }
}

wire_enum! {
    /// `AuthFactorType`: a sign-in factor a user has configured (`GetUserAuthFactors`).
    ///
    /// ```
    /// use cognito_flow_wire::AuthFactorType;
    ///
    /// assert_eq!(AuthFactorType::from("WEB_AUTHN"), AuthFactorType::WebAuthn);
    /// ```
    pub enum AuthFactorType {
        /// `PASSWORD` (first factor only).
        Password = "PASSWORD",
        /// `EMAIL_OTP`.
        EmailOtp = "EMAIL_OTP",
        /// `SMS_OTP`.
        SmsOtp = "SMS_OTP",
        /// `WEB_AUTHN` (passkey).
        WebAuthn = "WEB_AUTHN",
        /// `SOFTWARE_TOKEN` (TOTP; MFA only).
        SoftwareToken = "SOFTWARE_TOKEN",
    }
}

wire_enum! {
    /// `DeliveryMediumType`: how a code was sent.
    ///
    /// ```
    /// use cognito_flow_wire::DeliveryMedium;
    ///
    /// assert_eq!(DeliveryMedium::Email.to_string(), "EMAIL");
    /// ```
    pub enum DeliveryMedium {
        /// `SMS`.
        Sms = "SMS",
        /// `EMAIL`.
        Email = "EMAIL",
    }
}

wire_enum! {
    /// `DeviceRememberedStatusType` (lower case on the wire).
    ///
    /// ```
    /// use cognito_flow_wire::DeviceRememberedStatus;
    ///
    /// assert_eq!(DeviceRememberedStatus::NotRemembered.as_str(), "not_remembered");
    /// ```
    pub enum DeviceRememberedStatus {
        /// `remembered`.
        Remembered = "remembered",
        /// `not_remembered`.
        NotRemembered = "not_remembered",
    }
}

wire_enum! {
    /// `VerifySoftwareTokenResponseType`: the outcome of `VerifySoftwareToken`.
    ///
    /// ```
    /// use cognito_flow_wire::VerifySoftwareTokenStatus;
    ///
    /// assert_eq!(VerifySoftwareTokenStatus::from("SUCCESS"), VerifySoftwareTokenStatus::Success);
    /// ```
    pub enum VerifySoftwareTokenStatus {
        /// `SUCCESS`.
        Success = "SUCCESS",
        /// `ERROR`.
        Error = "ERROR",
    }
}

wire_enum! {
    /// `RevokeAssociatedSessionsType`: what else `RevokeToken` revokes.
    ///
    /// ```
    /// use cognito_flow_wire::RevokeAssociatedSessions;
    ///
    /// assert_eq!(RevokeAssociatedSessions::Linked.as_str(), "LINKED");
    /// ```
    pub enum RevokeAssociatedSessions {
        /// `NONE` (the default).
        None = "NONE",
        /// `LINKED`.
        Linked = "LINKED",
    }
}

wire_enum! {
    /// `UserStatusType`: a user's account status (emulator configuration; `AdminGetUser`).
    ///
    /// ```
    /// use cognito_flow_wire::UserStatus;
    ///
    /// assert_eq!(UserStatus::ForceChangePassword.as_str(), "FORCE_CHANGE_PASSWORD");
    /// ```
    pub enum UserStatus {
        /// `UNCONFIRMED`.
        Unconfirmed = "UNCONFIRMED",
        /// `CONFIRMED`.
        Confirmed = "CONFIRMED",
        /// `ARCHIVED`.
        Archived = "ARCHIVED",
        /// `COMPROMISED`.
        Compromised = "COMPROMISED",
        /// `UNKNOWN` (a value the service itself reports, distinct from [`UserStatus::Unknown`]).
        UnknownStatus = "UNKNOWN",
        /// `RESET_REQUIRED`.
        ResetRequired = "RESET_REQUIRED",
        /// `FORCE_CHANGE_PASSWORD`.
        ForceChangePassword = "FORCE_CHANGE_PASSWORD",
        /// `EXTERNAL_PROVIDER`.
        ExternalProvider = "EXTERNAL_PROVIDER",
    }
}

wire_enum! {
    /// `ExplicitAuthFlowsType`: the flows an app client allows (emulator configuration, spec §4.1).
    ///
    /// ```
    /// use cognito_flow_wire::ExplicitAuthFlow;
    ///
    /// assert_eq!(ExplicitAuthFlow::AllowUserSrpAuth.as_str(), "ALLOW_USER_SRP_AUTH");
    /// ```
    pub enum ExplicitAuthFlow {
        /// `ADMIN_NO_SRP_AUTH` (legacy).
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// `CUSTOM_AUTH_FLOW_ONLY` (legacy).
        CustomAuthFlowOnly = "CUSTOM_AUTH_FLOW_ONLY",
        /// `USER_PASSWORD_AUTH` (legacy).
        UserPasswordAuth = "USER_PASSWORD_AUTH",
        /// `ALLOW_ADMIN_USER_PASSWORD_AUTH`.
        AllowAdminUserPasswordAuth = "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        /// `ALLOW_CUSTOM_AUTH`.
        AllowCustomAuth = "ALLOW_CUSTOM_AUTH",
        /// `ALLOW_USER_PASSWORD_AUTH`.
        AllowUserPasswordAuth = "ALLOW_USER_PASSWORD_AUTH",
        /// `ALLOW_USER_SRP_AUTH`.
        AllowUserSrpAuth = "ALLOW_USER_SRP_AUTH",
        /// `ALLOW_REFRESH_TOKEN_AUTH`.
        AllowRefreshTokenAuth = "ALLOW_REFRESH_TOKEN_AUTH",
        /// `ALLOW_USER_AUTH`.
        AllowUserAuth = "ALLOW_USER_AUTH",
        /// `ALLOW_TOKEN_EXCHANGE_DELEGATION`.
        AllowTokenExchangeDelegation = "ALLOW_TOKEN_EXCHANGE_DELEGATION",
        /// `ALLOW_TOKEN_EXCHANGE_IMPERSONATION`.
        AllowTokenExchangeImpersonation = "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
    }
}

wire_enum! {
    /// `PreventUserExistenceErrorTypes`: whether an app client hides unknown users (spec §8.5).
    ///
    /// ```
    /// use cognito_flow_wire::PreventUserExistenceErrors;
    ///
    /// assert_eq!(PreventUserExistenceErrors::Enabled.as_str(), "ENABLED");
    /// ```
    pub enum PreventUserExistenceErrors {
        /// `LEGACY` (the API default): unknown users get `UserNotFoundException`.
        Legacy = "LEGACY",
        /// `ENABLED`: unknown users look like wrong passwords.
        Enabled = "ENABLED",
    }
}

wire_enum! {
    /// The WebAuthn `userVerification` requirement in `CREDENTIAL_REQUEST_OPTIONS` (W3C WebAuthn,
    /// not the Cognito model, hence no model check of [`KNOWN`](Self::KNOWN)).
    ///
    /// ```
    /// use cognito_flow_wire::UserVerificationRequirement;
    ///
    /// assert_eq!(UserVerificationRequirement::Required.as_str(), "required");
    /// ```
    pub enum UserVerificationRequirement {
        /// `required`.
        Required = "required",
        /// `preferred`.
        Preferred = "preferred",
        /// `discouraged`.
        Discouraged = "discouraged",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip() {
        for value in ChallengeName::KNOWN {
            let parsed = ChallengeName::from(*value);
            assert!(!matches!(parsed, ChallengeName::Unknown(_)), "{value}");
            assert_eq!(parsed.as_str(), *value);
        }
        assert_eq!(ChallengeName::KNOWN.len(), 16);
        assert_eq!(AuthFlow::KNOWN.len(), 8);
    }

    #[test]
    fn unknown_values_are_kept() -> Result<(), serde_json::Error> {
        let parsed: ChallengeName = serde_json::from_str(r#""NEW_THING""#)?;
        assert_eq!(
            parsed,
            ChallengeName::Unknown(UnknownValue("NEW_THING".to_owned()))
        );
        assert_eq!(serde_json::to_string(&parsed)?, r#""NEW_THING""#);
        // Case matters: the wire is case-sensitive.
        assert!(matches!(
            ChallengeName::from("sms_mfa"),
            ChallengeName::Unknown(_)
        ));
        assert_eq!(
            ChallengeName::from(String::from("SMS_MFA")),
            ChallengeName::SmsMfa
        );
        Ok(())
    }

    #[test]
    fn user_status_unknown_value_is_a_known_variant() {
        assert_eq!(UserStatus::from("UNKNOWN"), UserStatus::UnknownStatus);
    }

    #[test]
    fn non_strings_are_rejected() {
        assert!(serde_json::from_str::<AuthFlow>("1").is_err());
        assert!(serde_json::from_str::<AuthFlow>("null").is_err());
    }
}
