//! The server's verdicts on the drafts of `tests/fixtures/form_parity.json` (rule
//! boundaries: area ± 1 m² of both limits at three latitudes, 14:59 / 15:00 /
//! 12:00:00 / 12:00:01, bowtie, 2 / 200 / 201 corners, future and too old). The app's
//! form judges the same file in `tests/web_request_form.rs`; both must give the codes
//! the file lists, so form and server agree case by case.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::support::{Fixture, Who};

const FIXTURE: &str = include_str!("../../../tests/fixtures/form_parity.json");

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn server_gives_every_boundary_draft_the_codes_the_form_gives() {
    let fixture = Fixture::new().await;
    let cases: Value = serde_json::from_str(FIXTURE).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
        let start = now - Duration::seconds(case["start_ago_s"].as_i64().unwrap());
        let end = start + Duration::seconds(case["duration_s"].as_i64().unwrap());
        let mut ring = case["ring"].as_array().unwrap().clone();
        ring.push(ring[0].clone());
        let draft = json!({
            "incident_type": "burglary",
            "case_number": format!("PARITY-{i}"),
            "title": "Footage near 5th and Pine",
            "description": "Looking for footage of a person carrying a red bicycle.",
            "contact": { "email": "detective@city.example" },
            "time_frame": { "start": rfc3339(start), "end": rfc3339(end) },
            "area": { "type": "Polygon", "coordinates": [ring] },
            "attestations": { "active_investigation": true, "no_lawful_activity": true }
        });
        let response = fixture
            .send_as(Who::StaffA, Method::POST, "/api/v1/requests", Some(draft))
            .await;
        let mut expected: Vec<&str> = case["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        expected.sort_unstable();
        if expected.is_empty() {
            assert_eq!(
                response.status,
                StatusCode::CREATED,
                "{name}: {}",
                response.text()
            );
        } else {
            assert_eq!(
                response.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {}",
                response.text()
            );
            let body = response.json();
            let mut codes: Vec<&str> = body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["code"].as_str().unwrap())
                .collect();
            codes.sort_unstable();
            assert_eq!(codes, expected, "{name}");
        }
    }
}
