//! Time, injectable: tests move a manual clock instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The emulator's source of time, in milliseconds since the Unix epoch.
///
/// [`Clock::system`] follows the wall clock; [`Clock::manual`] stands still until a test moves
/// it with [`Clock::advance`] or [`Clock::set`], so "the session expired after three minutes"
/// runs in microseconds.
///
/// ```
/// use std::time::Duration;
/// use cognito_flow_emulator::Clock;
///
/// let clock = Clock::manual(1_700_000_000_000);
/// clock.advance(Duration::from_secs(180));
/// assert_eq!(clock.now_millis(), 1_700_000_180_000);
/// ```
#[derive(Clone, Debug)]
pub struct Clock(Inner);

#[derive(Clone, Debug)]
enum Inner {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The system's wall clock.
    pub fn system() -> Self {
        Self(Inner::System)
    }

    /// A clock that starts at `start_millis` and moves only when told to.
    pub fn manual(start_millis: i64) -> Self {
        Self(Inner::Manual(Arc::new(AtomicI64::new(start_millis))))
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_millis(&self) -> i64 {
        match &self.0 {
            Inner::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                .unwrap_or(0),
            Inner::Manual(t) => t.load(Ordering::SeqCst),
        }
    }

    /// Now, in whole seconds since the Unix epoch.
    pub fn now_secs(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    /// Moves a manual clock forward. Does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Inner::Manual(t) = &self.0 {
            let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            t.fetch_add(ms, Ordering::SeqCst);
        }
    }

    /// Sets a manual clock. Does nothing to the system clock.
    pub fn set(&self, millis: i64) {
        if let Inner::Manual(t) = &self.0 {
            t.store(millis, Ordering::SeqCst);
        }
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        matches!(self.0, Inner::Manual(_))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}
