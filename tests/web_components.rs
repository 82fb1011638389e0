//! Components with fixture data (no network): feed item, request page, opt-out notice,
//! time frames across time zones, and the map drawing one polygon per request.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use std::collections::BTreeSet;

use leaflet::Map;
use leptos::prelude::*;
use porchlight_app::components::{FeedItem, OptOutNotice, RequestDetails};
use porchlight_app::format::{format_time_frame, format_time_frame_input, Zone};
use porchlight_app::map::{MapArea, MapView};
use porchlight_domain::wire::{MapView as View, PublishedRequest};
use support::*;
use time::macros::datetime;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An open burglary request near Pioneer Courthouse Square, Portland.
fn open_request() -> PublishedRequest {
    serde_json::from_str(
        r#"{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
        "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
        "description":"Looking for footage of a person carrying a bicycle.",
        "contact":{"email":"detective@city.example","phone":"+1 503 555 0100"},
        "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:15:00Z"},
        "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.522],[-122.68,45.515]]]},
        "area_m2":802896.3,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":null}"#,
    )
    .unwrap()
}

/// The same request, resolved with a note.
fn resolved_request() -> PublishedRequest {
    let mut r: PublishedRequest = serde_json::from_value(serde_json::json!({
        "id": 8, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "vehicle_crime", "case_number": "26-000042", "title": "Car window smashed on Oak St",
        "description": "A car window was smashed overnight.",
        "contact": {"email": "records@police.example"},
        "time_frame": {"start": "2026-07-04T02:00:00Z", "end": "2026-07-04T03:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.66,45.52],[-122.65,45.52],[-122.65,45.53],[-122.66,45.52]]]},
        "area_m2": 400000.0, "created_at": "2026-07-04T10:00:00Z", "status": "resolved",
        "resolution": {"note": "Suspect identified.", "resolved_at": "2026-07-10T16:30:00Z"}
    }))
    .unwrap();
    r.id = 8;
    r
}

fn la() -> Zone {
    Zone::named("en-US", "America/Los_Angeles")
}

#[wasm_bindgen_test]
async fn feed_item_shows_the_request_and_reports_hover_and_focus() {
    let container = fresh_container();
    let reported = RwSignal::new(Vec::<Option<i64>>::new());
    let highlighted = RwSignal::new(false);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <ul>
                <FeedItem
                    request=open_request()
                    zone=la()
                    highlighted=highlighted
                    on_highlight=Callback::new(move |id| reported.update(|v| v.push(id)))
                />
            </ul>
        }
    });
    leptos::task::tick().await;

    let item = container.query_selector("li[data-testid='feed-item']").unwrap().expect("a list item");
    let link = item.query_selector("h3 a").unwrap().expect("a title link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/requests/7"));
    assert_eq!(text(&link), "Footage near 5th and Pine");
    let shown = text(&item);
    for expected in [
        "Open",
        "Burglary",
        "Demo City Police Department",
        "Fri, Nov 27, 2026, 1:00 PM – 3:15 PM PST (2 h 15 min)",
        "Posted Sat, Nov 28, 2026",
        "0.31 sq mi (0.80 km²)",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }

    assert!(!item.class_list().contains("highlighted"));
    highlighted.set(true);
    leptos::task::tick().await;
    assert!(item.class_list().contains("highlighted"));

    item.dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    item.dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    link.unchecked_ref::<web_sys::HtmlElement>().focus().unwrap();
    assert_eq!(reported.get_untracked(), vec![Some(7), None, Some(7)]);
}

#[wasm_bindgen_test]
async fn request_page_shows_every_public_fact() {
    inject_leaflet();
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || {
        view! { <RequestDetails request=open_request() zone=la()/> }
    });
    leptos::task::tick().await;

    let h1 = container.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(text(&h1), "Footage near 5th and Pine");
    assert_eq!(h1.get_attribute("tabindex").as_deref(), Some("-1"), "focus target for navigation");
    let agency = container.query_selector("a[href='/agencies/demo-city-police']").unwrap().expect("agency link");
    assert_eq!(text(&agency), "Demo City Police Department");
    let shown = text(&container);
    for expected in [
        "Open",
        "Burglary",
        "26-118233",
        "Fri, Nov 27, 2026, 1:00 PM – 3:15 PM PST (2 h 15 min)",
        "Sat, Nov 28, 2026, 12:00 AM PST",
        "0.31 sq mi (0.80 km²)",
        "Looking for footage of a person carrying a bicycle.",
        "can't be edited or deleted",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }
    let mail = container.query_selector("a[href='mailto:detective@city.example']").unwrap();
    assert!(mail.is_some(), "email link");
    let tel = container.query_selector("a[href='tel:+15035550100']").unwrap();
    assert!(tel.is_some(), "phone link");
    // The area on a small Leaflet map.
    wait_for(&container, ".request-map .leaflet-container").await;
}

