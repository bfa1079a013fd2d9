//! Operations, their `X-Amz-Target` names, and the [`Request`] trait tying a request to its response.

use std::fmt;

/// The `X-Amz-Target` prefix of every Cognito user-pool operation (spec §1.2).
///
/// ```
/// use cognito_flow_wire::{Operation, TARGET_PREFIX};
///
/// assert!(Operation::InitiateAuth.target().starts_with(TARGET_PREFIX));
/// ```
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService";

macro_rules! operations {
    ($( $(#[$doc:meta])* $name:ident => admin: $admin:literal, )+) => {
        /// A Cognito user-pool operation this crate models.
        ///
        /// ```
        /// use cognito_flow_wire::Operation;
        ///
        /// let op = Operation::RespondToAuthChallenge;
        /// assert_eq!(op.name(), "RespondToAuthChallenge");
        /// assert_eq!(op.target(), "AWSCognitoIdentityProviderService.RespondToAuthChallenge");
        /// assert!(!op.is_admin());
        /// assert!(Operation::AdminRespondToAuthChallenge.is_admin());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$doc])* $name, )+
        }

        impl Operation {
            /// Every operation, in the order of the protocol spec (§3), then the later additions.
            ///
            /// ```
            /// use cognito_flow_wire::Operation;
            ///
            /// assert!(Operation::ALL.contains(&Operation::GetUser));
            /// ```
            pub const ALL: &'static [Operation] = &[$(Operation::$name),+];

            /// The operation's name as in the service model (`"InitiateAuth"`).
            ///
            /// ```
            /// use cognito_flow_wire::Operation;
            ///
            /// assert_eq!(Operation::SetUserMFAPreference.name(), "SetUserMFAPreference");
            /// ```
            pub const fn name(self) -> &'static str {
                match self {
                    $(Operation::$name => stringify!($name),)+
                }
            }

            /// The `X-Amz-Target` header value (`"AWSCognitoIdentityProviderService.InitiateAuth"`).
            ///
            /// ```
            /// use cognito_flow_wire::Operation;
            ///
            /// assert_eq!(Operation::GetUser.target(), "AWSCognitoIdentityProviderService.GetUser");
            /// ```
            pub const fn target(self) -> &'static str {
                match self {
                    $(Operation::$name => concat!("AWSCognitoIdentityProviderService.", stringify!($name)),)+
                }
            }

            /// Whether the operation needs AWS credentials (SigV4). The others are sent unsigned
            /// (`smithy.api#noAuth` in the model) and authenticated by client ID, session or access token.
            ///
            /// ```
            /// use cognito_flow_wire::Operation;
            ///
            /// assert!(Operation::AdminInitiateAuth.is_admin());
            /// assert!(!Operation::InitiateAuth.is_admin());
            /// ```
            pub const fn is_admin(self) -> bool {
                match self {
                    $(Operation::$name => $admin,)+
                }
            }
        }
    };
}

