//! Remembered devices: the per-user store (`devices.json`, mode 0600) and `cognito-flow
//! devices list|forget`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use cognito_flow::{AccessToken, RememberedDevice};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::args::{DevicesAction, DevicesArgs, DevicesCommon};
use crate::exit::{Exit, fail};
use crate::jwt::{TokenHint, TokenInput, missing_token};
use crate::output::print_line;
use crate::settings::flag_or_env;

/// The store's file format.
#[derive(Default, Serialize, Deserialize)]
struct StoreFile {
    /// Format version (1).
    version: u32,
    /// `"{user pool id}/{username}"` → the device and its secret.
    devices: BTreeMap<String, RememberedDevice>,
}

/// The devices this user remembered, in `$XDG_CONFIG_HOME/cognito-flow/devices.json` (or
/// `~/.config/cognito-flow/devices.json`), readable by the user only: each entry holds the
/// device's password.
pub(crate) struct DeviceStore {
    path: PathBuf,
    file: StoreFile,
}

impl std::fmt::Debug for DeviceStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceStore")
            .field("path", &self.path)
            .field("entries", &self.file.devices.len())
            .finish()
    }
}

/// The store's path, from `XDG_CONFIG_HOME` or `HOME`.
fn store_path() -> anyhow::Result<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let config = absolute("XDG_CONFIG_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".config")))
        .ok_or_else(|| {
            fail(
                Exit::Local,
                "no configuration directory for remembered devices: set XDG_CONFIG_HOME or HOME",
            )
        })?;
    Ok(config.join("cognito-flow").join("devices.json"))
}

/// A copy of a device (`RememberedDevice` is deliberately not `Clone`).
pub(crate) fn copy_device(device: &RememberedDevice) -> RememberedDevice {
    RememberedDevice::new(
        device.device_key(),
        device.device_group_key(),
        device.password().expose_secret(),
    )
}

/// The store key of a user.
fn key(user_pool_id: &str, username: &str) -> String {
    format!("{user_pool_id}/{username}")
}

impl DeviceStore {
    /// Opens the store (empty when the file does not exist yet).
    pub(crate) fn open() -> anyhow::Result<Self> {
        let path = store_path()?;
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => {
                tighten_permissions(&path)?;
                serde_json::from_str(&text).map_err(|e| {
                    fail(
                        Exit::Local,
                        format!(
                            "the devices file {} is not valid ({e}): fix or delete it",
                            path.display()
                        ),
                    )
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StoreFile {
                version: 1,
                devices: BTreeMap::new(),
            },
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("reading the devices file {}", path.display())));
            }
        };
        Ok(Self { path, file })
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The device remembered for `username` in the pool.
    pub(crate) fn get(&self, user_pool_id: &str, username: &str) -> Option<&RememberedDevice> {
        self.file.devices.get(&key(user_pool_id, username))
    }

    /// A device by its key.
    pub(crate) fn by_key(&self, device_key: &str) -> Option<&RememberedDevice> {
        self.file
            .devices
            .values()
            .find(|d| d.device_key() == device_key)
    }

    /// Remembers `device` for each of `usernames` (the name typed and the canonical one).
    pub(crate) fn put(
        &mut self,
        user_pool_id: &str,
        usernames: &[&str],
        device: &RememberedDevice,
    ) {
        for username in usernames {
            self.file
                .devices
                .insert(key(user_pool_id, username), copy_device(device));
        }
    }

    /// Drops every entry of the device `device_key`; whether there was one.
    pub(crate) fn remove(&mut self, device_key: &str) -> bool {
        let before = self.file.devices.len();
        self.file
            .devices
            .retain(|_, d| d.device_key() != device_key);
        before != self.file.devices.len()
    }

