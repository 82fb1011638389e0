use leptos::prelude::*;
use porchlight_domain::{format_duration, MAX_TIME_FRAME, MIN_TIME_FRAME};
use time::Duration;

use crate::components::FieldMessages;
use crate::i18n::{t, tf};
use crate::request_form::{local_input_to_utc, utc_to_local_input};

/// Durations offered for "start + duration", in minutes.
const DURATIONS_MIN: [i64; 9] = [15, 30, 60, 120, 180, 240, 360, 480, 720];

/// The footage window: start and end in the user's local time (zone named), or start
/// plus a duration; the duration readout and the domain's messages next to each part.
#[component]
pub fn TimeFrameFields(
    /// `datetime-local` value of the start.
    start: RwSignal<String>,
    /// `datetime-local` value of the end.
    end: RwSignal<String>,
    /// IANA name of the user's time zone, e.g. `America/Los_Angeles`.
    #[prop(into)]
    zone_name: String,
    /// End minus start in seconds, when both can be read.
    #[prop(into)]
    duration_s: Signal<Option<i64>>,
    /// Messages about the start (`time_frame.start`).
    #[prop(into)]
    start_messages: Signal<Vec<String>>,
    /// Messages about the end (`time_frame.end`).
    #[prop(into)]
    end_messages: Signal<Vec<String>>,
    /// Messages about the length (`time_frame`).
    #[prop(into)]
    frame_messages: Signal<Vec<String>>,
) -> impl IntoView {
    let set_duration = move |minutes: i64| {
        if let Some(s) = local_input_to_utc(&start.get_untracked()) {
            end.set(utc_to_local_input(s + Duration::minutes(minutes)));
        }
    };
    let any_frame = move || frame_messages.with(|m| !m.is_empty());
    view! {
        <fieldset class="time-frame" aria-describedby="tf-zone tf-duration tf-frame-msg">
            <legend>{t("form.time.legend")}</legend>
            <p id="tf-zone" class="muted">
                {zone_sentence(zone_name)}
            </p>
            <div class="time-frame-row">
                <div class="field">
                    <label for="tf-start">{t("form.time.start")}</label>
                    <input
                        id="tf-start"
                        type="datetime-local"
                        step="1"
                        bind:value=start
                        aria-invalid=move || (start_messages.with(|m| !m.is_empty()) || any_frame()).to_string()
                        aria-describedby="tf-start-msg tf-zone"
                    />
                    <FieldMessages id="tf-start-msg" messages=start_messages/>
                </div>
                <div class="field">
                    <label for="tf-end">{t("form.time.end")}</label>
                    <input
                        id="tf-end"
                        type="datetime-local"
                        step="1"
                        bind:value=end
                        aria-invalid=move || (end_messages.with(|m| !m.is_empty()) || any_frame()).to_string()
                        aria-describedby="tf-end-msg tf-frame-msg tf-zone"
                    />
                    <FieldMessages id="tf-end-msg" messages=end_messages/>
                </div>
                <div class="field">
                    <label for="tf-duration-pick">{t("form.time.pick")}</label>
                    <select
                        id="tf-duration-pick"
                        on:change=move |ev| {
                            if let Ok(minutes) = event_target_value(&ev).parse::<i64>() {
                                set_duration(minutes);
                            }
                        }
                    >
                        <option value="">{t("form.time.pick_placeholder")}</option>
                        {DURATIONS_MIN
                            .iter()
                            .map(|m| view! { <option value=m.to_string()>{format_duration(m * 60)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <p id="tf-duration" data-testid="tf-duration">
                {move || {
                    tf(
                        "form.time.duration",
                        &[
                            ("duration", &duration_s.get().map(format_duration).unwrap_or_else(|| "—".to_owned())),
                            ("min", &format_duration(MIN_TIME_FRAME.whole_seconds())),
                            ("max", &format_duration(MAX_TIME_FRAME.whole_seconds())),
                        ],
                    )
                }}
            </p>
            <FieldMessages id="tf-frame-msg" messages=frame_messages/>
        </fieldset>
    }
}

/// "Times are in your time zone, <strong>America/Los_Angeles</strong>.", the zone in
/// bold wherever the language puts it.
fn zone_sentence(zone_name: String) -> impl IntoView {
    let text = tf("form.time.zone", &[("zone", "\u{1}")]);
    let (before, after) =
        text.split_once('\u{1}').map(|(b, a)| (b.to_owned(), a.to_owned())).unwrap_or((text, String::new()));
    view! { {before} <strong data-testid="tf-zone">{zone_name}</strong> {after} }
}
