//! Open data: an agency's complete record as CSV (RFC 4180) and GeoJSON (RFC 7946), and
//! the public moderation log and the annual reports as CSV. Requests hold no personal
//! data of residents; these are the same public fields the API serves, with what the
//! exports add to each request: its moderation ([`ExportModeration`]) and how many
//! residents responded ([`ExportResponses`], counts only, never who).

use std::collections::HashMap;

use porchlight_domain::wire::{
    AgencyReport, ModerationLogItem, PolicyFinding, PublishedRequest, ReportModeration,
    ReportResponses, ReportTotals, RequestStatus, ResponseCounts, YearReport,
};
use porchlight_domain::SQUARE_MILE_M2;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What the exports add to an agency's requests from their moderation: when each was
/// approved, and its policy findings.
#[derive(Debug, Clone, Default)]
pub struct ExportModeration {
    reviewed_at: HashMap<i64, OffsetDateTime>,
    findings: HashMap<i64, Vec<PolicyFinding>>,
}

impl ExportModeration {
    /// From the approval time of each reviewed request (by id) and the agency's
    /// findings (in any order; each request's are kept oldest first).
    pub fn new(
        approvals: impl IntoIterator<Item = (i64, OffsetDateTime)>,
        findings: impl IntoIterator<Item = PolicyFinding>,
    ) -> ExportModeration {
        let mut by_request: HashMap<i64, Vec<PolicyFinding>> = HashMap::new();
        for finding in findings {
            by_request
                .entry(finding.request_id)
                .or_default()
                .push(finding);
        }
        for list in by_request.values_mut() {
            list.sort_by_key(|f| (f.decided_at, f.decision_id));
        }
        ExportModeration {
            reviewed_at: approvals.into_iter().collect(),
            findings: by_request,
        }
    }

    /// When moderators approved the request; `None` when published without review.
    pub fn reviewed_at(&self, request_id: i64) -> Option<OffsetDateTime> {
        self.reviewed_at.get(&request_id).copied()
    }