    /// Writes the store: a new file with mode 0600 in a 0700 directory, renamed over the old.
    pub(crate) fn save(&self) -> anyhow::Result<()> {
        let dir = self
            .path
            .parent()
            .ok_or_else(|| fail(Exit::Local, "the devices file has no directory"))?;
        create_private_dir(dir)
            .with_context(|| format!("creating the directory {}", dir.display()))?;
        let text = serde_json::to_string_pretty(&self.file).context("encoding the devices")?;
        let temp = dir.join(format!(".devices.json.{}.tmp", std::process::id()));
        let written =
            write_private(&temp, text.as_bytes()).and_then(|()| std::fs::rename(&temp, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.with_context(|| format!("writing the devices file {}", self.path.display()))
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates `path` readable and writable by the owner only, and writes `bytes` to it.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A devices file others can read is made private again.
#[cfg(unix)]
fn tighten_permissions(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        tracing::warn!("the devices file was readable by others: mode set to 0600");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten_permissions(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// The access token of a `devices` command: flag, environment, or standard input.
fn access_token(common: &DevicesCommon) -> anyhow::Result<String> {
    if let Some(token) = flag_or_env(&common.access_token, "COGNITO_FLOW_ACCESS_TOKEN") {
        return Ok(token);
    }
    TokenInput::from_stdin()?
        .and_then(|input| input.access_token.or(input.raw))
        .ok_or_else(|| {
            missing_token(
                "access token",
                "--access-token",
                "COGNITO_FLOW_ACCESS_TOKEN",
            )
        })
}

/// Seconds since the Unix epoch, as JSON (`null` when unknown).
fn unix(t: Option<SystemTime>) -> Value {
    t.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(Value::Null, |d| json!(d.as_secs()))
}

/// `cognito-flow devices list|forget`.
pub(crate) async fn run(args: DevicesArgs) -> anyhow::Result<()> {
    let common = match &args.action {
        DevicesAction::List(common) | DevicesAction::Forget { common, .. } => common,
    };
    let token = access_token(common)?;
    let hint = TokenHint::of(&token);
    let client = common.pool.client(Some(&hint))?;
    let access = AccessToken::new(token);
    match args.action {
        DevicesAction::List(_) => {
            tracing::debug!("ListDevices");
            let devices = client
                .list_devices(&access)
                .await
                .context("listing the devices")?;
            let stored = DeviceStore::open().ok();
            let list: Vec<Value> = devices
                .iter()
                .map(|d| {
                    json!({
                        "device_key": d.device_key,
                        "name": d.name,
                        "remembered": d.remembered,
                        "created": unix(d.created),
                        "last_modified": unix(d.last_modified),
                        "last_authenticated": unix(d.last_authenticated),
                        "attributes": d.attributes,
                        "on_this_machine": stored.as_ref().is_some_and(|s| s.by_key(&d.device_key).is_some()),
                    })
                })
                .collect();
            print_line(&serde_json::to_string_pretty(&list).context("formatting the devices")?)
        }
        DevicesAction::Forget { device_key, .. } => {
            let mut store = DeviceStore::open();
            let device_key = match device_key {
                Some(key) => key,
                None => {
                    let user_pool_id = client.user_pool_id().to_owned();
                    let remembered = hint.username.as_deref().and_then(|username| {
                        store
                            .as_ref()
                            .ok()
                            .and_then(|s| s.get(&user_pool_id, username))
                            .map(|d| d.device_key().to_owned())
                    });
                    remembered.ok_or_else(|| {
                        fail(
                            Exit::Usage,
                            "no device is remembered on this machine for this user: pass --device-key (see `cognito-flow devices list`)",
                        )
                    })?
                }
            };
            tracing::debug!("ForgetDevice");
            client
                .forget_device(&access, &device_key)
                .await
                .context("forgetting the device")?;
            if let Ok(store) = store.as_mut()
                && store.remove(&device_key)
            {
                store.save()?;
                tracing::info!(path = %store.path().display(), "removed from the devices file");
            }
            crate::prompt::say(&format!("cognito-flow: forgot the device {device_key}"));
            Ok(())
        }
    }
}
