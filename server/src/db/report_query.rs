//! The annual reports' figures: one method for every backend. The year's bounds and
//! the UTC offsets of the agency's zone come from the tz database in Rust
//! (`porchlight_domain::time_zone`) as a `VALUES` list of spans that the SQL joins on
//! time, since SQLite has no time zones; each backend supplies only the few
//! expressions its dialect spells differently ([`ReportDialect`]). Every figure,
//! medians included, is computed by the database.
//!
//! A request belongs to the year (and month) of its publication in the agency's zone;
//! its hour of day and day of week are those of its time frame's start, in the zone.

use porchlight_domain::time_zone::OffsetSpan;
use porchlight_domain::wire::{HeatCell, IncidentTypeCount, ReportModeration, ReportTotals};
use porchlight_domain::SQUARE_MILE_M2;
use sqlx::{ColumnIndex, Decode, Row, Type};

/// Which of an agency's requests a report covers, and how its map is gridded.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWindow {
    pub agency_id: i64,
    /// The year's first second in the agency's zone (unix seconds, inclusive).
    pub start: i64,
    /// The next year's first second (exclusive).
    pub end: i64,
    /// The zone's offsets over `[start, end)` and far enough before it for the time
    /// frames of the year's requests (see [`ReportWindow::new`]).
    pub spans: Vec<OffsetSpan>,
    /// Heat map cell edge, degrees.
    pub cell_deg: f64,
    /// Whether to compute the series (months, hours, heat map) or the totals alone.
    pub detail: bool,
}

/// Past the span list's ends, the first (last) span's offset holds: time frames start
/// at most 180 days before their publication (the domain's `MAX_AGE`), well inside
/// the 400 days covered before the year.
const SPANS_BEFORE_SECS: i64 = 400 * 86_400;
/// Stands for "forever" at the span list's ends (2^62: no overflow when compared).
const FOREVER: i64 = 1 << 62;

impl ReportWindow {
    /// The window of `[start, end)` in `zone`.
    pub fn new(
        agency_id: i64,
        zone: &porchlight_domain::time_zone::AgencyTimeZone,
        (start, end): (i64, i64),
        cell_deg: f64,
        detail: bool,
    ) -> ReportWindow {
        let mut spans = zone.offset_spans(start - SPANS_BEFORE_SECS, end + 86_400);
        if let Some(first) = spans.first_mut() {
            first.start = -FOREVER;
        }
        if let Some(last) = spans.last_mut() {
            last.end = FOREVER;
        }
        ReportWindow {
            agency_id,
            start,
            end,
            spans,
            cell_deg,
            detail,
        }
    }
}

/// What a report's SQL returns, before the route adds the agency, the zone and the log.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFigures {
    pub totals: ReportTotals,
    /// `(month 1–12, requests, total area m², total duration s, footprint)`, only the
    /// months with requests (the route fills in the rest).
    pub months: Vec<(u32, u64, f64, u64, f64)>,
    pub incident_types: Vec<IncidentTypeCount>,
    /// `(hour 0–23, day of week 0–6 from Monday, requests)`, only non-zero ones.
    pub hours_days: Vec<(u32, u32, u64)>,
    pub heat_cells: Vec<HeatCell>,
    pub moderation: ReportModeration,
}

/// The expressions each backend writes its own way.
pub(super) struct ReportDialect {
    /// Unix seconds of an RFC 3339 text column, rounded down.
    pub rfc3339_unix: fn(&str) -> String,
    /// The calendar month (1–12) of unix seconds, as an integer.
    pub month_of_unix: fn(&str) -> String,
    /// The floor of a non-negative number, as an integer.
    pub floor: fn(&str) -> String,
    /// `ORDER BY` of incident types in byte order.
    pub order_codes: &'static str,
}

/// The footprint's unit: one square mile for one hour, in m²·s.
const SQ_MI_HOUR: f64 = SQUARE_MILE_M2 * 3600.0;

