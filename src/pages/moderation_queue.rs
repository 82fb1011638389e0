use leptos::prelude::*;
use porchlight_domain::moderation::{ConcernField, DecisionInput, ReviewDecision};
use porchlight_domain::wire::{ReviewInput, Submission};

use crate::api::ApiError;
use crate::components::{
    focus_field, text_around, DecisionChoice, DecisionForm, DecisionProblems, ErrorNotice, HighlightedText,
    LoadingList, ModerationNav, PageHeading, SubmissionFacts,
};
use crate::format::{format_date, Zone};
use crate::i18n::{number, page_title, t, tf, tn};
use crate::pages::moderator_only::moderator_only;
use crate::routes::{self, request_href};
use crate::session::{use_api, use_config};

/// `/moderation/queue`: submissions awaiting review, oldest first, one open at a time;
/// after a decision the next one opens and takes focus (moderators).
#[component]
pub fn ModerationQueuePage() -> impl IntoView {
    page_title("header.review_queue");
    view! {
        <div class="page moderation-page">
            <PageHeading>{t("header.review_queue")}</PageHeading>
            <ModerationNav current=routes::MODERATION_QUEUE/>
            {moderator_only(|| view! { <ReviewQueue/> }.into_any())}
        </div>
    }
}

/// Where the queue's list is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ListState {
    Loading,
    Failed(ApiError),
    Ready,
}

/// What became of the last decision, said in the status line above the queue.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Approved { id: i64, title: String },
    Rejected { title: String },
    AlreadyDecided { title: String },
}

/// The submission that opens after `id` leaves `ids`: the next one, else the one
/// before, else none.
pub(crate) fn next_after(ids: &[i64], id: i64) -> Option<i64> {
    let at = ids.iter().position(|&i| i == id)?;
    ids.get(at + 1).or_else(|| at.checked_sub(1).and_then(|i| ids.get(i))).copied()
}

