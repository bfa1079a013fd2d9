//! Retry policy: which failures are retried, how long to wait, and the retry budget.
//!
//! This is botocore's *standard* retry mode (spec §1.6) with two Cognito-specific rules:
//!
//! * `LimitExceededException` is never retried (a per-user counter, not throttling).
//! * Requests that carry a single-use challenge `Session` (`RespondToAuthChallenge`,
//!   `AdminRespondToAuthChallenge`, `VerifySoftwareToken`, `AssociateSoftwareToken`) are
//!   resent **only** when the transport says the request was surely not sent. Any response,
//!   even a throttle or a 5xx, or any failure after the request may have left, may have
//!   consumed the session, and a resend would fail with "Invalid session".

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::error::{Delivery, Error, RetryClass};

/// Automatic retry settings. The default is botocore's standard mode with a shorter base
/// delay suited to interactive sign-in.
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`](RetryConfig::with_max_attempts) (first try included) | 3 |
/// | [`base_delay`](RetryConfig::with_base_delay) | 100 ms |
/// | [`max_delay`](RetryConfig::with_max_delay) | 20 s |
///
/// The wait before retry *n* (n = 1, 2, …) is drawn uniformly from
/// `[0, min(max_delay, base_delay × 2^(n-1))]` ("full jitter"). A client-wide retry budget
/// (a token bucket of 500; a retry costs 5, a retry after a timeout 10, a success refunds
/// what its retry cost, or 1 if it needed none) stops retry storms when the service is
/// down, as in botocore and the AWS SDKs. Retries never run past the operation deadline
/// ([`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout)).
///
/// What is retried: throttling (`TooManyRequestsException`, `Throttling`,
/// `ThrottlingException`, `RequestLimitExceeded`), transient faults
/// (`InternalErrorException`, `RequestTimeout*`, HTTP 500/502/503/504), requests that were
/// surely not sent, and — only for operations that are safe to resend — timeouts and
/// connection failures after sending. See the module rules above for challenge answers.
///
/// ```
/// use std::time::Duration;
/// use cognito_flow::RetryConfig;
///
/// let patient = RetryConfig::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(250));
/// let none = RetryConfig::disabled();
/// assert_eq!(none.max_attempts(), 1);
/// # let _ = patient;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl RetryConfig {
    /// The standard policy: 3 attempts, 100 ms base delay, 20 s cap.
    ///
    /// ```
    /// use std::time::Duration;
    /// let standard = cognito_flow::RetryConfig::standard();
    /// assert_eq!(standard.max_attempts(), 3);
    /// assert_eq!(standard.base_delay(), Duration::from_millis(100));
    /// assert_eq!(standard, cognito_flow::RetryConfig::default());
    /// ```
    #[must_use]
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
        }
    }

    /// No automatic retries: every call makes exactly one attempt.
    ///
    /// ```
    /// assert_eq!(cognito_flow::RetryConfig::disabled().max_attempts(), 1);
    /// ```
    #[must_use]
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the total number of attempts, first one included (`1` disables retries; `0` is
    /// treated as `1`).
    ///
    /// ```
    /// use cognito_flow::RetryConfig;
    /// assert_eq!(RetryConfig::standard().with_max_attempts(5).max_attempts(), 5);
    /// assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts(), 1);
    /// ```
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the base of the exponential back-off.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = cognito_flow::RetryConfig::standard().with_base_delay(Duration::from_millis(250));
    /// assert_eq!(config.base_delay(), Duration::from_millis(250));
    /// ```
    #[must_use]
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest wait between two attempts.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = cognito_flow::RetryConfig::standard().with_max_delay(Duration::from_secs(2));
    /// assert_eq!(config.max_delay(), Duration::from_secs(2));
    /// ```
    #[must_use]
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The total number of attempts, first one included.
    ///
    /// ```
    /// assert_eq!(cognito_flow::RetryConfig::standard().max_attempts(), 3);
    /// ```
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential back-off.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(cognito_flow::RetryConfig::standard().base_delay(), Duration::from_millis(100));
    /// ```
    #[must_use]
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest wait between two attempts.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(cognito_flow::RetryConfig::standard().max_delay(), Duration::from_secs(20));
    /// ```
    #[must_use]
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The back-off ceiling before retry number `retry` (1-based): the jitter draws below it.
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// How safely an operation can be sent twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resend {
    /// Sending it twice has the effect of sending it once: any retryable failure is retried.
    Idempotent,
    /// Throttling, transient service faults and not-sent failures are retried; timeouts and
    /// connection failures after sending are not (the first request may have taken effect).
    NotIdempotent,
    /// Carries a single-use `Session`: retried only if surely not sent.
    ConsumesSession,
}

