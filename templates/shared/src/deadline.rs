//! The time an invocation has left. Lambda gives every invocation its deadline (the function's
//! timeout, counted from the start of the invocation), so the work is bounded by what the
//! infrastructure configured, with nothing to keep in step in the code.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Kept back from the deadline to answer and to log: a tenth of the time left, at least this.
pub const MIN_RESERVE: Duration = Duration::from_millis(100);

/// Deadlines before this (2001-09-09) are not times Lambda would give: `cargo lambda watch`
/// sends a fixed 600000 (ten minutes, as a duration) where Lambda sends the deadline. Work under
/// such a "deadline" is not bounded.
pub const EARLIEST_DEADLINE_MS: u64 = 1_000_000_000_000;

/// Why work stopped before it was done.
#[derive(Debug, thiserror::Error)]
#[error("the invocation's time ran out before the work was done")]
pub struct DeadlinePassed;

/// How long work may take at `now` in an invocation due at `deadline_ms` (milliseconds since the
/// Unix epoch, as Lambda's context gives it): the time left, less a tenth of it (at least
/// [`MIN_RESERVE`]) to answer in; nothing once that is gone.
pub fn budget(deadline_ms: u64, now: SystemTime) -> Duration {
    let deadline = UNIX_EPOCH + Duration::from_millis(deadline_ms);
    let left = deadline.duration_since(now).unwrap_or(Duration::ZERO);
    left.saturating_sub((left / 10).max(MIN_RESERVE))
}

/// Runs `work` within the [`budget`] of an invocation due at `deadline_ms` (unbounded for a
/// deadline before [`EARLIEST_DEADLINE_MS`]).
pub async fn within<F: Future>(deadline_ms: u64, work: F) -> Result<F::Output, DeadlinePassed> {
    if deadline_ms < EARLIEST_DEADLINE_MS {
        return Ok(work.await);
    }
    tokio::time::timeout(budget(deadline_ms, SystemTime::now()), work)
        .await
        .map_err(|_| DeadlinePassed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(time: SystemTime) -> u64 {
        time.duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis() as u64
    }

    #[test]
    fn keeps_a_tenth_of_the_time_left_and_at_least_the_reserve() {
        let now = SystemTime::now();
        let due_in = |d: Duration| millis(now + d);
        let ten_seconds = budget(due_in(Duration::from_secs(10)), now);
        assert!(ten_seconds <= Duration::from_secs(9));
        assert!(ten_seconds > Duration::from_millis(8_990));
        assert!(budget(due_in(Duration::from_millis(500)), now) <= Duration::from_millis(400));
        assert_eq!(
            budget(due_in(Duration::from_millis(50)), now),
            Duration::ZERO
        );
        assert_eq!(budget(millis(now) - 1_000, now), Duration::ZERO);
    }

    #[tokio::test]
    async fn stops_work_that_would_outlast_the_deadline() {
        let due = millis(SystemTime::now() + Duration::from_millis(300));
        let slow = within(due, tokio::time::sleep(Duration::from_secs(5))).await;
        assert!(slow.is_err());
        let far = millis(SystemTime::now() + Duration::from_secs(30));
        assert_eq!(within(far, async { 7 }).await.ok(), Some(7));
        // What `cargo lambda watch` sends is not a deadline: the work runs to its end.
        let local = within(600_000, async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            8
        });
        assert_eq!(local.await.ok(), Some(8));
    }
}
