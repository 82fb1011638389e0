//! Where the year's requests asked for footage: the report's heat map cells as
//! rectangles on a Leaflet map, coloured by how many requests covered each, with a
//! legend and the busiest cells in a table. Also the `<link rel="alternate">` of a
//! page's Atom feed.

use leaflet::{Canvas, LatLng, LatLngBounds, Layer, LayerGroup, Map, PolylineOptions, Rectangle};
use leptos::prelude::*;
use porchlight_domain::wire::{HeatCell, HeatMap as Cells, MapView as View};
use wasm_bindgen::JsCast;

use crate::components::LoadingList;
use crate::i18n::{number_with, t, tf};
use crate::map::MapView;
use crate::session::use_config;

use super::count_text;

/// Fill colours from least to most covered (light yellow to dark red: readable on
/// tiles and without them, and in greyscale print).
pub const HEAT_COLOURS: [&str; 5] = ["#fed976", "#feb24c", "#fd8d3c", "#e31a1c", "#800026"];

/// How many of the busiest cells the table lists.
pub const TABLE_CELLS: usize = 10;

/// The classes of counts, `(low, high)` inclusive, one per colour used: as many as
/// there are counts up to five, else five equal steps up to `max`.
pub fn heat_classes(max: u64) -> Vec<(u64, u64)> {
    if max <= HEAT_COLOURS.len() as u64 {
        return (1..=max).map(|n| (n, n)).collect();
    }
    let steps = HEAT_COLOURS.len() as u64;
    (0..steps).map(|i| (max * i / steps + 1, max * (i + 1) / steps)).collect()
}

/// The class (colour index) of `count`.
fn class_of(classes: &[(u64, u64)], count: u64) -> usize {
    classes.iter().position(|(_, high)| count <= *high).unwrap_or(classes.len().saturating_sub(1))
}

/// The colour of class `i` of `n` classes: spread over the whole scale.
fn colour(i: usize, n: usize) -> &'static str {
    let last = HEAT_COLOURS.len() - 1;
    let index = if n <= 1 { last } else { i * last / (n - 1) };
    HEAT_COLOURS[index.min(last)]
}

/// A view that shows every cell on a map about 600 px wide.
fn view_of(cells: &[HeatCell]) -> Option<View> {
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in cells {
        w = w.min(c.bbox[0]);
        s = s.min(c.bbox[1]);
        e = e.max(c.bbox[2]);
        n = n.max(c.bbox[3]);
    }
    if cells.is_empty() {
        return None;
    }
    let lat = (s + n) / 2.0;
    let dx = (e - w).max(0.005);
    let dy = ((n - s) / lat.to_radians().cos().max(0.1)).max(0.005);
    let zoom = (360.0 * 520.0 / (256.0 * dx.max(dy))).log2().floor().clamp(2.0, 16.0);
    Some(View { lat, lng: (w + e) / 2.0, zoom })
}

/// Draws `cells` on `map` in one layer group.
fn draw(map: &Map, cells: &[HeatCell], classes: &[(u64, u64)]) {
    let group = LayerGroup::new();
    let renderer = Canvas::new();
    for cell in cells {
        let [west, south, east, north] = cell.bbox;
        let bounds = LatLngBounds::new(&LatLng::new(south, west), &LatLng::new(north, east));
        let options = PolylineOptions::new();
        let fill = colour(class_of(classes, cell.count), classes.len());
        options.set_renderer(renderer.clone().into());
        options.set_stroke(false);
        options.set_fill_color(fill.to_owned());
        options.set_fill_opacity(0.7);
        let rectangle = Rectangle::new_with_options(&bounds, &options);
        group.add_layer(rectangle.unchecked_ref::<Layer>());
    }
    group.add_to(map);
    let [w, s, e, n] = cells.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |[w, s, e, n], c| {
        [w.min(c.bbox[0]), s.min(c.bbox[1]), e.max(c.bbox[2]), n.max(c.bbox[3])]
    });
    map.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
}

