use leptos::prelude::*;
use porchlight_domain::alert::{AlertArea, AlertError, ValidSubscription, MAX_ALERT_AREA_SQ_MI};
use porchlight_domain::wire::{AgencySummary, AlertSubscriptionInput, ErrorDetail, GeoJsonPolygon};
use porchlight_domain::IncidentType;

use crate::address::use_address;
use crate::api::{problem_text, ApiError};
use crate::components::{focus_field, incident_label, AreaDrawing, ErrorNotice, FieldMessages, PageHeading};
use crate::format::area_text;
use crate::i18n::{current_lang, number, page_title, t, tf};
use crate::request_form::draft_error_text;
use crate::routes;
use crate::session::{use_api, use_config};

/// What a subscription watches: an area drawn on the map, or an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watch {
    Area,
    Agency,
}

/// The query's `agency=slug`, from an agency profile's link.
fn asked_agency(search: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(search).ok()?.get("agency").filter(|s| !s.is_empty())
}

/// An alert rule's message in the reader's language: the ring rules as the request form
/// words them, the alert's own rules by their code.
fn alert_error_text(error: &AlertError) -> String {
    match error {
        AlertError::Area(e) | AlertError::Email(e) | AlertError::IncidentType(e) | AlertError::Language(e) => {
            draft_error_text(e)
        }
        other => problem_text(&ErrorDetail::from(other)),
    }
}

/// The area's size as the domain measures it (also when it is too large).
fn measured_m2(errors: &[AlertError], area: Option<&AlertArea>) -> Option<f64> {
    area.map(AlertArea::area_m2).or_else(|| {
        errors.iter().find_map(|e| match e {
            AlertError::AreaTooLarge { area_m2 } => Some(*area_m2),
            _ => None,
        })
    })
}

