use leptos::prelude::*;
use porchlight_domain::wire::SubmissionStatus;

/// Where a submission is in review, as text (colour is only a second signal).
#[component]
pub fn SubmissionBadge(status: SubmissionStatus) -> impl IntoView {
    let (text, class) = match status {
        SubmissionStatus::PendingReview => ("Awaiting review", "badge badge-pending"),
        SubmissionStatus::Approved => ("Approved", "badge badge-approved"),
        SubmissionStatus::Rejected => ("Rejected", "badge badge-rejected"),
    };
    view! { <span class=class data-testid="submission-status">{text}</span> }
}
