use leptos::prelude::*;
use porchlight_domain::wire::{ModerationAction, PolicyFinding};

use crate::components::ReasonList;
use crate::format::{format_date, Zone};
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
    /// Which zone to show dates in.
    #[prop(optional)]
    zone: Zone,
) -> impl IntoView {
    let count = findings.len();
    let heading = if count == 1 { "Policy finding".to_owned() } else { format!("{count} policy findings") };
    let intro = match (for_agency, count) {
        (false, _) => "Porchlight moderators upheld residents' reports: this request breaks Porchlight's rules. \
                       It no longer appears on the map or in the feed, and stays on the agency's profile as a permanent record."
            .to_owned(),
        (true, 1) => "Porchlight moderators upheld residents' reports against one of this agency's requests: it breaks \
                      Porchlight's rules. It no longer appears on the map or in the feed, and stays listed here."
            .to_owned(),
        (true, n) => format!(
            "Porchlight moderators upheld residents' reports against {n} of this agency's requests: they break \
             Porchlight's rules. They no longer appear on the map or in the feed, and stay listed here."
        ),
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
                        let when = format!("Found on {}", format_date(f.decided_at, &zone));
                        view! {
                            <li class="finding" data-testid="finding">
                                <p class="finding-meta">
                                    {for_agency.then(|| view! {
                                        <a href=request_href(f.request_id)>{format!("Request #{}", f.request_id)}</a>
                                        " · "
                                    })}
                                    {when}
                                </p>
                                <ReasonList reasons=f.reasons.clone()/>
                                <p class="finding-note"><span class="label">"Moderators' note: "</span>{f.note.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p><a href=log data-testid="finding-log-link">"See these decisions in the moderation log"</a></p>
        </section>
    }
}
