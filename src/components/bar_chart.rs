//! A bar chart in SVG with its text alternative (a title and a description that screen
//! readers read as one image) and the same numbers in a table below it, for the annual
//! reports. Every text comes from the caller, in the reader's language.

use leptos::prelude::*;

/// Drawing size in SVG units; the chart scales to its container's width.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 4.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;

/// One bar: its label under the axis and in the table, its value, and the value as
/// the reader reads it ("1,234", "2.5 sq mi (6.5 km²)").
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 1 when `max` ≥ 1, else a
/// fraction for small values): the axis top.
pub fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let mut step = 10f64.powf(max.log10().floor() - 1.0);
    loop {
        for factor in [1.0, 2.0, 5.0] {
            if step * factor >= max * (1.0 - 1e-12) {
                return step * factor;
            }
        }
        step *= 10.0;
    }
}

/// A figure: the chart (`role="img"`, named by its title and description) and a table
/// of every bar's value.
#[component]
pub fn BarChart(
    /// The bars, in the order drawn.
    bars: Vec<Bar>,
    /// Title of the chart and caption of the table.
    #[prop(into)]
    title: String,
    /// What the chart shows in one sentence (its text alternative, also shown).
    #[prop(into)]
    description: String,
    /// Heading of the table's first column ("Month").
    #[prop(into)]
    label_heading: String,
    /// Heading of the table's value column ("Requests").
    #[prop(into)]
    value_heading: String,
    /// Writes an axis value the reader's way.
    axis_text: fn(f64) -> String,
    /// Prefix for element ids and `data-testid`s, unique on the page.
    id: &'static str,
    /// Bars across, one a row, labels at their left (for long labels).
    #[prop(optional)]
    horizontal: bool,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let top = nice_top(max);
    let rows = bars
        .iter()
        .map(|b| view! { <tr><th scope="row">{b.label.clone()}</th><td>{b.text.clone()}</td></tr> })
        .collect_view();
    let table = view! {
        <table class="report-table" data-testid=format!("{id}-table")>
            <caption class="visually-hidden">{title.clone()}</caption>
            <thead><tr><th scope="col">{label_heading}</th><th scope="col">{value_heading}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    if horizontal {
        // One 20-unit row a bar; labels in the left 150 units, the value after the bar.
        let (label_width, row, value_room) = (150.0, 20.0, 70.0);
        let height = TOP + row * bars.len().max(1) as f64 + 4.0;
        let plot_width = WIDTH - label_width - value_room;
        let drawn = bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                let y = TOP + row * i as f64;
                let width = plot_width * (bar.value / top).clamp(0.0, 1.0);
                let tip = format!("{}: {}", bar.label, bar.text);
                view! {
                    <text class="chart-label" x=format!("{:.2}", label_width - 6.0) y=format!("{:.2}", y + 14.0) text-anchor="end">{bar.label.clone()}</text>
                    <rect class="chart-bar" data-testid=format!("{id}-bar") data-value=bar.value.to_string()
                        x=format!("{label_width:.2}") y=format!("{:.2}", y + 3.0) width=format!("{width:.2}") height=format!("{:.2}", row - 6.0)>
                        <title>{tip}</title>
                    </rect>
                    <text class="chart-label" x=format!("{:.2}", label_width + width + 4.0) y=format!("{:.2}", y + 14.0)>{bar.text.clone()}</text>
                }
            })
            .collect_view();
        return view! {
            <figure class="report-chart" data-testid=id>
                <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=labelled_by preserveAspectRatio="xMidYMid meet">
                    <title id=title_id>{title.clone()}</title>
                    <desc id=desc_id>{description.clone()}</desc>
                    <line class="chart-grid" x1=format!("{label_width}") x2=format!("{label_width}") y1=format!("{TOP}") y2=format!("{:.2}", height - 4.0)/>
                    {drawn}
                </svg>
                <figcaption class="fine-print">{description}</figcaption>
                {table}
            </figure>
        }
        .into_any();
    }
    let plot_height = HEIGHT - TOP - BOTTOM;
    let step = (WIDTH - LEFT - RIGHT) / bars.len().max(1) as f64;
    let bar_width = step * 0.7;
    let y = move |v: f64| TOP + plot_height * (1.0 - (v / top).clamp(0.0, 1.0));
    // At most about 12 labels under the axis: every other one beyond that.
    let every = bars.len().div_ceil(12).max(1);
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let x = LEFT + step * i as f64 + (step - bar_width) / 2.0;
            let bar_top = y(bar.value);
            let height = TOP + plot_height - bar_top;
            let tip = format!("{}: {}", bar.label, bar.text);
            let label = (i % every == 0).then(|| {
                let lx = LEFT + step * i as f64 + step / 2.0;
                view! {
                    <text class="chart-label" x=format!("{lx:.2}") y=format!("{:.2}", HEIGHT - 7.0) text-anchor="middle">
                        {bar.label.clone()}
                    </text>
                }
            });
            view! {
                <rect
                    class="chart-bar"
                    data-testid=format!("{id}-bar")
                    data-value=bar.value.to_string()
                    x=format!("{x:.2}")
                    y=format!("{bar_top:.2}")
                    width=format!("{bar_width:.2}")
                    height=format!("{height:.2}")
                >
                    <title>{tip}</title>
                </rect>
                {label}
            }
        })
        .collect_view();
    let grid = [0.0, top / 2.0, top]
        .into_iter()
        .map(|v| {
            let ty = y(v);
            view! {
                <line class="chart-grid" x1=format!("{LEFT}") x2=format!("{}", WIDTH - RIGHT) y1=format!("{ty:.2}") y2=format!("{ty:.2}")/>
                <text class="chart-label" x=format!("{}", LEFT - 4.0) y=format!("{:.2}", ty + 4.0) text-anchor="end">{axis_text(v)}</text>
            }
        })
        .collect_view();

    view! {
        <figure class="report-chart" data-testid=id>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=labelled_by preserveAspectRatio="xMidYMid meet">
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{description.clone()}</desc>
                {grid}
                {drawn}
            </svg>
            <figcaption class="fine-print">{description}</figcaption>
            {table}
        </figure>
    }
    .into_any()
}
