//! The open-data exports: CSV (RFC 4180, parsed back with the `csv` crate) and GeoJSON
//! (RFC 7946), each holding every request of the agency and nothing else.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use porchlight_domain::wire::PublishedRequest;
use porchlight_domain::IncidentType;
use serde_json::{json, Value};
use time::Duration;

use crate::agency_stats::{store, stored_draft};
use crate::support::{draft, Fixture, Who};

/// Agency A with published requests whose text needs quoting, one resolved; agency B
/// with one request that must not appear.
async fn fixture() -> (Fixture, Vec<PublishedRequest>) {
    let fx = Fixture::new().await;
    let mut tricky = draft("26-1001");
    tricky["title"] = "Footage, \"urgent\": bike theft".into();
    tricky["description"] = "Looking for footage of a person, about 1.80 m tall,\r\nwith a \"red\" bicycle.\nÉté — 自転車 🚲".into();
    tricky["contact"]["phone"] = "+1 503 555 0100".into();
    let mut formula = draft("26-1002");
    formula["title"] = "=HYPERLINK(\"http://evil.example\")".into();
    let plain = draft("26-1003");
    let mut ids = Vec::new();
    for body in [tricky, formula, plain] {
        ids.push(fx.publish(Who::StaffA, body).await);
    }
    let staff = fx.cookie(Who::StaffA).await;
    let path = format!("/api/v1/requests/{}/resolution", ids[2]);
    assert_eq!(
        fx.app
            .send(Method::POST, &path, None, staff.as_deref())
            .await
            .status,
        StatusCode::CREATED
    );
    fx.publish(Who::StaffB, draft("B-1")).await;
    let mut requests = Vec::new();
    for id in ids {
        requests.push(fx.app.state.db.request(id).await.unwrap().unwrap());
    }
    (fx, requests)
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn csv_parses_back_with_every_field_quoted_right() {
    let (fx, requests) = fixture().await;
    let response = fx.app.get("/api/v1/agencies/agency-a/requests.csv").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8; header=present")
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"agency-a-requests.csv\"")
    );
    let text = String::from_utf8(response.bytes.clone()).expect("UTF-8");
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    assert!(text.starts_with(
        "id,created_at,status,resolved_at,incident_type,case_number,title,description,\
time_frame_start,time_frame_end,area_sq_mi,area_m2,contact_email,contact_phone,url_path,\
reviewed_at,policy_finding_reasons,policy_finding_notes,responses_received,\
responses_kept_as_evidence,responses_deleted_at_expiry\r\n"
    ));
    assert!(text.ends_with("\r\n"));

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(records.len(), 3, "agency A's requests only");
    // Newest first, like the history.
    let mut newest_first = requests.clone();
    newest_first.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    for (record, request) in records.iter().zip(&newest_first) {
        assert_eq!(record.len(), 21);
        assert_eq!(&record[0], request.id.to_string());
        assert_eq!(&record[1], rfc3339(request.created_at));
        assert_eq!(
            &record[2],
            if request.resolution.is_some() {
                "resolved"
            } else {
                "open"
            }
        );
        assert_eq!(
            &record[3],
            request
                .resolution
                .as_ref()
                .map(|r| rfc3339(r.resolved_at))
                .unwrap_or_default()
        );
        assert_eq!(&record[4], request.incident_type);
        assert_eq!(&record[5], request.case_number);
        if request.title.starts_with('=') {
            // Defused for spreadsheets, otherwise unchanged.
            assert_eq!(&record[6], format!("'{}", request.title));
        } else {
            assert_eq!(&record[6], request.title);
        }
        assert_eq!(&record[7], request.description);
        assert_eq!(&record[8], request.time_frame.start);
        assert_eq!(&record[9], request.time_frame.end);
        let sq_mi: f64 = record[10].parse().unwrap();
        assert!((sq_mi - request.area_m2 / porchlight_domain::SQUARE_MILE_M2).abs() < 1e-4);
        let m2: f64 = record[11].parse().unwrap();
        assert!((m2 - request.area_m2).abs() < 0.1);
        assert_eq!(
            &record[12],
            request.contact.email.clone().unwrap_or_default()
        );
        // An international number starts with `+`, which a spreadsheet reads as a
        // formula: defused like every other text column.
        let phone = request.contact.phone.clone().unwrap_or_default();
        if phone.starts_with('+') {
            assert_eq!(&record[13], format!("'{phone}"));
        } else {
            assert_eq!(&record[13], phone);
        }
        assert_eq!(&record[14], format!("/requests/{}", request.id));
        // Published without review (`--review off`), no findings.
        assert_eq!(&record[15], "");
        assert_eq!(&record[16], "");
        assert_eq!(&record[17], "");
        // No resident responded: zeros, not empty.
        assert_eq!(&record[18], "0");
        assert_eq!(&record[19], "0");
        assert_eq!(&record[20], "0");
    }
    // The tricky text really needed quoting, and survived it.
    let tricky = records
        .iter()
        .find(|r| r[6].starts_with("Footage, "))
        .unwrap();
    assert_eq!(&tricky[6], "Footage, \"urgent\": bike theft");
    assert!(tricky[7].contains("tall,\r\nwith a \"red\" bicycle.\nÉté — 自転車 🚲"));
    assert!(text.contains("\"Footage, \"\"urgent\"\": bike theft\""));
}