/// Focuses the open item's heading, or the status line when the list is empty.
pub(crate) fn focus_next(open: Option<i64>) {
    request_animation_frame(move || focus_field(if open.is_some() { "queue-item-heading" } else { "queue-outcome" }));
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let api = use_api();
    let config = use_config();
    let tiles = Memo::new(move |_| {
        config.and_then(|c| c.0.get()).and_then(Result::ok).map(|c| (c.tile_url, c.tile_attribution))
    });
    let items = RwSignal::new(Vec::<Submission>::new());
    let state = RwSignal::new(ListState::Loading);
    let open = RwSignal::new(None::<i64>);
    let outcome = RwSignal::new(None::<Outcome>);
    let problems = RwSignal::new(DecisionProblems::default());

    let load = Action::new_local({
        let api = api.clone();
        move |_: &()| {
            let api = api.clone();
            async move { api.moderation_queue().await }
        }
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(list)) => {
            let keep = open.get_untracked().filter(|id| list.items.iter().any(|s| s.id == *id));
            let first = list.items.first().map(|s| s.id);
            items.set(list.items);
            state.set(ListState::Ready);
            open.set(keep.or(first));
        }
        Some(Err(e)) => state.set(ListState::Failed(e)),
        None => {}
    });
    load.dispatch(());

    // Leaves the decided submission and opens the next.
    let advance = move |id: i64| {
        let next = items.with_untracked(|list| next_after(&list.iter().map(|s| s.id).collect::<Vec<_>>(), id));
        items.update(|list| list.retain(|s| s.id != id));
        problems.set(DecisionProblems::default());
        open.set(next);
        focus_next(next);
    };
    let decide = Action::new_local(move |(id, input): &(i64, ReviewInput)| {
        let (api, id, input) = (api.clone(), *id, input.clone());
        async move { (id, api.review_submission(id, &input).await) }
    });
    Effect::new(move |_| {
        let Some((id, result)) = decide.value().get() else {
            return;
        };
        let title =
            items.with_untracked(|list| list.iter().find(|s| s.id == id).map(|s| s.title.clone())).unwrap_or_default();
        match result {
            Ok(decided) => {
                outcome.set(Some(match decided.review.map(|r| r.decision) {
                    Some(ReviewDecision::Reject) => Outcome::Rejected { title },
                    _ => Outcome::Approved { id: decided.id, title },
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
    let on_decide = Callback::new(move |input: DecisionInput<ReviewDecision>| {
        let Some(id) = open.get_untracked() else {
            return;
        };
        problems.set(DecisionProblems::default());
        let body = ReviewInput {
            decision: input.decision,
            reasons: input.reasons.iter().map(|r| r.code().to_owned()).collect(),
            note: input.note,
        };
        decide.dispatch((id, body));
    });

    let open_item = move || {
        let id = open.get()?;
        let submission = items.with_untracked(|list| list.iter().find(|s| s.id == id).cloned())?;
        let (tile_url, attribution) = tiles.get().unwrap_or((None, String::new()));
        let position = Signal::derive(move || {
            items.with(|list| (list.iter().position(|s| s.id == id).map_or(0, |p| p + 1), list.len()))
        });
        Some(view! {
            <QueueItem
                submission
                position
                tile_url
                attribution
                pending=decide.pending()
                problems=problems
                on_decide
            />
        })
    };

    view! {
        <div id="queue-outcome" class="outcome" role="status" tabindex="-1" data-testid="queue-outcome">
            {move || outcome.get().map(|o| match o {
                Outcome::Approved { id, title } => {
                    let (before, after) = text_around("moderation.queue.approved", "request", &[("title", &title)]);
                    view! {
                        <p>{before}
                            <a href=request_href(id)>{tf("moderation.log.request_number", &[("id", &id.to_string())])}</a>
                            {after}</p>
                    }.into_any()
                }
                Outcome::Rejected { title } => view! {
                    <p>{tf("moderation.queue.rejected", &[("title", &title)])}</p>
                }.into_any(),
                Outcome::AlreadyDecided { title } => view! {
                    <p>{tf("moderation.queue.already_decided", &[("title", &title)])}</p>
                }.into_any(),
            })}
            {move || (state.get() == ListState::Ready && items.with(Vec::is_empty)).then(|| view! {
                <p data-testid="queue-empty">{t("moderation.queue.empty")}</p>
            })}
        </div>
        {move || match state.get() {
            ListState::Loading => view! { <LoadingList label=t("loading.review_queue") rows=3/> }.into_any(),
            ListState::Failed(e) => view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| { load.dispatch(()); })/>
            }.into_any(),
            ListState::Ready => ().into_any(),
        }}
        <div class="queue-layout">
            <div class="queue-main">{open_item}</div>
            <Show when=move || !items.with(Vec::is_empty)>
                <section class="queue-list" aria-labelledby="queue-list-heading">
                    <h2 id="queue-list-heading">{move || tn("moderation.queue.list_heading", items.with(Vec::len) as f64, &[])}</h2>
                    <ol data-testid="queue-list">
                        <For each=move || items.get() key=|s| s.id let:s>
                            {
                                let id = s.id;
                                let concerns = s.concerns.len();
                                let mut meta = tf(
                                    "moderation.queue.meta",
                                    &[("agency", &s.agency.name), ("date", &format_date(s.submitted_at, &Zone::reader()))],
                                );
                                if concerns > 0 {
                                    meta = format!("{meta} · {}", tn("moderation.queue.concerns", concerns as f64, &[]));
                                }
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
                                            {s.title.clone()}
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
                {t("moderation.queue.reload")}
            </button>
        </p>
    }
}

/// The open submission: everything a moderator weighs, then the decision.
#[component]
fn QueueItem(
    submission: Submission,
    /// Its place in the queue and the queue's length.
    position: Signal<(usize, usize)>,
    tile_url: Option<String>,
    attribution: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] problems: Signal<DecisionProblems>,
    on_decide: Callback<DecisionInput<ReviewDecision>>,
) -> impl IntoView {
    let title_marks: Vec<(usize, usize)> =
        submission.concerns.iter().filter(|c| c.field == ConcernField::Title).map(|c| (c.start, c.end)).collect();
    let id = submission.id.to_string();
    view! {
        <article class="queue-item" aria-labelledby="queue-item-heading" data-testid="queue-item" data-submission-id=id>
            <p class="fine-print">{move || {
                let (at, of) = position.get();
                tf("moderation.queue.position", &[("at", &number(at as f64)), ("of", &number(of as f64))])
            }}</p>
            <h2 id="queue-item-heading" tabindex="-1">
                <HighlightedText text=submission.title.clone() marks=title_marks/>
            </h2>
            <SubmissionFacts submission tile_url attribution/>
            <h3>{t("moderation.decision.heading")}</h3>
            <DecisionForm
                accept=DecisionChoice { decision: ReviewDecision::Approve, label: "moderation.queue.approve" }
                refuse=DecisionChoice { decision: ReviewDecision::Reject, label: "moderation.queue.reject" }
                reasons_legend="moderation.queue.reasons"
                note_hint="moderation.queue.note_hint"
                pending
                problems
                on_decide
            />
        </article>
    }
}
