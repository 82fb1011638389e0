use leptos::prelude::*;
use porchlight_domain::wire::AgencyStats;
use porchlight_domain::{format_area, format_duration, IncidentType};

use crate::components::month_chart::month_label;
use crate::components::MonthChart;
use crate::format::{format_date, Zone};

/// A count with thousands separators: 2000 → "2,000".
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The incident-type breakdown in the form's fixed order (never sorted by count), then
/// any code this app does not know, as sent.
fn breakdown(stats: &AgencyStats) -> Vec<(String, u64)> {
    let count_of = |code: &str| stats.incident_types.iter().find(|t| t.incident_type == code).map(|t| t.requests);
    let mut rows: Vec<(String, u64)> =
        IncidentType::ALL.iter().filter_map(|t| count_of(t.as_str()).map(|n| (t.label().to_owned(), n))).collect();
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
        Some(first) => format!(
            "Since the first request on {} (as of {}).",
            format_date(first, &zone),
            format_date(stats.as_of, &zone)
        ),
        None => "No requests yet.".to_owned(),
    };
    let first_month = stats.requests_per_month.first().map(|m| month_label(&m.month)).unwrap_or_default();
    let last_month = stats.requests_per_month.last().map(|m| month_label(&m.month)).unwrap_or_default();
    let median_area = stats.median_area_m2.map(format_area).unwrap_or_else(|| "—".to_owned());
    let median_frame = stats.median_time_frame_secs.map(format_duration).unwrap_or_else(|| "—".to_owned());
    let types = breakdown(&stats)
        .into_iter()
        .map(|(label, n)| view! { <li><span>{label}</span>" " <strong>{format_count(n)}</strong></li> })
        .collect_view();
    view! {
        <section class="agency-stats" aria-labelledby="stats-heading" data-testid="agency-stats">
            <h2 id="stats-heading">"Statistics"</h2>
            <p class="fine-print">{period}</p>
            <dl class="stat-grid">
                <div><dt>"Requests"</dt><dd data-testid="stat-total">{format_count(stats.total_requests)}</dd></div>
                <div><dt>"Open"</dt><dd>{format_count(stats.open_requests)}</dd></div>
                <div><dt>"Resolved"</dt><dd>{format_count(stats.resolved_requests)}</dd></div>
                <div><dt>"Median area"</dt><dd>{median_area}</dd></div>
                <div><dt>"Median time frame"</dt><dd>{median_frame}</dd></div>
            </dl>
            <h3>"Requests per month"</h3>
            <p class="fine-print">{format!("{first_month} to {last_month}. Months are counted in UTC.")}</p>
            <MonthChart months=stats.requests_per_month.clone() title=format!("Requests per month, {first_month} to {last_month} (UTC)")/>
            <h3>"Incident types"</h3>
            <p class="fine-print">"How many requests named each type, since the first request. Counts, not a ranking."</p>
            <ul class="type-breakdown" data-testid="type-breakdown">{types}</ul>
            {children.map(|children| children())}
        </section>
    }
}
