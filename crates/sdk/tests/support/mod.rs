//! Test support shared by the unit tests (`src/tests.rs`) and the integration tests: a
//! scripted HTTP/1.1 server on `127.0.0.1:0` and an independent SigV4 verifier.
//!
//! The server handles one connection at a time, answers each request with the next reply
//! of its script (HTTP 500 once the script is used up) and closes the connection, so every
//! attempt of the client is one connection and one recorded request.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub(crate) enum Reply {
    /// Answers with this status, headers and body.
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        /// `false`: no `Content-Length`, the body ends when the connection closes.
        content_length: bool,
    },
    /// Reads the request, then resets the connection (TCP RST).
    Reset,
    /// Reads the request and never answers (the connection stays open).
    Hang,
}

impl Reply {
    /// `200` with a JSON body.
    pub(crate) fn json(body: &str) -> Self {
        Self::raw(200, body.as_bytes().to_vec())
    }

    /// `200 {}`.
    pub(crate) fn ok() -> Self {
        Self::json("{}")
    }

    /// A Cognito error: `{"__type": code, "message": message}` with `x-amzn-RequestId`.
    pub(crate) fn error(status: u16, code: &str, message: &str) -> Self {
        let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
        Self::Http {
            status,
            headers: vec![
                ("Content-Type".into(), "application/x-amz-json-1.1".into()),
                ("x-amzn-RequestId".into(), format!("req-{code}")),
            ],
            body: body.into_bytes(),
            content_length: true,
        }
    }

    /// Any status and body, JSON content type.
    pub(crate) fn raw(status: u16, body: Vec<u8>) -> Self {
        Self::Http {
            status,
            headers: vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            body,
            content_length: true,
        }
    }
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Received {
    /// The first value of a header (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many times a header occurs.
    pub(crate) fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }

    /// The body parsed as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// The scripted server. Dropping it stops it.
pub(crate) struct Server {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Starts a server that answers with `script`, in order.
    pub(crate) async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            let mut script = script.into_iter();
            // Connections we never answer stay open until the server stops.
            let mut held = Vec::new();
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let Some(request) = read_request(&mut stream).await else {
                    continue;
                };
                log.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(request);
                let reply = script
                    .next()
                    .unwrap_or_else(|| Reply::raw(500, b"script exhausted".to_vec()));
                match reply {
                    Reply::Http {
                        status,
                        headers,
                        body,
                        content_length,
                    } => {
                        let mut head =
                            format!("HTTP/1.1 {status} Whatever\r\nConnection: close\r\n");
                        for (name, value) in headers {
                            head.push_str(&format!("{name}: {value}\r\n"));
                        }
                        if content_length {
                            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
                        }
                        head.push_str("\r\n");
                        let _ = stream.write_all(head.as_bytes()).await;
                        let _ = stream.write_all(&body).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Reset => {
                        let _ = stream.set_zero_linger();
                        drop(stream);
                    }
                    Reply::Hang => held.push(stream),
                }
            }
        });
        Server {
            addr,
            received,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many requests arrived.
    pub(crate) fn count(&self) -> usize {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A URL on which nothing listens (connection refused).
pub(crate) async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local_addr: {e}"));
    drop(listener);
    format!("http://{addr}")
}

/// Reads one HTTP/1.1 request with a `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}

/// What an independent SigV4 check found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SigV4 {
    pub(crate) access_key_id: String,
    pub(crate) date: String,
    pub(crate) region: String,
    pub(crate) service: String,
    pub(crate) signed_headers: Vec<String>,
}

/// Recomputes the SigV4 signature of a received request from scratch (canonical request,
/// string to sign, derived key; AWS's published algorithm, with `hmac` and `sha2` only) and
/// compares it with the one in `Authorization`. Returns the parsed scope on success.
pub(crate) fn verify_sigv4(request: &Received, secret_access_key: &str) -> Result<SigV4, String> {
    let authorization = request
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = authorization
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("not AWS4-HMAC-SHA256")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(", ") {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(format!("unexpected Authorization part {part:?}")),
        }
    }
    let credential = credential.ok_or("no Credential")?;
    let signed_headers = signed_headers.ok_or("no SignedHeaders")?;
    let signature = signature.ok_or("no Signature")?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(format!("bad credential scope {credential:?}"));
    };
    if terminator != "aws4_request" {
        return Err("scope does not end in aws4_request".into());
    }
    let amz_date = request.header("x-amz-date").ok_or("no X-Amz-Date")?;
    if !amz_date.starts_with(date) {
        return Err("X-Amz-Date and scope date differ".into());
    }

    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let values: Vec<&str> = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        if values.is_empty() {
            return Err(format!("signed header {name} was not received"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        path,
        query,
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(&request.body))
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = hmac(
        format!("AWS4{secret_access_key}").as_bytes(),
        date.as_bytes(),
    );
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let expected = hex(&hmac(&k_signing, string_to_sign.as_bytes()));
    if expected != signature {
        return Err(format!(
            "signature mismatch: expected {expected}, got {signature}"
        ));
    }
    Ok(SigV4 {
        access_key_id: access_key_id.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed_headers.split(';').map(str::to_owned).collect(),
    })
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|e| panic!("HMAC takes any key: {e}"));
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
