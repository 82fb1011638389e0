use leptos::prelude::*;
use porchlight_domain::moderation::ProhibitedUse;

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
                                <strong>{reason.title()}</strong>
                                <p class="reason-explanation">{reason.explanation()}</p>
                            </li>
                        }
                        .into_any()
                    } else {
                        view! {
                            <li data-reason=reason.code()>
                                <details>
                                    <summary>{reason.title()}</summary>
                                    <p class="reason-explanation">{reason.explanation()}</p>
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
