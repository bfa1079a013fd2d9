//! Remembered devices (spec §5.10, §6.8, §6.9, §8.10).

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use cognito_flow_srp::{DevicePassword, DeviceVerifier};
#[cfg(feature = "admin")]
use cognito_flow_wire::{
    AdminForgetDeviceRequest, AdminGetDeviceRequest, AdminListDevicesRequest,
    AdminUpdateDeviceStatusRequest,
};
use cognito_flow_wire::{
    ConfirmDeviceRequest, Device, DeviceRememberedStatus, DeviceSecretVerifierConfig,
    ForgetDeviceRequest, GetDeviceRequest, ListDevicesRequest, UpdateDeviceStatusRequest,
};
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::error::Error;
use crate::secret::AccessToken;
use crate::signed_in::SignedIn;

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
    ///
    /// ```
    /// use cognito_flow::RememberedDevice;
    ///
    /// // The three values stored when the device was confirmed (see `SignedIn::remember_device`).
    /// let device = RememberedDevice::new(
    ///     "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    ///     "-Ab12Cd34",
    ///     "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw==",
    /// );
    /// assert_eq!(device.device_group_key(), "-Ab12Cd34");
    /// ```
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
    ///
    /// ```
    /// let device = cognito_flow::RememberedDevice::new("us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "-Ab12Cd34", "pw");
    /// assert_eq!(device.device_key(), "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
    /// ```
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// `DeviceGroupKey`.
    ///
    /// ```
    /// let device = cognito_flow::RememberedDevice::new("us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "-Ab12Cd34", "pw");
    /// assert_eq!(device.device_group_key(), "-Ab12Cd34");
    /// ```
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device's random password.
    ///
    /// # Security Warning
    ///
    /// The device's long-term secret: store it encrypted, never log it.
    ///
    /// ```
    /// let device = cognito_flow::RememberedDevice::new("us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "-Ab12Cd34", "pw");
    /// // For your encrypted storage only; serialising the device includes it as well.
    /// let secret: &str = device.password().expose_secret();
    /// assert_eq!(secret, "pw");
    /// ```
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

impl Serialize for RememberedDevice {
    /// Serialises all three members, the password included: this is the storage format.
    /// Store it where you would store a password.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("RememberedDevice", 3)?;
        s.serialize_field("device_key", &self.device_key)?;
        s.serialize_field("device_group_key", &self.device_group_key)?;
        s.serialize_field("device_password", self.password.expose_secret())?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for RememberedDevice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            device_key: String,
            device_group_key: String,
            device_password: String,
        }
        let s = Stored::deserialize(deserializer)?;
        // The password moves into the zeroizing wrapper; no copy is left behind.
        Ok(Self::new(
            s.device_key,
            s.device_group_key,
            s.device_password,
        ))
    }
}

/// A device just confirmed with `ConfirmDevice`: the [`RememberedDevice`] to store, and
/// whether the pool waits for the user's decision (pools with "user opt-in" remembering:
/// call [`Client::update_device_status`] if the user agrees).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.devices());
/// use cognito_flow::Password;
///
/// let next = client.sign_in("dora", Password::new("Corr3ct-horse!")).await?;
/// let signed_in = next.into_signed_in().expect("dora has no MFA");
/// let confirmed = signed_in.confirm_device(Some("kitchen tablet")).await?.expect("a new device");
/// // This pool remembers devices without asking the user.
/// assert!(!confirmed.user_confirmation_necessary);
/// let stored = serde_json::to_string(&confirmed.device)?; // store it like a password
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct ConfirmedDevice {
    /// The device and its secret.
    pub device: RememberedDevice,
    /// `UserConfirmationNecessary`.
    pub user_confirmation_necessary: bool,
}

