//! The transport layer through the public API, against a scripted HTTP server on
//! `127.0.0.1:0`: exact requests, SigV4, retries, timeouts and malformed responses.
//!
//! Back-off is configured to zero, so no test sleeps; the timeout tests use 200–500 ms
//! attempt timeouts against a server that never answers, and assert no wall-clock time.

#![cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))]

use std::error::Error as _;
use std::time::Duration;

use cognito_flow::{
    AccessToken, Client, ClientBuilder, ClientSecret, ErrorKind, RefreshToken, RetryClass,
    RetryConfig,
};
use serde_json::json;

mod support;

use support::{Reply, Server};

const POOL: &str = "us-east-1_AbCdEf123";
const CLIENT_ID: &str = "1example23456789";
const CLIENT_SECRET: &str = "1example23456789secretabcdefghijklmnop";

/// Standard retries without waiting between attempts.
fn no_wait_retries() -> RetryConfig {
    RetryConfig::default().with_base_delay(Duration::ZERO)
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .endpoint_url(url)
        // Generous: only the timeout tests below use a short one.
        .attempt_timeout(Duration::from_secs(5))
        .retry(no_wait_retries())
}

fn client(url: &str) -> Client {
    builder(url).build().unwrap_or_else(|e| panic!("{e}"))
}

fn user_agent() -> String {
    format!("cognito-flow/{}", env!("CARGO_PKG_VERSION"))
}

// ---------------------------------------------------------------------------------------
// What goes on the wire.

#[tokio::test]
async fn revoke_token_sends_the_exact_request() {
    let server = Server::start(vec![Reply::ok()]).await;
    let client = builder(&server.url())
        .client_secret(ClientSecret::new(CLIENT_SECRET))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let result = client
        .revoke_token(&RefreshToken::new("refresh.token.value"))
        .await;
    assert!(result.is_ok(), "{result:?}");

    let received = server.received();
    let [request] = &received[..] else {
        panic!("expected one request, got {}", received.len());
    };
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.RevokeToken")
    );
    assert_eq!(request.header("user-agent"), Some(user_agent().as_str()));
    assert_eq!(request.header("cache-control"), Some("no-store"));
    assert_eq!(request.header_count("x-amz-target"), 1);
    // Public operations are unsigned.
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-amz-date"), None);
    // The raw client secret, not a SECRET_HASH (spec §7).
    assert_eq!(
        request.json(),
        json!({
            "Token": "refresh.token.value",
            "ClientId": CLIENT_ID,
            "ClientSecret": CLIENT_SECRET,
        })
    );
}

#[tokio::test]
async fn revoke_token_without_a_secret_omits_client_secret() {
    let server = Server::start(vec![Reply::ok()]).await;
    let client = client(&server.url());
    let result = client.revoke_token(&RefreshToken::new("rt")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        server.received()[0].json(),
        json!({"Token": "rt", "ClientId": CLIENT_ID})
    );
}

#[tokio::test]
async fn global_sign_out_sends_the_access_token_in_the_body() {
    // RevokeToken and GlobalSignOut may answer with an empty body (spec §1.2).
    let server = Server::start(vec![Reply::raw(200, Vec::new())]).await;
    let client = client(&server.url());
    let result = client
        .global_sign_out(&AccessToken::new("access.token"))
        .await;
    assert!(result.is_ok(), "{result:?}");
    let request = &server.received()[0];
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.GlobalSignOut")
    );
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.json(), json!({"AccessToken": "access.token"}));
}

#[cfg(feature = "admin")]
#[tokio::test]
async fn admin_calls_are_sigv4_signed() {
    use cognito_flow::{AdminClient, AwsCredentials, AwsSecretAccessKey};

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let server = Server::start(vec![Reply::ok()]).await;
    let credentials = AwsCredentials::new("AKIDEXAMPLE", AwsSecretAccessKey::new(SECRET));
    let admin = AdminClient::new(client(&server.url()), credentials);
    let result = admin.admin_user_global_sign_out("alice").await;
    assert!(result.is_ok(), "{result:?}");

    let request = &server.received()[0];
    assert_eq!(
        request.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.AdminUserGlobalSignOut")
    );
    assert_eq!(
        request.json(),
        json!({"UserPoolId": POOL, "Username": "alice"})
    );
    assert_eq!(request.header("user-agent"), Some(user_agent().as_str()));
    // Recomputed from the received bytes with hmac + sha2, independently of aws-sigv4.
    let sig = support::verify_sigv4(request, SECRET).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sig.access_key_id, "AKIDEXAMPLE");
    assert_eq!(sig.region, "us-east-1");
    assert_eq!(sig.service, "cognito-idp");
    for header in ["content-type", "host", "x-amz-date", "x-amz-target"] {
        assert!(
            sig.signed_headers.iter().any(|h| h == header),
            "{header} not signed"
        );
    }
    assert_eq!(request.header("x-amz-security-token"), None);
}

// ---------------------------------------------------------------------------------------
// Retries.

