//! Persistence of the emulator's state in a data directory (`--data-dir`).
//!
//! # Design
//!
//! The directory holds one append-only log, `state.jsonl`. Each line is one batch: the records
//! that changed (`put`) and the ones that went away (`del`), keyed `pool/{id}`,
//! `client/{pool}/{id}`, `user/{pool}/{username}` and `refresh/{token}`. After every operation
//! that may have changed something (failed sign-ins too: they move the lockout counters), the
//! emulator serializes its records, compares each with the SHA-256 of what the log last holds for
//! it, appends the differences as one line and `fsync`s the file **before the response is sent**.
//! So an acknowledged write survives `kill -9`; a batch torn by a crash was never acknowledged and
//! is dropped when the log is read back. When the log outgrows the live data it is rewritten as
//! one snapshot (a temporary file, `fsync`, rename, `fsync` of the directory); the same happens
//! when the directory is opened.
//!
//! Why a JSON-lines log rather than an embedded database such as redb: it needs no new
//! dependency (redb 4 also needs a newer Rust than this workspace's minimum), it is as durable
//! (one `fsync` per acknowledged write, atomic batches), and the data stays readable with any
//! text tool.
//!
//! What is kept: pools with their settings, app clients (ids and secrets), users (password
//! verifiers, MFA settings and TOTP secrets, devices, lockout, sign-out and revocation fields)
//! and refresh-token records. Not kept: challenge sessions and SRP exchanges in flight, the
//! outbox, and the token-signing keys — the keys are generated per process, so access and ID
//! tokens issued before a restart no longer verify after it (refresh tokens still work: they are
//! looked up, not verified).
//!
//! The log holds refresh tokens and TOTP secrets in clear, like the emulator's memory: on Unix
//! the file is created readable by its owner only.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::state::{AppClient, Pool, RefreshRecord, State, User};
use crate::{Emulator, Inner};

const LOG_FILE: &str = "state.jsonl";
const TMP_FILE: &str = "state.jsonl.tmp";
/// Rewrite the log when it is larger than this many times the live data (plus a megabyte).
const COMPACT_FACTOR: u64 = 4;
const COMPACT_SLACK: u64 = 1 << 20;

/// Operations that never change a persisted record.
const READ_ONLY: &[&str] = &[
    "DescribeUserPool",
    "DescribeUserPoolClient",
    "ListUserPools",
    "ListUserPoolClients",
    "GetUserPoolMfaConfig",
    "ListUsers",
    "AdminGetUser",
    "GetUser",
    "GetDevice",
    "ListDevices",
    "AdminGetDevice",
    "AdminListDevices",
    "GetUserAuthFactors",
    "ListWebAuthnCredentials",
];

/// An open data directory.
pub(crate) struct Store {
    log: Mutex<Log>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

struct Log {
    dir: PathBuf,
    file: File,
    /// Record key → SHA-256 of the JSON the log holds for it.
    persisted: HashMap<String, [u8; 32]>,
    /// Bytes in the log file.
    size: u64,
}

/// One line of the log.
#[derive(Debug, Default, Deserialize)]
struct Batch {
    #[serde(default)]
    put: Vec<(String, Value)>,
    #[serde(default)]
    del: Vec<String>,
}

/// Every record of `state`, serialized, keyed as in the log.
fn records(state: &mut State) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for (id, pool) in state.pools.iter_mut() {
        // Serialize the pool's own settings without its users and clients (stored as records
        // of their own), by moving those out for the moment; nothing here can panic.
        let users = std::mem::take(&mut pool.users);
        let clients = std::mem::take(&mut pool.clients);
        let settings = serde_json::to_vec(&*pool);
        pool.users = users;
        pool.clients = clients;
        out.insert(format!("pool/{id}"), settings.map_err(io::Error::other)?);
        for (client_id, client) in &pool.clients {
            out.insert(
                format!("client/{id}/{client_id}"),
                serde_json::to_vec(client).map_err(io::Error::other)?,
            );
        }
        for (username, user) in &pool.users {
            out.insert(
                format!("user/{id}/{username}"),
                serde_json::to_vec(user).map_err(io::Error::other)?,
            );
        }
    }
    for (token, record) in &state.refresh_tokens {
        out.insert(
            format!("refresh/{token}"),
            serde_json::to_vec(record).map_err(io::Error::other)?,
        );
    }
    Ok(out)
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// One log line: `{"put":[[key,record],...],"del":[key,...]}` + newline.
fn batch_line(put: &[(&String, &Vec<u8>)], del: &[String]) -> io::Result<Vec<u8>> {
    let mut line = b"{\"put\":[".to_vec();
    for (i, (key, value)) in put.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        line.push(b'[');
        line.extend(serde_json::to_vec(key).map_err(io::Error::other)?);
        line.push(b',');
        line.extend_from_slice(value);
        line.push(b']');
    }
    line.extend_from_slice(b"],\"del\":");
    line.extend(serde_json::to_vec(del).map_err(io::Error::other)?);
    line.extend_from_slice(b"}\n");
    Ok(line)
}

