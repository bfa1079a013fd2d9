//! The HTTP front: one `POST /` endpoint speaking JSON 1.1, plus the JWKS and the
//! `/_emulator/*` test endpoints. One log line per request, never a body.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::Inner;
use crate::error::ApiError;
use crate::ops;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const JSON_11: &str = "application/x-amz-json-1.1";

pub(crate) async fn serve(
    inner: Arc<Inner>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(inner))
        .with_graceful_shutdown(shutdown)
        .await
}

pub(crate) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/", post(api))
        .route("/_emulator/health", get(health))
        .route("/_emulator/outbox", get(outbox))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .with_state(inner)
}

async fn health() -> Response {
    json_response(
        StatusCode::OK,
        "application/json",
        br#"{"status":"ok"}"#.to_vec(),
    )
}

async fn outbox(
    State(inner): State<Arc<Inner>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let messages: Vec<crate::Message> = inner
        .state()
        .outbox
        .iter()
        .filter(|m| q.get("username").is_none_or(|u| *u == m.username))
        .filter(|m| q.get("userPoolId").is_none_or(|p| *p == m.user_pool_id))
        .cloned()
        .collect();
    let body = serde_json::to_vec(&messages).unwrap_or_else(|_| b"[]".to_vec());
    json_response(StatusCode::OK, "application/json", body)
}

async fn jwks(State(inner): State<Arc<Inner>>, Path(pool_id): Path<String>) -> Response {
    let doc = {
        let mut state = inner.state();
        state
            .pools
            .get_mut(&pool_id)
            .map(|pool| pool.keys.jwks(&pool_id))
    };
    match doc {
        Some(doc) => json_response(
            StatusCode::OK,
            "application/json",
            serde_json::to_vec(&doc).unwrap_or_default(),
        ),
        None => (StatusCode::NOT_FOUND, "unknown user pool").into_response(),
    }
}

async fn api(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Body) -> Response {
    let started = Instant::now();
    let request_id = inner.random.uuid();
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let operation = target.strip_prefix(TARGET_PREFIX).unwrap_or("").to_owned();

    let result = match axum::body::to_bytes(body, inner.config.max_body_bytes).await {
        Err(_) => Err(ApiError::invalid_parameter(format!(
            "Request body exceeds the limit of {} bytes",
            inner.config.max_body_bytes
        ))),
        Ok(bytes) => handle(&inner, &headers, &operation, bytes).await,
    };

    let (status, response) = match result {
        Ok(body) => (200, ok_response(body)),
        Err(e) => (e.status(), error_response(&e)),
    };
    let mut response = response;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-amzn-requestid", v);
    }
    // One line per request: the operation, the status, the latency. Never a body or a header.
    tracing::info!(
        target: "cognito_emulator",
        operation = %if operation.is_empty() { "-" } else { operation.as_str() },
        status,
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

async fn handle(
    inner: &Arc<Inner>,
    headers: &HeaderMap,
    operation: &str,
    body: Bytes,
) -> Result<Vec<u8>, ApiError> {
    if operation.is_empty() || !ops::is_known(operation) {
        return Err(ApiError::new(
            "UnknownOperationException",
            "The requested operation is not recognized by the service.",
        ));
    }
    let ctx = ops::Ctx {
        admin_verified: ops::signing::check(inner, headers, operation, &body)?,
    };
    let inner = Arc::clone(inner);
    let operation = operation.to_owned();
    // SRP and RSA work takes milliseconds: keep it off the async workers.
    tokio::task::spawn_blocking(move || ops::dispatch(&inner, &ctx, &operation, &body))
        .await
        .map_err(|_| ApiError::new("InternalErrorException", "Internal error"))?
}

fn ok_response(body: Vec<u8>) -> Response {
    json_response(StatusCode::OK, JSON_11, body)
}

fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_vec(&serde_json::json!({"__type": e.code(), "message": e.message()}))
        .unwrap_or_default();
    let mut response = json_response(status, JSON_11, body);
    if let Ok(v) = HeaderValue::from_str(&format!("{}:", e.code())) {
        response.headers_mut().insert("x-amzn-errortype", v);
    }
    if let Ok(v) = HeaderValue::from_str(e.message()) {
        response.headers_mut().insert("x-amzn-errormessage", v);
    }
    response
}

fn json_response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static(content_type));
    response
}
