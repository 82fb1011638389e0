use leptos::prelude::*;
use porchlight_domain::wire::Role;

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
            return view! { <p class="muted" role="status">"Checking who is signed in…"</p> }.into_any();
        }
        match session.me() {
            None => signed_out().into_any(),
            Some(me) if me.role == Role::Moderator => page(),
            Some(me) => view! {
                <div class="notice" data-testid="moderators-only">
                    <p>
                        "Only Porchlight moderators review submissions and reports. You are signed in as "
                        {me.display_name}
                        "."
                    </p>
                    <p>
                        "Every decision moderators make is public: "
                        <a href=routes::MODERATION_LOG>"see the moderation log"</a>
                        "."
                    </p>
                </div>
            }
            .into_any(),
        }
    }
}

fn signed_out() -> impl IntoView {
    view! {
        <div class="notice" data-testid="moderators-only">
            <p>"Only Porchlight moderators review submissions and reports, and you are not signed in."</p>
            <p><a href=routes::LOGIN>"Sign in with your moderator account"</a></p>
        </div>
    }
}
