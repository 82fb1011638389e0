use leptos::prelude::*;
use porchlight_domain::wire::Role;

use super::form::RequestForm;
use crate::components::PageHeading;
use crate::i18n::{page_title, t, tf};
use crate::routes;
use crate::session::use_session;

/// `/requests/new`: the request form for agency staff; everyone else is told why they
/// cannot post.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    page_title("form.heading");
    let session = use_session();
    let gate = move || {
        let Some(session) = session else {
            return signed_out().into_any();
        };
        if !session.loaded() {
            return view! { <p class="muted">{t("form.checking_session")}</p> }.into_any();
        }
        match session.me() {
            None => signed_out().into_any(),
            Some(me) => match (me.role, me.agency) {
                (Role::AgencyStaff, Some(agency)) => view! { <RequestForm agency/> }.into_any(),
                (role, _) => view! {
                    <div class="notice" data-testid="post-denied">
                        <p>
                            {tf("form.denied.role", &[("name", &me.display_name), ("role", &t(role_key(role)))])}
                        </p>
                        <p><a href=routes::MAP>{t("form.denied.back_to_map")}</a></p>
                    </div>
                }
                .into_any(),
            },
        }
    };
    view! {
        <div class="page new-request-page">
            <PageHeading>{t("form.heading")}</PageHeading>
            {gate}
        </div>
    }
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Resident => "form.denied.role_resident",
        Role::AgencyStaff => "form.denied.role_agency_staff",
        Role::Moderator => "form.denied.role_moderator",
        Role::Admin => "form.denied.role_admin",
    }
}

fn signed_out() -> impl IntoView {
    view! {
        <div class="notice" data-testid="post-denied">
            <p>{t("form.denied.signed_out")}</p>
            <p><a href=routes::LOGIN>{t("form.denied.sign_in")}</a></p>
        </div>
    }
}