/// The statements of one report, to run in one read transaction in this order: totals,
/// medians, moderation, then (with `detail`) months, incident types, hours × days and
/// the heat map. Numbers are written into the SQL: they are integers and floats that
/// Rust formats, never text from a client.
pub(super) fn report_statements(d: &ReportDialect, w: &ReportWindow) -> Vec<String> {
    let spans: Vec<String> = w
        .spans
        .iter()
        .map(|s| format!("({}, {}, {})", s.start, s.end, s.offset_secs))
        .collect();
    let fs = (d.rfc3339_unix)("r.time_start");
    let fe = (d.rfc3339_unix)("r.time_end");
    let c = format!("CAST({:?} AS DOUBLE PRECISION)", w.cell_deg);
    let prefix = format!(
        "WITH RECURSIVE spans(s, e, off) AS (VALUES {spans}), \
         yr AS (SELECT r.id, r.incident_type, r.area_m2 AS area, r.west, r.south, r.east, r.north, \
                  r.created_at, r.created_at + sp.off AS local_at, {fs} AS fs, {fe} - {fs} AS dur \
                FROM requests r JOIN spans sp ON r.created_at >= sp.s AND r.created_at < sp.e \
                WHERE r.agency_id = {agency} AND r.created_at >= {start} AND r.created_at < {end}) ",
        spans = spans.join(", "),
        agency = w.agency_id,
        start = w.start,
        end = w.end,
    );
    let median = |values: &str| {
        format!(
            "(SELECT avg(CAST(v AS DOUBLE PRECISION)) FROM (SELECT v, row_number() OVER (ORDER BY v) AS k, \
               count(*) OVER () AS n FROM ({values}) vs) ranked WHERE k IN ((n + 1) / 2, (n + 2) / 2))"
        )
    };
    let mut statements = vec![
        format!(
            "{prefix}SELECT count(*) AS requests, count(x.request_id) AS resolved, \
               CAST(coalesce(sum(y.area), 0) AS DOUBLE PRECISION) AS total_area, \
               CAST(coalesce(sum(y.dur), 0) AS BIGINT) AS total_duration, \
               CAST(coalesce(sum(y.area * y.dur), 0) AS DOUBLE PRECISION) / {SQ_MI_HOUR:?} AS footprint \
             FROM yr y LEFT JOIN resolutions x ON x.request_id = y.id"
        ),
        format!(
            "{prefix}SELECT {} AS median_area, {} AS median_duration, {} AS median_resolution",
            median("SELECT area AS v FROM yr"),
            median("SELECT dur AS v FROM yr"),
            median(
                "SELECT x.resolved_at - y.created_at AS v FROM yr y \
                 JOIN resolutions x ON x.request_id = y.id"
            ),
        ),
        format!(
            "SELECT count(CASE WHEN action = 'approve' THEN 1 END) AS approved, \
               count(CASE WHEN action = 'reject' THEN 1 END) AS rejected, \
               count(CASE WHEN action = 'dismiss' THEN 1 END) AS dismissed, \
               count(CASE WHEN action = 'uphold' THEN 1 END) AS upheld, \
               (SELECT count(*) FROM reports p JOIN requests q ON q.id = p.request_id \
                WHERE q.agency_id = {agency} AND p.created_at >= {start} AND p.created_at < {end}) AS reports \
             FROM moderation_decisions \
             WHERE agency_id = {agency} AND decided_at >= {start} AND decided_at < {end}",
            agency = w.agency_id,
            start = w.start,
            end = w.end,
        ),
    ];
    if w.detail {
        statements.extend([
            format!(
                "{prefix}SELECT {month} AS month, count(*) AS requests, \
                   CAST(sum(area) AS DOUBLE PRECISION) AS total_area, \
                   CAST(sum(dur) AS BIGINT) AS total_duration, \
                   CAST(sum(area * dur) AS DOUBLE PRECISION) / {SQ_MI_HOUR:?} AS footprint \
                 FROM yr GROUP BY 1 ORDER BY 1",
                month = (d.month_of_unix)("local_at"),
            ),
            format!(
                "{prefix}SELECT incident_type, count(*) AS requests FROM yr \
                 GROUP BY incident_type ORDER BY {}",
                d.order_codes
            ),
            // Times are after 1970, so `%` and `/` need no care for negatives; 1970-01-01
            // was a Thursday (3 days after a Monday).
            format!(
                "{prefix}SELECT ((y.fs + f.off) % 86400) / 3600 AS hour, \
                   ((y.fs + f.off) / 86400 + 3) % 7 AS weekday, count(*) AS requests \
                 FROM yr y JOIN spans f ON y.fs >= f.s AND y.fs < f.e GROUP BY 1, 2 ORDER BY 1, 2"
            ),
            // Every cell the bounding box meets: a series of offsets as long as the
            // widest box, joined on both axes.
            format!(
                "{prefix}, cells AS (SELECT {gx0} AS gx0, {gx1} AS gx1, {gy0} AS gy0, {gy1} AS gy1 FROM yr), \
                 widest(w) AS (SELECT max(d) FROM (SELECT gx1 - gx0 AS d FROM cells \
                                                   UNION ALL SELECT gy1 - gy0 FROM cells) ds), \
                 steps(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM steps WHERE i < (SELECT w FROM widest)) \
                 SELECT c.gx0 + sx.i AS gx, c.gy0 + sy.i AS gy, count(*) AS requests \
                 FROM cells c JOIN steps sx ON sx.i <= c.gx1 - c.gx0 JOIN steps sy ON sy.i <= c.gy1 - c.gy0 \
                 GROUP BY 1, 2 ORDER BY 2, 1",
                gx0 = (d.floor)(&format!("(west + 180) / {c}")),
                gx1 = (d.floor)(&format!("(east + 180) / {c}")),
                gy0 = (d.floor)(&format!("(south + 90) / {c}")),
                gy1 = (d.floor)(&format!("(north + 90) / {c}")),
            ),
        ]);
    }
    statements
}