/// Whatever a person typed, in whichever column it lands, no CSV field starts a
/// formula: the case number, title, description, contact email and phone each begin
/// with a trigger character here.
#[tokio::test]
async fn every_text_column_of_the_csv_is_defused_for_spreadsheets() {
    let fx = Fixture::new().await;
    let mut body = draft("-26-1004");
    body["title"] = "=HYPERLINK(\"http://evil.example\", \"Footage\")".into();
    body["description"] = "+SUM(1, 2) looking for footage of the alley.".into();
    body["contact"] = json!({"email": "=cmd@evil.example", "phone": "+1 503 555 0100"});
    let id = fx.publish(Who::StaffA, body).await;
    let text = fx
        .app
        .get("/api/v1/agencies/agency-a/requests.csv")
        .await
        .text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let record = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[0] == id.to_string())
        .expect("the request is exported");
    for (column, expected) in [
        (5, "'-26-1004"),
        (6, "'=HYPERLINK(\"http://evil.example\", \"Footage\")"),
        (7, "'+SUM(1, 2) looking for footage of the alley."),
        (12, "'=cmd@evil.example"),
        (13, "'+1 503 555 0100"),
    ] {
        assert_eq!(&record[column], expected, "column {column}");
    }
    for field in record.iter() {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a field starts a formula: {field:?}"
        );
    }
}

#[tokio::test]
async fn geojson_is_a_feature_collection_of_every_request() {
    let (fx, requests) = fixture().await;
    let response = fx
        .app
        .get("/api/v1/agencies/agency-a/requests.geojson")
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("content-type"),
        Some("application/geo+json")
    );
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"agency-a-requests.geojson\"")
    );
    let json: Value = response.json();
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().unwrap();
    let ids: BTreeSet<i64> = features.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, requests.iter().map(|r| r.id).collect::<BTreeSet<_>>());
    for feature in features {
        let request = requests
            .iter()
            .find(|r| r.id == feature["id"].as_i64().unwrap())
            .unwrap();
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["geometry"]["type"], "Polygon");
        let rings = feature["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(rings.len(), 1, "one exterior ring, no holes");
        let ring: Vec<[f64; 2]> = serde_json::from_value(rings[0].clone()).unwrap();
        assert!(ring.len() >= 4);
        assert_eq!(ring.first(), ring.last(), "closed ring");
        // [longitude, latitude]: Portland is at about -122.7, 45.5.
        for [lng, lat] in &ring {
            assert!(
                (-123.0..-122.0).contains(lng) && (45.0..46.0).contains(lat),
                "[{lng}, {lat}]"
            );
        }
        // RFC 7946 §3.1.6: exterior rings are counter-clockwise (positive shoelace sum).
        let twice_area: f64 = ring
            .windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum();
        assert!(twice_area > 0.0, "clockwise ring {ring:?}");
        assert_eq!(ring, request.area.coordinates[0]);
        let p = &feature["properties"];
        assert_eq!(
            p["title"],
            request.title.as_str(),
            "no spreadsheet escaping in GeoJSON"
        );
        assert_eq!(p["description"], request.description.as_str());
        assert_eq!(p["case_number"], request.case_number.as_str());
        assert_eq!(
            p["status"],
            if request.resolution.is_some() {
                "resolved"
            } else {
                "open"
            }
        );
        assert_eq!(p["area_m2"].as_f64(), Some(request.area_m2));
        assert_eq!(p["url_path"], format!("/requests/{}", request.id));
        assert_eq!(p["time_frame_start"], request.time_frame.start.as_str());
        assert_eq!(p["reviewed_at"], Value::Null, "published without review");
        assert_eq!(p["policy_findings"], serde_json::json!([]));
        for key in [
            "responses_received",
            "responses_kept_as_evidence",
            "responses_deleted_at_expiry",
        ] {
            assert_eq!(p[key], json!(0), "{key}: a number, 0 when none");
        }
    }
}

#[tokio::test]
async fn exports_of_an_empty_agency_and_of_a_big_one() {
    let fx = Fixture::new().await;
    let csv_text = fx
        .app
        .get("/api/v1/agencies/agency-b/requests.csv")
        .await
        .text();
    assert_eq!(
        csv_text.matches("\r\n").count(),
        1,
        "only the header: {csv_text:?}"
    );
    let geojson = fx
        .app
        .get("/api/v1/agencies/agency-b/requests.geojson")
        .await
        .json();
    assert_eq!(
        geojson,
        serde_json::json!({"type": "FeatureCollection", "features": []})
    );
    for path in [
        "/api/v1/agencies/nope/requests.csv",
        "/api/v1/agencies/nope/requests.geojson",
    ] {
        let response = fx.app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        assert_eq!(response.error_code(), "not_found");
    }

    // 2 000 requests: all of them, each once.
    let now = fx.app.state.now();
    let drafts: Vec<_> = (0..2_000i64)
        .map(|i| {
            let at = now - Duration::minutes(i * 30 + 1);
            (
                at,
                stored_draft(
                    at,
                    IncidentType::ALL[(i % 10) as usize],
                    0.006,
                    Duration::hours(1),
                    0.0,
                ),
            )
        })
        .collect();
    let ids: BTreeSet<i64> = store(&fx.app.state.db, fx.agency_b, &drafts)
        .await
        .into_iter()
        .collect();
    let text = fx
        .app
        .get("/api/v1/agencies/agency-b/requests.csv")
        .await
        .text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let csv_ids: Vec<i64> = reader
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(csv_ids.len(), 2_000);
    assert_eq!(csv_ids.iter().copied().collect::<BTreeSet<_>>(), ids);
    let geojson = fx
        .app
        .get("/api/v1/agencies/agency-b/requests.geojson")
        .await
        .json();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(
        features
            .iter()
            .map(|f| f["id"].as_i64().unwrap())
            .collect::<BTreeSet<_>>(),
        ids
    );
    assert_eq!(features.len(), 2_000);
}
