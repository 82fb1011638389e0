use leptos::prelude::*;
use porchlight_domain::wire::{Me, Role};

use crate::address::use_address;
use crate::routes;

/// The header: product name, main navigation and who is signed in. Its links mark the
/// current page with `aria-current` (from the [`Address`](crate::address::Address)).
#[component]
pub fn SiteHeader(
    /// The signed-in account, if any.
    #[prop(into)]
    me: Signal<Option<Me>>,
    /// True until the session is known (then neither "Sign in" nor a name is shown,
    /// so the header does not flash "Sign in" for a signed-in resident).
    #[prop(optional, into)]
    loading: Signal<bool>,
    /// Signs out.
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let address = use_address();
    // A plain link (the router, where there is one, still handles its clicks).
    let nav_link = move |href: &'static str, exact: bool, label: &'static str| {
        view! {
            <a href=href aria-current=move || address.is_current(href, exact).then_some("page")>{label}</a>
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href=routes::MAP>
                <span class="brand-mark" aria-hidden="true"></span>
                "Porchlight"
            </a>
            <nav aria-label="Main" class="main-nav">
                <ul>
                    <li>{nav_link(routes::MAP, true, "Map")}</li>
                    <li>{nav_link(routes::AGENCIES, false, "Agencies")}</li>
                    <li>{nav_link(routes::MODERATION_LOG, true, "Moderation")}</li>
                    {move || me.get().map(|m| m.role).and_then(|role| match role {
                        Role::Resident => None,
                        Role::Moderator => Some(view! {
                            <li>{nav_link(routes::MODERATION_QUEUE, false, "Review queue")}</li>
                        }),
                        Role::AgencyStaff | Role::Admin => Some(view! {
                            <li>{nav_link(routes::NEW_REQUEST, false, "New request")}</li>
                        }),
                    })}
                    {move || match me.get() {
                        Some(me) => view! {
                            <li>{nav_link(routes::SETTINGS, false, "Settings")}</li>
                            <li class="signed-in">
                                <span class="who">"Signed in as " {me.display_name}</span>
                                <button type="button" class="link-button" on:click=move |_| on_sign_out.run(())>
                                    "Sign out"
                                </button>
                            </li>
                        }.into_any(),
                        None if loading.get() => ().into_any(),
                        None => view! { <li>{nav_link(routes::LOGIN, false, "Sign in")}</li> }.into_any(),
                    }}
                </ul>
            </nav>
        </header>
    }
}