/// The figures from the statements' rows, in [`report_statements`]' order.
pub(super) fn figures_from_rows<'r, R>(
    w: &ReportWindow,
    results: &'r [Vec<R>],
) -> Result<ReportFigures, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let one = |i: usize| -> Result<&'r R, sqlx::Error> {
        results
            .get(i)
            .and_then(|rows| rows.first())
            .ok_or(sqlx::Error::RowNotFound)
    };
    let count = |row: &'r R, name: &'r str| -> Result<u64, sqlx::Error> {
        Ok(row.try_get::<i64, _>(name)?.max(0) as u64)
    };
    let totals_row = one(0)?;
    let medians = one(1)?;
    let moderation_row = one(2)?;
    let requests = count(totals_row, "requests")?;
    let resolved = count(totals_row, "resolved")?;
    let totals = ReportTotals {
        requests,
        resolved,
        share_resolved: (requests > 0).then(|| resolved as f64 / requests as f64),
        median_resolution_secs: medians.try_get("median_resolution")?,
        median_area_m2: medians.try_get("median_area")?,
        total_area_m2: totals_row.try_get("total_area")?,
        median_duration_secs: medians.try_get("median_duration")?,
        total_duration_secs: count(totals_row, "total_duration")?,
        footprint_sq_mi_hours: totals_row.try_get("footprint")?,
    };
    let moderation = ReportModeration {
        approved: count(moderation_row, "approved")?,
        rejected: count(moderation_row, "rejected")?,
        reports_received: count(moderation_row, "reports")?,
        reports_dismissed: count(moderation_row, "dismissed")?,
        policy_findings: count(moderation_row, "upheld")?,
    };
    let mut figures = ReportFigures {
        totals,
        months: Vec::new(),
        incident_types: Vec::new(),
        hours_days: Vec::new(),
        heat_cells: Vec::new(),
        moderation,
    };
    if !w.detail {
        return Ok(figures);
    }
    let rows = |i: usize| results.get(i).map(Vec::as_slice).unwrap_or_default();
    for row in rows(3) {
        figures.months.push((
            row.try_get::<i64, _>("month")? as u32,
            count(row, "requests")?,
            row.try_get("total_area")?,
            count(row, "total_duration")?,
            row.try_get("footprint")?,
        ));
    }
    for row in rows(4) {
        figures.incident_types.push(IncidentTypeCount {
            incident_type: row.try_get("incident_type")?,
            requests: count(row, "requests")?,
        });
    }
    for row in rows(5) {
        figures.hours_days.push((
            row.try_get::<i64, _>("hour")? as u32,
            row.try_get::<i64, _>("weekday")? as u32,
            count(row, "requests")?,
        ));
    }
    let c = w.cell_deg;
    for row in rows(6) {
        let west = row.try_get::<i64, _>("gx")? as f64 * c - 180.0;
        let south = row.try_get::<i64, _>("gy")? as f64 * c - 90.0;
        figures.heat_cells.push(HeatCell {
            bbox: [west, south, west + c, south + c],
            count: count(row, "requests")?,
        });
    }
    Ok(figures)
}
