use leptos::prelude::*;
use porchlight_domain::wire::{ModerationAction, PolicyFinding};

use crate::components::ReasonList;
use crate::format::{format_date, Zone};
use crate::i18n::{t, tf, tn};
use crate::routes::{request_href, LogQuery};

/// Policy findings (upheld reports) against one request, or against an agency's
/// requests: why (reasons and the moderators' note), when, and a link to the decisions
/// in the public moderation log.
#[component]
pub fn FindingBanner(
    /// The findings, as the server lists them.
    findings: Vec<PolicyFinding>,
    /// The agency whose decisions the log link shows.
    #[prop(into)]
    agency_slug: String,
    /// On an agency's profile: name and link the request of each finding.
    #[prop(optional)]
    for_agency: bool,
    /// Which zone to show dates in (the reader's, in the app's language, if not given).
    #[prop(default = Zone::reader())]
    zone: Zone,
) -> impl IntoView {
    let count = findings.len();
    let heading = tn("moderation.finding.heading", count as f64, &[]);
    let intro = if for_agency {
        tn("moderation.finding.intro_agency", count as f64, &[])
    } else {
        t("moderation.finding.intro_request")
    };
    let log = LogQuery { agency: Some(agency_slug), decision: Some(ModerationAction::Uphold) }.href();
    view! {
        <section class="finding-banner" aria-labelledby="finding-heading" data-testid="finding-banner">
            <h2 id="finding-heading">{heading}</h2>
            <p>{intro}</p>
            <ul class="finding-list">
                {findings
                    .into_iter()
                    .map(|f| {
                        let when = tf("moderation.finding.found_on", &[("date", &format_date(f.decided_at, &zone))]);
                        view! {
                            <li class="finding" data-testid="finding">
                                <p class="finding-meta">
                                    {for_agency.then(|| view! {
                                        <a href=request_href(f.request_id)>{tf("moderation.request_number", &[("id", &f.request_id.to_string())])}</a>
                                        " · "
                                    })}
                                    {when}
                                </p>
                                <ReasonList reasons=f.reasons.clone()/>
                                <p class="finding-note"><span class="label">{t("moderation.finding.note")}" "</span>{f.note.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p><a href=log data-testid="finding-log-link">{t("moderation.finding.log_link")}</a></p>
        </section>
    }
}
