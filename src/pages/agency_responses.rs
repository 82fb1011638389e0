//! `/agencies/:slug/responses` (its staff): residents' responses per request, newest
//! first, with counts and sizes. Opening one decrypts it in this browser with the key
//! file imported here (unlocked with its passphrase, in memory only) and downloads each
//! file; staff then mark it kept as evidence or not needed (deleted at once).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::{AgencyResponse, ResponseDecision, ResponseDecisionInput, ResponseStatus};
use porchlight_footage::seal::{open, AgencyKeyPair, SealError};

use crate::components::{
    focus_field, response_status_text, shared_text, size_text, ErrorNotice, LoadingList, PageHeading,
};
use crate::footage::{download_file, key_files, DownloadError, Envelope};
use crate::format::{format_date_time, Zone};
use crate::i18n::{page_title, t, tf, tn};
use crate::pages::agency_keys::{seal_error_text, staff_of, StaffOnly};
use crate::routes::{agency_keys_href, request_href};
use crate::session::use_api;

/// The keys unlocked on this page (in memory only).
type Keys = StoredValue<Vec<AgencyKeyPair>, LocalStorage>;

#[component]
pub fn AgencyResponsesPage() -> impl IntoView {
    page_title("responses.title");
    let api = use_api();
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let list = LocalResource::new({
        let slug = slug.clone();
        move || {
            let api = api.aborting_on_cleanup();
            let slug = slug.clone();
            async move { api.agency_responses(&slug).await }
        }
    });
    let keys: Keys = StoredValue::new_local(Vec::new());
    let unlocked = RwSignal::new(false);
    let staff = {
        let slug = slug.clone();
        Signal::derive(move || staff_of(&slug))
    };
    view! {
        <div class="page responses-page">
            <PageHeading>{t("responses.heading")}</PageHeading>
            {move || match staff.get() {
                None => view! { <LoadingList label=t("responses.loading") rows=2/> }.into_any(),
                Some(false) => view! { <StaffOnly/> }.into_any(),
                Some(true) => view! {
                    <Unlock slug=slug.clone() keys unlocked/>
                    <Transition fallback=|| view! { <LoadingList label=t("responses.loading") rows=3/> }>
                        {move || Suspend::new(async move {
                            match list.await {
                                Ok(all) if all.is_empty() => view! { <p data-testid="responses-empty">{t("responses.empty")}</p> }.into_any(),
                                Ok(all) => view! { <ByRequest all keys unlocked/> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                            }
                        })}
                    </Transition>
                }.into_any(),
            }}
        </div>
    }
}

/// The passphrase of the key files imported into this browser; the keys it opens stay
/// in memory on this page.
#[component]
fn Unlock(slug: String, keys: Keys, unlocked: RwSignal<bool>) -> impl IntoView {
    let files = key_files(&slug);
    let passphrase = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    if files.is_empty() {
        return view! {
            <p class="notice" data-testid="no-key-file">{t("responses.no_key_file")}" "
                <a href=agency_keys_href(&slug)>{t("responses.import_link")}</a></p>
        }
        .into_any();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let files = files.clone();
        let p = passphrase.get_untracked();
        working.set(true);
        problem.set(None);
        spawn_local(async move {
            // Let the status show before scrypt holds the thread.
            let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            let opened: Vec<AgencyKeyPair> =
                files.iter().filter_map(|f| AgencyKeyPair::from_key_file(f.as_bytes(), &p).ok()).collect();
            if opened.is_empty() {
                problem.set(Some(seal_error_text(SealError::WrongPassphrase)));
            } else {
                keys.set_value(opened);
                unlocked.set(true);
                // The form is gone: focus goes to what replaced it.
                request_animation_frame(|| focus_field("unlocked"));
            }
            working.set(false);
        });
    };
    view! {
        <section class="unlock" aria-labelledby="unlock-heading">
            <h2 id="unlock-heading">{t("responses.unlock.heading")}</h2>
            {move || if unlocked.get() {
                view! { <p role="status" id="unlocked" tabindex="-1" data-testid="unlocked">{t("responses.unlock.done")}</p> }.into_any()
            } else {
                view! {
                    <form on:submit=submit.clone()>
                        <label>{t("responses.unlock.passphrase")}
                            <input type="password" autocomplete="current-password" data-testid="unlock-passphrase"
                                on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                        </label>
                        <button type="submit" class="button" data-testid="unlock" disabled=move || working.get()>{t("responses.unlock.button")}</button>
                    </form>
                    <p role="status" aria-live="polite">{move || working.get().then(|| t("responses.unlock.working"))}</p>
                    {move || problem.get().map(|p| view! { <p class="error-notice" role="alert">{p}</p> })}
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// Responses grouped by request (requests in the order of their newest response).
#[component]
fn ByRequest(all: Vec<AgencyResponse>, keys: Keys, unlocked: RwSignal<bool>) -> impl IntoView {
    let mut groups: Vec<(i64, Vec<AgencyResponse>)> = Vec::new();
    for r in all {
        match groups.iter_mut().find(|(id, _)| *id == r.request.id) {
            Some((_, list)) => list.push(r),
            None => groups.push((r.request.id, vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut list)| {
            list.sort_by_key(|r| std::cmp::Reverse(r.submitted_at));
            let request = list[0].request.clone();
            let size: u64 = list.iter().flat_map(|r| r.files.iter().map(|f| f.size)).sum();
            let heading_id = format!("request-{}", request.id);
            view! {
                <section class="responses-group" data-testid="responses-group" aria-labelledby=heading_id.clone()>
                    <h2 id=heading_id.clone()><a href=request_href(request.id)>{request.title.clone()}</a></h2>
                    <p class="muted">{request.case_number.clone()}" · "
                        {tn("responses.count", list.len() as f64, &[])}" · "{size_text(size)}</p>
                    <ul class="responses-list">
                        {list.into_iter().map(|r| view! { <OneResponse response=r keys unlocked/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn OneResponse(response: AgencyResponse, keys: Keys, unlocked: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let zone = Zone::reader();
    let current = RwSignal::new(response);
    let envelope = RwSignal::new(None::<Envelope>);
    let problem = RwSignal::new(None::<String>);
    let file_status = RwSignal::new(Vec::<(i64, String)>::new());
    let open_it = {
        let api = api.clone();
        move |_| {
            let api = api.clone();
            let id = current.get_untracked().id;
            problem.set(None);
            spawn_local(async move {
                match api.envelope_ciphertext(id).await {
                    Ok(bytes) => match keys.with_value(|k| open(k, &bytes)) {
                        Ok(plain) => match serde_json::from_slice::<Envelope>(&plain) {
                            Ok(e) => {
                                envelope.set(Some(e));
                                // "Open" is gone: focus goes to what it opened.
                                request_animation_frame(move || focus_field(&format!("envelope-{id}")));
                                current.update(|r| {
                                    if r.status == ResponseStatus::Submitted {
                                        r.status = ResponseStatus::Opened;
                                    }
                                });
                            }
                            Err(_) => problem.set(Some(seal_error_text(SealError::Damaged))),
                        },
                        Err(e) => problem.set(Some(seal_error_text(e))),
                    },
                    Err(e) => problem.set(Some(e.text())),
                }
            });
        }
    };
    let decide = {
        let api = api.clone();
        move |decision: ResponseDecision| {
            let api = api.clone();
            let id = current.get_untracked().id;
            spawn_local(async move {
                match api.decide_response(id, &ResponseDecisionInput { decision }).await {
                    Ok(now) => {
                        current.set(now);
                        // The decision's buttons are gone: focus goes to the status it set.
                        request_animation_frame(move || focus_field(&format!("response-status-{id}")));
                    }
                    Err(e) => problem.set(Some(e.text())),
                }
            });
        }
    };
    let decide = StoredValue::new_local(decide);
    let open_it = StoredValue::new_local(open_it);
    move || {
        let api = api.clone();
        let zone = zone.clone();
        let r = current.get();
        let id = r.id;
        let size: u64 = r.files.iter().map(|f| f.size).sum();
        let gone = matches!(r.status, ResponseStatus::Deleted | ResponseStatus::Withdrawn);
        let opened = !matches!(r.status, ResponseStatus::Submitted);
        view! {
            <li class="response" data-testid="agency-response">
                <p>
                    <strong>{tf("responses.item", &[("id", &id.to_string())])}</strong>" · "
                    {format_date_time(r.submitted_at, &zone)}" · "
                    {tn("responses.files", r.files.len() as f64, &[])}" · "{size_text(size)}" · "
                    <span id=format!("response-status-{id}") tabindex="-1" data-testid="response-status">{response_status_text(r.status)}</span>
                </p>
                <p class="muted">{t("responses.shared")}": "{if r.shared.is_empty() {
                        t("responses.shared_nothing")
                    } else {
                        shared_text(&r.shared)
                    }}
                    {r.expires_at.map(|at| view! { " · "{tf("responses.expires", &[("date", &format_date_time(at, &zone))])} })}
                </p>
                {move || problem.get().map(|p| view! { <p class="error-notice" role="alert">{p}</p> })}
                {(!gone).then(|| view! {
                    {move || (unlocked.get() && envelope.get().is_none()).then(|| view! {
                        <button type="button" class="button" data-testid="open-response" on:click=move |ev| open_it.with_value(|o| o(ev))>{t("responses.open")}</button>
                    })}
                    {move || envelope.get().map(|e| view! {
                        <dl class="facts" id=format!("envelope-{id}") tabindex="-1" data-testid="envelope">
                            {e.name.map(|v| view! { <dt>{t("share.about.name")}</dt><dd>{v}</dd> })}
                            {e.email.map(|v| view! { <dt>{t("share.about.email")}</dt><dd>{v}</dd> })}
                            {e.phone.map(|v| view! { <dt>{t("share.about.phone")}</dt><dd>{v}</dd> })}
                            {e.message.map(|v| view! { <dt>{t("share.about.message")}</dt><dd>{v}</dd> })}
                        </dl>
                    })}
                    {move || envelope.get().is_some().then(|| {
                        let r = current.get();
                        view! {
                            <ul class="response-files">
                                {r.files.into_iter().map(|f| {
                                    let api = api.clone();
                                    let fid = f.id;
                                    let label = tf("responses.download_named", &[("name", &f.name)]);
                                    let file = StoredValue::new(f.clone());
                                    view! {
                                        <li>
                                            {f.name.clone()}" · "{size_text(f.size)}" "
                                            <button type="button" class="button" data-testid="download-file" aria-label=label
                                                on:click=move |_| {
                                                    let api = api.clone();
                                                    let f = file.get_value();
                                                    file_status.update(|s| s.push((fid, t("responses.downloading"))));
                                                    spawn_local(async move {
                                                        let k = keys.with_value(|k| k.clone());
                                                        let said = match download_file(&api, &k, id, &f).await {
                                                            Ok(true) => t("responses.verified"),
                                                            Ok(false) => t("responses.hash_mismatch"),
                                                            Err(DownloadError::Api(e)) => e.text(),
                                                            Err(DownloadError::Seal(e)) => seal_error_text(e),
                                                            Err(DownloadError::Network) => t("error.network"),
                                                        };
                                                        file_status.update(|s| s.push((fid, said)));
                                                    });
                                                }>{t("responses.download")}</button>
                                            " "<span role="status" data-testid="download-status">{move || file_status.get().into_iter().rev().find(|(i, _)| *i == fid).map(|(_, s)| s)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    })}
                    {(opened && r.status == ResponseStatus::Opened).then(|| view! {
                        <p class="actions">
                            <button type="button" class="button" data-testid="keep-response"
                                on:click=move |_| decide.with_value(|d| d(ResponseDecision::KeptAsEvidence))>{t("responses.keep")}</button>" "
                            <button type="button" class="button danger" data-testid="not-needed"
                                on:click=move |_| decide.with_value(|d| d(ResponseDecision::NotNeeded))>{t("responses.not_needed")}</button>
                        </p>
                    })}
                })}
            </li>
        }
    }
}
