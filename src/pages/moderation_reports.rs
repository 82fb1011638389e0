use leptos::prelude::*;
use porchlight_domain::moderation::{prescreen, ConcernField, DecisionInput, ReportDecision};
use porchlight_domain::wire::{MapView as View, ReportDecisionInput, ReportedRequest};
use time::format_description::well_known::Rfc3339;

use crate::components::{
    focus_field, incident_label, reason_title, text_around, DecisionChoice, DecisionForm, DecisionProblems,
    ErrorNotice, HighlightedText, LoadingList, ModerationNav, PageHeading, StatusBadge,
};
use crate::format::{area_text, format_date, format_date_time, format_time_frame_input, Zone};
use crate::i18n::{number, page_title, t, tf, tn};
use crate::map::{MapArea, MapView};
use crate::pages::moderation_queue::{focus_next, next_after, ListState};
use crate::pages::moderator_only::moderator_only;
use crate::routes::{self, agency_href, request_href};
use crate::session::{use_api, use_config};

/// `/moderation/reports`: published requests with open reports, oldest report first,
/// one open at a time; a decision settles all of a request's open reports (moderators).
#[component]
pub fn ModerationReportsPage() -> impl IntoView {
    page_title("moderation.nav.reports");
    view! {
        <div class="page moderation-page">
            <PageHeading>{t("moderation.nav.reports")}</PageHeading>
            <ModerationNav current=routes::MODERATION_REPORTS/>
            {moderator_only(|| view! { <ReportQueue/> }.into_any())}
        </div>
    }
}

/// What became of the last decision.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Dismissed { title: String },
    Upheld { id: i64, title: String },
    AlreadyDecided { title: String },
}

