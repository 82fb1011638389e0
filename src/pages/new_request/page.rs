use leptos::prelude::*;
use porchlight_domain::wire::Role;

use super::form::RequestForm;
use crate::components::PageHeading;
use crate::routes;
use crate::session::use_session;

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
