//! The annual reports' figures: one method for every backend. The year's bounds and
//! the UTC offsets of the agency's zone come from the tz database in Rust
//! (`porchlight_domain::time_zone`) as a `VALUES` list of spans that the SQL joins on
//! time, since SQLite has no time zones; each backend supplies only the few
//! expressions its dialect spells differently ([`ReportDialect`]). Every figure,
//! medians included, is computed by the database, per agency: a window holds every
//! agency of one zone, so the side-by-side year asks a few statements per zone.
//!
//! A request belongs to the year (and month) of its publication in the agency's zone;
//! its hour of day and day of week are those of its time frame's start, in the zone.

use std::collections::BTreeMap;

use porchlight_domain::time_zone::OffsetSpan;
use porchlight_domain::wire::{HeatCell, IncidentTypeCount, ReportModeration, ReportTotals};
use porchlight_domain::SQUARE_MILE_M2;
use sqlx::{ColumnIndex, Decode, Row, Type};

/// Which agencies' requests a report covers (agencies of one time zone), and how its
/// map is gridded.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWindow {
    /// The agencies, all in the zone the spans come from.
    pub agency_ids: Vec<i64>,
    /// The year's first second in the agency's zone (unix seconds, inclusive).
    pub start: i64,
    /// The next year's first second (exclusive).
    pub end: i64,
    /// The zone's offsets over `[start, end)` and far enough before it for the time
    /// frames of the year's requests (see [`ReportWindow::new`]).
    pub spans: Vec<OffsetSpan>,
    /// Heat map cell edge, degrees.
    pub cell_deg: f64,
    /// Whether to compute the series (months, hours, heat map) too, over all the
    /// agencies together, or each agency's totals alone.
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
        agency_ids: Vec<i64>,
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
            agency_ids,
            start,
            end,
            spans,
            cell_deg,
            detail,
        }
    }
}

/// What a report's SQL returns for one agency (or, for the series, the window's
/// agencies together), before the route adds the agency, the zone and the log.
#[derive(Debug, Clone, Default, PartialEq)]
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