fn open_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Reads the log: the live records, in order. A torn last line (a crash during a write that was
/// never acknowledged) is cut off; a bad line before the last is an error.
fn read_log(path: &Path) -> io::Result<BTreeMap<String, Value>> {
    let mut records = BTreeMap::new();
    let file = match open_options().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(records),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::new(&file);
    let mut good_end = 0u64;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        number += 1;
        let complete = line.last() == Some(&b'\n');
        match serde_json::from_slice::<Batch>(&line) {
            Ok(batch) if complete => {
                for key in batch.del {
                    records.remove(&key);
                }
                for (key, value) in batch.put {
                    records.insert(key, value);
                }
                good_end += n as u64;
            }
            _ => {
                // Only the last line may be torn.
                let mut rest = Vec::new();
                reader.read_until(b'\n', &mut rest)?;
                if !rest.is_empty() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{}: line {number} is damaged", path.display()),
                    ));
                }
                drop(reader);
                file.set_len(good_end)?;
                file.sync_all()?;
                tracing::warn!(
                    target: "cognito_emulator",
                    line = number,
                    "dropped an incomplete last write from the data directory's log"
                );
                break;
            }
        }
    }
    Ok(records)
}

/// Puts the records read from the log into `state` (replacing what has the same key).
fn load(state: &mut State, records: BTreeMap<String, Value>) -> io::Result<()> {
    let bad = |key: &str, e: serde_json::Error| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("record {key} cannot be read: {e}"),
        )
    };
    let mut clients = Vec::new();
    let mut users = Vec::new();
    for (key, value) in records {
        let Some((kind, rest)) = key.split_once('/') else {
            continue;
        };
        match kind {
            "pool" => {
                let pool: Pool = serde_json::from_value(value).map_err(|e| bad(&key, e))?;
                let mut pool = pool;
                if let Some(old) = state.pools.remove(rest) {
                    pool.users = old.users;
                    pool.clients = old.clients;
                }
                state.pools.insert(rest.to_owned(), pool);
            }
            "client" => {
                let client: AppClient = serde_json::from_value(value).map_err(|e| bad(&key, e))?;
                if let Some((pool_id, _)) = rest.split_once('/') {
                    clients.push((pool_id.to_owned(), client));
                }
            }
            "user" => {
                let user: User = serde_json::from_value(value).map_err(|e| bad(&key, e))?;
                if let Some((pool_id, _)) = rest.split_once('/') {
                    users.push((pool_id.to_owned(), user));
                }
            }
            "refresh" => {
                let record: RefreshRecord =
                    serde_json::from_value(value).map_err(|e| bad(&key, e))?;
                state.refresh_tokens.insert(rest.to_owned(), record);
            }
            _ => {}
        }
    }
    for (pool_id, client) in clients {
        if let Some(pool) = state.pools.get_mut(&pool_id) {
            state.client_index.insert(client.id.clone(), pool_id);
            pool.clients.insert(client.id.clone(), client);
        }
    }
    for (pool_id, user) in users {
        if let Some(pool) = state.pools.get_mut(&pool_id) {
            pool.users.insert(user.username.clone(), user);
        }
    }
    Ok(())
}

impl Log {
    /// Rewrites the log as one snapshot of `records`.
    fn snapshot(&mut self, records: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
        let put: Vec<(&String, &Vec<u8>)> = records.iter().collect();
        let line = batch_line(&put, &[])?;
        let tmp = self.dir.join(TMP_FILE);
        {
            let mut f = open_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            f.write_all(&line)?;
            f.sync_all()?;
        }
        let path = self.dir.join(LOG_FILE);
        fs::rename(&tmp, &path)?;
        sync_dir(&self.dir)?;
        let mut file = open_options().append(true).read(true).open(&path)?;
        file.seek(SeekFrom::End(0))?;
        self.file = file;
        self.size = line.len() as u64;
        self.persisted = records
            .iter()
            .map(|(k, v)| (k.clone(), digest(v)))
            .collect();
        Ok(())
    }

