#![doc = include_str!("../README.md")]
#![warn(clippy::exhaustive_enums, clippy::exhaustive_structs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod challenge;
mod codec;
mod enums;
mod envelope;
mod error;
mod json_out;
mod operation;
mod ops;
mod scalar;
mod sensitive;
mod shapes;

pub use challenge::{
    CredentialDescriptor, CredentialRequestOptions, RequiredAttribute,
    decode_credential_request_options, decode_mfas_can_choose, decode_mfas_can_setup,
    decode_required_attributes, decode_user_attributes, encode_credential_request_options,
    encode_mfas_can_choose, encode_mfas_can_setup, encode_required_attributes,
    encode_user_attributes, keys,
};
pub use codec::{decode_request, decode_response};
pub use enums::{
    AuthFactorType, AuthFlow, ChallengeName, DeliveryMedium, DeviceRememberedStatus,
    ExplicitAuthFlow, PreventUserExistenceErrors, RevokeAssociatedSessions, UnknownValue,
    UserStatus, UserVerificationRequirement, VerifySoftwareTokenStatus,
};
pub use envelope::ErrorEnvelope;
pub use error::DecodeError;
pub use operation::{Operation, Request, TARGET_PREFIX};
pub use ops::*;
pub use scalar::{Document, Timestamp};
pub use sensitive::{SensitiveMap, SensitiveString};
pub use shapes::{
    AnalyticsMetadata, Attribute, AuthenticationResult, CodeDeliveryDetails, ContextData, Device,
    DeviceSecretVerifierConfig, EmailMfaSettings, HttpHeader, MfaOption, NewDeviceMetadata,
    SmsMfaSettings, SoftwareTokenMfaSettings, UserContextData, WebAuthnCredentialDescription,
    WebAuthnMfaSettings,
};