#[component]
fn ReportQueue() -> impl IntoView {
    let api = use_api();
    let config = use_config();
    let tiles = Memo::new(move |_| {
        config.and_then(|c| c.0.get()).and_then(Result::ok).map(|c| (c.tile_url, c.tile_attribution))
    });
    let items = RwSignal::new(Vec::<ReportedRequest>::new());
    let state = RwSignal::new(ListState::Loading);
    let open = RwSignal::new(None::<i64>);
    let outcome = RwSignal::new(None::<Outcome>);
    let problems = RwSignal::new(DecisionProblems::default());

    let load = Action::new_local({
        let api = api.clone();
        move |_: &()| {
            let api = api.clone();
            async move { api.reported_requests().await }
        }
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(list)) => {
            let keep = open.get_untracked().filter(|id| list.items.iter().any(|r| r.request.id == *id));
            let first = list.items.first().map(|r| r.request.id);
            items.set(list.items);
            state.set(ListState::Ready);
            open.set(keep.or(first));
        }
        Some(Err(e)) => state.set(ListState::Failed(e)),
        None => {}
    });
    load.dispatch(());

    let advance = move |id: i64| {
        let next = items.with_untracked(|list| next_after(&list.iter().map(|r| r.request.id).collect::<Vec<_>>(), id));
        items.update(|list| list.retain(|r| r.request.id != id));
        problems.set(DecisionProblems::default());
        open.set(next);
        focus_next(next);
    };
    let decide = Action::new_local(move |(id, input): &(i64, ReportDecisionInput)| {
        let (api, id, input) = (api.clone(), *id, input.clone());
        async move { (id, input.decision, api.decide_reports(id, &input).await) }
    });
    Effect::new(move |_| {
        let Some((id, decision, result)) = decide.value().get() else {
            return;
        };
        let title = items
            .with_untracked(|list| list.iter().find(|r| r.request.id == id).map(|r| r.request.title.clone()))
            .unwrap_or_default();
        match result {
            Ok(_) => {
                outcome.set(Some(match decision {
                    ReportDecision::Dismiss => Outcome::Dismissed { title },
                    ReportDecision::Uphold => Outcome::Upheld { id, title },
                }));
                advance(id);
            }
            Err(e) if e.status() == Some(409) => {
                outcome.set(Some(Outcome::AlreadyDecided { title }));
                advance(id);
            }
            Err(e) => {
                problems.set(DecisionProblems::from_error(&e));
                request_animation_frame(|| focus_field("decision-problems"));
            }
        }
    });
    let on_decide = Callback::new(move |input: DecisionInput<ReportDecision>| {
        let Some(id) = open.get_untracked() else {
            return;
        };
        problems.set(DecisionProblems::default());
        let body = ReportDecisionInput {
            decision: input.decision,
            reasons: input.reasons.iter().map(|r| r.code().to_owned()).collect(),
            note: input.note,
        };
        decide.dispatch((id, body));
    });

    let open_item = move || {
        let id = open.get()?;
        let reported = items.with_untracked(|list| list.iter().find(|r| r.request.id == id).cloned())?;
        let (tile_url, attribution) = tiles.get().unwrap_or((None, String::new()));
        let position = Signal::derive(move || {
            items.with(|list| (list.iter().position(|r| r.request.id == id).map_or(0, |p| p + 1), list.len()))
        });
        Some(view! {
            <ReportedItem reported position tile_url attribution pending=decide.pending() problems=problems on_decide/>
        })
    };

    view! {
        <div id="queue-outcome" class="outcome" role="status" tabindex="-1" data-testid="queue-outcome">
            {move || outcome.get().map(|o| match o {
                Outcome::Dismissed { title } => view! {
                    <p>{tf("moderation.reports.dismissed", &[("title", &title)])}</p>
                }.into_any(),
                Outcome::Upheld { id, title } => {
                    let (before, after) = text_around("moderation.reports.upheld", "request", &[("title", &title)]);
                    view! {
                        <p>{before}
                            <a href=request_href(id)>{tf("moderation.log.request_number", &[("id", &id.to_string())])}</a>
                            {after}</p>
                    }.into_any()
                }
                Outcome::AlreadyDecided { title } => view! {
                    <p>{tf("moderation.reports.already_decided", &[("title", &title)])}</p>
                }.into_any(),
            })}
            {move || (state.get() == ListState::Ready && items.with(Vec::is_empty)).then(|| view! {
                <p data-testid="queue-empty">{t("moderation.reports.empty")}</p>
            })}
        </div>
        {move || match state.get() {
            ListState::Loading => view! { <LoadingList label=t("loading.reported_requests") rows=3/> }.into_any(),
            ListState::Failed(e) => view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| { load.dispatch(()); })/>
            }.into_any(),
            ListState::Ready => ().into_any(),
        }}
        <div class="queue-layout">
            <div class="queue-main">{open_item}</div>
            <Show when=move || !items.with(Vec::is_empty)>
                <section class="queue-list" aria-labelledby="queue-list-heading">
                    <h2 id="queue-list-heading">{move || tn("moderation.reports.list_heading", items.with(Vec::len) as f64, &[])}</h2>
                    <ol data-testid="queue-list">
                        <For each=move || items.get() key=|r| r.request.id let:r>
                            {
                                let id = r.request.id;
                                let count = r.reports.len();
                                let meta = format!(
                                    "{} · {} · {}",
                                    r.request.agency.name,
                                    tn("moderation.reports.count", count as f64, &[]),
                                    tf(
                                        "moderation.reports.first_reported",
                                        &[("date", &r.reports.first().map(|x| format_date(x.reported_at, &Zone::reader())).unwrap_or_default())],
                                    )
                                );
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="link-button"
                                            aria-current=move || (open.get() == Some(id)).then_some("true")
                                            on:click=move |_| {
                                                problems.set(DecisionProblems::default());
                                                open.set(Some(id));
                                                focus_next(Some(id));
                                            }
                                        >
                                            {r.request.title.clone()}
                                        </button>
                                        <span class="fine-print">{meta}</span>
                                    </li>
                                }
                            }
                        </For>
                    </ol>
                </section>
            </Show>
        </div>
        <p>
            <button type="button" class="button secondary" data-testid="queue-reload" on:click=move |_| { load.dispatch(()); }>
                {t("moderation.reports.reload")}
            </button>
        </p>
    }
}