/// `/alerts/new`: subscribe an email address to an area drawn with the request form's
/// tool, or to an agency (`?agency=slug` picks it), optionally only some incident types.
/// The domain's rules are checked as the reader types and draws; the emails are in the
/// reader's language. The server always answers 202, so the page then says to check
/// the inbox, never whether the address was subscribed.
#[component]
pub fn AlertSubscribePage() -> impl IntoView {
    page_title("alerts.new.title");
    let api = use_api();
    let config = use_config();
    let asked = asked_agency(&use_address().search().get_untracked());
    let watch = RwSignal::new(if asked.is_some() { Watch::Agency } else { Watch::Area });
    let email = RwSignal::new(String::new());
    let ring = RwSignal::new(None::<Vec<[f64; 2]>>);
    let agency = RwSignal::new(asked.unwrap_or_default());
    let types = RwSignal::new(Vec::<IncidentType>::new());
    let tried = RwSignal::new(false);
    let agencies = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.aborting_on_cleanup();
            async move { api.agencies().await }
        }
    });
    let tiles = Signal::derive(move || {
        config.and_then(|c| c.0.get()).and_then(|r| r.ok()).map(|c| (c.tile_url, c.default_view))
    });

    let input = Memo::new(move |_| {
        let area = match watch.get() {
            Watch::Area => ring.get().map(|mut r| {
                if let Some(first) = r.first().copied() {
                    r.push(first);
                }
                GeoJsonPolygon { coordinates: vec![r] }
            }),
            Watch::Agency => None,
        };
        AlertSubscriptionInput {
            email: email.get(),
            area,
            agency: (watch.get() == Watch::Agency).then(|| agency.get()).filter(|s| !s.is_empty()),
            incident_types: types.get().iter().map(|t| t.as_str().to_owned()).collect(),
            language: Some(current_lang().code().to_owned()),
        }
    });
    let problems = Memo::new(move |_| ValidSubscription::validate(&input.get()).err().unwrap_or_default());
    let area_check = Memo::new(move |_| {
        let polygon = input.with(|i| i.area.clone())?;
        Some(match AlertArea::from_geojson(&polygon) {
            Ok(area) => (Some(area.area_m2()), Vec::new()),
            Err(errors) => (measured_m2(&errors, None), errors),
        })
    });

    let send = Action::new_local(move |input: &AlertSubscriptionInput| {
        let api = api.clone();
        let input = input.clone();
        async move { api.subscribe_alerts(&input).await }
    });
    let server_problems = Signal::derive(move || match send.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    // The rules' messages for one field: live for the area (drawn: the reader sees it
    // at once), after a first try for the rest; then the server's.
    let messages = move |field: &'static str| {
        Signal::derive(move || {
            let live = field == "area" && watch.get() == Watch::Area && ring.with(Option::is_some);
            let mut shown: Vec<String> = if tried.get() || live {
                problems.with(|p| p.iter().filter(|e| e.field() == field).map(alert_error_text).collect())
            } else {
                Vec::new()
            };
            if let Some(e) = server_problems.get() {
                shown.extend(e.details().iter().filter(|d| d.field.as_deref() == Some(field)).map(problem_text));
            }
            shown.dedup();
            shown
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let first = problems.with_untracked(|p| p.first().map(|e| e.field()));
        match first {
            None => {
                send.dispatch(input.get_untracked());
            }
            Some("email") => focus_field("alert-email"),
            Some("agency") => focus_field("alert-agency"),
            Some("incident_types") => focus_field("alert-types"),
            Some(_) => focus_field(if watch.get_untracked() == Watch::Area { "area-tools" } else { "alert-agency" }),
        }
    };
    let sent = move || matches!(send.value().get(), Some(Ok(())));

    let form = move || {
        view! {
            <p class="page-intro">{t("alerts.new.intro")}</p>
            <form id="alert-form" class="request-form alert-form" novalidate=true on:submit=submit>
                <section class="form-section" aria-labelledby="alert-email-heading">
                    <h2 id="alert-email-heading">{t("alerts.new.email_heading")}</h2>
                    <label for="alert-email">{t("alerts.new.email")}</label>
                    <input
                        id="alert-email"
                        type="email"
                        autocomplete="email"
                        required=true
                        aria-describedby="alert-email-msg"
                        aria-invalid=move || (!messages("email").get().is_empty()).to_string()
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <FieldMessages id="alert-email-msg" messages=messages("email")/>
                </section>
                <section class="form-section" aria-labelledby="alert-watch-heading">
                    <h2 id="alert-watch-heading">{t("alerts.new.watch_heading")}</h2>
                    <fieldset class="choice-group">
                        <legend class="visually-hidden">{t("alerts.new.watch_heading")}</legend>
                        <label>
                            <input
                                type="radio"
                                name="alert-watch"
                                id="alert-watch-area"
                                prop:checked=move || watch.get() == Watch::Area
                                on:change=move |_| watch.set(Watch::Area)
                            />
                            {t("alerts.new.watch_area")}
                        </label>
                        <label>
                            <input
                                type="radio"
                                name="alert-watch"
                                id="alert-watch-agency"
                                prop:checked=move || watch.get() == Watch::Agency
                                on:change=move |_| watch.set(Watch::Agency)
                            />
                            {t("alerts.new.watch_agency")}
                        </label>
                    </fieldset>
                    <div class="area-section" hidden=move || watch.get() != Watch::Area>
                        <p class="muted">{tf("alerts.new.area_hint", &[("max", &number(MAX_ALERT_AREA_SQ_MI))])}</p>
                        <AreaDrawing ring tiles>
                            <p id="alert-area-size" class="area-readout" aria-live="polite" data-testid="alert-area-size">
                                {move || match area_check.get() {
                                    Some((Some(m2), _)) => tf("alerts.new.area_size", &[("area", &area_text(m2))]),
                                    _ => t("alerts.new.area_none"),
                                }}
                            </p>
                            <FieldMessages id="area-msg" messages=messages("area")/>
                        </AreaDrawing>
                    </div>
                    <div class="agency-choice" hidden=move || watch.get() != Watch::Agency>
                        <label for="alert-agency">{t("alerts.new.agency")}</label>
                        <AgencySelect agency agencies=Signal::derive(move || agencies.get())/>
                        <FieldMessages id="alert-agency-msg" messages=messages("agency")/>
                    </div>
                </section>
                <section class="form-section" aria-labelledby="alert-types-heading">
                    <h2 id="alert-types-heading">{t("alerts.new.types_heading")}</h2>
                    <fieldset id="alert-types" class="choice-group incident-types" tabindex="-1" aria-describedby="alert-types-msg">
                        <legend>{t("alerts.new.types_legend")}</legend>
                        {IncidentType::ALL.into_iter().map(|kind| {
                            let id = format!("alert-type-{}", kind.as_str());
                            let label_for = id.clone();
                            view! {
                                <label for=label_for>
                                    <input
                                        type="checkbox"
                                        id=id
                                        value=kind.as_str()
                                        prop:checked=move || types.with(|t| t.contains(&kind))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            types.update(|t| {
                                                t.retain(|k| *k != kind);
                                                if on {
                                                    t.push(kind);
                                                }
                                            });
                                        }
                                    />
                                    {incident_label(kind.as_str())}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <FieldMessages id="alert-types-msg" messages=messages("incident_types")/>
                </section>
                {move || server_problems.get().filter(|e| e.details().iter().all(|d| d.field.is_none())).map(|e| view! {
                    <ErrorNotice error=e/>
                })}
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || send.pending().get()>
                        {move || if send.pending().get() { t("alerts.new.sending") } else { t("alerts.new.submit") }}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <div class="page alert-page">
            <PageHeading>{t("alerts.new.heading")}</PageHeading>
            {move || if sent() {
                view! { <CheckYourEmail email=email.get_untracked()/> }.into_any()
            } else {
                form().into_any()
            }}
        </div>
    }
}

/// The agency list, loading and failing as reads do; `agency` holds the chosen slug.
#[component]
fn AgencySelect(
    /// The chosen agency's slug (empty: none).
    agency: RwSignal<String>,
    /// The directory, once loaded.
    #[prop(into)]
    agencies: Signal<Option<Result<Vec<AgencySummary>, ApiError>>>,
) -> impl IntoView {
    move || match agencies.get() {
        None => view! {
            <select id="alert-agency" disabled=true aria-busy="true">
                <option>{t("alerts.new.agency_loading")}</option>
            </select>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <select id="alert-agency" disabled=true></select>
            <ErrorNotice error=e/>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <select id="alert-agency" disabled=true></select>
            <p class="muted">{t("alerts.new.agency_none")}</p>
        }
        .into_any(),
        Some(Ok(list)) => view! {
            <select
                id="alert-agency"
                aria-describedby="alert-agency-msg"
                prop:value=move || agency.get()
                on:change=move |ev| agency.set(event_target_value(&ev))
            >
                <option value="" selected=move || agency.with(String::is_empty)>{t("alerts.new.agency_pick")}</option>
                {list.into_iter().map(|a| {
                    let slug = a.slug.clone();
                    view! {
                        <option value=a.slug.clone() selected=move || agency.with(|s| *s == slug)>{a.name}</option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any(),
    }
}

/// What the page says once the server took the subscription: the same whatever the
/// address's state, as the API's answer is.
#[component]
fn CheckYourEmail(
    /// The address typed.
    email: String,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="notice alert-sent" role="status" tabindex="-1" node_ref=node data-testid="alert-sent">
            <h2>{t("alerts.new.sent_heading")}</h2>
            <p>{tf("alerts.new.sent", &[("email", email.trim())])}</p>
            <p>{t("alerts.new.sent_spam")}</p>
            <p><a href=routes::MAP>{t("alerts.new.back_to_map")}</a></p>
        </div>
    }
}
