//! Annual surveillance reports (public): one agency's year, and every agency's year side
//! by side, as JSON or, with `.csv` after the year, as CSV (as the open-data exports
//! name their format in the path).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use porchlight_domain::time_zone::AgencyTimeZone;
use porchlight_domain::wire::{
    AgencyRef, AgencyReport, AgencyYear, HeatMap, ReportMonth, YearReport, REPORT_CELL_DEG,
};

use crate::db::{from_unix, to_unix, ReportFigures, ReportWindow};
use crate::error::AppError;
use crate::export::{agency_report_csv, year_report_csv};
use crate::extract::ApiPath;
use crate::state::AppState;

/// Earliest and latest year a report covers: requests are published between 1970 and
/// 2106 (the stores refuse other times).
pub const MIN_REPORT_YEAR: i32 = 1970;
pub const MAX_REPORT_YEAR: i32 = 2105;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agencies/{slug}/reports/{year}", get(get_agency_report))
        .route("/reports/{year}", get(get_year_report))
}

/// JSON, or CSV when the path's year ends in `.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// `2026` or `2026.csv`.
fn parse_year(raw: &str) -> Result<(i32, Format), AppError> {
    let (digits, format) = match raw.strip_suffix(".csv") {
        Some(digits) => (digits, Format::Csv),
        None => (raw, Format::Json),
    };
    digits
        .parse::<i32>()
        .ok()
        .filter(|y| digits.len() == 4 && (MIN_REPORT_YEAR..=MAX_REPORT_YEAR).contains(y))
        .map(|year| (year, format))
        .ok_or_else(|| {
            AppError::bad_request(
                "invalid_year",
                format!(
                    "The year must be four digits from {MIN_REPORT_YEAR} to {MAX_REPORT_YEAR}, \
                     optionally followed by .csv."
                ),
            )
            .with_field("year")
        })
}

/// An agency's zone as stored (checked when it was stored).
fn zone_of(name: &str) -> Result<AgencyTimeZone, AppError> {
    AgencyTimeZone::parse(name)
        .map_err(|_| AppError::internal(format!("stored time zone {name:?} unknown")))
}

/// The window of `year` in the agencies' zone.
fn window(
    agency_ids: Vec<i64>,
    zone: &AgencyTimeZone,
    year: i32,
    detail: bool,
) -> Result<ReportWindow, AppError> {
    let bounds = zone
        .year_bounds(year)
        .ok_or_else(|| AppError::internal("year out of range"))?;
    Ok(ReportWindow::new(
        agency_ids,
        zone,
        bounds,
        REPORT_CELL_DEG,
        detail,
    ))
}

/// `YYYY-MM` of every month of the year, January first, with the figures' months
/// filled in and zeros elsewhere.
fn all_months(year: i32, figures: &ReportFigures) -> Vec<ReportMonth> {
    (1..=12u32)
        .map(|m| {
            let found = figures.months.iter().find(|f| f.0 == m);
            ReportMonth {
                month: format!("{year:04}-{m:02}"),
                requests: found.map_or(0, |f| f.1),
                total_area_m2: found.map_or(0.0, |f| f.2),
                total_duration_secs: found.map_or(0, |f| f.3),
                footprint_sq_mi_hours: found.map_or(0.0, |f| f.4),
            }
        })
        .collect()
}

