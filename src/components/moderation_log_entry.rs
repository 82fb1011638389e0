use leptos::prelude::*;
use porchlight_domain::format_area;
use porchlight_domain::wire::{ModerationAction, ModerationLogItem};
use time::format_description::well_known::Rfc3339;

use crate::components::{incident_label, ReasonList};
use crate::format::{format_date_time, format_time_frame_input, Zone};
use crate::routes::{agency_href, request_href};

/// What a decision did, in words ("Rejected a submission").
pub fn action_label(action: ModerationAction) -> &'static str {
    match action {
        ModerationAction::Approve => "Approved a submission",
        ModerationAction::Reject => "Rejected a submission",
        ModerationAction::Dismiss => "Dismissed reports",
        ModerationAction::Uphold => "Upheld reports: a policy finding",
    }
}

/// One decision of the public moderation log: when, which agency, what was decided and
/// why, the public note and, for a rejected submission, what is public of it (never its
/// text or contact). Moderators are not named; the role is.
#[component]
pub fn ModerationLogEntry(
    /// The decision.
    item: ModerationLogItem,
    /// Which zone to show times in.
    #[prop(optional)]
    zone: Zone,
) -> impl IntoView {
    let action = item.action;
    let reports = item.report_count.unwrap_or(0);
    // What the decision was about, linked where there is a public page.
    let subject = match action {
        ModerationAction::Approve => view! {
            "Published as "
            <a href=request_href(item.subject_id)>{format!("request #{}", item.subject_id)}</a>
        }
        .into_any(),
        ModerationAction::Reject => format!("Submission #{}, never published", item.subject_id).into_any(),
        ModerationAction::Dismiss | ModerationAction::Uphold => view! {
            {if reports == 1 { "1 report on ".to_owned() } else { format!("{reports} reports on ") }}
            <a href=request_href(item.subject_id)>{format!("request #{}", item.subject_id)}</a>
        }
        .into_any(),
    };
    let class = match action {
        ModerationAction::Approve => "badge badge-approved",
        ModerationAction::Reject => "badge badge-rejected",
        ModerationAction::Dismiss => "badge badge-dismissed",
        ModerationAction::Uphold => "badge badge-upheld",
    };
    let rejected = item.rejected.clone().map(|r| {
        view! {
            <dl class="log-rejected" data-testid="log-rejected">
                <dt>"Incident"</dt><dd>{incident_label(&r.incident_type)}</dd>
                <dt>"Area"</dt><dd data-testid="log-rejected-size">{format_area(r.area_m2)}</dd>
                <dt>"Footage wanted from"</dt><dd>{format_time_frame_input(&r.time_frame, &zone)}</dd>
                <dt>"Submitted"</dt><dd>{format_date_time(r.submitted_at, &zone)}</dd>
            </dl>
        }
    });
    view! {
        <li class="log-item" data-testid="log-item" data-decision-id=item.id.to_string() tabindex="-1">
            <p class="log-item-head">
                <span class=class>{action_label(action)}</span>
                <time datetime=item.decided_at.format(&Rfc3339).unwrap_or_default()>{format_date_time(item.decided_at, &zone)}</time>
            </p>
            <p class="log-item-subject">
                <a href=agency_href(&item.agency.slug)>{item.agency.name.clone()}</a>
                " · "
                {subject}
            </p>
            {(!item.reasons.is_empty()).then(|| view! {
                <div class="log-reasons"><span class="label">"Reasons:"</span><ReasonList reasons=item.reasons.clone()/></div>
            })}
            {item.note.clone().map(|note| view! {
                <p class="log-note"><span class="label">"Note: "</span>{note}</p>
            })}
            {rejected}
            <p class="fine-print log-by">
                {format!("By Porchlight {}s", item.decided_by)}
                {item.log_index.map(|i| format!(" · public log entry #{i}"))}
            </p>
        </li>
    }
}