#[wasm_bindgen_test]
async fn resolved_request_shows_its_resolution() {
    inject_leaflet();
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || {
        view! { <RequestDetails request=resolved_request() zone=la()/> }
    });
    leptos::task::tick().await;
    let shown = text(&container);
    for expected in [
        "Resolved on Fri, Jul 10, 2026, 9:30 AM PDT",
        "Resolution: Suspect identified.",
        "Vehicle crime",
        "Fri, Jul 3, 2026, 7:00 PM – 8:00 PM PDT (1 h)",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }
    assert!(container.query_selector("a[href^='tel:']").unwrap().is_none(), "no phone given, no phone link");
}

#[wasm_bindgen_test]
async fn opt_out_notice_explains_and_links_to_settings() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || view! { <OptOutNotice/> });
    leptos::task::tick().await;
    let notice = container.query_selector("[data-testid='opt-out-notice']").unwrap().expect("the notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    assert!(text(&notice).contains("You have chosen not to see Requests for Assistance"));
    let link = notice.query_selector("a").unwrap().expect("a link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/settings"));
}

#[wasm_bindgen_test]
fn time_frames_read_in_each_time_zone() {
    // 21:00–23:00 UTC on 27 November 2026.
    let (start, end) = (datetime!(2026-11-27 21:00 UTC), datetime!(2026-11-27 23:00 UTC));
    let cases = [
        ("America/Los_Angeles", "Fri, Nov 27, 2026, 1:00 PM – 3:00 PM PST (2 h)"),
        ("America/New_York", "Fri, Nov 27, 2026, 4:00 PM – 6:00 PM EST (2 h)"),
        ("UTC", "Fri, Nov 27, 2026, 9:00 PM – 11:00 PM UTC (2 h)"),
        // Crosses midnight: the end names its own date.
        ("Europe/Berlin", "Fri, Nov 27, 2026, 10:00 PM – Sat, Nov 28, 2026, 12:00 AM GMT+1 (2 h)"),
        // A half-hour offset, on the next day already.
        ("Asia/Kolkata", "Sat, Nov 28, 2026, 2:30 AM – 4:30 AM GMT+5:30 (2 h)"),
    ];
    for (zone, expected) in cases {
        let shown = normalise(&format_time_frame(start, end, &Zone::named("en-US", zone)));
        assert_eq!(shown, expected, "in {zone}");
    }
    // Summer time is named as such.
    let summer = normalise(&format_time_frame(datetime!(2026-07-04 02:00 UTC), datetime!(2026-07-04 02:15 UTC), &la()));
    assert_eq!(summer, "Fri, Jul 3, 2026, 7:00 PM – 7:15 PM PDT (15 min)");
    // Strings that do not parse are shown as sent, never hidden.
    let broken = porchlight_domain::wire::TimeFrameInput { start: "yesterday".into(), end: "today".into() };
    assert_eq!(format_time_frame_input(&broken, &la()), "yesterday – today");
    assert_eq!(Zone::named("en-US", "America/New_York").time_zone_name(), "America/New_York");
}

/// The `requestId`s of the polygons on the map.
fn drawn_request_ids(map: &Map) -> BTreeSet<i64> {
    let ids = RwSignal::new(BTreeSet::new());
    let visit = |layer: leaflet::Layer| {
        let options = js_sys::Reflect::get(&layer, &"options".into()).unwrap_or(JsValue::UNDEFINED);
        let is_polygon = js_sys::Reflect::has(&layer, &"_latlngs".into()).unwrap_or(false);
        if let Some(id) = js_sys::Reflect::get(&options, &"requestId".into()).ok().and_then(|v| v.as_f64()) {
            if is_polygon {
                ids.update(|s: &mut BTreeSet<i64>| {
                    s.insert(id as i64);
                });
            }
        }
    };
    map.each_layer(&visit);
    ids.get_untracked()
}

