//! `/agencies/:slug/keys` (its staff): the agency's key pair for residents' responses,
//! made in this browser (only the public key goes to the server), downloaded as a
//! passphrase-protected key file; a key file imported into this browser; the key's
//! fingerprint and history; the retention period.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use porchlight_domain::footage::{key_fingerprint, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS};
use porchlight_domain::wire::{AgencyKey, AgencyKeyInput, RetentionInput, Role};
use porchlight_footage::seal::{AgencyKeyPair, SealError, MIN_PASSPHRASE_CHARS};
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::components::{ErrorNotice, LoadingList, PageHeading};
use crate::footage::{download_bytes, key_files, read_slice, store_key_file};
use crate::format::{format_date, Zone};
use crate::i18n::{page_title, t, tf};
use crate::routes;
use crate::session::{use_api, use_session};

/// The text of a key-file problem.
pub fn seal_error_text(e: SealError) -> String {
    match e {
        SealError::BadPublicKey => t("seal.error.bad_public_key"),
        SealError::PassphraseTooShort => {
            tf("seal.error.passphrase_too_short", &[("n", &MIN_PASSPHRASE_CHARS.to_string())])
        }
        SealError::NotAKeyFile => t("seal.error.not_a_key_file"),
        SealError::WrongPassphrase => t("seal.error.wrong_passphrase"),
        SealError::TooMuchWork => t("seal.error.too_much_work"),
        SealError::WrongKey => t("seal.error.wrong_key"),
        SealError::Damaged => t("seal.error.damaged"),
    }
}

/// Whether the signed-in account is staff of `slug` (`None` while the session loads).
pub fn staff_of(slug: &str) -> Option<bool> {
    let session = use_session()?;
    if !session.loaded() {
        return None;
    }
    Some(session.me().is_some_and(|me| me.role == Role::AgencyStaff && me.agency.is_some_and(|a| a.slug == slug)))
}

/// Shown instead of a staff page to anyone else.
#[component]
pub fn StaffOnly() -> impl IntoView {
    view! {
        <div data-testid="staff-only">
            <p>{t("keys.staff_only")}</p>
            <p><a href=routes::LOGIN>{t("header.sign_in")}</a></p>
        </div>
    }
}