    /// Appends what differs between `records` and the log, and syncs it to disk.
    fn append_changes(&mut self, records: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
        let put: Vec<(&String, &Vec<u8>)> = records
            .iter()
            .filter(|(k, v)| self.persisted.get(*k) != Some(&digest(v)))
            .collect();
        let del: Vec<String> = self
            .persisted
            .keys()
            .filter(|k| !records.contains_key(*k))
            .cloned()
            .collect();
        if put.is_empty() && del.is_empty() {
            return Ok(());
        }
        let live: u64 = records
            .iter()
            .map(|(k, v)| (k.len() + v.len() + 8) as u64)
            .sum();
        if self.size > live.saturating_mul(COMPACT_FACTOR) + COMPACT_SLACK {
            return self.snapshot(records);
        }
        let line = batch_line(&put, &del)?;
        self.file.write_all(&line)?;
        self.file.sync_data()?;
        self.size += line.len() as u64;
        for (k, v) in put {
            self.persisted.insert(k.clone(), digest(v));
        }
        for k in del {
            self.persisted.remove(&k);
        }
        Ok(())
    }
}

/// Persists what the last operation changed, before its response goes out. A no-op without a
/// data directory and for read-only operations.
pub(crate) fn persist(inner: &Inner, operation: &str) -> ApiResult<()> {
    if READ_ONLY.contains(&operation) {
        return Ok(());
    }
    let Some(store) = inner.state().store.clone() else {
        return Ok(());
    };
    // The log lock is taken before the state lock and held until the write is on disk, so the
    // diffs of concurrent operations are written one after the other.
    let mut log = store.log.lock().unwrap_or_else(|e| e.into_inner());
    // Serialize under the state lock, write and sync after releasing it.
    let current = records(&mut inner.state());
    current.and_then(|r| log.append_changes(&r)).map_err(|e| {
        tracing::error!(target: "cognito_emulator", error = %e, "writing the data directory failed");
        ApiError::new(
            "InternalErrorException",
            "Internal error: the change could not be saved to the data directory.",
        )
    })
}

