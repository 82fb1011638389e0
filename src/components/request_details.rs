use leptos::prelude::*;
use porchlight_domain::wire::{MapView as View, PublishedRequest, RequestStatus};

use crate::components::{incident_label, PageHeading, StatusBadge};
use crate::format::{area_text, format_date_time, format_time_frame_input, Zone};
use crate::i18n::{t, tf};
use crate::map::{MapArea, MapView};
use crate::routes::agency_href;

/// Everything public about one request, with its area on a small map. The title and
/// description are shown as written, marked with their language (`lang`) when the
/// agency set it.
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
    let (title_lang, lang) = (request.language.clone(), request.language.clone());
    view! {
        <article class="request-details" data-testid="request-details">
            <PageHeading>
                <span lang=title_lang data-testid="request-title">{request.title.clone()}</span>
            </PageHeading>
            <p class="request-status">
                <StatusBadge status=request.status/>
                {match (request.status, resolution.as_ref()) {
                    (RequestStatus::Resolved, Some(r)) => {
                        format!(" {}", tf("request.resolved_on", &[("date", &format_date_time(r.resolved_at, &zone))]))
                    }
                    _ => String::new(),
                }}
            </p>
            {resolution.as_ref().and_then(|r| r.note.clone()).map(|note| view! {
                <p class="resolution-note"><span class="label">{t("request.resolution")}" "</span>{note}</p>
            })}
            {children.map(|children| children())}
            <dl class="facts">
                <dt>{t("request.agency")}</dt>
                <dd><a href=agency_href(&request.agency.slug)>{request.agency.name.clone()}</a></dd>
                <dt>{t("request.incident")}</dt>
                <dd>{incident_label(&request.incident_type)}</dd>
                <dt>{t("request.case_number")}</dt>
                <dd>{request.case_number.clone()}</dd>
                <dt>{t("request.footage_from")}</dt>
                <dd data-testid="time-frame">{format_time_frame_input(&request.time_frame, &zone)}</dd>
                <dt>{t("request.posted")}</dt>
                <dd>{format_date_time(request.created_at, &zone)}</dd>
                <dt>{t("request.area")}</dt>
                <dd data-testid="area-size">{area_text(request.area_m2)}</dd>
            </dl>
            <p class="request-description" lang=lang>{request.description.clone()}</p>
            <MapView
                initial=initial
                tile_url=tile_url
                attribution=attribution
                areas=areas
                fit_to_areas=true
                label=t("request.map_label")
                class="request-map"
            />
            <section class="respond" aria-labelledby="respond-heading">
                <h2 id="respond-heading">{t("request.respond")}</h2>
                <p>{t("request.respond_how")}</p>
                <ul>
                    {contact.email.clone().map(|email| view! {
                        <li><a href=format!("mailto:{email}")>{email.clone()}</a></li>
                    })}
                    {contact.phone.clone().map(|phone| view! {
                        <li><a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></li>
                    })}
                </ul>
                <p class="fine-print">{t("request.your_choice")}</p>
            </section>
            <p class="permanence">{t("request.permanent")}</p>
        </article>
    }
}
