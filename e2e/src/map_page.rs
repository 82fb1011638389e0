//! Reading the map page (`/`) as a resident sees it: the rows of its feed, and the
//! request areas on its map. Leaflet paints the areas on one `<canvas>` (a Canvas
//! renderer), so an area is pixels, not a DOM node: [`areas_painted`] puts each
//! request's area where Leaflet puts it on the screen (its Web Mercator projection of
//! the view in the page's URL) and reads the canvas there. The tests serve no tiles,
//! so every painted pixel of that canvas is a request's area.

use std::time::Instant;

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::browser::{Browser, DEFAULT_TIMEOUT};
use crate::error::{HarnessError, Result};
use crate::http::http_get;

/// The map page's map.
pub const MAP: &str = ".main-map .leaflet-container";
/// A row of the map page's feed.
pub const FEED_ROW: &str = ".feed-pane [data-testid=feed-item]";

/// Where a map looks: its centre and zoom, as the page's URL writes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub lat: f64,
    pub lng: f64,
    pub zoom: f64,
}

impl MapView {
    /// The view in a map page URL's query (`?lat=45.5&lng=-122.6&z=13`), if it has one.
    pub fn from_url(url: &str) -> Option<MapView> {
        let query = url.split_once('?')?.1;
        let get = |key: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse::<f64>().ok())
        };
        Some(MapView {
            lat: get("lat")?,
            lng: get("lng")?,
            zoom: get("z")?,
        })
    }

    /// Leaflet's pixel coordinates of a point at this zoom: spherical Web Mercator
    /// (EPSG:3857) on a world 256 · 2^zoom pixels wide, y growing southwards.
    pub fn world_pixel(&self, lat: f64, lng: f64) -> (f64, f64) {
        let scale = 256.0 * 2f64.powf(self.zoom);
        let lat = lat.clamp(-85.051_128_779_8, 85.051_128_779_8).to_radians();
        let x = (lng + 180.0) / 360.0;
        let y = 0.5 - (lat.sin().atanh()) / (2.0 * std::f64::consts::PI);
        (x * scale, y * scale)
    }

    /// Where a point is drawn, in the page's CSS pixels, on a map of this view whose
    /// container is at `container` (`[left, top, width, height]` in the viewport).
    pub fn screen_point(&self, container: [f64; 4], lat: f64, lng: f64) -> (f64, f64) {
        let (cx, cy) = self.world_pixel(self.lat, self.lng);
        let (px, py) = self.world_pixel(lat, lng);
        let [left, top, width, height] = container;
        (left + width / 2.0 + px - cx, top + height / 2.0 + py - cy)
    }
}

/// The view the map page shows: the one in its URL, else the server's default view
/// (`GET /api/v1/config`; the page leaves the URL alone until the map moves).
pub async fn shown_view(browser: &Browser, base_url: &str) -> Result<MapView> {
    let url = browser.current_url().await?;
    if let Some(view) = MapView::from_url(&url) {
        return Ok(view);
    }
    let config = http_get(&format!("{base_url}/api/v1/config"))?.json()?;
    let view = &config["default_view"];
    match (
        view["lat"].as_f64(),
        view["lng"].as_f64(),
        view["zoom"].as_f64(),
    ) {
        (Some(lat), Some(lng), Some(zoom)) => Ok(MapView { lat, lng, zoom }),
        _ => Err(HarnessError::new(format!("no default view in {config}"))),
    }
}