/// The heat map, its legend and the busiest cells.
#[component]
pub fn HeatMap(heat_map: Cells) -> impl IntoView {
    let cells = heat_map.cells;
    if cells.is_empty() {
        return view! { <p class="empty-state" data-testid="heat-map-empty">{t("report.where.none")}</p> }.into_any();
    }
    let config = use_config();
    let max = cells.iter().map(|c| c.count).max().unwrap_or(0);
    let classes = heat_classes(max);
    let initial = view_of(&cells).unwrap_or(View { lat: 0.0, lng: 0.0, zoom: 2.0 });
    let legend = classes
        .iter()
        .enumerate()
        .map(|(i, (low, high))| {
            let label = if low == high {
                count_text(*low)
            } else {
                tf("report.where.range", &[("low", &count_text(*low)), ("high", &count_text(*high))])
            };
            view! {
                <li class="legend-item" data-testid="heat-legend-item">
                    <span class="swatch" style:background-color=colour(i, classes.len()) aria-hidden="true"></span>
                    {label}
                </li>
            }
        })
        .collect_view();
    let mut busiest = cells.clone();
    busiest.sort_by_key(|c| std::cmp::Reverse(c.count));
    busiest.truncate(TABLE_CELLS);
    let rows = busiest
        .into_iter()
        .map(|c| {
            let [w, s, e, n] = c.bbox;
            let centre = format!("{}, {}", number_with((s + n) / 2.0, 4, 4), number_with((w + e) / 2.0, 4, 4));
            view! { <tr><td>{centre}</td><td>{count_text(c.count)}</td></tr> }
        })
        .collect_view();
    let description = tf(
        "report.where.desc",
        &[
            ("cells", &count_text(cells.len() as u64)),
            ("max", &count_text(max)),
            ("size", &number_with(heat_map.cell_deg, 0, 4)),
        ],
    );
    let map_ref = StoredValue::new_local(None::<Map>);
    let drawn = StoredValue::new(false);
    let on_view_change = Callback::new({
        let cells = cells.clone();
        let classes = classes.clone();
        move |_| {
            if drawn.get_value() {
                return;
            }
            if let Some(map) = map_ref.get_value() {
                draw(&map, &cells, &classes);
                drawn.set_value(true);
            }
        }
    });
    view! {
        <figure class="report-heat" data-testid="heat-map">
            <Transition fallback=|| view! { <LoadingList label=t("report.where.loading") rows=1/> }>
                {move || {
                    let on_view_change = on_view_change;
                    Suspend::new(async move {
                        let config = match config {
                            Some(c) => c.0.ready().await.ok(),
                            None => None,
                        };
                        let (tile_url, attribution) = match config {
                            Some(c) => (c.tile_url, c.tile_attribution),
                            None => (None, String::new()),
                        };
                        view! {
                            <MapView initial=initial tile_url=tile_url attribution=attribution
                                areas=Signal::derive(Vec::new) map_ref=map_ref on_view_change=on_view_change
                                label=t("report.where.map_label") class="report-heat-map"/>
                        }
                    })
                }}
            </Transition>
            <figcaption class="fine-print">{description}</figcaption>
            <div class="heat-legend-wrap">
                <span id="heat-legend-label">{t("report.where.legend")}</span>
                <ul class="heat-legend" aria-labelledby="heat-legend-label" data-testid="heat-legend">{legend}</ul>
            </div>
            <table class="report-table" data-testid="heat-table">
                <caption>{tf("report.where.table", &[("n", &count_text(TABLE_CELLS as u64))])}</caption>
                <thead><tr><th scope="col">{t("report.col.cell")}</th><th scope="col">{t("report.col.covered")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
    .into_any()
}

/// Adds `<link rel="alternate" type="application/atom+xml">` for `href` to the
/// document's head while the calling page is shown.
pub(crate) fn use_feed_alternate(href: String, title: String) {
    let document = document();
    let Ok(link) = document.create_element("link") else { return };
    let _ = link.set_attribute("rel", "alternate");
    let _ = link.set_attribute("type", "application/atom+xml");
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("title", &title);
    let _ = link.set_attribute("data-page-feed", "");
    if let Some(head) = document.head() {
        let _ = head.append_child(&link);
    }
    let link = send_wrapper::SendWrapper::new(link);
    on_cleanup(move || link.remove());
}
