use js_sys::{Array, Date, Intl, Object, Reflect};
use leptos::prelude::*;
use porchlight_domain::wire::MonthCount;
use wasm_bindgen::JsValue;

use crate::i18n::{current_locale, number, t, tf, tn};

/// Drawing size in SVG units; the chart scales to its container's width. About a
/// phone's width, so that its 11-unit labels stay readable there.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 170.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 4.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 26.0;

/// "2026-02" → "Feb 2026" ("feb 2026" in Spanish), through `Intl.DateTimeFormat` in
/// the reader's language; anything else is shown as sent.
pub fn month_label(month: &str) -> String {
    let parsed = month.split_once('-').and_then(|(y, m)| Some((y.parse::<u32>().ok()?, m.parse::<u32>().ok()?)));
    let Some((year, m)) = parsed.filter(|(_, m)| (1..=12).contains(m)) else {
        return month.to_owned();
    };
    let locales = Array::new();
    if let Some(locale) = current_locale() {
        locales.push(&JsValue::from_str(locale));
    }
    let options = Object::new();
    for (key, value) in [("month", "short"), ("year", "numeric"), ("timeZone", "UTC")] {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    // The middle of the month, formatted in UTC: the month as counted.
    let utc = Date::new(&JsValue::from_f64(Date::utc(year as f64, (m - 1) as f64) + 14.5 * 86_400_000.0));
    Intl::DateTimeFormat::new(&locales, &options)
        .format()
        .call1(&JsValue::UNDEFINED, &utc)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| month.to_owned())
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 1): the axis top.
fn axis_top(max: u64) -> u64 {
    let mut step = 1;
    loop {
        for factor in [1, 2, 5] {
            if step * factor >= max.max(1) {
                return step * factor;
            }
        }
        step *= 10;
    }
}

/// Requests per month as an SVG bar chart, with a title and a description for screen
/// readers and every number also in a table.
#[component]
pub fn MonthChart(
    /// The months, oldest first.
    months: Vec<MonthCount>,
    /// The chart's title (also the table's caption).
    #[prop(into)]
    title: String,
    /// Prefix for element ids, unique on the page.
    #[prop(default = "month-chart")]
    id: &'static str,
) -> impl IntoView {
    let total: u64 = months.iter().map(|m| m.requests).sum();
    let max = months.iter().map(|m| m.requests).max().unwrap_or(0);
    let top = axis_top(max);
    let plot_height = HEIGHT - TOP - BOTTOM;
    let step = (WIDTH - LEFT - RIGHT) / months.len().max(1) as f64;
    let bar_width = step * 0.7;
    let y = move |n: u64| TOP + plot_height * (1.0 - n as f64 / top as f64);
    let first = months.first().map(|m| month_label(&m.month)).unwrap_or_default();
    let last = months.last().map(|m| month_label(&m.month)).unwrap_or_default();
    let busiest =
        months.iter().filter(|m| m.requests == max && max > 0).map(|m| month_label(&m.month)).collect::<Vec<_>>();
    let description = if total == 0 {
        tf("agency.chart.none", &[("first", &first), ("last", &last)])
    } else {
        tn(
            "agency.chart.summary",
            total as f64,
            &[("first", &first), ("last", &last), ("max", &number(max as f64)), ("busiest", &busiest.join(", "))],
        )
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let ticks: Vec<u64> = if top >= 2 { vec![0, top / 2, top] } else { vec![0, top] };
    let last_index = months.len().saturating_sub(1);

    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = LEFT + step * i as f64 + (step - bar_width) / 2.0;
            let bar_top = y(m.requests);
            let height = TOP + plot_height - bar_top;
            let tip = tn("agency.chart.bar", m.requests as f64, &[("month", &month_label(&m.month))]);
            view! {
                <rect
                    class="chart-bar"
                    data-testid="chart-bar"
                    data-month=m.month.clone()
                    data-count=m.requests.to_string()
                    x=format!("{x:.2}")
                    y=format!("{bar_top:.2}")
                    width=format!("{bar_width:.2}")
                    height=format!("{height:.2}")
                >
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    // Every sixth month and the last one get a label under the axis.
    let labels = months
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 6 == 0 || *i == last_index)
        .filter(|(i, _)| *i == last_index || last_index - i >= 3)
        .map(|(i, m)| {
            // The last label ends at the right edge instead of running past it.
            let (x, anchor) = if i == last_index {
                (LEFT + step * (i + 1) as f64, "end")
            } else {
                (LEFT + step * i as f64 + step / 2.0, "middle")
            };
            view! {
                <text class="chart-label" x=format!("{x:.2}") y=format!("{:.2}", HEIGHT - 8.0) text-anchor=anchor>
                    {month_label(&m.month)}
                </text>
            }
        })
        .collect_view();
    let grid = ticks
        .into_iter()
        .map(|t| {
            let ty = y(t);
            view! {
                <line class="chart-grid" x1=format!("{LEFT}") x2=format!("{}", WIDTH - RIGHT) y1=format!("{ty:.2}") y2=format!("{ty:.2}")/>
                <text class="chart-label" x=format!("{}", LEFT - 6.0) y=format!("{:.2}", ty + 4.0) text-anchor="end">{number(t as f64)}</text>
            }
        })
        .collect_view();
    let rows = months
        .iter()
        .map(|m| view! { <tr><th scope="row">{month_label(&m.month)}</th><td>{number(m.requests as f64)}</td></tr> })
        .collect_view();

    view! {
        <figure class="month-chart" data-testid="month-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMidYMid meet"
            >
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{description.clone()}</desc>
                {grid}
                {bars}
                {labels}
            </svg>
            <figcaption class="fine-print">{description}</figcaption>
            <details class="chart-numbers">
                <summary>{t("agency.chart.numbers")}</summary>
                <table data-testid="month-table">
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr><th scope="col">{t("agency.chart.month")}</th><th scope="col">{t("agency.stats.requests")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
