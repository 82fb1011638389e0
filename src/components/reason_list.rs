use leptos::prelude::*;
use porchlight_domain::moderation::ProhibitedUse;

use crate::components::{reason_explanation, reason_title};

/// Prohibited uses by title, each with its plain-English explanation: shown at once
/// (`expanded`, for the poster of a rejected submission) or on demand (a disclosure, for
/// lists of many decisions).
#[component]
pub fn ReasonList(
    /// The reasons, in the order given.
    reasons: Vec<ProhibitedUse>,
    /// Show every explanation instead of a disclosure per reason.
    #[prop(optional)]
    expanded: bool,
) -> impl IntoView {
    view! {
        <ul class="reason-list" data-testid="reasons">
            {reasons
                .into_iter()
                .map(|reason| {
                    if expanded {
                        view! {
                            <li data-reason=reason.code()>
                                <strong>{reason_title(reason)}</strong>
                                <p class="reason-explanation">{reason_explanation(reason)}</p>
                            </li>
                        }
                        .into_any()
                    } else {
                        view! {
                            <li data-reason=reason.code()>
                                <details>
                                    <summary>{reason_title(reason)}</summary>
                                    <p class="reason-explanation">{reason_explanation(reason)}</p>
                                </details>
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view()}
        </ul>
    }
}