#[wasm_bindgen_test]
async fn map_draws_one_polygon_per_request() {
    inject_leaflet();
    let container = fresh_container();
    let map_ref = StoredValue::new_local(None::<Map>);
    let mut requests = [open_request(), resolved_request(), open_request()];
    requests[2].id = 9;
    let areas = RwSignal::new(requests.iter().map(MapArea::from_request).collect::<Vec<_>>());
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <MapView initial=View { lat: 45.5185, lng: -122.675, zoom: 14.0 } areas=areas map_ref=map_ref/>
        }
    });
    leptos::task::tick().await;
    wait_for(&container, ".leaflet-container").await;

    let map = map_ref.get_value().expect("the map is mounted");
    assert_eq!(drawn_request_ids(&map), BTreeSet::from([7, 8, 9]));

    // Fewer requests: the old polygons go.
    areas.set(vec![MapArea::from_request(&requests[1])]);
    leptos::task::tick().await;
    assert_eq!(drawn_request_ids(&map), BTreeSet::from([8]));

    areas.set(Vec::new());
    leptos::task::tick().await;
    assert!(drawn_request_ids(&map).is_empty());
}

/// The polygon Leaflet layer drawn for `id`.
fn polygon_for(map: &Map, id: i64) -> leaflet::Layer {
    let found = std::rc::Rc::new(std::cell::RefCell::new(None));
    let sink = found.clone();
    map.each_layer(&move |layer: leaflet::Layer| {
        let options = js_sys::Reflect::get(&layer, &"options".into()).unwrap_or(JsValue::UNDEFINED);
        let this_id = js_sys::Reflect::get(&options, &"requestId".into()).ok().and_then(|v| v.as_f64());
        if this_id == Some(id as f64) {
            *sink.borrow_mut() = Some(layer);
        }
    });
    let layer = found.borrow_mut().take();
    layer.unwrap_or_else(|| panic!("no polygon for request {id}"))
}

fn path_option(layer: &leaflet::Layer, key: &str) -> JsValue {
    let options = js_sys::Reflect::get(layer, &"options".into()).unwrap();
    js_sys::Reflect::get(&options, &key.into()).unwrap()
}

#[wasm_bindgen_test]
async fn map_reports_clicked_areas_and_emphasises_the_highlighted_one() {
    inject_leaflet();
    let container = fresh_container();
    let map_ref = StoredValue::new_local(None::<Map>);
    let selected = RwSignal::new(Vec::<i64>::new());
    let opened = RwSignal::new(Vec::<i64>::new());
    let highlighted = RwSignal::new(None::<i64>);
    let areas = vec![MapArea::from_request(&open_request()), MapArea::from_request(&resolved_request())];
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <MapView
                initial=View { lat: 45.5185, lng: -122.675, zoom: 14.0 }
                areas=Signal::stored(areas.clone())
                highlighted=highlighted
                on_area_select=Callback::new(move |id| selected.update(|v| v.push(id)))
                on_open_request=Callback::new(move |id| opened.update(|v| v.push(id)))
                map_ref=map_ref
            />
        }
    });
    leptos::task::tick().await;
    wait_for(&container, ".leaflet-container").await;
    let map = map_ref.get_value().expect("the map is mounted");

    // Open and resolved differ by more than colour: resolved areas are dashed.
    let (open, resolved) = (polygon_for(&map, 7), polygon_for(&map, 8));
    assert_eq!(path_option(&open, "dashArray").as_string().as_deref(), Some(""));
    assert_eq!(path_option(&resolved, "dashArray").as_string().as_deref(), Some("6 4"));

    // A click on an area reports its request and opens its popup with a link.
    let evented: &leaflet::Evented = resolved.unchecked_ref();
    let event = js_sys::Object::new();
    js_sys::Reflect::set(&event, &"latlng".into(), &leaflet::LatLng::new(45.522, -122.655).into()).unwrap();
    evented.fire("click", &event, None);
    assert_eq!(selected.get_untracked(), vec![8]);
    let link = wait_for(&container, ".leaflet-popup a").await;
    assert_eq!(link.get_attribute("href").as_deref(), Some("/requests/8"));
    assert!(
        text(&container.query_selector(".leaflet-popup").unwrap().unwrap()).contains("Car window smashed on Oak St")
    );
    // Following the link goes through the app (Leaflet hides popup clicks from the router).
    let before = web_sys::window().unwrap().location().href().unwrap();
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(opened.get_untracked(), vec![8]);
    assert_eq!(web_sys::window().unwrap().location().href().unwrap(), before, "no full page load");

    // Highlighting (from the feed) thickens that area only, and undoes it after.
    assert_eq!(path_option(&open, "weight").as_f64(), Some(2.0));
    highlighted.set(Some(7));
    leptos::task::tick().await;
    assert_eq!(path_option(&open, "weight").as_f64(), Some(5.0));
    assert_eq!(path_option(&resolved, "weight").as_f64(), Some(2.0));
    highlighted.set(None);
    leptos::task::tick().await;
    assert_eq!(path_option(&open, "weight").as_f64(), Some(2.0));
}
