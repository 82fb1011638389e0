//! `/reports/:year`: every agency's year side by side, in a table sortable by each
//! figure (a button in each column header; the sorted column says so with
//! `aria-sort`), with the CSV and JSON of `GET /reports/{year}`.

use std::cmp::Ordering;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use porchlight_domain::wire::{AgencyYear, YearReport};

use crate::components::{ErrorNotice, LoadingList, PageHeading};
use crate::format::area_text;
use crate::format::{format_date_time, Zone};
use crate::i18n::{page_title, t, tf};
use crate::pages::agency_report::{
    count_text, footprint_text, hours_text, menu_years, or_none, parse_year, percent_text, this_year,
};
use crate::routes::{agency_report_href, year_reports_api_href, year_reports_href};
use crate::session::use_api;

/// A column of the table: what it sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Agency,
    Requests,
    ShareResolved,
    MedianResolution,
    MedianArea,
    TotalArea,
    MedianDuration,
    TotalDuration,
    Footprint,
    Approved,
    Rejected,
    ReportsReceived,
    PolicyFindings,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 13] = [
        Column::Agency,
        Column::Requests,
        Column::ShareResolved,
        Column::MedianResolution,
        Column::MedianArea,
        Column::TotalArea,
        Column::MedianDuration,
        Column::TotalDuration,
        Column::Footprint,
        Column::Approved,
        Column::Rejected,
        Column::ReportsReceived,
        Column::PolicyFindings,
    ];

    /// The key of its heading.
    fn key(self) -> &'static str {
        match self {
            Column::Agency => "years.col.agency",
            Column::Requests => "years.col.requests",
            Column::ShareResolved => "years.col.share_resolved",
            Column::MedianResolution => "years.col.median_resolution",
            Column::MedianArea => "years.col.median_area",
            Column::TotalArea => "years.col.total_area",
            Column::MedianDuration => "years.col.median_duration",
            Column::TotalDuration => "years.col.total_duration",
            Column::Footprint => "years.col.footprint",
            Column::Approved => "years.col.approved",
            Column::Rejected => "years.col.rejected",
            Column::ReportsReceived => "years.col.reports_received",
            Column::PolicyFindings => "years.col.policy_findings",
        }
    }

    /// The row's figure in this column (`None`: not applicable, sorted last).
    fn value(self, row: &AgencyYear) -> Option<f64> {
        let t = &row.totals;
        let m = &row.moderation;
        match self {
            Column::Agency => None,
            Column::Requests => Some(t.requests as f64),
            Column::ShareResolved => t.share_resolved,
            Column::MedianResolution => t.median_resolution_secs,
            Column::MedianArea => t.median_area_m2,
            Column::TotalArea => Some(t.total_area_m2),
            Column::MedianDuration => t.median_duration_secs,
            Column::TotalDuration => Some(t.total_duration_secs as f64),
            Column::Footprint => Some(t.footprint_sq_mi_hours),
            Column::Approved => Some(m.approved as f64),
            Column::Rejected => Some(m.rejected as f64),
            Column::ReportsReceived => Some(m.reports_received as f64),
            Column::PolicyFindings => Some(m.policy_findings as f64),
        }
    }

    /// The row's figure as the reader reads it.
    fn text(self, row: &AgencyYear) -> String {
        let t = &row.totals;
        match self {
            Column::Agency => row.agency.name.clone(),
            Column::ShareResolved => or_none(t.share_resolved, percent_text),
            Column::MedianResolution => or_none(t.median_resolution_secs, hours_text),
            Column::MedianArea => or_none(t.median_area_m2, area_text),
            Column::TotalArea => area_text(t.total_area_m2),
            Column::MedianDuration => or_none(t.median_duration_secs, hours_text),
            Column::TotalDuration => hours_text(t.total_duration_secs as f64),
            Column::Footprint => footprint_text(t.footprint_sq_mi_hours),
            other => count_text(other.value(row).unwrap_or(0.0) as u64),
        }
    }
}

/// How the table is sorted: a column, and whether ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub ascending: bool,
}

