use leptos::prelude::*;
use porchlight_domain::wire::SubmissionStatus;

use crate::i18n::t;

/// Where a submission is in review, as text (colour is only a second signal).
#[component]
pub fn SubmissionBadge(status: SubmissionStatus) -> impl IntoView {
    let (key, class) = match status {
        SubmissionStatus::PendingReview => ("submission.status.pending", "badge badge-pending"),
        SubmissionStatus::Approved => ("submission.status.approved", "badge badge-approved"),
        SubmissionStatus::Rejected => ("submission.status.rejected", "badge badge-rejected"),
    };
    view! { <span class=class data-testid="submission-status">{t(key)}</span> }
}