/// A device as `GetDevice` / `ListDevices` describe it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use cognito_flow_emulator::doc_support;
/// # let sandbox = doc_support::sandbox().await;
/// # let client = doc_support::client!(sandbox.devices());
/// # let stored = sandbox.remembered_device();
/// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
/// # let next = client.sign_in_request("dora").device(&device).sign_in(cognito_flow::Password::new(doc_support::PASSWORD)).await?;
/// # let tokens = next.into_signed_in().expect("signed in").into_tokens();
/// let devices = client.list_devices(&tokens.access_token).await?;
/// for info in &devices {
///     println!("{} {:?} remembered: {:?}", info.device_key, info.name, info.remembered);
/// }
/// assert!(devices.iter().any(|d| d.device_key == device.device_key()));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DeviceInfo {
    /// `DeviceKey`.
    pub device_key: String,
    /// The `device_name` attribute.
    pub name: Option<String>,
    /// The `dev:device_remembered_status` attribute.
    pub remembered: Option<bool>,
    /// Every device attribute.
    pub attributes: BTreeMap<String, String>,
    /// `DeviceCreateDate`.
    pub created: Option<SystemTime>,
    /// `DeviceLastModifiedDate`.
    pub last_modified: Option<SystemTime>,
    /// `DeviceLastAuthenticatedDate`.
    pub last_authenticated: Option<SystemTime>,
}

impl DeviceInfo {
    fn from_wire(d: Device) -> Self {
        let attributes: BTreeMap<String, String> = d
            .device_attributes
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let v = a
                    .value
                    .map(|v| v.expose_secret().to_owned())
                    .unwrap_or_default();
                (a.name, v)
            })
            .collect();
        Self {
            device_key: d.device_key.unwrap_or_default(),
            name: attributes.get("device_name").cloned(),
            remembered: attributes
                .get("dev:device_remembered_status")
                .map(|s| s == "remembered"),
            created: d.device_create_date.and_then(|t| t.to_system_time()),
            last_modified: d.device_last_modified_date.and_then(|t| t.to_system_time()),
            last_authenticated: d
                .device_last_authenticated_date
                .and_then(|t| t.to_system_time()),
            attributes,
        }
    }
}

fn status(remembered: bool) -> DeviceRememberedStatus {
    if remembered {
        DeviceRememberedStatus::Remembered
    } else {
        DeviceRememberedStatus::NotRemembered
    }
}

impl SignedIn {
    /// Confirms the device Cognito started tracking at this sign-in ([`SignedIn::new_device`]):
    /// generates the device's random password and SRP verifier (spec §6.9) and sends
    /// `ConfirmDevice`. Returns `None` when there is no new device.
    ///
    /// # Errors
    ///
    /// Cognito's error for `ConfirmDevice`; transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// use cognito_flow::{Password, RememberedDevice};
    ///
    /// let next = client.sign_in("dora", Password::new("Corr3ct-horse!")).await?;
    /// let signed_in = next.into_signed_in().expect("dora has no MFA");
    /// # let mut confirmed_one = false;
    /// if let Some(confirmed) = signed_in.confirm_device(Some("Dora's laptop")).await? {
    ///     let stored = serde_json::to_string(&confirmed.device)?; // keep it safe
    ///     // … at the next sign-in, read it back and present it:
    ///     let device: RememberedDevice = serde_json::from_str(&stored)?;
    ///     let next = client
    ///         .sign_in_request("dora")
    ///         .device(&device)
    ///         .sign_in(Password::new("Corr3ct-horse!"))
    ///         .await?;
    ///     assert!(next.is_signed_in());
    ///     # confirmed_one = true;
    /// }
    /// # assert!(confirmed_one);
    /// # Ok(()) }
    /// ```
    pub async fn confirm_device(
        &self,
        device_name: Option<&str>,
    ) -> Result<Option<ConfirmedDevice>, Error> {
        let Some(new) = self.new_device() else {
            return Ok(None);
        };
        let verifier =
            DeviceVerifier::random(&new.device_group_key, &new.device_key).map_err(Error::srp)?;
        let mut request = ConfirmDeviceRequest::new(
            self.tokens().access_token.expose_secret(),
            new.device_key.as_str(),
        );
        let mut config = DeviceSecretVerifierConfig::default();
        config.password_verifier = Some(verifier.password_verifier().to_owned());
        config.salt = Some(verifier.salt().to_owned());
        request.device_secret_verifier_config = Some(config);
        request.device_name = device_name.map(str::to_owned);
        let out = self.api().client().send(&request).await?;
        Ok(Some(ConfirmedDevice {
            device: RememberedDevice {
                device_key: new.device_key.clone(),
                device_group_key: new.device_group_key.clone(),
                password: verifier.into_password(),
            },
            user_confirmation_necessary: out.user_confirmation_necessary.unwrap_or(false),
        }))
    }

