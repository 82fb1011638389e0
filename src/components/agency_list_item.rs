use leptos::prelude::*;
use porchlight_domain::wire::AgencySummary;

use crate::components::format_count;
use crate::i18n::tf;
use crate::routes::agency_href;

/// One agency in the directory.
#[component]
pub fn AgencyListItem(
    /// The agency.
    agency: AgencySummary,
) -> impl IntoView {
    view! {
        <li class="agency-item" data-testid="agency-item" data-slug=agency.slug.clone()>
            <a class="agency-name" href=agency_href(&agency.slug)>{agency.name.clone()}</a>
            <span class="agency-where">{format!("{} · {}", agency.jurisdiction, agency.region)}</span>
            <span class="agency-counts">
                {tf(
                    "directory.counts",
                    &[
                        ("last_year", &format_count(agency.requests_last_12_months)),
                        ("total", &format_count(agency.total_requests)),
                    ],
                )}
            </span>
        </li>
    }
}
