//! `/agencies/:slug/reports/:year`: an agency's annual surveillance report, one page a
//! council can read and print. Each figure of `GET /agencies/{slug}/reports/{year}`
//! as a number, a chart and a table; where, as a heat map; the log's signed tree head
//! printed with it.

mod heat_map;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use porchlight_domain::moderation::ProhibitedUse;
use porchlight_domain::wire::{AgencyReport, ReportMonth};

use crate::components::{incident_label, Bar, BarChart, ErrorNotice, LoadingList, PageHeading, ReasonList};
use crate::format::{area_text, format_date, format_date_time, month_short_name, weekday_short_name, Zone};
use crate::i18n::{number, number_with, page_title, t, tf, tn};
use crate::routes::{
    self, agency_feed_href, agency_href, agency_report_api_href, agency_report_href, request_href, year_reports_href,
};
use crate::session::use_api;
use heat_map::HeatMap;

pub(crate) use heat_map::use_feed_alternate;

/// The first year the year menus offer.
pub const FIRST_YEAR: i32 = 2015;

/// The current year on the reader's clock.
pub fn this_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// A year from the URL, if it is one the API takes.
pub fn parse_year(text: &str) -> Option<i32> {
    text.parse::<i32>().ok().filter(|y| (1970..=2105).contains(y) && text.len() == 4)
}

/// The years a menu offers: from [`FIRST_YEAR`] to this year, and `shown` if outside.
pub fn menu_years(shown: i32) -> Vec<i32> {
    let mut years: Vec<i32> = (FIRST_YEAR.min(shown)..=this_year().max(shown)).rev().collect();
    years.dedup();
    years
}

/// A count the reader's way.
pub fn count_text(n: u64) -> String {
    number(n as f64)
}

/// A share (0–1) as a percentage.
pub fn percent_text(share: f64) -> String {
    tf("report.percent", &[("n", &number_with(share * 100.0, 0, 1))])
}

/// Seconds as hours ("2.5 h").
pub fn hours_text(secs: f64) -> String {
    tf("report.hours", &[("n", &number_with(secs / 3600.0, 0, 1))])
}

/// Square miles × hours.
pub fn footprint_text(v: f64) -> String {
    tf("report.footprint_value", &[("n", &number_with(v, 0, 2))])
}

/// A figure that may be missing (no requests, nothing resolved).
pub fn or_none(value: Option<f64>, text: fn(f64) -> String) -> String {
    value.map(text).unwrap_or_else(|| t("report.none"))
}

fn axis_count(v: f64) -> String {
    number_with(v, 0, 1)
}

fn axis_plain(v: f64) -> String {
    number_with(v, 0, 2)
}

/// `"2026-02"` → the month's short name.
fn month_name(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(_, m)| m.parse::<u8>().ok())
        .map(month_short_name)
        .unwrap_or_else(|| month.to_owned())
}

