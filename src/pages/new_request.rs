use std::collections::HashSet;

use leaflet::Map;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use porchlight_domain::moderation::{prescreen, Attestation, ConcernField};
use porchlight_domain::wire::{AgencyRef, AttestationsInput, MapView as View, ReviewPolicy, Role};
use porchlight_domain::{format_area, IncidentType};

use crate::api::Posted;
use crate::components::{
    focus_field, AreaByKeyboard, AreaMeter, ConcernList, ConfirmPostDialog, FieldMessages, PageHeading, PostSummary,
    SubmitBlockers, TimeFrameFields,
};
use crate::format::{format_time_frame, Zone};
use crate::map::{DrawArea, MapView, ViewChange};
use crate::request_form::{
    clear_draft, load_draft, local_input_to_utc, now_utc, save_draft, FormCheck, FormState, ServerProblems,
};
use crate::routes::{self, request_href, submission_href};
use crate::session::{use_api, use_config, use_session};

/// How often the form re-reads the clock (the "not in the future" and "not older than
/// 180 days" rules move with it).
const CLOCK_TICK_MS: u64 = 15_000;

/// `/requests/new`: the request form for agency staff; everyone else is told why they
/// cannot post.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let session = use_session();
    let gate = move || {
        let Some(session) = session else {
            return signed_out().into_any();
        };
        if !session.loaded() {
            return view! { <p class="muted">"Checking who is signed in…"</p> }.into_any();
        }
        match session.me() {
            None => signed_out().into_any(),
            Some(me) => match (me.role, me.agency) {
                (Role::AgencyStaff, Some(agency)) => view! { <RequestForm agency/> }.into_any(),
                (role, _) => view! {
                    <div class="notice" data-testid="post-denied">
                        <p>
                            "Only agency staff accounts can post requests. You are signed in as "
                            {me.display_name} " with a " {role_name(role)} " account."
                        </p>
                        <p><a href=routes::MAP>"Back to the map"</a></p>
                    </div>
                }
                .into_any(),
            },
        }
    };
    view! {
        <div class="page new-request-page">
            <PageHeading>"New Request for Assistance"</PageHeading>
            {gate}
        </div>
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Resident => "resident",
        Role::AgencyStaff => "agency staff",
        Role::Moderator => "moderator",
        Role::Admin => "administrator",
    }
}

fn signed_out() -> impl IntoView {
    view! {
        <div class="notice" data-testid="post-denied">
            <p>"Only agency staff can post Requests for Assistance, and you are not signed in."</p>
            <p><a href=routes::LOGIN>"Sign in with your agency account"</a></p>
        </div>
    }
}

/// Where the message of an API field is shown and which element a "before you can
/// post" link focuses.
fn element_for(field: &str) -> &'static str {
    match field {
        "area" => "area-tools",
        "time_frame.start" => "tf-start",
        "time_frame" | "time_frame.end" => "tf-end",
        "incident_type" => "incident-type",
        "case_number" => "case-number",
        "title" => "title",
        "description" => "description",
        "contact" | "contact.email" => "contact-email",
        "contact.phone" => "contact-phone",
        "attestations.active_investigation" => "attest-active-investigation",
        "attestations.no_lawful_activity" => "attest-no-lawful-activity",
        _ => "request-form",
    }
}

/// One signal per input, so that each field re-renders alone.
#[derive(Clone, Copy)]
struct Fields {
    incident_type: RwSignal<String>,
    case_number: RwSignal<String>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    area: RwSignal<Option<Vec<[f64; 2]>>>,
    attestations: RwSignal<AttestationsInput>,
}

impl Fields {
    fn new(state: FormState) -> Fields {
        Fields {
            incident_type: RwSignal::new(state.incident_type),
            case_number: RwSignal::new(state.case_number),
            title: RwSignal::new(state.title),
            description: RwSignal::new(state.description),
            email: RwSignal::new(state.email),
            phone: RwSignal::new(state.phone),
            start: RwSignal::new(state.start),
            end: RwSignal::new(state.end),
            area: RwSignal::new(state.area),
            attestations: RwSignal::new(state.attestations),
        }
    }

    fn snapshot(&self) -> FormState {
        FormState {
            incident_type: self.incident_type.get(),
            case_number: self.case_number.get(),
            title: self.title.get(),
            description: self.description.get(),
            email: self.email.get(),
            phone: self.phone.get(),
            start: self.start.get(),
            end: self.end.get(),
            area: self.area.get(),
            attestations: self.attestations.get(),
        }
    }

    fn reset(&self) {
        for s in [
            self.incident_type,
            self.case_number,
            self.title,
            self.description,
            self.email,
            self.phone,
            self.start,
            self.end,
        ] {
            s.set(String::new());
        }
        self.area.set(None);
        self.attestations.set(AttestationsInput::default());
    }