    /// The request's policy findings, oldest first.
    pub fn findings(&self, request_id: i64) -> &[PolicyFinding] {
        self.findings
            .get(&request_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// What the exports add to an agency's requests from residents' responses: each
/// request's counts, as on the agency's profile (received, kept as evidence, deleted at
/// expiry). Counts only: nothing of who responded.
#[derive(Debug, Clone, Default)]
pub struct ExportResponses {
    counts: HashMap<i64, ResponseCounts>,
}

impl ExportResponses {
    /// From each request's counts (by id); a request left out has none.
    pub fn new(counts: HashMap<i64, ResponseCounts>) -> ExportResponses {
        ExportResponses { counts }
    }

    /// The request's counts (zeros when no resident responded).
    pub fn counts(&self, request_id: i64) -> ResponseCounts {
        self.counts.get(&request_id).copied().unwrap_or_default()
    }
}

/// A request's response counts under their export names: the last CSV columns, in
/// order, and the GeoJSON properties of the same names.
fn response_fields(counts: ResponseCounts) -> [(&'static str, u64); 3] {
    [
        ("responses_received", counts.received),
        ("responses_kept_as_evidence", counts.kept_as_evidence),
        ("responses_deleted_at_expiry", counts.deleted_at_expiry),
    ]
}

/// The CSV columns, in order (the header row). Columns added later come last (the
/// moderation columns, then the response counts), so readers of the earlier columns by
/// position keep working.
pub const CSV_COLUMNS: [&str; 21] = [
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
    "reviewed_at",
    "policy_finding_reasons",
    "policy_finding_notes",
    "responses_received",
    "responses_kept_as_evidence",
    "responses_deleted_at_expiry",
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

/// One request's values, in [`CSV_COLUMNS`] order. A request's findings take one
/// line each in both finding columns (reasons separated by `;`), oldest first; a line
/// break inside a note becomes a space so that the lines stay paired. The response
/// counts are integers, `0` when none.
fn csv_values(
    request: &PublishedRequest,
    moderation: &ExportModeration,
    responses: &ExportResponses,
) -> [String; 21] {
    let findings = moderation.findings(request.id);
    let reasons: Vec<String> = findings.iter().map(finding_reasons).collect();
    let notes: Vec<String> = findings
        .iter()
        .map(|f| spreadsheet_safe(&f.note.replace(['\r', '\n'], " ")))
        .collect();
    let [received, kept, expired] =
        response_fields(responses.counts(request.id)).map(|(_, n)| n.to_string());
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
        request.case_number.clone(),
        request.title.clone(),
        request.description.clone(),
        request.time_frame.start.clone(),
        request.time_frame.end.clone(),
        format!("{:.4}", request.area_m2 / SQUARE_MILE_M2),
        format!("{:.1}", request.area_m2),
        request.contact.email.clone().unwrap_or_default(),
        request.contact.phone.clone().unwrap_or_default(),
        request_path(request.id),
        moderation
            .reviewed_at(request.id)
            .map(rfc3339)
            .unwrap_or_default(),
        reasons.join("\n"),
        notes.join("\n"),
        received,
        kept,
        expired,
    ]
}

fn finding_reasons(finding: &PolicyFinding) -> String {
    finding
        .reasons
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(";")
}

/// Free text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// first) gets a leading `'`, as OWASP advises against CSV injection.
fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// A header and records as RFC 4180 CSV through the `csv` crate (CRLF line ends, a
/// field quoted only when it needs it). Every field passes [`spreadsheet_safe`] on
/// the way, so no column, the contact email and phone included, can start a formula:
/// the codes, numbers and times we write never start with a trigger character, and
/// anything a person typed is defused wherever it lands.
fn write_csv<const N: usize>(
    header: &[&str; N],
    records: impl IntoIterator<Item = [String; N]>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into a Vec<u8> cannot fail.
    writer.write_record(header).expect("CSV into memory");
    for record in records {
        writer
            .write_record(record.iter().map(|field| spreadsheet_safe(field)))
            .expect("CSV into memory");
    }
    let bytes = writer.into_inner().expect("CSV into memory");
    String::from_utf8(bytes).expect("UTF-8 fields make UTF-8 CSV")
}

/// The requests as CSV: a header row ([`CSV_COLUMNS`]), then one record per request,
/// CRLF line ends, UTF-8 (without a byte-order mark).
///
/// ```
/// # use porchlight_server::export::{requests_csv, ExportModeration, ExportResponses};
/// let csv = requests_csv(&[], &ExportModeration::default(), &ExportResponses::default());
/// assert_eq!(csv.lines().count(), 1);
/// assert!(csv.ends_with(
///     ",responses_received,responses_kept_as_evidence,responses_deleted_at_expiry\r\n"
/// ));
/// ```
pub fn requests_csv(
    requests: &[PublishedRequest],
    moderation: &ExportModeration,
    responses: &ExportResponses,
) -> String {
    write_csv(
        &CSV_COLUMNS,
        requests
            .iter()
            .map(|request| csv_values(request, moderation, responses)),
    )
}

/// The requests as a GeoJSON `FeatureCollection`: one `Feature` per request, its area
/// as the `Polygon` geometry (`[lng, lat]`, closed, counter-clockwise) and the CSV's
/// fields (unescaped, numbers as numbers) as properties; `policy_findings` is a list of
/// `{decided_at, reasons, note, log_index}`, oldest first, and the response counts are
/// numbers (`0` when none).
pub fn requests_geojson(
    requests: &[PublishedRequest],
    moderation: &ExportModeration,
    responses: &ExportResponses,
) -> Value {
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
            properties.insert(
                "reviewed_at".into(),
                json!(moderation.reviewed_at(request.id).map(rfc3339)),
            );
            let findings: Vec<Value> = moderation
                .findings(request.id)
                .iter()
                .map(|f| {
                    json!({
                        "decided_at": rfc3339(f.decided_at),
                        "reasons": f.reasons,
                        "note": f.note,
                        "log_index": f.log_index,
                    })
                })
                .collect();
            properties.insert("policy_findings".into(), json!(findings));
            for (key, n) in response_fields(responses.counts(request.id)) {
                properties.insert(key.into(), json!(n));
            }
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

/// The moderation log's CSV columns, in order (the header row).
pub const MODERATION_LOG_CSV_COLUMNS: [&str; 18] = [
    "id",
    "decided_at",
    "decision",
    "decided_by",
    "agency_slug",
    "agency_name",
    "subject_id",
    "reasons",
    "note",
    "report_count",
    "rejected_incident_type",
    "rejected_submitted_at",
    "rejected_time_frame_start",
    "rejected_time_frame_end",
    "rejected_area_sq_mi",
    "rejected_area_m2",
    "rejected_area_geojson",
    "log_index",
];

/// One decision's values, in [`MODERATION_LOG_CSV_COLUMNS`] order: only what the
/// public log holds (never a rejected submission's title, description or contact).
fn moderation_values(item: &ModerationLogItem) -> [String; 18] {
    let rejected = item.rejected.as_ref();
    [
        item.id.to_string(),
        rfc3339(item.decided_at),
        item.action.as_str().to_owned(),
        item.decided_by.clone(),
        item.agency.slug.clone(),
        item.agency.name.clone(),
        item.subject_id.to_string(),
        item.reasons
            .iter()
            .map(|r| r.code())
            .collect::<Vec<_>>()
            .join(";"),
        item.note.clone().unwrap_or_default(),
        item.report_count.map(|n| n.to_string()).unwrap_or_default(),
        rejected
            .map(|r| r.incident_type.clone())
            .unwrap_or_default(),
        rejected
            .map(|r| rfc3339(r.submitted_at))
            .unwrap_or_default(),
        rejected
            .map(|r| r.time_frame.start.clone())
            .unwrap_or_default(),
        rejected
            .map(|r| r.time_frame.end.clone())
            .unwrap_or_default(),
        rejected
            .map(|r| format!("{:.4}", r.area_m2 / SQUARE_MILE_M2))
            .unwrap_or_default(),
        rejected
            .map(|r| format!("{:.1}", r.area_m2))
            .unwrap_or_default(),
        rejected
            .map(|r| json!({"type": "Polygon", "coordinates": r.area.coordinates}).to_string())
            .unwrap_or_default(),
        item.log_index.map(|i| i.to_string()).unwrap_or_default(),
    ]
}

/// The moderation log as CSV, in the order given (newest first), like
/// [`requests_csv`].
///
/// ```
/// # use porchlight_server::export::moderation_log_csv;
/// assert!(moderation_log_csv(&[]).starts_with("id,decided_at,decision,"));
/// ```
pub fn moderation_log_csv(items: &[ModerationLogItem]) -> String {
    write_csv(
        &MODERATION_LOG_CSV_COLUMNS,
        items.iter().map(moderation_values),
    )
}

/// The columns of an agency report's CSV: one figure per record, grouped by section
/// (a long table that spreadsheets pivot), the report's own facts first.
pub const REPORT_CSV_COLUMNS: [&str; 3] = ["section", "key", "value"];

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The days of [`AgencyReport::days_of_week`], Monday first.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn totals_values(t: &ReportTotals) -> [(&'static str, String); 9] {
    [
        ("requests", t.requests.to_string()),
        ("resolved", t.resolved.to_string()),
        ("share_resolved", opt(t.share_resolved)),
        ("median_resolution_secs", opt(t.median_resolution_secs)),
        ("median_area_m2", opt(t.median_area_m2)),
        ("total_area_m2", t.total_area_m2.to_string()),
        ("median_duration_secs", opt(t.median_duration_secs)),
        ("total_duration_secs", t.total_duration_secs.to_string()),
        ("footprint_sq_mi_hours", t.footprint_sq_mi_hours.to_string()),
    ]
}

fn moderation_counts(m: &ReportModeration) -> [(&'static str, u64); 5] {
    [
        ("approved", m.approved),
        ("rejected", m.rejected),
        ("reports_received", m.reports_received),
        ("reports_dismissed", m.reports_dismissed),
        ("policy_findings", m.policy_findings),
    ]
}

/// Residents' responses' counts, named as in the JSON.
fn response_counts(r: &ReportResponses) -> [(&'static str, u64); 3] {
    [
        ("received", r.received),
        ("kept_as_evidence", r.kept_as_evidence),
        ("deleted_at_expiry", r.deleted_at_expiry),
    ]
}

/// An agency's annual report as CSV ([`REPORT_CSV_COLUMNS`]): sections `report` (the
/// agency, year, zone, period, generation time and the log's signed tree head),
/// `total`, `moderation`, `month_requests`, `month_total_area_m2`,
/// `month_total_duration_secs`, `month_footprint_sq_mi_hours` (keys `YYYY-MM`, every
/// month), `incident_type`, `hour_of_day` (`00`–`23`), `day_of_week` (`monday`…),
/// `heat_map_cell` (key `west;south;east;north`) and `policy_finding` (key the
/// request's id, value its reason codes), and `responses` (residents' responses to
/// the year's requests: `received`, `kept_as_evidence`, `deleted_at_expiry`).
pub fn agency_report_csv(report: &AgencyReport) -> String {
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut push = |section: &str, key: &str, value: String| {
        rows.push([section.to_owned(), key.to_owned(), value]);
    };
    let c = &report.log_checkpoint;
    for (key, value) in [
        ("agency_slug", report.agency.slug.clone()),
        ("agency_name", report.agency.name.clone()),
        ("year", report.year.to_string()),
        ("time_zone", report.time_zone.clone()),
        ("period_start", rfc3339(report.period_start)),
        ("period_end", rfc3339(report.period_end)),
        ("generated_at", rfc3339(report.generated_at)),
        ("complete", report.complete.to_string()),
        ("log_tree_size", c.tree_size.to_string()),
        ("log_root_hash", c.root_hash.to_string()),
        ("log_timestamp_ms", c.timestamp_ms.to_string()),
        ("log_signature", c.signature.to_string()),
    ] {
        push("report", key, value);
    }
    for (key, value) in totals_values(&report.totals) {
        push("total", key, value);
    }
    for (key, n) in moderation_counts(&report.moderation) {
        push("moderation", key, n.to_string());
    }
    if let Some(r) = &report.responses {
        for (key, n) in response_counts(r) {
            push("responses", key, n.to_string());
        }
    }
    for m in &report.months {
        push("month_requests", &m.month, m.requests.to_string());
    }
    for m in &report.months {
        push("month_total_area_m2", &m.month, m.total_area_m2.to_string());
    }
    for m in &report.months {
        push(
            "month_total_duration_secs",
            &m.month,
            m.total_duration_secs.to_string(),
        );
    }
    for m in &report.months {
        push(
            "month_footprint_sq_mi_hours",
            &m.month,
            m.footprint_sq_mi_hours.to_string(),
        );
    }
    for t in &report.incident_types {
        push("incident_type", &t.incident_type, t.requests.to_string());
    }
    for (hour, n) in report.hours_of_day.iter().enumerate() {
        push("hour_of_day", &format!("{hour:02}"), n.to_string());
    }
    for (day, n) in WEEKDAYS.iter().zip(&report.days_of_week) {
        push("day_of_week", day, n.to_string());
    }
    for cell in &report.heat_map.cells {
        let [w, s, e, n] = cell.bbox;
        push(
            "heat_map_cell",
            &format!("{w};{s};{e};{n}"),
            cell.count.to_string(),
        );
    }
    for f in &report.policy_findings {
        push(
            "policy_finding",
            &f.request_id.to_string(),
            finding_reasons(f),
        );
    }
    write_csv(&REPORT_CSV_COLUMNS, rows)
}

/// The columns of the year's table of every agency (`GET /reports/{year}.csv`).
pub const YEAR_REPORT_CSV_COLUMNS: [&str; 24] = [
    "agency_slug",
    "agency_name",
    "time_zone",
    "period_start",
    "period_end",
    "complete",
    "requests",
    "resolved",
    "share_resolved",
    "median_resolution_secs",
    "median_area_m2",
    "total_area_m2",
    "median_duration_secs",
    "total_duration_secs",
    "footprint_sq_mi_hours",
    "approved",
    "rejected",
    "reports_received",
    "reports_dismissed",
    "policy_findings",
    "responses_received",
    "responses_kept_as_evidence",
    "responses_deleted_at_expiry",
    "log_tree_size",
];

/// Every agency's year, one record each ([`YEAR_REPORT_CSV_COLUMNS`]), in the JSON's
/// order; the last column repeats the log's tree size at generation for each record.
pub fn year_report_csv(report: &YearReport) -> String {
    let records = report.agencies.iter().map(|a| {
        let [t0, t1, t2, t3, t4, t5, t6, t7, t8] = totals_values(&a.totals).map(|(_, v)| v);
        let [m0, m1, m2, m3, m4] = moderation_counts(&a.moderation).map(|(_, n)| n.to_string());
        // Empty cells from servers without responses.
        let [r0, r1, r2] = match &a.responses {
            Some(r) => response_counts(r).map(|(_, n)| n.to_string()),
            None => [String::new(), String::new(), String::new()],
        };
        [
            a.agency.slug.clone(),
            a.agency.name.clone(),
            a.time_zone.clone(),
            rfc3339(a.period_start),
            rfc3339(a.period_end),
            a.complete.to_string(),
            t0,
            t1,
            t2,
            t3,
            t4,
            t5,
            t6,
            t7,
            t8,
            m0,
            m1,
            m2,
            m3,
            m4,
            r0,
            r1,
            r2,
            report.log_checkpoint.tree_size.to_string(),
        ]
    });
    write_csv(&YEAR_REPORT_CSV_COLUMNS, records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_response_counts_end_the_csv_under_the_geojson_names() {
        let counts = ResponseCounts {
            received: 3,
            kept_as_evidence: 1,
            deleted_at_expiry: 2,
        };
        let fields = response_fields(counts);
        assert_eq!(
            CSV_COLUMNS[CSV_COLUMNS.len() - 3..],
            fields.map(|(name, _)| name)
        );
        assert_eq!(fields.map(|(_, n)| n), [3, 1, 2]);
        let responses = ExportResponses::new(HashMap::from([(7, counts)]));
        assert_eq!(responses.counts(7), counts);
        assert_eq!(
            responses.counts(8),
            ResponseCounts::default(),
            "none: zeros"
        );
    }
}
