use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::{PublishedRequest, ReportInput, RequestDetail, RequestModeration, Role};

use crate::api::problem_text;
use crate::components::{
    focus_field, ErrorNotice, FindingBanner, LoadingList, LogBadge, PageHeading, ReportForm, RequestDetails,
};
use crate::format::{format_date, Zone};
use crate::i18n::{page_title, t, tf, tn};
use crate::pages::agency_profile::named_page_title;
use crate::public_log::verify_in_log;
use crate::routes;
use crate::session::{use_api, use_config, use_session};

/// `/requests/:id`: one request, public to everyone.
#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let request = LocalResource::new(move || {
        let id = id.get();
        let api = api.aborting_on_cleanup();
        async move {
            match id {
                Some(id) => api.request(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let config = use_config();
    view! {
        <div class="page">
            <Transition fallback=|| view! { <LoadingList label=t("request.loading") rows=4/> }>
                {move || Suspend::new(async move {
                    let tiles = match config {
                        Some(c) => c.0.ready().await.ok(),
                        None => None,
                    };
                    let (tile_url, attribution) = tiles
                        .map(|c| (c.tile_url, c.tile_attribution))
                        .unwrap_or((None, String::new()));
                    match request.await {
                        Ok(Some(RequestDetail { request: r, responses })) => {
                            let (count, accepts) = (responses.responses_received, responses.accepts_responses);
                            let (id, slug) = (r.id, r.agency.slug.clone());
                            named_page_title("request.page_title", &r.title);
                            view! {
                                <RequestLogCheck request=r.clone()/>
                                <RequestDetails request=r zone=Zone::reader() tile_url=tile_url attribution=attribution>
                                    <ResponsesLine id count accepts/>
                                    <RequestModerationPanel id agency_slug=slug/>
                                </RequestDetails>
                            }.into_any()
                        }
                        Ok(None) => view! { <RequestNotFound/> }.into_any(),
                        Err(e) if e.is_not_found() => view! { <RequestNotFound/> }.into_any(),
                        Err(e) => view! {
                            <PageHeading>{t("request.heading")}</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| request.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// How many residents shared footage (never who), and the way to share when the
/// request accepts it.
#[component]
fn ResponsesLine(id: i64, count: u64, accepts: bool) -> impl IntoView {
    (count > 0 || accepts).then(|| view! {
        <p class="responses-line" data-testid="responses-line">
            {(count > 0).then(|| view! {
                <span data-testid="responses-received">{tn("request.responses_received", count as f64, &[])}</span>
            })}
            {(count > 0 && accepts).then_some(" · ")}
            {accepts.then(|| view! {
                <a class="button" href=routes::share_footage_href(id) data-testid="share-footage">{t("request.share_footage")}</a>
            })}
        </p>
    })
}

#[component]
fn RequestNotFound() -> impl IntoView {
    page_title("request.not_found_title");
    view! {
        <div data-testid="request-not-found">
            <PageHeading>{t("request.not_found")}</PageHeading>
            <p>{t("request.not_found_text")}</p>
            <p><a href=routes::MAP>{t("not_found.to_map")}</a></p>
        </div>
    }
}

/// Checks, in this browser, that the request exactly as displayed is in the public log.
#[component]
fn RequestLogCheck(request: PublishedRequest) -> impl IntoView {
    let api = use_api();
    let status = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        let request = request.clone();
        async move { verify_in_log(&api, &request).await }
    });
    view! { <LogBadge status=Signal::derive(move || status.get())/> }
}

/// A request's moderation: any policy finding (a banner), whether moderators reviewed
/// it, how many residents reported it, and the report action for signed-in residents.
#[component]
fn RequestModerationPanel(id: i64, agency_slug: String) -> impl IntoView {
    let api = use_api();
    let moderation = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.request_moderation(id).await }
    });
    // Reports sent from this page since it loaded (the count then needs no reload).
    let sent = RwSignal::new(0u64);
    move || {
        match moderation.get() {
            None => view! { <p class="muted moderation-line" role="status">{t("request.moderation_checking")}</p> }
                .into_any(),
            // A server from before moderation: nothing to show.
            Some(Err(e)) if e.is_not_found() => ().into_any(),
            Some(Err(e)) => view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| moderation.refetch())/>
            }
            .into_any(),
            Some(Ok(m)) => {
                let RequestModeration { reviewed_at, report_count, reported_by_me, findings, .. } = m;
                let zone = Zone::reader();
                let reviewed = match reviewed_at {
                    Some(at) => tf("request.reviewed", &[("date", &format_date(at, &zone))]),
                    None => t("request.unreviewed"),
                };
                let count = move || match report_count + sent.get() {
                    0 => t("request.no_reports"),
                    n => tn("request.reports", n as f64, &[]),
                };
                view! {
                    {(!findings.is_empty()).then(|| view! {
                        <FindingBanner findings agency_slug=agency_slug.clone() zone=zone.clone()/>
                    })}
                    <div class="moderation-line" data-testid="request-moderation">
                        <p>
                            <span data-testid="review-status">{reviewed}</span>
                            " · "
                            <span data-testid="report-count">{count}</span>
                        </p>
                        <ReportAction id reported_by_me on_reported=Callback::new(move |_| sent.update(|n| *n += 1))/>
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// "Report this request": for signed-in residents, once per request; a form that opens
/// in place, then says the report was sent.
#[component]
fn ReportAction(
    id: i64,
    /// Whether this resident already reported it.
    reported_by_me: bool,
    /// A report was accepted.
    on_reported: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let open = RwSignal::new(false);
    let done = RwSignal::new(reported_by_me.then(|| t("request.reported")));
    let problems = RwSignal::new(Vec::<String>::new());
    let send = Action::new_local(move |input: &ReportInput| {
        let (api, input) = (api.clone(), input.clone());
        async move { api.report_request(id, &input).await }
    });
    Effect::new(move |_| {
        let Some(result) = send.value().get() else {
            return;
        };
        match result {
            Ok(()) => {
                on_reported.run(());
                done.set(Some(t("request.report_sent")));
            }
            Err(e) if e.status() == Some(409) => done.set(Some(t("request.reported_already"))),
            Err(e) if e.status() == Some(401) => problems.set(vec![t("request.report_signed_out")]),
            Err(e) => {
                let mut list: Vec<String> = e.details().iter().map(problem_text).collect();
                if list.is_empty() {
                    list.push(e.text());
                }
                problems.set(list);
                return;
            }
        }
        if done.get_untracked().is_some() {
            open.set(false);
            request_animation_frame(|| focus_field("report-done"));
        }
    });
    move || {
        let Some(session) = session.filter(|s| s.loaded()) else {
            return ().into_any();
        };
        match session.me().map(|me| me.role) {
            None => view! {
                <p class="fine-print">
                    {t("request.report_question")}" "
                    <a href=routes::LOGIN>{t("request.report_sign_in")}</a>
                    " "{t("request.report_to_report")}
                </p>
            }
            .into_any(),
            Some(Role::Resident) => {
                if let Some(message) = done.get() {
                    view! {
                        <p id="report-done" class="report-done" tabindex="-1" role="status" data-testid="report-done">{message}</p>
                    }
                    .into_any()
                } else if open.get() {
                    view! {
                        <ReportForm
                            pending=send.pending()
                            problems=problems
                            on_send=Callback::new(move |input| {
                                problems.set(Vec::new());
                                send.dispatch(input);
                            })
                            on_cancel=Callback::new(move |_| {
                                open.set(false);
                                problems.set(Vec::new());
                                request_animation_frame(|| focus_field("report-open"));
                            })
                        />
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            id="report-open"
                            class="button secondary"
                            data-testid="report-open"
                            on:click=move |_| open.set(true)
                        >
                            {t("request.report")}
                        </button>
                    }
                    .into_any()
                }
            }
            Some(_) => ().into_any(),
        }
    }
}
