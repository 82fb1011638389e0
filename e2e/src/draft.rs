use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// The body of a `POST /api/v1/requests` that every rule accepts: a square of 0.004° ×
/// 0.004° (about 0.05 sq mi in Portland, Oregon) with its south-west corner at `(lng,
/// lat)`, and a 2-hour time frame that ended an hour ago.
pub fn valid_draft(case_number: &str, lng: f64, lat: f64) -> Value {
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("0 ns is valid");
    let at = |t: OffsetDateTime| t.format(&Rfc3339).expect("a UTC time formats as RFC 3339");
    let (east, north) = (lng + 0.004, lat + 0.004);
    json!({
        "incident_type": "burglary",
        "case_number": case_number,
        "title": format!("Footage for case {case_number}"),
        "description": "Looking for footage of a person carrying a red bicycle along the alley.",
        "contact": { "email": "detective@city.example" },
        "time_frame": { "start": at(now - Duration::hours(3)), "end": at(now - Duration::hours(1)) },
        "area": {
            "type": "Polygon",
            "coordinates": [[[lng, lat], [east, lat], [east, north], [lng, north], [lng, lat]]]
        },
        "attestations": { "active_investigation": true, "no_lawful_activity": true }
    })
}
