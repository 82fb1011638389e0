use leptos::prelude::*;
use porchlight_domain::format_area;
use porchlight_domain::wire::{MapView as View, PublishedRequest, RequestStatus};

use crate::components::{incident_label, PageHeading, StatusBadge};
use crate::format::{format_date_time, format_time_frame_input, Zone};
use crate::map::{MapArea, MapView};
use crate::routes::agency_href;

/// Everything public about one request, with its area on a small map.
#[component]
pub fn RequestDetails(
    /// The request.
    request: PublishedRequest,
    /// Which zone to show times in.
    #[prop(optional)]
    zone: Zone,
    /// Tile URL template for the small map (`None`: no base map).
    #[prop(default = None)]
    tile_url: Option<String>,
    /// Tile attribution.
    #[prop(optional, into)]
    attribution: String,
    /// Shown under the status: its moderation (findings, review, reports).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let area = MapArea::from_request(&request);
    let start = area.area.coordinates.first().and_then(|ring| ring.first()).copied().unwrap_or([0.0, 0.0]);
    let initial = View { lat: start[1], lng: start[0], zoom: 15.0 };
    let areas = Signal::stored(vec![area]);
    let contact = request.contact.clone();
    let resolution = request.resolution.clone();
    view! {
        <article class="request-details" data-testid="request-details">
            <PageHeading>{request.title.clone()}</PageHeading>
            <p class="request-status">
                <StatusBadge status=request.status/>
                {match (request.status, resolution.as_ref()) {
                    (RequestStatus::Resolved, Some(r)) => format!(" on {}", format_date_time(r.resolved_at, &zone)),
                    _ => String::new(),
                }}
            </p>
            {resolution.as_ref().and_then(|r| r.note.clone()).map(|note| view! {
                <p class="resolution-note"><span class="label">"Resolution: "</span>{note}</p>
            })}
            {children.map(|children| children())}
            <dl class="facts">
                <dt>"Agency"</dt>
                <dd><a href=agency_href(&request.agency.slug)>{request.agency.name.clone()}</a></dd>
                <dt>"Incident"</dt>
                <dd>{incident_label(&request.incident_type)}</dd>
                <dt>"Case number"</dt>
                <dd>{request.case_number.clone()}</dd>
                <dt>"Footage wanted from"</dt>
                <dd data-testid="time-frame">{format_time_frame_input(&request.time_frame, &zone)}</dd>
                <dt>"Posted"</dt>
                <dd>{format_date_time(request.created_at, &zone)}</dd>
                <dt>"Area"</dt>
                <dd data-testid="area-size">{format_area(request.area_m2)}</dd>
            </dl>
            <p class="request-description">{request.description.clone()}</p>
            <MapView
                initial=initial
                tile_url=tile_url
                attribution=attribution
                areas=areas
                fit_to_areas=true
                label="Area of the request"
                class="request-map"
            />
            <section class="respond" aria-labelledby="respond-heading">
                <h2 id="respond-heading">"How to respond"</h2>
                <p>"If your camera recorded this area during this time, contact the agency directly:"</p>
                <ul>
                    {contact.email.clone().map(|email| view! {
                        <li><a href=format!("mailto:{email}")>{email.clone()}</a></li>
                    })}
                    {contact.phone.clone().map(|phone| view! {
                        <li><a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></li>
                    })}
                </ul>
                <p class="fine-print">
                    "Sharing footage is your choice. Porchlight never tells the agency who viewed this request."
                </p>
            </section>
            <p class="permanence">"Requests can't be edited or deleted. The agency can only mark it resolved."</p>
        </article>
    }
}