#[tokio::test]
async fn transient_faults_are_retried_until_success() {
    for script in [
        vec![
            Reply::error(500, "InternalErrorException", "boom"),
            Reply::ok(),
        ],
        vec![
            Reply::raw(503, b"<html>busy</html>".to_vec()),
            Reply::raw(502, Vec::new()),
            Reply::ok(),
        ],
        vec![
            Reply::error(400, "TooManyRequestsException", "Rate exceeded"),
            Reply::ok(),
        ],
        vec![
            Reply::error(400, "ThrottlingException", "slow down"),
            Reply::ok(),
        ],
        vec![Reply::raw(504, Vec::new()), Reply::ok()],
    ] {
        let attempts = script.len();
        let server = Server::start(script).await;
        let client = client(&server.url());
        let result = client.revoke_token(&RefreshToken::new("rt")).await;
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(server.count(), attempts);
    }
}

#[tokio::test]
async fn retries_stop_after_three_attempts() {
    let server = Server::start(vec![
        Reply::error(500, "InternalErrorException", "boom"),
        Reply::error(500, "InternalErrorException", "boom"),
        Reply::error(500, "InternalErrorException", "boom"),
        Reply::ok(),
    ])
    .await;
    let client = client(&server.url());
    let err = client.global_sign_out(&AccessToken::new("at")).await.err();
    assert_eq!(server.count(), 3);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Internal);
    assert_eq!(err.code(), Some("InternalErrorException"));
    assert_eq!(err.request_id(), Some("req-InternalErrorException"));
    assert_eq!(err.retry_class(), RetryClass::Transient);
    assert!(err.is_retryable());
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let server = Server::start(vec![Reply::raw(503, Vec::new()), Reply::ok()]).await;
    let client = builder(&server.url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
    assert_eq!(server.count(), 1);
    assert_eq!(
        err.map(|e| (e.kind(), e.status())),
        Some((ErrorKind::Internal, Some(503)))
    );
}

#[tokio::test]
async fn limit_exceeded_and_client_errors_are_not_retried() {
    for (code, kind) in [
        ("LimitExceededException", ErrorKind::LimitExceeded),
        ("NotAuthorizedException", ErrorKind::NotAuthorized),
        ("InvalidParameterException", ErrorKind::InvalidParameter),
        ("UnsupportedOperationException", ErrorKind::Unsupported),
        ("SomeBrandNewException", ErrorKind::Service),
    ] {
        let server = Server::start(vec![Reply::error(400, code, "no"), Reply::ok()]).await;
        let client = client(&server.url());
        let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
        assert_eq!(server.count(), 1, "{code}");
        let err = err.unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.kind(), kind);
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some("no"));
        assert_eq!(err.retry_class(), RetryClass::None);
        assert!(!err.is_retryable());
        assert_eq!(err.to_string(), format!("RevokeToken: {code}: no"));
    }
}

#[tokio::test]
async fn connection_refused_is_a_not_sent_transport_error() {
    let url = support::refused_url().await;
    let client = client(&url);
    let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.retry_class(), RetryClass::Transient);
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "RevokeToken: the request could not be sent"
    );
    assert!(err.source().is_some());
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_an_idempotent_operation() {
    let server = Server::start(vec![Reply::Reset, Reply::ok()]).await;
    let client = client(&server.url());
    let result = client.revoke_token(&RefreshToken::new("rt")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let client = builder(&server.url())
        .attempt_timeout(Duration::from_millis(200))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.global_sign_out(&AccessToken::new("at")).await.err();
    assert_eq!(server.count(), 1);
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.to_string(), "GlobalSignOut: no response within 200ms");
}