/// Classifies an operation by name (the wire enum is `#[non_exhaustive]`; unknown
/// operations get the cautious default).
pub(crate) fn resend_policy(operation: &str) -> Resend {
    match operation {
        "RespondToAuthChallenge"
        | "AdminRespondToAuthChallenge"
        | "VerifySoftwareToken"
        | "AssociateSoftwareToken" => Resend::ConsumesSession,
        // Reads, sign-outs, revocation, device status: repeating them is harmless.
        // GetTokensFromRefreshToken: with rotation, a lost first response already cost the
        // old token; the service's grace period exists for exactly this resend.
        "RevokeToken"
        | "GlobalSignOut"
        | "AdminUserGlobalSignOut"
        | "GetTokensFromRefreshToken"
        | "GetUser"
        | "GetUserAuthFactors"
        | "GetDevice"
        | "AdminGetDevice"
        | "ListDevices"
        | "AdminListDevices"
        | "UpdateDeviceStatus"
        | "AdminUpdateDeviceStatus"
        | "ForgetDevice"
        | "AdminForgetDevice"
        | "SetUserMFAPreference" => Resend::Idempotent,
        _ => Resend::NotIdempotent,
    }
}

/// Whether the policy allows resending after `error`, before looking at attempts or budget.
pub(crate) fn may_retry(resend: Resend, error: &Error) -> bool {
    match error.delivery() {
        // Never left the process: always safe.
        Delivery::NotSent => error.retry_class() != RetryClass::None,
        // The service answered.
        Delivery::Received => {
            resend != Resend::ConsumesSession && error.retry_class() != RetryClass::None
        }
        // May have reached the service: only when a duplicate is harmless.
        Delivery::MaybeSent => {
            resend == Resend::Idempotent && error.retry_class() != RetryClass::None
        }
    }
}

/// The client-wide retry budget (botocore standard mode's `RetryQuotaChecker`).
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: AtomicU32,
}

impl RetryQuota {
    pub(crate) const CAPACITY: u32 = 500;
    pub(crate) const RETRY_COST: u32 = 5;
    pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
    pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

    pub(crate) fn new() -> Self {
        Self {
            available: AtomicU32::new(Self::CAPACITY),
        }
    }

    /// Takes `cost` tokens if there are enough.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    /// Returns tokens, up to the capacity.
    pub(crate) fn release(&self, amount: u32) {
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                Some(n.saturating_add(amount).min(Self::CAPACITY))
            });
    }

    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

/// A boxed sleep future.
pub(crate) type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The back-off clockwork, injectable for tests: how to sleep and how to jitter.
#[derive(Clone)]
pub(crate) struct Backoff {
    pub(crate) sleep: Arc<dyn Fn(Duration) -> Sleep + Send + Sync>,
    /// Maps the back-off ceiling to the actual wait (full jitter by default).
    pub(crate) jitter: Arc<dyn Fn(Duration) -> Duration + Send + Sync>,
}

impl Backoff {
    /// Tokio's timer and uniformly random full jitter.
    pub(crate) fn tokio() -> Self {
        Self {
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            jitter: Arc::new(full_jitter),
        }
    }
}

impl std::fmt::Debug for Backoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backoff").finish_non_exhaustive()
    }
}

/// A uniformly random duration in `[0, ceiling]`. Not cryptographic: std's per-instance
/// random `SipHash` keys are plenty for spreading retries.
fn full_jitter(ceiling: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(ceiling.subsec_nanos());
    let random = hasher.finish();
    // 53 random bits → [0, 1).
    #[allow(clippy::cast_precision_loss)]
    let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
    ceiling.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_ceiling_doubles_and_caps() {
        let c = RetryConfig::standard();
        assert_eq!(c.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(c.backoff_ceiling(2), Duration::from_millis(200));
        assert_eq!(c.backoff_ceiling(3), Duration::from_millis(400));
        assert_eq!(c.backoff_ceiling(20), Duration::from_secs(20));
        assert_eq!(c.backoff_ceiling(200), Duration::from_secs(20));
    }

    #[test]
    fn full_jitter_stays_in_range() {
        let ceiling = Duration::from_millis(100);
        for _ in 0..1000 {
            assert!(full_jitter(ceiling) <= ceiling);
        }
        assert_eq!(full_jitter(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn quota_drains_and_refills() {
        let q = RetryQuota::new();
        let mut retries = 0;
        while q.try_acquire(RetryQuota::RETRY_COST) {
            retries += 1;
        }
        assert_eq!(retries, 100);
        assert_eq!(q.available(), 0);
        q.release(RetryQuota::RETRY_COST);
        assert!(q.try_acquire(RetryQuota::RETRY_COST));
        q.release(10_000);
        assert_eq!(q.available(), RetryQuota::CAPACITY);
    }

    #[test]
    fn zero_attempts_means_one() {
        assert_eq!(
            RetryConfig::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn session_operations_are_classified() {
        for op in [
            "RespondToAuthChallenge",
            "AdminRespondToAuthChallenge",
            "VerifySoftwareToken",
            "AssociateSoftwareToken",
        ] {
            assert_eq!(resend_policy(op), Resend::ConsumesSession);
        }
        assert_eq!(resend_policy("RevokeToken"), Resend::Idempotent);
        assert_eq!(resend_policy("InitiateAuth"), Resend::NotIdempotent);
        assert_eq!(resend_policy("SomeFutureOperation"), Resend::NotIdempotent);
    }
}