    /// Confirms the new device and remembers it, also on pools that ask the user first
    /// (the user agreed by calling this). Returns the device to store, or `None` when there is
    /// no new device.
    ///
    /// # Errors
    ///
    /// As [`SignedIn::confirm_device`] and [`Client::update_device_status`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// use cognito_flow::Password;
    ///
    /// let next = client.sign_in("dora", Password::new("Corr3ct-horse!")).await?;
    /// let signed_in = next.into_signed_in().expect("dora has no MFA");
    /// // The user ticked "remember this device".
    /// # let mut remembered = false;
    /// if let Some(device) = signed_in.remember_device(Some("Dora's phone")).await? {
    ///     let info = client.get_device(&signed_in.tokens().access_token, device.device_key()).await?;
    ///     assert_eq!(info.remembered, Some(true));
    ///     # remembered = true;
    /// }
    /// # assert!(remembered);
    /// # Ok(()) }
    /// ```
    pub async fn remember_device(
        &self,
        device_name: Option<&str>,
    ) -> Result<Option<RememberedDevice>, Error> {
        let Some(confirmed) = self.confirm_device(device_name).await? else {
            return Ok(None);
        };
        if confirmed.user_confirmation_necessary {
            self.api()
                .client()
                .update_device_status(
                    &self.tokens().access_token,
                    confirmed.device.device_key(),
                    true,
                )
                .await?;
        }
        Ok(Some(confirmed.device))
    }
}

impl Client {
    /// `UpdateDeviceStatus`: remember the device (MFA may be skipped on it) or not.
    ///
    /// # Errors
    ///
    /// Cognito's error ([`ErrorKind::ResourceNotFound`](crate::ErrorKind::ResourceNotFound)
    /// for an unknown device), transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// # let next = client.sign_in_request("dora").device(&device).sign_in(cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("signed in").into_tokens();
    /// // The user unticks "remember this device": MFA is asked again on it.
    /// client.update_device_status(&tokens.access_token, device.device_key(), false).await?;
    /// let info = client.get_device(&tokens.access_token, device.device_key()).await?;
    /// assert_eq!(info.remembered, Some(false));
    /// # Ok(()) }
    /// ```
    pub async fn update_device_status(
        &self,
        access_token: &AccessToken,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        let mut request = UpdateDeviceStatusRequest::new(access_token.expose_secret(), device_key);
        request.device_remembered_status = Some(status(remembered));
        self.send(&request).await.map(drop)
    }