impl Emulator {
    /// Keeps this emulator's state in the directory `dir` (created if missing), so that it
    /// survives restarts and crashes: what the directory holds is loaded now (replacing
    /// records with the same ids), and from now on every change is written to disk before its
    /// response is sent. Returns whether the directory held any state.
    ///
    /// Pools, app clients, users (with passwords, MFA, devices, lockout and revocations) and
    /// refresh tokens are kept; sign-in sessions in flight and the outbox are not. Token-signing
    /// keys are generated per process: access and ID tokens issued before a restart do not
    /// verify after it.
    ///
    /// # Errors
    ///
    /// I/O errors, a damaged log, or a second call on the same emulator.
    ///
    /// ```
    /// use cognito_flow_emulator::{Clock, Emulator, EmulatorConfig};
    ///
    /// let dir = std::env::temp_dir().join(format!("cognito-emulator-doc-{}", std::process::id()));
    /// let first = Emulator::new(EmulatorConfig::default(), Clock::system());
    /// assert!(!first.open_data_dir(&dir)?);
    /// first.call("CreateUserPool", r#"{"PoolName":"kept"}"#)?;
    ///
    /// let second = Emulator::new(EmulatorConfig::default(), Clock::system());
    /// assert!(second.open_data_dir(&dir)?);
    /// let pools = second.call("ListUserPools", r#"{"MaxResults":10}"#)?;
    /// assert!(pools.contains("\"Name\":\"kept\""));
    /// # drop((first, second)); std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_data_dir(&self, dir: impl AsRef<Path>) -> io::Result<bool> {
        let dir = dir.as_ref();
        fs::create_dir_all(dir)?;
        let path = dir.join(LOG_FILE);
        let stored = read_log(&path)?;
        let had_state = !stored.is_empty();
        let file = open_options()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)?;
        sync_dir(dir)?;
        let mut log = Log {
            dir: dir.to_owned(),
            file,
            persisted: HashMap::new(),
            size: 0,
        };
        let mut state = self.inner.state();
        if state.store.is_some() {
            return Err(io::Error::other(
                "this emulator already has a data directory",
            ));
        }
        load(&mut state, stored)?;
        log.snapshot(&records(&mut state)?)?;
        state.store = Some(Arc::new(Store {
            log: Mutex::new(log),
        }));
        Ok(had_state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, EmulatorConfig};

    fn temp_dir(name: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        std::env::temp_dir().join(format!(
            "cognito-store-{name}-{}-{nanos}",
            std::process::id()
        ))
    }

    fn fresh() -> Emulator {
        Emulator::new(EmulatorConfig::default(), Clock::manual(1_000))
    }

    /// Refresh-token records and their revocation are kept.
    #[test]
    fn refresh_records_survive() {
        let dir = temp_dir("refresh");
        let first = fresh();
        first.open_data_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        let record = RefreshRecord {
            pool_id: "us-east-1_X".into(),
            client_id: "c".into(),
            username: "u".into(),
            origin_jti: "j".into(),
            device_key: None,
            auth_time: 1,
            issued_at: 1,
            expires_at: 2,
            revoked: false,
            replaced_at: None,
        };
        first
            .inner
            .state()
            .refresh_tokens
            .insert("tok".into(), record);
        assert!(persist(&first.inner, "InitiateAuth").is_ok());
        if let Some(r) = first.inner.state().refresh_tokens.get_mut("tok") {
            r.revoked = true;
        }
        assert!(persist(&first.inner, "RevokeToken").is_ok());
        drop(first);
        let second = fresh();
        assert!(second.open_data_dir(&dir).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(
            second
                .inner
                .state()
                .refresh_tokens
                .get("tok")
                .map(|r| r.revoked),
            Some(true)
        );
        let _ = fs::remove_dir_all(&dir);
    }

    /// A log much larger than the live data is rewritten as one snapshot.
    #[test]
    fn the_log_is_compacted() {
        let dir = temp_dir("compact");
        let e = fresh();
        e.open_data_dir(&dir).unwrap_or_else(|err| panic!("{err}"));
        assert!(e.call("CreateUserPool", r#"{"PoolName":"a"}"#).is_ok());
        let path = dir.join(LOG_FILE);
        let lines = |p: &Path| {
            fs::read_to_string(p)
                .map(|t| t.lines().count())
                .unwrap_or(0)
        };
        assert_eq!(lines(&path), 2);
        if let Some(store) = e.inner.state().store.clone() {
            store.log.lock().unwrap_or_else(|p| p.into_inner()).size = 1 << 30;
        }
        assert!(e.call("CreateUserPool", r#"{"PoolName":"b"}"#).is_ok());
        assert_eq!(lines(&path), 1);
        let again = fresh();
        assert!(
            again
                .open_data_dir(&dir)
                .unwrap_or_else(|err| panic!("{err}"))
        );
        assert_eq!(again.inner.state().pools.len(), 2);
        let _ = fs::remove_dir_all(&dir);
    }

    /// Read-only operations write nothing.
    #[test]
    fn reads_do_not_write() {
        let dir = temp_dir("reads");
        let e = fresh();
        e.open_data_dir(&dir).unwrap_or_else(|err| panic!("{err}"));
        assert!(e.call("CreateUserPool", r#"{"PoolName":"a"}"#).is_ok());
        let size = fs::metadata(dir.join(LOG_FILE))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(e.call("ListUserPools", r#"{"MaxResults":5}"#).is_ok());
        assert!(
            e.call("UpdateUserPool", r#"{"UserPoolId":"nope_1"}"#)
                .is_err()
        );
        assert_eq!(
            fs::metadata(dir.join(LOG_FILE))
                .map(|m| m.len())
                .unwrap_or(0),
            size
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn batch_lines_round_trip() {
        let a = ("pool/x".to_owned(), b"{\"a\":1}".to_vec());
        let line = batch_line(&[(&a.0, &a.1)], &["user/x/bob".to_owned()]).unwrap_or_default();
        let batch: Batch = serde_json::from_slice(&line).unwrap_or_default();
        assert_eq!(batch.put.len(), 1);
        assert_eq!(batch.put[0].0, "pool/x");
        assert_eq!(batch.del, ["user/x/bob"]);
        assert_eq!(line.last(), Some(&b'\n'));
    }
}
