//! `/requests/:id/share`: a signed-in resident shares footage with the request's
//! agency, in four steps: choose files (screened against the time frame in this
//! browser), what to say about themselves, consent (exactly what goes to whom), and the
//! encrypted upload; then the receipt. Nothing leaves the browser before consent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use porchlight_domain::footage::{CaptureFit, FootageProblem, CAMERA_CLOCK_TOLERANCE, MAX_RESPONSE_FILES};
use porchlight_domain::wire::{
    AgencyKey, PublishedRequest, RequestDetail, RequestResponses, RequestStatus, ResidentResponse, ResponseLimits,
};
use porchlight_domain::TimeFrame;
use porchlight_footage::seal::max_ciphertext_size;
use wasm_bindgen::JsCast;

use crate::api::{problem_text, ApiError};
use crate::components::{
    capture_source_text, focus_field, identity_label, size_text, ErrorNotice, LoadingList, LogBadge, PageHeading,
    ResponseReceipt,
};
use crate::footage::{examine, Examined, FileVerdict, Progress, Shared, Upload, UploadError, UploadFile};
use crate::format::{format_date_time, format_time_frame, Zone};
use crate::i18n::{number, page_title, t, tf, tn};
use crate::public_log::verify_agency_key_in_log;
use crate::routes::{self, request_href};
use crate::session::{use_api, use_session};
use porchlight_domain::wire::IdentityField;

/// What the flow needs from the server, loaded once.
#[derive(Clone)]
struct ShareContext {
    request: PublishedRequest,
    /// Whether the request takes footage now (`GET /requests/{id}`).
    responses: RequestResponses,
    agency_name: String,
    key: Option<AgencyKey>,
    retention_days: Option<u16>,
    /// The server's upload limits (0: none known).
    limits: ResponseLimits,
}

