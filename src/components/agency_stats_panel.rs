use leptos::prelude::*;
use porchlight_domain::format_duration;
use porchlight_domain::wire::AgencyStats;
use porchlight_domain::IncidentType;

use crate::components::month_chart::month_label;
use crate::components::{incident_label, MonthChart};
use crate::format::{area_text, format_date, Zone};
use crate::i18n::{number, t, tf};

/// A count the reader's way, through `Intl.NumberFormat`: 2000 → "2,000".
pub fn format_count(n: u64) -> String {
    number(n as f64)
}

/// The incident-type breakdown in the form's fixed order (never sorted by count), then
/// any code this app does not know, as sent.
fn breakdown(stats: &AgencyStats) -> Vec<(String, u64)> {
    let count_of = |code: &str| stats.incident_types.iter().find(|t| t.incident_type == code).map(|t| t.requests);
    let mut rows: Vec<(String, u64)> = IncidentType::ALL
        .iter()
        .filter_map(|t| count_of(t.as_str()).map(|n| (incident_label(t.as_str()), n)))
        .collect();
    for t in &stats.incident_types {
        if IncidentType::parse(&t.incident_type).is_err() {
            rows.push((t.incident_type.clone(), t.requests));
        }
    }
    rows
}

/// An agency's statistics: totals, the per-month chart, medians and the incident-type
/// breakdown, each saying what period it covers.
#[component]
pub fn AgencyStatsPanel(
    /// The figures from the server.
    stats: AgencyStats,
    /// Which zone to show dates in.
    #[prop(optional)]
    zone: Zone,
    /// More figures at the end of the panel (the moderation figures).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let period = match stats.first_request_at {
        Some(first) => tf(
            "agency.stats.period",
            &[("first", &format_date(first, &zone)), ("as_of", &format_date(stats.as_of, &zone))],
        ),
        None => t("agency.stats.none"),
    };
    let first_month = stats.requests_per_month.first().map(|m| month_label(&m.month)).unwrap_or_default();
    let last_month = stats.requests_per_month.last().map(|m| month_label(&m.month)).unwrap_or_default();
    let months = [("first", first_month.as_str()), ("last", last_month.as_str())];
    let median_area = stats.median_area_m2.map(area_text).unwrap_or_else(|| "—".to_owned());
    let median_frame = stats.median_time_frame_secs.map(format_duration).unwrap_or_else(|| "—".to_owned());
    let types = breakdown(&stats)
        .into_iter()
        .map(|(label, n)| view! { <li><span>{label}</span>" " <strong>{format_count(n)}</strong></li> })
        .collect_view();
    view! {
        <section class="agency-stats" aria-labelledby="stats-heading" data-testid="agency-stats">
            <h2 id="stats-heading">{t("agency.stats.heading")}</h2>
            <p class="fine-print">{period}</p>
            <dl class="stat-grid">
                <div><dt>{t("agency.stats.requests")}</dt><dd data-testid="stat-total">{format_count(stats.total_requests)}</dd></div>
                <div><dt>{t("status_filter.open")}</dt><dd>{format_count(stats.open_requests)}</dd></div>
                <div><dt>{t("status_filter.resolved")}</dt><dd>{format_count(stats.resolved_requests)}</dd></div>
                <div><dt>{t("agency.stats.median_area")}</dt><dd>{median_area}</dd></div>
                <div><dt>{t("agency.stats.median_time_frame")}</dt><dd>{median_frame}</dd></div>
            </dl>
            <h3>{t("agency.stats.per_month")}</h3>
            <p class="fine-print">{tf("agency.stats.months", &months)}</p>
            <MonthChart months=stats.requests_per_month.clone() title=tf("agency.stats.chart_title", &months)/>
            <h3>{t("agency.stats.types")}</h3>
            <p class="fine-print">{t("agency.stats.types_note")}</p>
            <ul class="type-breakdown" data-testid="type-breakdown">{types}</ul>
            {children.map(|children| children())}
        </section>
    }
}
