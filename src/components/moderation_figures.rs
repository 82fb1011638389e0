use leptos::prelude::*;
use porchlight_domain::format_duration;
use porchlight_domain::wire::ModerationStats;

use crate::i18n::{number, t};
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
        view! { <div><dt>{t(label)}</dt><dd data-testid=id>{value}</dd></div> }
    };
    let count = |n: u64| number(n as f64);
    view! {
        <section class="moderation-figures" aria-labelledby="moderation-figures-heading" data-testid="moderation-figures">
            <h3 id="moderation-figures-heading">{t("moderation.figures.heading")}</h3>
            <p class="fine-print">
                {t("moderation.figures.intro")}
            </p>
            <dl class="stat-grid">
                {figure("moderation.figures.submitted", count(stats.submitted), "stat-submitted")}
                {figure("moderation.figures.approved", count(stats.approved), "stat-approved")}
                {figure("moderation.figures.rejected", count(stats.rejected), "stat-rejected")}
                {figure("moderation.figures.pending", count(stats.pending), "stat-pending")}
                {figure("moderation.figures.findings", count(stats.findings), "stat-findings")}
                {figure("moderation.figures.median", median, "stat-median-decision")}
                {figure("moderation.figures.unreviewed", count(stats.published_without_review), "stat-unreviewed")}
            </dl>
            <p><a href=agency_moderation_href(&slug) data-testid="agency-moderation-link">{t("moderation.figures.log_link")}</a></p>
        </section>
    }
}
