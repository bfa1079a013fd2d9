//! Dispatcher tests that need crate-private hooks: the `Session`-consuming operations (no
//! public entry point yet), injected back-off and signer clock, the retry budget.
//!
//! No test sleeps for back-off: the sleeper records the waits and returns at once.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use cognito_flow_wire::{GetUserRequest, RespondToAuthChallengeRequest};

use crate::error::Delivery;
use crate::retry::{Backoff, RetryQuota};
use crate::{
    Client, ClientSecret, ErrorKind, HttpRequest, HttpResponse, ResponseFuture, RetryConfig,
    Transport, TransportError, TransportErrorKind,
};

// Over real HTTP: needs the default transport with a crypto provider.
#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))]
mod http;

const POOL: &str = "us-east-1_AbCdEf123";
const CLIENT_ID: &str = "1example23456789";

/// A back-off that records the waits instead of sleeping, with no jitter (the ceiling).
fn recording_backoff() -> (Backoff, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&slept);
    let backoff = Backoff {
        sleep: Arc::new(move |d| {
            log.lock().unwrap_or_else(PoisonError::into_inner).push(d);
            Box::pin(async {})
        }),
        jitter: Arc::new(|ceiling| ceiling),
    };
    (backoff, slept)
}

fn respond_request() -> RespondToAuthChallengeRequest {
    let mut answers = cognito_flow_wire::SensitiveMap::new();
    answers.insert("USERNAME", "alice");
    answers.insert("SMS_MFA_CODE", "123456");
    let mut request =
        RespondToAuthChallengeRequest::new(CLIENT_ID, cognito_flow_wire::ChallengeName::SmsMfa);
    request.session = Some("AYABeSession-canary-0123456789".into());
    request.challenge_responses = Some(answers);
    request
}

// ---------------------------------------------------------------------------------------
// A `Session` is consumed by anything but a surely-not-sent failure.

#[tokio::test]
async fn respond_to_auth_challenge_is_resent_when_surely_not_sent() {
    let transport = FakeTransport::new(vec![
        Err(TransportErrorKind::NotSent),
        Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())),
    ]);
    let calls = Arc::clone(&transport.calls);
    let (backoff, slept) = recording_backoff();
    let client = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .transport(transport)
        .backoff(backoff)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let result = client.send(&respond_request()).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        *slept.lock().unwrap_or_else(PoisonError::into_inner),
        [Duration::from_millis(100)]
    );
}

#[tokio::test]
async fn not_sent_failures_exhaust_the_attempts() {
    let transport = FakeTransport::new((0..5).map(|_| Err(TransportErrorKind::NotSent)).collect());
    let calls = Arc::clone(&transport.calls);
    let client = fake_client(transport);
    let err = client.send(&respond_request()).await.err();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.delivery(), Delivery::NotSent);
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "RespondToAuthChallenge: the request could not be sent"
    );
    assert_eq!(
        std::error::Error::source(&err)
            .map(ToString::to_string)
            .as_deref(),
        Some("fake transport error")
    );
}

// ---------------------------------------------------------------------------------------
// Back-off, budget, deadline.

#[tokio::test]
async fn backoff_doubles_from_the_base_delay() {
    let transport = FakeTransport::repeat(3, 503);
    let calls = Arc::clone(&transport.calls);
    let (backoff, slept) = recording_backoff();
    let client = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .transport(transport)
        .backoff(backoff)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.send(&GetUserRequest::new("token")).await.err();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Internal));
    assert_eq!(
        *slept.lock().unwrap_or_else(PoisonError::into_inner),
        [Duration::from_millis(100), Duration::from_millis(200)]
    );
}

