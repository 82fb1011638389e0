use leptos::prelude::*;
use porchlight_domain::wire::{ModerationAction, ModerationLogItem};
use time::format_description::well_known::Rfc3339;

use crate::components::{action_label, incident_label, text_around, ReasonList};
use crate::format::{area_text, format_date_time, format_time_frame_input, Zone};
use crate::i18n::{t, tf, tn};
use crate::routes::{agency_href, request_href};

/// One decision of the public moderation log: when, which agency, what was decided and
/// why, the public note and, for a rejected submission, what is public of it (never its
/// text or contact). Moderators are not named; the role is.
#[component]
pub fn ModerationLogEntry(
    /// The decision.
    item: ModerationLogItem,
    /// Which zone to show times in (the reader's, in the app's language, if not given).
    #[prop(default = Zone::reader())]
    zone: Zone,
) -> impl IntoView {
    let action = item.action;
    let reports = item.report_count.unwrap_or(0);
    // What the decision was about, linked where there is a public page.
    let id = item.subject_id.to_string();
    let request_link = view! {
        <a href=request_href(item.subject_id)>{tf("moderation.log.request_number", &[("id", &id)])}</a>
    };
    let subject = match action {
        ModerationAction::Approve => {
            let (before, after) = text_around("moderation.log.published_as", "request", &[]);
            view! { {before} {request_link} {after} }.into_any()
        }
        ModerationAction::Reject => tf("moderation.log.never_published", &[("id", &id)]).into_any(),
        ModerationAction::Dismiss | ModerationAction::Uphold => {
            let text = tn("moderation.log.reports_on", reports as f64, &[("request", "\u{1}")]);
            let (before, after) =
                text.split_once('\u{1}').map(|(b, a)| (b.to_owned(), a.to_owned())).unwrap_or((text, String::new()));
            view! { {before} {request_link} {after} }.into_any()
        }
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
                <dt>{t("form.dialog.incident")}</dt><dd>{incident_label(&r.incident_type)}</dd>
                <dt>{t("form.dialog.area")}</dt><dd data-testid="log-rejected-size">{area_text(r.area_m2)}</dd>
                <dt>{t("submission.footage_wanted")}</dt><dd>{format_time_frame_input(&r.time_frame, &zone)}</dd>
                <dt>{t("submission.submitted")}</dt><dd>{format_date_time(r.submitted_at, &zone)}</dd>
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
                <div class="log-reasons"><span class="label">{t("moderation.log.reasons")}</span><ReasonList reasons=item.reasons.clone()/></div>
            })}
            {item.note.clone().map(|note| view! {
                <p class="log-note"><span class="label">{t("moderation.log.note")}" "</span>{note}</p>
            })}
            {rejected}
            <p class="fine-print log-by">
                {t(decided_by_key(&item.decided_by))}
                {item.log_index.map(|i| format!(" · {}", tf("moderation.log.entry", &[("n", &i.to_string())])))}
            </p>
        </li>
    }
}

/// Who decided, by role ("By Porchlight moderators"); the server sends the role's code.
fn decided_by_key(role: &str) -> &'static str {
    match role {
        "admin" => "moderation.log.by_admins",
        _ => "moderation.log.by_moderators",
    }
}