/// Sorts `rows` by `sort`: by name for the agency column, else by the figure, missing
/// figures last either way and ties by name.
pub fn sort_rows(rows: &mut [AgencyYear], sort: Sort) {
    let by_name = |a: &AgencyYear, b: &AgencyYear| a.agency.name.to_lowercase().cmp(&b.agency.name.to_lowercase());
    rows.sort_by(|a, b| {
        if sort.column == Column::Agency {
            let order = by_name(a, b);
            return if sort.ascending { order } else { order.reverse() };
        }
        match (sort.column.value(a), sort.column.value(b)) {
            (Some(x), Some(y)) => {
                let order = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                let order = if sort.ascending { order } else { order.reverse() };
                order.then_with(|| by_name(a, b))
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => by_name(a, b),
        }
    });
}

/// The page.
#[component]
pub fn YearReportsPage() -> impl IntoView {
    page_title("title.year_reports");
    let api = use_api();
    let params = use_params_map();
    let year_text = Memo::new(move |_| params.read().get("year").unwrap_or_default());
    let report = LocalResource::new(move || {
        let year = year_text.get();
        let api = api.aborting_on_cleanup();
        async move {
            match parse_year(&year) {
                Some(year) => Some(api.year_report(year).await),
                None => None,
            }
        }
    });
    view! {
        <div class="page report-page years-page" data-testid="years-page">
            <Transition fallback=|| view! { <LoadingList label=t("years.loading") rows=6/> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Some(Ok(r)) => view! { <YearTable report=r/> }.into_any(),
                        None => view! {
                            <PageHeading>{t("years.heading_plain")}</PageHeading>
                            <p data-testid="report-bad-year">{t("report.bad_year")}</p>
                        }.into_any(),
                        Some(Err(e)) => view! {
                            <PageHeading>{t("years.heading_plain")}</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| report.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn YearTable(report: YearReport) -> impl IntoView {
    let YearReport { year, generated_at, log_checkpoint, agencies } = report;
    let sort = RwSignal::new(Sort { column: Column::Agency, ascending: true });
    let rows = Memo::new(move |_| {
        let mut rows = agencies.clone();
        sort_rows(&mut rows, sort.get());
        rows
    });
    let navigate = use_navigate();
    let reader = Zone::reader();
    let headers = Column::ALL
        .into_iter()
        .map(|column| {
            let aria_sort = move || {
                let s = sort.get();
                match (s.column == column, s.ascending) {
                    (false, _) => "none",
                    (true, true) => "ascending",
                    (true, false) => "descending",
                }
            };
            let numeric = column != Column::Agency;
            view! {
                <th scope="col" aria-sort=aria_sort class:numeric=numeric>
                    <button type="button" class="sort-button" data-testid="sort-button" data-column=t(column.key())
                        on:click=move |_| sort.update(|s| {
                            if s.column == column {
                                s.ascending = !s.ascending;
                            } else {
                                // Figures read best largest first; names A to Z.
                                *s = Sort { column, ascending: !numeric };
                            }
                        })>
                        {t(column.key())}
                        <span class="sort-mark" aria-hidden="true">{move || match aria_sort() {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}</span>
                    </button>
                </th>
            }
        })
        .collect_view();
    view! {
        <PageHeading>{tf("years.heading", &[("year", &year.to_string())])}</PageHeading>
        <p class="fine-print" data-testid="years-meta">
            {tf("years.meta", &[
                ("generated", &format_date_time(generated_at, &reader)),
                ("size", &count_text(log_checkpoint.tree_size)),
                ("root", &log_checkpoint.root_hash.to_string()),
            ])}
        </p>
        <nav class="report-links" aria-label=t("report.links")>
            <p class="downloads">
                {t("report.download")}" "
                <a href=year_reports_api_href(year, true) download="" data-testid="years-csv">{t("report.csv")}</a>" · "
                <a href=year_reports_api_href(year, false) data-testid="years-json">{t("report.json")}</a>
            </p>
            <p class="report-years">
                <a href=year_reports_href(year - 1) rel="prev">{tf("report.prev", &[("year", &(year - 1).to_string())])}</a>
                {(year < this_year()).then(|| view! {
                    " · "<a href=year_reports_href(year + 1) rel="next">{tf("report.next", &[("year", &(year + 1).to_string())])}</a>
                })}
            </p>
            <p class="report-picker">
                <label for="years-year">{t("report.year_picker")}</label>" "
                <select id="years-year" on:change=move |ev| {
                    if let Some(y) = parse_year(&event_target_value(&ev)) {
                        navigate(&year_reports_href(y), Default::default());
                    }
                }>
                    {menu_years(year).into_iter().map(|y| view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }).collect_view()}
                </select>
            </p>
        </nav>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="years-caption">
            <table class="report-table years-table" data-testid="years-table">
                <caption id="years-caption">{tf("years.caption", &[("year", &year.to_string())])}</caption>
                <thead><tr>{headers}</tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.agency.slug.clone() let:row>
                        <tr data-testid="years-row" data-slug=row.agency.slug.clone()>
                            <th scope="row"><a href=agency_report_href(&row.agency.slug, year)>{row.agency.name.clone()}</a></th>
                            {Column::ALL[1..].iter().map(|c| view! { <td class="numeric">{c.text(&row)}</td> }).collect_view()}
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
        {rows.with_untracked(|r| r.is_empty()).then(|| view! { <p class="empty-state">{t("years.none")}</p> })}
    }
}
