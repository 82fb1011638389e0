use leptos::html::Button;
use leptos::prelude::*;

use crate::i18n::{t, tf, tn};

/// What to tell someone whose `sessions_ended` sessions were just ended, this browser's
/// included: "You are signed out everywhere: 3 sessions ended, this browser's included."
pub fn signed_out_everywhere_message(sessions_ended: u64) -> String {
    if sessions_ended <= 1 {
        t("settings.sessions.only_this")
    } else {
        tn("settings.sessions.ended", sessions_ended as f64, &[])
    }
}

/// The settings' "Sign out everywhere": a button that first asks (focus moves to the
/// question's Cancel, the safe answer), then calls `on_confirm`.
#[component]
pub fn SignOutEverywhere(
    /// True while the sign-out is on its way (the confirm button is disabled).
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the last attempt failed, if it did.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The user confirmed.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let opener = NodeRef::<Button>::new();
    let cancel = NodeRef::<Button>::new();
    let focus = move |target: NodeRef<Button>| {
        request_animation_frame(move || {
            if let Some(button) = target.get_untracked() {
                let _ = button.focus();
            }
        })
    };
    view! {
        <section class="setting" aria-labelledby="sessions-heading" data-testid="sessions">
            <h2 id="sessions-heading">{t("settings.sessions.heading")}</h2>
            <p class="muted">{t("settings.sessions.intro")}</p>
            // Rendered or not (rather than `hidden`, which a stylesheet's `display` can
            // undo): the question replaces the button.
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button
                            class="button secondary"
                            type="button"
                            data-testid="sign-out-everywhere"
                            node_ref=opener
                            on:click=move |_| {
                                confirming.set(true);
                                focus(cancel);
                            }
                        >
                            {t("settings.sessions.open")}
                        </button>
                    }
                }
            >
                <div
                    class="confirm-inline"
                    role="group"
                    aria-labelledby="sign-out-everywhere-question"
                    data-testid="sign-out-everywhere-question"
                >
                    <p id="sign-out-everywhere-question">
                        <strong>{t("settings.sessions.question")}</strong>
                        " "{t("settings.sessions.password_needed")}
                    </p>
                    <div class="dialog-actions">
                        <button
                            class="button danger"
                            type="button"
                            data-testid="sign-out-everywhere-confirm"
                            disabled=move || pending.get()
                            on:click=move |_| on_confirm.run(())
                        >
                            {t("settings.sessions.confirm")}
                        </button>
                        <button
                            class="button secondary"
                            type="button"
                            data-testid="sign-out-everywhere-cancel"
                            node_ref=cancel
                            disabled=move || pending.get()
                            on:click=move |_| {
                                confirming.set(false);
                                focus(opener);
                            }
                        >
                            {t("settings.cancel")}
                        </button>
                    </div>
                </div>
            </Show>
            <p role="status" class="save-status">
                {move || if pending.get() { t("settings.sessions.pending") } else { String::new() }}
            </p>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p role="alert" class="error-notice" data-testid="sign-out-everywhere-error">
                                {tf("settings.sessions.failed", &[("error", &e)])}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
