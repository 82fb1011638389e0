use leptos::prelude::*;

use crate::i18n::{number, t, tf};
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
            <p class="log-badge log-checking" data-testid="log-badge" role="status">{t("log.badge.checking")}</p>
        }
        .into_any(),
        Some(LogStatus::Verified { index, tree_size }) => view! {
            <p class="log-badge log-verified" data-testid="log-badge" role="status"
               title=tf("log.badge.checked_against", &[("size", &number(tree_size as f64))])>
                {tf("log.badge.verified", &[("index", &index.to_string())])}
            </p>
        }
        .into_any(),
        Some(LogStatus::AllVerified { count, tree_size }) => view! {
            <p class="log-badge log-verified" data-testid="log-badge" role="status"
               title=tf("log.badge.checked_against", &[("size", &number(tree_size as f64))])>
                {tf("log.badge.all_verified", &[("count", &number(count as f64))])}
            </p>
        }
        .into_any(),
        Some(LogStatus::Failed(why)) => view! {
            <div class="log-badge log-failed" data-testid="log-badge" role="alert">
                <strong>{t("log.badge.failed")}</strong>
                " "{capitalise(&why)}"."
            </div>
        }
        .into_any(),
        Some(LogStatus::Rewritten(why)) => view! {
            <div class="log-badge log-rewritten" data-testid="log-badge" role="alert">
                <strong>{t("log.badge.rewritten")}</strong>
                " "{capitalise(&why)}". "
                {t("log.badge.rewritten_meaning")}
            </div>
        }
        .into_any(),
        Some(LogStatus::Unavailable(why)) => view! {
            <p class="log-badge log-unavailable" data-testid="log-badge" role="status">
                {tf("log.badge.unavailable", &[("why", &why)])}
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
