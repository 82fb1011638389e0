//! Open data: an agency's complete record as CSV (RFC 4180) and GeoJSON (RFC 7946).
//! Requests hold no personal data of residents; these are the same public fields the
//! API serves.

use porchlight_domain::wire::{PublishedRequest, RequestStatus};
use porchlight_domain::SQUARE_MILE_M2;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The CSV columns, in order (the header row).
pub const CSV_COLUMNS: [&str; 15] = [
    "id",
    "created_at",
    "status",
    "resolved_at",
    "incident_type",
    "case_number",
    "title",
    "description",
    "time_frame_start",
    "time_frame_end",
    "area_sq_mi",
    "area_m2",
    "contact_email",
    "contact_phone",
    "url_path",
];

fn rfc3339(t: OffsetDateTime) -> String {
    // In-range UTC times from the database always format.
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn status(request: &PublishedRequest) -> &'static str {
    match request.status {
        RequestStatus::Open => "open",
        RequestStatus::Resolved => "resolved",
    }
}

/// The path of a request's public page in the app.
pub fn request_path(id: i64) -> String {
    format!("/requests/{id}")
}

/// One request's values, in [`CSV_COLUMNS`] order.
fn csv_values(request: &PublishedRequest) -> [String; 15] {
    [
        request.id.to_string(),
        rfc3339(request.created_at),
        status(request).to_owned(),
        request
            .resolution
            .as_ref()
            .map(|r| rfc3339(r.resolved_at))
            .unwrap_or_default(),
        request.incident_type.clone(),
        spreadsheet_safe(&request.case_number),
        spreadsheet_safe(&request.title),
        spreadsheet_safe(&request.description),
        request.time_frame.start.clone(),
        request.time_frame.end.clone(),
        format!("{:.4}", request.area_m2 / SQUARE_MILE_M2),
        format!("{:.1}", request.area_m2),
        request.contact.email.clone().unwrap_or_default(),
        request.contact.phone.clone().unwrap_or_default(),
        request_path(request.id),
    ]
}

/// Free text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// first) gets a leading `'`, as OWASP advises against CSV injection.
fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// Appends one RFC 4180 field: quoted (with `"` doubled) when it holds a comma, a
/// quote or a line break.
fn push_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn push_record<S: AsRef<str>>(out: &mut String, values: &[S]) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, value.as_ref());
    }
    out.push_str("\r\n");
}

/// The requests as CSV: a header row, then one record per request, CRLF line ends,
/// UTF-8 (without a byte-order mark).
///
/// ```
/// # use porchlight_server::export::requests_csv;
/// assert_eq!(requests_csv(&[]).lines().count(), 1);
/// ```
pub fn requests_csv(requests: &[PublishedRequest]) -> String {
    let mut out = String::with_capacity(256 + requests.len() * 512);
    push_record(&mut out, &CSV_COLUMNS);
    for request in requests {
        push_record(&mut out, &csv_values(request));
    }
    out
}

/// The requests as a GeoJSON `FeatureCollection`: one `Feature` per request, its area
/// as the `Polygon` geometry (`[lng, lat]`, closed, counter-clockwise) and the CSV's
/// fields (unescaped, numbers as numbers) as properties.
pub fn requests_geojson(requests: &[PublishedRequest]) -> Value {
    let features: Vec<Value> = requests
        .iter()
        .map(|request| {
            let mut properties = Map::new();
            properties.insert("id".into(), json!(request.id));
            properties.insert("created_at".into(), json!(rfc3339(request.created_at)));
            properties.insert("status".into(), json!(status(request)));
            properties.insert(
                "resolved_at".into(),
                json!(request.resolution.as_ref().map(|r| rfc3339(r.resolved_at))),
            );
            properties.insert("incident_type".into(), json!(request.incident_type));
            properties.insert("case_number".into(), json!(request.case_number));
            properties.insert("title".into(), json!(request.title));
            properties.insert("description".into(), json!(request.description));
            properties.insert("time_frame_start".into(), json!(request.time_frame.start));
            properties.insert("time_frame_end".into(), json!(request.time_frame.end));
            properties.insert("area_sq_mi".into(), json!(request.area_m2 / SQUARE_MILE_M2));
            properties.insert("area_m2".into(), json!(request.area_m2));
            properties.insert("contact_email".into(), json!(request.contact.email));
            properties.insert("contact_phone".into(), json!(request.contact.phone));
            properties.insert("url_path".into(), json!(request_path(request.id)));
            json!({
                "type": "Feature",
                "id": request.id,
                "geometry": request.area,
                "properties": properties,
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}