    /// Whether `field` (an API field name) holds anything yet.
    fn has_value(&self, field: &str) -> bool {
        let filled = |s: RwSignal<String>| s.with(|v| !v.trim().is_empty());
        match field {
            "area" => self.area.with(Option::is_some),
            "time_frame" | "time_frame.start" | "time_frame.end" => filled(self.start) || filled(self.end),
            "incident_type" => filled(self.incident_type),
            "case_number" => filled(self.case_number),
            "title" => filled(self.title),
            "description" => filled(self.description),
            "contact" | "contact.email" | "contact.phone" => filled(self.email) || filled(self.phone),
            // An unticked box is "empty": its message waits until it was used.
            "attestations.active_investigation" => self.attestations.with(|a| a.active_investigation),
            "attestations.no_lawful_activity" => self.attestations.with(|a| a.no_lawful_activity),
            _ => true,
        }
    }
}

/// The form proper, for a staff member of `agency`.
#[component]
fn RequestForm(agency: AgencyRef) -> impl IntoView {
    let api = use_api();
    let config = use_config();
    let navigate = use_navigate();
    let zone = Zone::reader();

    let fields = Fields::new(load_draft().unwrap_or_default());
    let now = RwSignal::new(now_utc());
    if let Ok(tick) =
        set_interval_with_handle(move || now.set(now_utc()), std::time::Duration::from_millis(CLOCK_TICK_MS))
    {
        on_cleanup(move || tick.clear());
    }

    let snapshot = Memo::new(move |_| fields.snapshot());
    Effect::new(move |_| save_draft(&snapshot.get()));
    // The single verdict: the domain's `RequestDraft::validate`, as on the server.
    let check = Memo::new(move |_| FormCheck::run(&snapshot.get().to_input(), now.get()));
    // The pre-screen's warnings, live: shown beside their field, never blocking.
    let concerns = Memo::new(move |_| {
        fields.title.with(|title| fields.description.with(|description| prescreen(title, description)))
    });
    let concerns_in = move |field: ConcernField| {
        Signal::derive(move || {
            concerns.with(|all| all.iter().filter(|c| c.field == field).cloned().collect::<Vec<_>>())
        })
    };
    // Only the wording depends on it: the answer to the post decides where it goes.
    let review = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.aborting_on_cleanup();
            async move { api.review_policy().await }
        }
    });
    let reviewed = move || !matches!(review.get(), Some(Ok(ReviewPolicy::Off)));

    let server = RwSignal::new(ServerProblems::default());
    // Any edit makes the server's last answer stale.
    Effect::new(move |previous: Option<()>| {
        snapshot.track();
        if previous.is_some() {
            server.set(ServerProblems::default());
        }
    });
    let touched = RwSignal::new(HashSet::<&'static str>::new());
    let touch = move |field: &'static str| {
        touched.update(|t| {
            t.insert(field);
        })
    };

    // A field's messages: the domain's once the field has been used, and the server's.
    let messages = move |api_field: &'static str| {
        Signal::derive(move || {
            let mut list = if fields.has_value(api_field) || touched.with(|t| t.contains(api_field)) {
                check.with(|c| c.messages(api_field))
            } else {
                Vec::new()
            };
            list.extend(server.with(|s| s.messages(api_field)));
            list
        })
    };
    let invalid = move |api_field: &'static str| {
        let m = messages(api_field);
        move || (!m.with(Vec::is_empty)).to_string()
    };
    let blockers = Signal::derive(move || {
        check.with(|c| c.errors.iter().map(|e| (element_for(e.field()), e.to_string())).collect::<Vec<_>>())
    });

    // Map, drawing and the keyboard path.
    let map_ref = StoredValue::new_local(None::<Map>);
    let centre = RwSignal::new(None::<(f64, f64)>);
    let fit = RwSignal::new(0u32);

    // Posting.
    let confirming = RwSignal::new(false);
    let post = Action::new_local(move |state: &FormState| {
        let api = api.clone();
        let input = state.to_input();
        async move { api.create_request(&input).await }
    });
    Effect::new(move |_| {
        let Some(result) = post.value().get() else {
            return;
        };
        match result {
            Ok(posted) => {
                clear_draft();
                confirming.set(false);
                let next = match posted {
                    Posted::Submitted(submission) => submission_href(submission.id),
                    Posted::Published(request) => request_href(request.id),
                };
                navigate(&next, Default::default());
            }
            Err(error) => {
                confirming.set(false);
                server.set(ServerProblems::from_error(&error));
                request_animation_frame(|| focus_field("post-problems"));
            }
        }
    });
    let agency_name = agency.name.clone();
    // A memo: the clock tick must not rebuild the open dialog (and its map).
    let summary = Memo::new(move |_| {
        if !confirming.get() {
            return None;
        }
        let state = snapshot.get();
        let input = state.to_input();
        let check = check.get();
        let time_frame = match (local_input_to_utc(&state.start), local_input_to_utc(&state.end)) {
            (Some(s), Some(e)) => format_time_frame(s, e, &Zone::reader()),
            _ => String::new(),
        };
        Some(PostSummary {
            agency: agency_name.clone(),
            title: input.title.trim().to_owned(),
            incident: IncidentType::parse(&input.incident_type).map(|t| t.label().to_owned()).unwrap_or_default(),
            case_number: input.case_number.trim().to_owned(),
            size: check.area_m2.map(format_area).unwrap_or_default(),
            time_frame,
            area: input.area,
            concerns: concerns.get(),
            reviewed: reviewed(),
        })
    });

    let tile_url = move || config.and_then(|c| c.0.get()).and_then(|r| r.ok()).map(|c| (c.tile_url, c.default_view));
    let discard = move |_| {
        let sure = window()
            .confirm_with_message("Discard this draft? What you typed and drew will be removed.")
            .unwrap_or(false);
        if sure {
            clear_draft();
            fields.reset();
            touched.set(HashSet::new());
            server.set(ServerProblems::default());
        }
    };
    let text_input = move |(id, msg_id): (&'static str, &'static str),
                           api_field: &'static str,
                           label: &'static str,
                           signal: RwSignal<String>,
                           kind: &'static str,
                           autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=autocomplete
                    bind:value=signal
                    on:blur=move |_| touch(api_field)
                    aria-invalid=invalid(api_field)
                    aria-describedby=msg_id
                />
                <FieldMessages id=msg_id messages=messages(api_field)/>
            </div>
        }
    };

    view! {
        <p class="posting-as">
            "Posting as " <strong data-testid="posting-as">{agency.name.clone()}</strong>
            ". Every request is public on the agency's profile and can never be edited or deleted."
            {move || reviewed().then_some(
                " Porchlight moderators review each one before it is published."
            )}
        </p>
        <form
            id="request-form"
            class="request-form"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                if check.with_untracked(FormCheck::is_valid) {
                    confirming.set(true);
                }
            }
        >
            <section class="form-section area-section" aria-labelledby="area-heading">
                <h2 id="area-heading">"1. The area"</h2>
                <div id="area-tools" tabindex="-1">
                    <DrawArea map_ref ready=Signal::derive(move || centre.get().is_some()) ring=fields.area fit/>
                </div>
                {move || tile_url().map(|(tiles, view)| {
                    let initial = fields.area.with_untracked(|a| a.as_ref().and_then(|r| r.first().copied()))
                        .map(|p| View { lat: p[1], lng: p[0], zoom: 15.0 })
                        .unwrap_or(view);
                    view! {
                        <MapView
                            initial
                            tile_url=tiles
                            areas=Signal::stored(Vec::new())
                            map_ref
                            label="Map for drawing the area"
                            class="form-map"
                            on_view_change=Callback::new(move |v: ViewChange| centre.set(Some((v.view.lat, v.view.lng))))
                        />
                    }
                })}
                <AreaMeter
                    area_m2=Signal::derive(move || check.with(|c| c.area_m2))
                    out_of_limits=Signal::derive(move || check.with(FormCheck::area_out_of_limits))
                />
                <FieldMessages id="area-msg" messages=messages("area")/>
                <details class="keyboard-area">
                    <summary>"Enter the area without the map"</summary>
                    <AreaByKeyboard
                        map_centre=centre
                        on_area=Callback::new(move |ring| {
                            fields.area.set(Some(ring));
                            fit.update(|n| *n += 1);
                        })
                    />
                </details>
            </section>

            <section class="form-section" aria-labelledby="time-heading">
                <h2 id="time-heading">"2. When"</h2>
                <TimeFrameFields
                    start=fields.start
                    end=fields.end
                    zone_name=zone.time_zone_name()
                    duration_s=Signal::derive(move || check.with(|c| c.duration_s))
                    start_messages=messages("time_frame.start")
                    end_messages=messages("time_frame.end")
                    frame_messages=messages("time_frame")
                />
            </section>

            <section class="form-section" aria-labelledby="details-heading">
                <h2 id="details-heading">"3. The request"</h2>
                <div class="field">
                    <label for="incident-type">"Incident type"</label>
                    <select
                        id="incident-type"
                        on:change=move |ev| fields.incident_type.set(event_target_value(&ev))
                        on:blur=move |_| touch("incident_type")
                        aria-invalid=invalid("incident_type")
                        aria-describedby="incident-type-msg"
                    >
                        <option value="" selected=move || fields.incident_type.with(String::is_empty)>"Choose…"</option>
                        {IncidentType::ALL.iter().map(|t| {
                            let code = t.as_str();
                            view! {
                                <option value=code selected=move || fields.incident_type.with(|v| v == code)>{t.label()}</option>
                            }
                        }).collect_view()}
                    </select>
                    <FieldMessages id="incident-type-msg" messages=messages("incident_type")/>
                </div>
                {text_input(("case-number", "case-number-msg"), "case_number", "Case number", fields.case_number, "text", "off")}
                <div class="field">
                    <label for="title">"Title"</label>
                    <input
                        id="title"
                        type="text"
                        autocomplete="off"
                        bind:value=fields.title
                        on:blur=move |_| touch("title")
                        aria-invalid=invalid("title")
                        aria-describedby="title-msg title-concerns"
                    />
                    <FieldMessages id="title-msg" messages=messages("title")/>
                    <ConcernList id="title-concerns" concerns=concerns_in(ConcernField::Title)/>
                </div>
                <div class="field">
                    <label for="description">"Description"</label>
                    <textarea
                        id="description"
                        rows="5"
                        bind:value=fields.description
                        on:blur=move |_| touch("description")
                        aria-invalid=invalid("description")
                        aria-describedby="description-msg description-concerns"
                    ></textarea>
                    <FieldMessages id="description-msg" messages=messages("description")/>
                    <ConcernList id="description-concerns" concerns=concerns_in(ConcernField::Description)/>
                </div>
                <fieldset class="contact" aria-describedby="contact-msg">
                    <legend>"How residents respond (email, phone or both)"</legend>
                    {text_input(("contact-email", "contact-email-msg"), "contact.email", "Email", fields.email, "email", "email")}
                    {text_input(("contact-phone", "contact-phone-msg"), "contact.phone", "Phone", fields.phone, "tel", "tel")}
                    <FieldMessages id="contact-msg" messages=messages("contact")/>
                </fieldset>
            </section>

            <section class="form-section" aria-labelledby="confirm-heading">
                <h2 id="confirm-heading">"4. Confirm"</h2>
                <p class="fine-print">"Both statements are required. Porchlight moderators hold every request to them."</p>
                {Attestation::ALL.into_iter().map(|which| {
                    let id = element_for(which.field());
                    let msg_id = match which {
                        Attestation::ActiveInvestigation => "attest-active-investigation-msg",
                        Attestation::NoLawfulActivity => "attest-no-lawful-activity-msg",
                    };
                    let set = move |on: bool| fields.attestations.update(|a| match which {
                        Attestation::ActiveInvestigation => a.active_investigation = on,
                        Attestation::NoLawfulActivity => a.no_lawful_activity = on,
                    });
                    view! {
                        <div class="field attestation">
                            <div class="check-row">
                                <input
                                    type="checkbox"
                                    id=id
                                    required=true
                                    prop:checked=move || fields.attestations.with(|a| which.is_confirmed(a))
                                    on:change=move |ev| {
                                        set(event_target_checked(&ev));
                                        touch(which.field());
                                    }
                                    on:blur=move |_| touch(which.field())
                                    aria-invalid=invalid(which.field())
                                    aria-describedby=msg_id
                                />
                                <label for=id>{which.text()}</label>
                            </div>
                            <FieldMessages id=msg_id messages=messages(which.field())/>
                        </div>
                    }
                }).collect_view()}
            </section>

            <div id="post-problems" class="post-problems" tabindex="-1" role="alert" data-testid="post-problems">
                <For each=move || server.with(|s| s.general.clone()) key=|m| m.clone() let:message>
                    <p class="field-error">{message}</p>
                </For>
                <Show when=move || server.with(|s| s.signed_out)>
                    <p><a href=routes::LOGIN>"Sign in again"</a></p>
                </Show>
                <Show when=move || server.with(|s| !s.by_field.is_empty())>
                    <p class="field-error">"The server refused the request; see the messages next to the fields."</p>
                </Show>
            </div>
            <SubmitBlockers blockers/>
            <div class="form-actions">
                <button
                    type="submit"
                    id="review-post"
                    class="button"
                    data-testid="review-post"
                    disabled=move || !check.with(FormCheck::is_valid) || post.pending().get()
                    aria-describedby="submit-blockers"
                >
                    "Review and post…"
                </button>
                <button type="button" class="button secondary" data-testid="discard-draft" on:click=discard>
                    "Discard draft"
                </button>
            </div>
        </form>
        {move || {
            let tiles = tile_url().and_then(|(t, _)| t);
            view! {
                <ConfirmPostDialog
                    summary
                    pending=post.pending()
                    tile_url=tiles
                    on_confirm=Callback::new(move |_| {
                        post.dispatch(snapshot.get_untracked());
                    })
                    on_cancel=Callback::new(move |_| {
                        confirming.set(false);
                        request_animation_frame(|| focus_field("review-post"));
                    })
                />
            }
        }}
    }
}
