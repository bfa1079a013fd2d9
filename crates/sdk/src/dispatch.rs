//! Sends one Cognito operation: encode, add headers, sign (admin), send with timeouts,
//! retry by policy, decode the response or the error envelope.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cognito_flow_wire::{ErrorEnvelope, Operation, Request};

use crate::Error;
use crate::retry::{Backoff, RetryConfig, RetryQuota, may_retry, resend_policy};
use crate::transport::{HttpRequest, HttpResponse, Transport};

/// `User-Agent` of every request.
pub(crate) const USER_AGENT: &str = concat!("cognito-flow/", env!("CARGO_PKG_VERSION"));

/// Content type of the AWS JSON 1.1 protocol.
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Signs a finished request in place (SigV4 for `Admin*` operations).
pub(crate) trait SignRequest: Send + Sync {
    /// Adds the signature headers. Called once per attempt, so each attempt has a fresh
    /// `X-Amz-Date`.
    fn sign(&self, operation: Operation, request: &mut HttpRequest) -> Result<(), Error>;
}

/// Everything needed to send an operation; owned by the client's shared inner state.
#[derive(Debug)]
pub(crate) struct Dispatcher {
    pub(crate) url: String,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) max_response_body: usize,
    pub(crate) retry: RetryConfig,
    pub(crate) quota: RetryQuota,
    pub(crate) backoff: Backoff,
}

impl Dispatcher {
    /// Sends `request` (signed by `signer` if given) and decodes its response.
    pub(crate) async fn send<R: Request>(
        &self,
        request: &R,
        signer: Option<&dyn SignRequest>,
    ) -> Result<R::Response, Error> {
        let operation = R::OPERATION;
        let name = operation.name();
        let body = serde_json::to_vec(request).map_err(|e| Error::encode(name, e))?;
        let resend = resend_policy(name);
        let started = Instant::now();
        let mut attempt: u32 = 1;
        let mut acquired: Option<u32> = None;
        loop {
            let mut http = HttpRequest::post(
                &self.url,
                vec![
                    ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
                    ("x-amz-target".to_owned(), operation.target().to_owned()),
                    ("user-agent".to_owned(), USER_AGENT.to_owned()),
                    ("cache-control".to_owned(), "no-store".to_owned()),
                ],
                body.clone(),
                self.max_response_body,
            );
            if let Some(signer) = signer {
                signer.sign(operation, &mut http)?;
            }

            let mut error = match self.attempt(name, http, started).await {
                Ok(response) => match self.decode::<R>(name, &response) {
                    Ok(decoded) => {
                        self.quota
                            .release(acquired.unwrap_or(RetryQuota::NO_RETRY_INCREMENT));
                        return Ok(decoded);
                    }
                    Err(e) => e,
                },
                Err(e) => e,
            };

            let retryable = may_retry(resend, &error);
            error.set_retryable(retryable);
            if !retryable || attempt >= self.retry.max_attempts() {
                return Err(error);
            }
            let delay = (self.backoff.jitter)(self.retry.backoff_ceiling(attempt));
            if started.elapsed().saturating_add(delay) >= self.operation_timeout {
                // Waiting would run past the deadline: report the real failure instead.
                return Err(error);
            }
            let cost = if error.kind() == crate::ErrorKind::Timeout {
                RetryQuota::TIMEOUT_RETRY_COST
            } else {
                RetryQuota::RETRY_COST
            };
            if !self.quota.try_acquire(cost) {
                return Err(error);
            }
            acquired = Some(cost);
            if !delay.is_zero() {
                (self.backoff.sleep)(delay).await;
            }
            attempt += 1;
        }
    }

    /// One attempt, bounded by the per-attempt timeout and the remaining operation time.
    async fn attempt(
        &self,
        name: &'static str,
        request: HttpRequest,
        started: Instant,
    ) -> Result<HttpResponse, Error> {
        let remaining = self.operation_timeout.saturating_sub(started.elapsed());
        let (limit, deadline_bound) = if remaining < self.attempt_timeout {
            (remaining, true)
        } else {
            (self.attempt_timeout, false)
        };
        match tokio::time::timeout(limit, self.transport.send(request)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(Error::transport(name, e, self.max_response_body)),
            Err(_elapsed) if deadline_bound => {
                Err(Error::deadline_exceeded(name, self.operation_timeout))
            }
            Err(_elapsed) => Err(Error::attempt_timeout(name, limit)),
        }
    }

    /// Decodes a 2xx body, or turns anything else into the matching error.
    fn decode<R: Request>(
        &self,
        name: &'static str,
        response: &HttpResponse,
    ) -> Result<R::Response, Error> {
        let status = response.status();
        let request_id = response.header("x-amzn-requestid");
        let body = response.body();
        if body.len() > self.max_response_body {
            // A custom transport ignored the limit.
            return Err(
                Error::body_too_large(name, Some(status), self.max_response_body)
                    .with_request_id(request_id),
            );
        }
        if (200..300).contains(&status) {
            return cognito_flow_wire::decode_response::<R::Response>(body)
                .map_err(|e| Error::malformed(name, status, Some(Box::new(e))))
                .map_err(|e| e.with_request_id(request_id));
        }
        let envelope = ErrorEnvelope::decode(
            response.header("x-amzn-errortype"),
            response.header("x-amzn-errormessage"),
            body,
        );
        let error = match envelope {
            Some(envelope) => Error::service(name, status, envelope.code(), envelope.message()),
            None => Error::http_status(name, status),
        };
        Err(error.with_request_id(request_id))
    }
}