/// The request ids of the feed's rows in the DOM, top to bottom (read through
/// WebDriver, as rows and their attributes).
pub async fn feed_ids(browser: &Browser) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for row in browser.client().find_all(Locator::Css(FEED_ROW)).await? {
        match row.attr("data-request-id").await {
            Ok(Some(id)) => ids.push(id.parse().map_err(|e| {
                HarnessError::new(format!("a feed row's data-request-id {id:?}: {e}"))
            })?),
            Ok(None) => return Err(HarnessError::new("a feed row without data-request-id")),
            // Replaced while we read: the caller reads again.
            Err(e) if e.is_stale_element_reference() => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(ids)
}

/// Waits until the feed has finished loading (`aria-busy` is false) and shows rows,
/// and returns their ids.
pub async fn feed_when_loaded(browser: &Browser) -> Result<Vec<i64>> {
    browser
        .wait_until(
            "the feed has loaded its rows",
            "document.querySelector('.feed-body[aria-busy=false] [data-testid=feed-item]')",
        )
        .await?;
    feed_ids(browser).await
}

/// The centre of a request's area (the mean of its ring's corners: the demo's and the
/// tests' areas are roundish, so it lies inside), from `GET /api/v1/requests/{id}`.
pub fn area_centre(base_url: &str, id: i64) -> Result<(f64, f64)> {
    let request = http_get(&format!("{base_url}/api/v1/requests/{id}"))?.json()?;
    polygon_centre(&request["area"])
        .ok_or_else(|| HarnessError::new(format!("request {id} has no ring: {request}")))
}

/// The mean of the corners of a GeoJSON polygon's outer ring, as `(lat, lng)`.
pub fn polygon_centre(polygon: &Value) -> Option<(f64, f64)> {
    let ring = polygon["coordinates"][0].as_array()?;
    let corners = &ring[..ring.len().saturating_sub(1)];
    if corners.is_empty() {
        return None;
    }
    let (mut lat, mut lng) = (0.0, 0.0);
    for corner in corners {
        lng += corner[0].as_f64()?;
        lat += corner[1].as_f64()?;
    }
    let n = corners.len() as f64;
    Some((lat / n, lng / n))
}

/// The map's container and its canvas, and the canvas's opacity at some points (a
/// script that only reads: a canvas's pixels are not visible to WebDriver).
async fn read_canvas(browser: &Browser, points: &[(f64, f64)]) -> Result<Value> {
    let script = format!(
        r#"const map = document.querySelector({MAP:?});
        if (!map) return null;
        const box = map.getBoundingClientRect();
        const canvas = map.querySelector('.leaflet-overlay-pane canvas');
        const out = {{ container: [box.left, box.top, box.width, box.height], alpha: [], painted: 0 }};
        if (!canvas || !canvas.width) return out;
        const at = canvas.getBoundingClientRect();
        const sx = canvas.width / at.width, sy = canvas.height / at.height;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        // Only what shows through the map's container counts (the canvas overhangs it).
        const x0 = Math.max(0, Math.floor((box.left - at.left) * sx));
        const x1 = Math.min(canvas.width, Math.ceil((box.right - at.left) * sx));
        const y0 = Math.max(0, Math.floor((box.top - at.top) * sy));
        const y1 = Math.min(canvas.height, Math.ceil((box.bottom - at.top) * sy));
        for (let y = y0; y < y1; y++)
            for (let x = x0; x < x1; x++)
                if (data[(y * canvas.width + x) * 4 + 3] > 0) out.painted++;
        for (const [px, py] of {points}) {{
            const x = Math.round((px - at.left) * sx), y = Math.round((py - at.top) * sy);
            out.alpha.push(x >= 0 && y >= 0 && x < canvas.width && y < canvas.height
                ? data[(y * canvas.width + x) * 4 + 3] : 0);
        }}
        return out;"#,
        points = json!(points),
    );
    let read = browser.eval(&script).await?;
    if read.is_null() {
        return Err(HarnessError::new(format!("no map ({MAP}) on the page")));
    }
    Ok(read)
}

/// How many pixels of the map (inside its container) are painted.
pub async fn painted_pixels(browser: &Browser) -> Result<u64> {
    Ok(read_canvas(browser, &[]).await?["painted"]
        .as_u64()
        .unwrap_or(0))
}

/// The map's container, `[left, top, width, height]` in the viewport.
pub async fn map_container(browser: &Browser) -> Result<[f64; 4]> {
    let read = read_canvas(browser, &[]).await?;
    serde_json::from_value(read["container"].clone())
        .map_err(|e| HarnessError::new(format!("the map's container: {e}: {read}")))
}

/// Waits until the area of each request in `ids` whose centre is in view (at least
/// `margin` pixels inside the map) is painted on the map at that centre, and returns
/// how many were in view.
pub async fn areas_painted(
    browser: &Browser,
    base_url: &str,
    ids: &[i64],
    margin: f64,
) -> Result<usize> {
    let mut centres = Vec::with_capacity(ids.len());
    for &id in ids {
        centres.push((id, area_centre(base_url, id)?));
    }
    areas_painted_at(browser, base_url, &centres, margin).await
}

/// [`areas_painted`] for areas whose centres (`(id, (lat, lng))`) the caller knows.
pub async fn areas_painted_at(
    browser: &Browser,
    base_url: &str,
    centres: &[(i64, (f64, f64))],
    margin: f64,
) -> Result<usize> {
    let deadline = Instant::now() + DEFAULT_TIMEOUT;
    loop {
        let view = shown_view(browser, base_url).await?;
        let container = map_container(browser).await?;
        let [left, top, width, height] = container;
        let in_view: Vec<(i64, (f64, f64))> = centres
            .iter()
            .map(|&(id, (lat, lng))| (id, view.screen_point(container, lat, lng)))
            .filter(|&(_, (x, y))| {
                x >= left + margin
                    && x <= left + width - margin
                    && y >= top + margin
                    && y <= top + height - margin
            })
            .collect();
        let points: Vec<(f64, f64)> = in_view.iter().map(|&(_, p)| p).collect();
        let read = read_canvas(browser, &points).await?;
        let alpha: Vec<u64> = read["alpha"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
            .unwrap_or_default();
        let missing: Vec<i64> = in_view
            .iter()
            .zip(alpha.iter().chain(std::iter::repeat(&0)))
            .filter(|(_, &a)| a == 0)
            .map(|(&(id, _), _)| id)
            .collect();
        if missing.is_empty() {
            return Ok(in_view.len());
        }
        if Instant::now() >= deadline {
            return Err(HarnessError::new(format!(
                "the map of view {view:?} does not show the areas of requests {missing:?} \
                 at their centres ({} in view, {} px painted; container {container:?})",
                in_view.len(),
                read["painted"]
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The numbers on the grid cells the map draws instead of areas when a view holds too
/// many requests (Leaflet tooltips: DOM nodes), read through WebDriver.
pub async fn cell_counts(browser: &Browser) -> Result<Vec<u64>> {
    let mut counts = Vec::new();
    let labels = browser
        .client()
        .find_all(Locator::Css(".main-map .leaflet-tooltip.cell-count"))
        .await?;
    for label in labels {
        let text = label.text().await?;
        counts.push(
            text.trim()
                .replace(',', "")
                .parse()
                .map_err(|e| HarnessError::new(format!("a grid cell labelled {text:?}: {e}")))?,
        );
    }
    Ok(counts)
}