operations! {
    /// `InitiateAuth` (spec §3.1).
    InitiateAuth => admin: false,
    /// `AdminInitiateAuth` (spec §3.2).
    AdminInitiateAuth => admin: true,
    /// `RespondToAuthChallenge` (spec §3.3).
    RespondToAuthChallenge => admin: false,
    /// `AdminRespondToAuthChallenge` (spec §3.4).
    AdminRespondToAuthChallenge => admin: true,
    /// `AssociateSoftwareToken` (spec §3.5).
    AssociateSoftwareToken => admin: false,
    /// `VerifySoftwareToken` (spec §3.6).
    VerifySoftwareToken => admin: false,
    /// `ConfirmDevice` (spec §3.7).
    ConfirmDevice => admin: false,
    /// `UpdateDeviceStatus` (spec §3.8).
    UpdateDeviceStatus => admin: false,
    /// `AdminUpdateDeviceStatus` (spec §3.9).
    AdminUpdateDeviceStatus => admin: true,
    /// `ForgetDevice` (spec §3.10).
    ForgetDevice => admin: false,
    /// `AdminForgetDevice` (spec §3.11).
    AdminForgetDevice => admin: true,
    /// `GetTokensFromRefreshToken` (spec §3.12).
    GetTokensFromRefreshToken => admin: false,
    /// `RevokeToken` (spec §3.13).
    RevokeToken => admin: false,
    /// `GlobalSignOut` (spec §3.14).
    GlobalSignOut => admin: false,
    /// `AdminUserGlobalSignOut` (spec §3.15).
    AdminUserGlobalSignOut => admin: true,
    /// `StartWebAuthnRegistration` (spec §3.16).
    StartWebAuthnRegistration => admin: false,
    /// `CompleteWebAuthnRegistration` (spec §3.17).
    CompleteWebAuthnRegistration => admin: false,
    /// `SignUp` (spec §3.18).
    SignUp => admin: false,
    /// `ConfirmSignUp` (spec §3.19).
    ConfirmSignUp => admin: false,
    /// `ForgotPassword` (spec §3.20).
    ForgotPassword => admin: false,
    /// `ConfirmForgotPassword` (spec §3.21).
    ConfirmForgotPassword => admin: false,
    /// `ResendConfirmationCode` (spec §3.22).
    ResendConfirmationCode => admin: false,
    /// `GetUser` (spec §3.23).
    GetUser => admin: false,
    /// `SetUserMFAPreference` (spec §3.24).
    SetUserMFAPreference => admin: false,
    /// `GetUserAuthFactors` (spec §3.25).
    GetUserAuthFactors => admin: false,
    /// `GetDevice` (spec §3.26).
    GetDevice => admin: false,
    /// `ListDevices` (spec §3.27).
    ListDevices => admin: false,
    /// `AdminGetDevice`.
    AdminGetDevice => admin: true,
    /// `AdminListDevices`.
    AdminListDevices => admin: true,
    /// `AdminSetUserMFAPreference`.
    AdminSetUserMFAPreference => admin: true,
    /// `ListWebAuthnCredentials`.
    ListWebAuthnCredentials => admin: false,
    /// `DeleteWebAuthnCredential`.
    DeleteWebAuthnCredential => admin: false,
}

impl Operation {
    /// The operation an `X-Amz-Target` header names, or `None` for another service or an operation
    /// this crate does not model. The match is exact (case-sensitive), as the service's is.
    ///
    /// ```
    /// use cognito_flow_wire::Operation;
    ///
    /// assert_eq!(
    ///     Operation::from_target("AWSCognitoIdentityProviderService.InitiateAuth"),
    ///     Some(Operation::InitiateAuth),
    /// );
    /// assert_eq!(Operation::from_target("AWSCognitoIdentityProviderService.CreateUserPool"), None);
    /// assert_eq!(Operation::from_target("InitiateAuth"), None);
    /// ```
    pub fn from_target(target: &str) -> Option<Operation> {
        let name = target.strip_prefix(TARGET_PREFIX)?.strip_prefix('.')?;
        Self::ALL.iter().copied().find(|op| op.name() == name)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A request body of one operation, tying it to the operation's response type.
///
/// The SDK's transport sends `serde_json` of the request to [`OPERATION`](Self::OPERATION)'s target
/// and decodes the reply as [`Response`](Self::Response) (with [`decode_response`](crate::decode_response),
/// which accepts the empty body some operations return).
///
/// ```
/// use cognito_flow_wire::{decode_response, GetUserRequest, Operation, Request};
///
/// fn target_of<R: Request>(_: &R) -> &'static str {
///     R::OPERATION.target()
/// }
///
/// let request = GetUserRequest::new("eyJraWQ.access.token");
/// assert_eq!(target_of(&request), "AWSCognitoIdentityProviderService.GetUser");
/// let reply: <GetUserRequest as Request>::Response =
///     decode_response(br#"{"Username":"alice","UserAttributes":[]}"#).unwrap();
/// assert_eq!(reply.username.expose_secret(), "alice");
/// ```
pub trait Request: serde::Serialize {
    /// The operation this request is for.
    const OPERATION: Operation;
    /// The operation's response body.
    type Response: serde::de::DeserializeOwned;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip() {
        for op in Operation::ALL {
            assert_eq!(op.target(), format!("{TARGET_PREFIX}.{}", op.name()));
            assert_eq!(Operation::from_target(op.target()), Some(*op));
            assert_eq!(op.is_admin(), op.name().starts_with("Admin"));
            assert_eq!(op.to_string(), op.name());
        }
        assert_eq!(Operation::ALL.len(), 32);
    }

    #[test]
    fn foreign_targets_are_rejected() {
        assert_eq!(
            Operation::from_target("AWSCognitoIdentityProviderService.initiateauth"),
            None
        );
        assert_eq!(
            Operation::from_target("AWSCognitoIdentityProviderServiceInitiateAuth"),
            None
        );
        assert_eq!(
            Operation::from_target("DynamoDB_20120810.InitiateAuth"),
            None
        );
        assert_eq!(Operation::from_target(""), None);
    }
}