/// Waits a frame, so that a "working…" status shows before scrypt holds the thread.
async fn let_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
pub fn AgencyKeysPage() -> impl IntoView {
    page_title("keys.title");
    let api = use_api();
    let params = use_params_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let version = RwSignal::new(0u32);
    let keys = LocalResource::new({
        let api = api.clone();
        let slug = slug.clone();
        move || {
            version.track();
            let api = api.aborting_on_cleanup();
            let slug = slug.clone();
            async move {
                let keys = api.agency_keys(&slug).await?;
                let (profile, _) = api.agency(&slug).await?;
                Ok::<_, ApiError>((keys, profile.name, profile.retention_days))
            }
        }
    });
    let staff = {
        let slug = slug.clone();
        Signal::derive(move || staff_of(&slug))
    };
    // What making and publishing a key last said: kept here, so that "Published" stays
    // on screen when the keys load again and the view below is made anew.
    let create_status = RwSignal::new(String::new());
    view! {
        <div class="page keys-page">
            <PageHeading>{t("keys.heading")}</PageHeading>
            {move || match staff.get() {
                None => view! { <LoadingList label=t("keys.loading") rows=2/> }.into_any(),
                Some(false) => view! { <StaffOnly/> }.into_any(),
                Some(true) => {
                    let slug = slug.clone();
                    view! {
                        <Transition fallback=|| view! { <LoadingList label=t("keys.loading") rows=2/> }>
                            {let slug = slug.clone(); move || { let slug = slug.clone(); Suspend::new(async move {
                                match keys.await {
                                    Ok((keys, name, retention)) => view! {
                                        <KeysView slug=slug.clone() name keys retention version create_status/>
                                    }.into_any(),
                                    Err(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| keys.refetch())/> }.into_any(),
                                }
                            })}}
                        </Transition>
                    }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn KeysView(
    slug: String,
    name: String,
    keys: Vec<AgencyKey>,
    retention: Option<u16>,
    version: RwSignal<u32>,
    create_status: RwSignal<String>,
) -> impl IntoView {
    let zone = Zone::reader();
    let current = keys.iter().find(|k| k.retired_at.is_none()).cloned();
    let imported = key_files(&slug).len();
    view! {
        <p>{tf("keys.intro", &[("agency", &name)])}</p>
        <section aria-labelledby="keys-current">
            <h2 id="keys-current">{t("keys.current")}</h2>
            {match current {
                Some(k) => view! {
                    <p data-testid="current-fingerprint">{t("keys.fingerprint")}" "<code>{k.fingerprint.clone()}</code></p>
                    <p class="muted">{tf("keys.since", &[("date", &format_date(k.created_at, &zone))])}</p>
                }.into_any(),
                None => view! { <p data-testid="no-key">{t("keys.none")}</p> }.into_any(),
            }}
            <p class="muted" data-testid="imported-count">{tf("keys.imported", &[("n", &imported.to_string())])}</p>
        </section>
        <CreateKey slug=slug.clone() version status=create_status/>
        <ImportKey slug=slug.clone() keys=keys.clone()/>
        <Retention slug=slug.clone() retention/>
        {(!keys.is_empty()).then(|| view! {
            <section aria-labelledby="keys-history">
                <h2 id="keys-history">{t("keys.history")}</h2>
                <ul>
                    {keys.into_iter().map(|k| {
                        let since = format_date(k.created_at, &zone);
                        let until = k.retired_at.map(|r| format_date(r, &zone));
                        view! {
                            <li><code>{k.fingerprint}</code>" · "{match until {
                                Some(until) => tf("keys.retired_between", &[("from", &since), ("to", &until)]),
                                None => tf("keys.since", &[("date", &since)]),
                            }}</li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn CreateKey(slug: String, version: RwSignal<u32>, status: RwSignal<String>) -> impl IntoView {
    let api = use_api();
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let create = {
        let slug = slug.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (p, a) = (passphrase.get_untracked(), again.get_untracked());
            if p != a {
                problem.set(Some(t("keys.create.mismatch")));
                return;
            }
            problem.set(None);
            busy.set(true);
            status.set(t("keys.create.working"));
            let slug = slug.clone();
            spawn_local(async move {
                let_paint().await;
                let pair = AgencyKeyPair::generate();
                match pair.key_file(&p) {
                    Ok(file) => {
                        let public = pair.public_key();
                        let fingerprint = key_fingerprint(&public).unwrap_or_default();
                        download_bytes(
                            &format!("porchlight-{slug}-{fingerprint}.age"),
                            file.as_bytes(),
                            "application/octet-stream",
                        );
                        store_key_file(&slug, &file);
                        made.set(Some(public));
                        status.set(tf("keys.create.downloaded", &[("fingerprint", &fingerprint)]));
                    }
                    Err(e) => {
                        problem.set(Some(seal_error_text(e)));
                        status.set(String::new());
                    }
                }
                busy.set(false);
            });
        }
    };
    let publish = {
        let slug = slug.clone();
        move |_| {
            let Some(public_key) = made.get_untracked() else { return };
            let api = api.clone();
            let slug = slug.clone();
            busy.set(true);
            spawn_local(async move {
                match api.add_agency_key(&slug, &AgencyKeyInput { public_key }).await {
                    Ok(key) => {
                        status.set(tf("keys.create.published", &[("fingerprint", &key.fingerprint)]));
                        made.set(None);
                        version.update(|v| *v += 1);
                    }
                    Err(e) => problem.set(Some(e.text())),
                }
                busy.set(false);
            });
        }
    };
    view! {
        <section aria-labelledby="keys-create">
            <h2 id="keys-create">{t("keys.create.heading")}</h2>
            <p class="warning" role="note"><strong>{t("keys.create.warning")}</strong></p>
            <form on:submit=create>
                <label>{tf("keys.create.passphrase", &[("n", &MIN_PASSPHRASE_CHARS.to_string())])}
                    <input type="password" autocomplete="new-password" data-testid="new-passphrase" required
                        minlength=MIN_PASSPHRASE_CHARS.to_string()
                        on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                </label>
                <label>{t("keys.create.again")}
                    <input type="password" autocomplete="new-password" data-testid="new-passphrase-again" required
                        on:input=move |ev| again.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button" data-testid="create-key" disabled=move || busy.get()>{t("keys.create.button")}</button>
            </form>
            <p role="status" aria-live="polite" data-testid="create-status">{move || status.get()}</p>
            {move || problem.get().map(|p| view! { <p class="error-notice" role="alert">{p}</p> })}
            {move || made.get().map(|_| view! {
                <p>
                    <label><input type="checkbox" data-testid="saved-key-file" on:change=move |ev| saved.set(event_target_checked(&ev))/>
                        " "{t("keys.create.saved")}</label>
                </p>
                <button type="button" class="button primary" data-testid="publish-key"
                    disabled=move || !saved.get() || busy.get() on:click=publish.clone()>{t("keys.create.publish")}</button>
            })}
        </section>
    }
}

#[component]
fn ImportKey(slug: String, keys: Vec<AgencyKey>) -> impl IntoView {
    let file = StoredValue::new_local(None::<web_sys::File>);
    let passphrase = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = file.get_value() else {
            problem.set(Some(t("keys.import.no_file")));
            return;
        };
        let slug = slug.clone();
        let keys = keys.clone();
        let p = passphrase.get_untracked();
        problem.set(None);
        status.set(t("keys.import.working"));
        spawn_local(async move {
            let_paint().await;
            let bytes = read_slice(&chosen, 0, 64 * 1024).await.unwrap_or_default();
            match AgencyKeyPair::from_key_file(&bytes, &p) {
                Ok(pair) => {
                    let public = pair.public_key();
                    let fingerprint = key_fingerprint(&public).unwrap_or_default();
                    if !keys.iter().any(|k| k.public_key == public) {
                        problem.set(Some(t("keys.import.not_this_agency")));
                        status.set(String::new());
                        return;
                    }
                    store_key_file(&slug, &String::from_utf8_lossy(&bytes));
                    status.set(tf("keys.import.done", &[("fingerprint", &fingerprint)]));
                }
                Err(e) => {
                    problem.set(Some(seal_error_text(e)));
                    status.set(String::new());
                }
            }
        });
    };
    view! {
        <section aria-labelledby="keys-import">
            <h2 id="keys-import">{t("keys.import.heading")}</h2>
            <p>{t("keys.import.intro")}</p>
            <form on:submit=import>
                <label>{t("keys.import.file")}
                    <input type="file" accept=".age,text/plain" data-testid="key-file"
                        on:change=move |ev: leptos::ev::Event| {
                            let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            file.set_value(input.and_then(|i| i.files()).and_then(|f| f.get(0)));
                        }/>
                </label>
                <label>{t("keys.import.passphrase")}
                    <input type="password" autocomplete="current-password" data-testid="import-passphrase"
                        on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button" data-testid="import-key">{t("keys.import.button")}</button>
            </form>
            <p role="status" aria-live="polite" data-testid="import-status">{move || status.get()}</p>
            {move || problem.get().map(|p| view! { <p class="error-notice" role="alert" data-testid="import-problem">{p}</p> })}
        </section>
    }
}

#[component]
fn Retention(slug: String, retention: Option<u16>) -> impl IntoView {
    let api = use_api();
    let days = RwSignal::new(retention.map(|d| d.to_string()).unwrap_or_default());
    let status = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(value) = days.get_untracked().trim().parse::<i64>() else {
            problem.set(Some(t("error.code.retention_invalid")));
            return;
        };
        let api = api.clone();
        let slug = slug.clone();
        problem.set(None);
        spawn_local(async move {
            match api.set_retention(&slug, &RetentionInput { days: value }).await {
                Ok(()) => status.set(t("keys.retention.saved")),
                Err(e) => problem.set(Some(e.text())),
            }
        });
    };
    view! {
        <section aria-labelledby="keys-retention">
            <h2 id="keys-retention">{t("keys.retention.heading")}</h2>
            <p>{t("keys.retention.intro")}</p>
            <form on:submit=save>
                <label>{t("keys.retention.days")}
                    <input type="number" inputmode="numeric" data-testid="retention-days"
                        min=MIN_RETENTION_DAYS.to_string() max=MAX_RETENTION_DAYS.to_string() required
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button" data-testid="save-retention">{t("keys.retention.save")}</button>
            </form>
            <p role="status" aria-live="polite" data-testid="retention-status">{move || status.get()}</p>
            {move || problem.get().map(|p| view! { <p class="error-notice" role="alert" data-testid="retention-problem">{p}</p> })}
        </section>
    }
}
