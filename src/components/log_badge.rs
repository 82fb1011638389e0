use leptos::prelude::*;

use crate::public_log::LogStatus;

/// What the public-log check found: a quiet badge when the record is verified, a red
/// warning when it does not match, a prominent alarm when the log was rewritten.
#[component]
pub fn LogBadge(
    /// The check's outcome; `None` while it runs.
    #[prop(into)]
    status: Signal<Option<LogStatus>>,
) -> impl IntoView {
    move || match status.get() {
        None => view! {
            <p class="log-badge log-checking" data-testid="log-badge" role="status">"Checking the public log…"</p>
        }
        .into_any(),
        Some(LogStatus::Verified { index, tree_size }) => view! {
            <p class="log-badge log-verified" data-testid="log-badge" role="status"
               title=format!("Checked in this browser against the signed log of {tree_size} entries")>
                {format!("✓ Verified in the public log, entry #{index}")}
            </p>
        }
        .into_any(),
        Some(LogStatus::AllVerified { count, tree_size }) => view! {
            <p class="log-badge log-verified" data-testid="log-badge" role="status"
               title=format!("Checked in this browser against the signed log of {tree_size} entries")>
                {format!("✓ All {count} requests verified in the public log")}
            </p>
        }
        .into_any(),
        Some(LogStatus::Failed(why)) => view! {
            <div class="log-badge log-failed" data-testid="log-badge" role="alert">
                <strong>"Warning: this record does not match the public log."</strong>
                " "{capitalise(&why)}"."
            </div>
        }
        .into_any(),
        Some(LogStatus::Rewritten(why)) => view! {
            <div class="log-badge log-rewritten" data-testid="log-badge" role="alert">
                <strong>"The public record was rewritten."</strong>
                " "{capitalise(&why)}". "
                "Requests are supposed to be permanent: something published before has been changed or removed."
            </div>
        }
        .into_any(),
        Some(LogStatus::Unavailable(why)) => view! {
            <p class="log-badge log-unavailable" data-testid="log-badge" role="status">
                {format!("The public log could not be checked: {why}")}
            </p>
        }
        .into_any(),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
