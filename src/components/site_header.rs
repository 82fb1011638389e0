use leptos::prelude::*;
use leptos_router::components::A;
use porchlight_domain::wire::{Me, Role};

use crate::routes;

/// The header: product name, main navigation and who is signed in. Must sit inside
/// the `<Router>` (its links mark the current page with `aria-current`).
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
    view! {
        <header class="site-header">
            <a class="brand" href=routes::MAP>
                <span class="brand-mark" aria-hidden="true"></span>
                "Porchlight"
            </a>
            <nav aria-label="Main" class="main-nav">
                <ul>
                    <li><A href=routes::MAP exact=true>"Map"</A></li>
                    <li><A href=routes::AGENCIES>"Agencies"</A></li>
                    {move || me.get().filter(|m| m.role != Role::Resident).map(|_| view! {
                        <li><A href=routes::NEW_REQUEST>"New request"</A></li>
                    })}
                    {move || match me.get() {
                        Some(me) => view! {
                            <li><A href=routes::SETTINGS>"Settings"</A></li>
                            <li class="signed-in">
                                <span class="who">"Signed in as " {me.display_name}</span>
                                <button type="button" class="link-button" on:click=move |_| on_sign_out.run(())>
                                    "Sign out"
                                </button>
                            </li>
                        }.into_any(),
                        None if loading.get() => ().into_any(),
                        None => view! { <li><A href=routes::LOGIN>"Sign in"</A></li> }.into_any(),
                    }}
                </ul>
            </nav>
        </header>
    }
}
