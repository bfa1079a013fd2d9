//! Remembered devices (spec §5.10, §6.8, §6.9, §8.10).

use std::fmt;

use cognito_flow_srp::DevicePassword;

/// A device Cognito remembers for a user: its key, group key and random password. Store it
/// after confirming a device and give it to later sign-ins, which then prove the device
/// (`DEVICE_SRP_AUTH`) instead of asking for MFA when the pool allows that.
///
/// The password is the device's secret: `Debug` never shows it.
///
/// ```
/// use cognito_flow::RememberedDevice;
///
/// let device = RememberedDevice::new(
///     "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
///     "-Ab12Cd34",
///     "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw==",
/// );
/// assert_eq!(
///     format!("{device:?}"),
///     "RememberedDevice { device_key: \"us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\", device_group_key: \"-Ab12Cd34\", .. }"
/// );
/// ```
pub struct RememberedDevice {
    device_key: String,
    device_group_key: String,
    password: DevicePassword,
}

impl RememberedDevice {
    /// A device read back from storage.
    pub fn new(
        device_key: impl Into<String>,
        device_group_key: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            device_key: device_key.into(),
            device_group_key: device_group_key.into(),
            password: DevicePassword::new(password),
        }
    }

    /// `DeviceKey` (`{region}_{uuid}`).
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// `DeviceGroupKey`.
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device's random password.
    ///
    /// # Security Warning
    ///
    /// The device's long-term secret: store it encrypted, never log it.
    pub fn password(&self) -> &DevicePassword {
        &self.password
    }
}

impl fmt::Debug for RememberedDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RememberedDevice")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .finish_non_exhaustive()
    }
}
