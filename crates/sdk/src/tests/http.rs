//! Dispatcher tests over real HTTP (the default transport and the scripted server).

use std::time::Duration;

use cognito_flow_wire::GetUserRequest;

use super::{CLIENT_ID, POOL, recording_backoff, respond_request};
use crate::error::Delivery;
use crate::{Client, ClientBuilder, ErrorKind, RetryClass};

#[path = "../../tests/support/mod.rs"]
mod support;

use support::{Reply, Server};

fn builder(url: &str) -> ClientBuilder {
    let (backoff, _) = recording_backoff();
    Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .endpoint_url(url)
        .attempt_timeout(Duration::from_secs(5))
        .backoff(backoff)
}

fn client(url: &str) -> Client {
    builder(url).build().unwrap_or_else(|e| panic!("{e}"))
}

// ---------------------------------------------------------------------------------------
// A `Session` is consumed by anything but a surely-not-sent failure.

#[tokio::test]
async fn respond_to_auth_challenge_is_sent_once_after_a_500() {
    let server = Server::start(vec![
        Reply::error(500, "InternalErrorException", "boom"),
        Reply::ok(),
    ])
    .await;
    let client = client(&server.url());
    let err = client.send(&respond_request()).await.err();
    assert_eq!(server.count(), 1);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Internal);
    assert_eq!(err.retry_class(), RetryClass::Transient);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn respond_to_auth_challenge_is_sent_once_after_a_reset() {
    let server = Server::start(vec![Reply::Reset, Reply::ok()]).await;
    let client = client(&server.url());
    let err = client.send(&respond_request()).await.err();
    assert_eq!(server.count(), 1);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.delivery(), Delivery::MaybeSent);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn respond_to_auth_challenge_is_sent_once_after_throttling() {
    let server = Server::start(vec![
        Reply::error(400, "TooManyRequestsException", "Rate exceeded"),
        Reply::ok(),
    ])
    .await;
    let client = client(&server.url());
    let err = client.send(&respond_request()).await.err();
    assert_eq!(server.count(), 1);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::TooManyRequests);
    assert_eq!(err.retry_class(), RetryClass::Throttling);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn respond_to_auth_challenge_is_sent_once_after_a_timeout() {
    let server = Server::start(vec![Reply::Hang, Reply::ok()]).await;
    let client = builder(&server.url())
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.send(&respond_request()).await.err();
    assert_eq!(server.count(), 1);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn operation_deadline_bounds_a_hanging_server() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let client = builder(&server.url())
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.send(&GetUserRequest::new("token")).await.err();
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(
        err.to_string(),
        "GetUser: operation deadline of 300ms exceeded"
    );
    assert_eq!(server.count(), 1);
}

// ---------------------------------------------------------------------------------------
// Decoding.

#[tokio::test]
async fn missing_members_and_wrong_types_are_protocol_errors() {
    for body in [
        &br#"{}"#[..],                                    // required members missing
        br#"{"Username":42,"UserAttributes":[]}"#,        // wrong type
        br#"{"Username":"alice","UserAttributes":{}}"#,   // wrong type
        br#"{"Username":"alice""#,                        // truncated
        b"\xff\xfe\x00{",                                 // not UTF-8
        b"{\"Username\":\"\xff\",\"UserAttributes\":[]}", // not UTF-8 in a member
    ] {
        let server = Server::start(vec![Reply::raw(200, body.to_vec())]).await;
        let client = client(&server.url());
        let err = client.send(&GetUserRequest::new("token")).await.err();
        let err = err.unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.kind(), ErrorKind::Protocol, "{body:?}");
        assert_eq!(err.status(), Some(200));
        assert!(std::error::Error::source(&err).is_some());
        assert!(!err.is_retryable());
        assert_eq!(server.count(), 1, "malformed responses are not retried");
    }
}

// ---------------------------------------------------------------------------------------
// SigV4.

#[cfg(feature = "admin")]
mod admin {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use super::*;
    use crate::{AdminClient, AwsCredentials, AwsSecretAccessKey, AwsSessionToken};

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn fixed_clock() -> SystemTime {
        // Tue Mar 5 07:04:09 UTC 2024
        UNIX_EPOCH + Duration::from_secs(1_709_622_249)
    }

    #[tokio::test]
    async fn admin_calls_are_signed_with_the_injected_clock() {
        let server = Server::start(vec![Reply::ok()]).await;
        let credentials = AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new(SECRET))
            .with_session_token(AwsSessionToken::new("session-token-canary"));
        let admin = AdminClient::new(client(&server.url()), credentials).with_clock(fixed_clock);
        let result = admin.admin_user_global_sign_out("alice").await;
        assert!(result.is_ok(), "{result:?}");

        let received = server.received();
        let [request] = &received[..] else {
            panic!("expected one request, got {}", received.len());
        };
        assert_eq!(request.header("x-amz-date"), Some("20240305T070409Z"));
        assert_eq!(
            request.header("x-amz-security-token"),
            Some("session-token-canary")
        );
        let sig = support::verify_sigv4(request, SECRET).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                sig.access_key_id.as_str(),
                sig.date.as_str(),
                sig.region.as_str(),
                sig.service.as_str()
            ),
            ("AKIDEXAMPLE", "20240305", "us-east-1", "cognito-idp")
        );
        for header in [
            "content-type",
            "host",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-target",
        ] {
            assert!(
                sig.signed_headers.iter().any(|h| h == header),
                "{header} not signed"
            );
        }
        // The same request signed with another secret does not verify.
        assert!(support::verify_sigv4(request, "not-the-secret").is_err());
    }

    #[tokio::test]
    async fn each_attempt_is_signed_afresh() {
        let server = Server::start(vec![
            Reply::error(500, "InternalErrorException", "boom"),
            Reply::ok(),
        ])
        .await;
        let credentials = AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new(SECRET));
        let admin = AdminClient::new(client(&server.url()), credentials).with_clock(fixed_clock);
        let result = admin.admin_user_global_sign_out("alice").await;
        assert!(result.is_ok(), "{result:?}");
        let received = server.received();
        assert_eq!(received.len(), 2);
        for request in &received {
            assert_eq!(request.header_count("authorization"), 1);
            assert!(support::verify_sigv4(request, SECRET).is_ok());
        }
    }
}