/// The page.
#[component]
pub fn AgencyReportPage() -> impl IntoView {
    page_title("title.agency_report");
    let api = use_api();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let year_text = Memo::new(move |_| params.read().get("year").unwrap_or_default());
    let report = LocalResource::new(move || {
        let slug = slug.get();
        let year = year_text.get();
        let api = api.aborting_on_cleanup();
        async move {
            match parse_year(&year) {
                Some(year) => Some(api.agency_report(&slug, year).await),
                None => None,
            }
        }
    });
    view! {
        <div class="page report-page" data-testid="report-page">
            <Transition fallback=|| view! { <LoadingList label=t("report.loading") rows=6/> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Some(Ok(r)) => view! { <ReportView report=r/> }.into_any(),
                        None => view! {
                            <PageHeading>{t("report.heading_plain")}</PageHeading>
                            <p data-testid="report-bad-year">{t("report.bad_year")}</p>
                        }.into_any(),
                        Some(Err(e)) if e.is_not_found() => view! {
                            <PageHeading>{t("report.heading_plain")}</PageHeading>
                            <p data-testid="report-not-found">{t("report.not_found")}</p>
                            <p><a href=routes::AGENCIES>{t("report.all_agencies")}</a></p>
                        }.into_any(),
                        Some(Err(e)) => view! {
                            <PageHeading>{t("report.heading_plain")}</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| report.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The loaded report.
#[component]
fn ReportView(report: AgencyReport) -> impl IntoView {
    let AgencyReport {
        agency,
        year,
        time_zone,
        period_start,
        period_end,
        generated_at,
        complete,
        log_checkpoint,
        totals,
        months,
        incident_types,
        hours_of_day,
        days_of_week,
        heat_map,
        moderation,
        policy_findings,
        responses,
    } = report;
    let slug = agency.slug.clone();
    let feed = agency_feed_href(&slug);
    use_feed_alternate(feed.clone(), tf("report.feed_title", &[("agency", &agency.name)]));
    let agency_zone = Zone { time_zone: Some(time_zone.clone()), ..Zone::reader() };
    let reader = Zone::reader();
    // The period's last instant is the next year's first: show the day before it.
    let last_day = period_end - time::Duration::seconds(1);
    let period = tf(
        "report.period",
        &[
            ("start", &format_date(period_start, &agency_zone)),
            ("end", &format_date(last_day, &agency_zone)),
            ("zone", &time_zone),
        ],
    );
    let empty = totals.requests == 0;
    let tree_time = time::OffsetDateTime::from_unix_timestamp_nanos(log_checkpoint.timestamp_ms as i128 * 1_000_000)
        .map(|t| format_date_time(t, &reader))
        .unwrap_or_default();

    let month_bars = |value: fn(&ReportMonth) -> f64, text: fn(&ReportMonth) -> String| {
        months.iter().map(|m| Bar { label: month_name(&m.month), value: value(m), text: text(m) }).collect::<Vec<_>>()
    };
    let busiest = months.iter().max_by_key(|m| m.requests).filter(|m| m.requests > 0);
    let empty_months = months.iter().filter(|m| m.requests == 0).count();
    let per_month_desc = match busiest {
        None => tf("report.months.none", &[("year", &year.to_string())]),
        Some(m) => tf(
            "report.months.desc",
            &[
                ("total", &count_text(totals.requests)),
                ("max", &count_text(m.requests)),
                ("month", &month_name(&m.month)),
                ("empty", &count_text(empty_months as u64)),
            ],
        ),
    };
    let request_bars = month_bars(|m| m.requests as f64, |m| count_text(m.requests));
    // Drawn in square miles and hours, so that the axis has round numbers of them.
    let area_bars = month_bars(|m| m.total_area_m2 / porchlight_domain::SQUARE_MILE_M2, |m| area_text(m.total_area_m2));
    let duration_bars =
        month_bars(|m| m.total_duration_secs as f64 / 3600.0, |m| hours_text(m.total_duration_secs as f64));
    let footprint_bars = month_bars(|m| m.footprint_sq_mi_hours, |m| footprint_text(m.footprint_sq_mi_hours));

    let type_bars: Vec<Bar> = incident_types
        .iter()
        .map(|c| Bar {
            label: incident_label(&c.incident_type),
            value: c.requests as f64,
            text: count_text(c.requests),
        })
        .collect();
    let type_desc = match incident_types.iter().max_by_key(|c| c.requests) {
        None => t("report.types.none"),
        Some(top) => tf(
            "report.types.desc",
            &[("types", &count_text(incident_types.len() as u64)), ("top", &incident_label(&top.incident_type))],
        ),
    };
    let open = totals.requests - totals.resolved.min(totals.requests);
    let resolution_bars = vec![
        Bar {
            label: t("report.resolution.resolved"),
            value: totals.resolved as f64,
            text: count_text(totals.resolved),
        },
        Bar { label: t("report.resolution.open"), value: open as f64, text: count_text(open) },
    ];
    let hour_bars: Vec<Bar> = hours_of_day
        .iter()
        .enumerate()
        .map(|(h, n)| Bar { label: format!("{h:02}"), value: *n as f64, text: count_text(*n) })
        .collect();
    let day_bars: Vec<Bar> = days_of_week
        .iter()
        .enumerate()
        .map(|(d, n)| Bar { label: weekday_short_name(d), value: *n as f64, text: count_text(*n) })
        .collect();
    let busiest_hour = hours_of_day.iter().enumerate().max_by_key(|(_, n)| **n).filter(|(_, n)| **n > 0);
    let busiest_day = days_of_week.iter().enumerate().max_by_key(|(_, n)| **n).filter(|(_, n)| **n > 0);
    let hour_desc = match busiest_hour {
        None => t("report.when.none"),
        Some((h, n)) => tf("report.when.hour_desc", &[("hour", &format!("{h:02}:00")), ("n", &count_text(*n))]),
    };
    let day_desc = match busiest_day {
        None => t("report.when.none"),
        Some((d, n)) => tf("report.when.day_desc", &[("day", &weekday_short_name(d)), ("n", &count_text(*n))]),
    };
    let moderation_bars = vec![
        Bar {
            label: t("report.moderation.approved"),
            value: moderation.approved as f64,
            text: count_text(moderation.approved),
        },
        Bar {
            label: t("report.moderation.rejected"),
            value: moderation.rejected as f64,
            text: count_text(moderation.rejected),
        },
        Bar {
            label: t("report.moderation.reports_received"),
            value: moderation.reports_received as f64,
            text: count_text(moderation.reports_received),
        },
        Bar {
            label: t("report.moderation.reports_dismissed"),
            value: moderation.reports_dismissed as f64,
            text: count_text(moderation.reports_dismissed),
        },
        Bar {
            label: t("report.moderation.policy_findings"),
            value: moderation.policy_findings as f64,
            text: count_text(moderation.policy_findings),
        },
    ];
    let moderation_desc = tf(
        "report.moderation.desc",
        &[
            ("approved", &count_text(moderation.approved)),
            ("rejected", &count_text(moderation.rejected)),
            ("findings", &count_text(moderation.policy_findings)),
        ],
    );
    let months_heading = t("report.col.month");
    let requests_heading = t("report.col.requests");
    let findings = policy_findings.clone();

    view! {
        <header class="report-head">
            <p class="report-kicker">{t("report.kicker")}</p>
            <PageHeading>{tf("report.title_heading", &[("agency", &agency.name), ("year", &year.to_string())])}</PageHeading>
            <dl class="report-meta" data-testid="report-meta">
                <dt>{t("report.meta.period")}</dt><dd>{period}</dd>
                <dt>{t("report.meta.generated")}</dt>
                <dd data-testid="report-generated">
                    {format_date_time(generated_at, &reader)}
                    {(!complete).then(|| view! { " "<span class="report-partial">{t("report.partial")}</span> })}
                </dd>
                <dt>{t("report.meta.tree_head")}</dt>
                <dd class="tree-head" data-testid="tree-head">
                    <span>{tf("report.tree.size", &[("n", &count_text(log_checkpoint.tree_size))])}</span>" · "
                    <span>{tf("report.tree.time", &[("time", &tree_time)])}</span><br/>
                    <span>{t("report.tree.root")}" "<code data-testid="tree-root">{log_checkpoint.root_hash.to_string()}</code></span><br/>
                    <span>{t("report.tree.signature")}" "<code class="tree-signature">{log_checkpoint.signature.to_string()}</code></span>
                </dd>
            </dl>
            <p class="fine-print report-check">{t("report.check")}</p>
        </header>
        <ReportLinks slug=slug.clone() year=year feed=feed/>
        {empty.then(|| view! {
            <p class="empty-state" data-testid="report-empty">{tf("report.empty", &[("year", &year.to_string())])}</p>
        })}

        <section class="report-section" aria-labelledby="r-months">
            <h2 id="r-months">{t("report.months.heading")}</h2>
            <p class="report-figure" data-testid="figure-requests">{tn("report.requests_count", totals.requests as f64, &[])}</p>
            <BarChart id="chart-months" bars=request_bars title=t("report.months.heading") description=per_month_desc
                label_heading=months_heading.clone() value_heading=requests_heading.clone() axis_text=axis_count/>
        </section>

        <section class="report-section" aria-labelledby="r-types">
            <h2 id="r-types">{t("report.types.heading")}</h2>
            <BarChart id="chart-types" bars=type_bars title=t("report.types.heading") description=type_desc
                label_heading=t("report.col.type") value_heading=requests_heading.clone() axis_text=axis_count horizontal=true/>
        </section>

        <section class="report-section" aria-labelledby="r-resolution">
            <h2 id="r-resolution">{t("report.resolution.heading")}</h2>
            <dl class="report-figures">
                <div><dt>{t("report.resolution.share")}</dt><dd data-testid="figure-share-resolved">{or_none(totals.share_resolved, percent_text)}</dd></div>
                <div><dt>{t("report.resolution.median")}</dt><dd data-testid="figure-median-resolution">{or_none(totals.median_resolution_secs, hours_text)}</dd></div>
            </dl>
            <BarChart id="chart-resolution" bars=resolution_bars title=t("report.resolution.heading")
                description=tf("report.resolution.desc", &[("resolved", &count_text(totals.resolved)), ("open", &count_text(open))])
                label_heading=t("report.col.status") value_heading=requests_heading.clone() axis_text=axis_count horizontal=true/>
        </section>

        <section class="report-section" aria-labelledby="r-area">
            <h2 id="r-area">{t("report.area.heading")}</h2>
            <dl class="report-figures">
                <div><dt>{t("report.area.median")}</dt><dd data-testid="figure-median-area">{or_none(totals.median_area_m2, area_text)}</dd></div>
                <div><dt>{t("report.area.total")}</dt><dd data-testid="figure-total-area">{area_text(totals.total_area_m2)}</dd></div>
            </dl>
            <BarChart id="chart-area" bars=area_bars title=t("report.area.chart")
                description=tf("report.area.desc", &[("total", &area_text(totals.total_area_m2))])
                label_heading=months_heading.clone() value_heading=t("report.col.area") axis_text=axis_plain/>
        </section>

        <section class="report-section" aria-labelledby="r-duration">
            <h2 id="r-duration">{t("report.duration.heading")}</h2>
            <dl class="report-figures">
                <div><dt>{t("report.duration.median")}</dt><dd data-testid="figure-median-duration">{or_none(totals.median_duration_secs, hours_text)}</dd></div>
                <div><dt>{t("report.duration.total")}</dt><dd data-testid="figure-total-duration">{hours_text(totals.total_duration_secs as f64)}</dd></div>
            </dl>
            <BarChart id="chart-duration" bars=duration_bars title=t("report.duration.chart")
                description=tf("report.duration.desc", &[("total", &hours_text(totals.total_duration_secs as f64))])
                label_heading=months_heading.clone() value_heading=t("report.col.hours") axis_text=axis_count/>
        </section>

        <section class="report-section" aria-labelledby="r-footprint">
            <h2 id="r-footprint">{t("report.footprint.heading")}</h2>
            <p class="fine-print">{t("report.footprint.explain")}</p>
            <p class="report-figure" data-testid="figure-footprint">{footprint_text(totals.footprint_sq_mi_hours)}</p>
            <BarChart id="chart-footprint" bars=footprint_bars title=t("report.footprint.chart")
                description=tf("report.footprint.desc", &[("total", &footprint_text(totals.footprint_sq_mi_hours))])
                label_heading=months_heading.clone() value_heading=t("report.col.footprint") axis_text=axis_plain/>
        </section>

        <section class="report-section report-where" aria-labelledby="r-where">
            <h2 id="r-where">{t("report.where.heading")}</h2>
            <HeatMap heat_map=heat_map/>
        </section>

        <section class="report-section" aria-labelledby="r-when">
            <h2 id="r-when">{t("report.when.heading")}</h2>
            <p class="fine-print">{tf("report.when.explain", &[("zone", &time_zone)])}</p>
            <BarChart id="chart-hours" bars=hour_bars title=t("report.when.hours") description=hour_desc
                label_heading=t("report.col.hour") value_heading=requests_heading.clone() axis_text=axis_count/>
            <BarChart id="chart-days" bars=day_bars title=t("report.when.days") description=day_desc
                label_heading=t("report.col.day") value_heading=requests_heading.clone() axis_text=axis_count/>
        </section>

        <section class="report-section" aria-labelledby="r-moderation">
            <h2 id="r-moderation">{t("report.moderation.heading")}</h2>
            <BarChart id="chart-moderation" bars=moderation_bars title=t("report.moderation.heading") description=moderation_desc
                label_heading=t("report.col.outcome") value_heading=t("report.col.count") axis_text=axis_count horizontal=true/>
            <h3>{t("report.findings.heading")}</h3>
            {if findings.is_empty() {
                view! { <p data-testid="report-no-findings">{t("report.findings.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="report-findings" data-testid="report-findings">
                        {findings.into_iter().map(|f| {
                            let reasons: Vec<ProhibitedUse> = f.reasons.clone();
                            view! {
                                <li>
                                    <a href=request_href(f.request_id)>{tf("report.findings.request", &[("id", &f.request_id.to_string())])}</a>
                                    " · "{format_date(f.decided_at, &agency_zone)}
                                    <ReasonList reasons/>
                                    {(!f.note.is_empty()).then(|| view! { <p class="fine-print">{f.note.clone()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section class="report-section" aria-labelledby="r-responses">
            <h2 id="r-responses">{t("report.responses.heading")}</h2>
            {match responses {
                None => view! { <p data-testid="report-responses-none">{t("report.responses.none")}</p> }.into_any(),
                Some(r) => view! {
                    <table class="report-table" data-testid="report-responses">
                        <tbody>
                            <tr><th scope="row">{t("report.responses.received")}</th><td>{count_text(r.received)}</td></tr>
                            <tr><th scope="row">{t("report.responses.kept")}</th><td>{count_text(r.kept_as_evidence)}</td></tr>
                            <tr><th scope="row">{t("report.responses.deleted")}</th><td>{count_text(r.deleted_at_expiry)}</td></tr>
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

/// Downloads, feed, other years and the way back.
#[component]
fn ReportLinks(slug: String, year: i32, feed: String) -> impl IntoView {
    let navigate = use_navigate();
    let years = menu_years(year);
    let picker_slug = slug.clone();
    view! {
        <nav class="report-links" aria-label=t("report.links")>
            <p class="downloads">
                {t("report.download")}" "
                <a href=agency_report_api_href(&slug, year, true) download="" data-testid="report-csv">{t("report.csv")}</a>" · "
                <a href=agency_report_api_href(&slug, year, false) data-testid="report-json">{t("report.json")}</a>" · "
                <a href=feed data-testid="report-feed" type="application/atom+xml">{t("report.feed")}</a>
            </p>
            <p class="report-years">
                <a href=agency_report_href(&slug, year - 1) rel="prev" data-testid="report-prev">{tf("report.prev", &[("year", &(year - 1).to_string())])}</a>
                {(year < this_year()).then(|| view! {
                    " · "<a href=agency_report_href(&slug, year + 1) rel="next" data-testid="report-next">{tf("report.next", &[("year", &(year + 1).to_string())])}</a>
                })}
                " · "<a href=year_reports_href(year) data-testid="report-all">{tf("report.side_by_side", &[("year", &year.to_string())])}</a>
                " · "<a href=agency_href(&slug) data-testid="report-back">{t("report.back")}</a>
            </p>
            <p class="report-picker">
                <label for="report-year">{t("report.year_picker")}</label>" "
                <select id="report-year" data-testid="report-year"
                    on:change=move |ev| {
                        if let Some(y) = parse_year(&event_target_value(&ev)) {
                            navigate(&agency_report_href(&picker_slug, y), Default::default());
                        }
                    }>
                    {years.into_iter().map(|y| view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }).collect_view()}
                </select>
            </p>
        </nav>
    }
}
