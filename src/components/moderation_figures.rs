use leptos::prelude::*;
use porchlight_domain::format_duration;
use porchlight_domain::wire::ModerationStats;

use crate::components::format_count;
use crate::routes::agency_moderation_href;

/// An agency's review figures: what it sent for review and what moderators decided,
/// with a link to every decision in the public moderation log.
#[component]
pub fn ModerationFigures(
    /// The figures from the server.
    stats: ModerationStats,
    /// The agency, for the link to its decisions.
    #[prop(into)]
    slug: String,
) -> impl IntoView {
    let median = stats.median_decision_secs.map(format_duration).unwrap_or_else(|| "—".to_owned());
    let figure = |label: &'static str, value: String, id: &'static str| {
        view! { <div><dt>{label}</dt><dd data-testid=id>{value}</dd></div> }
    };
    view! {
        <section class="moderation-figures" aria-labelledby="moderation-figures-heading" data-testid="moderation-figures">
            <h3 id="moderation-figures-heading">"Review and moderation"</h3>
            <p class="fine-print">
                "Porchlight moderators review requests before they are published, and decide on residents' reports."
            </p>
            <dl class="stat-grid">
                {figure("Sent for review", format_count(stats.submitted), "stat-submitted")}
                {figure("Approved", format_count(stats.approved), "stat-approved")}
                {figure("Rejected", format_count(stats.rejected), "stat-rejected")}
                {figure("Awaiting review", format_count(stats.pending), "stat-pending")}
                {figure("Policy findings", format_count(stats.findings), "stat-findings")}
                {figure("Median time to a decision", median, "stat-median-decision")}
                {figure("Published without review", format_count(stats.published_without_review), "stat-unreviewed")}
            </dl>
            <p><a href=agency_moderation_href(&slug) data-testid="agency-moderation-link">"Every moderation decision about this agency"</a></p>
        </section>
    }
}
