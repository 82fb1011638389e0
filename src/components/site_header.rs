use leptos::prelude::*;
use porchlight_domain::wire::{Me, Role};

use crate::routes;

/// The header: product name, main navigation and who is signed in.
#[component]
pub fn SiteHeader(
    /// The signed-in account, if any.
    #[prop(into)]
    me: Signal<Option<Me>>,
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
                    <li><a href=routes::MAP>"Map"</a></li>
                    <li><a href=routes::AGENCIES>"Agencies"</a></li>
                    {move || me.get().filter(|m| m.role != Role::Resident).map(|_| view! {
                        <li><a href=routes::NEW_REQUEST>"New request"</a></li>
                    })}
                    {move || match me.get() {
                        Some(me) => view! {
                            <li><a href=routes::SETTINGS>"Settings"</a></li>
                            <li class="signed-in">
                                <span class="who">"Signed in as " {me.display_name}</span>
                                <button type="button" class="link-button" on:click=move |_| on_sign_out.run(())>
                                    "Sign out"
                                </button>
                            </li>
                        }.into_any(),
                        None => view! { <li><a href=routes::LOGIN>"Sign in"</a></li> }.into_any(),
                    }}
                </ul>
            </nav>
        </header>
    }
}
