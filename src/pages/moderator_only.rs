use leptos::prelude::*;
use porchlight_domain::wire::Role;

use crate::components::text_around;
use crate::i18n::{t, tf};
use crate::routes;
use crate::session::use_session;

/// Shows `page` to moderators; everyone else is told why they cannot see it (the
/// server refuses them too).
pub fn moderator_only(page: fn() -> AnyView) -> impl IntoView {
    let session = use_session();
    move || {
        let Some(session) = session else {
            return signed_out().into_any();
        };
        if !session.loaded() {
            return view! { <p class="muted" role="status">{t("form.checking_session")}</p> }.into_any();
        }
        match session.me() {
            None => signed_out().into_any(),
            Some(me) if me.role == Role::Moderator => page(),
            Some(me) => {
                let (before, after) = text_around("moderation.only.public", "link", &[]);
                view! {
                    <div class="notice" data-testid="moderators-only">
                        <p>{tf("moderation.only.signed_in", &[("name", &me.display_name)])}</p>
                        <p>{before} <a href=routes::MODERATION_LOG>{t("moderation.only.log_link")}</a> {after}</p>
                    </div>
                }
                .into_any()
            }
        }
    }
}

fn signed_out() -> impl IntoView {
    view! {
        <div class="notice" data-testid="moderators-only">
            <p>{t("moderation.only.signed_out")}</p>
            <p><a href=routes::LOGIN>{t("moderation.only.sign_in")}</a></p>
        </div>
    }
}