#[tokio::test]
async fn retry_budget_stops_retry_storms_and_successes_refill_it() {
    let transport = FakeTransport::repeat(1000, 500);
    let calls = Arc::clone(&transport.calls);
    let client = fake_client(transport);
    // Each failing call retries twice at 5 tokens: 50 calls drain the 500-token bucket.
    for _ in 0..50 {
        let _ = client.send(&GetUserRequest::new("token")).await;
    }
    assert_eq!(calls.load(Ordering::SeqCst), 150);
    assert_eq!(client_quota(&client), 0);
    let err = client.send(&GetUserRequest::new("token")).await.err();
    assert_eq!(calls.load(Ordering::SeqCst), 151, "no retry without budget");
    assert!(err.is_some_and(|e| e.is_retryable()));

    // A success without retries refunds one token.
    let ok = FakeTransport::new(vec![Ok(HttpResponse::new(
        200,
        Vec::new(),
        br#"{"Username":"alice","UserAttributes":[]}"#.to_vec(),
    ))]);
    let client2 = fake_client(ok);
    client2.retry_quota().try_acquire(RetryQuota::CAPACITY);
    let result = client2.send(&GetUserRequest::new("token")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(client_quota(&client2), RetryQuota::NO_RETRY_INCREMENT);
}

#[tokio::test]
async fn no_backoff_past_the_deadline() {
    let transport = FakeTransport::repeat(3, 500);
    let calls = Arc::clone(&transport.calls);
    let (backoff, slept) = recording_backoff();
    let client = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .transport(transport)
        .backoff(backoff)
        .retry(
            RetryConfig::default()
                .with_base_delay(Duration::from_secs(60))
                .with_max_delay(Duration::from_secs(60)),
        )
        .operation_timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.send(&GetUserRequest::new("token")).await.err();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(
        slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty()
    );
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Internal));
}

// ---------------------------------------------------------------------------------------
// Decoding.

#[tokio::test]
async fn a_transport_that_ignores_the_body_limit_is_caught() {
    let transport = FakeTransport::new(vec![Ok(HttpResponse::new(
        200,
        Vec::new(),
        vec![b' '; 2 * 1024 * 1024],
    ))]);
    let client = fake_client(transport);
    let err = client.send(&GetUserRequest::new("token")).await.err();
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert_eq!(
        err.to_string(),
        "GetUser: response body larger than the 1048576-byte limit"
    );
}

// ---------------------------------------------------------------------------------------
// SECRET_HASH and SigV4.

#[test]
fn secret_hash_uses_the_client_secret() {
    let transport = FakeTransport::new(Vec::new());
    let with = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .client_secret(ClientSecret::new("1example23456789secretabcdefghijklmnop"))
        .transport(transport)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    // Spec §7 test vector.
    assert_eq!(
        with.secret_hash("testuser").as_deref(),
        Some("l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8=")
    );
    let without = fake_client(FakeTransport::new(Vec::new()));
    assert_eq!(without.secret_hash("testuser"), None);
}

// ---------------------------------------------------------------------------------------
// Helpers.

fn fake_client(transport: FakeTransport) -> Client {
    let (backoff, _) = recording_backoff();
    Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .transport(transport)
        .backoff(backoff)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn client_quota(client: &Client) -> u32 {
    client.retry_quota().available()
}

/// An in-memory transport that plays back a script of responses and error kinds.
#[derive(Debug)]
struct FakeTransport {
    script: Mutex<VecDeque<Result<HttpResponse, TransportErrorKind>>>,
    calls: Arc<AtomicUsize>,
}

impl FakeTransport {
    fn new(script: Vec<Result<HttpResponse, TransportErrorKind>>) -> Self {
        Self {
            script: Mutex::new(script.into()),
            calls: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// `n` empty responses with this status.
    fn repeat(n: usize, status: u16) -> Self {
        Self::new(
            (0..n)
                .map(|_| Ok(HttpResponse::new(status, Vec::new(), Vec::new())))
                .collect(),
        )
    }
}

impl Transport for FakeTransport {
    fn send(&self, _request: HttpRequest) -> ResponseFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let next = self
            .script
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .unwrap_or(Err(TransportErrorKind::Other));
        Box::pin(async move {
            next.map_err(|kind| Box::new(FakeError(kind)) as Box<dyn TransportError>)
        })
    }
}

#[derive(Debug)]
struct FakeError(TransportErrorKind);

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fake transport error")
    }
}

impl std::error::Error for FakeError {}

impl TransportError for FakeError {
    fn kind(&self) -> TransportErrorKind {
        self.0
    }
}