#[component]
pub fn ShareFootagePage() -> impl IntoView {
    page_title("share.title");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let context = LocalResource::new(move || {
        let id = id.get();
        let api = api.aborting_on_cleanup();
        async move {
            let Some(id) = id else { return Ok(None) };
            let RequestDetail { request, responses } = api.request(id).await?;
            let (agency, _) = api.agency(&request.agency.slug).await?;
            let limits = api.response_limits().await.unwrap_or_default();
            Ok::<_, ApiError>(Some(ShareContext {
                request,
                responses,
                agency_name: agency.name,
                key: agency.response_key,
                retention_days: agency.retention_days,
                limits,
            }))
        }
    });
    let session = use_session();
    view! {
        <div class="page share-page">
            <Transition fallback=|| view! { <LoadingList label=t("share.loading") rows=3/> }>
                {move || Suspend::new(async move {
                    let me = match session {
                        Some(s) => s.ready().await,
                        None => None,
                    };
                    match (context.await, me) {
                        (_, None) => view! {
                            <div data-testid="share-signed-out">
                                <PageHeading>{t("share.title_short")}</PageHeading>
                                <p>{t("share.signed_out")}</p>
                                <p><a class="button" href=routes::LOGIN>{t("header.sign_in")}</a></p>
                            </div>
                        }.into_any(),
                        (Ok(Some(c)), Some(me)) => view! { <ShareFlow context=c me/> }.into_any(),
                        (Ok(None), _) => view! { <NotAccepting/> }.into_any(),
                        (Err(e), _) if e.is_not_found() => view! { <NotAccepting/> }.into_any(),
                        (Err(e), _) => view! {
                            <PageHeading>{t("share.title_short")}</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| context.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn NotAccepting() -> impl IntoView {
    view! {
        <div data-testid="share-unavailable">
            <PageHeading>{t("share.title_short")}</PageHeading>
            <p>{t("share.unavailable")}</p>
            <p><a href=routes::MAP>{t("not_found.to_map")}</a></p>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Choose,
    About,
    Consent,
    Upload,
    Receipt,
}

impl Step {
    /// The id of what takes focus when the flow comes to this step: its heading (the
    /// receipt's message), so that keyboard and screen reader users go on from its
    /// start instead of from a button that is no longer shown.
    fn focus_id(self) -> &'static str {
        match self {
            Step::Choose => "share-step-choose",
            Step::About => "share-step-about",
            Step::Consent => "share-step-consent",
            Step::Upload => "share-step-upload",
            Step::Receipt => "share-receipt-done",
        }
    }
}

/// Why a file is not sent, in words.
pub fn skip_reason(verdict: FileVerdict) -> String {
    match verdict {
        FileVerdict::Share => String::new(),
        FileVerdict::TooLarge => t("error.code.upload_too_large"),
        FileVerdict::Unreadable => t("share.reason.unreadable"),
        FileVerdict::Skip(FootageProblem::OutsideTimeFrame(CaptureFit::Before(by))) => {
            tf("share.reason.before", &[("minutes", &number(by.whole_minutes().max(1) as f64))])
        }
        FileVerdict::Skip(FootageProblem::OutsideTimeFrame(CaptureFit::After(by))) => {
            tf("share.reason.after", &[("minutes", &number(by.whole_minutes().max(1) as f64))])
        }
        FileVerdict::Skip(problem) => problem_text(&porchlight_domain::wire::ErrorDetail {
            code: problem.code().to_owned(),
            message: problem.to_string(),
            field: None,
        }),
    }
}

/// One text field the resident may choose to share.
#[derive(Clone, Copy)]
struct AboutField {
    field: IdentityField,
    on: RwSignal<bool>,
    value: RwSignal<String>,
}

#[component]
fn ShareFlow(context: ShareContext, me: porchlight_domain::wire::Me) -> impl IntoView {
    let ShareContext { request, responses, agency_name, key, retention_days, limits } = context;
    let accepting = responses.accepts_responses && request.status == RequestStatus::Open;
    let (Some(key), true, Ok(frame)) = (key, accepting, TimeFrame::try_from(request.time_frame.clone())) else {
        return view! { <NotAccepting/> }.into_any();
    };
    let api = use_api();
    let me = Some(me);
    let zone = Zone::reader();
    let step = RwSignal::new(Step::Choose);
    let files = RwSignal::new(Vec::<Examined>::new());
    let examining = RwSignal::new(0usize);
    let about = [
        (IdentityField::Name, me.as_ref().map(|m| m.display_name.clone()).unwrap_or_default()),
        (IdentityField::Email, me.as_ref().map(|m| m.email.clone()).unwrap_or_default()),
        (IdentityField::Phone, String::new()),
        (IdentityField::Message, String::new()),
    ]
    .map(|(field, value)| AboutField { field, on: RwSignal::new(false), value: RwSignal::new(value) });
    let progress = RwSignal::new(Vec::<(u64, u64)>::new());
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let receipt = RwSignal::new(None::<ResidentResponse>);
    let upload = StoredValue::new_local(None::<Upload>);
    // Each step, once shown, takes focus (not the first: the page's heading has it).
    Effect::new(move |before: Option<Step>| {
        let now = step.get();
        if before.is_some_and(|b| b != now) {
            request_animation_frame(move || focus_field(now.focus_id()));
        }
        now
    });

    // The key this browser encrypts to, checked against the public log.
    let key_check = LocalResource::new({
        let api = api.clone();
        let key = key.clone();
        let slug = request.agency.slug.clone();
        move || {
            let api = api.aborting_on_cleanup();
            let (key, slug) = (key.clone(), slug.clone());
            async move { verify_agency_key_in_log(&api, &slug, &key).await }
        }
    });
    let shared_files = move || files.get().into_iter().filter(|f| f.verdict == FileVerdict::Share).collect::<Vec<_>>();
    let frame_text = format_time_frame(frame.start(), frame.end(), &zone);
    let tolerance = CAMERA_CLOCK_TOLERANCE.whole_minutes().to_string();

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        for file in chosen {
            examining.update(|n| *n += 1);
            spawn_local(async move {
                let examined = examine(file, &frame, limits.max_response_file_bytes).await;
                files.update(|all| {
                    if !all.iter().any(|f| f.name == examined.name && f.size == examined.size) {
                        all.push(examined);
                    }
                });
                examining.update(|n| *n -= 1);
            });
        }
    };
    let too_many = move || shared_files().len() > MAX_RESPONSE_FILES;
    // The server's limit counts ciphertext, as each file's check does (`examine`).
    let over_total = move || {
        limits.max_response_bytes > 0
            && shared_files().iter().map(|f| max_ciphertext_size(f.size)).sum::<u64>() > limits.max_response_bytes
    };

    let start_upload = {
        let api = api.clone();
        let key = key.clone();
        let request_id = request.id;
        move || {
            let chosen = shared_files();
            let list: Vec<UploadFile> = chosen
                .iter()
                .filter_map(|f| {
                    let (captured_at, capture_source) = f.captured_at?;
                    Some(UploadFile {
                        file: (*f.file).clone(),
                        name: f.name.clone(),
                        kind: f.kind?,
                        captured_at,
                        capture_source,
                    })
                })
                .collect();
            let value = |field: IdentityField| {
                about.iter().find(|a| a.field == field && a.on.get_untracked()).map(|a| a.value.get_untracked())
            };
            let shared = Shared {
                name: value(IdentityField::Name),
                email: value(IdentityField::Email),
                phone: value(IdentityField::Phone),
                message: value(IdentityField::Message),
            };
            progress.set(list.iter().map(|f| (0, f.file.size() as u64)).collect());
            status.set(t("share.upload.checking"));
            error.set(None);
            step.set(Step::Upload);
            let job = Upload::new(api.clone());
            upload.set_value(Some(job.clone()));
            let key = key.clone();
            spawn_local(async move {
                let on = move |p: Progress| match p {
                    Progress::Checking { .. } => status.set(t("share.upload.checking")),
                    Progress::Created { sizes, .. } => {
                        progress.set(sizes.into_iter().map(|s| (0, s)).collect());
                        status.set(t("share.upload.sending"));
                    }
                    Progress::Sent { file, sent } => {
                        progress.update(|all| {
                            if let Some(p) = all.get_mut(file) {
                                p.0 = sent;
                            }
                        });
                        status.set(t("share.upload.sending"));
                    }
                    Progress::Retrying { wait_ms } => {
                        status.set(tf("share.upload.retrying", &[("seconds", &number((wait_ms / 1000).max(1) as f64))]))
                    }
                    Progress::Finishing => status.set(t("share.upload.finishing")),
                };
                let result = job.run(request_id, &key.public_key, &key.fingerprint, &list, &shared, &on).await;
                match result {
                    Ok(done) => {
                        receipt.set(Some(done));
                        step.set(Step::Receipt);
                    }
                    Err(UploadError::Cancelled) => {
                        status.set(String::new());
                        error.set(Some(t("share.upload.cancelled")));
                        step.set(Step::Consent);
                    }
                    Err(e) => {
                        error.set(Some(match e {
                            UploadError::Api(e) => e.text(),
                            UploadError::Read(name) => tf("share.upload.read_failed", &[("name", &name)]),
                            UploadError::Seal(_) => t("error.code.key_invalid"),
                            UploadError::Cancelled => unreachable!(),
                        }));
                        step.set(Step::Consent);
                    }
                }
            });
        }
    };
    let start_upload = StoredValue::new_local(start_upload);

    let title = request.title.clone();
    let case_number = request.case_number.clone();
    let heading = tf("share.heading", &[("title", &title)]);
    view! {
        <PageHeading>{heading}</PageHeading>
        <p class="muted">
            <a href=request_href(request.id)>{t("share.back_to_request")}</a>
        </p>
        <ol class="steps" aria-label=t("share.steps")>
            {[(Step::Choose, "share.step.choose"), (Step::About, "share.step.about"), (Step::Consent, "share.step.consent"), (Step::Upload, "share.step.upload")]
                .into_iter()
                .map(|(s, key)| view! {
                    <li aria-current=move || (step.get() == s).then_some("step")>{t(key)}</li>
                })
                .collect_view()}
        </ol>
        {move || error.get().map(|e| view! { <p class="error-notice" role="alert" data-testid="share-error">{e}</p> })}
        <section class="share-step" data-testid="step-choose" hidden=move || step.get() != Step::Choose>
            <h2 id=Step::Choose.focus_id() tabindex="-1">{t("share.step.choose")}</h2>
            <p>{tf("share.choose.frame", &[("frame", &frame_text), ("minutes", &tolerance)])}</p>
            <p class="muted">{t("share.choose.local")}</p>
            <label class="file-pick">
                {t("share.choose.label")}
                <input
                    type="file"
                    multiple
                    accept=".mp4,.m4v,.mov,.jpg,.jpeg,.png,video/mp4,video/quicktime,image/jpeg,image/png" // i18n: not UI text
                    data-testid="file-input"
                    on:change=on_files
                />
            </label>
            <p role="status" aria-live="polite">
                {move || (examining.get() > 0).then(|| t("share.choose.reading"))}
            </p>
            <FileLists files zone=zone.clone()/>
            {move || too_many().then(|| view! { <p role="alert">{tf("share.choose.too_many", &[("n", &MAX_RESPONSE_FILES.to_string())])}</p> })}
            {move || over_total().then(|| view! { <p role="alert">{t("error.code.upload_too_large")}</p> })}
            <p class="actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="to-about"
                    disabled=move || shared_files().is_empty() || too_many() || over_total() || (examining.get() != 0)
                    on:click=move |_| step.set(Step::About)
                >{t("share.next")}</button>
            </p>
        </section>
        <section class="share-step" data-testid="step-about" hidden=move || step.get() != Step::About>
            <h2 id=Step::About.focus_id() tabindex="-1">{t("share.step.about")}</h2>
            <fieldset>
                <legend>{t("share.about.legend")}</legend>
                <p class="muted">{t("share.about.hint")}</p>
                {about.into_iter().map(|a| {
                    let id = format!("about-{}", field_id(a.field));
                    let label = identity_label(a.field);
                    view! {
                        <div class="about-field">
                            <label>
                                <input type="checkbox" data-testid=format!("share-{}", field_id(a.field))
                                    prop:checked=move || a.on.get()
                                    on:change=move |ev| a.on.set(event_target_checked(&ev))/>
                                " "{label.clone()}
                            </label>
                            {move || a.on.get().then(|| {
                                let id = id.clone();
                                if a.field == IdentityField::Message {
                                    view! {
                                        <textarea id=id.clone() aria-label=label.clone() maxlength="2000"
                                            prop:value=move || a.value.get()
                                            on:input=move |ev| a.value.set(event_target_value(&ev))></textarea>
                                    }.into_any()
                                } else {
                                    view! {
                                        <input id=id.clone() aria-label=label.clone()
                                            type=if a.field == IdentityField::Email { "email" } else if a.field == IdentityField::Phone { "tel" } else { "text" }
                                            prop:value=move || a.value.get()
                                            on:input=move |ev| a.value.set(event_target_value(&ev))/>
                                    }.into_any()
                                }
                            })}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <p class="actions">
                <button type="button" class="button" on:click=move |_| step.set(Step::Choose)>{t("share.back")}</button>
                <button type="button" class="button primary" data-testid="to-consent"
                    disabled=move || about.iter().any(|a| a.on.get() && a.value.get().trim().is_empty())
                    on:click=move |_| step.set(Step::Consent)>{t("share.next")}</button>
            </p>
        </section>
        <section class="share-step" data-testid="step-consent" hidden=move || step.get() != Step::Consent>
            <h2 id=Step::Consent.focus_id() tabindex="-1">{t("share.step.consent")}</h2>
            <p>{tf("share.consent.intro", &[("agency", &agency_name)])}</p>
            <dl class="facts">
                <dt>{t("share.consent.agency")}</dt>
                <dd data-testid="consent-agency">{agency_name.clone()}</dd>
                <dt>{t("share.consent.case")}</dt>
                <dd data-testid="consent-case">{case_number.clone()}</dd>
                <dt>{t("share.consent.files")}</dt>
                <dd>
                    <ul data-testid="consent-files">
                        {let zone = zone.clone(); move || shared_files().into_iter().map(|f| {
                            let when = f.captured_at.map(|(at, _)| format_date_time(at, &zone)).unwrap_or_default();
                            view! { <li>{f.name}" · "{when}" · "{size_text(f.size)}</li> }
                        }).collect_view()}
                    </ul>
                </dd>
                <dt>{t("share.consent.about")}</dt>
                <dd data-testid="consent-about">
                    {move || {
                        let chosen: Vec<_> = about.iter().filter(|a| a.on.get()).collect();
                        if chosen.is_empty() {
                            t("receipt.shared_nothing").into_any()
                        } else {
                            view! { <ul>{chosen.into_iter().map(|a| view! {
                                <li>{identity_label(a.field)}": "{a.value.get()}</li>
                            }).collect_view()}</ul> }.into_any()
                        }
                    }}
                </dd>
                <dt>{t("share.consent.retention")}</dt>
                <dd data-testid="consent-retention">{match retention_days {
                    Some(days) => tn("share.consent.retention_days", f64::from(days), &[]),
                    None => t("share.consent.retention_none"),
                }}</dd>
                <dt>{t("share.consent.key")}</dt>
                <dd><code>{key.fingerprint.clone()}</code></dd>
            </dl>
            <p>{t("share.consent.key_log")}</p>
            <LogBadge status=Signal::derive(move || key_check.get())/>
            <p>{t("share.consent.encrypted")}</p>
            <p data-testid="consent-never-recorded"><strong>{t("share.consent.never_recorded")}</strong></p>
            <p class="actions">
                <button type="button" class="button" on:click=move |_| step.set(Step::About)>{t("share.back")}</button>
                <button type="button" class="button primary" data-testid="send"
                    on:click=move |_| start_upload.with_value(|start| start())>{t("share.consent.send")}</button>
            </p>
        </section>
        <section class="share-step" data-testid="step-upload" hidden=move || step.get() != Step::Upload>
            <h2 id=Step::Upload.focus_id() tabindex="-1">{t("share.step.upload")}</h2>
            <p role="status" aria-live="polite" data-testid="upload-status">{move || status.get()}</p>
            <UploadBars progress names=Signal::derive(move || shared_files().into_iter().map(|f| f.name).collect())/>
            <p class="actions">
                <button type="button" class="button" data-testid="cancel-upload"
                    on:click=move |_| upload.with_value(|u| if let Some(u) = u { u.cancel() })>{t("share.upload.cancel")}</button>
            </p>
        </section>
        {move || (step.get() == Step::Receipt).then(|| receipt.get()).flatten().map(|r| view! {
            <section class="share-step" data-testid="step-receipt">
                <p role="status" id=Step::Receipt.focus_id() tabindex="-1">{t("share.receipt.done")}</p>
                <ResponseReceipt response=r/>
                <p><a href=routes::MY_RESPONSES>{t("share.receipt.all")}</a></p>
            </section>
        })}
    }
    .into_any()
}

fn field_id(field: IdentityField) -> &'static str {
    match field {
        IdentityField::Name => "name",
        IdentityField::Email => "email",
        IdentityField::Phone => "phone",
        IdentityField::Message => "message",
    }
}

/// The files chosen: those that will be shared (capture time and where it was read
/// from, size; a button to leave one out), and those that will not, with the reason.
#[component]
fn FileLists(files: RwSignal<Vec<Examined>>, zone: Zone) -> impl IntoView {
    let zone = StoredValue::new(zone);
    view! {
        {move || {
            let all = files.get();
            let (share, skip): (Vec<_>, Vec<_>) = all.into_iter().partition(|f| f.verdict == FileVerdict::Share);
            view! {
                {(!share.is_empty()).then(|| view! {
                    <h3>{t("share.choose.will_share")}</h3>
                    <ul class="file-list" data-testid="files-shared">
                        {share.into_iter().map(|f| {
                            let (when, source) = f.captured_at.map(|(at, source)| (format_date_time(at, &zone.get_value()), capture_source_text(source))).unwrap_or_default();
                            let name = f.name.clone();
                            let size = f.size;
                            view! {
                                <li>
                                    <strong>{f.name.clone()}</strong>" · "{size_text(f.size)}
                                    <br/>{tf("share.choose.captured", &[("time", &when), ("source", &source)])}
                                    {f.local_time_assumed.then(|| view! { <br/><span class="muted">{t("share.source.exif_local")}</span> })}
                                    " "
                                    <button type="button" class="link-button"
                                        aria-label=tf("share.choose.remove_named", &[("name", &name)])
                                        on:click=move |_| files.update(|all| all.retain(|x| !(x.name == name && x.size == size)))>
                                        {t("share.choose.remove")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!skip.is_empty()).then(|| view! {
                    <h3>{t("share.choose.not_shared")}</h3>
                    <ul class="file-list skipped" data-testid="files-skipped">
                        {skip.into_iter().map(|f| view! {
                            <li><strong>{f.name.clone()}</strong>": "{skip_reason(f.verdict)}</li>
                        }).collect_view()}
                    </ul>
                })}
            }
        }}
    }
}

/// A progress bar per file and one for all of them.
#[component]
fn UploadBars(progress: RwSignal<Vec<(u64, u64)>>, names: Signal<Vec<String>>) -> impl IntoView {
    let percent =
        |done: u64, total: u64| if total == 0 { 0.0 } else { (done as f64 / total as f64 * 100.0).min(100.0) };
    view! {
        <ul class="upload-bars">
            {move || {
                let names = names.get();
                progress.get().into_iter().enumerate().map(|(i, (done, total))| {
                    let name = names.get(i).cloned().unwrap_or_default();
                    let p = percent(done, total);
                    view! {
                        <li data-testid="file-progress">
                            <span>{name.clone()}</span>
                            <progress max="100" value=p aria-label=name></progress>
                            <span>{tf("share.upload.percent", &[("n", &number(p.floor()))])}</span>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
        <p>
            <label>
                {t("share.upload.overall")}" "
                <progress max="100" data-testid="overall-progress" value=move || {
                    let all = progress.get();
                    percent(all.iter().map(|p| p.0).sum(), all.iter().map(|p| p.1).sum())
                }></progress>
            </label>
        </p>
    }
}