/// The open reported request: the request as published, its reports, the decision.
#[component]
fn ReportedItem(
    reported: ReportedRequest,
    position: Signal<(usize, usize)>,
    tile_url: Option<String>,
    attribution: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] problems: Signal<DecisionProblems>,
    on_decide: Callback<DecisionInput<ReportDecision>>,
) -> impl IntoView {
    let zone = Zone::reader();
    let request = reported.request;
    // The pre-screen's matches in the published text, marked as in the review queue.
    let concerns = prescreen(&request.title, &request.description);
    let marks = |field: ConcernField| -> Vec<(usize, usize)> {
        concerns.iter().filter(|c| c.field == field).map(|c| (c.start, c.end)).collect()
    };
    let area = MapArea::from_request(&request);
    let start = area.area.coordinates.first().and_then(|ring| ring.first()).copied().unwrap_or([0.0, 0.0]);
    let count = reported.reports.len();
    view! {
        <article class="queue-item" aria-labelledby="queue-item-heading" data-testid="reported-item" data-request-id=request.id.to_string()>
            <p class="fine-print">{move || {
                let (at, of) = position.get();
                tf("moderation.reports.position", &[("at", &number(at as f64)), ("of", &number(of as f64))])
            }}</p>
            <h2 id="queue-item-heading" tabindex="-1">
                <HighlightedText text=request.title.clone() marks=marks(ConcernField::Title)/>
            </h2>
            <p class="reported-meta">
                <StatusBadge status=request.status/>
                " "
                <a href=request_href(request.id)>{tf("moderation.request_number", &[("id", &request.id.to_string())])}</a>
                " · "
                <a href=agency_href(&request.agency.slug)>{request.agency.name.clone()}</a>
                {format!(" · {}", tf("moderation.reports.posted", &[("date", &format_date(request.created_at, &zone))]))}
            </p>
            <h3>{tn("moderation.reports.open_reports", count as f64, &[])}</h3>
            <ol class="report-list" data-testid="report-list">
                {reported.reports.iter().map(|report| view! {
                    <li data-testid="report">
                        <strong>{reason_title(report.reason)}</strong>
                        " · "
                        <time datetime=report.reported_at.format(&Rfc3339).unwrap_or_default()>
                            {format_date_time(report.reported_at, &zone)}
                        </time>
                        {report.comment.clone().map(|c| view! { <p class="report-comment">{c}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            <h3>{t("moderation.reports.as_published")}</h3>
            <dl class="facts">
                <dt>{t("form.dialog.incident")}</dt><dd>{incident_label(&request.incident_type)}</dd>
                <dt>{t("form.details.case_number")}</dt><dd>{request.case_number.clone()}</dd>
                <dt>{t("submission.footage_wanted")}</dt><dd>{format_time_frame_input(&request.time_frame, &zone)}</dd>
                <dt>{t("form.dialog.area")}</dt><dd>{area_text(request.area_m2)}</dd>
            </dl>
            <p class="request-description">
                <HighlightedText text=request.description.clone() marks=marks(ConcernField::Description)/>
            </p>
            <MapView
                initial=View { lat: start[1], lng: start[0], zoom: 15.0 }
                tile_url=tile_url
                attribution=attribution
                areas=Signal::stored(vec![area])
                fit_to_areas=true
                label=t("form.dialog.map_label")
                class="submission-map"
            />
            <h3>{t("moderation.decision.heading")}</h3>
            <DecisionForm
                accept=DecisionChoice { decision: ReportDecision::Dismiss, label: "moderation.reports.dismiss" }
                refuse=DecisionChoice { decision: ReportDecision::Uphold, label: "moderation.reports.uphold" }
                reasons_legend="moderation.reports.reasons"
                note_hint="moderation.reports.note_hint"
                pending
                problems
                on_decide
            />
        </article>
    }
}
