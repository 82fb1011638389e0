use leptos::prelude::*;
use porchlight_domain::moderation::ConcernField;
use porchlight_domain::wire::{MapView as View, Submission};

use crate::components::{incident_label, ConcernList, HighlightedText};
use crate::format::{area_text, format_date_time, format_time_frame_input, Zone};
use crate::i18n::t;
use crate::map::{MapArea, MapView};
use crate::routes::agency_href;

/// What a submission asks, as its poster and moderators see it: the facts, the text
/// with the pre-screen's matches marked, the concerns, and its area on a small map.
#[component]
pub fn SubmissionFacts(
    /// The submission.
    submission: Submission,
    /// Which zone to show times in (the reader's, in the app's language, if not given).
    #[prop(default = Zone::reader())]
    zone: Zone,
    /// Tile URL template for the map (`None`: no base map).
    #[prop(default = None)]
    tile_url: Option<String>,
    /// Tile attribution.
    #[prop(optional, into)]
    attribution: String,
    /// Show the title as a paragraph (where a heading already names it).
    #[prop(optional)]
    with_title: bool,
) -> impl IntoView {
    let marks = |field: ConcernField| -> Vec<(usize, usize)> {
        submission.concerns.iter().filter(|c| c.field == field).map(|c| (c.start, c.end)).collect()
    };
    let title_marks = marks(ConcernField::Title);
    let description_marks = marks(ConcernField::Description);
    let area = MapArea {
        id: submission.id,
        title: submission.title.clone(),
        resolved: false,
        area: submission.area.clone(),
        published: false,
    };
    let start = area.area.coordinates.first().and_then(|ring| ring.first()).copied().unwrap_or([0.0, 0.0]);
    let contact = submission.contact.clone();
    let concerns = submission.concerns.clone();
    let has_concerns = !concerns.is_empty();
    view! {
        <div class="submission-facts" data-testid="submission-facts">
            {with_title.then(|| view! {
                <p class="submission-title" data-testid="submission-title">
                    <span class="label">{t("form.details.title")}": "</span>
                    <HighlightedText text=submission.title.clone() marks=title_marks.clone()/>
                </p>
            })}
            <dl class="facts">
                <dt>{t("submission.agency")}</dt>
                <dd><a href=agency_href(&submission.agency.slug)>{submission.agency.name.clone()}</a></dd>
                <dt>{t("form.dialog.incident")}</dt>
                <dd>{incident_label(&submission.incident_type)}</dd>
                <dt>{t("form.details.case_number")}</dt>
                <dd>{submission.case_number.clone()}</dd>
                <dt>{t("submission.footage_wanted")}</dt>
                <dd data-testid="submission-time-frame">{format_time_frame_input(&submission.time_frame, &zone)}</dd>
                <dt>{t("form.dialog.area")}</dt>
                <dd data-testid="submission-size">{area_text(submission.area_m2)}</dd>
                <dt>{t("submission.submitted")}</dt>
                <dd>{format_date_time(submission.submitted_at, &zone)}</dd>
                <dt>{t("submission.contact")}</dt>
                <dd>
                    {[contact.email.clone(), contact.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                </dd>
            </dl>
            <p class="request-description" data-testid="submission-description">
                <HighlightedText text=submission.description.clone() marks=description_marks/>
            </p>
            {has_concerns.then(|| view! {
                <div class="submission-concerns">
                    <h3>{t("submission.prescreen_heading")}</h3>
                    <p class="fine-print">{t("submission.prescreen_intro")}</p>
                    <ConcernList id="submission-concerns" concerns=Signal::stored(concerns) name_fields=true/>
                </div>
            })}
            <MapView
                initial=View { lat: start[1], lng: start[0], zoom: 15.0 }
                tile_url=tile_url
                attribution=attribution
                areas=Signal::stored(vec![area])
                fit_to_areas=true
                label=t("submission.map_label")
                class="submission-map"
            />
        </div>
    }
}
