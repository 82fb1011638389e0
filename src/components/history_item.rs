use leptos::prelude::*;
use porchlight_domain::wire::PublishedRequest;

use crate::components::{incident_label, StatusBadge};
use crate::format::{format_date, Zone};
use crate::i18n::{t, tf};
use crate::routes::request_href;

/// One request in an agency's history: a link to its page, and a reminder that it is
/// a permanent record. The title is shown as written, marked with its language when
/// the agency set it.
#[component]
pub fn HistoryItem(
    /// The request.
    request: PublishedRequest,
    /// Which zone to show dates in.
    #[prop(optional)]
    zone: Zone,
) -> impl IntoView {
    view! {
        <li class="history-item" data-testid="history-item" data-request-id=request.id.to_string()>
            <a class="history-title" href=request_href(request.id) lang=request.language.clone()>{request.title.clone()}</a>
            <p class="history-meta">
                <StatusBadge status=request.status/>
                <span>{incident_label(&request.incident_type)}</span>
                <span>{tf("request.case", &[("case", &request.case_number)])}</span>
                <span>{tf("feed_item.posted", &[("date", &format_date(request.created_at, &zone))])}</span>
            </p>
            <p class="history-permanent">{t("agency.history.permanent")}</p>
        </li>
    }
}