/// A download named `name` (slugs and years only: `[a-z0-9-.]`).
fn csv_download(name: String, body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The report of one agency's year.
pub async fn agency_report(
    state: &AppState,
    agency_id: i64,
    agency: AgencyRef,
    time_zone: &str,
    year: i32,
) -> Result<AgencyReport, AppError> {
    let zone = zone_of(time_zone)?;
    let window = window(vec![agency_id], &zone, year, true)?;
    // The tree head first: everything it covers is in the figures read after it.
    let log_checkpoint = state.db.log_checkpoint().await?;
    let generated_at = state.now();
    let figures = state
        .db
        .report_figures(&window)
        .await?
        .remove(&agency_id)
        .ok_or_else(|| AppError::internal("the report lost its agency"))?;
    let mut policy_findings: Vec<_> = state
        .db
        .agency_findings(agency_id)
        .await?
        .into_iter()
        .filter(|f| (window.start..window.end).contains(&to_unix(f.decided_at)))
        .collect();
    policy_findings.sort_by_key(|f| (f.decided_at, f.decision_id));
    let mut hours_of_day = vec![0u64; 24];
    let mut days_of_week = vec![0u64; 7];
    for &(hour, day, n) in &figures.hours_days {
        hours_of_day[hour as usize % 24] += n;
        days_of_week[day as usize % 7] += n;
    }
    Ok(AgencyReport {
        agency,
        year,
        time_zone: zone.name().to_owned(),
        period_start: from_unix(window.start),
        period_end: from_unix(window.end),
        generated_at,
        complete: to_unix(generated_at) >= window.end,
        log_checkpoint,
        months: all_months(year, &figures),
        incident_types: figures.incident_types,
        hours_of_day,
        days_of_week,
        heat_map: HeatMap {
            cell_deg: REPORT_CELL_DEG,
            cells: figures.heat_cells,
        },
        moderation: figures.moderation,
        totals: figures.totals,
        policy_findings,
        responses: Some(report_responses(state, agency_id, &window).await?),
    })
}

/// Residents' responses to the agency's requests published in the window.
async fn report_responses(
    state: &AppState,
    agency_id: i64,
    window: &crate::db::ReportWindow,
) -> Result<porchlight_domain::wire::ReportResponses, AppError> {
    let counts = state
        .db
        .response_counts(agency_id, Some((window.start, window.end)))
        .await?;
    Ok(porchlight_domain::wire::ReportResponses {
        received: counts.received,
        kept_as_evidence: counts.kept_as_evidence,
        deleted_at_expiry: counts.deleted_at_expiry,
    })
}

async fn get_agency_report(
    State(state): State<AppState>,
    ApiPath((slug, year)): ApiPath<(String, String)>,
) -> Result<Response, AppError> {
    let (year, format) = parse_year(&year)?;
    let (agency_id, agency, zone) = state
        .db
        .agency_zones(Some(&slug))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::not_found("agency"))?;
    let report = agency_report(&state, agency_id, agency, &zone, year).await?;
    Ok(match format {
        Format::Json => Json(report).into_response(),
        Format::Csv => csv_download(
            format!("{}-report-{year}.csv", report.agency.slug),
            agency_report_csv(&report),
        ),
    })
}

/// Every agency's year, side by side: one window per time zone, so that the database
/// is asked a few statements per zone rather than per agency.
pub async fn year_report(state: &AppState, year: i32) -> Result<YearReport, AppError> {
    let log_checkpoint = state.db.log_checkpoint().await?;
    let generated_at = state.now();
    let agencies = state.db.agency_zones(None).await?;
    let mut by_zone: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (agency_id, _, zone) in &agencies {
        by_zone.entry(zone).or_default().push(*agency_id);
    }
    let mut figures = BTreeMap::new();
    let mut windows = BTreeMap::new();
    for (zone, ids) in by_zone {
        let zone = zone_of(zone)?;
        let window = window(ids, &zone, year, false)?;
        figures.append(&mut state.db.report_figures(&window).await?);
        windows.insert(zone.name().to_owned(), (zone, window));
    }
    let mut rows = Vec::new();
    for (agency_id, agency, zone) in agencies {
        let (zone, window) = windows
            .get(zone_of(&zone)?.name())
            .ok_or_else(|| AppError::internal("an agency's zone has no window"))?;
        let own = figures
            .remove(&agency_id)
            .ok_or_else(|| AppError::internal("the year lost an agency"))?;
        rows.push(AgencyYear {
            agency,
            time_zone: zone.name().to_owned(),
            period_start: from_unix(window.start),
            period_end: from_unix(window.end),
            complete: to_unix(generated_at) >= window.end,
            totals: own.totals,
            moderation: own.moderation,
            responses: Some(report_responses(state, agency_id, window).await?),
        });
    }
    Ok(YearReport {
        year,
        generated_at,
        log_checkpoint,
        agencies: rows,
    })
}

async fn get_year_report(
    State(state): State<AppState>,
    ApiPath(year): ApiPath<String>,
) -> Result<Response, AppError> {
    let (year, format) = parse_year(&year)?;
    let report = year_report(&state, year).await?;
    Ok(match format {
        Format::Json => Json(report).into_response(),
        Format::Csv => csv_download(format!("reports-{year}.csv"), year_report_csv(&report)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(parse_year("2026").unwrap(), (2026, Format::Json));
        assert_eq!(parse_year("2026.csv").unwrap(), (2026, Format::Csv));
        assert_eq!(parse_year("1970").unwrap().0, 1970);
        assert_eq!(parse_year("2105").unwrap().0, 2105);
        for bad in [
            "1969",
            "2106",
            "+2026",
            "02026",
            "2026.json",
            "2026.CSV",
            "",
            "abcd",
            "-2026",
        ] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
    }
}