/// The statements of one window, to run in one read transaction in this order: totals,
/// the three medians, moderation decisions and reports received (each per agency),
/// then (with `detail`) months, incident types, hours × days and the heat map. Numbers
/// are written into the SQL: they are integers and floats that Rust formats, never
/// text from a client.
pub(super) fn report_statements(d: &ReportDialect, w: &ReportWindow) -> Vec<String> {
    let spans: Vec<String> = w
        .spans
        .iter()
        .map(|s| format!("({}, {}, {})", s.start, s.end, s.offset_secs))
        .collect();
    let agencies = if w.agency_ids.is_empty() {
        // No agency: `IN (NULL)` matches nothing.
        "NULL".to_owned()
    } else {
        let ids: Vec<String> = w.agency_ids.iter().map(i64::to_string).collect();
        ids.join(", ")
    };
    let (start, end) = (w.start, w.end);
    // Each time frame's ends are read from text once per statement (`timed` is
    // materialized): on PostgreSQL each reading is a timestamptz cast, and reading
    // them wherever `dur` was used made the totals 146 ms instead of 115 ms (9 286
    // requests, measured with psql).
    let fs = (d.rfc3339_unix)("r.time_start");
    let fe = (d.rfc3339_unix)("r.time_end");
    let c = format!("CAST({:?} AS DOUBLE PRECISION)", w.cell_deg);
    let prefix = format!(
        "WITH RECURSIVE spans(s, e, off) AS (VALUES {spans}), \
         timed AS MATERIALIZED (SELECT r.id, r.agency_id, r.incident_type, r.area_m2 AS area, r.west, \
                  r.south, r.east, r.north, r.created_at, r.created_at + sp.off AS local_at, \
                  {fs} AS fs, {fe} AS fe \
                FROM requests r JOIN spans sp ON r.created_at >= sp.s AND r.created_at < sp.e \
                WHERE r.agency_id IN ({agencies}) AND r.created_at >= {start} AND r.created_at < {end}), \
         yr AS (SELECT timed.*, fe - fs AS dur FROM timed) ",
        spans = spans.join(", "),
    );
    // Per agency, the middle value or the mean of the middle two.
    let median = |values: &str| {
        format!(
            "{prefix}SELECT agency_id, avg(CAST(v AS DOUBLE PRECISION)) AS median FROM ( \
               SELECT agency_id, v, row_number() OVER (PARTITION BY agency_id ORDER BY v) AS k, \
                 count(*) OVER (PARTITION BY agency_id) AS n FROM ({values}) vs) ranked \
             WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY agency_id"
        )
    };
    let mut statements = vec![
        format!(
            "{prefix}SELECT y.agency_id, count(*) AS requests, count(x.request_id) AS resolved, \
               CAST(sum(y.area) AS DOUBLE PRECISION) AS total_area, \
               CAST(sum(y.dur) AS BIGINT) AS total_duration, \
               CAST(sum(y.area * y.dur) AS DOUBLE PRECISION) / {SQ_MI_HOUR:?} AS footprint \
             FROM yr y LEFT JOIN resolutions x ON x.request_id = y.id GROUP BY y.agency_id"
        ),
        median("SELECT agency_id, area AS v FROM yr"),
        median("SELECT agency_id, dur AS v FROM yr"),
        median(
            "SELECT y.agency_id, x.resolved_at - y.created_at AS v FROM yr y \
             JOIN resolutions x ON x.request_id = y.id",
        ),
        format!(
            "SELECT agency_id, count(CASE WHEN action = 'approve' THEN 1 END) AS approved, \
               count(CASE WHEN action = 'reject' THEN 1 END) AS rejected, \
               count(CASE WHEN action = 'dismiss' THEN 1 END) AS dismissed, \
               count(CASE WHEN action = 'uphold' THEN 1 END) AS upheld \
             FROM moderation_decisions \
             WHERE agency_id IN ({agencies}) AND decided_at >= {start} AND decided_at < {end} \
             GROUP BY agency_id"
        ),
        format!(
            "SELECT q.agency_id, count(*) AS reports FROM reports p JOIN requests q ON q.id = p.request_id \
             WHERE q.agency_id IN ({agencies}) AND p.created_at >= {start} AND p.created_at < {end} \
             GROUP BY q.agency_id"
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

/// Each agency's figures from the statements' rows, in [`report_statements`]' order:
/// every agency of the window, zeros for those without requests. With `detail`, the
/// series (over the window's agencies together) go to each.
pub(super) fn figures_from_rows<'r, R>(
    w: &ReportWindow,
    results: &'r [Vec<R>],
) -> Result<BTreeMap<i64, ReportFigures>, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let rows = |i: usize| results.get(i).map(Vec::as_slice).unwrap_or_default();
    let count = |row: &'r R, name: &'r str| -> Result<u64, sqlx::Error> {
        Ok(row.try_get::<i64, _>(name)?.max(0) as u64)
    };
    let mut all: BTreeMap<i64, ReportFigures> = w
        .agency_ids
        .iter()
        .map(|id| (*id, ReportFigures::default()))
        .collect();
    fn of<'a, 'r, R>(
        all: &'a mut BTreeMap<i64, ReportFigures>,
        row: &'r R,
    ) -> Result<&'a mut ReportFigures, sqlx::Error>
    where
        R: Row,
        &'r str: ColumnIndex<R>,
        i64: Decode<'r, R::Database> + Type<R::Database>,
    {
        let id: i64 = row.try_get("agency_id")?;
        all.get_mut(&id)
            .ok_or_else(|| sqlx::Error::Decode(format!("agency {id} not asked for").into()))
    }
    for row in rows(0) {
        let t = &mut of(&mut all, row)?.totals;
        t.requests = count(row, "requests")?;
        t.resolved = count(row, "resolved")?;
        t.total_area_m2 = row.try_get("total_area")?;
        t.total_duration_secs = count(row, "total_duration")?;
        t.footprint_sq_mi_hours = row.try_get("footprint")?;
        t.share_resolved = (t.requests > 0).then(|| t.resolved as f64 / t.requests as f64);
    }
    for row in rows(1) {
        of(&mut all, row)?.totals.median_area_m2 = row.try_get("median")?;
    }
    for row in rows(2) {
        of(&mut all, row)?.totals.median_duration_secs = row.try_get("median")?;
    }
    for row in rows(3) {
        of(&mut all, row)?.totals.median_resolution_secs = row.try_get("median")?;
    }
    for row in rows(4) {
        let m = &mut of(&mut all, row)?.moderation;
        m.approved = count(row, "approved")?;
        m.rejected = count(row, "rejected")?;
        m.reports_dismissed = count(row, "dismissed")?;
        m.policy_findings = count(row, "upheld")?;
    }
    for row in rows(5) {
        of(&mut all, row)?.moderation.reports_received = count(row, "reports")?;
    }
    if !w.detail {
        return Ok(all);
    }
    let mut series = ReportFigures::default();
    for row in rows(6) {
        series.months.push((
            row.try_get::<i64, _>("month")? as u32,
            count(row, "requests")?,
            row.try_get("total_area")?,
            count(row, "total_duration")?,
            row.try_get("footprint")?,
        ));
    }
    for row in rows(7) {
        series.incident_types.push(IncidentTypeCount {
            incident_type: row.try_get("incident_type")?,
            requests: count(row, "requests")?,
        });
    }
    for row in rows(8) {
        series.hours_days.push((
            row.try_get::<i64, _>("hour")? as u32,
            row.try_get::<i64, _>("weekday")? as u32,
            count(row, "requests")?,
        ));
    }
    let c = w.cell_deg;
    for row in rows(9) {
        let west = row.try_get::<i64, _>("gx")? as f64 * c - 180.0;
        let south = row.try_get::<i64, _>("gy")? as f64 * c - 90.0;
        series.heat_cells.push(HeatCell {
            bbox: [west, south, west + c, south + c],
            count: count(row, "requests")?,
        });
    }
    for figures in all.values_mut() {
        figures.months = series.months.clone();
        figures.incident_types = series.incident_types.clone();
        figures.hours_days = series.hours_days.clone();
        figures.heat_cells = series.heat_cells.clone();
    }
    Ok(all)
}