#[tokio::test]
async fn a_timeout_is_retried_for_an_idempotent_operation() {
    let server = Server::start(vec![Reply::Hang, Reply::ok()]).await;
    let client = builder(&server.url())
        .attempt_timeout(Duration::from_millis(500))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let result = client.global_sign_out(&AccessToken::new("at")).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------------------
// Malformed and unusual responses: typed errors, never panics.

#[tokio::test]
async fn malformed_success_bodies_are_protocol_errors() {
    for body in [
        &b"not json"[..],
        b"\"a string\"",
        b"42",
        b"{\"unterminated\":",
        b"\xff\xfe\xfd",
    ] {
        let server = Server::start(vec![Reply::raw(200, body.to_vec())]).await;
        let client = client(&server.url());
        let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
        let err = err.unwrap_or_else(|| panic!("{body:?}: expected an error"));
        assert_eq!(err.kind(), ErrorKind::Protocol, "{body:?}");
        assert_eq!(
            err.to_string(),
            "RevokeToken: malformed response (HTTP 200)"
        );
        assert!(err.source().is_some());
        assert_eq!(server.count(), 1, "not retried");
    }
}

#[tokio::test]
async fn unknown_members_are_ignored() {
    let server = Server::start(vec![Reply::json(r#"{"SomethingNew":[1,2,3]}"#)]).await;
    let client = client(&server.url());
    let result = client.revoke_token(&RefreshToken::new("rt")).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn oversized_bodies_are_refused_without_buffering() {
    let big = vec![b' '; 2 * 1024 * 1024];
    for content_length in [true, false] {
        let server = Server::start(vec![Reply::Http {
            status: 200,
            headers: Vec::new(),
            body: big.clone(),
            content_length,
        }])
        .await;
        let client = client(&server.url());
        let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
        let err = err.unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert_eq!(
            err.to_string(),
            "RevokeToken: response body larger than the 1048576-byte limit"
        );
        assert!(!err.is_retryable());
    }
    // The limit is configurable.
    let server = Server::start(vec![Reply::json(r#"{"padding":"0123456789"}"#)]).await;
    let client = builder(&server.url())
        .max_response_body(16)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.revoke_token(&RefreshToken::new("rt")).await.err();
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Protocol));
}

#[tokio::test]
async fn errors_without_a_type_fall_back_to_the_header_then_the_status() {
    // Code in the header only (spec §1.5 step 2).
    let server = Server::start(vec![Reply::Http {
        status: 400,
        headers: vec![
            ("x-amzn-ErrorType".into(), "NotAuthorizedException:".into()),
            (
                "x-amzn-ErrorMessage".into(),
                "Access Token has been revoked".into(),
            ),
        ],
        body: b"<html>Bad Request</html>".to_vec(),
        content_length: true,
    }])
    .await;
    let err = client(&server.url())
        .global_sign_out(&AccessToken::new("at"))
        .await
        .err()
        .unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::NotAuthorized);
    assert_eq!(err.code(), Some("NotAuthorizedException"));
    assert_eq!(err.message(), Some("Access Token has been revoked"));

    // No code at all: a 4xx is an uncoded service error.
    for body in [&b"{}"[..], b"{\"message\":\"no type\"}", b"oops", b"\xff"] {
        let server = Server::start(vec![Reply::raw(400, body.to_vec())]).await;
        let err = client(&server.url())
            .global_sign_out(&AccessToken::new("at"))
            .await
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.kind(), ErrorKind::Service, "{body:?}");
        assert_eq!(err.code(), None);
        assert_eq!(err.status(), Some(400));
        assert_eq!(
            err.to_string(),
            "GlobalSignOut: HTTP 400 without an error code"
        );
        assert_eq!(server.count(), 1);
    }

    // A namespaced __type is reduced to the code.
    let server = Server::start(vec![Reply::error(
        400,
        "com.amazonaws.cognito.identity.idp.model#UserNotFoundException",
        "User does not exist.",
    )])
    .await;
    let err = client(&server.url())
        .global_sign_out(&AccessToken::new("at"))
        .await
        .err()
        .unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(err.kind(), ErrorKind::UserNotFound);
    assert_eq!(err.code(), Some("UserNotFoundException"));
}

// ---------------------------------------------------------------------------------------
// Configuration and secrets.

#[test]
fn build_checks_the_configuration() {
    let cases: [(ClientBuilder, &str); 6] = [
        (
            Client::builder().client_id(CLIENT_ID),
            "a user pool id is required",
        ),
        (
            Client::builder().user_pool_id(POOL),
            "a client id is required",
        ),
        (
            Client::builder()
                .user_pool_id("no-underscore")
                .client_id(CLIENT_ID),
            "user pool id must look like `<region>_<id>`, e.g. `us-east-1_AbCdEf123`",
        ),
        (
            Client::builder()
                .user_pool_id(POOL)
                .client_id(CLIENT_ID)
                .endpoint_url("localhost:9229"),
            "endpoint URL must be an absolute http:// or https:// URL with a host",
        ),
        (
            Client::builder()
                .user_pool_id(POOL)
                .client_id(CLIENT_ID)
                .attempt_timeout(Duration::ZERO),
            "timeouts must be greater than zero",
        ),
        (
            Client::builder()
                .user_pool_id(POOL)
                .client_id(CLIENT_ID)
                .region("eu-west-1"),
            "region `eu-west-1` does not match the user pool's region `us-east-1`",
        ),
    ];
    for (builder, message) in cases {
        let err = builder
            .build()
            .err()
            .unwrap_or_else(|| panic!("{message}: built"));
        assert_eq!(err.kind(), ErrorKind::Config);
        assert_eq!(
            err.to_string(),
            format!("invalid client configuration: {message}")
        );
    }
}

#[test]
fn debug_output_holds_no_secrets() {
    let client = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .client_secret(ClientSecret::new("canary-client-secret"))
        .endpoint_url("http://127.0.0.1:1")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let debug = format!("{client:?}");
    assert!(!debug.contains("canary"), "{debug}");
    assert!(!debug.contains(CLIENT_ID), "{debug}");
    assert!(debug.contains("has_client_secret: true"), "{debug}");
}

#[test]
fn client_is_cheap_to_share() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<Client>();
    let client = Client::builder()
        .user_pool_id(POOL)
        .client_id(CLIENT_ID)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        client.endpoint_url(),
        "https://cognito-idp.us-east-1.amazonaws.com/"
    );
    let token = RefreshToken::new("rt");
    let fut = client.revoke_token(&token);
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&fut);
}
