//! `GET /requests/grid`: requests counted per cell for zoomed-out maps.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{draft_at, Fixture, Who};

fn counts(grid: &Value) -> Vec<u64> {
    grid["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn counts_requests_per_cell_with_the_feeds_filters() {
    let fx = Fixture::new().await;
    // Three near each other in Portland, one across the river, one in Seattle.
    let a = fx
        .publish(Who::StaffA, draft_at("G-1", -122.680, 45.515))
        .await;
    fx.publish(Who::StaffA, draft_at("G-2", -122.681, 45.516))
        .await;
    fx.publish(Who::StaffA, draft_at("G-3", -122.679, 45.514))
        .await;
    fx.publish(Who::StaffA, draft_at("G-4", -122.600, 45.540))
        .await;
    fx.publish(Who::StaffA, draft_at("G-5", -122.330, 47.600))
        .await;
    let resolved = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &format!("/api/v1/requests/{a}/resolution"),
            Some(json!({})),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::CREATED);

    // Zoom 12 over Portland: 64 px cells are 360/4096/4 ≈ 0.022°.
    let grid = fx
        .app
        .get("/api/v1/requests/grid?bbox=-122.8,45.4,-122.5,45.6&zoom=12")
        .await;
    assert_eq!(grid.status, StatusCode::OK);
    let grid = grid.json();
    assert_eq!(grid["cell_deg"], 360.0 / 4096.0 / 4.0);
    assert_eq!(grid["total"], 4);
    let mut c = counts(&grid);
    c.sort();
    assert_eq!(c, [1, 3]);
    let busy = grid["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["count"] == 3)
        .unwrap();
    assert_eq!(busy["open"], 2);
    // The count sits at the mean centre, inside its cell.
    let [w, s, e, n] = [0, 1, 2, 3].map(|i| busy["bbox"][i].as_f64().unwrap());
    let (lat, lng) = (
        busy["center"]["lat"].as_f64().unwrap(),
        busy["center"]["lng"].as_f64().unwrap(),
    );
    assert!(w <= lng && lng < e && s <= lat && lat < n, "{busy}");
    assert!((lng - -122.6775).abs() < 1e-9, "{lng}");

    // Same filters as the feed.
    let open = fx
        .app
        .get("/api/v1/requests/grid?bbox=-122.8,45.4,-122.5,45.6&zoom=12&status=open")
        .await
        .json();
    assert_eq!(open["total"], 3);
    let future = fx
        .app
        .get(
            "/api/v1/requests/grid?bbox=-122.8,45.4,-122.5,45.6&zoom=12&since=2100-01-01T00:00:00Z",
        )
        .await
        .json();
    assert_eq!(
        future,
        json!({"cell_deg": 360.0 / 4096.0 / 4.0, "total": 0, "cells": [], "hidden_by_preference": false})
    );

    // Zoomed out over two states (0.7° cells), Portland's four share a cell; Seattle has its own.
    let wide = fx
        .app
        .get("/api/v1/requests/grid?bbox=-125,42,-116,49&zoom=7")
        .await
        .json();
    let mut c = counts(&wide);
    c.sort();
    assert_eq!(c, [1, 4]);
    // The feed over the same box agrees with the total.
    let feed = fx
        .app
        .get("/api/v1/requests?bbox=-125,42,-116,49&limit=200")
        .await
        .json();
    assert_eq!(
        feed["items"].as_array().unwrap().len() as u64,
        wide["total"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn the_opt_out_empties_the_grid() {
    let fx = Fixture::new().await;
    fx.publish(Who::StaffA, draft_at("G-9", -122.68, 45.515))
        .await;
    let resident = fx.cookie(Who::Resident).await;
    fx.set_hide_requests(resident.as_deref(), true).await;
    let path = "/api/v1/requests/grid?bbox=-123,45,-122,46&zoom=10";
    let hidden = fx
        .app
        .send(Method::GET, path, None, resident.as_deref())
        .await
        .json();
    assert_eq!(hidden["hidden_by_preference"], true);
    assert_eq!(hidden["cells"], json!([]));
    assert_eq!(fx.app.get(path).await.json()["total"], 1);
}

#[tokio::test]
async fn bad_grid_parameters_are_400() {
    let fx = Fixture::new().await;
    for (query, code, field) in [
        ("zoom=10", "invalid_bbox", "bbox"),
        ("bbox=-123,45,-122,46", "invalid_zoom", "zoom"),
        ("bbox=-123,45,-122,46&zoom=23", "invalid_zoom", "zoom"),
        ("bbox=-123,45,-122,46&zoom=-1", "invalid_zoom", "zoom"),
        ("bbox=-123,45,-122,46&zoom=ten", "invalid_zoom", "zoom"),
        ("bbox=-122,45,-123,46&zoom=10", "invalid_bbox", "bbox"),
        (
            "bbox=-123,45,-122,46&zoom=10&status=closed",
            "invalid_status",
            "status",
        ),
        (
            "bbox=-123,45,-122,46&zoom=10&since=today",
            "invalid_since",
            "since",
        ),
    ] {
        let response = fx.app.get(&format!("/api/v1/requests/grid?{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.error_code(), code, "{query}");
        assert_eq!(response.json()["error"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn an_agency_grid_counts_only_its_requests_around_all_of_them() {
    let fx = Fixture::new().await;
    // Agency A in Portland and Seattle, agency B in Portland.
    fx.publish(Who::StaffA, draft_at("A-1", -122.680, 45.515))
        .await;
    fx.publish(Who::StaffA, draft_at("A-2", -122.330, 47.600))
        .await;
    fx.publish(Who::StaffB, draft_at("B-1", -122.681, 45.516))
        .await;

    // No box: the agency's own extent, Portland to Seattle, at 64 px cells of zoom 12.
    let a = fx
        .app
        .get("/api/v1/requests/grid?agency=agency-a&zoom=12")
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = a.json();
    assert_eq!(a["total"], 2);
    assert_eq!(counts(&a), [1, 1]);
    assert_eq!(a["cell_deg"], 360.0 / 4096.0 / 4.0);
    // With a box, the agency's requests in it.
    let in_portland = fx
        .app
        .get("/api/v1/requests/grid?agency=agency-a&bbox=-123,45,-122,46&zoom=12")
        .await
        .json();
    assert_eq!(in_portland["total"], 1);
    let b = fx
        .app
        .get("/api/v1/requests/grid?agency=agency-b&zoom=12&status=open")
        .await
        .json();
    assert_eq!(b["total"], 1);

    // An agency's public record stays on its profile for a resident who opted out.
    let resident = fx.cookie(Who::Resident).await;
    fx.set_hide_requests(resident.as_deref(), true).await;
    let seen = fx
        .app
        .send(
            Method::GET,
            "/api/v1/requests/grid?agency=agency-a&zoom=12",
            None,
            resident.as_deref(),
        )
        .await
        .json();
    assert_eq!(seen["total"], 2);
    assert_eq!(seen["hidden_by_preference"], false);

    let unknown = fx
        .app
        .get("/api/v1/requests/grid?agency=no-such-agency&zoom=12")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_agency_without_requests_has_an_empty_grid() {
    let fx = Fixture::new().await;
    let grid = fx
        .app
        .get("/api/v1/requests/grid?agency=agency-b&zoom=12")
        .await;
    assert_eq!(grid.status, StatusCode::OK);
    assert_eq!(
        grid.json(),
        json!({"cell_deg": 360.0 / 4096.0 / 4.0, "total": 0, "cells": [], "hidden_by_preference": false})
    );
}
