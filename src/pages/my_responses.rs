//! `/me/responses`: what the resident shared, a receipt for each; a response may be
//! withdrawn until the agency first opens it (its files are then deleted).

use leptos::prelude::*;
use leptos::task::spawn_local;
use porchlight_domain::wire::{ResidentResponse, ResponseStatus};

use crate::api::ApiError;
use crate::components::{focus_field, ErrorNotice, LoadingList, PageHeading, ResponseReceipt};
use crate::i18n::{page_title, t};
use crate::routes;
use crate::session::use_api;

#[component]
pub fn MyResponsesPage() -> impl IntoView {
    page_title("my_responses.title");
    let api = use_api();
    let list = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.aborting_on_cleanup();
            async move { api.my_responses().await }
        }
    });
    view! {
        <div class="page my-responses-page">
            <PageHeading>{t("my_responses.heading")}</PageHeading>
            <p>{t("my_responses.intro")}</p>
            <Transition fallback=|| view! { <LoadingList label=t("my_responses.loading") rows=2/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(all) if all.is_empty() => view! {
                            <p data-testid="my-responses-empty">{t("my_responses.empty")}</p>
                        }.into_any(),
                        Ok(all) => all.into_iter().map(|r| view! { <OneResponse response=r/> }).collect_view().into_any(),
                        Err(e) if e.status() == Some(401) => view! {
                            <p data-testid="my-responses-signed-out">{t("my_responses.signed_out")}" "
                                <a href=routes::LOGIN>{t("header.sign_in")}</a></p>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Moves focus, once the page has redrawn, to the element with the id `id`: the
/// buttons that were clicked are gone by then.
fn focus_after_redraw(id: String) {
    request_animation_frame(move || focus_field(&id));
}

/// One receipt, with the withdraw action while it may be withdrawn. Focus goes to
/// "Keep it" when the question shows, back to "Withdraw" when it is kept, and to the
/// receipt's heading once withdrawn.
#[component]
fn OneResponse(response: ResidentResponse) -> impl IntoView {
    let api = use_api();
    let id = response.id;
    let current = RwSignal::new(response);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiError>);
    let withdraw = move |_| {
        let api = api.clone();
        let id = current.get_untracked().id;
        busy.set(true);
        spawn_local(async move {
            match api.delete_response(id).await {
                Ok(()) => {
                    current.update(|r| {
                        r.status = ResponseStatus::Withdrawn;
                    });
                    problem.set(None);
                    focus_after_redraw(format!("receipt-{id}"));
                }
                Err(e) => problem.set(Some(e)),
            }
            busy.set(false);
            confirming.set(false);
        });
    };
    let withdraw = StoredValue::new_local(withdraw);
    move || {
        let r = current.get();
        let can_withdraw = r.status == ResponseStatus::Submitted;
        view! {
            <ResponseReceipt response=r>
                {move || problem.get().map(|e| view! { <ErrorNotice error=e/> })}
                {can_withdraw.then(|| view! {
                    <p class="actions">
                        {move || if confirming.get() {
                            view! {
                                <span role="alert">{t("my_responses.withdraw_confirm")}</span>" "
                                <button type="button" class="button danger" data-testid="withdraw-confirm"
                                    disabled=move || busy.get() on:click=move |ev| withdraw.with_value(|w| w(ev))>{t("my_responses.withdraw_yes")}</button>" "
                                <button type="button" class="button" id=format!("withdraw-no-{id}") data-testid="withdraw-no"
                                    on:click=move |_| {
                                        confirming.set(false);
                                        focus_after_redraw(format!("withdraw-{id}"));
                                    }>{t("my_responses.withdraw_no")}</button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="button" id=format!("withdraw-{id}") data-testid="withdraw"
                                    on:click=move |_| {
                                        confirming.set(true);
                                        focus_after_redraw(format!("withdraw-no-{id}"));
                                    }>{t("my_responses.withdraw")}</button>
                                " "<span class="muted">{t("my_responses.withdraw_until")}</span>
                            }.into_any()
                        }}
                    </p>
                })}
            </ResponseReceipt>
        }
    }
}
