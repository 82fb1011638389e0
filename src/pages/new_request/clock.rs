use leptos::prelude::*;
use time::OffsetDateTime;

use crate::request_form::now_utc;

/// How often the form re-reads the clock (the "not in the future" and "not older than
/// 180 days" rules move with it).
const CLOCK_TICK_MS: u64 = 15_000;

/// The browser's clock, re-read every [`CLOCK_TICK_MS`] while the form is mounted.
pub(super) fn ticking_clock() -> RwSignal<OffsetDateTime> {
    let now = RwSignal::new(now_utc());
    if let Ok(tick) =
        set_interval_with_handle(move || now.set(now_utc()), std::time::Duration::from_millis(CLOCK_TICK_MS))
    {
        on_cleanup(move || tick.clear());
    }
    now
}