    /// `ForgetDevice`: the device is deleted; sign-ins with it fail until it is dropped.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// # let next = client.sign_in_request("dora").device(&device).sign_in(cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("signed in").into_tokens();
    /// client.forget_device(&tokens.access_token, device.device_key()).await?;
    /// assert!(client.list_devices(&tokens.access_token).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn forget_device(
        &self,
        access_token: &AccessToken,
        device_key: &str,
    ) -> Result<(), Error> {
        let mut request = ForgetDeviceRequest::new(device_key);
        request.access_token = Some(access_token.expose_secret().into());
        self.send(&request).await.map(drop)
    }

    /// `GetDevice`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// # let next = client.sign_in_request("dora").device(&device).sign_in(cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("signed in").into_tokens();
    /// let info = client.get_device(&tokens.access_token, device.device_key()).await?;
    /// assert_eq!(info.device_key, device.device_key());
    /// println!("{:?}, last used {:?}", info.name, info.last_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn get_device(
        &self,
        access_token: &AccessToken,
        device_key: &str,
    ) -> Result<DeviceInfo, Error> {
        let mut request = GetDeviceRequest::new(device_key);
        request.access_token = Some(access_token.expose_secret().into());
        Ok(DeviceInfo::from_wire(self.send(&request).await?.device))
    }

    /// `ListDevices`, every page.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let client = doc_support::client!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// # let next = client.sign_in_request("dora").device(&device).sign_in(cognito_flow::Password::new(doc_support::PASSWORD)).await?;
    /// # let tokens = next.into_signed_in().expect("signed in").into_tokens();
    /// for info in client.list_devices(&tokens.access_token).await? {
    ///     println!("{} {:?}", info.device_key, info.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_devices(&self, access_token: &AccessToken) -> Result<Vec<DeviceInfo>, Error> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let mut request = ListDevicesRequest::new(access_token.expose_secret());
            request.limit = Some(60);
            request.pagination_token = token.take();
            let page = self.send(&request).await?;
            out.extend(
                page.devices
                    .unwrap_or_default()
                    .into_iter()
                    .map(DeviceInfo::from_wire),
            );
            match page.pagination_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => return Ok(out),
            }
        }
    }
}

#[cfg(feature = "admin")]
impl crate::AdminClient {
    /// `AdminUpdateDeviceStatus`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport and credential errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// admin.admin_update_device_status("dora", device.device_key(), false).await?;
    /// let info = admin.admin_get_device("dora", device.device_key()).await?;
    /// assert_eq!(info.remembered, Some(false));
    /// # Ok(()) }
    /// ```
    pub async fn admin_update_device_status(
        &self,
        username: &str,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        let client = self.client();
        let mut request =
            AdminUpdateDeviceStatusRequest::new(client.user_pool_id(), username, device_key);
        request.device_remembered_status = Some(status(remembered));
        self.send(&request).await.map(drop)
    }

    /// `AdminForgetDevice`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport and credential errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// admin.admin_forget_device("dora", device.device_key()).await?;
    /// assert!(admin.admin_list_devices("dora").await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn admin_forget_device(&self, username: &str, device_key: &str) -> Result<(), Error> {
        let request =
            AdminForgetDeviceRequest::new(self.client().user_pool_id(), username, device_key);
        self.send(&request).await.map(drop)
    }

    /// `AdminGetDevice`.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport and credential errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// let info = admin.admin_get_device("dora", device.device_key()).await?;
    /// assert_eq!(info.device_key, device.device_key());
    /// # Ok(()) }
    /// ```
    pub async fn admin_get_device(
        &self,
        username: &str,
        device_key: &str,
    ) -> Result<DeviceInfo, Error> {
        let request =
            AdminGetDeviceRequest::new(device_key, self.client().user_pool_id(), username);
        Ok(DeviceInfo::from_wire(self.send(&request).await?.device))
    }

    /// `AdminListDevices`, every page.
    ///
    /// # Errors
    ///
    /// Cognito's error, transport and credential errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use cognito_flow_emulator::doc_support;
    /// # let sandbox = doc_support::sandbox().await;
    /// # let admin = doc_support::admin!(sandbox.devices());
    /// # let stored = sandbox.remembered_device();
    /// # let device = cognito_flow::RememberedDevice::new(stored.key(), stored.group_key(), stored.password());
    /// let devices = admin.admin_list_devices("dora").await?;
    /// assert_eq!(devices.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn admin_list_devices(&self, username: &str) -> Result<Vec<DeviceInfo>, Error> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let mut request = AdminListDevicesRequest::new(self.client().user_pool_id(), username);
            request.limit = Some(60);
            request.pagination_token = token.take();
            let page = self.send(&request).await?;
            out.extend(
                page.devices
                    .unwrap_or_default()
                    .into_iter()
                    .map(DeviceInfo::from_wire),
            );
            match page.pagination_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => return Ok(out),
            }
        }
    }
}
